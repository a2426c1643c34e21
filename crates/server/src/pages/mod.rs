//! The pages: server-rendered HTML (maud escapes every value it writes), every word from the
//! catalog in the reader's language, no script. Each handler asks the access table exactly as
//! its API twin does, and its route is registered through the same helper, so the
//! authorization matrix covers it.

pub mod audit;
pub mod constitution;
pub mod forms;
pub mod garden;
pub mod home;
pub mod log;
pub mod members;
pub mod record;
pub mod sign_in;

use axum::extract::{FromRequestParts, Path, Query};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use jardins_ledger::Value;
use jardins_text::{Lang, Text};
use maud::{html, Markup, DOCTYPE};
use serde::Deserialize;

use crate::error::ApiError;
use crate::extract::{self, Person, Proof, Via};
use crate::state::AppState;

/// The cookie that remembers the language chosen with the switch.
pub const LANG_COOKIE: &str = "jardins-lang";

/// The longest `Accept-Language` header read, in bytes (browsers send a few dozen).
const MAX_ACCEPT_LANGUAGE_BYTES: usize = 512;

/// The catalog's message `id` with text values.
pub fn say(t: Text, id: &str, args: &[(&str, String)]) -> String {
    let values: Vec<(&str, Value)> = args
        .iter()
        .map(|(name, value)| (*name, Value::Text(value.clone())))
        .collect();
    t.message(id, &values)
}

/// The reader's language: the switch's cookie, else `Accept-Language` by its weights, else
/// French.
pub fn lang_of(headers: &HeaderMap) -> Lang {
    let cookie = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == LANG_COOKIE)
        .and_then(|(_, value)| Lang::from_tag(value));
    if let Some(lang) = cookie {
        return lang;
    }
    headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .filter(|v| v.len() <= MAX_ACCEPT_LANGUAGE_BYTES)
        .and_then(accepted)
        .unwrap_or(Lang::Fr)
}

/// The first language of ours in an `Accept-Language` value, by weight (`q`), then order.
fn accepted(value: &str) -> Option<Lang> {
    let mut choices: Vec<(u16, usize, Lang)> = value
        .split(',')
        .enumerate()
        .filter_map(|(order, item)| {
            let mut parts = item.split(';');
            let lang = Lang::from_tag(parts.next()?)?;
            let weight = parts
                .filter_map(|p| p.trim().strip_prefix("q="))
                .filter_map(|q| q.trim().parse::<f32>().ok())
                .next()
                .unwrap_or(1.0);
            // Weights have at most three decimals (RFC 9110): per mille is exact.
            let per_mille = (weight.clamp(0.0, 1.0) * 1000.0).round() as u16;
            (per_mille > 0).then_some((per_mille, order, lang))
        })
        .collect();
    choices.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    choices.first().map(|c| c.2)
}

/// A date as the reader types it in a form: `03/11/2026` in French, `2026-11-03` in English
/// (what `jardins_text::parse::date` reads back).
pub fn typed_date(t: Text, date: chrono::NaiveDate) -> String {
    match t.lang() {
        Lang::Fr => date.format("%d/%m/%Y").to_string(),
        Lang::En => date.format("%Y-%m-%d").to_string(),
    }
}

/// The reader's language, as an extractor (it cannot fail).
#[derive(Clone, Copy, Debug)]
pub struct PageLang(pub Lang);

impl FromRequestParts<AppState> for PageLang {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &AppState) -> Result<Self, Self::Rejection> {
        Ok(PageLang(lang_of(&parts.headers)))
    }
}

/// The signed-in person of a page. Without a session: a 303 to the sign-in page, which comes
/// back here. A form's CSRF token is checked by its handler ([`Person::form_token_ok`]).
pub struct PagePerson(pub Person);

impl FromRequestParts<AppState> for PagePerson {
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, app: &AppState) -> Result<Self, PageError> {
        let lang = lang_of(&parts.headers);
        match extract::resolve(parts, app, Proof::FormField).await {
            Ok(person) => Ok(PagePerson(person)),
            Err(ApiError::Unauthorized) => Err(PageError::SignIn {
                next: parts.uri.path().to_string(),
            }),
            Err(error) => Err(PageError::Api { lang, error }),
        }
    }
}

/// What a page answers when it cannot show itself.
#[derive(Debug)]
pub enum PageError {
    /// No session: to the sign-in page, then back to `next`.
    SignIn {
        next: String,
    },
    Api {
        lang: Lang,
        error: ApiError,
    },
}

impl PageError {
    pub fn new(lang: Lang, error: impl Into<ApiError>) -> PageError {
        PageError::Api {
            lang,
            error: error.into(),
        }
    }
}

/// `next` if it is a path of this site (`/…`, not `//…` nor `/\…`), else the home page.
pub fn local_path(next: &str) -> &str {
    let local = next.starts_with('/')
        && !next.starts_with("//")
        && !next.starts_with("/\\")
        && !next.chars().any(|c| c.is_control());
    if local {
        next
    } else {
        "/"
    }
}

