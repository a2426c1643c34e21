//! What a constitution says is due, worked out from its versions alone: no IO, no clock.
//!
//! The conventions, which every report follows:
//! - Dues are counted in calendar months. The version of the constitution that governs a month
//!   is the one in force on its last day (or on the report's end date, when that comes first):
//!   a version adopted during a month governs that whole month.
//! - A fixed monthly rule makes its amount due every month; a fixed yearly rule makes its amount
//!   due once per calendar year, in the first month of that year it governs; a fixed one-off
//!   rule makes its amount due once per garden and currency, in the first month it governs.
//!   A due falls at the start of its period: a month that has begun is due.
//! - A conscious rule makes nothing due; its suggestion, if any, falls like a fixed amount would.
//! - A payment counts in the period it says it pays for (`pays_for` a month, or a year: its
//!   first month the schedule holds), when the schedule holds that period; a payment that names
//!   no period (a one-off), or one for a period outside the schedule, counts in the month of its
//!   effective date. A correction (a reversed payment) counts where the payment it undoes did.
//!   In a month whose rule is a fixed amount, payments made in fixed mode count toward the dues;
//!   conscious payments, and payments in months no rule governs, are shown but settle nothing.
//! - The difference `counted − due` is carried from period to period: negative is arrears,
//!   positive is advance.
//! - What a rule asks has a last day to pay it by (`due_by`): the month's last day for a
//!   monthly or one-off rule, the year's last day for a yearly one. Until that day has passed
//!   (it is after the report's end date) the period is *open*: the part of its due not paid yet
//!   is `outstanding`, and it is kept out of the carried arrears until the period ends. What is
//!   paid toward an open period counts as usual, so an advance shows at once.

use std::collections::BTreeSet;

use chrono::{Datelike, Months, NaiveDate};
use jardins_ledger::{
    constitution::in_force, Cadence, Constitution, CurrencyCode, ModeRule, Month, Period,
};
use rust_decimal::Decimal;

/// Most months one schedule covers (two centuries): a bound on the work of one audit line.
pub const MAX_MONTHS: u32 = 2_400;

/// What governs one currency's contributions to the big garden in one month.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Asked {
    /// The garden had no constitution in force.
    NoConstitution,
    /// A constitution was in force, but its point 2 (contributions to the big garden) names no
    /// rule in this currency.
    NoRule { version: u32 },
    /// The rule of version `version` in this currency.
    Rule {
        version: u32,
        mode: ModeRule,
        cadence: Cadence,
    },
}

impl Asked {
    pub fn version(self) -> Option<u32> {
        match self {
            Asked::NoConstitution => None,
            Asked::NoRule { version } | Asked::Rule { version, .. } => Some(version),
        }
    }

    /// Whether some constitution calls for payments in this currency.
    pub fn calls_for_payments(self) -> bool {
        matches!(self, Asked::Rule { .. })
    }

    /// Whether it asks a fixed amount (payments in fixed mode then count toward the dues).
    pub fn is_fixed(self) -> bool {
        matches!(
            self,
            Asked::Rule {
                mode: ModeRule::Fixed { .. },
                ..
            }
        )
    }

    /// Plain words for tables: "fixed 30.00 monthly (v2)".
    pub fn describe(self, format: impl Fn(Decimal) -> String) -> String {
        match self {
            Asked::NoConstitution => "no constitution".to_string(),
            Asked::NoRule { version } => format!("v{version}: no rule in this currency"),
            Asked::Rule {
                version,
                mode,
                cadence,
            } => match mode {
                ModeRule::Fixed { amount } => {
                    format!(
                        "v{version}: fixed {} {}",
                        format(amount.value()),
                        cadence.as_str()
                    )
                }
                ModeRule::Conscious {
                    suggested: Some(suggested),
                } => format!(
                    "v{version}: conscious {}, {} suggested",
                    cadence.as_str(),
                    format(suggested.value())
                ),
                ModeRule::Conscious { suggested: None } => {
                    format!("v{version}: conscious {}", cadence.as_str())
                }
            },
        }
    }
}

/// One month of a schedule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MonthDue {
    pub month: Month,
    pub asked: Asked,
    /// The fixed amount falling due in this month.
    pub due: Decimal,
    /// The suggestion of a conscious rule falling in this month.
    pub suggested: Option<Decimal>,
    /// The last day to pay what the rule asks of this month: the month's last day (monthly,
    /// one-off), the year's (yearly); `None` when no rule asks anything.
    pub due_by: Option<NaiveDate>,
    /// `due_by` is after the report's end date: the period is not over yet.
    pub open: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TooManyMonths {
    pub months: u32,
}

