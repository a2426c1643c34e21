//! `balance member:ID`: one person's own view. Per currency, what they paid to each garden and
//! to the big garden, and what gardens paid them for valued roles, over `--from` to `--to`;
//! the balance of their account before and after (received minus paid: a gardener who only
//! pays has a negative balance, the money they gave).
//!
//! Read from the postings of the person's account (one shard), each traced to the account on
//! the other side. A reversed entry counts as recorded, and its reversal as a correction, as in
//! a garden's balance: `net` is what stands.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use jardins_ledger::{Account, Currency, CurrencyCode, FlowKind, PersonId};
use jardins_store::Ledger;
use rust_decimal::Decimal;
use serde_json::{json, Value};

use jardins_text::Text;

use crate::output::{self, amount, amount_in, arg, say};
use crate::{check_range, currencies, currency_of, currency_order, inconsistent};
use crate::{Format, ReportError};

/// Which way money moved between the person and one account.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum MemberFlow {
    /// The person paid a contribution to this garden (or to the big garden).
    PaidTo,
    /// This garden paid the person for a valued role.
    ReceivedFrom,
}

impl MemberFlow {
    pub fn key(self) -> &'static str {
        match self {
            MemberFlow::PaidTo => "paid_to",
            MemberFlow::ReceivedFrom => "received_from",
        }
    }

    /// The message that names this flow in a table.
    fn label_id(self) -> &'static str {
        match self {
            MemberFlow::PaidTo => "report-member-paid-to",
            MemberFlow::ReceivedFrom => "report-member-received-from",
        }
    }
}

/// What moved between the person and one account, in one currency, over the period.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemberLine {
    pub flow: MemberFlow,
    /// `garden:ID` or `big-garden`.
    pub account: Account,
    /// As recorded, positive, corrections apart.
    pub amount: Decimal,
    /// Reversals of those entries, as they change `amount` (zero or negative).
    pub corrections: Decimal,
}

