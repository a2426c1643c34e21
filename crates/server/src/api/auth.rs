//! Signing in and out, setting a password from an invitation, and the access changes a
//! steward (or a garden's core, for its members) makes while the server holds the ledger.

use std::collections::BTreeSet;
use std::net::SocketAddr;

use axum::body::Bytes;
use axum::extract::{ConnectInfo, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::Duration;
use jardins_ledger::PersonId;
use serde::Deserialize;

use crate::access::{may, Action, Object, PersonFacts};
use crate::api::answers::{Disabled, Invitation, Journal, JournalLine, Me, SignedIn, TokenIssued};
use crate::api::commands::parse;
use crate::config::INVITATION_DAYS;
use crate::error::ApiError;
use crate::extract::{Person, Via};
use crate::session::{self, secret};
use crate::state::AppState;

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Credentials {
    pub person: String,
    pub password: String,
}

/// The longest a person id or password may be before it is even looked at, in bytes.
const MAX_CREDENTIAL_BYTES: usize = 1024;

/// Checks a person's password (argon2 off the async threads; a dummy hash for an unknown
/// name), within the rate limits; starts a new session. Errors are generic.
pub(crate) async fn sign_in(
    app: &AppState,
    address: SocketAddr,
    credentials: Credentials,
) -> Result<(PersonId, String, String), ApiError> {
    if credentials.person.len() > MAX_CREDENTIAL_BYTES
        || credentials.password.len() > MAX_CREDENTIAL_BYTES
    {
        return Err(ApiError::Unauthorized);
    }
    let keys = [
        format!("account:{}", credentials.person),
        format!("address:{}", address.ip()),
    ];
    app.auth.check_rate(&keys)?;
    let person: Option<PersonId> = credentials.person.parse().ok();
    let account = match &person {
        Some(p) => app.ledger.access()?.account(p)?,
        None => None,
    };
    let usable = account.as_ref().filter(|a| !a.disabled);
    let hash = usable
        .and_then(|a| a.password_hash.clone())
        .unwrap_or_else(|| app.auth.dummy_hash().to_string());
    let known = usable.is_some_and(|a| a.password_hash.is_some());
    let password = credentials.password;
    let matches = tokio::task::spawn_blocking(move || session::verify_password(&password, &hash))
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    let (Some(person), true, true) = (person, known, matches) else {
        app.auth.failed(&keys);
        tracing::warn!(person = %crate::printable(&credentials.person), %address, "sign-in failed");
        return Err(ApiError::Unauthorized);
    };
    // A new id at every sign-in: a session id set before (fixation) is never the signed-in one.
    let id = secret();
    let csrf = secret();
    app.ledger
        .access()?
        .start_session(&id, &person, &csrf, app.now())?;
    tracing::info!(person = %person, %address, "signed in");
    Ok((person, id, csrf))
}

/// `POST /api/v1/session` {person, password}: the cookie, and the CSRF token to send back.
pub async fn api_sign_in(
    State(app): State<AppState>,
    ConnectInfo(address): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let credentials: Credentials = parse(&body)?;
    // Sign-in is a state change done before there is a session: its origin is checked too.
    if !crate::csrf::same_origin(&headers, &app.origin) && headers.contains_key("origin") {
        return Err(ApiError::Forbidden);
    }
    let (person, id, csrf) = sign_in(&app, address, credentials).await?;
    let mut response = Json(SignedIn {
        person: person.as_str().to_string(),
        csrf,
    })
    .into_response();
    set_cookie(&mut response, &session::cookie(&id));
    Ok(response)
}

pub(crate) fn set_cookie(response: &mut Response, value: &str) {
    if let Ok(value) = header::HeaderValue::from_str(value) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
}

/// `DELETE /api/v1/session`: ends this session on the server.
pub async fn api_sign_out(
    State(app): State<AppState>,
    person: Person,
) -> Result<Response, ApiError> {
    ApiError::of(may(&person.powers, Action::OwnSession, &Object::Nothing))?;
    if let Via::Session { secret, .. } = &person.via {
        app.ledger.access()?.end_session(secret)?;
    }
    tracing::info!(person = %person.id, "signed out");
    let mut response = StatusCode::NO_CONTENT.into_response();
    set_cookie(&mut response, &session::cookie_cleared());
    Ok(response)
}

/// `GET /api/v1/me`: who is signed in, and their powers.
pub async fn me(person: Person) -> Result<Response, ApiError> {
    ApiError::of(may(&person.powers, Action::OwnSession, &Object::Nothing))?;
    let list = |set: &BTreeSet<jardins_ledger::GardenId>| -> Vec<String> {
        set.iter().map(|g| g.as_str().to_string()).collect()
    };
    let csrf = match &person.via {
        Via::Session { csrf, .. } => Some(csrf.clone()),
        Via::Token => None,
    };
    Ok(Json(Me {
        person: person.id.as_str().to_string(),
        steward: person.powers.steward,
        member_of: list(&person.powers.member_of),
        core_of: list(&person.powers.core_of),
        csrf,
    })
    .into_response())
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SetPassword {
    pub invitation: String,
    pub password: String,
}

pub(crate) async fn set_password(app: &AppState, form: SetPassword) -> Result<PersonId, ApiError> {
    if form.invitation.len() > MAX_CREDENTIAL_BYTES || form.password.len() > MAX_CREDENTIAL_BYTES {
        return Err(ApiError::BadRequest("too long".to_string()));
    }
    let access = app.ledger.access()?;
    if access.invitation(&form.invitation, app.now())?.is_none() {
        return Err(ApiError::NotFound);
    }
    if let Some(why) = app.auth.password_refusal(&form.password) {
        return Err(ApiError::refused_by("WeakPassword", why, &[]));
    }
    let password = form.password;
    let hash = tokio::task::spawn_blocking(move || session::hash_password(&password))
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))??;
    let person = access
        .redeem_invitation(&form.invitation, &hash, app.now())?
        .ok_or(ApiError::NotFound)?;
    tracing::info!(person = %person, "password set from an invitation");
    Ok(person)
}

