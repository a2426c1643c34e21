//! The rules of `decide`, one refusal at a time, and the effect of every event on the state.
//! Each test reads given / when / then; every figure is worked out by hand in the comments.

mod common;

use chrono::{Days, NaiveDate};
use common::*;
use jardins_ledger::{
    decide, Account, Amount, Cadence, CollectionKind, CollectionRule, Command, CommandKind,
    CommitmentId, CommitmentState, CurrencyCode, CurrencyKind, EconomicModel, EventKind, GardenId,
    GardenKind, MemberRole, Mode, ModeRule, Name, PaysFor, Period, PersonId, Refusal, RoleId,
    RoleRule, Spell, State, Text,
};
use rust_decimal::Decimal;

fn plus_days(date: &str, days: u64) -> String {
    (day(date) + Days::new(days)).to_string()
}

// ---------------------------------------------------------------------------------------------
// Malformed input: identifiers, names, texts, amounts, codes, periods, accounts.
// ---------------------------------------------------------------------------------------------

#[test]
fn malformed_identifiers_are_refused_with_the_expected_form() {
    // Given texts that are not lowercase slugs of 1 to 64 characters,
    // when each kind of id parses them, then each is refused as a MalformedId of that kind.
    let refusal = "Paris".parse::<GardenId>().unwrap_err();
    assert_refusal(&refusal, "MalformedId", &["'Paris'", "garden id"]);
    let refusal = "camille d".parse::<PersonId>().unwrap_err();
    assert_refusal(&refusal, "MalformedId", &["person id"]);
    let refusal = "facilitation-".parse::<RoleId>().unwrap_err();
    assert_refusal(&refusal, "MalformedId", &["role id"]);
    let refusal = "c".repeat(65).parse::<CommitmentId>().unwrap_err();
    assert_refusal(&refusal, "MalformedId", &["commitment id", "…"]);
    for bad in ["", "-a", "a_b", "é", "a\u{0}", "a\nb", "ＡＢ"] {
        let refusal = bad.parse::<GardenId>().unwrap_err();
        assert_refusal(&refusal, "MalformedId", &[]);
    }
    // And the longest allowed id is accepted.
    assert!("a".repeat(64).parse::<GardenId>().is_ok());
}

#[test]
fn malformed_names_and_texts_are_refused() {
    // Given a blank name, when it is made, then EmptyName.
    assert_refusal(
        &Name::new("   ").unwrap_err(),
        "EmptyName",
        &["empty or blank"],
    );
    // Given a 201-character name, then TextTooLong, naming the length and the limit.
    let refusal = Name::new(&"n".repeat(201)).unwrap_err();
    assert_refusal(&refusal, "TextTooLong", &["201 characters", "limit of 200"]);
    // Given a 4,001-character text, then TextTooLong with the text limit.
    let refusal = Text::new(&"t".repeat(4_001)).unwrap_err();
    assert_refusal(
        &refusal,
        "TextTooLong",
        &["4001 characters", "limit of 4000"],
    );
    // Given control characters (a tab or a newline in a name, a bell in a note) or a
    // right-to-left override, then ControlCharacter, shown escaped.
    let refusal = Name::new("a\tb").unwrap_err();
    assert_refusal(&refusal, "ControlCharacter", &["\\u{9}"]);
    let refusal = Name::new("a\nb").unwrap_err();
    assert_refusal(&refusal, "ControlCharacter", &["\\u{a}"]);
    let refusal = Text::new("ring\u{7}").unwrap_err();
    assert_refusal(&refusal, "ControlCharacter", &["\\u{7}"]);
    let refusal = Name::new("gnp\u{202E}.exe").unwrap_err();
    assert_refusal(&refusal, "ControlCharacter", &["\\u{202e}"]);
    // And a note may hold newlines.
    assert!(Text::new("line one\nline two").is_ok());
}

#[test]
fn malformed_amounts_are_refused() {
    // Given texts that are not plain decimals, then MalformedAmount.
    for bad in [
        "", "12.5.0", "1e3", "-5", "+5", " 5", "5 ", "NaN", "1 000", "12.", ".5",
    ] {
        assert_refusal(&Amount::parse(bad).unwrap_err(), "MalformedAmount", &[]);
    }
    assert_refusal(
        &Amount::parse("12;50").unwrap_err(),
        "MalformedAmount",
        &["'12;50'"],
    );
}

#[test]
fn zero_negative_and_too_large_amounts_are_refused() {
    // Given zero, typed or built, then AmountNotPositive.
    assert_refusal(
        &Amount::parse("0.00").unwrap_err(),
        "AmountNotPositive",
        &["0.00"],
    );
    assert_refusal(
        &Amount::new(Decimal::ZERO).unwrap_err(),
        "AmountNotPositive",
        &[],
    );
    // Given a negative amount, then AmountNotPositive.
    assert_refusal(
        &Amount::new(dec("-5")).unwrap_err(),
        "AmountNotPositive",
        &["-5"],
    );
    // Given one cent above one trillion, typed or built, then AmountTooLarge.
    assert_refusal(
        &Amount::parse("1000000000000.01").unwrap_err(),
        "AmountTooLarge",
        &["one trillion"],
    );
    assert_refusal(
        &Amount::new(dec("1000000000000.01")).unwrap_err(),
        "AmountTooLarge",
        &[],
    );
    assert_refusal(
        &Amount::parse("99999999999999").unwrap_err(),
        "AmountTooLarge",
        &[],
    );
    // And exactly one trillion is accepted.
    assert_eq!(
        Amount::parse("1000000000000").unwrap().value(),
        dec("1000000000000")
    );
}

#[test]
fn amounts_with_more_than_eight_places_are_refused_by_every_currency() {
    // Given 9 decimal places, typed or built, then TooManyDecimalPlacesAtAll.
    assert_refusal(
        &Amount::parse("0.000000001").unwrap_err(),
        "TooManyDecimalPlacesAtAll",
        &["0.000000001"],
    );
    assert_refusal(
        &Amount::new(dec("1.123456789")).unwrap_err(),
        "TooManyDecimalPlacesAtAll",
        &[],
    );
    // And trailing zeros are not places: 1.100000000 is 1.1.
    assert!(Amount::new(dec("1.100000000")).is_ok());
}

#[test]
fn malformed_currency_codes_periods_and_accounts_are_refused() {
    for bad in ["eur", "E", "1EU", "TOOLONGXX", "EU R", "ÉCU", ""] {
        let refusal = bad.parse::<CurrencyCode>().unwrap_err();
        assert_refusal(&refusal, "MalformedCurrencyCode", &[]);
    }
    assert!("GRAINE".parse::<CurrencyCode>().is_ok());
    // A sign is not a digit: `+999-12` and `2026-+3` are not months.
    for bad in [
        "2026-13", "2026-3", "26", "2026-00", "+999-12", "2026-+3", "march",
    ] {
        let refusal = bad.parse::<Period>().unwrap_err();
        assert_refusal(&refusal, "MalformedPeriod", &[]);
    }
    assert_eq!("2026".parse::<Period>().unwrap(), Period::Year(2026));
    for bad in ["bank", "garden:", "member:Alex", "big garden"] {
        let refusal = bad.parse::<Account>().unwrap_err();
        let rule = refusal.rule();
        assert!(
            rule == "MalformedAccount" || rule == "MalformedId",
            "{bad:?}: {refusal:?}"
        );
        assert_refusal(&refusal, rule, &[]);
    }
    assert_refusal(
        &"bank".parse::<Account>().unwrap_err(),
        "MalformedAccount",
        &["'bank'"],
    );
}

// ---------------------------------------------------------------------------------------------
// Dates.
// ---------------------------------------------------------------------------------------------

#[test]
fn a_date_in_the_future_is_refused_whatever_the_command() {
    // Given today is 2026-12-31,
    let ledger = Ledger::paris();
    // when a payment is dated 2027-01-01, then DateInFuture names both dates.
    let payment = pay_big_garden("paris", "20", eur());
    let refusal = ledger.refused("2027-01-01", payment.clone());
    assert_refusal(&refusal, "DateInFuture", &["2027-01-01", "2026-12-31"]);
    // and a currency dated tomorrow is refused too (the date check comes first),
    let refusal = ledger.refused(
        "2027-01-01",
        CommandKind::DeclareCurrency {
            currency: complementary("SEL", 2),
        },
    );
    assert_refusal(&refusal, "DateInFuture", &[]);
    // while today itself is accepted.
    let mut ledger = ledger;
    ledger.ok(
        "2026-12-31",
        collect("paris", CollectionKind::Event, "20", eur(), Mode::Fixed),
    );
    ledger.ok("2026-12-31", payment);
}

#[test]
fn a_date_before_the_garden_opened_is_refused() {
    // Given paris opened on 2026-01-01,
    let ledger = Ledger::paris();
    // when someone joins on 2025-12-31, then DateBeforeGardenOpened names the opening date.
    let refusal = ledger.refused("2025-12-31", join("paris", "zoe"));
    assert_refusal(
        &refusal,
        "DateBeforeGardenOpened",
        &["2025-12-31", "2026-01-01", "'paris'"],
    );
    // and a collection dated before the opening is refused the same way,
    let refusal = ledger.refused(
        "2025-06-01",
        collect("paris", CollectionKind::Event, "5", eur(), Mode::Fixed),
    );
    assert_refusal(&refusal, "DateBeforeGardenOpened", &[]);
    // and a commitment recorded after the opening but running from before it is refused.
    let refusal = ledger.refused(
        "2026-03-01",
        make_commitment(
            "alex-2026",
            "paris",
            "alex",
            "10",
            eur(),
            Cadence::Monthly,
            "2025-12-01",
            None,
        ),
    );
    assert_refusal(&refusal, "DateBeforeGardenOpened", &["2025-12-01"]);
}

// ---------------------------------------------------------------------------------------------
// Currencies.
// ---------------------------------------------------------------------------------------------

#[test]
fn an_undeclared_currency_is_refused() {
    // Given a ledger where only EUR and GRAINE are declared,
    let ledger = Ledger::paris();
    // when a collection is recorded in SEL, then UnknownCurrency names SEL.
    let refusal = ledger.refused(
        "2026-03-01",
        collect(
            "paris",
            CollectionKind::Event,
            "5",
            code("SEL"),
            Mode::Fixed,
        ),
    );
    assert_refusal(&refusal, "UnknownCurrency", &["SEL"]);
    // and a constitution that names SEL is refused the same way.
    let mut model = EconomicModel::default();
    model
        .big_garden
        .push(fixed(code("SEL"), "3", Cadence::Monthly));
    let refusal = ledger.refused(
        "2026-03-01",
        CommandKind::AdoptConstitution {
            garden: garden("paris"),
            constitution: constitution(1, model),
        },
    );
    assert_refusal(&refusal, "UnknownCurrency", &["SEL"]);
}

#[test]
fn a_currency_is_declared_once() {
    // Given a new ledger (EUR declared) with GRAINE declared,
    let ledger = Ledger::paris();
    // when EUR or GRAINE is declared again, then CurrencyAlreadyDeclared.
    let refusal = ledger.refused(
        "2026-03-01",
        CommandKind::DeclareCurrency {
            currency: jardins_ledger::Currency::euro(),
        },
    );
    assert_refusal(&refusal, "CurrencyAlreadyDeclared", &["EUR"]);
    let refusal = ledger.refused(
        "2026-03-01",
        CommandKind::DeclareCurrency {
            currency: complementary("GRAINE", 2),
        },
    );
    assert_refusal(&refusal, "CurrencyAlreadyDeclared", &["GRAINE"]);
}

