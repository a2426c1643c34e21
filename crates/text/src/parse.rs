//! What a person of each language types: amounts and dates. The ledger's parser
//! (`Amount::parse`) already takes `12.50` and `12,50` in any language, and is all English
//! takes; here is only what French adds: digits grouped by spaces (`1 234,50`), the currency
//! written after the amount (`10 €`, `10 EUR`), and dates day first (`03/11/2026`).

use chrono::NaiveDate;
use jardins_ledger::{ids::excerpt, money::MAX_AMOUNT_TEXT_CHARS, Amount, CurrencyCode, Refusal};

use crate::Lang;

/// Longest amount text read, with its groups and its currency: the ledger's limit, a space
/// between each group of three digits, and a currency code of 8 after a space.
pub const MAX_TYPED_AMOUNT_CHARS: usize = MAX_AMOUNT_TEXT_CHARS + 5 + 1 + CurrencyCode::MAX_CHARS;

/// An amount as typed, with the currency written after it, if one was.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TypedAmount {
    pub amount: Amount,
    pub currency: Option<CurrencyCode>,
}

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\u{A0}' | '\u{202F}')
}

/// An amount as a person of `lang` types it. Both languages take what the ledger takes
/// (`12.50`, `12,50`); French also takes digits grouped by three with spaces, ordinary or
/// no-break (`1 234,50`), and a currency after the amount (`10 €`, `10€`, `10 EUR`,
/// `12 GRAINE`), which the caller checks against the currency given. Anything else is refused
/// as the ledger refuses it, naming the text typed.
pub fn amount(lang: Lang, text: &str) -> Result<TypedAmount, Refusal> {
    let refuse = || Refusal::MalformedAmount {
        text: excerpt(text),
    };
    if text.chars().count() > MAX_TYPED_AMOUNT_CHARS {
        return Err(refuse());
    }
    let (number, currency) = match lang {
        Lang::Fr => {
            let (number, currency) = split_currency(text)?;
            (ungrouped(number).ok_or_else(refuse)?, currency)
        }
        Lang::En => (text.to_string(), None),
    };
    match Amount::parse(&number) {
        Ok(amount) => Ok(TypedAmount { amount, currency }),
        // The ledger names what it read; the person typed `text`.
        Err(Refusal::MalformedAmount { .. }) => Err(refuse()),
        Err(other) => Err(other),
    }
}

/// The number and the currency written after it: `10 €`, `10€`, `10 EUR`.
fn split_currency(text: &str) -> Result<(&str, Option<CurrencyCode>), Refusal> {
    if let Some(number) = text.strip_suffix('€') {
        let number = number.strip_suffix(is_space).unwrap_or(number);
        return Ok((number, Some(CurrencyCode::euro())));
    }
    match text.rfind(is_space) {
        Some(at) => {
            let code = text[at..].trim_start_matches(is_space);
            // A last word starting with a letter is a currency, or a mistake to say so.
            if code.chars().next().is_some_and(|c| c.is_alphabetic()) {
                let currency: CurrencyCode = code.parse()?;
                Ok((&text[..at], Some(currency)))
            } else {
                Ok((text, None))
            }
        }
        None => Ok((text, None)),
    }
}

/// `1 234 567,50` → `1234567,50`: groups of three after a first of one to three digits,
/// separated by one space each; none in the decimals. `None` when spaces stand elsewhere.
fn ungrouped(number: &str) -> Option<String> {
    if !number.contains(is_space) {
        return Some(number.to_string());
    }
    let (whole, fraction) = match number.find([',', '.']) {
        Some(at) => number.split_at(at),
        None => (number, ""),
    };
    if fraction.contains(is_space) {
        return None;
    }
    let mut groups = whole.split(is_space);
    let first = groups.next()?;
    let digits = |g: &str| g.chars().all(|c| c.is_ascii_digit());
    if first.is_empty() || first.len() > 3 || !digits(first) {
        return None;
    }
    let mut out = first.to_string();
    for group in groups {
        if group.len() != 3 || !digits(group) {
            return None;
        }
        out.push_str(group);
    }
    out.push_str(fraction);
    Some(out)
}