/// `POST /api/v1/invitation` {invitation, password}: sets the password (204).
pub async fn api_set_password(
    State(app): State<AppState>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let form: SetPassword = parse(&body)?;
    set_password(&app, form).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PersonBody {
    pub person: String,
}

/// The person an access change is about, with the gardens they belong to.
fn person_facts(app: &AppState, text: &str) -> Result<PersonFacts, ApiError> {
    let id: PersonId = text.parse().map_err(|_| ApiError::NotFound)?;
    let known = app.ledger.people()?.into_iter().any(|(p, _)| p == id);
    if !known {
        return Err(ApiError::NotFound);
    }
    let mut gardens = BTreeSet::new();
    for (g, _) in app.ledger.gardens()? {
        if app.ledger.members(&g)?.iter().any(|(p, _)| *p == id) {
            gardens.insert(g);
        }
    }
    Ok(PersonFacts { id, gardens })
}

/// The person an access change names in its body, once the table allows the change (or it is
/// the person's own, where `own_allowed`).
fn access_change(
    app: &AppState,
    person: &Person,
    body: &Bytes,
    own_allowed: bool,
) -> Result<PersonFacts, ApiError> {
    let b: PersonBody = parse(body)?;
    let facts = person_facts(app, &b.person)?;
    if !(own_allowed && facts.id == person.id) {
        ApiError::of(may(
            &person.powers,
            Action::ManageAccess,
            &Object::Person(&facts),
        ))?;
    }
    Ok(facts)
}

/// The link an invitation is used at.
pub fn invitation_link(origin: &str, secret: &str) -> String {
    format!("{origin}/invitation/{secret}")
}

/// `POST /api/v1/access/invitations` {person}: a one-time link, valid 7 days.
pub async fn invite(
    State(app): State<AppState>,
    person: Person,
    body: Bytes,
) -> Result<Response, ApiError> {
    let facts = access_change(&app, &person, &body, false)?;
    let link_secret = secret();
    let now = app.now();
    let expires = now + Duration::days(INVITATION_DAYS);
    app.ledger
        .access()?
        .invite(&facts.id, &link_secret, expires, Some(&person.id), now)?;
    tracing::info!(by = %person.id, person = %facts.id, "invited");
    Ok((
        StatusCode::CREATED,
        Json(Invitation {
            person: facts.id.as_str().to_string(),
            link: invitation_link(&app.origin, &link_secret),
            expires,
        }),
    )
        .into_response())
}

/// `POST /api/v1/access/tokens` {person}: a personal API token, shown once.
pub async fn token(
    State(app): State<AppState>,
    person: Person,
    body: Bytes,
) -> Result<Response, ApiError> {
    // A person may have a token of their own.
    let facts = access_change(&app, &person, &body, true)?;
    let token_secret = secret();
    let token =
        app.ledger
            .access()?
            .issue_token(&facts.id, &token_secret, Some(&person.id), app.now())?;
    Ok((
        StatusCode::CREATED,
        Json(TokenIssued {
            person: facts.id.as_str().to_string(),
            id: token.id,
            token: token_secret,
        }),
    )
        .into_response())
}

/// `POST /api/v1/access/disable` {person}: no more sign-in; their sessions end now.
pub async fn disable(
    State(app): State<AppState>,
    person: Person,
    body: Bytes,
) -> Result<Response, ApiError> {
    let facts = access_change(&app, &person, &body, false)?;
    let changed = app
        .ledger
        .access()?
        .disable(&facts.id, Some(&person.id), app.now())?;
    tracing::info!(by = %person.id, person = %facts.id, "disabled");
    Ok(Json(Disabled {
        person: facts.id.as_str().to_string(),
        changed,
    })
    .into_response())
}

#[derive(Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct JournalQuery {
    /// The first entry of the journal to give [default: 1].
    pub from: Option<u64>,
}

/// `GET /api/v1/access/journal`: every change of access, for stewards.
pub async fn journal(
    State(app): State<AppState>,
    person: Person,
    Query(q): Query<JournalQuery>,
) -> Result<Response, ApiError> {
    ApiError::of(may(&person.powers, Action::Stewardship, &Object::Nothing))?;
    let entries = app
        .ledger
        .access()?
        .journal(q.from.unwrap_or(1))?
        .into_iter()
        .map(|e| JournalLine {
            number: e.number,
            at: e.at,
            by: e.by.map(|p| p.as_str().to_string()),
            change: e.change.name().to_string(),
            person: e.change.person().as_str().to_string(),
        })
        .collect();
    Ok(Json(Journal { entries }).into_response())
}
