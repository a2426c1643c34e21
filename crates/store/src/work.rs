//! One piece of work on the ledger: the part of the state its commands read, loaded key by key
//! (never the whole ledger), the events it records, and the writes that follow, collected so
//! that each batch is written with one atomic `apply_batch`.
//!
//! Records go to log pages and postings to runs (see `codec`): the page the head is in and the
//! runs of the head's block are read once, kept, and written again with each batch. An import
//! keeps one `Work` for all its batches, so what it loaded stays loaded; `verify` uses one in
//! `Rebuild` mode, which starts from nothing and writes nothing.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use rustc_hash::FxHashSet;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use jardins_ledger::{
    evolve, Account, Change, Command, CommandKind, CurrencyCode, Event, EventKind, Keys, State,
};

use crate::codec::{self, key, ByName, DecodeError, Hash, RunEntry, RunGroup, RunKey};
use crate::headfile::HeadFile;
use crate::{malformed, AppendError, Head, Receipt, StoreError};

/// Most rounds of "load what the command reads" before giving up: a reversal needs two (the
/// entry, then its gardens), closing a garden two (its balances, then their currencies).
const MAX_LOAD_ROUNDS: usize = 8;

/// What this work has loaded. Hashed sets: ordered ones of identifier strings led the
/// import's profile, and nothing walks these in order.
#[derive(Default)]
struct Loaded {
    currencies: FxHashSet<jardins_ledger::CurrencyCode>,
    gardens: FxHashSet<jardins_ledger::GardenId>,
    people: FxHashSet<jardins_ledger::PersonId>,
    members: FxHashSet<(jardins_ledger::GardenId, jardins_ledger::PersonId)>,
    commitments: FxHashSet<jardins_ledger::CommitmentId>,
    entries: FxHashSet<u64>,
    /// Accounts whose balances are in the state, in every currency, and kept up to date.
    balances_of: FxHashSet<Account>,
    /// Gardens whose `State::judged_until` was loaded: only for those does this work keep it
    /// up to date (`Change::Judged`).
    judged_until: FxHashSet<jardins_ledger::GardenId>,
    commitments_of: FxHashSet<(jardins_ledger::GardenId, jardins_ledger::PersonId)>,
}

pub(crate) fn damaged(sequence: Option<u64>, error: DecodeError) -> StoreError {
    StoreError::Damaged {
        sequence,
        what: error.what,
    }
}

pub(crate) fn sled_error(path: &Path, error: sled::Error) -> StoreError {
    match error {
        // sled opens its files (db, snap.*, blobs/*) as it needs them: one that is not there
        // is a damaged ledger, not a disk to check.
        sled::Error::Io(source) if source.kind() == std::io::ErrorKind::NotFound => {
            StoreError::Damaged {
                sequence: None,
                what: format!(
                    "a file of the database in {} is missing ({source})",
                    path.display()
                ),
            }
        }
        sled::Error::Io(source) => StoreError::Io {
            path: path.to_path_buf(),
            source,
        },
        // sled checks a CRC on everything it reads: a flipped or cut byte ends up here.
        sled::Error::Corruption { at, .. } => StoreError::Damaged {
            sequence: None,
            what: format!(
                "the database files in {} fail their checksums ({}): they were altered, or the disk is failing",
                path.display(),
                match at {
                    Some(sled::DiskPtr::Inline(offset)) => format!("at byte {offset} of the file db"),
                    Some(sled::DiskPtr::Blob(_, blob)) => format!("in the file blobs/{blob}"),
                    None => "in one of its files: db, snap.* or blobs/*".to_string(),
                }
            ),
        },
        other => StoreError::Damaged {
            sequence: None,
            what: format!("the database reports: {other}"),
        },
    }
}

/// What a `Work` is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Mode {
    /// Appends to the ledger: reads what is stored, writes on commit.
    Write,
    /// Rebuilds the projections from the log (verify): the state starts empty, nothing is
    /// read from the projections and nothing is written; records are read from the log.
    Rebuild,
}

/// The postings of one run being built, by account then currency (the order in which runs
/// are stored), each group with the bytes of its entries once encoded: a run written again
/// encodes only the groups that changed since (a payment adds to two of a run's groups).
#[derive(Default)]
pub(crate) struct Run {
    groups: BTreeMap<(ByName, CurrencyCode), (RunGroup, Option<Body>)>,
}

/// A value a `Work` writes, and the entry whose change wrote it last (a rebuild names that
/// entry when the stored value differs).
struct Written {
    value: Vec<u8>,
    by: u64,
}

/// The bytes of a group's entries, as `codec::encode_run_body` writes them.
type Body = Vec<u8>;

impl Run {
    fn of(groups: Vec<RunGroup>) -> Run {
        Run {
            groups: groups
                .into_iter()
                .map(|g| ((ByName(g.account.clone()), g.currency.clone()), (g, None)))
                .collect(),
        }
    }