/// A date as a person of `lang` types it: `2026-11-03` in both; in French also `03/11/2026`,
/// day first, as French people write it (in English that form is refused: it reads as March
/// 11 to some and November 3 to others). Only the full forms, with every digit.
pub fn date(lang: Lang, text: &str) -> Option<NaiveDate> {
    let exactly = |format: &str| {
        NaiveDate::parse_from_str(text, format)
            .ok()
            .filter(|date| text.len() == 10 && date.format(format).to_string() == text)
    };
    exactly("%Y-%m-%d").or_else(|| match lang {
        Lang::Fr => exactly("%d/%m/%Y"),
        Lang::En => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(lang: Lang, text: &str) -> (String, Option<String>) {
        let parsed = amount(lang, text).unwrap_or_else(|r| panic!("{text:?}: {r:?}"));
        (
            parsed.amount.value().to_string(),
            parsed.currency.map(|c| c.to_string()),
        )
    }

    #[test]
    fn french_amounts_are_read_with_groups_commas_and_currencies() {
        let fr = Lang::Fr;
        assert_eq!(typed(fr, "12,50"), ("12.50".into(), None));
        assert_eq!(typed(fr, "1 234,50"), ("1234.50".into(), None));
        assert_eq!(typed(fr, "1\u{202F}234,50"), ("1234.50".into(), None));
        assert_eq!(typed(fr, "1\u{A0}234\u{A0}567"), ("1234567".into(), None));
        assert_eq!(typed(fr, "10 €"), ("10".into(), Some("EUR".into())));
        assert_eq!(typed(fr, "10€"), ("10".into(), Some("EUR".into())));
        assert_eq!(typed(fr, "10\u{A0}€"), ("10".into(), Some("EUR".into())));
        assert_eq!(typed(fr, "10 EUR"), ("10".into(), Some("EUR".into())));
        assert_eq!(
            typed(fr, "1 234,50 €"),
            ("1234.50".into(), Some("EUR".into()))
        );
        assert_eq!(typed(fr, "12 GRAINE"), ("12".into(), Some("GRAINE".into())));
    }

    #[test]
    fn french_amounts_with_spaces_anywhere_else_are_refused() {
        for bad in [
            "1 23,50",
            "1234 567",
            "12 34",
            " 12",
            "12 ",
            "1 234,5 0",
            "1  234",
            "1 2345",
            "€",
            " €",
            "1 234 €x",
            "abc",
            "-5",
            "1,234 567",
        ] {
            assert!(amount(Lang::Fr, bad).is_err(), "{bad:?} should be refused");
        }
        // A currency after the amount is checked as a currency code.
        assert!(matches!(
            amount(Lang::Fr, "10 Euros"),
            Err(Refusal::MalformedCurrencyCode { .. })
        ));
        // The refusal names what was typed, not what was read.
        assert_eq!(
            amount(Lang::Fr, "1 23,50"),
            Err(Refusal::MalformedAmount {
                text: "1 23,50".into()
            })
        );
    }

    #[test]
    fn english_takes_the_ledgers_forms_only() {
        assert_eq!(typed(Lang::En, "12.50"), ("12.50".into(), None));
        assert_eq!(typed(Lang::En, "12,50"), ("12.50".into(), None));
        for bad in ["10 EUR", "10 €", "10€", "1 234.50", "1 234,50"] {
            assert!(
                matches!(amount(Lang::En, bad), Err(Refusal::MalformedAmount { .. })),
                "{bad:?} should be refused in English"
            );
        }
    }

    #[test]
    fn the_ledgers_limits_still_hold() {
        assert!(matches!(
            amount(Lang::Fr, "10 000 000 000 000"),
            Err(Refusal::AmountTooLarge { .. })
        ));
        assert!(amount(Lang::Fr, "1 000 000 000 000").is_ok());
        assert!(matches!(
            amount(Lang::Fr, "0,000000001"),
            Err(Refusal::TooManyDecimalPlacesAtAll { .. })
        ));
        assert!(amount(Lang::Fr, &"1".repeat(MAX_TYPED_AMOUNT_CHARS + 1)).is_err());
    }

    #[test]
    fn a_day_first_date_is_french_only() {
        let november_3 = NaiveDate::from_ymd_opt(2026, 11, 3);
        assert_eq!(date(Lang::Fr, "03/11/2026"), november_3);
        assert_eq!(date(Lang::Fr, "2026-11-03"), november_3);
        assert_eq!(date(Lang::En, "2026-11-03"), november_3);
        assert_eq!(date(Lang::En, "03/11/2026"), None);
        for bad in [
            "3/11/2026",
            "03/11/26",
            "31/02/2026",
            "2026-11-3",
            "03-11-2026",
            "11/2026",
        ] {
            assert_eq!(date(Lang::Fr, bad), None, "{bad:?}");
        }
    }
}
