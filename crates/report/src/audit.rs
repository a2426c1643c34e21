//! `audit`: the money flows to the big garden, per garden, per period and per currency, against
//! what each garden's constitution in force says is due (see `dues` for the conventions), with
//! every payment traced to its record (sequence, date, amount, mode, hash).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use jardins_ledger::{
    Account, Currency, CurrencyCode, EventKind, FlowKind, GardenId, GardenState, Mode, Month,
    PaysFor, Period,
};
use jardins_store::{Ledger, PostingRow};
use jardins_text::Text;
use rust_decimal::Decimal;
use serde_json::{json, Value as Json};

use crate::dues::{self, PaymentIn, PeriodDue, MAX_MONTHS};
use crate::output::{
    self, amount, amount_in, arg, kind_in, mode_in, money_in, say, standing_text_in,
};
use crate::{
    check_range, currencies, currency_of, currency_order, garden_state, hex_hash, inconsistent,
    Format, ReportError, FULL_VERIFY_MAX_EVENTS,
};
use jardins_ledger::Value;

/// One payment to the big garden, or the correction of one, as its record shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PaymentLine {
    pub sequence: u64,
    pub on: NaiveDate,
    /// Who paid: `garden:ID` or `member:ID`.
    pub payer: Account,
    /// What the big garden received: negative for a correction (a reversed payment).
    pub amount: Decimal,
    pub mode: Mode,
    pub pays_for: PaysFor,
    /// The record's hash, lowercase hex.
    pub hash: String,
    /// For a correction: the entry it reverses.
    pub correction_of: Option<u64>,
    /// For a payment: the correction that reversed it, if dated within the report.
    pub reversed_by: Option<u64>,
    /// Whether it counts toward the dues (a fixed payment in a period of a fixed rule).
    pub counted: bool,
    /// The first month of the period it counts in (`dues::counts_in`).
    pub counts_in: Month,
    /// The label of the period it counts in (`2026-03`, `2026`, `2026-03..2026-12`).
    pub counts_in_period: String,
    /// The date that places it when it names no period: its own, or for a correction the date
    /// of the payment it undoes (a correction counts where that payment counts).
    pub payment_on: NaiveDate,
    /// Whether a constitution's rule called for a payment in this period and currency.
    pub called_for: bool,
    /// Paid after the period it says it pays for.
    pub late: bool,
    /// The payment's note, or the correction's reason.
    pub note: String,
}

/// One period of one garden's audit in one currency.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditPeriod {
    /// `2026-03`, `2026`, or `2026-03..2026-12`.
    pub label: String,
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
    /// Due, suggested, paid, counted and carried; whether it is open, and what it still asks.
    pub figures: PeriodDue,
    pub payments: Vec<PaymentLine>,
}

/// One garden's audit in one currency.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GardenCurrencyAudit {
    pub currency: Currency,
    /// `counted − due` carried from before the report's start (negative is arrears).
    pub carried_in: Decimal,
    /// Payments dated within the report that count for a period before it (they are part of
    /// `carried_in`), such as arrears paid late.
    pub carried_in_payments: Vec<PaymentLine>,
    pub periods: Vec<AuditPeriod>,
    pub due: Decimal,
    /// The part of `due` asked by periods that are over (not open).
    pub due_over: Decimal,
    /// What the periods carried in asked (part of `carried_in`).
    pub due_before: Decimal,
    pub suggested: Decimal,
    pub paid: Decimal,
    pub counted: Decimal,
    /// Paid in periods that no rule governs.
    pub not_called_for: Decimal,
    /// `counted − due` at the end (negative is arrears, positive advance), what open periods
    /// still ask left out.
    pub carried_out: Decimal,
    /// What open periods (not over on the report's end date) ask and is not paid yet.
    pub outstanding: Decimal,
    /// Payments dated within the report's days, whatever period they count for: what the big
    /// garden received from this garden over those days.
    pub paid_in_dates: Decimal,
}

impl GardenCurrencyAudit {
    /// Something was due over the report's finished periods and nothing was paid.
    pub fn paid_nothing_although_due(&self) -> bool {
        self.due_over > Decimal::ZERO && self.paid.is_zero()
    }

    /// Every payment shown: those carried in, then those of each period.
    pub fn payments(&self) -> impl Iterator<Item = &PaymentLine> {
        self.carried_in_payments
            .iter()
            .chain(self.periods.iter().flat_map(|p| p.payments.iter()))
    }

    /// The standing carried at the end of each period, as the tables say it: "settled" only
    /// once a fixed amount was asked; before, a zero standing is "nothing due".
    pub fn carried_texts_in(&self, t: Text) -> Vec<String> {
        let mut asked_fixed = !self.due_before.is_zero() || !self.carried_in.is_zero();
        self.periods
            .iter()
            .map(|period| {
                let f = &period.figures;
                asked_fixed |= !f.due.is_zero();
                if asked_fixed || !f.carried.is_zero() {
                    standing_text_in(t, &self.currency, f.carried)
                } else {
                    say(t, "report-audit-nothing-due", &[])
                }
            })
            .collect()
    }

    /// Whether a period of this audit is open on the report's end date.
    pub fn has_open_period(&self) -> bool {
        self.periods.iter().any(|p| p.figures.open)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GardenAudit {
    pub id: GardenId,
    pub name: String,
    pub kind: String,
    /// Its kind, for tables to say in their language (`kind` is the English label).
    pub garden_kind: jardins_ledger::GardenKind,
    pub members_only: bool,
    pub opened_on: NaiveDate,
    pub closed_on: Option<NaiveDate>,
    pub currencies: Vec<GardenCurrencyAudit>,
}

impl GardenAudit {
    pub fn currency(&self, code: &str) -> Option<&GardenCurrencyAudit> {
        self.currencies
            .iter()
            .find(|c| c.currency.code.as_str() == code)
    }
}

/// Members' contributions paid straight to the big garden: no constitution calls for them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemberPayments {
    pub currency: Currency,
    pub paid: Decimal,
    pub payments: Vec<PaymentLine>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditTotal {
    pub currency: Currency,
    pub due: Decimal,
    pub suggested: Decimal,
    /// Paid by the gardens audited, for the periods shown.
    pub paid: Decimal,
    /// The part of `paid` that settles fixed dues.
    pub counted: Decimal,
    pub not_called_for: Decimal,
    pub carried_out: Decimal,
    /// What open periods still ask (not arrears yet).
    pub outstanding: Decimal,
    /// Paid by the gardens audited on the report's days, whatever period it counts for.
    pub paid_in_dates: Decimal,
    /// Paid by members straight to the big garden (not when the audit is narrowed to a garden).
    pub from_members: Decimal,
}

/// What the audit checked of the hash chain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChainStatement {
    pub events: u64,
    /// The head record's hash, lowercase hex.
    pub head_hash: String,
    /// How much of the chain this audit checked.
    pub checked: Checked,
    /// Where a check of the links started: after the entry `verify` last found sound (its
    /// sequence, and when), or from entry 1.
    pub from_checkpoint: Option<(u64, String)>,
    /// Whether the whole chain (and the projections) were verified by `Ledger::verify`.
    pub verified_in_full: bool,
    /// Records read back for this report (the payments shown and the head).
    pub records_read: u64,
}

/// How much of the chain an audit checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Checked {
    /// Every record's hash and link, and every projection rebuilt from the log.
    Full,
    /// Every record's hash and link, from entry 1 to the head.
    Links,
    /// The records behind the figures and the head record.
    RecordsShown,
}

