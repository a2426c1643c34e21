//! No command line, however malformed, makes `jardins` panic: every one ends with a documented
//! exit code and, when it fails, one message on stderr. The words are drawn from what a person
//! might type, right or wrong, after a real command so that most runs reach the ledger.

mod cli_support;

use cli_support::TempLedger;
use proptest::prelude::*;

const COMMANDS: &[&[&str]] = &[
    &["currency", "declare"],
    &["garden", "open"],
    &["garden", "constitution"],
    &["garden", "close"],
    &["member", "join"],
    &["member", "leave"],
    &["pay"],
    &["role", "value"],
    &["commit"],
    &["commit", "end"],
    &["collect"],
    &["expense"],
    &["reverse"],
    &["balance"],
    &["audit"],
    &["commitments"],
    &["log"],
    &["verify"],
    &["import"],
    &["export", "jsonl"],
    &["export", "journal"],
    &["init"],
    &["demo"],
];

const WORDS: &[&str] = &[
    "--on",
    "--key",
    "--format",
    "--name",
    "--local",
    "--thematic",
    "--organisation",
    "--core",
    "--period",
    "--commitment",
    "--mode",
    "--note",
    "--kind",
    "--cadence",
    "--from",
    "--until",
    "--to",
    "--as-of",
    "--by-month",
    "--by",
    "month",
    "--chart",
    "x.png",
    "--garden",
    "--places",
    "--reason",
    "--companion",
    "paris",
    "Paris",
    "garden:paris",
    "member:lou",
    "member:camille",
    "big-garden",
    "outside",
    "lou",
    "camille",
    "lou-2026",
    "facilitation",
    "EUR",
    "eur",
    "GRAINE",
    "12,50",
    "12.50",
    "10",
    "40",
    "12.5.0",
    "0.001",
    "-5",
    "-10,00",
    "0",
    "1",
    "3",
    "99999999999999",
    "2026-01-10",
    "2026-01-01",
    "2026-13-01",
    "2999-01-01",
    "0001-01-01",
    "2026-03",
    "2026",
    "json",
    "csv",
    "table",
    "fixed",
    "conscious",
    "monthly",
    "yearly",
    "event",
    "-",
    "",
    " ",
    "é",
    "a\u{7}b",
    "\u{202E}x",
    "=cmd()",
    "/no/such/file",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 150, ..ProptestConfig::default() })]

    #[test]
    fn any_command_line_ends_with_a_documented_exit_code(
        command in 0..COMMANDS.len(),
        picks in proptest::collection::vec(0..WORDS.len(), 0..9),
    ) {
        // Given the paris garden, when jardins runs a command with drawn words, then it exits
        // 0, 1, 2 or 3, a failure says why on stderr, and no panic reaches the user.
        let ledger = shared_ledger();
        let mut arguments: Vec<&str> = COMMANDS[command].to_vec();
        arguments.extend(picks.iter().map(|&i| WORDS[i]));
        let (code, _stdout, stderr) = ledger.run(&arguments);
        prop_assert!((0..=3).contains(&code), "{arguments:?} exited {code}: {stderr}");
        if code != 0 {
            prop_assert!(!stderr.trim().is_empty(), "{arguments:?} failed silently");
        }
    }
}

/// One ledger for every case: what a case records only gives the next ones more to work on.
fn shared_ledger() -> &'static TempLedger {
    static LEDGER: std::sync::OnceLock<TempLedger> = std::sync::OnceLock::new();
    LEDGER.get_or_init(cli_support::paris)
}
