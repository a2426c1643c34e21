//! Every reason the ledger refuses a command. Each message says what is wrong and how to fix it.

use chrono::NaiveDate;
use thiserror::Error;

use crate::money::CurrencyCode;

#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum Refusal {
    // Malformed input.
    #[error("'{text}' is not an amount: write digits with at most one decimal separator, like 12.50 or 12,50")]
    MalformedAmount { text: String },
    #[error("the amount {amount} is not positive: a payment moves a positive amount; to undo a payment, reverse its entry")]
    AmountNotPositive { amount: String },
    #[error("the amount {amount} is above the ledger's limit of 1000000000000 (one trillion) per entry: split it or check for a typing mistake")]
    AmountTooLarge { amount: String },
    #[error("the amount {amount} has more than 8 decimal places, which no currency allows: type it with at most 8")]
    TooManyDecimalPlacesAtAll { amount: String },
    #[error("the amount {amount} has more decimal places than {currency} allows ({places}): amounts are never rounded, type it with at most {places} places")]
    TooManyDecimalPlaces {
        amount: String,
        currency: CurrencyCode,
        places: u8,
    },
    #[error("'{text}' is not a currency code: use 2 to 8 uppercase letters or digits starting with a letter, like EUR or GRAINE")]
    MalformedCurrencyCode { text: String },
    #[error("'{text}' is not a valid {what}: use 1 to 64 lowercase letters, digits and dashes, starting and ending with a letter or digit, like 'paris' or 'camille-d'{suggestion}")]
    MalformedId {
        what: &'static str,
        text: String,
        /// Empty, or `; did you mean 'helene'?` with the id to use instead (`ids::suggested_id`).
        suggestion: String,
    },
    #[error("a name cannot be empty or blank: give one")]
    EmptyName,
    #[error(
        "the text '{text}' is {length} characters long, above the limit of {max_chars}: shorten it"
    )]
    TextTooLong {
        text: String,
        length: usize,
        max_chars: usize,
    },
    #[error("the text '{text}' holds the control character {character}: remove it (names are one line; notes may hold newlines only)")]
    ControlCharacter { text: String, character: String },
    #[error("'{text}' is not a period: write a month as 2026-03 or a year as 2026")]
    MalformedPeriod { text: String },
    #[error("'{text}' is not an account: use garden:ID, member:ID, big-garden or outside")]
    MalformedAccount { text: String },

    // Currencies.
    #[error("the currency {currency} is not declared in this ledger: declare it first (jardins currency declare {currency} ...) or check its spelling")]
    UnknownCurrency { currency: CurrencyCode },
    #[error("the currency {currency} is already declared: a currency is declared once; use it as it is, or declare another code")]
    CurrencyAlreadyDeclared { currency: CurrencyCode },
    #[error("only EUR is the euro, and it has 2 decimal places: declare {currency} as a complementary currency")]
    EuroMisdeclared { currency: CurrencyCode },
    #[error("a currency has 0 to 8 decimal places, not {places}: declare it with 0 to 8")]
    DecimalPlacesOutOfRange { places: u8 },

    // Dates.
    #[error("the date {on} is after today ({today}): the ledger records what has happened; give the date it took effect")]
    DateInFuture { on: NaiveDate, today: NaiveDate },
    #[error("the date {on} is before the garden '{garden}' opened ({opened_on}): give a date on or after {opened_on}")]
    DateBeforeGardenOpened {
        garden: String,
        on: NaiveDate,
        opened_on: NaiveDate,
    },

    // Gardens and people.
    #[error("there is no garden '{garden}': open it first (jardins garden open) or check the id (jardins log shows every garden opened)")]
    UnknownGarden { garden: String },
    #[error("a garden '{garden}' already exists: choose another id")]
    GardenAlreadyExists { garden: String },
    #[error(
        "the garden '{garden}' was closed on {closed_on}: nothing more can be recorded for it; check the garden id, or open a new garden"
    )]
    GardenIsClosed {
        garden: String,
        closed_on: NaiveDate,
    },
    #[error("a garden's core needs at least two distinct people, and {distinct} were given: name at least two")]
    CoreTooSmall { distinct: usize },
    #[error(
        "a garden's core has at most {max} people, and {count} were given: name at most {max}"
    )]
    CoreTooLarge { count: usize, max: usize },
    #[error("there is no person '{person}' in this ledger: a person appears when they join a garden (jardins member join)")]
    UnknownPerson { person: String },
    #[error("'{person}' is not a member of the garden '{garden}' on {on}: record them joining first (jardins member join), or check the date")]
    NotAMember {
        person: String,
        garden: String,
        on: NaiveDate,
    },
    #[error("'{person}' is already a member of the garden '{garden}': nothing to record; check the person id and the garden id")]
    AlreadyAMember { person: String, garden: String },
    #[error("'{person}' left the garden '{garden}' on {left}: a new membership starts after that, not on {on}; give a later date")]
    RejoinBeforeLeft {
        person: String,
        garden: String,
        on: NaiveDate,
        left: NaiveDate,
    },
    #[error("'{person}' has joined '{garden}' {max} times, the limit: check that these joins are not recorded twice")]
    TooManyMemberships {
        person: String,
        garden: String,
        max: usize,
    },
    #[error("'{person}' belongs to the core of '{garden}', which needs at least two of its people as members: they may leave only while two others of the core remain; to end the garden, close it")]
    CoreMemberCannotLeave { person: String, garden: String },
    #[error("the garden '{garden}' still holds {holding}: pay it out (an expense or a contribution) before closing it")]
    GardenStillHoldsMoney { garden: String, holding: String },

    // Constitutions.
    #[error("the garden '{garden}' is at constitution version {current}: the next version must be {expected}, not {given}")]
    ConstitutionVersionOutOfOrder {
        garden: String,
        current: u32,
        expected: u32,
        given: u32,
    },
    #[error("version {version} of the constitution of '{garden}' would take effect on {on}, before version {previous} ({previous_on}): give a date on or after {previous_on}")]
    ConstitutionBeforePrevious {
        garden: String,
        version: u32,
        on: NaiveDate,
        previous: u32,
        previous_on: NaiveDate,
    },
    #[error("the constitution is not valid: {problem}")]
    ConstitutionInvalid { problem: String },
    #[error("{flow} of '{garden}' is not accepted in {currency} by constitution version {version}; it accepts: {accepted}. Use an accepted currency or adopt a new version")]
    CurrencyNotAccepted {
        garden: String,
        flow: &'static str,
        currency: CurrencyCode,
        version: u32,
        accepted: String,
    },
    #[error("{flow} of '{garden}' is a fixed amount of {expected} in constitution version {version}, not {amount}: record exactly {expected}{hint}")]
    FixedAmountDiffers {
        garden: String,
        flow: &'static str,
        amount: String,
        /// The fixed amount and its currency: `20.00 EUR`.
        expected: String,
        version: u32,
        /// How the fixed amount is recorded for this flow, after "record exactly …".
        hint: String,
    },
    #[error("{flow} of '{garden}' is {expected} in constitution version {version}, not {given}: record it with the mode the constitution sets")]
    ModeDiffers {
        garden: String,
        flow: &'static str,
        given: &'static str,
        expected: &'static str,
        version: u32,
    },
    #[error("a commitment of {amount} {currency} is below the minimum of {minimum} {currency} set by constitution version {version} of '{garden}': commit at least {minimum} {currency}")]
    CommitmentBelowMinimum {
        garden: String,
        amount: String,
        minimum: String,
        currency: CurrencyCode,
        version: u32,
    },
    #[error("the role '{role}' is not valued in {currency} by constitution version {version} of '{garden}': valued roles are {valued}; value one of those, or adopt a version that values it")]
    RoleNotValued {
        garden: String,
        role: String,
        currency: CurrencyCode,
        version: u32,
        valued: String,
    },
    #[error("a collection of {amount} {currency} is not a whole number of the fixed price {price} set by constitution version {version} of '{garden}': record a multiple of {price}")]
    CollectionNotMultipleOfPrice {
        garden: String,
        amount: String,
        price: String,
        currency: CurrencyCode,
        version: u32,
    },

    // Commitments.
    #[error("there is no commitment '{commitment}': see jardins commitments for the ids")]
    UnknownCommitment { commitment: String },
    #[error("a commitment '{commitment}' already exists: choose another id")]
    CommitmentAlreadyExists { commitment: String },
    #[error("commitment '{commitment}': {problem}")]
    CommitmentMismatch { commitment: String, problem: String },

    // Flows.
    #[error("{account} cannot {role} here: {hint}")]
    AccountNotAllowed {
        account: String,
        role: &'static str,
        hint: &'static str,
    },

    // Corrections.
    #[error("there is no entry {entry} in the log: jardins log shows the sequence numbers")]
    UnknownEntry { entry: u64 },
    #[error("entry {entry} is a {kind}, which moves no money and cannot be reversed{hint}")]
    NotAMoneyEntry {
        entry: u64,
        kind: &'static str,
        hint: &'static str,
    },
    #[error("a correction needs a reason: say why entry {entry} is reversed")]
    ReasonRequired { entry: u64 },
    #[error("entry {entry} took effect on {entry_on}: its reversal cannot take effect before ({on}); date it on or after {entry_on}")]
    ReversalBeforeEntry {
        entry: u64,
        on: NaiveDate,
        entry_on: NaiveDate,
    },
    #[error("entry {entry} was already reversed by entry {by}: an entry is reversed once; record a new entry if needed")]
    AlreadyReversed { entry: u64, by: u64 },

    // Appended: variants below came later (the order above is kept as it was).
    #[error("version {version} of the constitution of '{garden}' would take effect on {on}, but entries of '{garden}' up to {judged_until} were already judged by the constitution in force on their dates, and each keeps the version that judged it, even once reversed: adopt it on {earliest} or later")]
    ConstitutionBeforeJudgedEntries {
        garden: String,
        version: u32,
        on: NaiveDate,
        /// The effective date of the latest entry judged for the garden.
        judged_until: NaiveDate,
        /// The day after `judged_until`.
        earliest: NaiveDate,
    },
    #[error("the garden '{garden}' is overdrawn by {overdrawn}: bring it back to zero (a contribution or a collection into it, or the reversal of the entry that overdrew it) before closing it{also}")]
    GardenOverdrawn {
        garden: String,
        /// What it owes, as positive amounts with their currencies.
        overdrawn: String,
        /// Empty, or what it also holds (to pay out), as a sentence's end.
        also: String,
    },
    #[error("constitution version {version} of '{garden}' accepts no collection of the kind {kind}; the kinds it accepts: {accepted}. Record it as one of those (--kind), or adopt a version that accepts {kind}")]
    CollectionKindNotAccepted {
        garden: String,
        kind: &'static str,
        version: u32,
        /// The kinds of collection the version has rules for, or `none`.
        accepted: String,
    },
}

impl Refusal {
    /// The rule's short, stable name (the variant's name), for JSON output and tests.
    pub fn rule(&self) -> String {
        let debug = format!("{self:?}");
        debug
            .split([' ', '{', '('])
            .next()
            .unwrap_or_default()
            .to_string()
    }
}
