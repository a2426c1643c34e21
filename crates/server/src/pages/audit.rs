//! The audit of flows to the big garden (crates/report's audit): per garden and currency,
//! what the constitution asked, what was paid, what is carried; each payment with its entry's
//! sequence and hash; the head hash to publish; and the check of a checkpoint statement
//! pasted in its form (`jardins checkpoint`'s five lines): whether this ledger extends it, as
//! `GET /api/v1/verify?checkpoint=` answers (the same functions). Signatures are `jardins
//! verify`'s.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use jardins_report::output::money_in;
use jardins_store::MAX_STATEMENT_BYTES;
use jardins_text::Text;
use maud::{html, Markup};
use serde::Deserialize;

use super::{page, say, Html, PageError, PageLang, PagePerson, Reader};
use crate::access::{may, Action, Decision, Object};
use crate::api::verify::{self, Verified};
use crate::error::ApiError;
use crate::extract::Person;
use crate::state::AppState;

#[derive(Deserialize)]
pub struct AuditQuery {
    pub to: Option<String>,
    /// A pasted checkpoint statement (the form's text area).
    pub checkpoint: Option<String>,
}

/// What the checkpoint form shows under it.
enum Checked {
    /// The statement was read and checked; `ours` is this ledger's identity, in hex.
    Verified { verified: Verified, ours: String },
    /// The text is not a statement: the message shown on the field.
    Unreadable(String),
}

/// A pasted statement as `jardins checkpoint` printed it: a browser sends a text area's lines
/// ended by CRLF, and a copy from a terminal may carry spaces around lines; the words and their
/// order are left as typed.
fn as_printed(text: &str) -> String {
    text.trim()
        .lines()
        .map(|line| format!("{}\n", line.trim()))
        .collect()
}

/// Checks a pasted statement with the verify route's own functions, off the async threads.
async fn check_statement(
    app: &AppState,
    person: &Person,
    t: Text,
    text: &str,
) -> Result<Checked, ApiError> {
    ApiError::of(may(&person.powers, Action::VerifyChain, &Object::Nothing))?;
    // Bounded before anything is done with it (a statement is about 230 bytes).
    if text.len() > MAX_STATEMENT_BYTES {
        let bytes = MAX_STATEMENT_BYTES.to_string();
        return Ok(Checked::Unreadable(say(
            t,
            "pages-checkpoint-too-long",
            &[("bytes", bytes)],
        )));
    }
    let statement = match verify::statement(Some(&as_printed(text))) {
        Ok(Some(statement)) => statement,
        Ok(None) | Err(ApiError::BadRequest(_)) => {
            return Ok(Checked::Unreadable(say(
                t,
                "pages-checkpoint-not-a-statement",
                &[],
            )))
        }
        Err(other) => return Err(other),
    };
    // What differs names entries, which may be a private garden's: stewards see it.
    let detail = may(&person.powers, Action::Stewardship, &Object::Nothing) == Decision::Allowed;
    let ledger = app.ledger.clone();
    tokio::task::spawn_blocking(move || {
        let verified = verify::check(&ledger, &[], Some(statement), detail)?;
        let ours = hex::encode(ledger.ledger_id()?);
        Ok(Checked::Verified { verified, ours })
    })
    .await
    .map_err(|e| ApiError::Internal(e.to_string()))?
}