impl Checked {
    pub fn as_str(self) -> &'static str {
        match self {
            Checked::Full => "full",
            Checked::Links => "links",
            Checked::RecordsShown => "records-shown",
        }
    }
}

impl ChainStatement {
    /// What the audit checked of the chain, in English (the JSON's `statement`).
    pub fn sentence(&self) -> String {
        self.sentence_in(output::english())
    }

    /// What the audit checked of the chain, in `t`'s language.
    pub fn sentence_in(&self, t: Text) -> String {
        let events = ("events", Value::Count(self.events));
        let head = ("head", arg(&self.head_hash));
        match self.checked {
            Checked::Full => say(t, "report-chain-full", &[events, head]),
            Checked::Links => match &self.from_checkpoint {
                None => say(t, "report-chain-links", &[events, head]),
                Some((sequence, when)) => say(
                    t,
                    "report-chain-since-verify",
                    &[
                        events,
                        ("sequence", Value::Count(*sequence)),
                        ("when", arg(when)),
                        head,
                    ],
                ),
            },
            Checked::RecordsShown => say(
                t,
                "report-chain-records-shown",
                &[events, ("read", Value::Count(self.records_read)), head],
            ),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditReport {
    /// The garden the audit is narrowed to, if any.
    pub garden: Option<GardenId>,
    /// The first day of the month of the `from` asked for (audits count whole months).
    pub from: Option<NaiveDate>,
    pub to: NaiveDate,
    /// The day periods are judged on: `to`, or today when `to` is after it.
    pub judged_on: NaiveDate,
    /// The last day that is over: `to` when it is before today, else yesterday.
    pub over_through: NaiveDate,
    pub gardens: Vec<GardenAudit>,
    pub members: Vec<MemberPayments>,
    pub totals: Vec<AuditTotal>,
    pub chain: ChainStatement,
}

impl AuditReport {
    pub fn garden(&self, id: &str) -> Option<&GardenAudit> {
        self.gardens.iter().find(|g| g.id.as_str() == id)
    }

    pub fn total(&self, code: &str) -> Option<&AuditTotal> {
        self.totals
            .iter()
            .find(|t| t.currency.code.as_str() == code)
    }
}

/// Most records an audit reads ahead (`Records::read_ahead`): what it keeps in memory at once.
const MAX_RECORDS_AHEAD: usize = 100_000;

/// Reads the records behind posting rows; counts them for the chain statement.
struct Records<'l> {
    ledger: &'l Ledger,
    read: u64,
    /// The sequences of the records read ahead, sorted: searched apart from the records, so
    /// that a search reads a few kilobytes rather than a record at every step.
    ahead_sequences: Vec<u64>,
    /// The records read ahead, in the order of `ahead_sequences`, each taken by the line that
    /// asks for it.
    ahead: Vec<Option<jardins_store::Record>>,
}

impl<'l> Records<'l> {
    fn new(ledger: &'l Ledger) -> Self {
        Records {
            ledger,
            read: 0,
            ahead_sequences: Vec::new(),
            ahead: Vec::new(),
        }
    }

    /// Reads the records of `sequences` (at most `MAX_RECORDS_AHEAD`) in the log's order, as
    /// their pages follow one another, rather than in the order of the report's lines, which
    /// goes from garden to garden across the whole log.
    fn read_ahead(&mut self, mut sequences: Vec<u64>) -> Result<(), ReportError> {
        sequences.sort_unstable();
        sequences.dedup();
        sequences.truncate(MAX_RECORDS_AHEAD);
        self.ahead_sequences.reserve(sequences.len());
        self.ahead.reserve(sequences.len());
        for sequence in sequences {
            if let Some(record) = self.ledger.record(sequence)? {
                self.ahead_sequences.push(sequence);
                self.ahead.push(Some(record));
            }
        }
        Ok(())
    }

    fn record(&mut self, sequence: u64) -> Result<jardins_store::Record, ReportError> {
        self.read += 1;
        let ahead = self
            .ahead_sequences
            .binary_search(&sequence)
            .ok()
            .and_then(|at| self.ahead.get_mut(at).and_then(Option::take));
        let read = match ahead {
            Some(record) => Some(record),
            None => self.ledger.record(sequence)?,
        };
        let record = read.ok_or_else(|| {
            inconsistent(format!(
                "a posting names entry {sequence}, which is not in the log"
            ))
        })?;
        if record.sequence != sequence {
            return Err(inconsistent(format!(
                "entry {sequence} was read back as entry {}",
                record.sequence
            )));
        }
        Ok(record)
    }

    /// The payment line behind one posting of a payment to the big garden. `received` is what
    /// the big garden received by this posting (negative for a correction).
    fn line(
        &mut self,
        row: &PostingRow,
        received: Decimal,
        to: NaiveDate,
    ) -> Result<PaymentLine, ReportError> {
        let record = self.record(row.sequence)?;
        let hash = hex_hash(&record.hash);
        let (original, correction_of, note) = match &record.event.kind {
            EventKind::ContributionPaid { .. } if !row.correction => {
                let note = match &record.event.kind {
                    EventKind::ContributionPaid { note, .. } => note.to_string(),
                    _ => String::new(),
                };
                (record, None, note)
            }
            EventKind::EntryReversed { entry, reason, .. } if row.correction => {
                let entry = *entry;
                let reason = reason.to_string();
                (self.record(entry)?, Some(entry), reason)
            }
            other => {
                return Err(inconsistent(format!(
                    "entry {} is a {}, not a payment to the big garden",
                    row.sequence,
                    other.name()
                )))
            }
        };
        let EventKind::ContributionPaid {
            from,
            to: payee,
            amount,
            mode,
            pays_for,
            ..
        } = &original.event.kind
        else {
            return Err(inconsistent(format!(
                "entry {} reverses entry {}, which is not a contribution",
                row.sequence, original.sequence
            )));
        };
        let expected = if correction_of.is_some() {
            -amount.value()
        } else {
            amount.value()
        };
        if *payee != Account::BigGarden || expected != received {
            return Err(inconsistent(format!(
                "entry {} moved {received} to the big garden, its record says {expected} to {payee}",
                row.sequence
            )));
        }
        let reversed_by = match correction_of {
            Some(_) => None,
            None => match self.ledger.reversed_by(row.sequence)? {
                Some(by) if self.record(by)?.event.on <= to => Some(by),
                _ => None,
            },
        };
        let late = correction_of.is_none()
            && match pays_for.period() {
                Some(Period::Month(month)) => month < Month::of(row.on),
                Some(Period::Year(year)) => year < chrono::Datelike::year(&row.on),
                None => false,
            };
        Ok(PaymentLine {
            sequence: row.sequence,
            on: row.on,
            payer: from.clone(),
            amount: received,
            mode: *mode,
            pays_for: pays_for.clone(),
            hash,
            correction_of,
            reversed_by,
            counted: false,
            counts_in: Month::of(row.on),
            counts_in_period: Month::of(row.on).to_string(),
            payment_on: original.event.on,
            called_for: false,
            late,
            note,
        })
    }
}

/// How much of the hash chain an audit checks before it states what it checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChainCheck {
    /// `Full` on a ledger of at most `FULL_VERIFY_MAX_EVENTS` events; above, the links from
    /// the entry `verify` last found sound (or from entry 1 when it never ran) to the head: a
    /// full check decodes and re-projects every event, several times the cost of the links.
    Auto,
    /// The whole chain and every projection (`Ledger::verify`), however long it takes.
    Full,
    /// Every record's hash and link from entry 1 (`Ledger::verify_chain`), events not decoded.
    Links,
    /// The links after the entry `verify` last found sound (`Ledger::checkpoint`), whose
    /// record must still hash as it did; from entry 1 if `verify` never ran.
    SinceVerify,
    /// The records behind the figures and the head record, each hash recomputed on reading.
    RecordsShown,
}

/// The audit of flows to the big garden from `garden` (or every garden) over `from` (taken from
/// the first day of its month) to `to`; the chain is checked as `ChainCheck::Auto` says.
pub fn audit(
    ledger: &Ledger,
    garden: Option<&GardenId>,
    from: Option<NaiveDate>,
    to: NaiveDate,
) -> Result<AuditReport, ReportError> {
    audit_with(ledger, garden, from, to, ChainCheck::Auto)
}

/// `audit`, checking the chain as `check` says; periods are judged as of `to`.
pub fn audit_with(
    ledger: &Ledger,
    garden: Option<&GardenId>,
    from: Option<NaiveDate>,
    to: NaiveDate,
    check: ChainCheck,
) -> Result<AuditReport, ReportError> {
    // As of the end of `to`: every day through it is over.
    audit_on(ledger, garden, from, to, check, to.succ_opt().unwrap_or(to))
}

/// `audit_with`, typed on `today`: when the audit ends after it, periods are judged as of
/// today (a period not over today is open, whatever `to` says).
pub fn audit_on(
    ledger: &Ledger,
    garden: Option<&GardenId>,
    from: Option<NaiveDate>,
    to: NaiveDate,
    check: ChainCheck,
    today: NaiveDate,
) -> Result<AuditReport, ReportError> {
    check_range(from, to)?;
    let from = from.map(|f| Month::of(f).first_day());
    let declared = currencies(ledger)?;
    let gardens: Vec<(GardenId, GardenState)> = match garden {
        Some(id) => vec![(id.clone(), garden_state(ledger, id)?)],
        None => ledger.gardens()?,
    };
    let head_before = ledger.head();
    let mut records = Records::new(ledger);
    // Every garden's payments, when every garden is audited: read once from the big garden's
    // own postings (one shard) rather than from each garden's, and their records read ahead.
    let mut paid_by = match garden {
        Some(_) => None,
        None => {
            let all = payments_by_garden(ledger, to)?;
            let sequences = all
                .values()
                .flat_map(|by_code| by_code.values())
                .flat_map(|rows| rows.iter().map(|row| row.sequence))
                .collect();
            records.read_ahead(sequences)?;
            Some(all)
        }
    };
    let mut audits = Vec::new();
    for (id, state) in &gardens {
        if state.opened_on > to {
            continue;
        }
        let payments = match &mut paid_by {
            Some(all) => all.remove(id).unwrap_or_default(),
            None => garden_payments(ledger, id, to)?,
        };
        audits.push(audit_garden(
            &mut records,
            &declared,
            id,
            state,
            payments,
            Days { from, to, today },
        )?);
    }
    if let Some((id, _)) = paid_by.and_then(|left| left.into_iter().next()) {
        return Err(inconsistent(format!(
            "the big garden received from garden:{id}, which the ledger does not hold"
        )));
    }
    let mut members = Vec::new();
    if garden.is_none() {
        let mut codes = ledger.currencies_of(&Account::BigGarden)?;
        codes.sort_by(currency_order);
        for code in codes {
            let rows = ledger.postings(
                &Account::BigGarden,
                FlowKind::ContributionFromMember,
                &code,
                from,
                to,
            )?;
            if rows.is_empty() {
                continue;
            }
            let currency = currency_of(&declared, &code)?;
            let mut payments = Vec::with_capacity(rows.len());
            for row in &rows {
                let mut line = records.line(row, row.amount, to)?;
                line.called_for = false;
                payments.push(line);
            }
            let paid = payments.iter().map(|p| p.amount).sum();
            members.push(MemberPayments {
                currency,
                paid,
                payments,
            });
        }
    }
    let totals = totals(&audits, &members);
    if garden.is_none() {
        check_against_big_garden(ledger, &totals, from, to)?;
    }
    let head = ledger.head();
    let checked = match check {
        ChainCheck::Full => Checked::Full,
        ChainCheck::Auto if head.sequence <= FULL_VERIFY_MAX_EVENTS => Checked::Full,
        ChainCheck::Auto | ChainCheck::Links | ChainCheck::SinceVerify => Checked::Links,
        ChainCheck::RecordsShown => Checked::RecordsShown,
    };
    let mut from_checkpoint = None;
    if checked != Checked::RecordsShown {
        let verified = match (checked, check) {
            (Checked::Full, _) => ledger.verify(&mut |_, _| {})?.head,
            (_, ChainCheck::Auto | ChainCheck::SinceVerify) => {
                let checkpoint = ledger.checkpoint()?;
                let report = ledger.verify_chain_from(checkpoint, &mut |_, _| {})?;
                from_checkpoint = report.from.map(|c| {
                    (
                        c.sequence,
                        c.verified_at.format("%Y-%m-%d %H:%M UTC").to_string(),
                    )
                });
                report.head
            }
            _ => ledger.verify_chain(&mut |_, _| {})?.head,
        };
        if verified != head || head.sequence < head_before.sequence {
            return Err(inconsistent(
                "the verified chain ends elsewhere than the one audited",
            ));
        }
    } else if head.sequence > 0 {
        let last = records.record(head.sequence)?;
        if last.hash != head.hash {
            return Err(inconsistent(format!(
                "the head names hash {}, its record hashes to {}",
                hex_hash(&head.hash),
                hex_hash(&last.hash)
            )));
        }
    }
    let chain = ChainStatement {
        events: head.sequence,
        head_hash: hex_hash(&head.hash),
        checked,
        from_checkpoint,
        verified_in_full: checked == Checked::Full,
        records_read: records.read,
    };
    Ok(AuditReport {
        garden: garden.cloned(),
        from,
        to,
        judged_on: to.min(today),
        over_through: dues::over_through(to, today),
        gardens: audits,
        members,
        totals,
        chain,
    })
}

/// A garden's payments to the big garden, per currency, by date: its own postings.
fn garden_payments(
    ledger: &Ledger,
    id: &GardenId,
    to: NaiveDate,
) -> Result<BTreeMap<CurrencyCode, Vec<jardins_store::PostingRow>>, ReportError> {
    let account = Account::Garden(id.clone());
    let mut by_code = BTreeMap::new();
    for code in ledger.currencies_of(&account)? {
        let rows = ledger.postings(&account, FlowKind::ContributionToBigGarden, &code, None, to)?;
        if !rows.is_empty() {
            by_code.insert(code, rows);
        }
    }
    Ok(by_code)
}

/// Every garden's payments to the big garden, per currency, by date, read from the big
/// garden's postings from gardens: each turned into the garden's side of the same entry (the
/// other posting, of the opposite amount).
fn payments_by_garden(
    ledger: &Ledger,
    to: NaiveDate,
) -> Result<BTreeMap<GardenId, BTreeMap<CurrencyCode, Vec<jardins_store::PostingRow>>>, ReportError>
{
    let mut by_garden: BTreeMap<GardenId, BTreeMap<CurrencyCode, Vec<jardins_store::PostingRow>>> =
        BTreeMap::new();
    for code in ledger.currencies_of(&Account::BigGarden)? {
        for (id, rows) in crate::receipts_by_garden(ledger, &code, None, to)? {
            let garden_side = rows
                .into_iter()
                .map(|row| jardins_store::PostingRow {
                    sequence: row.sequence,
                    index: 1 - row.index.min(1),
                    on: row.on,
                    kind: FlowKind::ContributionToBigGarden,
                    amount: -row.amount,
                    correction: row.correction,
                    counterparty: Some(Account::BigGarden),
                    toward: None,
                })
                .collect();
            by_garden
                .entry(id)
                .or_default()
                .insert(code.clone(), garden_side);
        }
    }
    Ok(by_garden)
}

/// The days of an audit: its start (a month's first day), its end, and the day it is typed on.
#[derive(Clone, Copy)]
struct Days {
    from: Option<NaiveDate>,
    to: NaiveDate,
    today: NaiveDate,
}

fn audit_garden(
    records: &mut Records<'_>,
    declared: &BTreeMap<CurrencyCode, Currency>,
    id: &GardenId,
    state: &GardenState,
    mut rows_by_code: BTreeMap<CurrencyCode, Vec<jardins_store::PostingRow>>,
    days: Days,
) -> Result<GardenAudit, ReportError> {
    let Days { from, to, today } = days;
    let closed = state.closed_on.filter(|closed| *closed <= to);
    let span = dues::Span {
        first_day: state.opened_on,
        last_day: closed.unwrap_or(to),
        stops: closed.is_some(),
        over_through: dues::over_through(to, today),
    };
    let start = Month::of(state.opened_on);
    let too_long = |months: u32| ReportError::RangeTooLong {
        months,
        max: MAX_MONTHS,
        hint: crate::RangeHint::GardenOpened {
            garden: id.clone(),
            opened_on: state.opened_on,
        },
    };
    let shown_from = from.map_or(start, Month::of);
    let versions: Vec<_> = state
        .constitutions
        .iter()
        .filter(|c| c.effective <= to)
        .cloned()
        .collect();
    let mut codes: Vec<CurrencyCode> = vec![CurrencyCode::euro()];
    codes.extend(
        versions
            .iter()
            .flat_map(|v| v.model.big_garden.iter().map(|r| r.currency.clone())),
    );
    codes.extend(rows_by_code.keys().cloned());
    codes.sort_by(currency_order);
    codes.dedup();
    let mut result = Vec::with_capacity(codes.len());
    for code in codes {
        let currency = currency_of(declared, &code)?;
        let rows = rows_by_code.remove(&code).unwrap_or_default();
        if rows.windows(2).any(|w| w[0].on > w[1].on) {
            return Err(inconsistent(format!(
                "the payments of garden:{id} in {code} are out of date order"
            )));
        }
        let all_periods = dues::constitution_periods(&versions, &code, span)
            .map_err(|refused| too_long(refused.months))?;
        // (the period it counts in, the line)
        let mut lines: Vec<(usize, PaymentLine)> = Vec::with_capacity(rows.len());
        for row in &rows {
            // The garden's posting is negative for a payment: the big garden received its opposite.
            let mut line = records.line(row, -row.amount, to)?;
            let named = line.pays_for.period();
            let index = dues::counts_in(&all_periods, named, line.payment_on).ok_or_else(|| {
                inconsistent(format!(
                    "entry {} of garden:{id} is dated {}, outside the months from its opening",
                    line.sequence, line.payment_on
                ))
            })?;
            let period = &all_periods[index];
            line.counts_in = period.first;
            line.counts_in_period = label(period);
            line.called_for = period.asked.calls_for_payments();
            line.counted = line.mode == Mode::Fixed && period.asked.is_fixed();
            lines.push((index, line));
        }
        // In the order of the periods they count in, then of their dates (a stable sort).
        lines.sort_by_key(|(index, l)| (*index, l.on));
        let payments: Vec<PaymentIn> = lines
            .iter()
            .map(|(index, l)| PaymentIn {
                period: *index,
                amount: l.amount,
                fixed: l.mode == Mode::Fixed,
            })
            .collect();
        let schedule = dues::schedule(all_periods, &payments, shown_from);
        let within_dates = |l: &PaymentLine| from.is_none_or(|from| from <= l.on);
        let carried_in_payments: Vec<PaymentLine> = lines
            .iter()
            .filter(|(index, l)| *index < schedule.hidden && within_dates(l))
            .map(|(_, l)| l.clone())
            .collect();
        let paid_in_dates: Decimal = lines
            .iter()
            .filter(|(_, l)| within_dates(l))
            .map(|(_, l)| l.amount)
            .sum();
        let mut periods: Vec<AuditPeriod> = schedule
            .periods
            .iter()
            .map(|figures| AuditPeriod {
                label: label(figures),
                first_day: figures.first_day,
                last_day: figures.last_day,
                figures: *figures,
                payments: Vec::new(),
            })
            .collect();
        for (index, line) in lines {
            if let Some(shown) = index.checked_sub(schedule.hidden) {
                periods[shown].payments.push(line);
            }
        }
        for period in &periods {
            let paid: Decimal = period.payments.iter().map(|p| p.amount).sum();
            let counted: Decimal = period
                .payments
                .iter()
                .filter(|p| p.counted)
                .map(|p| p.amount)
                .sum();
            if paid != period.figures.paid || counted != period.figures.counted {
                return Err(inconsistent(format!(
                    "the payments of garden:{id} in {} do not add up",
                    period.label
                )));
            }
        }
        let sum =
            |f: fn(&PeriodDue) -> Decimal| -> Decimal { schedule.periods.iter().map(f).sum() };
        let not_called_for = schedule
            .periods
            .iter()
            .filter(|p| !p.asked.calls_for_payments())
            .map(|p| p.paid)
            .sum();
        result.push(GardenCurrencyAudit {
            currency,
            carried_in: schedule.carried_in,
            carried_in_payments,
            due_before: schedule.due_before,
            due: sum(|p| p.due),
            due_over: sum(|p| if p.open { Decimal::ZERO } else { p.due }),
            suggested: sum(|p| p.suggested.unwrap_or_default()),
            paid: sum(|p| p.paid),
            counted: sum(|p| p.counted),
            not_called_for,
            carried_out: schedule.carried_out(),
            outstanding: schedule.outstanding,
            paid_in_dates,
            periods,
        });
    }
    Ok(GardenAudit {
        id: id.clone(),
        name: state.name.to_string(),
        kind: state.kind.label(),
        garden_kind: state.kind.clone(),
        members_only: state.kind.members_only(),
        opened_on: state.opened_on,
        closed_on: state.closed_on,
        currencies: result,
    })
}

/// `2026-03` for a period within one month, `2026` for a whole calendar year, else
/// `2026-03..2026-12`: the months of its days.
fn label(period: &PeriodDue) -> String {
    let (first, last) = (period.first, Month::of(period.last_day));
    if first == last {
        first.to_string()
    } else if first.year() == last.year() && first.month() == 1 && last.month() == 12 {
        format!("{:04}", first.year())
    } else {
        format!("{first}..{last}")
    }
}

fn totals(gardens: &[GardenAudit], members: &[MemberPayments]) -> Vec<AuditTotal> {
    let mut totals: BTreeMap<CurrencyCode, AuditTotal> = BTreeMap::new();
    let zero = |currency: &Currency| AuditTotal {
        currency: currency.clone(),
        due: Decimal::ZERO,
        suggested: Decimal::ZERO,
        paid: Decimal::ZERO,
        counted: Decimal::ZERO,
        not_called_for: Decimal::ZERO,
        carried_out: Decimal::ZERO,
        outstanding: Decimal::ZERO,
        paid_in_dates: Decimal::ZERO,
        from_members: Decimal::ZERO,
    };
    for audit in gardens.iter().flat_map(|g| g.currencies.iter()) {
        let total = totals
            .entry(audit.currency.code.clone())
            .or_insert_with(|| zero(&audit.currency));
        total.due += audit.due;
        total.suggested += audit.suggested;
        total.paid += audit.paid;
        total.counted += audit.counted;
        total.not_called_for += audit.not_called_for;
        total.carried_out += audit.carried_out;
        total.outstanding += audit.outstanding;
        total.paid_in_dates += audit.paid_in_dates;
    }
    for member in members {
        let total = totals
            .entry(member.currency.code.clone())
            .or_insert_with(|| zero(&member.currency));
        total.from_members += member.paid;
    }
    let mut result: Vec<AuditTotal> = totals.into_values().collect();
    result.sort_by(|a, b| currency_order(&a.currency.code, &b.currency.code));
    result
}

/// Paired check: what the gardens' own postings say they paid the big garden equals what the big
/// garden's postings say it received from gardens, per currency.
fn check_against_big_garden(
    ledger: &Ledger,
    totals: &[AuditTotal],
    from: Option<NaiveDate>,
    to: NaiveDate,
) -> Result<(), ReportError> {
    let mut codes = ledger.currencies_of(&Account::BigGarden)?;
    codes.extend(totals.iter().map(|t| t.currency.code.clone()));
    codes.sort();
    codes.dedup();
    for code in codes {
        let received: Decimal = ledger
            .postings(
                &Account::BigGarden,
                FlowKind::ContributionFromGarden,
                &code,
                from,
                to,
            )?
            .iter()
            .map(|r| r.amount)
            .sum();
        let paid = totals
            .iter()
            .find(|t| t.currency.code == code)
            .map_or(Decimal::ZERO, |t| t.paid_in_dates);
        if received != paid {
            return Err(inconsistent(format!(
                "the gardens paid the big garden {paid} {code} over the audit, but it received {received}"
            )));
        }
    }
    Ok(())
}

/// What a payment says it pays for, in English (JSON and CSV).
fn pays_for_text(pays_for: &PaysFor) -> String {
    pays_for_in(output::english(), pays_for)
}

/// What a payment says it pays for, in `t`'s language.
fn pays_for_in(t: Text, pays_for: &PaysFor) -> String {
    match pays_for {
        PaysFor::Commitment(id) => say(t, "report-pays-for-commitment", &[("commitment", arg(id))]),
        PaysFor::Period(period) => period.to_string(),
        PaysFor::OneOff => say(t, "report-pays-for-one-off", &[]),
        PaysFor::CommitmentPeriod { commitment, period } => say(
            t,
            "report-pays-for-commitment-period",
            &[("commitment", arg(commitment)), ("period", arg(period))],
        ),
    }
}

fn line_note(t: Text, line: &PaymentLine) -> String {
    let mut words = Vec::new();
    if let Some(entry) = line.correction_of {
        words.push(say(
            t,
            "report-note-reverses",
            &[("entry", Value::Count(entry))],
        ));
    }
    if let Some(by) = line.reversed_by {
        words.push(say(
            t,
            "report-note-reversed-by",
            &[("entry", Value::Count(by))],
        ));
    }
    if line.late {
        words.push(say(t, "report-note-late", &[]));
    }
    if !line.called_for {
        words.push(say(t, "report-note-not-called-for", &[]));
    }
    if !line.note.is_empty() {
        words.push(jardins_ledger::ids::excerpt(&line.note));
    }
    words.join("; ")
}

impl AuditReport {
    /// The audit in English (tables) or as JSON or CSV, which never change with the language.
    pub fn render(&self, format: Format) -> String {
        self.render_in(format, output::english())
    }

