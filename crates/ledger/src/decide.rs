//! `decide`: every business rule, checked before anything is recorded.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::account::Account;
use crate::command::{Command, CommandKind};
use crate::constitution::{Constitution, FlowRule, ModeRule, MAX_RULES_PER_POINT};
use crate::event::{judging_garden, Event, EventKind, Mode, PaysFor, MAX_CORE_PEOPLE};
use crate::ids::{GardenId, PersonId};
use crate::money::{Amount, Currency, CurrencyCode, CurrencyKind, MAX_DECIMAL_PLACES};
use crate::period::Period;
use crate::refusal::{
    AccountAct, CommitmentProblem, ConstitutionProblem, FixedHint, Flow, Money, Refusal, RulePoint,
};
use crate::state::{
    counted_toward, days_paid_for, CommitmentState, GardenState, Keys, State,
    MAX_COMMITMENTS_OF_MEMBER, MAX_CONSTITUTION_VERSIONS, MAX_MEMBERSHIP_SPELLS,
};

/// Decides whether `command` may be recorded on `state`, as of `today` (the caller's clock),
/// and returns the events to record, or the rule it breaks.
pub fn decide(state: &State, command: &Command, today: NaiveDate) -> Result<Vec<Event>, Refusal> {
    let on = command.on;
    if on > today {
        return Err(Refusal::DateInFuture { on, today });
    }
    let kind = match &command.kind {
        CommandKind::DeclareCurrency { currency } => declare_currency(state, currency)?,
        CommandKind::OpenGarden {
            garden,
            name,
            kind,
            core,
        } => {
            if state.gardens.contains_key(garden) {
                return Err(Refusal::GardenAlreadyExists {
                    garden: garden.to_string(),
                });
            }
            if core.len() > MAX_CORE_PEOPLE {
                return Err(Refusal::CoreTooLarge {
                    count: core.len(),
                    max: MAX_CORE_PEOPLE,
                });
            }
            let mut seen = BTreeSet::new();
            let mut distinct = Vec::new();
            for person in core {
                if seen.insert(&person.person) {
                    distinct.push(person.clone());
                }
            }
            if distinct.len() < 2 {
                return Err(Refusal::CoreTooSmall {
                    distinct: distinct.len(),
                });
            }
            EventKind::GardenOpened {
                garden: garden.clone(),
                name: name.clone(),
                kind: kind.clone(),
                core: distinct,
            }
        }
        CommandKind::AdoptConstitution {
            garden,
            constitution,
        } => {
            let state_of_garden = open_garden(state, garden, on)?;
            let current = state_of_garden.latest_version();
            if state_of_garden.constitutions.len() >= MAX_CONSTITUTION_VERSIONS {
                return Err(Refusal::ConstitutionInvalid {
                    problem: ConstitutionProblem::TooManyVersions {
                        max: MAX_CONSTITUTION_VERSIONS,
                    },
                });
            }
            let expected = current + 1;
            if constitution.version != expected {
                return Err(Refusal::ConstitutionVersionOutOfOrder {
                    garden: garden.to_string(),
                    current,
                    expected,
                    given: constitution.version,
                });
            }
            if let Some(previous) = state_of_garden.constitutions.last() {
                if on < previous.effective {
                    return Err(Refusal::ConstitutionBeforePrevious {
                        garden: garden.to_string(),
                        version: constitution.version,
                        on,
                        previous: previous.version,
                        previous_on: previous.effective,
                    });
                }
            }
            // Every entry keeps the version that judged it (or that none did): a version
            // cannot start on or before an entry already judged, the first one included.
            if let Some(&judged_until) = state.judged_until.get(garden) {
                if on <= judged_until {
                    return Err(Refusal::ConstitutionBeforeJudgedEntries {
                        garden: garden.to_string(),
                        version: constitution.version,
                        on,
                        judged_until,
                        earliest: judged_until.succ_opt().unwrap_or(NaiveDate::MAX),
                    });
                }
            }
            let mut adopted = constitution.clone();
            // The constitution takes effect on the date the command is recorded for.
            adopted.effective = on;
            check_model(state, &adopted)?;
            EventKind::ConstitutionAdopted {
                garden: garden.clone(),
                constitution: adopted,
            }
        }
        CommandKind::JoinGarden {
            garden,
            person,
            name,
            role,
        } => {
            open_garden(state, garden, on)?;
            if let Some(member) = state.members.get(&(garden.clone(), person.clone())) {
                if member.is_current() {
                    return Err(Refusal::AlreadyAMember {
                        person: person.to_string(),
                        garden: garden.to_string(),
                    });
                }
                if member.spells.len() >= MAX_MEMBERSHIP_SPELLS {
                    return Err(Refusal::TooManyMemberships {
                        person: person.to_string(),
                        garden: garden.to_string(),
                        max: MAX_MEMBERSHIP_SPELLS,
                    });
                }
                if let Some(left) = member.spells.last().and_then(|s| s.left) {
                    if on <= left {
                        return Err(Refusal::RejoinBeforeLeft {
                            person: person.to_string(),
                            garden: garden.to_string(),
                            on,
                            left,
                        });
                    }
                }
            }
            EventKind::MemberJoined {
                garden: garden.clone(),
                person: person.clone(),
                name: name.clone(),
                role: *role,
            }
        }
        CommandKind::LeaveGarden { garden, person } => {
            let garden_state = open_garden(state, garden, on)?;
            member_on(state, garden, person, on)?;
            // The leave closes the current spell, so it cannot be dated before that spell began.
            let is_current = state
                .members
                .get(&(garden.clone(), person.clone()))
                .and_then(|m| m.spells.last())
                .is_some_and(|s| s.left.is_none() && s.joined <= on);
            if !is_current {
                return Err(Refusal::NotAMember {
                    person: person.to_string(),
                    garden: garden.to_string(),
                    on,
                });
            }
            if garden_state.core.contains(person) {
                let others_in_core = garden_state
                    .core
                    .iter()
                    .filter(|p| *p != person)
                    .filter(|p| {
                        state
                            .members
                            .get(&(garden.clone(), (*p).clone()))
                            .is_some_and(|m| m.is_current())
                    })
                    .count();
                if others_in_core < 2 {
                    return Err(Refusal::CoreMemberCannotLeave {
                        person: person.to_string(),
                        garden: garden.to_string(),
                    });
                }
            }
            EventKind::MemberLeft {
                garden: garden.clone(),
                person: person.clone(),
            }
        }
        CommandKind::ValueRole {
            garden,
            role,
            holder,
            amount,
            currency,
            period,
        } => {
            let garden_state = open_garden(state, garden, on)?;
            member_on(state, garden, holder, on)?;
            let amount = fit(state, currency, *amount)?;
            let judged_by = match garden_state.constitution_on(on) {
                None => None,
                Some(constitution) => {
                    let roles: Vec<_> = constitution
                        .model
                        .roles
                        .iter()
                        .filter(|r| r.role == *role)
                        .collect();
                    if roles.is_empty() {
                        let valued = constitution
                            .model
                            .roles
                            .iter()
                            .map(|r| (r.role.to_string(), r.rule.currency.clone()))
                            .collect();
                        return Err(Refusal::RoleNotValued {
                            garden: garden.to_string(),
                            role: role.to_string(),
                            currency: currency.clone(),
                            version: constitution.version,
                            valued,
                        });
                    }
                    let rules: Vec<FlowRule> = roles.iter().map(|r| r.rule.clone()).collect();
                    let flow = Flow::ValuedRole;
                    let rule = rule_for(garden, constitution, flow, &rules, currency)?;
                    if let ModeRule::Fixed { amount: expected } = rule.mode {
                        let hint = FixedHint::RoleHeld {
                            cadence: rule.cadence,
                        };
                        check_fixed(
                            state,
                            garden,
                            constitution,
                            flow,
                            amount,
                            expected,
                            currency,
                            hint,
                        )?;
                    }
                    Some(constitution.version)
                }
            };
            EventKind::RoleValued {
                garden: garden.clone(),
                role: role.clone(),
                holder: holder.clone(),
                amount,
                currency: currency.clone(),
                period: *period,
                judged_by,
            }
        }
        CommandKind::MakeCommitment {
            commitment,
            garden,
            person,
            amount,
            currency,
            cadence,
            from,
            until,
        } => {
            if state.commitments.contains_key(commitment) {
                return Err(Refusal::CommitmentAlreadyExists {
                    commitment: commitment.to_string(),
                });
            }
            let garden_state = open_garden(state, garden, on)?;
            member_on(state, garden, person, on)?;
            let amount = fit(state, currency, *amount)?;
            let made = state
                .commitments_of
                .get(&(garden.clone(), person.clone()))
                .map_or(0, Vec::len);
            if made >= MAX_COMMITMENTS_OF_MEMBER {
                return Err(Refusal::TooManyCommitments {
                    person: person.to_string(),
                    garden: garden.to_string(),
                    max: MAX_COMMITMENTS_OF_MEMBER,
                });
            }
            if *from < garden_state.opened_on {
                return Err(Refusal::DateBeforeGardenOpened {
                    garden: garden.to_string(),
                    on: *from,
                    opened_on: garden_state.opened_on,
                });
            }
            if until.is_some_and(|until| until < *from) {
                return Err(Refusal::CommitmentMismatch {
                    commitment: commitment.to_string(),
                    problem: CommitmentProblem::EndsBeforeStart { from: *from },
                });
            }
            let judged_by = match garden_state.constitution_on(on) {
                None => None,
                Some(constitution) => {
                    let flow = Flow::MinimumCommitment;
                    let rule = rule_for(
                        garden,
                        constitution,
                        flow,
                        &constitution.model.commitments,
                        currency,
                    )?;
                    if rule.cadence != *cadence {
                        return Err(Refusal::CommitmentMismatch {
                            commitment: commitment.to_string(),
                            problem: CommitmentProblem::CadenceDiffers {
                                garden: garden.to_string(),
                                version: constitution.version,
                                currency: currency.clone(),
                                asked: rule.cadence,
                                given: *cadence,
                            },
                        });
                    }
                    if let ModeRule::Fixed { amount: minimum } = rule.mode {
                        if amount < minimum {
                            return Err(Refusal::CommitmentBelowMinimum {
                                garden: garden.to_string(),
                                amount: money_in(state, currency, amount.value()),
                                minimum: money_in(state, currency, minimum.value()),
                                version: constitution.version,
                            });
                        }
                    }
                    Some(constitution.version)
                }
            };
            EventKind::CommitmentMade {
                commitment: commitment.clone(),
                garden: garden.clone(),
                person: person.clone(),
                amount,
                currency: currency.clone(),
                cadence: *cadence,
                from: *from,
                until: *until,
                judged_by,
            }
        }
        CommandKind::EndCommitment { commitment, until } => {
            let Some(state_of) = state.commitments.get(commitment) else {
                return Err(Refusal::UnknownCommitment {
                    commitment: commitment.to_string(),
                });
            };
            if let Some(ended) = state_of.until {
                if ended <= *until {
                    return Err(Refusal::CommitmentMismatch {
                        commitment: commitment.to_string(),
                        problem: CommitmentProblem::AlreadyEnds { ended },
                    });
                }
            }
            if *until < state_of.from {
                return Err(Refusal::CommitmentMismatch {
                    commitment: commitment.to_string(),
                    problem: CommitmentProblem::EndBeforeStart {
                        from: state_of.from,
                    },
                });
            }
            EventKind::CommitmentEnded {
                commitment: commitment.clone(),
                until: *until,
            }
        }
        CommandKind::PayContribution {
            from,
            to,
            amount,
            currency,
            mode,
            pays_for,
            note,
        } => {
            let amount = fit(state, currency, *amount)?;
            let judged_by =
                judge_contribution(state, on, from, to, amount, currency, *mode, pays_for)?;
            EventKind::ContributionPaid {
                from: from.clone(),
                to: to.clone(),
                amount,
                currency: currency.clone(),
                mode: *mode,
                pays_for: pays_for.clone(),
                judged_by,
                note: note.clone(),
            }
        }
        CommandKind::RecordCollection {
            garden,
            collection,
            amount,
            currency,
            mode,
            note,
        } => {
            let garden_state = open_garden(state, garden, on)?;
            let amount = fit(state, currency, *amount)?;
            let judged_by = match garden_state.constitution_on(on) {
                None => None,
                Some(constitution) => {
                    let flow = match collection {
                        crate::CollectionKind::Event => Flow::EventCollection,
                        crate::CollectionKind::Gathering => Flow::GatheringCollection,
                        crate::CollectionKind::Fundraising => Flow::Fundraising,
                    };
                    let rules: Vec<FlowRule> = constitution
                        .model
                        .collections
                        .iter()
                        .filter(|r| r.kind == *collection)
                        .map(|r| r.rule.clone())
                        .collect();
                    if rules.is_empty() {
                        // No rule of this kind at all: the kind is what is refused, not the
                        // currency.
                        let mut accepted: Vec<&'static str> = constitution
                            .model
                            .collections
                            .iter()
                            .map(|r| r.kind.as_str())
                            .collect();
                        accepted.dedup();
                        return Err(Refusal::CollectionKindNotAccepted {
                            garden: garden.to_string(),
                            kind: collection.as_str(),
                            version: constitution.version,
                            accepted,
                        });
                    }
                    let rule = rule_for(garden, constitution, flow, &rules, currency)?;
                    check_mode(garden, constitution, flow, *mode, rule)?;
                    if let ModeRule::Fixed { amount: price } = rule.mode {
                        let remainder = amount.value().checked_rem(price.value());
                        if remainder.is_none_or(|r| !r.is_zero()) {
                            return Err(Refusal::CollectionNotMultipleOfPrice {
                                garden: garden.to_string(),
                                amount: money_in(state, currency, amount.value()),
                                price: format_in(state, currency, price.value()),
                                version: constitution.version,
                            });
                        }
                    }
                    Some(constitution.version)
                }
            };
            EventKind::CollectionRecorded {
                garden: garden.clone(),
                collection: *collection,
                amount,
                currency: currency.clone(),
                mode: *mode,
                judged_by,
                note: note.clone(),
            }
        }
        CommandKind::PayExpense {
            payer,
            amount,
            currency,
            note,
        } => {
            match payer {
                Account::Garden(garden) => {
                    open_garden(state, garden, on)?;
                }
                Account::BigGarden => {}
                other => {
                    return Err(Refusal::AccountNotAllowed {
                        account: other.to_string(),
                        act: AccountAct::PayExpense,
                    })
                }
            }
            let amount = fit(state, currency, *amount)?;
            EventKind::ExpensePaid {
                payer: payer.clone(),
                amount,
                currency: currency.clone(),
                note: note.clone(),
            }
        }
        CommandKind::ReverseEntry { entry, reason } => {
            let state_of = state
                .entries
                .get(entry)
                .ok_or(Refusal::UnknownEntry { entry: *entry })?;
            if !state_of.moves_money {
                return Err(Refusal::NotAMoneyEntry {
                    entry: *entry,
                    kind: state_of.kind,
                });
            }
            if let Some(by) = state_of.reversed_by {
                return Err(Refusal::AlreadyReversed { entry: *entry, by });
            }
            if reason.as_str().trim().is_empty() {
                return Err(Refusal::ReasonRequired { entry: *entry });
            }
            if on < state_of.on {
                return Err(Refusal::ReversalBeforeEntry {
                    entry: *entry,
                    on,
                    entry_on: state_of.on,
                });
            }
            for garden in state_of.gardens() {
                open_garden(state, garden, on)?;
            }
            let postings = state_of
                .postings
                .iter()
                .map(|p| {
                    let mut undone = p.clone();
                    undone.amount = -p.amount;
                    undone
                })
                .collect();
            EventKind::EntryReversed {
                entry: *entry,
                reason: reason.clone(),
                postings,
            }
        }
        CommandKind::CloseGarden { garden, reason } => {
            open_garden(state, garden, on)?;
            let account = Account::Garden(garden.clone());
            let of_garden = |wanted: fn(&Decimal) -> bool| -> Vec<Money> {
                state
                    .balances
                    .iter()
                    .filter(|((a, _), balance)| *a == account && wanted(balance))
                    .map(|((_, currency), balance)| money_in(state, currency, balance.abs()))
                    .collect()
            };
            let holding = of_garden(|b| b.is_sign_positive() && !b.is_zero());
            let overdrawn = of_garden(|b| b.is_sign_negative() && !b.is_zero());
            if !overdrawn.is_empty() {
                return Err(Refusal::GardenOverdrawn {
                    garden: garden.to_string(),
                    overdrawn,
                    holding,
                });
            }
            if !holding.is_empty() {
                return Err(Refusal::GardenStillHoldsMoney {
                    garden: garden.to_string(),
                    holding,
                });
            }
            EventKind::GardenClosed {
                garden: garden.clone(),
                reason: reason.clone(),
            }
        }
    };
    let event = Event { on, kind };
    // Paired assertion with the store, which checks it again right before writing.
    debug_assert!(crate::event::postings_balance(&event.postings()));
    Ok(vec![event])
}

