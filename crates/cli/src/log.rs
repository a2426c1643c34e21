//! `jardins log`: the recorded events, one line each, filterable by garden, person and dates.
//!
//! The rows, their columns in JSON and CSV and the summary of each entry are crates/report's
//! (`jardins_report::log`), which the server's downloads use too; the table is written here.

use chrono::NaiveDate;
use jardins_ledger::{GardenId, PersonId};
use jardins_report::log::{LogFilter, LogRows};
use jardins_store::Ledger;
use jardins_text::Text;

use crate::args::FormatArg;
use crate::output::table;
use crate::Failure;

pub use jardins_report::log::{concerns, concerns_person, summary, summary_in, COLUMNS};

/// Hex digits of the hash shown in the table: enough to tell records apart at a glance; the JSON
/// and CSV forms carry the whole hash.
const SHORT_HASH_CHARS: usize = 12;

pub struct Filter {
    pub garden: Option<GardenId>,
    pub member: Option<PersonId>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

/// The log, as `format` says. An unknown garden or person is refused as every report refuses
/// it (exit 1), rather than answered "no events match".
pub fn run(ledger: &Ledger, filter: &Filter, format: FormatArg) -> Result<String, Failure> {
    if let Some(garden) = &filter.garden {
        if ledger.garden(garden)?.is_none() {
            return Err(jardins_report::ReportError::NoSuchGarden {
                garden: garden.to_string(),
            }
            .into());
        }
    }
    if let Some(person) = &filter.member {
        if !ledger.people()?.iter().any(|(id, _)| id == person) {
            return Err(jardins_report::ReportError::NoSuchPerson {
                person: person.to_string(),
            }
            .into());
        }
    }
    let filter = LogFilter {
        garden: filter.garden.clone(),
        member: filter.member.clone(),
        kind: None,
        from: filter.from,
        to: filter.to,
    };
    let rows = jardins_report::log::log(ledger, &filter, &mut |_| true)?;
    Ok(match format {
        FormatArg::Table => render_table(crate::speech::text(), &rows),
        FormatArg::Json => rows.json(),
        FormatArg::Csv | FormatArg::CsvFr => rows.csv(),
    })
}

fn render_table(t: Text, rows: &LogRows) -> String {
    if rows.rows.is_empty() {
        return t.message("cli-log-none", &[]) + "\n";
    }
    let body = rows.rows.iter().map(|record| {
        let hash = hex::encode(record.hash);
        vec![
            record.sequence.to_string(),
            t.date(record.event.on),
            record.event.kind.name().to_string(),
            summary_in(t, &record.event),
            hash[..SHORT_HASH_CHARS].to_string(),
        ]
    });
    let heads = jardins_report::output::heads(
        t,
        &[
            "cli-log-col-entry",
            "cli-log-col-date",
            "cli-log-col-event",
            "cli-log-col-what",
            "cli-log-col-hash",
        ],
    );
    table(&heads, &[0], body)
}