    /// The audit with its tables in `t`'s language; JSON and CSV are the same in every one.
    pub fn render_in(&self, format: Format, t: Text) -> String {
        match format {
            Format::Table => self.table(t),
            Format::Json => output::json(&self.json()),
            Format::Csv => self.csv(),
        }
    }

    fn span(&self, t: Text) -> String {
        match self.from {
            Some(from) => say(
                t,
                "report-audit-from-to",
                &[("from", arg(t.date(from))), ("to", arg(t.date(self.to)))],
            ),
            None => say(t, "report-audit-up-to", &[("to", arg(t.date(self.to)))]),
        }
    }

    /// Whether some period of the report is open on its end date.
    pub fn has_open_period(&self) -> bool {
        self.gardens
            .iter()
            .flat_map(|g| g.currencies.iter())
            .any(GardenCurrencyAudit::has_open_period)
    }

    /// About how many bytes `table` writes, at most: a line of a payments table is under 400
    /// bytes (its note is an excerpt of 40 characters), a period's under 300.
    fn table_bytes(&self) -> usize {
        const PAYMENT_LINE_BYTES: usize = 400;
        const PERIOD_LINE_BYTES: usize = 300;
        const GARDEN_BYTES: usize = 4_096;
        let lines = |c: &GardenCurrencyAudit| {
            let payments = c.carried_in_payments.len()
                + c.periods.iter().map(|p| p.payments.len()).sum::<usize>();
            payments * PAYMENT_LINE_BYTES + (c.periods.len() + 1) * PERIOD_LINE_BYTES
        };
        self.gardens
            .iter()
            .map(|g| GARDEN_BYTES + g.currencies.iter().map(lines).sum::<usize>())
            .sum::<usize>()
            + GARDEN_BYTES
    }

