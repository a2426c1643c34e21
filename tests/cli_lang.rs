//! The command line speaks French or English: `--lang`, else `JARDINS_LANG`, else the locale
//! (`LC_ALL`, `LC_MESSAGES`, `LANG`), else English; French input is read where it is
//! unambiguous; machine output is the same in both languages.

mod cli_support;

use cli_support::{paris, TempLedger};

/// Runs `arguments` on `ledger` with these environment variables, and returns (code, stdout,
/// stderr). `cmd` has cleared the language variables of whoever runs the tests.
fn run_with(
    ledger: &TempLedger,
    env: &[(&str, &str)],
    arguments: &[&str],
) -> (i32, String, String) {
    let mut command = ledger.cmd(arguments);
    for (name, value) in env {
        command.env(name, value);
    }
    let output = command.output().expect("the binary runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8(output.stdout).expect("UTF-8"),
        String::from_utf8(output.stderr).expect("UTF-8"),
    )
}

const UNKNOWN_GARDEN: [&str; 6] = ["expense", "nowhere", "5", "EUR", "--on", "2026-01-11"];

const ENGLISH: &str = "jardins: refused by the rule UnknownGarden: there is no garden 'nowhere': open it first (jardins garden open) or check the id (jardins log shows every garden opened)\n";

/// The same refusal as a French treasurer reads it: a no-break space before each colon, narrow
/// ones inside the guillemets, typographic apostrophes.
const FRENCH: &str = "jardins: refusé par la règle UnknownGarden\u{A0}: il n\u{2019}y a pas de jardin «\u{202F}nowhere\u{202F}»\u{A0}: ouvrez-le d\u{2019}abord (jardins garden open) ou vérifiez l\u{2019}identifiant (jardins log montre chaque jardin ouvert)\n";

#[test]
fn a_refusal_is_english_by_default_and_french_with_lang_fr_or_a_french_locale() {
    // Given a ledger with no garden 'nowhere',
    let ledger = TempLedger::new();
    // when an expense names it with no language chosen, then the refusal is in English;
    let (code, _, stderr) = run_with(&ledger, &[], &UNKNOWN_GARDEN);
    assert_eq!((code, stderr.as_str()), (1, ENGLISH));
    // with --lang fr (before or after the command), in French, the rule's name unchanged;
    let mut flagged = vec!["--lang", "fr"];
    flagged.extend(UNKNOWN_GARDEN);
    assert_eq!(run_with(&ledger, &[], &flagged).2, FRENCH);
    let mut flagged_after = UNKNOWN_GARDEN.to_vec();
    flagged_after.push("--lang=fr");
    assert_eq!(run_with(&ledger, &[], &flagged_after).2, FRENCH);
    // with a French locale, in French too;
    let (code, _, stderr) = run_with(&ledger, &[("LANG", "fr_FR.UTF-8")], &UNKNOWN_GARDEN);
    assert_eq!((code, stderr.as_str()), (1, FRENCH));
    assert_eq!(
        run_with(&ledger, &[("LC_MESSAGES", "fr_CA.UTF-8")], &UNKNOWN_GARDEN).2,
        FRENCH
    );
    assert_eq!(
        run_with(&ledger, &[("JARDINS_LANG", "fr")], &UNKNOWN_GARDEN).2,
        FRENCH
    );
}

#[test]
fn the_flag_overrides_jardins_lang_which_overrides_the_locale() {
    let ledger = TempLedger::new();
    let french_locale = ("LANG", "fr_FR.UTF-8");
    let mut english_flag = vec!["--lang", "en"];
    english_flag.extend(UNKNOWN_GARDEN);
    assert_eq!(
        run_with(&ledger, &[french_locale], &english_flag).2,
        ENGLISH
    );
    assert_eq!(
        run_with(
            &ledger,
            &[french_locale, ("JARDINS_LANG", "en")],
            &UNKNOWN_GARDEN
        )
        .2,
        ENGLISH
    );
    let mut french_flag = vec!["--lang", "fr"];
    french_flag.extend(UNKNOWN_GARDEN);
    assert_eq!(
        run_with(&ledger, &[("JARDINS_LANG", "en")], &french_flag).2,
        FRENCH
    );
    // LC_ALL decides over LANG, as POSIX reads them.
    assert_eq!(
        run_with(&ledger, &[french_locale, ("LC_ALL", "C")], &UNKNOWN_GARDEN).2,
        ENGLISH
    );
    // A language the catalogs do not hold is a usage error of clap's.
    let mut german = vec!["--lang", "de"];
    german.extend(UNKNOWN_GARDEN);
    let (code, _, stderr) = run_with(&ledger, &[], &german);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("'de'") && stderr.contains("fr, en"),
        "{stderr}"
    );
}