fn declare_currency(state: &State, currency: &Currency) -> Result<EventKind, Refusal> {
    if state.currencies.contains_key(&currency.code) {
        return Err(Refusal::CurrencyAlreadyDeclared {
            currency: currency.code.clone(),
        });
    }
    if currency.decimal_places > MAX_DECIMAL_PLACES {
        return Err(Refusal::DecimalPlacesOutOfRange {
            places: currency.decimal_places,
        });
    }
    let is_euro = currency.kind == CurrencyKind::Euro;
    if is_euro != currency.code.is_euro() || (is_euro && currency.decimal_places != 2) {
        return Err(Refusal::EuroMisdeclared {
            currency: currency.code.clone(),
        });
    }
    Ok(EventKind::CurrencyDeclared {
        currency: currency.clone(),
    })
}

/// The garden, if it exists, is not closed, and had opened by `on`.
fn open_garden<'s>(
    state: &'s State,
    garden: &GardenId,
    on: NaiveDate,
) -> Result<&'s GardenState, Refusal> {
    let found = state
        .gardens
        .get(garden)
        .ok_or_else(|| Refusal::UnknownGarden {
            garden: garden.to_string(),
        })?;
    if let Some(closed_on) = found.closed_on {
        return Err(Refusal::GardenIsClosed {
            garden: garden.to_string(),
            closed_on,
        });
    }
    if on < found.opened_on {
        return Err(Refusal::DateBeforeGardenOpened {
            garden: garden.to_string(),
            on,
            opened_on: found.opened_on,
        });
    }
    Ok(found)
}

