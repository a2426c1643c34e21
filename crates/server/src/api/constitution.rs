//! `POST /api/v1/gardens/{garden}/constitution`: a garden's core adopts a version of its
//! constitution, written as the command line's TOML file (`jardins garden constitution`) or as
//! the same keys in JSON. The file is read by the command line's own parser
//! (`jardins_text::constitution_file`): the same problems, at the same places.

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, Uri};
use axum::response::Response;
use chrono::NaiveDate;
use jardins_ledger::{Command, CommandKind, GardenId};
use jardins_text::constitution_file::{self, FileProblem};
use jardins_text::{Lang, Text};
use serde::Deserialize;
use serde_json::json;

use crate::access::Action;
use crate::api::commands::{keyed, requested, submit};
use crate::api::reports::{id, require_garden};
use crate::error::ApiError;
use crate::extract::Person;
use crate::state::AppState;

/// The date the version takes effect, as the command line's `--on` [default: today].
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct AdoptQuery {
    pub on: Option<NaiveDate>,
}

/// The rule a refused constitution file is named by, as on the command line.
pub const FILE_RULE: &str = "ConstitutionFile";

/// A 422 naming the place in the file and what to write there.
fn refused(problem: &FileProblem, t: Text) -> ApiError {
    ApiError::refused_by(
        FILE_RULE,
        constitution_file::said(problem, t),
        &[
            ("place", json!(problem.place)),
            ("problem", json!(problem.problem)),
        ],
    )
}

/// Whether the body is the JSON form (`Content-Type: application/json`); anything else is
/// read as the TOML file.
fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim_start().starts_with("application/json"))
}

pub async fn adopt(
    State(app): State<AppState>,
    person: Person,
    Path(garden): Path<String>,
    Query(q): Query<AdoptQuery>,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let keyed = keyed(&headers, &format!("POST {}", requested(&uri)), &body)?;
    let garden: GardenId = id(&garden)?;
    require_garden(&app, &person, &garden, Action::RecordGardenEntry)?;
    let text = std::str::from_utf8(&body).map_err(|e| {
        ApiError::BadRequest(format!(
            "the constitution is not UTF-8 text (byte {} is not): send it as UTF-8",
            e.valid_up_to()
        ))
    })?;
    // A byte order mark at its start is skipped, as the command line skips it in a file.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let on = q.on.unwrap_or_else(|| app.today());
    // The API speaks English, as its refusals do (error.rs).
    let t = Text::new(Lang::En);
    let parsed = if is_json(&headers) {
        constitution_file::parse_json(text, on, t)
    } else {
        constitution_file::parse(text, on, t)
    };
    let constitution = parsed.map_err(|problem| refused(&problem, t))?;
    let command = Command {
        on,
        kind: CommandKind::AdoptConstitution {
            garden,
            constitution,
        },
    };
    submit(&app, &person, keyed, command).await
}
