//! JSON Lines: export, restore hash for hash, new events, and refusals that name the line.

mod common;

use std::io::{BufReader, Cursor, Read};
use std::path::Path;

use common::{now, scenario};
use jardins_store::{json, ImportError, Ledger};

fn export(ledger: &Ledger) -> String {
    let mut out = Vec::new();
    let mut calls = 0;
    let written = ledger
        .export_jsonl(&mut out, &mut |done, total| {
            calls += 1;
            assert!(done <= total);
        })
        .unwrap();
    assert_eq!(written, ledger.head().sequence);
    assert_eq!(calls, written);
    String::from_utf8(out).unwrap()
}

fn import(ledger: &Ledger, text: &str) -> Result<jardins_store::ImportSummary, ImportError> {
    ledger.import_jsonl(&mut Cursor::new(text.as_bytes()), now(), &mut |_| {})
}

fn fresh(dir: &Path, name: &str) -> Ledger {
    // Created at another time than the source: its entry 1 differs from the export's.
    Ledger::create(&dir.join(name), "2026-11-20T08:00:00Z".parse().unwrap()).unwrap()
}

fn english(refusal: &jardins_ledger::Refusal) -> String {
    jardins_text::Text::new(jardins_text::Lang::En).refusal(refusal)
}

fn line_error(result: Result<jardins_store::ImportSummary, ImportError>) -> (u64, String) {
    match result {
        Err(ImportError::Line { line, reason, .. }) => (line, reason),
        // A refusal is data; its English sentence is the catalog's.
        Err(ImportError::InvalidValue {
            line,
            field,
            refusal,
            ..
        }) => (
            line,
            format!("the event is not valid: {field}: {}", english(&refusal)),
        ),
        Err(ImportError::Refused { line, refusal, .. }) => (line, english(&refusal)),
        other => panic!("expected a line error, got {other:?}"),
    }
}

#[test]
fn given_an_export_when_imported_into_a_new_ledger_then_the_chain_is_identical_hash_for_hash() {
    let dir = tempfile::tempdir().unwrap();
    let source = common::ledger_with(&dir.path().join("source"), scenario::setup_len() + 60);
    let text = export(&source);
    assert_eq!(text.lines().count() as u64, source.head().sequence);

    let target = fresh(dir.path(), "target");
    let summary = import(&target, &text).unwrap();
    assert!(summary.restored);
    assert_eq!(summary.lines, source.head().sequence);
    assert_eq!(summary.appended, source.head().sequence);
    assert_eq!(summary.head, source.head());
    assert_eq!(target.head(), source.head());
    // Same records, same projections: every key and value alike.
    assert_eq!(target.digest().unwrap(), source.digest().unwrap());
    target.verify(&mut |_, _| {}).unwrap();
    assert_eq!(export(&target), text);

    // Running the same restore again finds everything present and writes nothing.
    let again = import(&target, &text).unwrap();
    assert_eq!((again.appended, again.head), (0, source.head()));
    assert_eq!(target.digest().unwrap(), source.digest().unwrap());

    // After reopening, the restored ledger takes new entries.
    let path = target.path().to_path_buf();
    drop(target);
    let reopened = Ledger::open(&path, common::REOPEN_WAIT).unwrap();
    let next = scenario::setup_len() + 60;
    common::append_scenario(&reopened, next, next + 5);
    reopened.verify(&mut |_, _| {}).unwrap();
}

#[test]
fn given_each_line_then_it_holds_what_python_needs_to_check_the_chain() {
    use sha2::Digest;
    let dir = tempfile::tempdir().unwrap();
    let ledger = common::ledger_with(&dir.path().join("ledger"), scenario::setup_len() + 12);
    let mut previous = "0".repeat(64);
    for line in export(&ledger).lines() {
        let value: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(value["previous_hash"], previous.as_str());
        let at: chrono::DateTime<chrono::Utc> =
            value["recorded_at"].as_str().unwrap().parse().unwrap();
        // sha256(previous ‖ sequence u64 BE ‖ microseconds i64 BE ‖ event bytes)
        let mut hasher = sha2::Sha256::new();
        hasher.update(hex::decode(value["previous_hash"].as_str().unwrap()).unwrap());
        hasher.update(value["sequence"].as_u64().unwrap().to_be_bytes());
        hasher.update(at.timestamp_micros().to_be_bytes());
        hasher.update(hex::decode(value["event_bytes"].as_str().unwrap()).unwrap());
        assert_eq!(
            hex::encode(hasher.finalize()),
            value["hash"].as_str().unwrap()
        );
        previous = value["hash"].as_str().unwrap().to_string();
    }
    assert_eq!(previous, hex::encode(ledger.head().hash));
}

