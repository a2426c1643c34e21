//! The one model of periods that the audit and the commitments share: what is asked, period by
//! period, and which payments count in each. No IO, no clock: the day judged is given.
//!
//! The rules (README.md's "The audit's period model" and `jardins audit --help` say the same):
//! 1. **Months.** Each calendar month from the month a garden opened (a commitment starts) to
//!    the month of the report's end is governed by the constitution version in force on its last
//!    day (on the report's end, or the garden's closing, when that comes first): a version adopted
//!    during a month governs that whole month. What governs it in a currency is that version's
//!    rule for the big garden in that currency, or no rule, or no constitution.
//! 2. **Periods.** A month under a monthly rule is a period. Consecutive months of one calendar
//!    year under yearly rules (of any version) are one period: the year, or the part of it that
//!    yearly rules govern. Consecutive months under one-off rules are one period, across years.
//!    Consecutive months of one calendar year with no rule (the same version) or no constitution
//!    are one period that asks nothing.
//! 3. **What a period asks** is what the rule of the version in force on its last day says, once:
//!    a fixed amount is due, a conscious rule's suggestion is suggested (nothing is due).
//! 4. **Days.** A period runs from its first month's first day (or the opening) to its last
//!    month's last day; the period holding the report's end runs on to the end of its month
//!    (December 31 under a yearly rule), unless the garden closed (the commitment ended) by
//!    then: it ends that day. What a period asks is due by its last day; a one-off, by the last
//!    day of its first month.
//! 5. **Open.** A period is over once its due-by day is: a day is over when it is on or before
//!    the report's end and before today (today is not over yet). A period not over is open:
//!    what it asks and is not paid yet is *outstanding*, not arrears.
//! 6. **Which payments count in a period.** A payment for a month counts in the period holding
//!    that month. A payment for a year counts in that year's period under a yearly rule; if the
//!    year has none, in its first period that a rule governs; if none, in its first period.
//!    A payment that names no period (a one-off), or one whose period the audit does not hold,
//!    counts in the period holding the month of its date. A correction (a reversed payment)
//!    counts where the payment it undoes counts.
//! 7. **Counted.** In a period that asks a fixed amount, payments made in fixed mode count toward
//!    it; conscious payments, and payments in periods that ask nothing fixed, are paid but settle
//!    nothing.
//! 8. **Carried.** From period to period, `carried += counted − due` for a period that is over;
//!    for an open one, `carried += max(counted − due, 0)` (an advance shows at once) and
//!    `outstanding = max(due − counted, 0)`. Negative is arrears, positive advance. Periods that
//!    end before the report's start are carried in.
//!
//! A commitment is the same model with one rule: its amount and cadence, from its first day to
//! its last (`commitment_periods`).

use chrono::NaiveDate;
use jardins_ledger::{
    constitution::in_force, Amount, Cadence, Constitution, CurrencyCode, ModeRule, Month, Period,
};
use rust_decimal::Decimal;

/// Most months one schedule covers (two centuries): a bound on the work of one audit line.
pub const MAX_MONTHS: u32 = 2_400;

/// What governs a period (rule 1).
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
    /// A member's commitment: `amount` per period of `cadence`.
    Committed { amount: Amount, cadence: Cadence },
}

impl Asked {
    pub fn version(self) -> Option<u32> {
        match self {
            Asked::NoConstitution | Asked::Committed { .. } => None,
            Asked::NoRule { version } | Asked::Rule { version, .. } => Some(version),
        }
    }

    /// Whether something (a constitution's rule, a commitment) calls for payments.
    pub fn calls_for_payments(self) -> bool {
        matches!(self, Asked::Rule { .. } | Asked::Committed { .. })
    }

    /// Whether it asks a fixed amount (payments in fixed mode then count toward the dues).
    pub fn is_fixed(self) -> bool {
        matches!(
            self,
            Asked::Rule {
                mode: ModeRule::Fixed { .. },
                ..
            } | Asked::Committed { .. }
        )
    }

