//! `export beancount` read by beancount 3 itself: `bean-check` accepts the file with no error,
//! and for every garden and the big garden, the balance per currency that `bean-query` sums
//! from the file equals the one `jardins balance ID --format json`, the real command, prints
//! for the ledger (and the library's). Two independent programs compute each figure. Run on the
//! hand-built community of `report_support` (hostile notes, a currency code with a digit), on
//! the demo community and on a small generated one; the notes and reasons beancount reads back
//! are the ledger's, character for character, and each reversal shares a link with the entry
//! it undoes.
//!
//! A last ledger holds names and notes written to break out of beancount's strings (quotes,
//! backslashes, newlines, directives, links, tags) and a currency whose code is a word
//! beancount reserves (`TRUE`): the file still passes, holds exactly its accounts and
//! commodities, and every text reads back as it was typed.
//!
//! When beancount is not installed the test says so plainly and checks nothing; with the
//! environment variable `CI` set (CI installs it: .ci/run) a missing beancount fails the test.

mod report_support;
#[path = "hostile/support.rs"]
mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;

use chrono::{DateTime, NaiveDate, Utc};
use jardins_ledger::{Account, Command as LedgerCommand, EventKind, GardenId};
use jardins_store::Ledger;
use rust_decimal::Decimal;

/// Balances per currency, zeros left out.
type Balances = BTreeMap<String, Decimal>;

/// A tool run in a UTF-8 locale (the file is UTF-8), each run reading the file itself
/// (beancount would otherwise keep what it loaded in a cache file beside it).
fn tool(name: &str) -> Command {
    let mut command = Command::new(name);
    command
        .env("LC_ALL", "C.UTF-8")
        .env("BEANCOUNT_DISABLE_LOAD_CACHE", "1");
    command
}

/// Whether beancount's `bean-check` and `bean-query` can be run; if not, says so, and fails
/// under CI.
fn beancount_available() -> bool {
    let found = ["bean-check", "bean-query"].iter().all(|name| {
        tool(name)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    });
    if !found {
        let message = "beancount 3 is not installed: the beancount export was NOT checked with bean-check and bean-query (install it: pip install beancount beanquery)";
        assert!(
            std::env::var_os("CI").is_none(),
            "{message}; CI must install it"
        );
        // Written to the process's stderr itself, which the harness does not capture.
        use std::io::Write;
        let _ = writeln!(std::io::stderr(), "SKIPPED: {message}");
    }
    found
}

/// The beancount account of a jardins account, spelled out here from the documented mapping
/// (crates/report/src/beancount.rs), not taken from the exporter.
fn beancount_account(account: &Account) -> String {
    let capitalised = |id: &str| {
        let mut chars = id.chars();
        let first = chars
            .next()
            .expect("an id is not empty")
            .to_ascii_uppercase();
        format!("{first}{}", chars.as_str())
    };
    match account {
        Account::Garden(id) => format!("Assets:Gardens:{}", capitalised(id.as_str())),
        Account::BigGarden => "Assets:BigGarden".to_string(),
        Account::Member(id) => format!("Income:Members:{}", capitalised(id.as_str())),
        Account::Outside => "Income:Outside".to_string(),
    }
}

/// The jardins code of a beancount commodity, from the documented mapping: the words
/// beancount reserves carry `_J`, every other code is itself.
fn jardins_code(commodity: &str) -> String {
    match commodity {
        "TRUE_J" | "FALSE_J" | "NULL_J" => commodity.trim_end_matches("_J").to_string(),
        other => other.to_string(),
    }
}

/// The rows of `bean-query -f csv FILE QUERY`, each cell trimmed (numbers come padded).
fn bean_query(file: &Path, query: &str) -> Vec<Vec<String>> {
    let output = tool("bean-query")
        .args(["-f", "csv"])
        .arg(file)
        .arg(query)
        .output()
        .expect("bean-query runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success() && stderr.trim().is_empty(),
        "bean-query failed on {query}:\n{stderr}"
    );
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(output.stdout.as_slice());
    reader
        .records()
        .map(|r| {
            r.expect("bean-query writes CSV")
                .iter()
                .map(|cell| cell.trim().to_string())
                .collect()
        })
        .collect()
}

/// Every account's balance per currency at the end of `as_of`, as beancount sums it.
fn beancount_balances(file: &Path, as_of: NaiveDate) -> BTreeMap<String, Balances> {
    let mut balances: BTreeMap<String, Balances> = BTreeMap::new();
    let query = format!(
        "SELECT account, currency, sum(number) AS total WHERE date <= {as_of} \
         GROUP BY account, currency ORDER BY account, currency"
    );
    for row in bean_query(file, &query) {
        let [account, currency, total] = row.as_slice() else {
            panic!("a row of three cells: {row:?}");
        };
        let total: Decimal = total.parse().expect("an exact amount");
        if !total.is_zero() {
            balances
                .entry(account.clone())
                .or_default()
                .insert(jardins_code(currency), total);
        }
    }
    balances
}

