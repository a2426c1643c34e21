//! Helpers shared by the ledger's tests: short constructors, a ledger kept in memory (decide then
//! apply, as the store does), and the check that a refusal is the expected rule and says how
//! to fix it.

#![allow(dead_code)]

use std::collections::BTreeMap;

use chrono::NaiveDate;
use jardins_ledger::{
    decide, Account, Amount, Cadence, CollectionKind, CollectionRule, Command, CommandKind,
    CommitmentId, Constitution, CorePerson, Currency, CurrencyCode, CurrencyKind, EconomicModel,
    Event, FlowRule, GardenId, GardenKind, MemberRole, Mode, ModeRule, Name, PaysFor, PersonId,
    Refusal, RoleId, RoleRule, State, Text,
};
use rust_decimal::Decimal;

pub fn day(text: &str) -> NaiveDate {
    text.parse().expect("a test date")
}

pub fn garden(text: &str) -> GardenId {
    text.parse().expect("a test garden id")
}

pub fn person(text: &str) -> PersonId {
    text.parse().expect("a test person id")
}

pub fn role(text: &str) -> RoleId {
    text.parse().expect("a test role id")
}

pub fn commitment(text: &str) -> CommitmentId {
    text.parse().expect("a test commitment id")
}

pub fn code(text: &str) -> CurrencyCode {
    text.parse().expect("a test currency code")
}

pub fn eur() -> CurrencyCode {
    CurrencyCode::euro()
}

pub fn amount(text: &str) -> Amount {
    Amount::parse(text).expect("a test amount")
}

pub fn dec(text: &str) -> Decimal {
    text.parse().expect("a test decimal")
}

pub fn name(text: &str) -> Name {
    Name::new(text).expect("a test name")
}

pub fn text(text: &str) -> Text {
    Text::new(text).expect("a test text")
}

pub fn garden_account(id: &str) -> Account {
    Account::Garden(garden(id))
}

pub fn member_account(id: &str) -> Account {
    Account::Member(person(id))
}

pub fn core(ids: &[&str]) -> Vec<CorePerson> {
    ids.iter()
        .map(|id| CorePerson {
            person: person(id),
            name: name(&id.to_uppercase()),
        })
        .collect()
}

pub fn complementary(code_text: &str, places: u8) -> Currency {
    Currency {
        code: code(code_text),
        name: name(&format!("the {code_text}")),
        kind: CurrencyKind::Complementary,
        decimal_places: places,
    }
}

pub fn fixed(currency: CurrencyCode, amount_text: &str, cadence: Cadence) -> FlowRule {
    FlowRule {
        currency,
        mode: ModeRule::Fixed {
            amount: amount(amount_text),
        },
        cadence,
    }
}

pub fn conscious(currency: CurrencyCode, cadence: Cadence) -> FlowRule {
    FlowRule {
        currency,
        mode: ModeRule::Conscious { suggested: None },
        cadence,
    }
}

/// A constitution with an empty economic model; `effective` is overwritten by `decide`.
pub fn constitution(version: u32, model: EconomicModel) -> Constitution {
    Constitution {
        version,
        effective: day("2000-01-01"),
        purpose: text("Learn together how to govern together."),
        entry_rules: text("Come to two gatherings."),
        exit_rules: text("Say so at a gathering."),
        model,
    }
}

/// The model of the Paris garden in these tests:
/// 1. the role `facilitation` is valued 50 EUR a month (fixed);
/// 2. the big garden receives 20 EUR a month (fixed);
/// 3. gardeners commit at least 10 EUR a month (fixed minimum), or GRAINE in conscious mode;
/// 4. events are ticketed at 5 EUR (fixed), fundraising is conscious in EUR.
pub fn paris_model() -> EconomicModel {
    EconomicModel {
        roles: vec![RoleRule {
            role: role("facilitation"),
            name: name("Facilitation"),
            rule: fixed(eur(), "50", Cadence::Monthly),
        }],
        big_garden: vec![fixed(eur(), "20", Cadence::Monthly)],
        commitments: vec![
            fixed(eur(), "10", Cadence::Monthly),
            conscious(code("GRAINE"), Cadence::Monthly),
        ],
        collections: vec![
            CollectionRule {
                kind: CollectionKind::Event,
                rule: fixed(eur(), "5", Cadence::OneOff),
            },
            CollectionRule {
                kind: CollectionKind::Fundraising,
                rule: conscious(eur(), Cadence::OneOff),
            },
        ],
    }
}

