//! `commitments [GARDEN]`: per member and commitment, what was committed and how often, what
//! is due to date, what was paid, and the arrears or advance.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use jardins_ledger::state::{counted_toward, days_paid_for};
use jardins_ledger::{
    Account, Cadence, CommitmentId, CommitmentState, Currency, CurrencyCode, EventKind, FlowKind,
    GardenId, Month, PaysFor, PersonId,
};
use jardins_store::{Ledger, PostingRow};
use jardins_text::Text;
use rust_decimal::Decimal;
use serde_json::{json, Value};

use crate::dues::{self, PaymentIn, Span};
use crate::output::{self, amount, amount_in, arg, cadence_in, money_in, say, standing_text_in};
use crate::{
    currencies, currency_of, currency_order, garden_state, inconsistent, Format, ReportError,
};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CommitmentRow {
    pub commitment: CommitmentId,
    pub garden: GardenId,
    /// The commitment is to an organisation garden: only its members may see it.
    pub members_only: bool,
    pub person: PersonId,
    pub person_name: String,
    pub amount: Decimal,
    pub currency: Currency,
    pub cadence: Cadence,
    pub from: NaiveDate,
    pub until: Option<NaiveDate>,
    /// Its periods that are over on the day judged (`dues::commitment_periods`).
    pub periods_due: u32,
    /// What those periods ask.
    pub due: Decimal,
    /// Its periods not over yet (the one running, usually).
    pub periods_open: u32,
    /// What open periods ask and is not paid yet: not arrears until their last day.
    pub outstanding: Decimal,
    /// Paid toward it by the report's date, reversed payments taken off.
    pub paid: Decimal,
    /// The standing: negative is arrears, positive advance (the audit's rule 8).
    pub standing: Decimal,
}