fn member_on(
    state: &State,
    garden: &GardenId,
    person: &PersonId,
    on: NaiveDate,
) -> Result<(), Refusal> {
    if !state.people.contains_key(person) {
        return Err(Refusal::UnknownPerson {
            person: person.to_string(),
        });
    }
    let is_member = state
        .members
        .get(&(garden.clone(), person.clone()))
        .is_some_and(|m| m.is_member_on(on));
    if !is_member {
        return Err(Refusal::NotAMember {
            person: person.to_string(),
            garden: garden.to_string(),
            on,
        });
    }
    Ok(())
}

fn currency<'s>(state: &'s State, code: &CurrencyCode) -> Result<&'s Currency, Refusal> {
    state
        .currencies
        .get(code)
        .ok_or_else(|| Refusal::UnknownCurrency {
            currency: code.clone(),
        })
}

fn fit(state: &State, code: &CurrencyCode, amount: Amount) -> Result<Amount, Refusal> {
    currency(state, code)?.fit(amount)
}

/// `value` at exactly the decimal places of its currency, as refusals name it.
fn format_in(state: &State, code: &CurrencyCode, value: Decimal) -> Decimal {
    let mut shown = value;
    if let Some(currency) = state.currencies.get(code) {
        shown.rescale(u32::from(currency.decimal_places));
    }
    shown
}

