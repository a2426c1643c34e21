//! Recording a member's contribution to a garden: the form pre-filled from the constitution
//! in force, the same writer and the same access check as `POST /api/v1/payments`; a refusal
//! comes back in the form with the rule's sentence on its field and the values typed kept; a
//! recorded entry shows its receipt.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Form;
use jardins_ledger::{
    Account, Command, CommandKind, CurrencyCode, GardenId, Mode, ModeRule, PaysFor, Period,
    PersonId, Refusal, Text as Note,
};
use jardins_store::AppendError;
use jardins_text::Text;
use maud::{html, Markup};
use serde::Deserialize;
use sha2::{Digest, Sha256};

use super::{page, say, Html, PageError, PageLang, PagePerson, Reader};
use crate::access::{may, Action, Object};
use crate::api::reports::{garden_facts, id};
use crate::error::ApiError;
use crate::extract::Person;
use crate::session::secret;
use crate::state::AppState;
use crate::writer::{Outcome, SubmitError};

/// The form's values, as typed (kept whole when a rule refuses them).
#[derive(Clone, Debug, Default, Deserialize)]
pub struct ContributionForm {
    #[serde(default)]
    pub member: String,
    #[serde(default)]
    pub amount: String,
    #[serde(default)]
    pub currency: String,
    #[serde(default)]
    pub mode: String,
    #[serde(default)]
    pub on: String,
    #[serde(default)]
    pub period: String,
    #[serde(default)]
    pub note: String,
    /// One random value per form shown: submitting it twice records once.
    #[serde(default)]
    pub key: String,
    #[serde(default)]
    pub csrf: String,
}

/// The fields of the form, by name; a refusal names one of them, or none.
const FIELDS: [&str; 7] = [
    "member", "amount", "currency", "mode", "on", "period", "note",
];

/// The field a rule's refusal is about (`None`: the whole entry).
pub fn field_of(rule: &str) -> Option<&'static str> {
    Some(match rule {
        "MalformedAmount"
        | "AmountNotPositive"
        | "AmountTooLarge"
        | "TooManyDecimalPlaces"
        | "TooManyDecimalPlacesAtAll"
        | "FixedAmountDiffers"
        | "CommitmentBelowMinimum" => "amount",
        "MalformedCurrencyCode" | "UnknownCurrency" | "CurrencyNotAccepted" => "currency",
        "ModeDiffers" => "mode",
        "UnknownPerson" | "NotAMember" | "MalformedId" | "MalformedAccount" => "member",
        "DateInFuture" | "DateBeforeGardenOpened" => "on",
        "MalformedPeriod" => "period",
        "TextTooLong" | "ControlCharacter" => "note",
        _ => return None,
    })
}

/// A problem to show: on a field, or on the form.
struct Problem {
    field: Option<&'static str>,
    message: String,
}

fn refused(t: Text, refusal: &Refusal) -> Problem {
    Problem {
        field: field_of(refusal.rule()),
        message: t.refusal(refusal),
    }
}

/// What the constitution in force today asks of a member: currency, mode and amount.
fn prefilled(app: &AppState, t: Text, garden: &GardenId, member: String) -> ContributionForm {
    let mut form = ContributionForm {
        member,
        currency: "EUR".to_string(),
        mode: "conscious".to_string(),
        on: super::typed_date(t, app.today()),
        key: secret(),
        ..ContributionForm::default()
    };
    let rule = app.ledger.garden(garden).ok().flatten().and_then(|g| {
        g.constitution_on(app.today())
            .and_then(|c| c.model.commitments.first().cloned())
    });
    if let Some(rule) = rule {
        form.currency = rule.currency.as_str().to_string();
        match rule.mode {
            ModeRule::Fixed { amount } => {
                form.mode = "fixed".to_string();
                form.amount = t.decimal(amount.value());
            }
            ModeRule::Conscious { suggested } => {
                form.mode = "conscious".to_string();
                if let Some(s) = suggested {
                    form.amount = t.decimal(s.value());
                }
            }
        }
    }
    form
}

/// The members of the garden today: (id, name).
fn members(app: &AppState, garden: &GardenId) -> Result<Vec<(PersonId, String)>, ApiError> {
    let people = app.ledger.people()?;
    Ok(app
        .ledger
        .members(garden)?
        .into_iter()
        .filter(|(_, m)| m.is_member_on(app.today()))
        .map(|(p, _)| {
            let name = people
                .iter()
                .find(|(q, _)| *q == p)
                .map(|(_, s)| s.name.to_string())
                .unwrap_or_else(|| p.as_str().to_string());
            (p, name)
        })
        .collect())
}