#[test]
fn french_amounts_and_dates_are_read_when_the_language_is_french() {
    // Given paris, when a French treasurer records an expense of `1 234,50 €` on `11/01/2026`,
    let ledger = paris();
    let (code, stdout, stderr) = run_with(
        &ledger,
        &[("LANG", "fr_FR.UTF-8")],
        &[
            "expense",
            "paris",
            "1 234,50 €",
            "EUR",
            "--on",
            "11/01/2026",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.starts_with("recorded entry "), "{stdout}");
    // then the log holds 1234.50 EUR on 2026-01-11 (11 January, day first).
    let log = ledger.json(&["log"]);
    let last = log["events"]
        .as_array()
        .and_then(|events| events.last())
        .expect("the log lists events");
    assert_eq!(last["kind"], "ExpensePaid", "{last}");
    assert_eq!(last["date"], "2026-01-11", "{last}");
    assert_eq!(
        last["summary"], "garden:paris -> outside 1234.50 EUR, expense",
        "{last}"
    );
}

#[test]
fn what_french_reads_is_refused_in_english_and_a_currency_that_differs_is_refused() {
    let ledger = paris();
    let before = ledger.fingerprint();
    // Given English, `1 234,50 €` and `11/01/2026` are not read (`11/01` is ambiguous there).
    let (code, _, stderr) = run_with(&ledger, &[], &["expense", "paris", "1 234,50 €", "EUR"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("is not an amount"), "{stderr}");
    let (code, _, stderr) = run_with(
        &ledger,
        &[],
        &["expense", "paris", "5", "EUR", "--on", "11/01/2026"],
    );
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("'11/01/2026' is not a date: write it as 2026-11-03 (year-month-day)"),
        "{stderr}"
    );
    // Given French, an amount written in GRAINE for a EUR expense is refused, in French,
    let (code, _, stderr) = run_with(
        &ledger,
        &[("LANG", "fr_FR.UTF-8")],
        &["expense", "paris", "10 GRAINE", "EUR"],
    );
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("usage incorrect\u{A0}: le montant est écrit en GRAINE, mais la monnaie indiquée est EUR"),
        "{stderr}"
    );
    // and a date that is no date says, in French, how to write one.
    let (code, _, stderr) = run_with(
        &ledger,
        &[("LANG", "fr_FR.UTF-8")],
        &["expense", "paris", "5", "EUR", "--on", "31/02/2026"],
    );
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("«\u{202F}31/02/2026\u{202F}» n\u{2019}est pas une date"),
        "{stderr}"
    );
    // And nothing was recorded.
    assert_eq!(ledger.fingerprint(), before);
}

#[test]
fn machine_output_is_the_same_in_both_languages() {
    let ledger = paris();
    ledger.ok(&["expense", "paris", "1234.5", "EUR", "--on", "2026-01-11"]);
    for arguments in [
        vec!["log", "--format", "json"],
        vec!["balance", "paris", "--format", "json"],
        vec!["balance", "paris", "--format", "csv"],
        vec!["export", "jsonl"],
    ] {
        let english = run_with(&ledger, &[], &arguments);
        let french = run_with(&ledger, &[("LANG", "fr_FR.UTF-8")], &arguments);
        assert_eq!(english.0, 0, "{arguments:?}: {}", english.2);
        assert_eq!(french, english, "{arguments:?}");
    }
}

#[test]
fn the_readme_shows_a_french_refusal_as_the_binary_writes_it() {
    // Given the README's French section and its example,
    let readme =
        std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
            .expect("the README");
    let start = readme
        .find("\n## En français\n")
        .expect("the README has a French section");
    let block = readme[start..]
        .split("```console\n")
        .nth(1)
        .and_then(|block| block.split("\n```").next())
        .expect("a console block");
    let mut lines = block.lines();
    let typed = lines
        .next()
        .and_then(|line| line.strip_prefix("$ jardins "))
        .expect("a command");
    let expected: String = lines.map(|line| format!("{line}\n")).collect();
    // when it runs on a new ledger, then it writes what the README shows, byte for byte.
    let arguments: Vec<&str> = typed.split(' ').collect();
    let (code, _, stderr) = run_with(&TempLedger::new(), &[], &arguments);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(stderr, expected);
}

#[test]
fn the_errors_of_the_command_line_speak_french_too() {
    // Given no ledger at the path, when `log` runs in French, then it exits 3 and says so in French.
    let missing = TempLedger::empty();
    let (code, _, stderr) = run_with(&missing, &[("LANG", "fr_FR.UTF-8")], &["log"]);
    assert_eq!(code, 3, "{stderr}");
    let path = missing.path.display().to_string();
    assert_eq!(
        stderr,
        format!("jardins: le registre ne peut pas être utilisé\u{A0}: pas de registre à {path}\u{A0}: créez-en un avec `jardins init`\n")
    );
    // And in English, as it always did.
    let (code, _, stderr) = run_with(&missing, &[], &["log"]);
    assert_eq!(code, 3, "{stderr}");
    assert_eq!(
        stderr,
        format!("jardins: the ledger cannot be used: no ledger at {path}: create one with `jardins init`\n")
    );
}

#[test]
fn a_constitution_files_problem_is_said_in_french() {
    // Given a constitution file without its commitments point,
    let ledger = paris();
    let file = ledger.dir.path().join("v2.toml");
    std::fs::write(
        &file,
        "version = 2\npurpose = \"x\"\nentry_rules = \"\"\nexit_rules = \"\"\nroles = []\nbig_garden = []\ncollections = []\n",
    )
    .unwrap();
    let path = file.display().to_string();
    let arguments = [
        "garden",
        "constitution",
        "paris",
        path.as_str(),
        "--on",
        "2026-02-01",
    ];
    // when it is adopted in French, then the refusal names the key and the fix in French;
    let (code, _, stderr) = run_with(&ledger, &[("LANG", "fr_FR.UTF-8")], &arguments);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains(&format!(
            "le fichier de constitution {path} n\u{2019}est pas valide\u{A0}: commitments\u{A0}: manquant\u{A0}: le modèle économique doit dire les engagements minimums demandés aux jardinier·e·s\u{202F}; ajoutez des tables [[commitments]], ou écrivez commitments = [] s\u{2019}il n\u{2019}y en a pas"
        )),
        "{stderr}"
    );
    // and in English as it always was.
    let (code, _, stderr) = run_with(&ledger, &[], &arguments);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("commitments: missing: the economic model must say the minimum commitments asked of gardeners; add [[commitments]] tables, or write commitments = [] if there are none"),
        "{stderr}"
    );
}
