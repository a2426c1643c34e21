//! One batch of work on the ledger: the part of the state its commands read, loaded key by key
//! (never the whole ledger), the events it records, and the writes that follow, collected so
//! that the batch is written with one atomic `apply_batch`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use jardins_ledger::{evolve, Account, Change, Command, CommandKind, Event, Keys, State};

use crate::codec::{self, key, DecodeError, Hash};
use crate::{AppendError, Head, Receipt, StoreError};

/// Most rounds of "load what the command reads" before giving up: a reversal needs two (the
/// entry, then its gardens), closing a garden two (its balances, then their currencies).
const MAX_LOAD_ROUNDS: usize = 8;

#[derive(Default)]
struct Loaded {
    currencies: BTreeSet<jardins_ledger::CurrencyCode>,
    gardens: BTreeSet<jardins_ledger::GardenId>,
    people: BTreeSet<jardins_ledger::PersonId>,
    members: BTreeSet<(jardins_ledger::GardenId, jardins_ledger::PersonId)>,
    commitments: BTreeSet<jardins_ledger::CommitmentId>,
    entries: BTreeSet<u64>,
    balances: BTreeSet<(Account, jardins_ledger::CurrencyCode)>,
    all_balances_of: BTreeSet<Account>,
    /// Gardens whose `State::judged_until` was loaded: only for those does this batch keep it
    /// up to date (`Change::Judged`).
    judged_until: BTreeSet<jardins_ledger::GardenId>,
}