/// The checkpoint form, the text typed kept, and what the check found.
fn checkpoint_section(t: Text, to: Option<&str>, typed: &str, checked: Option<&Checked>) -> Markup {
    let unreadable = match checked {
        Some(Checked::Unreadable(message)) => Some(message.as_str()),
        _ => None,
    };
    html! {
        section id="checkpoint" aria-labelledby="checkpoint-title" {
            h2 id="checkpoint-title" { (say(t, "pages-checkpoint-title", &[])) }
            p { (say(t, "pages-checkpoint-intro", &[])) }
            form method="get" action="/audit" class="stack" novalidate {
                @if let Some(to) = to {
                    input type="hidden" name="to" value=(to);
                }
                label for="checkpoint-text" { (say(t, "pages-checkpoint-label", &[])) }
                textarea id="checkpoint-text" name="checkpoint" rows="6" cols="72" spellcheck="false" autocomplete="off" aria-invalid=[unreadable.map(|_| "true")] aria-describedby=[unreadable.map(|_| "checkpoint-error")] { (typed) }
                @if let Some(message) = unreadable {
                    p class="error" id="checkpoint-error" role="alert" { (message) }
                }
                button type="submit" id="checkpoint-submit" { (say(t, "pages-checkpoint-submit", &[])) }
            }
            @if let Some(Checked::Verified { verified, ours }) = checked {
                @if let Some(held) = &verified.checkpoint {
                    @let other_ledger = held.ledger != *ours;
                    @let sequence = held.sequence.to_string();
                    div id="checkpoint-result" data-holds=(verified.sound) role="status" class=(if verified.sound { "notice" } else { "warning" }) {
                        p {
                            (say(t, "pages-checkpoint-stated", &[("date", held.date.clone()), ("sequence", sequence.clone())])) " "
                            code class="hash" { (held.hash) }
                        }
                        @if held.holds {
                            p class="holds" { (say(t, "pages-checkpoint-holds", &[("sequence", sequence)])) }
                        } @else if other_ledger {
                            p class="error" { (say(t, "pages-checkpoint-other-ledger", &[("ledger", held.ledger.clone()), ("ours", ours.clone())])) }
                        } @else {
                            p class="error" { (say(t, "pages-checkpoint-differs", &[("sequence", sequence)])) }
                        }
                        @if let Some(problem) = &held.problem {
                            p { (say(t, "pages-checkpoint-what-differs", &[])) " " samp class="problem" { (problem) } }
                        }
                        @if !verified.chain_unbroken {
                            p class="error" { (say(t, "pages-checkpoint-chain-broken", &[])) }
                            @if let Some(problem) = &verified.problem {
                                p { (say(t, "pages-checkpoint-what-differs", &[])) " " samp class="problem" { (problem) } }
                            }
                        }
                    }
                }
            }
            p class="hint" {
                (say(t, "pages-checkpoint-signatures", &[])) " "
                code { (say(t, "pages-checkpoint-signatures-command", &[])) } "."
            }
        }
    }
}

