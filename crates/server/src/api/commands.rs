//! The commands, as the CLI has them, each through the writer. Every call carries an
//! `Idempotency-Key`: the same key and body give the first answer again and append nothing;
//! the same key with another body is a 409. The key is mapped onto the ledger's own keys, so
//! a crash between the flush and the answer still gives the first receipt again.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use jardins_ledger::{
    Account, Amount, Cadence, CollectionKind, Command, CommandKind, CommitmentId, CurrencyCode,
    GardenId, MemberRole, Mode, Name, PaysFor, Period, PersonId, Text,
};
use jardins_store::access::Answer;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::json;
use sha2::{Digest, Sha256};

use crate::access::{may, Action, Object};
use crate::api::reports::{garden_facts, id, may_see_entry, require_garden};
use crate::error::ApiError;
use crate::extract::Person;
use crate::state::AppState;
use crate::writer::{Outcome, SubmitError};

/// Longest `Idempotency-Key`, in characters.
pub const MAX_IDEMPOTENCY_KEY_CHARS: usize = 100;

/// Largest answer kept for a key, in bytes (a receipt or a refusal is a few hundred).
const MAX_KEPT_ANSWER_BYTES: usize = 16 * 1024;

fn parse<T: DeserializeOwned>(body: &Bytes) -> Result<T, ApiError> {
    serde_json::from_slice(body).map_err(|e| ApiError::BadRequest(format!("the JSON body: {e}")))
}

/// A typed value the domain refuses to parse: a bad request, said as the catalog says it.
fn typed<T>(value: Result<T, jardins_ledger::Refusal>) -> Result<T, ApiError> {
    value.map_err(|refusal| ApiError::BadRequest(crate::error::sentence(&refusal)))
}

fn text(value: &Option<String>) -> Result<Text, ApiError> {
    typed(Text::new(value.as_deref().unwrap_or("")))
}

fn mode(text: &str) -> Result<Mode, ApiError> {
    match text {
        "fixed" => Ok(Mode::Fixed),
        "conscious" => Ok(Mode::Conscious),
        other => Err(ApiError::BadRequest(format!(
            "mode '{}' is neither fixed nor conscious",
            jardins_ledger::ids::excerpt(other)
        ))),
    }
}

/// The request's idempotency key, and the digest of what it asks (method, path, body).
struct Keyed {
    key: String,
    digest: [u8; 32],
}

fn keyed(headers: &HeaderMap, what: &str, body: &Bytes) -> Result<Keyed, ApiError> {
    let key = headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
        .ok_or_else(|| {
            ApiError::BadRequest(
                "a state-changing call needs an Idempotency-Key header (a new random value per operation)"
                    .to_string(),
            )
        })?;
    let chars = key.chars().count();
    if chars == 0 || chars > MAX_IDEMPOTENCY_KEY_CHARS || key.chars().any(char::is_control) {
        return Err(ApiError::BadRequest(format!(
            "the Idempotency-Key has 1 to {MAX_IDEMPOTENCY_KEY_CHARS} characters, no control character"
        )));
    }
    let mut hasher = Sha256::new();
    hasher.update(what.as_bytes());
    hasher.update([0]);
    hasher.update(body);
    Ok(Keyed {
        key,
        digest: hasher.finalize().into(),
    })
}

/// The ledger's idempotency key for a person's API key: bounded, and never another person's.
fn ledger_key(person: &PersonId, key: &str) -> String {
    let mut hasher = Sha256::new();
    hasher.update(person.as_str().as_bytes());
    hasher.update([0]);
    hasher.update(key.as_bytes());
    format!("api-{}", hex::encode(&hasher.finalize()[..16]))
}

fn answer_response(status: u16, body: Vec<u8>) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (
        status,
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        body,
    )
        .into_response()
}