    fn add(&mut self, account: &Account, currency: &CurrencyCode, entry: RunEntry) {
        let key = (ByName(account.clone()), currency.clone());
        let (group, body) = self.groups.entry(key).or_insert_with(|| {
            let group = RunGroup {
                account: account.clone(),
                currency: currency.clone(),
                entries: Vec::new(),
            };
            (group, None)
        });
        group.entries.push(entry);
        *body = None;
    }

    /// The groups in their stored order, entries sorted.
    pub(crate) fn into_groups(self) -> Vec<RunGroup> {
        self.groups
            .into_values()
            .map(|(mut group, _)| {
                sort_group(&mut group);
                group
            })
            .collect()
    }

    fn encode(&mut self) -> Vec<u8> {
        for (group, body) in self.groups.values_mut() {
            if body.is_none() {
                sort_group(group);
                *body = Some(codec::encode_run_body(group));
            }
        }
        let parts: Vec<(&RunGroup, &[u8])> = self
            .groups
            .values()
            .map(|(group, body)| (group, body.as_deref().unwrap_or_default()))
            .collect();
        codec::encode_run_parts(&parts)
    }

    /// The sum of `account`'s postings, per currency.
    fn sums_of(&self, account: &Account, into: &mut BTreeMap<CurrencyCode, Decimal>) {
        for ((holder, _), (group, _)) in &self.groups {
            if holder.0 != *account {
                continue;
            }
            let sum = into.entry(group.currency.clone()).or_default();
            for entry in &group.entries {
                *sum = sum
                    .checked_add(entry.amount)
                    .expect("sums are bounded by MAX_AMOUNT × MAX_EVENTS");
            }
        }
    }
}

/// Sorts a group's entries into their stored order: by date, entry and index.
fn sort_group(group: &mut RunGroup) {
    group.entries.sort_by_key(|e| (e.on, e.sequence, e.index));
}

/// What a `Work` loaded and holds once its writes are committed, kept by a `Ledger` between
/// appends so that the next one starts with it: valid while this process holds the ledger (no
/// other writes it) and the head is the one it was committed at.
pub(crate) struct Session {
    state: State,
    loaded: Loaded,
    pages: BTreeMap<u64, Vec<u8>>,
    runs: BTreeMap<RunKey, Run>,
    judged: BTreeMap<u8, BTreeMap<jardins_ledger::GardenId, NaiveDate>>,
    /// The head that the database held when the session was kept.
    pub head: Head,
}

/// Most entities a kept `Session` may hold before it is let go (and the next append starts
/// afresh): bounds what a long-lived process keeps.
const MAX_SESSION_ENTITIES: usize = 1_000_000;

pub(crate) struct Work<'t> {
    path: &'t Path,
    tree: &'t sled::Tree,
    head_file: &'t HeadFile,
    mode: Mode,
    /// When set, what the tree holds is ignored and will be removed on commit (a restore
    /// replacing the first entry written by `create`).
    fresh: bool,
    pub state: State,
    loaded: Loaded,
    /// Keys of one value each (currencies, gardens, people, memberships, commitments,
    /// reversals, idempotency keys, the head) to write.
    writes: BTreeMap<Vec<u8>, Written>,
    /// In `Rebuild` mode, the entry that last raised each shard's judged dates.
    judged_by: BTreeMap<u8, u64>,
    /// Log pages held: the head's (if not full) and those this batch changed.
    pages: BTreeMap<u64, Vec<u8>>,
    dirty_pages: BTreeSet<u64>,
    /// Runs held: those of the head's block, and those this batch changed.
    runs: BTreeMap<RunKey, Run>,
    dirty_runs: BTreeSet<RunKey>,
    /// Judged dates held, by shard (small: kept for the whole work), and those changed.
    judged: BTreeMap<u8, BTreeMap<jardins_ledger::GardenId, NaiveDate>>,
    dirty_judged: BTreeSet<u8>,
    /// The head the database holds (in `Rebuild` mode, the last entry rebuilt).
    committed: Head,
    pub head: Head,
    /// Events recorded since the last commit.
    pub recorded: u64,
}

impl<'t> Work<'t> {
    pub fn new(path: &'t Path, tree: &'t sled::Tree, head_file: &'t HeadFile, head: Head) -> Self {
        Work {
            path,
            tree,
            head_file,
            mode: Mode::Write,
            fresh: false,
            state: State::default(),
            loaded: Loaded::default(),
            writes: BTreeMap::new(),
            judged_by: BTreeMap::new(),
            pages: BTreeMap::new(),
            dirty_pages: BTreeSet::new(),
            runs: BTreeMap::new(),
            dirty_runs: BTreeSet::new(),
            judged: BTreeMap::new(),
            dirty_judged: BTreeSet::new(),
            committed: head,
            head,
            recorded: 0,
        }
    }

    /// Work that starts with what an earlier one kept, at the head it was committed at.
    pub fn resume(
        path: &'t Path,
        tree: &'t sled::Tree,
        head_file: &'t HeadFile,
        session: Session,
    ) -> Self {
        let mut work = Work::new(path, tree, head_file, session.head);
        work.state = session.state;
        work.loaded = session.loaded;
        work.pages = session.pages;
        work.runs = session.runs;
        work.judged = session.judged;
        work
    }

