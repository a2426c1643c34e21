//! The messages a person meets on the way, with the real binary: ids typed as names, a kind of
//! collection the constitution does not accept, usage lines, the period an entry is for when
//! none is typed, warnings for a balance below zero and an entry typed twice, one style of
//! error.

mod cli_support;

use cli_support::{entry_of, paris, sample, TempLedger};

#[test]
fn an_id_typed_with_accents_capitals_or_spaces_is_answered_with_the_id_to_use() {
    let ledger = paris();
    let before = ledger.fingerprint();
    // Given ids typed as people write names, when each is used, then it is bad usage (exit 2)
    // naming the id to use instead, and nothing is recorded.
    for (arguments, suggestion) in [
        (vec!["member", "join", "paris", "Hélène"], "'helene'"),
        (
            vec![
                "garden",
                "open",
                "échirolles",
                "--name",
                "Échirolles",
                "--local",
                "Isère",
                "--core",
                "a",
                "--core",
                "b",
            ],
            "'echirolles'",
        ),
        (
            vec!["member", "join", "paris", "marie claire"],
            "'marie-claire'",
        ),
        (vec!["log", "--member", "Lou"], "'lou'"),
        (vec!["balance", "Paris"], "'paris'"),
    ] {
        let refused = ledger.fails(2, &arguments);
        assert!(
            refused.contains(&format!("did you mean {suggestion}?")),
            "{arguments:?}: {refused}"
        );
    }
    assert_eq!(ledger.fingerprint(), before);
    // When the suggested id is used with the name as typed, then the name keeps its accents.
    ledger.ok(&[
        "member",
        "join",
        "paris",
        "helene",
        "--name",
        "Hélène",
        "--on",
        "2026-02-01",
    ]);
    let members = ledger.ok(&["member", "list", "paris", "--format", "csv"]);
    assert!(
        members.contains("paris,helene,Hélène,gardener"),
        "{members}"
    );
}

#[test]
fn a_collection_of_a_kind_the_constitution_has_no_rule_for_is_refused_for_its_kind() {
    // Given paris, whose constitution values events only (15 EUR a seat),
    let ledger = paris();
    let before = ledger.fingerprint();
    // when a fundraising of 40 EUR is recorded, then the kind is refused, not the currency,
    // with the kinds it accepts and how to fix it; nothing is recorded.
    let refused = ledger.fails(
        1,
        &[
            "collect",
            "paris",
            "40",
            "EUR",
            "--kind",
            "fundraising",
            "--on",
            "2026-01-10",
        ],
    );
    assert!(
        refused.starts_with("jardins: refused by the rule CollectionKindNotAccepted: "),
        "{refused}"
    );
    assert!(refused.contains("of the kind fundraising"), "{refused}");
    assert!(refused.contains("the kinds it accepts: event"), "{refused}");
    assert!(!refused.contains("CurrencyNotAccepted"), "{refused}");
    assert_eq!(ledger.fingerprint(), before);
}

#[test]
fn a_reversal_without_its_reason_shows_a_usage_where_only_the_reason_is_required() {
    let ledger = paris();
    // When `reverse 12` is typed without --reason, then it is bad usage naming --reason, and
    // the usage line shows --on and --key as optional (in brackets).
    let refused = ledger.fails(2, &["reverse", "12"]);
    assert!(refused.contains("--reason <REASON>"), "{refused}");
    let usage = refused
        .lines()
        .find(|l| l.starts_with("Usage:"))
        .unwrap_or_else(|| panic!("no usage line: {refused}"));
    assert!(usage.contains("[--on <DATE>]"), "{usage}");
    let outside_brackets = usage.replace("[--on <DATE>]", "");
    assert!(!outside_brackets.contains("--on"), "{usage}");
}

