//! The log as a person may see it, for the log page and the downloads (the page's and the
//! API's): which entries the access table lets through, the filter typed, and the files, each
//! written by crates/report's writers (the log's rows and CSV, the French CSV, the journal) or
//! the store's (JSON Lines).
//!
//! An entry is shown to someone who may see the books of one of its gardens (a member, a
//! steward); an entry of no garden is the big garden's, open to anyone signed in; and a flow
//! between a garden and the big garden is open to anyone signed in too (the audit shows it).
//! An organisation garden's other entries stay private to its members and the stewards.

use std::collections::BTreeMap;

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use jardins_ledger::{Account, GardenId, PersonId};
use jardins_report::log::{CommitmentOwners, LogFilter, EVENT_KINDS};
use jardins_store::{Ledger, Record};
use jardins_text::{Lang, Text};
use serde::Deserialize;

use crate::access::{may, Action, Decision, GardenFacts, Object, Powers};
use crate::api::reports::garden_facts;
use crate::error::ApiError;
use crate::state::AppState;

/// The log's filter as typed (a page's form or an API query): empty is absent.
#[derive(Clone, Debug, Default, Deserialize, utoipa::IntoParams)]
pub struct LogQuery {
    /// A garden's id: its entries only.
    pub garden: Option<String>,
    /// A person's id: the entries they pay, receive or are named in.
    pub member: Option<String>,
    /// An event kind, as the log's `kind` column writes it (`ContributionPaid`, …).
    pub kind: Option<String>,
    /// The first day, `YYYY-MM-DD`.
    pub from: Option<String>,
    /// The last day, `YYYY-MM-DD`.
    pub to: Option<String>,
    /// `json` (the default), `csv`, `csv-fr`, `jsonl`; the journal route ignores it.
    pub format: Option<String>,
}

fn given(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

impl LogQuery {
    /// The query string of the filter (without `format`), to link a download to the page.
    pub fn query_string(&self) -> String {
        [
            ("garden", &self.garden),
            ("member", &self.member),
            ("kind", &self.kind),
            ("from", &self.from),
            ("to", &self.to),
        ]
        .iter()
        .filter_map(|(name, value)| {
            given(value).map(|v| format!("{name}={}", crate::pages::encode(v)))
        })
        .collect::<Vec<_>>()
        .join("&")
    }
}

/// What is wrong with a filter: the field, and the sentence to show.
#[derive(Debug)]
pub enum FilterError {
    /// Not allowed, or not found (a private garden to an outsider is as unknown).
    Access(ApiError),
    Field {
        field: &'static str,
        message: String,
    },
}

impl From<ApiError> for FilterError {
    fn from(error: ApiError) -> Self {
        FilterError::Access(error)
    }
}

impl From<FilterError> for ApiError {
    fn from(error: FilterError) -> Self {
        match error {
            FilterError::Access(error) => error,
            FilterError::Field { message, .. } => ApiError::BadRequest(message),
        }
    }
}

/// The filter `query` asks for, once the table allows it: a garden named must be one the
/// person may see the log of (a private garden is not found by outsiders, nor is a garden that
/// does not exist). A person named is never looked up, so that the answer tells nothing of
/// who exists: someone unknown has no entries. Dates are read as `lang` types them (`None`:
/// the API's `2026-11-03`).
pub fn filter(
    app: &AppState,
    powers: &Powers,
    lang: Option<Lang>,
    query: &LogQuery,
) -> Result<LogFilter, FilterError> {
    ApiError::of(may(powers, Action::SeeLog, &Object::Nothing))?;
    let t = Text::new(lang.unwrap_or(Lang::En));
    let garden = match given(&query.garden) {
        None => None,
        Some(text) => {
            let id: GardenId = text.parse().map_err(|_| ApiError::NotFound)?;
            let facts = garden_facts(app, &id)?;
            ApiError::of(may(powers, Action::SeeLog, &Object::Garden(&facts)))?;
            Some(id)
        }
    };
    let member = match given(&query.member) {
        None => None,
        Some(text) => Some(
            text.parse::<PersonId>()
                .map_err(|refusal| FilterError::Field {
                    field: "member",
                    message: t.refusal(&refusal),
                })?,
        ),
    };
    let kind = match given(&query.kind) {
        None => None,
        Some(text) => match EVENT_KINDS.into_iter().find(|k| *k == text) {
            Some(kind) => Some(kind.to_string()),
            None => {
                return Err(FilterError::Field {
                    field: "kind",
                    message: crate::pages::say(
                        t,
                        "pages-log-no-such-kind",
                        &[("kinds", EVENT_KINDS.join(", "))],
                    ),
                })
            }
        },
    };
    let date =
        |field: &'static str, value: &Option<String>| -> Result<Option<NaiveDate>, FilterError> {
            let Some(text) = given(value) else {
                return Ok(None);
            };
            let parsed = match lang {
                Some(lang) => jardins_text::parse::date(lang, text),
                None => text.parse::<NaiveDate>().ok(),
            };
            parsed.map(Some).ok_or_else(|| FilterError::Field {
                field,
                message: crate::pages::say(t, "pages-not-a-date", &[("text", text.to_string())]),
            })
        };
    let from = date("from", &query.from)?;
    let to = date("to", &query.to)?;
    if let (Some(from), Some(to)) = (from, to) {
        if from > to {
            return Err(FilterError::Field {
                field: "to",
                message: crate::pages::say(
                    t,
                    "pages-log-dates-reversed",
                    &[("from", t.date(from)), ("to", t.date(to))],
                ),
            });
        }
    }
    Ok(LogFilter {
        garden,
        member,
        kind,
        from,
        to,
    })
}

