//! The reports, in the same JSON as `--format json` (crates/report renders it), and the
//! garden facts a signed-in person may read.

use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::NaiveDate;
use jardins_ledger::{Account, CommitmentId, GardenId};
use jardins_report::Format;
use serde::Deserialize;
use serde_json::json;

use crate::access::{may, Action, GardenFacts, Object};
use crate::api::answers::{GardenAnswer, GardenList, MemberAnswer, MemberList};
use crate::error::ApiError;
use crate::extract::Person;
use crate::state::AppState;

/// A JSON document already rendered by crates/report.
fn rendered(text: String) -> Response {
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "application/json")],
        text,
    )
        .into_response()
}

/// Runs a report off the async threads: a report reads and sums many runs, and an async
/// thread held that long would keep every other request waiting.
async fn report(
    job: impl FnOnce() -> Result<String, ApiError> + Send + 'static,
) -> Result<Response, ApiError> {
    let text = tokio::task::spawn_blocking(job)
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))??;
    Ok(rendered(text))
}

/// Parses an id from the path; a malformed one is as unknown as a missing one.
pub fn id<T: std::str::FromStr>(text: &str) -> Result<T, ApiError> {
    text.parse().map_err(|_| ApiError::NotFound)
}

/// The facts of garden `id`, or `NotFound`.
pub fn garden_facts(app: &AppState, id: &GardenId) -> Result<GardenFacts, ApiError> {
    let garden = app.ledger.garden(id)?.ok_or(ApiError::NotFound)?;
    Ok(GardenFacts {
        id: id.clone(),
        members_only: garden.kind.members_only(),
    })
}

/// The garden's facts, once the table allows `action` on it for `person` (a private garden is
/// not found by outsiders, as the table says).
pub fn require_garden(
    app: &AppState,
    person: &Person,
    id: &GardenId,
    action: Action,
) -> Result<GardenFacts, ApiError> {
    let facts = garden_facts(app, id)?;
    ApiError::of(may(&person.powers, action, &Object::Garden(&facts)))?;
    Ok(facts)
}

/// The private gardens `person` may not see into: a total that counts one of them says it
/// includes private gardens, and nothing more of them.
pub fn unseen_private(
    app: &AppState,
    person: &Person,
) -> Result<std::collections::BTreeSet<GardenId>, ApiError> {
    let mut unseen = std::collections::BTreeSet::new();
    for (id, garden) in app.ledger.gardens()? {
        let facts = GardenFacts {
            id: id.clone(),
            members_only: garden.kind.members_only(),
        };
        let seen = may(&person.powers, Action::SeeBooks, &Object::Garden(&facts));
        if facts.members_only && seen != crate::access::Decision::Allowed {
            unseen.insert(id);
        }
    }
    Ok(unseen)
}

/// The report's JSON with `includes_private_gardens`: whether its totals count a private garden
/// the reader may not see into.
fn marked(text: String, includes: bool) -> Result<String, ApiError> {
    let mut value: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| ApiError::Internal(e.to_string()))?;
    if let Some(object) = value.as_object_mut() {
        object.insert("includes_private_gardens".to_string(), json!(includes));
    }
    serde_json::to_string_pretty(&value)
        .map(|text| text + "\n")
        .map_err(|e| ApiError::Internal(e.to_string()))
}