impl MemberLine {
    /// What stands once corrections are counted.
    pub fn net(&self) -> Decimal {
        self.amount + self.corrections
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemberCurrency {
    pub currency: Currency,
    /// The balance at the end of the day before `from` (zero from the beginning).
    pub opening: Decimal,
    /// Paid lines first, by account, then received lines.
    pub lines: Vec<MemberLine>,
    pub closing: Decimal,
}

impl MemberCurrency {
    fn total(&self, flow: MemberFlow) -> Decimal {
        self.lines
            .iter()
            .filter(|l| l.flow == flow)
            .map(MemberLine::net)
            .sum()
    }

    pub fn paid(&self) -> Decimal {
        self.total(MemberFlow::PaidTo)
    }

    pub fn received(&self) -> Decimal {
        self.total(MemberFlow::ReceivedFrom)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemberBalance {
    pub person: PersonId,
    pub name: String,
    pub from: Option<NaiveDate>,
    pub to: NaiveDate,
    pub currencies: Vec<MemberCurrency>,
}

/// The flow kinds of a person's postings and which way each goes.
const MEMBER_KINDS: [(FlowKind, MemberFlow); 3] = [
    (FlowKind::ContributionToGarden, MemberFlow::PaidTo),
    (FlowKind::ContributionToBigGarden, MemberFlow::PaidTo),
    (FlowKind::RoleValued, MemberFlow::ReceivedFrom),
];

/// The person's view over `from` (inclusive; `None` from the beginning) to `to` (inclusive).
pub fn member_balance(
    ledger: &Ledger,
    person: &PersonId,
    from: Option<NaiveDate>,
    to: NaiveDate,
) -> Result<MemberBalance, ReportError> {
    check_range(from, to)?;
    let name = ledger
        .people()?
        .into_iter()
        .find(|(id, _)| id == person)
        .map(|(_, state)| state.name.to_string())
        .ok_or_else(|| ReportError::NoSuchPerson {
            person: person.to_string(),
        })?;
    let declared = currencies(ledger)?;
    let account = Account::Member(person.clone());
    let mut codes: Vec<CurrencyCode> = ledger.currencies_of(&account)?;
    codes.sort_by(currency_order);
    let mut result = Vec::with_capacity(codes.len());
    for code in &codes {
        let currency = currency_of(&declared, code)?;
        let opening = match from.and_then(|f| f.pred_opt()) {
            Some(day_before) => ledger.balance(&account, code, day_before)?,
            None => Decimal::ZERO,
        };
        let mut lines: BTreeMap<(MemberFlow, Account), MemberLine> = BTreeMap::new();
        let mut moved = Decimal::ZERO;
        for (kind, flow) in MEMBER_KINDS {
            for row in ledger.postings(&account, kind, code, from, to)? {
                let Some(other) = row.counterparty.clone() else {
                    return Err(inconsistent(format!(
                        "entry {} moves money of {account} with no account on the other side",
                        row.sequence
                    )));
                };
                moved += row.amount;
                // The person's posting is negative when they pay, positive when they receive;
                // a line counts what moved the way it names as positive.
                let toward_line = match flow {
                    MemberFlow::PaidTo => -row.amount,
                    MemberFlow::ReceivedFrom => row.amount,
                };
                let line = lines
                    .entry((flow, other.clone()))
                    .or_insert_with(|| MemberLine {
                        flow,
                        account: other,
                        amount: Decimal::ZERO,
                        corrections: Decimal::ZERO,
                    });
                if row.correction {
                    line.corrections += toward_line;
                } else {
                    line.amount += toward_line;
                }
            }
        }
        let closing = opening + moved;
        // Paired check: the postings read line by line add up to the balance the store keeps.
        let kept = ledger.balance(&account, code, to)?;
        if kept != closing {
            return Err(inconsistent(format!(
                "the flows of {account} in {code} end at {closing}, its balance at {kept}"
            )));
        }
        let lines: Vec<MemberLine> = lines.into_values().collect();
        if lines.is_empty() && opening.is_zero() {
            continue;
        }
        result.push(MemberCurrency {
            currency,
            opening,
            lines,
            closing,
        });
    }
    Ok(MemberBalance {
        person: person.clone(),
        name,
        from,
        to,
        currencies: result,
    })
}

impl MemberBalance {
    /// The report in English (tables) or as JSON or CSV, which never change with the language.
    pub fn render(&self, format: Format) -> String {
        self.render_in(format, output::english())
    }

    /// The report with its tables in `t`'s language; JSON and CSV are the same in every one.
    pub fn render_in(&self, format: Format, t: Text) -> String {
        match format {
            Format::Table => self.table(t),
            Format::Json => output::json(&self.json()),
            Format::Csv => self.csv(),
        }
    }

    fn table(&self, t: Text) -> String {
        let mut text = say(
            t,
            "report-member-balance-of",
            &[
                ("account", arg(Account::Member(self.person.clone()))),
                ("name", arg(&self.name)),
            ],
        );
        text.push('\n');
        text.push_str(&crate::balance::period_line(t, self.from, self.to));
        text.push('\n');
        if self.currencies.is_empty() {
            text.push('\n');
            text.push_str(&say(t, "report-member-nothing-moved", &[]));
            text.push('\n');
            return text;
        }
        let heads = output::heads(
            t,
            &[
                "report-col-blank",
                "report-col-account",
                "report-col-amount",
                "report-col-corrections",
                "report-col-net",
            ],
        );
        for c in &self.currencies {
            let cur = &c.currency;
            let mut table = output::table(&heads, 2);
            for line in &c.lines {
                table.add_row(vec![
                    say(t, line.flow.label_id(), &[]),
                    line.account.to_string(),
                    amount_in(t, cur, line.amount),
                    amount_in(t, cur, line.corrections),
                    amount_in(t, cur, line.net()),
                ]);
            }
            let summary = |label: String, value: Decimal| {
                vec![
                    label,
                    String::new(),
                    String::new(),
                    String::new(),
                    amount_in(t, cur, value),
                ]
            };
            table.add_row(summary(say(t, "report-member-paid-in-all", &[]), c.paid()));
            table.add_row(summary(
                say(t, "report-member-received-in-all", &[]),
                c.received(),
            ));
            if let Some(from) = self.from {
                table.add_row(summary(
                    say(
                        t,
                        "report-member-balance-before",
                        &[("date", arg(t.date(from)))],
                    ),
                    c.opening,
                ));
            }
            table.add_row(summary(
                say(
                    t,
                    "report-member-balance",
                    &[("date", arg(t.date(self.to)))],
                ),
                c.closing,
            ));
            let heading = say(
                t,
                "report-member-in-currency",
                &[("currency", arg(&cur.code))],
            );
            text.push_str(&format!("\n{heading}\n{table}\n"));
        }
        text.push_str(&output::wrap(
            &say(t, "report-member-legend", &[]),
            output::TEXT_WIDTH,
        ));
        text
    }

    fn json(&self) -> Value {
        let currencies: Vec<Value> = self
            .currencies
            .iter()
            .map(|c| {
                let lines = |flow: MemberFlow| -> Vec<Value> {
                    c.lines
                        .iter()
                        .filter(|l| l.flow == flow)
                        .map(|l| {
                            json!({
                                "account": l.account.to_string(),
                                "amount": amount(&c.currency, l.amount),
                                "corrections": amount(&c.currency, l.corrections),
                                "net": amount(&c.currency, l.net()),
                            })
                        })
                        .collect()
                };
                json!({
                    "currency": c.currency.code.as_str(),
                    "decimal_places": c.currency.decimal_places,
                    "opening": amount(&c.currency, c.opening),
                    "paid_to": lines(MemberFlow::PaidTo),
                    "received_from": lines(MemberFlow::ReceivedFrom),
                    "total_paid": amount(&c.currency, c.paid()),
                    "total_received": amount(&c.currency, c.received()),
                    "closing": amount(&c.currency, c.closing),
                })
            })
            .collect();
        json!({
            "report": "member_balance",
            "account": Account::Member(self.person.clone()).to_string(),
            "name": self.name,
            "from": self.from.map(|d| d.to_string()),
            "to": self.to.to_string(),
            "balances": currencies,
        })
    }

    /// One row per line of the tables, in their order; `amount` and `corrections` are empty on
    /// the rows of totals and balances, which have only a figure (in `net`).
    fn csv(&self) -> String {
        let mut rows = Vec::new();
        let account = Account::Member(self.person.clone()).to_string();
        for c in &self.currencies {
            let cur = &c.currency;
            let row = |line: &str, other: String, amounts: Option<(Decimal, Decimal)>, net| {
                let (moved, corrections) = match amounts {
                    Some((m, k)) => (amount(cur, m), amount(cur, k)),
                    None => (String::new(), String::new()),
                };
                vec![
                    account.clone(),
                    cur.code.to_string(),
                    line.to_string(),
                    other,
                    moved,
                    corrections,
                    amount(cur, net),
                ]
            };
            if self.from.is_some() {
                rows.push(row("opening", String::new(), None, c.opening));
            }
            for l in &c.lines {
                rows.push(row(
                    l.flow.key(),
                    l.account.to_string(),
                    Some((l.amount, l.corrections)),
                    l.net(),
                ));
            }
            rows.push(row("total_paid", String::new(), None, c.paid()));
            rows.push(row("total_received", String::new(), None, c.received()));
            rows.push(row("closing", String::new(), None, c.closing));
        }
        output::csv(
            &[
                "account",
                "currency",
                "line",
                "other_account",
                "amount",
                "corrections",
                "net",
            ],
            &rows,
        )
    }
}