fn money_in(state: &State, code: &CurrencyCode, value: Decimal) -> Money {
    Money {
        value: format_in(state, code, value),
        currency: code.clone(),
    }
}

/// The rule of `rules` for `currency`, or the refusal naming what is accepted.
fn rule_for<'r>(
    garden: &GardenId,
    constitution: &Constitution,
    flow: Flow,
    rules: &'r [FlowRule],
    currency: &CurrencyCode,
) -> Result<&'r FlowRule, Refusal> {
    rules
        .iter()
        .find(|r| r.currency == *currency)
        .ok_or_else(|| {
            let accepted = rules.iter().map(|r| r.currency.clone()).collect();
            Refusal::CurrencyNotAccepted {
                garden: garden.to_string(),
                flow,
                currency: currency.clone(),
                version: constitution.version,
                accepted,
            }
        })
}

fn check_mode(
    garden: &GardenId,
    constitution: &Constitution,
    flow: Flow,
    mode: Mode,
    rule: &FlowRule,
) -> Result<(), Refusal> {
    let expected = match rule.mode {
        ModeRule::Fixed { .. } => Mode::Fixed,
        ModeRule::Conscious { .. } => Mode::Conscious,
    };
    if mode != expected {
        return Err(Refusal::ModeDiffers {
            garden: garden.to_string(),
            flow,
            given: mode,
            expected,
            version: constitution.version,
        });
    }
    Ok(())
}

