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
    // (its receipt in French too)
    assert!(stdout.starts_with("écriture "), "{stdout}");
    assert!(
        stdout.contains(" enregistrée\u{A0}: ExpensePaid du 11/01/2026"),
        "{stdout}"
    );
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

/// Paris through January 2026: lou's 10 EUR for January (entry 5), an event's takings of
/// 83 seats at 15 EUR (6), a room paid 234.50 EUR (7), January's 40 EUR to the big garden (8),
/// and lou's commitment of 10 EUR a month from 1 January (9).
fn paris_in_january() -> TempLedger {
    let ledger = paris();
    for arguments in [
        &[
            "pay",
            "member:lou",
            "garden:paris",
            "10",
            "EUR",
            "--period",
            "2026-01",
            "--on",
            "2026-01-10",
        ][..],
        &[
            "collect",
            "paris",
            "1245",
            "EUR",
            "--kind",
            "event",
            "--note",
            "stage",
            "--on",
            "2026-01-20",
        ],
        &[
            "expense",
            "paris",
            "234.50",
            "EUR",
            "--note",
            "salle",
            "--on",
            "2026-01-25",
        ],
        &[
            "pay",
            "garden:paris",
            "big-garden",
            "40",
            "EUR",
            "--period",
            "2026-01",
            "--on",
            "2026-01-31",
        ],
        &[
            "commit",
            "c-lou",
            "paris",
            "lou",
            "10",
            "EUR",
            "--from",
            "2026-01-01",
            "--on",
            "2026-01-31",
        ],
    ] {
        ledger.ok(arguments);
    }
    ledger
}

/// The cells of the table row whose first cell is `first`, trimmed.
fn row(table: &str, first: &str) -> Vec<String> {
    table
        .lines()
        .filter(|line| line.starts_with('│'))
        .map(|line| {
            line.trim_matches('│')
                .split('┆')
                .map(|cell| cell.trim().to_string())
                .collect::<Vec<_>>()
        })
        .find(|cells| cells.first().is_some_and(|cell| cell == first))
        .unwrap_or_else(|| panic!("no row {first:?} in:\n{table}"))
}

/// `jardins --lang fr ARGUMENTS` on `ledger`: its standard output.
fn french(ledger: &TempLedger, arguments: &[&str]) -> String {
    let mut flagged = vec!["--lang", "fr"];
    flagged.extend(arguments);
    let (code, stdout, stderr) = run_with(ledger, &[], &flagged);
    assert_eq!(code, 0, "{arguments:?}: {stderr}");
    stdout
}

/// A narrow no-break space (between thousands) and a no-break space (before `€` and `:`).
const NNBSP: char = '\u{202F}';
const NBSP: char = '\u{A0}';

#[test]
fn a_garden_s_balance_reads_in_french_with_french_amounts_and_dates() {
    // Given paris through January,
    let ledger = paris_in_january();
    // when its balance is asked in French as of 31/01/2026 (typed the French way),
    let table = french(&ledger, &["balance", "paris", "--to", "31/01/2026"]);
    // then its title, its lines and its amounts are French: 10 + 1 245 − 40 − 234,50 = 980,50.
    assert!(
        table.starts_with(
            "Solde de garden:paris — Jardin de Paris, local (Paris)\nAu 31/01/2026\n\n"
        ),
        "{table}"
    );
    let lines = [
        ("solde d’ouverture".to_string(), "0,00".to_string()),
        (
            format!("entrées{NBSP}: contributions des membres"),
            "10,00".to_string(),
        ),
        (
            format!("entrées{NBSP}: collectes"),
            format!("1{NNBSP}245,00"),
        ),
        (
            format!("sorties{NBSP}: contributions au grand jardin"),
            "-40,00".to_string(),
        ),
        (format!("sorties{NBSP}: dépenses"), "-234,50".to_string()),
        (
            "solde de clôture (31/01/2026)".to_string(),
            "980,50".to_string(),
        ),
    ];
    for (label, amount) in &lines {
        assert_eq!(
            row(&table, label),
            [label.clone(), amount.clone()],
            "{table}"
        );
    }
    assert_eq!(row(&table, "")[1], "EUR");
    // And in English it is the table it always was.
    let english = ledger.ok(&["balance", "paris", "--to", "2026-01-31"]);
    assert_eq!(
        row(&english, "in: collections"),
        ["in: collections", "1245.00"]
    );
    assert_eq!(
        row(&english, "closing balance (2026-01-31)"),
        ["closing balance (2026-01-31)", "980.50"]
    );
}