    /// Whether it is a conscious rule (pay what you feel).
    pub fn is_conscious(self) -> bool {
        matches!(
            self,
            Asked::Rule {
                mode: ModeRule::Conscious { .. },
                ..
            }
        )
    }

    pub fn cadence(self) -> Option<Cadence> {
        match self {
            Asked::Rule { cadence, .. } | Asked::Committed { cadence, .. } => Some(cadence),
            Asked::NoConstitution | Asked::NoRule { .. } => None,
        }
    }

    /// What it asks of one period: the fixed amount due, and a conscious rule's suggestion.
    fn asks(self) -> (Decimal, Option<Decimal>) {
        match self {
            Asked::Rule {
                mode: ModeRule::Fixed { amount },
                ..
            }
            | Asked::Committed { amount, .. } => (amount.value(), None),
            Asked::Rule {
                mode: ModeRule::Conscious { suggested },
                ..
            } => (Decimal::ZERO, suggested.map(|s| s.value())),
            Asked::NoConstitution | Asked::NoRule { .. } => (Decimal::ZERO, None),
        }
    }

    /// Plain words for tables and JSON: "v2: fixed 30.00 monthly".
    pub fn describe(self, format: impl Fn(Decimal) -> String) -> String {
        self.describe_in(crate::output::english(), format)
    }

    /// The same words in `t`'s language: "v2 : fixe 30,00 mensuel".
    pub fn describe_in(self, t: jardins_text::Text, format: impl Fn(Decimal) -> String) -> String {
        use crate::output::{arg, cadence_in, say};
        match self {
            Asked::NoConstitution => say(t, "report-rule-no-constitution", &[]),
            Asked::NoRule { version } => say(
                t,
                "report-rule-none-in-currency",
                &[("version", arg(version))],
            ),
            Asked::Committed { amount, cadence } => say(
                t,
                "report-rule-committed",
                &[
                    ("amount", arg(format(amount.value()))),
                    ("cadence", arg(cadence_in(t, cadence))),
                ],
            ),
            Asked::Rule {
                version,
                mode,
                cadence,
            } => match mode {
                ModeRule::Fixed { amount } => say(
                    t,
                    "report-rule-fixed",
                    &[
                        ("version", arg(version)),
                        ("amount", arg(format(amount.value()))),
                        ("cadence", arg(cadence_in(t, cadence))),
                    ],
                ),
                ModeRule::Conscious {
                    suggested: Some(suggested),
                } => say(
                    t,
                    "report-rule-conscious-suggested",
                    &[
                        ("version", arg(version)),
                        ("cadence", arg(cadence_in(t, cadence))),
                        ("suggested", arg(format(suggested.value()))),
                    ],
                ),
                ModeRule::Conscious { suggested: None } => say(
                    t,
                    "report-rule-conscious",
                    &[
                        ("version", arg(version)),
                        ("cadence", arg(cadence_in(t, cadence))),
                    ],
                ),
            },
        }
    }
}

/// One period (rules 2 to 5), and once `schedule` has run, what was paid in it (rules 6 to 8).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PeriodDue {
    pub first: Month,
    pub last: Month,
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
    /// What the version in force on its last day asks.
    pub asked: Asked,
    /// The fixed amount due.
    pub due: Decimal,
    /// A conscious rule's suggestion.
    pub suggested: Option<Decimal>,
    /// The last day to pay what it asks; `None` when nothing calls for payments.
    pub due_by: Option<NaiveDate>,
    /// `due_by` is after the day judged: the period is not over.
    pub open: bool,
    /// Every payment that counts in it, corrections included.
    pub paid: Decimal,
    /// The part of `paid` that counts toward the due (rule 7).
    pub counted: Decimal,
    /// The running standing at its end (rule 8): negative is arrears, positive advance.
    pub carried: Decimal,
    /// What this open period asks and is not paid yet.
    pub outstanding: Decimal,
}

