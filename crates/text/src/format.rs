//! Amounts and dates as each language writes them for people (tables, sentences, pages).
//! Machine output (JSON, CSV, exports) keeps the ledger's own forms and never comes here.
//!
//! English keeps the forms the command line has always printed: `1234.50 EUR`, `2026-11-03`.
//! French writes `1 234,50 €`, `12 GRAINE` and `03/11/2026`: digits grouped by three with a
//! narrow no-break space (U+202F), a decimal comma, a no-break space (U+00A0) before the
//! currency, the euro as `€` and every other currency by its code; dates day/month/year, the
//! one form of every French table and sentence.

use chrono::NaiveDate;
use jardins_ledger::CurrencyCode;
use rust_decimal::Decimal;

use crate::Lang;

/// Between groups of three digits in French.
pub const NARROW_NO_BREAK_SPACE: char = '\u{202F}';
/// Between an amount and its currency in French.
pub const NO_BREAK_SPACE: char = '\u{A0}';

/// A number as written in `lang`, with the places it holds (`12.50` stays `12,50`).
pub fn decimal(lang: Lang, value: Decimal) -> String {
    let plain = value.to_string();
    match lang {
        Lang::En => plain,
        Lang::Fr => {
            let (sign, digits) = match plain.strip_prefix('-') {
                Some(rest) => ("-", rest),
                None => ("", plain.as_str()),
            };
            let (whole, fraction) = match digits.split_once('.') {
                Some((whole, fraction)) => (whole, Some(fraction)),
                None => (digits, None),
            };
            let mut out = String::from(sign);
            out.push_str(&grouped(whole, NARROW_NO_BREAK_SPACE));
            if let Some(fraction) = fraction {
                out.push(',');
                out.push_str(fraction);
            }
            out
        }
    }
}

/// `1234567` → `1 234 567` with `separator`.
fn grouped(whole: &str, separator: char) -> String {
    let mut out = String::with_capacity(whole.len() + whole.len() / 3 * 3);
    for (index, digit) in whole.chars().enumerate() {
        if index > 0 && (whole.len() - index).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(digit);
    }
    out
}

/// An amount with its currency as written in `lang`: `1234.50 EUR`, `1 234,50 €`.
pub fn money(lang: Lang, value: Decimal, currency: &CurrencyCode) -> String {
    match lang {
        Lang::En => format!("{value} {currency}"),
        Lang::Fr => {
            let symbol = if currency.is_euro() {
                "€"
            } else {
                currency.as_str()
            };
            format!("{}{NO_BREAK_SPACE}{symbol}", decimal(lang, value))
        }
    }
}

/// A date as written in `lang`'s tables and sentences: `2026-11-03`, `03/11/2026`.
pub fn date(lang: Lang, date: NaiveDate) -> String {
    match lang {
        Lang::En => date.format("%Y-%m-%d").to_string(),
        Lang::Fr => date.format("%d/%m/%Y").to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(text: &str) -> Decimal {
        Decimal::from_str(text).unwrap()
    }

    fn eur() -> CurrencyCode {
        CurrencyCode::euro()
    }

    #[test]
    fn french_amounts_group_digits_with_narrow_no_break_spaces_and_use_a_comma() {
        assert_eq!(decimal(Lang::Fr, d("1234.50")), "1\u{202F}234,50");
        assert_eq!(
            decimal(Lang::Fr, d("1234567.5")),
            "1\u{202F}234\u{202F}567,5"
        );
        assert_eq!(decimal(Lang::Fr, d("123")), "123");
        assert_eq!(decimal(Lang::Fr, d("999.99")), "999,99");
        assert_eq!(decimal(Lang::Fr, d("1000")), "1\u{202F}000");
        assert_eq!(decimal(Lang::Fr, d("-26.50")), "-26,50");
        assert_eq!(decimal(Lang::Fr, d("-1000.00")), "-1\u{202F}000,00");
        assert_eq!(decimal(Lang::Fr, d("0.001")), "0,001");
    }

    #[test]
    fn french_money_puts_a_no_break_space_before_the_euro_sign_or_the_code() {
        assert_eq!(
            money(Lang::Fr, d("1234.50"), &eur()),
            "1\u{202F}234,50\u{A0}€"
        );
        let graine = CurrencyCode::from_str("GRAINE").unwrap();
        assert_eq!(money(Lang::Fr, d("12"), &graine), "12\u{A0}GRAINE");
    }

    #[test]
    fn english_keeps_the_forms_the_command_line_always_printed() {
        assert_eq!(decimal(Lang::En, d("1234.50")), "1234.50");
        assert_eq!(money(Lang::En, d("1234.50"), &eur()), "1234.50 EUR");
        let day = NaiveDate::from_ymd_opt(2026, 11, 3).unwrap();
        assert_eq!(date(Lang::En, day), "2026-11-03");
    }

    #[test]
    fn french_dates_are_day_month_year_with_two_digits() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 3).unwrap();
        assert_eq!(date(Lang::Fr, day), "03/11/2026");
        let day = NaiveDate::from_ymd_opt(2027, 1, 31).unwrap();
        assert_eq!(date(Lang::Fr, day), "31/01/2027");
    }
}