    /// What this work holds, to start the next one with: only once everything is committed,
    /// and while it is not too large.
    pub fn into_session(self) -> Option<Session> {
        let entities = self.state.gardens.len()
            + self.state.people.len()
            + self.state.members.len()
            + self.state.commitments.len()
            + self.state.commitments_of.len();
        let committed = self.is_empty() && self.committed == self.head && !self.fresh;
        if self.mode != Mode::Write || !committed || entities > MAX_SESSION_ENTITIES {
            return None;
        }
        Some(Session {
            state: self.state,
            loaded: self.loaded,
            pages: self.pages,
            runs: self.runs,
            judged: self.judged,
            head: self.head,
        })
    }

    /// Work that rebuilds the projections from the log of `tree`, from entry 1.
    pub fn rebuild(path: &'t Path, tree: &'t sled::Tree, head_file: &'t HeadFile) -> Self {
        let mut work = Work::new(path, tree, head_file, Head::GENESIS);
        work.mode = Mode::Rebuild;
        work
    }

    /// A batch that starts from an empty ledger, whatever the tree holds now.
    pub fn fresh(path: &'t Path, tree: &'t sled::Tree, head_file: &'t HeadFile) -> Self {
        let mut work = Work::new(path, tree, head_file, Head::GENESIS);
        work.fresh = true;
        work
    }

    pub fn is_fresh(&self) -> bool {
        self.fresh
    }

    fn sled<T>(&self, result: Result<T, sled::Error>) -> Result<T, StoreError> {
        result.map_err(|e| sled_error(self.path, e))
    }

    /// Whether stored projections are to be read: not when starting from nothing.
    fn reads_projections(&self) -> bool {
        !self.fresh && self.mode == Mode::Write
    }

    /// A value as this work sees it: its own writes first, then the tree.
    pub fn get(&self, key: &[u8]) -> Result<Option<Vec<u8>>, StoreError> {
        if let Some(written) = self.writes.get(key) {
            return Ok(Some(written.value.clone()));
        }
        if !self.reads_projections() {
            return Ok(None);
        }
        Ok(self.sled(self.tree.get(key))?.map(|v| v.to_vec()))
    }

    /// The bytes of the record of entry `sequence`, from this work or the log.
    fn record_bytes(&self, sequence: u64) -> Result<Option<Vec<u8>>, StoreError> {
        if sequence == 0 || sequence > self.head.sequence {
            return Ok(None);
        }
        let first = codec::page_first(sequence);
        match self.pages.get(&first) {
            Some(page) => record_in(first, page, sequence),
            None if self.fresh => Ok(None),
            None => match self.sled(self.tree.get(key::log(first)))? {
                Some(page) => record_in(first, &page, sequence),
                None => Ok(None),
            },
        }
    }

    /// The event recorded as `sequence` and its hash, from this work or the log.
    pub fn event_at(&self, sequence: u64) -> Result<Option<(Event, Hash)>, StoreError> {
        match self.record_bytes(sequence)? {
            None => Ok(None),
            Some(bytes) => {
                let record = codec::decode_record(sequence, &bytes)
                    .map_err(|e| damaged(Some(sequence), e))?;
                Ok(Some((record.event, record.hash)))
            }
        }
    }

    /// Loads the keys not loaded yet; tells whether anything was new.
    pub fn load(&mut self, keys: &Keys) -> Result<bool, StoreError> {
        let mut new = false;
        for code in &keys.currencies {
            if !self.loaded.currencies.contains(code) {
                self.loaded.currencies.insert(code.clone());
                new = true;
                if let Some(bytes) = self.get(&key::currency(code))? {
                    let value = codec::decode_currency(&bytes).map_err(|e| damaged(None, e))?;
                    self.state.currencies.insert(code.clone(), value);
                }
            }
        }
        for id in &keys.gardens {
            if !self.loaded.gardens.contains(id) {
                self.loaded.gardens.insert(id.clone());
                new = true;
                if let Some(bytes) = self.get(&key::garden(id))? {
                    let value = codec::decode_garden(&bytes).map_err(|e| damaged(None, e))?;
                    self.state.gardens.insert(id.clone(), value);
                }
            }
        }
        for id in &keys.people {
            if !self.loaded.people.contains(id) {
                self.loaded.people.insert(id.clone());
                new = true;
                if let Some(bytes) = self.get(&key::person(id))? {
                    let value = codec::decode_person(&bytes).map_err(|e| damaged(None, e))?;
                    self.state.people.insert(id.clone(), value);
                }
            }
        }
        for pair in &keys.members {
            if !self.loaded.members.contains(pair) {
                self.loaded.members.insert(pair.clone());
                new = true;
                if let Some(bytes) = self.get(&key::member(&pair.0, &pair.1))? {
                    let value = codec::decode_member(&bytes).map_err(|e| damaged(None, e))?;
                    self.state.members.insert(pair.clone(), value);
                }
            }
        }
        for id in &keys.commitments {
            if !self.loaded.commitments.contains(id) {
                self.loaded.commitments.insert(id.clone());
                new = true;
                if let Some(bytes) = self.get(&key::commitment(id))? {
                    let value = codec::decode_commitment(&bytes).map_err(|e| damaged(None, e))?;
                    self.state.commitments.insert(id.clone(), value);
                }
            }
        }
        for pair in &keys.commitments_of {
            if !self.loaded.commitments_of.contains(pair) {
                self.loaded.commitments_of.insert(pair.clone());
                new = true;
                if let Some(bytes) = self.get(&key::commitments_of(&pair.0, &pair.1))? {
                    let value =
                        codec::decode_commitments_of(&bytes).map_err(|e| damaged(None, e))?;
                    self.state.commitments_of.insert(pair.clone(), value);
                }
            }
        }
        for &sequence in &keys.entries {
            if self.loaded.entries.insert(sequence) {
                new = true;
                self.load_entry(sequence)?;
            }
        }
        let accounts = keys
            .balances
            .iter()
            .map(|(account, _)| account)
            .chain(&keys.all_balances_of);
        for account in accounts {
            if !self.loaded.balances_of.contains(account) {
                new = true;
                self.load_balances_of(account)?;
            }
        }
        for garden in &keys.judged_until {
            if !self.loaded.judged_until.contains(garden) {
                self.loaded.judged_until.insert(garden.clone());
                new = true;
                self.load_judged_until(garden)?;
            }
        }
        Ok(new)
    }

