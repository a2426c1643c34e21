//! `export journal` read by the real tools: for every garden (and the big garden) and every
//! currency, `hledger balance garden:ID` and `ledger balance garden:ID` on the exported journal
//! equal the balance `jardins_report::balance` gives, and the one the real command prints,
//! `jardins balance ID --format json`. Run on the hand-built community of `report_support`, on
//! the demo community and on a small generated one.
//!
//! When a tool is not installed the test says so plainly; with the environment variable `CI`
//! set (CI installs both) a missing tool fails the test.

mod report_support;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use chrono::{DateTime, NaiveDate, Utc};
use jardins_ledger::{Account, Command as LedgerCommand, GardenId};
use jardins_store::Ledger;
use rust_decimal::Decimal;

/// Balances per currency, zeros left out (the tools leave them out too).
type Balances = BTreeMap<String, Decimal>;

/// A tool run in a UTF-8 locale: the journal is UTF-8 (names and notes in its comments), and
/// hledger refuses non-ASCII input under the C locale.
fn tool(name: &str) -> Command {
    let mut command = Command::new(name);
    command.env("LC_ALL", "C.UTF-8");
    command
}

/// Whether `tool` can be run; if not, says so, and fails under CI.
fn available(tool: &str) -> bool {
    let found = self::tool(tool)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        let message = format!(
            "{tool} is not installed: the journal was NOT checked with {tool} (install it: apt-get install {tool})"
        );
        assert!(
            std::env::var_os("CI").is_none(),
            "{message}; CI must install it"
        );
        // Written to the process's stderr itself, which the test harness does not capture:
        // the skip shows even when the test passes.
        use std::io::Write;
        let _ = writeln!(std::io::stderr(), "SKIPPED: {message}");
    }
    found
}

/// Parses the amount lines of `hledger balance -N` / `ledger balance --no-total`:
/// `   207.50 EUR`, `  1.250 "SEL2"  garden:x`.
fn parse_balances(output: &str) -> Balances {
    let mut balances = Balances::new();
    for line in output.lines() {
        let mut words = line.split_whitespace();
        let (Some(amount), Some(commodity)) = (words.next(), words.next()) else {
            continue;
        };
        let Ok(value) = amount.parse::<Decimal>() else {
            continue;
        };
        if !value.is_zero() {
            *balances
                .entry(commodity.trim_matches('"').to_string())
                .or_default() += value;
        }
    }
    balances
}

fn tool_balance(tool: &str, journal: &Path, query: &str) -> Balances {
    let no_total = if tool == "hledger" {
        "-N"
    } else {
        "--no-total"
    };
    let output = self::tool(tool)
        .arg("-f")
        .arg(journal)
        .args(["balance", query, no_total])
        .output()
        .unwrap_or_else(|e| panic!("{tool} runs: {e}"));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success() && stderr.trim().is_empty(),
        "{tool} read the journal with an error:\n{stderr}"
    );
    parse_balances(&stdout)
}

fn jardins_balance(ledger: &Ledger, account: &Account, as_of: NaiveDate) -> Balances {
    jardins_report::balance(ledger, account, None, as_of, false)
        .unwrap()
        .currencies
        .iter()
        .filter(|c| !c.total.closing.is_zero())
        .map(|c| (c.currency.code.to_string(), c.total.closing))
        .collect()
}

