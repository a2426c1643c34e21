//! Helpers shared by the store's tests.

#![allow(dead_code)]

pub mod scenario;

use std::path::Path;
use std::time::Duration;

use chrono::{DateTime, Utc};
use jardins_store::{Ledger, Receipt};

/// "Now" for every test: the scenario's dates are all before it.
pub fn now() -> DateTime<Utc> {
    "2026-11-01T09:30:00.123456Z".parse().expect("a test time")
}

/// How long a test waits to reopen a ledger it has just dropped in the same process. sled 0.34
/// releases its file lock from a background thread a moment after `Db` is dropped
/// (spacejam/sled#1289), so an immediate reopen may find it still held.
pub const REOPEN_WAIT: Duration = Duration::from_secs(10);

/// A new ledger at `path` with the first `count` scenario commands recorded.
pub fn ledger_with(path: &Path, count: u64) -> Ledger {
    let ledger = Ledger::create(path, now()).expect("a new ledger");
    append_scenario(&ledger, 0, count);
    ledger
}

/// Appends scenario commands `from..to`, one by one, each accepted.
pub fn append_scenario(ledger: &Ledger, from: u64, to: u64) -> Vec<Receipt> {
    (from..to)
        .map(|index| {
            let command = scenario::command(index);
            ledger
                .append(&command, None, now())
                .unwrap_or_else(|e| panic!("scenario command {index} ({command:?}) refused: {e}"))
        })
        .collect()
}