/// `hint` says how the fixed amount is recorded for this flow.
#[allow(clippy::too_many_arguments)]
fn check_fixed(
    state: &State,
    garden: &GardenId,
    constitution: &Constitution,
    flow: Flow,
    amount: Amount,
    expected: Amount,
    currency: &CurrencyCode,
    hint: FixedHint,
) -> Result<(), Refusal> {
    if amount.value() != expected.value() {
        return Err(Refusal::FixedAmountDiffers {
            garden: garden.to_string(),
            flow,
            amount: format_in(state, currency, amount.value()),
            expected: money_in(state, currency, expected.value()),
            version: constitution.version,
            hint,
        });
    }
    Ok(())
}

/// Which point of a constitution's model holds the rules for a flow.
type RulesOf = fn(&Constitution) -> &[FlowRule];

#[allow(clippy::too_many_arguments)]
fn judge_contribution(
    state: &State,
    on: NaiveDate,
    from: &Account,
    to: &Account,
    amount: Amount,
    currency: &CurrencyCode,
    mode: Mode,
    pays_for: &PaysFor,
) -> Result<Option<u32>, Refusal> {
    if from == to {
        return Err(Refusal::AccountNotAllowed {
            account: from.to_string(),
            act: AccountAct::PayItself,
        });
    }
    match from {
        Account::Garden(garden) => {
            open_garden(state, garden, on)?;
        }
        Account::Member(person) => {
            if !state.people.contains_key(person) {
                return Err(Refusal::UnknownPerson {
                    person: person.to_string(),
                });
            }
        }
        other => {
            return Err(Refusal::AccountNotAllowed {
                account: other.to_string(),
                act: AccountAct::PayContribution,
            })
        }
    }
    match to {
        Account::Garden(garden) => {
            open_garden(state, garden, on)?;
            if let Account::Member(person) = from {
                member_on(state, garden, person, on)?;
            }
        }
        Account::BigGarden => {}
        other => {
            return Err(Refusal::AccountNotAllowed {
                account: other.to_string(),
                act: AccountAct::ReceiveContribution,
            })
        }
    }
    if let Some(commitment) = pays_for.commitment() {
        let committed =
            state
                .commitments
                .get(commitment)
                .ok_or_else(|| Refusal::UnknownCommitment {
                    commitment: commitment.to_string(),
                })?;
        let mismatch = |problem: CommitmentProblem| Refusal::CommitmentMismatch {
            commitment: commitment.to_string(),
            problem,
        };
        if *from != Account::Member(committed.person.clone())
            || *to != Account::Garden(committed.garden.clone())
        {
            return Err(mismatch(CommitmentProblem::OtherAccounts {
                person: committed.person.to_string(),
                garden: committed.garden.to_string(),
            }));
        }
        if committed.currency != *currency {
            return Err(mismatch(CommitmentProblem::OtherCurrency {
                committed: committed.currency.clone(),
                currency: currency.clone(),
            }));
        }
        if on < committed.from {
            return Err(mismatch(CommitmentProblem::PaymentBeforeStart {
                from: committed.from,
            }));
        }
        if let PaysFor::CommitmentPeriod { period, .. } = pays_for {
            check_commitment_period(committed, *period).map_err(mismatch)?;
        }
    }
    // Which point of the constitution judges this flow: the payer garden's contributions to
    // the big garden, or the receiving garden's minimum commitments for a member's payment
    // (the garden is `judging_garden`'s, as `Event::judged_for` records it).
    let Some(garden) = judging_garden(from, to) else {
        return Ok(None);
    };
    let to_big_garden = *to == Account::BigGarden;
    let (flow, rules_of): (Flow, RulesOf) = match (to_big_garden, pays_for) {
        (true, _) => (Flow::BigGardenContribution, |c| &c.model.big_garden),
        (false, p) if p.commitment().is_some() => {
            (Flow::CommitmentPayment, |c| &c.model.commitments)
        }
        (false, _) => (Flow::MemberContribution, |c| &c.model.commitments),
    };
    let Some(constitution) = state
        .gardens
        .get(garden)
        .and_then(|g| g.constitution_on(on))
    else {
        return Ok(None);
    };
    let rule = rule_for(garden, constitution, flow, rules_of(constitution), currency)?;
    check_mode(garden, constitution, flow, mode, rule)?;
    if let ModeRule::Fixed { amount: expected } = rule.mode {
        // A payment toward a commitment owes the committed amount, which may be above the
        // minimum: the one it names, else the one of the member's it counts toward.
        let committed = match pays_for.commitment() {
            Some(id) => state.commitments.get(id).map(|c| (id.clone(), c)),
            None => {
                let running = running_commitments(state, on, from, to, currency, pays_for);
                if running.len() > 1 {
                    let amounts = || running.iter().map(|(_, c)| c.amount.value());
                    if amount.value() == expected.value() || amounts().any(|a| a == amount.value())
                    {
                        return Ok(Some(constitution.version));
                    }
                    let mut accepted: Vec<Decimal> = amounts().chain([expected.value()]).collect();
                    accepted.sort();
                    accepted.dedup();
                    return Err(Refusal::CommitmentAmbiguous {
                        garden: garden.to_string(),
                        person: match from {
                            Account::Member(person) => person.to_string(),
                            other => other.to_string(),
                        },
                        amount: format_in(state, currency, amount.value()),
                        commitments: running.iter().map(|(id, _)| id.to_string()).collect(),
                        accepted: accepted
                            .into_iter()
                            .map(|a| money_in(state, currency, a))
                            .collect(),
                        version: constitution.version,
                    });
                }
                let states: Vec<&CommitmentState> = running.iter().map(|(_, c)| *c).collect();
                let counted = counted_toward(&states, amount.value()).map(|i| running[i].clone());
                // A minimum raised above the commitment since it was made is paid too: it is
                // what the constitution in force asks.
                if let Some((_, c)) = &counted {
                    if amount.value() == expected.value() && expected.value() > c.amount.value() {
                        return Ok(Some(constitution.version));
                    }
                }
                counted
            }
        };
        let (expected, hint) = match committed {
            Some((id, c)) => (
                c.amount,
                FixedHint::Commitment {
                    commitment: id.to_string(),
                    cadence: c.cadence,
                },
            ),
            None if to_big_garden => (
                expected,
                FixedHint::BigGarden {
                    cadence: rule.cadence,
                },
            ),
            None => (
                expected,
                FixedHint::MemberContribution {
                    cadence: rule.cadence,
                },
            ),
        };
        check_fixed(
            state,
            garden,
            constitution,
            flow,
            amount,
            expected,
            currency,
            hint,
        )?;
    }
    Ok(Some(constitution.version))
}

