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

/// Lets `edit` change the records of the log page that holds `sequence` (given the records
/// and the index of `sequence` among them), then stores the page again.
fn edit_page(db: &sled::Db, sequence: u64, edit: impl FnOnce(&mut Vec<Vec<u8>>, usize)) {
    let first = codec::page_first(sequence);
    let page = db
        .get(key::log(first))
        .unwrap()
        .expect("the page is stored");
    let mut records: Vec<Vec<u8>> = codec::page_records(first, &page)
        .unwrap()
        .into_iter()
        .map(|(_, bytes)| bytes.to_vec())
        .collect();
    edit(&mut records, (sequence - first) as usize);
    db.insert(key::log(first), codec::encode_page(&records))
        .unwrap();
}

/// Rewrites entry `sequence` as if recorded one microsecond later, hashed again: a record that
/// matches its own hash, but no longer the link the next one holds.
fn rehash(db: &sled::Db, sequence: u64) {
    edit_page(db, sequence, |records, at| {
        let header = codec::record_header(&records[at]).unwrap();
        let (forged, _) = codec::encode_record(
            &header.previous_hash,
            sequence,
            header.recorded_at_us + 1,
            header.event_bytes,
        );
        records[at] = forged;
    });
}

/// The first stored run of the shard of `account` holding one of its postings, decoded.
fn run_of(
    db: &sled::Db,
    account: &jardins_ledger::Account,
) -> (codec::RunKey, Vec<codec::RunGroup>) {
    for item in db.scan_prefix(key::runs_of(codec::shard_of(account))) {
        let (k, v) = item.unwrap();
        let at = key::run_of(&k).unwrap();
        let groups = codec::decode_run(at, &v).unwrap();
        if groups.iter().any(|g| g.account == *account) {
            return (at, groups);
        }
    }
    panic!("no run holds a posting of {account}");
}

#[test]
fn given_a_byte_flipped_in_a_record_then_verify_names_its_sequence() {
    let dir = tempfile::tempdir().unwrap();
    let path = ledger(dir.path());
    behind_the_back(&path, |db| {
        edit_page(db, 7, |records, at| {
            let last = records[at].len() - 1;
            records[at][last] ^= 0x20;
        });
    });
    let (sequence, what) = damaged(verify(&path));
    assert_eq!(sequence, Some(7));
    assert!(what.contains("does not match its content"), "{what}");
}

#[test]
fn given_a_byte_flipped_in_the_sequence_field_then_verify_names_the_entry() {
    let dir = tempfile::tempdir().unwrap();
    let path = ledger(dir.path());
    behind_the_back(&path, |db| {
        edit_page(db, 9, |records, at| records[at][72] ^= 0x01);
    });
    assert_eq!(damaged(verify(&path)).0, Some(9));
}

#[test]
fn given_a_record_removed_from_its_page_then_verify_names_its_sequence() {
    let dir = tempfile::tempdir().unwrap();
    let path = ledger(dir.path());
    behind_the_back(&path, |db| {
        edit_page(db, 5, |records, at| {
            records.remove(at);
        });
    });
    let (sequence, what) = damaged(verify(&path));
    assert_eq!(sequence, Some(5));
    assert!(
        what.contains("stored as entry 5 says it is entry 6"),
        "{what}"
    );
}

#[test]
fn given_a_whole_page_removed_then_verify_names_the_first_missing_entry() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ledger");
    // Three pages and more.
    drop(common::ledger_with(&path, 2 * codec::PAGE_ENTRIES + 10));
    let second_page = codec::PAGE_ENTRIES + 1;
    behind_the_back(&path, |db| {
        db.remove(key::log(second_page)).unwrap();
    });
    let (sequence, what) = damaged(verify(&path));
    assert_eq!(sequence, Some(second_page));
    assert!(
        what.contains(&format!("entry {second_page} is missing")),
        "{what}"
    );
}

#[test]
fn given_two_records_swapped_then_verify_names_the_first() {
    let dir = tempfile::tempdir().unwrap();
    let path = ledger(dir.path());
    behind_the_back(&path, |db| {
        edit_page(db, 3, |records, at| records.swap(at, at + 1));
    });
    let (sequence, what) = damaged(verify(&path));
    assert_eq!(sequence, Some(3));
    assert!(what.contains("says it is entry 4"), "{what}");
}

#[test]
fn given_a_record_rewritten_with_a_fresh_hash_then_the_chain_names_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = ledger(dir.path());
    behind_the_back(&path, |db| rehash(db, 6));
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
        edit_page(db, head, |records, at| {
            records.truncate(at);
        });
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
fn given_a_posted_amount_edited_then_verify_names_the_entry_and_the_amounts() {
    let dir = tempfile::tempdir().unwrap();
    let path = ledger(dir.path());
    let account = scenario::garden_account(0);
    let mut edited = 0;
    behind_the_back(&path, |db| {
        let (at, mut groups) = run_of(db, &account);
        let group = groups.iter_mut().find(|g| g.account == account).unwrap();
        group.entries[0].amount = "1000000.00".parse().unwrap();
        edited = group.entries[0].sequence;
        db.insert(key::run(at), codec::encode_run(&groups)).unwrap();
    });
    let (sequence, what) = damaged(verify(&path));
    assert_eq!(sequence, Some(edited));
    assert!(
        what.contains("1000000.00 garden:g0 in EUR in the ledger"),
        "{what}"
    );
    assert!(what.contains("when rebuilt from the log"), "{what}");
}

