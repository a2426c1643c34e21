//! The forms that move a garden's money, each an `EntryForm` (forms.rs shows, checks and
//! records them): a member's contribution, a collection, an expense, a role valued, and the
//! reversal of an entry with its reason. Each is pre-filled from the constitution in force and
//! recorded by the same command as its API twin.

use jardins_ledger::{
    Account, CollectionKind, Command, CommandKind, Month, PaysFor, Period, PersonId, RoleId,
};

use super::forms::{prefill_rule, value, Ctx, EntryForm, Field, Problem, Refused, Values};
use crate::access::Action;
use crate::api::reports::gardens_of;
use crate::error::ApiError;

/// Today's date as the reader types it, the one value every form starts with.
fn dated(ctx: &Ctx<'_>) -> Values {
    let mut values = Values::new();
    values.insert("on".into(), ctx.typed_date(ctx.today()));
    values.insert("currency".into(), "EUR".into());
    values
}

fn money_fields(ctx: &Ctx<'_>, mode: bool) -> Vec<Field> {
    let mut fields = vec![
        Field::decimal("amount", ctx.say("pages-record-amount", &[])),
        Field::text("currency", ctx.say("pages-record-currency", &[])),
    ];
    if mode {
        fields.push(Field::select(
            "mode",
            ctx.say("pages-record-mode", &[]),
            ctx.modes(),
        ));
    }
    fields
}

fn on_field(ctx: &Ctx<'_>) -> Field {
    Field::date("on", ctx.say("pages-record-on", &[]))
}

fn note_field(ctx: &Ctx<'_>) -> Field {
    Field::text("note", ctx.say("pages-record-note", &[]))
}

/// A member's contribution to the garden.
pub struct Contribution;

impl EntryForm for Contribution {
    const PATH: &'static str = "/gardens/{garden}/record";
    const ACTION: Action = Action::RecordGardenEntry;
    const SUMMARY_GET: &'static str = "The form to record a member's contribution";
    const SUMMARY_POST: &'static str = "Record a member's contribution from the form";
    const NAME: &'static str = "record";

    fn fields(ctx: &Ctx<'_>) -> Result<Vec<Field>, ApiError> {
        let mut fields = vec![Field::select(
            "member",
            ctx.say("pages-record-member", &[]),
            ctx.members()?,
        )];
        fields.extend(money_fields(ctx, true));
        fields.push(on_field(ctx));
        fields.push(
            Field::text("period", ctx.say("pages-record-period", &[]))
                .placeholder(Month::of(ctx.today()).to_string()),
        );
        fields.push(note_field(ctx));
        Ok(fields)
    }

    fn prefill(ctx: &Ctx<'_>) -> Values {
        let mut values = dated(ctx);
        values.insert("mode".into(), "conscious".into());
        if let Some(rule) = ctx.in_force().and_then(|c| c.model.commitments.first()) {
            prefill_rule(ctx.t, &mut values, rule);
        }
        values
    }

    fn command(ctx: &Ctx<'_>, values: &Values) -> Result<Command, Refused> {
        let member: PersonId = ctx.id(values, "member")?;
        let (amount, currency) = ctx.money(values)?;
        let mode = ctx.mode(values)?;
        let on = ctx.on(values)?;
        let pays_for = match value(values, "period") {
            "" => PaysFor::OneOff,
            period => PaysFor::Period(period.parse::<Period>().map_err(ctx.on_field("period"))?),
        };
        let note = ctx.note(values, "note")?;
        Ok(Command {
            on,
            kind: CommandKind::PayContribution {
                from: Account::Member(member),
                to: Account::Garden(ctx.garden.clone()),
                amount,
                currency,
                mode,
                pays_for,
                note,
            },
        })
    }
}

/// Takings from an event, a gathering or a fundraising.
pub struct Collection;

const COLLECTION_KINDS: [CollectionKind; 3] = [
    CollectionKind::Event,
    CollectionKind::Gathering,
    CollectionKind::Fundraising,
];

impl EntryForm for Collection {
    const PATH: &'static str = "/gardens/{garden}/collection";
    const ACTION: Action = Action::RecordGardenEntry;
    const SUMMARY_GET: &'static str = "The form to record a collection";
    const SUMMARY_POST: &'static str = "Record a collection from the form";
    const NAME: &'static str = "collection";

    fn fields(ctx: &Ctx<'_>) -> Result<Vec<Field>, ApiError> {
        let kinds = COLLECTION_KINDS
            .iter()
            .map(|k| {
                let key = k.as_str();
                (
                    key.to_string(),
                    ctx.say(&format!("pages-collection-{key}"), &[]),
                )
            })
            .collect();
        let mut fields = vec![Field::select(
            "kind",
            ctx.say("pages-collection-kind", &[]),
            kinds,
        )];
        fields.extend(money_fields(ctx, true));
        fields.push(on_field(ctx));
        fields.push(note_field(ctx));
        Ok(fields)
    }

    fn prefill(ctx: &Ctx<'_>) -> Values {
        let mut values = dated(ctx);
        values.insert("mode".into(), "conscious".into());
        if let Some(rule) = ctx.in_force().and_then(|c| c.model.collections.first()) {
            values.insert("kind".into(), rule.kind.as_str().to_string());
            prefill_rule(ctx.t, &mut values, &rule.rule);
        }
        values
    }

    fn command(ctx: &Ctx<'_>, values: &Values) -> Result<Command, Refused> {
        let collection = COLLECTION_KINDS
            .into_iter()
            .find(|k| k.as_str() == value(values, "kind"))
            .ok_or_else(|| Problem {
                field: Some("kind"),
                message: ctx.say("pages-collection-kind-unknown", &[]),
            })?;
        let (amount, currency) = ctx.money(values)?;
        Ok(Command {
            on: ctx.on(values)?,
            kind: CommandKind::RecordCollection {
                garden: ctx.garden.clone(),
                collection,
                amount,
                currency,
                mode: ctx.mode(values)?,
                note: ctx.note(values, "note")?,
            },
        })
    }
}

