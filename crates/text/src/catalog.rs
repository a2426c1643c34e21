//! The Fluent catalogs, embedded in the binary and read once.

use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use jardins_ledger::Value;

use crate::{Lang, Text};

type Bundle = FluentBundle<FluentResource>;

/// Every catalog file, per language: (its name, its text). Each language has the same files.
pub const FILES: [(&str, &str, &str); 4] = [
    (
        "refusals.ftl",
        include_str!("../locales/fr/refusals.ftl"),
        include_str!("../locales/en/refusals.ftl"),
    ),
    (
        "cli.ftl",
        include_str!("../locales/fr/cli.ftl"),
        include_str!("../locales/en/cli.ftl"),
    ),
    (
        "report.ftl",
        include_str!("../locales/fr/report.ftl"),
        include_str!("../locales/en/report.ftl"),
    ),
    (
        "pages.ftl",
        include_str!("../locales/fr/pages.ftl"),
        include_str!("../locales/en/pages.ftl"),
    ),
];

/// The catalog files of `lang`: (name, text).
pub fn files(lang: Lang) -> Vec<(&'static str, &'static str)> {
    FILES
        .iter()
        .map(|(name, fr, en)| match lang {
            Lang::Fr => (*name, *fr),
            Lang::En => (*name, *en),
        })
        .collect()
}

fn bundle(lang: Lang) -> &'static Bundle {
    static BUNDLES: OnceLock<[Bundle; 2]> = OnceLock::new();
    let bundles = BUNDLES.get_or_init(|| [build(Lang::Fr), build(Lang::En)]);
    match lang {
        Lang::Fr => &bundles[0],
        Lang::En => &bundles[1],
    }
}

fn build(lang: Lang) -> Bundle {
    // A literal tag that parses (tested); the default would only lose plural rules.
    let id: unic_langid::LanguageIdentifier = match lang {
        Lang::Fr => "fr-FR",
        Lang::En => "en-GB",
    }
    .parse()
    .unwrap_or_default();
    let mut bundle = Bundle::new_concurrent(vec![id]);
    // Output goes to terminals and pages, not to bidirectional layouts: no isolation marks.
    bundle.set_use_isolating(false);
    for (_, text) in files(lang) {
        // The catalog tests check that every file parses whole; a file that would not still
        // gives every message it holds.
        let resource = FluentResource::try_new(text.to_string()).unwrap_or_else(|(r, _)| r);
        // Ids are unique across files (tested); a duplicate would keep the first.
        let _ = bundle.add_resource(resource);
    }
    bundle
}

/// The message `id` in `text`'s language, with `args`; what could not be said goes to
/// `problems`. A word (`Value::Word`) is said first, as its own message, with the arguments
/// before it, so that a word may name them.
pub fn format(text: Text, id: &str, args: &[(&str, Value)], problems: &mut Vec<String>) -> String {
    let bundle = bundle(text.lang());
    let mut fluent = FluentArgs::new();
    for (name, value) in args {
        let said: FluentValue = match value {
            Value::Count(count) => FluentValue::from(*count),
            Value::Word(word) => {
                let word_id = format!("{}-{}", word.group, word.key);
                FluentValue::from(pattern(bundle, &word_id, &fluent, problems))
            }
            other => FluentValue::from(text.value(other)),
        };
        fluent.set(*name, said);
    }
    pattern(bundle, id, &fluent, problems)
}

fn pattern(bundle: &Bundle, id: &str, args: &FluentArgs, problems: &mut Vec<String>) -> String {
    let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else {
        problems.push(format!("no message {id}"));
        return id.to_string();
    };
    let mut errors = Vec::new();
    let said = bundle.format_pattern(pattern, Some(args), &mut errors);
    problems.extend(errors.iter().map(|e| format!("{id}: {e}")));
    said.into_owned()
}
