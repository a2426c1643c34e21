//! The jardins event log on sled: an append-only, hash-chained, idempotent, durable log of
//! events, the projections derived from it, and its JSON Lines export and import.
//!
//! One sled tree holds everything under one-byte key prefixes (see `codec::key` and
//! `events/README.md`): the log, the head, the idempotency keys and every projection. Each
//! append or batch is one atomic `apply_batch` followed by a flush; only then is a receipt
//! returned. Byte forms live in `codec`, and nowhere else.

pub mod access;
mod anchor;
pub mod bounded;
pub mod codec;
mod headfile;
mod import;
pub mod json;
mod verify;
mod work;

use std::collections::{BTreeMap, BTreeSet};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use chrono::{DateTime, NaiveDate, Utc};
use jardins_ledger::{
    Account, Command, CommandKind, CommitmentId, CommitmentState, Currency, CurrencyCode, Event,
    FlowKind, GardenId, GardenState, MemberState, PersonId, PersonState, Refusal,
};
use rust_decimal::Decimal;

pub use anchor::{
    Anchor, Statement, CHECKPOINT_FIRST_LINE, MAX_STATEMENT_BYTES, SIGNATURE_NAMESPACE,
};
use codec::key;
pub use codec::{Hash, FORMAT_VERSION, GENESIS, LAYOUT_VERSION, MAX_KEY_CHARS};
pub use headfile::HEAD_FILE;
use work::{damaged, sled_error, Work};

/// Most commands (or imported lines) written in one atomic batch, with one flush.
pub const MAX_BATCH: usize = 10_000;

/// Most lines of an import's batch, appended or not (lines already recorded append nothing):
/// bounds what a batch keeps of its lines' places.
pub const MAX_LINES_IN_BATCH: usize = 4 * MAX_BATCH;

/// Longest line `import_jsonl` reads, in bytes; a longer one is refused unread.
pub const MAX_LINE_BYTES: usize = 1024 * 1024;

/// sled's page cache, in bytes. (Measured at a million events: import 17.7 s and 259 MB, verify
/// 5.0 s with 64 MiB; 20.2 s, 313 MB and 7.3 s with 128 MiB. Reports read one shard's runs.)
pub const CACHE_BYTES: u64 = 64 * 1024 * 1024;

/// How often `open` tries again while another process holds the ledger.
const LOCK_RETRY_MS: u64 = 25;

/// The last record of the log: its sequence and hash (0 and `GENESIS` before the first).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Head {
    pub sequence: u64,
    pub hash: Hash,
}

impl Head {
    /// Where a log with no record yet stands: sequence 0, the genesis hash.
    pub const GENESIS: Head = Head {
        sequence: 0,
        hash: GENESIS,
    };
}

/// What an append answers once the event is on disk.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Receipt {
    pub sequence: u64,
    pub hash: Hash,
    /// The idempotency key was used before for the same command: nothing was appended, and
    /// this is the first receipt.
    pub replayed: bool,
}

/// A record of the log, decoded and checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    pub sequence: u64,
    pub recorded_at: DateTime<Utc>,
    pub event: Event,
    pub previous_hash: Hash,
    pub hash: Hash,
}

/// The sum of one day's postings of one flow kind (corrections apart) on one account.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DailyFlow {
    pub on: NaiveDate,
    pub kind: FlowKind,
    pub correction: bool,
    pub amount: Decimal,
}

/// One posting, traced to the entry that recorded it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PostingRow {
    pub sequence: u64,
    pub index: u32,
    pub on: NaiveDate,
    pub kind: FlowKind,
    pub amount: Decimal,
    pub correction: bool,
    /// The account on the other side of the entry.
    pub counterparty: Option<Account>,
    /// The commitment a member's payment (or its reversal) counts toward.
    pub toward: Option<CommitmentId>,
}

impl PostingRow {
    fn of(entry: &codec::RunEntry) -> PostingRow {
        PostingRow {
            sequence: entry.sequence,
            index: entry.index,
            on: entry.on,
            kind: entry.kind,
            amount: entry.amount,
            correction: entry.correction,
            counterparty: entry.counterparty.clone(),
            toward: entry.toward.clone(),
        }
    }
}

/// The runs of one shard, read once for the reports of one process: each with its groups'
/// heads, decoded group by group as the reports ask.
type ShardRuns = Vec<(codec::RunKey, sled::IVec, Vec<codec::RunGroupHead>)>;

/// A key and its value, as stored.
pub type RawEntry = (Vec<u8>, Vec<u8>);

/// What reports read, kept until a write changes it: each commit forgets what it wrote (the
/// shards of the runs it rewrote) once it is in the database, and counts one more
/// `generation`; a report that began reading before that count keeps what it read to itself
/// (it may have read the runs as they were before the commit).
#[derive(Default)]
struct ReadCache {
    generation: u64,
    shards: BTreeMap<u8, Arc<ShardRuns>>,
    /// The postings of one account in one currency, by date, entry and index.
    postings: BTreeMap<(Account, CurrencyCode), Arc<Vec<codec::RunEntry>>>,
    /// The currencies in which each account has postings.
    currencies: BTreeMap<Account, Vec<CurrencyCode>>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerifyReport {
    pub events: u64,
    pub head: Head,
}

/// The last entry `verify` found sound, chain and projections, and when: a later check of the
/// chain may start from it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Checkpoint {
    pub sequence: u64,
    pub hash: Hash,
    pub verified_at: DateTime<Utc>,
}

/// What a check of the chain from a checkpoint found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChainReport {
    pub head: Head,
    /// Where the check started: after this checkpoint, or from entry 1.
    pub from: Option<Checkpoint>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportSummary {
    /// Lines read (blank lines included).
    pub lines: u64,
    /// Events appended to the log.
    pub appended: u64,
    /// Whether the input held recorded events (with sequence and hashes).
    pub restored: bool,
    pub head: Head,
}

fn at_entry(sequence: &Option<u64>) -> String {
    match sequence {
        Some(sequence) => format!(" at entry {sequence}"),
        None => String::new(),
    }
}