#[test]
fn without_a_period_pay_and_role_value_follow_one_rule() {
    // Given paris (monthly rules) and coop (a yearly contribution to the big garden),
    let ledger = paris();
    ledger.ok(&[
        "garden",
        "open",
        "coop",
        "--name",
        "Coop",
        "--organisation",
        "Coop",
        "--core",
        "ana",
        "--core",
        "ben",
        "--on",
        "2026-01-01",
    ]);
    ledger.ok(&[
        "garden",
        "constitution",
        "coop",
        &sample("yearly.toml"),
        "--on",
        "2026-01-01",
    ]);
    // when lou pays paris and paris values lou's facilitation without --period, then both
    // are for the month of their date;
    let paid = ledger.ok(&[
        "pay",
        "member:lou",
        "garden:paris",
        "10",
        "EUR",
        "--on",
        "2026-02-10",
    ]);
    assert!(paid.contains("10.00 EUR, fixed, for 2026-02"), "{paid}");
    let valued = ledger.ok(&[
        "role",
        "value",
        "paris",
        "facilitation",
        "lou",
        "30",
        "EUR",
        "--on",
        "2026-02-20",
    ]);
    assert!(valued.contains("role facilitation, 2026-02"), "{valued}");
    // and coop's yearly contribution without --period is for the year of its date.
    let yearly = ledger.ok(&[
        "pay",
        "garden:coop",
        "big-garden",
        "300",
        "EUR",
        "--on",
        "2026-05-10",
    ]);
    assert!(yearly.contains("300.00 EUR, fixed, for 2026\n"), "{yearly}");
    // And both --help's state the same rule.
    let rule = "Without --period, the entry is for the period of its date (--on)";
    for help in [
        ledger.ok(&["pay", "--help"]),
        ledger.ok(&["role", "value", "--help"]),
    ] {
        assert!(help.contains(rule), "{help}");
        assert!(help.contains("follow this one rule"), "{help}");
    }
}

