//! The one piece every record form is made of. A form (`EntryForm`) says who may use it (the
//! access table's answer on its garden), its fields, what the constitution in force pre-fills,
//! and how the values typed become a command. This module shows it, checks the session's
//! token, sends the command through the same writer as the API, brings a refusal back on the
//! field it concerns with the rule's sentence and every value typed kept, and shows the
//! receipt (sequence, hash) of a recorded entry. One random key per form shown: sent twice,
//! it records once.

use std::collections::BTreeMap;
use std::str::FromStr;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Form;
use chrono::NaiveDate;
use jardins_ledger::{
    Amount, Command, Constitution, CurrencyCode, GardenId, GardenState, Mode, PersonId, Refusal,
    Text as Note,
};
use jardins_store::AppendError;
use jardins_text::Text;
use maud::{html, Markup};
use sha2::{Digest, Sha256};

use super::{page, say, Html, PageError, PageLang, PagePerson, Reader};
use crate::access::{may, Action, Decision, GardenFacts, Object};
use crate::api::reports::{garden_facts, id};
use crate::error::ApiError;
use crate::extract::Person;
use crate::session::secret;
use crate::state::AppState;
use crate::writer::{Outcome, SubmitError};

/// The values of a form, by field name, as typed.
pub type Values = BTreeMap<String, String>;

/// The value typed in `name`, trimmed; empty when absent.
pub fn value<'v>(values: &'v Values, name: &str) -> &'v str {
    values.get(name).map(|v| v.trim()).unwrap_or("")
}

/// How a field is typed in.
pub enum Input {
    Text {
        inputmode: &'static str,
        placeholder: Option<String>,
    },
    /// A choice among (value, label).
    Select(Vec<(String, String)>),
}

pub struct Field {
    pub name: &'static str,
    pub label: String,
    pub input: Input,
}

impl Field {
    fn typed(name: &'static str, label: String, inputmode: &'static str) -> Field {
        Field {
            name,
            label,
            input: Input::Text {
                inputmode,
                placeholder: None,
            },
        }
    }

    pub fn text(name: &'static str, label: String) -> Field {
        Field::typed(name, label, "text")
    }

    pub fn decimal(name: &'static str, label: String) -> Field {
        Field::typed(name, label, "decimal")
    }

    pub fn number(name: &'static str, label: String) -> Field {
        Field::typed(name, label, "numeric")
    }

    pub fn date(name: &'static str, label: String) -> Field {
        Field::typed(name, label, "numeric")
    }

    pub fn select(name: &'static str, label: String, options: Vec<(String, String)>) -> Field {
        Field {
            name,
            label,
            input: Input::Select(options),
        }
    }

    pub fn placeholder(mut self, text: impl Into<String>) -> Field {
        if let Input::Text { placeholder, .. } = &mut self.input {
            *placeholder = Some(text.into());
        }
        self
    }
}

/// A problem to show: on a field, or on the whole form.
#[derive(Debug)]
pub struct Problem {
    pub field: Option<&'static str>,
    pub message: String,
}

/// Why a form's values give no command: a problem to show in the form, or an access refusal
/// (the values name something the person may not record, or may not see).
#[derive(Debug)]
pub enum Refused {
    Problem(Problem),
    Access(ApiError),
}

impl From<Problem> for Refused {
    fn from(problem: Problem) -> Self {
        Refused::Problem(problem)
    }
}

impl From<ApiError> for Refused {
    fn from(error: ApiError) -> Self {
        Refused::Access(error)
    }
}

/// The field a rule's refusal is about, by meaning (`None`: the whole entry); `place` turns it
/// into one of a form's fields.
pub fn field_of(rule: &str) -> Option<&'static str> {
    Some(match rule {
        "MalformedAmount"
        | "AmountNotPositive"
        | "AmountTooLarge"
        | "TooManyDecimalPlaces"
        | "TooManyDecimalPlacesAtAll"
        | "FixedAmountDiffers"
        | "CommitmentBelowMinimum"
        | "CollectionNotMultipleOfPrice" => "amount",
        "MalformedCurrencyCode" | "UnknownCurrency" | "CurrencyNotAccepted" => "currency",
        "ModeDiffers" => "mode",
        "UnknownPerson"
        | "NotAMember"
        | "MalformedId"
        | "MalformedAccount"
        | "AlreadyAMember"
        | "RejoinBeforeLeft"
        | "TooManyMemberships"
        | "CoreMemberCannotLeave" => "member",
        "DateInFuture" | "DateBeforeGardenOpened" => "on",
        "MalformedPeriod" => "period",
        "TextTooLong" | "ControlCharacter" => "note",
        "EmptyName" => "name",
        "ReasonRequired" => "reason",
        "RoleNotValued" => "role",
        "CollectionKindNotAccepted" => "kind",
        "UnknownCommitment" | "CommitmentAlreadyExists" => "commitment",
        "CommitmentMismatch" => "until",
        "UnknownEntry" | "NotAMoneyEntry" | "ReversalBeforeEntry" | "AlreadyReversed" => "entry",
        _ => return None,
    })
}