impl PeriodDue {
    /// `counted − due` of this period alone.
    pub fn difference(&self) -> Decimal {
        self.counted - self.due
    }

    /// Whether it holds `month`.
    pub fn holds(&self, month: Month) -> bool {
        self.first <= month && month <= self.last
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TooManyMonths {
    pub months: u32,
}

/// The days a run of periods covers, and the day it is judged on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span {
    /// The first day: a garden's opening, a commitment's start.
    pub first_day: NaiveDate,
    /// The last day covered: the report's end, or the closing (the commitment's end) before it.
    pub last_day: NaiveDate,
    /// `last_day` is a closing (an end): the last period stops there rather than run on.
    pub stops: bool,
    /// The last day that is over (rule 5): see `over_through`.
    pub over_through: NaiveDate,
}

/// The last day that is over for a report ending on `end` typed on `today`: `end` when it is
/// before today; else yesterday, as today is not over yet.
pub fn over_through(end: NaiveDate, today: NaiveDate) -> NaiveDate {
    if end < today {
        end
    } else {
        today.pred_opt().unwrap_or(today)
    }
}

/// The periods of a garden's contributions in `currency` (rules 1 to 5). `versions` are those
/// adopted by the report's end.
pub fn constitution_periods(
    versions: &[Constitution],
    currency: &CurrencyCode,
    span: Span,
) -> Result<Vec<PeriodDue>, TooManyMonths> {
    periods(span, |month| {
        let governing_day = month.last_day().min(span.last_day);
        match in_force(versions, governing_day) {
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
        }
    })
}

/// The periods of a commitment of `amount` per `cadence` over `span` (the same rules, with
/// the commitment as the one rule).
pub fn commitment_periods(
    amount: Amount,
    cadence: Cadence,
    span: Span,
) -> Result<Vec<PeriodDue>, TooManyMonths> {
    periods(span, |_| Asked::Committed { amount, cadence })
}

/// Whether `next` (asked of `month`) continues the period that began in `first` under `previous`.
fn continues(previous: Asked, next: Asked, first: Month, month: Month) -> bool {
    match (previous.cadence(), next.cadence()) {
        (Some(Cadence::Monthly), _) | (_, Some(Cadence::Monthly)) => false,
        (Some(Cadence::Yearly), Some(Cadence::Yearly)) => first.year() == month.year(),
        (Some(Cadence::OneOff), Some(Cadence::OneOff)) => true,
        (None, None) => previous == next && first.year() == month.year(),
        _ => false,
    }
}

fn periods(span: Span, asked_of: impl Fn(Month) -> Asked) -> Result<Vec<PeriodDue>, TooManyMonths> {
    if span.last_day < span.first_day {
        return Ok(Vec::new());
    }
    let (start, end) = (Month::of(span.first_day), Month::of(span.last_day));
    let months = start.count_through(end);
    if months > MAX_MONTHS {
        return Err(TooManyMonths { months });
    }
    // (first month, last month, what governs the last month)
    let mut runs: Vec<(Month, Month, Asked)> = Vec::new();
    let mut month = Some(start);
    while let Some(current) = month.filter(|m| *m <= end) {
        let asked = asked_of(current);
        match runs.last_mut() {
            Some((first, last, previous)) if continues(*previous, asked, *first, current) => {
                *last = current;
                *previous = asked;
            }
            _ => runs.push((current, current, asked)),
        }
        month = current.next();
    }
    Ok(runs
        .into_iter()
        .map(|(first, last, asked)| {
            // A yearly rule asks for the whole year: its period runs to December 31.
            let natural_end = match asked.cadence() {
                Some(Cadence::Yearly) => {
                    NaiveDate::from_ymd_opt(last.year(), 12, 31).unwrap_or(NaiveDate::MAX)
                }
                _ => last.last_day(),
            };
            let last_day = match (last == end, span.stops) {
                (true, true) => span.last_day,
                (true, false) => natural_end,
                (false, _) => last.last_day(),
            };
            let (due, suggested) = asked.asks();
            let due_by = match asked.cadence() {
                None => None,
                Some(Cadence::OneOff) => Some(first.last_day().min(last_day)),
                Some(_) => Some(last_day),
            };
            PeriodDue {
                first,
                last,
                first_day: first.first_day().max(span.first_day),
                last_day,
                asked,
                due,
                suggested,
                due_by,
                open: due_by.is_some_and(|day| day > span.over_through),
                paid: Decimal::ZERO,
                counted: Decimal::ZERO,
                carried: Decimal::ZERO,
                outstanding: Decimal::ZERO,
            }
        })
        .collect())
}

/// The index of the period a payment counts in (rule 6): `pays_for` is the period it names
/// (the one the payment it corrects names), `on` its date (that payment's). `None` when no
/// period holds the month of `on` either.
pub fn counts_in(periods: &[PeriodDue], pays_for: Option<Period>, on: NaiveDate) -> Option<usize> {
    // Periods are in order and do not overlap: a binary search finds the one holding a month.
    let holding = |month: Month| {
        let index = periods.partition_point(|p| p.last < month);
        periods.get(index).filter(|p| p.holds(month)).map(|_| index)
    };
    let named = match pays_for {
        Some(Period::Month(month)) => holding(month),
        Some(Period::Year(year)) => {
            let from = periods.partition_point(|p| p.last.year() < year);
            let of_year: Vec<usize> = (from..periods.len())
                .take_while(|&i| periods[i].first.year() <= year)
                .collect();
            let first = |test: &dyn Fn(&PeriodDue) -> bool| {
                of_year.iter().copied().find(|&i| test(&periods[i]))
            };
            first(&|p| p.asked.cadence() == Some(Cadence::Yearly))
                .or_else(|| first(&|p| p.asked.calls_for_payments()))
                .or_else(|| of_year.first().copied())
        }
        None => None,
    };
    named.or_else(|| holding(Month::of(on)))
}

/// A payment as the schedule sees it: the period it counts in, its amount (negative for a
/// correction) and whether it was made in fixed mode.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PaymentIn {
    pub period: usize,
    pub amount: Decimal,
    pub fixed: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Schedule {
    /// The standing carried from the periods that end before `shown_from`.
    pub carried_in: Decimal,
    /// How many periods were carried in: `periods` starts after them.
    pub hidden: usize,
    /// What the periods carried in asked.
    pub due_before: Decimal,
    /// The periods shown, with their payments' figures.
    pub periods: Vec<PeriodDue>,
    /// What open periods ask and is not paid yet.
    pub outstanding: Decimal,
}

impl Schedule {
    pub fn carried_out(&self) -> Decimal {
        self.periods.last().map_or(self.carried_in, |p| p.carried)
    }
}

/// Puts each payment in its period and carries the standing (rules 7 and 8). Periods whose last
/// month is before `shown_from` only feed `carried_in`. Every payment's period must be one of
/// `periods`.
pub fn schedule(
    mut periods: Vec<PeriodDue>,
    payments: &[PaymentIn],
    shown_from: Month,
) -> Schedule {
    for payment in payments {
        let period = &mut periods[payment.period];
        period.paid += payment.amount;
        if payment.fixed && period.asked.is_fixed() {
            period.counted += payment.amount;
        }
    }
    let mut carried = Decimal::ZERO;
    let mut carried_in = Decimal::ZERO;
    let mut outstanding = Decimal::ZERO;
    let mut hidden = 0;
    for period in &mut periods {
        let difference = period.counted - period.due;
        if period.open {
            carried += difference.max(Decimal::ZERO);
            period.outstanding = (-difference).max(Decimal::ZERO);
            outstanding += period.outstanding;
        } else {
            carried += difference;
        }
        period.carried = carried;
        if period.last < shown_from {
            carried_in = carried;
            hidden += 1;
        }
    }
    // What hidden periods still ask is part of what is carried in, not outstanding here.
    let shown = periods.split_off(hidden);
    let outstanding = outstanding - periods.iter().map(|p| p.outstanding).sum::<Decimal>();
    Schedule {
        carried_in,
        hidden,
        due_before: periods.iter().map(|p| p.due).sum(),
        periods: shown,
        outstanding,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jardins_ledger::{EconomicModel, FlowRule, Text};
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
            currency: CurrencyCode::euro(),
            mode: ModeRule::Fixed {
                amount: Amount::new(d(amount)).unwrap(),
            },
            cadence,
        }
    }

