//! The README's five-minute tour, run as it is written: every `$ jardins …` command of the
//! ```console blocks of its "A five-minute tour" section (and of "Le tour, en français", with
//! `JARDINS_LANG=fr`), in order, in a fresh directory, with the real binary; each output must be
//! the one the README shows, line for line. Hashes (64
//! hexadecimal digits) differ from run to run, as they cover the time of recording, and are
//! compared as "a hash". A README output line that is exactly `...` stands for any lines the
//! README chooses to leave out (the tour shows every output whole, so it uses none today).

use std::path::Path;
use std::process::Command;

/// One command of the tour and the output the README shows for it.
#[derive(Debug)]
struct Step {
    /// The command as the README writes it, continuation lines joined.
    typed: String,
    expected: Vec<String>,
}

/// The section of `readme` that starts with the heading `title`, up to the next `## ` heading.
fn section<'r>(readme: &'r str, title: &str) -> &'r str {
    let start = readme
        .find(&format!("\n## {title}\n"))
        .unwrap_or_else(|| panic!("the README has a section {title:?}"));
    let body = &readme[start + 1..];
    let end = body[3..].find("\n## ").map_or(body.len(), |end| end + 3);
    &body[..end]
}

/// The commands and outputs of every ```console block of `text`, in order.
fn steps(text: &str) -> Vec<Step> {
    let mut steps: Vec<Step> = Vec::new();
    let mut in_console = false;
    let mut continued = false;
    for line in text.lines() {
        if !in_console {
            in_console = line.trim_end() == "```console";
            continue;
        }
        if line.trim_end() == "```" {
            in_console = false;
            continue;
        }
        if continued {
            let step = steps.last_mut().expect("a continued command");
            step.typed.push('\n');
            step.typed.push_str(line);
            continued = line.ends_with('\\');
        } else if let Some(command) = line.strip_prefix("$ ") {
            steps.push(Step {
                typed: command.to_string(),
                expected: Vec::new(),
            });
            continued = line.ends_with('\\');
        } else if let Some(step) = steps.last_mut() {
            step.expected.push(line.to_string());
        } else {
            panic!("output before any command in a console block: {line:?}");
        }
    }
    // Outputs are separated by a blank line from the next command: it is not part of them.
    for step in &mut steps {
        while step.expected.last().is_some_and(|l| l.trim().is_empty()) {
            step.expected.pop();
        }
    }
    steps
}

/// The words of a command as a POSIX shell splits them: double and single quotes, a backslash
/// escaping the next character, and a backslash before a newline joining two lines.
fn shell_words(typed: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word: Option<String> = None;
    let mut chars = typed.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('\n') | None => {}
                Some(next) => word.get_or_insert_with(String::new).push(next),
            },
            '"' => {
                let current = word.get_or_insert_with(String::new);
                loop {
                    match chars.next().expect("a closing double quote") {
                        '"' => break,
                        '\\' => current.push(chars.next().expect("an escaped character")),
                        other => current.push(other),
                    }
                }
            }
            '\'' => {
                let current = word.get_or_insert_with(String::new);
                for next in chars.by_ref() {
                    if next == '\'' {
                        break;
                    }
                    current.push(next);
                }
            }
            c if c.is_whitespace() => words.extend(word.take()),
            c => word.get_or_insert_with(String::new).push(c),
        }
    }
    words.extend(word);
    words
}

/// A line with every run of exactly 64 hexadecimal digits (a hash) replaced by `<hash>`.
fn without_hashes(line: &str) -> String {
    let mut result = String::new();
    let mut run = String::new();
    let flush = |run: &mut String, result: &mut String| {
        if run.len() == 64 {
            result.push_str("<hash>");
        } else {
            result.push_str(run);
        }
        run.clear();
    };
    for c in line.chars() {
        if c.is_ascii_hexdigit() && !c.is_ascii_uppercase() {
            run.push(c);
        } else {
            flush(&mut run, &mut result);
            result.push(c);
        }
    }
    flush(&mut run, &mut result);
    result
}

/// Whether `actual` is what `expected` shows, hashes aside; a `...` line of `expected` stands
/// for any number of lines.
fn shows(expected: &[String], actual: &[String]) -> bool {
    match expected.split_first() {
        None => actual.is_empty(),
        Some((first, rest)) if first == "..." => {
            (0..=actual.len()).any(|skipped| shows(rest, &actual[skipped..]))
        }
        Some((first, rest)) => actual.split_first().is_some_and(|(line, others)| {
            without_hashes(first) == without_hashes(line) && shows(rest, others)
        }),
    }
}

/// Copies the shipped constitution samples where the tour's commands name them.
fn copy_samples(into: &Path) {
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("events/constitutions");
    let target = into.join("events/constitutions");
    std::fs::create_dir_all(&target).unwrap();
    for entry in std::fs::read_dir(&samples).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            std::fs::copy(&path, target.join(path.file_name().unwrap())).unwrap();
        }
    }
}