#[test]
fn given_a_ledger_with_entries_when_a_different_history_is_restored_then_line_1_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let source = common::ledger_with(&dir.path().join("source"), 3);
    let other = fresh(dir.path(), "other");
    common::append_scenario(&other, 0, 2);
    let digest = other.digest().unwrap();
    let (line, reason) = line_error(import(&other, &export(&source)));
    assert_eq!(line, 1);
    assert!(reason.contains("restore into a new ledger"), "{reason}");
    assert_eq!(other.digest().unwrap(), digest);
}

#[test]
fn given_an_altered_line_then_the_import_names_it_and_writes_nothing_of_its_batch() {
    let dir = tempfile::tempdir().unwrap();
    let source = common::ledger_with(&dir.path().join("source"), scenario::setup_len() + 30);
    let text = export(&source);
    let target = fresh(dir.path(), "target");
    let before = target.digest().unwrap();

    // An amount changed in the JSON, event_bytes left as they were.
    let altered_line = scenario::setup_len() as usize + 5;
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let original = lines[altered_line - 1].clone();
    assert!(original.contains("\"amount\":\""), "{original}");
    lines[altered_line - 1] = original.replacen("\"amount\":\"", "\"amount\":\"1", 1);
    let (line, reason) = line_error(import(&target, &lines.join("\n")));
    assert_eq!(line as usize, altered_line);
    assert!(reason.contains("event_bytes do not match"), "{reason}");
    assert_eq!(target.digest().unwrap(), before);

    // Without event_bytes, the recomputed hash catches it.
    let mut value: serde_json::Value = serde_json::from_str(&lines[altered_line - 1]).unwrap();
    value.as_object_mut().unwrap().remove("event_bytes");
    lines[altered_line - 1] = value.to_string();
    let (line, reason) = line_error(import(&target, &lines.join("\n")));
    assert_eq!(line as usize, altered_line);
    assert!(reason.contains("hashes to"), "{reason}");
    assert_eq!(target.digest().unwrap(), before);

    // A line missing (entry 12 dropped): the gap is named.
    let mut gapped: Vec<String> = text.lines().map(str::to_string).collect();
    gapped.remove(11);
    let (line, reason) = line_error(import(&target, &gapped.join("\n")));
    assert_eq!(line, 12);
    assert!(reason.contains("does not follow entry 11"), "{reason}");
    assert_eq!(target.digest().unwrap(), before);
}

#[test]
fn given_new_event_lines_then_they_are_decided_by_the_rules_and_appended() {
    let dir = tempfile::tempdir().unwrap();
    let source = common::ledger_with(&dir.path().join("source"), scenario::setup_len() + 20);
    let lines: Vec<String> = source
        .records(2)
        .map(|r| json::event_line(&r.unwrap().event))
        .collect();
    let target = fresh(dir.path(), "target");
    let summary = import(&target, &lines.join("\n")).unwrap();
    assert!(!summary.restored);
    assert_eq!(summary.appended, lines.len() as u64);
    assert_eq!(target.head().sequence, source.head().sequence);
    // Same events, new times and so new hashes.
    for (a, b) in source.records(2).zip(target.records(2)) {
        let (a, b) = (a.unwrap(), b.unwrap());
        assert_eq!(a.event, b.event);
        assert_ne!(a.hash, b.hash);
        assert_eq!(b.recorded_at, now());
    }
    target.verify(&mut |_, _| {}).unwrap();

    // The same lines again: each is known by its content and place, and none is recorded
    // twice; the ledger is unchanged.
    let digest = target.digest().unwrap();
    let again = import(&target, &lines.join("\n")).unwrap();
    assert_eq!(again.appended, 0);
    assert_eq!(target.digest().unwrap(), digest);

    // The same lines after another first line are other lines: the rules refuse the first
    // event (the currency exists), naming its line, and nothing is recorded.
    let shifted = format!("\n{}", lines.join("\n"));
    let (line, reason) = line_error(import(&target, &shifted));
    assert_eq!(line, 2);
    assert!(reason.contains("already declared"), "{reason}");
    assert_eq!(target.digest().unwrap(), digest);
}

