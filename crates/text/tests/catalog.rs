//! The catalogs are whole: every message in both languages with the same placeholders, every
//! rule of the ledger said in both without a missing word or value, every value a rule names
//! used by its sentence, and French written with French typography.

use std::collections::{BTreeMap, BTreeSet};
use std::str::FromStr;

use chrono::NaiveDate;
use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};
use jardins_ledger::refusal::{
    all_words, AccountAct, CommitmentProblem, ConstitutionProblem, FixedHint, Flow, Money,
    RulePoint,
};
use jardins_ledger::{Cadence, CurrencyCode, Mode, Refusal, Value};
use jardins_text::{Lang, Text};
use rust_decimal::Decimal;

/// Each message of a catalog with the variables it names, per language, read from the files.
fn messages(lang: Lang) -> BTreeMap<String, BTreeSet<String>> {
    let mut all = BTreeMap::new();
    for (name, source) in jardins_text::catalog_files(lang) {
        let resource = match fluent_syntax::parser::parse(source) {
            Ok(resource) => resource,
            Err((_, errors)) => panic!("{lang:?} {name} does not parse: {errors:?}"),
        };
        for entry in resource.body {
            match entry {
                Entry::Message(message) => {
                    let mut variables = BTreeSet::new();
                    if let Some(value) = &message.value {
                        pattern_variables(value, &mut variables);
                    }
                    let id = message.id.name.to_string();
                    assert!(
                        all.insert(id.clone(), variables).is_none(),
                        "{lang:?}: {id} is defined twice"
                    );
                }
                Entry::Junk { content } => panic!("{lang:?} {name}: junk {content:?}"),
                _ => {}
            }
        }
    }
    all
}

fn pattern_variables(pattern: &Pattern<&str>, out: &mut BTreeSet<String>) {
    for element in &pattern.elements {
        if let PatternElement::Placeable { expression } = element {
            expression_variables(expression, out);
        }
    }
}

fn expression_variables(expression: &Expression<&str>, out: &mut BTreeSet<String>) {
    match expression {
        Expression::Select { selector, variants } => {
            inline_variables(selector, out);
            for variant in variants {
                pattern_variables(&variant.value, out);
            }
        }
        Expression::Inline(inline) => inline_variables(inline, out),
    }
}

fn inline_variables(inline: &InlineExpression<&str>, out: &mut BTreeSet<String>) {
    match inline {
        InlineExpression::VariableReference { id } => {
            out.insert(id.name.to_string());
        }
        InlineExpression::Placeable { expression } => expression_variables(expression, out),
        InlineExpression::StringLiteral { .. } | InlineExpression::NumberLiteral { .. } => {}
        other => panic!("the catalogs use no functions nor references: {other:?}"),
    }
}

fn day(text: &str) -> NaiveDate {
    NaiveDate::from_str(text).unwrap()
}

fn code(text: &str) -> CurrencyCode {
    CurrencyCode::from_str(text).unwrap()
}

fn money(value: &str, currency: &str) -> Money {
    Money {
        value: Decimal::from_str(value).unwrap(),
        currency: code(currency),
    }
}