    /// Loads `State::judged_until` for `garden`, from the judged dates of its shard.
    fn load_judged_until(&mut self, garden: &jardins_ledger::GardenId) -> Result<(), StoreError> {
        let shard = codec::shard_of(&Account::Garden(garden.clone()));
        if let Some(on) = self.judged_page(shard)?.get(garden).copied() {
            self.state.put(Change::Judged {
                garden: garden.clone(),
                on,
            });
        }
        Ok(())
    }

    /// The judged dates of the gardens of `shard`: held, stored, or none yet.
    fn judged_page(
        &mut self,
        shard: u8,
    ) -> Result<&mut BTreeMap<jardins_ledger::GardenId, NaiveDate>, StoreError> {
        if !self.judged.contains_key(&shard) {
            let stored = match self.get(&key::judged(shard))? {
                Some(bytes) => codec::decode_judged(shard, &bytes).map_err(|e| damaged(None, e))?,
                None => BTreeMap::new(),
            };
            self.judged.insert(shard, stored);
        }
        Ok(self.judged.get_mut(&shard).expect("inserted above"))
    }

    fn load_entry(&mut self, sequence: u64) -> Result<(), StoreError> {
        // Entries recorded by this work are in the state already (EntryRecorded).
        if self.state.entries.contains_key(&sequence)
            || sequence == 0
            || sequence > self.head.sequence
        {
            return Ok(());
        }
        let Some((event, _)) = self.event_at(sequence)? else {
            return Err(StoreError::Damaged {
                sequence: Some(sequence),
                what: format!("entry {sequence} is missing from the log"),
            });
        };
        let mut entry = jardins_ledger::EntryState::of(&event);
        if let Some(bytes) = self.get(&key::reversed(sequence))? {
            entry.reversed_by =
                Some(codec::decode_sequence(&bytes).map_err(|e| damaged(Some(sequence), e))?);
        }
        self.state.entries.insert(sequence, entry);
        Ok(())
    }

    /// Puts `account`'s balances in every currency in the state: the sums of its postings in
    /// the stored runs of its shard, and in the runs this work holds. From then on, postings
    /// recorded on it keep them up to date.
    fn load_balances_of(&mut self, account: &Account) -> Result<(), StoreError> {
        let shard = codec::shard_of(account);
        let mut sums = BTreeMap::new();
        if self.reads_projections() {
            for item in self.tree.scan_prefix(key::runs_of(shard)) {
                let (k, v) = self.sled(item)?;
                let at = key::run_of(&k).ok_or_else(|| malformed(&k))?;
                if self.runs.contains_key(&at) {
                    continue;
                }
                let run = Run::of(codec::decode_run(at, &v).map_err(|e| damaged(None, e))?);
                run.sums_of(account, &mut sums);
            }
        }
        for (_, run) in self.runs.range(run_range(shard)) {
            run.sums_of(account, &mut sums);
        }
        self.state
            .balances
            .retain(|(holder, _), _| holder != account);
        for (currency, sum) in sums {
            self.state.balances.insert((account.clone(), currency), sum);
        }
        self.loaded.balances_of.insert(account.clone());
        Ok(())
    }

    /// Loads what `reads` asks for, again and again, until it asks nothing new.
    pub fn load_until_settled(&mut self, reads: impl Fn(&State) -> Keys) -> Result<(), StoreError> {
        for _ in 0..MAX_LOAD_ROUNDS {
            let keys = reads(&self.state);
            if !self.load(&keys)? {
                return Ok(());
            }
        }
        Err(StoreError::Damaged {
            sequence: None,
            what: format!(
                "the state a command reads did not settle after {MAX_LOAD_ROUNDS} rounds"
            ),
        })
    }