/// The ledger cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("no ledger at {}: create one with `jardins init`", path.display())]
    NoLedger { path: PathBuf },
    #[error("{} already exists and is not an empty directory: choose another path for a new ledger", path.display())]
    AlreadyExists { path: PathBuf },
    #[error("another jardins is using the ledger at {} (waited {waited_ms} ms): wait for it to finish, or try again with a longer wait", path.display())]
    Locked { path: PathBuf, waited_ms: u64 },
    #[error("the ledger is damaged{}: {what}; `jardins verify` shows where, and a JSON Lines backup restores it", at_entry(.sequence))]
    Damaged { sequence: Option<u64>, what: String },
    #[error("cannot use the ledger at {}: {source} (check that the disk has space and the directory is writable)", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "the ledger holds {} entries, the most it may: start a new ledger",
        jardins_ledger::MAX_EVENTS
    )]
    Full,
    #[error("a batch of {count} commands is above the limit of {max}: split it")]
    BatchTooLarge { count: usize, max: usize },
}

/// An append that did not happen.
#[derive(Debug, thiserror::Error)]
pub enum AppendError {
    /// Said in a person's language by `jardins-text` (`Text::refusal`); this crate holds no
    /// refusal's sentence.
    #[error("refused by the rule {}", .0.rule())]
    Refused(Refusal),
    #[error("the idempotency key '{key}' was used by entry {sequence} for a different command: use a new key, or repeat the same command")]
    KeyReused { key: String, sequence: u64 },
    #[error("'{key}' is not an idempotency key: use 1 to {MAX_KEY_CHARS} characters, none of them a control character")]
    InvalidKey { key: String },
    #[error(transparent)]
    Store(StoreError),
}

/// What an import had recorded when it stopped: the batches written before the line that
/// stopped it (the batch holding that line is not written).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Recorded {
    /// The last line of the last batch written.
    pub through_line: u64,
    /// Events those batches appended (lines already in the ledger append none).
    pub appended: u64,
    pub head: Head,
}

/// What a stopped import had recorded, as the end of its message.
pub fn recorded_before(recorded: &Option<Recorded>) -> String {
    match recorded {
        Some(r) if r.through_line > 0 => format!(
            "; lines 1 to {} were recorded before it ({} events appended; the head is now entry {}, hash {}), and nothing after them: fix the line and import the same file again, the lines already recorded are recognised and not recorded twice",
            r.through_line,
            r.appended,
            r.head.sequence,
            hex::encode(r.head.hash)
        ),
        _ => "; nothing of this import was recorded".to_string(),
    }
}

/// An import that stopped at a line, and what it had recorded before it.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("line {line}: {reason}{}", recorded_before(.recorded))]
    Line {
        line: u64,
        reason: String,
        recorded: Option<Recorded>,
    },
    /// The rules refuse the command or the recorded entry (`sequence`) a line holds; said in a
    /// person's language by the caller.
    #[error("line {line}: refused by the rule {}{}", refusal.rule(), recorded_before(.recorded))]
    Refused {
        line: u64,
        sequence: Option<u64>,
        refusal: Box<Refusal>,
        recorded: Option<Recorded>,
    },
    /// A value of the line's event that the domain refuses (a name too long…).
    #[error("line {line}: the event is not valid: {field}: refused by the rule {}{}", refusal.rule(), recorded_before(.recorded))]
    InvalidValue {
        line: u64,
        field: String,
        refusal: Box<Refusal>,
        recorded: Option<Recorded>,
    },
    #[error(transparent)]
    Store(StoreError),
}

pub struct Ledger {
    path: PathBuf,
    db: sled::Db,
    /// The head of the log; held for the whole of an append, so appends are serial.
    head: Mutex<Head>,
    /// What reports read, emptied by every write.
    cache: Mutex<ReadCache>,
    /// What the last append loaded, for the next one (see `work::Session`).
    session: Mutex<Option<work::Session>>,
    /// The file `head`, kept open by the writes.
    head_file: headfile::HeadFile,
}

/// Every sled option, stated. Compression stays off: the byte forms are the ones documented.
/// Public so that the benches measure sled alone with the very options of a ledger.
pub fn sled_config(path: &Path) -> sled::Config {
    sled::Config::new()
        .path(path)
        .cache_capacity(CACHE_BYTES)
        .mode(sled::Mode::HighThroughput)
        .use_compression(false)
        .compression_factor(1)
        // Durability comes from the flush after every batch, not from a background timer.
        .flush_every_ms(None)
        .temporary(false)
        .create_new(false)
        .print_profile_on_drop(false)
        .segment_size(512 * 1024)
        .idgen_persist_interval(1_000_000)
}

/// Runs a sled call, turning a panic inside sled (on damaged files) into `Damaged`.
fn guard<T>(path: &Path, call: impl FnOnce() -> T) -> Result<T, StoreError> {
    catch_unwind(AssertUnwindSafe(call)).map_err(|panic| {
        let what = panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_else(|| "the database failed".to_string());
        StoreError::Damaged {
            sequence: None,
            what: format!(
                "the database files at {} cannot be read ({what})",
                path.display()
            ),
        }
    })
}

/// sled refuses a locked database with an `Other` IO error that says so (sled 0.34.7,
/// `Config::try_lock`: "could not acquire lock on ...: ... WouldBlock ...").
fn is_lock_error(error: &sled::Error) -> bool {
    match error {
        sled::Error::Io(io) => {
            io.kind() == std::io::ErrorKind::WouldBlock
                || io.to_string().contains("could not acquire lock")
        }
        _ => false,
    }
}

fn open_db(path: &Path, wait: Duration) -> Result<sled::Db, StoreError> {
    let started = Instant::now();
    let mut unfinished_snapshots_removed = false;
    loop {
        match guard(path, || sled_config(path).open())? {
            Ok(db) => return Ok(db),
            Err(sled::Error::Corruption { .. })
                if !unfinished_snapshots_removed && remove_unfinished_snapshots(path) > 0 =>
            {
                // Opened once: the retry that follows is the last.
                unfinished_snapshots_removed = true;
            }
            Err(error) if is_lock_error(&error) => {
                let waited = started.elapsed();
                if waited >= wait {
                    return Err(StoreError::Locked {
                        path: path.to_path_buf(),
                        waited_ms: u64::try_from(waited.as_millis()).unwrap_or(u64::MAX),
                    });
                }
                let pause = Duration::from_millis(LOCK_RETRY_MS).min(wait - waited);
                std::thread::sleep(pause);
            }
            Err(error) => return Err(sled_error(path, error)),
        }
    }
}