/// A ledger in memory: `decide`, then `State::apply` with the next sequence number, as the
/// store does. Sequence numbers start at 1.
pub struct Ledger {
    pub state: State,
    pub log: Vec<(u64, Event)>,
    pub today: NaiveDate,
}

impl Default for Ledger {
    fn default() -> Self {
        Self::new()
    }
}

impl Ledger {
    /// A new ledger: the euro is declared, as in every new ledger. Today is 2026-12-31.
    pub fn new() -> Self {
        let mut ledger = Ledger {
            state: State::default(),
            log: Vec::new(),
            today: day("2026-12-31"),
        };
        ledger.ok(
            "2025-01-01",
            CommandKind::DeclareCurrency {
                currency: Currency::euro(),
            },
        );
        ledger
    }

    pub fn next_sequence(&self) -> u64 {
        self.log.last().map_or(1, |(sequence, _)| sequence + 1)
    }

    pub fn try_record(&mut self, on: &str, kind: CommandKind) -> Result<u64, Refusal> {
        let command = Command { on: day(on), kind };
        let events = decide(&self.state, &command, self.today)?;
        assert_eq!(events.len(), 1, "every command records one event");
        let mut last = 0;
        for event in events {
            last = self.next_sequence();
            self.state.apply(last, &event);
            self.log.push((last, event));
        }
        Ok(last)
    }

    /// Records a command that must be accepted; returns its sequence number.
    pub fn ok(&mut self, on: &str, kind: CommandKind) -> u64 {
        let shown = format!("{kind:?}");
        match self.try_record(on, kind) {
            Ok(sequence) => sequence,
            Err(refusal) => panic!("{shown} on {on} was refused: {}", say(&refusal)),
        }
    }

    /// Decides a command that must be refused, and returns the refusal. The state is untouched.
    pub fn refused(&self, on: &str, kind: CommandKind) -> Refusal {
        let before = self.state.clone();
        let command = Command { on: day(on), kind };
        let refusal = match decide(&self.state, &command, self.today) {
            Ok(events) => panic!("{command:?} was accepted: {events:?}"),
            Err(refusal) => refusal,
        };
        assert_eq!(self.state, before);
        refusal
    }

    pub fn event(&self, sequence: u64) -> &Event {
        &self
            .log
            .iter()
            .find(|(s, _)| *s == sequence)
            .expect("a recorded sequence")
            .1
    }

    pub fn balance(&self, account: &Account, currency: &CurrencyCode) -> Decimal {
        self.state.balance(account, currency)
    }

    /// Every non-zero balance, for comparing whole states of money.
    pub fn balances(&self) -> BTreeMap<(Account, CurrencyCode), Decimal> {
        nonzero(&self.state.balances)
    }

    // Shorthands for the commands most tests need.

    pub fn declare(&mut self, currency: Currency) -> u64 {
        self.ok("2025-01-01", CommandKind::DeclareCurrency { currency })
    }

    pub fn open(&mut self, on: &str, id: &str, core_ids: &[&str]) -> u64 {
        self.ok(
            on,
            CommandKind::OpenGarden {
                garden: garden(id),
                name: name(&format!("Jardin {id}")),
                kind: GardenKind::Local {
                    territory: name("Paris"),
                },
                core: core(core_ids),
            },
        )
    }

    pub fn join(&mut self, on: &str, garden_id: &str, person_id: &str) -> u64 {
        self.ok(on, join(garden_id, person_id))
    }

    pub fn adopt(&mut self, on: &str, garden_id: &str, version: u32, model: EconomicModel) -> u64 {
        self.ok(
            on,
            CommandKind::AdoptConstitution {
                garden: garden(garden_id),
                constitution: constitution(version, model),
            },
        )
    }

    /// The Paris garden used by most tests: GRAINE (0 places) declared; `paris` opened on
    /// 2026-01-01 by camille and dominique; alex joined on 2026-01-10; no constitution yet.
    pub fn paris() -> Self {
        let mut ledger = Ledger::new();
        ledger.declare(complementary("GRAINE", 0));
        ledger.open("2026-01-01", "paris", &["camille", "dominique"]);
        ledger.join("2026-01-10", "paris", "alex");
        ledger
    }

    /// `paris()` with constitution version 1 (`paris_model`) in force from 2026-02-01.
    pub fn paris_constituted() -> Self {
        let mut ledger = Ledger::paris();
        ledger.adopt("2026-02-01", "paris", 1, paris_model());
        ledger
    }
}

