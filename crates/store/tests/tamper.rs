//! Tampering: records altered, removed or swapped behind the ledger's back, and projections
//! edited; `verify` (or `open`, for the head) names where.

mod common;

use std::path::Path;
use std::time::Duration;

use common::{scenario, REOPEN_WAIT};
use jardins_store::codec::{self, key};
use jardins_store::{Ledger, StoreError};

/// A ledger of 40 entries, closed, at `dir/ledger`.
fn ledger(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("ledger");
    drop(common::ledger_with(&path, scenario::setup_len() + 20));
    path
}

/// Opens the database underneath the ledger and lets `change` edit it.
fn behind_the_back(path: &Path, change: impl FnOnce(&sled::Db)) {
    let open = || {
        sled::Config::new()
            .path(path)
            .use_compression(false)
            .flush_every_ms(None)
            .open()
    };
    // The ledger was dropped a moment ago: sled may still hold its lock (spacejam/sled#1289).
    let started = std::time::Instant::now();
    let db = loop {
        match open() {
            Ok(db) => break db,
            Err(error) if started.elapsed() < REOPEN_WAIT => {
                assert!(error.to_string().contains("lock"), "{error}");
                std::thread::sleep(Duration::from_millis(10));
            }
            Err(error) => panic!("the database does not open: {error}"),
        }
    };
    change(&db);
    db.flush().expect("flushed");
}

fn verify(path: &Path) -> Result<u64, StoreError> {
    let ledger = Ledger::open(path, REOPEN_WAIT)?;
    ledger.verify(&mut |_, _| {}).map(|r| r.events)
}

fn damaged(result: Result<u64, StoreError>) -> (Option<u64>, String) {
    match result {
        Err(StoreError::Damaged { sequence, what }) => (sequence, what),
        other => panic!("expected Damaged, got {other:?}"),
    }
}

#[test]
fn given_an_untouched_ledger_then_verify_passes() {
    let dir = tempfile::tempdir().unwrap();
    let path = ledger(dir.path());
    assert_eq!(verify(&path).unwrap(), scenario::setup_len() + 21);
}

#[test]
fn given_a_byte_flipped_in_a_record_then_verify_names_its_sequence() {
    let dir = tempfile::tempdir().unwrap();
    let path = ledger(dir.path());
    behind_the_back(&path, |db| {
        let mut record = db.get(key::log(7)).unwrap().unwrap().to_vec();
        let last = record.len() - 1;
        record[last] ^= 0x20;
        db.insert(key::log(7), record).unwrap();
    });
    let (sequence, what) = damaged(verify(&path));
    assert_eq!(sequence, Some(7));
    assert!(what.contains("does not match its content"), "{what}");
}

#[test]
fn given_a_byte_flipped_in_the_sequence_field_then_verify_names_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let path = ledger(dir.path());
    behind_the_back(&path, |db| {
        let mut record = db.get(key::log(9)).unwrap().unwrap().to_vec();
        record[72] ^= 0x01;
        db.insert(key::log(9), record).unwrap();
    });
    assert_eq!(damaged(verify(&path)).0, Some(9));
}

#[test]
fn given_a_record_removed_then_verify_names_the_missing_sequence() {
    let dir = tempfile::tempdir().unwrap();
    let path = ledger(dir.path());
    behind_the_back(&path, |db| {
        db.remove(key::log(5)).unwrap();
    });
    let (sequence, what) = damaged(verify(&path));
    assert_eq!(sequence, Some(5));
    assert!(what.contains("entry 5 is missing"), "{what}");
}

#[test]
fn given_two_records_swapped_then_verify_names_the_first() {
    let dir = tempfile::tempdir().unwrap();
    let path = ledger(dir.path());
    behind_the_back(&path, |db| {
        let three = db.get(key::log(3)).unwrap().unwrap();
        let four = db.get(key::log(4)).unwrap().unwrap();
        db.insert(key::log(3), four).unwrap();
        db.insert(key::log(4), three).unwrap();
    });
    let (sequence, what) = damaged(verify(&path));
    assert_eq!(sequence, Some(3));
    assert!(what.contains("says it is entry 4"), "{what}");
}

