//! One error type for the API, with one status table; a 5xx keeps its detail in the log.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use jardins_ledger::Refusal;
use jardins_store::{AppendError, StoreError};
use serde_json::json;

use crate::access::Decision;

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
    },
    /// The request is malformed: what is wrong, for the client.
    BadRequest(String),
    /// An idempotency key reused with another request.
    Conflict(String),
    /// Too many sign-in attempts: try again after this many seconds.
    TooMany {
        retry_after_s: u64,
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
            ApiError::Busy => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The JSON body: a stable snake_case `error`, and what the client may show.
    pub fn body(&self) -> serde_json::Value {
        match self {
            ApiError::Unauthorized => {
                json!({"error": "unauthorized", "message": "sign in, or give a token: Authorization: Bearer TOKEN"})
            }
            ApiError::NotFound => json!({"error": "not_found", "message": "nothing here"}),
            ApiError::Forbidden => json!({"error": "forbidden", "message": "you may not do this"}),
            ApiError::Refused { rule, message } => {
                json!({"error": "refused", "rule": rule, "message": message})
            }
            ApiError::BadRequest(message) => json!({"error": "bad_request", "message": message}),
            ApiError::Conflict(message) => json!({"error": "conflict", "message": message}),
            ApiError::TooMany { retry_after_s } => {
                json!({"error": "too_many_attempts", "message": format!("too many attempts: try again in {retry_after_s} s")})
            }
            ApiError::Busy => {
                json!({"error": "busy", "message": "the server is busy: try again in a second"})
            }
            ApiError::Internal(_) => {
                json!({"error": "internal", "message": "the server failed; nothing more was recorded"})
            }
        }
    }

    pub fn refused(refusal: &Refusal) -> ApiError {
        ApiError::Refused {
            rule: refusal.rule().to_string(),
            message: sentence(refusal),
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

/// A refusal said in English, the API's language (the rule's name and values stay data).
pub fn sentence(refusal: &Refusal) -> String {
    jardins_text::Text::new(jardins_text::Lang::En).refusal(refusal)
}