/// Removes the snapshots sled began and never finished (`snap.<16 hex digits>.generating`,
/// left by a process killed, or refused by a full disk, while writing one); returns how many.
/// sled 0.34.7 reads the newest `snap.*` file, finished or not, and reports an unfinished one
/// as corruption (spacejam/sled#1527). A snapshot is only a shortcut: the previous finished
/// one, and the log after it, hold everything. Called only after sled took the ledger's lock
/// and failed on it, so no running process is writing that file.
fn remove_unfinished_snapshots(path: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(path) else {
        return 0;
    };
    let unfinished = |name: &str| {
        name.strip_prefix("snap.")
            .and_then(|rest| rest.strip_suffix(".generating"))
            .is_some_and(|lsn| lsn.len() == 16 && lsn.bytes().all(|b| b.is_ascii_hexdigit()))
    };
    entries
        .filter_map(Result::ok)
        .filter(|entry| entry.file_name().to_str().is_some_and(unfinished))
        .filter(|entry| std::fs::remove_file(entry.path()).is_ok())
        .count()
}

/// Whether `path` holds sled's files (a directory with `conf` and `db`).
fn holds_database(path: &Path) -> bool {
    path.join("conf").is_file() && path.join("db").is_file()
}

impl Ledger {
    /// Creates a new ledger at `path` (absent, or an empty directory), with the euro declared
    /// as entry 1.
    pub fn create(path: &Path, now: DateTime<Utc>) -> Result<Ledger, StoreError> {
        if path.exists() {
            let empty_dir = path.is_dir()
                && std::fs::read_dir(path)
                    .map_err(|source| StoreError::Io {
                        path: path.to_path_buf(),
                        source,
                    })?
                    .next()
                    .is_none();
            if !empty_dir {
                return Err(StoreError::AlreadyExists {
                    path: path.to_path_buf(),
                });
            }
        }
        // The head file first: a ledger is never without it once sled's files are there.
        std::fs::create_dir_all(path).map_err(|source| StoreError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        headfile::create(path)?;
        let db = open_db(path, Duration::ZERO)?;
        let ledger = Ledger {
            path: path.to_path_buf(),
            db,
            head: Mutex::new(Head::GENESIS),
            cache: Mutex::new(ReadCache::default()),
            session: Mutex::new(None),
            head_file: headfile::HeadFile::default(),
        };
        let euro = Command {
            on: now.date_naive(),
            kind: CommandKind::DeclareCurrency {
                currency: Currency::euro(),
            },
        };
        match ledger.append(&euro, None, now) {
            Ok(_) => Ok(ledger),
            Err(AppendError::Store(error)) => Err(error),
            Err(other) => Err(StoreError::Damaged {
                sequence: Some(1),
                what: format!("declaring the euro in a new ledger failed: {other}"),
            }),
        }
    }

    /// Lets go of the ledger as the process ends, without closing sled: its files are left as
    /// a kill at this point would leave them, which the ledger survives by design
    /// (docs/RELIABILITY.md). Dropping it instead flushes sled, syncs its file and joins its
    /// threads (BENCHMARKS.md: about 9 ms of a balance's whole process at a million events).
    /// Nothing acknowledged waits on that flush: every write of this crate is flushed before
    /// it returns. The ledger stays locked until the process exits, which must be next.
    pub fn leave(self) {
        std::mem::forget(self);
    }

    /// Opens the ledger at `path`, waiting up to `wait` while another process holds it.
    pub fn open(path: &Path, wait: Duration) -> Result<Ledger, StoreError> {
        Ledger::open_checked(path, wait).map_err(|error| match error {
            // Damage found as the ledger opens: say what was acknowledged, which is lost.
            StoreError::Damaged { sequence, what } if !what.contains("was acknowledged") => {
                let acknowledged = match headfile::read(path) {
                    Ok(Some((slot, _))) if slot.sequence > 0 => format!(
                        "; entry {} (hash {}) was acknowledged, and {} cannot be read up to it: restore the ledger from a backup",
                        slot.sequence,
                        hex::encode(slot.hash),
                        path.join("db").display()
                    ),
                    _ => String::new(),
                };
                StoreError::Damaged {
                    sequence,
                    what: format!("{what}{acknowledged}"),
                }
            }
            other => other,
        })
    }

    fn open_checked(path: &Path, wait: Duration) -> Result<Ledger, StoreError> {
        let head_file = headfile::path_of(path);
        if !holds_database(path) {
            // One of the ledger's files without the others is a damaged ledger, not a missing
            // one: `jardins init` must not be suggested over it.
            let present = |f: &str| path.join(f).is_file();
            if ["conf", "db", headfile::HEAD_FILE].into_iter().any(present) {
                let missing: Vec<String> = ["conf", "db"]
                    .into_iter()
                    .filter(|f| !present(f))
                    .map(|f| path.join(f).display().to_string())
                    .collect();
                return Err(StoreError::Damaged {
                    sequence: None,
                    what: format!(
                        "its file{} {} {} missing: restore the ledger's directory from a backup",
                        if missing.len() > 1 { "s" } else { "" },
                        missing.join(" and "),
                        if missing.len() > 1 { "are" } else { "is" },
                    ),
                });
            }
            return Err(StoreError::NoLedger {
                path: path.to_path_buf(),
            });
        }
        let db = open_db(path, wait)?;
        // Read once sled holds the ledger's lock: no other process is writing it.
        let Some((acknowledged, _)) = headfile::read(path)? else {
            return Err(StoreError::Damaged {
                sequence: None,
                what: format!(
                    "its file {}, which keeps the last entry acknowledged, is missing: restore the ledger's directory from a backup",
                    head_file.display()
                ),
            });
        };
        let meta = guard(path, || db.get(key::meta()))?.map_err(|e| sled_error(path, e))?;
        let Some(meta) = meta else {
            if acknowledged.sequence == 0 {
                return Err(StoreError::Damaged {
                    sequence: None,
                    what: format!(
                        "{} holds no ledger head and no entry was ever acknowledged: its creation did not finish; remove it and run `jardins init` again",
                        path.display()
                    ),
                });
            }
            return Err(StoreError::Damaged {
                sequence: Some(acknowledged.sequence),
                what: format!(
                    "the database {} holds no entry, but entry {} (hash {}) was acknowledged: the file was emptied, cut or damaged; restore the ledger from a backup",
                    path.join("db").display(),
                    acknowledged.sequence,
                    hex::encode(acknowledged.hash)
                ),
            });
        };
        let layout = codec::meta_layout(&meta);
        let readable = if layout == Some(codec::UPGRADABLE_LAYOUT) {
            codec::encode_meta(
                u64::from_be_bytes(meta[1..9].try_into().expect("checked by meta_layout")),
                &meta[9..].try_into().expect("checked by meta_layout"),
            )
        } else {
            meta.to_vec()
        };
        let (sequence, hash) = codec::decode_meta(&readable).map_err(|e| damaged(None, e))?;
        let ledger = Ledger {
            path: path.to_path_buf(),
            db,
            head: Mutex::new(Head { sequence, hash }),
            cache: Mutex::new(ReadCache::default()),
            session: Mutex::new(None),
            head_file: headfile::HeadFile::default(),
        };
        ledger.check_head()?;
        ledger.check_acknowledged(Head {
            sequence: acknowledged.sequence,
            hash: acknowledged.hash,
        })?;
        if layout == Some(codec::UPGRADABLE_LAYOUT) {
            ledger.upgrade_layout()?;
        }
        Ok(ledger)
    }

    /// Brings a ledger of layout 2 to layout 3: writes each member's commitments to each garden
    /// (`key::commitments_of`), which follow from the stored commitments (ordered as made, by
    /// the entry that made each, as the log gives them), and the head with the new layout, in
    /// one atomic batch, flushed. Until then a payment would not see the commitments made
    /// before: it is done as the ledger opens, before anything reads or writes it.
    fn upgrade_layout(&self) -> Result<(), StoreError> {
        let mut made: BTreeMap<(GardenId, PersonId), Vec<(u64, CommitmentId)>> = BTreeMap::new();
        for (id, state) in self.commitments()? {
            made.entry((state.garden, state.person))
                .or_default()
                .push((state.made_by, id));
        }
        let mut batch = sled::Batch::default();
        for ((garden, person), mut ids) in made {
            ids.sort();
            let ids: Vec<CommitmentId> = ids.into_iter().map(|(_, id)| id).collect();
            batch.insert(
                key::commitments_of(&garden, &person),
                codec::encode_commitments_of(&ids),
            );
        }
        let head = self.head();
        batch.insert(
            &key::meta()[..],
            codec::encode_meta(head.sequence, &head.hash),
        );
        self.read(|db| db.apply_batch(batch))?;
        self.read(|db| db.flush().map(|_| ()))?;
        Ok(())
    }

    /// The log holds the last entry a receipt was given for, with the hash the receipt gave:
    /// never an earlier head, never another entry in its place.
    fn check_acknowledged(&self, acknowledged: Head) -> Result<(), StoreError> {
        let head = self.head();
        if acknowledged.sequence == 0 {
            return Ok(());
        }
        let db = self.path.join("db");
        if head.sequence < acknowledged.sequence {
            let lost = if acknowledged.sequence == head.sequence + 1 {
                format!("entry {} is", acknowledged.sequence)
            } else {
                format!(
                    "entries {} to {} are",
                    head.sequence + 1,
                    acknowledged.sequence
                )
            };
            return Err(StoreError::Damaged {
                sequence: Some(acknowledged.sequence),
                what: format!(
                    "the database ends at entry {}, but entry {} (hash {}) was acknowledged: {lost} lost from {} (it was cut, overwritten or damaged); restore the ledger from a backup",
                    head.sequence,
                    acknowledged.sequence,
                    hex::encode(acknowledged.hash),
                    db.display()
                ),
            });
        }
        let held = self
            .record_bytes(acknowledged.sequence)?
            .and_then(|bytes| codec::record_header(&bytes).ok().map(|h| h.hash));
        if held != Some(acknowledged.hash) {
            return Err(StoreError::Damaged {
                sequence: Some(acknowledged.sequence),
                what: format!(
                    "entry {} was acknowledged with hash {}, and {} holds {} in its place; restore the ledger from a backup",
                    acknowledged.sequence,
                    hex::encode(acknowledged.hash),
                    db.display(),
                    held.map_or_else(|| "nothing".to_string(), |h| format!("hash {}", hex::encode(h)))
                ),
            });
        }
        Ok(())
    }

    /// The head agrees with the log's last record, and nothing follows it.
    fn check_head(&self) -> Result<(), StoreError> {
        let head = self.head();
        let last = self.record_bytes(head.sequence)?;
        let matches = match &last {
            Some(bytes) => codec::record_header(bytes)
                .map(|h| h.sequence == head.sequence && h.hash == head.hash)
                .unwrap_or(false),
            None => false,
        };
        if !matches {
            return Err(StoreError::Damaged {
                sequence: Some(head.sequence),
                what: format!(
                    "the ledger head says entry {} with hash {}, and the log does not hold that record",
                    head.sequence,
                    hex::encode(head.hash)
                ),
            });
        }
        let after = head.sequence + 1;
        let held_after = self.record_bytes(after)?.is_some()
            || self
                .read(|db| db.range(key::log(after)..).next().transpose())?
                .is_some_and(|(k, _)| {
                    k.first() == Some(&key::LOG) && k[..] > key::log(head.sequence)[..]
                });
        if held_after {
            return Err(StoreError::Damaged {
                sequence: Some(after),
                what: format!(
                    "the log holds entries after the head (entry {})",
                    head.sequence
                ),
            });
        }
        Ok(())
    }

    /// The stored bytes of record `sequence`, read from its page.
    fn record_bytes(&self, sequence: u64) -> Result<Option<Vec<u8>>, StoreError> {
        if sequence == 0 {
            return Ok(None);
        }
        let first = codec::page_first(sequence);
        match self.read(|db| db.get(key::log(first)))? {
            None => Ok(None),
            Some(page) => work::record_in(first, &page, sequence),
        }
    }

    /// A work for the next append: the kept session if it was kept at this head, else new. (A
    /// refused or failed append keeps nothing: its work is dropped, and the next starts anew.)
    fn resume_work(&self, head: Head) -> Work<'_> {
        let kept = self
            .lock_session()
            .take()
            .filter(|session| session.head == head);
        match kept {
            Some(session) => Work::resume(&self.path, &self.db, &self.head_file, session),
            None => Work::new(&self.path, &self.db, &self.head_file, head),
        }
    }

