//! Every reason the ledger refuses a command, as data: the rule (the variant's name, stable) and
//! the values it names. The ledger holds no sentence: `jardins-text` says each rule in French or
//! English, with these values, and each of its messages says what is wrong and how to fix it.
//!
//! A new rule is a new variant (appended), one arm in `Refusal::parts`, and one catalog entry
//! per language (`refusal-RuleName`).

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::constitution::Cadence;
use crate::event::Mode;
use crate::money::CurrencyCode;

/// An amount with its currency, at the currency's decimal places (`20.00` EUR).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Money {
    pub value: Decimal,
    pub currency: CurrencyCode,
}

/// A word of a closed set, which the catalog says: its message is `{group}-{key}`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Word {
    pub group: &'static str,
    pub key: &'static str,
}

/// One value a refusal names. The catalog writes each the way its language does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    /// Written as it is: an id, a name, what a person typed.
    Text(String),
    /// A whole number (a count, a version, an entry's sequence); the catalog may choose a plural.
    Count(u64),
    Date(NaiveDate),
    /// A number of a currency, at its decimal places, without the currency.
    Decimal(Decimal),
    Money(Money),
    /// Several values, written one after the other with the language's separator.
    List(Vec<Value>),
    Word(Word),
}

/// Which payment a constitution judged, named in the refusals about it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flow {
    ValuedRole,
    MinimumCommitment,
    EventCollection,
    GatheringCollection,
    Fundraising,
    BigGardenContribution,
    CommitmentPayment,
    MemberContribution,
}

impl Flow {
    pub const ALL: [Flow; 8] = [
        Flow::ValuedRole,
        Flow::MinimumCommitment,
        Flow::EventCollection,
        Flow::GatheringCollection,
        Flow::Fundraising,
        Flow::BigGardenContribution,
        Flow::CommitmentPayment,
        Flow::MemberContribution,
    ];

    pub fn word(self) -> Word {
        let key = match self {
            Flow::ValuedRole => "valued-role",
            Flow::MinimumCommitment => "minimum-commitment",
            Flow::EventCollection => "event-collection",
            Flow::GatheringCollection => "gathering-collection",
            Flow::Fundraising => "fundraising",
            Flow::BigGardenContribution => "big-garden-contribution",
            Flow::CommitmentPayment => "commitment-payment",
            Flow::MemberContribution => "member-contribution",
        };
        Word { group: "flow", key }
    }
}

/// What an account was asked to do where it may not (`AccountNotAllowed`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AccountAct {
    PayExpense,
    PayItself,
    PayContribution,
    ReceiveContribution,
}

impl AccountAct {
    pub const ALL: [AccountAct; 4] = [
        AccountAct::PayExpense,
        AccountAct::PayItself,
        AccountAct::PayContribution,
        AccountAct::ReceiveContribution,
    ];

    pub fn word(self) -> Word {
        let key = match self {
            AccountAct::PayExpense => "pay-expense",
            AccountAct::PayItself => "pay-itself",
            AccountAct::PayContribution => "pay-contribution",
            AccountAct::ReceiveContribution => "receive-contribution",
        };
        Word { group: "act", key }
    }
}

/// How a fixed amount is recorded, said after "record exactly …" (`FixedAmountDiffers`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FixedHint {
    /// A valued role: once per period the role is held.
    RoleHeld { cadence: Cadence },
    /// A payment toward a commitment owes the committed amount.
    Commitment {
        commitment: String,
        cadence: Cadence,
    },
    /// A contribution to the big garden: another amount needs another constitution version.
    BigGarden { cadence: Cadence },
    /// A member's contribution: to give more, make a commitment.
    MemberContribution { cadence: Cadence },
}

