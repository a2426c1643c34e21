//! Which language a person reads.

/// A language of the catalogs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Lang {
    Fr,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Fr, Lang::En];

    /// The language's code, as `--lang`, `JARDINS_LANG` and `<html lang>` write it.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }

    /// `fr` or `en`, in any case, alone or as the start of a locale (`fr_FR.UTF-8`, `en-GB`).
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let tag = tag.trim();
        let language = tag
            .split(['_', '-', '.', '@'])
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        match language.as_str() {
            "fr" => Some(Lang::Fr),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
}

/// What the command line's language is chosen from, each as it was found (`None`: not set).
#[derive(Clone, Copy, Debug, Default)]
pub struct Choice<'a> {
    /// `--lang fr|en`.
    pub flag: Option<Lang>,
    /// `JARDINS_LANG`.
    pub jardins_lang: Option<&'a str>,
    pub lc_all: Option<&'a str>,
    pub lc_messages: Option<&'a str>,
    pub lang: Option<&'a str>,
}

/// The command line's language: `--lang`, else `JARDINS_LANG` (`fr` or `en`, or a locale
/// starting so), else the locale of messages as POSIX reads it (the first of `LC_ALL`,
/// `LC_MESSAGES`, `LANG` that is set and not empty decides, and a `fr…` locale gives French),
/// else English. An empty or unknown `JARDINS_LANG` is passed over, as an unset one.
pub fn choose(choice: Choice<'_>) -> Lang {
    if let Some(lang) = choice.flag {
        return lang;
    }
    if let Some(lang) = choice.jardins_lang.and_then(Lang::from_tag) {
        return lang;
    }
    let locale = [choice.lc_all, choice.lc_messages, choice.lang]
        .into_iter()
        .flatten()
        .find(|value| !value.trim().is_empty());
    match locale.and_then(Lang::from_tag) {
        Some(Lang::Fr) => Lang::Fr,
        _ => Lang::En,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(
        jardins_lang: Option<&'a str>,
        lc_all: Option<&'a str>,
        lc_messages: Option<&'a str>,
        lang: Option<&'a str>,
    ) -> Choice<'a> {
        Choice {
            flag: None,
            jardins_lang,
            lc_all,
            lc_messages,
            lang,
        }
    }

    #[test]
    fn the_flag_comes_first_then_jardins_lang_then_the_locale_then_english() {
        // Given the flag, it decides whatever the environment says.
        let everything_french = env(Some("fr"), Some("fr_FR.UTF-8"), None, Some("fr_FR"));
        assert_eq!(
            choose(Choice {
                flag: Some(Lang::En),
                ..everything_french
            }),
            Lang::En
        );
        // Without it, JARDINS_LANG decides over the locale, either way.
        assert_eq!(
            choose(env(Some("en"), Some("fr_FR.UTF-8"), None, None)),
            Lang::En
        );
        assert_eq!(choose(env(Some("FR"), None, None, Some("en_US"))), Lang::Fr);
        // Without either, the locale: a French one gives French.
        assert_eq!(choose(env(None, None, None, Some("fr_FR.UTF-8"))), Lang::Fr);
        assert_eq!(choose(env(None, None, Some("fr_CA.UTF-8"), None)), Lang::Fr);
        assert_eq!(choose(env(None, Some("fr_BE@euro"), None, None)), Lang::Fr);
        assert_eq!(choose(env(None, None, None, Some("de_DE.UTF-8"))), Lang::En);
        // Without anything: English.
        assert_eq!(choose(Choice::default()), Lang::En);
    }

    #[test]
    fn the_first_locale_variable_set_decides_as_posix_reads_them() {
        // LC_ALL overrides LC_MESSAGES, which overrides LANG, even when it is not French.
        assert_eq!(
            choose(env(None, Some("C"), None, Some("fr_FR.UTF-8"))),
            Lang::En
        );
        assert_eq!(
            choose(env(None, None, Some("en_GB.UTF-8"), Some("fr_FR.UTF-8"))),
            Lang::En
        );
        assert_eq!(
            choose(env(None, Some("fr_FR.UTF-8"), Some("en_GB"), Some("en_GB"))),
            Lang::Fr
        );
        // An empty variable counts as unset.
        assert_eq!(
            choose(env(None, Some(""), Some(""), Some("fr_FR"))),
            Lang::Fr
        );
        // An empty or unknown JARDINS_LANG is passed over.
        assert_eq!(choose(env(Some(""), None, None, Some("fr_FR"))), Lang::Fr);
        assert_eq!(choose(env(Some("de"), None, None, Some("fr_FR"))), Lang::Fr);
        // `french` is not `fr`: only the language code counts.
        assert_eq!(choose(env(None, None, None, Some("french"))), Lang::En);
    }
}