#[test]
fn an_entry_that_leaves_a_balance_below_zero_is_recorded_with_a_warning() {
    let ledger = paris();
    // Given paris holds nothing, when it pays a 5 EUR expense on 2026-01-03, then the entry is
    // recorded (exit 0) and stderr names the new balance, 0 - 5 = -5.00 EUR.
    let (code, stdout, stderr) = ledger.run(&[
        "expense",
        "garden:paris",
        "5",
        "EUR",
        "--note",
        "room",
        "--on",
        "2026-01-03",
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(entry_of(&stdout), 5);
    assert_eq!(
        stderr,
        "jardins: warning: entry 5 leaves garden:paris at -5.00 EUR on 2026-01-03, below zero: record the money that came in first, or reverse the entry if it is a mistake (jardins reverse 5 --reason ...)\n"
    );
    // When 45 EUR of takings are recorded on 2026-01-02, then no warning: 45 - 5 = 40.
    let (code, _, stderr) = ledger.run(&["collect", "paris", "45", "EUR", "--on", "2026-01-02"]);
    assert_eq!((code, stderr.as_str()), (0, ""));
    // When a 50 EUR expense is dated 2026-01-02, then on that day 45 - 50 = -5.00.
    let (_, _, stderr) = ledger.run(&["expense", "paris", "50", "EUR", "--on", "2026-01-02"]);
    assert!(
        stderr.contains("entry 7 leaves garden:paris at -5.00 EUR on 2026-01-02"),
        "{stderr}"
    );
    // When a 3 EUR expense is dated 2026-01-01, before any takings, then 0 - 3 = -3.00 on
    // that day.
    let (_, _, stderr) = ledger.run(&["expense", "paris", "3", "EUR", "--on", "2026-01-01"]);
    assert!(
        stderr.contains("entry 8 leaves garden:paris at -3.00 EUR on 2026-01-01"),
        "{stderr}"
    );
    // When the big garden, which has received nothing, pays 2 EUR, then it warns as well.
    let (_, _, stderr) = ledger.run(&["expense", "big-garden", "2", "EUR", "--on", "2026-01-04"]);
    assert!(
        stderr.contains("entry 9 leaves big-garden at -2.00 EUR on 2026-01-04"),
        "{stderr}"
    );
    // And every entry is in the log: paris at 45 - 5 - 50 - 3 = -13.00.
    let balance = ledger.json(&["balance", "paris", "--to", "2026-01-31"]);
    assert_eq!(balance["balances"][0]["closing"], "-13.00");
}

#[test]
fn a_backdated_entry_that_overdraws_a_later_day_says_so() {
    // Given paris received 10 EUR on 2026-01-10 and spent 8 on 2026-01-20,
    let ledger = paris();
    ledger.ok(&[
        "pay",
        "member:lou",
        "garden:paris",
        "10",
        "EUR",
        "--period",
        "2026-01",
        "--on",
        "2026-01-10",
    ]);
    ledger.ok(&["expense", "paris", "8", "EUR", "--on", "2026-01-20"]);
    // when a 5 EUR expense is dated 2026-01-15, then on its day the balance is 10 - 5 = 5, but
    // at the end it is 10 - 8 - 5 = -3.00: the warning names both.
    let (code, _, stderr) = ledger.run(&["expense", "paris", "5", "EUR", "--on", "2026-01-15"]);
    assert_eq!(code, 0);
    assert!(
        stderr.contains("after entry 7, garden:paris is at -3.00 EUR, below zero (its balance on 2026-01-15 is 5.00)"),
        "{stderr}"
    );
}

#[test]
fn an_entry_identical_to_one_already_recorded_gets_a_warning_unless_it_has_a_key() {
    let ledger = paris();
    let pay = |extra: &[&str]| {
        let mut arguments = vec![
            "pay",
            "member:lou",
            "garden:paris",
            "10",
            "EUR",
            "--period",
            "2026-01",
            "--on",
            "2026-01-10",
        ];
        arguments.extend(extra);
        ledger.run(&arguments)
    };
    // Given lou's payment for 2026-01 recorded once (entry 5, no warning),
    let (_, stdout, stderr) = pay(&[]);
    assert_eq!((entry_of(&stdout), stderr.as_str()), (5, ""));
    // when the same payment is recorded again, then it is recorded (entry 6) with a warning
    // that names entry 5, even with another note;
    let (code, stdout, stderr) = pay(&["--note", "cash"]);
    assert_eq!((code, entry_of(&stdout)), (0, 6));
    assert!(
        stderr.starts_with("jardins: warning: entry 6 is identical to entry 5 (same parties, amount, currency, period and date)"),
        "{stderr}"
    );
    // when it is recorded with a key of its own, then no warning (it is meant);
    let (_, stdout, stderr) = pay(&["--key", "lou-jan-second"]);
    assert_eq!((entry_of(&stdout), stderr.as_str()), (7, ""));
    // when it differs by its period or its date, then no warning.
    let (_, _, stderr) = ledger.run(&[
        "pay",
        "member:lou",
        "garden:paris",
        "10",
        "EUR",
        "--period",
        "2026-02",
        "--on",
        "2026-01-10",
    ]);
    assert_eq!(stderr, "");
    // And once entries 5 and 6 are reversed, the same payment again is compared with what
    // still stands: entry 7.
    ledger.ok(&["reverse", "5", "--reason", "twice", "--on", "2026-01-11"]);
    ledger.ok(&["reverse", "6", "--reason", "twice", "--on", "2026-01-11"]);
    let (_, _, stderr) = pay(&[]);
    assert!(stderr.contains("is identical to entry 7 "), "{stderr}");
}

#[test]
fn every_error_is_printed_in_one_style() {
    let ledger = paris();
    let missing = TempLedger::empty();
    // Given errors of each origin — clap's parsing, a value the domain refuses, a rule of the
    // ledger, a missing ledger —, when each is met, then its message begins with `jardins: `,
    // and none with clap's own `error: `.
    let errors = [
        ledger.fails(2, &["balance", "paris", "--bogus"]),
        ledger.fails(2, &["balance", "paris", "--format", "xml"]),
        ledger.fails(2, &["pay", "a", "b"]),
        ledger.fails(2, &["frobnicate"]),
        ledger.fails(1, &["log", "--garden", "lyon"]),
        ledger.fails(
            1,
            &[
                "pay",
                "member:lou",
                "garden:paris",
                "12,50",
                "EUR",
                "--on",
                "2026-02-10",
            ],
        ),
        missing.fails(3, &["log"]),
    ];
    for error in &errors {
        assert!(error.starts_with("jardins: "), "{error}");
        assert!(!error.lines().any(|l| l.starts_with("error:")), "{error}");
    }
    assert!(errors[0].starts_with("jardins: bad usage: unexpected argument '--bogus'"));
}
