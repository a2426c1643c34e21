//! Exit codes with the real binary: 1 refused by a rule (the ledger left unchanged), 2 bad
//! usage, 3 the ledger cannot be used; errors on stderr, never a panic.

mod cli_support;

use cli_support::{paris, sample, TempLedger};

#[test]
fn every_refusal_names_its_rule_and_leaves_the_ledger_unchanged() {
    // Given the paris garden with a commitment, a payment and an expense already reversed.
    let ledger = paris();
    ledger.ok(&[
        "commit",
        "lou-2026",
        "paris",
        "lou",
        "12",
        "EUR",
        "--on",
        "2026-01-05",
    ]);
    ledger.ok(&[
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
        "k1",
    ]);
    let expense = ledger.ok(&["expense", "paris", "1", "EUR", "--on", "2026-01-11"]);
    let expense_entry = cli_support::entry_of(&expense).to_string();
    ledger.ok(&[
        "reverse",
        &expense_entry,
        "--reason",
        "typo",
        "--on",
        "2026-01-11",
    ]);
    let bad_constitution = ledger.dir.path().join("bad.toml");
    std::fs::write(&bad_constitution, "version = 2\npurpose = \"x\"\n").unwrap();
    let bad_import = ledger.dir.path().join("bad.jsonl");
    std::fs::write(&bad_import, "{\"not\": \"an event\"}\n").unwrap();
    let fixed_monthly = sample("fixed-monthly.toml");
    let before = ledger.fingerprint();

    // When each refused command runs, then it exits 1, names the rule on stderr, prints no
    // receipt, and `log` and `verify` say exactly what they said before.
    let refusals: Vec<(Vec<&str>, &str)> = vec![
        (
            vec![
                "pay",
                "member:lou",
                "garden:paris",
                "11",
                "EUR",
                "--commitment",
                "lou-2026",
                "--on",
                "2026-01-12",
            ],
            "FixedAmountDiffers",
        ),
        (
            vec![
                "pay",
                "member:ghost",
                "garden:paris",
                "10",
                "EUR",
                "--on",
                "2026-01-12",
            ],
            "UnknownPerson",
        ),
        (
            vec![
                "pay",
                "member:camille",
                "garden:paris",
                "10.001",
                "EUR",
                "--on",
                "2026-01-12",
            ],
            "TooManyDecimalPlaces",
        ),
        (
            vec![
                "pay",
                "member:camille",
                "garden:paris",
                "10",
                "XYZ",
                "--on",
                "2026-01-12",
            ],
            "UnknownCurrency",
        ),
        (
            vec![
                "pay",
                "member:camille",
                "garden:paris",
                "10",
                "EUR",
                "--on",
                "2999-01-01",
            ],
            "DateInFuture",
        ),
        (
            vec![
                "pay",
                "member:camille",
                "garden:lyon",
                "10",
                "EUR",
                "--on",
                "2026-01-12",
            ],
            "UnknownGarden",
        ),
        (
            vec![
                "pay",
                "member:camille",
                "garden:paris",
                "10",
                "EUR",
                "--mode",
                "conscious",
                "--on",
                "2026-01-12",
            ],
            "ModeDiffers",
        ),
        (
            vec!["garden", "close", "paris", "--on", "2026-01-12"],
            "GardenStillHoldsMoney",
        ),
        (
            vec!["reverse", "3", "--reason", "no", "--on", "2026-01-12"],
            "NotAMoneyEntry",
        ),
        (
            vec![
                "reverse",
                &expense_entry,
                "--reason",
                "again",
                "--on",
                "2026-01-12",
            ],
            "AlreadyReversed",
        ),
        (
            vec!["reverse", "999", "--reason", "no", "--on", "2026-01-12"],
            "UnknownEntry",
        ),
        (
            vec![
                "garden",
                "constitution",
                "paris",
                &fixed_monthly,
                "--on",
                "2026-01-12",
            ],
            "ConstitutionVersionOutOfOrder",
        ),
        (
            vec![
                "garden",
                "constitution",
                "paris",
                bad_constitution.to_str().unwrap(),
                "--on",
                "2026-01-12",
            ],
            "ConstitutionFile",
        ),
        (
            vec![
                "currency",
                "declare",
                "EUR",
                "--name",
                "Euro",
                "--on",
                "2026-01-12",
            ],
            "CurrencyAlreadyDeclared",
        ),
        (
            vec!["member", "leave", "paris", "camille", "--on", "2026-01-12"],
            "CoreMemberCannotLeave",
        ),
        (
            vec!["member", "join", "paris", "lou", "--on", "2026-01-12"],
            "AlreadyAMember",
        ),
        (
            vec![
                "garden",
                "open",
                "paris",
                "--name",
                "Again",
                "--local",
                "Paris",
                "--core",
                "a",
                "--core",
                "b",
                "--on",
                "2026-01-12",
            ],
            "GardenAlreadyExists",
        ),
        (
            vec![
                "garden",
                "open",
                "solo",
                "--name",
                "Solo",
                "--local",
                "Paris",
                "--core",
                "a",
                "--core",
                "a",
                "--on",
                "2026-01-12",
            ],
            "CoreTooSmall",
        ),
        (
            vec![
                "role",
                "value",
                "paris",
                "treasury",
                "camille",
                "30",
                "EUR",
                "--on",
                "2026-01-12",
            ],
            "RoleNotValued",
        ),
        (
            vec![
                "commit",
                "low",
                "paris",
                "lou",
                "5",
                "EUR",
                "--on",
                "2026-01-12",
            ],
            "CommitmentBelowMinimum",
        ),
        (
            vec!["commit", "end", "nobody", "--on", "2026-01-12"],
            "UnknownCommitment",
        ),
        (
            vec!["collect", "paris", "20", "EUR", "--on", "2026-01-12"],
            "CollectionNotMultipleOfPrice",
        ),
        (
            vec![
                "pay",
                "member:camille",
                "garden:paris",
                "99",
                "EUR",
                "--period",
                "2026-02",
                "--on",
                "2026-01-12",
                "--key",
                "k1",
            ],
            "KeyReused",
        ),
        (vec!["import", bad_import.to_str().unwrap()], "line 1"),
    ];
    for (arguments, rule) in refusals {
        let (code, stdout, stderr) = ledger.run(&arguments);
        assert_eq!(
            code, 1,
            "{arguments:?} should be refused\nstdout: {stdout}\nstderr: {stderr}"
        );
        assert!(
            stderr.contains(rule),
            "{arguments:?}: stderr names {rule}: {stderr}"
        );
        assert!(
            stdout.is_empty(),
            "{arguments:?}: a refusal prints no receipt: {stdout}"
        );
        assert_eq!(
            ledger.fingerprint(),
            before,
            "{arguments:?} changed the ledger"
        );
    }
}

