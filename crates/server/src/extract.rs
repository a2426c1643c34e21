//! The signed-in person, from a session cookie or an `Authorization: Bearer` token. A bad
//! credential never reads as anonymous: it is a 401. A state-changing request with a cookie
//! must also pass the CSRF checks here, so that no handler can forget them.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, HeaderMap};
use jardins_ledger::PersonId;

use crate::access::Powers;
use crate::csrf;
use crate::error::ApiError;
use crate::session::{self, COOKIE};
use crate::state::AppState;

/// How the person proved who they are.
#[derive(Clone, Debug)]
pub enum Via {
    /// A session cookie: the session's secret id (to end it) and its CSRF token.
    Session {
        secret: String,
        csrf: String,
    },
    Token,
}

#[derive(Clone, Debug)]
pub struct Person {
    pub id: PersonId,
    pub powers: Powers,
    pub via: Via,
}

/// The session cookie's value, if the request has one.
pub fn session_cookie(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .map(|(_, value)| value.to_string())
}

fn bearer(headers: &HeaderMap) -> Option<Result<String, ApiError>> {
    let value = headers.get(header::AUTHORIZATION)?;
    Some(
        value
            .to_str()
            .ok()
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(|t| t.trim().to_string())
            .ok_or(ApiError::Unauthorized),
    )
}

/// Where a state-changing cookie request shows the session's CSRF token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Proof {
    /// In the `X-CSRF-Token` header, checked here (the API).
    Header,
    /// In the form's `csrf` field, which the page handler checks with
    /// [`Person::form_token_ok`] once it has read the body; the origin is checked here.
    FormField,
}

impl Person {
    /// The form's `csrf` field is this session's token (a Bearer token needs none).
    pub fn form_token_ok(&self, given: &str) -> bool {
        match &self.via {
            Via::Session { csrf, .. } => csrf::same_token(given, csrf),
            Via::Token => true,
        }
    }
}

impl FromRequestParts<AppState> for Person {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, app: &AppState) -> Result<Self, ApiError> {
        resolve(parts, app, Proof::Header).await
    }
}

/// The person of a request, with the CSRF checks `proof` says.
pub async fn resolve(parts: &Parts, app: &AppState, proof: Proof) -> Result<Person, ApiError> {
    {
        let now = app.now();
        let access = app.ledger.access()?;
        let (id, via) = if let Some(token) = bearer(&parts.headers) {
            let token = token?;
            match access.token(&token)? {
                Some(t) if !t.revoked => (t.person, Via::Token),
                _ => return Err(ApiError::Unauthorized),
            }
        } else if let Some(secret) = session_cookie(&parts.headers) {
            let Some(found) = access.session(&secret)? else {
                return Err(ApiError::Unauthorized);
            };
            if !session::session_live(&found, now, &app.config.limits) {
                access.end_session(&secret)?;
                return Err(ApiError::Unauthorized);
            }
            if session::worth_touching(&found, now, &app.config.limits) {
                access.touch_session(&secret, now)?;
            }
            (
                found.person,
                Via::Session {
                    secret,
                    csrf: found.csrf,
                },
            )
        } else {
            return Err(ApiError::Unauthorized);
        };
        // A token needs no password; a disabled person has neither sessions nor tokens.
        let account = access.account(&id)?;
        if account.is_some_and(|a| a.disabled) {
            return Err(ApiError::Unauthorized);
        }
        if let Via::Session { csrf, .. } = &via {
            let token_ok = match proof {
                Proof::Header => csrf::token_matches(&parts.headers, csrf),
                Proof::FormField => true,
            };
            if csrf::changes_state(&parts.method)
                && (!csrf::same_origin(&parts.headers, &app.origin) || !token_ok)
            {
                tracing::warn!(person = %id, "refused: a cookie request without proof of origin");
                return Err(ApiError::Forbidden);
            }
        }
        tracing::Span::current().record("person", id.as_str());
        let powers = app.powers.powers(&app.ledger, &id, now.date_naive())?;
        Ok(Person { id, powers, via })
    }
}

/// The path's ids, in the route's order (none for a route without any). A path that is not
/// UTF-8 once decoded names nothing that exists: 404, as an unknown id.
pub struct Ids(pub Vec<String>);

impl<S: Send + Sync> FromRequestParts<S> for Ids {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        use axum::extract::rejection::RawPathParamsRejection as R;
        match axum::extract::RawPathParams::from_request_parts(parts, state).await {
            Ok(params) => Ok(Ids(params.iter().map(|(_, v)| v.to_string()).collect())),
            Err(R::MissingPathParams(_)) => Ok(Ids(Vec::new())),
            Err(_) => Err(ApiError::NotFound),
        }
    }
}

impl Ids {
    /// The `index`th id of the path (a route names its ids; a missing one is not found).
    pub fn get(&self, index: usize) -> Result<&str, ApiError> {
        self.0
            .get(index)
            .map(String::as_str)
            .ok_or(ApiError::NotFound)
    }
}