/// Why a command does not fit the commitment it names (`CommitmentMismatch`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CommitmentProblem {
    /// A new commitment would end before it starts.
    EndsBeforeStart { from: NaiveDate },
    /// The constitution asks commitments of another cadence in this currency.
    CadenceDiffers {
        garden: String,
        version: u32,
        currency: CurrencyCode,
        asked: Cadence,
        given: Cadence,
    },
    /// An end can only be brought forward.
    AlreadyEnds { ended: NaiveDate },
    /// An end before the commitment starts.
    EndBeforeStart { from: NaiveDate },
    /// A payment toward it between other accounts than its member and garden.
    OtherAccounts { person: String, garden: String },
    /// A payment toward it in another currency.
    OtherCurrency {
        committed: CurrencyCode,
        currency: CurrencyCode,
    },
    /// A payment toward it dated before it starts.
    PaymentBeforeStart { from: NaiveDate },
    /// A payment toward it for a period in which it does not run.
    PeriodOutside {
        period: String,
        from: NaiveDate,
        until: Option<NaiveDate>,
    },
    /// A payment toward it for a period of another length than its cadence's (a year for a
    /// monthly commitment). `example` is a period of the right length, as `--period` takes it.
    PeriodOfOtherCadence {
        period: String,
        cadence: Cadence,
        example: String,
    },
}

/// The point of a constitution's model a rule belongs to, named when two rules clash.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum RulePoint {
    Role(String),
    BigGarden,
    Commitments,
    Collection(&'static str),
}