#[test]
fn bad_usage_exits_2_before_touching_the_ledger() {
    // Given a ledger, when a command line is malformed, then it exits 2 with the expected form.
    let ledger = paris();
    let before = ledger.fingerprint();
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec![], "Usage"),
        (vec!["frobnicate"], "unrecognized subcommand"),
        (
            vec!["pay", "member:camille", "garden:paris", "12.5.0", "EUR"],
            "12.50 or 12,50",
        ),
        (
            vec!["pay", "member:camille", "garden:paris", "-5", "EUR"],
            "-5",
        ),
        (
            vec!["pay", "member:camille", "garden:paris", "5", "eur"],
            "uppercase",
        ),
        (
            vec!["pay", "camille", "garden:paris", "5", "EUR"],
            "garden:ID, member:ID",
        ),
        (
            vec![
                "pay",
                "member:camille",
                "garden:paris",
                "5",
                "EUR",
                "--on",
                "2026-13-01",
            ],
            "2026-11-03",
        ),
        (
            vec![
                "pay",
                "member:camille",
                "garden:paris",
                "5",
                "EUR",
                "--period",
                "2026-1",
            ],
            "2026-03",
        ),
        (vec!["balance", "outside"], "member:ID"),
        (
            vec!["balance", "member:camille", "--by", "month"],
            "--from and --to",
        ),
        (vec!["balance", "Paris"], "lowercase"),
        (
            vec![
                "garden", "open", "x", "--name", "X", "--core", "a", "--core", "b",
            ],
            "--local",
        ),
        (
            vec![
                "garden", "open", "x", "--name", " ", "--local", "X", "--core", "a", "--core", "b",
            ],
            "blank",
        ),
        (
            vec!["garden", "constitution", "paris", "/no/such/file.toml"],
            "cannot read",
        ),
        (vec!["import", "/no/such/file.jsonl"], "cannot read"),
        (vec!["--wait", "99999", "log"], "99999"),
        (vec!["log", "--format", "xml"], "xml"),
        (vec!["reverse", "3"], "--reason"),
        (vec!["generate", "--events", "0"], "0"),
        (vec!["completions", "tcsh"], "tcsh"),
    ];
    for (arguments, hint) in cases {
        let stderr = ledger.fails(2, &arguments);
        assert!(
            stderr.contains(hint),
            "{arguments:?}: expected {hint:?} in {stderr}"
        );
    }
    assert_eq!(ledger.fingerprint(), before);
}

#[test]
fn help_and_version_exit_0_on_stdout() {
    let ledger = TempLedger::empty();
    let help = ledger.ok(&["--help"]);
    for word in ["Exit codes", "JARDINS_LEDGER", "pay", "audit", "demo"] {
        assert!(help.contains(word), "--help mentions {word}: {help}");
    }
    let pay_help = ledger.ok(&["pay", "--help"]);
    assert!(pay_help.contains("Example"), "{pay_help}");
    assert!(ledger.ok(&["--version"]).starts_with("jardins "));
}

