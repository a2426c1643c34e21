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
        FormatArg::Csv | FormatArg::CsvFr => Format::Csv,
    }
}

/// A report as written: the French CSV is the plain one with `;`, decimal commas and a BOM,
/// so that every report has it without knowing of it.
pub fn finish(text: String, format: FormatArg) -> Result<String, Failure> {
    match format {
        FormatArg::CsvFr => jardins_report::output::csv_french(&text).map_err(|error| {
            Failure::Output(format!(
                "cannot write the CSV for a French spreadsheet: {error}"
            ))
        }),
        FormatArg::Table | FormatArg::Json | FormatArg::Csv => Ok(text),
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
            ReportError::NoSuchPerson { .. } => Failure::Refused {
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
    if let Account::Member(person) = account {
        if by_month || chart.is_some() {
            return Err(Failure::Usage(
                "--by month and --chart draw a garden's or the big garden's balance: for member:ID, give --from and --to".to_string(),
            ));
        }
        let report = jardins_report::member_balance(ledger, person, from, to)?;
        return finish(report.render(format_of(format)), format);
    }
    let report = jardins_report::balance(ledger, account, from, to, by_month)?;
    if let Some(path) = chart {
        report.chart_svg(path)?;
    }
    finish(report.render(format_of(format)), format)
}

pub fn garden_list(
    ledger: &Ledger,
    as_of: NaiveDate,
    format: FormatArg,
) -> Result<String, Failure> {
    let report = jardins_report::garden_list(ledger, as_of)?;
    finish(report.render(format_of(format)), format)
}

pub fn member_list(
    ledger: &Ledger,
    garden: &GardenId,
    format: FormatArg,
) -> Result<String, Failure> {
    let report = jardins_report::member_list(ledger, garden)?;
    finish(report.render(format_of(format)), format)
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
    finish(report.render(format_of(format)), format)
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
    finish(report.render(format_of(format)), format)
}

pub fn journal(ledger: &Ledger, out: &mut dyn Write) -> Result<u64, Failure> {
    Ok(jardins_report::journal(ledger, out)?)
}

pub fn beancount(ledger: &Ledger, out: &mut dyn Write) -> Result<u64, Failure> {
    Ok(jardins_report::beancount(ledger, out)?)
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
