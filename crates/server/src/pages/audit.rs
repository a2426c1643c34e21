//! The audit of flows to the big garden (crates/report's audit): per garden and currency,
//! what the constitution asked, what was paid, what is carried; each payment with its entry's
//! sequence and hash; the head hash to publish.

use axum::extract::{Query, State};
use jardins_text::Text;
use maud::html;
use serde::Deserialize;

use super::{page, say, Html, PageError, PageLang, PagePerson, Reader};
use crate::access::{may, Action, Object};
use crate::error::ApiError;
use crate::state::AppState;

#[derive(Deserialize)]
pub struct AuditQuery {
    pub to: Option<String>,
}

/// `GET /audit?to=DATE`.
pub async fn audit(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PagePerson(person): PagePerson,
    Query(q): Query<AuditQuery>,
) -> Result<Html, PageError> {
    let fail = |e: ApiError| PageError::new(lang, e);
    let t = Text::new(lang);
    ApiError::of(may(&person.powers, Action::SeeAudit, &Object::Nothing)).map_err(fail)?;
    let to =
        q.to.as_deref()
            .and_then(|text| jardins_text::parse::date(lang, text.trim()))
            .unwrap_or(app.today());
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
                        @let code = &c.currency.code;
                        tr {
                            td { (garden.name) }
                            td class="num" { (t.money(c.due, code)) }
                            td class="num" { (t.money(c.paid, code)) }
                            td class="num" { (t.money(c.carried_out, code)) }
                            td class="num" { (t.money(c.outstanding, code)) }
                        }
                    }
                }
                @for total in &report.totals {
                    @let code = &total.currency.code;
                    tr class="total" {
                        td { (say(t, total_id, &[("currency", code.as_str().to_string())])) }
                        td class="num" { (t.money(total.due, code)) }
                        td class="num" { (t.money(total.paid, code)) }
                        td class="num" { (t.money(total.carried_out, code)) }
                        td class="num" { (t.money(total.outstanding, code)) }
                    }
                }
            }
        }
        h2 { (say(t, "pages-audit-payments", &[])) }
        table class="payments" {
            thead { tr {
                th scope="col" { (say(t, "pages-col-garden", &[])) }
                th scope="col" class="num" { (say(t, "pages-col-sequence", &[])) }
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
                                td class="num" { (p.sequence) }
                                td { (t.date(p.on)) }
                                td class="num" { (t.money(p.amount, &c.currency.code)) }
                                td class="hash" { code { (p.hash) } }
                            }
                        }
                    }
                }
            }
        }
    };
    Ok(Html(page(t, &title, Some(&reader), "/audit", body)))
}