#[test]
fn a_path_without_a_ledger_exits_3_and_is_not_created() {
    // Given a path that holds no ledger, when any command but init runs on it, then it exits 3,
    // says how to create one, and creates nothing.
    let ledger = TempLedger::empty();
    let minimal = sample("minimal.toml");
    let commands: Vec<Vec<&str>> = vec![
        vec!["log"],
        vec!["verify"],
        vec!["balance", "paris"],
        vec!["audit"],
        vec!["commitments"],
        vec!["export", "jsonl"],
        vec!["pay", "member:a", "garden:b", "1", "EUR"],
        vec!["garden", "constitution", "paris", &minimal],
        vec!["import", "-"],
    ];
    for arguments in commands {
        let stderr = ledger.fails(3, &arguments);
        assert!(stderr.contains("jardins init"), "{arguments:?}: {stderr}");
        assert!(!ledger.path.exists(), "{arguments:?} created a ledger");
    }
}

#[test]
fn init_on_an_existing_ledger_exits_3() {
    let ledger = TempLedger::new();
    let before = ledger.fingerprint();
    let stderr = ledger.fails(3, &["init"]);
    assert!(stderr.contains("already exists"), "{stderr}");
    assert_eq!(ledger.fingerprint(), before);
}

#[test]
fn a_ledger_held_by_another_jardins_exits_3_after_the_wait() {
    // Given a ledger that this process holds open, when the binary runs with --wait 0, then it
    // gives up at once with exit 3 and says the ledger is in use.
    let ledger = TempLedger::new();
    let held = jardins_store::Ledger::open(&ledger.path, std::time::Duration::ZERO)
        .expect("the test opens the ledger");
    let output = ledger
        .cmd(&["--wait", "0", "log"])
        .output()
        .expect("the binary runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(3), "{stderr}");
    assert!(stderr.contains("another jardins"), "{stderr}");
    drop(held);
    ledger.ok(&["log"]);
}

#[test]
fn a_damaged_ledger_exits_3_without_a_panic() {
    // Given a ledger whose files are overwritten with garbage, when it is used, then every
    // command exits 3 with one message and no backtrace.
    let ledger = paris();
    let mut files = Vec::new();
    let mut pending = vec![ledger.path.clone()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else {
                files.push(path);
            }
        }
    }
    assert!(!files.is_empty());
    for file in &files {
        let length = std::fs::metadata(file).unwrap().len() as usize;
        std::fs::write(file, vec![0xA5_u8; length.max(64)]).unwrap();
    }
    for arguments in [vec!["verify"], vec!["log"], vec!["balance", "paris"]] {
        let stderr = ledger.fails(3, &arguments);
        assert_eq!(stderr.trim().lines().count(), 1, "one line: {stderr}");
    }
}

#[test]
fn an_output_file_that_cannot_be_written_exits_3() {
    // Given a ledger, when an export or a chart is sent to a directory that does not exist,
    // then the command exits 3 and names the file.
    let ledger = TempLedger::new();
    let missing = ledger.dir.path().join("no-such-dir");
    let export = missing.join("backup.jsonl");
    let stderr = ledger.fails(
        3,
        &["export", "jsonl", "--output", export.to_str().unwrap()],
    );
    assert!(stderr.contains("backup.jsonl"), "{stderr}");
    let chart = missing.join("chart.svg");
    let stderr = ledger.fails(
        3,
        &["balance", "big-garden", "--chart", chart.to_str().unwrap()],
    );
    assert!(stderr.contains("chart.svg"), "{stderr}");
}

#[test]
fn a_negative_amount_reaches_the_ledgers_own_refusal_for_every_amount_argument() {
    // Given paris, when each command that takes an amount is given one with a minus sign
    let ledger = paris();
    let before = ledger.fingerprint();
    let commands: [&[&str]; 6] = [
        &["pay", "member:lou", "garden:paris", "-10", "EUR"],
        &[
            "pay",
            "member:lou",
            "garden:paris",
            "-10,00",
            "EUR",
            "--period",
            "2026-01",
        ],
        &[
            "role",
            "value",
            "paris",
            "facilitation",
            "lou",
            "-30",
            "EUR",
        ],
        &["commit", "lou-2026", "paris", "lou", "-10", "EUR"],
        &["collect", "paris", "-15", "EUR"],
        &["expense", "paris", "-7,50", "EUR"],
    ];
    for arguments in commands {
        // Then it is not taken for an unknown flag: the amount is refused as not positive,
        // in one message, as bad usage (exit 2), and nothing is recorded.
        let stderr = ledger.fails(2, arguments);
        assert!(
            stderr.contains("is not positive: a payment moves a positive amount"),
            "{arguments:?}: {stderr}"
        );
        assert!(
            !stderr.contains("unexpected argument"),
            "{arguments:?}: {stderr}"
        );
    }
    assert_eq!(ledger.fingerprint(), before);
    // And a flag after an amount is still a flag.
    let receipt = ledger.ok(&[
        "pay",
        "member:lou",
        "garden:paris",
        "10",
        "--on",
        "2026-01-10",
        "EUR",
        "--period",
        "2026-01",
    ]);
    assert!(receipt.contains("10.00 EUR"), "{receipt}");
}