#[test]
fn given_new_event_lines_with_keys_then_a_repeated_import_appends_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = common::ledger_with(&dir.path().join("ledger"), scenario::setup_len());
    let event = |amount: &str| {
        json::event_to_json(&jardins_ledger::Event {
            on: scenario::day("2025-06-01"),
            kind: jardins_ledger::EventKind::ExpensePaid {
                payer: scenario::garden_account(0),
                amount: scenario::amount(amount),
                currency: scenario::eur(),
                note: scenario::text("salle"),
            },
        })
    };
    let text = format!(
        "{{\"key\":\"bank-1\",\"event\":{}}}\n\n{{\"key\":\"bank-2\",\"event\":{}}}\n",
        event("10.00"),
        event("20.00")
    );
    let first = import(&ledger, &text).unwrap();
    assert_eq!((first.lines, first.appended), (3, 2));
    let digest = ledger.digest().unwrap();
    let second = import(&ledger, &text).unwrap();
    assert_eq!(second.appended, 0);
    assert_eq!(ledger.digest().unwrap(), digest);
    // The same key with another amount is refused, naming the line.
    let changed = text.replace("20.00", "21.00");
    let (line, reason) = line_error(import(&ledger, &changed));
    assert_eq!(line, 3);
    assert!(reason.contains("bank-2"), "{reason}");
}

#[test]
fn given_malformed_lines_then_each_is_refused_with_its_line_number() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = common::ledger_with(&dir.path().join("ledger"), scenario::setup_len());
    let digest = ledger.digest().unwrap();
    let good = json::event_line(&jardins_ledger::Event {
        on: scenario::day("2025-06-01"),
        kind: jardins_ledger::EventKind::ExpensePaid {
            payer: scenario::garden_account(1),
            amount: scenario::amount("3"),
            currency: scenario::eur(),
            note: scenario::text(""),
        },
    });
    let cases: Vec<(String, &str)> = vec![
        ("not json".to_string(), "not a ledger line"),
        (
            good.replacen(
                "\"payer\":\"garden:g1\"",
                "\"payer\":\"garden:g1\",\"payer\":\"garden:g2\"",
                1,
            ),
            "duplicate field",
        ),
        (
            good.replacen("}}}}", "}}},\"event\":{}}", 1),
            "duplicate field",
        ),
        (good.replacen("\"3\"", "\"3e0\"", 1), "not a decimal"),
        (good.replacen("\"3\"", "\"-3\"", 1), "not positive"),
        (good.replacen("2025-06-01", "2025-6-1", 1), "not a date"),
        (good.replacen("garden:g1", "garden:G1", 1), "payer"),
        (
            good.replacen("{\"event\"", "{\"sequence\":2,\"event\"", 1),
            "give all or none",
        ),
        (
            good.replacen("\"note\"", "\"colour\":\"red\",\"note\"", 1),
            "unknown field",
        ),
        (
            good.replacen("ExpensePaid", "ExpenseMade", 1),
            "unknown variant",
        ),
    ];
    for (bad, expected) in cases {
        let text = format!("{good}\n{bad}\n{good}\n");
        let (line, reason) = line_error(import(&ledger, &text));
        assert_eq!(line, 2, "{bad}");
        assert!(reason.contains(expected), "{bad}: {reason}");
        assert_eq!(
            ledger.digest().unwrap(),
            digest,
            "nothing written for {bad}"
        );
    }
}

/// A reader that yields `total` bytes of `x` and counts how many were taken.
struct Endless {
    total: usize,
    taken: std::rc::Rc<std::cell::Cell<usize>>,
}

impl Read for Endless {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = buf.len().min(self.total - self.taken.get());
        buf[..n].fill(b'x');
        self.taken.set(self.taken.get() + n);
        Ok(n)
    }
}

#[test]
fn given_a_line_longer_than_the_limit_then_it_is_refused_without_reading_it_all() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = common::ledger_with(&dir.path().join("ledger"), 0);
    let taken = std::rc::Rc::new(std::cell::Cell::new(0));
    let mut input = BufReader::new(Endless {
        total: 64 * 1024 * 1024,
        taken: taken.clone(),
    });
    let result = ledger.import_jsonl(&mut input, now(), &mut |_| {});
    let (line, reason) = line_error(result);
    assert_eq!(line, 1);
    assert!(reason.contains("longer than"), "{reason}");
    assert!(
        taken.get() <= jardins_store::MAX_LINE_BYTES + 64 * 1024,
        "read {} bytes",
        taken.get()
    );
}

#[test]
fn given_every_event_kind_then_its_json_form_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = common::ledger_with(&dir.path().join("ledger"), scenario::setup_len() + 10);
    let mut kinds = std::collections::BTreeSet::new();
    for record in ledger.records(1) {
        let event = record.unwrap().event;
        kinds.insert(event.kind.name());
        let value = json::event_to_json(&event);
        assert_eq!(json::event_from_json(&value).unwrap(), event);
        assert_eq!(
            json::event_from_json_text(&value.to_string()).unwrap(),
            event
        );
    }
    assert_eq!(kinds.len(), 13, "every event kind: {kinds:?}");
}