    /// A report from `opened` to `to`, typed the day after `to` (every day through it over).
    fn span(opened: &str, to: &str) -> Span {
        Span {
            first_day: date(opened),
            last_day: date(to),
            stops: false,
            over_through: date(to),
        }
    }

    fn periods(versions: &[Constitution], opened: &str, to: &str) -> Vec<PeriodDue> {
        constitution_periods(versions, &CurrencyCode::euro(), span(opened, to)).unwrap()
    }

    /// (first month, last day, version, due, due by, open) of each period.
    fn shape(periods: &[PeriodDue]) -> Vec<(Month, NaiveDate, Option<u32>, Decimal, bool)> {
        periods
            .iter()
            .map(|p| (p.first, p.last_day, p.asked.version(), p.due, p.open))
            .collect()
    }

    #[test]
    fn a_yearly_rule_changed_mid_year_asks_once_what_the_last_version_asks() {
        // Given 300 yearly from January (v1), 360 yearly from June (v2)
        let versions = [
            version(1, "2025-01-01", vec![fixed("300", Cadence::Yearly)]),
            version(2, "2025-06-01", vec![fixed("360", Cadence::Yearly)]),
        ];
        // When the year is worked out
        let year = periods(&versions, "2025-01-01", "2025-12-31");
        // Then it is one period asking 360, due by 31 December.
        assert_eq!(
            shape(&year),
            vec![(
                month("2025-01"),
                date("2025-12-31"),
                Some(2),
                d("360"),
                false
            )]
        );
        assert_eq!(year[0].due_by, Some(date("2025-12-31")));
        // And on 30 June it runs to 31 December all the same, open, judged by v2 (in force).
        let june = periods(&versions, "2025-01-01", "2025-06-30");
        assert_eq!(
            shape(&june),
            vec![(
                month("2025-01"),
                date("2025-12-31"),
                Some(2),
                d("360"),
                true
            )]
        );
    }

