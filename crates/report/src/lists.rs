//! `garden list` and `member list GARDEN`: what the ledger holds, one row each, as of a day.
//!
//! A garden's row: its id, name, kind (and its territory, theme or organisation), its core, the
//! constitution version in force on the day (or none), the day it opened and the day it closed.
//! A member's row: one per spell of membership (a person who left and joined again has two),
//! with the person's id and name, role, whether they are of the core, the first and last day.

use chrono::NaiveDate;
use jardins_ledger::{GardenId, GardenKind, PersonId};
use jardins_store::Ledger;
use serde_json::{json, Value};

use jardins_text::Text;

use crate::output::{self, arg, say};
use crate::{garden_state, Format, ReportError};

/// One garden, as `garden list` shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GardenRow {
    pub id: GardenId,
    pub name: String,
    /// `local`, `thematic` or `organisation`.
    pub kind: &'static str,
    /// Its territory, theme or organisation.
    pub kind_name: String,
    pub members_only: bool,
    pub core: Vec<PersonId>,
    /// The version in force on the list's day, `None` before the first.
    pub constitution: Option<u32>,
    pub opened_on: NaiveDate,
    pub closed_on: Option<NaiveDate>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GardenList {
    pub as_of: NaiveDate,
    pub gardens: Vec<GardenRow>,
}

/// One spell of one person's membership of a garden.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemberRow {
    pub person: PersonId,
    pub name: String,
    /// `gardener` or `companion`.
    pub role: &'static str,
    pub core: bool,
    pub since: NaiveDate,
    pub until: Option<NaiveDate>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemberList {
    pub garden: GardenId,
    pub garden_name: String,
    pub members_only: bool,
    pub members: Vec<MemberRow>,
}

fn kind_parts(kind: &GardenKind) -> (&'static str, String) {
    match kind {
        GardenKind::Local { territory } => ("local", territory.to_string()),
        GardenKind::Thematic { theme } => ("thematic", theme.to_string()),
        GardenKind::Organisation { organisation } => ("organisation", organisation.to_string()),
    }
}

/// Every garden the ledger holds, by id, with the constitution in force on `as_of`.
pub fn garden_list(ledger: &Ledger, as_of: NaiveDate) -> Result<GardenList, ReportError> {
    let gardens = ledger
        .gardens()?
        .into_iter()
        .map(|(id, state)| {
            let (kind, kind_name) = kind_parts(&state.kind);
            GardenRow {
                id,
                name: state.name.to_string(),
                kind,
                kind_name,
                members_only: state.kind.members_only(),
                core: state.core.clone(),
                constitution: state.constitution_on(as_of).map(|c| c.version),
                opened_on: state.opened_on,
                closed_on: state.closed_on,
            }
        })
        .collect();
    Ok(GardenList { as_of, gardens })
}

/// Every member of `garden`, one row per spell, by first day then id.
pub fn member_list(ledger: &Ledger, garden: &GardenId) -> Result<MemberList, ReportError> {
    let state = garden_state(ledger, garden)?;
    let people: std::collections::BTreeMap<PersonId, String> = ledger
        .people()?
        .into_iter()
        .map(|(id, person)| (id, person.name.to_string()))
        .collect();
    let mut members = Vec::new();
    for (person, member) in ledger.members(garden)? {
        let name = people.get(&person).cloned().ok_or_else(|| {
            crate::inconsistent(format!(
                "member:{person} belongs to garden:{garden} but is not among the people"
            ))
        })?;
        for spell in &member.spells {
            members.push(MemberRow {
                person: person.clone(),
                name: name.clone(),
                role: member.role.as_str(),
                core: member.core,
                since: spell.joined,
                until: spell.left,
            });
        }
    }
    members.sort_by(|a, b| (a.since, &a.person).cmp(&(b.since, &b.person)));
    Ok(MemberList {
        garden: garden.clone(),
        garden_name: state.name.to_string(),
        members_only: state.kind.members_only(),
        members,
    })
}

fn day(date: Option<NaiveDate>) -> String {
    date.map(|d| d.to_string()).unwrap_or_default()
}

impl GardenList {
    /// The list in English (a table) or as JSON or CSV, which never change with the language.
    pub fn render(&self, format: Format) -> String {
        self.render_in(format, output::english())
    }

    /// The list with its table in `t`'s language; JSON and CSV are the same in every one.
    pub fn render_in(&self, format: Format, t: Text) -> String {
        match format {
            Format::Table => self.table(t),
            Format::Json => output::json(&self.json()),
            Format::Csv => self.csv(),
        }
    }

    fn cells(row: &GardenRow) -> Vec<String> {
        vec![
            row.id.to_string(),
            row.name.clone(),
            row.kind.to_string(),
            row.kind_name.clone(),
            row.core
                .iter()
                .map(PersonId::as_str)
                .collect::<Vec<_>>()
                .join(" "),
            row.constitution.map(|v| v.to_string()).unwrap_or_default(),
            row.opened_on.to_string(),
            day(row.closed_on),
        ]
    }

