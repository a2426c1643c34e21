//! The log's rows: one per recorded entry, with real columns (`COLUMNS`), as `jardins log`
//! writes them in JSON and CSV and the server offers them for download.
//!
//! Every money entry moves one amount in one currency from one account to another (its two
//! postings, double entry): `from` is the account whose posting is negative, `to` the one whose
//! posting is positive, `amount` the positive amount. A reversal moves the money back, so its
//! `from` is the account that had received it; `reverses` names the entry it undoes, and that
//! entry's `reversed_by` names it. Entries that move no money leave `from`, `to`, `amount`,
//! `currency` and `mode` empty; `summary` says in words what every entry did.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use jardins_ledger::{Account, CommitmentId, Event, EventKind, GardenId, PaysFor, PersonId, Value};
use jardins_store::{Ledger, Record};
use jardins_text::{Lang, Text};
use serde_json::json;

use crate::ReportError;

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

/// Which entries the log keeps: those of a garden, of a person, of one kind (`EventKind::name`,
/// such as `ContributionPaid`), dated within `from` to `to` (both included). `None` keeps all.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LogFilter {
    pub garden: Option<GardenId>,
    pub member: Option<PersonId>,
    pub kind: Option<String>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

/// Every event kind's name, in the order of the log's enum: what `LogFilter::kind` takes.
pub const EVENT_KINDS: [&str; 13] = EventKind::NAMES;

/// Whose each commitment is, and to which garden: a commitment's end names the commitment only.
#[derive(Clone, Debug, Default)]
pub struct CommitmentOwners {
    pub gardens: BTreeMap<CommitmentId, GardenId>,
    pub people: BTreeMap<CommitmentId, PersonId>,
}

impl CommitmentOwners {
    pub fn of(ledger: &Ledger) -> Result<CommitmentOwners, ReportError> {
        let mut owners = CommitmentOwners {
            gardens: BTreeMap::new(),
            people: BTreeMap::new(),
        };
        for (id, state) in ledger.commitments()? {
            owners.gardens.insert(id.clone(), state.garden);
            owners.people.insert(id, state.person);
        }
        Ok(owners)
    }
}

/// The entries a log shows, in order, and which of them a shown reversal undid.
#[derive(Clone, Debug)]
pub struct LogRows {
    pub rows: Vec<Record>,
    reversed_by: BTreeMap<u64, u64>,
}

/// The entries `filter` keeps among those `visible` lets through, in order. The caller checks
/// that a garden or person it names exists (the command line refuses an unknown one; the
/// server answers as for one it may not see). `visible` is asked once per entry, the
/// reversals included: a reversal it hides is not named in `reversed_by`.
pub fn log(
    ledger: &Ledger,
    filter: &LogFilter,
    visible: &mut dyn FnMut(&Record) -> bool,
) -> Result<LogRows, ReportError> {
    let owners = CommitmentOwners::of(ledger)?;
    let mut rows = Vec::new();
    // Which entry reversed which: read from the reversals as the log goes by (a reversal comes
    // after the entry it reverses), whether or not the filter keeps them.
    let mut reversed_by: BTreeMap<u64, u64> = BTreeMap::new();
    for record in ledger.records(1) {
        let record = record?;
        if !visible(&record) {
            continue;
        }
        if let EventKind::EntryReversed { entry, .. } = &record.event.kind {
            reversed_by.insert(*entry, record.sequence);
        }
        if selected(&record.event, filter, &owners) {
            rows.push(record);
        }
    }
    let shown: BTreeSet<u64> = rows.iter().map(|r| r.sequence).collect();
    reversed_by.retain(|entry, _| shown.contains(entry));
    Ok(LogRows { rows, reversed_by })
}

/// Whether `event` passes `filter`.
pub fn selected(event: &Event, filter: &LogFilter, owners: &CommitmentOwners) -> bool {
    if filter.from.is_some_and(|from| event.on < from) {
        return false;
    }
    if filter.to.is_some_and(|to| event.on > to) {
        return false;
    }
    if filter
        .kind
        .as_ref()
        .is_some_and(|kind| event.kind.name() != kind)
    {
        return false;
    }
    let garden = filter
        .garden
        .as_ref()
        .is_none_or(|garden| concerns(event, garden, &owners.gardens));
    let person = filter
        .member
        .as_ref()
        .is_none_or(|person| concerns_person(event, person, &owners.people));
    garden && person
}