pub fn nonzero(
    balances: &BTreeMap<(Account, CurrencyCode), Decimal>,
) -> BTreeMap<(Account, CurrencyCode), Decimal> {
    balances
        .iter()
        .filter(|(_, value)| !value.is_zero())
        .map(|(key, value)| (key.clone(), *value))
        .collect()
}

pub fn join(garden_id: &str, person_id: &str) -> CommandKind {
    CommandKind::JoinGarden {
        garden: garden(garden_id),
        person: person(person_id),
        name: name(&person_id.to_uppercase()),
        role: MemberRole::Gardener,
    }
}

pub fn leave(garden_id: &str, person_id: &str) -> CommandKind {
    CommandKind::LeaveGarden {
        garden: garden(garden_id),
        person: person(person_id),
    }
}

pub fn pay(
    from: Account,
    to: Account,
    amount_text: &str,
    currency: CurrencyCode,
    mode: Mode,
    pays_for: PaysFor,
) -> CommandKind {
    CommandKind::PayContribution {
        from,
        to,
        amount: amount(amount_text),
        currency,
        mode,
        pays_for,
        note: Text::default(),
    }
}

/// A garden's contribution to the big garden, for one month.
pub fn pay_big_garden(garden_id: &str, amount_text: &str, currency: CurrencyCode) -> CommandKind {
    pay(
        garden_account(garden_id),
        Account::BigGarden,
        amount_text,
        currency,
        Mode::Fixed,
        PaysFor::OneOff,
    )
}

pub fn collect(
    garden_id: &str,
    collection: CollectionKind,
    amount_text: &str,
    currency: CurrencyCode,
    mode: Mode,
) -> CommandKind {
    CommandKind::RecordCollection {
        garden: garden(garden_id),
        collection,
        amount: amount(amount_text),
        currency,
        mode,
        note: Text::default(),
    }
}

pub fn expense(payer: Account, amount_text: &str, currency: CurrencyCode) -> CommandKind {
    CommandKind::PayExpense {
        payer,
        amount: amount(amount_text),
        currency,
        note: text("room rent"),
    }
}

pub fn value_role(
    garden_id: &str,
    role_id: &str,
    holder: &str,
    amount_text: &str,
    currency: CurrencyCode,
) -> CommandKind {
    CommandKind::ValueRole {
        garden: garden(garden_id),
        role: role(role_id),
        holder: person(holder),
        amount: amount(amount_text),
        currency,
        period: "2026-03".parse().expect("a test period"),
    }
}

#[allow(clippy::too_many_arguments)]
pub fn make_commitment(
    id: &str,
    garden_id: &str,
    person_id: &str,
    amount_text: &str,
    currency: CurrencyCode,
    cadence: Cadence,
    from: &str,
    until: Option<&str>,
) -> CommandKind {
    CommandKind::MakeCommitment {
        commitment: commitment(id),
        garden: garden(garden_id),
        person: person(person_id),
        amount: amount(amount_text),
        currency,
        cadence,
        from: day(from),
        until: until.map(day),
    }
}

pub fn reverse(entry: u64, reason: &str) -> CommandKind {
    CommandKind::ReverseEntry {
        entry,
        reason: text(reason),
    }
}

pub fn close(garden_id: &str) -> CommandKind {
    CommandKind::CloseGarden {
        garden: garden(garden_id),
        reason: text("the group stopped meeting"),
    }
}

/// The refusal's English sentence, as the catalog says it.
pub fn say(refusal: &Refusal) -> String {
    jardins_text::Text::new(jardins_text::Lang::En).refusal(refusal)
}

