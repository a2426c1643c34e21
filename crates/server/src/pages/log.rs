//! The log: the entries the person may see (`downloads.rs` decides), filtered by garden,
//! member, kind and dates, the latest first; and its downloads (CSV, the French CSV, JSON
//! Lines, the journal, JSON) of exactly those entries.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use jardins_ledger::{Account, GardenId};
use jardins_report::log::EVENT_KINDS;
use jardins_text::Text;
use maud::html;

use super::garden::flow_text;
use super::{page, say, Html, PageError, PageLang, PagePerson, Reader};
use crate::access::{may, Action, Decision, Object};
use crate::api::reports::garden_facts;
use crate::downloads::{self, DownloadFormat, FilterError, LogQuery, Visibility};
use crate::error::ApiError;
use crate::state::AppState;

/// Most entries the page lists (the latest); the downloads hold them all.
pub const LOG_PAGE_ROWS: usize = 200;

/// An event kind's words (`pages-event-` and its name).
pub fn event_text(t: Text, kind: &str) -> String {
    say(t, &format!("pages-event-{kind}"), &[])
}

/// An account as a reader says it: a garden's or a person's name, the big garden, outside.
fn account_text(t: Text, account: &Account, names: &Names) -> String {
    match account {
        Account::Garden(g) => names.garden(g),
        Account::Member(p) => names
            .people
            .get(p)
            .cloned()
            .unwrap_or_else(|| p.as_str().to_string()),
        Account::BigGarden => say(t, "pages-account-big-garden", &[]),
        Account::Outside => say(t, "pages-account-outside", &[]),
    }
}

/// The names the page shows for ids.
pub struct Names {
    pub gardens: std::collections::BTreeMap<GardenId, String>,
    pub people: std::collections::BTreeMap<jardins_ledger::PersonId, String>,
}

impl Names {
    pub fn of(app: &AppState) -> Result<Names, ApiError> {
        Ok(Names {
            gardens: app
                .ledger
                .gardens()?
                .into_iter()
                .map(|(id, g)| (id, g.name.to_string()))
                .collect(),
            people: app
                .ledger
                .people()?
                .into_iter()
                .map(|(id, p)| (id, p.name.to_string()))
                .collect(),
        })
    }

    /// A garden's name (its id, for one the ledger does not know).
    pub fn garden(&self, id: &GardenId) -> String {
        self.gardens
            .get(id)
            .cloned()
            .unwrap_or_else(|| id.as_str().to_string())
    }
}

/// One entry as a row of the page's tables: sequence, date, kind, from, to, amount, note, hash.
pub fn entry_row(t: Text, record: &jardins_store::Record, names: &Names) -> maud::Markup {
    let postings = record.event.postings();
    let from = postings.iter().find(|p| p.amount.is_sign_negative());
    let to = postings.iter().find(|p| p.amount.is_sign_positive());
    let note = note_of(&record.event.kind);
    html! {
        tr id=(format!("entry-{}", record.sequence)) {
            td class="num" { (record.sequence) }
            td { (t.date(record.event.on)) }
            td { (event_text(t, record.event.kind.name()))
                @if let Some(to) = to { br; small { (flow_text(t, to.kind)) } } }
            td { @if let Some(from) = from { (account_text(t, &from.account, names)) } }
            td { @if let Some(to) = to { (account_text(t, &to.account, names)) } }
            td class="num" { @if let Some(to) = to { (t.money(to.amount, &to.currency)) } }
            td { (note) }
            td class="hash" { code title=(hex::encode(record.hash)) { (hex::encode(&record.hash[..6])) } }
        }
    }
}

/// An entry's note or reason, for the kinds that carry one.
fn note_of(kind: &jardins_ledger::EventKind) -> String {
    use jardins_ledger::EventKind as K;
    match kind {
        K::ContributionPaid { note, .. }
        | K::CollectionRecorded { note, .. }
        | K::ExpensePaid { note, .. } => note.to_string(),
        K::EntryReversed { reason, .. } | K::GardenClosed { reason, .. } => reason.to_string(),
        _ => String::new(),
    }
}

/// The head of an entries table.
pub fn entries_head(t: Text) -> maud::Markup {
    html! {
        thead { tr {
            th scope="col" class="num" { (say(t, "pages-col-sequence", &[])) }
            th scope="col" { (say(t, "pages-col-date", &[])) }
            th scope="col" { (say(t, "pages-col-kind", &[])) }
            th scope="col" { (say(t, "pages-col-from", &[])) }
            th scope="col" { (say(t, "pages-col-to", &[])) }
            th scope="col" class="num" { (say(t, "pages-col-amount", &[])) }
            th scope="col" { (say(t, "pages-col-note", &[])) }
            th scope="col" { (say(t, "pages-col-hash", &[])) }
        } }
    }
}

