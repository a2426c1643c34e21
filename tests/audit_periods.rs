//! The audit's one model of periods (README's "The audit's period model"), with the real binary:
//! yearly rules changed mid-year, a yearly payment under a constitution adopted after the
//! opening, a yearly rule that becomes monthly, a one-off, an audit that ends after today, a
//! conscious rule, and totals that agree with the lists above them. Every figure is worked out
//! by hand in the comments.

mod cli_support;

use chrono::{Datelike, Days, NaiveDate, Utc};
use cli_support::{text, TempLedger};
use serde_json::Value;

/// A constitution file whose only flow is `big_garden` (TOML lines of one `[[big_garden]]`).
fn constitution(ledger: &TempLedger, name: &str, version: u32, big_garden: &str) -> String {
    let path = ledger.dir.path().join(format!("{name}.toml"));
    let body = format!(
        "version = {version}\npurpose = \"apprendre ensemble\"\nentry_rules = \"\"\nexit_rules = \"\"\n\
         roles = []\ncommitments = []\ncollections = []\n\n[[big_garden]]\ncurrency = \"EUR\"\n{big_garden}\n"
    );
    std::fs::write(&path, body).expect("the constitution file is written");
    path.to_str().expect("a UTF-8 path").to_string()
}

fn fixed(amount: &str, cadence: &str) -> String {
    format!("mode = \"fixed\"\namount = \"{amount}\"\ncadence = \"{cadence}\"")
}

/// A ledger with garden `id` opened on `opened` (core ana and bo).
fn garden(id: &str, opened: &str) -> TempLedger {
    let ledger = TempLedger::new();
    ledger.ok(&[
        "garden", "open", id, "--name", "Jardin", "--local", "Lyon", "--core", "ana", "--core",
        "bo", "--on", opened,
    ]);
    ledger
}

fn adopt(ledger: &TempLedger, id: &str, version: u32, rule: &str, on: &str) {
    let file = constitution(ledger, &format!("v{version}"), version, rule);
    ledger.ok(&["garden", "constitution", id, &file, "--on", on]);
}

/// The EUR audit of garden `id` in `report`.
fn eur<'r>(report: &'r Value, id: &str) -> &'r Value {
    let garden = report["gardens"]
        .as_array()
        .expect("gardens")
        .iter()
        .find(|g| g["garden"] == id)
        .unwrap_or_else(|| panic!("garden {id} in {report}"));
    garden["currencies"]
        .as_array()
        .expect("currencies")
        .iter()
        .find(|c| c["currency"] == "EUR")
        .expect("EUR")
}