/// The part of every message of `refusal`'s rule that tells how to fix it. The match has no
/// catch-all arm: a new rule does not compile until it says here how its message fixes things.
pub fn fix_hint(refusal: &Refusal) -> &'static str {
    match refusal {
        Refusal::MalformedAmount { .. } => "like 12.50 or 12,50",
        Refusal::RejoinBeforeLeft { .. } => "give a later date",
        Refusal::AmountNotPositive { .. } => "to undo a payment, reverse its entry",
        Refusal::AmountTooLarge { .. } => "split it or check for a typing mistake",
        Refusal::TooManyDecimalPlacesAtAll { .. } => "type it with at most 8",
        Refusal::TooManyDecimalPlaces { .. } => "amounts are never rounded, type it with at most",
        Refusal::MalformedCurrencyCode { .. } => "use 2 to 8 uppercase letters or digits",
        Refusal::MalformedId { .. } => "use 1 to 64 lowercase letters, digits and dashes",
        Refusal::EmptyName => "give one",
        Refusal::TextTooLong { .. } => "shorten it",
        Refusal::ControlCharacter { .. } => "remove it",
        Refusal::MalformedPeriod { .. } => "write a month as 2026-03 or a year as 2026",
        Refusal::MalformedAccount { .. } => "use garden:ID, member:ID, big-garden or outside",
        Refusal::UnknownCurrency { .. } => "declare it first",
        Refusal::CurrencyAlreadyDeclared { .. } => "use it as it is, or declare another code",
        Refusal::EuroMisdeclared { .. } => "as a complementary currency",
        Refusal::DecimalPlacesOutOfRange { .. } => "declare it with 0 to 8",
        Refusal::DateInFuture { .. } => "give the date it took effect",
        Refusal::DateBeforeGardenOpened { .. } => "give a date on or after",
        Refusal::UnknownGarden { .. } => "open it first",
        Refusal::GardenAlreadyExists { .. } => "choose another id",
        Refusal::GardenIsClosed { .. } => "check the garden id, or open a new garden",
        Refusal::CoreTooSmall { .. } => "name at least two",
        Refusal::CoreTooLarge { .. } => "name at most",
        Refusal::UnknownPerson { .. } => "a person appears when they join a garden",
        Refusal::NotAMember { .. } => "record them joining first",
        Refusal::AlreadyAMember { .. } => "nothing to record",
        Refusal::TooManyMemberships { .. } => "check that these joins are not recorded twice",
        Refusal::CoreMemberCannotLeave { .. } => "while two others of the core remain",
        Refusal::GardenStillHoldsMoney { .. } => "pay it out",
        Refusal::ConstitutionVersionOutOfOrder { .. } => "the next version must be",
        Refusal::ConstitutionBeforePrevious { .. } => "give a date on or after",
        // The problem varies; each test names the part that says how to fix it.
        Refusal::ConstitutionInvalid { .. } => "the constitution is not valid: ",
        Refusal::CurrencyNotAccepted { .. } => "Use an accepted currency or adopt a new version",
        Refusal::FixedAmountDiffers { .. } => "record exactly",
        Refusal::ModeDiffers { .. } => "record it with the mode the constitution sets",
        Refusal::CommitmentBelowMinimum { .. } => "commit at least",
        Refusal::RoleNotValued { .. } => "value one of those, or adopt a version that values it",
        Refusal::CollectionNotMultipleOfPrice { .. } => "record a multiple of",
        Refusal::UnknownCommitment { .. } => "see jardins commitments for the ids",
        Refusal::CommitmentAlreadyExists { .. } => "choose another id",
        // The problem varies; each test names the part that says how to fix it.
        Refusal::CommitmentMismatch { .. } => "commitment '",
        Refusal::AccountNotAllowed { .. } => " here: ",
        Refusal::UnknownEntry { .. } => "jardins log shows the sequence numbers",
        Refusal::NotAMoneyEntry { .. } => "cannot be reversed",
        Refusal::ReasonRequired { .. } => "say why entry",
        Refusal::ReversalBeforeEntry { .. } => "date it on or after",
        Refusal::AlreadyReversed { .. } => "record a new entry if needed",
        Refusal::ConstitutionBeforeJudgedEntries { .. } => "or later",
        Refusal::GardenOverdrawn { .. } => "bring it back to zero",
        Refusal::CollectionKindNotAccepted { .. } => "Record it as one of those (--kind)",
        Refusal::CommitmentAmbiguous { .. } => "or add --commitment to name the one it pays toward",
        Refusal::TooManyCommitments { .. } => "end those that no longer run",
    }
}

/// Asserts that `refusal` is the rule `rule` (its variant's name), that its message holds the
/// rule's fix (`fix_hint`), and that it holds each of `mentions` (what is wrong, how to fix it).
pub fn assert_refusal(refusal: &Refusal, rule: &str, mentions: &[&str]) {
    let message = say(refusal);
    assert_eq!(refusal.rule(), rule, "refused by another rule: {message}");
    let hint = fix_hint(refusal);
    assert!(
        message.contains(hint),
        "the message of {rule} does not say how to fix it ({hint:?}): {message}"
    );
    for mention in mentions {
        assert!(
            message.contains(mention),
            "the message of {rule} does not mention {mention:?}: {message}"
        );
    }
}
