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

    /// Plain words for tables: "v2: fixed 30.00 monthly".
    pub fn describe(self, format: impl Fn(Decimal) -> String) -> String {
        match self {
            Asked::NoConstitution => "no constitution".to_string(),
            Asked::NoRule { version } => format!("v{version}: no rule in this currency"),
            Asked::Committed { amount, cadence } => {
                format!("committed {} {}", format(amount.value()), cadence.as_str())
            }
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