/// `GET /log?garden=&member=&kind=&from=&to=`.
pub async fn log_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PagePerson(person): PagePerson,
    Query(query): Query<LogQuery>,
) -> Result<Response, PageError> {
    let fail = |e: ApiError| PageError::new(lang, e);
    let t = Text::new(lang);
    let (filter, problem) = match downloads::filter(&app, &person.powers, Some(lang), &query) {
        Ok(filter) => (Some(filter), None),
        Err(FilterError::Access(error)) => return Err(fail(error)),
        Err(FilterError::Field { field, message }) => (None, Some((field, message))),
    };
    let names = Names::of(&app).map_err(fail)?;
    let gardens: Vec<(GardenId, String)> = names
        .gardens
        .iter()
        .filter(|(id, _)| {
            garden_facts(&app, id).is_ok_and(|facts| {
                may(&person.powers, Action::SeeLog, &Object::Garden(&facts)) == Decision::Allowed
            })
        })
        .map(|(id, name)| (id.clone(), name.clone()))
        .collect();
    let rows = match &filter {
        Some(filter) => {
            let (ledger, powers, filter) =
                (app.ledger.clone(), person.powers.clone(), filter.clone());
            let found = tokio::task::spawn_blocking(move || -> Result<_, ApiError> {
                let visibility = Visibility::of(&ledger, &powers)?;
                Ok(jardins_report::log::log(&ledger, &filter, &mut |r| {
                    visibility.sees(r)
                })?)
            })
            .await
            .map_err(|e| fail(ApiError::Internal(e.to_string())))?
            .map_err(fail)?;
            Some(found)
        }
        None => None,
    };
    let error_on = |field: &str| {
        problem
            .as_ref()
            .filter(|(f, _)| *f == field)
            .map(|(_, m)| m.clone())
    };
    let value = |v: &Option<String>| v.clone().unwrap_or_default();
    let query_string = query.query_string();
    let title = say(t, "pages-log-title", &[]);
    let reader = Reader { person: &person };
    let here = if query_string.is_empty() {
        "/log".to_string()
    } else {
        format!("/log?{query_string}")
    };
    let text_field = |name: &'static str, label: String, typed: String, mode: &'static str| {
        let error = error_on(name);
        html! {
            label for=(name) { (label) }
            input id=(name) name=(name) value=(typed) inputmode=(mode) aria-describedby=[error.as_ref().map(|_| format!("{name}-error"))];
            @if let Some(error) = error {
                p class="error" id=(format!("{name}-error")) role="alert" { (error) }
            }
        }
    };
    let body = html! {
        h1 { (title) }
        p { (say(t, "pages-log-intro", &[])) }
        form method="get" action="/log" class="stack filters" role="search" {
            label for="garden" { (say(t, "pages-col-garden", &[])) }
            select id="garden" name="garden" {
                option value="" { (say(t, "pages-log-all-gardens", &[])) }
                @for (id, name) in &gardens {
                    option value=(id.as_str()) selected[query.garden.as_deref() == Some(id.as_str())] { (name) }
                }
            }
            (text_field("member", say(t, "pages-log-member", &[]), value(&query.member), "text"))
            label for="kind" { (say(t, "pages-col-kind", &[])) }
            select id="kind" name="kind" aria-describedby=[error_on("kind").map(|_| "kind-error")] {
                option value="" { (say(t, "pages-log-all-kinds", &[])) }
                @for kind in EVENT_KINDS {
                    option value=(kind) selected[query.kind.as_deref() == Some(kind)] { (event_text(t, kind)) }
                }
            }
            @if let Some(error) = error_on("kind") {
                p class="error" id="kind-error" role="alert" { (error) }
            }
            (text_field("from", say(t, "pages-log-from", &[]), value(&query.from), "numeric"))
            (text_field("to", say(t, "pages-log-to", &[]), value(&query.to), "numeric"))
            button type="submit" id="log-filter" { (say(t, "pages-log-filter", &[])) }
        }
        @if let Some(rows) = &rows {
            h2 { (say(t, "pages-log-downloads", &[])) }
            ul class="downloads" {
                @for format in DownloadFormat::ALL {
                    @let sep = if query_string.is_empty() { "" } else { "&" };
                    li { a href=(format!("/log/download?{query_string}{sep}format={}", format.name())) download id=(format!("download-{}", format.name())) {
                        (say(t, &format!("pages-download-{}", format.name()), &[])) } }
                }
            }
            h2 { (say(t, "pages-log-entries", &[("count", rows.rows.len().to_string())])) }
            @if rows.rows.len() > LOG_PAGE_ROWS {
                p { (say(t, "pages-log-latest", &[("shown", LOG_PAGE_ROWS.to_string()), ("count", rows.rows.len().to_string())])) }
            }
            @if rows.rows.is_empty() {
                p { (say(t, "pages-log-none", &[])) }
            } @else {
                div class="scroll" {
                    table class="entries log" {
                        (entries_head(t))
                        tbody {
                            @for record in rows.rows.iter().rev().take(LOG_PAGE_ROWS) {
                                (entry_row(t, record, &names))
                            }
                        }
                    }
                }
            }
        }
    };
    let status = if problem.is_some() {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    Ok((status, Html(page(t, &title, Some(&reader), &here, body))).into_response())
}

/// `GET /log/download?…&format=csv|csv-fr|jsonl|journal|json`: the page's entries as a file.
pub async fn log_download(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PagePerson(person): PagePerson,
    Query(query): Query<LogQuery>,
) -> Result<Response, PageError> {
    let fail = |e: ApiError| PageError::new(lang, e);
    let filter =
        downloads::filter(&app, &person.powers, Some(lang), &query).map_err(|e| fail(e.into()))?;
    let format =
        downloads::format_of(&query, &DownloadFormat::ALL, DownloadFormat::Csv).map_err(fail)?;
    downloads::download(&app, &person.powers, filter, format)
        .await
        .map_err(fail)
}