/// Why a constitution is not valid (`ConstitutionInvalid`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConstitutionProblem {
    TooManyVersions {
        max: usize,
    },
    /// `section` is the model's key as a constitution file writes it (`roles`, `big_garden`…).
    TooManyRules {
        section: &'static str,
        count: usize,
        max: usize,
    },
    TwoRulesInOneCurrency {
        point: RulePoint,
        currency: CurrencyCode,
    },
    EmptyPurpose,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    // Malformed input.
    MalformedAmount {
        text: String,
    },
    AmountNotPositive {
        amount: String,
    },
    AmountTooLarge {
        amount: String,
    },
    TooManyDecimalPlacesAtAll {
        amount: String,
    },
    TooManyDecimalPlaces {
        amount: Decimal,
        currency: CurrencyCode,
        places: u8,
    },
    MalformedCurrencyCode {
        text: String,
    },
    /// `what` is the id's kind, a key of the catalog's `id` words (`garden`, `person`…).
    MalformedId {
        what: &'static str,
        text: String,
        /// The id to use instead, when one can be made of the text (`ids::suggested_id`).
        suggestion: Option<String>,
    },
    EmptyName,
    TextTooLong {
        text: String,
        length: usize,
        max_chars: usize,
    },
    ControlCharacter {
        text: String,
        character: String,
    },
    MalformedPeriod {
        text: String,
    },
    MalformedAccount {
        text: String,
    },

    // Currencies.
    UnknownCurrency {
        currency: CurrencyCode,
    },
    CurrencyAlreadyDeclared {
        currency: CurrencyCode,
    },
    EuroMisdeclared {
        currency: CurrencyCode,
    },
    DecimalPlacesOutOfRange {
        places: u8,
    },

    // Dates.
    DateInFuture {
        on: NaiveDate,
        today: NaiveDate,
    },
    DateBeforeGardenOpened {
        garden: String,
        on: NaiveDate,
        opened_on: NaiveDate,
    },

    // Gardens and people.
    UnknownGarden {
        garden: String,
    },
    GardenAlreadyExists {
        garden: String,
    },
    GardenIsClosed {
        garden: String,
        closed_on: NaiveDate,
    },
    CoreTooSmall {
        distinct: usize,
    },
    CoreTooLarge {
        count: usize,
        max: usize,
    },
    UnknownPerson {
        person: String,
    },
    NotAMember {
        person: String,
        garden: String,
        on: NaiveDate,
    },
    AlreadyAMember {
        person: String,
        garden: String,
    },
    RejoinBeforeLeft {
        person: String,
        garden: String,
        on: NaiveDate,
        left: NaiveDate,
    },
    TooManyMemberships {
        person: String,
        garden: String,
        max: usize,
    },
    CoreMemberCannotLeave {
        person: String,
        garden: String,
    },
    GardenStillHoldsMoney {
        garden: String,
        holding: Vec<Money>,
    },

    // Constitutions.
    ConstitutionVersionOutOfOrder {
        garden: String,
        current: u32,
        expected: u32,
        given: u32,
    },
    ConstitutionBeforePrevious {
        garden: String,
        version: u32,
        on: NaiveDate,
        previous: u32,
        previous_on: NaiveDate,
    },
    ConstitutionInvalid {
        problem: ConstitutionProblem,
    },
    CurrencyNotAccepted {
        garden: String,
        flow: Flow,
        currency: CurrencyCode,
        version: u32,
        accepted: Vec<CurrencyCode>,
    },
    FixedAmountDiffers {
        garden: String,
        flow: Flow,
        amount: Decimal,
        /// The fixed amount and its currency.
        expected: Money,
        version: u32,
        hint: FixedHint,
    },
    ModeDiffers {
        garden: String,
        flow: Flow,
        given: Mode,
        expected: Mode,
        version: u32,
    },
    CommitmentBelowMinimum {
        garden: String,
        amount: Money,
        minimum: Money,
        version: u32,
    },
    RoleNotValued {
        garden: String,
        role: String,
        currency: CurrencyCode,
        version: u32,
        /// The valued roles with their currencies: `(facilitation, EUR)`.
        valued: Vec<(String, CurrencyCode)>,
    },
    CollectionNotMultipleOfPrice {
        garden: String,
        amount: Money,
        price: Decimal,
        version: u32,
    },

    // Commitments.
    UnknownCommitment {
        commitment: String,
    },
    CommitmentAlreadyExists {
        commitment: String,
    },
    CommitmentMismatch {
        commitment: String,
        problem: CommitmentProblem,
    },

    // Flows.
    AccountNotAllowed {
        account: String,
        act: AccountAct,
    },

    // Corrections.
    UnknownEntry {
        entry: u64,
    },
    /// `kind` is the entry's event kind (`GardenOpened`, `EntryReversed`…).
    NotAMoneyEntry {
        entry: u64,
        kind: &'static str,
    },
    ReasonRequired {
        entry: u64,
    },
    ReversalBeforeEntry {
        entry: u64,
        on: NaiveDate,
        entry_on: NaiveDate,
    },
    AlreadyReversed {
        entry: u64,
        by: u64,
    },

    // Appended: variants below came later (the order above is kept as it was).
    ConstitutionBeforeJudgedEntries {
        garden: String,
        version: u32,
        on: NaiveDate,
        /// The effective date of the latest entry judged for the garden.
        judged_until: NaiveDate,
        /// The day after `judged_until`.
        earliest: NaiveDate,
    },
    GardenOverdrawn {
        garden: String,
        /// What it owes, as positive amounts.
        overdrawn: Vec<Money>,
        /// What it also holds (to pay out); may be empty.
        holding: Vec<Money>,
    },
    CollectionKindNotAccepted {
        garden: String,
        kind: &'static str,
        version: u32,
        /// The kinds of collection the version has rules for (may be empty).
        accepted: Vec<&'static str>,
    },
    /// A member's payment that names no commitment, while several of theirs run in the period
    /// it pays for, and its amount is none of theirs nor the minimum.
    CommitmentAmbiguous {
        garden: String,
        person: String,
        /// The amount paid, at its currency's places (the currency is that of `accepted`).
        amount: Decimal,
        /// The commitments that run then, the one starting first first.
        commitments: Vec<String>,
        /// Their amounts and the minimum, smallest first, each once.
        accepted: Vec<Money>,
        version: u32,
    },
    TooManyCommitments {
        person: String,
        garden: String,
        max: usize,
    },
}

