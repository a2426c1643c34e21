//! What the benches share: sizes from the environment, a synthetic community as JSON Lines,
//! and ledgers built from it in a scratch directory on the disk being measured.
//!
//! `JARDINS_BENCH_EVENTS` sets the size of the community (default 10,000, at most
//! `MAX_BENCH_EVENTS`); `JARDINS_BENCH_DIR` the directory where ledgers are made (default the
//! system's temporary directory: put it on the disk you want measured).
//! Run once without measuring (`cargo test --benches`), every bench uses `TEST_EVENTS` events.

// Each bench binary uses a part of this module.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveTime, Utc};
use jardins_store::Ledger;

/// Events in the community when the environment says nothing.
pub const DEFAULT_EVENTS: u64 = 10_000;
/// The largest community a bench builds (import of a million events takes seconds, and each
/// ledger is built once per bench binary).
pub const MAX_BENCH_EVENTS: u64 = 2_000_000;
/// Events in the community when the benches run once as tests.
pub const TEST_EVENTS: u64 = 300;
/// The seed of every community the benches make: the same events on every run.
pub const SEED: u64 = 7;

/// Whether criterion measures (`cargo bench`) rather than runs each bench once as a test.
pub fn measuring() -> bool {
    std::env::args().any(|arg| arg == "--bench")
}

/// How many events the community holds, from `JARDINS_BENCH_EVENTS`.
pub fn events() -> u64 {
    if !measuring() {
        return TEST_EVENTS;
    }
    match std::env::var("JARDINS_BENCH_EVENTS") {
        Ok(text) => {
            let events: u64 = text.trim().replace('_', "").parse().unwrap_or_else(|_| {
                panic!("JARDINS_BENCH_EVENTS is '{text}': give a number of events, like 100000")
            });
            assert!(
                (1..=MAX_BENCH_EVENTS).contains(&events),
                "JARDINS_BENCH_EVENTS is {events}: give 1 to {MAX_BENCH_EVENTS}"
            );
            events
        }
        Err(_) => DEFAULT_EVENTS,
    }
}

/// A fresh directory for ledgers, removed when dropped.
pub fn scratch_dir() -> tempfile::TempDir {
    let parent: PathBuf = std::env::var_os("JARDINS_BENCH_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(std::env::temp_dir);
    std::fs::create_dir_all(&parent).expect("the bench directory can be created");
    tempfile::Builder::new()
        .prefix("jardins-bench-")
        .tempdir_in(&parent)
        .expect("a scratch directory can be made in the bench directory")
}

/// A sled database with the ledger's options (`jardins_store::sled_config`), cache included:
/// what sled costs with nothing of jardins around it.
pub fn sled_db(path: &Path) -> sled::Db {
    jardins_store::sled_config(path)
        .open()
        .expect("sled opens a scratch database")
}

/// The moment every bench records at: the day the synthetic streams are decided on, so that
/// every event of a community is accepted, and the same bytes are hashed on every run.
pub fn now() -> DateTime<Utc> {
    jardins_generate::DECIDED_ON
        .and_time(NaiveTime::from_hms_opt(12, 0, 0).expect("noon is a time"))
        .and_utc()
}

/// The community of `events` events as JSON Lines, as `jardins generate` writes it.
pub fn community_jsonl(events: u64) -> Vec<u8> {
    let mut text = Vec::with_capacity(usize::try_from(events).unwrap_or(0) * 256);
    for event in jardins_generate::community(events, SEED) {
        text.extend_from_slice(jardins_store::json::event_line(&event).as_bytes());
        text.push(b'\n');
    }
    text
}

/// A new ledger at `path` holding the community of `jsonl` (its events follow the euro, entry 1).
pub fn ledger_with(path: &Path, jsonl: &[u8]) -> Ledger {
    let ledger = Ledger::create(path, now()).expect("a new ledger can be created");
    let summary = ledger
        .import_jsonl(&mut &jsonl[..], now(), &mut |_| {})
        .expect("the synthetic community imports");
    assert_eq!(summary.lines, summary.appended, "every line is a new event");
    ledger
}

/// The first garden opened in the ledger: the one whose balance the benches read.
pub fn first_garden(ledger: &Ledger) -> jardins_ledger::GardenId {
    let mut gardens = ledger.gardens().expect("the gardens can be read");
    gardens.sort_by_key(|(_, state)| state.opened_on);
    gardens
        .into_iter()
        .next()
        .map(|(id, _)| id)
        .expect("a community opens gardens")
}
