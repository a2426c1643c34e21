//! A member's payments toward their commitments: `--commitment C --period P`, and payments
//! that name no commitment, judged by the one they count toward. Given / when / then; every
//! figure is worked out by hand in the comments.

mod common;

use common::*;
use jardins_ledger::state::{counted_toward, days_paid_for, MAX_COMMITMENTS_OF_MEMBER};
use jardins_ledger::{
    Cadence, CommandKind, CommitmentState, EconomicModel, EventKind, Mode, PaysFor, Period, Refusal,
};
use proptest::prelude::*;
use rust_decimal::Decimal;

/// Paris with one rule: gardeners commit at least 8 EUR a month (fixed), from 2026-02-01.
fn paris_with_minimum_8() -> Ledger {
    let mut ledger = Ledger::paris();
    ledger.adopt(
        "2026-02-01",
        "paris",
        1,
        EconomicModel {
            roles: vec![],
            big_garden: vec![],
            commitments: vec![fixed(eur(), "8", Cadence::Monthly)],
            collections: vec![],
        },
    );
    ledger
}

fn commit(
    id: &str,
    amount: &str,
    cadence: Cadence,
    from: &str,
    until: Option<&str>,
) -> CommandKind {
    make_commitment(id, "paris", "alex", amount, eur(), cadence, from, until)
}

/// alex pays paris `amount` EUR in fixed mode for `pays_for`.
fn alex_pays(amount: &str, pays_for: PaysFor) -> CommandKind {
    pay(
        member_account("alex"),
        garden_account("paris"),
        amount,
        eur(),
        Mode::Fixed,
        pays_for,
    )
}

fn month(text: &str) -> PaysFor {
    PaysFor::Period(Period::Month(text.parse().unwrap()))
}

fn toward(commitment_id: &str, period: &str) -> PaysFor {
    PaysFor::CommitmentPeriod {
        commitment: commitment(commitment_id),
        period: period.parse().unwrap(),
    }
}

#[test]
fn a_payment_may_name_its_commitment_and_the_period_it_pays_for() {
    // Given alex committed 10 EUR a month from 2026-02-01 (above the minimum of 8),
    let mut ledger = paris_with_minimum_8();
    ledger.ok(
        "2026-02-01",
        commit("alex-2026", "10", Cadence::Monthly, "2026-02-01", None),
    );
    // when alex pays 10 toward it for March, on 2026-04-02 (late),
    let sequence = ledger.ok(
        "2026-04-02",
        alex_pays("10", toward("alex-2026", "2026-03")),
    );
    // then the entry records both the commitment and the period, judged by version 1,
    let EventKind::ContributionPaid {
        pays_for,
        judged_by,
        ..
    } = &ledger.event(sequence).kind
    else {
        panic!("a contribution");
    };
    assert_eq!(*pays_for, toward("alex-2026", "2026-03"));
    assert_eq!(pays_for.commitment(), Some(&commitment("alex-2026")));
    assert_eq!(pays_for.period(), Some("2026-03".parse().unwrap()));
    assert_eq!(*judged_by, Some(1));
    // and the entry is known as a payment of 10.00 toward it (what a reversal undoes).
    let entry = &ledger.state.entries[&sequence];
    assert_eq!(
        entry.commitment,
        Some((commitment("alex-2026"), dec("10.00")))
    );
    // And the same payment of 8 (the minimum, not the amount committed) is refused.
    let refusal = ledger.refused("2026-04-02", alex_pays("8", toward("alex-2026", "2026-03")));
    assert_refusal(
        &refusal,
        "FixedAmountDiffers",
        &[
            "10.00 EUR",
            "the amount of commitment 'alex-2026'",
            "not 8.00",
        ],
    );
}