#[test]
fn given_a_contribution_then_its_json_form_is_the_documented_one() {
    let event = jardins_ledger::Event {
        on: scenario::day("2026-03-01"),
        kind: jardins_ledger::EventKind::ContributionPaid {
            from: scenario::member_account(1),
            to: scenario::garden_account(0),
            amount: scenario::amount("12.50"),
            currency: scenario::eur(),
            mode: jardins_ledger::Mode::Conscious,
            pays_for: jardins_ledger::PaysFor::Period(jardins_ledger::Period::Month(
                "2026-03".parse().unwrap(),
            )),
            judged_by: Some(2),
            note: scenario::text("mars"),
        },
    };
    assert_eq!(
        json::event_line(&event),
        r#"{"event":{"on":"2026-03-01","kind":{"ContributionPaid":{"from":"member:m1","to":"garden:g0","amount":"12.50","currency":"EUR","mode":"Conscious","pays_for":{"Period":{"Month":{"year":2026,"month":3}}},"judged_by":2,"note":"mars"}}}}"#
    );
}

#[test]
fn given_the_demo_community_stream_then_it_imports_as_new_events_and_verifies() {
    let demo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../events/demo.jsonl");
    let text = std::fs::read_to_string(&demo).expect("events/demo.jsonl exists");
    let dir = tempfile::tempdir().unwrap();
    let ledger = fresh(dir.path(), "demo");
    let summary = import(&ledger, &text).unwrap();
    let lines = text.lines().filter(|l| !l.trim().is_empty()).count() as u64;
    assert_eq!(summary.appended, lines);
    assert_eq!(ledger.head().sequence, lines + 1);
    ledger.verify(&mut |_, _| {}).unwrap();
}

#[test]
fn given_entries_recorded_with_keys_when_restored_then_the_keys_still_make_commands_idempotent() {
    // Given a ledger where two commands were recorded with idempotency keys,
    let dir = tempfile::tempdir().unwrap();
    let source = common::ledger_with(&dir.path().join("source"), scenario::setup_len() + 5);
    let keyed = scenario::command(scenario::setup_len() + 5);
    let other = scenario::command(scenario::setup_len() + 6);
    let first = source.append(&keyed, Some("bank-001"), now()).unwrap();
    source.append(&other, Some("bank-002"), now()).unwrap();
    // when it is exported, its lines name the keys,
    let text = export(&source);
    let with_keys: Vec<&str> = text.lines().filter(|l| l.contains("\"key\":")).collect();
    assert_eq!(with_keys.len(), 2, "{with_keys:?}");
    assert!(
        with_keys[0].ends_with(",\"key\":\"bank-001\"}"),
        "{}",
        with_keys[0]
    );
    // and restored into a new ledger, every key and value is alike, keys included;
    let target = fresh(dir.path(), "target");
    import(&target, &text).unwrap();
    assert_eq!(target.digest().unwrap(), source.digest().unwrap());
    // then the same command with the same key records nothing and answers the first receipt,
    let again = target.append(&keyed, Some("bank-001"), now()).unwrap();
    assert!(again.replayed);
    assert_eq!((again.sequence, again.hash), (first.sequence, first.hash));
    // and another command with that key is refused.
    assert!(matches!(
        target.append(&other, Some("bank-001"), now()),
        Err(jardins_store::AppendError::KeyReused { .. })
    ));
    assert_eq!(target.head(), source.head());
}

#[test]
fn given_a_restored_line_whose_key_names_another_entry_then_it_is_refused_naming_the_line() {
    // Given an export whose two keyed lines were edited to carry the same key,
    let dir = tempfile::tempdir().unwrap();
    let source = common::ledger_with(&dir.path().join("source"), scenario::setup_len() + 5);
    source
        .append(
            &scenario::command(scenario::setup_len() + 5),
            Some("k-1"),
            now(),
        )
        .unwrap();
    source
        .append(
            &scenario::command(scenario::setup_len() + 6),
            Some("k-2"),
            now(),
        )
        .unwrap();
    let text = export(&source).replace("\"key\":\"k-2\"", "\"key\":\"k-1\"");
    // when restored, then the second line is refused and its batch not written.
    let target = fresh(dir.path(), "target");
    let (line, reason) = line_error(import(&target, &text));
    assert_eq!(line, source.head().sequence);
    assert!(reason.contains("already names entry"), "{reason}");
    assert_eq!(target.head().sequence, 1);
}
