//! `commitments [GARDEN]`: per member and commitment, what was committed and how often, what
//! is due to date, what was paid, and the arrears or advance.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use jardins_ledger::{
    Account, Cadence, CommitmentId, Currency, CurrencyCode, FlowKind, GardenId, PersonId,
};
use jardins_store::Ledger;
use rust_decimal::Decimal;
use serde_json::{json, Value};

use crate::dues::commitment_due;
use crate::output::{self, amount, standing_text};
use crate::{
    currencies, currency_of, currency_order, garden_state, inconsistent, Format, ReportError,
};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CommitmentRow {
    pub commitment: CommitmentId,
    pub garden: GardenId,
    /// The commitment is to an organisation garden: only its members may see it.
    pub members_only: bool,
    pub person: PersonId,
    pub person_name: String,
    pub amount: Decimal,
    pub currency: Currency,
    pub cadence: Cadence,
    pub from: NaiveDate,
    pub until: Option<NaiveDate>,
    /// Periods begun by the report's date (see `dues::commitment_due`).
    pub periods_due: u32,
    pub due: Decimal,
    /// Paid toward it by the report's date, reversed payments taken off.
    pub paid: Decimal,
}

impl CommitmentRow {
    /// `paid − due`: negative is arrears, positive advance.
    pub fn difference(&self) -> Decimal {
        self.paid - self.due
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CommitmentTotal {
    pub currency: Currency,
    pub due: Decimal,
    pub paid: Decimal,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CommitmentsReport {
    pub garden: Option<GardenId>,
    pub as_of: NaiveDate,
    /// By garden, member and commitment.
    pub rows: Vec<CommitmentRow>,
    pub totals: Vec<CommitmentTotal>,
}

impl CommitmentsReport {
    pub fn row(&self, commitment: &str) -> Option<&CommitmentRow> {
        self.rows
            .iter()
            .find(|r| r.commitment.as_str() == commitment)
    }
}

/// Every commitment (to `garden`, or to any garden) made by `as_of`, with its standing then.
pub fn commitments(
    ledger: &Ledger,
    garden: Option<&GardenId>,
    as_of: NaiveDate,
) -> Result<CommitmentsReport, ReportError> {
    if let Some(id) = garden {
        garden_state(ledger, id)?;
    }
    let declared = currencies(ledger)?;
    let people: BTreeMap<PersonId, String> = ledger
        .people()?
        .into_iter()
        .map(|(id, p)| (id, p.name.to_string()))
        .collect();
    let gardens: BTreeMap<GardenId, bool> = ledger
        .gardens()?
        .into_iter()
        .map(|(id, g)| (id, g.kind.members_only()))
        .collect();
    let mut rows = Vec::new();
    for (id, state) in ledger.commitments()? {
        if garden.is_some_and(|g| *g != state.garden) {
            continue;
        }
        let made = ledger.record(state.made_by)?.ok_or_else(|| {
            inconsistent(format!(
                "commitment {id} was made by entry {}, which is not in the log",
                state.made_by
            ))
        })?;
        if made.event.on > as_of {
            continue;
        }
        let currency = currency_of(&declared, &state.currency)?;
        let member = Account::Member(state.person.clone());
        let paid = paid_as_of(ledger, &id, &member, &state.currency, as_of)?;
        let (periods_due, due) = commitment_due(
            state.amount.value(),
            state.cadence,
            state.from,
            state.until,
            as_of,
        );
        rows.push(CommitmentRow {
            commitment: id,
            members_only: gardens.get(&state.garden).copied().unwrap_or(false),
            garden: state.garden,
            person_name: people.get(&state.person).cloned().unwrap_or_default(),
            person: state.person,
            amount: state.amount.value(),
            currency,
            cadence: state.cadence,
            from: state.from,
            until: state.until,
            periods_due,
            due,
            paid,
        });
    }
    rows.sort_by(|a, b| {
        (&a.garden, &a.person, &a.commitment).cmp(&(&b.garden, &b.person, &b.commitment))
    });
    let mut by_currency: BTreeMap<CurrencyCode, CommitmentTotal> = BTreeMap::new();
    for row in &rows {
        let total = by_currency
            .entry(row.currency.code.clone())
            .or_insert_with(|| CommitmentTotal {
                currency: row.currency.clone(),
                due: Decimal::ZERO,
                paid: Decimal::ZERO,
            });
        total.due += row.due;
        total.paid += row.paid;
    }
    let mut totals: Vec<CommitmentTotal> = by_currency.into_values().collect();
    totals.sort_by(|a, b| currency_order(&a.currency.code, &b.currency.code));
    Ok(CommitmentsReport {
        garden: garden.cloned(),
        as_of,
        rows,
        totals,
    })
}

/// What `member` paid toward commitment `id` up to `as_of`: their payments that name it,
/// less the reversals of those payments (each posting says which commitment it counts toward).
fn paid_as_of(
    ledger: &Ledger,
    id: &CommitmentId,
    member: &Account,
    currency: &CurrencyCode,
    as_of: NaiveDate,
) -> Result<Decimal, ReportError> {
    let rows = ledger.postings(
        member,
        FlowKind::ContributionToGarden,
        currency,
        None,
        as_of,
    )?;
    let mut paid = Decimal::ZERO;
    for row in rows.iter().filter(|r| r.toward.as_ref() == Some(id)) {
        // The member's posting is negative for a payment, positive for its reversal.
        paid = paid
            .checked_sub(row.amount)
            .ok_or_else(|| inconsistent(format!("what was paid toward {id} overflows")))?;
    }
    Ok(paid)
}

impl CommitmentsReport {
    pub fn render(&self, format: Format) -> String {
        match format {
            Format::Table => self.table(),
            Format::Json => output::json(&self.json()),
            Format::Csv => self.csv(),
        }
    }

    fn table(&self) -> String {
        let mut text = match &self.garden {
            Some(g) => format!("Commitments to garden:{g} as of {}\n", self.as_of),
            None => format!("Commitments as of {}\n", self.as_of),
        };
        if self.rows.is_empty() {
            text.push_str("No commitment recorded.\n");
            return text;
        }
        let mut table = output::table_aligned(
            &[
                "garden",
                "member",
                "commitment",
                "committed",
                "runs",
                "due to date",
                "paid",
                "standing",
            ],
            &[3, 5, 6, 7],
        );
        for r in &self.rows {
            let c = &r.currency;
            let garden = if r.members_only {
                format!("garden:{} (members only)", r.garden)
            } else {
                format!("garden:{}", r.garden)
            };
            let runs = match r.until {
                Some(until) => format!("{} to {until}", r.from),
                None => format!("from {}", r.from),
            };
            table.add_row(vec![
                garden,
                format!("{} ({})", r.person, r.person_name),
                r.commitment.to_string(),
                format!("{} {}", output::money(c, r.amount), r.cadence.as_str()),
                runs,
                format!("{} ({}×)", amount(c, r.due), r.periods_due),
                amount(c, r.paid),
                standing_text(c, r.difference()),
            ]);
        }
        text.push_str(&table.to_string());
        text.push('\n');
        let mut totals = output::table(&["currency", "due to date", "paid", "standing"], 1);
        for t in &self.totals {
            totals.add_row(vec![
                t.currency.code.to_string(),
                amount(&t.currency, t.due),
                amount(&t.currency, t.paid),
                standing_text(&t.currency, t.paid - t.due),
            ]);
        }
        text.push_str("Totals per currency\n");
        text.push_str(&totals.to_string());
        text.push('\n');
        text
    }

    fn json(&self) -> Value {
        let rows: Vec<Value> = self
            .rows
            .iter()
            .map(|r| {
                let c = &r.currency;
                json!({
                    "commitment": r.commitment.as_str(),
                    "garden": r.garden.as_str(),
                    "members_only": r.members_only,
                    "member": r.person.as_str(),
                    "name": r.person_name,
                    "currency": c.code.as_str(),
                    "amount": amount(c, r.amount),
                    "cadence": r.cadence.as_str(),
                    "from": r.from.to_string(),
                    "until": r.until.map(|d| d.to_string()),
                    "periods_due": r.periods_due,
                    "due": amount(c, r.due),
                    "paid": amount(c, r.paid),
                    "difference": amount(c, r.difference()),
                    "standing": output::standing(r.difference()),
                })
            })
            .collect();
        let totals: Vec<Value> = self
            .totals
            .iter()
            .map(|t| {
                json!({
                    "currency": t.currency.code.as_str(),
                    "due": amount(&t.currency, t.due),
                    "paid": amount(&t.currency, t.paid),
                    "difference": amount(&t.currency, t.paid - t.due),
                })
            })
            .collect();
        json!({
            "report": "commitments",
            "garden": self.garden.as_ref().map(|g| g.as_str()),
            "as_of": self.as_of.to_string(),
            "commitments": rows,
            "totals": totals,
        })
    }

    fn csv(&self) -> String {
        let header = [
            "commitment",
            "garden",
            "members_only",
            "member",
            "name",
            "currency",
            "amount",
            "cadence",
            "from",
            "until",
            "periods_due",
            "due",
            "paid",
            "difference",
        ];
        let rows: Vec<Vec<String>> = self
            .rows
            .iter()
            .map(|r| {
                let c = &r.currency;
                vec![
                    r.commitment.to_string(),
                    r.garden.to_string(),
                    r.members_only.to_string(),
                    r.person.to_string(),
                    r.person_name.clone(),
                    c.code.to_string(),
                    amount(c, r.amount),
                    r.cadence.as_str().to_string(),
                    r.from.to_string(),
                    r.until.map(|d| d.to_string()).unwrap_or_default(),
                    r.periods_due.to_string(),
                    amount(c, r.due),
                    amount(c, r.paid),
                    amount(c, r.difference()),
                ]
            })
            .collect();
        output::csv(&header, &rows)
    }
}