impl LogRows {
    /// The columns of one shown entry, as `COLUMNS` names them.
    pub fn columns(&self, record: &Record) -> [String; 16] {
        columns(record, &self.reversed_by)
    }

    /// One JSON document: `{"events": [...]}`, each entry an object with the CSV's columns.
    pub fn json(&self) -> String {
        render_json(&self.rows, &self.reversed_by)
    }

    /// CSV with a header line, by the one CSV writer (`output::csv`).
    pub fn csv(&self) -> String {
        render_csv(&self.rows, &self.reversed_by)
    }

    /// JSON Lines: each entry as `export jsonl` writes it (its event, its bytes in hex, its
    /// hash and the previous one), so that each line's hash can be checked on its own.
    pub fn jsonl(&self) -> String {
        let mut text = String::new();
        for record in &self.rows {
            text.push_str(&jardins_store::json::record_line(record));
            text.push('\n');
        }
        text
    }
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

/// The gardens an entry is about: those whose money it moves, the one it names, and for a
/// commitment's end the commitment's garden; sorted, each once.
pub fn gardens_of(event: &Event, owners: &CommitmentOwners) -> Vec<GardenId> {
    let mut gardens: Vec<GardenId> = event
        .postings()
        .into_iter()
        .filter_map(|p| match p.account {
            Account::Garden(g) => Some(g),
            _ => None,
        })
        .collect();
    if let Some(garden) = named_garden(event) {
        gardens.push(garden.clone());
    }
    if let EventKind::CommitmentEnded { commitment, .. } = &event.kind {
        if let Some(garden) = owners.gardens.get(commitment) {
            gardens.push(garden.clone());
        }
    }
    gardens.sort();
    gardens.dedup();
    gardens
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

/// One line that says what happened, with the account names the reports use, in English: the
/// `summary` column of JSON and CSV, which never changes with the language.
pub fn summary(event: &Event) -> String {
    summary_in(Text::new(Lang::En), event)
}

/// What happened, in `t`'s language: the log's table and the receipts.
pub fn summary_in(t: Text, event: &Event) -> String {
    let say = |id: &str, values: &[(&str, Value)]| t.message(id, values);
    let text = |value: &dyn std::fmt::Display| Value::Text(value.to_string());
    let money = |amount: &jardins_ledger::Amount, currency: &jardins_ledger::CurrencyCode| {
        Value::Text(t.money(amount.value(), currency))
    };
    let garden = |id: &GardenId| text(&Account::Garden(id.clone()));
    let member = |id: &PersonId| text(&Account::Member(id.clone()));
    match &event.kind {
        EventKind::CurrencyDeclared { currency } => {
            let kind = match currency.kind {
                jardins_ledger::CurrencyKind::Euro => "cli-currency-euro",
                jardins_ledger::CurrencyKind::Complementary => "cli-currency-complementary",
            };
            say(
                "cli-summary-currency",
                &[
                    ("code", text(&currency.code)),
                    ("name", text(&currency.name)),
                    ("kind", Value::Text(say(kind, &[]))),
                    ("places", Value::Count(u64::from(currency.decimal_places))),
                ],
            )
        }
        EventKind::GardenOpened {
            garden: id,
            name,
            kind,
            core,
        } => {
            let core: Vec<&str> = core.iter().map(|p| p.person.as_str()).collect();
            say(
                "cli-summary-garden-opened",
                &[
                    ("garden", garden(id)),
                    ("name", text(name)),
                    ("kind", Value::Text(crate::output::kind_in(t, kind))),
                    ("core", Value::Text(core.join(", "))),
                ],
            )
        }
        EventKind::ConstitutionAdopted {
            garden: id,
            constitution,
        } => say(
            "cli-summary-constitution",
            &[
                ("garden", garden(id)),
                ("version", Value::Count(u64::from(constitution.version))),
            ],
        ),
        EventKind::MemberJoined {
            garden: id,
            person,
            name,
            role,
        } => say(
            "cli-summary-joined",
            &[
                ("member", member(person)),
                ("name", text(name)),
                ("garden", garden(id)),
                (
                    "role",
                    Value::Text(say(&format!("report-role-{}", role.as_str()), &[])),
                ),
            ],
        ),
        EventKind::MemberLeft { garden: id, person } => say(
            "cli-summary-left",
            &[("member", member(person)), ("garden", garden(id))],
        ),
        EventKind::RoleValued {
            garden: id,
            role,
            holder,
            amount,
            currency,
            period,
            ..
        } => say(
            "cli-summary-role-valued",
            &[
                ("garden", garden(id)),
                ("holder", member(holder)),
                ("amount", money(amount, currency)),
                ("role", text(role)),
                ("period", text(period)),
            ],
        ),
        EventKind::CommitmentMade {
            commitment,
            garden: id,
            person,
            amount,
            currency,
            cadence,
            from,
            until,
            ..
        } => {
            let mut values = vec![
                ("member", member(person)),
                ("amount", money(amount, currency)),
                (
                    "cadence",
                    Value::Text(say(&format!("report-cadence-{}", cadence.as_str()), &[])),
                ),
                ("garden", garden(id)),
                ("from", Value::Date(*from)),
                ("commitment", text(commitment)),
            ];
            let id = match until {
                Some(until) => {
                    values.push(("until", Value::Date(*until)));
                    "cli-summary-commitment-until"
                }
                None => "cli-summary-commitment",
            };
            say(id, &values)
        }
        EventKind::CommitmentEnded { commitment, until } => say(
            "cli-summary-commitment-ended",
            &[
                ("commitment", text(commitment)),
                ("date", Value::Date(*until)),
            ],
        ),
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
                PaysFor::Commitment(id) => {
                    say("cli-summary-for-commitment", &[("commitment", text(id))])
                }
                PaysFor::Period(period) => {
                    say("cli-summary-for-period", &[("period", text(period))])
                }
                PaysFor::OneOff => say("cli-summary-one-off", &[]),
                PaysFor::CommitmentPeriod { commitment, period } => say(
                    "cli-summary-for-commitment-period",
                    &[("commitment", text(commitment)), ("period", text(period))],
                ),
            };
            with_note(
                say(
                    "cli-summary-contribution",
                    &[
                        ("from", text(from)),
                        ("to", text(to)),
                        ("amount", money(amount, currency)),
                        (
                            "mode",
                            Value::Text(say(&format!("report-mode-{}", mode.as_str()), &[])),
                        ),
                        ("for", Value::Text(pays_for)),
                    ],
                ),
                note.as_str(),
            )
        }
        EventKind::CollectionRecorded {
            garden: id,
            collection,
            amount,
            currency,
            mode,
            note,
            ..
        } => with_note(
            say(
                "cli-summary-collection",
                &[
                    ("garden", garden(id)),
                    ("amount", money(amount, currency)),
                    (
                        "kind",
                        Value::Text(say(&format!("cli-collection-{}", collection.as_str()), &[])),
                    ),
                    (
                        "mode",
                        Value::Text(say(&format!("report-mode-{}", mode.as_str()), &[])),
                    ),
                ],
            ),
            note.as_str(),
        ),
        EventKind::ExpensePaid {
            payer,
            amount,
            currency,
            note,
        } => with_note(
            say(
                "cli-summary-expense",
                &[("payer", text(payer)), ("amount", money(amount, currency))],
            ),
            note.as_str(),
        ),
        EventKind::EntryReversed { entry, reason, .. } => with_note(
            say("cli-summary-reversal", &[("entry", Value::Count(*entry))]),
            reason.as_str(),
        ),
        EventKind::GardenClosed { garden: id, reason } => with_note(
            say("cli-summary-closed", &[("garden", garden(id))]),
            reason.as_str(),
        ),
    }
}

