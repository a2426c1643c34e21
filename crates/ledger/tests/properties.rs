//! Properties of the ledger over random histories.
//!
//! A history is built from random steps: each step becomes a command (looking at the state only
//! to pick plausible values, such as the next constitution version or an amount the
//! constitution fixes), `decide` judges it, and only what it accepts is applied. On every such
//! history:
//! 1. all balances sum to zero per currency;
//! 2. every event's postings sum to zero per currency;
//! 3. applying the same events twice from scratch gives equal states;
//! 4. reversing an event restores exactly the balances it changed;
//! 5. `decide` never panics, whatever the command (see `arbitrary`);
//! 6. `Command::from_event(e)` decided on the state before `e` gives back `e`;
//! 7. `evolve` (and `decide`) on a partial state holding only what `Event::touches`
//!    (`Command::touches`) asks for gives the same result as on the full state.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Days, NaiveDate};
use common::{day, nonzero};

/// Whether the refusal is said in every language with nothing missing (message, word, value).
fn said_whole(refusal: &jardins_ledger::Refusal) -> bool {
    jardins_text::Lang::ALL.iter().all(|lang| {
        jardins_text::Text::new(*lang)
            .checked_refusal(refusal)
            .is_ok()
    })
}
use jardins_ledger::{
    decide, evolve, Account, Amount, Cadence, CollectionKind, CollectionRule, Command, CommandKind,
    CommitmentId, Constitution, CorePerson, Currency, CurrencyCode, CurrencyKind, EconomicModel,
    Event, EventKind, FlowRule, GardenId, GardenKind, Keys, MemberRole, Mode, ModeRule, Name,
    PaysFor, Period, PersonId, RoleId, RoleRule, State, Text,
};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;
use rust_decimal::Decimal;

// ---------------------------------------------------------------------------------------------
// The universe random histories draw from: few names, so that steps meet each other.
// ---------------------------------------------------------------------------------------------

const GARDENS: [&str; 3] = ["paris", "lyon", "clown"];
const PEOPLE: [&str; 5] = ["camille", "dominique", "alex", "zoe", "yann"];
/// EUR first: it is declared in every new ledger.
const CURRENCIES: [(&str, u8); 3] = [("EUR", 2), ("GRAINE", 0), ("SEL", 3)];
/// Notes, including none and one on two lines.
const NOTES: [&str; 3] = ["", "for March", "tickets\nand drinks"];
const AMOUNTS: [&str; 8] = ["1", "5", "10", "20", "2.5", "0.125", "100", "15"];
const ROLES: [&str; 2] = ["facilitation", "care"];
const COMMITMENTS: [&str; 3] = ["c1", "c2", "c3"];
const COLLECTIONS: [CollectionKind; 3] = [
    CollectionKind::Event,
    CollectionKind::Gathering,
    CollectionKind::Fundraising,
];
const CADENCES: [Cadence; 3] = [Cadence::Monthly, Cadence::Yearly, Cadence::OneOff];
/// Days of a history run from 2026-01-01 over 380 days, so a few fall after today.
const DAYS: u16 = 380;

fn today() -> NaiveDate {
    day("2026-12-31")
}

fn on_day(offset: u16) -> NaiveDate {
    day("2026-01-01") + Days::new(u64::from(offset))
}

fn garden_id(index: usize) -> GardenId {
    GARDENS[index % GARDENS.len()].parse().unwrap()
}

fn person_id(index: usize) -> PersonId {
    PEOPLE[index % PEOPLE.len()].parse().unwrap()
}

fn currency_code(index: usize) -> CurrencyCode {
    CURRENCIES[index % CURRENCIES.len()].0.parse().unwrap()
}

fn amount_of(index: usize) -> Amount {
    Amount::parse(AMOUNTS[index % AMOUNTS.len()]).unwrap()
}

fn commitment_id(index: usize) -> CommitmentId {
    COMMITMENTS[index % COMMITMENTS.len()].parse().unwrap()
}

/// An account: 0-2 a garden, 3-7 a member, 8 the big garden, 9 the outside.
fn account_of(index: usize) -> Account {
    match index % 10 {
        i @ 0..=2 => Account::Garden(garden_id(i)),
        i @ 3..=7 => Account::Member(person_id(i - 3)),
        8 => Account::BigGarden,
        _ => Account::Outside,
    }
}

/// Where a person stands in `PEOPLE`, to pick among members deterministically.
fn holder_index(person: &PersonId) -> usize {
    PEOPLE
        .iter()
        .position(|p| *p == person.as_str())
        .unwrap_or(0)
}

fn note_of(index: usize) -> Text {
    Text::new(NOTES[index % NOTES.len()]).unwrap()
}

fn mode_of(conscious: bool) -> Mode {
    if conscious {
        Mode::Conscious
    } else {
        Mode::Fixed
    }
}

fn mode_of_rule(rule: &ModeRule) -> Mode {
    match rule {
        ModeRule::Fixed { .. } => Mode::Fixed,
        ModeRule::Conscious { .. } => Mode::Conscious,
    }
}

// ---------------------------------------------------------------------------------------------
// Random steps and how each becomes a command.
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Debug)]
struct RuleSeed {
    currency: usize,
    fixed: bool,
    amount: usize,
    cadence: usize,
    /// Which role, or which kind of collection.
    tag: usize,
}

#[derive(Clone, Debug)]
struct ModelSeed {
    roles: Vec<RuleSeed>,
    big_garden: Vec<RuleSeed>,
    commitments: Vec<RuleSeed>,
    collections: Vec<RuleSeed>,
}

#[derive(Clone, Debug)]
enum Op {
    Declare {
        currency: usize,
    },
    Open {
        garden: usize,
        core: Vec<usize>,
        kind: usize,
    },
    Adopt {
        garden: usize,
        next_version: bool,
        version: u32,
        model: ModelSeed,
    },
    Join {
        garden: usize,
        person: usize,
        companion: bool,
    },
    Leave {
        garden: usize,
        person: usize,
    },
    ValueRole {
        garden: usize,
        role: usize,
        holder: usize,
        amount: usize,
        currency: usize,
        follow: bool,
    },
    Commit {
        commitment: usize,
        garden: usize,
        person: usize,
        amount: usize,
        currency: usize,
        cadence: usize,
        from: u16,
        until: Option<u16>,
        follow: bool,
    },
    EndCommitment {
        commitment: usize,
        until: u16,
        follow: bool,
    },
    Pay {
        from: usize,
        to: usize,
        amount: usize,
        currency: usize,
        conscious: bool,
        pays_for: usize,
        commitment: usize,
        follow: bool,
    },
    Collect {
        garden: usize,
        kind: usize,
        amount: usize,
        currency: usize,
        conscious: bool,
        follow: bool,
    },
    Expense {
        payer: usize,
        amount: usize,
        currency: usize,
        drain: bool,
    },
    Reverse {
        pick: usize,
        blank_reason: bool,
        follow: bool,
    },
    Close {
        garden: usize,
    },
}

