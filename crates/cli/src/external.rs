//! The calls into the reports (`jardins-report`) and the synthetic communities
//! (`jardins-generate`), behind one function each: the command code passes what was typed and
//! gets text back, and report errors are sorted into exit codes here.

use std::io::Write;
use std::path::Path;

use chrono::NaiveDate;
use jardins_ledger::{Account, Event, GardenId, PersonId};
use jardins_report::{Format, ReportError};
use jardins_store::Ledger;

use crate::args::{ChainArg, FormatArg};
use crate::Failure;

fn format_of(format: FormatArg) -> Format {
    match format {
        FormatArg::Table => Format::Table,
        FormatArg::Json => Format::Json,
        FormatArg::Csv => Format::Csv,
    }
}

impl From<ReportError> for Failure {
    fn from(error: ReportError) -> Self {
        match error {
            ReportError::Store(store) => store.into(),
            // The same answer as the ledger's own rule for an unknown garden (exit 1).
            ReportError::NoSuchGarden { .. } => Failure::Refused {
                rule: Some("UnknownGarden".to_string()),
                message: error.to_string(),
            },
            ReportError::NoSuchMember { .. } => Failure::Refused {
                rule: Some("UnknownPerson".to_string()),
                message: error.to_string(),
            },
            ReportError::NotReportable { .. }
            | ReportError::BadRange { .. }
            | ReportError::RangeTooLong { .. } => Failure::Usage(error.to_string()),
            ReportError::Io { .. } | ReportError::Chart { .. } => {
                Failure::Output(error.to_string())
            }
            ReportError::Inconsistent { .. } => Failure::Ledger(error.to_string()),
        }
    }
}

pub fn balance_report(
    ledger: &Ledger,
    account: &Account,
    from: Option<NaiveDate>,
    to: NaiveDate,
    by_month: bool,
    format: FormatArg,
    chart: Option<&Path>,
) -> Result<String, Failure> {
    let report = jardins_report::balance(ledger, account, from, to, by_month)?;
    if let Some(path) = chart {
        report.chart_svg(path)?;
    }
    Ok(report.render(format_of(format)))
}

/// The days of an audit: from, to, and the day it is typed on.
pub struct AuditDays {
    pub from: Option<NaiveDate>,
    pub to: NaiveDate,
    pub today: NaiveDate,
}

pub fn audit_report(
    ledger: &Ledger,
    garden: Option<&GardenId>,
    days: AuditDays,
    format: FormatArg,
    chart: Option<&Path>,
    chain: ChainArg,
) -> Result<String, Failure> {
    let check = match chain {
        ChainArg::Auto => jardins_report::ChainCheck::Auto,
        ChainArg::Full => jardins_report::ChainCheck::Full,
        ChainArg::Links => jardins_report::ChainCheck::Links,
        ChainArg::SinceVerify => jardins_report::ChainCheck::SinceVerify,
        ChainArg::RecordsShown => jardins_report::ChainCheck::RecordsShown,
    };
    let AuditDays { from, to, today } = days;
    let report = jardins_report::audit_on(ledger, garden, from, to, check, today)?;
    if let Some(path) = chart {
        report.chart_svg(path)?;
    }
    Ok(report.render(format_of(format)))
}

pub fn commitments_report(
    ledger: &Ledger,
    garden: Option<&GardenId>,
    member: Option<&PersonId>,
    as_of: NaiveDate,
    today: NaiveDate,
    format: FormatArg,
) -> Result<String, Failure> {
    let report = jardins_report::commitments_on(ledger, garden, member, as_of, today)?;
    Ok(report.render(format_of(format)))
}

pub fn journal(ledger: &Ledger, out: &mut dyn Write) -> Result<u64, Failure> {
    Ok(jardins_report::journal(ledger, out)?)
}

pub fn community(events: u64, seed: u64) -> impl Iterator<Item = Event> {
    jardins_generate::community(events, seed)
}

/// The demo community as JSON Lines, in the store's `event_line` form.
pub fn demo_lines() -> String {
    let mut lines = String::new();
    for event in jardins_generate::demo() {
        lines.push_str(&jardins_store::json::event_line(&event));
        lines.push('\n');
    }
    lines
}
