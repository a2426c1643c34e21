//! `verify`: the whole log checked record by record (hash, link, order, decoding), and every
//! projection rebuilt from it and compared with the stored one.
//!
//! One pass over the log pages. Runs are rebuilt block by block: once the walk leaves a block,
//! no later entry changes its runs, so they are compared with the stored ones (on a thread of
//! their own) and forgotten.
//! The projections kept per key (currencies, gardens, people, memberships, commitments,
//! reversals) are compared at the end. Time is linear in the log; memory holds a few blocks'
//! runs and the rebuilt state (gardens, people, memberships, commitments), never the log.

use std::collections::BTreeSet;

use crate::codec::{self, key, RunEntry, RunGroup, RunKey};
use crate::work::{damaged, sled_error, Run, Work};

use crate::{Head, Ledger, StoreError, VerifyReport};

pub(crate) fn verify(
    ledger: &Ledger,
    head: Head,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<VerifyReport, StoreError> {
    let path = ledger.path();
    let mut work = Work::rebuild(path, &ledger.db, &ledger.head_file);
    let mut rebuilt = Head::GENESIS;
    // Two cores: one reads and decodes the log's pages (hashes checked, events decoded), the
    // other follows the chain and rebuilds the projections, a few pages behind. The rebuilt
    // runs of each finished block are compared with the stored ones by a third thread, which
    // shares the first core: the rebuild is the longest of the three.
    let runs = std::thread::scope(|scope| -> Result<RunCheck, StoreError> {
        let (pages, decoded) = std::sync::mpsc::sync_channel(PAGES_AHEAD);
        scope.spawn(move || read_pages(ledger, &pages));
        let (finished, to_compare) = std::sync::mpsc::sync_channel(BLOCKS_AHEAD);
        let comparer = scope.spawn(move || -> Result<RunCheck, StoreError> {
            let mut runs = RunCheck::default();
            for block in to_compare {
                runs.compare(ledger, block)?;
            }
            Ok(runs)
        });
        let walked = (|| -> Result<(), StoreError> {
            let mut walking = 0;
            for page in decoded {
                for record in page? {
                    let sequence = record.sequence;
                    if record.previous_hash != rebuilt.hash {
                        return Err(broken_link(sequence, &rebuilt.hash, &record.previous_hash));
                    }
                    let block = codec::block_of(sequence);
                    if block > walking {
                        if finished.send(work.take_runs_before(block)).is_err() {
                            // The comparer stopped at a difference, which it returns.
                            return Ok(());
                        }
                        walking = block;
                    }
                    work.project(sequence, &record.event)?;
                    work.advance(sequence, record.hash);
                    rebuilt = work.head;
                }
                work.forget_entries();
                progress(rebuilt.sequence, head.sequence);
            }
            if rebuilt != head {
                return Err(log_ends_elsewhere(head, rebuilt));
            }
            // The comparer may have stopped: then the send fails, and it says why.
            let _ = finished.send(work.take_runs_before(u64::MAX));
            Ok(())
        })();
        drop(finished);
        let compared = comparer
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        // A difference in the runs is in a block before any the walk was in: it comes first.
        let runs = compared?;
        walked?;
        Ok(runs)
    })?;
    runs.no_other(ledger)?;
    compare_values(ledger, &mut work)?;
    check_idempotency_keys(ledger, head)?;
    Ok(VerifyReport {
        events: head.sequence,
        head,
    })
}

/// Checks the chain alone: every record's hash recomputed, its sequence and its link to the
/// one before, and the last one is the head. Events are not decoded and projections not
/// rebuilt (`verify` does both): a fraction of its cost, for reports that state the chain.
pub(crate) fn verify_chain(
    ledger: &Ledger,
    start: Head,
    head: Head,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<VerifyReport, StoreError> {
    let path = ledger.path();
    let mut last = start;
    let from = start.sequence + 1;
    for item in ledger.db.range(key::log(from)..) {
        let (k, v) = item.map_err(|e| sled_error(path, e))?;
        if k.first() != Some(&key::LOG) {
            break;
        }
        let expected = last.sequence + 1;
        let first = codec::page_first(expected);
        if key::page_of(&k) != Some(first) {
            return Err(StoreError::Damaged {
                sequence: Some(expected),
                what: format!(
                    "entry {expected} is missing: {} follows entry {}",
                    key::describe(&k),
                    last.sequence
                ),
            });
        }
        for (sequence, bytes) in codec::page_records(first, &v)
            .map_err(|e| damaged(Some(first), e))?
            .into_iter()
            .filter(|(sequence, _)| *sequence >= expected)
        {
            let header = codec::record_header(bytes).map_err(|e| damaged(Some(sequence), e))?;
            if header.sequence != sequence {
                return Err(StoreError::Damaged {
                    sequence: Some(sequence),
                    what: format!(
                        "the record stored as entry {sequence} says it is entry {}",
                        header.sequence
                    ),
                });
            }
            if header.previous_hash != last.hash {
                return Err(broken_link(sequence, &last.hash, &header.previous_hash));
            }
            last = Head {
                sequence,
                hash: header.hash,
            };
        }
        progress(last.sequence, head.sequence);
    }
    if last != head {
        return Err(log_ends_elsewhere(head, last));
    }
    Ok(VerifyReport {
        events: head.sequence,
        head,
    })
}

/// Pages decoded ahead of the rebuild: enough to keep both cores busy, few enough to bound
/// memory (a page is at most `PAGE_ENTRIES` events of at most `MAX_EVENT_BYTES`).
const PAGES_AHEAD: usize = 16;

/// Finished blocks' rebuilt runs waiting to be compared: a block's runs hold at most
/// `MAX_RUN_POSTINGS` postings in each of the shards.
const BLOCKS_AHEAD: usize = 2;

/// Reads the log page by page, in order, each checked (its key, no entry missing, its records'
/// hashes and sequences, their events decoded), and sends them until the log ends, a page is
/// damaged (sent as the error) or the receiver stops listening.
fn read_pages(
    ledger: &Ledger,
    out: &std::sync::mpsc::SyncSender<Result<Vec<codec::RawRecord>, StoreError>>,
) {
    let path = ledger.path();
    let mut expected = 1_u64;
    for item in ledger.db.scan_prefix([key::LOG]) {
        let page = item.map_err(|e| sled_error(path, e)).and_then(|(k, v)| {
            let Some(first) = key::page_of(&k) else {
                return Err(StoreError::Damaged {
                    sequence: Some(expected),
                    what: format!("{} is not the key of a log page", key::describe(&k)),
                });
            };
            if first != expected {
                return Err(StoreError::Damaged {
                    sequence: Some(expected),
                    what: format!(
                        "entry {expected} is missing: the log goes from entry {} to entry {first}",
                        expected - 1
                    ),
                });
            }
            let records = codec::page_records(first, &v).map_err(|e| damaged(Some(first), e))?;
            if records.is_empty() {
                return Err(StoreError::Damaged {
                    sequence: Some(first),
                    what: format!("the log page of entry {first} is empty"),
                });
            }
            let decoded = records
                .into_iter()
                .map(|(sequence, bytes)| {
                    codec::decode_record(sequence, bytes).map_err(|e| damaged(Some(sequence), e))
                })
                .collect::<Result<Vec<_>, _>>()?;
            expected = first + decoded.len() as u64;
            Ok(decoded)
        });
        let failed = page.is_err();
        if out.send(page).is_err() || failed {
            return;
        }
    }
}

/// The log does not end at the head the ledger names.
fn log_ends_elsewhere(head: Head, last: Head) -> StoreError {
    StoreError::Damaged {
        sequence: Some(last.sequence.max(head.sequence)),
        what: format!(
            "the ledger head says entry {} with hash {}, but the log ends at entry {} with hash {}",
            head.sequence,
            hex::encode(head.hash),
            last.sequence,
            hex::encode(last.hash)
        ),
    }
}

fn broken_link(sequence: u64, previous: &codec::Hash, says: &codec::Hash) -> StoreError {
    let (named, what) = if sequence == 1 {
        (
            1,
            format!(
                "entry 1 chains to {} instead of the genesis value (32 zero bytes)",
                hex::encode(says)
            ),
        )
    } else {
        (
            sequence - 1,
            format!(
                "entry {} hashes to {}, but entry {sequence} chains to {}: one of them was altered or replaced",
                sequence - 1,
                hex::encode(previous),
                hex::encode(says)
            ),
        )
    };
    StoreError::Damaged {
        sequence: Some(named),
        what,
    }
}

/// The runs compared so far.
#[derive(Default)]
struct RunCheck {
    /// Every run the log gives, to tell a stored run that it does not.
    rebuilt: BTreeSet<RunKey>,
}

impl RunCheck {
    /// Compares finished runs with the stored ones, naming the first entry that differs.
    fn compare(&mut self, ledger: &Ledger, finished: Vec<(RunKey, Run)>) -> Result<(), StoreError> {
        let path = ledger.path();
        for (at, run) in finished {
            let rebuilt = run.into_groups();
            let expected = codec::encode_run(&rebuilt);
            let stored = ledger
                .db
                .get(key::run(at))
                .map_err(|e| sled_error(path, e))?;
            self.rebuilt.insert(at);
            let Some(stored) = stored else {
                return Err(StoreError::Damaged {
                    sequence: first_sequence(&rebuilt),
                    what: format!(
                        "{} follows from the log, but is missing from the ledger",
                        key::describe(&key::run(at))
                    ),
                });
            };
            if stored[..] == expected[..] {
                continue;
            }
            let found = codec::decode_run(at, &stored).map_err(|e| StoreError::Damaged {
                sequence: first_sequence(&rebuilt),
                what: format!("{} cannot be read: {e}", key::describe(&key::run(at))),
            })?;
            let (sequence, what) = first_difference(&found, &rebuilt);
            return Err(StoreError::Damaged {
                sequence,
                what: format!("in {}: {what}", key::describe(&key::run(at))),
            });
        }
        Ok(())
    }

    /// No run is stored that the log does not give.
    fn no_other(&self, ledger: &Ledger) -> Result<(), StoreError> {
        for item in ledger.db.scan_prefix([key::RUN]) {
            let (k, v) = item.map_err(|e| sled_error(ledger.path(), e))?;
            let known = key::run_of(&k).filter(|at| self.rebuilt.contains(at));
            if known.is_none() {
                let sequence = key::run_of(&k)
                    .and_then(|at| codec::decode_run(at, &v).ok())
                    .and_then(|groups| first_sequence(&groups));
                return Err(StoreError::Damaged {
                    sequence,
                    what: format!(
                        "{} is in the ledger, but no entry of the log records its postings",
                        key::describe(&k)
                    ),
                });
            }
        }
        Ok(())
    }
}

fn first_sequence(groups: &[RunGroup]) -> Option<u64> {
    groups
        .iter()
        .flat_map(|g| g.entries.iter().map(|e| e.sequence))
        .min()
}

/// The first posting (by entry) where a stored run and the rebuilt one differ.
fn first_difference(stored: &[RunGroup], rebuilt: &[RunGroup]) -> (Option<u64>, String) {
    let flatten = |groups: &[RunGroup]| {
        let mut all: Vec<(u64, u32, String, RunEntry)> = groups
            .iter()
            .flat_map(|g| {
                g.entries.iter().map(move |e| {
                    (
                        e.sequence,
                        e.index,
                        format!("{} in {}", g.account, g.currency),
                        e.clone(),
                    )
                })
            })
            .collect();
        all.sort_by_key(|a| (a.0, a.1));
        all
    };
    let stored = flatten(stored);
    let rebuilt = flatten(rebuilt);
    let mut stored_iter = stored.iter().peekable();
    let mut rebuilt_iter = rebuilt.iter().peekable();
    loop {
        match (stored_iter.peek(), rebuilt_iter.peek()) {
            (Some(a), Some(b)) if a == b => {
                stored_iter.next();
                rebuilt_iter.next();
            }
            (Some(a), Some(b)) if (a.0, a.1) == (b.0, b.1) => {
                return (
                    Some(a.0),
                    format!(
                        "posting {} of entry {} is {} {} in the ledger, but {} {} when rebuilt from the log",
                        a.1, a.0, a.3.amount, a.2, b.3.amount, b.2
                    ),
                )
            }
            (Some(a), Some(b)) if (a.0, a.1) < (b.0, b.1) => {
                return (
                    Some(a.0),
                    format!("posting {} of entry {} is in the ledger, but not in the log", a.1, a.0),
                )
            }
            (Some(a), None) => {
                return (
                    Some(a.0),
                    format!("posting {} of entry {} is in the ledger, but not in the log", a.1, a.0),
                )
            }
            (_, Some(b)) => {
                return (
                    Some(b.0),
                    format!(
                        "posting {} of entry {} follows from the log, but is missing from the ledger",
                        b.1, b.0
                    ),
                )
            }
            (None, None) => {
                return (
                    None,
                    "the run's bytes differ from the canonical form of the same postings"
                        .to_string(),
                )
            }
        }
    }
}

/// Compares the projections kept per key with the rebuilt ones, prefix by prefix, in key
/// order.
fn compare_values(ledger: &Ledger, work: &mut Work<'_>) -> Result<(), StoreError> {
    let path = ledger.path();
    work.finish_rebuild();
    // In key order, so that the first difference named is the first in the ledger.
    let mut prefixes = key::PROJECTIONS;
    prefixes.sort_unstable();
    for prefix in prefixes {
        let mut rebuilt = work.rebuilt_values(prefix);
        let mut stored = ledger.db.scan_prefix([prefix]);
        loop {
            let a = stored.next().transpose().map_err(|e| sled_error(path, e))?;
            let b = rebuilt.next();
            let (sequence, what) = match (a, b) {
                (None, None) => break,
                (Some((ka, va)), Some((kb, vb, by))) => {
                    if ka[..] == kb[..] && va[..] == vb[..] {
                        continue;
                    }
                    if ka[..] == kb[..] {
                        (
                            Some(by),
                            format!(
                                "{} is {} in the ledger, but {} when rebuilt from the log",
                                key::describe(&ka),
                                describe_value(&ka, &va),
                                describe_value(kb, vb)
                            ),
                        )
                    } else if ka[..] < kb[..] {
                        (named_by(&ka, &va), extra(&ka))
                    } else {
                        (Some(by), missing(kb))
                    }
                }
                (Some((ka, va)), None) => (named_by(&ka, &va), extra(&ka)),
                (None, Some((kb, _, by))) => (Some(by), missing(kb)),
            };
            return Err(StoreError::Damaged { sequence, what });
        }
    }
    Ok(())
}

/// The entry a stored value names, where it names one (a reversal names its entry).
fn named_by(k: &[u8], v: &[u8]) -> Option<u64> {
    match k.first() {
        Some(&key::REVERSED) => codec::decode_sequence(v).ok(),
        _ => None,
    }
}

fn extra(k: &[u8]) -> String {
    format!(
        "{} is in the ledger, but no entry of the log records it",
        key::describe(k)
    )
}

fn missing(k: &[u8]) -> String {
    format!(
        "{} follows from the log, but is missing from the ledger",
        key::describe(k)
    )
}

fn describe_value(k: &[u8], v: &[u8]) -> String {
    match k.first() {
        Some(&key::REVERSED) => match codec::decode_sequence(v) {
            Ok(by) => format!("reversed by entry {by}"),
            Err(_) => "unreadable".to_string(),
        },
        _ => format!(
            "{} bytes ({}…)",
            v.len(),
            hex::encode(&v[..v.len().min(16)])
        ),
    }
}

fn check_idempotency_keys(ledger: &Ledger, head: Head) -> Result<(), StoreError> {
    for item in ledger.db.scan_prefix([key::IDEMPOTENCY]) {
        let (k, v) = item.map_err(|e| sled_error(ledger.path(), e))?;
        let sequence = codec::decode_sequence(&v).map_err(|e| damaged(None, e))?;
        if sequence == 0 || sequence > head.sequence {
            return Err(StoreError::Damaged {
                sequence: Some(sequence),
                what: format!(
                    "{} names entry {sequence}, which is not in the log",
                    key::describe(&k)
                ),
            });
        }
    }
    Ok(())
}
