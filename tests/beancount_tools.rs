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
//! The same file opens in Fava: Fava's own loader (`fava.core.FavaLedger`) reports no error
//! and knows exactly the ledger's accounts; the real `fava` server, on a free local port,
//! serves the ledger's pages, its balance sheet naming those accounts, with every garden's and
//! the big garden's balances as jardins computes them. Run on the demo, the generated and the
//! hostile ledgers.
//!
//! When beancount (or Fava) is not installed the test says so plainly and checks nothing; with
//! the environment variable `CI` set (CI installs both: .ci/run) a missing tool fails the test.

mod report_support;
#[path = "hostile/support.rs"]
mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

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

/// Whether every one of `commands` (a program and its arguments) runs and succeeds; if not,
/// says `missing` plainly, and fails under CI (which installs the tools: .ci/run).
fn available(commands: &[&[&str]], missing: &str) -> bool {
    let found = commands.iter().all(|command| {
        let (program, args) = command.split_first().expect("a program");
        tool(program)
            .args(args)
            .output()
            .is_ok_and(|o| o.status.success())
    });
    if !found {
        assert!(
            std::env::var_os("CI").is_none(),
            "{missing}; CI must install it"
        );
        // Written to the process's stderr itself, which the harness does not capture.
        let _ = writeln!(std::io::stderr(), "SKIPPED: {missing}");
    }
    found
}

/// Whether beancount's `bean-check` and `bean-query` can be run.
fn beancount_available() -> bool {
    available(
        &[&["bean-check", "--version"], &["bean-query", "--version"]],
        "beancount 3 is not installed: the beancount export was NOT checked with bean-check and bean-query (install it: pip install beancount beanquery)",
    )
}