/// An expense the garden paid.
pub struct Expense;

impl EntryForm for Expense {
    const PATH: &'static str = "/gardens/{garden}/expense";
    const ACTION: Action = Action::RecordGardenEntry;
    const SUMMARY_GET: &'static str = "The form to record an expense";
    const SUMMARY_POST: &'static str = "Record an expense from the form";
    const NAME: &'static str = "expense";

    fn fields(ctx: &Ctx<'_>) -> Result<Vec<Field>, ApiError> {
        let mut fields = money_fields(ctx, false);
        fields.push(on_field(ctx));
        fields.push(note_field(ctx));
        Ok(fields)
    }

    fn prefill(ctx: &Ctx<'_>) -> Values {
        dated(ctx)
    }

    fn command(ctx: &Ctx<'_>, values: &Values) -> Result<Command, Refused> {
        let (amount, currency) = ctx.money(values)?;
        Ok(Command {
            on: ctx.on(values)?,
            kind: CommandKind::PayExpense {
                payer: Account::Garden(ctx.garden.clone()),
                amount,
                currency,
                note: ctx.note(values, "note")?,
            },
        })
    }
}

/// A role the constitution values, paid to the member who held it.
pub struct RoleValued;

impl EntryForm for RoleValued {
    const PATH: &'static str = "/gardens/{garden}/role";
    const ACTION: Action = Action::RecordGardenEntry;
    const SUMMARY_GET: &'static str = "The form to value a role";
    const SUMMARY_POST: &'static str = "Value a role from the form";
    const NAME: &'static str = "role";

    fn fields(ctx: &Ctx<'_>) -> Result<Vec<Field>, ApiError> {
        let roles: Vec<(String, String)> = ctx
            .in_force()
            .map(|c| {
                c.model
                    .roles
                    .iter()
                    .map(|r| (r.role.as_str().to_string(), r.name.to_string()))
                    .collect()
            })
            .unwrap_or_default();
        let role = if roles.is_empty() {
            Field::text("role", ctx.say("pages-role-role", &[]))
        } else {
            Field::select("role", ctx.say("pages-role-role", &[]), roles)
        };
        let mut fields = vec![
            role,
            Field::select("holder", ctx.say("pages-role-holder", &[]), ctx.members()?),
        ];
        fields.extend(money_fields(ctx, false));
        fields.push(
            Field::text("period", ctx.say("pages-role-period", &[]))
                .placeholder(Month::of(ctx.today()).to_string()),
        );
        fields.push(on_field(ctx));
        Ok(fields)
    }

    fn prefill(ctx: &Ctx<'_>) -> Values {
        let mut values = dated(ctx);
        values.insert("period".into(), Month::of(ctx.today()).to_string());
        if let Some(role) = ctx.in_force().and_then(|c| c.model.roles.first()) {
            values.insert("role".into(), role.role.as_str().to_string());
            prefill_rule(ctx.t, &mut values, &role.rule);
            values.remove("mode");
        }
        values
    }

    fn command(ctx: &Ctx<'_>, values: &Values) -> Result<Command, Refused> {
        let role: RoleId = ctx.id(values, "role")?;
        let holder: PersonId = ctx.id(values, "holder")?;
        let (amount, currency) = ctx.money(values)?;
        let on = ctx.on(values)?;
        let period = match value(values, "period") {
            "" => Period::Month(Month::of(on)),
            text => text.parse().map_err(ctx.on_field("period"))?,
        };
        Ok(Command {
            on,
            kind: CommandKind::ValueRole {
                garden: ctx.garden.clone(),
                role,
                holder,
                amount,
                currency,
                period,
            },
        })
    }
}

/// The reversal of one of the garden's entries, with its reason.
pub struct Reversal;

impl EntryForm for Reversal {
    const PATH: &'static str = "/gardens/{garden}/reversal";
    const ACTION: Action = Action::RecordGardenEntry;
    const SUMMARY_GET: &'static str = "The form to reverse an entry";
    const SUMMARY_POST: &'static str = "Reverse an entry from the form";
    const NAME: &'static str = "reversal";

    fn fields(ctx: &Ctx<'_>) -> Result<Vec<Field>, ApiError> {
        Ok(vec![
            Field::number("entry", ctx.say("pages-reversal-entry", &[])),
            Field::text("reason", ctx.say("pages-reversal-reason", &[])),
            on_field(ctx),
        ])
    }

    fn prefill(ctx: &Ctx<'_>) -> Values {
        let mut values = Values::new();
        values.insert("on".into(), ctx.typed_date(ctx.today()));
        values
    }

    fn command(ctx: &Ctx<'_>, values: &Values) -> Result<Command, Refused> {
        // An entry of another garden, or none, is refused in the same words: the form tells
        // nothing of entries the person may not see.
        let typed = value(values, "entry");
        let not_ours = || Problem {
            field: Some("entry"),
            message: ctx.say("pages-reversal-not-ours", &[("entry", typed.to_string())]),
        };
        let entry: u64 = typed.parse().map_err(|_| not_ours())?;
        let record = ctx.app.ledger.record(entry).map_err(ApiError::from)?;
        let ours = match &record {
            Some(record) => gardens_of(ctx.app, &record.event)?.contains(ctx.garden),
            None => false,
        };
        if !ours {
            return Err(not_ours().into());
        }
        Ok(Command {
            on: ctx.on(values)?,
            kind: CommandKind::ReverseEntry {
                entry,
                reason: ctx.note(values, "reason")?,
            },
        })
    }
}
