//! A garden: its balance as of a date per currency (crates/report's balance: opening, in by
//! kind, out by kind, closing), and for those who may see its books, its latest entries with
//! sequence and hash and its members.

use std::collections::VecDeque;

use axum::extract::{Path, Query, State};
use jardins_ledger::{Account, EventKind, GardenId, GardenKind};
use jardins_report::Direction;
use jardins_store::Record;
use jardins_text::Text;
use maud::{html, Markup};
use serde::Deserialize;

use super::{page, say, Html, PageError, PageLang, PagePerson, Reader};
use crate::access::{may, Action, Decision, Object};
use crate::api::reports::{garden_facts, id};
use crate::error::ApiError;
use crate::state::AppState;

/// How many of a garden's latest entries the page shows.
pub const LATEST_ENTRIES: usize = 12;

/// A garden's kind as the reader's language says it.
pub fn kind_text(t: Text, kind: &GardenKind) -> String {
    match kind {
        GardenKind::Local { territory } => say(
            t,
            "pages-garden-kind-local",
            &[("place", territory.to_string())],
        ),
        GardenKind::Thematic { theme } => say(
            t,
            "pages-garden-kind-thematic",
            &[("theme", theme.to_string())],
        ),
        GardenKind::Organisation { organisation } => say(
            t,
            "pages-garden-kind-organisation",
            &[("organisation", organisation.to_string())],
        ),
    }
}

/// A flow kind's words (`pages-kind-` and the key JSON and CSV use).
pub fn flow_text(t: Text, kind: jardins_ledger::FlowKind) -> String {
    say(
        t,
        &format!("pages-kind-{}", jardins_report::kind_key(kind)),
        &[],
    )
}

#[derive(Deserialize)]
pub struct AsOf {
    /// The balance's date, as the reader types it (`03/11/2026` in French, or `2026-11-03`).
    pub on: Option<String>,
}

/// An entry's note, for the kinds that carry one.
fn note_of(kind: &EventKind) -> Option<String> {
    match kind {
        EventKind::ContributionPaid { note, .. }
        | EventKind::CollectionRecorded { note, .. }
        | EventKind::ExpensePaid { note, .. } => Some(note.to_string()),
        _ => None,
    }
}

/// The latest entries that move the garden's money, oldest first.
fn latest(app: &AppState, garden: &Account) -> Result<Vec<Record>, ApiError> {
    let mut kept = VecDeque::with_capacity(LATEST_ENTRIES + 1);
    for record in app.ledger.records(1) {
        let record = record?;
        if record.event.postings().iter().any(|p| p.account == *garden) {
            kept.push_back(record);
            if kept.len() > LATEST_ENTRIES {
                kept.pop_front();
            }
        }
    }
    Ok(kept.into_iter().collect())
}

