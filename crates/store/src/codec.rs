//! Every byte the store writes or reads is defined here, and nowhere else: the stored record,
//! the persisted event types, the projection values, the keys of the one sled tree, and the
//! JSON form of events. `events/README.md` documents the same forms for people.
//!
//! The persisted types (`P…`) are separate from the domain types: a change to the domain does
//! not change the bytes by accident, it fails to compile here instead. Decoding re-validates
//! every value through the domain's constructors, so a decoded event always satisfies the
//! domain's invariants, whatever bytes were stored.
//!
//! Events are encoded with bincode 2.0.1 through serde, with `bincode::config::standard()`
//! (little endian, variable-length integers) and a decoding limit of `MAX_EVENT_BYTES`. Serde
//! forms are restricted to what bincode can decode without `deserialize_any`: structs, and
//! externally tagged enums only.

pub mod access;

use std::fmt;

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize, Serializer};
use sha2::{Digest, Sha256};

use jardins_ledger::constitution::MAX_RULES_PER_POINT;
use jardins_ledger::event::MAX_CORE_PEOPLE;
use jardins_ledger::money::MAX_DECIMAL_PLACES;
use jardins_ledger::state::{MAX_CONSTITUTION_VERSIONS, MAX_MEMBERSHIP_SPELLS};
use jardins_ledger::{
    Account, Amount, Cadence, CollectionKind, CollectionRule, CommitmentId, CommitmentState,
    Constitution, CorePerson, Currency, CurrencyCode, CurrencyKind, EconomicModel, Event,
    EventKind, FlowKind, FlowRule, GardenId, GardenKind, GardenState, MemberRole, MemberState,
    Mode, ModeRule, Month, Name, PaysFor, Period, PersonId, PersonState, Posting, RoleId, RoleRule,
    Spell, Text,
};

/// A SHA-256 digest.
pub type Hash = [u8; 32];

/// The previous hash of record 1: 32 zero bytes.
pub const GENESIS: Hash = [0; 32];

/// The version of every byte form in this module. Written as the first byte of every record
/// and of the meta value; a reader refuses a version it does not know.
pub const FORMAT_VERSION: u8 = 1;

/// The version of the ledger's layout: which keys hold what, pages and runs included. Written
/// in the meta value (the head); a reader refuses a layout it does not know. Version 1 kept one
/// key per record and per posting; version 2 keeps pages of records and runs of postings;
/// version 3 adds each member's commitments to each garden (`key::commitments_of`).
pub const LAYOUT_VERSION: u8 = 3;

/// The layout a ledger may be in and be brought to `LAYOUT_VERSION` as it opens: version 2
/// lacks only what version 3 added, which follows from its stored commitments.
pub const UPGRADABLE_LAYOUT: u8 = 2;

/// Largest encoded event, in bytes. The largest possible event (a constitution with 4 × 64
/// rules and three texts of 4,000 four-byte characters) is about 100 KiB.
pub const MAX_EVENT_BYTES: usize = 512 * 1024;

/// Largest stored value of any kind (a garden with 1,000 constitution versions is the largest
/// projection value; see `GardenState`).
pub const MAX_VALUE_BYTES: usize = 128 * 1024 * 1024;

/// Bytes before the event in a stored record: version, hash, previous hash, sequence, time.
pub const RECORD_HEADER_BYTES: usize = 1 + 32 + 32 + 8 + 8;
/// Where the hashed part of a record starts: the hash covers every byte from here to the end.
pub const HASHED_FROM: usize = 1 + 32;

/// Longest idempotency key, in characters.
pub const MAX_KEY_CHARS: usize = 128;

fn event_config() -> impl bincode::config::Config {
    bincode::config::standard().with_limit::<MAX_EVENT_BYTES>()
}

fn value_config() -> impl bincode::config::Config {
    bincode::config::standard().with_limit::<MAX_VALUE_BYTES>()
}

/// Why bytes could not be decoded. Always a description, never a panic.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodeError {
    pub what: String,
    /// A decoded value the domain refused: the field and the refusal (as data, which the
    /// caller may say in a person's language; `what` names only its rule).
    pub refused: Option<Box<(String, jardins_ledger::Refusal)>>,
}

impl DecodeError {
    pub(crate) fn new(what: impl Into<String>) -> DecodeError {
        DecodeError {
            what: what.into(),
            refused: None,
        }
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.what)
    }
}

fn fail<T>(what: impl Into<String>) -> Result<T, DecodeError> {
    Err(DecodeError::new(what))
}

// ---------------------------------------------------------------------------------------------
// Scalars: dates, decimals, periods.

/// A calendar date: `"2026-03-01"` in JSON, days since 1970-01-01 (a zigzag varint `i32`) in
/// bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PDate(pub NaiveDate);

const UNIX_EPOCH_DAYS_FROM_CE: i32 = 719_163;

pub fn days_since_epoch(date: NaiveDate) -> i32 {
    use chrono::Datelike;
    date.num_days_from_ce() - UNIX_EPOCH_DAYS_FROM_CE
}

pub fn date_from_days(days: i32) -> Option<NaiveDate> {
    NaiveDate::from_num_days_from_ce_opt(days.checked_add(UNIX_EPOCH_DAYS_FROM_CE)?)
}

fn parse_date(text: &str) -> Option<NaiveDate> {
    let date = NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()?;
    // Only the canonical spelling, so that one date has one JSON form.
    (date.to_string() == text).then_some(date)
}

impl Serialize for PDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if serializer.is_human_readable() {
            serializer.serialize_str(&self.0.to_string())
        } else {
            serializer.serialize_i32(days_since_epoch(self.0))
        }
    }
}

impl<'de> Deserialize<'de> for PDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        if deserializer.is_human_readable() {
            let text = String::deserialize(deserializer)?;
            parse_date(&text).map(PDate).ok_or_else(|| {
                de::Error::custom(format!(
                    "'{}' is not a date: write YYYY-MM-DD",
                    jardins_ledger::ids::excerpt(&text)
                ))
            })
        } else {
            let days = i32::deserialize(deserializer)?;
            date_from_days(days)
                .map(PDate)
                .ok_or_else(|| de::Error::custom(format!("day {days} is out of range")))
        }
    }
}

/// Longest decimal text: a sign, 29 digits, a point.
const MAX_DECIMAL_CHARS: usize = 32;

/// An exact decimal, as a string in both forms (`"12.50"`, `"-3.00"`): digits, at most one
/// point, an optional leading minus. The scale is kept (`"12.50"` is not `"12.5"`), and only
/// the spelling `Decimal::to_string` gives is accepted, so that a value has one form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PDecimal(pub Decimal);

pub fn parse_decimal(text: &str) -> Option<Decimal> {
    if text.is_empty() || text.len() > MAX_DECIMAL_CHARS {
        return None;
    }
    let digits = text.strip_prefix('-').unwrap_or(text);
    let (whole, fraction) = match digits.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (digits, None),
    };
    let all_digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(whole) || fraction.is_some_and(|f| !all_digits(f)) {
        return None;
    }
    let value: Decimal = text.parse().ok()?;
    (value.to_string() == text).then_some(value)
}

impl Serialize for PDecimal {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0.to_string())
    }
}