    fn keep_session(&self, work: Work<'_>) {
        *self.lock_session() = work.into_session();
    }

    fn lock_session(&self) -> MutexGuard<'_, Option<work::Session>> {
        self.session.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Forgets everything reports read (an import writes any run).
    fn forget_shards(&self) {
        let mut cache = self.read_cache();
        let generation = cache.generation + 1;
        *cache = ReadCache {
            generation,
            ..ReadCache::default()
        };
    }

    /// Forgets what reports read of the shards a commit wrote (`None`: of every shard); called
    /// once the commit is done, whether it succeeded or not.
    fn forget_written(&self, shards: Option<&BTreeSet<u8>>) {
        let Some(shards) = shards else {
            return self.forget_shards();
        };
        let mut cache = self.read_cache();
        cache.generation += 1;
        let written = |account: &Account| shards.contains(&codec::shard_of(account));
        cache.shards.retain(|shard, _| !shards.contains(shard));
        cache.postings.retain(|(account, _), _| !written(account));
        cache.currencies.retain(|account, _| !written(account));
    }

    /// Commits `work` at `head`, then forgets what reports read of what it wrote.
    fn commit_work(&self, work: &mut Work<'_>, head: &mut Head) -> Result<(), StoreError> {
        let shards = work.shards_written();
        let committed = guard(&self.path, || work.commit(true)).and_then(|r| r);
        self.forget_written(shards.as_ref());
        *head = committed?;
        Ok(())
    }

