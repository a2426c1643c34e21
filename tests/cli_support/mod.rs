//! What the end-to-end tests of the `jardins` binary share: a ledger in a temporary directory
//! and a way to run the real binary on it.
#![allow(dead_code)] // each test file uses part of it

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// A ledger path in its own temporary directory, removed when dropped.
pub struct TempLedger {
    pub dir: tempfile::TempDir,
    pub path: PathBuf,
}

impl TempLedger {
    /// A path that holds no ledger yet.
    pub fn empty() -> Self {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let path = dir.path().join("ledger");
        TempLedger { dir, path }
    }

    /// A new ledger (`jardins init`).
    pub fn new() -> Self {
        let ledger = TempLedger::empty();
        ledger.ok(&["init"]);
        ledger
    }

    /// The binary, on this ledger, never waiting long for a lock, with no JARDINS_LEDGER
    /// from the environment of whoever runs the tests.
    pub fn cmd(&self, arguments: &[&str]) -> Command {
        let mut command = Command::cargo_bin("jardins").expect("the jardins binary is built");
        command
            .env_remove("JARDINS_LEDGER")
            // English, whatever the locale of whoever runs the tests (tests/cli_lang.rs checks French).
            .env_remove("JARDINS_LANG")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env_remove("LANG")
            .arg("--ledger")
            .arg(&self.path);
        if !arguments.contains(&"--wait") {
            command.args(["--wait", "1"]);
        }
        command.args(arguments);
        command
    }

    /// Runs and returns (exit code, stdout, stderr).
    pub fn run(&self, arguments: &[&str]) -> (i32, String, String) {
        let output = self.cmd(arguments).output().expect("the binary runs");
        let stdout = String::from_utf8(output.stdout).expect("stdout is UTF-8");
        let stderr = String::from_utf8(output.stderr).expect("stderr is UTF-8");
        assert_no_panic(&stderr);
        (output.status.code().unwrap_or(-1), stdout, stderr)
    }

    /// Runs a command that must succeed, and returns its stdout.
    pub fn ok(&self, arguments: &[&str]) -> String {
        let (code, stdout, stderr) = self.run(arguments);
        assert_eq!(
            code, 0,
            "jardins {arguments:?} failed with {code}\nstdout: {stdout}\nstderr: {stderr}"
        );
        stdout
    }

    /// Runs a command that must fail with `code`, and returns its stderr.
    pub fn fails(&self, code: i32, arguments: &[&str]) -> String {
        let (actual, stdout, stderr) = self.run(arguments);
        assert_eq!(
            actual, code,
            "jardins {arguments:?} exited {actual}, expected {code}\nstdout: {stdout}\nstderr: {stderr}"
        );
        assert!(!stderr.trim().is_empty(), "an error says why on stderr");
        stderr
    }

    /// Runs a report with `--format json` and parses it.
    pub fn json(&self, arguments: &[&str]) -> serde_json::Value {
        let mut with_format = arguments.to_vec();
        with_format.extend(["--format", "json"]);
        let stdout = self.ok(&with_format);
        serde_json::from_str(&stdout)
            .unwrap_or_else(|error| panic!("{arguments:?} is not JSON ({error}): {stdout}"))
    }

    /// What `log` and `verify` say: a refused command must leave both unchanged.
    pub fn fingerprint(&self) -> (String, String) {
        (self.ok(&["log", "--format", "json"]), self.ok(&["verify"]))
    }
}

/// The sequence number a receipt names ("recorded entry 7: ...").
pub fn entry_of(receipt: &str) -> u64 {
    receipt
        .split_whitespace()
        .skip_while(|word| *word != "entry")
        .nth(1)
        .and_then(|word| word.trim_end_matches(':').parse().ok())
        .unwrap_or_else(|| panic!("no entry number in the receipt: {receipt}"))
}

/// The hash a receipt names ("hash 3f…").
pub fn hash_of(receipt: &str) -> String {
    receipt
        .lines()
        .find_map(|line| line.strip_prefix("hash "))
        .map(str::to_string)
        .unwrap_or_else(|| panic!("no hash in the receipt: {receipt}"))
}

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

/// The shipped constitution sample `name`.
pub fn sample(name: &str) -> String {
    constitutions_dir()
        .join(name)
        .to_str()
        .expect("a UTF-8 path")
        .to_string()
}

pub fn constitutions_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("events/constitutions")
}

/// A string field of a JSON document: amounts are exact strings with their currency's places,
/// compared as written.
pub fn text<'v>(value: &'v serde_json::Value, pointer: &str) -> &'v str {
    value
        .pointer(pointer)
        .and_then(|v| v.as_str())
        .unwrap_or_else(|| panic!("no string at {pointer} in {value}"))
}

/// The garden `paris` (local, core camille and dominique) under the fixed-monthly sample
/// constitution from 2026-01-01, with lou a member from 2026-01-05.
pub fn paris() -> TempLedger {
    let ledger = TempLedger::new();
    ledger.ok(&[
        "garden",
        "open",
        "paris",
        "--name",
        "Jardin de Paris",
        "--local",
        "Paris",
        "--core",
        "camille=Camille D.",
        "--core",
        "dominique",
        "--on",
        "2026-01-01",
    ]);
    ledger.ok(&[
        "garden",
        "constitution",
        "paris",
        &sample("fixed-monthly.toml"),
        "--on",
        "2026-01-01",
    ]);
    ledger.ok(&[
        "member",
        "join",
        "paris",
        "lou",
        "--name",
        "Lou",
        "--on",
        "2026-01-05",
    ]);
    ledger
}
