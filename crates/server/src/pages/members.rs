//! The forms about people, each an `EntryForm` (forms.rs shows, checks and records them): a
//! commitment made or ended (by its own person, or the garden's core), a member joining or
//! leaving (the core).

use jardins_ledger::{
    Cadence, Command, CommandKind, CommitmentId, CommitmentState, MemberRole, Name, PersonId,
};

use super::constitution::cadence_text;
use super::forms::{prefill_rule, value, Ctx, EntryForm, Field, Problem, Refused, Values};
use crate::access::{Action, Decision};
use crate::error::ApiError;

const CADENCES: [Cadence; 3] = [Cadence::Monthly, Cadence::Yearly, Cadence::OneOff];

/// The people a commitment form offers: every member for the core, else the person alone.
fn owners(ctx: &Ctx<'_>) -> Result<Vec<(String, String)>, ApiError> {
    let members = ctx.members()?;
    let me = ctx.person.id.as_str();
    if ctx.may_record() == Decision::Allowed {
        return Ok(members);
    }
    let mine = members
        .into_iter()
        .find(|(id, _)| id == me)
        .unwrap_or_else(|| (me.to_string(), me.to_string()));
    Ok(vec![mine])
}

/// The person a commitment form names, once the table allows a commitment of theirs.
fn owner(ctx: &Ctx<'_>, values: &Values) -> Result<PersonId, Refused> {
    let person: PersonId = ctx.id(values, "person")?;
    ApiError::of(ctx.may_commit(&person))?;
    Ok(person)
}

/// A commitment to the garden: an amount each month, year, or once.
pub struct CommitmentMake;

impl EntryForm for CommitmentMake {
    const PATH: &'static str = "/gardens/{garden}/commitment";
    const ACTION: Action = Action::RecordOwnCommitment;
    const SUMMARY_GET: &'static str = "The form to make a commitment";
    const SUMMARY_POST: &'static str = "Make a commitment from the form";
    const NAME: &'static str = "commit";

    fn may_use(ctx: &Ctx<'_>) -> Decision {
        ctx.may_commit(&ctx.person.id)
    }

    fn fields(ctx: &Ctx<'_>) -> Result<Vec<Field>, ApiError> {
        let cadences = CADENCES
            .iter()
            .map(|c| (c.as_str().to_string(), cadence_text(ctx.t, *c)))
            .collect();
        Ok(vec![
            Field::select("person", ctx.say("pages-commit-person", &[]), owners(ctx)?),
            Field::text("commitment", ctx.say("pages-commit-id", &[])),
            Field::decimal("amount", ctx.say("pages-commit-amount", &[])),
            Field::text("currency", ctx.say("pages-record-currency", &[])),
            Field::select("cadence", ctx.say("pages-commit-cadence", &[]), cadences),
            Field::date("from", ctx.say("pages-commit-from", &[])),
            Field::date("until", ctx.say("pages-commit-until", &[])),
            Field::date("on", ctx.say("pages-record-on", &[])),
        ])
    }

    fn prefill(ctx: &Ctx<'_>) -> Values {
        let today = ctx.today();
        let mut values = Values::new();
        let me = ctx.person.id.as_str();
        values.insert("person".into(), me.to_string());
        values.insert(
            "commitment".into(),
            format!("{me}-{}-{}", ctx.garden.as_str(), today.format("%Y")),
        );
        values.insert("currency".into(), "EUR".into());
        values.insert("cadence".into(), "monthly".into());
        values.insert("on".into(), ctx.typed_date(today));
        values.insert("from".into(), ctx.typed_date(today));
        if let Some(rule) = ctx.in_force().and_then(|c| c.model.commitments.first()) {
            prefill_rule(ctx.t, &mut values, rule);
            values.remove("mode");
            values.insert("cadence".into(), rule.cadence.as_str().to_string());
        }
        values
    }

    fn command(ctx: &Ctx<'_>, values: &Values) -> Result<Command, Refused> {
        let person = owner(ctx, values)?;
        let commitment: CommitmentId = ctx.id(values, "commitment")?;
        let (amount, currency) = ctx.money(values)?;
        let cadence = CADENCES
            .into_iter()
            .find(|c| c.as_str() == value(values, "cadence"))
            .ok_or_else(|| Problem {
                field: Some("cadence"),
                message: ctx.say("pages-commit-cadence-unknown", &[]),
            })?;
        let on = ctx.on(values)?;
        Ok(Command {
            on,
            kind: CommandKind::MakeCommitment {
                commitment,
                garden: ctx.garden.clone(),
                person,
                amount,
                currency,
                cadence,
                from: ctx.date(values, "from")?.unwrap_or(on),
                until: ctx.date(values, "until")?,
            },
        })
    }
}

/// The garden's commitments the person may end (their own; every one for the core), still
/// running today.
fn endable(ctx: &Ctx<'_>) -> Result<Vec<(CommitmentId, CommitmentState)>, ApiError> {
    let today = ctx.today();
    Ok(ctx
        .app
        .ledger
        .commitments()?
        .into_iter()
        .filter(|(_, c)| c.garden == *ctx.garden && c.until.is_none_or(|u| u >= today))
        .filter(|(_, c)| ctx.may_commit(&c.person) == Decision::Allowed)
        .collect())
}

/// The end of a commitment: its last day.
pub struct CommitmentEnd;

impl EntryForm for CommitmentEnd {
    const PATH: &'static str = "/gardens/{garden}/commitment-end";
    const ACTION: Action = Action::RecordOwnCommitment;
    const SUMMARY_GET: &'static str = "The form to end a commitment";
    const SUMMARY_POST: &'static str = "End a commitment from the form";
    const NAME: &'static str = "end";