#[test]
fn given_a_posting_removed_from_a_run_then_verify_names_its_entry() {
    let dir = tempfile::tempdir().unwrap();
    let path = ledger(dir.path());
    let account = scenario::garden_account(1);
    let mut removed = 0;
    behind_the_back(&path, |db| {
        let (at, mut groups) = run_of(db, &account);
        let group = groups.iter_mut().find(|g| g.account == account).unwrap();
        removed = group.entries.remove(0).sequence;
        groups.retain(|g| !g.entries.is_empty());
        db.insert(key::run(at), codec::encode_run(&groups)).unwrap();
    });
    let (sequence, what) = damaged(verify(&path));
    assert_eq!(sequence, Some(removed));
    assert!(
        what.contains(&format!(
            "of entry {removed} follows from the log, but is missing"
        )),
        "{what}"
    );
}

#[test]
fn given_an_extra_posting_in_a_run_then_verify_names_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = ledger(dir.path());
    let account = scenario::garden_account(3);
    let mut forged = 0;
    behind_the_back(&path, |db| {
        let (at, mut groups) = run_of(db, &account);
        let group = groups.iter_mut().find(|g| g.account == account).unwrap();
        let mut extra = group.entries[0].clone();
        // A posting of the same entry under an index it does not have.
        extra.index = 1 - extra.index;
        forged = extra.sequence;
        group.entries.push(extra);
        codec::sort_run(&mut groups);
        db.insert(key::run(at), codec::encode_run(&groups)).unwrap();
    });
    let (sequence, what) = damaged(verify(&path));
    assert_eq!(sequence, Some(forged));
    assert!(
        what.contains("is in the ledger, but not in the log"),
        "{what}"
    );
}

#[test]
fn given_a_run_that_no_entry_gives_then_verify_names_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = ledger(dir.path());
    let account = scenario::garden_account(2);
    let mut forged = Vec::new();
    behind_the_back(&path, |db| {
        let (at, groups) = run_of(db, &account);
        // The same postings, stored again as if dated a year later.
        let later = codec::RunKey {
            month: at.month + 12,
            ..at
        };
        let mut moved = groups.clone();
        for group in &mut moved {
            for entry in &mut group.entries {
                entry.on = entry
                    .on
                    .checked_add_months(chrono::Months::new(12))
                    .unwrap();
            }
        }
        forged = key::run(later).to_vec();
        db.insert(&forged, codec::encode_run(&moved)).unwrap();
    });
    let (_, what) = damaged(verify(&path));
    assert!(what.contains(&key::describe(&forged)), "{what}");
    assert!(
        what.contains("no entry of the log records its postings"),
        "{what}"
    );
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

#[test]
fn given_a_members_commitments_removed_or_edited_then_verify_names_them() {
    // Given the scenario's ledger, where a2 made one commitment to atelier,
    let dir = tempfile::tempdir().unwrap();
    let path = ledger(dir.path());
    let pair = key::commitments_of(&"atelier".parse().unwrap(), &"a2".parse().unwrap());
    // when that list is removed behind the ledger's back, verify names it as missing;
    behind_the_back(&path, |db| {
        assert!(db.remove(&pair).unwrap().is_some(), "the list is stored");
    });
    let (_, what) = damaged(verify(&path));
    assert!(
        what.contains("the commitments of 'a2' to the garden 'atelier'"),
        "{what}"
    );
    assert!(what.contains("missing from the ledger"), "{what}");
    // and when it names a commitment the log does not give, verify says it differs.
    let other = tempfile::tempdir().unwrap();
    let path = ledger(other.path());
    behind_the_back(&path, |db| {
        let ids: Vec<jardins_ledger::CommitmentId> =
            vec!["a2-2025".parse().unwrap(), "ghost".parse().unwrap()];
        db.insert(&pair, codec::encode_commitments_of(&ids))
            .unwrap();
    });
    let (_, what) = damaged(verify(&path));
    assert!(
        what.contains("the commitments of 'a2' to the garden 'atelier'"),
        "{what}"
    );
    assert!(what.contains("when rebuilt from the log"), "{what}");
}

fn verify_chain(path: &Path) -> Result<u64, StoreError> {
    let ledger = Ledger::open(path, REOPEN_WAIT)?;
    ledger.verify_chain(&mut |_, _| {}).map(|r| r.events)
}