/// The kinds of id a `MalformedId` names (the catalog's `id` words).
pub const ID_KINDS: [&str; 4] = ["garden", "person", "role", "commitment"];

/// Every word a refusal may name, for the catalog's completeness test.
pub fn all_words() -> Vec<Word> {
    let mut words: Vec<Word> = Vec::new();
    words.extend(ID_KINDS.iter().map(|key| Word { group: "id", key }));
    words.extend(Flow::ALL.iter().map(|f| f.word()));
    words.extend(AccountAct::ALL.iter().map(|a| a.word()));
    for mode in [Mode::Fixed, Mode::Conscious] {
        words.push(mode_word(mode));
    }
    for cadence in [Cadence::Monthly, Cadence::Yearly, Cadence::OneOff] {
        for group in ["per", "held", "cadence"] {
            words.push(Word {
                group,
                key: cadence.as_str(),
            });
        }
    }
    for key in ["role", "commitment", "big-garden", "member-contribution"] {
        words.push(Word {
            group: "fixed",
            key,
        });
    }
    for key in [
        "ends-before-start",
        "cadence-differs",
        "already-ends",
        "end-before-start",
        "other-accounts",
        "other-currency",
        "payment-before-start",
        "period-outside",
        "period-of-other-cadence",
    ] {
        words.push(Word {
            group: "mismatch",
            key,
        });
    }
    for key in [
        "too-many-versions",
        "too-many-rules",
        "two-rules",
        "empty-purpose",
    ] {
        words.push(Word {
            group: "invalid",
            key,
        });
    }
    for key in ["role", "big-garden", "commitments", "collection"] {
        words.push(Word {
            group: "point",
            key,
        });
    }
    words
}

fn mode_word(mode: Mode) -> Word {
    Word {
        group: "mode",
        key: mode.as_str(),
    }
}

fn text(value: impl ToString) -> Value {
    Value::Text(value.to_string())
}

fn count(value: impl Into<u64>) -> Value {
    Value::Count(value.into())
}

fn size(value: usize) -> Value {
    // usize is at most 64 bits on every target the ledger builds for.
    Value::Count(u64::try_from(value).unwrap_or(u64::MAX))
}

fn word(group: &'static str, key: &'static str) -> Value {
    Value::Word(Word { group, key })
}

fn money_list(items: &[Money]) -> Value {
    Value::List(items.iter().cloned().map(Value::Money).collect())
}