#[test]
fn only_eur_is_the_euro_and_it_has_two_places() {
    // Given an empty state (no euro yet),
    let state = State::default();
    let declare = |code_text: &str, kind: CurrencyKind, places: u8| Command {
        on: day("2026-01-01"),
        kind: CommandKind::DeclareCurrency {
            currency: jardins_ledger::Currency {
                code: code(code_text),
                name: name("A currency"),
                kind,
                decimal_places: places,
            },
        },
    };
    let today = day("2026-12-31");
    // when EUR is declared complementary, GRAINE declared the euro, or EUR with 3 places,
    // then EuroMisdeclared each time.
    for command in [
        declare("EUR", CurrencyKind::Complementary, 2),
        declare("GRAINE", CurrencyKind::Euro, 2),
        declare("EUR", CurrencyKind::Euro, 3),
    ] {
        let refusal = decide(&state, &command, today).unwrap_err();
        assert_refusal(&refusal, "EuroMisdeclared", &[]);
    }
    // And the euro as every new ledger declares it is accepted.
    assert!(decide(&state, &declare("EUR", CurrencyKind::Euro, 2), today).is_ok());
}

#[test]
fn a_currency_has_zero_to_eight_places() {
    // Given a ledger, when a currency with 9 places is declared, then DecimalPlacesOutOfRange.
    let ledger = Ledger::new();
    let refusal = ledger.refused(
        "2026-01-01",
        CommandKind::DeclareCurrency {
            currency: complementary("SEL", 9),
        },
    );
    assert_refusal(&refusal, "DecimalPlacesOutOfRange", &["not 9"]);
    assert!(matches!(
        refusal,
        Refusal::DecimalPlacesOutOfRange { places: 9 }
    ));
    // And 0 and 8 are accepted.
    let mut ledger = ledger;
    ledger.declare(complementary("GRAINE", 0));
    ledger.declare(complementary("SEL", 8));
}

#[test]
fn an_amount_with_more_places_than_its_currency_is_refused_not_rounded() {
    // Given EUR (2 places) and GRAINE (0 places),
    let mut ledger = Ledger::paris();
    // when 0.001 EUR is collected, then TooManyDecimalPlaces names EUR and its 2 places;
    let refusal = ledger.refused(
        "2026-03-01",
        collect("paris", CollectionKind::Event, "0.001", eur(), Mode::Fixed),
    );
    assert_refusal(&refusal, "TooManyDecimalPlaces", &["0.001", "EUR", "(2)"]);
    // when 1.5 GRAINE is paid, the same with 0 places;
    let refusal = ledger.refused(
        "2026-03-01",
        pay(
            member_account("alex"),
            garden_account("paris"),
            "1.5",
            code("GRAINE"),
            Mode::Conscious,
            PaysFor::OneOff,
        ),
    );
    assert_refusal(&refusal, "TooManyDecimalPlaces", &["1.5", "GRAINE", "(0)"]);
    // and a constitution whose fixed amount has too many places is refused too.
    let mut model = EconomicModel::default();
    model
        .big_garden
        .push(fixed(code("GRAINE"), "2.5", Cadence::Monthly));
    let refusal = ledger.refused(
        "2026-03-01",
        CommandKind::AdoptConstitution {
            garden: garden("paris"),
            constitution: constitution(1, model),
        },
    );
    assert_refusal(&refusal, "TooManyDecimalPlaces", &["GRAINE"]);
    // But 12.500 EUR has only trailing zeros: it is recorded as 12.50, not rounded.
    let sequence = ledger.ok(
        "2026-03-01",
        collect("paris", CollectionKind::Event, "12.500", eur(), Mode::Fixed),
    );
    let EventKind::CollectionRecorded { amount, .. } = &ledger.event(sequence).kind else {
        panic!("a collection")
    };
    assert_eq!(amount.value().to_string(), "12.50");
}

// ---------------------------------------------------------------------------------------------
// Gardens, people and members.
// ---------------------------------------------------------------------------------------------

#[test]
fn an_unknown_garden_is_refused() {
    // Given a ledger with only paris,
    let ledger = Ledger::paris();
    // when anything is recorded for lyon, then UnknownGarden names lyon.
    for command in [
        join("lyon", "zoe"),
        collect("lyon", CollectionKind::Event, "5", eur(), Mode::Fixed),
        pay_big_garden("lyon", "20", eur()),
        expense(garden_account("lyon"), "5", eur()),
        close("lyon"),
        pay(
            member_account("alex"),
            garden_account("lyon"),
            "5",
            eur(),
            Mode::Fixed,
            PaysFor::OneOff,
        ),
    ] {
        let refusal = ledger.refused("2026-03-01", command);
        assert_refusal(&refusal, "UnknownGarden", &["'lyon'"]);
    }
}

#[test]
fn a_garden_id_is_opened_once() {
    // Given paris is open, when paris is opened again, then GardenAlreadyExists.
    let ledger = Ledger::paris();
    let refusal = ledger.refused(
        "2026-03-01",
        CommandKind::OpenGarden {
            garden: garden("paris"),
            name: name("Another Paris"),
            kind: GardenKind::Thematic {
                theme: name("clown"),
            },
            core: core(&["zoe", "yann"]),
        },
    );
    assert_refusal(&refusal, "GardenAlreadyExists", &["'paris'"]);
}

#[test]
fn nothing_more_is_recorded_for_a_closed_garden() {
    // Given lyon opened and closed, holding nothing,
    let mut ledger = Ledger::paris();
    ledger.open("2026-02-01", "lyon", &["zoe", "yann"]);
    ledger.ok("2026-06-30", close("lyon"));
    // when anything is recorded for it, even dated before it closed, then GardenIsClosed.
    for command in [
        join("lyon", "alex"),
        collect("lyon", CollectionKind::Event, "5", eur(), Mode::Fixed),
        pay_big_garden("lyon", "20", eur()),
        expense(garden_account("lyon"), "5", eur()),
        close("lyon"),
        CommandKind::AdoptConstitution {
            garden: garden("lyon"),
            constitution: constitution(1, EconomicModel::default()),
        },
    ] {
        let refusal = ledger.refused("2026-03-01", command);
        assert_refusal(&refusal, "GardenIsClosed", &["'lyon'", "2026-06-30"]);
    }
}

#[test]
fn a_core_needs_two_distinct_people() {
    let ledger = Ledger::new();
    let open = |ids: &[&str]| CommandKind::OpenGarden {
        garden: garden("paris"),
        name: name("Jardin de Paris"),
        kind: GardenKind::Local {
            territory: name("Paris"),
        },
        core: core(ids),
    };
    // Given a core of one person, or the same person twice, or nobody,
    // when the garden is opened, then CoreTooSmall counts the distinct people.
    for (ids, distinct) in [
        (&["camille"][..], 1),
        (&["camille", "camille"][..], 1),
        (&[][..], 0),
    ] {
        let refusal = ledger.refused("2026-01-01", open(ids));
        assert_refusal(
            &refusal,
            "CoreTooSmall",
            &[&format!("{distinct} were given")],
        );
        assert_eq!(refusal, Refusal::CoreTooSmall { distinct });
    }
}

#[test]
fn a_core_has_at_most_64_people() {
    // Given 65 people, when a garden is opened with them all as its core, then CoreTooLarge.
    let ledger = Ledger::new();
    let ids: Vec<String> = (0..65).map(|i| format!("p{i}")).collect();
    let id_refs: Vec<&str> = ids.iter().map(String::as_str).collect();
    let refusal = ledger.refused(
        "2026-01-01",
        CommandKind::OpenGarden {
            garden: garden("big-core"),
            name: name("Big core"),
            kind: GardenKind::Organisation {
                organisation: name("Org"),
            },
            core: core(&id_refs),
        },
    );
    assert_refusal(&refusal, "CoreTooLarge", &["65 were given", "at most 64"]);
    // And 64 are accepted.
    let mut ledger = ledger;
    ledger.open("2026-01-01", "big-core", &id_refs[..64]);
}

#[test]
fn an_unknown_person_is_refused() {
    // Given zoe has never joined any garden,
    let ledger = Ledger::paris_constituted();
    // when zoe is paid for a role, pays, commits or leaves, then UnknownPerson names zoe.
    for command in [
        value_role("paris", "facilitation", "zoe", "50", eur()),
        pay(
            member_account("zoe"),
            garden_account("paris"),
            "10",
            eur(),
            Mode::Fixed,
            PaysFor::OneOff,
        ),
        pay(
            member_account("zoe"),
            Account::BigGarden,
            "10",
            eur(),
            Mode::Conscious,
            PaysFor::OneOff,
        ),
        make_commitment(
            "zoe-2026",
            "paris",
            "zoe",
            "10",
            eur(),
            Cadence::Monthly,
            "2026-03-01",
            None,
        ),
        leave("paris", "zoe"),
    ] {
        let refusal = ledger.refused("2026-03-01", command);
        assert_refusal(&refusal, "UnknownPerson", &["'zoe'"]);
    }
}

#[test]
fn a_person_who_is_not_a_member_on_that_date_is_refused() {
    // Given alex joined paris on 2026-01-10 and left on 2026-05-31; zoe is only in lyon,
    let mut ledger = Ledger::paris();
    ledger.open("2026-01-01", "lyon", &["zoe", "yann"]);
    ledger.ok("2026-05-31", leave("paris", "alex"));
    let alex_pays = || {
        pay(
            member_account("alex"),
            garden_account("paris"),
            "10",
            eur(),
            Mode::Conscious,
            PaysFor::OneOff,
        )
    };
    // when alex pays paris before joining or after leaving, then NotAMember names the date;
    for on in ["2026-01-09", "2026-06-01"] {
        let refusal = ledger.refused(on, alex_pays());
        assert_refusal(&refusal, "NotAMember", &["'alex'", "'paris'", on]);
    }
    // when zoe is paid for a role in paris, then NotAMember;
    let refusal = ledger.refused(
        "2026-03-01",
        value_role("paris", "facilitation", "zoe", "50", eur()),
    );
    assert_refusal(&refusal, "NotAMember", &["'zoe'"]);
    // when alex leaves again, then NotAMember;
    let refusal = ledger.refused("2026-07-01", leave("paris", "alex"));
    assert_refusal(&refusal, "NotAMember", &[]);
    // while a payment dated within the membership (and on its last day) is accepted.
    ledger.ok("2026-05-31", alex_pays());
    ledger.ok("2026-01-10", alex_pays());
}

#[test]
fn a_leave_cannot_be_dated_inside_an_earlier_membership() {
    // Given alex was a member of paris from 2026-01-10 to 2026-02-28 and joined again on
    // 2026-06-01,
    let mut ledger = Ledger::paris();
    ledger.ok("2026-02-28", leave("paris", "alex"));
    ledger.join("2026-06-01", "paris", "alex");
    // when alex is recorded leaving on 2026-02-01 (a member then, but of the earlier spell),
    // then NotAMember: a leave closes the current membership, which began on 2026-06-01.
    let refusal = ledger.refused("2026-02-01", leave("paris", "alex"));
    assert_refusal(&refusal, "NotAMember", &["2026-02-01"]);
    // And a leave within the current membership is accepted and closes it.
    ledger.ok("2026-07-01", leave("paris", "alex"));
    let spells = &ledger.state.members[&(garden("paris"), person("alex"))].spells;
    assert_eq!(
        spells,
        &vec![
            Spell {
                joined: day("2026-01-10"),
                left: Some(day("2026-02-28")),
            },
            Spell {
                joined: day("2026-06-01"),
                left: Some(day("2026-07-01")),
            },
        ]
    );
}

