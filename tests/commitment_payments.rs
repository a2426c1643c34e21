//! Commitments count a member's payments without any flag, and judge a period not over as
//! open, with the real binary. Every figure is worked out by hand in the comments.

mod cli_support;

use chrono::Utc;
use cli_support::{text, TempLedger};
use serde_json::Value;

/// Garden grenoble opened 2025-12-01 (core ana and bo), whose constitution asks members at least
/// 8 EUR a month (fixed), with jerome a member from 2025-12-15.
fn grenoble() -> TempLedger {
    grenoble_with("mode = \"fixed\"\namount = \"8\"\ncadence = \"monthly\"\n")
}

/// Grenoble as above, with `rule` (TOML lines) as its rule for members' commitments.
fn grenoble_with(rule: &str) -> TempLedger {
    let ledger = TempLedger::new();
    ledger.ok(&[
        "garden",
        "open",
        "grenoble",
        "--name",
        "Jardin de Grenoble",
        "--local",
        "Grenoble",
        "--core",
        "ana",
        "--core",
        "bo",
        "--on",
        "2025-12-01",
    ]);
    let path = ledger.dir.path().join("grenoble.toml");
    std::fs::write(
        &path,
        format!(
            "version = 1\npurpose = \"apprendre ensemble\"\nentry_rules = \"\"\nexit_rules = \"\"\n\
         roles = []\nbig_garden = []\ncollections = []\n\n[[commitments]]\ncurrency = \"EUR\"\n{rule}"
        ),
    )
    .unwrap();
    ledger.ok(&[
        "garden",
        "constitution",
        "grenoble",
        path.to_str().unwrap(),
        "--on",
        "2025-12-01",
    ]);
    ledger.ok(&[
        "member",
        "join",
        "grenoble",
        "jerome",
        "--name",
        "Jérôme",
        "--on",
        "2025-12-15",
    ]);
    ledger
}

fn only_row(report: &Value) -> &Value {
    let rows = report["commitments"].as_array().expect("commitments");
    assert_eq!(rows.len(), 1, "{report}");
    &rows[0]
}

#[test]
fn payments_for_a_month_count_toward_the_commitment_without_naming_it() {
    // Given jerome committed 8 EUR a month from 2026-01-01 and paid 8 for each of January to
    // June with --period, naming no commitment
    let ledger = grenoble();
    ledger.ok(&[
        "commit",
        "jerome-2026",
        "grenoble",
        "jerome",
        "8",
        "EUR",
        "--from",
        "2026-01-01",
        "--on",
        "2026-01-01",
    ]);
    for month in 1..=6 {
        let period = format!("2026-{month:02}");
        let on = format!("2026-{month:02}-05");
        ledger.ok(&[
            "pay",
            "member:jerome",
            "garden:grenoble",
            "8",
            "EUR",
            "--period",
            &period,
            "--on",
            &on,
        ]);
    }
    // When the commitments are reported as of 2026-11-30
    let report = ledger.json(&["commitments", "--as-of", "2026-11-30"]);
    let row = only_row(&report);
    // Then January to November are over: 11 × 8 = 88 due; 6 × 8 = 48 paid; 40 in arrears.
    assert_eq!(row["periods_due"], 11);
    assert_eq!(text(row, "/due"), "88.00");
    assert_eq!(text(row, "/paid"), "48.00");
    assert_eq!(text(row, "/difference"), "-40.00");
    assert_eq!(text(row, "/standing"), "arrears");
    assert_eq!(text(row, "/outstanding"), "0.00");
    // And as of 2026-11-15, November is not over: 10 × 8 = 80 due, 32 in arrears, November's
    // 8 outstanding.
    let mid = ledger.json(&["commitments", "--as-of", "2026-11-15"]);
    let row = only_row(&mid);
    assert_eq!(
        (
            text(row, "/due"),
            text(row, "/difference"),
            text(row, "/outstanding")
        ),
        ("80.00", "-32.00", "8.00")
    );
    // And `--member jerome` shows the same row; another member's view is empty.
    let mine = ledger.json(&["commitments", "--member", "jerome", "--as-of", "2026-11-30"]);
    assert_eq!(text(only_row(&mine), "/commitment"), "jerome-2026");
    ledger.ok(&[
        "member",
        "join",
        "grenoble",
        "lina",
        "--name",
        "Lina",
        "--on",
        "2026-01-02",
    ]);
    let hers = ledger.json(&["commitments", "--member", "lina", "--as-of", "2026-11-30"]);
    assert_eq!(hers["commitments"].as_array().unwrap().len(), 0);
    // And an unknown member is refused, naming the rule.
    let refused = ledger.fails(1, &["commitments", "--member", "nobody"]);
    assert!(refused.contains("UnknownPerson"), "{refused}");
}