/// Runs every command of the README's section `title` in order, in a fresh directory, in the
/// language `lang` (`JARDINS_LANG`; none: English, whatever the locale of whoever runs the
/// tests), and checks that each prints what the README shows.
fn the_tour_of(title: &str, lang: Option<&str>) {
    // Given the README's tour and a fresh directory holding the constitution samples
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let tour = steps(section(&readme, title));
    // (init, three to set the garden up, three payments, the refused one, balance, audit, verify)
    assert!(tour.len() >= 11, "the tour has its commands: {tour:#?}");
    let dir = tempfile::tempdir().unwrap();
    copy_samples(dir.path());
    for step in &tour {
        // When each command is run, in order, as typed
        let words = shell_words(&step.typed);
        assert_eq!(
            words[0], "jardins",
            "a tour command runs jardins: {}",
            step.typed
        );
        let mut command = Command::new(env!("CARGO_BIN_EXE_jardins"));
        command
            .args(&words[1..])
            .current_dir(dir.path())
            .env_remove("JARDINS_LEDGER")
            .env_remove("JARDINS_LANG")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env_remove("LANG");
        if let Some(lang) = lang {
            command.env("JARDINS_LANG", lang);
        }
        let output = command.output().expect("the binary runs");
        let mut printed = String::from_utf8(output.stdout).expect("UTF-8 output");
        printed.push_str(&String::from_utf8(output.stderr).expect("UTF-8 errors"));
        let actual: Vec<String> = printed.lines().map(str::to_string).collect();
        // Then it prints what the README shows, and fails only where the README shows an error.
        assert!(
            shows(&step.expected, &actual),
            "the README shows for `{}`:\n{}\n\nbut jardins printed:\n{}",
            step.typed,
            step.expected.join("\n"),
            actual.join("\n")
        );
        let refused = step
            .expected
            .first()
            .is_some_and(|l| l.starts_with("jardins: "));
        assert_eq!(
            output.status.success(),
            !refused,
            "`{}` exited {:?}",
            step.typed,
            output.status.code()
        );
    }
}

#[test]
fn the_readme_tour_prints_what_the_readme_shows() {
    the_tour_of("A five-minute tour", None);
}

#[test]
fn the_french_tour_of_the_readme_prints_what_the_readme_shows_in_french() {
    the_tour_of("Le tour, en français", Some("fr"));
    // And what it shows is French: its receipts, its tables and their amounts and dates.
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let shown: Vec<String> = steps(section(&readme, "Le tour, en français"))
        .into_iter()
        .flat_map(|step| step.expected)
        .collect();
    for french in [
        "écriture 5 enregistrée\u{A0}: ContributionPaid du 10/01/2026",
        "10,00\u{A0}€, fixe, pour 2026-01",
        "solde de clôture (31/01/2026)",
        "entrées\u{A0}: contributions des membres",
        "arriéré 40,00",
        "Totaux par monnaie",
        "7 écritures vérifiées",
    ] {
        assert!(
            shown.iter().any(|line| line.contains(french)),
            "the French tour shows {french:?}"
        );
    }
}

#[test]
fn a_tour_output_that_drifted_from_the_readme_is_caught() {
    // Given a console block as the README writes one
    let block = "```console\n$ jardins garden open paris --name \"Jardin de Paris\" \\\n    --core 'camille=Camille D.' --on 2026-01-01\nrecorded entry 2\nhash 1dc738ce488bdd90c342d57f8fdacf47ccc204844ed7dc245b2205024e5fcda8\n\n$ jardins verify\nverified 2 events\n...\nthe end\n```\n";
    let parsed = steps(block);
    // Then its commands are split as a shell would, continuation lines joined
    assert_eq!(parsed.len(), 2);
    assert_eq!(
        shell_words(&parsed[0].typed),
        [
            "jardins",
            "garden",
            "open",
            "paris",
            "--name",
            "Jardin de Paris",
            "--core",
            "camille=Camille D.",
            "--on",
            "2026-01-01"
        ]
    );
    let lines = |text: &str| text.lines().map(str::to_string).collect::<Vec<_>>();
    // And another hash is the same output, but another word, or a line more or less, is not.
    let other_hash = lines(
        "recorded entry 2\nhash 0000000000000000000000000000000000000000000000000000000000000000",
    );
    assert!(shows(&parsed[0].expected, &other_hash));
    assert!(!shows(
        &parsed[0].expected,
        &lines("recorded entry 3\nhash 00000000000000000000000000000000000000000000000000000000000000ff")
    ));
    assert!(!shows(&parsed[0].expected, &other_hash[..1]));
    assert!(!shows(
        &parsed[0].expected,
        &lines("recorded entry 2\nhash 12ab")
    ));
    // And an elided part stands for any lines, but what follows it must still be there.
    assert!(shows(
        &parsed[1].expected,
        &lines("verified 2 events\nsome\nlines\nthe end")
    ));
    assert!(shows(
        &parsed[1].expected,
        &lines("verified 2 events\nthe end")
    ));
    assert!(!shows(
        &parsed[1].expected,
        &lines("verified 2 events\nsome")
    ));
}
