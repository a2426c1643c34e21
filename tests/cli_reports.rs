//! Reports with the real binary: `balance`, `audit`, `commitments` and `log`, in JSON and CSV,
//! checked against values computed by hand.

mod cli_support;

use cli_support::{paris, text, TempLedger};

/// Given the paris garden (fixed-monthly constitution: 40 EUR a month to the big garden,
/// commitments of at least 10 EUR a month, events at 15 EUR a seat), this story:
///
/// | entry | date       | what                                                  |
/// | ----- | ---------- | ----------------------------------------------------- |
/// | 5     | 2026-01-05 | lou commits 12 EUR a month                            |
/// | 6     | 2026-01-10 | lou pays 12 EUR toward the commitment                 |
/// | 7     | 2026-01-10 | camille pays 10 EUR for 2026-01                       |
/// | 8     | 2026-01-20 | 45 EUR collected at an event (3 seats)                |
/// | 9     | 2026-01-31 | paris pays the big garden 40 EUR for 2026-01          |
/// | 10    | 2026-02-27 | paris pays the big garden 40 EUR for 2026-02          |
/// | 11    | 2026-03-02 | entry 10 is reversed (the transfer bounced)           |
/// | 12    | 2026-03-05 | paris pays a 7 EUR expense                            |
/// | 13    | 2026-01-15 | the lyon garden opens (another garden, for filters)   |
fn story() -> TempLedger {
    let ledger = paris();
    let steps: [&[&str]; 9] = [
        &[
            "commit",
            "lou-2026",
            "paris",
            "lou",
            "12",
            "EUR",
            "--on",
            "2026-01-05",
        ],
        &[
            "pay",
            "member:lou",
            "garden:paris",
            "12",
            "EUR",
            "--commitment",
            "lou-2026",
            "--on",
            "2026-01-10",
        ],
        &[
            "pay",
            "member:camille",
            "garden:paris",
            "10",
            "EUR",
            "--period",
            "2026-01",
            "--on",
            "2026-01-10",
        ],
        &[
            "collect",
            "paris",
            "45",
            "EUR",
            "--kind",
            "event",
            "--on",
            "2026-01-20",
        ],
        &[
            "pay",
            "garden:paris",
            "big-garden",
            "40",
            "EUR",
            "--period",
            "2026-01",
            "--on",
            "2026-01-31",
        ],
        &[
            "pay",
            "garden:paris",
            "big-garden",
            "40",
            "EUR",
            "--period",
            "2026-02",
            "--on",
            "2026-02-27",
        ],
        &[
            "reverse",
            "10",
            "--reason",
            "the transfer bounced",
            "--on",
            "2026-03-02",
        ],
        &[
            "expense",
            "paris",
            "7",
            "EUR",
            "--note",
            "=cmd()",
            "--on",
            "2026-03-05",
        ],
        &[
            "garden",
            "open",
            "lyon",
            "--name",
            "Lyon",
            "--local",
            "Lyon",
            "--core",
            "ana",
            "--core",
            "ben",
            "--on",
            "2026-01-15",
        ],
    ];
    for (index, step) in steps.iter().enumerate() {
        let receipt = ledger.ok(step);
        assert_eq!(
            cli_support::entry_of(&receipt),
            index as u64 + 5,
            "{receipt}"
        );
    }
    ledger
}

fn currency_entry<'r>(report: &'r serde_json::Value, code: &str) -> &'r serde_json::Value {
    report["balances"]
        .as_array()
        .and_then(|all| all.iter().find(|b| b["currency"] == code))
        .unwrap_or_else(|| panic!("no {code} balance in {report}"))
}

#[test]
fn balances_as_of_dates_match_the_sums_done_by_hand() {
    let ledger = story();
    // In: 12 + 10 from members, 45 collected. Out: 40 + 40 to the big garden, 7 of expenses.
    // The reversal gives back 40. On 2026-03-31: 67 - 87 + 40 = 20.00.
    let march = ledger.json(&["balance", "paris", "--as-of", "2026-03-31"]);
    let eur = currency_entry(&march, "EUR");
    assert_eq!(eur["balance"], "20.00");
    assert_eq!(eur["total_in"], "67.00");
    assert_eq!(eur["in"]["contributions_from_members"], "22.00");
    assert_eq!(eur["in"]["collections"], "45.00");
    assert_eq!(eur["total_out"], "87.00");
    assert_eq!(eur["total_corrections"], "40.00");
    // Before the reversal, on 2026-02-28: 67 - 80 = -13.00.
    let february = ledger.json(&["balance", "garden:paris", "--as-of", "2026-02-28"]);
    assert_eq!(currency_entry(&february, "EUR")["balance"], "-13.00");
    // The big garden received 40 + 40 and gave 40 back: 40.00.
    let big = ledger.json(&["balance", "big-garden", "--as-of", "2026-03-31"]);
    assert_eq!(currency_entry(&big, "EUR")["balance"], "40.00");
    // And double entry holds across the two: what paris paid out to the big garden arrived.
    let before = ledger.json(&["balance", "big-garden", "--as-of", "2026-02-27"]);
    assert_eq!(currency_entry(&before, "EUR")["balance"], "80.00");
}