fn library_balance(ledger: &Ledger, account: &Account, as_of: NaiveDate) -> Balances {
    jardins_report::balance(ledger, account, None, as_of, false)
        .unwrap()
        .currencies
        .iter()
        .filter(|c| !c.total.closing.is_zero())
        .map(|c| (c.currency.code.to_string(), c.total.closing))
        .collect()
}

fn jardins(path: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_jardins"));
    command
        .env_remove("JARDINS_LEDGER")
        .arg("--ledger")
        .arg(path)
        // The test has just let go of the ledger: give sled time to release its lock.
        .args(["--wait", "30"]);
    command
}

/// What `jardins balance ACCOUNT --to AS_OF --format json` prints, per currency, zeros left out.
fn command_line_balance(path: &Path, account: &Account, as_of: NaiveDate) -> Balances {
    let output = jardins(path)
        .args(["balance", &account.to_string()])
        .args(["--to", &as_of.to_string(), "--format", "json"])
        .output()
        .expect("the jardins binary runs");
    assert!(
        output.status.success(),
        "jardins balance {account} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
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

/// What the ledger holds, read from its records by the test: the money entries, their notes
/// or reasons, and the reversals (reversal, entry undone).
struct Expected {
    money_entries: BTreeSet<u64>,
    texts: BTreeMap<u64, String>,
    reversals: Vec<(u64, u64)>,
}

fn expected(ledger: &Ledger) -> Expected {
    let mut expected = Expected {
        money_entries: BTreeSet::new(),
        texts: BTreeMap::new(),
        reversals: Vec::new(),
    };
    for record in ledger.records(1) {
        let record = record.unwrap();
        if record.event.postings().is_empty() {
            continue;
        }
        expected.money_entries.insert(record.sequence);
        let text = match &record.event.kind {
            EventKind::ContributionPaid { note, .. }
            | EventKind::CollectionRecorded { note, .. }
            | EventKind::ExpensePaid { note, .. } => note.as_str(),
            EventKind::EntryReversed { entry, reason, .. } => {
                expected.reversals.push((record.sequence, *entry));
                reason.as_str()
            }
            _ => "",
        };
        if !text.trim().is_empty() {
            expected.texts.insert(record.sequence, text.to_string());
        }
    }
    expected
}

/// Exports the ledger at `path` with the real command, checks the file with `bean-check`,
/// then compares, for every garden and the big garden, beancount's balances with the
/// command's and the library's. Returns how many balances were compared with beancount's.
fn check_beancount(ledger: Ledger, path: &Path, as_of: NaiveDate, label: &str) -> usize {
    let mut accounts: Vec<Account> = ledger
        .gardens()
        .unwrap()
        .into_iter()
        .map(|(id, _): (GardenId, _)| Account::Garden(id))
        .collect();
    accounts.push(Account::BigGarden);
    let from_library: Vec<Balances> = accounts
        .iter()
        .map(|account| library_balance(&ledger, account, as_of))
        .collect();
    let expected = expected(&ledger);
    drop(ledger);

    // Given the file the real command writes
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(format!("{label}.beancount"));
    let export = jardins(path)
        .args(["export", "beancount", "--output"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        export.status.success(),
        "{label}: export beancount failed: {}",
        String::from_utf8_lossy(&export.stderr)
    );

    // Then bean-check accepts it, saying nothing
    let check = tool("bean-check").arg(&file).output().unwrap();
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&check.stdout),
        String::from_utf8_lossy(&check.stderr)
    );
    assert!(
        check.status.success() && said.trim().is_empty(),
        "{label}: bean-check found errors:\n{said}"
    );

    // And it holds one transaction per money entry, none injected by a note
    let entries: BTreeSet<u64> = bean_query(&file, "SELECT DISTINCT entry_meta('seq') AS seq")
        .iter()
        .map(|row| row[0].parse().expect("a sequence number"))
        .collect();
    assert_eq!(
        entries, expected.money_entries,
        "{label}: beancount's transactions are the money entries"
    );

    // And beancount reads back every note and reason exactly
    let texts: BTreeMap<u64, String> = bean_query(
        &file,
        "SELECT DISTINCT entry_meta('seq') AS seq, \
         coalesce(entry_meta('note'), entry_meta('reason')) AS text",
    )
    .into_iter()
    .filter(|row| !row[1].is_empty())
    .map(|row| (row[0].parse().unwrap(), row[1].clone()))
    .collect();
    // (cells are trimmed: compare the texts trimmed too)
    let wanted: BTreeMap<u64, String> = expected
        .texts
        .iter()
        .map(|(seq, text)| (*seq, text.trim().to_string()))
        .collect();
    assert_eq!(texts, wanted, "{label}: notes and reasons read back");

    // And each reversal shares a link with the entry it undoes
    let links: BTreeMap<u64, String> = bean_query(
        &file,
        "SELECT DISTINCT entry_meta('seq') AS seq, links WHERE length(links) > 0",
    )
    .into_iter()
    .map(|row| (row[0].parse().unwrap(), row[1].clone()))
    .collect();
    for (reversal, undone) in &expected.reversals {
        let link = format!("entry-{undone}");
        for entry in [reversal, undone] {
            assert!(
                links.get(entry).is_some_and(|l| l.contains(&link)),
                "{label}: entry {entry} carries the link {link}: {links:?}"
            );
        }
    }

    // And every garden's and the big garden's balances are the same in beancount, in the
    // command and in the library
    let from_beancount = beancount_balances(&file, as_of);
    let mut compared = 0;
    for (account, library) in accounts.iter().zip(&from_library) {
        let printed = command_line_balance(path, account, as_of);
        assert_eq!(
            &printed, library,
            "{label}: `jardins balance {account} --format json` against the library"
        );
        let name = beancount_account(account);
        let found = from_beancount.get(&name).cloned().unwrap_or_default();
        assert_eq!(
            found, printed,
            "{label}: bean-query's balance of {name} against `jardins balance {account}`"
        );
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
fn beancount_reads_the_hand_built_community_as_jardins_does() {
    if !beancount_available() {
        return;
    }
    // Given the hand-built community, with hostile notes and a currency code with a digit
    let community = report_support::build();
    let path = community.dir.path().join("ledger");
    // (paris's hand-worked figures are among those compared)
    let paris = library_balance(
        &community.ledger,
        &"garden:paris".parse().unwrap(),
        report_support::date("2026-12-31"),
    );
    assert_eq!(paris["EUR"], report_support::d("207.50"));
    assert_eq!(paris["GRAINE"], report_support::d("13"));
    // When it is exported and read by beancount; then (in check_beancount) they agree
    let compared = check_beancount(
        community.ledger,
        &path,
        report_support::date("2026-12-31"),
        "hand-built",
    );
    // on paris, grenoble, acme-interne and the big garden
    assert_eq!(compared, 4);
}

#[test]
fn beancount_reads_the_demo_community_as_jardins_does() {
    if !beancount_available() {
        return;
    }
    let (dir, ledger) = ledger_of(jardins_generate::demo_commands().into_iter());
    let gardens = ledger.gardens().unwrap().len();
    let compared = check_beancount(
        ledger,
        &dir.path().join("ledger"),
        now().date_naive(),
        "demo",
    );
    assert_eq!(compared, gardens + 1);
}

#[test]
fn beancount_reads_a_generated_community_as_jardins_does() {
    if !beancount_available() {
        return;
    }
    let events = jardins_generate::community(800, 11);
    let (dir, ledger) = ledger_of(events.map(|e| LedgerCommand::from_event(&e)));
    assert!(ledger.head().sequence > 700);
    let gardens = ledger.gardens().unwrap().len();
    let compared = check_beancount(
        ledger,
        &dir.path().join("ledger"),
        now().date_naive(),
        "generated",
    );
    assert_eq!(compared, gardens + 1);
}

/// Notes that try to end beancount's string and write directives, links, tags, options or
/// metadata of their own, or to break its escapes.
const HOSTILE_NOTES: &[&str] = &[
    "merci\"\n2024-01-01 open Assets:Forged\n2024-01-01 * \"forged\"\n  Assets:Forged  1000 EUR\n  Income:Outside",
    "a backslash at the end \\",
    "\\\" and a quote after a backslash",
    "literal \\n is not a newline, \\t nor a tab",
    "^forged-link #forged-tag forged-key: \"value\"",
    "option \"title\" \"forged\"\nplugin \"beancount.plugins.auto\"\ninclude \"/etc/passwd\"",
    "x\u{2028}2024-01-04 * \"line separator\"\u{2029}  Assets:Forged  1 EUR",
    "sixty-five lines\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\nend",
    "  ; a comment?  ",
];

#[test]
fn names_notes_and_codes_cannot_break_the_beancount_file() {
    if !beancount_available() {
        return;
    }
    // Given a garden and a person whose names hold quotes and backslashes, a currency whose
    // code beancount reserves and whose name tries to end its string, and hostile notes
    let fixture = support::Fixture::garden();
    fixture.ok(&[
        "currency",
        "declare",
        "TRUE",
        "--name",
        "Vrai \"\\\" ^x #y",
        "--places",
        "1",
    ]);
    // (version 2 of the garden's constitution accepts the new currency from its gardeners)
    let constitution = std::fs::read_to_string(support::sample("conscious.toml"))
        .unwrap()
        .replace("version = 1", "version = 2")
        + "\n[[commitments]]\ncurrency = \"TRUE\"\nmode = \"conscious\"\ncadence = \"monthly\"\n";
    let constitution_file = fixture.dir.path().join("v2.toml");
    std::fs::write(&constitution_file, constitution).unwrap();
    fixture.ok(&[
        "garden",
        "constitution",
        "g",
        constitution_file.to_str().unwrap(),
        "--on",
        support::JOINED,
    ]);
    fixture.ok(&[
        "member",
        "join",
        "g",
        "z-2",
        "--name",
        "Zoé \"Z\" \\ 2",
        "--on",
        support::JOINED,
    ]);
    let mut money = 0;
    for (i, note) in HOSTILE_NOTES.iter().enumerate() {
        let (from, currency) = if i % 2 == 0 {
            ("member:m", "EUR")
        } else {
            ("member:z-2", "TRUE")
        };
        fixture.ok(&[
            "pay",
            from,
            "garden:g",
            "2.0",
            currency,
            "--on",
            support::PAID,
            "--note",
            note,
            "--key",
            &format!("n{i}"),
        ]);
        money += 1;
    }
    let receipt = fixture.ok(&[
        "expense",
        "garden:g",
        "1.00",
        "EUR",
        "--on",
        support::PAID,
        "--note",
        HOSTILE_NOTES[1],
    ]);
    let entry = support::receipt(&receipt)
        .expect("a receipt")
        .sequence
        .to_string();
    fixture.ok(&[
        "reverse",
        &entry,
        "--on",
        support::PAID,
        "--reason",
        HOSTILE_NOTES[0],
    ]);
    money += 2;
    let as_of = report_support::date("2024-12-31");
    let ledger = Ledger::open(&fixture.path, std::time::Duration::from_secs(30)).unwrap();
    assert_eq!(expected(&ledger).money_entries.len(), money);
    // When it is exported and read by beancount (balances, notes, reason and links compared in
    // check_beancount)
    assert_eq!(check_beancount(ledger, &fixture.path, as_of, "hostile"), 2);
    // Then the file holds exactly the ledger's accounts and commodities, none forged, with
    // their names as typed
    let file = fixture.dir.path().join("hostile.beancount");
    fixture.ok(&["export", "beancount", "--output", file.to_str().unwrap()]);
    let accounts: BTreeMap<String, (String, String)> = bean_query(
        &file,
        "SELECT DISTINCT account, open_date(account) AS opened, open_meta(account, 'name') AS name",
    )
    .into_iter()
    .map(|row| (row[0].clone(), (row[1].clone(), row[2].clone())))
    .collect();
    let wanted: BTreeMap<String, (String, String)> = [
        // Opened on its first day: the garden when it opened, a person on their first payment
        ("Assets:Gardens:G", support::OPENED, "G"),
        ("Income:Members:M", support::PAID, "m"),
        ("Income:Members:Z-2", support::PAID, "Zoé \"Z\" \\ 2"),
        ("Income:Outside", support::PAID, "outside the community"),
    ]
    .into_iter()
    .map(|(a, on, name)| (a.to_string(), (on.to_string(), name.to_string())))
    .collect();
    assert_eq!(accounts, wanted);
    let commodities: BTreeMap<String, (String, String)> = bean_query(
        &file,
        "SELECT DISTINCT currency, commodity_meta(currency, 'name') AS name, \
         commodity_meta(currency, 'code') AS code",
    )
    .into_iter()
    .map(|row| (row[0].clone(), (row[1].clone(), row[2].clone())))
    .collect();
    let wanted: BTreeMap<String, (String, String)> =
        [("EUR", "Euro", ""), ("TRUE_J", "Vrai \"\\\" ^x #y", "TRUE")]
            .into_iter()
            .map(|(c, name, code)| (c.to_string(), (name.to_string(), code.to_string())))
            .collect();
    assert_eq!(commodities, wanted);
    // And nothing in the text begins a line of its own
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(!text.contains("\nplugin") && !text.contains("\ninclude"));
    assert_eq!(text.matches("\noption ").count(), 2);
}