/// One refusal of every rule, and of every shape a rule's values take (a list empty or not,
/// each hint, each problem). `covers` has no catch-all arm: a new rule does not compile until
/// it is given a sample here.
fn samples() -> Vec<Refusal> {
    fn covers(refusal: &Refusal) {
        use Refusal as R;
        match refusal {
            R::MalformedAmount { .. }
            | R::AmountNotPositive { .. }
            | R::AmountTooLarge { .. }
            | R::TooManyDecimalPlacesAtAll { .. }
            | R::TooManyDecimalPlaces { .. }
            | R::MalformedCurrencyCode { .. }
            | R::MalformedId { .. }
            | R::EmptyName
            | R::TextTooLong { .. }
            | R::ControlCharacter { .. }
            | R::MalformedPeriod { .. }
            | R::MalformedAccount { .. }
            | R::UnknownCurrency { .. }
            | R::CurrencyAlreadyDeclared { .. }
            | R::EuroMisdeclared { .. }
            | R::DecimalPlacesOutOfRange { .. }
            | R::DateInFuture { .. }
            | R::DateBeforeGardenOpened { .. }
            | R::UnknownGarden { .. }
            | R::GardenAlreadyExists { .. }
            | R::GardenIsClosed { .. }
            | R::CoreTooSmall { .. }
            | R::CoreTooLarge { .. }
            | R::UnknownPerson { .. }
            | R::NotAMember { .. }
            | R::AlreadyAMember { .. }
            | R::RejoinBeforeLeft { .. }
            | R::TooManyMemberships { .. }
            | R::CoreMemberCannotLeave { .. }
            | R::GardenStillHoldsMoney { .. }
            | R::ConstitutionVersionOutOfOrder { .. }
            | R::ConstitutionBeforePrevious { .. }
            | R::ConstitutionInvalid { .. }
            | R::CurrencyNotAccepted { .. }
            | R::FixedAmountDiffers { .. }
            | R::ModeDiffers { .. }
            | R::CommitmentBelowMinimum { .. }
            | R::RoleNotValued { .. }
            | R::CollectionNotMultipleOfPrice { .. }
            | R::CollectionKindNotAccepted { .. }
            | R::UnknownCommitment { .. }
            | R::CommitmentAlreadyExists { .. }
            | R::CommitmentMismatch { .. }
            | R::AccountNotAllowed { .. }
            | R::UnknownEntry { .. }
            | R::NotAMoneyEntry { .. }
            | R::ReasonRequired { .. }
            | R::ReversalBeforeEntry { .. }
            | R::AlreadyReversed { .. }
            | R::ConstitutionBeforeJudgedEntries { .. }
            | R::GardenOverdrawn { .. }
            | R::CommitmentAmbiguous { .. }
            | R::TooManyCommitments { .. } => {}
        }
    }
    let g = || "paris".to_string();
    let on = day("2026-03-01");
    let mut all = vec![
        Refusal::MalformedAmount {
            text: "12.5.0".into(),
        },
        Refusal::AmountNotPositive {
            amount: "-5".into(),
        },
        Refusal::AmountTooLarge {
            amount: "10000000000000".into(),
        },
        Refusal::TooManyDecimalPlacesAtAll {
            amount: "0.000000001".into(),
        },
        Refusal::TooManyDecimalPlaces {
            amount: Decimal::from_str("0.001").unwrap(),
            currency: CurrencyCode::euro(),
            places: 2,
        },
        Refusal::TooManyDecimalPlaces {
            amount: Decimal::from_str("0.5").unwrap(),
            currency: code("GRAINE"),
            places: 0,
        },
        Refusal::MalformedCurrencyCode { text: "eur".into() },
        Refusal::EmptyName,
        Refusal::TextTooLong {
            text: "a…".into(),
            length: 201,
            max_chars: 200,
        },
        Refusal::ControlCharacter {
            text: "a\\u{7}".into(),
            character: "\\u{7}".into(),
        },
        Refusal::MalformedPeriod {
            text: "2026-13".into(),
        },
        Refusal::MalformedAccount {
            text: "bank".into(),
        },
        Refusal::UnknownCurrency {
            currency: code("GRAINE"),
        },
        Refusal::CurrencyAlreadyDeclared {
            currency: code("GRAINE"),
        },
        Refusal::EuroMisdeclared {
            currency: code("EURO"),
        },
        Refusal::DecimalPlacesOutOfRange { places: 9 },
        Refusal::DateInFuture {
            on: day("2026-12-25"),
            today: day("2026-12-01"),
        },
        Refusal::DateBeforeGardenOpened {
            garden: g(),
            on,
            opened_on: day("2026-04-01"),
        },
        Refusal::UnknownGarden { garden: g() },
        Refusal::GardenAlreadyExists { garden: g() },
        Refusal::GardenIsClosed {
            garden: g(),
            closed_on: on,
        },
        Refusal::CoreTooLarge { count: 30, max: 24 },
        Refusal::UnknownPerson {
            person: "camille".into(),
        },
        Refusal::NotAMember {
            person: "camille".into(),
            garden: g(),
            on,
        },
        Refusal::AlreadyAMember {
            person: "camille".into(),
            garden: g(),
        },
        Refusal::RejoinBeforeLeft {
            person: "camille".into(),
            garden: g(),
            on,
            left: day("2026-03-05"),
        },
        Refusal::TooManyMemberships {
            person: "camille".into(),
            garden: g(),
            max: 100,
        },
        Refusal::CoreMemberCannotLeave {
            person: "camille".into(),
            garden: g(),
        },
        Refusal::GardenStillHoldsMoney {
            garden: g(),
            holding: vec![money("1234.50", "EUR"), money("12", "GRAINE")],
        },
        Refusal::ConstitutionVersionOutOfOrder {
            garden: g(),
            current: 1,
            expected: 2,
            given: 3,
        },
        Refusal::ConstitutionBeforePrevious {
            garden: g(),
            version: 2,
            on,
            previous: 1,
            previous_on: day("2026-04-01"),
        },
        Refusal::CurrencyNotAccepted {
            garden: g(),
            flow: Flow::BigGardenContribution,
            currency: code("GRAINE"),
            version: 1,
            accepted: vec![],
        },
        Refusal::ModeDiffers {
            garden: g(),
            flow: Flow::BigGardenContribution,
            given: Mode::Conscious,
            expected: Mode::Fixed,
            version: 1,
        },
        Refusal::CommitmentBelowMinimum {
            garden: g(),
            amount: money("5.00", "EUR"),
            minimum: money("10.00", "EUR"),
            version: 1,
        },
        Refusal::RoleNotValued {
            garden: g(),
            role: "accueil".into(),
            currency: CurrencyCode::euro(),
            version: 1,
            valued: vec![("facilitation".into(), CurrencyCode::euro())],
        },
        Refusal::RoleNotValued {
            garden: g(),
            role: "accueil".into(),
            currency: CurrencyCode::euro(),
            version: 1,
            valued: vec![],
        },
        Refusal::CollectionNotMultipleOfPrice {
            garden: g(),
            amount: money("25.00", "EUR"),
            price: Decimal::from_str("10.00").unwrap(),
            version: 1,
        },
        Refusal::CollectionKindNotAccepted {
            garden: g(),
            kind: "workshop",
            version: 1,
            accepted: vec!["sale"],
        },
        Refusal::CollectionKindNotAccepted {
            garden: g(),
            kind: "workshop",
            version: 1,
            accepted: vec![],
        },
        Refusal::UnknownCommitment {
            commitment: "camille-2026".into(),
        },
        Refusal::CommitmentAlreadyExists {
            commitment: "camille-2026".into(),
        },
        Refusal::UnknownEntry { entry: 42 },
        Refusal::NotAMoneyEntry {
            entry: 3,
            kind: "GardenOpened",
        },
        Refusal::NotAMoneyEntry {
            entry: 9,
            kind: "EntryReversed",
        },
        Refusal::ReasonRequired { entry: 7 },
        Refusal::ReversalBeforeEntry {
            entry: 7,
            on,
            entry_on: day("2026-03-10"),
        },
        Refusal::AlreadyReversed { entry: 7, by: 9 },
        Refusal::ConstitutionBeforeJudgedEntries {
            garden: g(),
            version: 2,
            on,
            judged_until: day("2026-03-10"),
            earliest: day("2026-03-11"),
        },
        Refusal::GardenOverdrawn {
            garden: g(),
            overdrawn: vec![money("26.50", "EUR")],
            holding: vec![],
        },
        Refusal::GardenOverdrawn {
            garden: g(),
            overdrawn: vec![money("26.50", "EUR")],
            holding: vec![money("3", "GRAINE")],
        },
        Refusal::CommitmentAmbiguous {
            garden: g(),
            person: "camille".into(),
            amount: Decimal::from_str("9.00").unwrap(),
            commitments: vec!["camille-a".into(), "camille-b".into()],
            accepted: vec![
                money("8.00", "EUR"),
                money("10.00", "EUR"),
                money("12.00", "EUR"),
            ],
            version: 1,
        },
        Refusal::TooManyCommitments {
            person: "camille".into(),
            garden: g(),
            max: 1000,
        },
    ];
    for distinct in [0, 1, 2] {
        all.push(Refusal::CoreTooSmall { distinct });
    }
    for what in jardins_ledger::refusal::ID_KINDS {
        for suggestion in [None, Some("paris".to_string())] {
            all.push(Refusal::MalformedId {
                what,
                text: "Paris".into(),
                suggestion,
            });
        }
    }
    for flow in Flow::ALL {
        all.push(Refusal::CurrencyNotAccepted {
            garden: g(),
            flow,
            currency: code("GRAINE"),
            version: 1,
            accepted: vec![CurrencyCode::euro(), code("SOL")],
        });
    }
    let cadences = [Cadence::Monthly, Cadence::Yearly, Cadence::OneOff];
    for cadence in cadences {
        for hint in [
            FixedHint::RoleHeld { cadence },
            FixedHint::Commitment {
                commitment: "camille-2026".into(),
                cadence,
            },
            FixedHint::BigGarden { cadence },
            FixedHint::MemberContribution { cadence },
        ] {
            all.push(Refusal::FixedAmountDiffers {
                garden: g(),
                flow: Flow::BigGardenContribution,
                amount: Decimal::from_str("30.00").unwrap(),
                expected: money("40.00", "EUR"),
                version: 1,
                hint,
            });
        }
        all.push(Refusal::CommitmentMismatch {
            commitment: "camille-2026".into(),
            problem: CommitmentProblem::CadenceDiffers {
                garden: g(),
                version: 1,
                currency: CurrencyCode::euro(),
                asked: cadence,
                given: Cadence::OneOff,
            },
        });
    }
    for problem in [
        CommitmentProblem::EndsBeforeStart { from: on },
        CommitmentProblem::AlreadyEnds { ended: on },
        CommitmentProblem::EndBeforeStart { from: on },
        CommitmentProblem::OtherAccounts {
            person: "camille".into(),
            garden: g(),
        },
        CommitmentProblem::OtherCurrency {
            committed: CurrencyCode::euro(),
            currency: code("SOL"),
        },
        CommitmentProblem::PaymentBeforeStart { from: on },
        CommitmentProblem::PeriodOutside {
            period: "2025-12".into(),
            from: on,
            until: None,
        },
        CommitmentProblem::PeriodOutside {
            period: "2026-09".into(),
            from: on,
            until: Some(day("2026-06-30")),
        },
        CommitmentProblem::PeriodOfOtherCadence {
            period: "2026".into(),
            cadence: Cadence::Monthly,
            example: "2026-01".into(),
        },
        CommitmentProblem::PeriodOfOtherCadence {
            period: "2026-03".into(),
            cadence: Cadence::Yearly,
            example: "2026".into(),
        },
    ] {
        all.push(Refusal::CommitmentMismatch {
            commitment: "camille-2026".into(),
            problem,
        });
    }
    for problem in [
        ConstitutionProblem::TooManyVersions { max: 1000 },
        ConstitutionProblem::TooManyRules {
            section: "roles",
            count: 65,
            max: 64,
        },
        ConstitutionProblem::EmptyPurpose,
    ]
    .into_iter()
    .chain(
        [
            RulePoint::Role("facilitation".into()),
            RulePoint::BigGarden,
            RulePoint::Commitments,
            RulePoint::Collection("event"),
        ]
        .into_iter()
        .map(|point| ConstitutionProblem::TwoRulesInOneCurrency {
            point,
            currency: CurrencyCode::euro(),
        }),
    ) {
        all.push(Refusal::ConstitutionInvalid { problem });
    }
    for act in AccountAct::ALL {
        all.push(Refusal::AccountNotAllowed {
            account: "outside".into(),
            act,
        });
    }
    all.iter().for_each(covers);
    all
}