/// A 303 to `path` (a local path).
pub fn see_other(path: &str) -> Response {
    let mut response = StatusCode::SEE_OTHER.into_response();
    if let Ok(value) = HeaderValue::from_str(local_path(path)) {
        response.headers_mut().insert(header::LOCATION, value);
    }
    response
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let (lang, error) = match self {
            PageError::SignIn { next } => {
                let query = if next == "/" {
                    String::new()
                } else {
                    format!("?next={}", encode(&next))
                };
                return see_other(&format!("/sign-in{query}"));
            }
            PageError::Api { lang, error } => (lang, error),
        };
        if let ApiError::Internal(detail) = &error {
            tracing::error!(%detail, "page failed");
        }
        let t = Text::new(lang);
        let id = match &error {
            ApiError::NotFound => "pages-error-not-found",
            ApiError::Forbidden => "pages-error-forbidden",
            ApiError::BadRequest(_) => "pages-error-bad-request",
            ApiError::Busy | ApiError::TooMany { .. } => "pages-error-busy",
            _ => "pages-error-internal",
        };
        let title = say(t, id, &[]);
        let body = html! {
            h1 { (title) }
            p { a href="/" { (say(t, "pages-back-home", &[])) } }
        };
        let mut response = (error.status(), Html(page(t, &title, None, "/", body))).into_response();
        if matches!(error, ApiError::Busy) {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        }
        response
    }
}

/// Percent-encodes a path for a query value (every byte but unreserved ones and `/`).
pub fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Who the page is shown to: for the header's name and its sign-out form.
pub struct Reader<'a> {
    pub person: &'a Person,
}

impl Reader<'_> {
    pub fn csrf(&self) -> &str {
        match &self.person.via {
            Via::Session { csrf, .. } => csrf,
            Via::Token => "",
        }
    }
}

/// The base layout: `<html lang>`, the served stylesheet, the header with the language
/// switch (back to `here`) and, for a signed-in reader, the home link and sign-out.
pub fn page(t: Text, title: &str, reader: Option<&Reader<'_>>, here: &str, body: Markup) -> Markup {
    let other = match t.lang() {
        Lang::Fr => Lang::En,
        Lang::En => Lang::Fr,
    };
    let switch = format!("/lang/{}?next={}", other.code(), encode(local_path(here)));
    html! {
        (DOCTYPE)
        html lang=(t.lang().code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · jardins" }
                link rel="stylesheet" href="/static/style.css";
            }
            body {
                header {
                    nav aria-label=(say(t, "pages-nav", &[])) {
                        a href="/" class="brand" { "jardins" }
                        @if reader.is_some() {
                            a href="/" { (say(t, "pages-home-title", &[])) }
                            a href="/audit" { (say(t, "pages-audit-title", &[])) }
                            a href="/log" { (say(t, "pages-log-title", &[])) }
                        }
                        a href=(switch) hreflang=(other.code()) lang=(other.code()) id="lang-switch" {
                            (say(t, "pages-switch-language", &[]))
                        }
                        @if let Some(reader) = reader {
                            form method="post" action="/sign-out" class="inline" {
                                input type="hidden" name="csrf" value=(reader.csrf());
                                span class="who" { (reader.person.id.as_str()) }
                                button type="submit" { (say(t, "pages-sign-out", &[])) }
                            }
                        }
                    }
                }
                main { (body) }
            }
        }
    }
}

/// A rendered page as a response (maud's `Markup` is HTML already escaped).
pub struct Html(pub Markup);

impl IntoResponse for Html {
    fn into_response(self) -> Response {
        (
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            self.0.into_string(),
        )
            .into_response()
    }
}

#[derive(Deserialize)]
pub struct Next {
    pub next: Option<String>,
}

/// `GET /lang/{fr|en}?next=PATH`: remembers the language a year, then back to the page.
pub async fn switch_language(Path(code): Path<String>, Query(next): Query<Next>) -> Response {
    let lang = Lang::from_tag(&code).unwrap_or(Lang::Fr);
    let mut response = see_other(local_path(next.next.as_deref().unwrap_or("/")));
    let cookie = format!(
        "{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax",
        lang.code()
    );
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response
}

/// The stylesheet, served by the binary (no asset from outside).
pub async fn stylesheet() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "max-age=3600"),
        ],
        include_str!("../../static/style.css"),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_is_read_by_weight_then_order() {
        assert_eq!(accepted("en-GB,en;q=0.9,fr;q=0.8"), Some(Lang::En));
        assert_eq!(accepted("de, en;q=0.5, fr;q=0.7"), Some(Lang::Fr));
        assert_eq!(accepted("fr;q=0, en;q=0.1"), Some(Lang::En));
        assert_eq!(accepted("de, it"), None);
    }

    #[test]
    fn only_local_paths_are_followed() {
        assert_eq!(local_path("/gardens/paris"), "/gardens/paris");
        assert_eq!(local_path("//evil.example/"), "/");
        assert_eq!(local_path("/\\evil.example"), "/");
        assert_eq!(local_path("https://evil.example/"), "/");
        assert_eq!(local_path("javascript:alert(1)"), "/");
    }
}