/// A member's commitments to the garden `to` in `currency` that run in the days the payment
/// pays for (`days_paid_for`), the one starting first first (then by id): those a payment that
/// names none may count toward. None for other accounts.
fn running_commitments<'s>(
    state: &'s State,
    on: NaiveDate,
    from: &Account,
    to: &Account,
    currency: &CurrencyCode,
    pays_for: &PaysFor,
) -> Vec<(crate::ids::CommitmentId, &'s CommitmentState)> {
    let (Account::Member(person), Account::Garden(garden)) = (from, to) else {
        return Vec::new();
    };
    let (first, last) = days_paid_for(pays_for, on);
    let mut running: Vec<_> = state
        .commitments_of
        .get(&(garden.clone(), person.clone()))
        .into_iter()
        .flatten()
        .filter_map(|id| state.commitments.get(id).map(|c| (id.clone(), c)))
        .filter(|(_, c)| c.currency == *currency && c.runs_within(first, last))
        .collect();
    running.sort_by(|a, b| (a.1.from, &a.0).cmp(&(b.1.from, &b.0)));
    running
}

/// A payment toward `committed` for `period`: a period of its cadence's length (a month for a
/// monthly commitment, a year for a yearly one, either for a one-off), in which it runs.
fn check_commitment_period(
    committed: &CommitmentState,
    period: Period,
) -> Result<(), CommitmentProblem> {
    let example = match (committed.cadence, period) {
        (crate::Cadence::Monthly, Period::Year(year)) => {
            let first =
                crate::Month::new(year, 1).map_or_else(|| period.to_string(), |m| m.to_string());
            Some(first)
        }
        (crate::Cadence::Yearly, Period::Month(month)) => Some(format!("{:04}", month.year())),
        _ => None,
    };
    if let Some(example) = example {
        return Err(CommitmentProblem::PeriodOfOtherCadence {
            period: period.to_string(),
            cadence: committed.cadence,
            example,
        });
    }
    if !committed.runs_within(period.first_day(), period.last_day()) {
        return Err(CommitmentProblem::PeriodOutside {
            period: period.to_string(),
            from: committed.from,
            until: committed.until,
        });
    }
    Ok(())
}