#[test]
fn every_message_is_in_both_languages_with_the_same_placeholders() {
    // Given the French and the English catalogs, read from their files.
    let fr = messages(Lang::Fr);
    let en = messages(Lang::En);
    // Then each holds the same ids, and each message names the same variables in both.
    let fr_ids: BTreeSet<_> = fr.keys().collect();
    let en_ids: BTreeSet<_> = en.keys().collect();
    assert_eq!(
        fr_ids.symmetric_difference(&en_ids).collect::<Vec<_>>(),
        Vec::<&&String>::new(),
        "ids missing in one language"
    );
    for (id, variables) in &fr {
        assert_eq!(
            Some(variables),
            en.get(id),
            "{id}: placeholders differ between fr and en"
        );
    }
}

#[test]
fn every_rule_is_said_in_both_languages_with_every_value_and_word_it_names() {
    for lang in Lang::ALL {
        let catalog = messages(lang);
        let text = Text::new(lang);
        for refusal in samples() {
            // When the refusal is said, nothing is missing: its message, its words, its values.
            let said = text
                .checked_refusal(&refusal)
                .unwrap_or_else(|(_, problems)| panic!("{lang:?} {refusal:?}: {problems:?}"));
            assert!(!said.contains("{$"), "{lang:?}: {said}");
            // And every value the rule names is used, by its message or by a word it names.
            let (rule, values) = refusal.parts();
            let mut used = catalog[&format!("refusal-{rule}")].clone();
            for (_, value) in &values {
                if let Value::Word(word) = value {
                    used.extend(catalog[&format!("{}-{}", word.group, word.key)].clone());
                }
            }
            let given: BTreeSet<String> = values.iter().map(|(n, _)| n.to_string()).collect();
            assert_eq!(
                given, used,
                "{lang:?} {rule}: values given and placeholders used differ"
            );
        }
    }
}

