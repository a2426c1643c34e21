//! Recording with the real binary: every event kind of the domain from the command line, the
//! receipts, idempotency keys, and balances checked against values computed by hand.

mod cli_support;

use cli_support::{entry_of, hash_of, paris, sample, text, TempLedger};

/// The balance of `account` in `currency` as of `as_of`, from `balance --format json`.
fn balance(ledger: &TempLedger, account: &str, currency: &str, as_of: &str) -> String {
    let report = ledger.json(&["balance", account, "--as-of", as_of]);
    let balances = report["balances"]
        .as_array()
        .unwrap_or_else(|| panic!("no balances array: {report}"));
    balances
        .iter()
        .find(|b| b["currency"] == currency)
        .map(|b| b["balance"].as_str().expect("a string amount").to_string())
        .unwrap_or_else(|| "none".to_string())
}

#[test]
fn init_declares_the_euro_and_prints_its_receipt() {
    // Given a path with no ledger, when `init` runs, then entry 1 is the euro's declaration.
    let ledger = TempLedger::empty();
    let receipt = ledger.ok(&["init"]);
    assert_eq!(entry_of(&receipt), 1, "{receipt}");
    assert_eq!(hash_of(&receipt).len(), 64, "{receipt}");
    let log = ledger.json(&["log"]);
    assert_eq!(log["events"][0]["kind"], "CurrencyDeclared");
    assert_eq!(
        log["events"][0]["hash"].as_str(),
        Some(hash_of(&receipt).as_str())
    );
}

#[test]
fn a_year_of_a_garden_recorded_from_the_command_line() {
    // Given the paris garden under the fixed-monthly constitution (big garden 40 EUR a month,
    // commitments of at least 10 EUR a month, facilitation 30 EUR a month, events 15 EUR a seat).
    let ledger = paris();

    // When every kind of money event is recorded, each prints its receipt.
    let commit = ledger.ok(&[
        "commit",
        "lou-2026",
        "paris",
        "lou",
        "12",
        "EUR",
        "--on",
        "2026-01-05",
    ]);
    assert!(commit.contains("CommitmentMade"), "{commit}");
    assert!(
        commit.contains("monthly"),
        "the constitution's cadence: {commit}"
    );
    let lou_paid = ledger.ok(&[
        "pay",
        "member:lou",
        "garden:paris",
        "12",
        "EUR",
        "--commitment",
        "lou-2026",
        "--on",
        "2026-01-10",
    ]);
    assert!(lou_paid.contains("fixed"), "{lou_paid}");
    ledger.ok(&[
        "pay",
        "member:camille",
        "garden:paris",
        "10,00",
        "EUR",
        "--period",
        "2026-01",
        "--on",
        "2026-01-10",
    ]);
    ledger.ok(&[
        "collect",
        "paris",
        "45",
        "EUR",
        "--kind",
        "event",
        "--note",
        "3 seats",
        "--on",
        "2026-01-20",
    ]);
    // Then the garden holds 12 + 10 + 45 = 67.00 EUR on 2026-01-20.
    assert_eq!(balance(&ledger, "paris", "EUR", "2026-01-20"), "67.00");

    let role = ledger.ok(&[
        "role",
        "value",
        "paris",
        "facilitation",
        "camille",
        "30",
        "EUR",
        "--on",
        "2026-01-31",
    ]);
    assert!(
        role.contains("2026-01"),
        "the period defaults to the month: {role}"
    );
    ledger.ok(&[
        "pay",
        "garden:paris",
        "big-garden",
        "40",
        "EUR",
        "--period",
        "2026-01",
        "--on",
        "2026-01-31",
    ]);
    let expense = ledger.ok(&[
        "expense",
        "garden:paris",
        "5,50",
        "EUR",
        "--note",
        "tea",
        "--on",
        "2026-02-01",
    ]);
    let reversal = ledger.ok(&[
        "reverse",
        &entry_of(&expense).to_string(),
        "--reason",
        "the tea was 4.50",
        "--on",
        "2026-02-02",
    ]);
    assert!(reversal.contains("EntryReversed"), "{reversal}");
    ledger.ok(&[
        "expense",
        "paris",
        "4.50",
        "EUR",
        "--note",
        "tea",
        "--on",
        "2026-02-02",
    ]);
    ledger.ok(&[
        "commit",
        "end",
        "lou-2026",
        "--until",
        "2026-06-30",
        "--on",
        "2026-02-03",
    ]);

    // Then, by hand: 12 + 10 + 45 - 30 - 40 - 5.50 + 5.50 - 4.50 = -7.50 EUR for paris (the
    // ledger records what happened, even a garden paying out more than it held).
    assert_eq!(
        balance(&ledger, "garden:paris", "EUR", "2026-02-28"),
        "-7.50"
    );
    assert_eq!(balance(&ledger, "big-garden", "EUR", "2026-02-28"), "40.00");
    assert_eq!(balance(&ledger, "big-garden", "EUR", "2026-01-30"), "0.00");

    // And the log lists every event in order, each with its kind.
    let log = ledger.json(&["log"]);
    let kinds: Vec<&str> = log["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "CurrencyDeclared",
            "GardenOpened",
            "ConstitutionAdopted",
            "MemberJoined",
            "CommitmentMade",
            "ContributionPaid",
            "ContributionPaid",
            "CollectionRecorded",
            "RoleValued",
            "ContributionPaid",
            "ExpensePaid",
            "EntryReversed",
            "ExpensePaid",
            "CommitmentEnded",
        ]
    );
    ledger.ok(&["verify"]);
}