fn check_model(state: &State, constitution: &Constitution) -> Result<(), Refusal> {
    let model = &constitution.model;
    let invalid = |problem: ConstitutionProblem| Err(Refusal::ConstitutionInvalid { problem });
    for (section, count) in [
        ("roles", model.roles.len()),
        ("big_garden", model.big_garden.len()),
        ("commitments", model.commitments.len()),
        ("collections", model.collections.len()),
    ] {
        if count > MAX_RULES_PER_POINT {
            return invalid(ConstitutionProblem::TooManyRules {
                section,
                count,
                max: MAX_RULES_PER_POINT,
            });
        }
    }
    let rules = model
        .roles
        .iter()
        .map(|r| (RulePoint::Role(r.role.to_string()), &r.rule))
        .chain(model.big_garden.iter().map(|r| (RulePoint::BigGarden, r)))
        .chain(
            model
                .commitments
                .iter()
                .map(|r| (RulePoint::Commitments, r)),
        )
        .chain(
            model
                .collections
                .iter()
                .map(|r| (RulePoint::Collection(r.kind.as_str()), &r.rule)),
        );
    let mut seen = BTreeSet::new();
    for (point, rule) in rules {
        let declared = currency(state, &rule.currency)?;
        let amounts = match rule.mode {
            ModeRule::Fixed { amount } => Some(amount),
            ModeRule::Conscious { suggested } => suggested,
        };
        if let Some(amount) = amounts {
            declared.fit(amount)?;
        }
        if !seen.insert((point.clone(), rule.currency.clone())) {
            return invalid(ConstitutionProblem::TwoRulesInOneCurrency {
                point,
                currency: rule.currency.clone(),
            });
        }
    }
    if constitution.purpose.as_str().trim().is_empty() {
        return invalid(ConstitutionProblem::EmptyPurpose);
    }
    Ok(())
}