/// What `jardins balance ACCOUNT --to AS_OF --format json`, the real binary, prints for the
/// ledger at `path`, per currency, zeros left out.
fn command_line_balance(path: &Path, account: &Account, as_of: NaiveDate) -> Balances {
    let output = Command::new(env!("CARGO_BIN_EXE_jardins"))
        .env_remove("JARDINS_LEDGER")
        // English, whatever the locale of whoever runs the tests (tests/cli_lang.rs checks French).
        .env_remove("JARDINS_LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG")
        .arg("--ledger")
        .arg(path)
        // The test has just let go of the ledger: give sled time to release its lock.
        .args(["--wait", "30", "balance", &account.to_string()])
        .args(["--to", &as_of.to_string(), "--format", "json"])
        .output()
        .expect("the jardins binary runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "jardins balance {account} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    report["balances"]
        .as_array()
        .expect("a balances array")
        .iter()
        .map(|b| {
            let code = b["currency"].as_str().expect("a currency code").to_string();
            let amount: Decimal = b["balance"]
                .as_str()
                .expect("an amount as a string")
                .parse()
                .expect("an exact amount");
            (code, amount)
        })
        .filter(|(_, amount)| !amount.is_zero())
        .collect()
}

/// Exports `ledger` (held open at `path`) and compares every garden's and the big garden's
/// balances with the tools, then, once the ledger is let go, with the `jardins balance`
/// command. Returns how many (account, tool or command) comparisons were made.
fn check_journal(ledger: Ledger, path: &Path, as_of: NaiveDate, label: &str) -> usize {
    let dir = tempfile::tempdir().unwrap();
    let ledger_path = path;
    let path = dir.path().join(format!("{label}.journal"));
    let mut file = std::fs::File::create(&path).unwrap();
    let transactions = jardins_report::journal(&ledger, &mut file).unwrap();
    drop(file);
    assert!(
        transactions > 0,
        "{label}: the journal holds no transaction"
    );
    let gardens: Vec<GardenId> = ledger
        .gardens()
        .unwrap()
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    let mut compared = 0;
    // (account, tool, what the tool found), to set against the command line below.
    let mut found_by_tools: Vec<(Account, &str, Balances)> = Vec::new();
    let mut accounts: Vec<Account> = gardens.iter().cloned().map(Account::Garden).collect();
    accounts.push(Account::BigGarden);
    for tool in ["hledger", "ledger"] {
        if !available(tool) {
            continue;
        }
        // Every transaction the journal holds is one money event: none was injected by a note.
        let print = self::tool(tool)
            .arg("-f")
            .arg(&path)
            .arg("print")
            .output()
            .unwrap();
        assert!(print.status.success(), "{tool} print failed");
        let printed = String::from_utf8_lossy(&print.stdout)
            .lines()
            .filter(|l| l.starts_with(|c: char| c.is_ascii_digit()))
            .count();
        assert_eq!(
            printed as u64, transactions,
            "{label}: {tool} counts the transactions"
        );
        let mut queries: Vec<(Account, String)> = gardens
            .iter()
            .map(|id| {
                // `garden:ID` is a pattern for both tools: anchor it when another id extends it.
                let extended = gardens
                    .iter()
                    .any(|other| other != id && other.as_str().starts_with(id.as_str()));
                let query = if extended {
                    format!("^garden:{id}$")
                } else {
                    format!("garden:{id}")
                };
                (Account::Garden(id.clone()), query)
            })
            .collect();
        queries.push((Account::BigGarden, "big-garden".to_string()));
        for (account, query) in &queries {
            let expected = jardins_balance(&ledger, account, as_of);
            let found = tool_balance(tool, &path, query);
            assert_eq!(
                found, expected,
                "{label}: `{tool} balance {query}` against jardins"
            );
            found_by_tools.push((account.clone(), tool, found));
            compared += 1;
        }
    }
    // The real command, on the same ledger: the library's figures, and the tools' too.
    let expected: Vec<Balances> = accounts
        .iter()
        .map(|account| jardins_balance(&ledger, account, as_of))
        .collect();
    drop(ledger);
    for (account, expected) in accounts.iter().zip(&expected) {
        let printed = command_line_balance(ledger_path, account, as_of);
        assert_eq!(
            &printed, expected,
            "{label}: `jardins balance {account} --format json` against the library"
        );
        for (_, tool, found) in found_by_tools.iter().filter(|(a, _, _)| a == account) {
            assert_eq!(
                &printed, found,
                "{label}: `jardins balance {account} --format json` against `{tool} balance`"
            );
            compared += 1;
        }
        compared += 1;
    }
    compared
}

fn now() -> DateTime<Utc> {
    "2027-01-15T12:00:00Z".parse().unwrap()
}

/// A ledger at `ledger` in a new temporary directory, holding `commands`.
fn ledger_of(commands: impl Iterator<Item = LedgerCommand>) -> (tempfile::TempDir, Ledger) {
    let dir = tempfile::tempdir().unwrap();
    let ledger = Ledger::create(&dir.path().join("ledger"), now()).unwrap();
    let commands: Vec<(LedgerCommand, Option<String>)> = commands.map(|c| (c, None)).collect();
    for chunk in commands.chunks(jardins_store::MAX_BATCH) {
        ledger
            .append_batch(chunk, now())
            .unwrap_or_else(|(index, e)| panic!("command {index} of a batch refused: {e}"));
    }
    (dir, ledger)
}

#[test]
fn hledger_and_ledger_read_the_hand_built_community_as_jardins_does() {
    // Given the hand-built community, with a hostile note and a currency whose code holds a digit
    let community = report_support::build();
    let path = community.dir.path().join("ledger");
    // (the hand-worked figures are among those compared)
    let paris = jardins_balance(
        &community.ledger,
        &"garden:paris".parse().unwrap(),
        report_support::date("2026-12-31"),
    );
    assert_eq!(paris["EUR"], report_support::d("207.50"));
    assert_eq!(paris["GRAINE"], report_support::d("13"));
    // When it is exported and read by both tools, and its balances printed by `jardins balance`
    let compared = check_journal(
        community.ledger,
        &path,
        report_support::date("2026-12-31"),
        "hand-built",
    );
    // Then (in check_journal) every garden's and the big garden's balances agree: at least
    // one comparison with the command line per account (paris, grenoble, acme-interne and
    // the big garden).
    assert!(compared >= 4, "{compared} comparisons");
    println!("hand-built community: {compared} balance comparisons with the tools and the command");
}

#[test]
fn hledger_and_ledger_read_the_demo_community_as_jardins_does() {
    let (dir, ledger) = ledger_of(jardins_generate::demo_commands().into_iter());
    let gardens = ledger.gardens().unwrap().len();
    let compared = check_journal(
        ledger,
        &dir.path().join("ledger"),
        now().date_naive(),
        "demo",
    );
    assert!(
        compared > gardens,
        "{compared} comparisons for {gardens} gardens"
    );
    println!("demo community: {compared} balance comparisons with the tools and the command");
}

#[test]
fn hledger_and_ledger_read_a_generated_community_as_jardins_does() {
    let events = jardins_generate::community(800, 11);
    let (dir, ledger) = ledger_of(events.map(|e| LedgerCommand::from_event(&e)));
    assert!(ledger.head().sequence > 700);
    let gardens = ledger.gardens().unwrap().len();
    let compared = check_journal(
        ledger,
        &dir.path().join("ledger"),
        now().date_naive(),
        "generated",
    );
    assert!(
        compared > gardens,
        "{compared} comparisons for {gardens} gardens"
    );
    println!("generated community: {compared} balance comparisons with the tools and the command");
}
