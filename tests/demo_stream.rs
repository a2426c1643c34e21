//! `events/demo.jsonl`, the demo community that `jardins demo` loads, is exactly what
//! `jardins_generate::demo()` gives: the shipped file and the story never drift apart.
//! Regenerate it with `cargo run -p jardins-generate --example write-demo`.

use std::path::Path;

const REGENERATE: &str = "regenerate it with: cargo run -p jardins-generate --example write-demo";

fn shipped() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("events/demo.jsonl");
    std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}; {REGENERATE}", path.display()))
}

#[test]
fn given_the_demo_story_when_serialised_then_it_is_exactly_the_shipped_demo_file() {
    let expected: Vec<String> = jardins_generate::demo()
        .iter()
        .map(jardins_store::json::event_line)
        .collect();
    let text = shipped();
    assert!(
        text.ends_with('\n'),
        "the file ends with a newline; {REGENERATE}"
    );
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines.len(),
        expected.len(),
        "events/demo.jsonl has {} lines, the demo {} events; {REGENERATE}",
        lines.len(),
        expected.len()
    );
    for (index, (line, wanted)) in lines.iter().zip(&expected).enumerate() {
        assert_eq!(
            line,
            wanted,
            "line {} of events/demo.jsonl differs from the demo; {REGENERATE}",
            index + 1
        );
    }
}

#[test]
fn given_the_shipped_demo_file_when_read_back_then_it_gives_the_demo_events() {
    let demo = jardins_generate::demo();
    let text = shipped();
    let read: Vec<jardins_ledger::Event> = text
        .lines()
        .map(|line| {
            let value: serde_json::Value = serde_json::from_str(line).expect("a JSON line");
            jardins_store::json::event_from_json(&value["event"])
                .unwrap_or_else(|problem| panic!("{problem}: {line}"))
        })
        .collect();
    assert!(
        read == demo,
        "reading events/demo.jsonl back does not give the demo events"
    );
}