#[test]
fn given_records_altered_then_the_chain_check_names_them_as_verify_does() {
    // Given an untouched ledger, the chain check passes and counts every entry;
    let dir = tempfile::tempdir().unwrap();
    let path = ledger(dir.path());
    assert_eq!(verify_chain(&path).unwrap(), scenario::setup_len() + 21);
    // when a byte of entry 7 is flipped, it names entry 7;
    behind_the_back(&path, |db| {
        edit_page(db, 7, |records, at| {
            let last = records[at].len() - 1;
            records[at][last] ^= 0x20;
        });
    });
    let (sequence, what) = damaged(verify_chain(&path));
    assert_eq!(sequence, Some(7));
    assert!(what.contains("does not match its content"), "{what}");
    // and a record rewritten with a fresh hash breaks the link after it.
    let other = tempfile::tempdir().unwrap();
    let path = ledger(other.path());
    behind_the_back(&path, |db| rehash(db, 6));
    let (sequence, what) = damaged(verify_chain(&path));
    assert_eq!(sequence, Some(6));
    assert!(what.contains("entry 7 chains to"), "{what}");
}

#[test]
fn given_a_posting_edited_then_only_verify_sees_it_not_the_chain_check() {
    // Given a posted amount edited behind the ledger's back (the log untouched),
    let dir = tempfile::tempdir().unwrap();
    let path = ledger(dir.path());
    let account = scenario::garden_account(0);
    behind_the_back(&path, |db| {
        let (at, mut groups) = run_of(db, &account);
        let group = groups.iter_mut().find(|g| g.account == account).unwrap();
        group.entries[0].amount = "999.00".parse().unwrap();
        db.insert(key::run(at), codec::encode_run(&groups)).unwrap();
    });
    // then the chain check, which reads the log alone, passes, and verify does not.
    assert_eq!(verify_chain(&path).unwrap(), scenario::setup_len() + 21);
    assert!(what_differs(verify(&path)).contains("999.00"));
}

fn what_differs(result: Result<u64, StoreError>) -> String {
    damaged(result).1
}

#[test]
fn given_a_verified_ledger_then_the_chain_is_checked_from_the_checkpoint_which_must_still_hold() {
    // Given a ledger never verified: no checkpoint, the check starts at entry 1;
    let dir = tempfile::tempdir().unwrap();
    let path = ledger(dir.path());
    let head = scenario::setup_len() + 21;
    {
        let opened = Ledger::open(&path, REOPEN_WAIT).unwrap();
        assert_eq!(opened.checkpoint().unwrap(), None);
        let report = opened.verify_chain_from(None, &mut |_, _| {}).unwrap();
        assert_eq!((report.head.sequence, report.from), (head, None));
        // when verify passes, it notes the head as the checkpoint, without changing the digest;
        let digest = opened.digest().unwrap();
        opened.verify(&mut |_, _| {}).unwrap();
        let checkpoint = opened
            .checkpoint()
            .unwrap()
            .expect("verify notes where it got");
        assert_eq!(
            (checkpoint.sequence, checkpoint.hash),
            (head, opened.head().hash)
        );
        assert_eq!(opened.digest().unwrap(), digest);
        // then a check from it reads nothing after it and ends at the head.
        let report = opened
            .verify_chain_from(Some(checkpoint), &mut |_, _| {})
            .unwrap();
        assert_eq!(
            (report.head, report.from),
            (opened.head(), Some(checkpoint))
        );
    }
    // Given the checkpoint's record rewritten behind the ledger's back (a fresh hash),
    behind_the_back(&path, |db| {
        rehash(db, head);
        // (the head made to agree, so that the ledger still opens)
        let bytes = db.get(key::log(head)).unwrap().unwrap();
        let records = codec::page_records(codec::page_first(head), &bytes).unwrap();
        let last = codec::record_header(records.last().unwrap().1).unwrap();
        db.insert(key::meta(), codec::encode_meta(head, &last.hash))
            .unwrap();
    });
    // the ledger no longer opens: the head file kept the hash its receipt gave;
    match Ledger::open(&path, REOPEN_WAIT) {
        Err(StoreError::Damaged { sequence, what }) => {
            assert_eq!(sequence, Some(head));
            assert!(what.contains("was acknowledged with hash"), "{what}");
        }
        other => panic!("expected Damaged, got {:?}", other.map(|l| l.head())),
    }
    // and with the head file rewritten too,
    let mut forged_head = (0, [0; 32]);
    behind_the_back(&path, |db| {
        let meta = db.get(key::meta()).unwrap().unwrap();
        forged_head = codec::decode_meta(&meta).unwrap();
    });
    let slot = codec::encode_head_slot(&codec::HeadSlot {
        generation: u64::MAX / 2,
        sequence: forged_head.0,
        hash: forged_head.1,
    });
    let mut file = slot.to_vec();
    file.extend_from_slice(&[0; codec::HEAD_SLOT_BYTES]);
    std::fs::write(path.join(jardins_store::HEAD_FILE), file).unwrap();
    // when the chain is checked from the checkpoint, then it is refused, naming that entry.
    let opened = Ledger::open(&path, REOPEN_WAIT).unwrap();
    let checkpoint = opened.checkpoint().unwrap();
    match opened.verify_chain_from(checkpoint, &mut |_, _| {}) {
        Err(StoreError::Damaged { sequence, what }) => {
            assert_eq!(sequence, Some(head));
            assert!(what.contains("`jardins verify` found sound"), "{what}");
        }
        other => panic!("expected Damaged, got {other:?}"),
    }
}
