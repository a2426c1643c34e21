//! `jardins log`: the recorded events, one line each, filterable by garden, person and dates.
//!
//! In JSON and CSV each entry is one row with real columns (`COLUMNS`). Every money entry moves
//! one amount in one currency from one account to another (its two postings, double entry):
//! `from` is the account whose posting is negative, `to` the one whose posting is positive,
//! `amount` the positive amount. A reversal moves the money back, so its `from` is the account
//! that had received it; `reverses` names the entry it undoes, and that entry's `reversed_by`
//! names it. Entries that move no money leave `from`, `to`, `amount`, `currency` and `mode`
//! empty; `summary` says in words what every entry did.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use jardins_ledger::{Account, CommitmentId, Event, EventKind, GardenId, PaysFor, PersonId};
use jardins_store::{Ledger, Record};
use serde_json::json;

use crate::args::FormatArg;
use crate::output::{csv_text, table};
use crate::Failure;

/// The columns of `log --format csv` (and the keys of each JSON event), in order.
pub const COLUMNS: [&str; 16] = [
    "sequence",
    "date",
    "recorded_at",
    "kind",
    "garden",
    "from",
    "to",
    "amount",
    "currency",
    "mode",
    "for",
    "note",
    "reverses",
    "reversed_by",
    "hash",
    "summary",
];

/// Hex digits of the hash shown in the table: enough to tell records apart at a glance; the JSON
/// and CSV forms carry the whole hash.
const SHORT_HASH_CHARS: usize = 12;

