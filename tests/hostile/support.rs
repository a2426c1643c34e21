//! What the fault and hostile-input suites share: the real `jardins` binary run on a ledger in
//! a temporary directory, its receipts read back, and the ledger's records read from
//! `export jsonl`. Included by `tests/faults_*.rs` and `tests/hostile_*.rs` with `#[path]`.
#![allow(dead_code)] // each suite uses part of it

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The day the fixture garden opens: every date the suites type is on or after it, and long
/// before any clock a test machine may have.
pub const OPENED: &str = "2024-01-01";
/// The day the fixture member joins.
pub const JOINED: &str = "2024-01-02";
/// The day the contributions of the fault suites are dated.
pub const PAID: &str = "2024-02-01";

pub fn binary() -> &'static str {
    env!("CARGO_BIN_EXE_jardins")
}

/// The binary on the ledger at `ledger`, waiting at most `wait_s` for its lock, and never
/// taking a ledger from the environment of whoever runs the tests.
pub fn command(ledger: &Path, wait_s: u64) -> Command {
    let mut command = Command::new(binary());
    command
        .env_remove("JARDINS_LEDGER")
        // English, whatever the locale of whoever runs the tests (tests/cli_lang.rs checks French).
        .env_remove("JARDINS_LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG")
        .env_remove("RUST_BACKTRACE")
        .arg("--ledger")
        .arg(ledger)
        .arg("--wait")
        .arg(wait_s.to_string());
    command
}

/// What one run of the binary did.
#[derive(Debug)]
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn of(output: Output) -> Run {
        Run {
            code: output.status.code(),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// The run succeeded; otherwise the test fails with what it printed.
    pub fn ok(self, what: &str) -> Run {
        assert_eq!(self.code, Some(0), "{what} failed: {self:?}");
        assert_no_panic(&self.stderr);
        self
    }
}

pub fn run(ledger: &Path, arguments: &[&str]) -> Run {
    let output = command(ledger, 10)
        .args(arguments)
        .stdin(Stdio::null())
        .output()
        .expect("the binary runs");
    Run::of(output)
}

pub fn ok(ledger: &Path, arguments: &[&str]) -> String {
    run(ledger, arguments).ok(&format!("{arguments:?}")).stdout
}

/// No panic, backtrace or internal error reaches the person at the terminal.
pub fn assert_no_panic(stderr: &str) {
    for word in [
        "panicked",
        "RUST_BACKTRACE",
        "stack backtrace",
        "internal error",
    ] {
        assert!(!stderr.contains(word), "a panic reached the user: {stderr}");
    }
}

/// A ledger in its own temporary directory, removed when dropped.
pub struct Fixture {
    pub dir: tempfile::TempDir,
    pub path: PathBuf,
}

impl Fixture {
    /// A new ledger with the garden `g` (local, core `a` and `b`, opened on `OPENED`) under the
    /// conscious sample constitution (so a member pays any amount), and the member `m`.
    pub fn garden() -> Fixture {
        Fixture::garden_in(tempfile::tempdir().expect("a temporary directory"))
    }

    /// The same, in `dir`.
    pub fn garden_in(dir: tempfile::TempDir) -> Fixture {
        let path = dir.path().join("ledger");
        let fixture = Fixture { dir, path };
        fixture.ok(&["init"]);
        fixture.ok(&[
            "garden", "open", "g", "--name", "G", "--local", "X", "--core", "a", "--core", "b",
            "--on", OPENED,
        ]);
        fixture.ok(&[
            "garden",
            "constitution",
            "g",
            &sample("conscious.toml"),
            "--on",
            OPENED,
        ]);
        fixture.ok(&["member", "join", "g", "m", "--on", JOINED]);
        fixture
    }

    pub fn run(&self, arguments: &[&str]) -> Run {
        run(&self.path, arguments)
    }

    pub fn ok(&self, arguments: &[&str]) -> String {
        ok(&self.path, arguments)
    }

    /// Every record of the ledger, from `export jsonl`.
    pub fn records(&self) -> Vec<Exported> {
        exported(&self.ok(&["export", "jsonl"]))
    }

    /// `jardins verify` passes, and says how many events it verified.
    pub fn verify(&self) -> u64 {
        let stdout = self.ok(&["verify"]);
        stdout
            .split_whitespace()
            .nth(1)
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("verify says how many events: {stdout}"))
    }

    /// The balance of garden `g` in EUR, from `balance --format json`.
    pub fn balance_eur(&self, garden: &str) -> String {
        let stdout = self.ok(&[
            "balance",
            garden,
            "--format",
            "json",
            "--as-of",
            "2099-12-31",
        ]);
        let value: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
        value["balances"]
            .as_array()
            .and_then(|all| all.iter().find(|b| b["currency"] == "EUR"))
            .and_then(|b| b["balance"].as_str())
            .unwrap_or("0.00")
            .to_string()
    }
}