/// (period, version, due, paid, carried, open, outstanding) of every period.
fn rows(audit: &Value) -> Vec<(String, Value, String, String, String, bool, String)> {
    audit["periods"]
        .as_array()
        .expect("periods")
        .iter()
        .map(|p| {
            (
                p["period"].as_str().unwrap().to_string(),
                p["version"].clone(),
                p["due"].as_str().unwrap().to_string(),
                p["paid"].as_str().unwrap().to_string(),
                p["carried"].as_str().unwrap().to_string(),
                p["open"].as_bool().unwrap(),
                p["outstanding"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn row(
    period: &str,
    version: Option<u32>,
    due: &str,
    paid: &str,
    carried: &str,
    open: bool,
    outstanding: &str,
) -> (String, Value, String, String, String, bool, String) {
    (
        period.to_string(),
        version.map_or(Value::Null, Value::from),
        due.to_string(),
        paid.to_string(),
        carried.to_string(),
        open,
        outstanding.to_string(),
    )
}

#[test]
fn a_yearly_rule_changed_mid_year_asks_once_what_the_version_on_the_last_day_asks() {
    // Given garden a, opened 2025-01-01: v1 fixed 300 yearly from 2025-01-01, v2 fixed 360
    // yearly from 2025-06-01; 360 paid for 2025 on 2025-07-01
    let ledger = garden("a", "2025-01-01");
    adopt(&ledger, "a", 1, &fixed("300", "yearly"), "2025-01-01");
    adopt(&ledger, "a", 2, &fixed("360", "yearly"), "2025-06-01");
    ledger.ok(&[
        "pay",
        "garden:a",
        "big-garden",
        "360",
        "EUR",
        "--period",
        "2025",
        "--on",
        "2025-07-01",
    ]);
    // When the audit runs to 2025-12-31
    let report = ledger.json(&["audit", "--garden", "a", "--to", "2025-12-31"]);
    let audit = eur(&report, "a");
    // Then one period, 2025, judged by v2 (in force on 31 December): due 360, paid 360, settled.
    assert_eq!(
        rows(audit),
        vec![row(
            "2025",
            Some(2),
            "360.00",
            "360.00",
            "0.00",
            false,
            "0.00"
        )]
    );
    assert_eq!(text(audit, "/carried_out"), "0.00");
    assert_eq!(text(audit, "/standing"), "settled");
    assert_eq!(audit["paid_nothing_although_due"], false);
}

#[test]
fn a_payment_for_a_year_counts_in_the_yearly_period_not_in_the_months_before_the_constitution() {
    // Given garden b opened 2025-03-10 without a constitution, v1 (fixed 300 yearly) adopted on
    // 2025-04-01, and 300 paid for 2025 on 2025-05-10
    let ledger = garden("b", "2025-03-10");
    adopt(&ledger, "b", 1, &fixed("300", "yearly"), "2025-04-01");
    ledger.ok(&[
        "pay",
        "garden:b",
        "big-garden",
        "300",
        "EUR",
        "--period",
        "2025",
        "--on",
        "2025-05-10",
    ]);
    // When the audit runs to 2025-12-31
    let report = ledger.json(&["audit", "--garden", "b", "--to", "2025-12-31"]);
    let audit = eur(&report, "b");
    // Then March (no constitution on its last day) asks nothing and holds nothing; April to
    // December is the year's yearly period: 300 due, the 300 paid, settled.
    assert_eq!(
        rows(audit),
        vec![
            row("2025-03", None, "0.00", "0.00", "0.00", false, "0.00"),
            row(
                "2025-04..2025-12",
                Some(1),
                "300.00",
                "300.00",
                "0.00",
                false,
                "0.00"
            ),
        ]
    );
    let payment = &audit["periods"][1]["payments"][0];
    assert_eq!(payment["called_for"], true);
    assert_eq!(payment["counted"], true);
    assert_eq!(text(audit, "/not_called_for"), "0.00");
    // And the table lists no payment that no constitution calls for.
    let table = ledger.ok(&["audit", "--garden", "b", "--to", "2025-12-31"]);
    assert!(
        table.contains("Payments that no constitution calls for:\n  none\n"),
        "{table}"
    );
}

#[test]
fn a_yearly_rule_that_becomes_monthly_leaves_december_open_with_its_own_outstanding() {
    // Given 300 yearly from 2026-01-01 (v1), then 50 monthly from 2026-03-15 (v2), nothing paid
    let ledger = garden("c", "2026-01-01");
    adopt(&ledger, "c", 1, &fixed("300", "yearly"), "2026-01-01");
    adopt(&ledger, "c", 2, &fixed("50", "monthly"), "2026-03-15");
    // When the audit runs to 2026-12-01 (a day in the past of whoever runs this test: the
    // judging day is 2026-12-01 itself, as the clock of this test is after it)
    let report = ledger.json(&["audit", "--garden", "c", "--to", "2026-12-01"]);
    let audit = eur(&report, "c");
    let got = rows(audit);
    // Then January–February is the yearly part (v1 on 28 February): 300 due by 28 February,
    // over, so 300 in arrears; March (v2 governs all of it) to November: 9 × 50 = 450 more in
    // arrears, −750; December is open: its own 50 is outstanding, not arrears.
    assert_eq!(
        got[0],
        row(
            "2026-01..2026-02",
            Some(1),
            "300.00",
            "0.00",
            "-300.00",
            false,
            "0.00"
        )
    );
    assert_eq!(
        got[1],
        row(
            "2026-03",
            Some(2),
            "50.00",
            "0.00",
            "-350.00",
            false,
            "0.00"
        )
    );
    assert_eq!(got.len(), 11);
    assert_eq!(
        got[10],
        row(
            "2026-12",
            Some(2),
            "50.00",
            "0.00",
            "-750.00",
            true,
            "50.00"
        )
    );
    assert_eq!(text(audit, "/outstanding"), "50.00");
    assert_eq!(text(audit, "/carried_out"), "-750.00");
    // due: 300 + 10 × 50 = 800, of which 750 over.
    assert_eq!(text(audit, "/due"), "800.00");
    assert_eq!(text(audit, "/due_over"), "750.00");
    assert_eq!(text(&report, "/totals/0/outstanding"), "50.00");
}

#[test]
fn a_one_off_past_its_first_month_is_arrears_not_open() {
    // Given a one-off of 100 from 2026-01-01, unpaid
    let ledger = garden("d", "2026-01-01");
    adopt(&ledger, "d", 1, &fixed("100", "one-off"), "2026-01-01");
    // When the audit runs to 2026-03-15
    let report = ledger.json(&["audit", "--garden", "d", "--to", "2026-03-15"]);
    let audit = eur(&report, "d");
    // Then one period of one-off rule, January to March, asks 100 by 31 January: over, so 100
    // in arrears, and not open.
    assert_eq!(
        rows(audit),
        vec![row(
            "2026-01..2026-03",
            Some(1),
            "100.00",
            "0.00",
            "-100.00",
            false,
            "0.00"
        )]
    );
    assert_eq!(text(audit, "/periods/0/due_by"), "2026-01-31");
    assert_eq!(report["has_open_period"], false);
    // And on 2026-01-20 it is open: 100 outstanding, nothing in arrears.
    let early = ledger.json(&["audit", "--garden", "d", "--to", "2026-01-20"]);
    assert_eq!(
        rows(eur(&early, "d")),
        vec![row(
            "2026-01",
            Some(1),
            "100.00",
            "0.00",
            "0.00",
            true,
            "100.00"
        )]
    );
}

#[test]
fn an_audit_that_ends_after_today_judges_periods_as_of_today() {
    // Given 40 monthly from the first day of today's month, nothing paid
    let today = Utc::now().date_naive();
    let first = NaiveDate::from_ymd_opt(today.year(), today.month(), 1).unwrap();
    let ledger = garden("e", &first.to_string());
    adopt(&ledger, "e", 1, &fixed("40", "monthly"), &first.to_string());
    // When the audit runs to 31 days after today
    let to = today.checked_add_days(Days::new(31)).unwrap();
    let report = ledger.json(&["audit", "--garden", "e", "--to", &to.to_string()]);
    // Then it is judged as of today, which is not over: today's month and the next are open,
    // their 40 outstanding, nothing in arrears.
    assert_eq!(report["judged_on"], today.to_string());
    assert_eq!(report["ends_after_today"], true);
    let audit = eur(&report, "e");
    let periods = audit["periods"].as_array().unwrap();
    assert!(periods.len() >= 2, "today's month and the next: {audit}");
    for period in periods {
        assert_eq!(period["open"], true, "{period}");
        assert_eq!(text(period, "/outstanding"), "40.00");
    }
    assert_eq!(text(audit, "/carried_out"), "0.00");
    assert_eq!(
        text(audit, "/outstanding"),
        format!("{}.00", 40 * periods.len())
    );
    let table = ledger.ok(&["audit", "--garden", "e", "--to", &to.to_string()]);
    assert!(
        table.contains(&format!("after today ({today})")),
        "the report says its end is after today: {table}"
    );
    assert!(
        table.contains("Gardens that paid nothing although due:\n  none\n"),
        "{table}"
    );
}

#[test]
fn a_conscious_rule_that_received_nothing_reads_nothing_due_not_settled() {
    // Given a conscious monthly rule suggesting 15 from 2026-01-01, nothing paid
    let ledger = garden("f", "2026-01-01");
    adopt(
        &ledger,
        "f",
        1,
        "mode = \"conscious\"\nsuggested = \"15\"\ncadence = \"monthly\"",
        "2026-01-01",
    );
    // When the audit runs to 2026-02-28
    let table = ledger.ok(&["audit", "--garden", "f", "--to", "2026-02-28"]);
    // Then each month reads "nothing due: conscious, 15.00 suggested, 0.00 paid", never settled.
    let january = table
        .lines()
        .find(|l| l.contains("│ 2026-01 "))
        .unwrap_or_else(|| panic!("a January row: {table}"));
    assert!(
        january.contains("nothing due: conscious, 15.00 suggested, 0.00 paid"),
        "{january}"
    );
    assert!(!january.contains("settled"), "{january}");
}

#[test]
fn the_not_called_for_total_sums_exactly_the_payments_listed_under_it() {
    // Given garden g without a constitution that pays 20 and 5 (one-off) in January, and a
    // member paying the big garden 7 directly
    let ledger = garden("g", "2026-01-01");
    for amount in ["20", "5"] {
        ledger.ok(&[
            "pay",
            "garden:g",
            "big-garden",
            amount,
            "EUR",
            "--mode",
            "fixed",
            "--on",
            "2026-01-10",
        ]);
    }
    ledger.ok(&[
        "member",
        "join",
        "g",
        "cy",
        "--name",
        "Cy",
        "--on",
        "2026-01-02",
    ]);
    ledger.ok(&[
        "pay",
        "member:cy",
        "big-garden",
        "7",
        "EUR",
        "--mode",
        "conscious",
        "--on",
        "2026-01-12",
    ]);
    // When the audit of every garden runs to 2026-01-31
    let table = ledger.ok(&["audit", "--to", "2026-01-31"]);
    let report = ledger.json(&["audit", "--to", "2026-01-31"]);
    // Then 20 + 5 = 25 is not called for, and exactly those two payments are listed under it;
    // the member's 7 is in its own table and the "from members" total.
    assert_eq!(text(&report, "/totals/0/not_called_for"), "25.00");
    assert_eq!(text(&report, "/totals/0/from_members"), "7.00");
    let listed: Vec<&str> = table
        .split("Payments that no constitution calls for:\n")
        .nth(1)
        .expect("the list")
        .lines()
        .take_while(|l| l.starts_with("  #"))
        .collect();
    assert_eq!(listed.len(), 2, "{table}");
    assert!(listed.iter().all(|l| l.contains("garden:g")), "{listed:?}");
    // And the legend explains every column it prints.
    let legend = table.split_whitespace().collect::<Vec<_>>().join(" ");
    for column in [
        "due is the fixed amount",
        "suggested, what a conscious rule suggests",
        "paid, every payment counted in the period",
        "difference = counted − due",
        "carried, the running standing",
        "seq: the entry",
        "for: the period it says it pays for",
        "counts in: the period it counts in",
        "hash: its record's hash",
        "paid by gardens: what the gardens paid",
        "from members: paid by members straight",
        "not called for: paid in periods",
        "open, not yet due: what periods",
        "counted toward dues: the part",
    ] {
        assert!(
            legend.contains(column),
            "the legend explains {column}: {table}"
        );
    }
}

#[test]
fn a_correction_counts_where_the_payment_it_reverses_counts() {
    // Given 40 monthly from January; 40 paid on 20 January naming no period (entry 5), reversed
    // on 10 February
    let ledger = garden("h", "2026-01-01");
    adopt(&ledger, "h", 1, &fixed("40", "monthly"), "2026-01-01");
    let receipt = ledger.ok(&[
        "pay",
        "garden:h",
        "big-garden",
        "40",
        "EUR",
        "--on",
        "2026-01-20",
    ]);
    let entry = cli_support::entry_of(&receipt).to_string();
    ledger.ok(&[
        "reverse",
        &entry,
        "--reason",
        "the transfer bounced",
        "--on",
        "2026-02-10",
    ]);
    // When the audit runs to 2026-02-28
    let report = ledger.json(&["audit", "--garden", "h", "--to", "2026-02-28"]);
    let audit = eur(&report, "h");
    // Then both count in January (the payment's date): paid 40 − 40 = 0, 40 in arrears;
    // February owes its own 40 too: −80.
    assert_eq!(
        rows(audit),
        vec![
            row("2026-01", Some(1), "40.00", "0.00", "-40.00", false, "0.00"),
            row("2026-02", Some(1), "40.00", "0.00", "-80.00", false, "0.00"),
        ]
    );
    let january = audit["periods"][0]["payments"].as_array().unwrap();
    assert_eq!(january.len(), 2);
    assert_eq!(january[1]["correction_of"], entry.parse::<u64>().unwrap());
    // And what the big garden received over these days is 40 − 40 = 0.
    assert_eq!(text(audit, "/paid_in_dates"), "0.00");
}