impl<'de> Deserialize<'de> for PDecimal {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        parse_decimal(&text).map(PDecimal).ok_or_else(|| {
            de::Error::custom(format!(
                "'{}' is not a decimal in canonical form: write digits with an optional '-' and one '.', like 12.50",
                jardins_ledger::ids::excerpt(&text)
            ))
        })
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum PPeriod {
    Month { year: i32, month: u32 },
    Year(i32),
}

// ---------------------------------------------------------------------------------------------
// Persisted events. Append-only like the domain's `EventKind`: never reorder or remove a
// variant or a field; a new field means a new FORMAT_VERSION.

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PEvent {
    pub on: PDate,
    pub kind: PEventKind,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum PEventKind {
    CurrencyDeclared {
        currency: PCurrency,
    },
    GardenOpened {
        garden: String,
        name: String,
        kind: PGardenKind,
        core: Vec<PCorePerson>,
    },
    ConstitutionAdopted {
        garden: String,
        constitution: PConstitution,
    },
    MemberJoined {
        garden: String,
        person: String,
        name: String,
        role: PMemberRole,
    },
    MemberLeft {
        garden: String,
        person: String,
    },
    RoleValued {
        garden: String,
        role: String,
        holder: String,
        amount: PDecimal,
        currency: String,
        period: PPeriod,
        judged_by: Option<u32>,
    },
    CommitmentMade {
        commitment: String,
        garden: String,
        person: String,
        amount: PDecimal,
        currency: String,
        cadence: PCadence,
        from: PDate,
        until: Option<PDate>,
        judged_by: Option<u32>,
    },
    CommitmentEnded {
        commitment: String,
        until: PDate,
    },
    ContributionPaid {
        from: String,
        to: String,
        amount: PDecimal,
        currency: String,
        mode: PMode,
        pays_for: PPaysFor,
        judged_by: Option<u32>,
        note: String,
    },
    CollectionRecorded {
        garden: String,
        collection: PCollectionKind,
        amount: PDecimal,
        currency: String,
        mode: PMode,
        judged_by: Option<u32>,
        note: String,
    },
    ExpensePaid {
        payer: String,
        amount: PDecimal,
        currency: String,
        note: String,
    },
    EntryReversed {
        entry: u64,
        reason: String,
        postings: Vec<PPosting>,
    },
    GardenClosed {
        garden: String,
        reason: String,
    },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PCurrency {
    pub code: String,
    pub name: String,
    pub kind: PCurrencyKind,
    pub decimal_places: u8,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PCurrencyKind {
    Euro,
    Complementary,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum PGardenKind {
    Local { territory: String },
    Thematic { theme: String },
    Organisation { organisation: String },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PCorePerson {
    pub person: String,
    pub name: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PMemberRole {
    Gardener,
    Companion,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PMode {
    Fixed,
    Conscious,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PCadence {
    Monthly,
    Yearly,
    OneOff,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PCollectionKind {
    Event,
    Gathering,
    Fundraising,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum PPaysFor {
    Commitment(String),
    Period(PPeriod),
    OneOff,
    CommitmentPeriod { commitment: String, period: PPeriod },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PFlowKind {
    ContributionFromMember,
    ContributionFromGarden,
    ContributionToGarden,
    ContributionToBigGarden,
    RoleValued,
    Collection,
    Expense,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PPosting {
    pub account: String,
    pub currency: String,
    pub amount: PDecimal,
    pub kind: PFlowKind,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PConstitution {
    pub version: u32,
    pub effective: PDate,
    pub purpose: String,
    pub entry_rules: String,
    pub exit_rules: String,
    pub model: PEconomicModel,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PEconomicModel {
    pub roles: Vec<PRoleRule>,
    pub big_garden: Vec<PFlowRule>,
    pub commitments: Vec<PFlowRule>,
    pub collections: Vec<PCollectionRule>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PRoleRule {
    pub role: String,
    pub name: String,
    pub rule: PFlowRule,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PFlowRule {
    pub currency: String,
    pub mode: PModeRule,
    pub cadence: PCadence,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum PModeRule {
    Fixed { amount: PDecimal },
    Conscious { suggested: Option<PDecimal> },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PCollectionRule {
    pub kind: PCollectionKind,
    pub rule: PFlowRule,
}

// ---------------------------------------------------------------------------------------------
// Persisted projection values.

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PGardenState {
    pub name: String,
    pub kind: PGardenKind,
    pub opened_on: PDate,
    pub closed_on: Option<PDate>,
    pub core: Vec<String>,
    pub constitutions: Vec<PConstitution>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PPersonState {
    pub name: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PSpell {
    pub joined: PDate,
    pub left: Option<PDate>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PMemberState {
    pub role: PMemberRole,
    pub core: bool,
    pub spells: Vec<PSpell>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PCommitmentState {
    pub garden: String,
    pub person: String,
    pub amount: PDecimal,
    pub currency: String,
    pub cadence: PCadence,
    pub from: PDate,
    pub until: Option<PDate>,
    pub made_by: u64,
}

// ---------------------------------------------------------------------------------------------
// Domain → persisted.

fn p_period(period: Period) -> PPeriod {
    match period {
        Period::Month(month) => PPeriod::Month {
            year: month.year(),
            month: month.month(),
        },
        Period::Year(year) => PPeriod::Year(year),
    }
}

fn p_currency(currency: &Currency) -> PCurrency {
    PCurrency {
        code: currency.code.to_string(),
        name: currency.name.to_string(),
        kind: match currency.kind {
            CurrencyKind::Euro => PCurrencyKind::Euro,
            CurrencyKind::Complementary => PCurrencyKind::Complementary,
        },
        decimal_places: currency.decimal_places,
    }
}

fn p_garden_kind(kind: &GardenKind) -> PGardenKind {
    match kind {
        GardenKind::Local { territory } => PGardenKind::Local {
            territory: territory.to_string(),
        },
        GardenKind::Thematic { theme } => PGardenKind::Thematic {
            theme: theme.to_string(),
        },
        GardenKind::Organisation { organisation } => PGardenKind::Organisation {
            organisation: organisation.to_string(),
        },
    }
}

fn p_role(role: MemberRole) -> PMemberRole {
    match role {
        MemberRole::Gardener => PMemberRole::Gardener,
        MemberRole::Companion => PMemberRole::Companion,
    }
}

fn p_mode(mode: Mode) -> PMode {
    match mode {
        Mode::Fixed => PMode::Fixed,
        Mode::Conscious => PMode::Conscious,
    }
}

fn p_cadence(cadence: Cadence) -> PCadence {
    match cadence {
        Cadence::Monthly => PCadence::Monthly,
        Cadence::Yearly => PCadence::Yearly,
        Cadence::OneOff => PCadence::OneOff,
    }
}

fn p_collection(kind: CollectionKind) -> PCollectionKind {
    match kind {
        CollectionKind::Event => PCollectionKind::Event,
        CollectionKind::Gathering => PCollectionKind::Gathering,
        CollectionKind::Fundraising => PCollectionKind::Fundraising,
    }
}

fn p_flow_kind(kind: FlowKind) -> PFlowKind {
    match kind {
        FlowKind::ContributionFromMember => PFlowKind::ContributionFromMember,
        FlowKind::ContributionFromGarden => PFlowKind::ContributionFromGarden,
        FlowKind::ContributionToGarden => PFlowKind::ContributionToGarden,
        FlowKind::ContributionToBigGarden => PFlowKind::ContributionToBigGarden,
        FlowKind::RoleValued => PFlowKind::RoleValued,
        FlowKind::Collection => PFlowKind::Collection,
        FlowKind::Expense => PFlowKind::Expense,
    }
}

fn p_amount(amount: Amount) -> PDecimal {
    PDecimal(amount.value())
}

fn p_flow_rule(rule: &FlowRule) -> PFlowRule {
    PFlowRule {
        currency: rule.currency.to_string(),
        mode: match rule.mode {
            ModeRule::Fixed { amount } => PModeRule::Fixed {
                amount: p_amount(amount),
            },
            ModeRule::Conscious { suggested } => PModeRule::Conscious {
                suggested: suggested.map(p_amount),
            },
        },
        cadence: p_cadence(rule.cadence),
    }
}

fn p_constitution(constitution: &Constitution) -> PConstitution {
    let model = &constitution.model;
    PConstitution {
        version: constitution.version,
        effective: PDate(constitution.effective),
        purpose: constitution.purpose.to_string(),
        entry_rules: constitution.entry_rules.to_string(),
        exit_rules: constitution.exit_rules.to_string(),
        model: PEconomicModel {
            roles: model
                .roles
                .iter()
                .map(|r| PRoleRule {
                    role: r.role.to_string(),
                    name: r.name.to_string(),
                    rule: p_flow_rule(&r.rule),
                })
                .collect(),
            big_garden: model.big_garden.iter().map(p_flow_rule).collect(),
            commitments: model.commitments.iter().map(p_flow_rule).collect(),
            collections: model
                .collections
                .iter()
                .map(|c| PCollectionRule {
                    kind: p_collection(c.kind),
                    rule: p_flow_rule(&c.rule),
                })
                .collect(),
        },
    }
}

fn p_posting(posting: &Posting) -> PPosting {
    PPosting {
        account: posting.account.to_string(),
        currency: posting.currency.to_string(),
        amount: PDecimal(posting.amount),
        kind: p_flow_kind(posting.kind),
    }
}

impl PEvent {
    pub fn of(event: &Event) -> PEvent {
        let kind = match &event.kind {
            EventKind::CurrencyDeclared { currency } => PEventKind::CurrencyDeclared {
                currency: p_currency(currency),
            },
            EventKind::GardenOpened {
                garden,
                name,
                kind,
                core,
            } => PEventKind::GardenOpened {
                garden: garden.to_string(),
                name: name.to_string(),
                kind: p_garden_kind(kind),
                core: core
                    .iter()
                    .map(|p| PCorePerson {
                        person: p.person.to_string(),
                        name: p.name.to_string(),
                    })
                    .collect(),
            },
            EventKind::ConstitutionAdopted {
                garden,
                constitution,
            } => PEventKind::ConstitutionAdopted {
                garden: garden.to_string(),
                constitution: p_constitution(constitution),
            },
            EventKind::MemberJoined {
                garden,
                person,
                name,
                role,
            } => PEventKind::MemberJoined {
                garden: garden.to_string(),
                person: person.to_string(),
                name: name.to_string(),
                role: p_role(*role),
            },
            EventKind::MemberLeft { garden, person } => PEventKind::MemberLeft {
                garden: garden.to_string(),
                person: person.to_string(),
            },
            EventKind::RoleValued {
                garden,
                role,
                holder,
                amount,
                currency,
                period,
                judged_by,
            } => PEventKind::RoleValued {
                garden: garden.to_string(),
                role: role.to_string(),
                holder: holder.to_string(),
                amount: p_amount(*amount),
                currency: currency.to_string(),
                period: p_period(*period),
                judged_by: *judged_by,
            },
            EventKind::CommitmentMade {
                commitment,
                garden,
                person,
                amount,
                currency,
                cadence,
                from,
                until,
                judged_by,
            } => PEventKind::CommitmentMade {
                commitment: commitment.to_string(),
                garden: garden.to_string(),
                person: person.to_string(),
                amount: p_amount(*amount),
                currency: currency.to_string(),
                cadence: p_cadence(*cadence),
                from: PDate(*from),
                until: until.map(PDate),
                judged_by: *judged_by,
            },
            EventKind::CommitmentEnded { commitment, until } => PEventKind::CommitmentEnded {
                commitment: commitment.to_string(),
                until: PDate(*until),
            },
            EventKind::ContributionPaid {
                from,
                to,
                amount,
                currency,
                mode,
                pays_for,
                judged_by,
                note,
            } => PEventKind::ContributionPaid {
                from: from.to_string(),
                to: to.to_string(),
                amount: p_amount(*amount),
                currency: currency.to_string(),
                mode: p_mode(*mode),
                pays_for: match pays_for {
                    PaysFor::Commitment(id) => PPaysFor::Commitment(id.to_string()),
                    PaysFor::Period(period) => PPaysFor::Period(p_period(*period)),
                    PaysFor::OneOff => PPaysFor::OneOff,
                    PaysFor::CommitmentPeriod { commitment, period } => {
                        PPaysFor::CommitmentPeriod {
                            commitment: commitment.to_string(),
                            period: p_period(*period),
                        }
                    }
                },
                judged_by: *judged_by,
                note: note.to_string(),
            },
            EventKind::CollectionRecorded {
                garden,
                collection,
                amount,
                currency,
                mode,
                judged_by,
                note,
            } => PEventKind::CollectionRecorded {
                garden: garden.to_string(),
                collection: p_collection(*collection),
                amount: p_amount(*amount),
                currency: currency.to_string(),
                mode: p_mode(*mode),
                judged_by: *judged_by,
                note: note.to_string(),
            },
            EventKind::ExpensePaid {
                payer,
                amount,
                currency,
                note,
            } => PEventKind::ExpensePaid {
                payer: payer.to_string(),
                amount: p_amount(*amount),
                currency: currency.to_string(),
                note: note.to_string(),
            },
            EventKind::EntryReversed {
                entry,
                reason,
                postings,
            } => PEventKind::EntryReversed {
                entry: *entry,
                reason: reason.to_string(),
                postings: postings.iter().map(p_posting).collect(),
            },
            EventKind::GardenClosed { garden, reason } => PEventKind::GardenClosed {
                garden: garden.to_string(),
                reason: reason.to_string(),
            },
        };
        PEvent {
            on: PDate(event.on),
            kind,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Persisted → domain, re-validated.

fn checked<T>(result: Result<T, jardins_ledger::Refusal>, field: &str) -> Result<T, DecodeError> {
    result.map_err(|refusal| DecodeError {
        what: format!("{field}: refused by the rule {}", refusal.rule()),
        refused: Some(Box::new((field.to_string(), refusal))),
    })
}

fn name(text: &str, field: &str) -> Result<Name, DecodeError> {
    checked(Name::new(text), field)
}

fn text(value: &str, field: &str) -> Result<Text, DecodeError> {
    checked(Text::new(value), field)
}

fn id<T: std::str::FromStr<Err = jardins_ledger::Refusal>>(
    value: &str,
    field: &str,
) -> Result<T, DecodeError> {
    checked(value.parse(), field)
}

fn amount(value: PDecimal, field: &str) -> Result<Amount, DecodeError> {
    checked(Amount::new(value.0), field)
}

fn period(value: PPeriod) -> Result<Period, DecodeError> {
    match value {
        // The same constructors as a typed `--period`: four-digit years only.
        PPeriod::Month { year, month } => Month::new(year, month)
            .map(Period::Month)
            .ok_or_else(|| {
                DecodeError::new(format!(
                    "period: {year}-{month} is not a month of the years 0000 to 9999 (as `--period 2026-03` is typed)"
                ))
            }),
        PPeriod::Year(year) => Period::year(year).ok_or_else(|| {
            DecodeError::new(format!(
                "period: the year {year} is not one of 0000 to 9999 (as `--period 2026` is typed)"
            ))
        }),
    }
}

fn currency(value: &PCurrency) -> Result<Currency, DecodeError> {
    if value.decimal_places > MAX_DECIMAL_PLACES {
        return fail(format!(
            "currency {}: {} decimal places, above the limit of {MAX_DECIMAL_PLACES}",
            jardins_ledger::ids::excerpt(&value.code),
            value.decimal_places
        ));
    }
    Ok(Currency {
        code: id(&value.code, "currency code")?,
        name: name(&value.name, "currency name")?,
        kind: match value.kind {
            PCurrencyKind::Euro => CurrencyKind::Euro,
            PCurrencyKind::Complementary => CurrencyKind::Complementary,
        },
        decimal_places: value.decimal_places,
    })
}

fn garden_kind(value: &PGardenKind) -> Result<GardenKind, DecodeError> {
    Ok(match value {
        PGardenKind::Local { territory } => GardenKind::Local {
            territory: name(territory, "territory")?,
        },
        PGardenKind::Thematic { theme } => GardenKind::Thematic {
            theme: name(theme, "theme")?,
        },
        PGardenKind::Organisation { organisation } => GardenKind::Organisation {
            organisation: name(organisation, "organisation")?,
        },
    })
}

fn role(value: PMemberRole) -> MemberRole {
    match value {
        PMemberRole::Gardener => MemberRole::Gardener,
        PMemberRole::Companion => MemberRole::Companion,
    }
}

fn mode(value: PMode) -> Mode {
    match value {
        PMode::Fixed => Mode::Fixed,
        PMode::Conscious => Mode::Conscious,
    }
}

fn cadence(value: PCadence) -> Cadence {
    match value {
        PCadence::Monthly => Cadence::Monthly,
        PCadence::Yearly => Cadence::Yearly,
        PCadence::OneOff => Cadence::OneOff,
    }
}

fn collection(value: PCollectionKind) -> CollectionKind {
    match value {
        PCollectionKind::Event => CollectionKind::Event,
        PCollectionKind::Gathering => CollectionKind::Gathering,
        PCollectionKind::Fundraising => CollectionKind::Fundraising,
    }
}

pub fn flow_kind(value: PFlowKind) -> FlowKind {
    match value {
        PFlowKind::ContributionFromMember => FlowKind::ContributionFromMember,
        PFlowKind::ContributionFromGarden => FlowKind::ContributionFromGarden,
        PFlowKind::ContributionToGarden => FlowKind::ContributionToGarden,
        PFlowKind::ContributionToBigGarden => FlowKind::ContributionToBigGarden,
        PFlowKind::RoleValued => FlowKind::RoleValued,
        PFlowKind::Collection => FlowKind::Collection,
        PFlowKind::Expense => FlowKind::Expense,
    }
}

fn bounded<T>(items: &[T], max: usize, field: &str) -> Result<(), DecodeError> {
    if items.len() > max {
        return fail(format!(
            "{field}: {} items, above the limit of {max}",
            items.len()
        ));
    }
    Ok(())
}

fn flow_rule(value: &PFlowRule) -> Result<FlowRule, DecodeError> {
    Ok(FlowRule {
        currency: id(&value.currency, "rule currency")?,
        mode: match &value.mode {
            PModeRule::Fixed { amount: a } => ModeRule::Fixed {
                amount: amount(*a, "fixed amount")?,
            },
            PModeRule::Conscious { suggested } => ModeRule::Conscious {
                suggested: suggested
                    .map(|s| amount(s, "suggested amount"))
                    .transpose()?,
            },
        },
        cadence: cadence(value.cadence),
    })
}

fn constitution(value: &PConstitution) -> Result<Constitution, DecodeError> {
    let model = &value.model;
    bounded(&model.roles, MAX_RULES_PER_POINT, "valued roles")?;
    bounded(&model.big_garden, MAX_RULES_PER_POINT, "big garden rules")?;
    bounded(&model.commitments, MAX_RULES_PER_POINT, "commitment rules")?;
    bounded(&model.collections, MAX_RULES_PER_POINT, "collection rules")?;
    Ok(Constitution {
        version: value.version,
        effective: value.effective.0,
        purpose: text(&value.purpose, "purpose")?,
        entry_rules: text(&value.entry_rules, "entry rules")?,
        exit_rules: text(&value.exit_rules, "exit rules")?,
        model: EconomicModel {
            roles: model
                .roles
                .iter()
                .map(|r| {
                    Ok(RoleRule {
                        role: id::<RoleId>(&r.role, "role")?,
                        name: name(&r.name, "role name")?,
                        rule: flow_rule(&r.rule)?,
                    })
                })
                .collect::<Result<_, DecodeError>>()?,
            big_garden: model
                .big_garden
                .iter()
                .map(flow_rule)
                .collect::<Result<_, _>>()?,
            commitments: model
                .commitments
                .iter()
                .map(flow_rule)
                .collect::<Result<_, _>>()?,
            collections: model
                .collections
                .iter()
                .map(|c| {
                    Ok(CollectionRule {
                        kind: collection(c.kind),
                        rule: flow_rule(&c.rule)?,
                    })
                })
                .collect::<Result<_, DecodeError>>()?,
        },
    })
}

fn posting(value: &PPosting) -> Result<Posting, DecodeError> {
    let magnitude = value.amount.0.abs();
    checked(Amount::new(magnitude), "posting amount")?;
    Ok(Posting {
        account: id(&value.account, "posting account")?,
        currency: id(&value.currency, "posting currency")?,
        amount: value.amount.0,
        kind: flow_kind(value.kind),
    })
}

/// Most postings one event holds (a reversal copies the two of the entry it undoes).
const MAX_POSTINGS: usize = 2;

impl PEvent {
    /// The domain event, every field re-validated; the postings checked to sum to zero.
    pub fn to_event(&self) -> Result<Event, DecodeError> {
        let kind = match &self.kind {
            PEventKind::CurrencyDeclared { currency: c } => EventKind::CurrencyDeclared {
                currency: currency(c)?,
            },
            PEventKind::GardenOpened {
                garden,
                name: n,
                kind,
                core,
            } => {
                bounded(core, MAX_CORE_PEOPLE, "core")?;
                EventKind::GardenOpened {
                    garden: id(garden, "garden")?,
                    name: name(n, "garden name")?,
                    kind: garden_kind(kind)?,
                    core: core
                        .iter()
                        .map(|p| {
                            Ok(CorePerson {
                                person: id(&p.person, "core person")?,
                                name: name(&p.name, "core person name")?,
                            })
                        })
                        .collect::<Result<_, DecodeError>>()?,
                }
            }
            PEventKind::ConstitutionAdopted {
                garden,
                constitution: c,
            } => EventKind::ConstitutionAdopted {
                garden: id(garden, "garden")?,
                constitution: constitution(c)?,
            },
            PEventKind::MemberJoined {
                garden,
                person,
                name: n,
                role: r,
            } => EventKind::MemberJoined {
                garden: id(garden, "garden")?,
                person: id(person, "person")?,
                name: name(n, "person name")?,
                role: role(*r),
            },
            PEventKind::MemberLeft { garden, person } => EventKind::MemberLeft {
                garden: id(garden, "garden")?,
                person: id(person, "person")?,
            },
            PEventKind::RoleValued {
                garden,
                role,
                holder,
                amount: a,
                currency,
                period: p,
                judged_by,
            } => EventKind::RoleValued {
                garden: id(garden, "garden")?,
                role: id(role, "role")?,
                holder: id(holder, "holder")?,
                amount: amount(*a, "amount")?,
                currency: id(currency, "currency")?,
                period: period(*p)?,
                judged_by: *judged_by,
            },
            PEventKind::CommitmentMade {
                commitment,
                garden,
                person,
                amount: a,
                currency,
                cadence: c,
                from,
                until,
                judged_by,
            } => EventKind::CommitmentMade {
                commitment: id(commitment, "commitment")?,
                garden: id(garden, "garden")?,
                person: id(person, "person")?,
                amount: amount(*a, "amount")?,
                currency: id(currency, "currency")?,
                cadence: cadence(*c),
                from: from.0,
                until: until.map(|u| u.0),
                judged_by: *judged_by,
            },
            PEventKind::CommitmentEnded { commitment, until } => EventKind::CommitmentEnded {
                commitment: id(commitment, "commitment")?,
                until: until.0,
            },
            PEventKind::ContributionPaid {
                from,
                to,
                amount: a,
                currency,
                mode: m,
                pays_for,
                judged_by,
                note,
            } => EventKind::ContributionPaid {
                from: id(from, "from")?,
                to: id(to, "to")?,
                amount: amount(*a, "amount")?,
                currency: id(currency, "currency")?,
                mode: mode(*m),
                pays_for: match pays_for {
                    PPaysFor::Commitment(c) => PaysFor::Commitment(id(c, "commitment")?),
                    PPaysFor::Period(p) => PaysFor::Period(period(*p)?),
                    PPaysFor::OneOff => PaysFor::OneOff,
                    PPaysFor::CommitmentPeriod {
                        commitment,
                        period: p,
                    } => PaysFor::CommitmentPeriod {
                        commitment: id(commitment, "commitment")?,
                        period: period(*p)?,
                    },
                },
                judged_by: *judged_by,
                note: text(note, "note")?,
            },
            PEventKind::CollectionRecorded {
                garden,
                collection: c,
                amount: a,
                currency,
                mode: m,
                judged_by,
                note,
            } => EventKind::CollectionRecorded {
                garden: id(garden, "garden")?,
                collection: collection(*c),
                amount: amount(*a, "amount")?,
                currency: id(currency, "currency")?,
                mode: mode(*m),
                judged_by: *judged_by,
                note: text(note, "note")?,
            },
            PEventKind::ExpensePaid {
                payer,
                amount: a,
                currency,
                note,
            } => EventKind::ExpensePaid {
                payer: id(payer, "payer")?,
                amount: amount(*a, "amount")?,
                currency: id(currency, "currency")?,
                note: text(note, "note")?,
            },
            PEventKind::EntryReversed {
                entry,
                reason,
                postings,
            } => {
                bounded(postings, MAX_POSTINGS, "postings")?;
                EventKind::EntryReversed {
                    entry: *entry,
                    reason: text(reason, "reason")?,
                    postings: postings.iter().map(posting).collect::<Result<_, _>>()?,
                }
            }
            PEventKind::GardenClosed { garden, reason } => EventKind::GardenClosed {
                garden: id(garden, "garden")?,
                reason: text(reason, "reason")?,
            },
        };
        let event = Event {
            on: self.on.0,
            kind,
        };
        if !jardins_ledger::event::postings_balance(&event.postings()) {
            return fail("the postings do not sum to zero in each currency");
        }
        Ok(event)
    }
}

// ---------------------------------------------------------------------------------------------
// Events in bytes.

pub fn encode_event(event: &Event) -> Vec<u8> {
    let bytes = bincode::serde::encode_to_vec(PEvent::of(event), event_config())
        .expect("encoding plain data into a vector cannot fail");
    // Paired with the limit on decoding: what is written can always be read back.
    assert!(
        bytes.len() <= MAX_EVENT_BYTES,
        "an event of {} bytes exceeds MAX_EVENT_BYTES",
        bytes.len()
    );
    bytes
}

/// Decodes an event: the whole slice, nothing left over, in its one canonical form.
pub fn decode_event(bytes: &[u8]) -> Result<Event, DecodeError> {
    if bytes.len() > MAX_EVENT_BYTES {
        return fail(format!(
            "the event is {} bytes long, above the limit of {MAX_EVENT_BYTES}",
            bytes.len()
        ));
    }
    let (persisted, read): (PEvent, usize) =
        bincode::serde::decode_from_slice(bytes, event_config())
            .map_err(|e| DecodeError::new(format!("the event bytes do not decode: {e}")))?;
    if read != bytes.len() {
        return fail(format!(
            "{} bytes follow the event",
            bytes.len().saturating_sub(read)
        ));
    }
    let event = persisted.to_event()?;
    // One event, one byte form: integers and strings have a single bincode spelling.
    if encode_event(&event) != bytes {
        return fail("the event bytes are not in canonical form");
    }
    Ok(event)
}

// ---------------------------------------------------------------------------------------------
// Records.

/// A stored record, decoded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawRecord {
    pub sequence: u64,
    pub recorded_at_us: i64,
    pub previous_hash: Hash,
    pub hash: Hash,
    pub event: Event,
}

pub fn micros(at: DateTime<Utc>) -> i64 {
    at.timestamp_micros()
}

pub fn time_of(micros: i64) -> Option<DateTime<Utc>> {
    DateTime::from_timestamp_micros(micros)
}

/// SHA-256 over previous hash (32 bytes) ‖ sequence (u64 BE) ‖ recorded time (i64 BE,
/// microseconds since 1970-01-01T00:00:00Z) ‖ the event bytes.
pub fn chain_hash(previous: &Hash, sequence: u64, recorded_at_us: i64, event: &[u8]) -> Hash {
    let mut hasher = Sha256::new();
    hasher.update(previous);
    hasher.update(sequence.to_be_bytes());
    hasher.update(recorded_at_us.to_be_bytes());
    hasher.update(event);
    hasher.finalize().into()
}

/// The stored record: version (1) ‖ hash (32) ‖ previous hash (32) ‖ sequence (8, BE) ‖
/// recorded time (8, BE) ‖ event bytes. The hash covers exactly the bytes after itself.
pub fn encode_record(
    previous: &Hash,
    sequence: u64,
    recorded_at_us: i64,
    event_bytes: &[u8],
) -> (Vec<u8>, Hash) {
    let hash = chain_hash(previous, sequence, recorded_at_us, event_bytes);
    let mut bytes = Vec::with_capacity(RECORD_HEADER_BYTES + event_bytes.len());
    bytes.push(FORMAT_VERSION);
    bytes.extend_from_slice(&hash);
    bytes.extend_from_slice(previous);
    bytes.extend_from_slice(&sequence.to_be_bytes());
    bytes.extend_from_slice(&recorded_at_us.to_be_bytes());
    bytes.extend_from_slice(event_bytes);
    (bytes, hash)
}

fn array<const N: usize>(bytes: &[u8], at: usize) -> [u8; N] {
    let mut out = [0; N];
    out.copy_from_slice(&bytes[at..at + N]);
    out
}

/// The header of a record, without decoding the event; checks version, length and hash.
pub struct RecordHeader<'a> {
    pub sequence: u64,
    pub recorded_at_us: i64,
    pub previous_hash: Hash,
    pub hash: Hash,
    pub event_bytes: &'a [u8],
}

pub fn record_header(bytes: &[u8]) -> Result<RecordHeader<'_>, DecodeError> {
    if bytes.len() < RECORD_HEADER_BYTES {
        return fail(format!(
            "the record is {} bytes long, shorter than its {RECORD_HEADER_BYTES}-byte header",
            bytes.len()
        ));
    }
    if bytes[0] != FORMAT_VERSION {
        return fail(format!(
            "the record has format version {}, and this jardins reads version {FORMAT_VERSION}: use a jardins that knows it",
            bytes[0]
        ));
    }
    let header = RecordHeader {
        hash: array(bytes, 1),
        previous_hash: array(bytes, 33),
        sequence: u64::from_be_bytes(array(bytes, 65)),
        recorded_at_us: i64::from_be_bytes(array(bytes, 73)),
        event_bytes: &bytes[RECORD_HEADER_BYTES..],
    };
    let recomputed: Hash = Sha256::digest(&bytes[HASHED_FROM..]).into();
    if recomputed != header.hash {
        return fail(format!(
            "the record's hash {} does not match its content (which hashes to {}): it was altered",
            hex::encode(header.hash),
            hex::encode(recomputed)
        ));
    }
    if time_of(header.recorded_at_us).is_none() {
        return fail("the recorded time is out of range");
    }
    Ok(header)
}

/// Decodes the record stored under sequence `key`: version, hash, sequence and event checked.
pub fn decode_record(key: u64, bytes: &[u8]) -> Result<RawRecord, DecodeError> {
    let header = record_header(bytes)?;
    if header.sequence != key {
        return fail(format!(
            "the record stored as entry {key} says it is entry {}",
            header.sequence
        ));
    }
    let event = decode_event(header.event_bytes)?;
    Ok(RawRecord {
        sequence: header.sequence,
        recorded_at_us: header.recorded_at_us,
        previous_hash: header.previous_hash,
        hash: header.hash,
        event,
    })
}

// ---------------------------------------------------------------------------------------------
// The meta value: layout version (1) ‖ head sequence (8, BE) ‖ head hash (32).

pub const META_BYTES: usize = 1 + 8 + 32;

pub fn encode_meta(sequence: u64, hash: &Hash) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(META_BYTES);
    bytes.push(LAYOUT_VERSION);
    bytes.extend_from_slice(&sequence.to_be_bytes());
    bytes.extend_from_slice(hash);
    bytes
}

/// The layout version a head says, if it is one `decode_meta` reads or one it can be brought
/// to (`UPGRADABLE_LAYOUT`).
pub fn meta_layout(bytes: &[u8]) -> Option<u8> {
    match bytes.first() {
        Some(&v)
            if bytes.len() == META_BYTES && (v == LAYOUT_VERSION || v == UPGRADABLE_LAYOUT) =>
        {
            Some(v)
        }
        _ => None,
    }
}

pub fn decode_meta(bytes: &[u8]) -> Result<(u64, Hash), DecodeError> {
    if bytes.len() != META_BYTES {
        return fail(format!(
            "the ledger head is {} bytes long, not {META_BYTES}",
            bytes.len()
        ));
    }
    if bytes[0] != LAYOUT_VERSION {
        return fail(format!(
            "the ledger is laid out in version {} of the format, and this jardins reads version {LAYOUT_VERSION}: open it with the jardins that wrote it, `export jsonl` it, and `import` that into a new ledger",
            bytes[0]
        ));
    }
    Ok((u64::from_be_bytes(array(bytes, 1)), array(bytes, 9)))
}

// ---------------------------------------------------------------------------------------------
// An import's batch marker (`B` ‖ first line's place ‖ last line's place): the line the batch
// ended at (8, BE) ‖ the head it left (8, BE) ‖ the place of each of its lines (16 each).

pub fn encode_imported(line: u64, head: u64, places: &[[u8; 16]]) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(16 + 16 * places.len());
    bytes.extend_from_slice(&line.to_be_bytes());
    bytes.extend_from_slice(&head.to_be_bytes());
    for place in places {
        bytes.extend_from_slice(place);
    }
    bytes
}

pub fn decode_imported(bytes: &[u8]) -> Result<(u64, u64, Vec<[u8; 16]>), DecodeError> {
    let lines = bytes.len().saturating_sub(16) / 16;
    let whole_places = (bytes.len().saturating_sub(16)) == 16 * lines;
    if bytes.len() < 32 || !whole_places || lines > crate::MAX_LINES_IN_BATCH {
        return fail(format!(
            "an import's batch marker is {} bytes long, not 16 and 16 for each of 1 to {} lines",
            bytes.len(),
            crate::MAX_LINES_IN_BATCH
        ));
    }
    let places = bytes[16..].chunks_exact(16).map(|c| array(c, 0)).collect();
    Ok((
        u64::from_be_bytes(array(bytes, 0)),
        u64::from_be_bytes(array(bytes, 8)),
        places,
    ))
}

// ---------------------------------------------------------------------------------------------
// The head file (`head`, beside sled's files): the last entry a receipt was given for, kept
// where sled's recovery cannot roll it back. Two slots of `HEAD_SLOT_BYTES`, written in turn,
// so that a write torn by a crash spoils at most the slot being written; each slot is
// `HEAD_MAGIC` (4) ‖ generation (8, BE) ‖ sequence (8, BE) ‖ hash (32) ‖ CRC-32 of those 52
// bytes (4, BE) ‖ 8 zero bytes. A slot of zeros is empty. The slot with the valid checksum and
// the highest generation is the one in force.

/// The first bytes of a head slot: "JHD" and the head file's format version (1).
pub const HEAD_MAGIC: [u8; 4] = *b"JHD";
pub const HEAD_SLOT_BYTES: usize = 64;
pub const HEAD_FILE_BYTES: usize = 2 * HEAD_SLOT_BYTES;
const HEAD_CHECKED_BYTES: usize = 4 + 8 + 8 + 32;

/// One slot of the head file: the `generation`-th write, saying that entry `sequence` with
/// `hash` was acknowledged (sequence 0: none yet).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HeadSlot {
    pub generation: u64,
    pub sequence: u64,
    pub hash: Hash,
}

pub fn encode_head_slot(slot: &HeadSlot) -> [u8; HEAD_SLOT_BYTES] {
    let mut bytes = [0_u8; HEAD_SLOT_BYTES];
    bytes[..4].copy_from_slice(&HEAD_MAGIC);
    bytes[4..12].copy_from_slice(&slot.generation.to_be_bytes());
    bytes[12..20].copy_from_slice(&slot.sequence.to_be_bytes());
    bytes[20..52].copy_from_slice(&slot.hash);
    let crc = crc32fast::hash(&bytes[..HEAD_CHECKED_BYTES]);
    bytes[52..56].copy_from_slice(&crc.to_be_bytes());
    bytes
}

/// What one slot holds: `Ok(None)` when empty (zeros), an error when it is neither empty nor
/// valid (a torn write, or damage).
pub fn decode_head_slot(bytes: &[u8]) -> Result<Option<HeadSlot>, DecodeError> {
    if bytes.len() != HEAD_SLOT_BYTES {
        return fail(format!(
            "a slot of the head file is {} bytes long, not {HEAD_SLOT_BYTES}",
            bytes.len()
        ));
    }
    if bytes.iter().all(|b| *b == 0) {
        return Ok(None);
    }
    if bytes[..4] != HEAD_MAGIC {
        return fail("a slot of the head file does not begin with JHD and version 1");
    }
    let crc = u32::from_be_bytes(array(bytes, 52));
    if crc32fast::hash(&bytes[..HEAD_CHECKED_BYTES]) != crc || bytes[56..].iter().any(|b| *b != 0) {
        return fail("a slot of the head file fails its checksum");
    }
    Ok(Some(HeadSlot {
        generation: u64::from_be_bytes(array(bytes, 4)),
        sequence: u64::from_be_bytes(array(bytes, 12)),
        hash: array(bytes, 20),
    }))
}

/// The slot in force in a head file, and the index (0 or 1) of the slot the next write goes
/// to. An empty slot stands for "nothing acknowledged" (generation 0). One slot refused is
/// taken for a write torn by a crash, and the other is in force (it is the previous write, and
/// its entry is on disk); a file with both refused, or not `HEAD_FILE_BYTES` long, is refused.
pub fn decode_head_file(bytes: &[u8]) -> Result<(HeadSlot, usize), DecodeError> {
    if bytes.len() != HEAD_FILE_BYTES {
        return fail(format!(
            "it is {} bytes long, not {HEAD_FILE_BYTES}",
            bytes.len()
        ));
    }
    let nothing = HeadSlot {
        generation: 0,
        sequence: 0,
        hash: GENESIS,
    };
    let slot = |i: usize| {
        decode_head_slot(&bytes[i * HEAD_SLOT_BYTES..(i + 1) * HEAD_SLOT_BYTES])
            .map(|s| s.unwrap_or(nothing))
    };
    match (slot(0), slot(1)) {
        (Ok(a), Ok(b)) if b.generation > a.generation => Ok((b, 0)),
        (Ok(a), _) => Ok((a, 1)),
        (Err(_), Ok(b)) => Ok((b, 0)),
        (Err(e), Err(_)) => Err(e),
    }
}

// ---------------------------------------------------------------------------------------------
// The checkpoint: the last entry `verify` found the chain and every projection sound up to,
// and when: sequence (8, BE) ‖ its hash (32) ‖ verified at (8, BE, microseconds since 1970).

pub const CHECKPOINT_BYTES: usize = 8 + 32 + 8;

pub fn encode_checkpoint(sequence: u64, hash: &Hash, verified_at_us: i64) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(CHECKPOINT_BYTES);
    bytes.extend_from_slice(&sequence.to_be_bytes());
    bytes.extend_from_slice(hash);
    bytes.extend_from_slice(&verified_at_us.to_be_bytes());
    bytes
}

pub fn decode_checkpoint(bytes: &[u8]) -> Result<(u64, Hash, i64), DecodeError> {
    if bytes.len() != CHECKPOINT_BYTES {
        return fail(format!(
            "the last verified entry is {} bytes long, not {CHECKPOINT_BYTES}",
            bytes.len()
        ));
    }
    let verified_at = i64::from_be_bytes(array(bytes, 40));
    if time_of(verified_at).is_none() {
        return fail("the time of the last verification is out of range");
    }
    Ok((
        u64::from_be_bytes(array(bytes, 0)),
        array(bytes, 8),
        verified_at,
    ))
}

// ---------------------------------------------------------------------------------------------
// Log pages. The records of entries `first ..= first + PAGE_ENTRIES - 1` are stored together
// under one key (`L` + `first`, BE), each as its length (u32 BE) then its bytes: sled costs
// about as much per key as per kilobyte, so a page of records costs what one record would.

/// Entries per log page. Page `n` holds entries `n·PAGE_ENTRIES + 1 …`.
pub const PAGE_ENTRIES: u64 = 32;

/// The first entry of the page that holds `sequence` (entries start at 1).
pub fn page_first(sequence: u64) -> u64 {
    debug_assert!(sequence >= 1);
    (sequence - 1) / PAGE_ENTRIES * PAGE_ENTRIES + 1
}

/// Adds a record at the end of a page.
pub fn push_record(page: &mut Vec<u8>, record: &[u8]) {
    let length = u32::try_from(record.len()).expect("a record is at most MAX_EVENT_BYTES long");
    page.extend_from_slice(&length.to_be_bytes());
    page.extend_from_slice(record);
}

/// A page holding `records`, in order.
pub fn encode_page<R: AsRef<[u8]>>(records: &[R]) -> Vec<u8> {
    let mut page = Vec::new();
    for record in records {
        push_record(&mut page, record.as_ref());
    }
    page
}

/// The records of a page, in order, with their sequences (`first`, `first + 1`, …): lengths
/// checked, at most `PAGE_ENTRIES`, nothing left over. Each record is checked by its reader.
pub fn page_records(first: u64, page: &[u8]) -> Result<Vec<(u64, &[u8])>, DecodeError> {
    if page_first(first.max(1)) != first {
        return fail(format!("a log page cannot start at entry {first}"));
    }
    let mut records = Vec::new();
    let mut rest = page;
    while !rest.is_empty() {
        if records.len() as u64 >= PAGE_ENTRIES {
            return fail(format!(
                "the log page of entry {first} holds more than {PAGE_ENTRIES} records"
            ));
        }
        if rest.len() < 4 {
            return fail(format!("the log page of entry {first} is cut short"));
        }
        let length = u32::from_be_bytes(array(rest, 0)) as usize;
        if length > RECORD_HEADER_BYTES + MAX_EVENT_BYTES || rest.len() - 4 < length {
            return fail(format!(
                "the log page of entry {first} says a record is {length} bytes long, more than it holds"
            ));
        }
        let sequence = first + records.len() as u64;
        records.push((sequence, &rest[4..4 + length]));
        rest = &rest[4 + length..];
    }
    Ok(records)
}

/// The bytes of record `sequence` in its page, if the page holds it.
pub fn record_in_page(
    first: u64,
    page: &[u8],
    sequence: u64,
) -> Result<Option<&[u8]>, DecodeError> {
    Ok(page_records(first, page)?
        .into_iter()
        .find(|(s, _)| *s == sequence)
        .map(|(_, bytes)| bytes))
}

// ---------------------------------------------------------------------------------------------
// Runs: the postings of the log, by account. Every posting of entry `s`, dated `d`, on account
// `a`, is kept in the run of (shard of `a`, month of `d`, block of `s`), under the key
// `A` ‖ shard (1) ‖ month (4) ‖ block (8). Which run holds a posting follows from the log
// alone, so `verify` rebuilds runs exactly, block after block. (The key orders them by shard,
// block, then month: see `key::run`.)

/// Shards of accounts. The big garden, which every garden pays, has shard 0 to itself.
pub const SHARDS: u8 = 64;
/// Entries per block: the runs of a block change only while the head is in it.
pub const BLOCK_ENTRIES: u64 = 4096;

/// The shard of an account: 0 for the big garden, else 1 + CRC-32 (IEEE, as zlib's) of its
/// name (`garden:paris`) modulo 63.
pub fn shard_of(account: &Account) -> u8 {
    if *account == Account::BigGarden {
        return 0;
    }
    // The name's two parts hashed one after the other: the CRC of the name, which is not
    // written out (this runs for every posting recorded or rebuilt).
    let (prefix, id) = name_parts(account);
    let mut crc = crc32fast::Hasher::new();
    crc.update(prefix.as_bytes());
    crc.update(id.as_bytes());
    shard_of_crc(crc.finalize())
}

fn shard_of_name(name: &str) -> u8 {
    if name == "big-garden" {
        return 0;
    }
    shard_of_crc(crc32fast::hash(name.as_bytes()))
}

fn shard_of_crc(crc: u32) -> u8 {
    let spread = u32::from(SHARDS - 1);
    1 + (crc % spread) as u8
}

/// The block of entry `sequence`.
pub fn block_of(sequence: u64) -> u64 {
    debug_assert!(sequence >= 1);
    (sequence - 1) / BLOCK_ENTRIES
}

/// A month as a number that sorts as months do: year × 12 + month − 1, sign bit flipped.
pub fn month_number(date: NaiveDate) -> u32 {
    use chrono::Datelike;
    ((date.year() * 12 + date.month0() as i32) as u32) ^ 0x8000_0000
}

/// The first day of a month number.
pub fn month_start(number: u32) -> Option<NaiveDate> {
    let months = (number ^ 0x8000_0000) as i32;
    NaiveDate::from_ymd_opt(months.div_euclid(12), months.rem_euclid(12) as u32 + 1, 1)
}

/// Where a run is: its shard, block and month (ordered as its key orders them).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RunKey {
    pub shard: u8,
    pub block: u64,
    pub month: u32,
}

/// A posting as a run holds it, with what the log says around it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RunEntry {
    pub on: NaiveDate,
    pub sequence: u64,
    pub index: u32,
    pub kind: FlowKind,
    /// Recorded by a reversal (`EntryReversed`).
    pub correction: bool,
    pub amount: Decimal,
    /// The account on the other side of the entry.
    pub counterparty: Option<Account>,
    /// The commitment a member's payment (or its reversal) counts toward.
    pub toward: Option<CommitmentId>,
}

/// The postings of one account in one currency within a run, by date, entry and index.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RunGroup {
    pub account: Account,
    pub currency: CurrencyCode,
    pub entries: Vec<RunEntry>,
}

/// Largest number of postings in one run: a block's entries have at most two postings each.
pub const MAX_RUN_POSTINGS: usize = 2 * BLOCK_ENTRIES as usize;

/// The head of a run: its groups, each with the length of its entries' bytes. The entries of
/// the groups follow the head, in the same order, each group's as bincode of `Vec<PRunEntry>`,
/// so that a reader decodes the groups it wants and skips the others.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PRunHead {
    pub groups: Vec<PRunGroup>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PRunGroup {
    pub account: String,
    pub currency: String,
    /// Bytes of the group's entries.
    pub length: u32,
}

/// An amount in a run: its mantissa and scale (`12.50` is 1250 and 2), never a float.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PUnits {
    pub mantissa: i128,
    pub scale: u8,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PRunEntry {
    pub on: PDate,
    pub sequence: u64,
    pub index: u32,
    pub kind: PFlowKind,
    pub correction: bool,
    pub amount: PUnits,
    pub counterparty: Option<String>,
    pub toward: Option<String>,
}

fn p_units(amount: Decimal) -> PUnits {
    PUnits {
        mantissa: amount.mantissa(),
        scale: u8::try_from(amount.scale()).expect("a decimal's scale is at most 28"),
    }
}

fn units(value: PUnits) -> Result<Decimal, DecodeError> {
    if value.scale > MAX_DECIMAL_PLACES {
        return fail(format!(
            "an amount has {} decimal places, more than any currency",
            value.scale
        ));
    }
    let amount = Decimal::try_from_i128_with_scale(value.mantissa, u32::from(value.scale))
        .map_err(|_| DecodeError::new("an amount is out of range"))?;
    if amount.abs() > jardins_ledger::money::MAX_AMOUNT {
        return fail(format!(
            "an amount of {amount} is above the limit of a posting"
        ));
    }
    Ok(amount)
}

/// An account ordered by its name (`big-garden` < `garden:b` < `member:a` < `outside`), the
/// order of a run's groups, without writing the name out.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ByName(pub Account);

/// An account's name (`garden:paris`) in two parts, written out by neither.
fn name_parts(account: &Account) -> (&'static str, &str) {
    match account {
        Account::Garden(id) => ("garden:", id.as_str()),
        Account::BigGarden => ("big-garden", ""),
        Account::Member(id) => ("member:", id.as_str()),
        Account::Outside => ("outside", ""),
    }
}

impl ByName {
    fn parts(&self) -> (&'static str, &str) {
        name_parts(&self.0)
    }
}

impl Ord for ByName {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        let (a, a_id) = self.parts();
        let (b, b_id) = other.parts();
        // The four prefixes differ in their first byte, so two names of different kinds are
        // ordered by their prefixes alone, and two of the same kind by their ids (a byte
        // comparison of the ids, rather than of the names chained byte by byte).
        a.cmp(b).then_with(|| a_id.cmp(b_id))
    }
}

impl PartialOrd for ByName {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// Sorts a run's groups and entries into their one canonical order.
pub fn sort_run(groups: &mut [RunGroup]) {
    groups.sort_by(|a, b| {
        (ByName(a.account.clone()), a.currency.as_str())
            .cmp(&(ByName(b.account.clone()), b.currency.as_str()))
    });
    for group in groups.iter_mut() {
        group.entries.sort_by_key(|e| (e.on, e.sequence, e.index));
    }
}

/// A run's bytes: bincode of `PRun`, groups by account name then currency, entries by date,
/// entry and index (`sort_run`).
pub fn encode_run(groups: &[RunGroup]) -> Vec<u8> {
    encode_run_groups(&groups.iter().collect::<Vec<_>>())
}

pub fn encode_run_groups(groups: &[&RunGroup]) -> Vec<u8> {
    let bodies: Vec<Vec<u8>> = groups.iter().map(|group| encode_run_body(group)).collect();
    let parts: Vec<(&RunGroup, &[u8])> = groups
        .iter()
        .zip(&bodies)
        .map(|(group, body)| (*group, &body[..]))
        .collect();
    encode_run_parts(&parts)
}

/// The bytes of one group's entries in a run (bincode of `Vec<PRunEntry>`), which follow the
/// run's head: a writer keeps them for the groups it did not change (`encode_run_parts`).
/// Written through `PRunEntryOut`, which borrows what `PRunEntry` owns: the same bytes
/// (`run_bodies_are_the_bytes_of_their_entries`), without a string made for each posting.
pub fn encode_run_body(group: &RunGroup) -> Vec<u8> {
    encode_value(&run_body_out(group))
}

fn run_body_out(group: &RunGroup) -> Vec<PRunEntryOut<'_>> {
    group
        .entries
        .iter()
        .map(|e| PRunEntryOut {
            on: PDate(e.on),
            sequence: e.sequence,
            index: e.index,
            kind: p_flow_kind(e.kind),
            correction: e.correction,
            amount: p_units(e.amount),
            counterparty: e.counterparty.as_ref().map(AccountName),
            toward: e.toward.as_ref().map(|t| t.as_str()),
        })
        .collect()
}

/// `encode_run_body` through the owned form that reading decodes (`PRunEntry`), the texts
/// made into strings.
fn encode_run_body_owned(group: &RunGroup) -> Vec<u8> {
    let owned: Vec<PRunEntry> = run_body_out(group)
        .into_iter()
        .map(|out| PRunEntry {
            on: out.on,
            sequence: out.sequence,
            index: out.index,
            kind: out.kind,
            correction: out.correction,
            amount: out.amount,
            counterparty: out.counterparty.map(|name| name.0.to_string()),
            toward: out.toward.map(str::to_string),
        })
        .collect();
    encode_value(&owned)
}

/// `PRunEntry` as written: the same fields in the same order, the texts borrowed.
#[derive(Serialize)]
struct PRunEntryOut<'a> {
    on: PDate,
    sequence: u64,
    index: u32,
    kind: PFlowKind,
    correction: bool,
    amount: PUnits,
    counterparty: Option<AccountName<'a>>,
    toward: Option<&'a str>,
}

/// An account written as the string of its name (`garden:paris`), put together on the stack.
struct AccountName<'a>(&'a Account);

/// The longest account name: `garden:` or `member:` and an identifier.
const MAX_ACCOUNT_NAME_BYTES: usize = 7 + jardins_ledger::ids::MAX_ID_CHARS;

impl Serialize for AccountName<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (prefix, id) = name_parts(self.0);
        let length = prefix.len() + id.len();
        let mut name = [0_u8; MAX_ACCOUNT_NAME_BYTES];
        if length > name.len() {
            // Identifiers are checked to be shorter; should one not be, it is written alike.
            return serializer.serialize_str(&self.0.to_string());
        }
        name[..prefix.len()].copy_from_slice(prefix.as_bytes());
        name[prefix.len()..length].copy_from_slice(id.as_bytes());
        // Two strings one after the other are UTF-8.
        let name = std::str::from_utf8(&name[..length]).map_err(serde::ser::Error::custom)?;
        serializer.serialize_str(name)
    }
}

/// A run's bytes from its groups, in their stored order, each with its body as
/// `encode_run_body` wrote it.
pub fn encode_run_parts(parts: &[(&RunGroup, &[u8])]) -> Vec<u8> {
    debug_assert!(parts.windows(2).all(|w| {
        (ByName(w[0].0.account.clone()), w[0].0.currency.as_str())
            < (ByName(w[1].0.account.clone()), w[1].0.currency.as_str())
    }));
    // A body kept by a writer is the bytes of its group as they are now.
    debug_assert!(parts
        .iter()
        .all(|(group, body)| encode_run_body_owned(group) == *body));
    let head = PRunHead {
        groups: parts
            .iter()
            .map(|(group, body)| PRunGroup {
                account: group.account.to_string(),
                currency: group.currency.to_string(),
                length: u32::try_from(body.len()).expect("a run is far below 4 GiB"),
            })
            .collect(),
    };
    let mut bytes = encode_value(&head);
    bytes.reserve(parts.iter().map(|(_, body)| body.len()).sum());
    for (_, body) in parts {
        bytes.extend_from_slice(body);
    }
    bytes
}

/// One group of a run, read from the run's head: whose postings, and where their bytes are.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RunGroupHead {
    pub account: Account,
    pub currency: CurrencyCode,
    range: std::ops::Range<usize>,
}

/// The groups of the run stored under `at`, from its head: each in the run's shard, in the
/// canonical order, their bytes within the run and adding up to it.
pub fn run_heads(at: RunKey, bytes: &[u8]) -> Result<Vec<RunGroupHead>, DecodeError> {
    let (head, read): (PRunHead, usize) = bincode::serde::decode_from_slice(bytes, value_config())
        .map_err(|e| DecodeError::new(format!("a run of postings does not decode: {e}")))?;
    let mut heads = Vec::with_capacity(head.groups.len());
    let mut at_byte = read;
    let mut previous: Option<(ByName, String)> = None;
    for group in head.groups {
        if shard_of_name(&group.account) != at.shard {
            return fail(format!(
                "a run of shard {} holds postings of {}, which belongs to shard {}",
                at.shard,
                jardins_ledger::ids::excerpt(&group.account),
                shard_of_name(&group.account)
            ));
        }
        let account: Account = id(&group.account, "account")?;
        let currency: CurrencyCode = id(&group.currency, "currency")?;
        let order = (ByName(account.clone()), group.currency);
        if previous.as_ref().is_some_and(|p| *p >= order) || group.length == 0 {
            return fail("a run of postings is not in its canonical order");
        }
        let end = at_byte
            .checked_add(group.length as usize)
            .filter(|end| *end <= bytes.len())
            .ok_or_else(|| DecodeError::new("a run of postings is cut short"))?;
        heads.push(RunGroupHead {
            account,
            currency,
            range: at_byte..end,
        });
        at_byte = end;
        previous = Some(order);
    }
    if at_byte != bytes.len() {
        return fail("a run of postings has bytes left over after its groups");
    }
    Ok(heads)
}

/// The entries of one group of a run (`run_heads`), every value checked: in the run's month
/// and block, in order, at most a block's postings.
pub fn run_entries(
    at: RunKey,
    bytes: &[u8],
    head: &RunGroupHead,
) -> Result<Vec<RunEntry>, DecodeError> {
    let value: Vec<PRunEntry> = decode_value(&bytes[head.range.clone()], "a run of postings")?;
    if value.is_empty() || value.len() > MAX_RUN_POSTINGS {
        return fail(format!(
            "a group of a run holds {} postings: at least one, at most {MAX_RUN_POSTINGS}",
            value.len()
        ));
    }
    let mut entries: Vec<RunEntry> = Vec::with_capacity(value.len());
    for entry in value {
        let decoded = RunEntry {
            on: entry.on.0,
            sequence: entry.sequence,
            index: entry.index,
            kind: flow_kind(entry.kind),
            correction: entry.correction,
            amount: units(entry.amount)?,
            counterparty: entry
                .counterparty
                .as_deref()
                .map(|c| id(c, "counterparty"))
                .transpose()?,
            toward: entry
                .toward
                .as_deref()
                .map(|t| id(t, "commitment"))
                .transpose()?,
        };
        if month_number(decoded.on) != at.month
            || decoded.sequence == 0
            || block_of(decoded.sequence) != at.block
            || decoded.index >= MAX_POSTINGS as u32
            || decoded.amount.is_zero()
        {
            return fail(format!(
                "posting {} of entry {} does not belong in the run where it is stored",
                decoded.index, decoded.sequence
            ));
        }
        if let Some(last) = entries.last() {
            if (last.on, last.sequence, last.index) >= (decoded.on, decoded.sequence, decoded.index)
            {
                return fail("a run of postings is not in its canonical order");
            }
        }
        entries.push(decoded);
    }
    Ok(entries)
}

/// Decodes the whole run stored under `at`: every group, every value checked, nothing more
/// than a block can hold.
pub fn decode_run(at: RunKey, bytes: &[u8]) -> Result<Vec<RunGroup>, DecodeError> {
    let heads = run_heads(at, bytes)?;
    let mut count = 0_usize;
    let mut groups = Vec::with_capacity(heads.len());
    for head in heads {
        let entries = run_entries(at, bytes, &head)?;
        count += entries.len();
        if count > MAX_RUN_POSTINGS {
            return fail(format!("a run holds more than {MAX_RUN_POSTINGS} postings"));
        }
        groups.push(RunGroup {
            account: head.account,
            currency: head.currency,
            entries,
        });
    }
    Ok(groups)
}

// ---------------------------------------------------------------------------------------------
// Judged dates: per shard of gardens (the shard of `garden:ID`), the effective date of each
// garden's latest judged entry (`State::judged_until`), under `J` ‖ shard.

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PJudged {
    pub garden: String,
    pub until: PDate,
}

pub fn encode_judged(dates: &std::collections::BTreeMap<GardenId, NaiveDate>) -> Vec<u8> {
    let value: Vec<PJudged> = dates
        .iter()
        .map(|(garden, until)| PJudged {
            garden: garden.to_string(),
            until: PDate(*until),
        })
        .collect();
    encode_value(&value)
}

pub fn decode_judged(
    shard: u8,
    bytes: &[u8],
) -> Result<std::collections::BTreeMap<GardenId, NaiveDate>, DecodeError> {
    let value: Vec<PJudged> = decode_value(bytes, "the judged dates of a shard")?;
    let mut dates = std::collections::BTreeMap::new();
    for judged in value {
        let garden: GardenId = id(&judged.garden, "garden")?;
        if shard_of(&Account::Garden(garden.clone())) != shard {
            return fail(format!(
                "the judged dates of shard {shard} hold the garden '{garden}', of another shard"
            ));
        }
        if dates
            .last_key_value()
            .is_some_and(|(last, _)| *last >= garden)
        {
            return fail("the judged dates of a shard are not in their canonical order");
        }
        dates.insert(garden, judged.until.0);
    }
    Ok(dates)
}

// ---------------------------------------------------------------------------------------------
// Projection values.

fn encode_value<T: Serialize>(value: &T) -> Vec<u8> {
    bincode::serde::encode_to_vec(value, value_config())
        .expect("encoding plain data into a vector cannot fail")
}

fn decode_value<T: serde::de::DeserializeOwned>(
    bytes: &[u8],
    what: &str,
) -> Result<T, DecodeError> {
    let (value, read): (T, usize) = bincode::serde::decode_from_slice(bytes, value_config())
        .map_err(|e| DecodeError::new(format!("{what} does not decode: {e}")))?;
    if read != bytes.len() {
        return fail(format!("{what}: extra bytes after the value"));
    }
    Ok(value)
}

pub fn encode_currency(value: &Currency) -> Vec<u8> {
    encode_value(&p_currency(value))
}

pub fn decode_currency(bytes: &[u8]) -> Result<Currency, DecodeError> {
    currency(&decode_value::<PCurrency>(bytes, "a currency")?)
}

pub fn encode_garden(value: &GardenState) -> Vec<u8> {
    encode_value(&PGardenState {
        name: value.name.to_string(),
        kind: p_garden_kind(&value.kind),
        opened_on: PDate(value.opened_on),
        closed_on: value.closed_on.map(PDate),
        core: value.core.iter().map(|p| p.to_string()).collect(),
        constitutions: value.constitutions.iter().map(p_constitution).collect(),
    })
}

pub fn decode_garden(bytes: &[u8]) -> Result<GardenState, DecodeError> {
    let value: PGardenState = decode_value(bytes, "a garden")?;
    bounded(&value.core, MAX_CORE_PEOPLE, "core")?;
    bounded(
        &value.constitutions,
        MAX_CONSTITUTION_VERSIONS,
        "constitutions",
    )?;
    Ok(GardenState {
        name: name(&value.name, "garden name")?,
        kind: garden_kind(&value.kind)?,
        opened_on: value.opened_on.0,
        closed_on: value.closed_on.map(|d| d.0),
        core: value
            .core
            .iter()
            .map(|p| id(p, "core person"))
            .collect::<Result<_, _>>()?,
        constitutions: value
            .constitutions
            .iter()
            .map(constitution)
            .collect::<Result<_, _>>()?,
    })
}

pub fn encode_person(value: &PersonState) -> Vec<u8> {
    encode_value(&PPersonState {
        name: value.name.to_string(),
    })
}

pub fn decode_person(bytes: &[u8]) -> Result<PersonState, DecodeError> {
    let value: PPersonState = decode_value(bytes, "a person")?;
    Ok(PersonState {
        name: name(&value.name, "person name")?,
    })
}

pub fn encode_member(value: &MemberState) -> Vec<u8> {
    encode_value(&PMemberState {
        role: p_role(value.role),
        core: value.core,
        spells: value
            .spells
            .iter()
            .map(|s| PSpell {
                joined: PDate(s.joined),
                left: s.left.map(PDate),
            })
            .collect(),
    })
}

pub fn decode_member(bytes: &[u8]) -> Result<MemberState, DecodeError> {
    let value: PMemberState = decode_value(bytes, "a membership")?;
    bounded(&value.spells, MAX_MEMBERSHIP_SPELLS, "membership spells")?;
    Ok(MemberState {
        role: role(value.role),
        core: value.core,
        spells: value
            .spells
            .iter()
            .map(|s| Spell {
                joined: s.joined.0,
                left: s.left.map(|d| d.0),
            })
            .collect(),
    })
}

pub fn encode_commitment(value: &CommitmentState) -> Vec<u8> {
    encode_value(&PCommitmentState {
        garden: value.garden.to_string(),
        person: value.person.to_string(),
        amount: p_amount(value.amount),
        currency: value.currency.to_string(),
        cadence: p_cadence(value.cadence),
        from: PDate(value.from),
        until: value.until.map(PDate),
        made_by: value.made_by,
    })
}

pub fn decode_commitment(bytes: &[u8]) -> Result<CommitmentState, DecodeError> {
    let value: PCommitmentState = decode_value(bytes, "a commitment")?;
    Ok(CommitmentState {
        garden: id(&value.garden, "garden")?,
        person: id(&value.person, "person")?,
        amount: amount(value.amount, "amount")?,
        currency: id(&value.currency, "currency")?,
        cadence: cadence(value.cadence),
        from: value.from.0,
        until: value.until.map(|d| d.0),
        made_by: value.made_by,
    })
}

/// The commitments a member made to a garden (`State::commitments_of`): bincode of the list of
/// their ids, in the order made.
pub fn encode_commitments_of(value: &[CommitmentId]) -> Vec<u8> {
    let ids: Vec<&str> = value.iter().map(CommitmentId::as_str).collect();
    encode_value(&ids)
}

pub fn decode_commitments_of(bytes: &[u8]) -> Result<Vec<CommitmentId>, DecodeError> {
    let value: Vec<String> = decode_value(bytes, "the commitments of a member")?;
    bounded(
        &value,
        jardins_ledger::state::MAX_COMMITMENTS_OF_MEMBER,
        "commitments of a member",
    )?;
    let ids: Vec<CommitmentId> = value
        .iter()
        .map(|c| id(c, "commitment"))
        .collect::<Result<_, _>>()?;
    let distinct: std::collections::BTreeSet<&CommitmentId> = ids.iter().collect();
    if distinct.len() != ids.len() || ids.is_empty() {
        return fail("the commitments of a member name one twice, or none");
    }
    Ok(ids)
}

pub fn encode_sequence(sequence: u64) -> Vec<u8> {
    sequence.to_be_bytes().to_vec()
}

pub fn decode_sequence(bytes: &[u8]) -> Result<u64, DecodeError> {
    let array: [u8; 8] = bytes
        .try_into()
        .map_err(|_| DecodeError::new(format!("a sequence is 8 bytes, not {}", bytes.len())))?;
    Ok(u64::from_be_bytes(array))
}

// ---------------------------------------------------------------------------------------------
// Keys of the one sled tree. The first byte says what the key holds; strings end with a NUL
// byte (identifiers never hold one), numbers are big-endian so that keys sort as values do.

pub mod key {
    use super::*;

    pub const LOG: u8 = b'L';
    pub const META: u8 = b'M';
    pub const CHECKPOINT: u8 = b'V';
    pub const IDEMPOTENCY: u8 = b'K';
    pub const CURRENCY: u8 = b'C';
    pub const GARDEN: u8 = b'G';
    pub const PERSON: u8 = b'P';
    pub const MEMBER: u8 = b'N';
    pub const COMMITMENT: u8 = b'T';
    pub const REVERSED: u8 = b'R';
    pub const RUN: u8 = b'A';
    pub const JUDGED: u8 = b'J';
    /// Each member's commitments to each garden (layout 3).
    pub const COMMITMENTS_OF: u8 = b'I';
    /// The batches imports wrote: the places (running hashes of an input's lines) of each
    /// batch's first and last lines.
    pub const IMPORTED: u8 = b'B';

    /// The prefixes of the projections kept per key (runs are compared apart, block by block).
    pub const PROJECTIONS: [u8; 8] = [
        CURRENCY,
        GARDEN,
        PERSON,
        MEMBER,
        COMMITMENT,
        REVERSED,
        JUDGED,
        COMMITMENTS_OF,
    ];

    fn text(out: &mut Vec<u8>, text: &str) {
        debug_assert!(!text.as_bytes().contains(&0));
        out.extend_from_slice(text.as_bytes());
        out.push(0);
    }

    /// A date as 4 bytes that sort as dates do: the day number with its sign bit flipped.
    pub fn day(date: NaiveDate) -> [u8; 4] {
        ((days_since_epoch(date) as u32) ^ 0x8000_0000).to_be_bytes()
    }

    pub fn date_of(bytes: [u8; 4]) -> Option<NaiveDate> {
        date_from_days((u32::from_be_bytes(bytes) ^ 0x8000_0000) as i32)
    }

    pub fn flow(kind: FlowKind) -> u8 {
        match kind {
            FlowKind::ContributionFromMember => 0,
            FlowKind::ContributionFromGarden => 1,
            FlowKind::ContributionToGarden => 2,
            FlowKind::ContributionToBigGarden => 3,
            FlowKind::RoleValued => 4,
            FlowKind::Collection => 5,
            FlowKind::Expense => 6,
        }
    }

    pub fn flow_of(byte: u8) -> Option<FlowKind> {
        Some(match byte {
            0 => FlowKind::ContributionFromMember,
            1 => FlowKind::ContributionFromGarden,
            2 => FlowKind::ContributionToGarden,
            3 => FlowKind::ContributionToBigGarden,
            4 => FlowKind::RoleValued,
            5 => FlowKind::Collection,
            6 => FlowKind::Expense,
            _ => return None,
        })
    }

    /// The key of the log page that holds `sequence`: `L` and the page's first entry.
    pub fn log(sequence: u64) -> [u8; 9] {
        let mut key = [LOG; 9];
        key[1..].copy_from_slice(&super::page_first(sequence.max(1)).to_be_bytes());
        key
    }

    /// The first entry of the log page stored under `key`, if it is a page's key.
    pub fn page_of(key: &[u8]) -> Option<u64> {
        match key {
            [LOG, rest @ ..] if rest.len() == 8 => {
                let first = u64::from_be_bytes(super::array(rest, 0));
                (first >= 1 && super::page_first(first) == first).then_some(first)
            }
            _ => None,
        }
    }

    /// The key of a run: shard, then block, then month, so that the runs a batch writes come
    /// after the shard's earlier ones (sled rewrites a leaf each time it takes keys: appending
    /// keeps that to a few times per run).
    pub fn run(at: super::RunKey) -> [u8; 14] {
        let mut key = [RUN; 14];
        key[1] = at.shard;
        key[2..10].copy_from_slice(&at.block.to_be_bytes());
        key[10..14].copy_from_slice(&at.month.to_be_bytes());
        key
    }

    /// The latest judged dates of the gardens of one shard.
    pub fn judged(shard: u8) -> [u8; 2] {
        [JUDGED, shard]
    }

    /// The prefix of every run of one shard.
    pub fn runs_of(shard: u8) -> [u8; 2] {
        [RUN, shard]
    }

    /// Where the run stored under `key` is, if it is a run's key.
    pub fn run_of(key: &[u8]) -> Option<super::RunKey> {
        match key {
            [RUN, shard, rest @ ..] if rest.len() == 12 && *shard < super::SHARDS => {
                Some(super::RunKey {
                    shard: *shard,
                    block: u64::from_be_bytes(super::array(rest, 0)),
                    month: u32::from_be_bytes(super::array(rest, 8)),
                })
            }
            _ => None,
        }
    }

    pub fn meta() -> [u8; 1] {
        [META]
    }

    pub fn checkpoint() -> [u8; 1] {
        [CHECKPOINT]
    }

    /// An import's batch began at the line whose place (the first 16 bytes of the running
    /// SHA-256 of the input up to it) is `first`, and ended at the line whose place is `last`.
    pub fn imported(first: &[u8; 16], last: &[u8; 16]) -> Vec<u8> {
        let mut key = vec![IMPORTED];
        key.extend_from_slice(first);
        key.extend_from_slice(last);
        key
    }

    /// The places of an import's batch marker key: its first line's and its last line's.
    pub fn imported_of(key: &[u8]) -> Option<([u8; 16], [u8; 16])> {
        if key.len() != 33 || key[0] != IMPORTED {
            return None;
        }
        Some((super::array(key, 1), super::array(key, 17)))
    }

    pub fn idempotency(idempotency_key: &str) -> Vec<u8> {
        let mut key = vec![IDEMPOTENCY];
        key.extend_from_slice(idempotency_key.as_bytes());
        key
    }

    pub fn currency(code: &CurrencyCode) -> Vec<u8> {
        let mut key = vec![CURRENCY];
        text(&mut key, code.as_str());
        key
    }

    pub fn garden(id: &GardenId) -> Vec<u8> {
        let mut key = vec![GARDEN];
        text(&mut key, id.as_str());
        key
    }

    pub fn person(id: &PersonId) -> Vec<u8> {
        let mut key = vec![PERSON];
        text(&mut key, id.as_str());
        key
    }

    pub fn members_of(garden: &GardenId) -> Vec<u8> {
        let mut key = vec![MEMBER];
        text(&mut key, garden.as_str());
        key
    }

    pub fn member(garden: &GardenId, person: &PersonId) -> Vec<u8> {
        let mut key = members_of(garden);
        text(&mut key, person.as_str());
        key
    }

    pub fn commitment(id: &CommitmentId) -> Vec<u8> {
        let mut key = vec![COMMITMENT];
        text(&mut key, id.as_str());
        key
    }

    /// The commitments `person` made to `garden`: `I` garden NUL person NUL.
    pub fn commitments_of(garden: &GardenId, person: &PersonId) -> Vec<u8> {
        let mut key = vec![COMMITMENTS_OF];
        text(&mut key, garden.as_str());
        text(&mut key, person.as_str());
        key
    }

    pub fn reversed(entry: u64) -> [u8; 9] {
        let mut key = [REVERSED; 9];
        key[1..].copy_from_slice(&entry.to_be_bytes());
        key
    }

    /// Splits a NUL-terminated string off the front of `bytes`.
    pub fn take_text(bytes: &[u8]) -> Option<(&str, &[u8])> {
        let end = bytes.iter().position(|b| *b == 0)?;
        let text = std::str::from_utf8(&bytes[..end]).ok()?;
        Some((text, &bytes[end + 1..]))
    }

    /// A key in words, for reports of what differs.
    pub fn describe(key: &[u8]) -> String {
        let Some((&prefix, rest)) = key.split_first() else {
            return "an empty key".to_string();
        };
        let raw = || format!("the key {}", hex::encode(key));
        let described = match prefix {
            LOG if rest.len() == 8 => {
                let first = u64::from_be_bytes(super::array(rest, 0));
                Some(format!(
                    "the log page of entries {first} to {}",
                    first.saturating_add(super::PAGE_ENTRIES - 1)
                ))
            }
            JUDGED if rest.len() == 1 => Some(format!(
                "the dates of the latest judged entries of the gardens of shard {}",
                rest[0]
            )),
            RUN => run_of(key).map(|at| {
                let month = super::month_start(at.month)
                    .map(|d| d.format("%Y-%m").to_string())
                    .unwrap_or_else(|| "an impossible month".to_string());
                // A key read from a damaged ledger may hold any block: saturate, never overflow.
                let first = at
                    .block
                    .saturating_mul(super::BLOCK_ENTRIES)
                    .saturating_add(1);
                format!(
                    "the run of postings of shard {} in {month} recorded by entries {first} to {}",
                    at.shard,
                    first.saturating_add(super::BLOCK_ENTRIES - 1)
                )
            }),
            META if rest.is_empty() => Some("the ledger head".to_string()),
            CHECKPOINT if rest.is_empty() => Some("the last verified entry".to_string()),
            IDEMPOTENCY => Some(format!(
                "the idempotency key '{}'",
                String::from_utf8_lossy(rest)
            )),
            CURRENCY => take_text(rest).map(|(code, _)| format!("the currency {code}")),
            GARDEN => take_text(rest).map(|(id, _)| format!("the garden '{id}'")),
            PERSON => take_text(rest).map(|(id, _)| format!("the person '{id}'")),
            MEMBER => take_text(rest).and_then(|(garden, rest)| {
                take_text(rest).map(|(person, _)| {
                    format!("the membership of '{person}' in the garden '{garden}'")
                })
            }),
            COMMITMENT => take_text(rest).map(|(id, _)| format!("the commitment '{id}'")),
            COMMITMENTS_OF => take_text(rest).and_then(|(garden, rest)| {
                take_text(rest).map(|(person, _)| {
                    format!("the commitments of '{person}' to the garden '{garden}'")
                })
            }),
            REVERSED if rest.len() == 8 => Some(format!(
                "the reversal of entry {}",
                u64::from_be_bytes(super::array(rest, 0))
            )),
            _ => None,
        };
        described.unwrap_or_else(raw)
    }
}

// ---------------------------------------------------------------------------------------------
// Idempotency keys.

/// An idempotency key: 1 to 128 characters, none of them a control character.
pub fn valid_idempotency_key(text: &str) -> bool {
    let length = text.chars().count();
    (1..=MAX_KEY_CHARS).contains(&length) && !text.chars().any(char::is_control)
}

// ---------------------------------------------------------------------------------------------
// The JSON form.

/// RFC 3339 in UTC with exactly six decimals: `2026-03-01T10:00:00.000000Z`.
pub fn format_time(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()
}

/// A recorded time in its one written form. A leap second (`23:59:60`) is refused: no clock
/// jardins reads gives one, and its microseconds would be those of the next second, so that
/// a restore would not give back the time it read.
pub fn parse_time(text: &str) -> Option<DateTime<Utc>> {
    let at = DateTime::parse_from_rfc3339(text).ok()?.with_timezone(&Utc);
    let leap = at.timestamp_subsec_nanos() >= 1_000_000_000;
    (!leap && format_time(at) == text).then_some(at)
}

pub fn parse_hash(text: &str) -> Option<Hash> {
    if text.len() != 64 || text.bytes().any(|b| b.is_ascii_uppercase()) {
        return None;
    }
    let bytes = hex::decode(text).ok()?;
    bytes.try_into().ok()
}

/// One line of a JSON Lines export or import. A line with `sequence` and the hashes restores a
/// recorded event; a line with only `event` (and optionally `key`) is a new event.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PLine {
    #[serde(default)]
    pub sequence: Option<u64>,
    #[serde(default)]
    pub recorded_at: Option<String>,
    #[serde(default)]
    pub previous_hash: Option<String>,
    #[serde(default)]
    pub hash: Option<String>,
    #[serde(default)]
    pub event_bytes: Option<String>,
    #[serde(default)]
    pub key: Option<String>,
    pub event: PEvent,
}

/// The record line, fields in a fixed order.
#[derive(Serialize)]
pub struct PRecordLine<'a> {
    pub sequence: u64,
    pub recorded_at: String,
    pub previous_hash: String,
    pub hash: String,
    pub event_bytes: String,
    pub event: &'a PEvent,
    /// The idempotency key that recorded the entry, if one did.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<&'a str>,
}

#[derive(Serialize)]
pub struct PEventLine<'a> {
    pub event: &'a PEvent,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn day_keys_sort_as_dates_do() {
        let dates = ["-0100-01-01", "1969-12-31", "1970-01-01", "2026-03-01"];
        let keys: Vec<[u8; 4]> = dates.iter().map(|d| key::day(date(d))).collect();
        assert!(keys.windows(2).all(|w| w[0] < w[1]));
        for d in dates {
            assert_eq!(key::date_of(key::day(date(d))), Some(date(d)));
        }
    }

    #[test]
    fn accounts_by_name_sort_as_their_names_do() {
        // Given accounts of every kind, ids that are prefixes of others, and the longest id.
        let longest = "z".repeat(jardins_ledger::ids::MAX_ID_CHARS);
        let mut accounts = vec![Account::BigGarden, Account::Outside];
        for id in [
            "a",
            "ab",
            "b",
            "b0",
            "big",
            "garden",
            "m",
            "paris",
            longest.as_str(),
        ] {
            accounts.push(Account::Garden(id.parse().unwrap()));
            accounts.push(Account::Member(id.parse().unwrap()));
        }
        // When sorted by ByName, and by their names written out, then the orders are one.
        let mut by_name: Vec<ByName> = accounts.iter().cloned().map(ByName).collect();
        by_name.sort();
        let mut names: Vec<String> = accounts.iter().map(|a| a.to_string()).collect();
        names.sort();
        let sorted: Vec<String> = by_name.iter().map(|a| a.0.to_string()).collect();
        assert_eq!(sorted, names);
        for a in &by_name {
            for b in &by_name {
                assert_eq!(
                    a.cmp(b),
                    a.0.to_string().cmp(&b.0.to_string()),
                    "{a:?} {b:?}"
                );
            }
        }
    }

    #[test]
    fn decimals_have_one_spelling() {
        assert_eq!(parse_decimal("12.50").unwrap().to_string(), "12.50");
        assert_eq!(parse_decimal("-3.00").unwrap().to_string(), "-3.00");
        for bad in [
            "", "1e5", "+1", "012", "1.", ".5", "1_000", " 1", "NaN", "--1",
        ] {
            assert!(parse_decimal(bad).is_none(), "{bad:?} should be refused");
        }
    }

    #[test]
    fn given_a_record_when_one_byte_changes_then_the_hash_check_refuses_it() {
        let event = Event {
            on: date("2026-03-01"),
            kind: EventKind::CurrencyDeclared {
                currency: Currency::euro(),
            },
        };
        let bytes = encode_event(&event);
        let (record, hash) = encode_record(&GENESIS, 1, 1_772_000_000_000_000, &bytes);
        let decoded = decode_record(1, &record).unwrap();
        assert_eq!(decoded.event, event);
        assert_eq!(decoded.hash, hash);
        for at in 0..record.len() {
            let mut altered = record.clone();
            altered[at] ^= 0x01;
            assert!(decode_record(1, &altered).is_err(), "byte {at} flipped");
        }
        assert!(decode_record(2, &record).is_err());
    }

    #[test]
    fn run_bodies_are_the_bytes_of_their_entries() {
        // Given postings with every kind of counterparty, the longest identifier and none.
        let longest = "g".repeat(jardins_ledger::ids::MAX_ID_CHARS);
        let counterparties = [
            Some(Account::Garden("paris".parse().unwrap())),
            Some(Account::Member(longest.parse().unwrap())),
            Some(Account::Garden(longest.parse().unwrap())),
            Some(Account::BigGarden),
            Some(Account::Outside),
            None,
        ];
        let entries: Vec<RunEntry> = counterparties
            .iter()
            .enumerate()
            .map(|(at, counterparty)| RunEntry {
                on: date("2026-03-01"),
                sequence: 10 + at as u64,
                index: at as u32 % 2,
                kind: FlowKind::ALL[at % FlowKind::ALL.len()],
                correction: at == 3,
                amount: Decimal::new(1250 + at as i64, 2),
                counterparty: counterparty.clone(),
                toward: (at % 2 == 0).then(|| format!("c-{at}").parse().unwrap()),
            })
            .collect();
        let group = RunGroup {
            account: Account::Garden("paris".parse().unwrap()),
            currency: CurrencyCode::euro(),
            entries,
        };
        // When its body is written through borrowed texts, then it is the bytes of the owned
        // form, and they decode to the same postings.
        let body = encode_run_body(&group);
        assert_eq!(body, encode_run_body_owned(&group));
        let decoded: Vec<PRunEntry> = decode_value(&body, "a run of postings").unwrap();
        assert_eq!(decoded.len(), group.entries.len());
        for (read, written) in decoded.iter().zip(&group.entries) {
            assert_eq!(
                read.counterparty,
                written.counterparty.as_ref().map(ToString::to_string)
            );
            assert_eq!(
                read.toward,
                written.toward.as_ref().map(ToString::to_string)
            );
            assert_eq!(read.sequence, written.sequence);
        }
        assert_eq!(
            decoded[1].counterparty.as_deref(),
            Some(format!("member:{longest}").as_str())
        );
    }
}
