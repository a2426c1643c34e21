//! The state that `decide` reads, and how recorded events change it.
//!
//! `evolve(state, sequence, event)` turns an event into a list of `Change`s; it holds no rule
//! and cannot fail. `State::apply` applies them in memory; the store writes the same changes to
//! its trees. A `State` may hold only part of a ledger: the store loads into it the `Keys` that
//! a command or an event touches (`Command::touches`, `Event::touches`), and nothing else.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;
use smallvec::SmallVec;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::account::Account;
use crate::constitution::{Cadence, Constitution};
use crate::event::{Event, EventKind, MemberRole, PaysFor, Posting};
use crate::ids::{CommitmentId, GardenId, Name, PersonId};
use crate::money::{Amount, Currency, CurrencyCode};

pub use crate::event::{FlowKind, GardenKind};

/// Most constitution versions a garden may adopt.
pub const MAX_CONSTITUTION_VERSIONS: usize = 1_000;
/// Most times one person may join the same garden.
pub const MAX_MEMBERSHIP_SPELLS: usize = 100;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GardenState {
    pub name: Name,
    pub kind: GardenKind,
    pub opened_on: NaiveDate,
    pub closed_on: Option<NaiveDate>,
    pub core: Vec<PersonId>,
    /// Every version adopted, in version order (version n at index n - 1).
    pub constitutions: Vec<Constitution>,
}

impl GardenState {
    pub fn constitution_on(&self, date: NaiveDate) -> Option<&Constitution> {
        crate::constitution::in_force(&self.constitutions, date)
    }