#[test]
fn a_payment_counts_toward_the_commitment_running_in_its_period_when_a_member_holds_two() {
    // Given a conscious rule for members (pay what you feel, monthly), jerome's 8 a month for
    // 2026-01..2026-03 and 10 a month from 2026-04-01; a payment of 8 dated 2026-04-02 for
    // 2026-03 (late), and one of 10 for 2026-04, naming no commitment
    let ledger = grenoble_with("mode = \"conscious\"\ncadence = \"monthly\"\n");
    ledger.ok(&[
        "commit",
        "jerome-q1",
        "grenoble",
        "jerome",
        "8",
        "EUR",
        "--from",
        "2026-01-01",
        "--until",
        "2026-03-31",
        "--on",
        "2026-01-01",
    ]);
    ledger.ok(&[
        "commit",
        "jerome-after",
        "grenoble",
        "jerome",
        "10",
        "EUR",
        "--from",
        "2026-04-01",
        "--on",
        "2026-04-01",
    ]);
    for (amount, period) in [("8", "2026-03"), ("10", "2026-04")] {
        ledger.ok(&[
            "pay",
            "member:jerome",
            "garden:grenoble",
            amount,
            "EUR",
            "--period",
            period,
            "--on",
            "2026-04-02",
        ]);
    }
    // When reported as of 2026-04-30
    let report = ledger.json(&["commitments", "--as-of", "2026-04-30"]);
    let rows = report["commitments"].as_array().unwrap();
    let row = |id: &str| rows.iter().find(|r| r["commitment"] == id).unwrap();
    // Then the first counts the March payment: 3 × 8 = 24 due, 8 paid, 16 in arrears; the
    // second counts April's: 10 due, 10 paid, settled.
    let q1 = row("jerome-q1");
    assert_eq!(
        (text(q1, "/due"), text(q1, "/paid"), text(q1, "/difference")),
        ("24.00", "8.00", "-16.00")
    );
    let after = row("jerome-after");
    assert_eq!(
        (
            text(after, "/due"),
            text(after, "/paid"),
            text(after, "/difference")
        ),
        ("10.00", "10.00", "0.00")
    );
}

#[test]
fn a_commitment_made_today_is_open_not_in_arrears() {
    // Given a commitment of 8 a month made today, from today, nothing paid
    let today = Utc::now().date_naive().to_string();
    let ledger = grenoble();
    ledger.ok(&[
        "commit",
        "jerome-now",
        "grenoble",
        "jerome",
        "8",
        "EUR",
        "--from",
        &today,
        "--on",
        &today,
    ]);
    // When the commitments are reported (as of today)
    let report = ledger.json(&["commitments"]);
    let row = only_row(&report);
    // Then this month is not over: nothing due yet, 8 outstanding, nothing in arrears.
    assert_eq!(row["periods_due"], 0);
    assert_eq!(row["periods_open"], 1);
    assert_eq!(
        (
            text(row, "/due"),
            text(row, "/outstanding"),
            text(row, "/difference")
        ),
        ("0.00", "8.00", "0.00")
    );
    let table = ledger.ok(&["commitments"]);
    assert!(!table.contains("arrears"), "{table}");
}
