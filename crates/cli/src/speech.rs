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
}