#[test]
fn a_member_cannot_join_twice() {
    // Given alex is a member and camille is in the core,
    let ledger = Ledger::paris();
    // when either joins paris, then AlreadyAMember.
    for who in ["alex", "camille"] {
        let refusal = ledger.refused("2026-03-01", join("paris", who));
        assert_refusal(
            &refusal,
            "AlreadyAMember",
            &[&format!("'{who}'"), "'paris'"],
        );
    }
}

#[test]
fn rejoining_on_or_before_the_day_one_left_is_refused() {
    // Given alex left paris on 2026-03-01,
    let mut ledger = Ledger::paris();
    ledger.ok("2026-03-01", leave("paris", "alex"));
    // when alex rejoins on that same day, then refused (they were a member that day);
    let refusal = ledger.refused("2026-03-01", join("paris", "alex"));
    assert_eq!(refusal.rule(), "RejoinBeforeLeft");
    assert!(say(&refusal).contains("give a later date"), "{refusal:?}");
    // and the next day is accepted.
    ledger.join("2026-03-02", "paris", "alex");
}

#[test]
fn a_person_joins_one_garden_at_most_100_times() {
    // Given alex has joined paris 100 times (left 99 of them, then left the 100th),
    let mut ledger = Ledger::paris();
    let mut on = "2026-01-10".to_string();
    for _ in 0..99 {
        on = plus_days(&on, 1);
        ledger.ok(&on, leave("paris", "alex"));
        on = plus_days(&on, 1);
        ledger.join(&on, "paris", "alex");
    }
    on = plus_days(&on, 1);
    ledger.ok(&on, leave("paris", "alex"));
    let spells = ledger.state.members[&(garden("paris"), person("alex"))]
        .spells
        .len();
    assert_eq!(spells, 100);
    // when alex joins again, then TooManyMemberships.
    let refusal = ledger.refused(&plus_days(&on, 1), join("paris", "alex"));
    assert_refusal(&refusal, "TooManyMemberships", &["100 times"]);
}

#[test]
fn the_core_keeps_two_members() {
    // Given paris with a core of two (camille, dominique),
    let mut ledger = Ledger::paris();
    // when camille leaves, then CoreMemberCannotLeave;
    let refusal = ledger.refused("2026-03-01", leave("paris", "camille"));
    assert_refusal(&refusal, "CoreMemberCannotLeave", &["'camille'", "'paris'"]);
    // given lyon with a core of three, one of them may leave, but then no second one.
    ledger.open("2026-01-01", "lyon", &["zoe", "yann", "xavier"]);
    ledger.ok("2026-03-01", leave("lyon", "zoe"));
    let refusal = ledger.refused("2026-03-02", leave("lyon", "yann"));
    assert_refusal(&refusal, "CoreMemberCannotLeave", &["'yann'"]);
    // A member who is not in the core leaves freely.
    ledger.ok("2026-03-01", leave("paris", "alex"));
}

#[test]
fn a_garden_that_holds_money_cannot_close() {
    // Given paris collected 50.00 EUR and 7 GRAINE,
    let mut ledger = Ledger::paris();
    ledger.ok(
        "2026-03-01",
        collect("paris", CollectionKind::Event, "50", eur(), Mode::Fixed),
    );
    ledger.ok(
        "2026-03-01",
        collect(
            "paris",
            CollectionKind::Gathering,
            "7",
            code("GRAINE"),
            Mode::Conscious,
        ),
    );
    // when it closes, then GardenStillHoldsMoney lists both holdings at their places;
    let refusal = ledger.refused("2026-04-01", close("paris"));
    assert_refusal(
        &refusal,
        "GardenStillHoldsMoney",
        &["50.00 EUR", "7 GRAINE"],
    );
    // after paying out the EUR, only the GRAINE is left;
    ledger.ok("2026-04-01", expense(garden_account("paris"), "50", eur()));
    let refusal = ledger.refused("2026-04-01", close("paris"));
    assert_refusal(&refusal, "GardenStillHoldsMoney", &["7 GRAINE"]);
    assert!(!say(&refusal).contains("EUR"));
    // and a garden that owes (a negative balance) does not close either: it is overdrawn by
    // 3 GRAINE (7 - 10), to bring back to zero; nothing there is to pay out.
    ledger.ok(
        "2026-04-01",
        expense(garden_account("paris"), "10", code("GRAINE")),
    );
    let refusal = ledger.refused("2026-04-02", close("paris"));
    assert_refusal(
        &refusal,
        "GardenOverdrawn",
        &[
            "'paris' is overdrawn by 3 GRAINE",
            "a contribution",
            "reversal",
        ],
    );
    let message = say(&refusal);
    assert!(!message.contains("-3"), "{message}");
    assert!(!message.contains("pay it out"), "{message}");
    assert!(!message.contains("also holds"), "{message}");
    // Once every balance is zero, it closes.
    ledger.ok(
        "2026-04-02",
        collect(
            "paris",
            CollectionKind::Gathering,
            "3",
            code("GRAINE"),
            Mode::Conscious,
        ),
    );
    ledger.ok("2026-04-03", close("paris"));
}

#[test]
fn an_overdrawn_garden_is_told_to_come_back_to_zero_and_what_else_to_pay_out() {
    // Given paris holds 26.50 EUR after a collection and owes 4 GRAINE after an expense,
    let mut ledger = Ledger::paris();
    ledger.ok(
        "2026-03-01",
        collect("paris", CollectionKind::Event, "26.5", eur(), Mode::Fixed),
    );
    ledger.ok(
        "2026-03-01",
        expense(garden_account("paris"), "4", code("GRAINE")),
    );
    // when it closes, then GardenOverdrawn names the 4 GRAINE it owes and the 26.50 EUR it
    // still holds, to pay out;
    let refusal = ledger.refused("2026-04-01", close("paris"));
    assert_refusal(
        &refusal,
        "GardenOverdrawn",
        &[
            "overdrawn by 4 GRAINE",
            "it also holds 26.50 EUR, to pay out",
        ],
    );
    // when only EUR is left to pay out, then it is GardenStillHoldsMoney again;
    ledger.ok(
        "2026-04-01",
        collect(
            "paris",
            CollectionKind::Gathering,
            "4",
            code("GRAINE"),
            Mode::Conscious,
        ),
    );
    let refusal = ledger.refused("2026-04-01", close("paris"));
    assert_refusal(&refusal, "GardenStillHoldsMoney", &["26.50 EUR"]);
    // and when paris pays out more than it holds, it is overdrawn by 26.50 EUR, not -26.50.
    ledger.ok("2026-04-01", expense(garden_account("paris"), "53", eur()));
    let refusal = ledger.refused("2026-04-02", close("paris"));
    assert_refusal(&refusal, "GardenOverdrawn", &["overdrawn by 26.50 EUR"]);
    assert!(!say(&refusal).contains("-26.50"), "{refusal:?}");
    assert!(!say(&refusal).contains("also holds"), "{refusal:?}");
}

// ---------------------------------------------------------------------------------------------
// Constitutions.
// ---------------------------------------------------------------------------------------------

#[test]
fn constitution_versions_follow_each_other() {
    let mut ledger = Ledger::paris();
    let adopt = |version: u32| CommandKind::AdoptConstitution {
        garden: garden("paris"),
        constitution: constitution(version, EconomicModel::default()),
    };
    // Given no constitution, when version 2 (or 0) is adopted, then out of order: expected 1.
    for version in [0, 2] {
        let refusal = ledger.refused("2026-02-01", adopt(version));
        assert_refusal(
            &refusal,
            "ConstitutionVersionOutOfOrder",
            &[&format!("must be 1, not {version}")],
        );
    }
    // Given version 1, when version 1 or 3 is adopted, then out of order: expected 2.
    ledger.ok("2026-02-01", adopt(1));
    for version in [1, 3] {
        let refusal = ledger.refused("2026-03-01", adopt(version));
        assert_refusal(
            &refusal,
            "ConstitutionVersionOutOfOrder",
            &[
                "at constitution version 1",
                &format!("must be 2, not {version}"),
            ],
        );
    }
    ledger.ok("2026-03-01", adopt(2));
}

#[test]
fn a_constitution_cannot_take_effect_before_the_previous_one() {
    // Given version 1 took effect on 2026-02-01,
    let ledger = Ledger::paris_constituted();
    // when version 2 is dated 2026-01-15, then ConstitutionBeforePrevious.
    let refusal = ledger.refused(
        "2026-01-15",
        CommandKind::AdoptConstitution {
            garden: garden("paris"),
            constitution: constitution(2, paris_model()),
        },
    );
    assert_refusal(
        &refusal,
        "ConstitutionBeforePrevious",
        &["2026-01-15", "2026-02-01", "version 2", "version 1"],
    );
    // And the same day is accepted: the later version is then the one in force.
    let mut ledger = ledger;
    ledger.adopt("2026-02-01", "paris", 2, EconomicModel::default());
    let paris = &ledger.state.gardens[&garden("paris")];
    assert_eq!(paris.constitution_on(day("2026-02-01")).unwrap().version, 2);
}

#[test]
fn an_invalid_constitution_is_refused() {
    let ledger = Ledger::paris();
    let adopt = |constitution| CommandKind::AdoptConstitution {
        garden: garden("paris"),
        constitution,
    };
    // Given a blank purpose, then ConstitutionInvalid asks for one.
    let mut blank = constitution(1, paris_model());
    blank.purpose = text("  ");
    let refusal = ledger.refused("2026-02-01", adopt(blank));
    assert_refusal(
        &refusal,
        "ConstitutionInvalid",
        &["purpose", "say why the garden exists"],
    );
    // Given two big-garden rules in EUR, then one rule per currency.
    let mut model = paris_model();
    model.big_garden.push(conscious(eur(), Cadence::Yearly));
    let refusal = ledger.refused("2026-02-01", adopt(constitution(1, model)));
    assert_refusal(
        &refusal,
        "ConstitutionInvalid",
        &[
            "big_garden has two rules in EUR",
            "give one rule per currency",
        ],
    );
    // Given the same role twice in EUR, then the same.
    let mut model = paris_model();
    let again = model.roles[0].clone();
    model.roles.push(again);
    let refusal = ledger.refused("2026-02-01", adopt(constitution(1, model)));
    assert_refusal(
        &refusal,
        "ConstitutionInvalid",
        &["role facilitation has two rules in EUR"],
    );
    // Given 65 rules in one point, then the limit of 64.
    let model = EconomicModel {
        commitments: vec![fixed(eur(), "10", Cadence::Monthly); 65],
        ..EconomicModel::default()
    };
    let refusal = ledger.refused("2026-02-01", adopt(constitution(1, model)));
    assert_refusal(
        &refusal,
        "ConstitutionInvalid",
        &["commitments has 65 rules", "give at most 64"],
    );
}

#[test]
fn a_garden_adopts_at_most_1000_versions() {
    // Given paris has adopted 1000 versions,
    let mut ledger = Ledger::paris();
    for version in 1..=1000 {
        ledger.adopt("2026-02-01", "paris", version, EconomicModel::default());
    }
    // when it adopts version 1001, then ConstitutionInvalid names the limit.
    let refusal = ledger.refused(
        "2026-02-01",
        CommandKind::AdoptConstitution {
            garden: garden("paris"),
            constitution: constitution(1001, EconomicModel::default()),
        },
    );
    assert_refusal(
        &refusal,
        "ConstitutionInvalid",
        &["at most 1000 versions", "gather several changes"],
    );
}