#[test]
fn every_message_of_the_catalog_is_said_by_something() {
    // Given every id the program asks for: each rule's message, each word, the CLI's own.
    let mut asked: BTreeSet<String> = samples()
        .iter()
        .map(|r| format!("refusal-{}", r.rule()))
        .collect();
    asked.extend(all_words().iter().map(|w| format!("{}-{}", w.group, w.key)));
    for (id, _) in messages(Lang::En) {
        // Then the catalog holds no message nobody asks for (the CLI's are named cli-…, for a
        // constitution file's problems cf-…, the reports' report-… and the pages' pages-…).
        assert!(
            asked.contains(&id)
                || id.starts_with("cli-")
                || id.starts_with("report-")
                || id.starts_with("cf-")
                || id.starts_with("pages-"),
            "{id} is in the catalog but never said"
        );
    }
    // And each word is in both languages.
    for lang in Lang::ALL {
        for word in all_words() {
            let id = format!("{}-{}", word.group, word.key);
            assert!(messages(lang).contains_key(&id), "{lang:?}: no word {id}");
        }
    }
}

#[test]
fn french_is_written_with_french_typography() {
    let fr = Text::new(Lang::Fr);
    for refusal in samples() {
        let said = fr.refusal(&refusal);
        // A no-break space before a colon, a narrow one before ; ! ? and inside « »; never an
        // ordinary space where a line could break between a word and its sign.
        for (bad, rule) in [
            (" :", "an ordinary space before ':'"),
            (" ;", "an ordinary space before ';'"),
            (" ?", "an ordinary space before '?'"),
            (" !", "an ordinary space before '!'"),
            ("« ", "an ordinary space after '«'"),
            (" »", "an ordinary space before '»'"),
        ] {
            assert!(!said.contains(bad), "{rule}: {said}");
        }
        for (i, c) in said.char_indices() {
            if c == ':' && !said[..i].ends_with(['\u{A0}', ':']) && !is_in_token(&said, i) {
                panic!("no no-break space before ':' at {i}: {said}");
            }
        }
        assert!(!said.contains('\''), "French uses ’ or « », not ': {said}");
    }
}

