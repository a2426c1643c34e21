//! Calendar periods: months and years, the units in which dues are counted.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};

use crate::refusal::Refusal;

/// A calendar month, `2026-03`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    year: i32,
    /// 1 to 12.
    month: u32,
}

impl Month {
    /// The month, if `year` is one a period may name (`YEARS`) and `month` is 1 to 12.
    pub fn new(year: i32, month: u32) -> Option<Self> {
        if !YEARS.contains(&year) {
            return None;
        }
        NaiveDate::from_ymd_opt(year, month, 1).map(|_| Month { year, month })
    }

    pub fn of(date: NaiveDate) -> Self {
        Month {
            year: date.year(),
            month: date.month(),
        }
    }

    pub fn year(self) -> i32 {
        self.year
    }

    pub fn month(self) -> u32 {
        self.month
    }

    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).expect("a month holds a valid date")
    }

    pub fn last_day(self) -> NaiveDate {
        self.next()
            .map(|next| next.first_day().pred_opt().expect("not the first day ever"))
            .unwrap_or(NaiveDate::MAX)
    }

    pub fn next(self) -> Option<Self> {
        if self.month == 12 {
            Month::new(self.year.checked_add(1)?, 1)
        } else {
            Month::new(self.year, self.month + 1)
        }
    }

    /// Number of months from `self` to `later`, inclusive of both; 0 when `later` is earlier.
    pub fn count_through(self, later: Month) -> u32 {
        let index = |m: Month| i64::from(m.year) * 12 + i64::from(m.month) - 1;
        u32::try_from((index(later) - index(self) + 1).max(0)).unwrap_or(u32::MAX)
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl FromStr for Month {
    type Err = Refusal;

    fn from_str(text: &str) -> Result<Self, Refusal> {
        let refuse = || Refusal::MalformedPeriod {
            text: crate::ids::excerpt(text),
        };
        let (year, month) = text.split_once('-').ok_or_else(refuse)?;
        let digits = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
        // Digits only: `i32::from_str` alone would take a sign, as in `+999-12`.
        if year.len() != 4 || month.len() != 2 || !digits(year) || !digits(month) {
            return Err(refuse());
        }
        let year: i32 = year.parse().map_err(|_| refuse())?;
        let month: u32 = month.parse().map_err(|_| refuse())?;
        Month::new(year, month).ok_or_else(refuse)
    }
}

/// What a payment or a valued role covers: a month (`2026-03`) or a year (`2026`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Period {
    Month(Month),
    Year(i32),
}

/// The years a period may name, typed (`2026`, `2026-03`: four digits) or read from a file:
/// one rule for both.
pub const YEARS: std::ops::RangeInclusive<i32> = 0..=9999;

impl Period {
    /// The year `year`, if it is one a period may name (`YEARS`).
    pub fn year(year: i32) -> Option<Period> {
        YEARS.contains(&year).then_some(Period::Year(year))
    }

    pub fn first_day(self) -> NaiveDate {
        match self {
            Period::Month(month) => month.first_day(),
            Period::Year(year) => NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(NaiveDate::MAX),
        }
    }

    pub fn last_day(self) -> NaiveDate {
        match self {
            Period::Month(month) => month.last_day(),
            Period::Year(year) => NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(NaiveDate::MAX),
        }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Period::Month(month) => month.fmt(f),
            Period::Year(year) => write!(f, "{year:04}"),
        }
    }
}

impl FromStr for Period {
    type Err = Refusal;

    fn from_str(text: &str) -> Result<Self, Refusal> {
        if text.len() == 4 && text.chars().all(|c| c.is_ascii_digit()) {
            let year: i32 = text.parse().map_err(|_| Refusal::MalformedPeriod {
                text: crate::ids::excerpt(text),
            })?;
            return Period::year(year).ok_or_else(|| Refusal::MalformedPeriod {
                text: crate::ids::excerpt(text),
            });
        }
        text.parse().map(Period::Month)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_parse_count_and_bound() {
        let march: Month = "2026-03".parse().unwrap();
        assert_eq!(
            march.first_day(),
            NaiveDate::from_ymd_opt(2026, 3, 1).unwrap()
        );
        assert_eq!(
            march.last_day(),
            NaiveDate::from_ymd_opt(2026, 3, 31).unwrap()
        );
        let feb: Month = "2024-02".parse().unwrap();
        assert_eq!(
            feb.last_day(),
            NaiveDate::from_ymd_opt(2024, 2, 29).unwrap()
        );
        assert_eq!(march.count_through("2026-12".parse().unwrap()), 10);
        assert_eq!(march.count_through("2025-12".parse().unwrap()), 0);
        assert!("2026-13".parse::<Month>().is_err());
        assert!("2026-3".parse::<Month>().is_err());
        assert_eq!("2026".parse::<Period>().unwrap(), Period::Year(2026));
    }
}