#[derive(Clone, Debug)]
struct Step {
    day: u16,
    op: Op,
}

fn rule_seed() -> impl Strategy<Value = RuleSeed> {
    (0..3usize, any::<bool>(), 0..8usize, 0..3usize, 0..3usize).prop_map(
        |(currency, fixed, amount, cadence, tag)| RuleSeed {
            currency,
            fixed,
            amount,
            cadence,
            tag,
        },
    )
}

fn model_seed() -> impl Strategy<Value = ModelSeed> {
    let point = || prop::collection::vec(rule_seed(), 0..3);
    (point(), point(), point(), point()).prop_map(
        |(roles, big_garden, commitments, collections)| ModelSeed {
            roles,
            big_garden,
            commitments,
            collections,
        },
    )
}

/// Mostly a garden or a member; now and then the big garden or the outside.
fn payer() -> impl Strategy<Value = usize> {
    prop_oneof![9 => 0..8usize, 1 => 8..10usize]
}

/// Mostly a garden or the big garden; now and then a member or the outside.
fn expense_payer() -> impl Strategy<Value = usize> {
    prop_oneof![6 => 0..3usize, 2 => Just(8usize), 1 => 3..8usize, 1 => Just(9usize)]
}

/// Mostly a garden or the big garden; now and then a member or the outside.
fn receiver() -> impl Strategy<Value = usize> {
    prop_oneof![5 => 0..3usize, 4 => Just(8usize), 1 => 3..10usize]
}

fn op() -> impl Strategy<Value = Op> {
    // Mostly the gardens open from the start, and the currencies declared from the start.
    let g = || prop_oneof![4 => 0..2usize, 1 => Just(2usize)];
    let p = || 0..5usize;
    let a = || 0..8usize;
    let c = || prop_oneof![4 => 0..2usize, 1 => Just(2usize)];
    prop_oneof![
        1 => c().prop_map(|currency| Op::Declare { currency }),
        1 => (0..3usize, prop::collection::vec(p(), 0..4), 0..3usize)
            .prop_map(|(garden, core, kind)| Op::Open { garden, core, kind }),
        3 => (g(), prop::bool::weighted(0.85), 0..4u32, model_seed()).prop_map(
            |(garden, next_version, version, model)| Op::Adopt {
                garden,
                next_version,
                version,
                model,
            }
        ),
        4 => (g(), p(), any::<bool>())
            .prop_map(|(garden, person, companion)| Op::Join { garden, person, companion }),
        2 => (g(), p()).prop_map(|(garden, person)| Op::Leave { garden, person }),
        3 => (g(), 0..2usize, p(), a(), c(), prop::bool::weighted(0.7)).prop_map(
            |(garden, role, holder, amount, currency, follow)| Op::ValueRole {
                garden,
                role,
                holder,
                amount,
                currency,
                follow,
            }
        ),
        3 => (
            (0..3usize, g(), p(), a(), c(), c()),
            (0..DAYS, prop::option::of(0..DAYS), prop::bool::weighted(0.7)),
        )
            .prop_map(
                |((commitment, garden, person, amount, currency, cadence), (from, until, follow))| {
                    Op::Commit {
                        commitment,
                        garden,
                        person,
                        amount,
                        currency,
                        cadence,
                        from,
                        until,
                        follow,
                    }
                }
            ),
        2 => (0..3usize, 0..DAYS, prop::bool::weighted(0.7)).prop_map(
            |(commitment, until, follow)| Op::EndCommitment {
                commitment,
                until,
                follow
            }
        ),
        8 => (
            (payer(), receiver(), a(), c()),
            (any::<bool>(), 0..4usize, 0..3usize, prop::bool::weighted(0.7)),
        )
            .prop_map(
                |((from, to, amount, currency), (conscious, pays_for, commitment, follow))| {
                    Op::Pay {
                        from,
                        to,
                        amount,
                        currency,
                        conscious,
                        pays_for,
                        commitment,
                        follow,
                    }
                }
            ),
        4 => (g(), 0..3usize, a(), c(), any::<bool>(), prop::bool::weighted(0.7)).prop_map(
            |(garden, kind, amount, currency, conscious, follow)| Op::Collect {
                garden,
                kind,
                amount,
                currency,
                conscious,
                follow,
            }
        ),
        3 => (expense_payer(), a(), c(), prop::bool::weighted(0.3)).prop_map(
            |(payer, amount, currency, drain)| Op::Expense {
                payer,
                amount,
                currency,
                drain,
            }
        ),
        3 => (any::<usize>(), prop::bool::weighted(0.05), prop::bool::weighted(0.7))
            .prop_map(|(pick, blank_reason, follow)| Op::Reverse { pick, blank_reason, follow }),
        1 => g().prop_map(|garden| Op::Close { garden }),
    ]
}

fn steps(max: usize) -> impl Strategy<Value = Vec<Step>> {
    (
        prop::collection::vec((0..DAYS, op()), 0..max),
        any::<bool>(),
    )
        .prop_map(|(raw, in_date_order)| {
            let mut steps: Vec<Step> = raw.into_iter().map(|(day, op)| Step { day, op }).collect();
            // Half the histories are typed in date order, half in any order.
            if in_date_order {
                steps.sort_by_key(|s| s.day);
            }
            steps
        })
}

fn flow_rule(seed: &RuleSeed) -> FlowRule {
    FlowRule {
        currency: currency_code(seed.currency),
        mode: if seed.fixed {
            ModeRule::Fixed {
                amount: amount_of(seed.amount),
            }
        } else {
            ModeRule::Conscious {
                // Half the conscious rules suggest an amount.
                suggested: (seed.amount < 4).then(|| amount_of(seed.amount)),
            }
        },
        cadence: CADENCES[seed.cadence % CADENCES.len()],
    }
}

fn model(seed: &ModelSeed) -> EconomicModel {
    EconomicModel {
        roles: seed
            .roles
            .iter()
            .map(|s| RoleRule {
                role: ROLES[s.tag % ROLES.len()].parse().unwrap(),
                name: Name::new("A role").unwrap(),
                rule: flow_rule(s),
            })
            .collect(),
        big_garden: seed.big_garden.iter().map(flow_rule).collect(),
        commitments: seed.commitments.iter().map(flow_rule).collect(),
        collections: seed
            .collections
            .iter()
            .map(|s| CollectionRule {
                kind: COLLECTIONS[s.tag % COLLECTIONS.len()],
                rule: flow_rule(s),
            })
            .collect(),
    }
}