/// Whether Fava can be run, as a server and as a Python library.
fn fava_available() -> bool {
    available(
        &[&["fava", "--version"], &["python3", "-c", "import fava.core"]],
        "Fava is not installed: the beancount export was NOT opened in Fava (install it: pip install fava)",
    )
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
/// or reasons, the reversals (reversal, entry undone), and the beancount accounts its entries
/// post to.
struct Expected {
    money_entries: BTreeSet<u64>,
    posted_accounts: BTreeSet<String>,
    texts: BTreeMap<u64, String>,
    reversals: Vec<(u64, u64)>,
}

fn expected(ledger: &Ledger) -> Expected {
    let mut expected = Expected {
        money_entries: BTreeSet::new(),
        posted_accounts: BTreeSet::new(),
        texts: BTreeMap::new(),
        reversals: Vec::new(),
    };
    for record in ledger.records(1) {
        let record = record.unwrap();
        if record.event.postings().is_empty() {
            continue;
        }
        expected.money_entries.insert(record.sequence);
        for posting in record.event.postings() {
            expected
                .posted_accounts
                .insert(beancount_account(&posting.account));
        }
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

/// The accounts whose balances are compared: every garden, and the big garden.
fn reported_accounts(ledger: &Ledger) -> Vec<Account> {
    let mut accounts: Vec<Account> = ledger
        .gardens()
        .unwrap()
        .into_iter()
        .map(|(id, _): (GardenId, _)| Account::Garden(id))
        .collect();
    accounts.push(Account::BigGarden);
    accounts
}

/// `jardins export beancount` of the ledger at `path`, the real command, into `dir`.
fn export(path: &Path, dir: &Path, label: &str) -> PathBuf {
    let file = dir.join(format!("{label}.beancount"));
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
    file
}

/// Exports the ledger at `path` with the real command, checks the file with `bean-check`,
/// then compares, for every garden and the big garden, beancount's balances with the
/// command's and the library's. Returns how many balances were compared with beancount's.
fn check_beancount(ledger: Ledger, path: &Path, as_of: NaiveDate, label: &str) -> usize {
    let accounts = reported_accounts(&ledger);
    let from_library: Vec<Balances> = accounts
        .iter()
        .map(|account| library_balance(&ledger, account, as_of))
        .collect();
    let expected = expected(&ledger);
    drop(ledger);

    // Given the file the real command writes
    let dir = tempfile::tempdir().unwrap();
    let file = export(path, dir.path(), label);

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

/// Fava's own loader (`fava.core.FavaLedger`, what `fava` serves) on the file in argv[1]:
/// prints, as JSON, the errors it reports and the accounts it knows.
const FAVA_LOADER: &str = r#"
import json, os, sys
from fava.core import FavaLedger
ledger = FavaLedger(os.path.abspath(sys.argv[1]))
print(json.dumps({
    "errors": [str(getattr(error, "message", error)) for error in ledger.errors],
    "accounts": sorted(ledger.accounts),
}))
"#;

/// How long Fava is given to load the file and answer, in seconds.
const FAVA_START_SECONDS: u64 = 30;

/// The most a page of Fava's is read (the balance sheet of the generated community is some
/// tens of kilobytes).
const MAX_PAGE_BYTES: u64 = 16 << 20;

/// A `fava` server, killed when the test ends, however it ends.
struct Fava {
    child: Child,
    port: u16,
    log: PathBuf,
}

impl Fava {
    /// `fava --host 127.0.0.1 --port P FILE` on a free port, once it answers.
    fn serve(file: &Path) -> Fava {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .expect("a free port")
            .port();
        let log = file.with_extension("fava.log");
        let output = std::fs::File::create(&log).unwrap();
        let child = tool("fava")
            .args(["--host", "127.0.0.1", "--port", &port.to_string()])
            .arg(file)
            .stdin(Stdio::null())
            .stdout(output.try_clone().unwrap())
            .stderr(output)
            .spawn()
            .expect("fava starts");
        let mut fava = Fava { child, port, log };
        let started = Instant::now();
        while fava.get("/").is_err() {
            if let Some(status) = fava.child.try_wait().unwrap() {
                panic!("fava stopped ({status}):\n{}", fava.said());
            }
            assert!(
                started.elapsed() < Duration::from_secs(FAVA_START_SECONDS),
                "fava does not answer on port {port} after {FAVA_START_SECONDS} s:\n{}",
                fava.said()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        fava
    }

    /// What fava wrote on its standard output and error.
    fn said(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// `GET path` over plain HTTP/1.0 (the server closes the connection after the answer).
    fn get(&self, path: &str) -> std::io::Result<Page> {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port))?;
        stream.set_read_timeout(Some(Duration::from_secs(FAVA_START_SECONDS)))?;
        write!(
            stream,
            "GET {path} HTTP/1.0\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n\r\n",
            self.port
        )?;
        let mut bytes = Vec::new();
        stream.take(MAX_PAGE_BYTES + 1).read_to_end(&mut bytes)?;
        assert!(
            bytes.len() as u64 <= MAX_PAGE_BYTES,
            "fava's answer to {path} is over {MAX_PAGE_BYTES} bytes"
        );
        let text = String::from_utf8(bytes).expect("fava answers in UTF-8");
        let (head, body) = text
            .split_once("\r\n\r\n")
            .unwrap_or_else(|| panic!("an HTTP answer to {path}: {text:?}"));
        let status = head
            .split_whitespace()
            .nth(1)
            .and_then(|code| code.parse().ok())
            .unwrap_or_else(|| panic!("a status line answering {path}: {head:?}"));
        Ok(Page {
            status,
            head: head.to_string(),
            body: body.to_string(),
        })
    }

    /// `GET path`, answered 200.
    fn page(&self, path: &str) -> String {
        let page = self
            .get(path)
            .unwrap_or_else(|e| panic!("fava answers GET {path}: {e}"));
        assert_eq!(
            page.status,
            200,
            "GET {path}: {}\n{}\nfava said:\n{}",
            page.head,
            page.body,
            self.said()
        );
        page.body
    }
}

impl Drop for Fava {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An HTTP answer: its status, its status line and headers, its body.
struct Page {
    status: u16,
    head: String,
    body: String,
}

impl Page {
    fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().skip(1).find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.trim()
                .eq_ignore_ascii_case(name)
                .then_some(value.trim())
        })
    }
}

/// The data a page of Fava's gives its scripts: the JSON of `<script id="ledger-data">`.
fn ledger_data(page: &str) -> serde_json::Value {
    let start = page
        .find("id=\"ledger-data\">")
        .map(|at| at + "id=\"ledger-data\">".len())
        .unwrap_or_else(|| panic!("a page of Fava's holds its ledger data: {page}"));
    let end = page[start..]
        .find("</script>")
        .expect("the ledger data's end")
        + start;
    serde_json::from_str(&page[start..end]).expect("the ledger data is JSON")
}

/// The balances of every account in a tree of Fava's `api/balance_sheet`, by account.
fn fava_balances(node: &serde_json::Value, balances: &mut BTreeMap<String, Balances>) {
    let account = node["account"]
        .as_str()
        .expect("a tree node names its account");
    let balance: Balances = node["balance"]
        .as_object()
        .expect("a node's balance per commodity")
        .iter()
        .map(|(commodity, number)| {
            // Fava writes the exact decimal as a JSON number; its shortest form parses back.
            let amount: Decimal = number.to_string().parse().expect("an amount");
            (jardins_code(commodity), amount)
        })
        .filter(|(_, amount)| !amount.is_zero())
        .collect();
    balances.insert(account.to_string(), balance);
    for child in node["children"].as_array().expect("a node's children") {
        fava_balances(child, balances);
    }
}

/// Exports the ledger at `path` with the real command, loads the file with Fava's own loader,
/// then serves it with the real `fava` and reads its balance sheet: no error, the ledger's
/// accounts, and every garden's and the big garden's balances as jardins computes them.
/// Returns how many balances were compared with Fava's.
fn check_fava(ledger: Ledger, path: &Path, label: &str) -> usize {
    // (Fava's balance sheet holds every entry: beancount reads no year after 9999)
    let last_day = NaiveDate::from_ymd_opt(9999, 12, 31).unwrap();
    let accounts = reported_accounts(&ledger);
    let from_library: Vec<Balances> = accounts
        .iter()
        .map(|account| library_balance(&ledger, account, last_day))
        .collect();
    // The accounts the entries post to, and every garden's, even one with no entry
    let mut wanted: BTreeSet<String> = expected(&ledger).posted_accounts;
    wanted.extend(
        accounts
            .iter()
            .filter(|account| matches!(account, Account::Garden(_)))
            .map(beancount_account),
    );
    drop(ledger);

    // Given the file the real command writes
    let dir = tempfile::tempdir().unwrap();
    let file = export(path, dir.path(), label);

    // When Fava's own loader reads it
    let loaded = tool("python3")
        .args(["-c", FAVA_LOADER])
        .arg(&file)
        .output()
        .expect("python3 runs");
    assert!(
        loaded.status.success(),
        "{label}: Fava's loader failed:\n{}",
        String::from_utf8_lossy(&loaded.stderr)
    );
    let loaded: serde_json::Value =
        serde_json::from_slice(&loaded.stdout).expect("the loader prints JSON");
    // Then it reports no error
    let errors = loaded["errors"].as_array().expect("a list of errors");
    assert!(
        errors.is_empty(),
        "{label}: Fava reports errors: {errors:#?}"
    );
    // And it knows exactly the ledger's accounts
    let known: BTreeSet<String> = loaded["accounts"]
        .as_array()
        .expect("a list of accounts")
        .iter()
        .map(|a| a.as_str().expect("an account name").to_string())
        .collect();
    assert_eq!(known, wanted, "{label}: the accounts Fava knows");

    // When the real fava serves it
    let fava = Fava::serve(&file);
    // Then its front page sends the browser to the ledger's own pages, under its slug
    let front = fava.get("/").unwrap();
    assert_eq!(
        front.status / 100,
        3,
        "{label}: fava's / redirects: {}",
        front.head
    );
    let origin = format!("http://127.0.0.1:{}", fava.port);
    let target = front
        .header("Location")
        .unwrap_or_else(|| panic!("{label}: fava's / says where: {}", front.head))
        .trim_start_matches(&origin)
        .to_string();
    let slug = target
        .split('/')
        .nth(1)
        .filter(|slug| !slug.is_empty())
        .unwrap_or_else(|| panic!("{label}: a ledger's slug in {target}"))
        .to_string();
    // And the page it sends it to opens
    fava.page(&target);
    // And the balance sheet opens, the ledger's accounts in the data it gives the browser
    let balance_sheet = fava.page(&format!("/{slug}/balance_sheet/"));
    let named: BTreeSet<String> = ledger_data(&balance_sheet)["accounts"]
        .as_array()
        .expect("the page's list of accounts")
        .iter()
        .map(|a| a.as_str().expect("an account name").to_string())
        .collect();
    assert_eq!(
        named, wanted,
        "{label}: the accounts Fava's balance sheet names"
    );
    // And the balances Fava shows on it are jardins'
    let report: serde_json::Value =
        serde_json::from_str(&fava.page(&format!("/{slug}/api/balance_sheet")))
            .expect("fava's API answers JSON");
    let mut from_fava = BTreeMap::new();
    for tree in report["data"]["trees"]
        .as_array()
        .expect("the report's trees")
    {
        fava_balances(tree, &mut from_fava);
    }
    let mut compared = 0;
    for (account, library) in accounts.iter().zip(&from_library) {
        let name = beancount_account(account);
        let shown = from_fava.get(&name).cloned().unwrap_or_default();
        assert_eq!(
            &shown, library,
            "{label}: Fava's balance of {name} against jardins' {account}"
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

/// A generated community of some 800 events, in a new ledger.
fn generated_ledger() -> (tempfile::TempDir, Ledger) {
    let events = jardins_generate::community(800, 11);
    let (dir, ledger) = ledger_of(events.map(|e| LedgerCommand::from_event(&e)));
    assert!(ledger.head().sequence > 700);
    (dir, ledger)
}

#[test]
fn beancount_reads_a_generated_community_as_jardins_does() {
    if !beancount_available() {
        return;
    }
    let (dir, ledger) = generated_ledger();
    let gardens = ledger.gardens().unwrap().len();
    let compared = check_beancount(
        ledger,
        &dir.path().join("ledger"),
        now().date_naive(),
        "generated",
    );
    assert_eq!(compared, gardens + 1);
}

#[test]
fn fava_opens_the_demo_community_with_jardins_balances() {
    if !fava_available() {
        return;
    }
    // Given the demo community
    let (dir, ledger) = ledger_of(jardins_generate::demo_commands().into_iter());
    let gardens = ledger.gardens().unwrap().len();
    // When it is exported and opened in Fava; then (in check_fava) Fava agrees
    let compared = check_fava(ledger, &dir.path().join("ledger"), "demo");
    // on every garden and the big garden
    assert_eq!(compared, gardens + 1);
}

#[test]
fn fava_opens_a_generated_community_with_jardins_balances() {
    if !fava_available() {
        return;
    }
    // Given a generated community of some 800 events
    let (dir, ledger) = generated_ledger();
    let gardens = ledger.gardens().unwrap().len();
    // When it is exported and opened in Fava; then (in check_fava) Fava agrees
    let compared = check_fava(ledger, &dir.path().join("ledger"), "generated");
    // on every garden and the big garden
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

/// A garden and a person whose names hold quotes and backslashes, a currency whose code
/// beancount reserves and whose name tries to end its string, and hostile notes; with how
/// many money entries it holds.
fn hostile_fixture() -> (support::Fixture, usize) {
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
    (fixture, money)
}

#[test]
fn names_notes_and_codes_cannot_break_the_beancount_file() {
    if !beancount_available() {
        return;
    }
    // Given a garden and a person whose names hold quotes and backslashes, a currency whose
    // code beancount reserves and whose name tries to end its string, and hostile notes
    let (fixture, money) = hostile_fixture();
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

#[test]
fn names_notes_and_codes_cannot_break_fava() {
    if !fava_available() {
        return;
    }
    // Given the ledger of hostile names, notes and codes
    let (fixture, money) = hostile_fixture();
    let ledger = Ledger::open(&fixture.path, std::time::Duration::from_secs(30)).unwrap();
    assert_eq!(expected(&ledger).money_entries.len(), money);
    // When it is exported and opened in Fava; then (in check_fava) Fava reports no error,
    // knows exactly its accounts, none forged, and agrees on the garden and the big garden
    assert_eq!(check_fava(ledger, &fixture.path, "hostile"), 2);
}
