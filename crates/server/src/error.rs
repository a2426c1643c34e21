//! One error type for the API, with one status table; a 5xx keeps its detail in the log.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use jardins_ledger::{Refusal, Value};
use jardins_store::{AppendError, StoreError};
use serde_json::json;

use crate::access::Decision;
use crate::api::answers::ErrorBody;

#[derive(Debug)]
pub enum ApiError {
    /// No credentials, or credentials that are not (or no longer) good.
    Unauthorized,
    /// Unknown, or private to others: the same answer either way.
    NotFound,
    Forbidden,
    /// A rule of the ledger refused the command.
    Refused {
        rule: String,
        message: String,
        /// The rule's values as data (`Refusal::parts`): name → value.
        values: serde_json::Map<String, serde_json::Value>,
    },
    /// The request is malformed: what is wrong, for the client.
    BadRequest(String),
    /// An idempotency key reused with another request.
    Conflict(String),
    /// Too many sign-in attempts: try again after this many seconds.
    TooMany {
        retry_after_s: u64,
    },
    /// A body above its limit, in bytes.
    TooLarge {
        limit_bytes: usize,
    },
    /// The writer's queue is full, or the server is stopping.
    Busy,
    /// The store or the server failed: generic to the client, detailed in the log.
    Internal(String),
}

impl ApiError {
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::Unauthorized => StatusCode::UNAUTHORIZED,
            ApiError::NotFound => StatusCode::NOT_FOUND,
            ApiError::Forbidden => StatusCode::FORBIDDEN,
            ApiError::Refused { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::Conflict(_) => StatusCode::CONFLICT,
            ApiError::TooMany { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::Busy => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The JSON body ([`ErrorBody`]): a stable snake_case `error`, and what the client may
    /// show; a refusal adds its rule and values.
    pub fn body(&self) -> serde_json::Value {
        let (error, message) = self.said();
        let (rule, values) = match self {
            ApiError::Refused { rule, values, .. } => (Some(rule.clone()), Some(values.clone())),
            _ => (None, None),
        };
        let body = ErrorBody {
            error: error.to_string(),
            message,
            rule,
            values,
        };
        serde_json::to_value(body).unwrap_or_else(|_| json!({"error": error}))
    }

    /// The stable code and the sentence.
    fn said(&self) -> (&'static str, String) {
        fn said(error: &'static str, message: &str) -> (&'static str, String) {
            (error, message.to_string())
        }
        match self {
            ApiError::Unauthorized => said(
                "unauthorized",
                "sign in, or give a token: Authorization: Bearer TOKEN",
            ),
            ApiError::NotFound => said("not_found", "nothing here"),
            ApiError::Forbidden => said("forbidden", "you may not do this"),
            ApiError::Refused { message, .. } => said("refused", message),
            ApiError::BadRequest(message) => said("bad_request", message),
            ApiError::Conflict(message) => said("conflict", message),
            ApiError::TooMany { retry_after_s } => said(
                "too_many_attempts",
                &format!("too many attempts: try again in {retry_after_s} s"),
            ),
            ApiError::TooLarge { limit_bytes } => said(
                "too_large",
                &format!("the body is above the limit of {limit_bytes} bytes: send it in parts"),
            ),
            ApiError::Busy => said("busy", "the server is busy: try again in a second"),
            ApiError::Internal(_) => {
                said("internal", "the server failed; nothing more was recorded")
            }
        }
    }

    pub fn refused(refusal: &Refusal) -> ApiError {
        let (rule, values) = refusal.parts();
        ApiError::Refused {
            rule: rule.to_string(),
            message: sentence(refusal),
            values: values
                .iter()
                .map(|(name, value)| (name.to_string(), value_json(value)))
                .collect(),
        }
    }

    /// A refusal the server itself makes (a password, a constitution file): its rule, its
    /// sentence and its values.
    pub fn refused_by(
        rule: &str,
        message: String,
        values: &[(&str, serde_json::Value)],
    ) -> ApiError {
        ApiError::Refused {
            rule: rule.to_string(),
            message,
            values: values
                .iter()
                .map(|(name, value)| (name.to_string(), value.clone()))
                .collect(),
        }
    }

    /// The error of a decision that is not `Allowed`.
    pub fn of(decision: Decision) -> Result<(), ApiError> {
        match decision {
            Decision::Allowed => Ok(()),
            Decision::NotFound => Err(ApiError::NotFound),
            Decision::Forbidden => Err(ApiError::Forbidden),
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(error: StoreError) -> ApiError {
        ApiError::Internal(error.to_string())
    }
}

impl From<jardins_report::ReportError> for ApiError {
    fn from(error: jardins_report::ReportError) -> ApiError {
        use jardins_report::ReportError as E;
        match error {
            E::NoSuchGarden { .. } => ApiError::NotFound,
            E::Store(error) => error.into(),
            E::Inconsistent { .. } | E::Io { .. } | E::Chart { .. } => {
                ApiError::Internal(error.to_string())
            }
            other => ApiError::BadRequest(other.to_string()),
        }
    }
}

impl From<AppendError> for ApiError {
    fn from(error: AppendError) -> ApiError {
        match error {
            AppendError::Refused(refusal) => ApiError::refused(&refusal),
            AppendError::KeyReused { .. } => ApiError::Conflict(
                "this Idempotency-Key was used for another request: use a new key".to_string(),
            ),
            AppendError::InvalidKey { .. } => {
                ApiError::BadRequest("the Idempotency-Key is not valid".to_string())
            }
            AppendError::Store(error) => error.into(),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let ApiError::Internal(detail) = &self {
            tracing::error!(%detail, "request failed");
        }
        let mut response = (self.status(), Json(self.body())).into_response();
        let retry = match &self {
            ApiError::TooMany { retry_after_s } => Some(*retry_after_s),
            ApiError::Busy => Some(1),
            _ => None,
        };
        if let Some(seconds) = retry {
            if let Ok(value) = HeaderValue::from_str(&seconds.to_string()) {
                response.headers_mut().insert(header::RETRY_AFTER, value);
            }
        }
        response
    }
}

/// A refusal's value as JSON: text, dates and decimals as strings (decimals exact, at their
/// places), counts as numbers, money as `{amount, currency}`, a closed-set word as its key.
pub fn value_json(value: &Value) -> serde_json::Value {
    match value {
        Value::Text(text) => json!(text),
        Value::Count(count) => json!(count),
        Value::Date(date) => json!(date.to_string()),
        Value::Decimal(decimal) => json!(decimal.to_string()),
        Value::Money(money) => {
            json!({"amount": money.value.to_string(), "currency": money.currency.as_str()})
        }
        Value::List(values) => values.iter().map(value_json).collect(),
        Value::Word(word) => json!(word.key),
    }
}

/// A refusal said in English, the API's language (the rule's name and values stay data).
pub fn sentence(refusal: &Refusal) -> String {
    jardins_text::Text::new(jardins_text::Lang::En).refusal(refusal)
}