fn render_json(rows: &[Record], reversed_by: &BTreeMap<u64, u64>) -> String {
    let log = LogJson {
        events: EventsJson { rows, reversed_by },
    };
    let mut text = serde_json::to_string_pretty(&log).unwrap_or_else(|_| "{}".to_string());
    text.push('\n');
    text
}

/// `{"events": [...]}`.
#[derive(serde::Serialize)]
struct LogJson<'a> {
    events: EventsJson<'a>,
}

/// The entries, each one's object made as the serializer reaches it: a million entries'
/// objects held at once took gigabytes (BENCHMARKS.md).
struct EventsJson<'a> {
    rows: &'a [Record],
    reversed_by: &'a BTreeMap<u64, u64>,
}

impl serde::Serialize for EventsJson<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(
            self.rows
                .iter()
                .map(|record| event_json(record, self.reversed_by)),
        )
    }
}

/// One entry as the JSON log writes it: its columns, numbers as numbers, empty cells as null
/// (but a note or a summary, which stay text).
fn event_json(record: &Record, reversed_by: &BTreeMap<u64, u64>) -> serde_json::Value {
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
}

fn render_csv(rows: &[Record], reversed_by: &BTreeMap<u64, u64>) -> String {
    // Row by row: a million rows of cells held at once took gigabytes (BENCHMARKS.md).
    let body = rows.iter().map(|record| columns(record, reversed_by));
    crate::output::csv(&COLUMNS, body)
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

    #[test]
    fn an_entry_is_about_the_gardens_it_moves_and_a_commitment_s_end_about_its_garden() {
        let owners = CommitmentOwners {
            gardens: [("lea-paris".parse().unwrap(), "paris".parse().unwrap())].into(),
            people: BTreeMap::new(),
        };
        let ids = |event: &Event| -> Vec<String> {
            gardens_of(event, &owners)
                .iter()
                .map(|g| g.to_string())
                .collect()
        };
        assert_eq!(ids(&paid("garden:paris", "big-garden", "")), ["paris"]);
        assert_eq!(
            ids(&paid("garden:lyon", "garden:paris", "")),
            ["lyon", "paris"]
        );
        assert!(ids(&paid("member:camille", "big-garden", "")).is_empty());
        let ended = Event {
            on: NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
            kind: EventKind::CommitmentEnded {
                commitment: "lea-paris".parse().unwrap(),
                until: NaiveDate::from_ymd_opt(2026, 3, 31).unwrap(),
            },
        };
        assert_eq!(ids(&ended), ["paris"]);
    }

    #[test]
    fn the_json_log_written_entry_by_entry_is_the_json_of_the_whole_tree() {
        // Given two entries, the first reversed by the second's sequence, and no entry
        let record = |sequence: u64, note: &str| Record {
            sequence,
            recorded_at: chrono::DateTime::from_timestamp(1_780_000_000, 0).unwrap(),
            event: paid("member:camille", "garden:paris", note),
            previous_hash: [sequence as u8; 32],
            hash: [sequence as u8 + 1; 32],
        };
        let rows = vec![record(1, "cash"), record(2, "")];
        let reversed_by: BTreeMap<u64, u64> = [(1, 2)].into();
        for (rows, reversed_by) in [(&rows[..], &reversed_by), (&[][..], &BTreeMap::new())] {
            // When the log is written as JSON, and the same objects are put in one tree
            let written = render_json(rows, reversed_by);
            let events: Vec<serde_json::Value> =
                rows.iter().map(|r| event_json(r, reversed_by)).collect();
            let tree = serde_json::to_string_pretty(&json!({ "events": events })).unwrap() + "\n";
            // Then the bytes are the same, an empty log included
            assert_eq!(written, tree);
        }
        let parsed: serde_json::Value =
            serde_json::from_str(&render_json(&rows, &reversed_by)).unwrap();
        assert_eq!(parsed["events"][0]["reversed_by"], json!(2));
        assert_eq!(parsed["events"][1]["sequence"], json!(2));
    }
}