    /// The sequence an idempotency key was first used for, in this work or before.
    pub fn key_sequence(&self, idempotency_key: &str) -> Result<Option<u64>, StoreError> {
        match self.get(&key::idempotency(idempotency_key))? {
            None => Ok(None),
            Some(bytes) => codec::decode_sequence(&bytes)
                .map(Some)
                .map_err(|e| damaged(None, e)),
        }
    }

    /// Notes that idempotency key `k` recorded entry `sequence` (a restored entry's key).
    /// Writes, with this batch, that an import's batch began at the line whose place is
    /// `first` and ended at `line`, with the places of its lines.
    pub fn remember_import(&mut self, first: &[u8; 16], places: &[[u8; 16]], line: u64) {
        let last = places.last().copied().unwrap_or(*first);
        let value = codec::encode_imported(line, self.head.sequence, places);
        self.write(self.head.sequence, key::imported(first, &last), value);
    }

    pub fn remember_key(&mut self, k: &str, sequence: u64) {
        self.write(
            sequence,
            key::idempotency(k),
            codec::encode_sequence(sequence),
        );
    }

    /// Decides `command` and records its events (in memory, until `commit`).
    pub fn append(
        &mut self,
        command: &Command,
        idempotency_key: Option<&str>,
        today: NaiveDate,
        recorded_at_us: i64,
    ) -> Result<Receipt, AppendError> {
        self.append_decided(command, idempotency_key, today, recorded_at_us)
            .map(|(receipt, _)| receipt)
    }

    /// `append`, which also gives the events recorded (none when the receipt is replayed).
    pub fn append_decided(
        &mut self,
        command: &Command,
        idempotency_key: Option<&str>,
        today: NaiveDate,
        recorded_at_us: i64,
    ) -> Result<(Receipt, Vec<Event>), AppendError> {
        if let Some(k) = idempotency_key {
            if !codec::valid_idempotency_key(k) {
                return Err(AppendError::InvalidKey {
                    key: jardins_ledger::ids::excerpt(k),
                });
            }
            if let Some(sequence) = self.key_sequence(k).map_err(AppendError::Store)? {
                let Some((event, hash)) = self.event_at(sequence).map_err(AppendError::Store)?
                else {
                    return Err(AppendError::Store(StoreError::Damaged {
                        sequence: Some(sequence),
                        what: format!(
                            "the idempotency key '{}' names entry {sequence}, which is not in the log",
                            jardins_ledger::ids::excerpt(k)
                        ),
                    }));
                };
                if same_request(&event, command) {
                    let receipt = Receipt {
                        sequence,
                        hash,
                        replayed: true,
                    };
                    return Ok((receipt, Vec::new()));
                }
                return Err(AppendError::KeyReused {
                    key: k.to_string(),
                    sequence,
                });
            }
        }
        self.load_until_settled(|state| command.touches(state))
            .map_err(AppendError::Store)?;
        let events =
            jardins_ledger::decide(&self.state, command, today).map_err(AppendError::Refused)?;
        let mut last = None;
        for event in &events {
            last = Some(
                self.record(event, recorded_at_us)
                    .map_err(AppendError::Store)?,
            );
        }
        let Some((sequence, hash)) = last else {
            return Err(AppendError::Store(StoreError::Damaged {
                sequence: None,
                what: "the rules returned no event for an accepted command".to_string(),
            }));
        };
        if let Some(k) = idempotency_key {
            self.write(
                sequence,
                key::idempotency(k),
                codec::encode_sequence(sequence),
            );
        }
        let receipt = Receipt {
            sequence,
            hash,
            replayed: false,
        };
        Ok((receipt, events))
    }

    /// Records one decided event: the log record, then every projection it changes.
    pub fn record(
        &mut self,
        event: &Event,
        recorded_at_us: i64,
    ) -> Result<(u64, Hash), StoreError> {
        debug_assert_eq!(self.mode, Mode::Write);
        if self.head.sequence >= jardins_ledger::MAX_EVENTS {
            return Err(StoreError::Full);
        }
        let sequence = self.head.sequence + 1;
        let postings = event.postings();
        // Paired with decode: checked right before the bytes are written.
        assert!(
            jardins_ledger::event::postings_balance(&postings),
            "entry {sequence}: the postings of an event must sum to zero in each currency"
        );
        let event_bytes = codec::encode_event(event);
        let (record, hash) =
            codec::encode_record(&self.head.hash, sequence, recorded_at_us, &event_bytes);
        debug_assert!(codec::decode_record(sequence, &record).is_ok());
        let first = codec::page_first(sequence);
        let page = self.page_to_write(first)?;
        debug_assert_eq!(
            codec::page_records(first, page).map(|r| r.len() as u64),
            Ok(sequence - first),
            "entry {sequence} follows the records of its page"
        );
        codec::push_record(page, &record);
        self.dirty_pages.insert(first);
        self.project_with(sequence, event, &postings)?;
        self.head = Head { sequence, hash };
        self.recorded += 1;
        Ok((sequence, hash))
    }