    fn read_cache(&self) -> MutexGuard<'_, ReadCache> {
        self.cache.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn head(&self) -> Head {
        *self.lock_head()
    }

    fn lock_head(&self) -> MutexGuard<'_, Head> {
        // The head is written only after a batch is on disk: a panic elsewhere cannot have
        // left it half-updated.
        self.head.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn read<T>(
        &self,
        call: impl FnOnce(&sled::Db) -> Result<T, sled::Error>,
    ) -> Result<T, StoreError> {
        guard(&self.path, || call(&self.db))?.map_err(|e| sled_error(&self.path, e))
    }

    /// Decides `command` and, if accepted, records it durably before answering.
    pub fn append(
        &self,
        command: &Command,
        key: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<Receipt, AppendError> {
        let mut head = self.lock_head();
        let mut work = self.resume_work(*head);
        let receipt = guard(&self.path, || {
            work.append(command, key, now.date_naive(), codec::micros(now))
        })
        .map_err(AppendError::Store)??;
        if !work.is_empty() {
            self.commit_work(&mut work, &mut head)
                .map_err(AppendError::Store)?;
        }
        self.keep_session(work);
        Ok(receipt)
    }

    /// Appends every command or none: one atomic write and one flush. An error names the
    /// index of the command that failed (the last one when writing failed).
    // The error's shape is the crate's public contract; it is returned once per batch.
    #[allow(clippy::result_large_err)]
    pub fn append_batch(
        &self,
        commands: &[(Command, Option<String>)],
        now: DateTime<Utc>,
    ) -> Result<Vec<Receipt>, (usize, AppendError)> {
        if commands.len() > MAX_BATCH {
            return Err((
                0,
                AppendError::Store(StoreError::BatchTooLarge {
                    count: commands.len(),
                    max: MAX_BATCH,
                }),
            ));
        }
        let mut head = self.lock_head();
        let mut work = self.resume_work(*head);
        let today = now.date_naive();
        let at = codec::micros(now);
        let mut receipts = Vec::with_capacity(commands.len());
        for (index, (command, key)) in commands.iter().enumerate() {
            let receipt = guard(&self.path, || {
                work.append(command, key.as_deref(), today, at)
            })
            .map_err(|e| (index, AppendError::Store(e)))?
            .map_err(|e| (index, e))?;
            receipts.push(receipt);
        }
        if !work.is_empty() {
            self.commit_work(&mut work, &mut head)
                .map_err(|e| (commands.len().saturating_sub(1), AppendError::Store(e)))?;
        }
        self.keep_session(work);
        Ok(receipts)
    }

    /// Decides each command on its own, in order (a refused one is answered and never sinks the
    /// others; later commands see the earlier accepted ones), writes every accepted one in one
    /// atomic batch, flushes once, and only then returns each command's outcome. An `Err` means
    /// nothing of the group was written (the store failed).
    pub fn append_each(
        &self,
        commands: &[(Command, Option<String>)],
        now: DateTime<Utc>,
    ) -> Result<Vec<Result<Receipt, AppendError>>, StoreError> {
        if commands.len() > MAX_BATCH {
            return Err(StoreError::BatchTooLarge {
                count: commands.len(),
                max: MAX_BATCH,
            });
        }
        let mut head = self.lock_head();
        let mut work = self.resume_work(*head);
        let today = now.date_naive();
        let at = codec::micros(now);
        let mut outcomes = Vec::with_capacity(commands.len());
        for (command, key) in commands {
            // A refusal is decided before anything is recorded in the work, so the work holds
            // only the accepted commands; a store failure may leave it half-done, and then the
            // whole group is dropped unwritten.
            let outcome = guard(&self.path, || {
                work.append(command, key.as_deref(), today, at)
            })?;
            match outcome {
                Err(AppendError::Store(error)) => return Err(error),
                other => outcomes.push(other),
            }
        }
        if !work.is_empty() {
            self.commit_work(&mut work, &mut head)?;
        }
        self.keep_session(work);
        Ok(outcomes)
    }

    fn decode(&self, sequence: u64, bytes: &[u8]) -> Result<Record, StoreError> {
        let raw = codec::decode_record(sequence, bytes).map_err(|e| damaged(Some(sequence), e))?;
        let recorded_at =
            codec::time_of(raw.recorded_at_us).ok_or_else(|| StoreError::Damaged {
                sequence: Some(sequence),
                what: "the recorded time is out of range".to_string(),
            })?;
        Ok(Record {
            sequence: raw.sequence,
            recorded_at,
            event: raw.event,
            previous_hash: raw.previous_hash,
            hash: raw.hash,
        })
    }

    /// The record of entry `sequence`, checked (version, sequence, hash, event).
    pub fn record(&self, sequence: u64) -> Result<Option<Record>, StoreError> {
        match self.record_bytes(sequence)? {
            None => Ok(None),
            Some(bytes) => self.decode(sequence, &bytes).map(Some),
        }
    }

    /// The records from entry `from_sequence` on, in order, read page by page.
    pub fn records(
        &self,
        from_sequence: u64,
    ) -> impl Iterator<Item = Result<Record, StoreError>> + '_ {
        let from = from_sequence.max(1);
        self.db
            .range(key::log(from)..=key::log(u64::MAX))
            .flat_map(move |item| {
                let page = item
                    .map_err(|e| sled_error(&self.path, e))
                    .and_then(|(k, v)| {
                        let first = key::page_of(&k).ok_or_else(|| malformed(&k))?;
                        let records = codec::page_records(first, &v)
                            .map_err(|e| damaged(Some(first), e))?
                            .into_iter()
                            .filter(|(sequence, _)| *sequence >= from)
                            .map(|(sequence, bytes)| self.decode(sequence, bytes))
                            .collect::<Vec<_>>();
                        Ok(records)
                    });
                match page {
                    Ok(records) => records,
                    Err(error) => vec![Err(error)],
                }
            })
    }

