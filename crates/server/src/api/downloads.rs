//! The log and the journal of what the person may see (`downloads.rs` decides which entries):
//! `GET /api/v1/log?garden=&member=&kind=&from=&to=&format=json|csv|csv-fr|jsonl` and
//! `GET /api/v1/journal` with the same filter.

use axum::extract::{Query, State};
use axum::response::Response;

use crate::downloads::{self, DownloadFormat, LogQuery};
use crate::error::ApiError;
use crate::extract::Person;
use crate::state::AppState;

pub async fn log(
    State(app): State<AppState>,
    person: Person,
    Query(query): Query<LogQuery>,
) -> Result<Response, ApiError> {
    use DownloadFormat::*;
    let filter = downloads::filter(&app, &person.powers, None, &query)?;
    let format = downloads::format_of(&query, &[Json, Csv, CsvFr, Jsonl], Json)?;
    downloads::download(&app, &person.powers, filter, format).await
}

pub async fn journal(
    State(app): State<AppState>,
    person: Person,
    Query(query): Query<LogQuery>,
) -> Result<Response, ApiError> {
    let filter = downloads::filter(&app, &person.powers, None, &query)?;
    let format = downloads::format_of(&query, &[DownloadFormat::Journal], DownloadFormat::Journal)?;
    downloads::download(&app, &person.powers, filter, format).await
}
