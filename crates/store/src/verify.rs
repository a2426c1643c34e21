//! `verify`: the whole log checked record by record, every projection rebuilt from scratch in
//! a temporary database and compared with the stored one, key by key, in order. Linear in the
//! size of the ledger; memory bounded by one batch.

use crate::codec::{self, key};
use crate::work::{damaged, sled_error, Work};
use crate::{Head, Ledger, StoreError, VerifyReport, GENESIS, MAX_BATCH};

pub(crate) fn verify(
    ledger: &Ledger,
    head: Head,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<VerifyReport, StoreError> {
    let path = ledger.path();
    let scratch_db = crate::Scratch::open()?;
    let scratch = scratch_db.tree();
    let mut rebuilt = Head {
        sequence: 0,
        hash: GENESIS,
    };
    let fresh_work =
        |head| Work::new(path, &ledger.db, scratch, head).checking_postings_in(&ledger.db);
    let mut work = fresh_work(rebuilt);
    let mut postings: u64 = 0;
    for item in ledger.db.scan_prefix([key::LOG]) {
        let (k, v) = item.map_err(|e| sled_error(path, e))?;
        let expected = rebuilt.sequence + 1;
        let sequence = crate::log_sequence(&k)?;
        if sequence != expected {
            return Err(StoreError::Damaged {
                sequence: Some(expected),
                what: format!(
                    "entry {expected} is missing: the log goes from entry {} to entry {sequence}",
                    rebuilt.sequence
                ),
            });
        }
        let record = codec::decode_record(sequence, &v).map_err(|e| damaged(Some(sequence), e))?;
        if record.previous_hash != rebuilt.hash {
            let (named, what) = if sequence == 1 {
                (
                    1,
                    format!(
                        "entry 1 chains to {} instead of the genesis value (32 zero bytes)",
                        hex::encode(record.previous_hash)
                    ),
                )
            } else {
                (
                    sequence - 1,
                    format!(
                        "entry {} hashes to {}, but entry {sequence} chains to {}: one of them was altered or replaced",
                        sequence - 1,
                        hex::encode(rebuilt.hash),
                        hex::encode(record.previous_hash)
                    ),
                )
            };
            return Err(StoreError::Damaged {
                sequence: Some(named),
                what,
            });
        }
        work.project(sequence, &record.event)?;
        work.advance(sequence, record.hash);
        rebuilt = work.head;
        if work.recorded as usize >= MAX_BATCH {
            postings += work.postings_checked;
            work.commit(false, false)?;
            work = fresh_work(rebuilt);
        }
        progress(sequence, head.sequence);
    }
    postings += work.postings_checked;
    work.commit(false, false)?;
    if rebuilt != head {
        return Err(StoreError::Damaged {
            sequence: Some(rebuilt.sequence.max(head.sequence)),
            what: format!(
                "the ledger head says entry {} with hash {}, but the log ends at entry {} with hash {}",
                head.sequence,
                hex::encode(head.hash),
                rebuilt.sequence,
                hex::encode(rebuilt.hash)
            ),
        });
    }
    for prefix in key::PROJECTIONS {
        if prefix == key::POSTING {
            // Every posting of the log was found in the index; equal counts mean nothing else
            // is there.
            count_postings(ledger, postings)?;
        } else {
            compare(path, &ledger.db, scratch, prefix)?;
        }
    }
    check_idempotency_keys(ledger, head)?;
    Ok(VerifyReport {
        events: head.sequence,
        head,
    })
}

fn compare(
    path: &std::path::Path,
    stored: &sled::Tree,
    rebuilt: &sled::Tree,
    prefix: u8,
) -> Result<(), StoreError> {
    let mut stored = stored.scan_prefix([prefix]);
    let mut rebuilt = rebuilt.scan_prefix([prefix]);
    loop {
        let a = stored.next().transpose().map_err(|e| sled_error(path, e))?;
        let b = rebuilt
            .next()
            .transpose()
            .map_err(|e| sled_error(path, e))?;
        let what = match (a, b) {
            (None, None) => return Ok(()),
            (Some((ka, va)), Some((kb, vb))) => {
                if ka == kb && va == vb {
                    continue;
                }
                if ka == kb {
                    format!(
                        "{} is {} in the ledger, but {} when rebuilt from the log",
                        key::describe(&ka),
                        describe_value(&ka, &va),
                        describe_value(&kb, &vb)
                    )
                } else if ka < kb {
                    extra(&ka)
                } else {
                    missing(&kb)
                }
            }
            (Some((ka, _)), None) => extra(&ka),
            (None, Some((kb, _))) => missing(&kb),
        };
        return Err(StoreError::Damaged {
            sequence: None,
            what,
        });
    }
}

fn count_postings(ledger: &Ledger, expected: u64) -> Result<(), StoreError> {
    let path = ledger.path();
    let mut stored: u64 = 0;
    for item in ledger.db.scan_prefix([key::POSTING]) {
        item.map_err(|e| sled_error(path, e))?;
        stored += 1;
    }
    if stored == expected {
        return Ok(());
    }
    // Slow path, only for a damaged ledger: find a key that no posting of the log explains.
    for item in ledger.db.scan_prefix([key::POSTING]) {
        let (k, _) = item.map_err(|e| sled_error(path, e))?;
        if !posting_in_log(ledger, &k)? {
            return Err(StoreError::Damaged {
                sequence: None,
                what: extra(&k),
            });
        }
    }
    Err(StoreError::Damaged {
        sequence: None,
        what: format!(
            "the index of postings holds {stored} entries, but the log has {expected} postings"
        ),
    })
}

/// Whether a key of the postings index names a posting that the log holds, as the key says.
fn posting_in_log(ledger: &Ledger, k: &[u8]) -> Result<bool, StoreError> {
    let parsed = key::take_text(&k[1..]).and_then(|(account, rest)| {
        let (&kind, rest) = rest.split_first()?;
        let (currency, tail) = key::take_text(rest)?;
        let (on, sequence, index) = key::posting_tail(tail)?;
        Some((
            account.to_string(),
            key::flow_of(kind)?,
            currency.to_string(),
            on,
            sequence,
            index,
        ))
    });
    let Some((account, kind, currency, on, sequence, index)) = parsed else {
        return Ok(false);
    };
    let Some(record) = ledger.record(sequence)? else {
        return Ok(false);
    };
    let Some(posting) = record.event.postings().into_iter().nth(index as usize) else {
        return Ok(false);
    };
    Ok(posting.account.to_string() == account
        && posting.kind == kind
        && posting.currency.as_str() == currency
        && record.event.on == on)
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
        Some(&key::BALANCE) | Some(&key::DAILY) => match codec::decode_decimal(v) {
            Ok(amount) => amount.to_string(),
            Err(_) => "unreadable".to_string(),
        },
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