pub struct Filter {
    pub garden: Option<GardenId>,
    pub member: Option<PersonId>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

/// What the filter reads besides the records: whose each commitment is.
struct Commitments {
    gardens: BTreeMap<CommitmentId, GardenId>,
    people: BTreeMap<CommitmentId, PersonId>,
}

/// The log, as `format` says. An unknown garden or person is refused as every report refuses
/// it (exit 1), rather than answered "no events match".
pub fn run(ledger: &Ledger, filter: &Filter, format: FormatArg) -> Result<String, Failure> {
    if let Some(garden) = &filter.garden {
        if ledger.garden(garden)?.is_none() {
            return Err(jardins_report::ReportError::NoSuchGarden {
                garden: garden.to_string(),
            }
            .into());
        }
    }
    if let Some(person) = &filter.member {
        if !ledger.people()?.iter().any(|(id, _)| id == person) {
            return Err(jardins_report::ReportError::NoSuchPerson {
                person: person.to_string(),
            }
            .into());
        }
    }
    // A commitment's end names the commitment only: its garden and person come from the
    // commitments.
    let mut commitments = Commitments {
        gardens: BTreeMap::new(),
        people: BTreeMap::new(),
    };
    for (id, state) in ledger.commitments()? {
        commitments.gardens.insert(id.clone(), state.garden);
        commitments.people.insert(id, state.person);
    }
    let mut rows = Vec::new();
    // Which entry reversed which: read from the reversals as the log goes by (a reversal comes
    // after the entry it reverses), whether or not the filter keeps them.
    let mut reversed_by: BTreeMap<u64, u64> = BTreeMap::new();
    for record in ledger.records(1) {
        let record = record?;
        if let EventKind::EntryReversed { entry, .. } = &record.event.kind {
            reversed_by.insert(*entry, record.sequence);
        }
        if selected(&record.event, filter, &commitments) {
            rows.push(record);
        }
    }
    let shown: BTreeSet<u64> = rows.iter().map(|r| r.sequence).collect();
    reversed_by.retain(|entry, _| shown.contains(entry));
    Ok(match format {
        FormatArg::Table => render_table(&rows),
        FormatArg::Json => render_json(&rows, &reversed_by),
        FormatArg::Csv | FormatArg::CsvFr => render_csv(&rows, &reversed_by),
    })
}

fn selected(event: &Event, filter: &Filter, commitments: &Commitments) -> bool {
    if filter.from.is_some_and(|from| event.on < from) {
        return false;
    }
    if filter.to.is_some_and(|to| event.on > to) {
        return false;
    }
    let garden = filter
        .garden
        .as_ref()
        .is_none_or(|garden| concerns(event, garden, &commitments.gardens));
    let person = filter
        .member
        .as_ref()
        .is_none_or(|person| concerns_person(event, person, &commitments.people));
    garden && person
}

/// Whether `event` concerns `person`: names them (joining, leaving, a core they belong to, a
/// valued role they held, a commitment of theirs), or moves their money.
pub fn concerns_person(
    event: &Event,
    person: &PersonId,
    commitment_people: &BTreeMap<CommitmentId, PersonId>,
) -> bool {
    let named = match &event.kind {
        EventKind::GardenOpened { core, .. } => core.iter().any(|p| p.person == *person),
        EventKind::MemberJoined { person: p, .. }
        | EventKind::MemberLeft { person: p, .. }
        | EventKind::RoleValued { holder: p, .. }
        | EventKind::CommitmentMade { person: p, .. } => p == person,
        EventKind::CommitmentEnded { commitment, .. } => {
            commitment_people.get(commitment) == Some(person)
        }
        EventKind::CurrencyDeclared { .. }
        | EventKind::ConstitutionAdopted { .. }
        | EventKind::ContributionPaid { .. }
        | EventKind::CollectionRecorded { .. }
        | EventKind::ExpensePaid { .. }
        | EventKind::EntryReversed { .. }
        | EventKind::GardenClosed { .. } => false,
    };
    let account = Account::Member(person.clone());
    named || event.postings().iter().any(|p| p.account == account)
}

/// The columns of one entry, as `COLUMNS` names them.
fn columns(record: &Record, reversed_by: &BTreeMap<u64, u64>) -> [String; 16] {
    let event = &record.event;
    let postings = event.postings();
    debug_assert!(
        postings.is_empty() || postings.len() == 2,
        "every money entry has two postings"
    );
    let from = postings.iter().find(|p| p.amount.is_sign_negative());
    let to = postings.iter().find(|p| p.amount.is_sign_positive());
    let moved = to.map(|p| (p.amount, p.currency.to_string()));
    let garden = postings
        .iter()
        .find_map(|p| match &p.account {
            Account::Garden(id) => Some(id.to_string()),
            _ => None,
        })
        .or_else(|| named_garden(event).map(|g| g.to_string()))
        .unwrap_or_default();
    let (mode, pays_for, note, reverses) = match &event.kind {
        EventKind::ContributionPaid {
            mode,
            pays_for,
            note,
            ..
        } => (
            mode.as_str(),
            pays_for.label(),
            note.to_string(),
            String::new(),
        ),
        EventKind::RoleValued { period, .. } => {
            ("", period.to_string(), String::new(), String::new())
        }
        EventKind::CollectionRecorded { mode, note, .. } => (
            mode.as_str(),
            String::new(),
            note.to_string(),
            String::new(),
        ),
        EventKind::ExpensePaid { note, .. } => ("", String::new(), note.to_string(), String::new()),
        EventKind::CommitmentMade { commitment, .. }
        | EventKind::CommitmentEnded { commitment, .. } => (
            "",
            format!("commitment {commitment}"),
            String::new(),
            String::new(),
        ),
        EventKind::EntryReversed { entry, reason, .. } => {
            ("", String::new(), reason.to_string(), entry.to_string())
        }
        EventKind::GardenClosed { reason, .. } => {
            ("", String::new(), reason.to_string(), String::new())
        }
        _ => ("", String::new(), String::new(), String::new()),
    };
    // The amount as recorded, with its currency's places (the ledger fits it to them).
    let amount = moved
        .as_ref()
        .map_or_else(String::new, |(value, _)| value.to_string());
    [
        record.sequence.to_string(),
        event.on.to_string(),
        record.recorded_at.to_rfc3339(),
        event.kind.name().to_string(),
        garden,
        from.map(|p| p.account.to_string()).unwrap_or_default(),
        to.map(|p| p.account.to_string()).unwrap_or_default(),
        amount,
        moved.map(|(_, code)| code).unwrap_or_default(),
        mode.to_string(),
        pays_for,
        note,
        reverses,
        reversed_by
            .get(&record.sequence)
            .map(u64::to_string)
            .unwrap_or_default(),
        hex::encode(record.hash),
        summary(event),
    ]
}

/// The garden an entry names, when it moves no garden's money.
fn named_garden(event: &Event) -> Option<&GardenId> {
    match &event.kind {
        EventKind::GardenOpened { garden, .. }
        | EventKind::ConstitutionAdopted { garden, .. }
        | EventKind::MemberJoined { garden, .. }
        | EventKind::MemberLeft { garden, .. }
        | EventKind::RoleValued { garden, .. }
        | EventKind::CommitmentMade { garden, .. }
        | EventKind::CollectionRecorded { garden, .. }
        | EventKind::GardenClosed { garden, .. } => Some(garden),
        _ => None,
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
                PaysFor::OneOff => "one-off".to_string(),
                other => format!("for {}", other.label()),
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

/// One JSON object per entry with the CSV's columns: numbers as numbers (the sequence, the
/// entries reversed), amounts as exact strings, an empty cell as null.
fn render_json(rows: &[Record], reversed_by: &BTreeMap<u64, u64>) -> String {
    let events: Vec<serde_json::Value> = rows
        .iter()
        .map(|record| {
            let cells = columns(record, reversed_by);
            let mut event = serde_json::Map::new();
            for (column, cell) in COLUMNS.iter().zip(cells) {
                let value = match *column {
                    "sequence" | "reverses" | "reversed_by" => cell
                        .parse::<u64>()
                        .map_or(serde_json::Value::Null, |n| json!(n)),
                    "note" | "summary" => json!(cell),
                    _ if cell.is_empty() => serde_json::Value::Null,
                    _ => json!(cell),
                };
                event.insert(column.to_string(), value);
            }
            serde_json::Value::Object(event)
        })
        .collect();
    let mut text = serde_json::to_string_pretty(&json!({ "events": events }))
        .unwrap_or_else(|_| "{}".to_string());
    text.push('\n');
    text
}

fn render_csv(rows: &[Record], reversed_by: &BTreeMap<u64, u64>) -> String {
    let body = rows
        .iter()
        .map(|record| columns(record, reversed_by).to_vec());
    csv_text(&COLUMNS, body)
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