fn constitution_on<'s>(
    state: &'s State,
    garden: &GardenId,
    on: NaiveDate,
) -> Option<&'s Constitution> {
    state
        .gardens
        .get(garden)
        .and_then(|g| g.constitution_on(on))
}

/// The `index`-th member of `garden` on `on`, if it has any.
fn member_on(state: &State, garden: &GardenId, on: NaiveDate, index: usize) -> Option<PersonId> {
    let members: Vec<&PersonId> = state
        .members
        .iter()
        .filter(|((g, _), m)| g == garden && m.is_member_on(on))
        .map(|((_, p), _)| p)
        .collect();
    (!members.is_empty()).then(|| members[index % members.len()].clone())
}

/// The amount a rule asks: its fixed amount, or the seed's amount when conscious.
fn amount_for(rule: &FlowRule, seed_amount: usize) -> Amount {
    match rule.mode {
        ModeRule::Fixed { amount } => amount,
        ModeRule::Conscious { .. } => amount_of(seed_amount),
    }
}

/// Turns a step into a command. `follow` steps read the constitution in force to pick an
/// accepted currency, mode and amount, so that histories hold flows judged by constitutions.
fn command_of(step: &Step, state: &State, log: &[(u64, Event)]) -> Command {
    let on = on_day(step.day);
    let kind = match &step.op {
        Op::Declare { currency } => {
            let (code, places) = CURRENCIES[currency % CURRENCIES.len()];
            let currency = if code == "EUR" {
                Currency::euro()
            } else {
                Currency {
                    code: code.parse().unwrap(),
                    name: Name::new(code).unwrap(),
                    kind: CurrencyKind::Complementary,
                    decimal_places: places,
                }
            };
            CommandKind::DeclareCurrency { currency }
        }
        Op::Open { garden, core, kind } => {
            let label = Name::new("Somewhere").unwrap();
            CommandKind::OpenGarden {
                garden: garden_id(*garden),
                name: Name::new(GARDENS[garden % GARDENS.len()]).unwrap(),
                kind: match kind {
                    0 => GardenKind::Local { territory: label },
                    1 => GardenKind::Thematic { theme: label },
                    _ => GardenKind::Organisation {
                        organisation: label,
                    },
                },
                core: core
                    .iter()
                    .map(|p| CorePerson {
                        person: person_id(*p),
                        name: Name::new(PEOPLE[p % PEOPLE.len()]).unwrap(),
                    })
                    .collect(),
            }
        }
        Op::Adopt {
            garden,
            next_version,
            version,
            model: seed,
        } => {
            let garden = garden_id(*garden);
            let latest = state.gardens.get(&garden).map_or(0, |g| g.latest_version());
            CommandKind::AdoptConstitution {
                garden,
                constitution: Constitution {
                    version: if *next_version { latest + 1 } else { *version },
                    effective: on,
                    purpose: Text::new("To learn together").unwrap(),
                    entry_rules: Text::default(),
                    exit_rules: Text::default(),
                    model: model(seed),
                },
            }
        }
        Op::Join {
            garden,
            person,
            companion,
        } => CommandKind::JoinGarden {
            garden: garden_id(*garden),
            person: person_id(*person),
            name: Name::new(PEOPLE[person % PEOPLE.len()]).unwrap(),
            role: if *companion {
                MemberRole::Companion
            } else {
                MemberRole::Gardener
            },
        },
        Op::Leave { garden, person } => CommandKind::LeaveGarden {
            garden: garden_id(*garden),
            person: person_id(*person),
        },
        Op::ValueRole {
            garden,
            role,
            holder,
            amount,
            currency,
            follow,
        } => {
            let garden = garden_id(*garden);
            let mut role_id: RoleId = ROLES[role % ROLES.len()].parse().unwrap();
            let mut currency = currency_code(*currency);
            let mut amount_value = amount_of(*amount);
            let mut holder = person_id(*holder);
            if *follow {
                holder = member_on(state, &garden, on, holder_index(&holder)).unwrap_or(holder);
            }
            if let Some(constitution) = constitution_on(state, &garden, on).filter(|_| *follow) {
                let roles = &constitution.model.roles;
                if !roles.is_empty() {
                    let chosen = &roles[role % roles.len()];
                    role_id = chosen.role.clone();
                    currency = chosen.rule.currency.clone();
                    amount_value = amount_for(&chosen.rule, *amount);
                }
            }
            CommandKind::ValueRole {
                garden,
                role: role_id,
                holder,
                amount: amount_value,
                currency,
                period: Period::Month(jardins_ledger::Month::of(on)),
            }
        }
        Op::Commit {
            commitment,
            garden,
            person,
            amount,
            currency,
            cadence,
            from,
            until,
            follow,
        } => {
            let garden = garden_id(*garden);
            let mut currency = currency_code(*currency);
            let mut cadence = CADENCES[cadence % CADENCES.len()];
            let mut amount_value = amount_of(*amount);
            let mut from = on_day(*from);
            let mut person = person_id(*person);
            if *follow {
                person = member_on(state, &garden, on, holder_index(&person)).unwrap_or(person);
            }
            if let Some(constitution) = constitution_on(state, &garden, on).filter(|_| *follow) {
                let rules = &constitution.model.commitments;
                if !rules.is_empty() {
                    let chosen = &rules[amount % rules.len()];
                    currency = chosen.currency.clone();
                    cadence = chosen.cadence;
                    amount_value = amount_for(chosen, *amount);
                    from = on;
                }
            }
            CommandKind::MakeCommitment {
                commitment: commitment_id(*commitment),
                garden,
                person,
                amount: amount_value,
                currency,
                cadence,
                from,
                until: until.map(on_day),
            }
        }
        Op::EndCommitment {
            commitment,
            until,
            follow,
        } => {
            let id = commitment_id(*commitment);
            let mut until = on_day(*until);
            if let Some(committed) = state.commitments.get(&id).filter(|_| *follow) {
                // An end on or after the start, and before the current end if there is one.
                until = until.max(committed.from);
                if let Some(ends) = committed.until {
                    if until >= ends {
                        until = ends.pred_opt().unwrap_or(ends).max(committed.from);
                    }
                }
            }
            CommandKind::EndCommitment {
                commitment: id,
                until,
            }
        }
        Op::Pay {
            from,
            to,
            amount,
            currency,
            conscious,
            pays_for,
            commitment,
            follow,
        } => {
            let mut from = account_of(*from);
            let mut to = account_of(*to);
            let mut currency = currency_code(*currency);
            let mut amount_value = amount_of(*amount);
            let mut mode = mode_of(*conscious);
            let pays_for = match pays_for {
                0 => PaysFor::Commitment(commitment_id(*commitment)),
                1 => PaysFor::Period(Period::Month(jardins_ledger::Month::of(on))),
                3 => PaysFor::CommitmentPeriod {
                    commitment: commitment_id(*commitment),
                    period: Period::Month(jardins_ledger::Month::of(on)),
                },
                _ => PaysFor::OneOff,
            };
            if *follow {
                if let Some(id) = pays_for.commitment() {
                    if let Some(committed) = state.commitments.get(id) {
                        from = Account::Member(committed.person.clone());
                        to = Account::Garden(committed.garden.clone());
                        currency = committed.currency.clone();
                        amount_value = committed.amount;
                    }
                }
                if let (Account::Member(p), Account::Garden(g)) = (&from, &to) {
                    if let Some(member) = member_on(state, g, on, holder_index(p)) {
                        if pays_for.commitment().is_none() {
                            from = Account::Member(member);
                        }
                    }
                }
                let judging = match (&from, &to) {
                    (Account::Garden(g), Account::BigGarden) => {
                        constitution_on(state, g, on).map(|c| &c.model.big_garden)
                    }
                    (Account::Member(_), Account::Garden(g)) => {
                        constitution_on(state, g, on).map(|c| &c.model.commitments)
                    }
                    _ => None,
                };
                if let Some(rules) = judging.filter(|r| !r.is_empty()) {
                    let chosen = rules
                        .iter()
                        .find(|r| r.currency == currency)
                        .unwrap_or(&rules[amount % rules.len()]);
                    mode = mode_of_rule(&chosen.mode);
                    if pays_for.commitment().is_none() {
                        currency = chosen.currency.clone();
                        amount_value = amount_for(chosen, *amount);
                    }
                }
            }
            CommandKind::PayContribution {
                from,
                to,
                amount: amount_value,
                currency,
                mode,
                pays_for,
                note: note_of(*amount),
            }
        }
        Op::Collect {
            garden,
            kind,
            amount,
            currency,
            conscious,
            follow,
        } => {
            let garden = garden_id(*garden);
            let collection = COLLECTIONS[kind % COLLECTIONS.len()];
            let mut currency = currency_code(*currency);
            let mut amount_value = amount_of(*amount);
            let mut mode = mode_of(*conscious);
            if let Some(constitution) = constitution_on(state, &garden, on).filter(|_| *follow) {
                let rules: Vec<&FlowRule> = constitution
                    .model
                    .collections
                    .iter()
                    .filter(|r| r.kind == collection)
                    .map(|r| &r.rule)
                    .collect();
                if !rules.is_empty() {
                    let chosen = rules[amount % rules.len()];
                    currency = chosen.currency.clone();
                    mode = mode_of_rule(&chosen.mode);
                    amount_value = match chosen.mode {
                        // A whole number of tickets: 1 to 3.
                        ModeRule::Fixed { amount: price } => {
                            let tickets = Decimal::from(1 + amount % 3);
                            Amount::new(price.value() * tickets).unwrap()
                        }
                        ModeRule::Conscious { .. } => amount_of(*amount),
                    };
                }
            }
            CommandKind::RecordCollection {
                garden,
                collection,
                amount: amount_value,
                currency,
                mode,
                note: note_of(*amount + 1),
            }
        }
        Op::Expense {
            payer,
            amount,
            currency,
            drain,
        } => {
            let payer = account_of(*payer);
            let mut currency = currency_code(*currency);
            let mut amount_value = amount_of(*amount);
            if *drain {
                // Pay out everything the payer holds in one currency, so that gardens can close.
                let held = state.balances.iter().find(|((account, _), value)| {
                    *account == payer && value.is_sign_positive() && !value.is_zero()
                });
                if let Some(((_, code), value)) = held {
                    if let Ok(all) = Amount::new(*value) {
                        currency = code.clone();
                        amount_value = all;
                    }
                }
            }
            CommandKind::PayExpense {
                payer,
                amount: amount_value,
                currency,
                note: note_of(*amount + 2),
            }
        }
        Op::Reverse {
            pick,
            blank_reason,
            follow,
        } => {
            // Mostly an entry of the log (following: one that moves money); now and then one
            // that does not exist.
            let candidates: Vec<u64> = log
                .iter()
                .filter(|(_, e)| !*follow || e.moves_money())
                .map(|(sequence, _)| *sequence)
                .collect();
            let entry = candidates
                .get(pick % (candidates.len() + 1))
                .copied()
                .unwrap_or(log.len() as u64 + 7);
            CommandKind::ReverseEntry {
                entry,
                reason: Text::new(if *blank_reason { " " } else { "a mistake" }).unwrap(),
            }
        }
        Op::Close { garden } => CommandKind::CloseGarden {
            garden: garden_id(*garden),
            reason: Text::new("done").unwrap(),
        },
    };
    Command { on, kind }
}