#[test]
fn a_commitment_and_a_period_that_do_not_fit_are_refused() {
    // Given alex committed 10 EUR a month from 2026-03-01 to 2026-06-30,
    let mut ledger = paris_with_minimum_8();
    ledger.ok(
        "2026-02-15",
        commit(
            "alex-2026",
            "10",
            Cadence::Monthly,
            "2026-03-01",
            Some("2026-06-30"),
        ),
    );
    // when alex pays it for the year 2026, then a monthly commitment asks a month instead,
    let refusal = ledger.refused("2026-03-10", alex_pays("10", toward("alex-2026", "2026")));
    assert_refusal(
        &refusal,
        "CommitmentMismatch",
        &[
            "commitment 'alex-2026'",
            "its payments are monthly",
            "give --period as 2026-01, not 2026",
        ],
    );
    // when alex pays it for 2026-07, after it ends, then the period is outside it,
    let refusal = ledger.refused(
        "2026-03-10",
        alex_pays("10", toward("alex-2026", "2026-07")),
    );
    assert_refusal(
        &refusal,
        "CommitmentMismatch",
        &[
            "it runs from 2026-03-01 to 2026-06-30, not in 2026-07",
            "give a --period in which it runs",
        ],
    );
    // and for 2026-02, before it starts, too.
    let refusal = ledger.refused(
        "2026-03-10",
        alex_pays("10", toward("alex-2026", "2026-02")),
    );
    assert_refusal(&refusal, "CommitmentMismatch", &["not in 2026-02"]);
    // And the checks of a payment toward a commitment still hold: dated before it starts,
    let refusal = ledger.refused(
        "2026-02-20",
        alex_pays("10", toward("alex-2026", "2026-03")),
    );
    assert_refusal(
        &refusal,
        "CommitmentMismatch",
        &["date the payment on or after that"],
    );
    // while a month in which it runs, paid on a day it runs, is accepted.
    ledger.ok(
        "2026-03-10",
        alex_pays("10", toward("alex-2026", "2026-06")),
    );
}

#[test]
fn a_yearly_commitment_is_paid_for_a_year() {
    // Given a constitution asking at least 80 EUR a year, and alex's commitment of 100 a year,
    let mut ledger = Ledger::paris();
    ledger.adopt(
        "2026-02-01",
        "paris",
        1,
        EconomicModel {
            roles: vec![],
            big_garden: vec![],
            commitments: vec![fixed(eur(), "80", Cadence::Yearly)],
            collections: vec![],
        },
    );
    ledger.ok(
        "2026-02-01",
        commit("alex-y", "100", Cadence::Yearly, "2026-02-01", None),
    );
    // when alex pays it for a month, then a year is asked, named as --period takes it,
    let refusal = ledger.refused("2026-03-10", alex_pays("100", toward("alex-y", "2026-03")));
    assert_refusal(
        &refusal,
        "CommitmentMismatch",
        &["its payments are yearly: give --period as 2026, not 2026-03"],
    );
    // and for 2026 it is accepted.
    ledger.ok("2026-03-10", alex_pays("100", toward("alex-y", "2026")));
}

#[test]
fn a_commitment_above_the_minimum_is_paid_without_naming_it() {
    // Given the minimum of 8 EUR a month and alex's commitment of 10 a month from 2026-02-01,
    let mut ledger = paris_with_minimum_8();
    ledger.ok(
        "2026-02-01",
        commit("alex-2026", "10", Cadence::Monthly, "2026-02-01", None),
    );
    // when alex pays 10 for 2026-03 without --commitment, then it is accepted (10 is the
    // amount of the one commitment that runs in March, which it counts toward),
    ledger.ok("2026-03-05", alex_pays("10", month("2026-03")));
    // while 8, the minimum, is refused: it is not what alex committed, and the message says so.
    let refusal = ledger.refused("2026-03-05", alex_pays("8", month("2026-03")));
    assert_refusal(
        &refusal,
        "FixedAmountDiffers",
        &[
            "a member's contribution of 'paris'",
            "fixed amount of 10.00 EUR",
            "the amount of commitment 'alex-2026'",
            "not 8.00",
        ],
    );
    // And dominique, who holds no commitment, owes the minimum of 8.
    ledger.ok(
        "2026-03-05",
        pay(
            member_account("dominique"),
            garden_account("paris"),
            "8",
            eur(),
            Mode::Fixed,
            month("2026-03"),
        ),
    );
}

