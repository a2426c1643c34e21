//! `jardins log`: the recorded events, one line each, filterable by garden and dates.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use jardins_ledger::{Account, CommitmentId, Event, EventKind, GardenId, PaysFor};
use jardins_store::{Ledger, Record};
use serde_json::json;

use crate::args::FormatArg;
use crate::output::{csv_text, table};
use crate::Failure;

/// Hex digits of the hash shown in the table: enough to tell records apart at a glance; the JSON
/// and CSV forms carry the whole hash.
const SHORT_HASH_CHARS: usize = 12;

pub struct Filter {
    pub garden: Option<GardenId>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

pub fn run(ledger: &Ledger, filter: &Filter, format: FormatArg) -> Result<String, Failure> {
    // A commitment's end names the commitment only: its garden comes from the commitments.
    let commitment_gardens: BTreeMap<CommitmentId, GardenId> = ledger
        .commitments()?
        .into_iter()
        .map(|(id, state)| (id, state.garden))
        .collect();
    let mut rows = Vec::new();
    for record in ledger.records(1) {
        let record = record?;
        if selected(&record.event, filter, &commitment_gardens) {
            rows.push(record);
        }
    }
    Ok(match format {
        FormatArg::Table => render_table(&rows),
        FormatArg::Json => render_json(&rows),
        FormatArg::Csv => render_csv(&rows),
    })
}

fn selected(
    event: &Event,
    filter: &Filter,
    commitment_gardens: &BTreeMap<CommitmentId, GardenId>,
) -> bool {
    if filter.from.is_some_and(|from| event.on < from) {
        return false;
    }
    if filter.to.is_some_and(|to| event.on > to) {
        return false;
    }
    match &filter.garden {
        None => true,
        Some(garden) => concerns(event, garden, commitment_gardens),
    }
}

/// Whether `event` concerns `garden`: names it, or moves its money.
pub fn concerns(
    event: &Event,
    garden: &GardenId,
    commitment_gardens: &BTreeMap<CommitmentId, GardenId>,
) -> bool {
    let named = match &event.kind {
        EventKind::GardenOpened { garden: g, .. }
        | EventKind::ConstitutionAdopted { garden: g, .. }
        | EventKind::MemberJoined { garden: g, .. }
        | EventKind::MemberLeft { garden: g, .. }
        | EventKind::RoleValued { garden: g, .. }
        | EventKind::CommitmentMade { garden: g, .. }
        | EventKind::CollectionRecorded { garden: g, .. }
        | EventKind::GardenClosed { garden: g, .. } => g == garden,
        EventKind::CommitmentEnded { commitment, .. } => {
            commitment_gardens.get(commitment) == Some(garden)
        }
        EventKind::CurrencyDeclared { .. }
        | EventKind::ContributionPaid { .. }
        | EventKind::ExpensePaid { .. }
        | EventKind::EntryReversed { .. } => false,
    };
    let account = Account::Garden(garden.clone());
    named || event.postings().iter().any(|p| p.account == account)
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn with_note(summary: String, note: &str) -> String {
    if note.trim().is_empty() {
        summary
    } else {
        format!("{summary} — {}", one_line(note))
    }
}

/// One line that says what happened, with the account names the reports use.
pub fn summary(event: &Event) -> String {
    match &event.kind {
        EventKind::CurrencyDeclared { currency } => format!(
            "{} ({}), {}, {} decimal places",
            currency.code,
            currency.name,
            match currency.kind {
                jardins_ledger::CurrencyKind::Euro => "the euro",
                jardins_ledger::CurrencyKind::Complementary => "complementary currency",
            },
            currency.decimal_places
        ),
        EventKind::GardenOpened {
            garden,
            name,
            kind,
            core,
        } => {
            let core: Vec<&str> = core.iter().map(|p| p.person.as_str()).collect();
            format!(
                "garden:{garden} \"{name}\", {}; core: {}",
                kind.label(),
                core.join(", ")
            )
        }
        EventKind::ConstitutionAdopted {
            garden,
            constitution,
        } => format!(
            "garden:{garden} adopts constitution version {}",
            constitution.version
        ),
        EventKind::MemberJoined {
            garden,
            person,
            name,
            role,
        } => format!(
            "member:{person} (\"{name}\") joins garden:{garden} as {}",
            role.as_str()
        ),
        EventKind::MemberLeft { garden, person } => {
            format!("member:{person} leaves garden:{garden}")
        }
        EventKind::RoleValued {
            garden,
            role,
            holder,
            amount,
            currency,
            period,
            ..
        } => {
            format!("garden:{garden} -> member:{holder} {amount} {currency}, role {role}, {period}")
        }
        EventKind::CommitmentMade {
            commitment,
            garden,
            person,
            amount,
            currency,
            cadence,
            from,
            until,
            ..
        } => {
            let until = until.map(|u| format!(" until {u}")).unwrap_or_default();
            format!(
                "member:{person} commits {amount} {currency} {} to garden:{garden} from {from}{until} ({commitment})",
                cadence.as_str()
            )
        }
        EventKind::CommitmentEnded { commitment, until } => {
            format!("commitment {commitment} ends on {until}")
        }
        EventKind::ContributionPaid {
            from,
            to,
            amount,
            currency,
            mode,
            pays_for,
            note,
            ..
        } => {
            let pays_for = match pays_for {
                PaysFor::Commitment(id) => format!("for commitment {id}"),
                PaysFor::Period(period) => format!("for {period}"),
                PaysFor::OneOff => "one-off".to_string(),
            };
            with_note(
                format!(
                    "{from} -> {to} {amount} {currency}, {}, {pays_for}",
                    mode.as_str()
                ),
                note.as_str(),
            )
        }
        EventKind::CollectionRecorded {
            garden,
            collection,
            amount,
            currency,
            mode,
            note,
            ..
        } => with_note(
            format!(
                "outside -> garden:{garden} {amount} {currency}, {} takings, {}",
                collection.as_str(),
                mode.as_str()
            ),
            note.as_str(),
        ),
        EventKind::ExpensePaid {
            payer,
            amount,
            currency,
            note,
        } => with_note(
            format!("{payer} -> outside {amount} {currency}, expense"),
            note.as_str(),
        ),
        EventKind::EntryReversed { entry, reason, .. } => {
            with_note(format!("reverses entry {entry}"), reason.as_str())
        }
        EventKind::GardenClosed { garden, reason } => {
            with_note(format!("garden:{garden} closes"), reason.as_str())
        }
    }
}

fn render_table(rows: &[Record]) -> String {
    if rows.is_empty() {
        return "no events match\n".to_string();
    }
    let body = rows.iter().map(|record| {
        let hash = hex::encode(record.hash);
        vec![
            record.sequence.to_string(),
            record.event.on.to_string(),
            record.event.kind.name().to_string(),
            summary(&record.event),
            hash[..SHORT_HASH_CHARS].to_string(),
        ]
    });
    table(&["entry", "date", "event", "what", "hash"], &[0], body)
}

fn render_json(rows: &[Record]) -> String {
    let events: Vec<serde_json::Value> = rows
        .iter()
        .map(|record| {
            json!({
                "sequence": record.sequence,
                "on": record.event.on.to_string(),
                "recorded_at": record.recorded_at.to_rfc3339(),
                "kind": record.event.kind.name(),
                "summary": summary(&record.event),
                "hash": hex::encode(record.hash),
            })
        })
        .collect();
    let mut text = serde_json::to_string_pretty(&json!({ "events": events }))
        .unwrap_or_else(|_| "{}".to_string());
    text.push('\n');
    text
}

fn render_csv(rows: &[Record]) -> String {
    let body = rows.iter().map(|record| {
        vec![
            record.sequence.to_string(),
            record.event.on.to_string(),
            record.recorded_at.to_rfc3339(),
            record.event.kind.name().to_string(),
            summary(&record.event),
            hex::encode(record.hash),
        ]
    });
    csv_text(
        &["sequence", "on", "recorded_at", "kind", "summary", "hash"],
        body,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use jardins_ledger::{Amount, CurrencyCode, Mode, Text};

    fn paid(from: &str, to: &str, note: &str) -> Event {
        Event {
            on: NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
            kind: EventKind::ContributionPaid {
                from: from.parse().unwrap(),
                to: to.parse().unwrap(),
                amount: Amount::parse("12.50").unwrap(),
                currency: CurrencyCode::euro(),
                mode: Mode::Fixed,
                pays_for: PaysFor::Period("2026-03".parse().unwrap()),
                judged_by: Some(1),
                note: Text::new(note).unwrap(),
            },
        }
    }

    #[test]
    fn a_summary_is_one_line_with_account_names() {
        let event = paid("member:camille", "garden:paris", "cash\nat the circle");
        assert_eq!(
            summary(&event),
            "member:camille -> garden:paris 12.50 EUR, fixed, for 2026-03 — cash at the circle"
        );
    }

    #[test]
    fn the_garden_filter_keeps_events_that_move_its_money() {
        let paris: GardenId = "paris".parse().unwrap();
        let none = BTreeMap::new();
        assert!(concerns(
            &paid("member:camille", "garden:paris", ""),
            &paris,
            &none
        ));
        assert!(concerns(
            &paid("garden:paris", "big-garden", ""),
            &paris,
            &none
        ));
        assert!(!concerns(
            &paid("garden:lyon", "big-garden", ""),
            &paris,
            &none
        ));
    }
}