/// Which entries of the log a person may see: asks the table per entry, from facts read once.
pub struct Visibility {
    powers: Powers,
    gardens: BTreeMap<GardenId, GardenFacts>,
    owners: CommitmentOwners,
    big_garden: bool,
}

impl Visibility {
    pub fn of(ledger: &Ledger, powers: &Powers) -> Result<Visibility, ApiError> {
        let gardens = ledger
            .gardens()?
            .into_iter()
            .map(|(id, g)| {
                let facts = GardenFacts {
                    id: id.clone(),
                    members_only: g.kind.members_only(),
                };
                (id, facts)
            })
            .collect();
        Ok(Visibility {
            powers: powers.clone(),
            gardens,
            owners: CommitmentOwners::of(ledger)?,
            big_garden: may(powers, Action::SeeBigGarden, &Object::Nothing) == Decision::Allowed,
        })
    }

    pub fn sees(&self, record: &Record) -> bool {
        let event = &record.event;
        let gardens = jardins_report::log::gardens_of(event, &self.owners);
        if gardens.is_empty() {
            return self.big_garden;
        }
        let books = gardens.iter().any(|g| {
            self.gardens.get(g).is_some_and(|facts| {
                may(&self.powers, Action::SeeBooks, &Object::Garden(facts)) == Decision::Allowed
            })
        });
        if books {
            return true;
        }
        // A flow between a garden and the big garden is the community's business.
        let postings = event.postings();
        self.big_garden
            && postings.iter().any(|p| p.account == Account::BigGarden)
            && postings
                .iter()
                .all(|p| matches!(p.account, Account::BigGarden | Account::Garden(_)))
    }
}

/// The files a log is downloaded as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DownloadFormat {
    Json,
    Csv,
    CsvFr,
    Jsonl,
    Journal,
}

impl DownloadFormat {
    pub const ALL: [DownloadFormat; 5] = [
        DownloadFormat::Csv,
        DownloadFormat::CsvFr,
        DownloadFormat::Jsonl,
        DownloadFormat::Journal,
        DownloadFormat::Json,
    ];