/// Records `command` for `person` once per idempotency key, and answers 201 with the receipt.
async fn submit(
    app: &AppState,
    person: &Person,
    keyed: Keyed,
    command: Command,
) -> Result<Response, ApiError> {
    let access = app.ledger.access()?;
    if let Some(kept) = access.answer(&person.id, &keyed.key)? {
        if kept.request_digest != keyed.digest {
            return Err(ApiError::Conflict(
                "this Idempotency-Key was used for another request: use a new key".to_string(),
            ));
        }
        return Ok(answer_response(kept.status, kept.body));
    }
    let outcome = app
        .writer
        .append(command, Some(ledger_key(&person.id, &keyed.key)))
        .await
        .map_err(|e| match e {
            SubmitError::Full | SubmitError::Stopped => ApiError::Busy,
        })?;
    let (status, body) = match outcome {
        Outcome::Recorded(receipt) => (
            StatusCode::CREATED,
            json!({"sequence": receipt.sequence, "hash": hex::encode(receipt.hash)}),
        ),
        Outcome::Refused(refused) => {
            let error = ApiError::from(refused);
            (error.status(), error.body())
        }
        Outcome::Failed(detail) => return Err(ApiError::Internal(detail)),
    };
    let bytes = serde_json::to_vec(&body).map_err(|e| ApiError::Internal(e.to_string()))?;
    // A receipt or a rule's refusal is the answer to give again; a conflict is not kept.
    if matches!(status.as_u16(), 201 | 422) && bytes.len() <= MAX_KEPT_ANSWER_BYTES {
        let kept = Answer {
            request_digest: keyed.digest,
            status: status.as_u16(),
            body: bytes.clone(),
        };
        access.keep_answer(&person.id, &keyed.key, &kept)?;
    }
    if status == StatusCode::CREATED {
        tracing::info!(person = %person.id, "entry recorded");
    }
    Ok(answer_response(status.as_u16(), bytes))
}

/// The garden whose books an account's movement is: a garden's own account.
fn garden_of(account: &Account) -> Option<GardenId> {
    match account {
        Account::Garden(g) => Some(g.clone()),
        _ => None,
    }
}