#[test]
fn a_currency_the_constitution_does_not_accept_for_that_flow_is_refused() {
    // Given paris's constitution (big garden: EUR only; roles: EUR; gatherings: nothing) and a
    // declared SEL that no point accepts,
    let mut ledger = Ledger::paris_constituted();
    ledger.declare(complementary("SEL", 2));
    // when paris pays the big garden in GRAINE, then CurrencyNotAccepted lists EUR;
    let refusal = ledger.refused("2026-03-01", pay_big_garden("paris", "20", code("GRAINE")));
    assert_refusal(
        &refusal,
        "CurrencyNotAccepted",
        &[
            "contribution to the big garden",
            "GRAINE",
            "version 1",
            "accepts: EUR",
        ],
    );
    // when a role is valued in GRAINE, then the same for the valued role;
    let refusal = ledger.refused(
        "2026-03-01",
        value_role("paris", "facilitation", "camille", "50", code("GRAINE")),
    );
    assert_refusal(
        &refusal,
        "CurrencyNotAccepted",
        &["the valued role", "accepts: EUR"],
    );
    // when alex pays paris in SEL, then the commitments point lists EUR and GRAINE;
    let refusal = ledger.refused(
        "2026-03-01",
        pay(
            member_account("alex"),
            garden_account("paris"),
            "10",
            code("SEL"),
            Mode::Fixed,
            PaysFor::OneOff,
        ),
    );
    assert_refusal(
        &refusal,
        "CurrencyNotAccepted",
        &["a member's contribution", "SEL", "accepts: EUR, GRAINE"],
    );
    // when alex commits in SEL, then the same for a minimum commitment;
    let refusal = ledger.refused(
        "2026-03-01",
        make_commitment(
            "alex-sel",
            "paris",
            "alex",
            "10",
            code("SEL"),
            Cadence::Monthly,
            "2026-03-01",
            None,
        ),
    );
    assert_refusal(&refusal, "CurrencyNotAccepted", &["a minimum commitment"]);
    // when a gathering collects in EUR, then it is the kind that is refused, not the
    // currency: this version has no rule for gatherings at all.
    let refusal = ledger.refused(
        "2026-03-01",
        collect("paris", CollectionKind::Gathering, "5", eur(), Mode::Fixed),
    );
    assert_refusal(
        &refusal,
        "CollectionKindNotAccepted",
        &["of the kind gathering", "version 1", "--kind"],
    );
    assert!(!say(&refusal).contains("EUR"), "{}", say(&refusal));
}

#[test]
fn a_fixed_payment_must_be_the_fixed_amount() {
    // Given paris's constitution: big garden 20 EUR, facilitation 50 EUR, commitments 10 EUR,
    let mut ledger = Ledger::paris_constituted();
    // when paris pays the big garden 25 EUR, then FixedAmountDiffers says 20.00, not 25.00;
    // each message's hint fits its flow: none tells a role or a commitment to "pay per period";
    let no_period_hint = |refusal: &Refusal| {
        let message = say(refusal);
        assert!(!message.contains("pay per period"), "{message}");
    };
    let refusal = ledger.refused("2026-03-01", pay_big_garden("paris", "25", eur()));
    assert_refusal(
        &refusal,
        "FixedAmountDiffers",
        &[
            "the contribution to the big garden of 'paris'",
            "fixed amount of 20.00 EUR",
            "not 25.00",
            "version 1",
            "record exactly 20.00 EUR, one payment per month",
            "adopt a constitution version that sets it",
        ],
    );
    no_period_hint(&refusal);
    // when facilitation is valued 40, then 50.00, not 40.00, for each month the role is held;
    let refusal = ledger.refused(
        "2026-03-01",
        value_role("paris", "facilitation", "camille", "40", eur()),
    );
    assert_refusal(
        &refusal,
        "FixedAmountDiffers",
        &[
            "the valued role of 'paris'",
            "50.00",
            "not 40.00",
            "record exactly 50.00 EUR for each month the role is held",
        ],
    );
    no_period_hint(&refusal);
    // when alex pays 12 EUR for a month, then 10.00;
    let refusal = ledger.refused(
        "2026-03-01",
        pay(
            member_account("alex"),
            garden_account("paris"),
            "12",
            eur(),
            Mode::Fixed,
            PaysFor::Period("2026-03".parse().unwrap()),
        ),
    );
    assert_refusal(
        &refusal,
        "FixedAmountDiffers",
        &[
            "a member's contribution of 'paris'",
            "10.00",
            "not 12.00",
            "record exactly 10.00 EUR, one payment per month",
            "make a commitment",
        ],
    );
    no_period_hint(&refusal);
    // and when alex committed 15 a month, a payment toward it owes 15, not the minimum 10.
    ledger.ok(
        "2026-03-01",
        make_commitment(
            "alex-2026",
            "paris",
            "alex",
            "15",
            eur(),
            Cadence::Monthly,
            "2026-03-01",
            None,
        ),
    );
    let toward = |amount_text: &str| {
        pay(
            member_account("alex"),
            garden_account("paris"),
            amount_text,
            eur(),
            Mode::Fixed,
            PaysFor::Commitment(commitment("alex-2026")),
        )
    };
    let refusal = ledger.refused("2026-03-05", toward("10"));
    assert_refusal(
        &refusal,
        "FixedAmountDiffers",
        &[
            "a payment toward a commitment of 'paris'",
            "15.00",
            "not 10.00",
            "record exactly 15.00 EUR, the amount of commitment 'alex-2026', one payment per month",
        ],
    );
    no_period_hint(&refusal);
    ledger.ok("2026-03-05", toward("15"));
}

#[test]
fn a_payment_must_use_the_mode_the_constitution_sets() {
    // Given paris's constitution (big garden fixed; fundraising and GRAINE commitments conscious),
    let ledger = Ledger::paris_constituted();
    // when the big garden is paid in conscious mode, then ModeDiffers: fixed, not conscious;
    let refusal = ledger.refused(
        "2026-03-01",
        pay(
            garden_account("paris"),
            Account::BigGarden,
            "20",
            eur(),
            Mode::Conscious,
            PaysFor::OneOff,
        ),
    );
    assert_refusal(
        &refusal,
        "ModeDiffers",
        &["is fixed in constitution version 1, not conscious"],
    );
    // when a fundraising is recorded as fixed, then conscious, not fixed;
    let refusal = ledger.refused(
        "2026-03-01",
        collect(
            "paris",
            CollectionKind::Fundraising,
            "100",
            eur(),
            Mode::Fixed,
        ),
    );
    assert_refusal(&refusal, "ModeDiffers", &["a fundraising", "not fixed"]);
    // when alex pays GRAINE as fixed, then conscious, not fixed.
    let refusal = ledger.refused(
        "2026-03-01",
        pay(
            member_account("alex"),
            garden_account("paris"),
            "3",
            code("GRAINE"),
            Mode::Fixed,
            PaysFor::OneOff,
        ),
    );
    assert_refusal(
        &refusal,
        "ModeDiffers",
        &["a member's contribution", "not fixed"],
    );
}

#[test]
fn a_commitment_below_the_minimum_is_refused() {
    // Given paris asks at least 10 EUR a month,
    let mut ledger = Ledger::paris_constituted();
    let commit = |amount_text: &str| {
        make_commitment(
            "alex-2026",
            "paris",
            "alex",
            amount_text,
            eur(),
            Cadence::Monthly,
            "2026-03-01",
            None,
        )
    };
    // when alex commits 9.99, then CommitmentBelowMinimum names 10.00 EUR;
    let refusal = ledger.refused("2026-03-01", commit("9.99"));
    assert_refusal(
        &refusal,
        "CommitmentBelowMinimum",
        &[
            "9.99 EUR",
            "minimum of 10.00 EUR",
            "commit at least 10.00 EUR",
        ],
    );
    // and exactly the minimum is accepted.
    ledger.ok("2026-03-01", commit("10"));
}

#[test]
fn a_commitment_must_have_the_cadence_the_constitution_asks() {
    // Given paris asks monthly EUR commitments, when alex commits yearly, then
    // CommitmentMismatch names the cadence asked.
    let ledger = Ledger::paris_constituted();
    let refusal = ledger.refused(
        "2026-03-01",
        make_commitment(
            "alex-2026",
            "paris",
            "alex",
            "120",
            eur(),
            Cadence::Yearly,
            "2026-03-01",
            None,
        ),
    );
    assert_refusal(
        &refusal,
        "CommitmentMismatch",
        &["asks monthly commitments in EUR, not yearly"],
    );
}

#[test]
fn a_role_the_constitution_does_not_value_is_refused() {
    // Given paris values only facilitation, when cooking is valued, then RoleNotValued lists
    // the valued roles.
    let ledger = Ledger::paris_constituted();
    let refusal = ledger.refused(
        "2026-03-01",
        value_role("paris", "cooking", "camille", "50", eur()),
    );
    assert_refusal(
        &refusal,
        "RoleNotValued",
        &["'cooking'", "valued roles are facilitation (EUR)"],
    );
}

#[test]
fn a_fixed_price_collection_is_a_whole_number_of_tickets() {
    // Given events are ticketed 5 EUR, when 12 EUR is collected, then
    // CollectionNotMultipleOfPrice; 15 EUR (three tickets) is accepted.
    let mut ledger = Ledger::paris_constituted();
    let refusal = ledger.refused(
        "2026-03-01",
        collect("paris", CollectionKind::Event, "12", eur(), Mode::Fixed),
    );
    assert_refusal(
        &refusal,
        "CollectionNotMultipleOfPrice",
        &["12.00 EUR", "fixed price 5.00", "record a multiple of 5.00"],
    );
    ledger.ok(
        "2026-03-01",
        collect("paris", CollectionKind::Event, "15", eur(), Mode::Fixed),
    );
}

// ---------------------------------------------------------------------------------------------
// Commitments.
// ---------------------------------------------------------------------------------------------

fn alex_commits(ledger: &mut Ledger) {
    ledger.ok(
        "2026-03-01",
        make_commitment(
            "alex-2026",
            "paris",
            "alex",
            "15",
            eur(),
            Cadence::Monthly,
            "2026-03-01",
            Some("2026-12-31"),
        ),
    );
}

#[test]
fn an_unknown_commitment_is_refused() {
    // Given no commitment nope, when it is ended or paid toward, then UnknownCommitment.
    let ledger = Ledger::paris_constituted();
    for command in [
        CommandKind::EndCommitment {
            commitment: commitment("nope"),
            until: day("2026-06-30"),
        },
        pay(
            member_account("alex"),
            garden_account("paris"),
            "10",
            eur(),
            Mode::Fixed,
            PaysFor::Commitment(commitment("nope")),
        ),
    ] {
        let refusal = ledger.refused("2026-03-01", command);
        assert_refusal(&refusal, "UnknownCommitment", &["'nope'"]);
    }
}

#[test]
fn a_commitment_id_is_used_once() {
    // Given alex-2026 exists, when it is made again (by anyone), then CommitmentAlreadyExists.
    let mut ledger = Ledger::paris_constituted();
    alex_commits(&mut ledger);
    let refusal = ledger.refused(
        "2026-03-01",
        make_commitment(
            "alex-2026",
            "paris",
            "camille",
            "10",
            eur(),
            Cadence::Monthly,
            "2026-03-01",
            None,
        ),
    );
    assert_refusal(&refusal, "CommitmentAlreadyExists", &["'alex-2026'"]);
}

