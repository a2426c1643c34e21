//! Sign in, set a password from an invitation, sign out. Before a session exists a form's
//! origin is its proof (`Origin`, or `Sec-Fetch-Site: same-origin`); sign-out carries the
//! session's token.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Form;
use jardins_text::Text;
use maud::{html, Markup};
use serde::Deserialize;

use super::{local_path, page, say, see_other, Html, PageError, PageLang, PagePerson};
use crate::access::{may, Action, Object};
use crate::api::auth::{self, Credentials, SetPassword};
use crate::error::ApiError;
use crate::extract::Via;
use crate::session;
use crate::state::AppState;

#[derive(Deserialize)]
pub struct SignInQuery {
    pub next: Option<String>,
}

fn plain_http_warning(t: Text, app: &AppState) -> Markup {
    // Browsers keep the Secure session cookie over plain http only for localhost.
    let local = ["http://127.0.0.1", "http://localhost", "http://[::1]"]
        .iter()
        .any(|p| app.origin.starts_with(p));
    html! {
        @if app.origin.starts_with("http://") && !local {
            p class="error" role="alert" { (say(t, "pages-sign-in-plain-http", &[])) }
        }
    }
}

fn sign_in_page(t: Text, app: &AppState, next: &str, problem: Option<String>) -> Markup {
    let title = say(t, "pages-sign-in-title", &[]);
    page(
        t,
        &title,
        None,
        "/sign-in",
        html! {
            h1 { (title) }
            (plain_http_warning(t, app))
            @if let Some(problem) = problem {
                p class="error" role="alert" { (problem) }
            }
            form method="post" action="/sign-in" class="stack" {
                input type="hidden" name="next" value=(local_path(next));
                label { (say(t, "pages-sign-in-person", &[]))
                    input name="person" required autocomplete="username" autocapitalize="none"; }
                label { (say(t, "pages-sign-in-password", &[]))
                    input type="password" name="password" required autocomplete="current-password"; }
                button type="submit" { (say(t, "pages-sign-in-submit", &[])) }
            }
            p { (say(t, "pages-sign-in-lost", &[])) }
        },
    )
}

/// `GET /sign-in`.
pub async fn sign_in_form(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    Query(q): Query<SignInQuery>,
) -> Html {
    let next = q.next.unwrap_or_else(|| "/".to_string());
    Html(sign_in_page(Text::new(lang), &app, &next, None))
}

#[derive(Deserialize)]
pub struct SignInForm {
    pub person: String,
    pub password: String,
    #[serde(default)]
    pub next: Option<String>,
}

/// `POST /sign-in`: a new session, then the page asked for (a local path only).
pub async fn sign_in_submit(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    ConnectInfo(address): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(form): Form<SignInForm>,
) -> Result<Response, PageError> {
    if !crate::csrf::same_origin(&headers, &app.origin) {
        return Err(PageError::new(lang, ApiError::Forbidden));
    }
    let t = Text::new(lang);
    let next = form.next.clone().unwrap_or_else(|| "/".to_string());
    let credentials = Credentials {
        person: form.person,
        password: form.password,
    };
    match auth::sign_in(&app, address, credentials).await {
        Ok((_, id, _)) => {
            let mut response = see_other(local_path(&next));
            auth::set_cookie(&mut response, &session::cookie(&id));
            Ok(response)
        }
        Err(ApiError::Unauthorized) => {
            let problem = say(t, "pages-sign-in-wrong", &[]);
            let body = sign_in_page(t, &app, &next, Some(problem));
            Ok((StatusCode::UNAUTHORIZED, Html(body)).into_response())
        }
        Err(ApiError::TooMany { retry_after_s }) => {
            let problem = say(
                t,
                "pages-sign-in-too-many",
                &[("seconds", retry_after_s.to_string())],
            );
            let body = sign_in_page(t, &app, &next, Some(problem));
            Ok((StatusCode::TOO_MANY_REQUESTS, Html(body)).into_response())
        }
        Err(other) => Err(PageError::new(lang, other)),
    }
}

fn password_page(t: Text, problem: Option<String>) -> Markup {
    let title = say(t, "pages-password-title", &[]);
    page(
        t,
        &title,
        None,
        "/sign-in",
        html! {
            h1 { (title) }
            p { (say(t, "pages-password-hint", &[])) }
            @if let Some(problem) = problem {
                p class="error" role="alert" id="password-error" { (problem) }
            }
            form method="post" class="stack" {
                label { (say(t, "pages-password-label", &[]))
                    input type="password" name="password" minlength="12" required
                        autocomplete="new-password"; }
                button type="submit" { (say(t, "pages-password-submit", &[])) }
            }
        },
    )
}

/// `GET /invitation/{secret}`: the form (whether the link is still good is told on submit).
pub async fn password_form(PageLang(lang): PageLang) -> Html {
    Html(password_page(Text::new(lang), None))
}

#[derive(Deserialize)]
pub struct PasswordField {
    pub password: String,
}

/// `POST /invitation/{secret}`: sets the password, then to the sign-in page.
pub async fn password_submit(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    Path(invitation): Path<String>,
    headers: HeaderMap,
    Form(field): Form<PasswordField>,
) -> Result<Response, PageError> {
    if !crate::csrf::same_origin(&headers, &app.origin) {
        return Err(PageError::new(lang, ApiError::Forbidden));
    }
    let t = Text::new(lang);
    let form = SetPassword {
        invitation,
        password: field.password,
    };
    match auth::set_password(&app, form).await {
        Ok(person) => {
            let title = say(t, "pages-password-done", &[]);
            let body = page(
                t,
                &title,
                None,
                "/sign-in",
                html! {
                    h1 { (title) }
                    p class="notice" { (say(t, "pages-password-done-person", &[("person", person.as_str().to_string())])) }
                    p { a href="/sign-in" id="to-sign-in" { (say(t, "pages-sign-in-submit", &[])) } }
                },
            );
            Ok(Html(body).into_response())
        }
        Err(ApiError::Refused { message, .. }) => {
            // The password rule's own words (English in the API) are not shown: the catalog's are.
            tracing::info!(%message, "a weak password refused");
            let body = password_page(t, Some(say(t, "pages-password-weak", &[])));
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(body)).into_response())
        }
        Err(ApiError::NotFound) => {
            let title = say(t, "pages-password-expired", &[]);
            let body = page(t, &title, None, "/sign-in", html! { h1 { (title) } });
            Ok((StatusCode::NOT_FOUND, Html(body)).into_response())
        }
        Err(other) => Err(PageError::new(lang, other)),
    }
}

#[derive(Deserialize)]
pub struct CsrfField {
    #[serde(default)]
    pub csrf: String,
}

/// `POST /sign-out`: ends this session, then to the sign-in page.
pub async fn sign_out(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PagePerson(person): PagePerson,
    Form(field): Form<CsrfField>,
) -> Result<Response, PageError> {
    crate::error::ApiError::of(may(&person.powers, Action::OwnSession, &Object::Nothing))
        .map_err(|e| PageError::new(lang, e))?;
    if !person.form_token_ok(&field.csrf) {
        return Err(PageError::new(lang, ApiError::Forbidden));
    }
    if let Via::Session { secret, .. } = &person.via {
        app.ledger
            .access()
            .map_err(|e| PageError::new(lang, e))?
            .end_session(secret)
            .map_err(|e| PageError::new(lang, e))?;
    }
    tracing::info!(person = %person.id, "signed out");
    let mut response = see_other("/sign-in");
    auth::set_cookie(&mut response, &session::cookie_cleared());
    Ok(response)
}
