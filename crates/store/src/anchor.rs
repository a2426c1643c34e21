//! Anchors kept outside the ledger. The chain shows that no record was altered after another
//! was chained to it, not that the whole chain was not rewritten (an export edited, re-hashed
//! and restored) or put back to an older copy. An entry and its hash that someone kept — a
//! receipt ("entry 150, hash …"), a published and signed checkpoint — reveals either: the
//! ledger must still hold that entry with that hash, and chain from it to its head.
//!
//! A checkpoint statement is a small text, documented in `events/README.md`, that core
//! members sign with `ssh-keygen -Y sign -n jardins-checkpoint`:
//!
//! ```text
//! jardins checkpoint 1
//! ledger 21d8a97f8ac957e887f007700a05b31ec4d0a4b915f056b49e0a8ac6320e5f4f
//! date 2026-12-01T16:40:00Z
//! entry 150
//! hash 5c9d…(64 hexadecimal digits)
//! ```

use chrono::{DateTime, SecondsFormat, Utc};

use crate::codec::{self, Hash};
use crate::{verify, Head, Ledger, StoreError};

/// The first line of a checkpoint statement: its format and version.
pub const CHECKPOINT_FIRST_LINE: &str = "jardins checkpoint 1";

/// The namespace of checkpoint signatures (`ssh-keygen -Y sign -n …`): a signature made for
/// anything else does not verify as one.
pub const SIGNATURE_NAMESPACE: &str = "jardins-checkpoint";

/// Longest checkpoint statement read, in bytes (one is about 230).
pub const MAX_STATEMENT_BYTES: usize = 1024;

/// An entry and the hash someone kept for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Anchor {
    pub sequence: u64,
    pub hash: Hash,
}

impl std::str::FromStr for Anchor {
    type Err = String;

    /// `SEQ:HASH`, as `150:5c9d…`: a sequence from 1, 64 lowercase hexadecimal digits.
    fn from_str(text: &str) -> Result<Anchor, String> {
        let (sequence, hash) = text.split_once(':').ok_or(
            "write the entry and its hash as SEQ:HASH, as 150:5c9d… (64 hexadecimal digits)",
        )?;
        let sequence: u64 = sequence
            .parse()
            .ok()
            .filter(|s| *s >= 1)
            .ok_or("the entry before ':' is a number from 1, as a receipt gives it")?;
        let hash = codec::parse_hash(hash).ok_or(
            "the hash after ':' is 64 lowercase hexadecimal digits, as a receipt gives it",
        )?;
        Ok(Anchor { sequence, hash })
    }
}

/// A statement of a ledger's head at a date, to publish and sign.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Statement {
    /// The ledger's identity: the hash of its entry 1.
    pub ledger: Hash,
    pub date: DateTime<Utc>,
    pub head: Anchor,
}

impl Statement {
    /// The statement's text, ending with a newline: the exact bytes that are signed.
    pub fn text(&self) -> String {
        format!(
            "{CHECKPOINT_FIRST_LINE}\nledger {}\ndate {}\nentry {}\nhash {}\n",
            hex::encode(self.ledger),
            self.date.to_rfc3339_opts(SecondsFormat::Secs, true),
            self.head.sequence,
            hex::encode(self.head.hash)
        )
    }

