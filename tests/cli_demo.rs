//! The demo, the synthetic community round trip, exports, completions and the manual, with the
//! real binary.

mod cli_support;

use std::io::Write;
use std::process::{Command as Process, Stdio};

use assert_cmd::cargo::CommandCargoExt;
use cli_support::TempLedger;

#[test]
fn demo_on_a_fresh_path_keeps_an_explorable_ledger() {
    // Given a path that holds nothing, when the demo runs there.
    let ledger = TempLedger::empty();
    let shown = ledger.ok(&["demo"]);
    // Then it shows a garden's balance, the big garden's and the audit, and what to try next.
    for part in [
        "The balance of garden:",
        "The balance of the big garden",
        "The audit of the flows to the big garden",
        "Try next",
        "EUR",
    ] {
        assert!(shown.contains(part), "the demo shows {part:?}:\n{shown}");
    }
    // And the ledger is kept there, whole: verify passes and its gardens are in the log.
    assert!(ledger.path.exists());
    let verified = ledger.ok(&["verify"]);
    assert!(verified.starts_with("verified "), "{verified}");
    let log = ledger.json(&["log"]);
    let events = log["events"].as_array().unwrap();
    assert!(
        events.len() > 50,
        "a year of a few gardens: {} events",
        events.len()
    );
    let opened = events
        .iter()
        .filter(|e| e["kind"] == "GardenOpened")
        .count();
    assert!(
        opened >= 4,
        "Paris, Grenoble, a thematic and an organisation garden: {opened}"
    );
    // And running it again on the same path refuses to overwrite it.
    ledger.fails(3, &["demo"]);
}

#[test]
fn demo_without_a_path_leaves_nothing_behind() {
    // Given JARDINS_LEDGER naming a path, when the demo runs without --ledger, then it uses a
    // temporary ledger and the path named by the environment is never created.
    let dir = tempfile::tempdir().unwrap();
    let named = dir.path().join("my-real-ledger");
    let output = Process::cargo_bin("jardins")
        .unwrap()
        .env("JARDINS_LEDGER", &named)
        .current_dir(dir.path())
        .arg("demo")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("temporary"), "{stdout}");
    assert!(!named.exists());
    assert!(!dir.path().join("jardins-ledger").exists());
}

#[test]
fn generate_import_verify_round_trip_for_thousands_of_events() {
    // Given the same seed twice, then generate prints the same stream.
    let generate = |seed: &str| {
        let output = Process::cargo_bin("jardins")
            .unwrap()
            .args(["generate", "--events", "3000", "--seed", seed])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(0));
        String::from_utf8(output.stdout).unwrap()
    };
    let stream = generate("7");
    assert_eq!(stream, generate("7"), "the same seed gives the same events");
    assert_ne!(
        stream,
        generate("8"),
        "another seed gives another community"
    );
    let lines = stream.lines().count();
    assert_eq!(lines, 3000);

    // When the stream is piped into import on a new ledger.
    let ledger = TempLedger::new();
    let mut import = ledger.cmd(&["import", "-"]);
    let output = import.write_stdin(stream.clone()).output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("3000 events appended"), "{stdout}");

    // Then verify passes on the 3001 events (the euro and the stream), and the export holds one
    // line per event.
    let verified = ledger.ok(&["verify"]);
    assert!(verified.starts_with("verified 3001 events"), "{verified}");
    let export = ledger.ok(&["export", "jsonl"]);
    assert_eq!(export.lines().count(), 3001);
    let journal = ledger.ok(&["export", "journal"]);
    assert!(journal.contains("EUR"), "the journal names its commodities");
}

#[test]
fn export_jsonl_restores_an_identical_ledger() {
    // Given a ledger with a few events, when its export is imported into a new ledger, then
    // the new ledger ends on the same head.
    let original = cli_support::paris();
    let export_file = original.dir.path().join("backup.jsonl");
    original.ok(&["export", "jsonl", "--output", export_file.to_str().unwrap()]);
    let head = original.ok(&["verify"]);

    let copy = TempLedger::new();
    let imported = copy.ok(&["import", export_file.to_str().unwrap()]);
    assert!(imported.contains("imported 4 lines"), "{imported}");
    assert_eq!(copy.ok(&["verify"]), head);
}

#[test]
fn a_closed_pipe_stops_generate_and_log_quietly() {
    // Given a reader that stops after one line, when generate writes many, then it stops
    // without an error message and exits 0.
    let mut child = Process::cargo_bin("jardins")
        .unwrap()
        .args(["generate", "--events", "200000", "--seed", "1"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0_u8; 64];
    std::io::Read::read_exact(&mut stdout, &mut first).unwrap();
    drop(stdout);
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(stderr.is_empty(), "{stderr}");
}

#[test]
fn import_reads_a_file_and_names_the_refused_line() {
    // Given a stream whose second line is refused, when it is imported, then exit 1 names line 2.
    let source = TempLedger::new();
    let output = Process::cargo_bin("jardins")
        .unwrap()
        .args(["generate", "--events", "10", "--seed", "3"])
        .output()
        .unwrap();
    let stream = String::from_utf8(output.stdout).unwrap();
    let mut lines: Vec<&str> = stream.lines().collect();
    lines.insert(1, "{\"kind\": \"Nonsense\"}");
    let file = source.dir.path().join("stream.jsonl");
    let mut handle = std::fs::File::create(&file).unwrap();
    writeln!(handle, "{}", lines.join("\n")).unwrap();
    drop(handle);
    let stderr = source.fails(1, &["import", file.to_str().unwrap()]);
    assert!(stderr.contains("line 2"), "{stderr}");
}

#[test]
fn completions_and_the_manual_are_printed() {
    let ledger = TempLedger::empty();
    let bash = ledger.ok(&["completions", "bash"]);
    assert!(bash.contains("jardins"), "{bash}");
    assert!(bash.contains("constitution"));
    let man = ledger.ok(&["man"]);
    assert!(man.starts_with(".ie") || man.contains(".TH"), "roff: {man}");
    assert!(man.contains("jardins"));
    assert!(
        !ledger.path.exists(),
        "completions and man never create a ledger"
    );
}