    pub fn latest_version(&self) -> u32 {
        self.constitutions.last().map_or(0, |c| c.version)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PersonState {
    pub name: Name,
}

/// One stretch of membership: from the day joined to the day left, both included.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Spell {
    pub joined: NaiveDate,
    pub left: Option<NaiveDate>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemberState {
    pub role: MemberRole,
    pub core: bool,
    pub spells: Vec<Spell>,
}

impl MemberState {
    pub fn is_member_on(&self, date: NaiveDate) -> bool {
        self.spells
            .iter()
            .any(|s| s.joined <= date && s.left.is_none_or(|left| date <= left))
    }

    pub fn is_current(&self) -> bool {
        self.spells.last().is_some_and(|s| s.left.is_none())
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CommitmentState {
    pub garden: GardenId,
    pub person: PersonId,
    pub amount: Amount,
    pub currency: CurrencyCode,
    pub cadence: Cadence,
    pub from: NaiveDate,
    pub until: Option<NaiveDate>,
    /// Sequence of the `CommitmentMade` event. What was paid toward it is not state that a
    /// rule reads: reports sum the payments that name it.
    pub made_by: u64,
}

impl CommitmentState {
    /// Whether it runs on one of the days `first..=last`.
    pub fn runs_within(&self, first: NaiveDate, last: NaiveDate) -> bool {
        self.from <= last && self.until.is_none_or(|until| first <= until)
    }
}

/// The days a member's payment pays for: those of the period it names, else those of the month
/// of its date.
pub fn days_paid_for(pays_for: &PaysFor, on: NaiveDate) -> (NaiveDate, NaiveDate) {
    match pays_for.period() {
        Some(period) => (period.first_day(), period.last_day()),
        None => {
            let month = crate::period::Month::of(on);
            (month.first_day(), month.last_day())
        }
    }
}

/// Which of `running` a member's payment of `amount` that names no commitment counts toward,
/// where `running` are that member's commitments to the receiving garden, in the payment's
/// currency, that run in the days it pays for (`days_paid_for`), the one starting first first
/// (then by id): the only one; else the first whose amount it is; else the first. `decide`
/// judges such a payment by the commitment this names, and the commitments report counts it
/// there: one rule for both.
pub fn counted_toward(running: &[&CommitmentState], amount: Decimal) -> Option<usize> {
    if running.len() <= 1 {
        return if running.is_empty() { None } else { Some(0) };
    }
    Some(
        running
            .iter()
            .position(|c| c.amount.value() == amount)
            .unwrap_or(0),
    )
}

/// Most commitments one member may make to one garden (`State::commitments_of`): bounds what a
/// payment reads.
pub const MAX_COMMITMENTS_OF_MEMBER: usize = 1_000;

/// What `decide` needs to know of a recorded entry to reverse it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntryState {
    pub on: NaiveDate,
    pub kind: &'static str,
    pub moves_money: bool,
    pub postings: Vec<Posting>,
    /// The commitment a payment paid toward, and how much.
    pub commitment: Option<(CommitmentId, Decimal)>,
    pub reversed_by: Option<u64>,
}

impl EntryState {
    /// The entry as recorded, before any reversal.
    pub fn of(event: &Event) -> Self {
        let commitment = match &event.kind {
            EventKind::ContributionPaid {
                pays_for, amount, ..
            } => pays_for.commitment().map(|id| (id.clone(), amount.value())),
            _ => None,
        };
        EntryState {
            on: event.on,
            kind: event.kind.name(),
            moves_money: event.moves_money(),
            postings: event.postings(),
            commitment,
            reversed_by: None,
        }
    }

    /// Gardens whose money this entry moved.
    pub fn gardens(&self) -> impl Iterator<Item = &GardenId> {
        self.postings.iter().filter_map(|p| match &p.account {
            Account::Garden(id) => Some(id),
            _ => None,
        })
    }
}

/// One change to the state, as `evolve` derives it from an event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    Currency(Currency),
    Garden(GardenId, GardenState),
    Person(PersonId, PersonState),
    Member(GardenId, PersonId, MemberState),
    Commitment(CommitmentId, CommitmentState),
    /// Every event is an entry; the store keeps it in the log itself.
    EntryRecorded(u64, EntryState),
    EntryReversed {
        entry: u64,
        by: u64,
    },
    /// One posting of entry `sequence`, effective `on`; `correction` when it comes from a reversal.
    Posted {
        sequence: u64,
        index: u32,
        on: NaiveDate,
        posting: Posting,
        correction: bool,
    },
    /// An entry effective `on` was judged by the constitution of `garden` in force that day
    /// (or by none): see `Event::judged_for`. It raises `State::judged_until`.
    Judged {
        garden: GardenId,
        on: NaiveDate,
    },
    /// The commitments a member made to a garden, in the order made.
    CommitmentsOf(GardenId, PersonId, Vec<CommitmentId>),
}

/// What a command or an event reads from the state.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Keys {
    pub currencies: KeyList<CurrencyCode>,
    pub gardens: KeyList<GardenId>,
    pub people: KeyList<PersonId>,
    pub members: KeyList<(GardenId, PersonId)>,
    pub commitments: KeyList<CommitmentId>,
    pub entries: KeyList<u64>,
    pub balances: KeyList<(Account, CurrencyCode)>,
    /// Accounts whose balances in every currency are needed.
    pub all_balances_of: KeyList<Account>,
    /// Gardens whose `State::judged_until` is needed (the date of their last judged entry).
    pub judged_until: KeyList<GardenId>,
    /// (garden, member) pairs whose `State::commitments_of` is needed.
    pub commitments_of: KeyList<(GardenId, PersonId)>,
}

/// Keys of one kind, in the order asked; a key asked twice is listed twice, and whoever loads
/// them loads it once. A command or an event asks for a handful, kept inline: a `Keys` is made
/// and dropped for every command and every change, and ordered sets built for each were 8 % of
/// a rebuild's profile (BENCHMARKS.md).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyList<T>(SmallVec<[T; 2]>);

impl<T> Default for KeyList<T> {
    fn default() -> Self {
        KeyList(SmallVec::new())
    }
}

impl<T> KeyList<T> {
    pub fn insert(&mut self, key: T) {
        self.0.push(key);
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        self.0.iter()
    }
}

impl<T: PartialEq> KeyList<T> {
    pub fn contains(&self, key: &T) -> bool {
        self.0.contains(key)
    }
}

impl<T> Extend<T> for KeyList<T> {
    fn extend<I: IntoIterator<Item = T>>(&mut self, keys: I) {
        self.0.extend(keys);
    }
}

impl<'a, T> IntoIterator for &'a KeyList<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl Keys {
    pub fn account(&mut self, account: &Account) {
        match account {
            Account::Garden(id) => {
                self.gardens.insert(id.clone());
            }
            Account::Member(id) => {
                self.people.insert(id.clone());
            }
            Account::BigGarden | Account::Outside => {}
        }
    }
}

/// The state of a ledger, or of the part of it that a command touches.
///
/// The maps keyed by identifiers are hashed: every command looks them up, nothing walks them in
/// order, and ordered maps of identifier strings led the import's profile (BENCHMARKS.md).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct State {
    pub currencies: FxHashMap<CurrencyCode, Currency>,
    pub gardens: FxHashMap<GardenId, GardenState>,
    pub people: FxHashMap<PersonId, PersonState>,
    pub members: FxHashMap<(GardenId, PersonId), MemberState>,
    pub commitments: FxHashMap<CommitmentId, CommitmentState>,
    pub entries: BTreeMap<u64, EntryState>,
    /// Balance of every account in every currency, all dates together.
    pub balances: BTreeMap<(Account, CurrencyCode), Decimal>,
    /// Per garden, the effective date of the latest entry judged for it (`Event::judged_for`),
    /// whichever version judged it, reversed or not; a garden with no judged entry is absent.
    ///
    /// Not part of `GardenState`, so that recording a payment does not rewrite its garden: it
    /// is a cache filled on demand. A partial state holds it only for the gardens loaded for
    /// `Keys::judged_until`; there, a garden absent from it may simply not have been loaded.
    /// `put(Change::Judged)` inserts or raises the date, which is right for a complete state
    /// (`State::apply` from the first event, as the tests and the generator replay); a partial
    /// state (the store) must put `Change::Judged` only for the gardens whose date it loaded,
    /// and leave it out for the others, since their date may be later than this entry's.
    pub judged_until: BTreeMap<GardenId, NaiveDate>,
    /// Per garden and member, the commitments that member made to it, in the order made (an
    /// ended one stays): what a payment that names none may count toward. A pair with none is
    /// absent.
    pub commitments_of: FxHashMap<(GardenId, PersonId), Vec<CommitmentId>>,
}