impl CommitmentRow {
    /// The standing: negative is arrears, positive advance.
    pub fn difference(&self) -> Decimal {
        self.standing
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CommitmentTotal {
    pub currency: Currency,
    pub due: Decimal,
    pub outstanding: Decimal,
    pub paid: Decimal,
    pub standing: Decimal,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CommitmentsReport {
    pub garden: Option<GardenId>,
    pub member: Option<PersonId>,
    pub as_of: NaiveDate,
    /// The day periods are judged on: `as_of`, or today when `as_of` is after it.
    pub judged_on: NaiveDate,
    /// By garden, member and commitment.
    pub rows: Vec<CommitmentRow>,
    pub totals: Vec<CommitmentTotal>,
}

impl CommitmentsReport {
    pub fn row(&self, commitment: &str) -> Option<&CommitmentRow> {
        self.rows
            .iter()
            .find(|r| r.commitment.as_str() == commitment)
    }
}

/// Every commitment (to `garden`, or to any garden) made by `as_of`, with its standing then.
pub fn commitments(
    ledger: &Ledger,
    garden: Option<&GardenId>,
    as_of: NaiveDate,
) -> Result<CommitmentsReport, ReportError> {
    // As of the end of `as_of`: every day through it is over.
    commitments_on(
        ledger,
        garden,
        None,
        as_of,
        as_of.succ_opt().unwrap_or(as_of),
    )
}

/// `commitments`, narrowed to `member`'s when given, typed on `today`: when `as_of` is after
/// it, periods are judged as of today (a period not over today is open).
///
/// A member's payment to a garden counts toward the commitment it names; a payment that names
/// none counts toward that member's commitment to that garden in that currency that runs in
/// the period it pays for (or the month of its date); when several do, the one whose amount it
/// is, else the one starting first (`jardins_ledger::state::counted_toward`, the rule `decide`
/// judges it by). Within a commitment, it counts in the period it names (`--period`, with or
/// without `--commitment`) as the audit's rule 6 says, else in the period of its date.
pub fn commitments_on(
    ledger: &Ledger,
    garden: Option<&GardenId>,
    member: Option<&PersonId>,
    as_of: NaiveDate,
    today: NaiveDate,
) -> Result<CommitmentsReport, ReportError> {
    if let Some(id) = garden {
        garden_state(ledger, id)?;
    }
    let judged_on = as_of.min(today);
    let declared = currencies(ledger)?;
    let people: BTreeMap<PersonId, String> = ledger
        .people()?
        .into_iter()
        .map(|(id, p)| (id, p.name.to_string()))
        .collect();
    if let Some(person) = member {
        if !people.contains_key(person) {
            return Err(ReportError::NoSuchPerson {
                person: person.to_string(),
            });
        }
    }
    let gardens: BTreeMap<GardenId, bool> = ledger
        .gardens()?
        .into_iter()
        .map(|(id, g)| (id, g.kind.members_only()))
        .collect();
    // The commitments made by `as_of`, by member, garden and currency, the first starting first.
    type Key = (PersonId, GardenId, CurrencyCode);
    let mut groups: BTreeMap<Key, Vec<(CommitmentId, CommitmentState)>> = BTreeMap::new();
    for (id, state) in ledger.commitments()? {
        if garden.is_some_and(|g| *g != state.garden) || member.is_some_and(|m| *m != state.person)
        {
            continue;
        }
        let made = ledger.record(state.made_by)?.ok_or_else(|| {
            inconsistent(format!(
                "commitment {id} was made by entry {}, which is not in the log",
                state.made_by
            ))
        })?;
        if made.event.on > as_of {
            continue;
        }
        groups
            .entry((
                state.person.clone(),
                state.garden.clone(),
                state.currency.clone(),
            ))
            .or_default()
            .push((id, state));
    }
    let mut rows = Vec::new();
    for ((person, garden_id, code), mut held) in groups {
        held.sort_by(|a, b| (a.1.from, &a.0).cmp(&(b.1.from, &b.0)));
        let currency = currency_of(&declared, &code)?;
        let mut periods = Vec::with_capacity(held.len());
        for (id, state) in &held {
            let stops = state.until.filter(|until| *until <= as_of);
            let span = Span {
                first_day: state.from,
                last_day: stops.unwrap_or(as_of),
                stops: stops.is_some(),
                over_through: dues::over_through(as_of, today),
            };
            periods.push(
                dues::commitment_periods(state.amount, state.cadence, span).map_err(|refused| {
                    ReportError::RangeTooLong {
                        months: refused.months,
                        max: dues::MAX_MONTHS,
                        hint: crate::RangeHint::CommitmentStarts {
                            commitment: id.clone(),
                            from: state.from,
                        },
                    }
                })?,
            );
        }
        let mut payments: Vec<Vec<PaymentIn>> = vec![Vec::new(); held.len()];
        let account = Account::Member(person.clone());
        let to_garden = Account::Garden(garden_id.clone());
        for row in ledger.postings(&account, FlowKind::ContributionToGarden, &code, None, as_of)? {
            if row.counterparty.as_ref() != Some(&to_garden) {
                continue;
            }
            // What it pays for and the date that places it (a reversal's are those of the
            // payment it undoes): a payment naming its commitment may name a period too.
            let (pays_for, on) = payment_of(ledger, &row)?;
            let named = pays_for.period();
            let which = match pays_for.commitment().or(row.toward.as_ref()) {
                Some(id) => held.iter().position(|(held_id, _)| held_id == id),
                None => {
                    // The rule `decide` judged it by: the member's commitments that run in the
                    // days it pays for, then `counted_toward` (by its amount).
                    let (first, last) = days_paid_for(&pays_for, on);
                    let running: Vec<usize> = (0..held.len())
                        .filter(|&i| held[i].1.runs_within(first, last))
                        .collect();
                    let states: Vec<&CommitmentState> =
                        running.iter().map(|&i| &held[i].1).collect();
                    counted_toward(&states, row.amount.abs()).map(|k| running[k])
                }
            };
            let Some(which) = which else { continue };
            let own = &periods[which];
            if own.is_empty() {
                continue;
            }
            // Within its commitment: rule 6, or the nearest period for a payment dated outside it.
            let period = dues::counts_in(own, named, on).unwrap_or_else(|| {
                if Month::of(on) < own[0].first {
                    0
                } else {
                    own.len() - 1
                }
            });
            // The member's posting is negative for a payment, positive for its reversal. What a
            // member pays toward a commitment counts whatever its mode: the amount committed is
            // a minimum, which a conscious payment can meet.
            payments[which].push(PaymentIn {
                period,
                amount: -row.amount,
                fixed: true,
            });
        }
        for (((id, state), own), paid_toward) in held.into_iter().zip(periods).zip(payments) {
            let paid: Decimal = paid_toward.iter().map(|p| p.amount).sum();
            let first = own
                .first()
                .map_or_else(|| Month::of(state.from), |p| p.first);
            let schedule = dues::schedule(own, &paid_toward, first);
            let over = || schedule.periods.iter().filter(|p| !p.open);
            rows.push(CommitmentRow {
                commitment: id,
                members_only: gardens.get(&state.garden).copied().unwrap_or(false),
                garden: state.garden,
                person_name: people.get(&state.person).cloned().unwrap_or_default(),
                person: state.person,
                amount: state.amount.value(),
                currency: currency.clone(),
                cadence: state.cadence,
                from: state.from,
                until: state.until,
                periods_due: u32::try_from(over().count()).unwrap_or(u32::MAX),
                due: over().map(|p| p.due).sum(),
                periods_open: u32::try_from(schedule.periods.iter().filter(|p| p.open).count())
                    .unwrap_or(u32::MAX),
                outstanding: schedule.outstanding,
                paid,
                standing: schedule.carried_out(),
            });
        }
    }
    rows.sort_by(|a, b| {
        (&a.garden, &a.person, &a.commitment).cmp(&(&b.garden, &b.person, &b.commitment))
    });
    let mut by_currency: BTreeMap<CurrencyCode, CommitmentTotal> = BTreeMap::new();
    for row in &rows {
        let total = by_currency
            .entry(row.currency.code.clone())
            .or_insert_with(|| CommitmentTotal {
                currency: row.currency.clone(),
                due: Decimal::ZERO,
                outstanding: Decimal::ZERO,
                paid: Decimal::ZERO,
                standing: Decimal::ZERO,
            });
        total.due += row.due;
        total.outstanding += row.outstanding;
        total.paid += row.paid;
        total.standing += row.standing;
    }
    let mut totals: Vec<CommitmentTotal> = by_currency.into_values().collect();
    totals.sort_by(|a, b| currency_order(&a.currency.code, &b.currency.code));
    Ok(CommitmentsReport {
        garden: garden.cloned(),
        member: member.cloned(),
        as_of,
        judged_on,
        rows,
        totals,
    })
}

/// What a member's payment (or its reversal) pays for, and the date that places it: a reversal
/// is placed as the payment it undoes.
fn payment_of(ledger: &Ledger, row: &PostingRow) -> Result<(PaysFor, NaiveDate), ReportError> {
    let read = |sequence: u64| {
        ledger.record(sequence)?.ok_or_else(|| {
            inconsistent(format!(
                "a posting names entry {sequence}, which is not in the log"
            ))
        })
    };
    let mut record = read(row.sequence)?;
    if let EventKind::EntryReversed { entry, .. } = &record.event.kind {
        record = read(*entry)?;
    }
    match record.event.kind {
        EventKind::ContributionPaid { pays_for, .. } => Ok((pays_for, record.event.on)),
        other => Err(inconsistent(format!(
            "entry {} is a {}, not a member's contribution",
            record.sequence,
            other.name()
        ))),
    }
}

impl CommitmentsReport {
    /// The report in English (tables) or as JSON or CSV, which never change with the language.
    pub fn render(&self, format: Format) -> String {
        self.render_in(format, output::english())
    }

    /// The report with its tables in `t`'s language; JSON and CSV are the same in every one.
    pub fn render_in(&self, format: Format, t: Text) -> String {
        match format {
            Format::Table => self.table(t),
            Format::Json => output::json(&self.json()),
            Format::Csv => self.csv(),
        }
    }

    fn table(&self, t: Text) -> String {
        let as_of = ("date", arg(t.date(self.as_of)));
        let garden = |g: &GardenId| ("garden", arg(Account::Garden(g.clone())));
        let member = |m: &PersonId| ("member", arg(Account::Member(m.clone())));
        let mut text = match (&self.garden, &self.member) {
            (Some(g), Some(m)) => say(
                t,
                "report-commitments-of-member-to-garden",
                &[member(m), garden(g), as_of],
            ),
            (Some(g), None) => say(t, "report-commitments-to-garden", &[garden(g), as_of]),
            (None, Some(m)) => say(t, "report-commitments-of-member", &[member(m), as_of]),
            (None, None) => say(t, "report-commitments", &[as_of]),
        };
        text.push('\n');
        if self.judged_on < self.as_of {
            text.push_str(&say(
                t,
                "report-commitments-after-today",
                &[
                    ("date", arg(t.date(self.as_of))),
                    ("today", arg(t.date(self.judged_on))),
                ],
            ));
            text.push('\n');
        }
        if self.rows.is_empty() {
            text.push_str(&say(t, "report-commitments-none", &[]));
            text.push('\n');
            return text;
        }
        let row_heads = output::heads(
            t,
            &[
                "report-col-garden",
                "report-col-member",
                "report-col-commitment",
                "report-col-committed",
                "report-col-runs",
                "report-col-due-to-date",
                "report-col-open-not-yet-due",
                "report-col-paid",
                "report-col-standing",
            ],
        );
        let mut table = output::table_aligned(&row_heads, &[3, 5, 6, 7, 8]);
        for r in &self.rows {
            let c = &r.currency;
            let account = Account::Garden(r.garden.clone());
            let garden = if r.members_only {
                say(
                    t,
                    "report-members-only-account",
                    &[("account", arg(&account))],
                )
            } else {
                account.to_string()
            };
            let runs = match r.until {
                Some(until) => say(
                    t,
                    "report-commitment-runs-to",
                    &[("from", arg(t.date(r.from))), ("until", arg(t.date(until)))],
                ),
                None => say(
                    t,
                    "report-commitment-runs-from",
                    &[("from", arg(t.date(r.from)))],
                ),
            };
            table.add_row(vec![
                garden,
                format!("{} ({})", r.person, r.person_name),
                r.commitment.to_string(),
                format!("{} {}", money_in(t, c, r.amount), cadence_in(t, r.cadence)),
                runs,
                format!("{} ({}×)", amount_in(t, c, r.due), r.periods_due),
                amount_in(t, c, r.outstanding),
                amount_in(t, c, r.paid),
                standing_text_in(t, c, r.difference()),
            ]);
        }
        table.write_into(&mut text);
        text.push('\n');
        text.push_str(&output::wrap(
            &say(t, "report-commitments-legend", &[]),
            output::TEXT_WIDTH,
        ));
        let total_heads = output::heads(
            t,
            &[
                "report-col-currency",
                "report-col-due-to-date",
                "report-col-open-not-yet-due",
                "report-col-paid",
                "report-col-standing",
            ],
        );
        let mut totals = output::table(&total_heads, 1);
        for total in &self.totals {
            totals.add_row(vec![
                total.currency.code.to_string(),
                amount_in(t, &total.currency, total.due),
                amount_in(t, &total.currency, total.outstanding),
                amount_in(t, &total.currency, total.paid),
                standing_text_in(t, &total.currency, total.standing),
            ]);
        }
        text.push_str(&say(t, "report-totals-per-currency", &[]));
        text.push('\n');
        totals.write_into(&mut text);
        text.push('\n');
        text
    }

    fn json(&self) -> Value {
        let rows: Vec<Value> = self
            .rows
            .iter()
            .map(|r| {
                let c = &r.currency;
                json!({
                    "commitment": r.commitment.as_str(),
                    "garden": r.garden.as_str(),
                    "members_only": r.members_only,
                    "member": r.person.as_str(),
                    "name": r.person_name,
                    "currency": c.code.as_str(),
                    "amount": amount(c, r.amount),
                    "cadence": r.cadence.as_str(),
                    "from": r.from.to_string(),
                    "until": r.until.map(|d| d.to_string()),
                    "periods_due": r.periods_due,
                    "due": amount(c, r.due),
                    "periods_open": r.periods_open,
                    "outstanding": amount(c, r.outstanding),
                    "paid": amount(c, r.paid),
                    "difference": amount(c, r.difference()),
                    "standing": output::standing(r.difference()),
                })
            })
            .collect();
        let totals: Vec<Value> = self
            .totals
            .iter()
            .map(|t| {
                json!({
                    "currency": t.currency.code.as_str(),
                    "due": amount(&t.currency, t.due),
                    "outstanding": amount(&t.currency, t.outstanding),
                    "paid": amount(&t.currency, t.paid),
                    "difference": amount(&t.currency, t.standing),
                })
            })
            .collect();
        json!({
            "report": "commitments",
            "garden": self.garden.as_ref().map(|g| g.as_str()),
            "member": self.member.as_ref().map(|m| m.as_str()),
            "as_of": self.as_of.to_string(),
            "judged_on": self.judged_on.to_string(),
            "commitments": rows,
            "totals": totals,
        })
    }

    fn csv(&self) -> String {
        let header = [
            "commitment",
            "garden",
            "members_only",
            "member",
            "name",
            "currency",
            "amount",
            "cadence",
            "from",
            "until",
            "periods_due",
            "due",
            "paid",
            "difference",
            "periods_open",
            "outstanding",
        ];
        let rows: Vec<Vec<String>> = self
            .rows
            .iter()
            .map(|r| {
                let c = &r.currency;
                vec![
                    r.commitment.to_string(),
                    r.garden.to_string(),
                    r.members_only.to_string(),
                    r.person.to_string(),
                    r.person_name.clone(),
                    c.code.to_string(),
                    amount(c, r.amount),
                    r.cadence.as_str().to_string(),
                    r.from.to_string(),
                    r.until.map(|d| d.to_string()).unwrap_or_default(),
                    r.periods_due.to_string(),
                    amount(c, r.due),
                    amount(c, r.paid),
                    amount(c, r.difference()),
                    r.periods_open.to_string(),
                    amount(c, r.outstanding),
                ]
            })
            .collect();
        output::csv(&header, &rows)
    }
}