impl Command {
    /// What `decide` reads for this command, given what is loaded so far. The store loads the
    /// keys, asks again, and stops when nothing new is asked (a reversal needs the reversed
    /// entry before it knows which gardens it touched).
    pub fn touches(&self, state: &State) -> Keys {
        let mut keys = Keys::default();
        let member = |keys: &mut Keys, garden: &GardenId, person: &PersonId| {
            keys.gardens.insert(garden.clone());
            keys.people.insert(person.clone());
            keys.members.insert((garden.clone(), person.clone()));
        };
        match &self.kind {
            CommandKind::DeclareCurrency { currency } => {
                keys.currencies.insert(currency.code.clone());
            }
            CommandKind::OpenGarden { garden, core, .. } => {
                keys.gardens.insert(garden.clone());
                for person in core {
                    member(&mut keys, garden, &person.person);
                }
            }
            CommandKind::AdoptConstitution {
                garden,
                constitution,
            } => {
                keys.gardens.insert(garden.clone());
                keys.judged_until.insert(garden.clone());
                keys.currencies.extend(constitution.currencies().cloned());
            }
            CommandKind::JoinGarden { garden, person, .. } => member(&mut keys, garden, person),
            CommandKind::LeaveGarden { garden, person } => {
                member(&mut keys, garden, person);
                if let Some(found) = state.gardens.get(garden) {
                    for core in &found.core {
                        member(&mut keys, garden, core);
                    }
                }
            }
            CommandKind::ValueRole {
                garden,
                holder,
                currency,
                ..
            } => {
                member(&mut keys, garden, holder);
                keys.currencies.insert(currency.clone());
            }
            CommandKind::MakeCommitment {
                commitment,
                garden,
                person,
                currency,
                ..
            } => {
                member(&mut keys, garden, person);
                keys.commitments.insert(commitment.clone());
                keys.commitments_of.insert((garden.clone(), person.clone()));
                keys.currencies.insert(currency.clone());
            }
            CommandKind::EndCommitment { commitment, .. } => {
                keys.commitments.insert(commitment.clone());
            }
            CommandKind::PayContribution {
                from,
                to,
                currency,
                pays_for,
                ..
            } => {
                keys.account(from);
                keys.account(to);
                if let (Account::Member(person), Account::Garden(garden)) = (from, to) {
                    member(&mut keys, garden, person);
                    // What a payment that names no commitment may count toward: the member's
                    // commitments to the garden, then each of them.
                    let pair = (garden.clone(), person.clone());
                    if let Some(made) = state.commitments_of.get(&pair) {
                        keys.commitments.extend(made.iter().cloned());
                    }
                    keys.commitments_of.insert(pair);
                }
                if let Some(commitment) = pays_for.commitment() {
                    keys.commitments.insert(commitment.clone());
                }
                keys.currencies.insert(currency.clone());
            }
            CommandKind::RecordCollection {
                garden, currency, ..
            } => {
                keys.gardens.insert(garden.clone());
                keys.currencies.insert(currency.clone());
            }
            CommandKind::PayExpense {
                payer, currency, ..
            } => {
                keys.account(payer);
                keys.currencies.insert(currency.clone());
            }
            CommandKind::ReverseEntry { entry, .. } => {
                keys.entries.insert(*entry);
                if let Some(found) = state.entries.get(entry) {
                    keys.gardens.extend(found.gardens().cloned());
                }
            }
            CommandKind::CloseGarden { garden, .. } => {
                keys.gardens.insert(garden.clone());
                keys.all_balances_of.insert(Account::Garden(garden.clone()));
                keys.currencies
                    .extend(state.balances.keys().map(|(_, c)| c.clone()));
            }
        }
        keys
    }
}