    fn table(&self, t: Text) -> String {
        let wrap =
            |id: &str, args: &[(&str, Value)]| output::wrap(&say(t, id, args), output::TEXT_WIDTH);
        let mut text = say(t, "report-audit-title", &[("span", arg(self.span(t)))]);
        // The whole text is reserved at once: grown by doubling, it was copied again and again
        // into fresh memory, which on a million events was most of what writing it cost.
        text.reserve(self.table_bytes());
        text.push('\n');
        if self.judged_on < self.to {
            text.push_str(&wrap(
                "report-audit-after-today",
                &[
                    ("to", arg(t.date(self.to))),
                    ("today", arg(t.date(self.judged_on))),
                ],
            ));
        }
        text.push_str(&wrap("report-audit-periods-legend", &[]));
        text.push_str(&wrap("report-audit-columns-legend", &[]));
        if self.has_open_period() {
            text.push_str(&wrap(
                "report-audit-open-legend",
                &[("date", arg(t.date(self.judged_on)))],
            ));
        }
        let period_heads = output::heads(
            t,
            &[
                "report-col-period",
                "report-col-currency",
                "report-col-rule",
                "report-col-due",
                "report-col-suggested",
                "report-col-paid",
                "report-col-difference",
                "report-col-carried",
            ],
        );
        let payment_heads = output::heads(t, &PAYMENT_HEADER);
        for garden in &self.gardens {
            text.push('\n');
            text.push_str(&say(
                t,
                "report-audit-garden",
                &[
                    ("account", arg(Account::Garden(garden.id.clone()))),
                    ("name", arg(&garden.name)),
                    ("kind", arg(kind_in(t, &garden.garden_kind))),
                ],
            ));
            text.push('\n');
            if garden.members_only {
                text.push_str(&say(t, "report-members-only-part", &[]));
                text.push('\n');
            }
            let mut periods = output::table(&period_heads, 3);
            let mut payments = output::table_aligned(&payment_heads, &[0, 2]);
            let mut any_payment = false;
            for audit in &garden.currencies {
                let c = &audit.currency;
                // The rule in force, said once for each rule: every period under it repeats it.
                let mut rules: Vec<(crate::dues::Asked, String)> = Vec::new();
                for line in &audit.carried_in_payments {
                    any_payment = true;
                    payments.add_row(payment_row(
                        t,
                        c,
                        line,
                        &say(
                            t,
                            "report-audit-carried-in-period",
                            &[("period", arg(&line.counts_in_period))],
                        ),
                    ));
                }
                if !audit.carried_in.is_zero() {
                    periods.add_row(vec![
                        say(t, "report-audit-carried-in", &[]),
                        c.code.to_string(),
                        String::new(),
                        String::new(),
                        String::new(),
                        String::new(),
                        String::new(),
                        standing_text_in(t, c, audit.carried_in),
                    ]);
                }
                for (period, carried) in audit.periods.iter().zip(audit.carried_texts_in(t)) {
                    let f = &period.figures;
                    let due_by = f.due_by.map(|d| t.date(d)).unwrap_or_default();
                    let difference = if f.open && !f.outstanding.is_zero() {
                        say(
                            t,
                            "report-audit-open-due-by",
                            &[
                                ("amount", arg(amount_in(t, c, f.outstanding))),
                                ("date", arg(due_by)),
                            ],
                        )
                    } else if f.asked.is_fixed() {
                        amount_in(t, c, f.difference())
                    } else if f.asked.is_conscious() {
                        let paid = ("paid", arg(amount_in(t, c, f.paid)));
                        match f.suggested {
                            Some(s) => say(
                                t,
                                "report-audit-conscious-suggested",
                                &[("suggested", arg(amount_in(t, c, s))), paid],
                            ),
                            None => say(t, "report-audit-conscious", &[paid]),
                        }
                    } else {
                        String::new()
                    };
                    let shown_label = if f.open {
                        say(
                            t,
                            "report-audit-open-period",
                            &[("period", arg(&period.label))],
                        )
                    } else {
                        period.label.clone()
                    };
                    periods.add_row(vec![
                        shown_label,
                        c.code.to_string(),
                        match rules.iter().find(|(asked, _)| *asked == f.asked) {
                            Some((_, said)) => said.clone(),
                            None => {
                                let said = f.asked.describe_in(t, |v| amount_in(t, c, v));
                                rules.push((f.asked, said.clone()));
                                said
                            }
                        },
                        amount_in(t, c, f.due),
                        f.suggested.map(|s| amount_in(t, c, s)).unwrap_or_default(),
                        amount_in(t, c, f.paid),
                        difference,
                        carried,
                    ]);
                    for line in &period.payments {
                        any_payment = true;
                        payments.add_row(payment_row(t, c, line, &period.label));
                    }
                }
            }
            periods.write_into(&mut text);
            text.push('\n');
            if any_payment {
                text.push_str(&wrap("report-audit-payments-legend", &[]));
                payments.write_into(&mut text);
                text.push('\n');
            }
        }
        let unpaid: Vec<String> = self
            .gardens
            .iter()
            .flat_map(|g| {
                g.currencies
                    .iter()
                    .filter(|c| c.paid_nothing_although_due())
                    .map(move |c| {
                        let line = say(
                            t,
                            "report-audit-unpaid-line",
                            &[
                                ("account", arg(Account::Garden(g.id.clone()))),
                                // What the periods over asked; open ones are outstanding, not due yet.
                                ("amount", arg(money_in(t, &c.currency, c.due_over))),
                            ],
                        );
                        format!("  {line}")
                    })
            })
            .collect();
        let none = format!("  {}\n", say(t, "report-audit-none", &[]));
        text.push('\n');
        text.push_str(&say(t, "report-audit-unpaid-heading", &[]));
        text.push('\n');
        text.push_str(&if unpaid.is_empty() {
            none.clone()
        } else {
            unpaid.join("\n") + "\n"
        });
        // Exactly the payments the "not called for" total sums: those of the periods shown that
        // no rule governs (members' payments have their own table and total).
        let uncalled: Vec<String> = self
            .gardens
            .iter()
            .flat_map(|g| g.currencies.iter())
            .flat_map(|a| {
                a.periods
                    .iter()
                    .flat_map(move |p| p.payments.iter().map(move |l| (&a.currency, l)))
            })
            .filter(|(_, l)| !l.called_for)
            .map(|(c, l)| {
                let line = say(
                    t,
                    "report-audit-uncalled-line",
                    &[
                        ("entry", Value::Count(l.sequence)),
                        ("date", arg(t.date(l.on))),
                        ("payer", arg(&l.payer)),
                        ("amount", arg(money_in(t, c, l.amount))),
                    ],
                );
                format!("  {line}")
            })
            .collect();
        text.push_str(&say(t, "report-audit-uncalled-heading", &[]));
        text.push('\n');
        text.push_str(&if uncalled.is_empty() {
            none
        } else {
            uncalled.join("\n") + "\n"
        });
        if !self.members.is_empty() {
            let mut table = output::table_aligned(&payment_heads, &[0, 2]);
            for m in &self.members {
                for line in &m.payments {
                    let mut row = payment_row(t, &m.currency, line, "");
                    let note = PAYMENT_HEADER.len() - 1;
                    row[note] = format!("{}; {}", line.payer, row[note]);
                    table.add_row(row);
                }
            }
            text.push('\n');
            text.push_str(&say(t, "report-audit-members-heading", &[]));
            text.push('\n');
            table.write_into(&mut text);
            text.push('\n');
        }
        let total_heads = output::heads(
            t,
            &[
                "report-col-currency",
                "report-col-due",
                "report-col-suggested",
                "report-col-paid-by-gardens",
                "report-col-counted-toward-dues",
                "report-col-open-not-yet-due",
                "report-col-not-called-for",
                "report-col-carried",
                "report-col-from-members",
            ],
        );
        let mut totals = output::table(&total_heads, 1);
        for total in &self.totals {
            let c = &total.currency;
            totals.add_row(vec![
                c.code.to_string(),
                amount_in(t, c, total.due),
                amount_in(t, c, total.suggested),
                amount_in(t, c, total.paid),
                amount_in(t, c, total.counted),
                amount_in(t, c, total.outstanding),
                amount_in(t, c, total.not_called_for),
                standing_text_in(t, c, total.carried_out),
                amount_in(t, c, total.from_members),
            ]);
        }
        text.push('\n');
        text.push_str(&say(t, "report-totals-per-currency", &[]));
        text.push('\n');
        totals.write_into(&mut text);
        text.push('\n');
        text.push_str(&wrap("report-audit-totals-legend", &[]));
        text.push_str(&self.chain.sentence_in(t));
        text.push('\n');
        text
    }