    fn table(&self, t: Text) -> String {
        if self.gardens.is_empty() {
            return say(t, "report-gardens-none", &[]) + "\n";
        }
        let heads = output::heads(
            t,
            &[
                "report-col-id",
                "report-col-name",
                "report-col-kind",
                "report-col-of",
                "report-col-core",
                "report-col-constitution",
                "report-col-opened",
                "report-col-closed",
            ],
        );
        let mut table = output::table_aligned(&heads, &[5]);
        for row in &self.gardens {
            let mut cells = Self::cells(row);
            cells[2] = say(t, &format!("report-garden-kind-{}", row.kind), &[]);
            if row.members_only {
                cells[2] = say(t, "report-members-only-kind", &[("kind", arg(&cells[2]))]);
            }
            if row.constitution.is_none() {
                cells[5] = say(t, "report-constitution-none", &[]);
            }
            cells[6] = t.date(row.opened_on);
            cells[7] = row.closed_on.map(|d| t.date(d)).unwrap_or_default();
            table.add_row(cells);
        }
        let heading = say(
            t,
            "report-gardens-heading",
            &[("date", arg(t.date(self.as_of)))],
        );
        format!("{heading}\n{table}\n")
    }

    fn json(&self) -> Value {
        let gardens: Vec<Value> = self
            .gardens
            .iter()
            .map(|row| {
                json!({
                    "id": row.id.as_str(),
                    "name": row.name,
                    "kind": row.kind,
                    "kind_name": row.kind_name,
                    "members_only": row.members_only,
                    "core": row.core.iter().map(PersonId::as_str).collect::<Vec<_>>(),
                    "constitution_version": row.constitution,
                    "opened_on": row.opened_on.to_string(),
                    "closed_on": row.closed_on.map(|d| d.to_string()),
                })
            })
            .collect();
        json!({
            "report": "gardens",
            "as_of": self.as_of.to_string(),
            "gardens": gardens,
        })
    }

    fn csv(&self) -> String {
        let rows: Vec<Vec<String>> = self
            .gardens
            .iter()
            .map(|row| {
                let mut cells = Self::cells(row);
                // A column of numbers: no version is an empty cell, not a word.
                cells[5] = row.constitution.map(|v| v.to_string()).unwrap_or_default();
                cells.insert(4, row.members_only.to_string());
                cells
            })
            .collect();
        output::csv(
            &[
                "id",
                "name",
                "kind",
                "kind_name",
                "members_only",
                "core",
                "constitution_version",
                "opened_on",
                "closed_on",
            ],
            &rows,
        )
    }
}

impl MemberList {
    /// The list in English (a table) or as JSON or CSV, which never change with the language.
    pub fn render(&self, format: Format) -> String {
        self.render_in(format, output::english())
    }

    /// The list with its table in `t`'s language; JSON and CSV are the same in every one.
    pub fn render_in(&self, format: Format, t: Text) -> String {
        match format {
            Format::Table => self.table(t),
            Format::Json => output::json(&self.json()),
            Format::Csv => self.csv(),
        }
    }

    fn table(&self, t: Text) -> String {
        let garden = jardins_ledger::Account::Garden(self.garden.clone());
        let id = if self.members_only {
            "report-members-of-members-only"
        } else {
            "report-members-of"
        };
        let title = say(
            t,
            id,
            &[("garden", arg(garden)), ("name", arg(&self.garden_name))],
        );
        if self.members.is_empty() {
            return format!("{title}\n{}\n", say(t, "report-members-none", &[]));
        }
        let heads = output::heads(
            t,
            &[
                "report-col-id",
                "report-col-name",
                "report-col-role",
                "report-col-since",
                "report-col-until",
            ],
        );
        let mut table = output::table_aligned(&heads, &[]);
        for row in &self.members {
            let role = say(t, &format!("report-role-{}", row.role), &[]);
            let role = if row.core {
                say(t, "report-role-core", &[("role", arg(role))])
            } else {
                role
            };
            table.add_row(vec![
                row.person.to_string(),
                row.name.clone(),
                role,
                t.date(row.since),
                row.until.map(|d| t.date(d)).unwrap_or_default(),
            ]);
        }
        format!("{title}\n{table}\n")
    }

    fn json(&self) -> Value {
        let members: Vec<Value> = self
            .members
            .iter()
            .map(|row| {
                json!({
                    "id": row.person.as_str(),
                    "name": row.name,
                    "role": row.role,
                    "core": row.core,
                    "since": row.since.to_string(),
                    "until": row.until.map(|d| d.to_string()),
                })
            })
            .collect();
        json!({
            "report": "members",
            "garden": self.garden.as_str(),
            "garden_name": self.garden_name,
            "members_only": self.members_only,
            "members": members,
        })
    }

    fn csv(&self) -> String {
        let rows: Vec<Vec<String>> = self
            .members
            .iter()
            .map(|row| {
                vec![
                    self.garden.to_string(),
                    row.person.to_string(),
                    row.name.clone(),
                    row.role.to_string(),
                    row.core.to_string(),
                    row.since.to_string(),
                    day(row.until),
                ]
            })
            .collect();
        output::csv(
            &["garden", "id", "name", "role", "core", "since", "until"],
            &rows,
        )
    }
}