pub(crate) fn damaged(sequence: Option<u64>, error: DecodeError) -> StoreError {
    StoreError::Damaged {
        sequence,
        what: error.0,
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

pub(crate) struct Work<'t> {
    path: &'t Path,
    /// Where recorded entries are read: the ledger's log.
    log: &'t sled::Tree,
    /// Where projections are read and will be written: the ledger, or a scratch tree.
    target: &'t sled::Tree,
    /// When set, the target's present content is ignored and will be removed on commit
    /// (a restore replacing the first entry written by `create`).
    fresh: bool,
    pub state: State,
    loaded: Loaded,
    writes: BTreeMap<Vec<u8>, Vec<u8>>,
    dirty_balances: BTreeSet<(Account, jardins_ledger::CurrencyCode)>,
    daily: BTreeMap<Vec<u8>, Decimal>,
    pub head: Head,
    /// Events recorded by this batch.
    pub recorded: u64,
    /// When set (verify), postings are not written: each is looked up in this stored tree and
    /// counted, which checks the index at a fraction of the cost of rebuilding it.
    check_postings_in: Option<&'t sled::Tree>,
    pub postings_checked: u64,
}

impl<'t> Work<'t> {
    pub fn new(path: &'t Path, log: &'t sled::Tree, target: &'t sled::Tree, head: Head) -> Self {
        Work {
            path,
            log,
            target,
            fresh: false,
            state: State::default(),
            loaded: Loaded::default(),
            writes: BTreeMap::new(),
            dirty_balances: BTreeSet::new(),
            daily: BTreeMap::new(),
            head,
            recorded: 0,
            check_postings_in: None,
            postings_checked: 0,
        }
    }

    /// Postings are checked against `stored` instead of written (see `check_postings_in`).
    pub fn checking_postings_in(mut self, stored: &'t sled::Tree) -> Self {
        self.check_postings_in = Some(stored);
        self
    }

    /// A batch that starts from an empty ledger, whatever the target holds now.
    pub fn fresh(path: &'t Path, tree: &'t sled::Tree) -> Self {
        let mut work = Work::new(
            path,
            tree,
            tree,
            Head {
                sequence: 0,
                hash: codec::GENESIS,
            },
        );
        work.fresh = true;
        work
    }

    pub fn is_fresh(&self) -> bool {
        self.fresh
    }

    fn sled<T>(&self, result: Result<T, sled::Error>) -> Result<T, StoreError> {
        result.map_err(|e| sled_error(self.path, e))
    }

    /// A value as this batch sees it: its own writes first, then the target.
    pub fn get(&self, key: &[u8]) -> Result<Option<Vec<u8>>, StoreError> {
        if let Some(value) = self.writes.get(key) {
            return Ok(Some(value.clone()));
        }
        if self.fresh {
            return Ok(None);
        }
        Ok(self.sled(self.target.get(key))?.map(|v| v.to_vec()))
    }

    /// A log record as this batch sees it.
    fn log_record(&self, sequence: u64) -> Result<Option<Vec<u8>>, StoreError> {
        let key = key::log(sequence);
        if let Some(value) = self.writes.get(&key[..]) {
            return Ok(Some(value.clone()));
        }
        if self.fresh {
            return Ok(None);
        }
        Ok(self.sled(self.log.get(key))?.map(|v| v.to_vec()))
    }

    /// The event recorded as `sequence` and its hash, from this batch or the log.
    pub fn event_at(&self, sequence: u64) -> Result<Option<(Event, Hash)>, StoreError> {
        match self.log_record(sequence)? {
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
            if self.loaded.currencies.insert(code.clone()) {
                new = true;
                if let Some(bytes) = self.get(&key::currency(code))? {
                    let value = codec::decode_currency(&bytes).map_err(|e| damaged(None, e))?;
                    self.state.currencies.insert(code.clone(), value);
                }
            }
        }
        for id in &keys.gardens {
            if self.loaded.gardens.insert(id.clone()) {
                new = true;
                if let Some(bytes) = self.get(&key::garden(id))? {
                    let value = codec::decode_garden(&bytes).map_err(|e| damaged(None, e))?;
                    self.state.gardens.insert(id.clone(), value);
                }
            }
        }
        for id in &keys.people {
            if self.loaded.people.insert(id.clone()) {
                new = true;
                if let Some(bytes) = self.get(&key::person(id))? {
                    let value = codec::decode_person(&bytes).map_err(|e| damaged(None, e))?;
                    self.state.people.insert(id.clone(), value);
                }
            }
        }
        for pair in &keys.members {
            if self.loaded.members.insert(pair.clone()) {
                new = true;
                if let Some(bytes) = self.get(&key::member(&pair.0, &pair.1))? {
                    let value = codec::decode_member(&bytes).map_err(|e| damaged(None, e))?;
                    self.state.members.insert(pair.clone(), value);
                }
            }
        }
        for id in &keys.commitments {
            if self.loaded.commitments.insert(id.clone()) {
                new = true;
                if let Some(bytes) = self.get(&key::commitment(id))? {
                    let value = codec::decode_commitment(&bytes).map_err(|e| damaged(None, e))?;
                    self.state.commitments.insert(id.clone(), value);
                }
            }
        }
        for &sequence in &keys.entries {
            if self.loaded.entries.insert(sequence) {
                new = true;
                self.load_entry(sequence)?;
            }
        }
        for pair in &keys.balances {
            if self.loaded.balances.insert(pair.clone()) {
                new = true;
                self.load_balance(pair)?;
            }
        }
        for account in &keys.all_balances_of {
            if self.loaded.all_balances_of.insert(account.clone()) {
                new = true;
                self.load_all_balances(account)?;
            }
        }
        for garden in &keys.judged_until {
            if self.loaded.judged_until.insert(garden.clone()) {
                new = true;
                self.load_judged_until(garden)?;
            }
        }
        Ok(new)
    }

    /// Loads `State::judged_until` for `garden`: the latest effective date of the entries
    /// judged for it (`Event::judged_for`). No projection holds it, so that a payment does not
    /// rewrite its garden: it is read from the garden's postings of the judged flow kinds
    /// (valued roles, members' contributions, collections, contributions to the big garden;
    /// corrections left out) and from its commitments, each dated by its `CommitmentMade` in
    /// the log. A scan, for adopting a constitution only, which is rare; it reads this batch's
    /// own writes too.
    fn load_judged_until(&mut self, garden: &jardins_ledger::GardenId) -> Result<(), StoreError> {
        let malformed = |k: &[u8]| StoreError::Damaged {
            sequence: None,
            what: format!("{} is malformed", key::describe(k)),
        };
        // Every (key, value) under `prefix`, this batch's writes and the target's content
        // (a key in both comes twice, which taking the latest date does not mind).
        type Found = Vec<(Vec<u8>, Vec<u8>)>;
        let scan = |work: &Self, prefix: &[u8]| -> Result<Found, StoreError> {
            let written = work.writes.range(prefix.to_vec()..);
            let mut found: Found = written
                .take_while(|(k, _)| k.starts_with(prefix))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            if !work.fresh {
                for item in work.target.scan_prefix(prefix) {
                    let (k, v) = work.sled(item)?;
                    found.push((k.to_vec(), v.to_vec()));
                }
            }
            Ok(found)
        };
        let account = Account::Garden(garden.clone());
        let judged = [
            jardins_ledger::FlowKind::RoleValued,
            jardins_ledger::FlowKind::ContributionFromMember,
            jardins_ledger::FlowKind::Collection,
            jardins_ledger::FlowKind::ContributionToBigGarden,
        ];
        let mut latest: Option<NaiveDate> = None;
        for kind in judged {
            let prefix = key::postings_of_flow(&account, kind);
            for (k, v) in scan(self, &prefix)? {
                let (_, correction) =
                    codec::decode_posting_value(&v).map_err(|e| damaged(None, e))?;
                let (on, _, _) = key::take_text(&k[prefix.len()..])
                    .and_then(|(_, tail)| key::posting_tail(tail))
                    .ok_or_else(|| malformed(&k))?;
                if !correction {
                    latest = latest.max(Some(on));
                }
            }
        }
        for (_, v) in scan(self, &[key::COMMITMENT])? {
            let commitment = codec::decode_commitment(&v).map_err(|e| damaged(None, e))?;
            if commitment.garden != *garden {
                continue;
            }
            let sequence = commitment.made_by;
            let Some((made, _)) = self.event_at(sequence)? else {
                return Err(StoreError::Damaged {
                    sequence: Some(sequence),
                    what: format!("entry {sequence}, which made a commitment, is missing"),
                });
            };
            latest = latest.max(Some(made.on));
        }
        if let Some(on) = latest {
            self.state.put(Change::Judged {
                garden: garden.clone(),
                on,
            });
        }
        Ok(())
    }

    fn load_entry(&mut self, sequence: u64) -> Result<(), StoreError> {
        // Entries recorded by this batch are in the state already (EntryRecorded).
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

    fn load_balance(
        &mut self,
        pair: &(Account, jardins_ledger::CurrencyCode),
    ) -> Result<(), StoreError> {
        if self.state.balances.contains_key(pair) {
            return Ok(());
        }
        if let Some(bytes) = self.get(&key::balance(&pair.0, &pair.1))? {
            let value = codec::decode_decimal(&bytes).map_err(|e| damaged(None, e))?;
            self.state.balances.insert(pair.clone(), value);
        }
        Ok(())
    }

    fn load_all_balances(&mut self, account: &Account) -> Result<(), StoreError> {
        let prefix = key::balances_of(account);
        let mut found = Vec::new();
        if !self.fresh {
            for item in self.target.scan_prefix(&prefix) {
                let (k, _) = self.sled(item)?;
                let currency = key::take_text(&k[prefix.len()..])
                    .and_then(|(code, _)| code.parse().ok())
                    .ok_or_else(|| StoreError::Damaged {
                        sequence: None,
                        what: format!("{} is malformed", key::describe(&k)),
                    })?;
                found.push(currency);
            }
        }
        // Balances this batch created are loaded already (and in the state).
        for currency in found {
            let pair = (account.clone(), currency);
            if self.loaded.balances.insert(pair.clone()) {
                self.load_balance(&pair)?;
            }
        }
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

    /// The sequence an idempotency key was first used for, in this batch or before.
    pub fn key_sequence(&self, idempotency_key: &str) -> Result<Option<u64>, StoreError> {
        match self.get(&key::idempotency(idempotency_key))? {
            None => Ok(None),
            Some(bytes) => codec::decode_sequence(&bytes)
                .map(Some)
                .map_err(|e| damaged(None, e)),
        }
    }

    /// Decides `command` and records its events (in memory, until `commit`).
    pub fn append(
        &mut self,
        command: &Command,
        idempotency_key: Option<&str>,
        today: NaiveDate,
        recorded_at_us: i64,
    ) -> Result<Receipt, AppendError> {
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
                    return Ok(Receipt {
                        sequence,
                        hash,
                        replayed: true,
                    });
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
            self.writes
                .insert(key::idempotency(k), codec::encode_sequence(sequence));
        }
        Ok(Receipt {
            sequence,
            hash,
            replayed: false,
        })
    }

    /// Records one decided event: the log record, then every projection it changes.
    pub fn record(
        &mut self,
        event: &Event,
        recorded_at_us: i64,
    ) -> Result<(u64, Hash), StoreError> {
        if self.head.sequence >= jardins_ledger::MAX_EVENTS {
            return Err(StoreError::Full);
        }
        let sequence = self.head.sequence + 1;
        // Paired with decode: checked right before the bytes are written.
        assert!(
            jardins_ledger::event::postings_balance(&event.postings()),
            "entry {sequence}: the postings of an event must sum to zero in each currency"
        );
        let event_bytes = codec::encode_event(event);
        let (record, hash) =
            codec::encode_record(&self.head.hash, sequence, recorded_at_us, &event_bytes);
        debug_assert!(codec::decode_record(sequence, &record).is_ok());
        assert!(
            self.writes
                .insert(key::log(sequence).to_vec(), record)
                .is_none(),
            "entry {sequence} is written once"
        );
        self.project(sequence, event)?;
        self.head = Head { sequence, hash };
        self.recorded += 1;
        Ok((sequence, hash))
    }

    /// Applies a recorded event to the projections (and to the state this batch holds).
    pub fn project(&mut self, sequence: u64, event: &Event) -> Result<(), StoreError> {
        self.load_until_settled(|state| event.touches(state))?;
        for change in evolve(&self.state, sequence, event) {
            self.apply(change)?;
        }
        Ok(())
    }

    /// Advances the head without writing the log (a rebuild from the log reads it).
    pub fn advance(&mut self, sequence: u64, hash: Hash) {
        assert_eq!(sequence, self.head.sequence + 1, "entries are contiguous");
        self.head = Head { sequence, hash };
        self.recorded += 1;
    }

    fn apply(&mut self, change: Change) -> Result<(), StoreError> {
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
            // Never loaded for an event: see the arm below.
            Change::EntryRecorded(..) | Change::Judged { .. } => {}
            Change::EntryReversed { entry, .. } => {
                keys.entries.insert(*entry);
            }
            Change::Posted { posting, .. } => {
                keys.balances
                    .insert((posting.account.clone(), posting.currency.clone()));
            }
        }
        self.load(&keys)?;
        match change {
            Change::Currency(c) => {
                self.writes
                    .insert(key::currency(&c.code), codec::encode_currency(&c));
                self.state.put(Change::Currency(c));
            }
            Change::Garden(id, g) => {
                self.writes
                    .insert(key::garden(&id), codec::encode_garden(&g));
                self.state.put(Change::Garden(id, g));
            }
            Change::Person(id, p) => {
                self.writes
                    .insert(key::person(&id), codec::encode_person(&p));
                self.state.put(Change::Person(id, p));
            }
            Change::Member(g, p, m) => {
                self.writes
                    .insert(key::member(&g, &p), codec::encode_member(&m));
                self.state.put(Change::Member(g, p, m));
            }
            Change::Commitment(id, c) => {
                self.writes
                    .insert(key::commitment(&id), codec::encode_commitment(&c));
                self.state.put(Change::Commitment(id, c));
            }
            Change::EntryRecorded(sequence, entry) => {
                // The log is the entry: nothing more to write.
                self.loaded.entries.insert(sequence);
                self.state.put(Change::EntryRecorded(sequence, entry));
            }
            Change::EntryReversed { entry, by } => {
                self.writes
                    .insert(key::reversed(entry).to_vec(), codec::encode_sequence(by));
                self.state.put(Change::EntryReversed { entry, by });
            }
            Change::Judged { garden, on } => {
                // Nothing to write: the postings and the commitment just written are where
                // `load_judged_until` finds it. The state is kept up to date only where it
                // was loaded, since elsewhere a later date may be stored.
                if self.loaded.judged_until.contains(&garden) {
                    self.state.put(Change::Judged { garden, on });
                }
            }
            Change::Posted {
                sequence,
                index,
                on,
                posting,
                correction,
            } => {
                let daily_key = key::daily(
                    &posting.account,
                    &posting.currency,
                    on,
                    posting.kind,
                    correction,
                );
                let sum = match self.daily.get(&daily_key) {
                    Some(sum) => *sum,
                    None => match self.get(&daily_key)? {
                        Some(bytes) => {
                            codec::decode_decimal(&bytes).map_err(|e| damaged(None, e))?
                        }
                        None => Decimal::ZERO,
                    },
                };
                let sum = sum
                    .checked_add(posting.amount)
                    .expect("sums are bounded by MAX_AMOUNT × MAX_EVENTS");
                self.daily.insert(daily_key, sum);
                let posting_key = key::posting(
                    &posting.account,
                    posting.kind,
                    &posting.currency,
                    on,
                    sequence,
                    index,
                );
                let posting_value = codec::encode_posting_value(posting.amount, correction);
                match self.check_postings_in {
                    None => {
                        self.writes.insert(posting_key, posting_value);
                    }
                    Some(stored) => {
                        let found = self.sled(stored.get(&posting_key))?;
                        if found.as_deref() != Some(&posting_value[..]) {
                            return Err(StoreError::Damaged {
                                sequence: Some(sequence),
                                what: format!(
                                    "{} is {} in the ledger's index of postings",
                                    key::describe(&posting_key),
                                    if found.is_some() {
                                        "different"
                                    } else {
                                        "missing"
                                    }
                                ),
                            });
                        }
                        self.postings_checked += 1;
                    }
                }
                self.dirty_balances
                    .insert((posting.account.clone(), posting.currency.clone()));
                self.state.put(Change::Posted {
                    sequence,
                    index,
                    on,
                    posting,
                    correction,
                });
            }
        }
        Ok(())
    }

    /// Whether this batch has anything to write.
    pub fn is_empty(&self) -> bool {
        self.writes.is_empty() && self.daily.is_empty() && self.dirty_balances.is_empty()
    }

    /// Writes the batch to `target` in one atomic `apply_batch`, with the new head when
    /// `with_head`, then flushes to disk when `flush`.
    pub fn commit(mut self, with_head: bool, flush: bool) -> Result<Head, StoreError> {
        let mut batch = sled::Batch::default();
        if self.fresh {
            // Everything the target held goes, in the same atomic batch.
            for item in self.target.iter() {
                let (k, _) = self.sled(item)?;
                batch.remove(k);
            }
        }
        for pair in std::mem::take(&mut self.dirty_balances) {
            let total = self.state.balance(&pair.0, &pair.1);
            self.writes
                .insert(key::balance(&pair.0, &pair.1), codec::encode_decimal(total));
        }
        for (k, sum) in std::mem::take(&mut self.daily) {
            self.writes.insert(k, codec::encode_decimal(sum));
        }
        if with_head {
            self.writes.insert(
                key::meta().to_vec(),
                codec::encode_meta(self.head.sequence, &self.head.hash),
            );
        }
        let written = self.writes.len();
        for (k, v) in std::mem::take(&mut self.writes) {
            batch.insert(k, v);
        }
        self.sled(self.target.apply_batch(batch))?;
        if flush {
            self.sled(self.target.flush())?;
        }
        reclaim_replaced_nodes(written);
        Ok(self.head)
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
