//! The language the command line speaks, chosen once per run before the command line is
//! parsed (its value parsers already speak it), and the catalog in that language.

use std::cell::Cell;
use std::ffi::OsString;

use jardins_text::lang::{self, Choice};
use jardins_text::{Lang, Text};

thread_local! {
    static LANG: Cell<Lang> = const { Cell::new(Lang::En) };
}

/// Speak `lang` for the rest of this run (on this thread, which runs the whole command).
pub fn set(lang: Lang) {
    LANG.with(|l| l.set(lang));
}

/// The catalog in the language of this run.
pub fn text() -> Text {
    Text::new(LANG.with(Cell::get))
}

/// The language of a run with these arguments (the first is the program's name) and this
/// environment: `--lang`, else `JARDINS_LANG`, else the locale, else English (`lang::choose`).
/// The flag is read here before clap parses the line, so that clap's own checks of typed
/// values already speak it; clap still checks that its value is `fr` or `en`.
pub fn choose(arguments: &[OsString], env: impl Fn(&str) -> Option<String>) -> Lang {
    let flag = lang_flag(arguments);
    let jardins_lang = env("JARDINS_LANG");
    let lc_all = env("LC_ALL");
    let lc_messages = env("LC_MESSAGES");
    let locale = env("LANG");
    lang::choose(Choice {
        flag,
        jardins_lang: jardins_lang.as_deref(),
        lc_all: lc_all.as_deref(),
        lc_messages: lc_messages.as_deref(),
        lang: locale.as_deref(),
    })
}

/// The value of `--lang VALUE` or `--lang=VALUE`, if it is `fr` or `en`; nothing after `--`.
fn lang_flag(arguments: &[OsString]) -> Option<Lang> {
    let mut words = arguments.iter().skip(1).map(|a| a.to_string_lossy());
    while let Some(word) = words.next() {
        if word == "--" {
            return None;
        }
        let value = match word.strip_prefix("--lang") {
            Some("") => words.next().map(|v| v.into_owned()),
            Some(rest) => match rest.strip_prefix('=') {
                Some(value) => Some(value.to_string()),
                None => continue,
            },
            None => continue,
        };
        return match value.as_deref() {
            Some("fr") => Some(Lang::Fr),
            Some("en") => Some(Lang::En),
            _ => None,
        };
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(words: &[&str]) -> Vec<OsString> {
        std::iter::once("jardins")
            .chain(words.iter().copied())
            .map(OsString::from)
            .collect()
    }

    fn no_env(_: &str) -> Option<String> {
        None
    }

    #[test]
    fn the_flag_is_read_before_clap_in_both_forms_and_anywhere_before_a_double_dash() {
        assert_eq!(choose(&args(&["--lang", "fr", "log"]), no_env), Lang::Fr);
        assert_eq!(choose(&args(&["log", "--lang=fr"]), no_env), Lang::Fr);
        assert_eq!(
            choose(&args(&["log", "--", "--lang", "fr"]), no_env),
            Lang::En
        );
        assert_eq!(
            choose(&args(&["log", "--language", "fr"]), no_env),
            Lang::En
        );
        // An invalid value is clap's to refuse; the language falls back meanwhile.
        assert_eq!(choose(&args(&["--lang", "de"]), no_env), Lang::En);
    }

    #[test]
    fn the_environment_is_read_when_no_flag_is_given() {
        let french_locale = |name: &str| (name == "LANG").then(|| "fr_FR.UTF-8".to_string());
        assert_eq!(choose(&args(&["log"]), french_locale), Lang::Fr);
        assert_eq!(
            choose(&args(&["--lang", "en", "log"]), french_locale),
            Lang::En
        );
        let english_jardins = |name: &str| match name {
            "JARDINS_LANG" => Some("en".to_string()),
            "LANG" => Some("fr_FR.UTF-8".to_string()),
            _ => None,
        };
        assert_eq!(choose(&args(&["log"]), english_jardins), Lang::En);
    }

    /// The sentences the command line says through the catalog are not also written in its
    /// code: for each English message, its longest run of text between placeholders is looked
    /// for in every source file of this crate (outside comments and `--help`).
    #[test]
    fn no_sentence_of_the_catalog_is_written_again_in_the_command_line() {
        let mut sentences = Vec::new();
        // The command line's own messages; the ledger's are checked in the ledger's sources
        // (crates/ledger/tests/no_sentences.rs).
        let catalog = jardins_text::catalog_files(Lang::En);
        for (_, source) in catalog.iter().filter(|(name, _)| *name == "cli.ftl") {
            for line in source.lines() {
                let Some((id, text)) = line.split_once(" = ") else {
                    continue;
                };
                if id.starts_with('#') || id.starts_with(' ') {
                    continue;
                }
                let longest = text
                    .split(['{', '}'])
                    .step_by(2)
                    .max_by_key(|part| part.len())
                    .unwrap_or_default()
                    .trim();
                // Short runs (`not `, `: `) are words, not sentences.
                if longest.split(' ').count() >= 4 {
                    sentences.push((id.to_string(), longest.to_string()));
                }
            }
        }
        assert!(
            sentences.len() >= 20,
            "the catalog is read: {}",
            sentences.len()
        );
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        for entry in std::fs::read_dir(src).expect("the sources") {
            let path = entry.expect("a source").path();
            let source = std::fs::read_to_string(&path).expect("a readable source");
            // Comments and `--help` (which may stay English: EXIT_CODES) are not what is said.
            let mut in_help = false;
            let code: String = source
                .lines()
                .filter(|line| {
                    if line.starts_with("const EXIT_CODES") {
                        in_help = true;
                    }
                    let skip = in_help || line.trim_start().starts_with("//");
                    if in_help && line.ends_with("\";") {
                        in_help = false;
                    }
                    !skip
                })
                .collect::<Vec<_>>()
                .join("\n");
            for (id, sentence) in &sentences {
                assert!(
                    !code.contains(sentence.as_str()),
                    "{}: {sentence:?} is the catalog's {id}; say it with speech::text()",
                    path.display()
                );
            }
        }
    }
}
