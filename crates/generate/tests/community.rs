//! The synthetic community: deterministic, of the size asked, and accepted event by event by
//! the ledger's rules.

use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDate};
use jardins_generate::{community, Community, Recorder, DECIDED_ON, FIRST_DAY, LAST_DAY};
use jardins_ledger::{
    Account, Command, CurrencyKind, Event, EventKind, GardenKind, Mode, PaysFor, Period,
};
use proptest::prelude::*;

/// Replays `events` on a fresh ledger (the euro as event 1), as an import does: each event is
/// turned back into its command, decided again, and must come out identical.
fn replay(events: &[Event]) -> Result<Recorder, String> {
    let mut ledger = Recorder::new(DECIDED_ON);
    for (index, event) in events.iter().enumerate() {
        let sequence = index as u64 + 2;
        let decided = ledger
            .record(&Command::from_event(event))
            .map_err(|refusal| format!("event {sequence} refused: {refusal:?}\n{event:?}"))?;
        if decided != [event.clone()] {
            return Err(format!(
                "event {sequence} decides differently:\n given   {event:?}\n decided {decided:?}"
            ));
        }
    }
    Ok(ledger)
}

fn check_dates(events: &[Event]) {
    for pair in events.windows(2) {
        assert!(pair[0].on <= pair[1].on, "dates go back: {pair:?}");
    }
    for event in events {
        assert!(
            (FIRST_DAY..=LAST_DAY).contains(&event.on),
            "{} is outside {FIRST_DAY}..{LAST_DAY}",
            event.on
        );
    }
}

#[test]
fn given_the_same_seed_when_generated_twice_then_the_events_are_the_same() {
    let first: Vec<Event> = community(5_000, 42).collect();
    let second: Vec<Event> = community(5_000, 42).collect();
    assert_eq!(first.len(), 5_000);
    assert!(first == second, "the same seed gave two different streams");
}

#[test]
fn given_two_seeds_when_generated_then_the_events_differ() {
    let first: Vec<Event> = community(2_000, 1).collect();
    let second: Vec<Event> = community(2_000, 2).collect();
    assert_eq!(first.len(), second.len());
    let differing = first.iter().zip(&second).filter(|(a, b)| a != b).count();
    assert!(
        differing > 1_000,
        "only {differing} of 2000 events differ between seeds 1 and 2"
    );
}

#[test]
fn given_a_size_when_generated_then_the_stream_holds_exactly_that_many_events() {
    for (events, seed) in [(0, 1), (1, 1), (7, 2), (150, 3), (999, 4), (12_345, 5)] {
        let mut generated = Community::new(events, seed);
        let count = generated.by_ref().count() as u64;
        assert_eq!(count, events, "seed {seed}");
        assert_eq!(generated.refused(), 0, "{:?}", generated.last_refusal());
    }
}

#[test]
fn given_a_community_of_5000_events_when_replayed_through_decide_then_every_event_is_accepted_as_is(
) {
    for seed in [1, 7, 2026] {
        let mut generated = Community::new(5_000, seed);
        let events: Vec<Event> = generated.by_ref().collect();
        assert_eq!(generated.refused(), 0, "{:?}", generated.last_refusal());
        assert_eq!(events.len(), 5_000);
        check_dates(&events);
        let ledger = replay(&events).unwrap_or_else(|problem| panic!("seed {seed}: {problem}"));
        // Double entry: all balances together sum to zero in each currency.
        for currency in ledger.state().currencies.keys() {
            let total: rust_decimal::Decimal = ledger
                .state()
                .balances
                .iter()
                .filter(|((_, c), _)| c == currency)
                .map(|(_, balance)| *balance)
                .sum();
            assert!(total.is_zero(), "seed {seed}: {currency} sums to {total}");
        }
    }
}