    fn may_use(ctx: &Ctx<'_>) -> Decision {
        ctx.may_commit(&ctx.person.id)
    }

    fn fields(ctx: &Ctx<'_>) -> Result<Vec<Field>, ApiError> {
        let t = ctx.t;
        let people = ctx.people()?;
        let choices = endable(ctx)?
            .into_iter()
            .map(|(id, c)| {
                let person = people
                    .get(&c.person)
                    .cloned()
                    .unwrap_or_else(|| c.person.as_str().to_string());
                let label = ctx.say(
                    "pages-end-choice",
                    &[
                        ("commitment", id.as_str().to_string()),
                        ("person", person),
                        ("amount", t.money(c.amount.value(), &c.currency)),
                        ("cadence", cadence_text(t, c.cadence)),
                    ],
                );
                (id.as_str().to_string(), label)
            })
            .collect();
        Ok(vec![
            Field::select("commitment", ctx.say("pages-end-commitment", &[]), choices),
            Field::date("until", ctx.say("pages-end-until", &[])),
            Field::date("on", ctx.say("pages-record-on", &[])),
        ])
    }

    fn prefill(ctx: &Ctx<'_>) -> Values {
        let today = ctx.today();
        let mut values = Values::new();
        values.insert("on".into(), ctx.typed_date(today));
        values.insert("until".into(), ctx.typed_date(today));
        values
    }

    fn command(ctx: &Ctx<'_>, values: &Values) -> Result<Command, Refused> {
        let commitment: CommitmentId = ctx.id(values, "commitment")?;
        // Another garden's commitment, or one the person may not end, is as unknown.
        let known = ctx
            .app
            .ledger
            .commitments()
            .map_err(ApiError::from)?
            .into_iter()
            .find(|(id, c)| *id == commitment && c.garden == *ctx.garden);
        let Some((_, state)) = known else {
            return Err(ApiError::NotFound.into());
        };
        ApiError::of(ctx.may_commit(&state.person))?;
        let until = ctx.date(values, "until")?.ok_or_else(|| Problem {
            field: Some("until"),
            message: ctx.say("pages-end-until-missing", &[]),
        })?;
        Ok(Command {
            on: ctx.on(values)?,
            kind: CommandKind::EndCommitment { commitment, until },
        })
    }
}

/// A member joining the garden.
pub struct Join;

const ROLES: [MemberRole; 2] = [MemberRole::Gardener, MemberRole::Companion];

impl EntryForm for Join {
    const PATH: &'static str = "/gardens/{garden}/join";
    const ACTION: Action = Action::RecordGardenEntry;
    const SUMMARY_GET: &'static str = "The form for a member joining";
    const SUMMARY_POST: &'static str = "A member joins, from the form";
    const NAME: &'static str = "join";

    fn fields(ctx: &Ctx<'_>) -> Result<Vec<Field>, ApiError> {
        let roles = ROLES
            .iter()
            .map(|r| {
                (
                    r.as_str().to_string(),
                    ctx.say(&format!("pages-role-{}", r.as_str()), &[]),
                )
            })
            .collect();
        Ok(vec![
            Field::text("person", ctx.say("pages-join-person", &[])),
            Field::text("name", ctx.say("pages-join-name", &[])),
            Field::select("role", ctx.say("pages-join-role", &[]), roles),
            Field::date("on", ctx.say("pages-record-on", &[])),
        ])
    }

    fn prefill(ctx: &Ctx<'_>) -> Values {
        let mut values = Values::new();
        values.insert("role".into(), "gardener".into());
        values.insert("on".into(), ctx.typed_date(ctx.today()));
        values
    }

    fn command(ctx: &Ctx<'_>, values: &Values) -> Result<Command, Refused> {
        let person: PersonId = ctx.id(values, "person")?;
        let name = Name::new(value(values, "name")).map_err(ctx.on_field("name"))?;
        let role = ROLES
            .into_iter()
            .find(|r| r.as_str() == value(values, "role"))
            .ok_or_else(|| Problem {
                field: Some("role"),
                message: ctx.say("pages-join-role-unknown", &[]),
            })?;
        Ok(Command {
            on: ctx.on(values)?,
            kind: CommandKind::JoinGarden {
                garden: ctx.garden.clone(),
                person,
                name,
                role,
            },
        })
    }
}

/// A member leaving the garden.
pub struct Leave;

impl EntryForm for Leave {
    const PATH: &'static str = "/gardens/{garden}/leave";
    const ACTION: Action = Action::RecordGardenEntry;
    const SUMMARY_GET: &'static str = "The form for a member leaving";
    const SUMMARY_POST: &'static str = "A member leaves, from the form";
    const NAME: &'static str = "leave";

    fn fields(ctx: &Ctx<'_>) -> Result<Vec<Field>, ApiError> {
        Ok(vec![
            Field::select("person", ctx.say("pages-leave-person", &[]), ctx.members()?),
            Field::date("on", ctx.say("pages-record-on", &[])),
        ])
    }

    fn prefill(ctx: &Ctx<'_>) -> Values {
        let mut values = Values::new();
        values.insert("on".into(), ctx.typed_date(ctx.today()));
        values
    }

    fn command(ctx: &Ctx<'_>, values: &Values) -> Result<Command, Refused> {
        Ok(Command {
            on: ctx.on(values)?,
            kind: CommandKind::LeaveGarden {
                garden: ctx.garden.clone(),
                person: ctx.id(values, "person")?,
            },
        })
    }
}