#[test]
fn a_commitment_ends_on_or_after_it_starts() {
    // Given no commitment yet, when one would end before it starts, then CommitmentMismatch.
    let mut ledger = Ledger::paris_constituted();
    let refusal = ledger.refused(
        "2026-03-01",
        make_commitment(
            "alex-2026",
            "paris",
            "alex",
            "15",
            eur(),
            Cadence::Monthly,
            "2026-03-01",
            Some("2026-02-28"),
        ),
    );
    assert_refusal(
        &refusal,
        "CommitmentMismatch",
        &["end before it starts", "give an end on or after its start"],
    );
    // Given alex-2026 runs 2026-03-01 to 2026-12-31,
    alex_commits(&mut ledger);
    let end = |until: &str| CommandKind::EndCommitment {
        commitment: commitment("alex-2026"),
        until: day(until),
    };
    // when it is ended before it starts, then CommitmentMismatch;
    let refusal = ledger.refused("2026-03-01", end("2026-02-01"));
    assert_refusal(&refusal, "CommitmentMismatch", &["cannot end before"]);
    // when its end is moved later or kept, then CommitmentMismatch (an end only comes forward);
    for until in ["2027-06-30", "2026-12-31"] {
        let refusal = ledger.refused("2026-03-01", end(until));
        assert_refusal(
            &refusal,
            "CommitmentMismatch",
            &[
                "already ends on 2026-12-31",
                "give a date before 2026-12-31",
            ],
        );
    }
    // and bringing it forward is accepted.
    ledger.ok("2026-03-01", end("2026-06-30"));
}

#[test]
fn a_payment_toward_a_commitment_must_match_it() {
    // Given alex-2026: alex owes paris 15 EUR a month from 2026-03-01, and lyon exists,
    let mut ledger = Ledger::paris_constituted();
    ledger.open("2026-01-01", "lyon", &["zoe", "yann"]);
    ledger.join("2026-01-01", "lyon", "alex");
    alex_commits(&mut ledger);
    let toward = |from: &str, to: &str, currency: CurrencyCode| {
        pay(
            member_account(from),
            garden_account(to),
            "15",
            currency,
            Mode::Fixed,
            PaysFor::Commitment(commitment("alex-2026")),
        )
    };
    // when camille pays it, or alex pays it to lyon, then CommitmentMismatch names who owes whom;
    for (from, to) in [("camille", "paris"), ("alex", "lyon")] {
        let refusal = ledger.refused("2026-03-05", toward(from, to, eur()));
        assert_refusal(
            &refusal,
            "CommitmentMismatch",
            &["member:alex to garden:paris", "pay it from that member"],
        );
    }
    // when alex pays it in GRAINE, then it is in EUR;
    let refusal = ledger.refused("2026-03-05", toward("alex", "paris", code("GRAINE")));
    assert_refusal(
        &refusal,
        "CommitmentMismatch",
        &["it is in EUR, not GRAINE"],
    );
    // when alex pays it before it starts, then date it on or after 2026-03-01.
    let refusal = ledger.refused("2026-02-15", toward("alex", "paris", eur()));
    assert_refusal(
        &refusal,
        "CommitmentMismatch",
        &["starts on 2026-03-01", "date the payment on or after"],
    );
}

// ---------------------------------------------------------------------------------------------
// Accounts.
// ---------------------------------------------------------------------------------------------