    /// The page that starts at `first`, to add a record to: held, stored, or new.
    fn page_to_write(&mut self, first: u64) -> Result<&mut Vec<u8>, StoreError> {
        if !self.pages.contains_key(&first) {
            let stored = if !self.fresh && first <= self.committed.sequence {
                match self.sled(self.tree.get(key::log(first)))? {
                    Some(bytes) => bytes.to_vec(),
                    None => {
                        return Err(StoreError::Damaged {
                            sequence: Some(first),
                            what: format!("the log page of entry {first} is missing"),
                        })
                    }
                }
            } else {
                Vec::new()
            };
            self.pages.insert(first, stored);
        }
        Ok(self.pages.get_mut(&first).expect("inserted above"))
    }

    /// Applies a recorded event to the projections (and to the state this work holds).
    pub fn project(&mut self, sequence: u64, event: &Event) -> Result<(), StoreError> {
        self.project_with(sequence, event, &event.postings())
    }

    fn project_with(
        &mut self,
        sequence: u64,
        event: &Event,
        postings: &[jardins_ledger::Posting],
    ) -> Result<(), StoreError> {
        self.load_until_settled(|state| event.touches(state))?;
        let toward = self.toward(event)?;
        for change in evolve(&self.state, sequence, event) {
            if let Change::Posted {
                index, ref posting, ..
            } = change
            {
                let other = postings
                    .iter()
                    .enumerate()
                    .find(|(i, _)| *i as u32 != index)
                    .map(|(_, p)| p.account.clone());
                let toward = match posting.account {
                    Account::Member(_) => toward.clone(),
                    _ => None,
                };
                self.post(&change, other, toward)?;
            }
            self.apply(sequence, change)?;
        }
        Ok(())
    }

    /// The commitment a payment (or the reversal of one) counts toward.
    fn toward(
        &mut self,
        event: &Event,
    ) -> Result<Option<jardins_ledger::CommitmentId>, StoreError> {
        Ok(match &event.kind {
            EventKind::ContributionPaid { pays_for, .. } => pays_for.commitment().cloned(),
            EventKind::EntryReversed { entry, .. } => match self.state.entries.get(entry) {
                Some(state) => state.commitment.as_ref().map(|(c, _)| c.clone()),
                None => match self.event_at(*entry)? {
                    Some((reversed, _)) => match reversed.kind {
                        EventKind::ContributionPaid { pays_for, .. } => {
                            pays_for.commitment().cloned()
                        }
                        _ => None,
                    },
                    None => None,
                },
            },
            _ => None,
        })
    }

    /// Adds a posting to its run.
    fn post(
        &mut self,
        change: &Change,
        counterparty: Option<Account>,
        toward: Option<jardins_ledger::CommitmentId>,
    ) -> Result<(), StoreError> {
        let Change::Posted {
            sequence,
            index,
            on,
            posting,
            correction,
        } = change
        else {
            return Ok(());
        };
        let at = RunKey {
            shard: codec::shard_of(&posting.account),
            month: codec::month_number(*on),
            block: codec::block_of(*sequence),
        };
        if !self.runs.contains_key(&at) {
            // Only the runs of the block the head was in when this work began can be stored
            // already; later blocks start empty.
            let stored = if self.reads_projections()
                && self.committed.sequence > 0
                && at.block == codec::block_of(self.committed.sequence)
            {
                match self.sled(self.tree.get(key::run(at)))? {
                    Some(bytes) => {
                        Run::of(codec::decode_run(at, &bytes).map_err(|e| damaged(None, e))?)
                    }
                    None => Run::default(),
                }
            } else {
                Run::default()
            };
            self.runs.insert(at, stored);
        }
        let run = self.runs.get_mut(&at).expect("inserted above");
        run.add(
            &posting.account,
            &posting.currency,
            RunEntry {
                on: *on,
                sequence: *sequence,
                index: *index,
                kind: posting.kind,
                correction: *correction,
                amount: posting.amount,
                counterparty,
                toward,
            },
        );
        self.dirty_runs.insert(at);
        Ok(())
    }

    /// Advances the head without writing the log (a rebuild reads it).
    pub fn advance(&mut self, sequence: u64, hash: Hash) {
        assert_eq!(sequence, self.head.sequence + 1, "entries are contiguous");
        self.head = Head { sequence, hash };
        self.committed = self.head;
        self.recorded += 1;
    }

    /// Writes `value` at `key`, as entry `sequence` changed it.
    fn write(&mut self, sequence: u64, key: Vec<u8>, value: Vec<u8>) {
        self.writes.insert(
            key,
            Written {
                value,
                by: sequence,
            },
        );
    }