/// A colon inside a token such as `garden:ID` or `member:camille` is not punctuation.
fn is_in_token(text: &str, at: usize) -> bool {
    let before = text[..at].chars().next_back();
    let after = text[at + 1..].chars().next();
    before.is_some_and(char::is_alphanumeric) && after.is_some_and(|c| !c.is_whitespace())
}

#[test]
fn english_says_what_the_ledger_always_said() {
    // Given refusals whose sentence is assembled from words, lists and choices, then the English
    // is the sentence the ledger wrote before its sentences moved to the catalog.
    let en = Text::new(Lang::En);
    let cases = [
        (
            Refusal::GardenOverdrawn {
                garden: "paris".into(),
                overdrawn: vec![money("26.50", "EUR")],
                holding: vec![money("3", "GRAINE")],
            },
            "the garden 'paris' is overdrawn by 26.50 EUR: bring it back to zero (a contribution or a collection into it, or the reversal of the entry that overdrew it) before closing it; it also holds 3 GRAINE, to pay out (an expense or a contribution)",
        ),
        (
            Refusal::GardenOverdrawn {
                garden: "paris".into(),
                overdrawn: vec![money("26.50", "EUR")],
                holding: vec![],
            },
            "the garden 'paris' is overdrawn by 26.50 EUR: bring it back to zero (a contribution or a collection into it, or the reversal of the entry that overdrew it) before closing it",
        ),
        (
            Refusal::FixedAmountDiffers {
                garden: "paris".into(),
                flow: Flow::ValuedRole,
                amount: Decimal::from_str("30.00").unwrap(),
                expected: money("40.00", "EUR"),
                version: 2,
                hint: FixedHint::RoleHeld { cadence: Cadence::Monthly },
            },
            "the valued role of 'paris' is a fixed amount of 40.00 EUR in constitution version 2, not 30.00: record exactly 40.00 EUR for each month the role is held; to value it otherwise, adopt a constitution version that says so",
        ),
        (
            Refusal::FixedAmountDiffers {
                garden: "paris".into(),
                flow: Flow::CommitmentPayment,
                amount: Decimal::from_str("30.00").unwrap(),
                expected: money("40.00", "EUR"),
                version: 2,
                hint: FixedHint::Commitment {
                    commitment: "camille-2026".into(),
                    cadence: Cadence::OneOff,
                },
            },
            "a payment toward a commitment of 'paris' is a fixed amount of 40.00 EUR in constitution version 2, not 30.00: record exactly 40.00 EUR, the amount of commitment 'camille-2026', in one payment",
        ),
        (
            Refusal::CurrencyNotAccepted {
                garden: "paris".into(),
                flow: Flow::MemberContribution,
                currency: code("SOL"),
                version: 1,
                accepted: vec![],
            },
            "a member's contribution of 'paris' is not accepted in SOL by constitution version 1; it accepts: none. Use an accepted currency or adopt a new version",
        ),
        (
            Refusal::NotAMoneyEntry { entry: 9, kind: "EntryReversed" },
            "entry 9 is a EntryReversed, which moves no money and cannot be reversed: it is itself a correction; record the original entry again instead",
        ),
        (
            Refusal::ConstitutionInvalid {
                problem: ConstitutionProblem::TwoRulesInOneCurrency {
                    point: RulePoint::Role("facilitation".into()),
                    currency: CurrencyCode::euro(),
                },
            },
            "the constitution is not valid: role facilitation has two rules in EUR: give one rule per currency",
        ),
        (
            Refusal::MalformedId { what: "garden", text: "Paris".into(), suggestion: None },
            "'Paris' is not a valid garden id: use 1 to 64 lowercase letters, digits and dashes, starting and ending with a letter or digit, like 'paris' or 'camille-d'",
        ),
        (
            Refusal::MalformedId {
                what: "person",
                text: "Hélène".into(),
                suggestion: Some("helene".into()),
            },
            "'Hélène' is not a valid person id: use 1 to 64 lowercase letters, digits and dashes, starting and ending with a letter or digit, like 'paris' or 'camille-d'; did you mean 'helene'? (the name, given with --name, keeps its accents and capitals)",
        ),
        (
            Refusal::CollectionKindNotAccepted {
                garden: "grenoble".into(),
                kind: "fundraising",
                version: 1,
                accepted: vec!["event"],
            },
            "constitution version 1 of 'grenoble' accepts no collection of the kind fundraising; the kinds it accepts: event. Record it as one of those (--kind), or adopt a version that accepts fundraising",
        ),
    ];
    for (refusal, expected) in cases {
        assert_eq!(en.refusal(&refusal), expected);
    }
}