/// The field of `fields` a refusal of `rule` is shown on: its own, or the form's person field
/// for a rule about a person, or none (the form's top).
pub fn place(rule: &str, fields: &[Field]) -> Option<&'static str> {
    let meaning = field_of(rule)?;
    let named = |name: &str| fields.iter().find(|f| f.name == name).map(|f| f.name);
    named(meaning).or_else(|| match meaning {
        "member" => named("person").or_else(|| named("holder")),
        "note" => named("reason"),
        _ => None,
    })
}

/// What a form reads: the garden, the person, the reader's language.
pub struct Ctx<'a> {
    pub app: &'a AppState,
    pub t: Text,
    pub person: &'a Person,
    pub garden: &'a GardenId,
    pub facts: &'a GardenFacts,
    pub state: &'a GardenState,
}

impl Ctx<'_> {
    pub fn today(&self) -> NaiveDate {
        self.app.today()
    }

    pub fn say(&self, id: &str, args: &[(&str, String)]) -> String {
        say(self.t, id, args)
    }

    /// The constitution in force today.
    pub fn in_force(&self) -> Option<&Constitution> {
        self.state.constitution_on(self.today())
    }

    /// The table's answer for recording this garden's entries.
    pub fn may_record(&self) -> Decision {
        may(
            &self.person.powers,
            Action::RecordGardenEntry,
            &Object::Garden(self.facts),
        )
    }

    /// The table's answer for a commitment of `owner` to this garden.
    pub fn may_commit(&self, owner: &PersonId) -> Decision {
        may(
            &self.person.powers,
            Action::RecordOwnCommitment,
            &Object::Commitment {
                garden: self.facts,
                person: owner,
            },
        )
    }

    /// Every person's name, by id.
    pub fn people(&self) -> Result<BTreeMap<PersonId, String>, ApiError> {
        Ok(super::log::Names::of(self.app)?.people)
    }

    /// The garden's members today, as (id, label) choices.
    pub fn members(&self) -> Result<Vec<(String, String)>, ApiError> {
        let people = self.people()?;
        Ok(self
            .app
            .ledger
            .members(self.garden)?
            .into_iter()
            .filter(|(_, m)| m.is_member_on(self.today()))
            .map(|(p, _)| {
                let name = people.get(&p).cloned().unwrap_or_default();
                (p.as_str().to_string(), format!("{name} ({})", p.as_str()))
            })
            .collect())
    }

    /// A date as the reader types it.
    pub fn typed_date(&self, date: NaiveDate) -> String {
        super::typed_date(self.t, date)
    }

    /// A refusal of the value in `field`.
    pub fn on_field(&self, field: &'static str) -> impl Fn(Refusal) -> Problem + '_ {
        move |refusal| Problem {
            field: Some(field),
            message: self.t.refusal(&refusal),
        }
    }

    /// An id (a person, a role, a commitment…) typed in `field`.
    pub fn id<T: FromStr<Err = Refusal>>(
        &self,
        values: &Values,
        field: &'static str,
    ) -> Result<T, Problem> {
        value(values, field).parse().map_err(self.on_field(field))
    }

    /// The amount and currency typed, as the reader writes them (`12,50`, `10 €`).
    pub fn money(&self, values: &Values) -> Result<(Amount, CurrencyCode), Problem> {
        let currency: CurrencyCode = value(values, "currency")
            .to_uppercase()
            .parse()
            .map_err(self.on_field("currency"))?;
        let typed = jardins_text::parse::amount(self.t.lang(), value(values, "amount"))
            .map_err(self.on_field("amount"))?;
        if let Some(written) = &typed.currency {
            if *written != currency {
                return Err(Problem {
                    field: Some("amount"),
                    message: self.say(
                        "pages-record-currency-differs",
                        &[
                            ("written", written.as_str().to_string()),
                            ("currency", currency.as_str().to_string()),
                        ],
                    ),
                });
            }
        }
        Ok((typed.amount, currency))
    }

    /// The date typed in `field`, if any.
    pub fn date(&self, values: &Values, field: &'static str) -> Result<Option<NaiveDate>, Problem> {
        let text = value(values, field);
        if text.is_empty() {
            return Ok(None);
        }
        jardins_text::parse::date(self.t.lang(), text)
            .map(Some)
            .ok_or_else(|| Problem {
                field: Some(field),
                message: self.say("pages-not-a-date", &[("text", text.to_string())]),
            })
    }

    /// The entry's date: the one typed in `on`, else today.
    pub fn on(&self, values: &Values) -> Result<NaiveDate, Problem> {
        Ok(self.date(values, "on")?.unwrap_or_else(|| self.today()))
    }

    /// A person's text typed in `field` (a note, a reason).
    pub fn note(&self, values: &Values, field: &'static str) -> Result<Note, Problem> {
        Note::new(values.get(field).map(String::as_str).unwrap_or("")).map_err(self.on_field(field))
    }

    /// The mode chosen.
    pub fn mode(&self, values: &Values) -> Result<Mode, Problem> {
        match value(values, "mode") {
            "fixed" => Ok(Mode::Fixed),
            "conscious" => Ok(Mode::Conscious),
            _ => Err(Problem {
                field: Some("mode"),
                message: self.say("pages-record-mode-unknown", &[]),
            }),
        }
    }

    /// The choices of the mode field.
    pub fn modes(&self) -> Vec<(String, String)> {
        ["fixed", "conscious"]
            .iter()
            .map(|m| (m.to_string(), self.say(&format!("pages-mode-{m}"), &[])))
            .collect()
    }
}