#[test]
fn with_several_commitments_an_amount_that_fits_none_is_refused_with_the_hint() {
    // Given alex holds two commitments running in March 2026: 10 (from 2026-02-01) and 12
    // (from 2026-03-01), the minimum being 8,
    let mut ledger = paris_with_minimum_8();
    ledger.ok(
        "2026-02-01",
        commit("alex-a", "10", Cadence::Monthly, "2026-02-01", None),
    );
    ledger.ok(
        "2026-02-15",
        commit("alex-b", "12", Cadence::Monthly, "2026-03-01", None),
    );
    // when alex pays 9 for March, then it is refused: 9 is neither 10, 12 nor 8,
    let refusal = ledger.refused("2026-03-05", alex_pays("9", month("2026-03")));
    assert_refusal(
        &refusal,
        "CommitmentAmbiguous",
        &[
            "member:alex holds several commitments to 'paris'",
            "(alex-a, alex-b)",
            "and 9.00 is the amount of none of them",
            "pay one of 8.00 EUR, 10.00 EUR, 12.00 EUR",
            "add --commitment",
        ],
    );
    match &refusal {
        Refusal::CommitmentAmbiguous {
            commitments,
            accepted,
            version,
            ..
        } => {
            assert_eq!(commitments, &["alex-a".to_string(), "alex-b".to_string()]);
            assert_eq!(
                accepted.iter().map(|m| m.value).collect::<Vec<_>>(),
                vec![dec("8.00"), dec("10.00"), dec("12.00")]
            );
            assert_eq!(*version, 1);
        }
        other => panic!("{other:?}"),
    }
    // and 10, 12 and 8 are each accepted;
    for amount in ["10", "12", "8"] {
        ledger.ok("2026-03-05", alex_pays(amount, month("2026-03")));
    }
    // and for February only alex-a runs, so 12 is refused then as not its amount.
    let refusal = ledger.refused("2026-03-05", alex_pays("12", month("2026-02")));
    assert_refusal(&refusal, "FixedAmountDiffers", &["commitment 'alex-a'"]);
    // With --commitment, 12 toward alex-b for March is accepted.
    ledger.ok("2026-03-05", alex_pays("12", toward("alex-b", "2026-03")));
}

#[test]
fn a_member_makes_at_most_the_limit_of_commitments_to_one_garden() {
    // Given alex made MAX_COMMITMENTS_OF_MEMBER commitments to paris,
    let mut ledger = paris_with_minimum_8();
    for index in 0..MAX_COMMITMENTS_OF_MEMBER {
        ledger.ok(
            "2026-02-01",
            commit(
                &format!("alex-{index}"),
                "8",
                Cadence::Monthly,
                "2026-02-01",
                Some("2026-02-28"),
            ),
        );
    }
    // when one more is asked, then it is refused with the limit.
    let refusal = ledger.refused(
        "2026-02-01",
        commit("alex-more", "8", Cadence::Monthly, "2026-02-01", None),
    );
    assert_refusal(
        &refusal,
        "TooManyCommitments",
        &["member:alex has made 1000 commitments to 'paris'"],
    );
}

fn state_of(amount: &str, from: &str) -> CommitmentState {
    CommitmentState {
        garden: garden("paris"),
        person: person("alex"),
        amount: common::amount(amount),
        currency: eur(),
        cadence: Cadence::Monthly,
        from: day(from),
        until: None,
        made_by: 1,
    }
}