#[test]
fn french_says_amounts_dates_and_choices_the_french_way() {
    let fr = Text::new(Lang::Fr);
    let said = fr.refusal(&Refusal::GardenOverdrawn {
        garden: "paris".into(),
        overdrawn: vec![money("1226.50", "EUR")],
        holding: vec![money("3", "GRAINE")],
    });
    assert_eq!(
        said,
        "le jardin «\u{202F}paris\u{202F}» est à découvert de 1\u{202F}226,50\u{A0}€\u{A0}: ramenez son solde à zéro (par une contribution ou une collecte à son profit, ou par la contre-passation de l’écriture qui l’a mis à découvert) avant de le fermer\u{202F}; il détient aussi 3\u{A0}GRAINE, à verser (par une dépense ou une contribution)"
    );
    let said = fr.refusal(&Refusal::GardenIsClosed {
        garden: "paris".into(),
        closed_on: day("2026-11-03"),
    });
    assert!(said.contains("a été fermé le 03/11/2026\u{A0}:"), "{said}");
    let said = fr.refusal(&Refusal::CoreTooSmall { distinct: 1 });
    assert!(said.contains("une seule a été indiquée"), "{said}");
    let said = fr.refusal(&Refusal::CoreTooSmall { distinct: 0 });
    assert!(said.contains("aucune n’a été indiquée"), "{said}");
}