    #[test]
    fn a_yearly_rule_then_a_monthly_one_makes_a_yearly_part_then_months() {
        // Given 300 yearly from 2026-01-01, then 50 monthly from 2026-03-15
        let versions = [
            version(1, "2026-01-01", vec![fixed("300", Cadence::Yearly)]),
            version(2, "2026-03-15", vec![fixed("50", Cadence::Monthly)]),
        ];
        // When worked out to 2026-12-01 as of that day
        let all = periods(&versions, "2026-01-01", "2026-12-01");
        // Then January–February is the yearly part, due by 28 February; March (governed by v2
        // on its last day) to December are months; only December is open.
        assert_eq!(all.len(), 11);
        assert_eq!(
            (all[0].first, all[0].last, all[0].due, all[0].due_by),
            (
                month("2026-01"),
                month("2026-02"),
                d("300"),
                Some(date("2026-02-28"))
            )
        );
        assert_eq!((all[1].first, all[1].due), (month("2026-03"), d("50")));
        assert_eq!(
            all.iter().map(|p| p.open).collect::<Vec<_>>(),
            [vec![false; 10], vec![true]].concat()
        );
        // And unpaid, December's own 50 is outstanding; the rest, 300 + 9 × 50, in arrears.
        let schedule = schedule(all, &[], month("2026-01"));
        assert_eq!(schedule.outstanding, d("50"));
        assert_eq!(schedule.periods[10].outstanding, d("50"));
        assert_eq!(schedule.carried_out(), d("-750"));
    }

