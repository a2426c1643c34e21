//! `POST /api/v1/import`: the events of a JSON Lines body (as `jardins export jsonl` or
//! `jardins generate` write them), for stewards. The writer runs the store's own import, in its
//! place in the queue: each line judged by the same rules as a typed command, the first refused
//! line named (422) with what was recorded before it, in the command line's words.

use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::Response;
use jardins_ledger::Value;
use jardins_store::{ImportError, ImportSummary, Recorded};
use jardins_text::{Lang, Text};
use serde_json::json;

use crate::access::{may, Action, Object};
use crate::api::answers::{Imported, Receipt};
use crate::api::commands::{answer, busy, keyed, once, requested};
use crate::error::{value_json, ApiError};
use crate::extract::Person;
use crate::state::AppState;

/// The rule of a line that is not an event at all (not JSON, a field missing…).
pub const LINE_RULE: &str = "ImportLine";

/// What a stopped import had recorded, as the end of its message (the command line's words).
fn recorded_words(recorded: &Option<Recorded>, t: Text) -> String {
    match recorded {
        Some(r) if r.through_line > 0 => t.message(
            "cli-import-recorded",
            &[
                ("through", Value::Count(r.through_line)),
                ("appended", Value::Count(r.appended)),
                ("head", Value::Count(r.head.sequence)),
                ("hash", Value::Text(hex::encode(r.head.hash))),
            ],
        ),
        _ => t.message("cli-import-nothing-recorded", &[]),
    }
}

/// An import stopped at a line, as the answer of the API: see `stopped_said`.
pub fn stopped(error: &ImportError, t: Text) -> Option<ApiError> {
    let (rule, message, values) = stopped_said(error, t)?;
    Some(ApiError::refused_by(&rule, message, &values))
}

/// What a rule's value of a stopped import is called, and the value.
pub type StopValues = Vec<(&'static str, serde_json::Value)>;

/// An import stopped at a line, as `jardins import` says it (the command line's words, the
/// server's too): the rule (the ledger's own when it refused the line's command), the sentence
/// with what was recorded before the line, and the values (the line, the rule's values, what
/// was recorded). `None` for a failure of the store, which is no one's line.
pub fn stopped_said(error: &ImportError, t: Text) -> Option<(String, String, StopValues)> {
    let (rule, message, mut values, recorded) = match error {
        ImportError::Store(_) => return None,
        ImportError::Line {
            line,
            reason,
            recorded,
        } => (
            LINE_RULE.to_string(),
            t.message(
                "cli-import-line",
                &[
                    ("line", Value::Count(*line)),
                    ("reason", Value::Text(reason.clone())),
                ],
            ),
            vec![("line", json!(line)), ("reason", json!(reason))],
            recorded,
        ),
        ImportError::Refused {
            line,
            sequence,
            refusal,
            recorded,
        } => {
            let mut args = vec![
                ("line", Value::Count(*line)),
                ("refusal", Value::Text(t.refusal(refusal))),
            ];
            let id = match sequence {
                Some(sequence) => {
                    args.push(("sequence", Value::Count(*sequence)));
                    "cli-import-refused-entry"
                }
                None => "cli-import-refused",
            };
            let (rule, parts) = refusal.parts();
            let mut values = vec![("line", json!(line)), ("sequence", json!(sequence))];
            values.extend(parts.iter().map(|(name, value)| (*name, value_json(value))));
            (rule.to_string(), t.message(id, &args), values, recorded)
        }
        ImportError::InvalidValue {
            line,
            field,
            refusal,
            recorded,
        } => {
            let (rule, parts) = refusal.parts();
            let mut values = vec![("line", json!(line)), ("field", json!(field))];
            values.extend(parts.iter().map(|(name, value)| (*name, value_json(value))));
            let message = t.message(
                "cli-import-invalid",
                &[
                    ("line", Value::Count(*line)),
                    ("field", Value::Text(field.clone())),
                    ("refusal", Value::Text(t.refusal(refusal))),
                ],
            );
            (rule.to_string(), message, values, recorded)
        }
    };
    let through = recorded.map_or(0, |r| r.through_line);
    values.push(("recorded_through_line", json!(through)));
    if let Some(r) = recorded.filter(|r| r.through_line > 0) {
        values.push(("appended", json!(r.appended)));
        values.push(("head", json!(receipt(r.head))));
    }
    let message = message + &recorded_words(recorded, t);
    Some((rule, message, values))
}

fn receipt(head: jardins_store::Head) -> serde_json::Value {
    json!({"sequence": head.sequence, "hash": hex::encode(head.hash)})
}

/// The answer to an import that went through.
fn summary(done: &ImportSummary) -> Imported {
    Imported {
        lines: done.lines,
        appended: done.appended,
        restored: done.restored,
        head: Receipt {
            sequence: done.head.sequence,
            hash: hex::encode(done.head.hash),
        },
    }
}

pub async fn import(
    State(app): State<AppState>,
    person: Person,
    uri: Uri,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    ApiError::of(may(&person.powers, Action::ImportEntries, &Object::Nothing))?;
    // The one body read past `body_bytes`: bounded by its own limit, read whole before the
    // writer sees it (a client that sends slowly never holds the writer).
    let limit_bytes = app.config.limits.import_bytes;
    let lines = axum::body::to_bytes(body, limit_bytes)
        .await
        .map_err(|_| ApiError::TooLarge { limit_bytes })?;
    let keyed = keyed(&headers, &format!("POST {}", requested(&uri)), &lines)?;
    once(&app, &person, keyed, async {
        let outcome = app.writer.import(lines.to_vec()).await.map_err(busy)?;
        match outcome.map_err(ApiError::Internal)? {
            Ok(done) => {
                tracing::info!(person = %person.id, lines = done.lines, appended = done.appended, "imported");
                Ok((StatusCode::CREATED, answer(&summary(&done))?))
            }
            Err(error) => {
                let refused = stopped(&error, Text::new(Lang::En))
                    .unwrap_or_else(|| ApiError::Internal(error.to_string()));
                Ok((refused.status(), refused.body()))
            }
        }
    })
    .await
}