/// `GET /gardens/{garden}?on=DATE`.
pub async fn garden(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PagePerson(person): PagePerson,
    Path(garden): Path<String>,
    Query(as_of): Query<AsOf>,
) -> Result<Html, PageError> {
    let fail = |e: ApiError| PageError::new(lang, e);
    let t = Text::new(lang);
    let gid: GardenId = id(&garden).map_err(fail)?;
    let facts = garden_facts(&app, &gid).map_err(fail)?;
    ApiError::of(may(
        &person.powers,
        Action::SeeBalance,
        &Object::Garden(&facts),
    ))
    .map_err(fail)?;
    let state = app
        .ledger
        .garden(&gid)
        .map_err(|e| fail(e.into()))?
        .ok_or(ApiError::NotFound)
        .map_err(fail)?;
    let typed = as_of.on.unwrap_or_default();
    let (on, bad_date) = if typed.trim().is_empty() {
        (app.today(), false)
    } else {
        match jardins_text::parse::date(lang, typed.trim()) {
            Some(date) => (date, false),
            None => (app.today(), true),
        }
    };
    let account = Account::Garden(gid.clone());
    let report = jardins_report::balance(&app.ledger, &account, None, on, true)
        .map_err(|e| fail(e.into()))?;
    let chart = balance_chart(t, &report).map_err(fail)?;
    let books = may(&person.powers, Action::SeeBooks, &Object::Garden(&facts)) == Decision::Allowed;
    let name = state.name.to_string();
    let here = format!("/gardens/{}", gid.as_str());
    let balance_table = html! {
        @for currency in &report.currencies {
            @let code = &currency.currency.code;
            @let flows = &currency.total;
            h3 { (currency.currency.name.to_string()) " (" (code.as_str()) ")" }
            table class="balance" data-currency=(code.as_str()) {
                thead { tr {
                    th scope="col" { (say(t, "pages-col-line", &[])) }
                    th scope="col" class="num" { (say(t, "pages-col-amount", &[])) }
                } }
                tbody {
                    tr { td { (say(t, "pages-balance-opening", &[])) } td class="num" { (t.money(flows.opening, code)) } }
                    @for direction in [Direction::In, Direction::Out] {
                        @for kind in flows.kinds.iter().filter(|k| k.direction == direction) {
                            tr {
                                td { (say(t, if direction == Direction::In { "pages-balance-in" } else { "pages-balance-out" }, &[("kind", flow_text(t, kind.kind))])) }
                                td class="num" { (t.money(kind.amount, code)) }
                            }
                            @if !kind.corrections.is_zero() {
                                tr {
                                    td { (say(t, "pages-balance-corrections", &[("kind", flow_text(t, kind.kind))])) }
                                    td class="num" { (t.money(kind.corrections, code)) }
                                }
                            }
                        }
                    }
                    tr class="total" { td { (say(t, "pages-balance-closing", &[])) } td class="num closing" { (t.money(flows.closing, code)) } }
                }
            }
        }
    };
    let entries: Markup = if books {
        let records = latest(&app, &account).map_err(fail)?;
        html! {
            h2 { (say(t, "pages-garden-entries", &[])) }
            table class="entries" {
                thead { tr {
                    th scope="col" class="num" { (say(t, "pages-col-sequence", &[])) }
                    th scope="col" { (say(t, "pages-col-date", &[])) }
                    th scope="col" { (say(t, "pages-col-kind", &[])) }
                    th scope="col" class="num" { (say(t, "pages-col-amount", &[])) }
                    th scope="col" { (say(t, "pages-col-note", &[])) }
                    th scope="col" { (say(t, "pages-col-hash", &[])) }
                } }
                tbody {
                    @for record in records.iter().rev() {
                        @let postings = record.event.postings();
                        @for posting in postings.iter().filter(|p| p.account == account) {
                            tr {
                                td class="num" { (record.sequence) }
                                td { (t.date(record.event.on)) }
                                td { (flow_text(t, posting.kind)) }
                                td class="num" { (t.money(posting.amount, &posting.currency)) }
                                td { (note_of(&record.event.kind).unwrap_or_default()) }
                                td class="hash" { code { (hex::encode(record.hash)) } }
                            }
                        }
                    }
                }
            }
        }
    } else {
        html! {}
    };
    let members: Markup = if books {
        let members = app.ledger.members(&gid).map_err(|e| fail(e.into()))?;
        let people = app.ledger.people().map_err(|e| fail(e.into()))?;
        let name_of = |p: &jardins_ledger::PersonId| {
            people
                .iter()
                .find(|(q, _)| q == p)
                .map(|(_, s)| s.name.to_string())
                .unwrap_or_else(|| p.as_str().to_string())
        };
        html! {
            h2 { (say(t, "pages-garden-members", &[])) }
            ul class="members" {
                @for (p, m) in members.iter().filter(|(_, m)| m.is_member_on(on)) {
                    li { (name_of(p)) " (" (p.as_str()) ")"
                        @if m.core { " · " (say(t, "pages-garden-core", &[])) } }
                }
            }
        }
    } else {
        html! {}
    };
    let commitments: Markup = if books {
        let report = jardins_report::commitments(&app.ledger, Some(&gid), app.today())
            .map_err(|e| fail(e.into()))?;
        commitments_table(t, &report.rows, None)
    } else {
        html! {}
    };
    let constitution = {
        let places: super::constitution::Places = app
            .ledger
            .currencies()
            .map_err(|e| fail(e.into()))?
            .into_iter()
            .map(|c| (c.code, c.decimal_places))
            .collect();
        super::constitution::constitution_on(t, &places, &state, app.today())
    };
    let reader = Reader { person: &person };
    let body = html! {
        h1 { (name) }
        p { (kind_text(t, &state.kind)) }
        (super::forms::links(t, &app, &person, &gid))
        h2 { (say(t, "pages-garden-balance", &[("date", t.date(on))])) }
        form method="get" action=(here) class="stack" {
            label { (say(t, "pages-garden-as-of", &[]))
                input name="on" value=(typed) inputmode="numeric" aria-describedby="on-error"; }
            @if bad_date {
                p class="error" id="on-error" { (say(t, "pages-not-a-date", &[("text", typed.clone())])) }
            }
            button type="submit" { (say(t, "pages-garden-show", &[])) }
        }
        (balance_table)
        @if let Some(svg) = chart {
            figure class="chart" role="img" aria-label=(say(t, "pages-chart-label", &[])) {
                (maud::PreEscaped(svg))
                figcaption { (say(t, "pages-chart-caption", &[])) }
            }
        }
        (constitution)
        (entries)
        (members)
        (commitments)
        p { a href=(format!("/log?garden={}", gid.as_str())) { (say(t, "pages-garden-log", &[])) } }
    };
    Ok(Html(page(t, &name, Some(&reader), &here, body)))
}