    /// Reads a statement in exactly the form `text` writes (a signature covers bytes: a
    /// statement written otherwise is refused rather than read loosely).
    pub fn parse(bytes: &[u8]) -> Result<Statement, String> {
        let text = std::str::from_utf8(bytes).map_err(|_| "it is not UTF-8 text".to_string())?;
        let lines: Vec<&str> = text.split_inclusive('\n').collect();
        let line = |index: usize, key: &str| -> Result<&str, String> {
            let found = lines.get(index).copied().unwrap_or("");
            found
                .strip_suffix('\n')
                .and_then(|l| l.strip_prefix(key))
                .and_then(|l| l.strip_prefix(' '))
                .ok_or_else(|| format!("line {} is not `{key} …` ending with a newline", index + 1))
        };
        if lines.first().map(|l| l.trim_end_matches('\n')) != Some(CHECKPOINT_FIRST_LINE) {
            return Err(format!("its first line is not `{CHECKPOINT_FIRST_LINE}`"));
        }
        if lines.len() != 5 {
            return Err(format!(
                "it has {} lines, not 5 (the first, ledger, date, entry, hash)",
                lines.len()
            ));
        }
        let ledger = codec::parse_hash(line(1, "ledger")?)
            .ok_or("the ledger is not 64 lowercase hexadecimal digits")?;
        let date_text = line(2, "date")?;
        let date = DateTime::parse_from_rfc3339(date_text)
            .ok()
            .map(|d| d.with_timezone(&Utc))
            .filter(|d| d.to_rfc3339_opts(SecondsFormat::Secs, true) == date_text)
            .ok_or("the date is not a UTC time like 2026-12-01T16:40:00Z")?;
        let sequence: u64 = line(3, "entry")?
            .parse()
            .ok()
            .filter(|s| *s >= 1)
            .ok_or("the entry is not a number from 1")?;
        let hash = codec::parse_hash(line(4, "hash")?)
            .ok_or("the hash is not 64 lowercase hexadecimal digits")?;
        Ok(Statement {
            ledger,
            date,
            head: Anchor { sequence, hash },
        })
    }
}

/// Why an anchor does not hold: said in words, with the values.
fn differs(anchor: &Anchor, what: String) -> StoreError {
    StoreError::Damaged {
        sequence: Some(anchor.sequence),
        what,
    }
}

impl Ledger {
    /// The ledger's identity: the hash of its entry 1 (kept by a restore).
    pub fn ledger_id(&self) -> Result<Hash, StoreError> {
        self.record(1)?
            .map(|r| r.hash)
            .ok_or_else(|| StoreError::Damaged {
                sequence: Some(1),
                what: "entry 1 is missing".to_string(),
            })
    }

    /// The statement of this ledger's head at `date`, once the chain is checked from the
    /// entry `verify` last found sound (or from entry 1) to the head.
    pub fn statement(&self, date: DateTime<Utc>) -> Result<Statement, StoreError> {
        let report = self.verify_chain_from(self.checkpoint()?, &mut |_, _| {})?;
        Ok(Statement {
            ledger: self.ledger_id()?,
            date,
            head: Anchor {
                sequence: report.head.sequence,
                hash: report.head.hash,
            },
        })
    }

    /// Checks that every anchor is in the log with its hash, then that the chain from the
    /// earliest to the head is intact (every hash recomputed and linked); returns the head.
    /// A difference is `Damaged`, naming the entry and both values: missing, another hash,
    /// or a log shorter than the anchor.
    pub fn check_anchors(
        &self,
        anchors: &[Anchor],
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<Head, StoreError> {
        let head = self.lock_head();
        for anchor in anchors {
            if anchor.sequence > head.sequence {
                return Err(differs(
                    anchor,
                    format!(
                        "the log is shorter than expected: it ends at entry {}, and entry {} (hash {}) was expected",
                        head.sequence,
                        anchor.sequence,
                        hex::encode(anchor.hash)
                    ),
                ));
            }
            match self.record_hash(anchor.sequence)? {
                None => {
                    return Err(differs(
                        anchor,
                        format!(
                            "entry {} (hash {}) was expected, and the log does not hold it",
                            anchor.sequence,
                            hex::encode(anchor.hash)
                        ),
                    ))
                }
                Some(found) if found != anchor.hash => {
                    return Err(differs(
                        anchor,
                        format!(
                            "entry {} has hash {}, not the {} expected: the ledger was rewritten since, or is another one",
                            anchor.sequence,
                            hex::encode(found),
                            hex::encode(anchor.hash)
                        ),
                    ))
                }
                Some(_) => {}
            }
        }
        let Some(earliest) = anchors.iter().min_by_key(|a| a.sequence) else {
            return Ok(*head);
        };
        let start = Head {
            sequence: earliest.sequence,
            hash: earliest.hash,
        };
        let report = crate::guard(self.path(), || {
            verify::verify_chain(self, start, *head, progress)
        })
        .and_then(|r| r)?;
        Ok(report.head)
    }

    /// The hash stored in the record of entry `sequence`, if the log holds it.
    fn record_hash(&self, sequence: u64) -> Result<Option<Hash>, StoreError> {
        Ok(self.record(sequence)?.map(|r| r.hash))
    }
}