    fn json(&self) -> Json {
        let gardens: Vec<Json> = self
            .gardens
            .iter()
            .map(|g| {
                let currencies: Vec<Json> = g
                    .currencies
                    .iter()
                    .map(|a| {
                        let c = &a.currency;
                        let periods: Vec<Json> = a
                            .periods
                            .iter()
                            .map(|p| {
                                let f = &p.figures;
                                json!({
                                    "period": p.label,
                                    "first_day": p.first_day.to_string(),
                                    "last_day": p.last_day.to_string(),
                                    "version": f.asked.version(),
                                    "rule": f.asked.describe(|v| amount(c, v)),
                                    "called_for": f.asked.calls_for_payments(),
                                    "due": amount(c, f.due),
                                    "suggested": f.suggested.map(|s| amount(c, s)),
                                    "paid": amount(c, f.paid),
                                    "counted": amount(c, f.counted),
                                    "difference": amount(c, f.difference()),
                                    "carried": amount(c, f.carried),
                                    "standing": output::standing(f.carried),
                                    "open": f.open,
                                    "due_by": f.due_by.map(|d| d.to_string()),
                                    "outstanding": amount(c, f.outstanding),
                                    "payments": p.payments.iter().map(|l| line_json(c, l, &p.label)).collect::<Vec<_>>(),
                                })
                            })
                            .collect();
                        json!({
                            "currency": c.code.as_str(),
                            "decimal_places": c.decimal_places,
                            "carried_in": amount(c, a.carried_in),
                            "carried_in_payments": a
                                .carried_in_payments
                                .iter()
                                .map(|l| line_json(c, l, &l.counts_in_period))
                                .collect::<Vec<_>>(),
                            "due": amount(c, a.due),
                            "due_over": amount(c, a.due_over),
                            "suggested": amount(c, a.suggested),
                            "paid": amount(c, a.paid),
                            "counted": amount(c, a.counted),
                            "not_called_for": amount(c, a.not_called_for),
                            "carried_out": amount(c, a.carried_out),
                            "standing": output::standing(a.carried_out),
                            "outstanding": amount(c, a.outstanding),
                            "paid_in_dates": amount(c, a.paid_in_dates),
                            "paid_nothing_although_due": a.paid_nothing_although_due(),
                            "periods": periods,
                        })
                    })
                    .collect();
                json!({
                    "garden": g.id.as_str(),
                    "name": g.name,
                    "kind": g.kind,
                    "members_only": g.members_only,
                    "opened_on": g.opened_on.to_string(),
                    "closed_on": g.closed_on.map(|d| d.to_string()),
                    "currencies": currencies,
                })
            })
            .collect();
        let members: Vec<Json> = self
            .members
            .iter()
            .map(|m| {
                json!({
                    "currency": m.currency.code.as_str(),
                    "paid": amount(&m.currency, m.paid),
                    "payments": m.payments.iter().map(|l| line_json(&m.currency, l, "")).collect::<Vec<_>>(),
                })
            })
            .collect();
        let totals: Vec<Json> = self
            .totals
            .iter()
            .map(|t| {
                let c = &t.currency;
                json!({
                    "currency": c.code.as_str(),
                    "due": amount(c, t.due),
                    "suggested": amount(c, t.suggested),
                    "paid": amount(c, t.paid),
                    "counted": amount(c, t.counted),
                    "not_called_for": amount(c, t.not_called_for),
                    "carried_out": amount(c, t.carried_out),
                    "outstanding": amount(c, t.outstanding),
                    "paid_in_dates": amount(c, t.paid_in_dates),
                    "from_members": amount(c, t.from_members),
                })
            })
            .collect();
        json!({
            "report": "audit",
            "garden": self.garden.as_ref().map(|g| g.as_str()),
            "from": self.from.map(|d| d.to_string()),
            "to": self.to.to_string(),
            "judged_on": self.judged_on.to_string(),
            "over_through": self.over_through.to_string(),
            "ends_after_today": self.judged_on < self.to,
            "has_open_period": self.has_open_period(),
            "gardens": gardens,
            "members": members,
            "totals": totals,
            "chain": {
                "events": self.chain.events,
                "head_hash": self.chain.head_hash,
                "checked": self.chain.checked.as_str(),
                "from_checkpoint": self.chain.from_checkpoint.as_ref().map(|(sequence, _)| *sequence),
                "verified_in_full": self.chain.verified_in_full,
                "records_read": self.chain.records_read,
                "statement": self.chain.sentence(),
            },
        })
    }