/// The months from `first` through `last`, each with what the versions ask in `currency`.
/// `as_of` is the report's end date: a version adopted after it does not count, and a month
/// whose `due_by` is after it is open.
pub fn month_dues(
    versions: &[Constitution],
    currency: &CurrencyCode,
    first: Month,
    last: Month,
    as_of: NaiveDate,
) -> Result<Vec<MonthDue>, TooManyMonths> {
    let months = first.count_through(last);
    if months > MAX_MONTHS {
        return Err(TooManyMonths { months });
    }
    let mut charged_years = BTreeSet::new();
    let mut one_off_charged = false;
    let mut result = Vec::with_capacity(months as usize);
    let mut month = Some(first);
    while let Some(current) = month.filter(|m| *m <= last) {
        let governing_day = current.last_day().min(as_of);
        let asked = match in_force(versions, governing_day) {
            None => Asked::NoConstitution,
            Some(version) => match version
                .model
                .big_garden
                .iter()
                .find(|rule| rule.currency == *currency)
            {
                None => Asked::NoRule {
                    version: version.version,
                },
                Some(rule) => Asked::Rule {
                    version: version.version,
                    mode: rule.mode,
                    cadence: rule.cadence,
                },
            },
        };
        let falls_due = match asked {
            Asked::Rule {
                cadence: Cadence::Monthly,
                ..
            } => true,
            Asked::Rule {
                cadence: Cadence::Yearly,
                ..
            } => charged_years.insert(current.year()),
            Asked::Rule {
                cadence: Cadence::OneOff,
                ..
            } => !std::mem::replace(&mut one_off_charged, true),
            Asked::NoConstitution | Asked::NoRule { .. } => false,
        };
        let (due, suggested) = match asked {
            Asked::Rule {
                mode: ModeRule::Fixed { amount },
                ..
            } if falls_due => (amount.value(), None),
            Asked::Rule {
                mode: ModeRule::Conscious { suggested },
                ..
            } if falls_due => (Decimal::ZERO, suggested.map(|s| s.value())),
            _ => (Decimal::ZERO, None),
        };
        let due_by = match asked {
            Asked::Rule {
                cadence: Cadence::Yearly,
                ..
            } => NaiveDate::from_ymd_opt(current.year(), 12, 31),
            Asked::Rule { .. } => Some(current.last_day()),
            Asked::NoConstitution | Asked::NoRule { .. } => None,
        };
        result.push(MonthDue {
            month: current,
            asked,
            due,
            suggested,
            due_by,
            open: due_by.is_some_and(|day| day > as_of),
        });
        month = current.next();
    }
    debug_assert_eq!(result.len(), months as usize);
    Ok(result)
}

/// A payment to the big garden as the schedule sees it. A correction (the reversal of a
/// payment) has a negative amount and the mode of the payment it undoes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PaymentIn {
    pub on: NaiveDate,
    pub amount: Decimal,
    pub fixed: bool,
    /// The month it counts in (`counts_in`).
    pub counts_in: Month,
}

/// The month a payment counts in, in a schedule from `first` through `last`: the month it pays
/// for, or the first month of the year it pays for, when the schedule holds it; otherwise (a
/// one-off, a commitment, a period outside the schedule) the month of its date `on`.
pub fn counts_in(pays_for: Option<Period>, on: NaiveDate, first: Month, last: Month) -> Month {
    let named = match pays_for {
        Some(Period::Month(month)) => Some(month),
        Some(Period::Year(year)) => Month::new(year, 1)
            .map(|january| january.max(first))
            .filter(|month| month.year() == year),
        None => None,
    };
    named
        .filter(|month| first <= *month && *month <= last)
        .unwrap_or_else(|| Month::of(on))
}

/// One period of an audit: a month under a monthly rule, otherwise the months of one calendar
/// year that the same version governs the same way.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PeriodDue {
    pub first: Month,
    pub last: Month,
    pub asked: Asked,
    pub due: Decimal,
    pub suggested: Option<Decimal>,
    /// Every payment that counts in the period (see `counts_in`), corrections included.
    pub paid: Decimal,
    /// The part of `paid` that counts toward the dues (fixed payments under a fixed rule).
    pub counted: Decimal,
    /// Running `counted − due` at the end of the period, open dues not yet paid left out:
    /// negative is arrears, positive advance.
    pub carried: Decimal,
    /// The last day to pay what the period asks (that of its first month).
    pub due_by: Option<NaiveDate>,
    /// The period is not over on the report's end date (see `MonthDue::open`).
    pub open: bool,
    /// The part of this open period's due not paid yet: not arrears until `due_by`.
    pub outstanding: Decimal,
}

