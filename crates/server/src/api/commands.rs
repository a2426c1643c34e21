//! The commands, as the CLI has them, each through the writer. Every call carries an
//! `Idempotency-Key`: the same key and body give the first answer again and append nothing;
//! the same key with another body is a 409. The key is mapped onto the ledger's own keys, so
//! a crash between the flush and the answer still gives the first receipt again.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use jardins_ledger::{
    Account, Amount, Cadence, CollectionKind, Command, CommandKind, CommitmentId, CurrencyCode,
    GardenId, MemberRole, Mode, Name, PaysFor, Period, PersonId, Text,
};
use jardins_store::access::Answer;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use sha2::{Digest, Sha256};

use crate::access::{may, Action, Object};
use crate::api::answers::Receipt;
use crate::api::reports::{garden_facts, id, may_see_entry, require_garden};
use crate::error::ApiError;
use crate::extract::{Ids, Person};
use crate::state::AppState;
use crate::writer::{Outcome, SubmitError};

/// Longest `Idempotency-Key`, in characters.
pub const MAX_IDEMPOTENCY_KEY_CHARS: usize = 100;

/// Largest answer kept for a key, in bytes (a receipt or a refusal is a few hundred).
const MAX_KEPT_ANSWER_BYTES: usize = 16 * 1024;

/// A JSON body; malformed JSON or an unknown field is a 400 saying what is wrong.
pub(crate) fn parse<T: DeserializeOwned>(body: &Bytes) -> Result<T, ApiError> {
    serde_json::from_slice(body).map_err(|e| ApiError::BadRequest(format!("the JSON body: {e}")))
}