    pub fn name(self) -> &'static str {
        match self {
            DownloadFormat::Json => "json",
            DownloadFormat::Csv => "csv",
            DownloadFormat::CsvFr => "csv-fr",
            DownloadFormat::Jsonl => "jsonl",
            DownloadFormat::Journal => "journal",
        }
    }

    pub fn parse(text: &str) -> Option<DownloadFormat> {
        DownloadFormat::ALL.into_iter().find(|f| f.name() == text)
    }

    fn content_type(self) -> &'static str {
        match self {
            DownloadFormat::Json => "application/json",
            DownloadFormat::Csv | DownloadFormat::CsvFr => "text/csv; charset=utf-8",
            DownloadFormat::Jsonl => "application/jsonl",
            DownloadFormat::Journal => "text/plain; charset=utf-8",
        }
    }

    fn file_name(self) -> &'static str {
        match self {
            DownloadFormat::Json => "jardins-log.json",
            DownloadFormat::Csv => "jardins-log.csv",
            DownloadFormat::CsvFr => "jardins-log-fr.csv",
            DownloadFormat::Jsonl => "jardins-log.jsonl",
            DownloadFormat::Journal => "jardins.journal",
        }
    }
}

/// The format a query asks for, among `allowed`, else `default`; another is a 400 naming them.
pub fn format_of(
    query: &LogQuery,
    allowed: &[DownloadFormat],
    default: DownloadFormat,
) -> Result<DownloadFormat, ApiError> {
    match given(&query.format) {
        None => Ok(default),
        Some(text) => DownloadFormat::parse(text)
            .filter(|f| allowed.contains(f))
            .ok_or_else(|| {
                let names: Vec<&str> = allowed.iter().map(|f| f.name()).collect();
                ApiError::BadRequest(format!(
                    "format '{}' is not one of {}",
                    jardins_ledger::ids::excerpt(text),
                    names.join(", ")
                ))
            }),
    }
}

/// The entries of `filter` that `powers` may see, written as `format`.
pub fn render(
    ledger: &Ledger,
    powers: &Powers,
    filter: &LogFilter,
    format: DownloadFormat,
) -> Result<String, ApiError> {
    let visibility = Visibility::of(ledger, powers)?;
    let rows = || jardins_report::log::log(ledger, filter, &mut |record| visibility.sees(record));
    Ok(match format {
        DownloadFormat::Journal => {
            let owners = &visibility.owners;
            let mut out = Vec::new();
            jardins_report::journal_selected(ledger, &mut out, &mut |record| {
                visibility.sees(record)
                    && jardins_report::log::selected(&record.event, filter, owners)
            })?;
            String::from_utf8(out).map_err(|e| ApiError::Internal(e.to_string()))?
        }
        DownloadFormat::Json => rows()?.json(),
        DownloadFormat::Csv => rows()?.csv(),
        DownloadFormat::CsvFr => jardins_report::output::csv_french(&rows()?.csv())
            .map_err(|e| ApiError::Internal(e.to_string()))?,
        DownloadFormat::Jsonl => rows()?.jsonl(),
    })
}

/// A download: rendered off the async threads (it reads the whole log), sent as a file.
pub async fn download(
    app: &AppState,
    powers: &Powers,
    filter: LogFilter,
    format: DownloadFormat,
) -> Result<Response, ApiError> {
    let (ledger, powers) = (app.ledger.clone(), powers.clone());
    let text = tokio::task::spawn_blocking(move || render(&ledger, &powers, &filter, format))
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))??;
    let mut response = (
        StatusCode::OK,
        [(header::CONTENT_TYPE, format.content_type())],
        text,
    )
        .into_response();
    let disposition = format!("attachment; filename=\"{}\"", format.file_name());
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        response
            .headers_mut()
            .insert(header::CONTENT_DISPOSITION, value);
    }
    Ok(response)
}