    /// Walks the whole log, checks every hash and link, decodes every event, rebuilds every
    /// projection from scratch and compares it with the stored one. `progress(done, total)`.
    pub fn verify(&self, progress: &mut dyn FnMut(u64, u64)) -> Result<VerifyReport, StoreError> {
        // Appends wait while the log is read: the head stays where verify found it.
        let head = self.lock_head();
        let report = guard(&self.path, || verify::verify(self, *head, progress)).and_then(|r| r)?;
        // Noted for later checks of the chain, which may start from here. Not a projection of
        // the log: `digest` leaves it out, and `verify` does not compare it.
        let note = codec::encode_checkpoint(
            report.head.sequence,
            &report.head.hash,
            codec::micros(Utc::now()),
        );
        self.read(|db| db.insert(key::checkpoint(), note))?;
        self.read(|db| db.flush())?;
        Ok(report)
    }

    /// The last entry `verify` found sound, if it still is in the log with the same hash.
    pub fn checkpoint(&self) -> Result<Option<Checkpoint>, StoreError> {
        let Some(bytes) = self.read(|db| db.get(key::checkpoint()))? else {
            return Ok(None);
        };
        let (sequence, hash, at) =
            codec::decode_checkpoint(&bytes).map_err(|e| damaged(None, e))?;
        let verified_at = codec::time_of(at).ok_or_else(|| StoreError::Damaged {
            sequence: None,
            what: "the time of the last verification is out of range".to_string(),
        })?;
        Ok(Some(Checkpoint {
            sequence,
            hash,
            verified_at,
        }))
    }