impl Refusal {
    /// The rule's short, stable name (the variant's name), for JSON output, tests and the
    /// catalog (its message is `refusal-{rule}`).
    pub fn rule(&self) -> &'static str {
        self.parts().0
    }

    /// The values the rule names, by name: the catalog's arguments for its message.
    pub fn values(&self) -> Vec<(&'static str, Value)> {
        self.parts().1
    }

    /// The rule's name and its values, in one match so that a new rule names both.
    pub fn parts(&self) -> (&'static str, Vec<(&'static str, Value)>) {
        use Refusal as R;
        match self {
            R::MalformedAmount { text: t } => ("MalformedAmount", vec![("text", text(t))]),
            R::AmountNotPositive { amount } => {
                ("AmountNotPositive", vec![("amount", text(amount))])
            }
            R::AmountTooLarge { amount } => ("AmountTooLarge", vec![("amount", text(amount))]),
            R::TooManyDecimalPlacesAtAll { amount } => {
                ("TooManyDecimalPlacesAtAll", vec![("amount", text(amount))])
            }
            R::TooManyDecimalPlaces {
                amount,
                currency,
                places,
            } => (
                "TooManyDecimalPlaces",
                vec![
                    ("amount", Value::Decimal(*amount)),
                    ("currency", text(currency)),
                    ("places", count(*places)),
                ],
            ),
            R::MalformedCurrencyCode { text: t } => {
                ("MalformedCurrencyCode", vec![("text", text(t))])
            }
            R::MalformedId {
                what,
                text: t,
                suggestion,
            } => {
                // Gardens and people also have a name, which keeps what the id cannot hold.
                let suggested = match suggestion {
                    None => "none",
                    Some(_) if matches!(*what, "garden" | "person") => "named",
                    Some(_) => "plain",
                };
                (
                    "MalformedId",
                    vec![
                        ("what", word("id", what)),
                        ("text", text(t)),
                        ("suggestion", text(suggestion.as_deref().unwrap_or(""))),
                        ("suggested", text(suggested)),
                    ],
                )
            }
            R::EmptyName => ("EmptyName", vec![]),
            R::TextTooLong {
                text: t,
                length,
                max_chars,
            } => (
                "TextTooLong",
                vec![
                    ("text", text(t)),
                    ("length", size(*length)),
                    ("max_chars", size(*max_chars)),
                ],
            ),
            R::ControlCharacter { text: t, character } => (
                "ControlCharacter",
                vec![("text", text(t)), ("character", text(character))],
            ),
            R::MalformedPeriod { text: t } => ("MalformedPeriod", vec![("text", text(t))]),
            R::MalformedAccount { text: t } => ("MalformedAccount", vec![("text", text(t))]),
            R::UnknownCurrency { currency } => {
                ("UnknownCurrency", vec![("currency", text(currency))])
            }
            R::CurrencyAlreadyDeclared { currency } => (
                "CurrencyAlreadyDeclared",
                vec![("currency", text(currency))],
            ),
            R::EuroMisdeclared { currency } => {
                ("EuroMisdeclared", vec![("currency", text(currency))])
            }
            R::DecimalPlacesOutOfRange { places } => {
                ("DecimalPlacesOutOfRange", vec![("places", count(*places))])
            }
            R::DateInFuture { on, today } => (
                "DateInFuture",
                vec![("on", Value::Date(*on)), ("today", Value::Date(*today))],
            ),
            R::DateBeforeGardenOpened {
                garden,
                on,
                opened_on,
            } => (
                "DateBeforeGardenOpened",
                vec![
                    ("garden", text(garden)),
                    ("on", Value::Date(*on)),
                    ("opened_on", Value::Date(*opened_on)),
                ],
            ),
            R::UnknownGarden { garden } => ("UnknownGarden", vec![("garden", text(garden))]),
            R::GardenAlreadyExists { garden } => {
                ("GardenAlreadyExists", vec![("garden", text(garden))])
            }
            R::GardenIsClosed { garden, closed_on } => (
                "GardenIsClosed",
                vec![
                    ("garden", text(garden)),
                    ("closed_on", Value::Date(*closed_on)),
                ],
            ),
            R::CoreTooSmall { distinct } => ("CoreTooSmall", vec![("distinct", size(*distinct))]),
            R::CoreTooLarge { count: c, max } => (
                "CoreTooLarge",
                vec![("count", size(*c)), ("max", size(*max))],
            ),
            R::UnknownPerson { person } => ("UnknownPerson", vec![("person", text(person))]),
            R::NotAMember { person, garden, on } => (
                "NotAMember",
                vec![
                    ("person", text(person)),
                    ("garden", text(garden)),
                    ("on", Value::Date(*on)),
                ],
            ),
            R::AlreadyAMember { person, garden } => (
                "AlreadyAMember",
                vec![("person", text(person)), ("garden", text(garden))],
            ),
            R::RejoinBeforeLeft {
                person,
                garden,
                on,
                left,
            } => (
                "RejoinBeforeLeft",
                vec![
                    ("person", text(person)),
                    ("garden", text(garden)),
                    ("on", Value::Date(*on)),
                    ("left", Value::Date(*left)),
                ],
            ),
            R::TooManyMemberships {
                person,
                garden,
                max,
            } => (
                "TooManyMemberships",
                vec![
                    ("person", text(person)),
                    ("garden", text(garden)),
                    ("max", size(*max)),
                ],
            ),
            R::CoreMemberCannotLeave { person, garden } => (
                "CoreMemberCannotLeave",
                vec![("person", text(person)), ("garden", text(garden))],
            ),
            R::GardenStillHoldsMoney { garden, holding } => (
                "GardenStillHoldsMoney",
                vec![("garden", text(garden)), ("holding", money_list(holding))],
            ),
            R::ConstitutionVersionOutOfOrder {
                garden,
                current,
                expected,
                given,
            } => (
                "ConstitutionVersionOutOfOrder",
                vec![
                    ("garden", text(garden)),
                    ("current", count(*current)),
                    ("expected", count(*expected)),
                    ("given", count(*given)),
                ],
            ),
            R::ConstitutionBeforePrevious {
                garden,
                version,
                on,
                previous,
                previous_on,
            } => (
                "ConstitutionBeforePrevious",
                vec![
                    ("garden", text(garden)),
                    ("version", count(*version)),
                    ("on", Value::Date(*on)),
                    ("previous", count(*previous)),
                    ("previous_on", Value::Date(*previous_on)),
                ],
            ),
            R::ConstitutionInvalid { problem } => ("ConstitutionInvalid", problem.values()),
            R::CurrencyNotAccepted {
                garden,
                flow,
                currency,
                version,
                accepted,
            } => (
                "CurrencyNotAccepted",
                vec![
                    ("garden", text(garden)),
                    ("flow", Value::Word(flow.word())),
                    ("currency", text(currency)),
                    ("version", count(*version)),
                    ("accepted", Value::List(accepted.iter().map(text).collect())),
                    ("accepted_count", size(accepted.len())),
                ],
            ),
            R::FixedAmountDiffers {
                garden,
                flow,
                amount,
                expected,
                version,
                hint,
            } => {
                let mut values = vec![
                    ("garden", text(garden)),
                    ("flow", Value::Word(flow.word())),
                    ("amount", Value::Decimal(*amount)),
                    ("expected", Value::Money(expected.clone())),
                    ("version", count(*version)),
                ];
                values.extend(hint.values());
                ("FixedAmountDiffers", values)
            }
            R::ModeDiffers {
                garden,
                flow,
                given,
                expected,
                version,
            } => (
                "ModeDiffers",
                vec![
                    ("garden", text(garden)),
                    ("flow", Value::Word(flow.word())),
                    ("given", Value::Word(mode_word(*given))),
                    ("expected", Value::Word(mode_word(*expected))),
                    ("version", count(*version)),
                ],
            ),
            R::CommitmentBelowMinimum {
                garden,
                amount,
                minimum,
                version,
            } => (
                "CommitmentBelowMinimum",
                vec![
                    ("garden", text(garden)),
                    ("amount", Value::Money(amount.clone())),
                    ("minimum", Value::Money(minimum.clone())),
                    ("version", count(*version)),
                ],
            ),
            R::RoleNotValued {
                garden,
                role,
                currency,
                version,
                valued,
            } => (
                "RoleNotValued",
                vec![
                    ("garden", text(garden)),
                    ("role", text(role)),
                    ("currency", text(currency)),
                    ("version", count(*version)),
                    (
                        "valued",
                        Value::List(
                            valued
                                .iter()
                                .map(|(role, currency)| text(format_args!("{role} ({currency})")))
                                .collect(),
                        ),
                    ),
                    ("valued_count", size(valued.len())),
                ],
            ),
            R::CollectionKindNotAccepted {
                garden,
                kind,
                version,
                accepted,
            } => (
                "CollectionKindNotAccepted",
                vec![
                    ("garden", text(garden)),
                    ("kind", text(kind)),
                    ("version", count(*version)),
                    ("accepted", Value::List(accepted.iter().map(text).collect())),
                    ("accepted_count", size(accepted.len())),
                ],
            ),
            R::CollectionNotMultipleOfPrice {
                garden,
                amount,
                price,
                version,
            } => (
                "CollectionNotMultipleOfPrice",
                vec![
                    ("garden", text(garden)),
                    ("amount", Value::Money(amount.clone())),
                    ("price", Value::Decimal(*price)),
                    ("version", count(*version)),
                ],
            ),
            R::UnknownCommitment { commitment } => {
                ("UnknownCommitment", vec![("commitment", text(commitment))])
            }
            R::CommitmentAlreadyExists { commitment } => (
                "CommitmentAlreadyExists",
                vec![("commitment", text(commitment))],
            ),
            R::CommitmentMismatch {
                commitment,
                problem,
            } => {
                let mut values = vec![("commitment", text(commitment))];
                values.extend(problem.values());
                ("CommitmentMismatch", values)
            }
            R::AccountNotAllowed { account, act } => (
                "AccountNotAllowed",
                vec![("account", text(account)), ("act", Value::Word(act.word()))],
            ),
            R::UnknownEntry { entry } => ("UnknownEntry", vec![("entry", count(*entry))]),
            R::NotAMoneyEntry { entry, kind } => (
                "NotAMoneyEntry",
                vec![("entry", count(*entry)), ("kind", text(kind))],
            ),
            R::ReasonRequired { entry } => ("ReasonRequired", vec![("entry", count(*entry))]),
            R::ReversalBeforeEntry {
                entry,
                on,
                entry_on,
            } => (
                "ReversalBeforeEntry",
                vec![
                    ("entry", count(*entry)),
                    ("on", Value::Date(*on)),
                    ("entry_on", Value::Date(*entry_on)),
                ],
            ),
            R::AlreadyReversed { entry, by } => (
                "AlreadyReversed",
                vec![("entry", count(*entry)), ("by", count(*by))],
            ),
            R::ConstitutionBeforeJudgedEntries {
                garden,
                version,
                on,
                judged_until,
                earliest,
            } => (
                "ConstitutionBeforeJudgedEntries",
                vec![
                    ("garden", text(garden)),
                    ("version", count(*version)),
                    ("on", Value::Date(*on)),
                    ("judged_until", Value::Date(*judged_until)),
                    ("earliest", Value::Date(*earliest)),
                ],
            ),
            R::GardenOverdrawn {
                garden,
                overdrawn,
                holding,
            } => (
                "GardenOverdrawn",
                vec![
                    ("garden", text(garden)),
                    ("overdrawn", money_list(overdrawn)),
                    ("holding", money_list(holding)),
                    ("holding_count", size(holding.len())),
                ],
            ),
            R::CommitmentAmbiguous {
                garden,
                person,
                amount,
                commitments,
                accepted,
                version,
            } => (
                "CommitmentAmbiguous",
                vec![
                    ("garden", text(garden)),
                    ("person", text(person)),
                    ("amount", Value::Decimal(*amount)),
                    (
                        "commitments",
                        Value::List(commitments.iter().map(text).collect()),
                    ),
                    ("accepted", money_list(accepted)),
                    ("version", count(*version)),
                ],
            ),
            R::TooManyCommitments {
                person,
                garden,
                max,
            } => (
                "TooManyCommitments",
                vec![
                    ("person", text(person)),
                    ("garden", text(garden)),
                    ("max", size(*max)),
                ],
            ),
        }
    }
}