    fn apply(&mut self, sequence: u64, change: Change) -> Result<(), StoreError> {
        // A change may only land on state that was loaded: the domain's `touches` says what
        // an event reads, and this makes sure of it.
        let mut keys = Keys::default();
        match &change {
            Change::Currency(c) => {
                keys.currencies.insert(c.code.clone());
            }
            Change::Garden(id, _) => {
                keys.gardens.insert(id.clone());
            }
            Change::Person(id, _) => {
                keys.people.insert(id.clone());
            }
            Change::Member(g, p, _) => {
                keys.members.insert((g.clone(), p.clone()));
            }
            Change::Commitment(id, _) => {
                keys.commitments.insert(id.clone());
            }
            Change::CommitmentsOf(g, p, _) => {
                keys.commitments_of.insert((g.clone(), p.clone()));
            }
            // Never loaded for an event: see the arms below.
            Change::EntryRecorded(..) | Change::Posted { .. } | Change::Judged { .. } => {}
            Change::EntryReversed { entry, .. } => {
                keys.entries.insert(*entry);
            }
        }
        self.load(&keys)?;
        match change {
            Change::Currency(c) => {
                self.write(sequence, key::currency(&c.code), codec::encode_currency(&c));
                self.state.put(Change::Currency(c));
            }
            Change::Garden(id, g) => {
                self.write(sequence, key::garden(&id), codec::encode_garden(&g));
                self.state.put(Change::Garden(id, g));
            }
            Change::Person(id, p) => {
                self.write(sequence, key::person(&id), codec::encode_person(&p));
                self.state.put(Change::Person(id, p));
            }
            Change::Member(g, p, m) => {
                self.write(sequence, key::member(&g, &p), codec::encode_member(&m));
                self.state.put(Change::Member(g, p, m));
            }
            Change::Commitment(id, c) => {
                self.write(sequence, key::commitment(&id), codec::encode_commitment(&c));
                self.state.put(Change::Commitment(id, c));
            }
            Change::CommitmentsOf(g, p, made) => {
                self.write(
                    sequence,
                    key::commitments_of(&g, &p),
                    codec::encode_commitments_of(&made),
                );
                self.state.put(Change::CommitmentsOf(g, p, made));
            }
            Change::EntryRecorded(sequence, entry) => {
                // The log is the entry: nothing more to write.
                self.loaded.entries.insert(sequence);
                self.state.put(Change::EntryRecorded(sequence, entry));
            }
            Change::EntryReversed { entry, by } => {
                self.write(
                    sequence,
                    key::reversed(entry).to_vec(),
                    codec::encode_sequence(by),
                );
                self.state.put(Change::EntryReversed { entry, by });
            }
            Change::Judged { garden, on } => {
                let shard = codec::shard_of(&Account::Garden(garden.clone()));
                let page = self.judged_page(shard)?;
                let until = page.entry(garden.clone()).or_insert(on);
                if on >= *until {
                    *until = on;
                    self.dirty_judged.insert(shard);
                    if self.mode == Mode::Rebuild {
                        self.judged_by.insert(shard, sequence);
                    }
                }
                // The state keeps it only where it was loaded, since elsewhere a later date
                // may be stored.
                if self.loaded.judged_until.contains(&garden) {
                    self.state.put(Change::Judged { garden, on });
                }
            }
            posted @ Change::Posted { .. } => {
                // The run has it (`post`); the state keeps only the balances it loaded.
                let Change::Posted { posting, .. } = &posted else {
                    unreachable!()
                };
                if self.loaded.balances_of.contains(&posting.account) {
                    self.state.put(posted);
                }
            }
        }
        Ok(())
    }

    /// The shards whose runs the commit of this work writes, or `None` when it writes every
    /// key again (a restore into a fresh ledger): what reports must read again after it.
    pub fn shards_written(&self) -> Option<BTreeSet<u8>> {
        (!self.fresh).then(|| self.dirty_runs.iter().map(|at| at.shard).collect())
    }

    /// Whether this work has anything to write.
    pub fn is_empty(&self) -> bool {
        self.writes.is_empty()
            && self.dirty_pages.is_empty()
            && self.dirty_runs.is_empty()
            && self.dirty_judged.is_empty()
    }

    /// Writes what this work recorded in one atomic `apply_batch`, with the new head, then
    /// flushes to disk when `flush`. The work stays usable for the next batch.
    pub fn commit(&mut self, flush: bool) -> Result<Head, StoreError> {
        assert_eq!(self.mode, Mode::Write, "a rebuild writes nothing");
        let mut batch = sled::Batch::default();
        if self.fresh {
            // Everything the tree held goes, in the same atomic batch.
            for item in self.tree.iter() {
                let (k, _) = self.sled(item)?;
                batch.remove(k);
            }
        }
        let meta = codec::encode_meta(self.head.sequence, &self.head.hash);
        self.write(self.head.sequence, key::meta().to_vec(), meta);
        let mut written = self.writes.len();
        for (k, written) in std::mem::take(&mut self.writes) {
            batch.insert(k, written.value);
        }
        for first in std::mem::take(&mut self.dirty_pages) {
            let page = &self.pages[&first];
            // Paired with the reads of pages: checked right before it is written.
            debug_assert!(codec::page_records(first, page).is_ok());
            batch.insert(&key::log(first)[..], page.clone());
            written += 1;
        }
        for at in std::mem::take(&mut self.dirty_runs) {
            let run = self.runs.get_mut(&at).expect("a dirty run is held");
            batch.insert(&key::run(at)[..], run.encode());
            written += 1;
        }
        for shard in std::mem::take(&mut self.dirty_judged) {
            batch.insert(
                &key::judged(shard)[..],
                codec::encode_judged(&self.judged[&shard]),
            );
            written += 1;
        }
        if self.fresh {
            // A restore replaces the entry `create` acknowledged: that receipt is given up
            // first, so that a crash before the batch is on disk finds no later one.
            self.head_file.record(self.path, Head::GENESIS)?;
        }
        self.sled(self.tree.apply_batch(batch))?;
        if flush {
            self.sled(self.tree.flush())?;
            // Kept where sled's recovery cannot roll it back, before any receipt is given.
            self.head_file.record(self.path, self.head)?;
        }
        reclaim_replaced_nodes(written);
        self.committed = self.head;
        self.fresh = false;
        self.recorded = 0;
        // Keep what the next batch adds to: the head's page if it is not full, the runs of
        // the block of the next entry. Entries are loaded again when a command names one.
        let next = self.head.sequence + 1;
        let open_page = codec::page_first(next);
        self.pages.retain(|first, _| *first == open_page);
        let open_block = codec::block_of(next);
        self.runs.retain(|at, _| at.block == open_block);
        self.state.entries.clear();
        self.loaded.entries.clear();
        Ok(self.head)
    }

