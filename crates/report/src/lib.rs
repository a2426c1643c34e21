//! The reports of `jardins`: a garden's balance and the big garden's, the audit of the money
//! flows to the big garden against each garden's constitution, members' commitments, charts,
//! and the export of the whole ledger as a plain-text accounting journal or a beancount file.
//!
//! Every report reads the projections the store keeps up to date (daily flows, postings,
//! balances, state) and the few records it shows; none replays the log. Only the journal
//! export, which writes every event, reads the whole log.
//!
//! `dues` holds the pure arithmetic of what a constitution says is due; its conventions are
//! documented there and hold for every report.
//!
//! Every report renders as an aligned table, as JSON (amounts are strings with exactly their
//! currency's decimal places) or as CSV, all written by `output::csv`. In CSV, a cell that
//! begins with `=`, `+`, `-`, `@`, a tab or a carriage return is given a leading single quote
//! so that a spreadsheet shows it as text, except a plain number such as `-30.00` in a column
//! of figures the program formats itself (amounts, counts), which no spreadsheet reads as a
//! formula: negative amounts stay numbers. A column of a person's text (`name`, `note`,
//! `reason`, `summary`, `…_name`: `output::is_text_column`) is always neutralised, even a note
//! that reads `-40`. `output::csv_french` turns any of them into the form a French spreadsheet
//! opens by a double click.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::str::FromStr;

use chrono::NaiveDate;
use jardins_ledger::{Currency, CurrencyCode, FlowKind, GardenId, GardenState};
use jardins_store::{Ledger, StoreError};

mod audit;
mod balance;
mod beancount;
mod chart;
mod commitments;
pub mod dues;
mod journal;
mod lists;
pub mod log;
mod member;
pub mod output;
pub mod table;

pub use audit::{
    audit, audit_on, audit_with, AuditReport, ChainCheck, ChainStatement, Checked, GardenAudit,
    GardenCurrencyAudit, PaymentLine,
};
pub use audit::{AuditPeriod, AuditTotal, MemberPayments};
pub use balance::{
    balance, BalanceReport, CurrencyBalance, Direction, Flows, GardenInfo, GardenPaid, KindFlow,
};
pub use beancount::beancount;
pub use chart::BalanceChartWords;
pub use commitments::{
    commitments, commitments_on, CommitmentRow, CommitmentTotal, CommitmentsReport,
};
pub use journal::{journal, journal_selected};
pub use lists::{garden_list, member_list, GardenList, GardenRow, MemberList, MemberRow};
pub use member::{member_balance, MemberBalance, MemberCurrency, MemberFlow, MemberLine};

/// Most events for which `audit` verifies everything (`Ledger::verify`, about 6 µs per event
/// in a release build: BENCHMARKS.md) before stating that the chain was verified; above this
/// it checks every hash and link (`Ledger::verify_chain`), and says so (`ChainStatement`).
pub const FULL_VERIFY_MAX_EVENTS: u64 = 20_000;

/// How a report is written out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Aligned tables for people.
    Table,
    /// One JSON document; amounts are strings with their currency's exact decimal places.
    Json,
    /// Comma-separated values with a header line, for spreadsheets.
    Csv,
}

