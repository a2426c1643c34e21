//! Exact money: currencies, their decimal places, and amounts. Never floats.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use smol_str::SmolStr;

use crate::ids::Name;
use crate::refusal::Refusal;

/// The most decimal places a currency may declare.
pub const MAX_DECIMAL_PLACES: u8 = 8;

/// The largest amount one event may move: one trillion units of any currency. It is far above any
/// garden's money and keeps every sum the ledger forms far below `Decimal::MAX`.
pub const MAX_AMOUNT: Decimal = Decimal::from_parts(3_567_587_328, 232, 0, false, 0); // 10^12

/// Longest amount a person may type, in characters: 13 integer digits, a separator, 8 places.
pub const MAX_AMOUNT_TEXT_CHARS: usize = 22;

/// A currency's code: 2 to 8 characters, uppercase ASCII letters or digits, starting with a
/// letter (`EUR`, `GRAINE`).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CurrencyCode(SmolStr);

impl CurrencyCode {
    pub const MIN_CHARS: usize = 2;
    pub const MAX_CHARS: usize = 8;

    pub fn euro() -> Self {
        CurrencyCode(SmolStr::new_static("EUR"))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn is_euro(&self) -> bool {
        self.0 == "EUR"
    }
}

impl FromStr for CurrencyCode {
    type Err = Refusal;

    fn from_str(text: &str) -> Result<Self, Refusal> {
        let valid_chars = text
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
        let starts_with_letter = text.chars().next().is_some_and(|c| c.is_ascii_uppercase());
        let length = text.chars().count();
        if !(Self::MIN_CHARS..=Self::MAX_CHARS).contains(&length)
            || !valid_chars
            || !starts_with_letter
        {
            return Err(Refusal::MalformedCurrencyCode {
                text: crate::ids::excerpt(text),
            });
        }
        Ok(CurrencyCode(SmolStr::new(text)))
    }
}

impl fmt::Display for CurrencyCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Whether a currency is the euro or a complementary currency (a local currency, a
/// mutual-credit unit). Complementary currencies are never converted to euros.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CurrencyKind {
    Euro,
    Complementary,
}

/// A currency declared in the ledger.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Currency {
    pub code: CurrencyCode,
    pub name: Name,
    pub kind: CurrencyKind,
    /// Number of decimal places (0 to 8). An amount with more is refused, never rounded.
    pub decimal_places: u8,
}

impl Currency {
    /// The euro, declared in every new ledger.
    pub fn euro() -> Self {
        Currency {
            code: CurrencyCode::euro(),
            name: Name::new("Euro").expect("a valid literal name"),
            kind: CurrencyKind::Euro,
            decimal_places: 2,
        }
    }

    /// Formats a signed value with exactly this currency's decimal places.
    pub fn format(&self, value: Decimal) -> String {
        let mut shown = value;
        shown.rescale(u32::from(self.decimal_places));
        shown.to_string()
    }

    /// Checks that `amount` fits this currency's decimal places, and returns it at exactly
    /// that scale (`12.5` EUR becomes `12.50`). Trailing zeros are not extra places.
    pub fn fit(&self, amount: Amount) -> Result<Amount, Refusal> {
        let places = amount.0.normalize().scale();
        if places > u32::from(self.decimal_places) {
            return Err(Refusal::TooManyDecimalPlaces {
                amount: amount.0.normalize(),
                currency: self.code.clone(),
                places: self.decimal_places,
            });
        }
        let mut exact = amount.0;
        exact.rescale(u32::from(self.decimal_places));
        Ok(Amount(exact))
    }
}

/// A strictly positive amount of money, at most `MAX_AMOUNT`, with at most 8 decimal places.
/// Which currency it is in is carried beside it; `Currency::fit` checks the currency's places.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Amount(Decimal);