#[test]
fn the_commitment_a_payment_counts_toward_is_the_only_one_or_the_one_of_its_amount() {
    let a = state_of("10", "2026-01-01");
    let b = state_of("12", "2026-02-01");
    // None when none runs; the only one whatever the amount;
    assert_eq!(counted_toward(&[], dec("10")), None);
    assert_eq!(counted_toward(&[&a], dec("99")), Some(0));
    // with several, the one whose amount it is, else the first.
    assert_eq!(counted_toward(&[&a, &b], dec("12.00")), Some(1));
    assert_eq!(counted_toward(&[&a, &b], dec("8")), Some(0));
    // The days a payment pays for: its period's, else the month of its date.
    assert_eq!(
        days_paid_for(&month("2026-02"), day("2026-05-01")),
        (day("2026-02-01"), day("2026-02-28"))
    );
    assert_eq!(
        days_paid_for(&PaysFor::OneOff, day("2026-05-17")),
        (day("2026-05-01"), day("2026-05-31"))
    );
    assert_eq!(
        days_paid_for(&toward("a", "2026"), day("2026-05-17")),
        (day("2026-01-01"), day("2026-12-31"))
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// What `decide` accepts from a member who names no commitment, and the commitment
    /// `counted_toward` then counts it toward, agree: accepted exactly when the amount is the
    /// minimum with no commitment running, the one commitment's amount with one, or one of
    /// theirs or the minimum with several; and once accepted, it counts toward a commitment of
    /// that amount, unless it paid the minimum that none of several asks.
    #[test]
    fn decide_and_the_commitment_counted_toward_agree(
        amounts in prop::collection::vec(8_u32..=14, 0..4),
        paid in 7_u32..=15,
    ) {
        // Given alex's commitments of `amounts` EUR a month, all running in March 2026,
        let mut ledger = paris_with_minimum_8();
        for (index, amount) in amounts.iter().enumerate() {
            ledger.ok(
                "2026-02-01",
                commit(&format!("alex-{index}"), &amount.to_string(), Cadence::Monthly, "2026-02-01", None),
            );
        }
        // when alex pays `paid` for March without naming one,
        let result = ledger.try_record("2026-03-05", alex_pays(&paid.to_string(), month("2026-03")));
        let expected = match amounts.len() {
            0 => paid == 8,
            1 => paid == amounts[0],
            _ => paid == 8 || amounts.contains(&paid),
        };
        // then it is accepted exactly by that rule,
        prop_assert_eq!(result.is_ok(), expected, "{:?}", result);
        if result.is_ok() && !amounts.is_empty() {
            // and it counts toward one of alex's commitments that asks what was paid (or the
            // first, for the minimum none of several asks).
            let held: Vec<CommitmentState> = (0..amounts.len())
                .map(|i| ledger.state.commitments[&commitment(&format!("alex-{i}"))].clone())
                .collect();
            let running: Vec<&CommitmentState> = held.iter().collect();
            let which = counted_toward(&running, Decimal::from(paid)).unwrap();
            prop_assert!(
                amounts[which] == paid || (amounts.len() > 1 && paid == 8 && which == 0),
                "{:?} paid {} counted toward {}", amounts, paid, which
            );
        }
    }
}

#[test]
fn a_minimum_raised_above_a_commitment_is_accepted_as_well_as_the_commitment() {
    // Given alex's commitment of 10 a month under version 1 (minimum 8), then version 2 from
    // 2026-04-01 raising the minimum to 12,
    let mut ledger = paris_with_minimum_8();
    ledger.ok(
        "2026-02-01",
        commit("alex-2026", "10", Cadence::Monthly, "2026-02-01", None),
    );
    ledger.adopt(
        "2026-04-01",
        "paris",
        2,
        EconomicModel {
            roles: vec![],
            big_garden: vec![],
            commitments: vec![fixed(eur(), "12", Cadence::Monthly)],
            collections: vec![],
        },
    );
    // when alex pays for April naming no commitment, then 10 (what alex committed) and 12 (what
    // version 2 asks) are accepted,
    ledger.ok("2026-04-05", alex_pays("10", month("2026-04")));
    ledger.ok("2026-04-05", alex_pays("12", month("2026-04")));
    // and anything else is refused, naming the commitment's amount.
    let refusal = ledger.refused("2026-04-05", alex_pays("11", month("2026-04")));
    assert_refusal(
        &refusal,
        "FixedAmountDiffers",
        &["the amount of commitment 'alex-2026'", "not 11.00"],
    );
}