/// The balance month by month as inline SVG (crates/report's chart, in the reader's words);
/// `None` when nothing moved.
fn balance_chart(
    t: Text,
    report: &jardins_report::BalanceReport,
) -> Result<Option<String>, ApiError> {
    let words = jardins_report::BalanceChartWords {
        title: say(t, "pages-chart-title", &[]),
        panel: Box::new(move |code: &str| {
            say(t, "pages-chart-panel", &[("currency", code.to_string())])
        }),
        money_in: say(t, "pages-chart-in", &[]),
        money_out: say(t, "pages-chart-out", &[]),
        balance: say(t, "pages-chart-balance", &[]),
    };
    Ok(report.chart_svg_text(&words, t)?)
}

/// Commitments with what is due, paid, still open and the standing; with the person's name
/// for a garden's, with the garden's name from `gardens` for a person's own.
pub fn commitments_table(
    t: Text,
    rows: &[jardins_report::CommitmentRow],
    gardens: Option<&super::log::Names>,
) -> Markup {
    let who = gardens.is_none();
    html! {
        h2 { (say(t, if who { "pages-garden-commitments" } else { "pages-home-commitments" }, &[])) }
        @if rows.is_empty() {
            p { (say(t, "pages-commitments-none", &[])) }
        } @else {
            div class="scroll" {
                table class="commitments" {
                    thead { tr {
                        th scope="col" { (say(t, if who { "pages-col-member" } else { "pages-col-garden" }, &[])) }
                        th scope="col" { (say(t, "pages-col-commitment", &[])) }
                        th scope="col" class="num" { (say(t, "pages-audit-due", &[])) }
                        th scope="col" class="num" { (say(t, "pages-audit-paid", &[])) }
                        th scope="col" class="num" { (say(t, "pages-col-open", &[])) }
                        th scope="col" class="num" { (say(t, "pages-col-standing", &[])) }
                    } }
                    tbody {
                        @for row in rows {
                            @let code = &row.currency.code;
                            @let fit = |v: rust_decimal::Decimal| fitted(v, &row.currency);
                            tr {
                                td { @if who { (row.person_name) } @else { a href=(format!("/gardens/{}", row.garden.as_str())) { (gardens.map(|n| n.garden(&row.garden)).unwrap_or_default()) } } }
                                td { (t.money(fit(row.amount), code)) " " (super::constitution::cadence_text(t, row.cadence))
                                    @if let Some(until) = row.until { br; small { (say(t, "pages-commitment-until", &[("date", t.date(until))])) } } }
                                td class="num" { (t.money(fit(row.due), code)) }
                                td class="num" { (t.money(fit(row.paid), code)) }
                                td class="num" { (t.money(fit(row.outstanding), code)) }
                                td class="num" { (standing_text(t, fit(row.standing), code)) }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Arrears, advance or settled, in words.
fn standing_text(
    t: Text,
    standing: rust_decimal::Decimal,
    code: &jardins_ledger::CurrencyCode,
) -> String {
    if standing.is_zero() {
        say(t, "pages-standing-settled", &[])
    } else if standing.is_sign_negative() {
        say(
            t,
            "pages-standing-arrears",
            &[("amount", t.money(-standing, code))],
        )
    } else {
        say(
            t,
            "pages-standing-advance",
            &[("amount", t.money(standing, code))],
        )
    }
}

/// `value` with its currency's decimal places (`12` → `12.00`), as the reports write amounts.
pub fn fitted(
    value: rust_decimal::Decimal,
    currency: &jardins_ledger::Currency,
) -> rust_decimal::Decimal {
    let mut value = value;
    value.rescale(u32::from(currency.decimal_places));
    value
}
