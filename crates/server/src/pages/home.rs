//! « Mes jardins »: the gardens I belong to with their balance in each currency, my
//! commitments with what is due, paid and open (crates/report's commitments), my last entries,
//! and every garden I may see.

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
    let names = super::log::Names::of(&app).map_err(fail)?;
    // A person the ledger does not know (a steward only, say) has no commitments.
    let commitments = if names.people.contains_key(&person.id) {
        jardins_report::commitments_on(&app.ledger, None, Some(&person.id), today, today)
            .map_err(|e| fail(e.into()))?
            .rows
    } else {
        Vec::new()
    };
    let mine_entries = last_entries(&app, &person.id).map_err(fail)?;
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
        (super::garden::commitments_table(t, &commitments, Some(&names)))
        h2 { (say(t, "pages-home-entries", &[])) }
        @if mine_entries.is_empty() {
            p { (say(t, "pages-home-no-entries", &[])) }
        } @else {
            div class="scroll" {
                table class="entries" {
                    (super::log::entries_head(t))
                    tbody {
                        @for record in mine_entries.iter().rev() {
                            (super::log::entry_row(t, record, &names))
                        }
                    }
                }
            }
            p { a href=(format!("/log?member={}", person.id.as_str())) { (say(t, "pages-home-all-entries", &[])) } }
        }
        h2 { (say(t, "pages-home-all", &[])) }
        ul {
            @for (id, name, kind) in &visible {
                li { a href=(link(id)) { (name) } " · " (kind) }
            }
        }
        p { a href="/audit" { (say(t, "pages-audit-title", &[])) } " · " a href="/log" { (say(t, "pages-log-title", &[])) } }
    };
    Ok(Html(page(t, &title, Some(&reader), "/", body)))
}

/// How many of my latest entries the home page shows.
pub const MY_LATEST_ENTRIES: usize = 10;

/// My latest entries (those that name me or move my money), oldest first.
fn last_entries(
    app: &AppState,
    me: &jardins_ledger::PersonId,
) -> Result<Vec<jardins_store::Record>, ApiError> {
    let owners = jardins_report::log::CommitmentOwners::of(&app.ledger)?;
    let mut kept = std::collections::VecDeque::with_capacity(MY_LATEST_ENTRIES + 1);
    for record in app.ledger.records(1) {
        let record = record?;
        if jardins_report::log::concerns_person(&record.event, me, &owners.people) {
            kept.push_back(record);
            if kept.len() > MY_LATEST_ENTRIES {
                kept.pop_front();
            }
        }
    }
    Ok(kept.into_iter().collect())
}