impl FromStr for Format {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        match text {
            "table" => Ok(Format::Table),
            "json" => Ok(Format::Json),
            "csv" => Ok(Format::Csv),
            other => Err(output::english().message(
                "report-not-a-format",
                &[("text", output::arg(jardins_ledger::ids::excerpt(other)))],
            )),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(
        "there is no garden '{garden}': check the id (`jardins garden list` shows every garden)"
    )]
    NoSuchGarden { garden: String },
    #[error("there is no person '{person}' in this ledger: check the id (`jardins member list GARDEN` shows a garden's members)")]
    NoSuchPerson { person: String },
    #[error("a balance is reported for a garden (garden:ID), a member (member:ID) or the big garden (big-garden), not for {account}")]
    NotReportable { account: String },
    #[error("the period starts on {from}, after its end {to}: give a start (--from) on or before the end (--to)")]
    BadRange { from: NaiveDate, to: NaiveDate },
    #[error("the report would span {months} months, above the limit of {max}: {hint}")]
    RangeTooLong {
        months: u32,
        max: u32,
        hint: RangeHint,
    },
    #[error("cannot write {what}: {source}")]
    Io {
        what: String,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot draw the chart {}: {problem}", path.display())]
    Chart { path: PathBuf, problem: String },
    #[error("the ledger's projections disagree ({what}): run `jardins verify` to find the damage")]
    Inconsistent { what: String },
}

/// How to bring a report that would span too many months back within the limit: data, which the
/// catalog says in each language (the English here is the API's).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RangeHint {
    /// Give a later `--from`.
    LaterStart,
    /// The garden's dues are worked out from its opening day, which may be mistyped.
    GardenOpened {
        garden: GardenId,
        opened_on: NaiveDate,
    },
    /// The commitment's periods run from its first day, which may be mistyped.
    CommitmentStarts {
        commitment: jardins_ledger::CommitmentId,
        from: NaiveDate,
    },
}

impl std::fmt::Display for RangeHint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let english = output::english();
        let said = match self {
            RangeHint::LaterStart => english.message("report-hint-later-start", &[]),
            RangeHint::GardenOpened { garden, opened_on } => english.message(
                "report-hint-garden-opened",
                &[
                    ("garden", output::arg(garden)),
                    ("date", output::arg(english.date(*opened_on))),
                ],
            ),
            RangeHint::CommitmentStarts { commitment, from } => english.message(
                "report-hint-commitment-starts",
                &[
                    ("commitment", output::arg(commitment)),
                    ("date", output::arg(english.date(*from))),
                ],
            ),
        };
        f.write_str(&said)
    }
}

impl RangeHint {
    /// The hint in `t`'s language.
    pub fn said(&self, t: jardins_text::Text) -> String {
        match self {
            RangeHint::LaterStart => t.message("report-hint-later-start", &[]),
            RangeHint::GardenOpened { garden, opened_on } => t.message(
                "report-hint-garden-opened",
                &[
                    ("garden", output::arg(garden)),
                    ("date", output::arg(t.date(*opened_on))),
                ],
            ),
            RangeHint::CommitmentStarts { commitment, from } => t.message(
                "report-hint-commitment-starts",
                &[
                    ("commitment", output::arg(commitment)),
                    ("date", output::arg(t.date(*from))),
                ],
            ),
        }
    }
}

fn inconsistent(what: impl Into<String>) -> ReportError {
    ReportError::Inconsistent { what: what.into() }
}

/// Every record from entry 1 to entry `head`, in order, for the exports that write the whole
/// log: a gap, or a log that ends before its head, is an inconsistency, never passed over.
fn log_through(
    ledger: &Ledger,
    head: u64,
) -> impl Iterator<Item = Result<jardins_store::Record, ReportError>> + '_ {
    let mut records = ledger.records(1);
    let mut last_sequence = 0_u64;
    let mut done = false;
    std::iter::from_fn(move || {
        if done || last_sequence == head {
            return None;
        }
        // Nothing is read after the first failure.
        done = true;
        match records.next() {
            None => Some(Err(inconsistent(format!(
                "the log ends at entry {last_sequence}, its head says {head}"
            )))),
            Some(Err(error)) => Some(Err(error.into())),
            Some(Ok(record)) if record.sequence != last_sequence + 1 => {
                Some(Err(inconsistent(format!(
                    "the log jumps from entry {last_sequence} to {}",
                    record.sequence
                ))))
            }
            Some(Ok(record)) => {
                done = false;
                last_sequence = record.sequence;
                Some(Ok(record))
            }
        }
    })
}

/// Every declared currency, by code.
fn currencies(ledger: &Ledger) -> Result<BTreeMap<CurrencyCode, Currency>, ReportError> {
    Ok(ledger
        .currencies()?
        .into_iter()
        .map(|c| (c.code.clone(), c))
        .collect())
}