#[test]
fn a_reused_key_says_its_fix_once() {
    // Given a payment recorded with the key k1, when another command uses k1
    let ledger = paris();
    let pay = |amount: &str| {
        vec![
            "pay",
            "member:lou",
            "garden:paris",
            amount,
            "EUR",
            "--period",
            "2026-01",
            "--on",
            "2026-01-10",
            "--key",
            "k1",
        ]
        .into_iter()
        .map(str::to_string)
        .collect::<Vec<_>>()
    };
    let first = pay("10");
    ledger.ok(&first.iter().map(String::as_str).collect::<Vec<_>>());
    let second = pay("11");
    let stderr = ledger.fails(1, &second.iter().map(String::as_str).collect::<Vec<_>>());
    // Then it is refused, names the entry that used the key, and says what to do once.
    assert!(
        stderr.contains("KeyReused") && stderr.contains("entry 5"),
        "{stderr}"
    );
    assert_eq!(stderr.matches("--key").count(), 1, "{stderr}");
    assert_eq!(stderr.matches("repeat").count(), 1, "{stderr}");
    assert!(!stderr.contains("use a new key"), "{stderr}");
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
}

#[test]
fn a_ledger_in_use_names_the_option_that_waits_longer() {
    // Given a ledger this process holds open, when the binary gives up waiting
    let ledger = TempLedger::new();
    let held = jardins_store::Ledger::open(&ledger.path, std::time::Duration::ZERO)
        .expect("the test opens the ledger");
    let stderr = ledger.fails(3, &["--wait", "0", "log"]);
    drop(held);
    // Then it says how to wait longer, naming the option.
    assert!(stderr.contains("--wait SECONDS"), "{stderr}");
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
}

#[test]
fn verify_on_a_damaged_ledger_says_how_to_recover_not_to_run_verify() {
    // Given paris (entries 1 to 4) with a byte of entry 3 flipped behind the ledger's back
    let ledger = paris();
    let db = sled::Config::new()
        .path(&ledger.path)
        .use_compression(false)
        .segment_size(512 * 1024)
        .flush_every_ms(None)
        .open()
        .expect("the database opens");
    let key = jardins_store::codec::key::log(3);
    let page = db.get(key).unwrap().expect("the first page");
    let mut records: Vec<Vec<u8>> = jardins_store::codec::page_records(1, &page)
        .unwrap()
        .into_iter()
        .map(|(_, bytes)| bytes.to_vec())
        .collect();
    let last = records[2].len() - 1;
    records[2][last] ^= 0x20;
    db.insert(key, jardins_store::codec::encode_page(&records))
        .unwrap();
    db.flush().unwrap();
    drop(db);
    // When verify runs, then it exits 3, names the damage and says how to recover, without
    // sending the person to `jardins verify` again.
    let stderr = ledger.fails(3, &["--wait", "10", "verify"]);
    assert!(stderr.contains("the ledger is damaged"), "{stderr}");
    assert!(!stderr.contains("jardins verify"), "{stderr}");
    assert!(stderr.contains("import BACKUP.jsonl"), "{stderr}");
    assert!(stderr.contains("export jsonl"), "{stderr}");
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    // And another command that meets the damage (the audit checks the whole chain) sends the
    // person to `jardins verify`.
    let stderr = ledger.fails(3, &["audit"]);
    assert!(
        stderr.contains("the ledger is damaged at entry 3"),
        "{stderr}"
    );
    assert!(stderr.contains("`jardins verify`"), "{stderr}");
}

#[test]
fn the_demo_says_it_does_not_use_jardins_ledger() {
    // Given the demo's help, then its --ledger does not claim JARDINS_LEDGER, and the help
    // says the demo does not use it.
    let ledger = TempLedger::empty();
    let help = ledger.ok(&["demo", "--help"]);
    assert!(!help.contains("[env: JARDINS_LEDGER]"), "{help}");
    let words = help.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(words.contains("JARDINS_LEDGER is not used"), "{help}");
    assert!(
        words.contains("The demo does not use JARDINS_LEDGER"),
        "{help}"
    );
    // And the other commands still show it.
    let log = ledger.ok(&["log", "--help"]);
    assert!(log.contains("[env: JARDINS_LEDGER]"), "{log}");
}