    fn csv(&self) -> String {
        let header = [
            "line",
            "garden",
            "members_only",
            "currency",
            "period",
            "first_day",
            "last_day",
            "rule",
            "due",
            "suggested",
            "paid",
            "counted",
            "difference",
            "carried",
            "sequence",
            "date",
            "payer",
            "amount",
            "mode",
            "pays_for",
            "counted_toward_due",
            "called_for",
            "late",
            "correction_of",
            "reversed_by",
            "hash",
            "note",
            "open",
            "due_by",
            "outstanding",
            "counts_in",
        ];
        let blank = || vec![String::new(); header.len()];
        let mut rows = Vec::new();
        let payment_cells = |row: &mut Vec<String>, c: &Currency, l: &PaymentLine, counts: &str| {
            row[30] = counts.to_string();
            row[14] = l.sequence.to_string();
            row[15] = l.on.to_string();
            row[16] = l.payer.to_string();
            row[17] = amount(c, l.amount);
            row[18] = l.mode.as_str().to_string();
            row[19] = pays_for_text(&l.pays_for);
            row[20] = l.counted.to_string();
            row[21] = l.called_for.to_string();
            row[22] = l.late.to_string();
            row[23] = l.correction_of.map(|s| s.to_string()).unwrap_or_default();
            row[24] = l.reversed_by.map(|s| s.to_string()).unwrap_or_default();
            row[25] = l.hash.clone();
            row[26] = l.note.clone();
        };
        for g in &self.gardens {
            for a in &g.currencies {
                let c = &a.currency;
                let mut row = blank();
                row[0] = "carried_in".to_string();
                row[1] = g.id.to_string();
                row[2] = g.members_only.to_string();
                row[3] = c.code.to_string();
                row[13] = amount(c, a.carried_in);
                rows.push(row);
                for l in &a.carried_in_payments {
                    let mut row = blank();
                    row[0] = "carried_in_payment".to_string();
                    row[1] = g.id.to_string();
                    row[2] = g.members_only.to_string();
                    row[3] = c.code.to_string();
                    payment_cells(&mut row, c, l, &l.counts_in_period);
                    rows.push(row);
                }
                for p in &a.periods {
                    let f = &p.figures;
                    let mut row = blank();
                    row[0] = "period".to_string();
                    row[1] = g.id.to_string();
                    row[2] = g.members_only.to_string();
                    row[3] = c.code.to_string();
                    row[4] = p.label.clone();
                    row[5] = p.first_day.to_string();
                    row[6] = p.last_day.to_string();
                    row[7] = f.asked.describe(|v| amount(c, v));
                    row[8] = amount(c, f.due);
                    row[9] = f.suggested.map(|s| amount(c, s)).unwrap_or_default();
                    row[10] = amount(c, f.paid);
                    row[11] = amount(c, f.counted);
                    row[12] = amount(c, f.difference());
                    row[13] = amount(c, f.carried);
                    row[27] = f.open.to_string();
                    row[28] = f.due_by.map(|d| d.to_string()).unwrap_or_default();
                    row[29] = amount(c, f.outstanding);
                    rows.push(row);
                    for l in &p.payments {
                        let mut row = blank();
                        row[0] = "payment".to_string();
                        row[1] = g.id.to_string();
                        row[2] = g.members_only.to_string();
                        row[3] = c.code.to_string();
                        row[4] = p.label.clone();
                        payment_cells(&mut row, c, l, &p.label);
                        rows.push(row);
                    }
                }
            }
        }
        for m in &self.members {
            for l in &m.payments {
                let mut row = blank();
                row[0] = "member_payment".to_string();
                row[3] = m.currency.code.to_string();
                payment_cells(&mut row, &m.currency, l, "");
                rows.push(row);
            }
        }
        for t in &self.totals {
            let c = &t.currency;
            let mut row = blank();
            row[0] = "total".to_string();
            row[3] = c.code.to_string();
            row[8] = amount(c, t.due);
            row[9] = amount(c, t.suggested);
            row[10] = amount(c, t.paid);
            row[11] = amount(c, t.counted);
            row[13] = amount(c, t.carried_out);
            row[17] = amount(c, t.from_members);
            row[29] = amount(c, t.outstanding);
            rows.push(row);
        }
        let mut row = blank();
        row[0] = "chain".to_string();
        row[14] = self.chain.events.to_string();
        row[25] = self.chain.head_hash.clone();
        row[26] = self.chain.sentence();
        rows.push(row);
        output::csv(&header, &rows)
    }
}

/// The columns of a table of payments, as message ids.
const PAYMENT_HEADER: [&str; 8] = [
    "report-col-seq",
    "report-col-date",
    "report-col-amount",
    "report-col-mode",
    "report-col-for",
    "report-col-counts-in",
    "report-col-hash",
    "report-col-note",
];

/// One payment as a table row; `counts` names the period it counts in.
fn payment_row(t: Text, c: &Currency, line: &PaymentLine, counts: &str) -> Vec<String> {
    vec![
        format!("#{}", line.sequence),
        t.date(line.on),
        money_in(t, c, line.amount),
        mode_in(t, line.mode),
        pays_for_in(t, &line.pays_for),
        counts.to_string(),
        line.hash.clone(),
        line_note(t, line),
    ]
}

/// One payment in JSON; `counts` names the period it counts in ("" for none).
fn line_json(c: &Currency, l: &PaymentLine, counts: &str) -> Json {
    json!({
        "sequence": l.sequence,
        "date": l.on.to_string(),
        "payer": l.payer.to_string(),
        "amount": amount(c, l.amount),
        "mode": l.mode.as_str(),
        "pays_for": pays_for_text(&l.pays_for),
        "counts_in": if counts.is_empty() { Json::Null } else { json!(counts) },
        "counted": l.counted,
        "called_for": l.called_for,
        "late": l.late,
        "correction_of": l.correction_of,
        "reversed_by": l.reversed_by,
        "hash": l.hash,
        "note": l.note,
    })
}