#[test]
fn the_audit_reads_in_french() {
    // Given paris through January, when the audit of January is asked in French,
    let ledger = paris_in_january();
    let audit = french(
        &ledger,
        &["audit", "--from", "01/01/2026", "--to", "31/01/2026"],
    );
    // then its heading, its columns, its rule, its figures and its legends are French:
    assert!(
        audit.starts_with(
            "Audit des flux d\u{2019}argent vers le grand jardin, du 01/01/2026 au 31/01/2026\n"
        ),
        "{audit}"
    );
    assert!(
        audit.contains("\ngarden:paris — Jardin de Paris, local (Paris)\n"),
        "{audit}"
    );
    // January asked 40,00 under version 1, and entry 8 paid 40,00: settled.
    assert_eq!(
        row(&audit, "période"),
        [
            "période",
            "monnaie",
            "règle en vigueur",
            "dû",
            "suggéré",
            "versé",
            "écart",
            "cumul"
        ]
    );
    assert_eq!(
        row(&audit, "2026-01"),
        [
            "2026-01".to_string(),
            "EUR".to_string(),
            format!("v1{NBSP}: 40,00 fixe, mensuel"),
            "40,00".to_string(),
            String::new(),
            "40,00".to_string(),
            "0,00".to_string(),
            "à jour".to_string(),
        ]
    );
    let payment = row(&audit, "#8");
    assert_eq!(
        payment[..6],
        [
            "#8".to_string(),
            "31/01/2026".to_string(),
            format!("40,00{NBSP}€"),
            "fixe".to_string(),
            "2026-01".to_string(),
            "2026-01".to_string()
        ]
    );
    // due 40,00; suggested 0,00; paid 40,00, all counted; nothing open, nothing uncalled; settled.
    assert_eq!(
        row(&audit, "EUR"),
        ["EUR", "40,00", "0,00", "40,00", "40,00", "0,00", "0,00", "à jour", "0,00"]
    );
    for french in [
        format!(
            "Jardins qui n\u{2019}ont rien versé alors qu\u{2019}ils devaient{NBSP}:\n  aucun\n"
        ),
        "Totaux par monnaie\n".to_string(),
        format!("Chaîne vérifiée{NBSP}: 9 écritures, chaque empreinte recalculée et chaînée"),
    ] {
        assert!(audit.contains(&french), "{french:?} in\n{audit}");
    }
    assert!(!audit.contains("Totals per currency"), "{audit}");
}

#[test]
fn commitments_and_lists_read_in_french() {
    let ledger = paris_in_january();
    // Given lou's commitment of 10 EUR a month from 01/01/2026, as of 28/02/2026 two months are
    // over (20,00 due, 2×), lou paid 10,00 for January: 10,00 in arrears.
    let commitments = french(&ledger, &["commitments", "paris", "--as-of", "28/02/2026"]);
    assert!(
        commitments.starts_with("Engagements envers garden:paris au 28/02/2026\n"),
        "{commitments}"
    );
    assert_eq!(
        row(&commitments, "garden:paris"),
        [
            "garden:paris".to_string(),
            "lou (Lou)".to_string(),
            "c-lou".to_string(),
            format!("10,00{NBSP}€ mensuel"),
            "depuis le 01/01/2026".to_string(),
            "20,00 (2×)".to_string(),
            "0,00".to_string(),
            "10,00".to_string(),
            "arriéré 10,00".to_string(),
        ]
    );
    assert_eq!(
        row(&commitments, "EUR"),
        ["EUR", "20,00", "0,00", "10,00", "arriéré 10,00"]
    );
    // The gardens: paris, local, of Paris, its core, version 1 in force, opened 01/01/2026.
    let gardens = french(&ledger, &["garden", "list", "--as-of", "31/01/2026"]);
    assert!(
        gardens.starts_with("Jardins, avec la version de constitution en vigueur le 31/01/2026\n"),
        "{gardens}"
    );
    assert_eq!(
        row(&gardens, "id"),
        [
            "id",
            "nom",
            "sorte",
            "de",
            "noyau",
            "constitution",
            "ouvert",
            "fermé"
        ]
    );
    assert_eq!(
        row(&gardens, "paris"),
        [
            "paris",
            "Jardin de Paris",
            "local",
            "Paris",
            "camille dominique",
            "1",
            "01/01/2026",
            ""
        ]
    );
    // Its members: the core from its opening, lou from 05/01/2026.
    let members = french(&ledger, &["member", "list", "paris"]);
    assert!(
        members.starts_with("Membres de garden:paris — Jardin de Paris\n"),
        "{members}"
    );
    assert_eq!(
        row(&members, "camille"),
        [
            "camille",
            "Camille D.",
            "jardinier·e, noyau",
            "01/01/2026",
            ""
        ]
    );
    assert_eq!(
        row(&members, "lou"),
        ["lou", "Lou", "jardinier·e", "05/01/2026", ""]
    );
    // And the log's table says what each entry did, in French.
    let log = french(&ledger, &["log", "--garden", "paris"]);
    assert_eq!(
        row(&log, "7")[1..4],
        [
            "25/01/2026".to_string(),
            "ExpensePaid".to_string(),
            format!("garden:paris -> outside 234,50{NBSP}€, dépense — salle"),
        ]
    );
    assert_eq!(row(&log, "écriture")[0], "écriture");
}