/// Pre-fills `values` from a rule of the constitution: currency, mode, and the fixed or
/// suggested amount.
pub fn prefill_rule(t: Text, values: &mut Values, rule: &jardins_ledger::FlowRule) {
    use jardins_ledger::ModeRule;
    values.insert("currency".into(), rule.currency.as_str().to_string());
    match rule.mode {
        ModeRule::Fixed { amount } => {
            values.insert("mode".into(), "fixed".into());
            values.insert("amount".into(), t.decimal(amount.value()));
        }
        ModeRule::Conscious { suggested } => {
            values.insert("mode".into(), "conscious".into());
            if let Some(s) = suggested {
                values.insert("amount".into(), t.decimal(s.value()));
            }
        }
    }
}

/// One record form.
pub trait EntryForm: Send + Sync + 'static {
    /// Its route, under a garden: `/gardens/{garden}/…`.
    const PATH: &'static str;
    /// The action the route list records (the table's row that governs it).
    const ACTION: Action;
    const SUMMARY_GET: &'static str;
    const SUMMARY_POST: &'static str;
    /// Its name: the catalog says `pages-{NAME}-title` (the title, also the link on the
    /// garden's page, whose id is `{NAME}-link`), `pages-{NAME}-for` (the line under it, with
    /// `$garden`) and `pages-{NAME}-recorded` (the receipt's title).
    const NAME: &'static str;

    /// May the person use the form at all (the table's answer on the garden)?
    fn may_use(ctx: &Ctx<'_>) -> Decision {
        ctx.may_record()
    }
    fn fields(ctx: &Ctx<'_>) -> Result<Vec<Field>, ApiError>;
    /// What the form shows first: today's date, and what the constitution in force says.
    fn prefill(ctx: &Ctx<'_>) -> Values;
    /// The command the values ask for; values that name something the person may not record
    /// are an access refusal, checked before anything else is read.
    fn command(ctx: &Ctx<'_>, values: &Values) -> Result<Command, Refused>;
}

/// The garden of the path, with its facts and state (unknown: not found).
fn garden_of(
    app: &AppState,
    garden: &str,
) -> Result<(GardenId, GardenFacts, GardenState), ApiError> {
    let gid: GardenId = id(garden)?;
    let facts = garden_facts(app, &gid)?;
    let state = app.ledger.garden(&gid)?.ok_or(ApiError::NotFound)?;
    Ok((gid, facts, state))
}

fn path_of<F: EntryForm>(garden: &GardenId) -> String {
    F::PATH.replace("{garden}", garden.as_str())
}

fn render<F: EntryForm>(
    ctx: &Ctx<'_>,
    fields: &[Field],
    values: &Values,
    problem: Option<&Problem>,
) -> Markup {
    let t = ctx.t;
    let here = path_of::<F>(ctx.garden);
    let title = say(t, &format!("pages-{}-title", F::NAME), &[]);
    let reader = Reader { person: ctx.person };
    let error_on = |field: &str| -> Option<&str> {
        problem
            .filter(|p| p.field == Some(field) && fields.iter().any(|f| f.name == field))
            .map(|p| p.message.as_str())
    };
    let at_top = problem.filter(|p| p.field.is_none_or(|f| !fields.iter().any(|g| g.name == f)));
    let body = html! {
        h1 { (title) }
        p { (say(t, &format!("pages-{}-for", F::NAME), &[("garden", ctx.state.name.to_string())])) }
        @if let Some(p) = at_top {
            p class="error" role="alert" id="form-error" { (p.message) }
        }
        form method="post" action=(here) class="stack" novalidate {
            input type="hidden" name="csrf" value=(reader.csrf());
            input type="hidden" name="key" value=(value(values, "key"));
            @for field in fields {
                @let name = field.name;
                @let typed = values.get(name).map(String::as_str).unwrap_or("");
                @let error = error_on(name);
                @let described = error.map(|_| format!("{name}-error"));
                label for=(name) { (field.label) }
                @match &field.input {
                    Input::Text { inputmode, placeholder } => {
                        input id=(name) name=(name) value=(typed) inputmode=(inputmode) placeholder=[placeholder.as_deref()] aria-invalid=[error.map(|_| "true")] aria-describedby=[described];
                    }
                    Input::Select(options) => {
                        select id=(name) name=(name) aria-invalid=[error.map(|_| "true")] aria-describedby=[described] {
                            @for (option, label) in options {
                                option value=(option) selected[option == typed] { (label) }
                            }
                        }
                    }
                }
                @if let Some(error) = error {
                    p class="error" id=(format!("{name}-error")) role="alert" { (error) }
                }
            }
            button type="submit" id="record-submit" { (say(t, "pages-record-submit", &[])) }
        }
        p { a href=(format!("/gardens/{}", ctx.garden.as_str())) { (say(t, "pages-receipt-back", &[("garden", ctx.state.name.to_string())])) } }
    };
    page(t, &title, Some(&reader), &here, body)
}

/// `GET /gardens/{garden}/…`: the form, pre-filled.
pub async fn show<F: EntryForm>(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PagePerson(person): PagePerson,
    Path(garden): Path<String>,
) -> Result<Html, PageError> {
    let fail = |e: ApiError| PageError::new(lang, e);
    let (gid, facts, state) = garden_of(&app, &garden).map_err(fail)?;
    let ctx = Ctx {
        app: &app,
        t: Text::new(lang),
        person: &person,
        garden: &gid,
        facts: &facts,
        state: &state,
    };
    ApiError::of(F::may_use(&ctx)).map_err(fail)?;
    let fields = F::fields(&ctx).map_err(fail)?;
    let mut values = F::prefill(&ctx);
    values.insert("key".into(), secret());
    Ok(Html(render::<F>(&ctx, &fields, &values, None)))
}

/// The ledger's idempotency key for a form: bounded, and never another person's.
fn ledger_key(person: &PersonId, key: &str) -> String {
    let mut hasher = Sha256::new();
    hasher.update(person.as_str().as_bytes());
    hasher.update([0]);
    hasher.update(key.as_bytes());
    format!("page-{}", hex::encode(&hasher.finalize()[..16]))
}

/// `POST /gardens/{garden}/…`: records the entry and shows its receipt, or the form again.
pub async fn submit<F: EntryForm>(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PagePerson(person): PagePerson,
    Path(garden): Path<String>,
    Form(values): Form<Values>,
) -> Result<Response, PageError> {
    let fail = |e: ApiError| PageError::new(lang, e);
    let t = Text::new(lang);
    let (gid, facts, state) = garden_of(&app, &garden).map_err(fail)?;
    let ctx = Ctx {
        app: &app,
        t,
        person: &person,
        garden: &gid,
        facts: &facts,
        state: &state,
    };
    ApiError::of(F::may_use(&ctx)).map_err(fail)?;
    if !person.form_token_ok(value(&values, "csrf")) {
        tracing::warn!(person = %person.id, "refused: a form without its session's token");
        return Err(fail(ApiError::Forbidden));
    }
    let fields = F::fields(&ctx).map_err(fail)?;
    let again = |problem: Problem| -> Response {
        let body = render::<F>(&ctx, &fields, &values, Some(&problem));
        (StatusCode::UNPROCESSABLE_ENTITY, Html(body)).into_response()
    };
    let command = match F::command(&ctx, &values) {
        Ok(command) => command,
        Err(Refused::Problem(problem)) => return Ok(again(problem)),
        Err(Refused::Access(error)) => return Err(fail(error)),
    };
    let key = Some(value(&values, "key"))
        .filter(|k| !k.is_empty())
        .map(|k| ledger_key(&person.id, k));
    let outcome = app.writer.append(command, key).await.map_err(|e| match e {
        SubmitError::Full | SubmitError::Stopped => fail(ApiError::Busy),
    })?;
    match outcome {
        Outcome::Recorded(receipt) => {
            tracing::info!(person = %person.id, sequence = receipt.sequence, form = F::PATH, "entry recorded from a form");
            let title = say(t, &format!("pages-{}-recorded", F::NAME), &[]);
            let reader = Reader { person: &person };
            let here = format!("/gardens/{}", gid.as_str());
            let body = html! {
                h1 { (title) }
                div class="receipt" role="status" {
                    p { (say(t, "pages-receipt-sequence", &[])) " " strong id="receipt-sequence" { (receipt.sequence) } }
                    p { (say(t, "pages-receipt-hash", &[])) " " code class="hash" id="receipt-hash" { (hex::encode(receipt.hash)) } }
                }
                p { a href=(here) id="back-to-garden" { (say(t, "pages-receipt-back", &[("garden", state.name.to_string())])) } }
            };
            Ok((
                StatusCode::CREATED,
                Html(page(t, &title, Some(&reader), &here, body)),
            )
                .into_response())
        }
        Outcome::Refused(AppendError::Refused(refusal)) => Ok(again(Problem {
            field: place(refusal.rule(), &fields),
            message: t.refusal(&refusal),
        })),
        Outcome::Refused(other) => Err(fail(ApiError::from(other))),
        Outcome::Failed(detail) => Err(fail(ApiError::Internal(detail))),
    }
}

/// The link to form `F` on the garden's page, when the person may use it.
fn link<F: EntryForm>(ctx: &Ctx<'_>) -> Option<Markup> {
    (F::may_use(ctx) == Decision::Allowed).then(|| {
        html! {
            li { a href=(path_of::<F>(ctx.garden)) id=(format!("{}-link", F::NAME)) { (say(ctx.t, &format!("pages-{}-title", F::NAME), &[])) } }
        }
    })
}

/// The forms the person may use on this garden, as links (none: nothing shown).
pub fn links(t: Text, app: &AppState, person: &Person, garden: &GardenId) -> Markup {
    let Ok((gid, facts, state)) = garden_of(app, garden.as_str()) else {
        return html! {};
    };
    let ctx = Ctx {
        app,
        t,
        person,
        garden: &gid,
        facts: &facts,
        state: &state,
    };
    use super::members::{CommitmentEnd, CommitmentMake, Join, Leave};
    use super::record::{Collection, Contribution, Expense, Reversal, RoleValued};
    let shown: Vec<Markup> = [
        link::<Contribution>(&ctx),
        link::<Collection>(&ctx),
        link::<Expense>(&ctx),
        link::<RoleValued>(&ctx),
        link::<CommitmentMake>(&ctx),
        link::<CommitmentEnd>(&ctx),
        link::<Reversal>(&ctx),
        link::<Join>(&ctx),
        link::<Leave>(&ctx),
    ]
    .into_iter()
    .flatten()
    .collect();
    html! {
        @if !shown.is_empty() {
            nav class="forms" aria-label=(say(t, "pages-forms-nav", &[])) {
                ul { @for item in &shown { (item) } }
            }
        }
    }
}