/// A typed value the domain refuses to parse: a bad request, said as the catalog says it.
pub(crate) fn typed<T>(value: Result<T, jardins_ledger::Refusal>) -> Result<T, ApiError> {
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
pub(crate) struct Keyed {
    key: String,
    digest: [u8; 32],
}

pub(crate) fn keyed(headers: &HeaderMap, what: &str, body: &Bytes) -> Result<Keyed, ApiError> {
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
pub(crate) async fn submit(
    app: &AppState,
    person: &Person,
    keyed: Keyed,
    command: Command,
) -> Result<Response, ApiError> {
    let key = ledger_key(&person.id, &keyed.key);
    once(app, person, keyed, async move {
        let outcome = app.writer.append(command, Some(key)).await.map_err(busy)?;
        match outcome {
            Outcome::Recorded(receipt) => Ok((
                StatusCode::CREATED,
                answer(&Receipt {
                    sequence: receipt.sequence,
                    hash: hex::encode(receipt.hash),
                })?,
            )),
            Outcome::Refused(refused) => {
                let error = ApiError::from(refused);
                Ok((error.status(), error.body()))
            }
            Outcome::Failed(detail) => Err(ApiError::Internal(detail)),
        }
    })
    .await
}

/// An answer of the API as JSON.
pub(crate) fn answer(value: &impl serde::Serialize) -> Result<serde_json::Value, ApiError> {
    serde_json::to_value(value).map_err(|e| ApiError::Internal(e.to_string()))
}

/// A full queue or a stopping writer: try again shortly.
pub(crate) fn busy(error: SubmitError) -> ApiError {
    match error {
        SubmitError::Full | SubmitError::Stopped => ApiError::Busy,
    }
}

/// Does `work` once per idempotency key: the kept answer again for the same request, a 409
/// for another one; a 201 or a rule's 422 is kept to be given again.
pub(crate) async fn once(
    app: &AppState,
    person: &Person,
    keyed: Keyed,
    work: impl std::future::Future<Output = Result<(StatusCode, serde_json::Value), ApiError>>,
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
    let (status, body) = work.await?;
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

/// What a command's body is checked with: the request's state, who sends it, the path's ids.
pub struct Call<'a> {
    pub app: &'a AppState,
    pub person: &'a Person,
    pub ids: &'a Ids,
}

/// One command of the API: its JSON body (unknown fields refused), and the ledger's command it
/// makes once the access table allows it. [`record`] serves them all: the idempotency key,
/// the checks, the body, the command, the receipt.
pub trait ApiCommand: DeserializeOwned {
    /// The table's answer on what the path alone names, asked before the body is read.
    /// Commands whose body names what they are about ask in [`ApiCommand::kind`] instead.
    fn check_path(_call: &Call<'_>) -> Result<(), ApiError> {
        Ok(())
    }

    /// The date the entry takes effect, if the body gives one (else today).
    fn on(&self) -> Option<NaiveDate>;

    /// The ledger's command, once the table allows it; `on` is the date it takes effect.
    fn kind(self, call: &Call<'_>, on: NaiveDate) -> Result<CommandKind, ApiError>;
}

/// `POST` of any [`ApiCommand`]: the key and the digest of what is asked (method, path and
/// query, body), the path's check, the body, the command, then the writer and the receipt.
pub async fn record<C: ApiCommand + Send + 'static>(
    State(app): State<AppState>,
    person: Person,
    ids: Ids,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let what = format!("POST {}", requested(&uri));
    let keyed = keyed(&headers, &what, &body)?;
    let call = Call {
        app: &app,
        person: &person,
        ids: &ids,
    };
    C::check_path(&call)?;
    let b: C = parse(&body)?;
    let on = b.on().unwrap_or_else(|| app.today());
    let kind = b.kind(&call, on)?;
    submit(&app, &person, keyed, Command { on, kind }).await
}

/// The path and query asked for, as the digest of an idempotent request names it.
pub(crate) fn requested(uri: &Uri) -> &str {
    uri.path_and_query()
        .map(|p| p.as_str())
        .unwrap_or_else(|| uri.path())
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
        return stewards_only(person);
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

/// The big garden's own entries: the stewards'.
fn stewards_only(person: &Person) -> Result<(), ApiError> {
    ApiError::of(may(
        &person.powers,
        Action::RecordBigGarden,
        &Object::Nothing,
    ))
}

/// An amount in a currency, both as typed.
fn money(amount: &str, currency: &str) -> Result<(Amount, CurrencyCode), ApiError> {
    Ok((typed(Amount::parse(amount))?, typed(currency.parse())?))
}

/// One of a closed set of words, or a 400 that lists them.
fn one_of<T: Copy>(field: &str, text: &str, choices: &[(&str, T)]) -> Result<T, ApiError> {
    choices
        .iter()
        .find(|(word, _)| *word == text)
        .map(|(_, value)| *value)
        .ok_or_else(|| {
            let words: Vec<&str> = choices.iter().map(|(word, _)| *word).collect();
            ApiError::BadRequest(format!("{field} is {}", said_or(&words)))
        })
}

/// `a, b or c`.
fn said_or(words: &[&str]) -> String {
    match words.split_last() {
        Some((last, [])) => last.to_string(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    }
}

#[derive(Deserialize, utoipa::ToSchema)]
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

impl ApiCommand for PayBody {
    fn on(&self) -> Option<NaiveDate> {
        self.on
    }

    fn kind(self, call: &Call<'_>, _on: NaiveDate) -> Result<CommandKind, ApiError> {
        let from: Account = typed(self.from.parse())?;
        let to: Account = typed(self.to.parse())?;
        may_move(call.app, call.person, &[&from, &to])?;
        let pays_for = match (&self.commitment, &self.period) {
            (Some(c), Some(p)) => PaysFor::CommitmentPeriod {
                commitment: typed(c.parse::<CommitmentId>())?,
                period: typed(p.parse::<Period>())?,
            },
            (Some(c), None) => PaysFor::Commitment(typed(c.parse::<CommitmentId>())?),
            (None, Some(p)) => PaysFor::Period(typed(p.parse::<Period>())?),
            (None, None) => PaysFor::OneOff,
        };
        let (amount, currency) = money(&self.amount, &self.currency)?;
        Ok(CommandKind::PayContribution {
            from,
            to,
            amount,
            currency,
            mode: mode(&self.mode)?,
            pays_for,
            note: text(&self.note)?,
        })
    }
}

#[derive(Deserialize, utoipa::ToSchema)]
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

impl ApiCommand for CollectBody {
    fn on(&self) -> Option<NaiveDate> {
        self.on
    }

    fn kind(self, call: &Call<'_>, _on: NaiveDate) -> Result<CommandKind, ApiError> {
        let garden: GardenId = typed(self.garden.parse())?;
        may_move(call.app, call.person, &[&Account::Garden(garden.clone())])?;
        let collection = one_of(
            "kind",
            &self.kind,
            &[
                ("event", CollectionKind::Event),
                ("gathering", CollectionKind::Gathering),
                ("fundraising", CollectionKind::Fundraising),
            ],
        )?;
        let (amount, currency) = money(&self.amount, &self.currency)?;
        Ok(CommandKind::RecordCollection {
            garden,
            collection,
            amount,
            currency,
            mode: mode(&self.mode)?,
            note: text(&self.note)?,
        })
    }
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ExpenseBody {
    pub payer: String,
    pub amount: String,
    pub currency: String,
    pub on: Option<NaiveDate>,
    pub note: Option<String>,
}

impl ApiCommand for ExpenseBody {
    fn on(&self) -> Option<NaiveDate> {
        self.on
    }

    fn kind(self, call: &Call<'_>, _on: NaiveDate) -> Result<CommandKind, ApiError> {
        let payer: Account = typed(self.payer.parse())?;
        may_move(call.app, call.person, &[&payer])?;
        let (amount, currency) = money(&self.amount, &self.currency)?;
        Ok(CommandKind::PayExpense {
            payer,
            amount,
            currency,
            note: text(&self.note)?,
        })
    }
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReverseBody {
    pub entry: u64,
    pub reason: String,
    pub on: Option<NaiveDate>,
}

impl ApiCommand for ReverseBody {
    fn on(&self) -> Option<NaiveDate> {
        self.on
    }

    fn kind(self, call: &Call<'_>, _on: NaiveDate) -> Result<CommandKind, ApiError> {
        let (app, person) = (call.app, call.person);
        let record = app.ledger.record(self.entry)?.ok_or(ApiError::NotFound)?;
        may_see_entry(app, person, &record.event)?;
        let gardens = crate::api::reports::gardens_of(app, &record.event)?;
        let accounts: Vec<Account> = if gardens.is_empty() {
            vec![Account::BigGarden]
        } else {
            gardens.into_iter().map(Account::Garden).collect()
        };
        may_move(app, person, &accounts.iter().collect::<Vec<_>>())?;
        Ok(CommandKind::ReverseEntry {
            entry: self.entry,
            reason: typed(Text::new(&self.reason))?,
        })
    }
}

#[derive(Deserialize, utoipa::ToSchema)]
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

impl ApiCommand for CommitBody {
    fn on(&self) -> Option<NaiveDate> {
        self.on
    }

    fn kind(self, call: &Call<'_>, _on: NaiveDate) -> Result<CommandKind, ApiError> {
        let garden: GardenId = typed(self.garden.parse())?;
        let owner: PersonId = typed(self.person.parse())?;
        let facts = garden_facts(call.app, &garden)?;
        let object = Object::Commitment {
            garden: &facts,
            person: &owner,
        };
        ApiError::of(may(
            &call.person.powers,
            Action::RecordOwnCommitment,
            &object,
        ))?;
        let cadence = one_of(
            "cadence",
            &self.cadence,
            &[
                ("monthly", Cadence::Monthly),
                ("yearly", Cadence::Yearly),
                ("one-off", Cadence::OneOff),
            ],
        )?;
        let commitment = typed(self.commitment.parse())?;
        let (amount, currency) = money(&self.amount, &self.currency)?;
        Ok(CommandKind::MakeCommitment {
            commitment,
            garden,
            person: owner,
            amount,
            currency,
            cadence,
            from: self.from,
            until: self.until,
        })
    }
}

/// `/commitments/{commitment}/…`: the commitment and its state, as the table allows.
fn commitment_of(call: &Call<'_>) -> Result<CommitmentId, ApiError> {
    let cid: CommitmentId = id(call.ids.get(0)?)?;
    let (_, state) = call
        .app
        .ledger
        .commitments()?
        .into_iter()
        .find(|(c, _)| *c == cid)
        .ok_or(ApiError::NotFound)?;
    let facts = garden_facts(call.app, &state.garden)?;
    let object = Object::Commitment {
        garden: &facts,
        person: &state.person,
    };
    ApiError::of(may(
        &call.person.powers,
        Action::RecordOwnCommitment,
        &object,
    ))?;
    Ok(cid)
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EndBody {
    pub until: NaiveDate,
    pub on: Option<NaiveDate>,
}

impl ApiCommand for EndBody {
    fn check_path(call: &Call<'_>) -> Result<(), ApiError> {
        commitment_of(call).map(|_| ())
    }

    fn on(&self) -> Option<NaiveDate> {
        self.on
    }

    fn kind(self, call: &Call<'_>, _on: NaiveDate) -> Result<CommandKind, ApiError> {
        Ok(CommandKind::EndCommitment {
            commitment: id(call.ids.get(0)?)?,
            until: self.until,
        })
    }
}

/// `/gardens/{garden}/…` recorded by the garden's core.
fn core_garden(call: &Call<'_>) -> Result<GardenId, ApiError> {
    let garden: GardenId = id(call.ids.get(0)?)?;
    require_garden(call.app, call.person, &garden, Action::RecordGardenEntry)?;
    Ok(garden)
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct JoinBody {
    pub person: String,
    pub name: String,
    /// gardener or companion.
    pub role: String,
    pub on: Option<NaiveDate>,
}

impl ApiCommand for JoinBody {
    fn check_path(call: &Call<'_>) -> Result<(), ApiError> {
        core_garden(call).map(|_| ())
    }

    fn on(&self) -> Option<NaiveDate> {
        self.on
    }

    fn kind(self, call: &Call<'_>, _on: NaiveDate) -> Result<CommandKind, ApiError> {
        let role = one_of(
            "role",
            &self.role,
            &[
                ("gardener", MemberRole::Gardener),
                ("companion", MemberRole::Companion),
            ],
        )?;
        Ok(CommandKind::JoinGarden {
            garden: id(call.ids.get(0)?)?,
            person: typed(self.person.parse())?,
            name: typed(Name::new(&self.name))?,
            role,
        })
    }
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LeaveBody {
    pub on: Option<NaiveDate>,
}

impl ApiCommand for LeaveBody {
    fn check_path(call: &Call<'_>) -> Result<(), ApiError> {
        core_garden(call).map(|_| ())
    }

    fn on(&self) -> Option<NaiveDate> {
        self.on
    }

    fn kind(self, call: &Call<'_>, _on: NaiveDate) -> Result<CommandKind, ApiError> {
        Ok(CommandKind::LeaveGarden {
            garden: id(call.ids.get(0)?)?,
            person: id(call.ids.get(1)?)?,
        })
    }
}

#[derive(Deserialize, utoipa::ToSchema)]
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

impl ApiCommand for RoleBody {
    fn on(&self) -> Option<NaiveDate> {
        self.on
    }

    fn kind(self, call: &Call<'_>, on: NaiveDate) -> Result<CommandKind, ApiError> {
        let garden: GardenId = typed(self.garden.parse())?;
        may_move(call.app, call.person, &[&Account::Garden(garden.clone())])?;
        let period = match &self.period {
            Some(p) => typed(p.parse::<Period>())?,
            None => Period::Month(jardins_ledger::Month::of(on)),
        };
        let role = typed(self.role.parse())?;
        let holder = typed(self.holder.parse())?;
        let (amount, currency) = money(&self.amount, &self.currency)?;
        Ok(CommandKind::ValueRole {
            garden,
            role,
            holder,
            amount,
            currency,
            period,
        })
    }
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CurrencyBody {
    pub code: String,
    pub name: String,
    pub places: u8,
    pub on: Option<NaiveDate>,
}

impl ApiCommand for CurrencyBody {
    fn check_path(call: &Call<'_>) -> Result<(), ApiError> {
        stewards_only(call.person)
    }

    fn on(&self) -> Option<NaiveDate> {
        self.on
    }

    fn kind(self, _call: &Call<'_>, _on: NaiveDate) -> Result<CommandKind, ApiError> {
        let code: CurrencyCode = typed(self.code.parse())?;
        let kind = if code.is_euro() {
            jardins_ledger::CurrencyKind::Euro
        } else {
            jardins_ledger::CurrencyKind::Complementary
        };
        Ok(CommandKind::DeclareCurrency {
            currency: jardins_ledger::Currency {
                code,
                name: typed(Name::new(&self.name))?,
                kind,
                decimal_places: self.places,
            },
        })
    }
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CoreBody {
    pub person: String,
    pub name: String,
}

#[derive(Deserialize, utoipa::ToSchema)]
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

impl ApiCommand for OpenBody {
    fn check_path(call: &Call<'_>) -> Result<(), ApiError> {
        stewards_only(call.person)
    }

    fn on(&self) -> Option<NaiveDate> {
        self.on
    }

    fn kind(self, _call: &Call<'_>, _on: NaiveDate) -> Result<CommandKind, ApiError> {
        use jardins_ledger::GardenKind as K;
        let of = typed(Name::new(&self.of))?;
        let kind = match self.kind.as_str() {
            "local" => K::Local { territory: of },
            "thematic" => K::Thematic { theme: of },
            "organisation" => K::Organisation { organisation: of },
            _ => {
                return Err(ApiError::BadRequest(
                    "kind is local, thematic or organisation".to_string(),
                ))
            }
        };
        // Bounded by the body's size; the ledger's rules bound the core itself.
        let core = self
            .core
            .iter()
            .map(|c| {
                Ok(jardins_ledger::CorePerson {
                    person: typed(c.person.parse())?,
                    name: typed(Name::new(&c.name))?,
                })
            })
            .collect::<Result<Vec<_>, ApiError>>()?;
        Ok(CommandKind::OpenGarden {
            garden: typed(self.garden.parse())?,
            name: typed(Name::new(&self.name))?,
            kind,
            core,
        })
    }
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CloseBody {
    pub reason: String,
    pub on: Option<NaiveDate>,
}

impl ApiCommand for CloseBody {
    fn check_path(call: &Call<'_>) -> Result<(), ApiError> {
        let garden: GardenId = id(call.ids.get(0)?)?;
        let facts = garden_facts(call.app, &garden)?;
        // A private garden is not found by outsiders, before the stewards' rule is asked.
        if facts.members_only {
            ApiError::of(may(
                &call.person.powers,
                Action::SeeBooks,
                &Object::Garden(&facts),
            ))?;
        }
        stewards_only(call.person)
    }

    fn on(&self) -> Option<NaiveDate> {
        self.on
    }

    fn kind(self, call: &Call<'_>, _on: NaiveDate) -> Result<CommandKind, ApiError> {
        Ok(CommandKind::CloseGarden {
            garden: id(call.ids.get(0)?)?,
            reason: typed(Text::new(&self.reason))?,
        })
    }
}