/// Read access to the state, for code that only reads.
pub trait View {
    fn state(&self) -> &State;
}

impl View for State {
    fn state(&self) -> &State {
        self
    }
}

impl State {
    pub fn balance(&self, account: &Account, currency: &CurrencyCode) -> Decimal {
        self.balances
            .get(&(account.clone(), currency.clone()))
            .copied()
            .unwrap_or_default()
    }

    /// Applies a recorded event. Holds no rule and cannot fail: `decide` checked everything.
    pub fn apply(&mut self, sequence: u64, event: &Event) {
        for change in evolve(self, sequence, event) {
            self.put(change);
        }
    }

    pub fn put(&mut self, change: Change) {
        match change {
            Change::Currency(currency) => {
                self.currencies.insert(currency.code.clone(), currency);
            }
            Change::Garden(id, garden) => {
                self.gardens.insert(id, garden);
            }
            Change::Person(id, person) => {
                self.people.insert(id, person);
            }
            Change::Member(garden, person, member) => {
                self.members.insert((garden, person), member);
            }
            Change::Commitment(id, commitment) => {
                self.commitments.insert(id, commitment);
            }
            Change::EntryRecorded(sequence, entry) => {
                self.entries.insert(sequence, entry);
            }
            Change::EntryReversed { entry, by } => {
                if let Some(state) = self.entries.get_mut(&entry) {
                    state.reversed_by = Some(by);
                }
            }
            Change::Posted { posting, .. } => {
                let balance = self
                    .balances
                    .entry((posting.account, posting.currency))
                    .or_default();
                // Cannot overflow: see MAX_EVENTS.
                *balance = balance
                    .checked_add(posting.amount)
                    .expect("sums are bounded by MAX_AMOUNT × MAX_EVENTS");
            }
            Change::Judged { garden, on } => {
                let until = self.judged_until.entry(garden).or_insert(on);
                *until = (*until).max(on);
            }
            Change::CommitmentsOf(garden, person, commitments) => {
                self.commitments_of.insert((garden, person), commitments);
            }
        }
    }
}

impl Event {
    /// What `evolve` reads for this event. (The state is not read today; the parameter keeps
    /// the shape of `Command::touches`, for events whose reads depend on what is loaded.)
    pub fn touches(&self, _state: &State) -> Keys {
        // Postings change balances, but `evolve` does not read them: a store loads a balance
        // only for a command that reads it (closing a garden), and keeps it up to date then.
        let mut keys = Keys::default();
        match &self.kind {
            EventKind::GardenOpened { garden, core, .. } => {
                keys.gardens.insert(garden.clone());
                for person in core {
                    keys.people.insert(person.person.clone());
                    keys.members.insert((garden.clone(), person.person.clone()));
                }
            }
            EventKind::ConstitutionAdopted { garden, .. }
            | EventKind::GardenClosed { garden, .. } => {
                keys.gardens.insert(garden.clone());
            }
            EventKind::MemberJoined { garden, person, .. }
            | EventKind::MemberLeft { garden, person } => {
                keys.people.insert(person.clone());
                keys.members.insert((garden.clone(), person.clone()));
            }
            EventKind::CommitmentEnded { commitment, .. } => {
                keys.commitments.insert(commitment.clone());
            }
            EventKind::CommitmentMade { garden, person, .. } => {
                keys.commitments_of.insert((garden.clone(), person.clone()));
            }
            _ => {}
        }
        keys
    }
}