    #[test]
    fn a_one_off_run_asks_once_by_the_end_of_its_first_month() {
        // Given a one-off of 100 from January, then v2 keeping a one-off of 100 from June
        let versions = [
            version(1, "2026-01-01", vec![fixed("100", Cadence::OneOff)]),
            version(2, "2026-06-01", vec![fixed("100", Cadence::OneOff)]),
        ];
        // When worked out to 15 March, and to 20 January
        let march = periods(&versions, "2026-01-01", "2026-03-15");
        let january = periods(&versions, "2026-01-01", "2026-01-20");
        // Then one period, due by 31 January: over in March, open on 20 January.
        assert_eq!(march.len(), 1);
        assert_eq!(
            (march[0].due, march[0].due_by, march[0].open),
            (d("100"), Some(date("2026-01-31")), false)
        );
        assert!(january[0].open);
        // And a year on, still one period asking 100 once.
        let later = periods(&versions, "2026-01-01", "2027-03-31");
        assert_eq!(later.len(), 1);
        assert_eq!(later[0].asked.version(), Some(2));
    }

    #[test]
    fn months_without_a_rule_are_one_period_a_year_that_asks_nothing() {
        // Given a garden opened 10 March 2025 whose v1 (300 yearly) is adopted on 1 April
        let versions = [version(
            1,
            "2025-04-01",
            vec![fixed("300", Cadence::Yearly)],
        )];
        let all = periods(&versions, "2025-03-10", "2026-02-28");
        // Then March alone (no constitution), April–December (the year's yearly part), and
        // 2026 (open on 28 February).
        assert_eq!(
            shape(&all),
            vec![
                (month("2025-03"), date("2025-03-31"), None, d("0"), false),
                (
                    month("2025-04"),
                    date("2025-12-31"),
                    Some(1),
                    d("300"),
                    false
                ),
                (
                    month("2026-01"),
                    date("2026-12-31"),
                    Some(1),
                    d("300"),
                    true
                ),
            ]
        );
        assert_eq!(all[0].first_day, date("2025-03-10"));
        assert_eq!(all[0].due_by, None);
    }

    #[test]
    fn a_payment_counts_in_the_period_of_what_it_names_else_of_its_date() {
        let versions = [version(
            1,
            "2025-04-01",
            vec![fixed("300", Cadence::Yearly)],
        )];
        let all = periods(&versions, "2025-03-10", "2026-02-28");
        let named = |period: &str| Some(period.parse::<Period>().unwrap());
        let on = date("2025-05-10");
        // A year: its yearly period, not the month without a constitution before it.
        assert_eq!(counts_in(&all, named("2025"), on), Some(1));
        // A month: the period holding it, whatever its date.
        assert_eq!(counts_in(&all, named("2025-03"), on), Some(0));
        assert_eq!(counts_in(&all, named("2026-02"), on), Some(2));
        // A period the audit does not hold, or none: the period of its date.
        assert_eq!(counts_in(&all, named("2024"), on), Some(1));
        assert_eq!(counts_in(&all, named("2027-01"), on), Some(1));
        assert_eq!(counts_in(&all, None, date("2025-03-20")), Some(0));
        // A date outside every period: none.
        assert_eq!(counts_in(&all, None, date("2027-01-01")), None);
        // A year without a yearly period: its first period a rule governs.
        let monthly = [version(
            1,
            "2026-02-01",
            vec![fixed("30", Cadence::Monthly)],
        )];
        let months = periods(&monthly, "2026-01-01", "2026-04-30");
        assert_eq!(
            counts_in(&months, named("2026"), date("2026-04-02")),
            Some(1)
        );
    }