#[test]
fn balance_csv_and_table_carry_the_same_figures() {
    let ledger = story();
    let csv = ledger.ok(&[
        "balance",
        "paris",
        "--as-of",
        "2026-03-31",
        "--format",
        "csv",
    ]);
    let mut rows = csv.lines();
    let header: Vec<&str> = rows.next().unwrap().split(',').collect();
    let line = header.iter().position(|h| *h == "line").unwrap();
    let amount = header.iter().position(|h| *h == "amount").unwrap();
    let closing: Vec<&str> = rows
        .map(|row| row.split(',').collect::<Vec<_>>())
        .find(|cells| cells[line] == "closing")
        .expect("a closing line")
        .into_iter()
        .collect();
    assert_eq!(closing[amount], "20.00");
    let table = ledger.ok(&["balance", "paris", "--as-of", "2026-03-31"]);
    assert!(table.contains("20.00"), "{table}");
    assert!(table.contains("EUR"), "{table}");
}

#[test]
fn the_audit_counts_what_was_due_paid_and_carried() {
    let ledger = story();
    // Three months at 40 EUR are due: 120. February's payment was reversed, so only January's
    // 40 counts, and 80 is carried as arrears.
    let audit = ledger.json(&[
        "audit",
        "--garden",
        "paris",
        "--from",
        "2026-01-01",
        "--to",
        "2026-03-31",
    ]);
    let eur = &audit["gardens"][0]["currencies"][0];
    assert_eq!(eur["currency"], "EUR");
    assert_eq!(eur["due"], "120.00");
    assert_eq!(eur["counted"], "40.00");
    assert_eq!(eur["carried_out"], "-80.00");
    assert_eq!(eur["standing"], "arrears");
    // Every payment is traced to its entry and hash; the bounced one names its reversal.
    let january = &eur["periods"][0]["payments"][0];
    assert_eq!(january["sequence"], 9);
    assert_eq!(text(january, "/hash").len(), 64);
    let log = ledger.json(&["log"]);
    assert_eq!(january["hash"], log["events"][8]["hash"]);
    let february = &eur["periods"][1]["payments"];
    assert!(
        february
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["sequence"] == 10 && p["reversed_by"] == 11),
        "{february}"
    );
    // The totals across gardens: lyon has no constitution, so nothing more is due.
    let all = ledger.json(&["audit", "--from", "2026-01-01", "--to", "2026-03-31"]);
    let total = all["totals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["currency"] == "EUR")
        .unwrap();
    assert_eq!(total["due"], "120.00");
    assert_eq!(total["counted"], "40.00");
}

#[test]
fn commitments_show_due_paid_and_difference() {
    let ledger = story();
    // lou-2026: 12 EUR a month from 2026-01-05: January to March is 3 × 12 = 36 due, 12 paid.
    let report = ledger.json(&["commitments", "--garden", "paris", "--as-of", "2026-03-31"]);
    let lou = &report["commitments"][0];
    assert_eq!(lou["commitment"], "lou-2026");
    assert_eq!(lou["periods_due"], 3);
    assert_eq!(lou["due"], "36.00");
    assert_eq!(lou["paid"], "12.00");
    assert_eq!(lou["difference"], "-24.00");
}

#[test]
fn log_filters_by_garden_and_dates() {
    let ledger = story();
    let sequences = |arguments: &[&str]| -> Vec<u64> {
        ledger.json(arguments)["events"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["sequence"].as_u64().unwrap())
            .collect()
    };
    assert_eq!(
        sequences(&["log", "--from", "2026-01-10", "--to", "2026-01-31"]),
        [6, 7, 8, 9, 13]
    );
    assert_eq!(
        sequences(&[
            "log",
            "--garden",
            "paris",
            "--from",
            "2026-01-10",
            "--to",
            "2026-01-31"
        ]),
        [6, 7, 8, 9]
    );
    assert_eq!(sequences(&["log", "--garden", "lyon"]), [13]);
    // The reversal and the commitment concern paris; the euro's declaration does not.
    let paris = sequences(&["log", "--garden", "paris"]);
    assert_eq!(paris, [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);

    // CSV carries the full hash, and a note that looks like a formula is neutralised.
    let csv = ledger.ok(&["log", "--garden", "paris", "--format", "csv"]);
    assert!(
        csv.starts_with("sequence,on,recorded_at,kind,summary,hash\n"),
        "{csv}"
    );
    assert_eq!(csv.lines().count(), 12);
    assert!(!csv.contains(",=cmd"), "{csv}");
    // The table shows short hashes, the entry and the kind.
    let table = ledger.ok(&["log", "--garden", "lyon"]);
    assert!(table.contains("GardenOpened"), "{table}");
    assert!(table.contains("garden:lyon"), "{table}");
}

#[test]
fn charts_are_written_as_svg() {
    let ledger = story();
    let balance_chart = ledger.dir.path().join("paris.svg");
    let audit_chart = ledger.dir.path().join("audit.svg");
    ledger.ok(&[
        "balance",
        "paris",
        "--by-month",
        "--from",
        "2026-01-01",
        "--as-of",
        "2026-03-31",
        "--chart",
        balance_chart.to_str().unwrap(),
    ]);
    ledger.ok(&[
        "audit",
        "--to",
        "2026-03-31",
        "--chart",
        audit_chart.to_str().unwrap(),
    ]);
    for chart in [balance_chart, audit_chart] {
        let svg = std::fs::read_to_string(&chart).unwrap();
        assert!(svg.starts_with("<svg"), "{}", chart.display());
    }
}

#[test]
fn report_requests_that_cannot_be_answered_say_why() {
    let ledger = story();
    // An unknown garden is the same refusal as everywhere (exit 1); a period that ends before
    // it starts is bad usage (exit 2).
    let unknown = ledger.fails(1, &["balance", "nantes"]);
    assert!(unknown.contains("nantes"), "{unknown}");
    let backwards = ledger.fails(2, &["audit", "--from", "2026-03-01", "--to", "2026-01-31"]);
    assert!(backwards.contains("--from"), "{backwards}");
}