/// The shipped constitution sample `name`.
pub fn sample(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("events/constitutions")
        .join(name)
        .to_str()
        .expect("a UTF-8 path")
        .to_string()
}

/// A receipt as printed: `recorded entry N: ...` (or `already recorded as entry N ...`) then
/// `hash H`. Only a whole receipt counts: one cut by a kill was not printed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Receipt {
    pub sequence: u64,
    pub hash: String,
}

pub fn receipt(stdout: &str) -> Option<Receipt> {
    let mut lines = stdout.split_inclusive('\n');
    let first = lines.next()?;
    let sequence = first
        .split_whitespace()
        .skip_while(|word| *word != "entry")
        .nth(1)?
        .trim_end_matches(':')
        .parse()
        .ok()?;
    let hash_line = lines.next()?;
    let hash = hash_line.strip_prefix("hash ")?.strip_suffix('\n')?;
    (hash.len() == 64 && hash.bytes().all(|b| b.is_ascii_hexdigit())).then(|| Receipt {
        sequence,
        hash: hash.to_string(),
    })
}

/// One line of `export jsonl`.
#[derive(Clone, Debug)]
pub struct Exported {
    pub sequence: u64,
    pub hash: String,
    pub event: serde_json::Value,
}

impl Exported {
    /// The note of a contribution (where the suites write their keys).
    pub fn note(&self) -> Option<&str> {
        self.event
            .pointer("/kind/ContributionPaid/note")
            .and_then(|n| n.as_str())
    }
}

pub fn exported(jsonl: &str) -> Vec<Exported> {
    jsonl
        .lines()
        .map(|line| {
            let value: serde_json::Value =
                serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}"));
            Exported {
                sequence: value["sequence"].as_u64().expect("a sequence"),
                hash: value["hash"].as_str().expect("a hash").to_string(),
                event: value["event"].clone(),
            }
        })
        .collect()
}

/// Records by note: which contributions (keyed by their note) are in the ledger, how often.
pub fn by_note(records: &[Exported]) -> BTreeMap<String, Vec<Exported>> {
    let mut found: BTreeMap<String, Vec<Exported>> = BTreeMap::new();
    for record in records {
        if let Some(note) = record.note() {
            found
                .entry(note.trim_end().to_string())
                .or_default()
                .push(record.clone());
        }
    }
    found
}

/// A JSON line that `import` takes: member `m` pays garden `g` `amount` EUR on `PAID`, with the
/// idempotency key `key` also written as its note.
pub fn contribution_line(key: &str, amount: &str) -> String {
    contribution_line_padded(key, amount, 0)
}

/// The same, the note padded with `padding` more characters after the key (a larger event).
pub fn contribution_line_padded(key: &str, amount: &str, padding: usize) -> String {
    let note = format!("{key}{}", " ".repeat(padding));
    format!(
        r#"{{"key":"{key}","event":{{"on":"{PAID}","kind":{{"ContributionPaid":{{"from":"member:m","to":"garden:g","amount":"{amount}","currency":"EUR","mode":"Conscious","pays_for":"OneOff","judged_by":1,"note":"{note}"}}}}}}}}"#
    )
}

/// A small deterministic generator (xorshift64*), seeded from the environment variable `name`
/// when set, else from the clock; the seed is printed so that a failure can be replayed.
pub struct Rng(u64);

impl Rng {
    pub fn from_env(name: &str) -> Rng {
        let seed = std::env::var(name)
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                SystemTime::now()
                    .duration_since(UNIX_EPOCH)
                    .map(|d| d.as_nanos() as u64)
                    .unwrap_or(1)
                    ^ u64::from(std::process::id())
            });
        println!("{name}={seed} (set it to replay this run)");
        Rng(seed.max(1))
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn below(&mut self, bound: u64) -> u64 {
        self.next() % bound.max(1)
    }

    pub fn duration_below(&mut self, bound: Duration) -> Duration {
        let micros = u64::try_from(bound.as_micros()).unwrap_or(u64::MAX);
        Duration::from_micros(self.below(micros))
    }
}

/// A count from the environment variable `name`, else `default`.
pub fn env_count(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

/// Every regular file under `dir`.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).expect("the directory reads") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                pending.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// Copies the directory `from` to `to` (which must not exist).
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("the copy's directory");
    for entry in std::fs::read_dir(from).expect("the directory reads") {
        let entry = entry.expect("an entry");
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("the file copies");
        }
    }
}