    /// In `Rebuild` mode: takes the runs of blocks before `block`, which no later entry
    /// changes, in key order.
    pub fn take_runs_before(&mut self, block: u64) -> Vec<(RunKey, Run)> {
        // The map's keys come in order, so the runs taken do too.
        let done: Vec<RunKey> = self
            .runs
            .keys()
            .filter(|at| at.block < block)
            .copied()
            .collect();
        self.dirty_runs.retain(|at| at.block >= block);
        done.into_iter()
            .map(|at| (at, self.runs.remove(&at).expect("listed above")))
            .collect()
    }

    /// In `Rebuild` mode: forgets the entries the state holds (none is read again, but by a
    /// reversal, which reads it from the log), so that memory does not grow with the log.
    pub fn forget_entries(&mut self) {
        self.state.entries.clear();
        self.loaded.entries.clear();
    }

    /// In `Rebuild` mode: encodes what is left to encode (the judged dates), so that
    /// `rebuilt_values` holds every projection kept per key.
    pub fn finish_rebuild(&mut self) {
        for shard in std::mem::take(&mut self.dirty_judged) {
            let by = self.judged_by.get(&shard).copied().unwrap_or(0);
            let value = codec::encode_judged(&self.judged[&shard]);
            self.write(by, key::judged(shard).to_vec(), value);
        }
    }

    /// In `Rebuild` mode, once finished: what the projections under `prefix` should hold, in
    /// key order, with the entry that last wrote each.
    pub fn rebuilt_values(&self, prefix: u8) -> impl Iterator<Item = (&Vec<u8>, &Vec<u8>, u64)> {
        debug_assert!(self.dirty_judged.is_empty(), "finish_rebuild first");
        self.writes
            .range(vec![prefix]..)
            .take_while(move |(k, _)| k.first() == Some(&prefix))
            .map(|(k, written)| (k, &written.value, written.by))
    }
}

/// The bytes of record `sequence` in the page that starts at `first`, if it holds it.
pub(crate) fn record_in(
    first: u64,
    page: &[u8],
    sequence: u64,
) -> Result<Option<Vec<u8>>, StoreError> {
    Ok(codec::record_in_page(first, page, sequence)
        .map_err(|e| damaged(Some(sequence), e))?
        .map(<[u8]>::to_vec))
}

/// Every run key of one shard.
fn run_range(shard: u8) -> std::ops::RangeInclusive<RunKey> {
    RunKey {
        shard,
        block: 0,
        month: 0,
    }..=RunKey {
        shard,
        block: u64::MAX,
        month: u32::MAX,
    }
}

/// Pins per written key in `reclaim_replaced_nodes` (measured: one per key keeps an import of a
/// million events under a hundred megabytes of sled's memory; two leave a margin).
const RECLAIM_PINS_PER_WRITE: usize = 2;

/// sled 0.34 frees the tree nodes that a write replaced by epoch-based reclamation, which frees
/// at most 512 of them every 128 times the thread pins an epoch. A batch pins once however many
/// keys it writes, so large batches leave garbage faster than later pins free it: an import of a
/// million events grew to about a gigabyte. Pinning after each batch frees it as it is made.
/// (`sled::pin` is public in sled 0.34.7, which the workspace pins exactly.)
fn reclaim_replaced_nodes(written: usize) {
    for _ in 0..written.saturating_mul(RECLAIM_PINS_PER_WRITE) {
        drop(sled::pin());
    }
}

/// Whether `command` asks for what `recorded` records: the same command once `decide`'s
/// normalisations are applied (a core without repeats, a constitution effective on its date).
pub(crate) fn same_request(recorded: &Event, command: &Command) -> bool {
    let mut normalised = command.clone();
    match &mut normalised.kind {
        CommandKind::OpenGarden { core, .. } => {
            let mut seen = BTreeSet::new();
            core.retain(|p| seen.insert(p.person.clone()));
        }
        CommandKind::AdoptConstitution { constitution, .. } => {
            constitution.effective = normalised.on;
        }
        _ => {}
    }
    Command::from_event(recorded) == normalised
}