// ---------------------------------------------------------------------------------------------
// Partial states, as the store loads them.
// ---------------------------------------------------------------------------------------------

/// Copies into `partial` the records of `full` that `keys` names.
fn load(full: &State, keys: &Keys, partial: &mut State) {
    for code in &keys.currencies {
        if let Some(found) = full.currencies.get(code) {
            partial.currencies.insert(code.clone(), found.clone());
        }
    }
    for id in &keys.gardens {
        if let Some(found) = full.gardens.get(id) {
            partial.gardens.insert(id.clone(), found.clone());
        }
    }
    for id in &keys.people {
        if let Some(found) = full.people.get(id) {
            partial.people.insert(id.clone(), found.clone());
        }
    }
    for key in &keys.members {
        if let Some(found) = full.members.get(key) {
            partial.members.insert(key.clone(), found.clone());
        }
    }
    for id in &keys.commitments {
        if let Some(found) = full.commitments.get(id) {
            partial.commitments.insert(id.clone(), found.clone());
        }
    }
    for sequence in &keys.entries {
        if let Some(found) = full.entries.get(sequence) {
            partial.entries.insert(*sequence, found.clone());
        }
    }
    for key in &keys.balances {
        if let Some(found) = full.balances.get(key) {
            partial.balances.insert(key.clone(), *found);
        }
    }
    for (key, value) in &full.balances {
        if keys.all_balances_of.contains(&key.0) {
            partial.balances.insert(key.clone(), *value);
        }
    }
    for id in &keys.judged_until {
        if let Some(found) = full.judged_until.get(id) {
            partial.judged_until.insert(id.clone(), *found);
        }
    }
    for pair in &keys.commitments_of {
        if let Some(found) = full.commitments_of.get(pair) {
            partial.commitments_of.insert(pair.clone(), found.clone());
        }
    }
}

