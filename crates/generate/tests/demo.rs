//! The demo community: valid event by event, and telling the story its documentation tells,
//! with figures a reader can check by hand.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use jardins_generate::{demo, demo_commands, Recorder, DECIDED_ON};
use jardins_ledger::{
    Account, Command, CurrencyCode, CurrencyKind, Event, EventKind, GardenKind, Mode, Month,
    PaysFor, Period,
};
use rust_decimal::Decimal;

fn day(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).unwrap()
}

fn money(text: &str) -> Decimal {
    text.parse().unwrap()
}

fn euro() -> CurrencyCode {
    CurrencyCode::euro()
}

fn graine() -> CurrencyCode {
    "GRAINE".parse().unwrap()
}

fn garden(id: &str) -> Account {
    Account::Garden(id.parse().unwrap())
}

/// The demo replayed on a fresh ledger, as an import judges it: each event decided again.
fn replayed() -> Recorder {
    let mut ledger = Recorder::new(DECIDED_ON);
    for (index, event) in demo().iter().enumerate() {
        let decided = ledger
            .record(&Command::from_event(event))
            .unwrap_or_else(|refusal| panic!("event {} refused: {refusal:?}", index + 2));
        assert_eq!(decided, vec![event.clone()], "event {}", index + 2);
    }
    ledger
}

/// Contributions paid by `from` to the big garden in `currency`, by mode.
fn paid_to_big_garden(
    events: &[Event],
    from: &Account,
    currency: &CurrencyCode,
) -> BTreeMap<Mode, Decimal> {
    let mut paid = BTreeMap::new();
    for event in events {
        if let EventKind::ContributionPaid {
            from: payer,
            to: Account::BigGarden,
            amount,
            currency: paid_in,
            mode,
            ..
        } = &event.kind
        {
            if payer == from && paid_in == currency {
                *paid.entry(*mode).or_insert(Decimal::ZERO) += amount.value();
            }
        }
    }
    paid
}

#[test]
fn given_the_demo_when_replayed_through_decide_then_every_event_is_accepted_as_is() {
    let ledger = replayed();
    assert_eq!(ledger.last_sequence(), demo().len() as u64 + 1);
    assert_eq!(demo_commands().len(), demo().len());
}

#[test]
fn given_the_demo_when_read_then_it_is_one_year_in_date_order() {
    let events = demo();
    assert_eq!(events.first().unwrap().on, day(2025, 9, 1));
    assert_eq!(events.last().unwrap().on, day(2026, 8, 31));
    for pair in events.windows(2) {
        assert!(pair[0].on <= pair[1].on, "dates go back: {pair:?}");
    }
}

#[test]
fn given_the_demo_when_read_then_it_has_four_gardens_and_one_complementary_currency() {
    let events = demo();
    let EventKind::CurrencyDeclared { currency } = &events[0].kind else {
        panic!("the demo starts by declaring its complementary currency");
    };
    assert_eq!(currency.code, graine());
    assert_eq!(currency.kind, CurrencyKind::Complementary);
    assert_eq!(currency.decimal_places, 0);
    let declared = events
        .iter()
        .filter(|e| matches!(e.kind, EventKind::CurrencyDeclared { .. }))
        .count();
    assert_eq!(declared, 1, "the euro is the ledger's own event 1");

    let gardens: Vec<(String, &GardenKind)> = events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::GardenOpened { garden, kind, .. } => Some((garden.to_string(), kind)),
            _ => None,
        })
        .collect();
    let ids: Vec<&str> = gardens.iter().map(|(id, _)| id.as_str()).collect();
    assert_eq!(
        ids,
        ["paris", "grenoble", "clown-gouvernance", "org-tisserands"]
    );
    assert!(matches!(gardens[0].1, GardenKind::Local { .. }));
    assert!(matches!(gardens[1].1, GardenKind::Local { .. }));
    assert!(matches!(gardens[2].1, GardenKind::Thematic { .. }));
    assert!(gardens[3].1.members_only());

    let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
    for event in &events {
        *kinds.entry(event.kind.name()).or_default() += 1;
    }
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
        assert!(kinds.contains_key(kind), "no {kind} in the demo");
    }
    assert_eq!(kinds["EntryReversed"], 1);
}