fn currency_of(
    declared: &BTreeMap<CurrencyCode, Currency>,
    code: &CurrencyCode,
) -> Result<Currency, ReportError> {
    declared.get(code).cloned().ok_or_else(|| {
        inconsistent(format!(
            "money recorded in {code}, a currency never declared"
        ))
    })
}

/// Euros first, then the complementary currencies by code: the order of every report.
fn currency_order(a: &CurrencyCode, b: &CurrencyCode) -> std::cmp::Ordering {
    (!a.is_euro(), a).cmp(&(!b.is_euro(), b))
}

fn garden_state(ledger: &Ledger, garden: &GardenId) -> Result<GardenState, ReportError> {
    ledger
        .garden(garden)?
        .ok_or_else(|| ReportError::NoSuchGarden {
            garden: garden.to_string(),
        })
}

fn check_range(from: Option<NaiveDate>, to: NaiveDate) -> Result<(), ReportError> {
    match from {
        Some(from) if from > to => Err(ReportError::BadRange { from, to }),
        _ => Ok(()),
    }
}

/// The key a flow kind has in JSON and CSV.
pub fn kind_key(kind: FlowKind) -> &'static str {
    match kind {
        FlowKind::ContributionFromMember => "contributions_from_members",
        FlowKind::ContributionFromGarden => "contributions_from_gardens",
        FlowKind::ContributionToGarden => "contributions_to_gardens",
        FlowKind::ContributionToBigGarden => "contributions_to_the_big_garden",
        FlowKind::RoleValued => "valued_roles",
        FlowKind::Collection => "collections",
        FlowKind::Expense => "expenses",
    }
}

/// The date a garden's first constitution took effect: flows judged by a constitution that are
/// dated earlier were judged against none.
fn constitution_since(garden: &GardenState) -> Option<NaiveDate> {
    garden.constitutions.first().map(|c| c.effective)
}

/// What the big garden received from gardens in `code` over `from` to `to`: its own postings
/// from gardens (one shard), grouped by the garden on the other side, by date.
fn receipts_by_garden(
    ledger: &Ledger,
    code: &CurrencyCode,
    from: Option<NaiveDate>,
    to: NaiveDate,
) -> Result<BTreeMap<GardenId, Vec<jardins_store::PostingRow>>, ReportError> {
    let rows = ledger.postings(
        &jardins_ledger::Account::BigGarden,
        FlowKind::ContributionFromGarden,
        code,
        from,
        to,
    )?;
    let mut by_garden: BTreeMap<GardenId, Vec<jardins_store::PostingRow>> = BTreeMap::new();
    for row in rows {
        let Some(jardins_ledger::Account::Garden(id)) = row.counterparty.clone() else {
            return Err(inconsistent(format!(
                "entry {} pays the big garden from no garden",
                row.sequence
            )));
        };
        by_garden.entry(id).or_default().push(row);
    }
    Ok(by_garden)
}

fn hex_hash(hash: &jardins_store::Hash) -> String {
    hex::encode(hash)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_parse_from_their_names() {
        assert_eq!("json".parse::<Format>(), Ok(Format::Json));
        assert_eq!("table".parse::<Format>(), Ok(Format::Table));
        assert_eq!("csv".parse::<Format>(), Ok(Format::Csv));
        assert!("xml"
            .parse::<Format>()
            .unwrap_err()
            .contains("table, json or csv"));
    }

    #[test]
    fn euros_come_first() {
        let mut codes: Vec<CurrencyCode> = ["GRAINE", "EUR", "ABC"]
            .iter()
            .map(|c| c.parse().unwrap())
            .collect();
        codes.sort_by(currency_order);
        let names: Vec<&str> = codes.iter().map(|c| c.as_str()).collect();
        assert_eq!(names, ["EUR", "ABC", "GRAINE"]);
    }
}