impl FixedHint {
    fn values(&self) -> Vec<(&'static str, Value)> {
        let per = |cadence: &Cadence| word("per", cadence.as_str());
        match self {
            FixedHint::RoleHeld { cadence } => vec![
                ("cadence", word("held", cadence.as_str())),
                ("hint", word("fixed", "role")),
            ],
            FixedHint::Commitment {
                commitment,
                cadence,
            } => vec![
                ("commitment", text(commitment)),
                ("cadence", per(cadence)),
                ("hint", word("fixed", "commitment")),
            ],
            FixedHint::BigGarden { cadence } => vec![
                ("cadence", per(cadence)),
                ("hint", word("fixed", "big-garden")),
            ],
            FixedHint::MemberContribution { cadence } => vec![
                ("cadence", per(cadence)),
                ("hint", word("fixed", "member-contribution")),
            ],
        }
    }
}

impl CommitmentProblem {
    fn values(&self) -> Vec<(&'static str, Value)> {
        let problem = |key| ("problem", word("mismatch", key));
        match self {
            CommitmentProblem::EndsBeforeStart { from } => {
                vec![("from", Value::Date(*from)), problem("ends-before-start")]
            }
            CommitmentProblem::CadenceDiffers {
                garden,
                version,
                currency,
                asked,
                given,
            } => vec![
                ("garden", text(garden)),
                ("version", count(*version)),
                ("currency", text(currency)),
                ("asked", word("cadence", asked.as_str())),
                ("given", word("cadence", given.as_str())),
                problem("cadence-differs"),
            ],
            CommitmentProblem::AlreadyEnds { ended } => {
                vec![("ended", Value::Date(*ended)), problem("already-ends")]
            }
            CommitmentProblem::EndBeforeStart { from } => {
                vec![("from", Value::Date(*from)), problem("end-before-start")]
            }
            CommitmentProblem::OtherAccounts { person, garden } => vec![
                ("person", text(person)),
                ("garden", text(garden)),
                problem("other-accounts"),
            ],
            CommitmentProblem::OtherCurrency {
                committed,
                currency,
            } => vec![
                ("committed", text(committed)),
                ("currency", text(currency)),
                problem("other-currency"),
            ],
            CommitmentProblem::PaymentBeforeStart { from } => {
                vec![
                    ("from", Value::Date(*from)),
                    problem("payment-before-start"),
                ]
            }
            CommitmentProblem::PeriodOutside {
                period,
                from,
                until,
            } => vec![
                ("period", text(period)),
                ("from", Value::Date(*from)),
                // An open-ended one names its start again, which the message does not say.
                ("until", Value::Date(until.unwrap_or(*from))),
                ("ends", text(if until.is_some() { "dated" } else { "open" })),
                problem("period-outside"),
            ],
            CommitmentProblem::PeriodOfOtherCadence {
                period,
                cadence,
                example,
            } => vec![
                ("period", text(period)),
                ("cadence", word("cadence", cadence.as_str())),
                ("example", text(example)),
                problem("period-of-other-cadence"),
            ],
        }
    }
}

impl ConstitutionProblem {
    fn values(&self) -> Vec<(&'static str, Value)> {
        let problem = |key| ("problem", word("invalid", key));
        match self {
            ConstitutionProblem::TooManyVersions { max } => {
                vec![("max", size(*max)), problem("too-many-versions")]
            }
            ConstitutionProblem::TooManyRules {
                section,
                count: c,
                max,
            } => vec![
                ("section", text(section)),
                ("count", size(*c)),
                ("max", size(*max)),
                problem("too-many-rules"),
            ],
            ConstitutionProblem::TwoRulesInOneCurrency { point, currency } => {
                let mut values = match point {
                    RulePoint::Role(role) => {
                        vec![("item", text(role)), ("point", word("point", "role"))]
                    }
                    RulePoint::BigGarden => vec![("point", word("point", "big-garden"))],
                    RulePoint::Commitments => vec![("point", word("point", "commitments"))],
                    RulePoint::Collection(kind) => {
                        vec![("item", text(kind)), ("point", word("point", "collection"))]
                    }
                };
                values.push(("currency", text(currency)));
                values.push(problem("two-rules"));
                values
            }
            ConstitutionProblem::EmptyPurpose => vec![problem("empty-purpose")],
        }
    }
}