/// The part of `full` that `touches` asks for, asking again until nothing new is asked.
fn partial_state(full: &State, touches: impl Fn(&State) -> Keys) -> State {
    let mut partial = State::default();
    for _ in 0..8 {
        let keys = touches(&partial);
        let before = partial.clone();
        load(full, &keys, &mut partial);
        if partial == before {
            return partial;
        }
    }
    panic!("touches did not reach a fixed point in 8 rounds");
}

// ---------------------------------------------------------------------------------------------
// Running a history, checking the per-event properties on the way.
// ---------------------------------------------------------------------------------------------

struct History {
    state: State,
    log: Vec<(u64, Event)>,
    refused: usize,
}

fn new_ledger() -> History {
    let mut history = History {
        state: State::default(),
        log: Vec::new(),
        refused: 0,
    };
    let euro = Command {
        on: day("2025-01-01"),
        kind: CommandKind::DeclareCurrency {
            currency: Currency::euro(),
        },
    };
    for event in decide(&history.state, &euro, today()).unwrap() {
        history.state.apply(1, &event);
        history.log.push((1, event));
    }
    history
}

/// A new ledger where GRAINE is declared and paris (camille, dominique) and lyon (alex, zoe)
/// are open from the first day; clown and SEL are left to the random steps.
fn prelude() -> Result<History, TestCaseError> {
    let mut history = new_ledger();
    let opening = [
        Step {
            day: 0,
            op: Op::Declare { currency: 1 },
        },
        Step {
            day: 0,
            op: Op::Open {
                garden: 0,
                core: vec![0, 1],
                kind: 0,
            },
        },
        Step {
            day: 0,
            op: Op::Open {
                garden: 1,
                core: vec![2, 3],
                kind: 1,
            },
        },
    ];
    for s in &opening {
        let command = command_of(s, &history.state, &history.log);
        step(&mut history, &command)?;
    }
    prop_assert_eq!(history.log.len(), 4);
    Ok(history)
}

/// Per currency, the sum of `postings`' amounts; zero sums are left out.
fn sums_per_currency<'p>(
    postings: impl IntoIterator<Item = (&'p CurrencyCode, Decimal)>,
) -> BTreeMap<CurrencyCode, Decimal> {
    let mut sums: BTreeMap<CurrencyCode, Decimal> = BTreeMap::new();
    for (currency, amount) in postings {
        *sums.entry(currency.clone()).or_default() += amount;
    }
    sums.retain(|_, sum| !sum.is_zero());
    sums
}

/// The command as `decide` records it: each person of a core once, and a constitution effective
/// on the command's date. Amounts compare by value, so `12.5` and `12.50` are equal.
fn as_recorded(command: &Command) -> Command {
    let mut recorded = command.clone();
    match &mut recorded.kind {
        CommandKind::OpenGarden { core, .. } => {
            let mut seen = BTreeSet::new();
            core.retain(|p| seen.insert(p.person.clone()));
        }
        CommandKind::AdoptConstitution { constitution, .. } => {
            constitution.effective = command.on;
        }
        _ => {}
    }
    recorded
}

/// Decides and applies one command, checking properties 2, 6 and 7 on the way.
fn step(history: &mut History, command: &Command) -> Result<(), TestCaseError> {
    let full = decide(&history.state, command, today());
    // 7. decide on the part of the state the command touches decides the same.
    let partial = partial_state(&history.state, |s| command.touches(s));
    prop_assert_eq!(
        &decide(&partial, command, today()),
        &full,
        "decide on a partial state"
    );
    let Ok(events) = full else {
        history.refused += 1;
        return Ok(());
    };
    prop_assert_eq!(events.len(), 1);
    for event in events {
        // 2. every event's postings sum to zero per currency.
        let postings = event.postings();
        prop_assert!(
            sums_per_currency(postings.iter().map(|p| (&p.currency, p.amount))).is_empty(),
            "postings of {:?} do not balance",
            event
        );
        prop_assert_eq!(
            postings.is_empty(),
            !matches!(
                event.kind,
                EventKind::RoleValued { .. }
                    | EventKind::ContributionPaid { .. }
                    | EventKind::CollectionRecorded { .. }
                    | EventKind::ExpensePaid { .. }
                    | EventKind::EntryReversed { .. }
            )
        );
        // Amounts are recorded at exactly their currency's places (equality of amounts ignores
        // the scale, the recorded bytes do not).
        let places = |code: &CurrencyCode| u32::from(history.state.currencies[code].decimal_places);
        for posting in &postings {
            prop_assert_eq!(posting.amount.scale(), places(&posting.currency));
        }
        if let EventKind::CommitmentMade {
            amount, currency, ..
        } = &event.kind
        {
            prop_assert_eq!(amount.value().scale(), places(currency));
        }
        // The event records what was asked, nothing lost or changed on the way.
        prop_assert_eq!(Command::from_event(&event), as_recorded(command));
        // 6. the command an event would be imported as gives the event back.
        let again = decide(&history.state, &Command::from_event(&event), today());
        prop_assert_eq!(
            again,
            Ok(vec![event.clone()]),
            "from_event does not round-trip"
        );
        // 7. evolve on the part of the state the event touches gives the same changes.
        let sequence = history.log.last().map_or(1, |(s, _)| s + 1);
        let partial = partial_state(&history.state, |s| event.touches(s));
        prop_assert_eq!(
            evolve(&partial, sequence, &event),
            evolve(&history.state, sequence, &event),
            "evolve on a partial state for {:?}",
            event
        );
        history.state.apply(sequence, &event);
        history.log.push((sequence, event));
    }
    Ok(())
}

fn run(steps: &[Step]) -> Result<History, TestCaseError> {
    let mut history = prelude()?;
    for s in steps {
        let command = command_of(s, &history.state, &history.log);
        step(&mut history, &command)?;
    }
    Ok(history)
}

fn replay(log: &[(u64, Event)]) -> State {
    let mut state = State::default();
    for (sequence, event) in log {
        state.apply(*sequence, event);
    }
    state
}