#[test]
fn given_a_record_rewritten_with_a_fresh_hash_then_the_chain_names_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = ledger(dir.path());
    behind_the_back(&path, |db| {
        let bytes = db.get(key::log(6)).unwrap().unwrap();
        let header = codec::record_header(&bytes).unwrap();
        // The same event, said to be recorded one microsecond later, hashed again.
        let (forged, _) = codec::encode_record(
            &header.previous_hash,
            6,
            header.recorded_at_us + 1,
            header.event_bytes,
        );
        db.insert(key::log(6), forged).unwrap();
    });
    let (sequence, what) = damaged(verify(&path));
    assert_eq!(sequence, Some(6));
    assert!(what.contains("entry 7 chains to"), "{what}");
}

#[test]
fn given_the_last_record_removed_then_open_refuses_naming_the_head() {
    let dir = tempfile::tempdir().unwrap();
    let path = ledger(dir.path());
    let head = scenario::setup_len() + 21;
    behind_the_back(&path, |db| {
        db.remove(key::log(head)).unwrap();
    });
    match Ledger::open(&path, REOPEN_WAIT) {
        Err(StoreError::Damaged { sequence, what }) => {
            assert_eq!(sequence, Some(head));
            assert!(what.contains("does not hold that record"), "{what}");
        }
        other => panic!("expected Damaged, got {:?}", other.map(|l| l.head())),
    }
}

#[test]
fn given_a_balance_edited_then_verify_names_the_balance_in_words() {
    let dir = tempfile::tempdir().unwrap();
    let path = ledger(dir.path());
    let account = scenario::garden_account(0);
    behind_the_back(&path, |db| {
        db.insert(
            key::balance(&account, &scenario::eur()),
            codec::encode_decimal("1000000.00".parse().unwrap()),
        )
        .unwrap();
    });
    let (_, what) = damaged(verify(&path));
    assert!(what.contains("the balance of garden:g0 in EUR"), "{what}");
    assert!(what.contains("1000000.00 in the ledger"), "{what}");
}

#[test]
fn given_a_posting_removed_from_the_index_then_verify_names_its_entry() {
    let dir = tempfile::tempdir().unwrap();
    let path = ledger(dir.path());
    let mut removed = Vec::new();
    behind_the_back(&path, |db| {
        let (k, _) = db.scan_prefix([key::POSTING]).next().unwrap().unwrap();
        db.remove(&k).unwrap();
        removed = k.to_vec();
    });
    let (sequence, what) = damaged(verify(&path));
    let entry = u64::from_be_bytes(
        removed[removed.len() - 12..removed.len() - 4]
            .try_into()
            .unwrap(),
    );
    assert_eq!(sequence, Some(entry));
    assert!(what.contains(&key::describe(&removed)), "{what}");
    assert!(
        what.contains("missing in the ledger's index of postings"),
        "{what}"
    );
}

#[test]
fn given_an_extra_posting_in_the_index_then_verify_names_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = ledger(dir.path());
    let forged = key::posting(
        &scenario::garden_account(3),
        jardins_ledger::FlowKind::Expense,
        &scenario::eur(),
        scenario::day("2025-05-05"),
        12,
        0,
    );
    behind_the_back(&path, |db| {
        db.insert(
            &forged,
            codec::encode_posting_value("-5.00".parse().unwrap(), false),
        )
        .unwrap();
    });
    let (_, what) = damaged(verify(&path));
    assert!(what.contains(&key::describe(&forged)), "{what}");
    assert!(what.contains("no entry of the log records it"), "{what}");
}

#[test]
fn given_an_extra_projection_key_then_verify_reports_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = ledger(dir.path());
    behind_the_back(&path, |db| {
        let person: jardins_ledger::PersonId = "zz-ghost".parse().unwrap();
        let state = jardins_ledger::PersonState {
            name: jardins_ledger::Name::new("Ghost").unwrap(),
        };
        db.insert(key::person(&person), codec::encode_person(&state))
            .unwrap();
    });
    let (_, what) = damaged(verify(&path));
    assert!(what.contains("the person 'zz-ghost'"), "{what}");
    assert!(what.contains("no entry of the log records it"), "{what}");
}