#[allow(clippy::too_many_arguments)]
fn form_page(
    t: Text,
    person: &Person,
    garden: &GardenId,
    garden_name: &str,
    people: &[(PersonId, String)],
    form: &ContributionForm,
    problem: Option<&Problem>,
) -> Markup {
    let here = format!("/gardens/{}/record", garden.as_str());
    let title = say(t, "pages-record-title", &[]);
    let error_on = |field: &str| -> Option<String> {
        problem
            .filter(|p| {
                p.field == Some(FIELDS.iter().find(|f| **f == field).copied().unwrap_or(""))
            })
            .map(|p| p.message.clone())
    };
    let field = |name: &'static str, label: String, input: Markup| -> Markup {
        let error = error_on(name);
        html! {
            label for=(name) { (label) }
            (input)
            @if let Some(error) = error {
                p class="error" id=(format!("{name}-error")) role="alert" { (error) }
            }
        }
    };
    let described = |name: &str| error_on(name).map(|_| format!("{name}-error"));
    let reader = Reader { person };
    let body = html! {
        h1 { (title) }
        p { (say(t, "pages-record-for", &[("garden", garden_name.to_string())])) }
        @if let Some(p) = problem.filter(|p| p.field.is_none()) {
            p class="error" role="alert" id="form-error" { (p.message) }
        }
        form method="post" action=(here) class="stack" novalidate {
            input type="hidden" name="csrf" value=(reader.csrf());
            input type="hidden" name="key" value=(form.key);
            (field("member", say(t, "pages-record-member", &[]), html! {
                select id="member" name="member" aria-describedby=[described("member")] {
                    @for (id, name) in people {
                        option value=(id.as_str()) selected[id.as_str() == form.member] { (name) " (" (id.as_str()) ")" }
                    }
                }
            }))
            (field("amount", say(t, "pages-record-amount", &[]), html! {
                input id="amount" name="amount" value=(form.amount) inputmode="decimal" required aria-describedby=[described("amount")];
            }))
            (field("currency", say(t, "pages-record-currency", &[]), html! {
                input id="currency" name="currency" value=(form.currency) required aria-describedby=[described("currency")];
            }))
            (field("mode", say(t, "pages-record-mode", &[]), html! {
                select id="mode" name="mode" aria-describedby=[described("mode")] {
                    option value="fixed" selected[form.mode == "fixed"] { (say(t, "pages-mode-fixed", &[])) }
                    option value="conscious" selected[form.mode == "conscious"] { (say(t, "pages-mode-conscious", &[])) }
                }
            }))
            (field("on", say(t, "pages-record-on", &[]), html! {
                input id="on" name="on" value=(form.on) inputmode="numeric" aria-describedby=[described("on")];
            }))
            (field("period", say(t, "pages-record-period", &[]), html! {
                input id="period" name="period" value=(form.period) placeholder="2026-11" aria-describedby=[described("period")];
            }))
            (field("note", say(t, "pages-record-note", &[]), html! {
                input id="note" name="note" value=(form.note) aria-describedby=[described("note")];
            }))
            button type="submit" id="record-submit" { (say(t, "pages-record-submit", &[])) }
        }
    };
    page(t, &title, Some(&reader), &here, body)
}

/// The garden, after asking the table whether `person` may record its entries.
fn allowed_garden(
    app: &AppState,
    person: &Person,
    garden: &str,
) -> Result<(GardenId, String), ApiError> {
    let gid: GardenId = id(garden)?;
    let facts = garden_facts(app, &gid)?;
    ApiError::of(may(
        &person.powers,
        Action::RecordGardenEntry,
        &Object::Garden(&facts),
    ))?;
    let name = app
        .ledger
        .garden(&gid)?
        .map(|g| g.name.to_string())
        .ok_or(ApiError::NotFound)?;
    Ok((gid, name))
}

/// `GET /gardens/{garden}/record`.
pub async fn record_form(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PagePerson(person): PagePerson,
    Path(garden): Path<String>,
) -> Result<Html, PageError> {
    let fail = |e: ApiError| PageError::new(lang, e);
    let t = Text::new(lang);
    let (gid, name) = allowed_garden(&app, &person, &garden).map_err(fail)?;
    let people = members(&app, &gid).map_err(fail)?;
    let first = people
        .first()
        .map(|(p, _)| p.as_str().to_string())
        .unwrap_or_default();
    let form = prefilled(&app, t, &gid, first);
    Ok(Html(form_page(
        t, &person, &gid, &name, &people, &form, None,
    )))
}

