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

/// jerome commits `amount` EUR a month to grenoble from 2026-01-01, as `id`.
fn commit_monthly(ledger: &TempLedger, id: &str, amount: &str) {
    ledger.ok(&[
        "commit",
        id,
        "grenoble",
        "jerome",
        amount,
        "EUR",
        "--from",
        "2026-01-01",
        "--on",
        "2026-01-01",
    ]);
}

/// `jardins pay member:jerome garden:grenoble AMOUNT EUR` with `more` arguments.
fn jerome_pays(amount: &str, more: &[&str]) -> Vec<String> {
    ["pay", "member:jerome", "garden:grenoble", amount, "EUR"]
        .iter()
        .chain(more)
        .map(|s| s.to_string())
        .collect()
}

fn args(list: &[String]) -> Vec<&str> {
    list.iter().map(String::as_str).collect()
}

#[test]
fn a_payment_naming_its_commitment_and_a_period_counts_for_that_period() {
    // Given jerome's commitment of 10 EUR a month from 2026-01-01 (the minimum is 8), and two
    // payments of 10 dated 2026-03-05, toward it for 2026-01 and for 2026-02
    let ledger = grenoble();
    commit_monthly(&ledger, "jerome-2026", "10");
    let mut receipts = Vec::new();
    for period in ["2026-01", "2026-02"] {
        let pay = jerome_pays(
            "10",
            &[
                "--commitment",
                "jerome-2026",
                "--period",
                period,
                "--on",
                "2026-03-05",
            ],
        );
        receipts.push(ledger.ok(&args(&pay)));
    }
    // Then each receipt says what it pays for,
    assert!(
        receipts[0].contains("10.00 EUR, fixed, for commitment jerome-2026 for 2026-01"),
        "{}",
        receipts[0]
    );
    // and so do the log (its `for` column), the journal and the beancount export;
    let log = ledger.json(&["log", "--member", "jerome"]);
    let paid: Vec<&str> = log["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "ContributionPaid")
        .map(|e| e["for"].as_str().unwrap())
        .collect();
    assert_eq!(
        paid,
        [
            "commitment jerome-2026 for 2026-01",
            "commitment jerome-2026 for 2026-02"
        ]
    );
    let csv = ledger.ok(&["log", "--format", "csv"]);
    assert!(
        csv.contains(",commitment jerome-2026 for 2026-02,"),
        "{csv}"
    );
    let journal = ledger.ok(&["export", "journal"]);
    assert!(
        journal.contains("fixed, for commitment jerome-2026 for 2026-01"),
        "{journal}"
    );
    let beancount = ledger.ok(&["export", "beancount"]);
    assert!(
        beancount.contains("for commitment jerome-2026 for 2026-02"),
        "{beancount}"
    );
    // When the commitments are reported as of 2026-03-15 (March not over)
    let report = ledger.json(&["commitments", "--as-of", "2026-03-15"]);
    let row = only_row(&report);
    // Then January and February are over: 2 × 10 = 20 due, and both payments count in them:
    // 20 paid, settled, and March's 10 is outstanding. (Placed by their date, 2026-03, they
    // would have left January and February in arrears, -20, and March in advance: 20 paid
    // against 10 asks carries +10, so -10 in all with nothing outstanding.)
    assert_eq!(row["periods_due"], 2);
    assert_eq!(
        (
            text(row, "/due"),
            text(row, "/paid"),
            text(row, "/difference"),
            text(row, "/outstanding")
        ),
        ("20.00", "20.00", "0.00", "10.00")
    );
    // And the export restores into a new ledger with the same figures.
    let export = ledger.ok(&["export", "jsonl"]);
    assert!(
        export.contains(r#""pays_for":{"CommitmentPeriod":{"commitment":"jerome-2026","period":{"Month":{"year":2026,"month":1}}}}"#),
        "{export}"
    );
    let restored = TempLedger::new();
    let file = restored.dir.path().join("export.jsonl");
    std::fs::write(&file, &export).unwrap();
    restored.ok(&["import", file.to_str().unwrap()]);
    let again = restored.json(&["commitments", "--as-of", "2026-03-15"]);
    assert_eq!(only_row(&again), row);
}

#[test]
fn a_commitment_and_a_period_that_break_a_period_rule_are_refused() {
    // Given jerome's commitment of 10 EUR a month from 2026-01-01
    let ledger = grenoble();
    commit_monthly(&ledger, "jerome-2026", "10");
    let before = ledger.fingerprint();
    // When he pays it for the year 2026, then it is refused: a monthly commitment is paid for
    // a month, and the message says how to write one;
    let pay = jerome_pays(
        "10",
        &[
            "--commitment",
            "jerome-2026",
            "--period",
            "2026",
            "--on",
            "2026-03-05",
        ],
    );
    let refused = ledger.fails(1, &args(&pay));
    assert!(refused.contains("CommitmentMismatch"), "{refused}");
    assert!(
        refused.contains("its payments are monthly: give --period as 2026-01, not 2026"),
        "{refused}"
    );
    // when he pays it for 2025-12, before it starts, then it is refused too;
    let pay = jerome_pays(
        "10",
        &[
            "--commitment",
            "jerome-2026",
            "--period",
            "2025-12",
            "--on",
            "2026-03-05",
        ],
    );
    let refused = ledger.fails(1, &args(&pay));
    assert!(
        refused.contains("it runs from 2026-01-01, not in 2025-12"),
        "{refused}"
    );
    // and nothing was recorded.
    assert_eq!(ledger.fingerprint(), before);
}

#[test]
fn a_commitment_above_a_fixed_minimum_is_paid_without_naming_it() {
    // Given the constitution's fixed minimum of 8 EUR a month, and jerome's commitment of 10
    let ledger = grenoble();
    commit_monthly(&ledger, "jerome-2026", "10");
    // When he pays 10 for 2026-01 and for 2026-02, naming no commitment, then both are accepted
    for period in ["2026-01", "2026-02"] {
        let pay = jerome_pays("10", &["--period", period, "--on", "2026-02-10"]);
        ledger.ok(&args(&pay));
    }
    // while 8 for 2026-03 is refused: the one commitment running then asks 10,
    let pay = jerome_pays("8", &["--period", "2026-03", "--on", "2026-03-10"]);
    let refused = ledger.fails(1, &args(&pay));
    assert!(refused.contains("FixedAmountDiffers"), "{refused}");
    assert!(
        refused.contains("the amount of commitment 'jerome-2026'"),
        "{refused}"
    );
    // and as of 2026-02-28 the commitment counts both: 2 × 10 = 20 due, 20 paid, settled.
    let report = ledger.json(&["commitments", "--as-of", "2026-02-28"]);
    let row = only_row(&report);
    assert_eq!(
        (
            text(row, "/due"),
            text(row, "/paid"),
            text(row, "/difference")
        ),
        ("20.00", "20.00", "0.00")
    );
    assert_eq!(text(row, "/standing"), "settled");
}

#[test]
fn two_commitments_running_and_an_amount_of_neither_is_refused_with_the_hint() {
    // Given jerome's two commitments from 2026-01-01: 10 a month (jerome-a) and 12 a month
    // (jerome-b), the minimum being 8
    let ledger = grenoble();
    commit_monthly(&ledger, "jerome-a", "10");
    commit_monthly(&ledger, "jerome-b", "12");
    let before = ledger.fingerprint();
    // When he pays 9 for 2026-01 naming neither, then it is refused: 9 is neither 10, 12 nor 8,
    // and the message names both and says to add --commitment; nothing is recorded.
    let pay = jerome_pays("9", &["--period", "2026-01", "--on", "2026-01-20"]);
    let refused = ledger.fails(1, &args(&pay));
    assert!(refused.contains("CommitmentAmbiguous"), "{refused}");
    for said in [
        "jerome-a, jerome-b",
        "pay one of 8.00 EUR, 10.00 EUR, 12.00 EUR",
        "add --commitment",
    ] {
        assert!(refused.contains(said), "{said:?} in {refused}");
    }
    assert_eq!(ledger.fingerprint(), before);
    // When he pays 12 and 10 for 2026-01, naming neither, then each counts toward the one of
    // its amount: as of 2026-01-31, jerome-a 10 due, 10 paid; jerome-b 12 due, 12 paid.
    for amount in ["12", "10"] {
        let pay = jerome_pays(amount, &["--period", "2026-01", "--on", "2026-01-20"]);
        ledger.ok(&args(&pay));
    }
    let report = ledger.json(&["commitments", "--as-of", "2026-01-31"]);
    let rows = report["commitments"].as_array().unwrap();
    let row = |id: &str| rows.iter().find(|r| r["commitment"] == id).unwrap();
    for (id, figure) in [("jerome-a", "10.00"), ("jerome-b", "12.00")] {
        assert_eq!(
            (
                text(row(id), "/due"),
                text(row(id), "/paid"),
                text(row(id), "/difference")
            ),
            (figure, figure, "0.00"),
            "{id}"
        );
    }
}