impl Amount {
    pub fn new(value: Decimal) -> Result<Self, Refusal> {
        if value <= Decimal::ZERO {
            return Err(Refusal::AmountNotPositive {
                amount: value.to_string(),
            });
        }
        if value > MAX_AMOUNT {
            return Err(Refusal::AmountTooLarge {
                amount: value.to_string(),
            });
        }
        if value.normalize().scale() > u32::from(MAX_DECIMAL_PLACES) {
            return Err(Refusal::TooManyDecimalPlacesAtAll {
                amount: value.to_string(),
            });
        }
        Ok(Amount(value))
    }

    /// Parses an amount as a person types it: digits, and one decimal separator, `.` or `,`
    /// (`12.50`, `12,50`, `1000`). Signs, exponents, spaces, thousands separators, `NaN` and
    /// the like are refused with a message that shows the expected form.
    pub fn parse(text: &str) -> Result<Self, Refusal> {
        let refuse = || Refusal::MalformedAmount {
            text: crate::ids::excerpt(text),
        };
        if text.is_empty() || text.chars().count() > MAX_AMOUNT_TEXT_CHARS {
            return Err(refuse());
        }
        let normalised = text.replace(',', ".");
        let mut parts = normalised.splitn(2, '.');
        let whole = parts.next().unwrap_or_default();
        let fraction = parts.next();
        let digits_only = |part: &str| !part.is_empty() && part.chars().all(|c| c.is_ascii_digit());
        if !digits_only(whole) || fraction.is_some_and(|f| !digits_only(f)) {
            return Err(refuse());
        }
        if fraction.is_some_and(|f| f.len() > usize::from(MAX_DECIMAL_PLACES)) {
            return Err(Refusal::TooManyDecimalPlacesAtAll {
                amount: crate::ids::excerpt(text),
            });
        }
        // At most 13 integer digits (MAX_AMOUNT has 13), so the parse below cannot overflow.
        if whole.trim_start_matches('0').len() > 13 {
            return Err(Refusal::AmountTooLarge {
                amount: crate::ids::excerpt(text),
            });
        }
        let value = Decimal::from_str(&normalised).map_err(|_| refuse())?;
        Amount::new(value)
    }

    pub fn value(self) -> Decimal {
        self.0
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn max_amount_is_one_trillion() {
        assert_eq!(MAX_AMOUNT, Decimal::from(1_000_000_000_000_i64));
    }

    #[test]
    fn amounts_are_parsed_as_people_write_them() {
        assert_eq!(Amount::parse("12.50").unwrap().value().to_string(), "12.50");
        assert_eq!(Amount::parse("12,50").unwrap().value().to_string(), "12.50");
        assert_eq!(Amount::parse("1000").unwrap().value().to_string(), "1000");
        for bad in [
            "", "1e5", "NaN", "-0", "-5", "+5", "12,5,0", " 12", "12.", ".5", "0", "0.00", "1 000",
            "inf",
        ] {
            assert!(Amount::parse(bad).is_err(), "{bad:?} should be refused");
        }
        assert!(matches!(
            Amount::parse("123456789012345678901234567890"),
            Err(Refusal::MalformedAmount { .. })
        ));
        assert!(matches!(
            Amount::parse("10000000000000"),
            Err(Refusal::AmountTooLarge { .. })
        ));
        assert!(Amount::parse("1000000000000").is_ok());
        assert!(matches!(
            Amount::parse("1000000000000.01"),
            Err(Refusal::AmountTooLarge { .. })
        ));
    }

    #[test]
    fn an_amount_with_more_places_than_its_currency_is_refused_not_rounded() {
        let euro = Currency::euro();
        let refused = euro.fit(Amount::parse("0.001").unwrap());
        assert!(matches!(refused, Err(Refusal::TooManyDecimalPlaces { .. })));
        let fitted = euro.fit(Amount::parse("12.500").unwrap()).unwrap();
        assert_eq!(fitted.value().to_string(), "12.50");
        assert_eq!(euro.format(Decimal::from(-3)), "-3.00");
    }
}