/// Whether an audit's totals count a garden of `unseen`.
pub fn audit_includes(
    audit: &jardins_report::AuditReport,
    unseen: &std::collections::BTreeSet<GardenId>,
) -> bool {
    audit.gardens.iter().any(|g| unseen.contains(&g.id))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct Span {
    /// The first day [default: the first entry].
    pub from: Option<NaiveDate>,
    /// The last day [default: today].
    pub to: Option<NaiveDate>,
    /// The audit of one garden only.
    pub garden: Option<String>,
}

/// A garden's name and kind, as anyone signed in may see them.
fn garden_answer(id: &GardenId, g: &jardins_ledger::GardenState) -> GardenAnswer {
    GardenAnswer {
        id: id.as_str().to_string(),
        name: g.name.to_string(),
        kind: g.kind.label(),
        members_only: g.kind.members_only(),
        opened_on: g.opened_on,
        closed_on: g.closed_on,
    }
}

pub async fn gardens(State(app): State<AppState>, person: Person) -> Result<Response, ApiError> {
    ApiError::of(may(&person.powers, Action::ListGardens, &Object::Nothing))?;
    let gardens = app
        .ledger
        .gardens()?
        .iter()
        .map(|(id, g)| garden_answer(id, g))
        .collect();
    Ok(Json(GardenList { gardens }).into_response())
}

pub async fn garden(
    State(app): State<AppState>,
    person: Person,
    Path(garden): Path<String>,
) -> Result<Response, ApiError> {
    let id: GardenId = id(&garden)?;
    let g = app.ledger.garden(&id)?.ok_or(ApiError::NotFound)?;
    ApiError::of(may(&person.powers, Action::ListGardens, &Object::Nothing))?;
    Ok(Json(garden_answer(&id, &g)).into_response())
}

pub async fn garden_balance(
    State(app): State<AppState>,
    person: Person,
    Path(garden): Path<String>,
    Query(span): Query<Span>,
) -> Result<Response, ApiError> {
    let id: GardenId = id(&garden)?;
    require_garden(&app, &person, &id, Action::SeeBalance)?;
    let to = span.to.unwrap_or_else(|| app.today());
    let ledger = app.ledger.clone();
    report(move || {
        let balance = jardins_report::balance(&ledger, &Account::Garden(id), span.from, to, false)?;
        Ok(balance.render(Format::Json))
    })
    .await
}

pub async fn big_garden_balance(
    State(app): State<AppState>,
    person: Person,
    Query(span): Query<Span>,
) -> Result<Response, ApiError> {
    ApiError::of(may(&person.powers, Action::SeeBigGarden, &Object::Nothing))?;
    let to = span.to.unwrap_or_else(|| app.today());
    let ledger = app.ledger.clone();
    let unseen = unseen_private(&app, &person)?;
    report(move || {
        let balance = jardins_report::balance(&ledger, &Account::BigGarden, span.from, to, false)?;
        let includes = balance
            .currencies
            .iter()
            .flat_map(|c| c.from_gardens.iter())
            .any(|g| unseen.contains(&g.garden));
        marked(balance.render(Format::Json), includes)
    })
    .await
}

pub async fn audit(
    State(app): State<AppState>,
    person: Person,
    Query(span): Query<Span>,
) -> Result<Response, ApiError> {
    let garden = match &span.garden {
        Some(text) => {
            let id: GardenId = id(text)?;
            garden_facts(&app, &id)?;
            Some(id)
        }
        None => None,
    };
    ApiError::of(may(&person.powers, Action::SeeAudit, &Object::Nothing))?;
    let to = span.to.unwrap_or_else(|| app.today());
    let ledger = app.ledger.clone();
    let unseen = unseen_private(&app, &person)?;
    report(move || {
        let audit = jardins_report::audit(&ledger, garden.as_ref(), span.from, to)?;
        marked(audit.render(Format::Json), audit_includes(&audit, &unseen))
    })
    .await
}

pub async fn garden_commitments(
    State(app): State<AppState>,
    person: Person,
    Path(garden): Path<String>,
) -> Result<Response, ApiError> {
    let id: GardenId = id(&garden)?;
    require_garden(&app, &person, &id, Action::SeeBooks)?;
    let (ledger, today) = (app.ledger.clone(), app.today());
    report(move || {
        let commitments = jardins_report::commitments(&ledger, Some(&id), today)?;
        Ok(commitments.render(Format::Json))
    })
    .await
}

/// Every garden's commitments: everything, private gardens included, so stewards only.
pub async fn all_commitments(
    State(app): State<AppState>,
    person: Person,
) -> Result<Response, ApiError> {
    ApiError::of(may(&person.powers, Action::Stewardship, &Object::Nothing))?;
    let (ledger, today) = (app.ledger.clone(), app.today());
    report(move || {
        let commitments = jardins_report::commitments(&ledger, None, today)?;
        Ok(commitments.render(Format::Json))
    })
    .await
}

pub async fn commitment(
    State(app): State<AppState>,
    person: Person,
    Path(commitment): Path<String>,
) -> Result<Response, ApiError> {
    let cid: CommitmentId = id(&commitment)?;
    let (_, state) = app
        .ledger
        .commitments()?
        .into_iter()
        .find(|(c, _)| *c == cid)
        .ok_or(ApiError::NotFound)?;
    require_garden(&app, &person, &state.garden, Action::SeeBooks)?;
    let report = jardins_report::commitments(&app.ledger, Some(&state.garden), app.today())?;
    let all: serde_json::Value = serde_json::from_str(&report.render(Format::Json))
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    let row = all
        .get("commitments")
        .and_then(|rows| rows.as_array())
        .and_then(|rows| {
            rows.iter()
                .find(|r| r.get("commitment").and_then(|c| c.as_str()) == Some(cid.as_str()))
        })
        .cloned()
        .ok_or(ApiError::NotFound)?;
    Ok(Json(row).into_response())
}

pub async fn members(
    State(app): State<AppState>,
    person: Person,
    Path(garden): Path<String>,
) -> Result<Response, ApiError> {
    let id: GardenId = id(&garden)?;
    require_garden(&app, &person, &id, Action::SeeBooks)?;
    let people: std::collections::BTreeMap<_, _> = app.ledger.people()?.into_iter().collect();
    let today = app.today();
    let members = app
        .ledger
        .members(&id)?
        .into_iter()
        .map(|(p, m)| MemberAnswer {
            person: p.as_str().to_string(),
            name: people.get(&p).map(|s| s.name.to_string()),
            core: m.core,
            member_today: m.is_member_on(today),
        })
        .collect();
    Ok(Json(MemberList {
        garden: id.as_str().to_string(),
        members,
    })
    .into_response())
}

/// The gardens an entry is about (`jardins_report::log::gardens_of`), the commitment's owner
/// read from the ledger only for a commitment's end.
pub fn gardens_of(
    app: &AppState,
    event: &jardins_ledger::Event,
) -> Result<Vec<GardenId>, ApiError> {
    let mut owners = jardins_report::log::CommitmentOwners::default();
    if let jardins_ledger::EventKind::CommitmentEnded { commitment, .. } = &event.kind {
        if let Some((id, c)) = app
            .ledger
            .commitments()?
            .into_iter()
            .find(|(id, _)| id == commitment)
        {
            owners.gardens.insert(id, c.garden);
        }
    }
    Ok(jardins_report::log::gardens_of(event, &owners))
}

/// Whether `person` may see entry `event`: a member of one of its gardens (or a steward); an
/// entry of no garden is the big garden's, open to anyone signed in.
pub fn may_see_entry(
    app: &AppState,
    person: &Person,
    event: &jardins_ledger::Event,
) -> Result<(), ApiError> {
    let gardens = gardens_of(app, event)?;
    if gardens.is_empty() {
        return ApiError::of(may(&person.powers, Action::SeeBigGarden, &Object::Nothing));
    }
    let mut hidden = false;
    for g in &gardens {
        let facts = garden_facts(app, g)?;
        match may(&person.powers, Action::SeeBooks, &Object::Garden(&facts)) {
            crate::access::Decision::Allowed => return Ok(()),
            crate::access::Decision::NotFound => hidden = true,
            crate::access::Decision::Forbidden => {}
        }
    }
    Err(if hidden {
        ApiError::NotFound
    } else {
        ApiError::Forbidden
    })
}

pub async fn entry(
    State(app): State<AppState>,
    person: Person,
    Path(sequence): Path<String>,
) -> Result<Response, ApiError> {
    let sequence: u64 = id(&sequence)?;
    let record = app.ledger.record(sequence)?.ok_or(ApiError::NotFound)?;
    may_see_entry(&app, &person, &record.event)?;
    Ok(rendered(jardins_store::json::record_line(&record)))
}