    #[test]
    fn an_open_period_carries_only_an_advance_and_periods_before_the_start_are_carried_in() {
        // Given 40 monthly from January, to 15 March (March open), shown from February
        let versions = [version(
            1,
            "2026-01-01",
            vec![fixed("40", Cadence::Monthly)],
        )];
        let all = periods(&versions, "2026-01-01", "2026-03-15");
        let pay = |period: usize, amount: &str, fixed: bool| PaymentIn {
            period,
            amount: d(amount),
            fixed,
        };
        // When January is paid 40, February 10 conscious (settles nothing), March 50
        let payments = [pay(0, "40", true), pay(1, "10", false), pay(2, "50", true)];
        let schedule = schedule(all, &payments, month("2026-02"));
        // Then January is carried in (settled), February owes 40, March is open and its 10 of
        // advance shows at once: −40 + 10 = −30, nothing outstanding.
        assert_eq!((schedule.carried_in, schedule.hidden), (d("0"), 1));
        let rows: Vec<_> = schedule
            .periods
            .iter()
            .map(|p| (p.paid, p.counted, p.carried, p.outstanding))
            .collect();
        assert_eq!(
            rows,
            vec![
                (d("10"), d("0"), d("-40"), d("0")),
                (d("50"), d("50"), d("-30"), d("0")),
            ]
        );
        assert_eq!(schedule.due_before, d("40"));
    }

    #[test]
    fn a_commitments_periods_are_its_months_years_or_whole_run() {
        let ten = Amount::new(d("10")).unwrap();
        let run = |cadence, from: &str, until: Option<&str>, as_of: &str| {
            let stops = until.map(date).filter(|u| *u <= date(as_of));
            commitment_periods(
                ten,
                cadence,
                Span {
                    first_day: date(from),
                    last_day: stops.unwrap_or_else(|| date(as_of)),
                    stops: stops.is_some(),
                    over_through: date(as_of),
                },
            )
            .unwrap()
        };
        let open = |periods: &[PeriodDue]| periods.iter().filter(|p| p.open).count();
        // Monthly from 15 January, as of 1 March: January and February over, March open.
        let monthly = run(Cadence::Monthly, "2026-01-15", None, "2026-03-01");
        assert_eq!((monthly.len(), open(&monthly)), (3, 1));
        assert_eq!(monthly[0].first_day, date("2026-01-15"));
        // Ended on 10 February, as of June: January, and February up to the 10th, both over.
        let ended = run(
            Cadence::Monthly,
            "2026-01-15",
            Some("2026-02-10"),
            "2026-06-01",
        );
        assert_eq!((ended.len(), open(&ended)), (2, 0));
        assert_eq!(ended[1].last_day, date("2026-02-10"));
        // Yearly from 15 March 2025, as of 14 March 2026: 2025 over, 2026 open.
        let yearly = run(Cadence::Yearly, "2025-03-15", None, "2026-03-14");
        assert_eq!((yearly.len(), open(&yearly)), (2, 1));
        assert_eq!(yearly[0].last_day, date("2025-12-31"));
        // One-off: one period however long it runs, due by the end of its first month.
        let once = run(Cadence::OneOff, "2024-01-10", None, "2026-01-01");
        assert_eq!(
            (once.len(), once[0].due, once[0].due_by),
            (1, d("10"), Some(date("2024-01-31")))
        );
        // Not started yet: no period.
        assert!(run(Cadence::Monthly, "2026-01-15", None, "2026-01-14").is_empty());
    }

    #[test]
    fn a_day_is_over_once_it_is_past_and_within_the_report() {
        // A report ending before today: its end is over.
        assert_eq!(
            over_through(date("2026-11-30"), date("2026-12-01")),
            date("2026-11-30")
        );
        // Ending today or later: today is not over, yesterday is.
        assert_eq!(
            over_through(date("2026-12-01"), date("2026-12-01")),
            date("2026-11-30")
        );
        assert_eq!(
            over_through(date("2026-12-31"), date("2026-12-01")),
            date("2026-11-30")
        );
    }

    #[test]
    fn a_schedule_longer_than_two_centuries_is_refused() {
        let too_long =
            constitution_periods(&[], &CurrencyCode::euro(), span("1800-01-01", "2026-01-31"));
        assert_eq!(too_long, Err(TooManyMonths { months: 2713 }));
    }
}