#[test]
fn given_a_community_of_5000_events_when_read_then_it_holds_every_part_of_community_life() {
    let events: Vec<Event> = community(5_000, 11).collect();
    let kinds: BTreeSet<&str> = events.iter().map(|e| e.kind.name()).collect();
    for kind in [
        "CurrencyDeclared",
        "GardenOpened",
        "ConstitutionAdopted",
        "MemberJoined",
        "MemberLeft",
        "RoleValued",
        "CommitmentMade",
        "CommitmentEnded",
        "ContributionPaid",
        "CollectionRecorded",
        "ExpensePaid",
        "EntryReversed",
    ] {
        assert!(kinds.contains(kind), "no {kind} in the community");
    }

    // One currency declared, the complementary one, first; never the euro again.
    let declared: Vec<_> = events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::CurrencyDeclared { currency } => Some(currency),
            _ => None,
        })
        .collect();
    assert_eq!(declared.len(), 1);
    assert_eq!(declared[0].kind, CurrencyKind::Complementary);
    assert!(matches!(events[0].kind, EventKind::CurrencyDeclared { .. }));

    // Local, thematic and organisation gardens, with the founding local gardens.
    let mut local = BTreeSet::new();
    let (mut thematic, mut organisation) = (0, 0);
    for event in &events {
        if let EventKind::GardenOpened { garden, kind, .. } = &event.kind {
            match kind {
                GardenKind::Local { .. } => {
                    local.insert(garden.to_string());
                }
                GardenKind::Thematic { .. } => thematic += 1,
                GardenKind::Organisation { .. } => organisation += 1,
            }
        }
    }
    for founding in ["paris", "grenoble", "sud-ouest"] {
        assert!(local.contains(founding), "no local garden {founding}");
    }
    assert!(thematic >= 2 && organisation >= 1);

    // Some gardens revise their constitution.
    assert!(events.iter().any(|e| matches!(
        &e.kind,
        EventKind::ConstitutionAdopted { constitution, .. } if constitution.version >= 2
    )));

    // Both currencies move money; both modes are used.
    let mut currencies = BTreeSet::new();
    let mut modes = BTreeSet::new();
    for event in &events {
        if let EventKind::ContributionPaid { currency, mode, .. } = &event.kind {
            currencies.insert(currency.to_string());
            modes.insert(*mode);
        }
    }
    assert_eq!(currencies.len(), 2, "{currencies:?}");
    assert!(modes.contains(&Mode::Fixed) && modes.contains(&Mode::Conscious));

    // Some contributions to the big garden come late: they pay for a month before the one
    // they are paid in.
    let late = events.iter().any(|e| match &e.kind {
        EventKind::ContributionPaid {
            to: Account::BigGarden,
            pays_for: PaysFor::Period(Period::Month(month)),
            ..
        } => (month.year(), month.month()) < (e.on.year(), e.on.month()),
        _ => false,
    });
    assert!(late, "no late contribution to the big garden");

    // Reversals correct earlier money entries.
    for (index, event) in events.iter().enumerate() {
        if let EventKind::EntryReversed { entry, .. } = &event.kind {
            let sequence = index as u64 + 2;
            assert!(*entry >= 2 && *entry < sequence);
            let original = &events[usize::try_from(*entry - 2).unwrap()];
            assert!(original.moves_money(), "{original:?} was reversed");
        }
    }
}

#[test]
fn given_a_long_stream_when_generated_then_the_entries_kept_in_memory_stay_bounded() {
    let mut generated = Community::new(40_000, 3);
    let mut most_kept = 0;
    let mut last_on = NaiveDate::MIN;
    let mut count = 0_u64;
    while let Some(event) = generated.next() {
        count += 1;
        if count.is_multiple_of(1_000) {
            most_kept = most_kept.max(generated.entries_in_memory());
        }
        last_on = event.on;
    }
    most_kept = most_kept.max(generated.entries_in_memory());
    assert!(most_kept <= 1_024, "{most_kept} entries kept");
    assert_eq!(last_on, LAST_DAY, "a long stream spans the whole history");
    assert!(generated.gardens_opened() > 6);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn any_seed_gives_a_stream_of_the_size_asked_that_decide_accepts(
        seed in any::<u64>(),
        events in 0_u64..800,
    ) {
        let mut generated = Community::new(events, seed);
        let stream: Vec<Event> = generated.by_ref().collect();
        prop_assert_eq!(stream.len() as u64, events);
        prop_assert_eq!(generated.refused(), 0);
        check_dates(&stream);
        if let Err(problem) = replay(&stream) {
            return Err(TestCaseError::fail(problem));
        }
        let again: Vec<Event> = community(events, seed).collect();
        prop_assert!(again == stream);
    }
}
