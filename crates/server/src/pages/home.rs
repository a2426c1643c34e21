//! « Mes jardins »: the gardens I belong to with their balance in each currency, and every
//! garden I may see.

use axum::extract::State;
use jardins_ledger::{Account, GardenId};
use jardins_text::Text;
use maud::html;

use super::garden::kind_text;
use super::{page, say, Html, PageError, PageLang, PagePerson, Reader};
use crate::access::{may, Action, Decision, Object};
use crate::api::reports::garden_facts;
use crate::error::ApiError;
use crate::state::AppState;

/// `GET /`.
pub async fn home(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PagePerson(person): PagePerson,
) -> Result<Html, PageError> {
    let fail = |e: ApiError| PageError::new(lang, e);
    ApiError::of(may(&person.powers, Action::OwnSession, &Object::Nothing)).map_err(fail)?;
    let t = Text::new(lang);
    let today = app.today();
    let mut mine = Vec::new();
    let mut visible = Vec::new();
    for (id, garden) in app.ledger.gardens().map_err(|e| fail(e.into()))? {
        let facts = garden_facts(&app, &id).map_err(fail)?;
        if may(&person.powers, Action::SeeBalance, &Object::Garden(&facts)) != Decision::Allowed {
            continue;
        }
        if person.powers.member_of.contains(&id) {
            let report = jardins_report::balance(
                &app.ledger,
                &Account::Garden(id.clone()),
                None,
                today,
                false,
            )
            .map_err(|e| fail(e.into()))?;
            let closings: Vec<String> = report
                .currencies
                .iter()
                .map(|c| t.money(c.total.closing, &c.currency.code))
                .collect();
            mine.push((id.clone(), garden.name.to_string(), closings));
        }
        visible.push((id, garden.name.to_string(), kind_text(t, &garden.kind)));
    }
    let link = |id: &GardenId| format!("/gardens/{}", id.as_str());
    let title = say(t, "pages-home-title", &[]);
    let reader = Reader { person: &person };
    let body = html! {
        h1 { (title) }
        h2 { (say(t, "pages-home-mine", &[])) }
        @if mine.is_empty() {
            p { (say(t, "pages-home-none", &[])) }
        } @else {
            table {
                thead { tr {
                    th scope="col" { (say(t, "pages-col-garden", &[])) }
                    th scope="col" class="num" { (say(t, "pages-col-balance", &[])) }
                } }
                tbody {
                    @for (id, name, closings) in &mine {
                        tr {
                            td { a href=(link(id)) { (name) } }
                            td class="num" {
                                @for (n, closing) in closings.iter().enumerate() {
                                    @if n > 0 { br; }
                                    (closing)
                                }
                            }
                        }
                    }
                }
            }
        }
        h2 { (say(t, "pages-home-all", &[])) }
        ul {
            @for (id, name, kind) in &visible {
                li { a href=(link(id)) { (name) } " · " (kind) }
            }
        }
        p { a href="/audit" { (say(t, "pages-audit-title", &[])) } }
    };
    Ok(Html(page(t, &title, Some(&reader), "/", body)))
}