    /// Checks the chain from `from` (a checkpoint whose record must still be in the log with its
    /// hash) or from entry 1 to the head: every hash recomputed and linked.
    pub fn verify_chain_from(
        &self,
        from: Option<Checkpoint>,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<ChainReport, StoreError> {
        let head = self.lock_head();
        let start = match from {
            None => Head::GENESIS,
            Some(checkpoint) => {
                let found = self.record(checkpoint.sequence)?;
                if found.map(|r| r.hash) != Some(checkpoint.hash)
                    || checkpoint.sequence > head.sequence
                {
                    return Err(StoreError::Damaged {
                        sequence: Some(checkpoint.sequence),
                        what: format!(
                            "entry {} is not the one `jardins verify` found sound on {} (hash {})",
                            checkpoint.sequence,
                            checkpoint.verified_at.format("%Y-%m-%d %H:%M UTC"),
                            hex::encode(checkpoint.hash)
                        ),
                    });
                }
                Head {
                    sequence: checkpoint.sequence,
                    hash: checkpoint.hash,
                }
            }
        };
        let report = guard(&self.path, || {
            verify::verify_chain(self, start, *head, progress)
        })
        .and_then(|r| r)?;
        Ok(ChainReport {
            head: report.head,
            from,
        })
    }

    /// Checks the chain alone (every hash recomputed and linked, the head its end), without
    /// decoding events or rebuilding projections as `verify` does. `progress(done, total)`.
    pub fn verify_chain(
        &self,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<VerifyReport, StoreError> {
        let report = self.verify_chain_from(None, progress)?;
        Ok(VerifyReport {
            events: report.head.sequence,
            head: report.head,
        })
    }

    /// Writes every record as one JSON line; returns how many.
    pub fn export_jsonl(
        &self,
        out: &mut dyn std::io::Write,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<u64, StoreError> {
        let total = self.head().sequence;
        let io = |source| StoreError::Io {
            path: PathBuf::from("the export output"),
            source,
        };
        // Which entry each idempotency key recorded, so that a restore keeps the keys.
        let mut keys: BTreeMap<u64, String> = BTreeMap::new();
        for item in self.db.scan_prefix([key::IDEMPOTENCY]) {
            let (k, v) = item.map_err(|e| sled_error(&self.path, e))?;
            let sequence = codec::decode_sequence(&v).map_err(|e| damaged(None, e))?;
            let text = std::str::from_utf8(&k[1..]).map_err(|_| malformed(&k))?;
            keys.insert(sequence, text.to_string());
        }
        let mut written = 0;
        for record in self.records(1) {
            let record = record?;
            if record.sequence > total {
                break;
            }
            let key = keys.get(&record.sequence).map(String::as_str);
            out.write_all(json::record_line_with_key(&record, key).as_bytes())
                .map_err(io)?;
            out.write_all(b"\n").map_err(io)?;
            written += 1;
            progress(written, total);
        }
        out.flush().map_err(io)?;
        Ok(written)
    }

    /// Imports JSON Lines: recorded events (a restore, hash for hash) or new events (decided
    /// by the rules as of `now`). Batches of at most `MAX_BATCH` lines are all-or-nothing.
    pub fn import_jsonl(
        &self,
        input: &mut dyn std::io::BufRead,
        now: DateTime<Utc>,
        progress: &mut dyn FnMut(u64),
    ) -> Result<ImportSummary, ImportError> {
        let mut head = self.lock_head();
        self.forget_shards();
        *self.lock_session() = None;
        let imported = guard(&self.path, || {
            import::import(self, &mut head, input, now, progress)
        })
        .map_err(ImportError::Store)
        .and_then(|r| r);
        self.forget_shards();
        imported
    }

    /// Every key and value the ledger stores, in key order: for tests that check the byte
    /// layout (`events/golden/`), and for looking inside a ledger.
    pub fn raw_entries(&self) -> Result<Vec<RawEntry>, StoreError> {
        let _writers_wait = self.lock_head();
        self.db
            .iter()
            .map(|item| {
                item.map(|(k, v)| (k.to_vec(), v.to_vec()))
                    .map_err(|e| sled_error(&self.path, e))
            })
            .collect()
    }

    /// SHA-256 over every key and value of the ledger, in key order (each as a u32 BE length
    /// then the bytes): two ledgers with the same digest hold the same log, head, keys and
    /// projections. For tests and for comparing a restore with its source.
    pub fn digest(&self) -> Result<Hash, StoreError> {
        use sha2::Digest;
        let _writers_wait = self.lock_head();
        let mut hasher = sha2::Sha256::new();
        for item in self.db.iter() {
            let (k, v) = item.map_err(|e| sled_error(&self.path, e))?;
            if k[..] == key::checkpoint() || k.first() == Some(&key::IMPORTED) {
                // Notes of when it was last verified and of what imports wrote, not what the
                // ledger holds.
                continue;
            }
            for part in [&k[..], &v[..]] {
                hasher.update(u32::try_from(part.len()).unwrap_or(u32::MAX).to_be_bytes());
                hasher.update(part);
            }
        }
        Ok(hasher.finalize().into())
    }

    fn scan<T>(
        &self,
        prefix: &[u8],
        mut each: impl FnMut(&[u8], &[u8]) -> Result<T, StoreError>,
    ) -> Result<Vec<T>, StoreError> {
        let mut found = Vec::new();
        for item in self.db.scan_prefix(prefix) {
            let (k, v) = item.map_err(|e| sled_error(&self.path, e))?;
            found.push(each(&k, &v)?);
        }
        Ok(found)
    }

    pub fn currencies(&self) -> Result<Vec<Currency>, StoreError> {
        self.scan(&[key::CURRENCY], |_, v| {
            codec::decode_currency(v).map_err(|e| damaged(None, e))
        })
    }

    pub fn currency(&self, code: &CurrencyCode) -> Result<Option<Currency>, StoreError> {
        self.read(|db| db.get(key::currency(code)))?
            .map(|v| codec::decode_currency(&v).map_err(|e| damaged(None, e)))
            .transpose()
    }

    pub fn gardens(&self) -> Result<Vec<(GardenId, GardenState)>, StoreError> {
        self.scan(&[key::GARDEN], |k, v| {
            Ok((
                parse_key_text(k, 1)?,
                codec::decode_garden(v).map_err(|e| damaged(None, e))?,
            ))
        })
    }

    pub fn garden(&self, id: &GardenId) -> Result<Option<GardenState>, StoreError> {
        self.read(|db| db.get(key::garden(id)))?
            .map(|v| codec::decode_garden(&v).map_err(|e| damaged(None, e)))
            .transpose()
    }

    pub fn people(&self) -> Result<Vec<(PersonId, PersonState)>, StoreError> {
        self.scan(&[key::PERSON], |k, v| {
            Ok((
                parse_key_text(k, 1)?,
                codec::decode_person(v).map_err(|e| damaged(None, e))?,
            ))
        })
    }

    pub fn members(&self, garden: &GardenId) -> Result<Vec<(PersonId, MemberState)>, StoreError> {
        let prefix = key::members_of(garden);
        self.scan(&prefix, |k, v| {
            Ok((
                parse_key_text(k, prefix.len())?,
                codec::decode_member(v).map_err(|e| damaged(None, e))?,
            ))
        })
    }

    pub fn commitments(&self) -> Result<Vec<(CommitmentId, CommitmentState)>, StoreError> {
        self.scan(&[key::COMMITMENT], |k, v| {
            Ok((
                parse_key_text(k, 1)?,
                codec::decode_commitment(v).map_err(|e| damaged(None, e))?,
            ))
        })
    }

    pub fn reversed_by(&self, sequence: u64) -> Result<Option<u64>, StoreError> {
        self.read(|db| db.get(key::reversed(sequence)))?
            .map(|v| codec::decode_sequence(&v).map_err(|e| damaged(Some(sequence), e)))
            .transpose()
    }

    /// The runs of `shard` with their heads, read once.
    fn shard(&self, shard: u8) -> Result<Arc<ShardRuns>, StoreError> {
        self.kept(
            |cache| &mut cache.shards,
            &shard,
            || {
                let mut runs = ShardRuns::new();
                for item in self.db.scan_prefix(key::runs_of(shard)) {
                    let (k, v) = item.map_err(|e| sled_error(&self.path, e))?;
                    let at = key::run_of(&k).ok_or_else(|| malformed(&k))?;
                    let heads = codec::run_heads(at, &v).map_err(|e| damaged(None, e))?;
                    runs.push((at, v, heads));
                }
                Ok(Arc::new(runs))
            },
        )
    }

    /// What `cache` keeps under `key` (taken by `kept_in`), else what `read` reads, which is
    /// kept only if no commit ended while it read (`ReadCache::generation`).
    fn kept<K: Ord + Clone, V: Clone>(
        &self,
        kept_in: fn(&mut ReadCache) -> &mut BTreeMap<K, V>,
        key: &K,
        read: impl FnOnce() -> Result<V, StoreError>,
    ) -> Result<V, StoreError> {
        let generation = {
            let mut cache = self.read_cache();
            if let Some(found) = kept_in(&mut cache).get(key) {
                return Ok(found.clone());
            }
            cache.generation
        };
        let value = read()?;
        let mut cache = self.read_cache();
        if cache.generation == generation {
            kept_in(&mut cache).insert(key.clone(), value.clone());
        }
        Ok(value)
    }

    /// The postings of `account` in `currency`, by date, entry and index.
    fn account_postings(
        &self,
        account: &Account,
        currency: &CurrencyCode,
    ) -> Result<Arc<Vec<codec::RunEntry>>, StoreError> {
        let wanted = (account.clone(), currency.clone());
        self.kept(
            |cache| &mut cache.postings,
            &wanted,
            || {
                let runs = self.shard(codec::shard_of(account))?;
                let mut entries = Vec::new();
                let mut from_runs = 0_usize;
                for (at, bytes, heads) in runs.iter() {
                    for head in heads
                        .iter()
                        .filter(|h| h.account == *account && h.currency == *currency)
                    {
                        entries.extend(
                            codec::run_entries(*at, bytes, head).map_err(|e| damaged(None, e))?,
                        );
                        from_runs += 1;
                    }
                }
                let ordered = |e: &codec::RunEntry| (e.on, e.sequence, e.index);
                if from_runs > 1 || !entries.is_sorted_by_key(ordered) {
                    // Runs of later blocks may hold earlier dates; every reader counts on date order.
                    entries.sort_by_key(ordered);
                }
                Ok(Arc::new(entries))
            },
        )
    }

    /// The currencies in which `account` has any posting.
    pub fn currencies_of(&self, account: &Account) -> Result<Vec<CurrencyCode>, StoreError> {
        self.kept(
            |cache| &mut cache.currencies,
            account,
            || {
                let runs = self.shard(codec::shard_of(account))?;
                let currencies: BTreeSet<CurrencyCode> = runs
                    .iter()
                    .flat_map(|(_, _, heads)| heads.iter())
                    .filter(|h| h.account == *account)
                    .map(|h| h.currency.clone())
                    .collect();
                Ok(currencies.into_iter().collect())
            },
        )
    }

    /// The balance of `account` in `currency` at the end of `as_of`: the sum of its postings
    /// up to that date (never a scan of the log).
    pub fn balance(
        &self,
        account: &Account,
        currency: &CurrencyCode,
        as_of: NaiveDate,
    ) -> Result<Decimal, StoreError> {
        let mut total = Decimal::ZERO;
        for entry in self.account_postings(account, currency)?.iter() {
            if entry.on > as_of {
                break;
            }
            total = total
                .checked_add(entry.amount)
                .ok_or_else(|| StoreError::Damaged {
                    sequence: Some(entry.sequence),
                    what: format!("the balance of {account} in {currency} overflows"),
                })?;
        }
        Ok(total)
    }

    /// The daily flows of `account` in `currency` from `from` (or the start) to `to`, by date,
    /// then flow kind, then corrections after the rest.
    pub fn daily(
        &self,
        account: &Account,
        currency: &CurrencyCode,
        from: Option<NaiveDate>,
        to: NaiveDate,
    ) -> Result<Vec<DailyFlow>, StoreError> {
        let postings = self.account_postings(account, currency)?;
        // The postings are in date order (`account_postings`): one pass, each day's sums kept
        // in a slot per flow kind and correction, in the order the flows are listed.
        let mut flows = Vec::new();
        let mut day: Option<NaiveDate> = None;
        let mut sums: [Option<(FlowKind, Decimal)>; DAY_SLOTS] = [None; DAY_SLOTS];
        let start = from.map_or(0, |from| postings.partition_point(|e| e.on < from));
        for entry in postings[start..].iter().take_while(|e| e.on <= to) {
            if day != Some(entry.on) {
                if let Some(on) = day {
                    push_day(&mut flows, on, &mut sums);
                }
                day = Some(entry.on);
            }
            let slot = entry.kind.index() * 2 + usize::from(entry.correction);
            let (_, sum) = sums[slot].get_or_insert((entry.kind, Decimal::ZERO));
            *sum = sum
                .checked_add(entry.amount)
                .ok_or_else(|| StoreError::Damaged {
                    sequence: Some(entry.sequence),
                    what: format!("the daily flows of {account} in {currency} overflow"),
                })?;
        }
        if let Some(on) = day {
            push_day(&mut flows, on, &mut sums);
        }
        Ok(flows)
    }

    /// The postings of one flow kind on `account` in `currency`, by date then entry.
    pub fn postings(
        &self,
        account: &Account,
        kind: FlowKind,
        currency: &CurrencyCode,
        from: Option<NaiveDate>,
        to: NaiveDate,
    ) -> Result<Vec<PostingRow>, StoreError> {
        let entries = self.account_postings(account, currency)?;
        // Room for every entry at once: a vector grown by doubling is copied into fresh memory
        // each time, and what is reserved but not written is never touched.
        let mut rows = Vec::with_capacity(entries.len());
        rows.extend(
            entries
                .iter()
                .filter(|e| e.kind == kind && e.on <= to && from.is_none_or(|from| e.on >= from))
                .map(PostingRow::of),
        );
        Ok(rows)
    }
}

/// A day's sums in `Ledger::daily`: one slot for each flow kind, and one for its corrections.
const DAY_SLOTS: usize = FlowKind::ALL.len() * 2;

/// Moves one day's sums, in slot order, to `flows`, leaving the slots empty.
fn push_day(
    flows: &mut Vec<DailyFlow>,
    on: NaiveDate,
    sums: &mut [Option<(FlowKind, Decimal)>; DAY_SLOTS],
) {
    for (slot, sum) in sums.iter_mut().enumerate() {
        if let Some((kind, amount)) = sum.take() {
            flows.push(DailyFlow {
                on,
                kind,
                correction: slot % 2 == 1,
                amount,
            });
        }
    }
}

pub(crate) fn malformed(key_bytes: &[u8]) -> StoreError {
    StoreError::Damaged {
        sequence: None,
        what: format!("{} is malformed", key::describe(key_bytes)),
    }
}

/// The NUL-terminated identifier at `at` in a key, parsed.
fn parse_key_text<T: std::str::FromStr>(key_bytes: &[u8], at: usize) -> Result<T, StoreError> {
    key_bytes
        .get(at..)
        .and_then(key::take_text)
        .and_then(|(text, _)| text.parse().ok())
        .ok_or_else(|| malformed(key_bytes))
}