/// The command the form asks for, or the problem with what was typed.
fn command(
    app: &AppState,
    t: Text,
    garden: &GardenId,
    form: &ContributionForm,
) -> Result<Command, Problem> {
    let on_field = |field: &'static str| {
        move |r: Refusal| Problem {
            field: Some(field),
            message: t.refusal(&r),
        }
    };
    let member: PersonId = form.member.trim().parse().map_err(on_field("member"))?;
    let currency: CurrencyCode = form
        .currency
        .trim()
        .to_uppercase()
        .parse()
        .map_err(on_field("currency"))?;
    let typed =
        jardins_text::parse::amount(t.lang(), form.amount.trim()).map_err(on_field("amount"))?;
    if let Some(written) = &typed.currency {
        if *written != currency {
            return Err(Problem {
                field: Some("amount"),
                message: say(
                    t,
                    "pages-record-currency-differs",
                    &[
                        ("written", written.as_str().to_string()),
                        ("currency", currency.as_str().to_string()),
                    ],
                ),
            });
        }
    }
    let mode = match form.mode.as_str() {
        "fixed" => Mode::Fixed,
        "conscious" => Mode::Conscious,
        _ => {
            return Err(Problem {
                field: Some("mode"),
                message: say(t, "pages-record-mode-unknown", &[]),
            })
        }
    };
    let on = if form.on.trim().is_empty() {
        app.today()
    } else {
        jardins_text::parse::date(t.lang(), form.on.trim()).ok_or_else(|| Problem {
            field: Some("on"),
            message: say(t, "pages-not-a-date", &[("text", form.on.clone())]),
        })?
    };
    let pays_for = if form.period.trim().is_empty() {
        PaysFor::OneOff
    } else {
        PaysFor::Period(
            form.period
                .trim()
                .parse::<Period>()
                .map_err(on_field("period"))?,
        )
    };
    let note = Note::new(&form.note).map_err(on_field("note"))?;
    Ok(Command {
        on,
        kind: CommandKind::PayContribution {
            from: Account::Member(member),
            to: Account::Garden(garden.clone()),
            amount: typed.amount,
            currency,
            mode,
            pays_for,
            note,
        },
    })
}

/// The ledger's idempotency key for a form: bounded, and never another person's.
fn ledger_key(person: &PersonId, key: &str) -> String {
    let mut hasher = Sha256::new();
    hasher.update(person.as_str().as_bytes());
    hasher.update([0]);
    hasher.update(key.as_bytes());
    format!("page-{}", hex::encode(&hasher.finalize()[..16]))
}

/// `POST /gardens/{garden}/record`.
pub async fn record_submit(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PagePerson(person): PagePerson,
    Path(garden): Path<String>,
    Form(form): Form<ContributionForm>,
) -> Result<Response, PageError> {
    let fail = |e: ApiError| PageError::new(lang, e);
    let t = Text::new(lang);
    let (gid, name) = allowed_garden(&app, &person, &garden).map_err(fail)?;
    if !person.form_token_ok(&form.csrf) {
        tracing::warn!(person = %person.id, "refused: a form without its session's token");
        return Err(fail(ApiError::Forbidden));
    }
    let people = members(&app, &gid).map_err(fail)?;
    let again = |problem: Problem| -> Response {
        let body = form_page(t, &person, &gid, &name, &people, &form, Some(&problem));
        (StatusCode::UNPROCESSABLE_ENTITY, Html(body)).into_response()
    };
    let command = match command(&app, t, &gid, &form) {
        Ok(command) => command,
        Err(problem) => return Ok(again(problem)),
    };
    let key = (!form.key.is_empty()).then(|| ledger_key(&person.id, &form.key));
    let outcome = app.writer.append(command, key).await.map_err(|e| match e {
        SubmitError::Full | SubmitError::Stopped => fail(ApiError::Busy),
    })?;
    match outcome {
        Outcome::Recorded(receipt) => {
            tracing::info!(person = %person.id, sequence = receipt.sequence, "entry recorded from a form");
            let title = say(t, "pages-receipt-title", &[]);
            let reader = Reader { person: &person };
            let here = format!("/gardens/{}", gid.as_str());
            let body = html! {
                h1 { (title) }
                div class="receipt" role="status" {
                    p { (say(t, "pages-receipt-sequence", &[])) " " strong id="receipt-sequence" { (receipt.sequence) } }
                    p { (say(t, "pages-receipt-hash", &[])) " " code class="hash" id="receipt-hash" { (hex::encode(receipt.hash)) } }
                }
                p { a href=(here) id="back-to-garden" { (say(t, "pages-receipt-back", &[("garden", name.clone())])) } }
            };
            Ok((
                StatusCode::CREATED,
                Html(page(t, &title, Some(&reader), &here, body)),
            )
                .into_response())
        }
        Outcome::Refused(AppendError::Refused(refusal)) => Ok(again(refused(t, &refusal))),
        Outcome::Refused(other) => Err(fail(ApiError::from(other))),
        Outcome::Failed(detail) => Err(fail(ApiError::Internal(detail))),
    }
}