#[test]
fn a_warning_reads_in_french() {
    // Given paris with no money yet, when a French treasurer records a 1 500 EUR expense on
    // 06/01/2026, then it is recorded (entry 5) and the warning says, in French, that it leaves
    // paris at −1 500,00 € on that day.
    let ledger = paris();
    let (code, stdout, stderr) = run_with(
        &ledger,
        &[("JARDINS_LANG", "fr")],
        &["expense", "paris", "1500", "EUR", "--on", "06/01/2026"],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.starts_with("écriture 5 enregistrée"), "{stdout}");
    assert_eq!(
        stderr,
        format!(
            "jardins: avertissement{NBSP}: l\u{2019}écriture 5 laisse garden:paris à -1{NNBSP}500,00{NBSP}€ le 06/01/2026, sous zéro{NBSP}: enregistrez d\u{2019}abord l\u{2019}argent qui est entré, ou contre-passez l\u{2019}écriture si c\u{2019}est une erreur (jardins reverse 5 --reason ...)\n"
        )
    );
}

#[test]
fn machine_output_is_the_same_in_both_languages() {
    // Given a ledger with money in thousands, a commitment, a member and a chart to leave out,
    let ledger = paris_in_january();
    // when every report and export is asked for a program in English and in French,
    for arguments in [
        vec!["log", "--format", "json"],
        vec!["log", "--format", "csv"],
        vec!["balance", "paris", "--format", "json"],
        vec!["balance", "paris", "--format", "csv"],
        vec!["balance", "paris", "--by", "month", "--format", "csv"],
        vec!["balance", "big-garden", "--format", "json"],
        vec!["balance", "member:lou", "--format", "csv"],
        vec!["audit", "--format", "json"],
        vec!["audit", "--format", "csv"],
        vec!["audit", "--format", "csv-fr"],
        vec!["commitments", "--format", "json"],
        vec!["commitments", "--format", "csv"],
        vec!["garden", "list", "--format", "json"],
        vec!["garden", "list", "--format", "csv"],
        vec!["member", "list", "paris", "--format", "json"],
        vec!["member", "list", "paris", "--format", "csv"],
        vec!["export", "jsonl"],
        vec!["export", "journal"],
        vec!["export", "beancount"],
    ] {
        let english = run_with(&ledger, &[], &arguments);
        let french = run_with(&ledger, &[("LANG", "fr_FR.UTF-8")], &arguments);
        // then both are byte for byte the same.
        assert_eq!(english.0, 0, "{arguments:?}: {}", english.2);
        assert_eq!(french, english, "{arguments:?}");
    }
    // (and the tables are not: the check above compares outputs that could differ)
    let english = run_with(&ledger, &[], &["balance", "paris"]);
    let french = run_with(&ledger, &[("LANG", "fr_FR.UTF-8")], &["balance", "paris"]);
    assert_ne!(french.1, english.1);
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
