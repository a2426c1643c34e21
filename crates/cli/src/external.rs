//! The calls into the reports (`jardins-report`) and the synthetic communities
//! (`jardins-generate`), behind one function each: the command code passes what was typed and
//! gets text back, and report errors are sorted into exit codes here.

use std::io::Write;
use std::path::Path;

use chrono::NaiveDate;
use jardins_ledger::{Account, Event, GardenId, PersonId};
use jardins_report::{Format, ReportError};
use jardins_store::Ledger;

use jardins_ledger::Value;

use crate::args::{ChainArg, FormatArg};
use crate::speech::text as speech;
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
            Failure::Output(speech().message(
                "cli-csv-fr-failed",
                &[("error", Value::Text(error.to_string()))],
            ))
        }),
        FormatArg::Table | FormatArg::Json | FormatArg::Csv => Ok(text),
    }
}

impl From<ReportError> for Failure {
    fn from(error: ReportError) -> Self {
        let say = |id: &str, values: &[(&str, Value)]| speech().message(id, values);
        let text = |value: String| Value::Text(value);
        match error {
            ReportError::Store(store) => store.into(),
            // The same answer as the ledger's own rule for an unknown garden (exit 1).
            ReportError::NoSuchGarden { garden } => Failure::Refused {
                rule: Some("UnknownGarden".to_string()),
                message: say("cli-report-no-such-garden", &[("garden", text(garden))]),
            },
            ReportError::NoSuchPerson { person } => Failure::Refused {
                rule: Some("UnknownPerson".to_string()),
                message: say("cli-report-no-such-person", &[("person", text(person))]),
            },
            ReportError::NotReportable { account } => Failure::Usage(say(
                "cli-report-not-reportable",
                &[("account", text(account))],
            )),
            ReportError::BadRange { from, to } => Failure::Usage(say(
                "cli-report-bad-range",
                &[("from", Value::Date(from)), ("to", Value::Date(to))],
            )),
            ReportError::RangeTooLong { months, max, hint } => Failure::Usage(say(
                "cli-report-range-too-long",
                &[
                    ("months", Value::Count(u64::from(months))),
                    ("max", Value::Count(u64::from(max))),
                    ("hint", text(hint.said(speech()))),
                ],
            )),
            ReportError::Io { what, source } => Failure::Output(say(
                "cli-report-cannot-write",
                &[("what", text(what)), ("error", text(source.to_string()))],
            )),
            ReportError::Chart { path, problem } => Failure::Output(say(
                "cli-report-chart",
                &[
                    ("path", text(path.display().to_string())),
                    ("problem", text(problem)),
                ],
            )),
            ReportError::Inconsistent { what } => {
                Failure::Ledger(say("cli-report-inconsistent", &[("what", text(what))]))
            }
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
            return Err(Failure::Usage(speech().message("cli-member-no-chart", &[])));
        }
        let report = jardins_report::member_balance(ledger, person, from, to)?;
        return finish(report.render_in(format_of(format), speech()), format);
    }
    let report = jardins_report::balance(ledger, account, from, to, by_month)?;
    if let Some(path) = chart {
        report.chart_svg_in(path, speech())?;
    }
    finish(report.render_in(format_of(format), speech()), format)
}

pub fn garden_list(
    ledger: &Ledger,
    as_of: NaiveDate,
    format: FormatArg,
) -> Result<String, Failure> {
    let report = jardins_report::garden_list(ledger, as_of)?;
    finish(report.render_in(format_of(format), speech()), format)
}

pub fn member_list(
    ledger: &Ledger,
    garden: &GardenId,
    format: FormatArg,
) -> Result<String, Failure> {
    let report = jardins_report::member_list(ledger, garden)?;
    finish(report.render_in(format_of(format), speech()), format)
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
        report.chart_svg_in(path, speech())?;
    }
    finish(report.render_in(format_of(format), speech()), format)
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
    finish(report.render_in(format_of(format), speech()), format)
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