/// `GET /audit?to=DATE&checkpoint=STATEMENT`.
pub async fn audit(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PagePerson(person): PagePerson,
    Query(q): Query<AuditQuery>,
) -> Result<Response, PageError> {
    let fail = |e: ApiError| PageError::new(lang, e);
    let t = Text::new(lang);
    ApiError::of(may(&person.powers, Action::SeeAudit, &Object::Nothing)).map_err(fail)?;
    let typed = q.checkpoint.as_deref().unwrap_or("");
    let checked = if typed.trim().is_empty() {
        None
    } else {
        Some(
            check_statement(&app, &person, t, typed)
                .await
                .map_err(fail)?,
        )
    };
    let to =
        q.to.as_deref()
            .and_then(|text| jardins_text::parse::date(lang, text.trim()))
            .unwrap_or_else(|| app.today());
    let report = jardins_report::audit(&app.ledger, None, None, to).map_err(|e| fail(e.into()))?;
    // Totals that count a garden the reader may not see into say so, and nothing more.
    let unseen = crate::api::reports::unseen_private(&app, &person).map_err(fail)?;
    let total_id = if crate::api::reports::audit_includes(&report, &unseen) {
        "pages-audit-total-including-private"
    } else {
        "pages-audit-total"
    };
    let head = app.ledger.head();
    let title = say(t, "pages-audit-title", &[]);
    let reader = Reader { person: &person };
    let body = html! {
        h1 { (title) }
        p { (say(t, "pages-audit-as-of", &[("date", t.date(to))])) }
        p class="notice" {
            (say(t, "pages-audit-head", &[("sequence", head.sequence.to_string())])) " "
            code class="hash" id="head-hash" { (hex::encode(head.hash)) }
        }
        table class="audit" {
            thead { tr {
                th scope="col" { (say(t, "pages-col-garden", &[])) }
                th scope="col" class="num" { (say(t, "pages-audit-due", &[])) }
                th scope="col" class="num" { (say(t, "pages-audit-paid", &[])) }
                th scope="col" class="num" { (say(t, "pages-audit-carried", &[])) }
                th scope="col" class="num" { (say(t, "pages-audit-outstanding", &[])) }
            } }
            tbody {
                @for garden in &report.gardens {
                    @for c in &garden.currencies {
                        tr {
                            td { (garden.name) }
                            td class="num" { (money_in(t, &c.currency, c.due)) }
                            td class="num" { (money_in(t, &c.currency, c.paid)) }
                            td class="num" { (money_in(t, &c.currency, c.carried_out)) }
                            td class="num" { (money_in(t, &c.currency, c.outstanding)) }
                        }
                    }
                }
                @for total in &report.totals {
                    @let code = &total.currency.code;
                    tr class="total" {
                        td { (say(t, total_id, &[("currency", code.as_str().to_string())])) }
                        td class="num" { (money_in(t, &total.currency, total.due)) }
                        td class="num" { (money_in(t, &total.currency, total.paid)) }
                        td class="num" { (money_in(t, &total.currency, total.carried_out)) }
                        td class="num" { (money_in(t, &total.currency, total.outstanding)) }
                    }
                }
            }
        }
        h2 { (say(t, "pages-audit-periods", &[])) }
        table class="audit" id="audit-periods" {
            thead { tr {
                th scope="col" { (say(t, "pages-col-garden", &[])) }
                th scope="col" { (say(t, "pages-col-period", &[])) }
                th scope="col" { (say(t, "pages-col-rule", &[])) }
                th scope="col" class="num" { (say(t, "pages-audit-due", &[])) }
                th scope="col" class="num" { (say(t, "pages-audit-paid", &[])) }
                th scope="col" { (say(t, "pages-col-standing", &[])) }
            } }
            tbody {
                @for garden in &report.gardens {
                    @for c in &garden.currencies {
                        @for (period, carried) in c.periods.iter().zip(c.carried_texts_in(t)) {
                            tr {
                                td { (garden.name) }
                                td {
                                    (period.label)
                                    @if period.figures.open { " " small { (say(t, "pages-audit-open", &[])) } }
                                }
                                td { (period.figures.asked.describe_in(t, |d| money_in(t, &c.currency, d))) }
                                td class="num" { (money_in(t, &c.currency, period.figures.due)) }
                                td class="num" { (money_in(t, &c.currency, period.figures.paid)) }
                                td { (carried) }
                            }
                        }
                    }
                }
            }
        }
        h2 { (say(t, "pages-audit-payments", &[])) }
        table class="payments" {
            thead { tr {
                th scope="col" { (say(t, "pages-col-garden", &[])) }
                th scope="col" class="num" { (say(t, "pages-col-sequence", &[])) }
                th scope="col" { (say(t, "pages-col-period", &[])) }
                th scope="col" { (say(t, "pages-col-date", &[])) }
                th scope="col" class="num" { (say(t, "pages-col-amount", &[])) }
                th scope="col" { (say(t, "pages-col-hash", &[])) }
            } }
            tbody {
                @for garden in &report.gardens {
                    @for c in &garden.currencies {
                        @for p in c.payments() {
                            tr {
                                td { (garden.name) }
                                td class="num" {
                                    // Its row in the log of that day (the log shows flows with
                                    // the big garden to anyone signed in).
                                    a href=(format!("/log?from={on}&to={on}#entry-{}", p.sequence, on = p.on))
                                        title=(say(t, "pages-audit-see-entry", &[("sequence", p.sequence.to_string())])) { (p.sequence) }
                                }
                                td { (p.counts_in_period) }
                                td { (t.date(p.on)) }
                                td class="num" { (money_in(t, &c.currency, p.amount)) }
                                td class="hash" { code { (p.hash) } }
                            }
                        }
                    }
                }
            }
        }
        (checkpoint_section(t, q.to.as_deref(), typed, checked.as_ref()))
    };
    let status = match checked {
        Some(Checked::Unreadable(_)) => StatusCode::UNPROCESSABLE_ENTITY,
        _ => StatusCode::OK,
    };
    Ok((status, Html(page(t, &title, Some(&reader), "/audit", body))).into_response())
}