#[test]
fn given_the_demo_year_when_balances_are_read_then_they_are_the_figures_of_the_story() {
    let ledger = replayed();
    let state = ledger.state();
    // Paris: 490 of commitments + 300 forum + 112.50 picnic, less 330 facilitation,
    // 425 to the big garden and 120 of room: 27.50.
    assert_eq!(state.balance(&garden("paris"), &euro()), money("27.50"));
    assert_eq!(state.balance(&garden("paris"), &graine()), Decimal::ZERO);
    // Grenoble: 64 + 20 + 15 + 58 in, 25 + 40 to the big garden: 92 euros;
    // 510 graines of commitments, 225 of facilitation, 180 to the big garden: 105 graines.
    assert_eq!(state.balance(&garden("grenoble"), &euro()), money("92"));
    assert_eq!(state.balance(&garden("grenoble"), &graine()), money("105"));
    // Clown: 900 of workshops, 490 of rooms, 240 of animation, 100 to the big garden.
    assert_eq!(
        state.balance(&garden("clown-gouvernance"), &euro()),
        money("70")
    );
    assert_eq!(
        state.balance(&garden("clown-gouvernance"), &graine()),
        money("45")
    );
    // Les Tisserands: 600 + 50 in, 65 + 150 + 85 out.
    assert_eq!(
        state.balance(&garden("org-tisserands"), &euro()),
        money("350")
    );
    // The big garden: 425 + 65 + 100 + 150 received, 60 of hosting paid; 180 graines.
    assert_eq!(state.balance(&Account::BigGarden, &euro()), money("680"));
    assert_eq!(state.balance(&Account::BigGarden, &graine()), money("180"));
}

#[test]
fn given_paris_when_its_contributions_to_the_big_garden_are_read_then_one_is_late_and_the_later_ones_conscious(
) {
    let events = demo();
    let paris = garden("paris");
    let paid = paid_to_big_garden(&events, &paris, &euro());
    // Version 1, September to February: 6 × 30 fixed. Version 2, March to August: conscious.
    assert_eq!(paid[&Mode::Fixed], money("180"));
    assert_eq!(paid[&Mode::Conscious], money("245"));

    let november = Period::Month(Month::new(2025, 11).unwrap());
    let paid_for_november: Vec<NaiveDate> = events
        .iter()
        .filter(|e| {
            matches!(&e.kind, EventKind::ContributionPaid { from, to: Account::BigGarden, pays_for: PaysFor::Period(p), .. }
                if *from == paris && *p == november)
        })
        .map(|e| e.on)
        .collect();
    assert_eq!(
        paid_for_november,
        [day(2026, 1, 12)],
        "November is paid late, once"
    );

    let versions: Vec<(u32, NaiveDate)> = events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::ConstitutionAdopted {
                garden,
                constitution,
            } if garden.as_str() == "paris" => Some((constitution.version, constitution.effective)),
            _ => None,
        })
        .collect();
    assert_eq!(versions, [(1, day(2025, 9, 1)), (2, day(2026, 3, 1))]);
}

#[test]
fn given_grenoble_when_read_then_it_has_no_constitution_until_december() {
    let events = demo();
    let first_version = events
        .iter()
        .find_map(|e| match &e.kind {
            EventKind::ConstitutionAdopted { garden, .. } if garden.as_str() == "grenoble" => {
                Some(e.on)
            }
            _ => None,
        })
        .unwrap();
    assert_eq!(first_version, day(2025, 12, 1));
    // What Grenoble received before was judged by no constitution.
    let before: Vec<Option<u32>> = events
        .iter()
        .filter(|e| e.on < first_version)
        .filter_map(|e| match &e.kind {
            EventKind::ContributionPaid { to, judged_by, .. } if *to == garden("grenoble") => {
                Some(*judged_by)
            }
            EventKind::CollectionRecorded {
                garden: g,
                judged_by,
                ..
            } if g.as_str() == "grenoble" => Some(*judged_by),
            _ => None,
        })
        .collect();
    assert_eq!(before, [None, None, None]);
}

#[test]
fn given_the_reversal_when_read_then_it_undoes_the_duplicate_payment_of_lea() {
    let events = demo();
    let (index, entry, postings) = events
        .iter()
        .enumerate()
        .find_map(|(index, e)| match &e.kind {
            EventKind::EntryReversed {
                entry, postings, ..
            } => Some((index, *entry, postings)),
            _ => None,
        })
        .unwrap();
    let original = &events[usize::try_from(entry - 2).unwrap()];
    assert!(entry < index as u64 + 2);
    assert_eq!(original.on, day(2025, 12, 15));
    let EventKind::ContributionPaid { from, amount, .. } = &original.kind else {
        panic!("the reversed entry is a payment: {original:?}");
    };
    assert_eq!(*from, Account::Member("lea".parse().unwrap()));
    assert_eq!(amount.value(), money("15"));
    let undone: Vec<Decimal> = postings.iter().map(|p| p.amount).collect();
    let done: Vec<Decimal> = original.postings().iter().map(|p| -p.amount).collect();
    assert_eq!(undone, done);
}