/// May `person` record a movement between `from` and `to`: the big garden's own movements
/// are the stewards'; any other is the core's of the garden it moves money of.
fn may_move(app: &AppState, person: &Person, accounts: &[&Account]) -> Result<(), ApiError> {
    let gardens: Vec<GardenId> = accounts.iter().filter_map(|a| garden_of(a)).collect();
    if gardens.is_empty() || accounts.first() == Some(&&Account::BigGarden) {
        return ApiError::of(may(
            &person.powers,
            Action::RecordBigGarden,
            &Object::Nothing,
        ));
    }
    let mut last = Err(ApiError::Forbidden);
    for g in &gardens {
        let facts = garden_facts(app, g)?;
        last = ApiError::of(may(
            &person.powers,
            Action::RecordGardenEntry,
            &Object::Garden(&facts),
        ));
        if last.is_ok() {
            return last;
        }
    }
    last
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PayBody {
    pub from: String,
    pub to: String,
    pub amount: String,
    pub currency: String,
    pub mode: String,
    pub on: Option<NaiveDate>,
    pub period: Option<String>,
    pub commitment: Option<String>,
    pub note: Option<String>,
}

pub async fn pay(
    State(app): State<AppState>,
    person: Person,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let keyed = keyed(&headers, "POST /api/v1/payments", &body)?;
    let b: PayBody = parse(&body)?;
    let from: Account = typed(b.from.parse())?;
    let to: Account = typed(b.to.parse())?;
    may_move(&app, &person, &[&from, &to])?;
    let pays_for = match (&b.commitment, &b.period) {
        (Some(c), Some(p)) => PaysFor::CommitmentPeriod {
            commitment: typed(c.parse::<CommitmentId>())?,
            period: typed(p.parse::<Period>())?,
        },
        (Some(c), None) => PaysFor::Commitment(typed(c.parse::<CommitmentId>())?),
        (None, Some(p)) => PaysFor::Period(typed(p.parse::<Period>())?),
        (None, None) => PaysFor::OneOff,
    };
    let command = Command {
        on: b.on.unwrap_or(app.today()),
        kind: CommandKind::PayContribution {
            from,
            to,
            amount: typed(Amount::parse(&b.amount))?,
            currency: typed(b.currency.parse::<CurrencyCode>())?,
            mode: mode(&b.mode)?,
            pays_for,
            note: text(&b.note)?,
        },
    };
    submit(&app, &person, keyed, command).await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CollectBody {
    pub garden: String,
    pub kind: String,
    pub amount: String,
    pub currency: String,
    pub mode: String,
    pub on: Option<NaiveDate>,
    pub note: Option<String>,
}

pub async fn collect(
    State(app): State<AppState>,
    person: Person,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let keyed = keyed(&headers, "POST /api/v1/collections", &body)?;
    let b: CollectBody = parse(&body)?;
    let garden: GardenId = typed(b.garden.parse())?;
    may_move(&app, &person, &[&Account::Garden(garden.clone())])?;
    let collection = match b.kind.as_str() {
        "event" => CollectionKind::Event,
        "gathering" => CollectionKind::Gathering,
        "fundraising" => CollectionKind::Fundraising,
        _ => {
            return Err(ApiError::BadRequest(
                "kind is event, gathering or fundraising".to_string(),
            ))
        }
    };
    let command = Command {
        on: b.on.unwrap_or(app.today()),
        kind: CommandKind::RecordCollection {
            garden,
            collection,
            amount: typed(Amount::parse(&b.amount))?,
            currency: typed(b.currency.parse::<CurrencyCode>())?,
            mode: mode(&b.mode)?,
            note: text(&b.note)?,
        },
    };
    submit(&app, &person, keyed, command).await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExpenseBody {
    pub payer: String,
    pub amount: String,
    pub currency: String,
    pub on: Option<NaiveDate>,
    pub note: Option<String>,
}

pub async fn expense(
    State(app): State<AppState>,
    person: Person,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let keyed = keyed(&headers, "POST /api/v1/expenses", &body)?;
    let b: ExpenseBody = parse(&body)?;
    let payer: Account = typed(b.payer.parse())?;
    may_move(&app, &person, &[&payer])?;
    let command = Command {
        on: b.on.unwrap_or(app.today()),
        kind: CommandKind::PayExpense {
            payer,
            amount: typed(Amount::parse(&b.amount))?,
            currency: typed(b.currency.parse::<CurrencyCode>())?,
            note: text(&b.note)?,
        },
    };
    submit(&app, &person, keyed, command).await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReverseBody {
    pub entry: u64,
    pub reason: String,
    pub on: Option<NaiveDate>,
}

pub async fn reverse(
    State(app): State<AppState>,
    person: Person,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let keyed = keyed(&headers, "POST /api/v1/reversals", &body)?;
    let b: ReverseBody = parse(&body)?;
    let record = app.ledger.record(b.entry)?.ok_or(ApiError::NotFound)?;
    may_see_entry(&app, &person, &record.event)?;
    let gardens = crate::api::reports::gardens_of(&app, &record.event)?;
    let accounts: Vec<Account> = if gardens.is_empty() {
        vec![Account::BigGarden]
    } else {
        gardens.into_iter().map(Account::Garden).collect()
    };
    may_move(&app, &person, &accounts.iter().collect::<Vec<_>>())?;
    let command = Command {
        on: b.on.unwrap_or(app.today()),
        kind: CommandKind::ReverseEntry {
            entry: b.entry,
            reason: typed(Text::new(&b.reason))?,
        },
    };
    submit(&app, &person, keyed, command).await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommitBody {
    pub commitment: String,
    pub garden: String,
    pub person: String,
    pub amount: String,
    pub currency: String,
    /// monthly, yearly or one-off.
    pub cadence: String,
    pub from: NaiveDate,
    pub until: Option<NaiveDate>,
    pub on: Option<NaiveDate>,
}

pub async fn commit(
    State(app): State<AppState>,
    person: Person,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let keyed = keyed(&headers, "POST /api/v1/commitments", &body)?;
    let b: CommitBody = parse(&body)?;
    let garden: GardenId = typed(b.garden.parse())?;
    let owner: PersonId = typed(b.person.parse())?;
    let facts = garden_facts(&app, &garden)?;
    let object = Object::Commitment {
        garden: &facts,
        person: &owner,
    };
    ApiError::of(may(&person.powers, Action::RecordOwnCommitment, &object))?;
    let cadence = match b.cadence.as_str() {
        "monthly" => Cadence::Monthly,
        "yearly" => Cadence::Yearly,
        "one-off" => Cadence::OneOff,
        _ => {
            return Err(ApiError::BadRequest(
                "cadence is monthly, yearly or one-off".to_string(),
            ))
        }
    };
    let command = Command {
        on: b.on.unwrap_or(app.today()),
        kind: CommandKind::MakeCommitment {
            commitment: typed(b.commitment.parse())?,
            garden,
            person: owner,
            amount: typed(Amount::parse(&b.amount))?,
            currency: typed(b.currency.parse::<CurrencyCode>())?,
            cadence,
            from: b.from,
            until: b.until,
        },
    };
    submit(&app, &person, keyed, command).await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EndBody {
    pub until: NaiveDate,
    pub on: Option<NaiveDate>,
}

pub async fn end_commitment(
    State(app): State<AppState>,
    person: Person,
    Path(commitment): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let keyed = keyed(
        &headers,
        &format!("POST /api/v1/commitments/{commitment}/end"),
        &body,
    )?;
    let cid: CommitmentId = id(&commitment)?;
    let (_, state) = app
        .ledger
        .commitments()?
        .into_iter()
        .find(|(c, _)| *c == cid)
        .ok_or(ApiError::NotFound)?;
    let facts = garden_facts(&app, &state.garden)?;
    let object = Object::Commitment {
        garden: &facts,
        person: &state.person,
    };
    ApiError::of(may(&person.powers, Action::RecordOwnCommitment, &object))?;
    let b: EndBody = parse(&body)?;
    let command = Command {
        on: b.on.unwrap_or(app.today()),
        kind: CommandKind::EndCommitment {
            commitment: cid,
            until: b.until,
        },
    };
    submit(&app, &person, keyed, command).await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JoinBody {
    pub person: String,
    pub name: String,
    /// gardener or companion.
    pub role: String,
    pub on: Option<NaiveDate>,
}

pub async fn join(
    State(app): State<AppState>,
    person: Person,
    Path(garden): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let keyed = keyed(
        &headers,
        &format!("POST /api/v1/gardens/{garden}/members"),
        &body,
    )?;
    let garden: GardenId = id(&garden)?;
    require_garden(&app, &person, &garden, Action::RecordGardenEntry)?;
    let b: JoinBody = parse(&body)?;
    let role = match b.role.as_str() {
        "gardener" => MemberRole::Gardener,
        "companion" => MemberRole::Companion,
        _ => {
            return Err(ApiError::BadRequest(
                "role is gardener or companion".to_string(),
            ))
        }
    };
    let command = Command {
        on: b.on.unwrap_or(app.today()),
        kind: CommandKind::JoinGarden {
            garden,
            person: typed(b.person.parse())?,
            name: typed(Name::new(&b.name))?,
            role,
        },
    };
    submit(&app, &person, keyed, command).await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LeaveBody {
    pub on: Option<NaiveDate>,
}

pub async fn leave(
    State(app): State<AppState>,
    person: Person,
    Path((garden, member)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let what = format!("POST /api/v1/gardens/{garden}/members/{member}/leave");
    let keyed = keyed(&headers, &what, &body)?;
    let garden: GardenId = id(&garden)?;
    require_garden(&app, &person, &garden, Action::RecordGardenEntry)?;
    let b: LeaveBody = parse(&body)?;
    let command = Command {
        on: b.on.unwrap_or(app.today()),
        kind: CommandKind::LeaveGarden {
            garden,
            person: id(&member)?,
        },
    };
    submit(&app, &person, keyed, command).await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoleBody {
    pub garden: String,
    pub role: String,
    pub holder: String,
    pub amount: String,
    pub currency: String,
    /// A month (2026-03), a year (2026) or a span, as the command line takes it; default the
    /// month of `on`.
    pub period: Option<String>,
    pub on: Option<NaiveDate>,
}

pub async fn value_role(
    State(app): State<AppState>,
    person: Person,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let keyed = keyed(&headers, "POST /api/v1/roles", &body)?;
    let b: RoleBody = parse(&body)?;
    let garden: GardenId = typed(b.garden.parse())?;
    may_move(&app, &person, &[&Account::Garden(garden.clone())])?;
    let on = b.on.unwrap_or(app.today());
    let period = match &b.period {
        Some(p) => typed(p.parse::<Period>())?,
        None => Period::Month(jardins_ledger::Month::of(on)),
    };
    let command = Command {
        on,
        kind: CommandKind::ValueRole {
            garden,
            role: typed(b.role.parse())?,
            holder: typed(b.holder.parse())?,
            amount: typed(Amount::parse(&b.amount))?,
            currency: typed(b.currency.parse::<CurrencyCode>())?,
            period,
        },
    };
    submit(&app, &person, keyed, command).await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CurrencyBody {
    pub code: String,
    pub name: String,
    pub places: u8,
    pub on: Option<NaiveDate>,
}

pub async fn declare_currency(
    State(app): State<AppState>,
    person: Person,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let keyed = keyed(&headers, "POST /api/v1/currencies", &body)?;
    ApiError::of(may(
        &person.powers,
        Action::RecordBigGarden,
        &Object::Nothing,
    ))?;
    let b: CurrencyBody = parse(&body)?;
    let code: CurrencyCode = typed(b.code.parse())?;
    let kind = if code.is_euro() {
        jardins_ledger::CurrencyKind::Euro
    } else {
        jardins_ledger::CurrencyKind::Complementary
    };
    let command = Command {
        on: b.on.unwrap_or(app.today()),
        kind: CommandKind::DeclareCurrency {
            currency: jardins_ledger::Currency {
                code,
                name: typed(Name::new(&b.name))?,
                kind,
                decimal_places: b.places,
            },
        },
    };
    submit(&app, &person, keyed, command).await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CoreBody {
    pub person: String,
    pub name: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OpenBody {
    pub garden: String,
    pub name: String,
    /// local, thematic or organisation.
    pub kind: String,
    /// The territory, theme or organisation the kind names.
    pub of: String,
    pub core: Vec<CoreBody>,
    pub on: Option<NaiveDate>,
}

pub async fn open_garden(
    State(app): State<AppState>,
    person: Person,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let keyed = keyed(&headers, "POST /api/v1/gardens", &body)?;
    ApiError::of(may(
        &person.powers,
        Action::RecordBigGarden,
        &Object::Nothing,
    ))?;
    let b: OpenBody = parse(&body)?;
    let of = typed(Name::new(&b.of))?;
    let kind = match b.kind.as_str() {
        "local" => jardins_ledger::GardenKind::Local { territory: of },
        "thematic" => jardins_ledger::GardenKind::Thematic { theme: of },
        "organisation" => jardins_ledger::GardenKind::Organisation { organisation: of },
        _ => {
            return Err(ApiError::BadRequest(
                "kind is local, thematic or organisation".to_string(),
            ))
        }
    };
    // Bounded by the body's size; the ledger's rules bound the core itself.
    let core = b
        .core
        .iter()
        .map(|c| {
            Ok(jardins_ledger::CorePerson {
                person: typed(c.person.parse())?,
                name: typed(Name::new(&c.name))?,
            })
        })
        .collect::<Result<Vec<_>, ApiError>>()?;
    let command = Command {
        on: b.on.unwrap_or(app.today()),
        kind: CommandKind::OpenGarden {
            garden: typed(b.garden.parse())?,
            name: typed(Name::new(&b.name))?,
            kind,
            core,
        },
    };
    submit(&app, &person, keyed, command).await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CloseBody {
    pub reason: String,
    pub on: Option<NaiveDate>,
}

pub async fn close_garden(
    State(app): State<AppState>,
    person: Person,
    Path(garden): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let keyed = keyed(
        &headers,
        &format!("POST /api/v1/gardens/{garden}/close"),
        &body,
    )?;
    let garden: GardenId = id(&garden)?;
    let facts = garden_facts(&app, &garden)?;
    // A private garden is not found by outsiders, before the stewards' rule is asked.
    if facts.members_only {
        ApiError::of(may(
            &person.powers,
            Action::SeeBooks,
            &Object::Garden(&facts),
        ))?;
    }
    ApiError::of(may(
        &person.powers,
        Action::RecordBigGarden,
        &Object::Nothing,
    ))?;
    let b: CloseBody = parse(&body)?;
    let command = Command {
        on: b.on.unwrap_or(app.today()),
        kind: CommandKind::CloseGarden {
            garden,
            reason: typed(Text::new(&b.reason))?,
        },
    };
    submit(&app, &person, keyed, command).await
}