impl PeriodDue {
    /// `counted − due` of this period alone.
    pub fn difference(&self) -> Decimal {
        self.counted - self.due
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Schedule {
    /// `counted − due` carried from the months before `shown_from`.
    pub carried_in: Decimal,
    pub periods: Vec<PeriodDue>,
    /// What open periods ask and is not paid yet, left out of the carried figures.
    pub outstanding: Decimal,
}

/// An open due: what the months paying by `due_by` ask, and what was counted toward it.
struct OpenDue {
    due_by: NaiveDate,
    due: Decimal,
    counted: Decimal,
    /// The index of the period shown with it (the first shown, for months before it).
    period: usize,
}

impl OpenDue {
    /// What is still to pay: never below zero, never above what is asked (a correction can
    /// bring back no more than the due itself; the rest of it is carried as usual).
    fn unpaid(&self) -> Decimal {
        (self.due - self.counted).max(Decimal::ZERO).min(self.due)
    }
}

impl Schedule {
    pub fn carried_out(&self) -> Decimal {
        self.periods.last().map_or(self.carried_in, |p| p.carried)
    }
}

/// Groups `months` into periods from `shown_from` on, attributes `payments` to them by the
/// month each counts in, and carries the difference, leaving out what open periods ask and is
/// not paid yet. Months before `shown_from` only feed `carried_in`.
/// Every payment must count in one of the months given.
pub fn schedule(months: &[MonthDue], payments: &[PaymentIn], shown_from: Month) -> Schedule {
    // Σ counted − Σ due so far, open dues included.
    let mut owed = Decimal::ZERO;
    let mut carried_in = Decimal::ZERO;
    let mut periods: Vec<PeriodDue> = Vec::new();
    let mut open: Vec<OpenDue> = Vec::new();
    let mut attributed = 0_usize;
    let mut by_month = payments.to_vec();
    by_month.sort_by_key(|p| (p.counts_in, p.on));
    // Months are in order: each takes the next run of payments (skipping any before them).
    let mut cursor = 0;
    for month_due in months {
        let month = month_due.month;
        cursor += by_month[cursor..].partition_point(|p| p.counts_in < month);
        let end = cursor + by_month[cursor..].partition_point(|p| p.counts_in <= month);
        let in_month = &by_month[cursor..end];
        cursor = end;
        let (mut paid, mut counted) = (Decimal::ZERO, Decimal::ZERO);
        for payment in in_month {
            attributed += 1;
            paid += payment.amount;
            if payment.fixed && month_due.asked.is_fixed() {
                counted += payment.amount;
            }
        }
        owed += counted - month_due.due;
        let joins_last = month >= shown_from
            && periods.last().is_some_and(|last| {
                last.asked == month_due.asked
                    && last.first.year() == month.year()
                    && last.last.next() == Some(month)
                    && !matches!(
                        month_due.asked,
                        Asked::Rule {
                            cadence: Cadence::Monthly,
                            ..
                        }
                    )
            });
        let index = if month < shown_from || periods.is_empty() {
            0
        } else if joins_last {
            periods.len() - 1
        } else {
            periods.len()
        };
        if let (true, Some(due_by)) = (month_due.open, month_due.due_by) {
            let position = match open.iter().position(|o| o.due_by == due_by) {
                Some(position) => position,
                None => {
                    open.push(OpenDue {
                        due_by,
                        due: Decimal::ZERO,
                        counted: Decimal::ZERO,
                        period: index,
                    });
                    open.len() - 1
                }
            };
            open[position].due += month_due.due;
            open[position].counted += counted;
        }
        let carried = owed + open.iter().map(OpenDue::unpaid).sum::<Decimal>();
        let outstanding: Decimal = open
            .iter()
            .filter(|o| o.period == index)
            .map(OpenDue::unpaid)
            .sum();
        if month < shown_from {
            carried_in = carried;
            continue;
        }
        if joins_last {
            let last = periods.last_mut().expect("checked above");
            last.last = month;
            last.due += month_due.due;
            last.suggested = match (last.suggested, month_due.suggested) {
                (Some(a), Some(b)) => Some(a + b),
                (a, b) => a.or(b),
            };
            last.paid += paid;
            last.counted += counted;
            last.carried = carried;
            last.open |= month_due.open;
            last.outstanding = outstanding;
        } else {
            periods.push(PeriodDue {
                first: month,
                last: month,
                asked: month_due.asked,
                due: month_due.due,
                suggested: month_due.suggested,
                paid,
                counted,
                carried,
                due_by: month_due.due_by,
                open: month_due.open,
                outstanding,
            });
        }
    }
    debug_assert_eq!(
        attributed,
        payments.len(),
        "every payment counts in one of the schedule's months"
    );
    Schedule {
        carried_in,
        periods,
        outstanding: open.iter().map(OpenDue::unpaid).sum(),
    }
}

/// How many periods of a commitment have begun by `as_of`, and what they make due.
/// Monthly commitments count calendar months from the month of `from`; yearly ones count
/// anniversaries of `from`; a one-off is due once from `from`. Nothing is due after `until`.
pub fn commitment_due(
    amount: Decimal,
    cadence: Cadence,
    from: NaiveDate,
    until: Option<NaiveDate>,
    as_of: NaiveDate,
) -> (u32, Decimal) {
    let end = until.map_or(as_of, |until| until.min(as_of));
    if end < from {
        return (0, Decimal::ZERO);
    }
    let periods = match cadence {
        Cadence::Monthly => Month::of(from).count_through(Month::of(end)),
        Cadence::Yearly => {
            let whole_years = end.year() - from.year();
            let anniversary_passed = (end.month(), end.day()) >= (from.month(), from.day());
            let years = u32::try_from(whole_years).unwrap_or(0);
            // `from` itself is the first anniversary: a yearly commitment is due from its start.
            let counted = if anniversary_passed { years + 1 } else { years };
            // 29 February: the anniversary in a common year falls on 28 February.
            let clamped = from
                .checked_add_months(Months::new(12 * years))
                .is_some_and(|a| a <= end && !anniversary_passed);
            counted + u32::from(clamped)
        }
        Cadence::OneOff => 1,
    };
    (periods, amount * Decimal::from(periods))
}

#[cfg(test)]
mod tests {
    use super::*;
    use jardins_ledger::{Amount, EconomicModel, FlowRule, Text};
    use std::str::FromStr;

    fn d(text: &str) -> Decimal {
        Decimal::from_str(text).unwrap()
    }

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn month(text: &str) -> Month {
        text.parse().unwrap()
    }

    fn eur() -> CurrencyCode {
        CurrencyCode::euro()
    }

    fn version(number: u32, effective: &str, rules: Vec<FlowRule>) -> Constitution {
        Constitution {
            version: number,
            effective: date(effective),
            purpose: Text::new("apprendre ensemble").unwrap(),
            entry_rules: Text::default(),
            exit_rules: Text::default(),
            model: EconomicModel {
                big_garden: rules,
                ..EconomicModel::default()
            },
        }
    }

    fn fixed(amount: &str, cadence: Cadence) -> FlowRule {
        FlowRule {
            currency: eur(),
            mode: ModeRule::Fixed {
                amount: Amount::new(d(amount)).unwrap(),
            },
            cadence,
        }
    }

    fn conscious(suggested: Option<&str>, cadence: Cadence) -> FlowRule {
        FlowRule {
            currency: eur(),
            mode: ModeRule::Conscious {
                suggested: suggested.map(|s| Amount::new(d(s)).unwrap()),
            },
            cadence,
        }
    }

    /// A payment that counts in the month of its date (it names no period).
    fn paid(on: &str, amount: &str, fixed: bool) -> PaymentIn {
        PaymentIn {
            on: date(on),
            amount: d(amount),
            fixed,
            counts_in: Month::of(date(on)),
        }
    }

    /// A payment dated `on` that says it pays for `period`, in a schedule `first`..`last`.
    fn paid_for(on: &str, amount: &str, period: &str, first: &str, last: &str) -> PaymentIn {
        PaymentIn {
            counts_in: counts_in(
                Some(period.parse().unwrap()),
                date(on),
                month(first),
                month(last),
            ),
            ..paid(on, amount, true)
        }
    }

    fn dues(versions: &[Constitution], first: &str, last: &str, as_of: &str) -> Vec<MonthDue> {
        month_dues(versions, &eur(), month(first), month(last), date(as_of)).unwrap()
    }

    #[test]
    fn a_fixed_monthly_contribution_paid_late_is_arrears_until_it_is_paid() {
        // Given 30 EUR due monthly from January; January and February are paid on 10 March
        // together with March, April on 2 April.
        let versions = [version(
            1,
            "2026-01-01",
            vec![fixed("30", Cadence::Monthly)],
        )];
        let months = dues(&versions, "2026-01", "2026-04", "2026-04-30");
        let payments = [
            paid("2026-03-10", "30", true),
            paid("2026-03-10", "30", true),
            paid("2026-03-10", "30", true),
            paid("2026-04-02", "30", true),
        ];
        // When the schedule is worked out from January
        let schedule = schedule(&months, &payments, month("2026-01"));
        // Then each month is its own period; arrears grow by 30 until March settles them.
        let rows: Vec<_> = schedule
            .periods
            .iter()
            .map(|p| (p.first, p.due, p.paid, p.counted, p.carried))
            .collect();
        assert_eq!(
            rows,
            vec![
                (month("2026-01"), d("30"), d("0"), d("0"), d("-30")),
                (month("2026-02"), d("30"), d("0"), d("0"), d("-60")),
                (month("2026-03"), d("30"), d("90"), d("90"), d("0")),
                (month("2026-04"), d("30"), d("30"), d("30"), d("0")),
            ]
        );
        assert_eq!(schedule.carried_in, d("0"));
        assert_eq!(schedule.periods[0].difference(), d("-30"));
        assert_eq!(schedule.periods[2].difference(), d("60"));
    }

    #[test]
    fn a_constitution_that_changes_mid_year_changes_the_dues_from_the_month_it_governs() {
        // Given 30 EUR monthly from January, then 40 EUR monthly adopted on 15 July
        let versions = [
            version(1, "2026-01-01", vec![fixed("30", Cadence::Monthly)]),
            version(2, "2026-07-15", vec![fixed("40", Cadence::Monthly)]),
        ];
        // When the year is worked out: July is governed by version 2 (in force on 31 July)
        let months = dues(&versions, "2026-01", "2026-12", "2026-12-31");
        let total: Decimal = months.iter().map(|m| m.due).sum();
        // Then 6 × 30 + 6 × 40 = 420 are due.
        assert_eq!(total, d("420"));
        assert_eq!(months[5].due, d("30"));
        assert_eq!(months[6].due, d("40"));
        assert_eq!(months[6].asked.version(), Some(2));
        // And as of 10 July, version 2 is not yet adopted: July is due at 30.
        let early = dues(&versions, "2026-07", "2026-07", "2026-07-10");
        assert_eq!(early[0].due, d("30"));
        assert_eq!(early[0].asked.version(), Some(1));
    }

    #[test]
    fn a_yearly_rule_is_due_once_per_calendar_year_in_one_period() {
        // Given 120 EUR yearly from 15 March 2026
        let versions = [version(
            1,
            "2026-03-15",
            vec![fixed("120", Cadence::Yearly)],
        )];
        let months = dues(&versions, "2026-01", "2027-02", "2027-02-28");
        // When the schedule is worked out, 100 paid in June 2026
        let schedule = schedule(
            &months,
            &[paid("2026-06-01", "100", true)],
            month("2026-01"),
        );
        // Then: January–February without constitution, March–December (120 due, 100 paid: 20
        // in arrears once the year is over), 2027 (120 due by 31 December 2027: on 28 February
        // it is open, so the carried arrears stay at 20 and 120 is outstanding).
        let rows: Vec<_> = schedule
            .periods
            .iter()
            .map(|p| (p.first, p.last, p.asked.version(), p.due, p.paid, p.carried))
            .collect();
        assert_eq!(
            rows,
            vec![
                (
                    month("2026-01"),
                    month("2026-02"),
                    None,
                    d("0"),
                    d("0"),
                    d("0")
                ),
                (
                    month("2026-03"),
                    month("2026-12"),
                    Some(1),
                    d("120"),
                    d("100"),
                    d("-20")
                ),
                (
                    month("2027-01"),
                    month("2027-02"),
                    Some(1),
                    d("120"),
                    d("0"),
                    d("-20")
                ),
            ]
        );
        let open: Vec<_> = schedule
            .periods
            .iter()
            .map(|p| (p.open, p.due_by, p.outstanding))
            .collect();
        assert_eq!(
            open,
            vec![
                (false, None, d("0")),
                (false, Some(date("2026-12-31")), d("0")),
                (true, Some(date("2027-12-31")), d("120")),
            ]
        );
        assert_eq!(schedule.outstanding, d("120"));
    }

    #[test]
    fn a_conscious_contribution_owes_nothing_and_settles_nothing() {
        // Given a conscious monthly contribution with 10 EUR suggested, 15 paid in February
        let versions = [version(
            1,
            "2026-01-01",
            vec![conscious(Some("10"), Cadence::Monthly)],
        )];
        let months = dues(&versions, "2026-01", "2026-02", "2026-02-28");
        let schedule = schedule(
            &months,
            &[paid("2026-02-03", "15", false)],
            month("2026-01"),
        );
        // Then nothing is due, 10 is suggested each month, 15 is paid and nothing is carried.
        let rows: Vec<_> = schedule
            .periods
            .iter()
            .map(|p| (p.due, p.suggested, p.paid, p.counted, p.carried))
            .collect();
        assert_eq!(
            rows,
            vec![
                (d("0"), Some(d("10")), d("0"), d("0"), d("0")),
                (d("0"), Some(d("10")), d("15"), d("0"), d("0")),
            ]
        );
    }

    #[test]
    fn a_one_off_is_due_once_across_versions() {
        // Given a one-off of 50 in version 1, kept by version 2 in June
        let versions = [
            version(1, "2026-01-10", vec![fixed("50", Cadence::OneOff)]),
            version(2, "2026-06-01", vec![fixed("50", Cadence::OneOff)]),
        ];
        let months = dues(&versions, "2026-01", "2027-03", "2027-03-31");
        // Then 50 is due in January 2026 only; later fixed payments still count toward it.
        let due: Vec<_> = months.iter().map(|m| m.due).collect();
        assert_eq!(due[0], d("50"));
        assert!(due[1..].iter().all(|d| d.is_zero()));
        let schedule = schedule(&months, &[paid("2026-08-01", "50", true)], month("2026-01"));
        let rows: Vec<_> = schedule
            .periods
            .iter()
            .map(|p| (p.first, p.last, p.due, p.paid, p.carried))
            .collect();
        assert_eq!(
            rows,
            vec![
                (
                    month("2026-01"),
                    month("2026-05"),
                    d("50"),
                    d("0"),
                    d("-50")
                ),
                (month("2026-06"), month("2026-12"), d("0"), d("50"), d("0")),
                (month("2027-01"), month("2027-03"), d("0"), d("0"), d("0")),
            ]
        );
    }

    #[test]
    fn payments_no_constitution_calls_for_are_shown_but_settle_nothing() {
        // Given a garden with no constitution that pays 20 in fixed mode
        let months = dues(&[], "2026-01", "2026-03", "2026-03-31");
        let schedule = schedule(&months, &[paid("2026-02-01", "20", true)], month("2026-01"));
        // Then one period, no rule, 20 paid, nothing counted nor carried.
        assert_eq!(schedule.periods.len(), 1);
        let period = schedule.periods[0];
        assert_eq!(period.asked, Asked::NoConstitution);
        assert!(!period.asked.calls_for_payments());
        assert_eq!(
            (period.due, period.paid, period.counted, period.carried),
            (d("0"), d("20"), d("0"), d("0"))
        );
    }

    #[test]
    fn a_rule_in_another_currency_calls_for_nothing_in_this_one() {
        let mut other = fixed("5", Cadence::Monthly);
        other.currency = "GRAINE".parse().unwrap();
        let versions = [version(1, "2026-01-01", vec![other])];
        let months = dues(&versions, "2026-01", "2026-01", "2026-01-31");
        assert_eq!(months[0].asked, Asked::NoRule { version: 1 });
        assert_eq!(months[0].due, d("0"));
    }

    #[test]
    fn a_reversed_payment_returns_to_arrears() {
        // Given 30 due monthly, paid in January, reversed in February
        let versions = [version(
            1,
            "2026-01-01",
            vec![fixed("30", Cadence::Monthly)],
        )];
        let months = dues(&versions, "2026-01", "2026-02", "2026-02-28");
        let payments = [
            paid("2026-01-05", "30", true),
            paid("2026-02-01", "-30", true),
        ];
        let schedule = schedule(&months, &payments, month("2026-01"));
        let carried: Vec<_> = schedule.periods.iter().map(|p| p.carried).collect();
        // Then January is settled (0), February owes its own 30 and January's again: -60.
        assert_eq!(carried, vec![d("0"), d("-60")]);
        assert_eq!(schedule.periods[1].paid, d("-30"));
    }

    #[test]
    fn months_before_the_shown_range_are_carried_in() {
        // Given 30 monthly from January, 30 paid in January only, shown from March
        let versions = [version(
            1,
            "2026-01-01",
            vec![fixed("30", Cadence::Monthly)],
        )];
        let months = dues(&versions, "2026-01", "2026-03", "2026-03-31");
        let schedule = schedule(&months, &[paid("2026-01-03", "30", true)], month("2026-03"));
        // Then February's 30 is carried in, and March ends 60 in arrears.
        assert_eq!(schedule.carried_in, d("-30"));
        assert_eq!(schedule.periods.len(), 1);
        assert_eq!(schedule.periods[0].carried, d("-60"));
        assert_eq!(schedule.carried_out(), d("-60"));
    }

    #[test]
    fn a_schedule_longer_than_two_centuries_is_refused() {
        let too_long = month_dues(
            &[],
            &eur(),
            month("1800-01"),
            month("2026-01"),
            date("2026-01-31"),
        );
        assert_eq!(too_long, Err(TooManyMonths { months: 2713 }));
    }

    #[test]
    fn a_payment_for_an_earlier_month_counts_in_that_month() {
        // Given 30 EUR due monthly from November 2025; November is paid on 12 January "for
        // 2025-11", December on 30 December, January on 30 January.
        let versions = [version(
            1,
            "2025-11-01",
            vec![fixed("30", Cadence::Monthly)],
        )];
        let months = dues(&versions, "2025-11", "2026-01", "2026-01-31");
        let payments = [
            paid_for("2026-01-12", "30", "2025-11", "2025-11", "2026-01"),
            paid("2025-12-30", "30", true),
            paid("2026-01-30", "30", true),
        ];
        // When the schedule is worked out
        let schedule = schedule(&months, &payments, month("2025-11"));
        // Then November holds its own payment (made late, in January): every month is settled,
        // none shows arrears, and January holds only its own 30.
        let rows: Vec<_> = schedule
            .periods
            .iter()
            .map(|p| (p.first, p.paid, p.counted, p.carried))
            .collect();
        assert_eq!(
            rows,
            vec![
                (month("2025-11"), d("30"), d("30"), d("0")),
                (month("2025-12"), d("30"), d("30"), d("0")),
                (month("2026-01"), d("30"), d("30"), d("0")),
            ]
        );
    }

    #[test]
    fn a_payment_counts_in_the_month_of_its_date_when_its_period_is_outside_the_schedule() {
        // Given a schedule of January to March 2026
        let (first, last) = (month("2026-01"), month("2026-03"));
        let on = date("2026-02-10");
        // Then a payment for a month within it counts there; for a year, in its first month in
        // the schedule; for a month after it, or for none, in the month of its date.
        let named = |period: &str| Some(period.parse::<Period>().unwrap());
        assert_eq!(
            counts_in(named("2026-03"), on, first, last),
            month("2026-03")
        );
        assert_eq!(counts_in(named("2026"), on, first, last), month("2026-01"));
        assert_eq!(
            counts_in(named("2026"), on, month("2026-02"), last),
            month("2026-02")
        );
        assert_eq!(
            counts_in(named("2026-05"), on, first, last),
            month("2026-02")
        );
        assert_eq!(counts_in(named("2025"), on, first, last), month("2026-02"));
        assert_eq!(counts_in(None, on, first, last), month("2026-02"));
    }

    #[test]
    fn an_unfinished_month_is_open_not_in_arrears() {
        // Given 40 EUR due monthly from January, January paid, and the report ending on
        // 15 February, before February's last day
        let versions = [version(
            1,
            "2026-01-01",
            vec![fixed("40", Cadence::Monthly)],
        )];
        let months = dues(&versions, "2026-01", "2026-02", "2026-02-15");
        assert_eq!(
            months.iter().map(|m| m.open).collect::<Vec<_>>(),
            [false, true]
        );
        let cases = [
            // (paid in February, carried at its end, outstanding)
            // Nothing paid yet: 40 is outstanding until 28 February, nothing is in arrears.
            (None, "0", "40"),
            // 15 paid: 25 still to pay by 28 February; still nothing in arrears.
            (Some("15"), "0", "25"),
            // 40 paid: settled, nothing outstanding.
            (Some("40"), "0", "0"),
            // 50 paid: 10 in advance at once.
            (Some("50"), "10", "0"),
        ];
        for (february, carried, outstanding) in cases {
            let mut payments = vec![paid("2026-01-20", "40", true)];
            payments.extend(february.map(|a| paid("2026-02-10", a, true)));
            // When the schedule is worked out
            let schedule = schedule(&months, &payments, month("2026-01"));
            // Then February is open, due by its last day, and carries as said above.
            let february_period = schedule.periods[1];
            assert!(february_period.open && !schedule.periods[0].open);
            assert_eq!(february_period.due_by, Some(date("2026-02-28")));
            assert_eq!(
                (february_period.carried, february_period.outstanding),
                (d(carried), d(outstanding)),
                "{february:?} paid in February"
            );
            assert_eq!(schedule.outstanding, d(outstanding));
        }
        // And on 28 February, the month is over: unpaid, it is 40 in arrears.
        let over = dues(&versions, "2026-01", "2026-02", "2026-02-28");
        let schedule = schedule(&over, &[paid("2026-01-20", "40", true)], month("2026-01"));
        assert!(!schedule.periods[1].open);
        assert_eq!(schedule.carried_out(), d("-40"));
    }

    #[test]
    fn a_reversal_in_an_open_month_still_brings_back_the_arrears_it_undoes() {
        // Given 40 due monthly; January paid (naming no period), reversed on 10 February; the
        // report ends on 15 February
        let versions = [version(
            1,
            "2026-01-01",
            vec![fixed("40", Cadence::Monthly)],
        )];
        let months = dues(&versions, "2026-01", "2026-02", "2026-02-15");
        let payments = [
            paid("2026-01-20", "40", true),
            paid("2026-02-10", "-40", true),
        ];
        let schedule = schedule(&months, &payments, month("2026-01"));
        // Then February's own 40 is open (outstanding), and the reversal puts January's 40
        // back in arrears: carried −40.
        assert_eq!(schedule.periods[1].outstanding, d("40"));
        assert_eq!(schedule.carried_out(), d("-40"));
    }

    #[test]
    fn a_yearly_contribution_with_a_month_to_go_is_open_even_from_a_later_start() {
        // Given 120 EUR yearly from January 2026, nothing paid, the report on 1 December 2026
        let versions = [version(
            1,
            "2026-01-01",
            vec![fixed("120", Cadence::Yearly)],
        )];
        let months = dues(&versions, "2026-01", "2026-12", "2026-12-01");
        // When shown from January, and from March (January, where it falls due, carried in)
        for shown_from in ["2026-01", "2026-03"] {
            let schedule = schedule(&months, &[], month(shown_from));
            // Then nothing is in arrears: 120 is outstanding, due by 31 December, on the first
            // period shown.
            assert_eq!(schedule.carried_in, d("0"), "from {shown_from}");
            assert_eq!(schedule.carried_out(), d("0"), "from {shown_from}");
            let first = schedule.periods[0];
            assert!(first.open);
            assert_eq!(
                (first.due_by, first.outstanding),
                (Some(date("2026-12-31")), d("120")),
                "from {shown_from}"
            );
        }
        // And on 31 December it is over: 120 in arrears.
        let over = dues(&versions, "2026-01", "2026-12", "2026-12-31");
        assert_eq!(
            schedule(&over, &[], month("2026-01")).carried_out(),
            d("-120")
        );
    }

    #[test]
    fn commitments_are_due_per_begun_period_within_their_dates() {
        let ten = d("10");
        // Monthly from 15 January: January, February and March have begun by 1 March.
        assert_eq!(
            commitment_due(
                ten,
                Cadence::Monthly,
                date("2026-01-15"),
                None,
                date("2026-03-01")
            ),
            (3, d("30"))
        );
        // Ended on 10 February: January and February only.
        assert_eq!(
            commitment_due(
                ten,
                Cadence::Monthly,
                date("2026-01-15"),
                Some(date("2026-02-10")),
                date("2026-06-01")
            ),
            (2, d("20"))
        );
        // Not started yet.
        assert_eq!(
            commitment_due(
                ten,
                Cadence::Monthly,
                date("2026-01-15"),
                None,
                date("2026-01-14")
            ),
            (0, d("0"))
        );
        // Yearly from 15 March 2025: one anniversary by 14 March 2026, two on 15 March 2026.
        assert_eq!(
            commitment_due(
                ten,
                Cadence::Yearly,
                date("2025-03-15"),
                None,
                date("2026-03-14")
            ),
            (1, d("10"))
        );
        assert_eq!(
            commitment_due(
                ten,
                Cadence::Yearly,
                date("2025-03-15"),
                None,
                date("2026-03-15")
            ),
            (2, d("20"))
        );
        // Yearly from 29 February 2024: the 2025 anniversary falls on 28 February.
        assert_eq!(
            commitment_due(
                ten,
                Cadence::Yearly,
                date("2024-02-29"),
                None,
                date("2025-02-28")
            ),
            (2, d("20"))
        );
        assert_eq!(
            commitment_due(
                ten,
                Cadence::Yearly,
                date("2024-02-29"),
                None,
                date("2025-02-27")
            ),
            (1, d("10"))
        );
        // One-off: once, however long it runs.
        assert_eq!(
            commitment_due(
                ten,
                Cadence::OneOff,
                date("2024-01-01"),
                None,
                date("2026-01-01")
            ),
            (1, d("10"))
        );
    }
}
