//! Hostile and mistaken input: every case of `tests/hostile/cases.toml` (a command line, what it
//! reads, the exit code and the words its message must hold) run with the real binary on one
//! ledger; after each, the ledger's head hash, its number of events and a digest of all it
//! holds (log, keys, projections) are what they were. Then the inputs too large to keep in a
//! file: a JSON line of 50 MB, from a file and from a pipe.

#[path = "hostile/support.rs"]
mod support;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use jardins_store::Ledger;
use serde::Deserialize;
use support::{command, Fixture, Run};

/// Most bytes of a message on standard error: a message quotes an excerpt of what was typed,
/// never all of it.
const MAX_MESSAGE_BYTES: usize = 4096;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Corpus {
    case: Vec<Case>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    what: String,
    args: Vec<String>,
    exit: i32,
    says: Says,
    stdin: Option<String>,
    file: Option<String>,
    file_hex: Option<String>,
    ledger: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Says {
    One(String),
    All(Vec<String>),
}

impl Says {
    fn words(&self) -> Vec<&str> {
        match self {
            Says::One(word) => vec![word],
            Says::All(words) => words.iter().map(String::as_str).collect(),
        }
    }
}

fn corpus() -> Corpus {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hostile/cases.toml");
    let text = std::fs::read_to_string(&path).expect("the corpus reads");
    toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// `{repeat:N:TEXT}` becomes TEXT repeated N times.
fn expand(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("{repeat:") {
        out.push_str(&rest[..start]);
        let after = &rest[start + "{repeat:".len()..];
        let end = after.find('}').expect("a closing brace");
        let (count, unit) = after[..end].split_once(':').expect("{repeat:N:TEXT}");
        out.push_str(&unit.repeat(count.parse().expect("a count")));
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

fn hex_bytes(hex: &str) -> Vec<u8> {
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).expect("hexadecimal"))
        .collect()
}

/// What must not change: the head (sequence and hash) and a digest of everything stored.
fn state(ledger: &Path) -> (u64, String, String) {
    let opened = Ledger::open(ledger, Duration::from_secs(10)).expect("the ledger opens");
    let head = opened.head();
    let digest = opened.digest().expect("the digest");
    (head.sequence, hex_string(&head.hash), hex_string(&digest))
}

fn hex_string(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The corpus's ledger (see the head of cases.toml).
fn corpus_ledger() -> Fixture {
    let fixture = Fixture::garden();
    fixture.ok(&[
        "currency",
        "declare",
        "GRAINE",
        "--name",
        "La Graine",
        "--places",
        "0",
        "--on",
        support::OPENED,
    ]);
    let receipt = fixture.ok(&[
        "pay",
        "member:m",
        "garden:g",
        "10",
        "EUR",
        "--on",
        support::PAID,
        "--key",
        "first",
    ]);
    assert_eq!(support::receipt(&receipt).map(|r| r.sequence), Some(6));
    fixture
}

fn run_case(fixture: &Fixture, scratch: &Path, case: &Case) -> Run {
    let file = scratch.join("input");
    if let Some(content) = &case.file {
        std::fs::write(&file, expand(content)).expect("the input file is written");
    }
    if let Some(hex) = &case.file_hex {
        std::fs::write(&file, hex_bytes(hex)).expect("the input file is written");
    }
    let ledger: PathBuf = match case.ledger.as_deref() {
        None => fixture.path.clone(),
        Some("missing") => scratch.join("no-ledger-here"),
        Some("file") => {
            let path = scratch.join("a-file");
            std::fs::write(&path, "not a ledger").expect("written");
            path
        }
        Some(other) => panic!("unknown ledger kind {other}"),
    };
    let arguments: Vec<String> = case
        .args
        .iter()
        .map(|a| {
            expand(a)
                .replace("{file}", file.to_str().expect("UTF-8"))
                .replace("{dir}", scratch.to_str().expect("UTF-8"))
        })
        .collect();
    let mut command = command(&ledger, 1);
    if arguments.iter().any(|a| a == "--wait") {
        // The case sets its own wait.
        command = std::process::Command::new(support::binary());
        command
            .env_remove("JARDINS_LEDGER")
            // English, whatever the locale of whoever runs the tests (tests/cli_lang.rs checks French).
            .env_remove("JARDINS_LANG")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env_remove("LANG")
            .arg("--ledger")
            .arg(&ledger);
    }
    let mut child = command
        .args(&arguments)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("jardins starts");
    let input = case.stdin.as_deref().map(expand).unwrap_or_default();
    let mut stdin = child.stdin.take().expect("stdin");
    let writer = std::thread::spawn(move || {
        // The binary may stop reading early (a line too long): a broken pipe is expected then.
        let _ = stdin.write_all(input.as_bytes());
    });
    let output = child.wait_with_output().expect("jardins ends");
    writer.join().expect("the writer");
    let _ = std::fs::remove_file(&file);
    Run::of(output)
}

/// Every control character but the newline, and every bidirectional control, in `text`.
fn raw_controls(text: &str) -> Vec<char> {
    text.chars()
        .filter(|c| {
            (c.is_control() && *c != '\n')
                || matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
        })
        .collect()
}

/// Runs `cases` one after the other on a ledger of their own; returns what went wrong.
fn run_cases(cases: &[(usize, &Case)]) -> Vec<String> {
    // Given the corpus's ledger.
    let fixture = corpus_ledger();
    let scratch = tempfile::tempdir().expect("a temporary directory");
    let before = state(&fixture.path);
    let mut failures = Vec::new();
    for (index, case) in cases {
        // When the case runs.
        let run = run_case(&fixture, scratch.path(), case);
        let name = format!("case {} ({})", index + 1, case.what);
        // Then it exits with its code, its message says what it must, and nothing changed.
        let mut wrong = Vec::new();
        if run.code != Some(case.exit) {
            wrong.push(format!("exited {:?}, expected {}", run.code, case.exit));
        }
        let stderr_lower = run.stderr.to_lowercase();
        for word in case.says.words() {
            if !stderr_lower.contains(&word.to_lowercase()) {
                wrong.push(format!("the message does not say {word:?}"));
            }
        }
        for word in [
            "panicked",
            "RUST_BACKTRACE",
            "stack backtrace",
            "internal error",
        ] {
            if run.stderr.contains(word) {
                wrong.push("a panic reached the user".to_string());
            }
        }
        if !run.stdout.trim().is_empty() {
            wrong.push(format!("it printed on stdout: {}", excerpt(&run.stdout)));
        }
        let controls = raw_controls(&run.stderr);
        if !controls.is_empty() {
            wrong.push(format!(
                "its message echoes raw control characters {controls:?}"
            ));
        }
        if run.stderr.len() > MAX_MESSAGE_BYTES {
            wrong.push(format!("its message is {} bytes long", run.stderr.len()));
        }
        let after = state(&fixture.path);
        if after != before {
            wrong.push(format!("the ledger changed: {before:?} -> {after:?}"));
        }
        if !wrong.is_empty() {
            failures.push(format!(
                "{name}: {}\n    stderr: {}",
                wrong.join("; "),
                excerpt(&run.stderr)
            ));
        }
    }
    // And the ledger still verifies, with the six entries it had.
    assert_eq!(fixture.verify(), 6);
    failures
}

#[test]
fn every_hostile_input_is_refused_with_its_exit_code_and_message_and_changes_nothing() {
    let corpus = corpus();
    assert!(
        corpus.case.len() >= 100,
        "at least 100 cases: {}",
        corpus.case.len()
    );
    // Two halves, each on its own ledger, side by side.
    let numbered: Vec<(usize, &Case)> = corpus.case.iter().enumerate().collect();
    let (odd, even): (Vec<_>, Vec<_>) = numbered.into_iter().partition(|(i, _)| i % 2 == 1);
    let failures: Vec<String> = std::thread::scope(|scope| {
        let halves = [
            scope.spawn(|| run_cases(&odd)),
            scope.spawn(|| run_cases(&even)),
        ];
        halves
            .into_iter()
            .flat_map(|half| half.join().expect("a half of the corpus"))
            .collect()
    });
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        corpus.case.len(),
        failures.join("\n")
    );
}

fn excerpt(text: &str) -> String {
    let shown: String = text.chars().take(400).collect();
    shown.escape_debug().to_string()
}

/// A line of `megabytes` MB: a valid event whose note never ends.
fn giant_line_prefix() -> &'static str {
    r#"{"event":{"on":"2024-02-01","kind":{"ExpensePaid":{"payer":"garden:g","amount":"1.00","currency":"EUR","judged_by":null,"note":""#
}

const GIANT_BYTES: usize = 50 * 1024 * 1024;

#[test]
fn a_50_mb_line_is_refused_from_a_file_and_from_a_pipe_without_being_read_whole() {
    // Given the corpus's ledger and a file of one JSON line of 50 MB (made here, not kept).
    let fixture = corpus_ledger();
    let before = state(&fixture.path);
    let file = fixture.dir.path().join("giant.jsonl");
    {
        let mut out = std::io::BufWriter::new(std::fs::File::create(&file).expect("created"));
        out.write_all(giant_line_prefix().as_bytes())
            .expect("written");
        let chunk = vec![b'x'; 1024 * 1024];
        for _ in 0..GIANT_BYTES / chunk.len() {
            out.write_all(&chunk).expect("written");
        }
        out.write_all(b"\"}}}}\n").expect("written");
    }
    // When it is imported from the file, then line 1 is refused for its length, and nothing
    // changed.
    let run = support::run(&fixture.path, &["import", file.to_str().expect("UTF-8")]);
    support::assert_no_panic(&run.stderr);
    assert_eq!(run.code, Some(1), "{run:?}");
    assert!(
        run.stderr.contains("line 1") && run.stderr.contains("longer than"),
        "{}",
        run.stderr
    );
    assert_eq!(state(&fixture.path), before);

    // When it comes through a pipe, then the binary refuses it and stops reading: most of the
    // 50 MB are never read (its memory holds one line of at most the limit, not the input).
    let mut child = command(&fixture.path, 1)
        .args(["import", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("jardins starts");
    let mut stdin = child.stdin.take().expect("stdin");
    let writer = std::thread::spawn(move || {
        let mut written = 0_usize;
        let chunk = vec![b'x'; 64 * 1024];
        if stdin.write_all(giant_line_prefix().as_bytes()).is_err() {
            return written;
        }
        while written < GIANT_BYTES {
            match stdin.write_all(&chunk) {
                Ok(()) => written += chunk.len(),
                Err(_) => break,
            }
        }
        written
    });
    let output = child.wait_with_output().expect("jardins ends");
    let written = writer.join().expect("the writer");
    let run = Run::of(output);
    support::assert_no_panic(&run.stderr);
    assert_eq!(run.code, Some(1), "{run:?}");
    assert!(run.stderr.contains("longer than"), "{}", run.stderr);
    println!(
        "a 50 MB line through a pipe: {written} bytes accepted before the binary stopped reading"
    );
    assert!(
        written < 8 * 1024 * 1024,
        "the binary read {written} bytes of a line it refuses at 1 MiB"
    );
    assert_eq!(state(&fixture.path), before);
}