#[test]
fn accounts_that_cannot_pay_or_receive_are_refused() {
    let ledger = Ledger::paris();
    let contribution =
        |from: Account, to: Account| pay(from, to, "10", eur(), Mode::Conscious, PaysFor::OneOff);
    // Given the outside or the big garden as the payer of a contribution, then AccountNotAllowed.
    for from in [Account::Outside, Account::BigGarden] {
        let refusal = ledger.refused(
            "2026-03-01",
            contribution(from.clone(), garden_account("paris")),
        );
        assert_refusal(
            &refusal,
            "AccountNotAllowed",
            &[
                &from.to_string(),
                "cannot pay a contribution",
                "record takings from outside with 'collect'",
            ],
        );
    }
    // Given a member or the outside as the receiver, then AccountNotAllowed.
    for to in [member_account("camille"), Account::Outside] {
        let refusal = ledger.refused(
            "2026-03-01",
            contribution(garden_account("paris"), to.clone()),
        );
        assert_refusal(
            &refusal,
            "AccountNotAllowed",
            &[
                &to.to_string(),
                "cannot receive a contribution",
                "'role value'",
            ],
        );
    }
    // Given the same account on both sides, then AccountNotAllowed.
    let refusal = ledger.refused(
        "2026-03-01",
        contribution(garden_account("paris"), garden_account("paris")),
    );
    assert_refusal(
        &refusal,
        "AccountNotAllowed",
        &[
            "garden:paris cannot pay itself",
            "from one account to another",
        ],
    );
    // Given a member or the outside paying an expense, then AccountNotAllowed.
    for payer in [member_account("alex"), Account::Outside] {
        let refusal = ledger.refused("2026-03-01", expense(payer.clone(), "10", eur()));
        assert_refusal(
            &refusal,
            "AccountNotAllowed",
            &[
                &payer.to_string(),
                "cannot pay an expense",
                "paid by a garden",
            ],
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Corrections.
// ---------------------------------------------------------------------------------------------

#[test]
fn reversing_an_unknown_entry_is_refused() {
    let ledger = Ledger::paris();
    let refusal = ledger.refused("2026-03-01", reverse(999, "typing mistake"));
    assert_refusal(&refusal, "UnknownEntry", &["no entry 999"]);
}

#[test]
fn reversing_an_entry_that_moves_no_money_is_refused() {
    // Given the opening of paris (entry 3) and a reversed collection,
    let mut ledger = Ledger::paris();
    let opened = ledger
        .log
        .iter()
        .find(|(_, e)| e.kind.name() == "GardenOpened")
        .unwrap()
        .0;
    let collected = ledger.ok(
        "2026-03-01",
        collect("paris", CollectionKind::Event, "5", eur(), Mode::Fixed),
    );
    let reversal = ledger.ok("2026-03-02", reverse(collected, "counted twice"));
    // when the opening is reversed, then NotAMoneyEntry says how such facts are corrected;
    let refusal = ledger.refused("2026-03-03", reverse(opened, "wrong garden"));
    assert_refusal(
        &refusal,
        "NotAMoneyEntry",
        &["is a GardenOpened", "corrected by the fact that follows it"],
    );
    // when the reversal itself is reversed, then NotAMoneyEntry: record the original again.
    let refusal = ledger.refused("2026-03-03", reverse(reversal, "it was right"));
    assert_refusal(
        &refusal,
        "NotAMoneyEntry",
        &["is a EntryReversed", "record the original entry again"],
    );
}

#[test]
fn a_reversal_needs_a_reason() {
    let mut ledger = Ledger::paris();
    let collected = ledger.ok(
        "2026-03-01",
        collect("paris", CollectionKind::Event, "5", eur(), Mode::Fixed),
    );
    for reason in ["", "  \n "] {
        let refusal = ledger.refused("2026-03-02", reverse(collected, reason));
        assert_refusal(&refusal, "ReasonRequired", &[&format!("entry {collected}")]);
    }
}

#[test]
fn a_reversal_cannot_precede_its_entry() {
    let mut ledger = Ledger::paris();
    let collected = ledger.ok(
        "2026-03-01",
        collect("paris", CollectionKind::Event, "5", eur(), Mode::Fixed),
    );
    let refusal = ledger.refused("2026-02-28", reverse(collected, "typing mistake"));
    assert_refusal(
        &refusal,
        "ReversalBeforeEntry",
        &["2026-03-01", "2026-02-28"],
    );
    // The same day is accepted.
    ledger.ok("2026-03-01", reverse(collected, "typing mistake"));
}

#[test]
fn an_entry_is_reversed_once() {
    let mut ledger = Ledger::paris();
    let collected = ledger.ok(
        "2026-03-01",
        collect("paris", CollectionKind::Event, "5", eur(), Mode::Fixed),
    );
    let by = ledger.ok("2026-03-02", reverse(collected, "typing mistake"));
    let refusal = ledger.refused("2026-03-03", reverse(collected, "again"));
    assert_refusal(
        &refusal,
        "AlreadyReversed",
        &[&format!(
            "entry {collected} was already reversed by entry {by}"
        )],
    );
}

#[test]
fn an_entry_of_a_closed_garden_is_not_reversed() {
    // Given lyon collected 5 EUR, spent them, and closed,
    let mut ledger = Ledger::paris();
    ledger.open("2026-01-01", "lyon", &["zoe", "yann"]);
    let collected = ledger.ok(
        "2026-03-01",
        collect("lyon", CollectionKind::Event, "5", eur(), Mode::Fixed),
    );
    ledger.ok("2026-03-02", expense(garden_account("lyon"), "5", eur()));
    ledger.ok("2026-03-03", close("lyon"));
    // when the collection is reversed, then GardenIsClosed (it would leave lyon owing 5 EUR).
    let refusal = ledger.refused("2026-03-04", reverse(collected, "typing mistake"));
    assert_refusal(&refusal, "GardenIsClosed", &["'lyon'"]);
}

// ---------------------------------------------------------------------------------------------
// Judging against constitutions.
// ---------------------------------------------------------------------------------------------

fn judged_by(ledger: &Ledger, sequence: u64) -> Option<u32> {
    match &ledger.event(sequence).kind {
        EventKind::RoleValued { judged_by, .. }
        | EventKind::CommitmentMade { judged_by, .. }
        | EventKind::ContributionPaid { judged_by, .. }
        | EventKind::CollectionRecorded { judged_by, .. } => *judged_by,
        other => panic!("{} is not judged", other.name()),
    }
}

#[test]
fn a_garden_with_no_constitution_records_flows_judged_by_none() {
    // Given paris has no constitution,
    let mut ledger = Ledger::paris();
    // when each kind of flow is recorded, with amounts, modes and roles no rule checks,
    let recorded = [
        ledger.ok(
            "2026-03-01",
            value_role("paris", "anything", "camille", "33.33", eur()),
        ),
        ledger.ok(
            "2026-03-01",
            make_commitment(
                "alex-2026",
                "paris",
                "alex",
                "1",
                code("GRAINE"),
                Cadence::Yearly,
                "2026-03-01",
                None,
            ),
        ),
        ledger.ok(
            "2026-03-02",
            pay(
                member_account("alex"),
                garden_account("paris"),
                "3",
                code("GRAINE"),
                Mode::Fixed,
                PaysFor::Commitment(commitment("alex-2026")),
            ),
        ),
        ledger.ok(
            "2026-03-03",
            collect(
                "paris",
                CollectionKind::Gathering,
                "12.34",
                eur(),
                Mode::Fixed,
            ),
        ),
        ledger.ok(
            "2026-03-04",
            pay(
                garden_account("paris"),
                Account::BigGarden,
                "7",
                eur(),
                Mode::Conscious,
                PaysFor::Period(Period::Year(2026)),
            ),
        ),
    ];
    // then each is recorded with judged_by None.
    for sequence in recorded {
        assert_eq!(judged_by(&ledger, sequence), None, "entry {sequence}");
    }
    // Given version 1 adopted from 2026-04-01, a flow dated before it is still judged by none,
    ledger.adopt("2026-04-01", "paris", 1, paris_model());
    let before = ledger.ok(
        "2026-03-31",
        pay(
            garden_account("paris"),
            Account::BigGarden,
            "7",
            eur(),
            Mode::Conscious,
            PaysFor::OneOff,
        ),
    );
    assert_eq!(judged_by(&ledger, before), None);
    // while one dated on its first day is judged by version 1.
    let after = ledger.ok("2026-04-01", pay_big_garden("paris", "20", eur()));
    assert_eq!(judged_by(&ledger, after), Some(1));
}

#[test]
fn every_event_is_judged_by_the_version_in_force_on_its_date() {
    // Given version 1 from 2026-02-01 (big garden: 20 EUR fixed) and version 2 adopted
    // mid-year, from 2026-07-01 (big garden: 30 EUR fixed, or GRAINE conscious),
    let mut ledger = Ledger::paris_constituted();
    let mut model = paris_model();
    model.big_garden = vec![
        fixed(eur(), "30", Cadence::Monthly),
        conscious(code("GRAINE"), Cadence::Monthly),
    ];
    ledger.adopt("2026-07-01", "paris", 2, model);
    // when a March payment is recorded after version 2 was adopted, it is judged by version 1:
    // 20 EUR is accepted, 30 is refused naming version 1, GRAINE is not accepted by version 1;
    let march = ledger.ok("2026-03-31", pay_big_garden("paris", "20", eur()));
    assert_eq!(judged_by(&ledger, march), Some(1));
    let refusal = ledger.refused("2026-03-31", pay_big_garden("paris", "30", eur()));
    assert_refusal(
        &refusal,
        "FixedAmountDiffers",
        &["20.00 EUR in constitution version 1", "not 30.00"],
    );
    let grains = || {
        pay(
            garden_account("paris"),
            Account::BigGarden,
            "4",
            code("GRAINE"),
            Mode::Conscious,
            PaysFor::OneOff,
        )
    };
    let refusal = ledger.refused("2026-06-30", grains());
    assert_refusal(
        &refusal,
        "CurrencyNotAccepted",
        &["version 1", "accepts: EUR"],
    );
    // and an August payment is judged by version 2: 30 EUR accepted, 20 refused naming 30.00.
    let august = ledger.ok("2026-08-31", pay_big_garden("paris", "30", eur()));
    assert_eq!(judged_by(&ledger, august), Some(2));
    let refusal = ledger.refused("2026-08-31", pay_big_garden("paris", "20", eur()));
    assert_refusal(
        &refusal,
        "FixedAmountDiffers",
        &["30.00 EUR in constitution version 2", "not 20.00"],
    );
    let on_the_day = ledger.ok("2026-07-01", grains());
    assert_eq!(judged_by(&ledger, on_the_day), Some(2));
    // The day before version 1, nothing judges it.
    let january = ledger.ok(
        "2026-01-31",
        pay(
            garden_account("paris"),
            Account::BigGarden,
            "99",
            eur(),
            Mode::Conscious,
            PaysFor::OneOff,
        ),
    );
    assert_eq!(judged_by(&ledger, january), None);
}

/// A model whose only rule is a fixed monthly contribution of `amount` EUR to the big garden.
fn big_garden_only(amount_text: &str) -> EconomicModel {
    EconomicModel {
        big_garden: vec![fixed(eur(), amount_text, Cadence::Monthly)],
        ..EconomicModel::default()
    }
}

fn adopt_version(version: u32, model: EconomicModel) -> CommandKind {
    CommandKind::AdoptConstitution {
        garden: garden("paris"),
        constitution: constitution(version, model),
    }
}

/// paris with version 1 (big garden: 40 EUR a month) from 2026-01-01, and a 40 EUR payment to
/// the big garden dated 2026-03-31, judged by version 1. Returns the payment's sequence.
fn paris_paid_in_march(ledger: &mut Ledger) -> u64 {
    ledger.adopt("2026-01-01", "paris", 1, big_garden_only("40"));
    let march = ledger.ok("2026-03-31", pay_big_garden("paris", "40", eur()));
    assert_eq!(judged_by(ledger, march), Some(1));
    march
}

#[test]
fn a_constitution_cannot_take_effect_on_or_before_an_entry_already_judged() {
    // Given version 1 (40 EUR a month to the big garden) from 2026-01-01, and 40 EUR paid to
    // the big garden on 2026-03-31, judged by version 1,
    let mut ledger = Ledger::paris();
    let march = paris_paid_in_march(&mut ledger);
    assert_eq!(
        ledger.state.judged_until.get(&garden("paris")),
        Some(&day("2026-03-31"))
    );
    // when version 2 (50 EUR) is backdated to 2026-02-01, then it is refused: it would be in
    // force on 2026-03-31, where the payment says version 1 judged it;
    let refusal = ledger.refused("2026-02-01", adopt_version(2, big_garden_only("50")));
    assert_refusal(
        &refusal,
        "ConstitutionBeforeJudgedEntries",
        &[
            "version 2",
            "'paris'",
            "would take effect on 2026-02-01",
            "up to 2026-03-31",
            "adopt it on 2026-04-01 or later",
        ],
    );
    // on the day of the judged entry itself, too (it would be in force that day);
    let refusal = ledger.refused("2026-03-31", adopt_version(2, big_garden_only("50")));
    assert_refusal(
        &refusal,
        "ConstitutionBeforeJudgedEntries",
        &["on 2026-03-31", "2026-04-01 or later"],
    );
    // and the day after, it is accepted: the March payment keeps the version in force then.
    ledger.ok("2026-04-01", adopt_version(2, big_garden_only("50")));
    let paris = &ledger.state.gardens[&garden("paris")];
    assert_eq!(
        paris.constitution_on(day("2026-03-31")).map(|c| c.version),
        judged_by(&ledger, march)
    );
    assert_eq!(paris.constitution_on(day("2026-04-01")).unwrap().version, 2);
}

#[test]
fn a_first_constitution_cannot_be_backdated_before_entries_judged_by_none() {
    // Given paris has no constitution and collected 12 EUR at a gathering on 2026-03-03,
    // judged by no constitution,
    let mut ledger = Ledger::paris();
    let gathering = ledger.ok(
        "2026-03-03",
        collect("paris", CollectionKind::Gathering, "12", eur(), Mode::Fixed),
    );
    assert_eq!(judged_by(&ledger, gathering), None);
    // when a first version is backdated to 2026-02-01, then it is refused, since that
    // collection would then be in its time but judged by none;
    let refusal = ledger.refused("2026-02-01", adopt_version(1, paris_model()));
    assert_refusal(
        &refusal,
        "ConstitutionBeforeJudgedEntries",
        &["version 1", "up to 2026-03-03", "2026-03-04 or later"],
    );
    // and dated the day after the collection, it is accepted.
    ledger.adopt("2026-03-04", "paris", 1, paris_model());
    assert_eq!(ledger.state.gardens[&garden("paris")].latest_version(), 1);
}

#[test]
fn a_payment_retyped_after_a_refused_adoption_is_still_accepted() {
    // Given the March payment judged by version 1 (40 EUR), and version 2 (50 EUR) refused
    // when backdated to 2026-02-01,
    let mut ledger = Ledger::paris();
    paris_paid_in_march(&mut ledger);
    let refusal = ledger.refused("2026-02-01", adopt_version(2, big_garden_only("50")));
    assert_eq!(refusal.rule(), "ConstitutionBeforeJudgedEntries");
    // when the same payment of 40 EUR on 2026-03-31 is typed again, then it is accepted,
    // judged by version 1: the refused version left nothing behind (under it, 40 would
    // have been refused as not 50.00);
    let again = ledger.ok("2026-03-31", pay_big_garden("paris", "40", eur()));
    assert_eq!(judged_by(&ledger, again), Some(1));
    assert_eq!(ledger.state.gardens[&garden("paris")].latest_version(), 1);
    // and 50 EUR that day is still refused, naming version 1's 40.00.
    let refusal = ledger.refused("2026-03-31", pay_big_garden("paris", "50", eur()));
    assert_refusal(
        &refusal,
        "FixedAmountDiffers",
        &["40.00 EUR in constitution version 1", "not 50.00"],
    );
}

#[test]
fn a_reversed_or_backdated_entry_does_not_move_the_judged_date_back() {
    // Given the March payment judged by version 1, reversed on 2026-04-02 (the reversal
    // is not judged: it carries no judged_by), and a February payment recorded afterwards,
    let mut ledger = Ledger::paris();
    let march = paris_paid_in_march(&mut ledger);
    ledger.ok("2026-04-02", reverse(march, "typed twice"));
    ledger.ok("2026-02-28", pay_big_garden("paris", "40", eur()));
    // then paris's entries are judged up to 2026-03-31 still: the reversed entry keeps the
    // version that judged it,
    assert_eq!(
        ledger.state.judged_until.get(&garden("paris")),
        Some(&day("2026-03-31"))
    );
    // so version 2 dated 2026-03-31 is refused, and dated 2026-04-01 (before the reversal's
    // date) is accepted.
    let refusal = ledger.refused("2026-03-31", adopt_version(2, big_garden_only("50")));
    assert_refusal(
        &refusal,
        "ConstitutionBeforeJudgedEntries",
        &["up to 2026-03-31", "2026-04-01 or later"],
    );
    ledger.ok("2026-04-01", adopt_version(2, big_garden_only("50")));
}

#[test]
fn every_judged_kind_of_entry_holds_back_a_new_version_and_no_other_does() {
    // Given paris, lyon (same core) and no constitution, with camille in both,
    let base = || {
        let mut ledger = Ledger::paris();
        ledger.open("2026-01-01", "lyon", &["camille", "dominique"]);
        ledger
    };
    let judged: Vec<(&str, CommandKind)> = vec![
        (
            "a valued role",
            value_role("paris", "facilitation", "camille", "50", eur()),
        ),
        (
            "a commitment",
            make_commitment(
                "alex-2026",
                "paris",
                "alex",
                "10",
                eur(),
                Cadence::Monthly,
                "2026-01-10",
                None,
            ),
        ),
        (
            "a member's contribution",
            pay(
                member_account("alex"),
                garden_account("paris"),
                "10",
                eur(),
                Mode::Fixed,
                PaysFor::OneOff,
            ),
        ),
        (
            "a collection",
            collect("paris", CollectionKind::Event, "5", eur(), Mode::Fixed),
        ),
        (
            "a contribution to the big garden",
            pay_big_garden("paris", "20", eur()),
        ),
    ];
    for (what, command) in judged {
        // when it is recorded on 2026-03-15, then a first version that day is refused and
        // one the day after is accepted.
        let mut ledger = base();
        ledger.ok("2026-03-15", command);
        let refusal = ledger.refused("2026-03-15", adopt_version(1, paris_model()));
        assert_eq!(refusal.rule(), "ConstitutionBeforeJudgedEntries", "{what}");
        ledger.ok("2026-03-16", adopt_version(1, paris_model()));
    }
    let not_judged: Vec<(&str, CommandKind)> = vec![
        ("an expense", expense(garden_account("paris"), "5", eur())),
        (
            "a contribution from another garden",
            pay(
                garden_account("lyon"),
                garden_account("paris"),
                "5",
                eur(),
                Mode::Conscious,
                PaysFor::OneOff,
            ),
        ),
        (
            "a contribution to another garden",
            pay(
                garden_account("paris"),
                garden_account("lyon"),
                "5",
                eur(),
                Mode::Conscious,
                PaysFor::OneOff,
            ),
        ),
        (
            "a member's contribution to the big garden",
            pay(
                member_account("alex"),
                Account::BigGarden,
                "5",
                eur(),
                Mode::Conscious,
                PaysFor::OneOff,
            ),
        ),
        ("a member joining", join("paris", "zoe")),
    ];
    for (what, command) in not_judged {
        // when it alone is recorded on 2026-03-15, then a first version that day is accepted.
        let mut ledger = base();
        ledger.ok("2026-03-15", command);
        assert_eq!(
            ledger.state.judged_until.get(&garden("paris")),
            None,
            "{what}"
        );
        ledger.ok("2026-03-15", adopt_version(1, paris_model()));
    }
}

// ---------------------------------------------------------------------------------------------
// The effect of every event on the state.
// ---------------------------------------------------------------------------------------------

#[test]
fn currency_declared_adds_the_currency() {
    // Given a new ledger, then the euro is declared with 2 places;
    let mut ledger = Ledger::new();
    assert_eq!(
        ledger.state.currencies[&eur()],
        jardins_ledger::Currency::euro()
    );
    // when GRAINE (0 places) is declared, then it is there as declared, and nothing else moved.
    ledger.declare(complementary("GRAINE", 0));
    let grains = &ledger.state.currencies[&code("GRAINE")];
    assert_eq!(grains.decimal_places, 0);
    assert_eq!(grains.kind, CurrencyKind::Complementary);
    assert_eq!(ledger.state.currencies.len(), 2);
    assert!(ledger.state.balances.is_empty());
    assert_eq!(ledger.state.entries.len(), 2);
}

#[test]
fn garden_opened_adds_the_garden_its_core_and_their_memberships() {
    // Given a new ledger, when paris opens on 2026-01-01 with camille, dominique and camille
    // again in its core,
    let mut ledger = Ledger::new();
    let sequence = ledger.ok(
        "2026-01-01",
        CommandKind::OpenGarden {
            garden: garden("paris"),
            name: name("Jardin de Paris"),
            kind: GardenKind::Local {
                territory: name("Paris"),
            },
            core: core(&["camille", "dominique", "camille"]),
        },
    );
    // then the event names each person of the core once,
    let EventKind::GardenOpened { core: named, .. } = &ledger.event(sequence).kind else {
        panic!("an opening")
    };
    assert_eq!(named, &core(&["camille", "dominique"]));
    // the garden is open from that day, with that core and no constitution,
    let paris = &ledger.state.gardens[&garden("paris")];
    assert_eq!(paris.name, name("Jardin de Paris"));
    assert_eq!(paris.opened_on, day("2026-01-01"));
    assert_eq!(paris.closed_on, None);
    assert_eq!(paris.core, vec![person("camille"), person("dominique")]);
    assert!(paris.constitutions.is_empty());
    assert_eq!(paris.latest_version(), 0);
    // and both are known people, core gardeners, members from that day.
    for (id, shown) in [("camille", "CAMILLE"), ("dominique", "DOMINIQUE")] {
        assert_eq!(ledger.state.people[&person(id)].name, name(shown));
        let member = &ledger.state.members[&(garden("paris"), person(id))];
        assert!(member.core);
        assert_eq!(member.role, MemberRole::Gardener);
        assert_eq!(
            member.spells,
            vec![Spell {
                joined: day("2026-01-01"),
                left: None
            }]
        );
        assert!(!member.is_member_on(day("2025-12-31")));
        assert!(member.is_member_on(day("2026-01-01")));
    }
    assert!(ledger.state.balances.is_empty());
}

#[test]
fn constitution_adopted_adds_a_version_effective_on_its_date() {
    // Given paris, when version 1 is adopted on 2026-02-01 (its text says 2000-01-01),
    let mut ledger = Ledger::paris();
    let sequence = ledger.adopt("2026-02-01", "paris", 1, paris_model());
    // then version 1 is recorded, effective on the command's date,
    let EventKind::ConstitutionAdopted { constitution, .. } = &ledger.event(sequence).kind else {
        panic!("an adoption")
    };
    assert_eq!(constitution.effective, day("2026-02-01"));
    let paris = &ledger.state.gardens[&garden("paris")];
    assert_eq!(paris.constitutions.len(), 1);
    assert_eq!(paris.latest_version(), 1);
    assert_eq!(paris.constitutions[0].model, paris_model());
    // and in force from that day on, not before.
    assert!(paris.constitution_on(day("2026-01-31")).is_none());
    assert_eq!(paris.constitution_on(day("2026-02-01")).unwrap().version, 1);
    // When version 2 is adopted on 2026-09-01, both are kept, each in force in its time.
    ledger.adopt("2026-09-01", "paris", 2, EconomicModel::default());
    let paris = &ledger.state.gardens[&garden("paris")];
    let versions: Vec<u32> = paris.constitutions.iter().map(|c| c.version).collect();
    assert_eq!(versions, vec![1, 2]);
    assert_eq!(paris.constitution_on(day("2026-08-31")).unwrap().version, 1);
    assert_eq!(paris.constitution_on(day("2026-09-01")).unwrap().version, 2);
}

#[test]
fn member_joined_and_left_shape_the_membership() {
    // Given paris (alex joined as a gardener on 2026-01-10),
    let mut ledger = Ledger::paris();
    let alex = (garden("paris"), person("alex"));
    assert_eq!(ledger.state.people[&person("alex")].name, name("ALEX"));
    assert!(!ledger.state.members[&alex].core);
    // when alex leaves on 2026-04-30,
    ledger.ok("2026-04-30", leave("paris", "alex"));
    // then alex was a member through that day and not after;
    let member = &ledger.state.members[&alex];
    assert_eq!(
        member.spells,
        vec![Spell {
            joined: day("2026-01-10"),
            left: Some(day("2026-04-30")),
        }]
    );
    assert!(member.is_member_on(day("2026-04-30")));
    assert!(!member.is_member_on(day("2026-05-01")));
    assert!(!member.is_current());
    // when alex comes back as a companion on 2026-09-01, a second spell opens.
    ledger.ok(
        "2026-09-01",
        CommandKind::JoinGarden {
            garden: garden("paris"),
            person: person("alex"),
            name: name("Alex again"),
            role: MemberRole::Companion,
        },
    );
    let member = &ledger.state.members[&alex];
    assert_eq!(member.role, MemberRole::Companion);
    assert_eq!(member.spells.len(), 2);
    assert!(member.is_current());
    assert!(!member.is_member_on(day("2026-08-01")));
    assert!(member.is_member_on(day("2026-09-01")));
    // A person keeps the name first given.
    assert_eq!(ledger.state.people[&person("alex")].name, name("ALEX"));
}

#[test]
fn role_valued_moves_money_from_the_garden_to_the_holder() {
    // Given paris's constitution values facilitation at 50 EUR,
    let mut ledger = Ledger::paris_constituted();
    ledger.ok(
        "2026-03-01",
        collect("paris", CollectionKind::Event, "100", eur(), Mode::Fixed),
    );
    // when camille is paid for facilitating in March,
    let sequence = ledger.ok(
        "2026-03-31",
        value_role("paris", "facilitation", "camille", "50", eur()),
    );
    // then paris holds 100 - 50 = 50.00 EUR and camille's side shows +50.00 EUR,
    assert_eq!(
        ledger.balance(&garden_account("paris"), &eur()),
        dec("50.00")
    );
    assert_eq!(
        ledger.balance(&member_account("camille"), &eur()),
        dec("50.00")
    );
    assert_eq!(ledger.balance(&Account::Outside, &eur()), dec("-100.00"));
    // judged by version 1, for the period asked.
    let EventKind::RoleValued {
        judged_by, period, ..
    } = &ledger.event(sequence).kind
    else {
        panic!("a valued role")
    };
    assert_eq!(*judged_by, Some(1));
    assert_eq!(*period, "2026-03".parse::<Period>().unwrap());
    assert!(ledger.state.entries[&sequence].moves_money);
}

#[test]
fn commitment_made_and_ended_record_the_commitment() {
    // Given paris's constitution,
    let mut ledger = Ledger::paris_constituted();
    // when alex commits 15 EUR a month from 2026-03-01 to 2026-12-31,
    let made_by = ledger.ok(
        "2026-03-01",
        make_commitment(
            "alex-2026",
            "paris",
            "alex",
            "15",
            eur(),
            Cadence::Monthly,
            "2026-03-01",
            Some("2026-12-31"),
        ),
    );
    // then the commitment is recorded as made, nothing paid yet, and no money moved;
    let expected = CommitmentState {
        garden: garden("paris"),
        person: person("alex"),
        amount: amount("15.00"),
        currency: eur(),
        cadence: Cadence::Monthly,
        from: day("2026-03-01"),
        until: Some(day("2026-12-31")),
        made_by,
    };
    assert_eq!(ledger.state.commitments[&commitment("alex-2026")], expected);
    assert_eq!(judged_by(&ledger, made_by), Some(1));
    assert!(ledger.state.balances.is_empty());
    // when it is ended on 2026-06-30, then it runs until then.
    ledger.ok(
        "2026-06-01",
        CommandKind::EndCommitment {
            commitment: commitment("alex-2026"),
            until: day("2026-06-30"),
        },
    );
    let ended = &ledger.state.commitments[&commitment("alex-2026")];
    assert_eq!(ended.until, Some(day("2026-06-30")));
    assert_eq!(ended.from, day("2026-03-01"));
}

#[test]
fn contribution_paid_moves_money_and_counts_toward_its_commitment() {
    // Given alex committed 15 EUR a month to paris,
    let mut ledger = Ledger::paris_constituted();
    alex_commits(&mut ledger);
    let toward = pay(
        member_account("alex"),
        garden_account("paris"),
        "15",
        eur(),
        Mode::Fixed,
        PaysFor::Commitment(commitment("alex-2026")),
    );
    // when alex pays it in March and April,
    ledger.ok("2026-03-05", toward.clone());
    ledger.ok("2026-04-05", toward);
    // then alex's side is -30.00, paris holds +30.00, and 30.00 is paid toward it;
    assert_eq!(
        ledger.balance(&member_account("alex"), &eur()),
        dec("-30.00")
    );
    assert_eq!(
        ledger.balance(&garden_account("paris"), &eur()),
        dec("30.00")
    );
    assert_eq!(
        paid_toward(&ledger.state, &commitment("alex-2026")),
        dec("30.00")
    );
    // when paris pays the big garden 20 EUR, then paris holds 10.00 and the big garden 20.00;
    let sequence = ledger.ok("2026-04-30", pay_big_garden("paris", "20", eur()));
    assert_eq!(
        ledger.balance(&garden_account("paris"), &eur()),
        dec("10.00")
    );
    assert_eq!(ledger.balance(&Account::BigGarden, &eur()), dec("20.00"));
    assert_eq!(judged_by(&ledger, sequence), Some(1));
    // and a payment not toward a commitment leaves the commitment's total alone.
    ledger.ok(
        "2026-05-01",
        pay(
            member_account("alex"),
            garden_account("paris"),
            "4",
            code("GRAINE"),
            Mode::Conscious,
            PaysFor::OneOff,
        ),
    );
    assert_eq!(
        paid_toward(&ledger.state, &commitment("alex-2026")),
        dec("30.00")
    );
    assert_eq!(
        ledger.balance(&garden_account("paris"), &code("GRAINE")),
        dec("4")
    );
    assert_eq!(
        ledger.balance(&member_account("alex"), &code("GRAINE")),
        dec("-4")
    );
    // GRAINE and EUR are never added together.
    assert_eq!(
        ledger.balance(&garden_account("paris"), &eur()),
        dec("10.00")
    );
}

#[test]
fn collection_recorded_brings_money_from_outside() {
    // Given paris's constitution (events at 5 EUR; fundraising conscious),
    let mut ledger = Ledger::paris_constituted();
    // when 25 EUR of tickets and a 12.34 EUR fundraising are collected,
    let tickets = ledger.ok(
        "2026-03-01",
        collect("paris", CollectionKind::Event, "25", eur(), Mode::Fixed),
    );
    ledger.ok(
        "2026-03-02",
        collect(
            "paris",
            CollectionKind::Fundraising,
            "12.34",
            eur(),
            Mode::Conscious,
        ),
    );
    // then paris holds 37.34 EUR and the outside -37.34 EUR.
    assert_eq!(
        ledger.balance(&garden_account("paris"), &eur()),
        dec("37.34")
    );
    assert_eq!(ledger.balance(&Account::Outside, &eur()), dec("-37.34"));
    assert_eq!(judged_by(&ledger, tickets), Some(1));
}

#[test]
fn expense_paid_sends_money_outside() {
    // Given paris collected 40 EUR,
    let mut ledger = Ledger::paris();
    ledger.ok(
        "2026-03-01",
        collect("paris", CollectionKind::Event, "40", eur(), Mode::Fixed),
    );
    // when it pays 7.50 EUR of rent, and the big garden pays 2 EUR of fees,
    ledger.ok("2026-03-02", expense(garden_account("paris"), "7.5", eur()));
    ledger.ok("2026-03-03", expense(Account::BigGarden, "2", eur()));
    // then paris holds 32.50, the big garden -2.00, the outside -40 + 7.50 + 2 = -30.50.
    assert_eq!(
        ledger.balance(&garden_account("paris"), &eur()),
        dec("32.50")
    );
    assert_eq!(ledger.balance(&Account::BigGarden, &eur()), dec("-2.00"));
    assert_eq!(ledger.balance(&Account::Outside, &eur()), dec("-30.50"));
}

#[test]
fn entry_reversed_undoes_exactly_its_entry() {
    // Given alex paid 15 EUR twice toward alex-2026, and paris collected 25 EUR,
    let mut ledger = Ledger::paris_constituted();
    alex_commits(&mut ledger);
    let toward = pay(
        member_account("alex"),
        garden_account("paris"),
        "15",
        eur(),
        Mode::Fixed,
        PaysFor::Commitment(commitment("alex-2026")),
    );
    ledger.ok("2026-03-05", toward.clone());
    let second = ledger.ok("2026-04-05", toward);
    ledger.ok(
        "2026-04-06",
        collect("paris", CollectionKind::Event, "25", eur(), Mode::Fixed),
    );
    let before = ledger.balances();
    // when the second payment is reversed,
    let by = ledger.ok("2026-04-10", reverse(second, "paid twice by mistake"));
    // then alex is back to -15.00, paris to 15 + 25 = 40.00, the outside keeps -25.00,
    assert_eq!(
        ledger.balance(&member_account("alex"), &eur()),
        dec("-15.00")
    );
    assert_eq!(
        ledger.balance(&garden_account("paris"), &eur()),
        dec("40.00")
    );
    assert_eq!(ledger.balance(&Account::Outside, &eur()), dec("-25.00"));
    // exactly the two balances the entry moved changed, by the entry's amounts,
    let after = ledger.balances();
    let changed: Vec<_> = before
        .iter()
        .filter(|(key, value)| after.get(*key) != Some(*value))
        .map(|(key, _)| key.clone())
        .collect();
    assert_eq!(
        changed,
        vec![
            (garden_account("paris"), eur()),
            (member_account("alex"), eur()),
        ]
    );
    // the commitment counts 15.00 paid again,
    assert_eq!(
        paid_toward(&ledger.state, &commitment("alex-2026")),
        dec("15.00")
    );
    // the entry is marked reversed by the correction, which is kept and moves no money itself,
    assert_eq!(ledger.state.entries[&second].reversed_by, Some(by));
    let correction = &ledger.state.entries[&by];
    assert_eq!(correction.kind, "EntryReversed");
    assert!(!correction.moves_money);
    // and the correction carries the original's postings, negated.
    let original = ledger.event(second).postings();
    let negated = ledger.event(by).postings();
    assert_eq!(original.len(), negated.len());
    for (o, n) in original.iter().zip(&negated) {
        assert_eq!(
            (&o.account, &o.currency, o.kind),
            (&n.account, &n.currency, n.kind)
        );
        assert_eq!(n.amount, -o.amount);
    }
}

#[test]
fn garden_closed_closes_the_garden() {
    // Given lyon, holding nothing, when it closes on 2026-06-30,
    let mut ledger = Ledger::paris();
    ledger.open("2026-01-01", "lyon", &["zoe", "yann"]);
    ledger.ok("2026-06-30", close("lyon"));
    // then it is closed on that day, and paris is untouched.
    assert_eq!(
        ledger.state.gardens[&garden("lyon")].closed_on,
        Some(day("2026-06-30"))
    );
    assert_eq!(ledger.state.gardens[&garden("paris")].closed_on, None);
}

#[test]
fn a_year_of_paris_balances_by_hand() {
    // Given paris's constitution and alex committed 15 EUR a month from 2026-03-01,
    let mut ledger = Ledger::paris_constituted();
    alex_commits(&mut ledger);
    let toward = pay(
        member_account("alex"),
        garden_account("paris"),
        "15",
        eur(),
        Mode::Fixed,
        PaysFor::Commitment(commitment("alex-2026")),
    );
    // when the year goes:
    ledger.ok("2026-03-05", toward.clone()); //      alex -15,  paris +15
    let twice = ledger.ok("2026-03-05", toward); //  alex -15,  paris +15
    ledger.ok(
        "2026-03-10",
        collect("paris", CollectionKind::Event, "100", eur(), Mode::Fixed),
    ); //                                             outside -100, paris +100
    ledger.ok("2026-03-31", pay_big_garden("paris", "20", eur())); // paris -20, big +20
    ledger.ok(
        "2026-03-31",
        value_role("paris", "facilitation", "camille", "50", eur()),
    ); //                                             paris -50, camille +50
    ledger.ok(
        "2026-04-01",
        pay(
            member_account("alex"),
            garden_account("paris"),
            "7",
            code("GRAINE"),
            Mode::Conscious,
            PaysFor::OneOff,
        ),
    ); //                                             alex -7 GRAINE, paris +7 GRAINE
    ledger.ok(
        "2026-04-02",
        expense(garden_account("paris"), "12.50", eur()),
    ); //                                             paris -12.50, outside +12.50
    ledger.ok("2026-04-03", reverse(twice, "recorded twice")); // alex +15, paris -15
                                                               // then, in EUR: paris 15+15+100-20-50-12.50-15 = 32.50; alex -15; camille 50; big 20;
                                                               // outside -100+12.50 = -87.50; together 32.50-15+50+20-87.50 = 0.
    let expected_eur = [
        (garden_account("paris"), "32.50"),
        (member_account("alex"), "-15.00"),
        (member_account("camille"), "50.00"),
        (Account::BigGarden, "20.00"),
        (Account::Outside, "-87.50"),
    ];
    for (account, figure) in &expected_eur {
        assert_eq!(ledger.balance(account, &eur()), dec(figure), "{account}");
    }
    // in GRAINE: paris 7, alex -7;
    assert_eq!(
        ledger.balance(&garden_account("paris"), &code("GRAINE")),
        dec("7")
    );
    assert_eq!(
        ledger.balance(&member_account("alex"), &code("GRAINE")),
        dec("-7")
    );
    // no other account holds anything, and the commitment counts one payment.
    assert_eq!(ledger.balances().len(), expected_eur.len() + 2);
    assert_eq!(
        paid_toward(&ledger.state, &commitment("alex-2026")),
        dec("15.00")
    );
}

#[test]
fn every_refusal_names_its_rule() {
    // Given refusals built directly, then rule() is the variant's name, unit variants included.
    assert_eq!(Refusal::EmptyName.rule(), "EmptyName");
    assert_eq!(Refusal::UnknownEntry { entry: 7 }.rule(), "UnknownEntry");
    assert_eq!(
        Refusal::DateInFuture {
            on: NaiveDate::MAX,
            today: NaiveDate::MIN
        }
        .rule(),
        "DateInFuture"
    );
}

#[test]
fn a_big_garden_rule_may_suggest_an_amount_for_conscious_payments() {
    // Given a constitution whose big-garden point is conscious with a suggested 25 EUR,
    let mut ledger = Ledger::paris();
    let mut model = EconomicModel::default();
    model.big_garden.push(jardins_ledger::FlowRule {
        currency: eur(),
        mode: ModeRule::Conscious {
            suggested: Some(amount("25")),
        },
        cadence: Cadence::Yearly,
    });
    model.roles.push(RoleRule {
        role: role("treasurer"),
        name: name("Treasurer"),
        rule: conscious(code("GRAINE"), Cadence::Monthly),
    });
    model.collections.push(CollectionRule {
        kind: CollectionKind::Gathering,
        rule: conscious(eur(), Cadence::OneOff),
    });
    ledger.adopt("2026-02-01", "paris", 1, model);
    // when paris pays any amount consciously, then it is accepted, judged by version 1.
    let sequence = ledger.ok(
        "2026-03-01",
        pay(
            garden_account("paris"),
            Account::BigGarden,
            "3.21",
            eur(),
            Mode::Conscious,
            PaysFor::Period(Period::Year(2026)),
        ),
    );
    assert_eq!(judged_by(&ledger, sequence), Some(1));
    let role_paid = ledger.ok(
        "2026-03-01",
        value_role("paris", "treasurer", "dominique", "11", code("GRAINE")),
    );
    assert_eq!(judged_by(&ledger, role_paid), Some(1));
    // And a member's payment to paris is refused: this version accepts no commitments at all.
    let refusal = ledger.refused(
        "2026-03-01",
        pay(
            member_account("alex"),
            garden_account("paris"),
            "5",
            eur(),
            Mode::Conscious,
            PaysFor::OneOff,
        ),
    );
    assert_refusal(&refusal, "CurrencyNotAccepted", &["accepts: none"]);
}

#[test]
fn a_suggested_amount_with_too_many_places_is_refused() {
    // Given GRAINE has 0 places, when a rule suggests 2.5 GRAINE, then TooManyDecimalPlaces.
    let ledger = Ledger::paris();
    let mut model = EconomicModel::default();
    model.commitments.push(jardins_ledger::FlowRule {
        currency: code("GRAINE"),
        mode: ModeRule::Conscious {
            suggested: Some(amount("2.5")),
        },
        cadence: Cadence::Monthly,
    });
    let refusal = ledger.refused(
        "2026-02-01",
        CommandKind::AdoptConstitution {
            garden: garden("paris"),
            constitution: constitution(1, model),
        },
    );
    assert_refusal(&refusal, "TooManyDecimalPlaces", &["2.5", "GRAINE"]);
}

/// What the entries of `state` paid toward `id`, reversed payments left out: what a report
/// sums from the postings that name the commitment.
fn paid_toward(state: &jardins_ledger::State, id: &jardins_ledger::CommitmentId) -> Decimal {
    state
        .entries
        .values()
        .filter(|entry| entry.reversed_by.is_none())
        .filter_map(|entry| entry.commitment.as_ref())
        .filter(|(toward, _)| toward == id)
        .map(|(_, paid)| *paid)
        .sum()
}
