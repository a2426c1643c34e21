//! What `jardins` says to a person, in French or English.
//!
//! - The catalogs: every sentence a person reads, as Fluent messages in `locales/{fr,en}/*.ftl`,
//!   embedded in the binary ([`Text::message`]).
//! - Refusals turned into sentences: the ledger says which rule refused and with which values
//!   (`Refusal::parts`); [`Text::refusal`] says it as the message `refusal-{rule}`.
//! - Amounts and dates as each language writes them for people ([`format`]), and what people of
//!   each language type ([`parse`]). Machine output (JSON, CSV, exports) never goes through here.
//! - Which language the command line speaks ([`lang::choose`]).
//! - A garden's constitution file (TOML, or its JSON form) read with every problem said in the
//!   catalog's language ([`constitution_file`]).

mod catalog;
pub mod constitution_file;
pub mod format;
pub mod lang;
pub mod parse;

use chrono::NaiveDate;
use jardins_ledger::{CurrencyCode, Refusal, Value, Word};
use rust_decimal::Decimal;

pub use lang::Lang;

/// The catalog files of `lang`, as (file name, Fluent source): for tests and tools that read
/// the catalogs themselves.
pub fn catalog_files(lang: Lang) -> Vec<(&'static str, &'static str)> {
    catalog::files(lang)
}

/// The catalog of one language. Cheap to make and to copy: the catalogs are read once.
#[derive(Clone, Copy, Debug)]
pub struct Text {
    lang: Lang,
}

/// A message that could not be said whole: its id was missing, or an argument it names was not
/// given, or a word it names is missing. Only tests look at these; people get the best text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problems(pub Vec<String>);

impl Text {
    pub fn new(lang: Lang) -> Text {
        Text { lang }
    }

    pub fn lang(self) -> Lang {
        self.lang
    }

    /// The message `id` with these values. A missing message gives its id, so that a person
    /// still sees something to report (the catalog tests keep that from happening).
    pub fn message(self, id: &str, args: &[(&str, Value)]) -> String {
        self.checked(id, args).unwrap_or_else(|(text, _)| text)
    }

    /// The refusal as a sentence of this language.
    pub fn refusal(self, refusal: &Refusal) -> String {
        let (rule, values) = refusal.parts();
        self.message(&format!("refusal-{rule}"), &values)
    }

    /// The refusal's sentence, or what went wrong saying it (for the catalog tests).
    pub fn checked_refusal(self, refusal: &Refusal) -> Result<String, (String, Problems)> {
        let (rule, values) = refusal.parts();
        self.checked(&format!("refusal-{rule}"), &values)
    }

    /// The message `id` with these values, or the best text and what was missing.
    pub fn checked(self, id: &str, args: &[(&str, Value)]) -> Result<String, (String, Problems)> {
        let mut problems = Vec::new();
        let text = catalog::format(self, id, args, &mut problems);
        if problems.is_empty() {
            Ok(text)
        } else {
            Err((text, Problems(problems)))
        }
    }

    /// A value as this language writes it in a sentence or a table.
    pub fn value(self, value: &Value) -> String {
        match value {
            Value::Text(text) => text.clone(),
            Value::Count(count) => count.to_string(),
            Value::Date(date) => self.date(*date),
            Value::Decimal(decimal) => self.decimal(*decimal),
            Value::Money(money) => self.money(money.value, &money.currency),
            Value::List(items) => items
                .iter()
                .map(|item| self.value(item))
                .collect::<Vec<_>>()
                .join(", "),
            Value::Word(word) => self.word(*word),
        }
    }

    /// A word of a closed set: the message `{group}-{key}`.
    pub fn word(self, word: Word) -> String {
        self.message(&format!("{}-{}", word.group, word.key), &[])
    }

    pub fn decimal(self, value: Decimal) -> String {
        format::decimal(self.lang, value)
    }

    pub fn money(self, value: Decimal, currency: &CurrencyCode) -> String {
        format::money(self.lang, value, currency)
    }

    pub fn date(self, date: NaiveDate) -> String {
        format::date(self.lang, date)
    }
}