#[test]
fn currencies_members_and_closing_a_garden() {
    // Given a ledger with a complementary currency and a thematic garden.
    let ledger = TempLedger::new();
    let declared = ledger.ok(&[
        "currency",
        "declare",
        "GRAINE",
        "--name",
        "La Graine",
        "--places",
        "0",
        "--on",
        "2026-01-01",
    ]);
    assert!(declared.contains("GRAINE"), "{declared}");
    ledger.ok(&[
        "garden",
        "open",
        "clown",
        "--name",
        "Clown et gouvernance",
        "--thematic",
        "clown & governance",
        "--core",
        "ana",
        "--core",
        "lou",
        "--on",
        "2026-01-01",
    ]);
    ledger.ok(&[
        "garden",
        "constitution",
        "clown",
        &sample("mixed-currency.toml"),
        "--on",
        "2026-01-01",
    ]);
    // When a companion joins and pays in GRAINE, then leaves.
    let joined = ledger.ok(&[
        "member",
        "join",
        "clown",
        "sam",
        "--companion",
        "--on",
        "2026-02-01",
    ]);
    assert!(joined.contains("companion"), "{joined}");
    ledger.ok(&[
        "pay",
        "member:sam",
        "garden:clown",
        "10",
        "GRAINE",
        "--period",
        "2026-02",
        "--on",
        "2026-02-01",
    ]);
    // The GRAINE contribution to the big garden is conscious in this constitution: the mode
    // is taken from it without --mode.
    let conscious = ledger.ok(&[
        "pay",
        "garden:clown",
        "big-garden",
        "7",
        "GRAINE",
        "--on",
        "2026-02-02",
    ]);
    assert!(conscious.contains("conscious"), "{conscious}");
    ledger.ok(&["member", "leave", "clown", "sam", "--on", "2026-03-01"]);
    // Then GRAINE is never mixed with euros: 10 - 7 = 3 GRAINE, no EUR.
    assert_eq!(balance(&ledger, "clown", "GRAINE", "2026-03-01"), "3");
    assert_eq!(balance(&ledger, "big-garden", "GRAINE", "2026-03-01"), "7");
    // And a garden that holds nothing can be closed.
    ledger.ok(&[
        "expense",
        "clown",
        "3",
        "GRAINE",
        "--note",
        "stickers",
        "--on",
        "2026-03-02",
    ]);
    let closed = ledger.ok(&[
        "garden",
        "close",
        "clown",
        "--reason",
        "merged",
        "--on",
        "2026-03-03",
    ]);
    assert!(closed.contains("GardenClosed"), "{closed}");
}

#[test]
fn the_same_key_records_a_command_once() {
    // Given a garden, when the same payment is sent twice with the same --key.
    let ledger = paris();
    let arguments = [
        "pay",
        "member:camille",
        "garden:paris",
        "10",
        "EUR",
        "--period",
        "2026-01",
        "--on",
        "2026-01-10",
        "--key",
        "camille-2026-01",
    ];
    let first = ledger.ok(&arguments);
    let second = ledger.ok(&arguments);
    // Then both receipts name the same entry and hash, and the second says it was a replay.
    assert_eq!(entry_of(&first), entry_of(&second));
    assert_eq!(hash_of(&first), hash_of(&second));
    assert!(second.contains("already recorded"), "{second}");
    assert_eq!(balance(&ledger, "paris", "EUR", "2026-01-31"), "10.00");
}

#[test]
fn every_shipped_constitution_sample_is_adopted_by_a_ledger() {
    // Given a ledger that declares GRAINE, when each sample is adopted by a garden of its own,
    // then each is recorded as version 1.
    let ledger = TempLedger::new();
    ledger.ok(&[
        "currency",
        "declare",
        "GRAINE",
        "--name",
        "La Graine",
        "--places",
        "0",
        "--on",
        "2026-01-01",
    ]);
    let mut adopted = 0;
    let dir = cli_support::constitutions_dir();
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    for file in &files {
        let garden = file.file_stem().unwrap().to_str().unwrap();
        ledger.ok(&[
            "garden",
            "open",
            garden,
            "--name",
            "Sample",
            "--local",
            "Here",
            "--core",
            "a",
            "--core",
            "b",
            "--on",
            "2026-01-01",
        ]);
        let receipt = ledger.ok(&[
            "garden",
            "constitution",
            garden,
            file.to_str().unwrap(),
            "--on",
            "2026-01-01",
        ]);
        assert!(
            receipt.contains("version 1"),
            "{}: {receipt}",
            file.display()
        );
        adopted += 1;
    }
    assert!(adopted >= 4, "found {adopted} samples");
    let log = ledger.json(&["log", "--garden", "yearly"]);
    assert_eq!(text(&log, "/events/1/kind"), "ConstitutionAdopted");

    // And without --cadence or --mode, the command takes what the constitution in force sets.
    let yearly = ledger.ok(&[
        "commit",
        "a-2026",
        "yearly",
        "a",
        "60",
        "EUR",
        "--on",
        "2026-01-02",
    ]);
    assert!(yearly.contains("yearly"), "{yearly}");
    let hat = ledger.ok(&[
        "collect",
        "conscious",
        "7,30",
        "EUR",
        "--kind",
        "gathering",
        "--on",
        "2026-01-02",
    ]);
    assert!(hat.contains("conscious"), "{hat}");
    // And the minimal constitution accepts no member contribution: refused, exit 1.
    let refused = ledger.fails(
        1,
        &[
            "pay",
            "member:a",
            "garden:minimal",
            "5",
            "EUR",
            "--on",
            "2026-01-02",
        ],
    );
    assert!(refused.contains("CurrencyNotAccepted"), "{refused}");
}
