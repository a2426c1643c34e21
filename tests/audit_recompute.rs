//! The audit of generated communities, recomputed by an independent script: given a community
//! from `jardins generate` (seed and size below) imported into a ledger, when `audit --format
//! json` runs over several spans, then `tests/audit_recompute.py` — which reads only `export
//! jsonl` and applies the rules README.md states — finds the same figures for every garden,
//! period and currency, and the same totals.

mod cli_support;

use std::path::Path;
use std::process::Command;

use chrono::{Days, Utc};
use cli_support::TempLedger;

/// The last day any event of the export took effect, `init`'s euro (dated today) left out.
fn last_event_day(events: &str, today: &str) -> String {
    events
        .lines()
        .filter_map(|line| {
            let value: serde_json::Value = serde_json::from_str(line).ok()?;
            let on = value["event"]["on"].as_str()?.to_string();
            (value["sequence"] != 1 || on != today).then_some(on)
        })
        .max()
        .expect("the community has events")
}

/// Runs the script on `events` and the audit of `span` (audit arguments), asserting agreement.
fn recomputed(ledger: &TempLedger, events: &Path, span: &[&str], today: &str) {
    let mut arguments = vec!["audit"];
    arguments.extend_from_slice(span);
    arguments.extend(["--format", "json"]);
    let audit = ledger.ok(&arguments);
    let audit_file = ledger.dir.path().join("audit.json");
    std::fs::write(&audit_file, &audit).unwrap();
    let report: serde_json::Value = serde_json::from_str(&audit).unwrap();
    // The script is told today's date; should the day change between the audit and now, the
    // audit says which day it judged.
    let judged_today = if report["ends_after_today"] == true {
        report["judged_on"].as_str().unwrap().to_string()
    } else {
        today.to_string()
    };
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/audit_recompute.py");
    let output = Command::new("python3")
        .arg(&script)
        .arg(events)
        .arg(&audit_file)
        .args(span)
        .args(["--today", &judged_today])
        .output()
        .expect("python3 runs the recomputation script (install python3)");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "the recomputed audit disagrees for {span:?}:\n{stdout}\n{stderr}"
    );
    assert!(stdout.starts_with("agreed: "), "{stdout}");
    let figures: u64 = stdout
        .split_whitespace()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    assert!(
        figures > 100,
        "a real comparison, not an empty one: {stdout}"
    );
}

fn community(events: u64, seed: u64) {
    // Given a generated community in a ledger, and its export
    let ledger = TempLedger::new();
    let generated = ledger.dir.path().join("community.jsonl");
    let lines = ledger.ok(&[
        "generate",
        "--events",
        &events.to_string(),
        "--seed",
        &seed.to_string(),
    ]);
    std::fs::write(&generated, lines).unwrap();
    ledger.ok(&["import", generated.to_str().unwrap()]);
    let exported = ledger.dir.path().join("export.jsonl");
    let export = ledger.ok(&["export", "jsonl"]);
    std::fs::write(&exported, &export).unwrap();
    let today = Utc::now().date_naive();
    let last = last_event_day(&export, &today.to_string());
    let year: i32 = last[..4].parse().unwrap();
    // When audited up to its last day, to mid-year before it, over a span starting mid-month,
    // and up to a day after today, then the script agrees each time.
    recomputed(&ledger, &exported, &["--to", &last], &today.to_string());
    let mid_year = format!("{}-06-30", year - 1);
    recomputed(&ledger, &exported, &["--to", &mid_year], &today.to_string());
    let from = format!("{}-05-10", year - 1);
    recomputed(
        &ledger,
        &exported,
        &["--from", &from, "--to", &last],
        &today.to_string(),
    );
    let later = today.checked_add_days(Days::new(45)).unwrap().to_string();
    recomputed(&ledger, &exported, &["--to", &later], &today.to_string());
}

#[test]
fn a_small_community_with_a_rule_that_becomes_fixed_mid_year() {
    // seed 1, 2,000 events: clown-gouvernance's yearly rule becomes fixed in 2023.
    community(2_000, 1);
}

#[test]
fn a_community_of_ten_thousand_events() {
    // seed 1, 10,000 events: yearly rules change amount mid-year (mooc 600 then 720, lille),
    // one is adopted after the garden opened (org-terre-commune).
    community(10_000, 1);
}