/// Balances summed straight from the log's postings, without `State`.
fn balances_from_log<'l>(
    log: impl IntoIterator<Item = &'l (u64, Event)>,
) -> BTreeMap<(Account, CurrencyCode), Decimal> {
    let mut balances = BTreeMap::new();
    for (_, event) in log {
        for posting in event.postings() {
            *balances
                .entry((posting.account.clone(), posting.currency.clone()))
                .or_insert(Decimal::ZERO) += posting.amount;
        }
    }
    nonzero(&balances)
}

fn check_history(history: &History) -> Result<(), TestCaseError> {
    let state = &history.state;
    // 1. all balances sum to zero per currency.
    let sums = sums_per_currency(state.balances.iter().map(|((_, c), v)| (c, *v)));
    prop_assert!(sums.is_empty(), "balances do not sum to zero: {:?}", sums);
    // The balances are exactly the log's postings summed.
    prop_assert_eq!(nonzero(&state.balances), balances_from_log(&history.log));
    // 3. applying the same events twice from scratch gives equal states, equal to the one built
    // step by step.
    let once = replay(&history.log);
    let twice = replay(&history.log);
    prop_assert_eq!(&once, &twice);
    prop_assert_eq!(&once, state);
    // 8. every event is judged by the version in force on its date, as the garden's
    // constitutions stand at the end (a later, backdated version would break it), and
    // `judged_until` is the date of each garden's latest judged entry.
    let mut judged_until = BTreeMap::new();
    for (sequence, event) in &history.log {
        let judged_by = match &event.kind {
            EventKind::ContributionPaid { judged_by, .. }
            | EventKind::CollectionRecorded { judged_by, .. }
            | EventKind::RoleValued { judged_by, .. }
            | EventKind::CommitmentMade { judged_by, .. } => *judged_by,
            _ => None,
        };
        let Some(garden) = event.judged_for() else {
            prop_assert_eq!(judged_by, None, "entry {} judged by no garden", sequence);
            continue;
        };
        let in_force = state.gardens[garden]
            .constitution_on(event.on)
            .map(|c| c.version);
        prop_assert_eq!(
            judged_by,
            in_force,
            "entry {} of {} on {}",
            sequence,
            garden,
            event.on
        );
        let until = judged_until.entry(garden.clone()).or_insert(event.on);
        *until = event.on.max(*until);
    }
    prop_assert_eq!(&judged_until, &state.judged_until);
    // 4. reversing an entry restores exactly the balances it changed.
    let reversible: Vec<u64> = state
        .entries
        .iter()
        .filter(|(_, entry)| entry.moves_money && entry.reversed_by.is_none())
        .map(|(sequence, _)| *sequence)
        .collect();
    for entry in reversible {
        let command = Command {
            on: today(),
            kind: CommandKind::ReverseEntry {
                entry,
                reason: Text::new("checking").unwrap(),
            },
        };
        let events = match decide(state, &command, today()) {
            Ok(events) => events,
            // Only a closed garden stops a well-formed reversal dated today.
            Err(refusal) => {
                prop_assert_eq!(refusal.rule(), "GardenIsClosed");
                continue;
            }
        };
        let mut reversed = state.clone();
        let by = history.log.last().map_or(1, |(s, _)| s + 1);
        for event in &events {
            reversed.apply(by, event);
        }
        // The balances are those of the log without the reversed entry,
        let without: Vec<&(u64, Event)> = history.log.iter().filter(|(s, _)| *s != entry).collect();
        prop_assert_eq!(nonzero(&reversed.balances), balances_from_log(without));
        // and only the accounts the entry moved changed, each by minus what the entry moved.
        let original = &state.entries[&entry].postings;
        let moved: BTreeSet<(Account, CurrencyCode)> = original
            .iter()
            .map(|p| (p.account.clone(), p.currency.clone()))
            .collect();
        let keys: BTreeSet<_> = state
            .balances
            .keys()
            .chain(reversed.balances.keys())
            .collect();
        for key in keys {
            let before = state.balances.get(key).copied().unwrap_or_default();
            let after = reversed.balances.get(key).copied().unwrap_or_default();
            let entry_moved: Decimal = original
                .iter()
                .filter(|p| (&p.account, &p.currency) == (&key.0, &key.1))
                .map(|p| p.amount)
                .sum();
            prop_assert_eq!(after, before - entry_moved, "balance of {:?}", key);
            if !moved.contains(key) {
                prop_assert_eq!(after, before);
            }
        }
        prop_assert_eq!(reversed.entries[&entry].reversed_by, Some(by));
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn random_histories_keep_every_invariant(steps in steps(120)) {
        let history = run(&steps)?;
        check_history(&history)?;
    }
}

/// The generator is only as good as what it reaches: over a fixed set of histories, `decide`
/// accepts every kind of event and refuses for many different rules.
#[test]
fn random_histories_reach_every_event_kind() {
    let mut runner = TestRunner::deterministic();
    let strategy = steps(120);
    let mut kinds = BTreeSet::new();
    let mut judged = BTreeSet::new();
    let mut rules = BTreeSet::new();
    let (mut accepted, mut refused) = (0, 0);
    for _ in 0..60 {
        let steps = strategy.new_tree(&mut runner).unwrap().current();
        let mut history = prelude().unwrap();
        for s in &steps {
            let command = command_of(s, &history.state, &history.log);
            if let Err(refusal) = decide(&history.state, &command, today()) {
                rules.insert(refusal.rule());
            }
            step(&mut history, &command).unwrap();
        }
        accepted += history.log.len();
        refused += history.refused;
        for (_, event) in &history.log {
            kinds.insert(event.kind.name());
            if let EventKind::ContributionPaid { judged_by, .. }
            | EventKind::CollectionRecorded { judged_by, .. }
            | EventKind::RoleValued { judged_by, .. }
            | EventKind::CommitmentMade { judged_by, .. } = &event.kind
            {
                judged.insert(judged_by.is_some());
            }
        }
    }
    // Every name the domain lists is recorded by some history, and every name recorded is
    // listed: `EventKind::NAMES` and `EventKind::name` agree.
    for kind in &kinds {
        assert!(
            EventKind::NAMES.contains(kind),
            "{kind} is not in EventKind::NAMES"
        );
    }
    let all = EventKind::NAMES;
    for kind in all {
        assert!(kinds.contains(kind), "no history recorded a {kind}");
    }
    assert_eq!(
        judged,
        BTreeSet::from([false, true]),
        "flows judged and unjudged"
    );
    assert!(
        rules.len() >= 25,
        "only {} rules refused: {rules:?}",
        rules.len()
    );
    assert!(
        accepted * 3 >= refused,
        "too few commands accepted: {accepted} accepted, {refused} refused"
    );
}

// ---------------------------------------------------------------------------------------------
// 5. decide never panics, whatever the command.
// ---------------------------------------------------------------------------------------------

mod arbitrary {
    use super::*;

    /// Any text, or one shaped like what it is meant to be. A text its parser refuses falls
    /// back to `fallback`, after checking the refusal says something.
    fn parsed<T: 'static + std::fmt::Debug + Clone>(
        shaped: &'static str,
        parse: fn(&str) -> Result<T, jardins_ledger::Refusal>,
        fallback: fn() -> T,
    ) -> impl Strategy<Value = T> {
        prop_oneof![
            3 => shaped.prop_map(String::from),
            1 => any::<String>(),
            1 => ".{0,80}",
        ]
        .prop_map(move |text| match parse(&text) {
            Ok(value) => value,
            Err(refusal) => {
                assert!(!refusal.rule().is_empty());
                assert!(super::said_whole(&refusal), "{refusal:?}");
                fallback()
            }
        })
    }

    fn garden() -> impl Strategy<Value = GardenId> {
        parsed(
            "paris|lyon|clown|[a-z0-9-]{1,6}",
            |t| t.parse(),
            || "paris".parse().unwrap(),
        )
    }

    fn person() -> impl Strategy<Value = PersonId> {
        parsed(
            "camille|alex|zoe|[a-z0-9-]{1,6}",
            |t| t.parse(),
            || "alex".parse().unwrap(),
        )
    }

    fn role() -> impl Strategy<Value = RoleId> {
        parsed(
            "facilitation|care|[a-z]{1,4}",
            |t| t.parse(),
            || "care".parse().unwrap(),
        )
    }

    fn commitment() -> impl Strategy<Value = CommitmentId> {
        parsed(
            "c1|c2|c3|[a-z0-9]{1,3}",
            |t| t.parse(),
            || "c1".parse().unwrap(),
        )
    }

    fn code() -> impl Strategy<Value = CurrencyCode> {
        parsed(
            "EUR|GRAINE|SEL|[A-Z][A-Z0-9]{0,8}",
            |t| t.parse(),
            CurrencyCode::euro,
        )
    }

    fn name() -> impl Strategy<Value = Name> {
        parsed("[a-zA-Z ]{0,12}|.{0,210}", Name::new, || {
            Name::new("N").unwrap()
        })
    }

    fn text() -> impl Strategy<Value = Text> {
        parsed("[a-z \n]{0,20}|.{0,50}", Text::new, Text::default)
    }

    fn account() -> impl Strategy<Value = Account> {
        prop_oneof![
            garden().prop_map(Account::Garden),
            person().prop_map(Account::Member),
            Just(Account::BigGarden),
            Just(Account::Outside),
            parsed(
                "garden:paris|member:alex|big-garden|outside|[a-z:-]{0,12}",
                |t| t.parse(),
                || Account::Outside
            ),
        ]
    }

    fn period() -> impl Strategy<Value = Period> {
        prop_oneof![
            parsed(
                "20[0-9]{2}(-[0-9]{2})?",
                |t| t.parse(),
                || Period::Year(2026)
            ),
            any::<i32>().prop_map(Period::Year),
        ]
    }

    pub fn date() -> impl Strategy<Value = NaiveDate> {
        prop_oneof![
            4 => (0..900u64).prop_map(|d| day("2025-06-01") + Days::new(d)),
            1 => any::<i32>().prop_map(|d| NaiveDate::from_num_days_from_ce_opt(d).unwrap_or(NaiveDate::MIN)),
            1 => Just(NaiveDate::MIN),
            1 => Just(NaiveDate::MAX),
        ]
    }

    fn amount() -> impl Strategy<Value = Amount> {
        let fallback = || Amount::parse("1").unwrap();
        prop_oneof![
            3 => "[0-9]{1,3}([.,][0-9]{1,3})?".prop_map(String::from),
            1 => "[0-9]{1,14}([.,][0-9]{0,10})?".prop_map(String::from),
            1 => any::<String>(),
        ]
        .prop_map(move |t| Amount::parse(&t).unwrap_or_else(|_| fallback()))
        .boxed()
        .prop_union(
            (
                any::<u32>(),
                any::<u32>(),
                any::<u32>(),
                any::<bool>(),
                0..=28u32,
            )
                .prop_map(move |(lo, mid, hi, negative, scale)| {
                    Amount::new(Decimal::from_parts(lo, mid, hi, negative, scale))
                        .unwrap_or_else(|_| fallback())
                })
                .boxed(),
        )
        .or(Just(Amount::new(jardins_ledger::money::MAX_AMOUNT).unwrap()).boxed())
    }

    fn flow_rule() -> impl Strategy<Value = FlowRule> {
        (
            code(),
            prop_oneof![
                amount().prop_map(|amount| ModeRule::Fixed { amount }),
                prop::option::of(amount()).prop_map(|suggested| ModeRule::Conscious { suggested }),
            ],
            prop::sample::select(CADENCES.to_vec()),
        )
            .prop_map(|(currency, mode, cadence)| FlowRule {
                currency,
                mode,
                cadence,
            })
    }

    fn model() -> impl Strategy<Value = EconomicModel> {
        let rules = || {
            prop_oneof![
                4 => prop::collection::vec(flow_rule(), 0..3),
                1 => prop::collection::vec(flow_rule(), 64..66),
            ]
        };
        (
            prop::collection::vec((role(), name(), flow_rule()), 0..3),
            rules(),
            rules(),
            prop::collection::vec(
                (prop::sample::select(COLLECTIONS.to_vec()), flow_rule()),
                0..3,
            ),
        )
            .prop_map(
                |(roles, big_garden, commitments, collections)| EconomicModel {
                    roles: roles
                        .into_iter()
                        .map(|(role, name, rule)| RoleRule { role, name, rule })
                        .collect(),
                    big_garden,
                    commitments,
                    collections: collections
                        .into_iter()
                        .map(|(kind, rule)| CollectionRule { kind, rule })
                        .collect(),
                },
            )
    }

    fn currency() -> impl Strategy<Value = Currency> {
        (
            code(),
            name(),
            any::<bool>(),
            prop_oneof![0..=9u8, any::<u8>()],
        )
            .prop_map(|(code, name, euro, decimal_places)| Currency {
                code,
                name,
                kind: if euro {
                    CurrencyKind::Euro
                } else {
                    CurrencyKind::Complementary
                },
                decimal_places,
            })
    }

    fn kind() -> impl Strategy<Value = CommandKind> {
        let mode = || prop::sample::select(vec![Mode::Fixed, Mode::Conscious]);
        let pays_for = prop_oneof![
            commitment().prop_map(PaysFor::Commitment),
            period().prop_map(PaysFor::Period),
            Just(PaysFor::OneOff),
            (commitment(), period())
                .prop_map(|(commitment, period)| PaysFor::CommitmentPeriod { commitment, period }),
        ];
        prop_oneof![
            currency().prop_map(|currency| CommandKind::DeclareCurrency { currency }),
            (
                garden(),
                name(),
                name(),
                0..3usize,
                prop_oneof![
                    4 => prop::collection::vec((person(), name()), 0..5),
                    1 => prop::collection::vec((person(), name()), 60..70),
                ]
            )
                .prop_map(|(garden, name, label, kind, core)| {
                    CommandKind::OpenGarden {
                        garden,
                        name,
                        kind: match kind {
                            0 => GardenKind::Local { territory: label },
                            1 => GardenKind::Thematic { theme: label },
                            _ => GardenKind::Organisation {
                                organisation: label,
                            },
                        },
                        core: core
                            .into_iter()
                            .map(|(person, name)| CorePerson { person, name })
                            .collect(),
                    }
                }),
            (
                garden(),
                prop_oneof![0..4u32, any::<u32>()],
                date(),
                text(),
                text(),
                model()
            )
                .prop_map(|(garden, version, effective, purpose, rules, model)| {
                    CommandKind::AdoptConstitution {
                        garden,
                        constitution: Constitution {
                            version,
                            effective,
                            purpose,
                            entry_rules: rules.clone(),
                            exit_rules: rules,
                            model,
                        },
                    }
                }),
            (garden(), person(), name(), any::<bool>()).prop_map(
                |(garden, person, name, companion)| CommandKind::JoinGarden {
                    garden,
                    person,
                    name,
                    role: if companion {
                        MemberRole::Companion
                    } else {
                        MemberRole::Gardener
                    },
                }
            ),
            (garden(), person())
                .prop_map(|(garden, person)| CommandKind::LeaveGarden { garden, person }),
            (garden(), role(), person(), amount(), code(), period()).prop_map(
                |(garden, role, holder, amount, currency, period)| CommandKind::ValueRole {
                    garden,
                    role,
                    holder,
                    amount,
                    currency,
                    period,
                }
            ),
            (
                (commitment(), garden(), person(), amount(), code()),
                (
                    prop::sample::select(CADENCES.to_vec()),
                    date(),
                    prop::option::of(date())
                )
            )
                .prop_map(
                    |((commitment, garden, person, amount, currency), (cadence, from, until))| {
                        CommandKind::MakeCommitment {
                            commitment,
                            garden,
                            person,
                            amount,
                            currency,
                            cadence,
                            from,
                            until,
                        }
                    }
                ),
            (commitment(), date())
                .prop_map(|(commitment, until)| CommandKind::EndCommitment { commitment, until }),
            (
                account(),
                account(),
                amount(),
                code(),
                mode(),
                pays_for,
                text()
            )
                .prop_map(|(from, to, amount, currency, mode, pays_for, note)| {
                    CommandKind::PayContribution {
                        from,
                        to,
                        amount,
                        currency,
                        mode,
                        pays_for,
                        note,
                    }
                }),
            (
                garden(),
                prop::sample::select(COLLECTIONS.to_vec()),
                amount(),
                code(),
                mode(),
                text()
            )
                .prop_map(|(garden, collection, amount, currency, mode, note)| {
                    CommandKind::RecordCollection {
                        garden,
                        collection,
                        amount,
                        currency,
                        mode,
                        note,
                    }
                }),
            (account(), amount(), code(), text()).prop_map(|(payer, amount, currency, note)| {
                CommandKind::PayExpense {
                    payer,
                    amount,
                    currency,
                    note,
                }
            }),
            (prop_oneof![0..40u64, any::<u64>()], text())
                .prop_map(|(entry, reason)| CommandKind::ReverseEntry { entry, reason }),
            (garden(), text())
                .prop_map(|(garden, reason)| CommandKind::CloseGarden { garden, reason }),
        ]
    }

    pub fn command() -> impl Strategy<Value = Command> {
        (date(), kind()).prop_map(|(on, kind)| Command { on, kind })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

        /// Given a random history, when arbitrary commands are decided (and applied when
        /// accepted), then nothing panics, every refusal has a rule and a sentence in each language, and whatever
        /// is accepted keeps the balances summing to zero.
        #[test]
        fn decide_never_panics(
            steps in steps(40),
            commands in prop::collection::vec(command(), 1..24),
            today in prop_oneof![3 => Just(super::today()), 1 => date()],
        ) {
            let mut history = run(&steps)?;
            for command in &commands {
                match decide(&history.state, command, today) {
                    Err(refusal) => {
                        prop_assert!(!refusal.rule().is_empty());
                        prop_assert!(super::said_whole(&refusal), "{refusal:?}");
                    }
                    Ok(events) => {
                        let partial = partial_state(&history.state, |s| command.touches(s));
                        prop_assert_eq!(
                            decide(&partial, command, today),
                            Ok(events.clone()),
                            "decide on a partial state"
                        );
                        for event in events {
                            prop_assert_eq!(Command::from_event(&event), as_recorded(command));
                            prop_assert_eq!(
                                decide(&history.state, &Command::from_event(&event), today),
                                Ok(vec![event.clone()]),
                                "from_event does not round-trip"
                            );
                            let sequence = history.log.last().map_or(1, |(s, _)| s + 1);
                            history.state.apply(sequence, &event);
                            history.log.push((sequence, event));
                        }
                    }
                }
            }
            let sums = sums_per_currency(history.state.balances.iter().map(|((_, c), v)| (c, *v)));
            prop_assert!(sums.is_empty(), "balances do not sum to zero: {:?}", sums);
        }

        /// The parsers take any text without panicking.
        #[test]
        fn parsers_never_panic(text in any::<String>()) {
            let _ = text.parse::<GardenId>();
            let _ = text.parse::<PersonId>();
            let _ = text.parse::<CurrencyCode>();
            let _ = text.parse::<Account>();
            let _ = text.parse::<Period>();
            let _ = text.parse::<jardins_ledger::Month>();
            let _ = Name::new(&text);
            let _ = Text::new(&text);
            if let Ok(amount) = Amount::parse(&text) {
                prop_assert!(amount.value() > Decimal::ZERO);
                prop_assert!(amount.value() <= jardins_ledger::money::MAX_AMOUNT);
            }
        }
    }
}