/// The changes an event makes to the state. No rule, no failure: a missing record (which
/// `decide` rules out) leaves the change out rather than panicking.
pub fn evolve(state: &State, sequence: u64, event: &Event) -> Vec<Change> {
    let on = event.on;
    let mut changes = vec![Change::EntryRecorded(sequence, EntryState::of(event))];
    let correction = matches!(event.kind, EventKind::EntryReversed { .. });
    if let Some(garden) = event.judged_for() {
        changes.push(Change::Judged {
            garden: garden.clone(),
            on,
        });
    }
    for (index, posting) in event.postings().into_iter().enumerate() {
        changes.push(Change::Posted {
            sequence,
            index: u32::try_from(index).unwrap_or(u32::MAX),
            on,
            posting,
            correction,
        });
    }
    let join = |changes: &mut Vec<Change>,
                garden: &GardenId,
                person: &PersonId,
                name: &Name,
                role: MemberRole,
                core: bool| {
        if !state.people.contains_key(person) {
            changes.push(Change::Person(
                person.clone(),
                PersonState { name: name.clone() },
            ));
        }
        let mut member = state
            .members
            .get(&(garden.clone(), person.clone()))
            .cloned()
            .unwrap_or(MemberState {
                role,
                core,
                spells: Vec::new(),
            });
        member.role = role;
        member.spells.push(Spell {
            joined: on,
            left: None,
        });
        changes.push(Change::Member(garden.clone(), person.clone(), member));
    };
    match &event.kind {
        EventKind::CurrencyDeclared { currency } => {
            changes.push(Change::Currency(currency.clone()))
        }
        EventKind::GardenOpened {
            garden,
            name,
            kind,
            core,
        } => {
            changes.push(Change::Garden(
                garden.clone(),
                GardenState {
                    name: name.clone(),
                    kind: kind.clone(),
                    opened_on: on,
                    closed_on: None,
                    core: core.iter().map(|p| p.person.clone()).collect(),
                    constitutions: Vec::new(),
                },
            ));
            for person in core {
                join(
                    &mut changes,
                    garden,
                    &person.person,
                    &person.name,
                    MemberRole::Gardener,
                    true,
                );
            }
        }
        EventKind::ConstitutionAdopted {
            garden,
            constitution,
        } => {
            if let Some(state) = state.gardens.get(garden) {
                let mut state = state.clone();
                state.constitutions.push(constitution.clone());
                changes.push(Change::Garden(garden.clone(), state));
            }
        }
        EventKind::MemberJoined {
            garden,
            person,
            name,
            role,
        } => join(&mut changes, garden, person, name, *role, false),
        EventKind::MemberLeft { garden, person } => {
            if let Some(member) = state.members.get(&(garden.clone(), person.clone())) {
                let mut member = member.clone();
                if let Some(spell) = member.spells.last_mut() {
                    spell.left = Some(on);
                }
                changes.push(Change::Member(garden.clone(), person.clone(), member));
            }
        }
        EventKind::CommitmentMade {
            commitment,
            garden,
            person,
            amount,
            currency,
            cadence,
            from,
            until,
            ..
        } => {
            changes.push(Change::Commitment(
                commitment.clone(),
                CommitmentState {
                    garden: garden.clone(),
                    person: person.clone(),
                    amount: *amount,
                    currency: currency.clone(),
                    cadence: *cadence,
                    from: *from,
                    until: *until,
                    made_by: sequence,
                },
            ));
            let pair = (garden.clone(), person.clone());
            let mut made = state.commitments_of.get(&pair).cloned().unwrap_or_default();
            made.push(commitment.clone());
            changes.push(Change::CommitmentsOf(pair.0, pair.1, made));
        }
        EventKind::CommitmentEnded { commitment, until } => {
            if let Some(state) = state.commitments.get(commitment) {
                let mut state = state.clone();
                state.until = Some(*until);
                changes.push(Change::Commitment(commitment.clone(), state));
            }
        }
        EventKind::EntryReversed { entry, .. } => changes.push(Change::EntryReversed {
            entry: *entry,
            by: sequence,
        }),
        EventKind::GardenClosed { garden, .. } => {
            if let Some(state) = state.gardens.get(garden) {
                let mut state = state.clone();
                state.closed_on = Some(on);
                changes.push(Change::Garden(garden.clone(), state));
            }
        }
        EventKind::RoleValued { .. }
        | EventKind::ContributionPaid { .. }
        | EventKind::CollectionRecorded { .. }
        | EventKind::ExpensePaid { .. } => {}
    }
    changes
}