#[test]
fn a_missing_value_or_message_is_reported_not_hidden() {
    // Given a message asked without the value it names, or an id the catalog lacks, then the
    // check says so (the person would still read the best text).
    let en = Text::new(Lang::En);
    let (_, problems) = en.checked("refusal-UnknownGarden", &[]).unwrap_err();
    assert!(format!("{problems:?}").contains("garden"), "{problems:?}");
    let (text, problems) = en.checked("no-such-message", &[]).unwrap_err();
    assert_eq!(text, "no-such-message");
    assert!(
        format!("{problems:?}").contains("no message"),
        "{problems:?}"
    );
}

#[test]
fn every_french_message_keeps_french_typography_in_its_source() {
    // Given every French message as written in its file (the command line's ones included),
    // then no ordinary space stands before ':' ';' '?' '!' '»' or after '«', and no ASCII
    // apostrophe is used where French writes ’ (commands in backquotes aside).
    for (name, source) in jardins_text::catalog_files(Lang::Fr) {
        for line in source
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        {
            for bad in [" :", " ;", " ?", " !", "« ", " »"] {
                assert!(!line.contains(bad), "{name}: {bad:?} in {line}");
            }
            let outside_code: String = line.split('`').step_by(2).collect();
            assert!(
                !outside_code.contains('\''),
                "{name}: an ASCII apostrophe in {line}"
            );
        }
    }
}
