//! `balance garden:ID` and `balance big-garden`: per currency, the opening balance, the money in
//! and out by kind, the corrections (reversed entries), the closing balance; optionally month
//! by month. Read from the store's daily flows and balances.

use chrono::NaiveDate;
use jardins_ledger::{Account, Currency, CurrencyCode, FlowKind, GardenId, Month};
use jardins_store::{DailyFlow, Ledger};
use jardins_text::Text;
use rust_decimal::Decimal;
use serde_json::{json, Value};

use crate::dues::MAX_MONTHS;
use crate::output::{self, amount, amount_in, arg, flow_in, kind_in, say};
use crate::{
    check_range, constitution_since, currencies, currency_of, currency_order, garden_state,
    inconsistent, kind_key, Format, ReportError,
};

/// Which way a kind of flow moves money for the garden or big garden reported on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Direction {
    In,
    Out,
}

impl Direction {
    fn of(kind: FlowKind) -> Direction {
        match kind {
            FlowKind::ContributionFromMember
            | FlowKind::ContributionFromGarden
            | FlowKind::Collection => Direction::In,
            FlowKind::ContributionToGarden
            | FlowKind::ContributionToBigGarden
            | FlowKind::RoleValued
            | FlowKind::Expense => Direction::Out,
        }
    }

    /// `amount` with the sign of this direction: as is in, negated out; zero is `Decimal::ZERO`
    /// either way (what a product by one or minus one gives, without the multiplication).
    fn signed(self, amount: Decimal) -> Decimal {
        match self {
            _ if amount.is_zero() => Decimal::ZERO,
            Direction::In => amount,
            Direction::Out => -amount,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Direction::In => "in",
            Direction::Out => "out",
        }
    }
}

/// One kind of flow over a period.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KindFlow {
    pub kind: FlowKind,
    pub direction: Direction,
    /// What moved, corrections apart: positive, in or out as `direction` says.
    pub amount: Decimal,
    /// The reversals of entries of this kind, as they change the balance (signed).
    pub corrections: Decimal,
    /// The part of `amount` recorded while the garden had no constitution to judge it by.
    pub unjudged: Decimal,
}

impl KindFlow {
    /// What this kind did to the balance, corrections included.
    pub fn effect(&self) -> Decimal {
        self.direction.signed(self.amount) + self.corrections
    }
}

/// The movements of one currency over a period, from the opening to the closing balance.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Flows {
    /// First day of the period; `None` from the beginning of the ledger.
    pub first_day: Option<NaiveDate>,
    pub last_day: NaiveDate,
    /// The balance at the end of the day before `first_day` (zero from the beginning).
    pub opening: Decimal,
    /// Every kind that moved money, in the order of `FlowKind::ALL`.
    pub kinds: Vec<KindFlow>,
    pub closing: Decimal,
}

impl Flows {
    fn total(&self, direction: Direction) -> Decimal {
        self.kinds
            .iter()
            .filter(|k| k.direction == direction)
            .map(|k| k.amount)
            .sum()
    }

    pub fn total_in(&self) -> Decimal {
        self.total(Direction::In)
    }

    pub fn total_out(&self) -> Decimal {
        self.total(Direction::Out)
    }

    pub fn corrections(&self) -> Decimal {
        self.kinds.iter().map(|k| k.corrections).sum()
    }

    pub fn unjudged(&self) -> Decimal {
        self.kinds.iter().map(|k| k.unjudged).sum()
    }

    pub fn kind(&self, kind: FlowKind) -> Option<&KindFlow> {
        self.kinds.iter().find(|k| k.kind == kind)
    }
}

/// What the big garden received from one garden.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GardenPaid {
    pub garden: GardenId,
    pub name: String,
    pub members_only: bool,
    /// Contributions received, corrections apart (positive).
    pub paid: Decimal,
    /// Reversed contributions, as they change the big garden's balance (signed).
    pub corrections: Decimal,
    /// The part of `paid` recorded while the garden had no constitution.
    pub unjudged: Decimal,
}

/// One currency of a balance report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CurrencyBalance {
    pub currency: Currency,
    /// The whole period.
    pub total: Flows,
    /// Month by month, when asked for.
    pub months: Vec<(Month, Flows)>,
    /// For the big garden: what each garden paid it, in the order of their ids.
    pub from_gardens: Vec<GardenPaid>,
}

/// The garden reported on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GardenInfo {
    pub id: GardenId,
    pub name: String,
    pub kind: String,
    /// An organisation garden: only its members may see its reports.
    pub members_only: bool,
    pub opened_on: NaiveDate,
    pub closed_on: Option<NaiveDate>,
    /// When its first constitution took effect; `None` if it has none.
    pub constitution_since: Option<NaiveDate>,
    /// Its kind, for tables to say in their language (`kind` is the English label).
    pub garden_kind: jardins_ledger::GardenKind,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BalanceReport {
    pub account: Account,
    /// The garden, for `garden:ID`; `None` for the big garden.
    pub garden: Option<GardenInfo>,
    pub from: Option<NaiveDate>,
    pub to: NaiveDate,
    pub by_month: bool,
    pub currencies: Vec<CurrencyBalance>,
}

/// Kinds that a garden's constitution judges: recorded before its first constitution, they
/// were judged against none.
fn judged_by_constitution(kind: FlowKind) -> bool {
    matches!(
        kind,
        FlowKind::ContributionFromMember
            | FlowKind::ContributionToBigGarden
            | FlowKind::RoleValued
            | FlowKind::Collection
    )
}

#[derive(Default)]
struct Sums {
    amount: Decimal,
    corrections: Decimal,
    unjudged: Decimal,
}

/// Adds daily flows up by kind, from `opening` to the closing balance.
fn flows(
    rows: &[&DailyFlow],
    first_day: Option<NaiveDate>,
    last_day: NaiveDate,
    opening: Decimal,
    judged_since: Option<Option<NaiveDate>>,
) -> Result<Flows, ReportError> {
    // One slot for each kind, in the order of `FlowKind::ALL`.
    let mut sums: [Option<Sums>; FlowKind::ALL.len()] = Default::default();
    let mut moved = Decimal::ZERO;
    for row in rows {
        let direction = Direction::of(row.kind);
        let sum = sums[row.kind.index()].get_or_insert_with(Sums::default);
        moved += row.amount;
        if row.correction {
            sum.corrections += row.amount;
            continue;
        }
        let value = direction.signed(row.amount);
        sum.amount += value;
        let before_constitution = match judged_since {
            None => false,
            Some(since) => since.is_none_or(|since| row.on < since),
        };
        if before_constitution && judged_by_constitution(row.kind) {
            sum.unjudged += value;
        }
    }
    let closing = opening + moved;
    let mut kinds = Vec::new();
    for (kind, sum) in FlowKind::ALL.into_iter().zip(sums) {
        if let Some(sum) = sum {
            if sum.amount.is_sign_negative() && !sum.amount.is_zero() {
                return Err(inconsistent(format!(
                    "{} flowed the wrong way ({})",
                    kind.as_str(),
                    sum.amount
                )));
            }
            kinds.push(KindFlow {
                kind,
                direction: Direction::of(kind),
                amount: sum.amount,
                corrections: sum.corrections,
                unjudged: sum.unjudged,
            });
        }
    }
    Ok(Flows {
        first_day,
        last_day,
        opening,
        kinds,
        closing,
    })
}

/// The balance of `target` (`garden:ID` or `big-garden`) per currency over `from` (inclusive;
/// `None` from the beginning) to `to` (inclusive), month by month when `by_month`.
pub fn balance(
    ledger: &Ledger,
    target: &Account,
    from: Option<NaiveDate>,
    to: NaiveDate,
    by_month: bool,
) -> Result<BalanceReport, ReportError> {
    check_range(from, to)?;
    let declared = currencies(ledger)?;
    let (garden, garden_state) = match target {
        Account::Garden(id) => {
            let state = garden_state(ledger, id)?;
            let info = GardenInfo {
                id: id.clone(),
                name: state.name.to_string(),
                kind: state.kind.label(),
                members_only: state.kind.members_only(),
                opened_on: state.opened_on,
                closed_on: state.closed_on,
                constitution_since: constitution_since(&state),
                garden_kind: state.kind.clone(),
            };
            (Some(info), Some(state))
        }
        Account::BigGarden => (None, None),
        other => {
            return Err(ReportError::NotReportable {
                account: other.to_string(),
            })
        }
    };
    let mut codes: Vec<CurrencyCode> = ledger.currencies_of(target)?;
    codes.push(CurrencyCode::euro());
    if let Some(state) = &garden_state {
        codes.extend(
            state
                .constitutions
                .iter()
                .filter(|c| c.effective <= to)
                .flat_map(|c| c.currencies().cloned()),
        );
    }
    codes.sort_by(currency_order);
    codes.dedup();
    let judged_since = garden.as_ref().map(|g| g.constitution_since);
    let gardens = match target {
        Account::BigGarden => ledger.gardens()?,
        _ => Vec::new(),
    };
    let mut result = Vec::with_capacity(codes.len());
    for code in &codes {
        let currency = currency_of(&declared, code)?;
        let opening = match from.and_then(|f| f.pred_opt()) {
            Some(day_before) => ledger.balance(target, code, day_before)?,
            None => Decimal::ZERO,
        };
        // One pass over the history: the balance up to the day before `from`, then the flows of
        // the period; the closing balance is the opening plus the flows.
        let rows = ledger.daily(target, code, from, to)?;
        let in_order = rows.windows(2).all(|w| w[0].on <= w[1].on);
        let in_range = rows
            .iter()
            .all(|r| r.on <= to && from.is_none_or(|from| from <= r.on));
        if !in_order || !in_range {
            return Err(inconsistent(format!(
                "the daily flows of {target} in {code} are out of order or out of the period asked"
            )));
        }
        let all: Vec<&DailyFlow> = rows.iter().collect();
        let total = flows(&all, from, to, opening, judged_since)?;
        let closing = total.closing;
        // Months are worked out even when not shown: the chart draws them.
        let first = from
            .or_else(|| garden.as_ref().map(|g| g.opened_on))
            .into_iter()
            .chain(rows.first().map(|r| r.on))
            .min();
        let months = match monthly(&rows, first, to, opening, closing, judged_since) {
            Err(ReportError::RangeTooLong { .. }) if !by_month => Vec::new(),
            other => other?,
        };
        let from_gardens = if gardens.is_empty() {
            Vec::new()
        } else {
            let paid = paid_by_gardens(ledger, &gardens, code, from, to)?;
            let received: Decimal = paid.iter().map(|g| g.paid + g.corrections).sum();
            let recorded = total
                .kind(FlowKind::ContributionFromGarden)
                .map_or(Decimal::ZERO, |k| k.effect());
            if received != recorded {
                return Err(inconsistent(format!(
                    "the gardens paid the big garden {received} {code}, but it received {recorded}"
                )));
            }
            paid
        };
        result.push(CurrencyBalance {
            currency,
            total,
            months,
            from_gardens,
        });
    }
    Ok(BalanceReport {
        account: target.clone(),
        garden,
        from,
        to,
        by_month,
        currencies: result,
    })
}

fn monthly(
    rows: &[DailyFlow],
    first: Option<NaiveDate>,
    to: NaiveDate,
    opening: Decimal,
    closing: Decimal,
    judged_since: Option<Option<NaiveDate>>,
) -> Result<Vec<(Month, Flows)>, ReportError> {
    let Some(first) = first.filter(|first| *first <= to) else {
        return Ok(Vec::new());
    };
    let (first_month, last_month) = (Month::of(first), Month::of(to));
    let count = first_month.count_through(last_month);
    if count > MAX_MONTHS {
        return Err(ReportError::RangeTooLong {
            months: count,
            max: MAX_MONTHS,
            hint: crate::RangeHint::LaterStart,
        });
    }
    let mut months = Vec::with_capacity(count as usize);
    let mut running = opening;
    let mut month = Some(first_month);
    // Rows are in date order: each month takes the next run of them.
    let mut cursor = 0;
    while let Some(current) = month.filter(|m| *m <= last_month) {
        let end = cursor + rows[cursor..].partition_point(|r| Month::of(r.on) <= current);
        let in_month: Vec<&DailyFlow> = rows[cursor..end].iter().collect();
        cursor = end;
        let first_day = current.first_day().max(first);
        let last_day = current.last_day().min(to);
        let month_flows = flows(&in_month, Some(first_day), last_day, running, judged_since)?;
        running = month_flows.closing;
        months.push((current, month_flows));
        month = current.next();
    }
    if running != closing {
        return Err(inconsistent(format!(
            "the months end at {running}, the balance at {closing}"
        )));
    }
    Ok(months)
}

/// What each garden paid the big garden in `code`: the big garden's postings from gardens,
/// grouped by the garden on the other side (one read, however many gardens there are).
fn paid_by_gardens(
    ledger: &Ledger,
    gardens: &[(GardenId, jardins_ledger::GardenState)],
    code: &CurrencyCode,
    from: Option<NaiveDate>,
    to: NaiveDate,
) -> Result<Vec<GardenPaid>, ReportError> {
    let mut by_garden = crate::receipts_by_garden(ledger, code, from, to)?;
    let mut result = Vec::new();
    for (id, state) in gardens {
        let Some(rows) = by_garden.remove(id) else {
            continue;
        };
        let since = constitution_since(state);
        let mut paid = GardenPaid {
            garden: id.clone(),
            name: state.name.to_string(),
            members_only: state.kind.members_only(),
            paid: Decimal::ZERO,
            corrections: Decimal::ZERO,
            unjudged: Decimal::ZERO,
        };
        for row in rows {
            // The big garden's posting is what it received (negative for a reversal).
            let received = row.amount;
            if row.correction {
                paid.corrections += received;
            } else {
                paid.paid += received;
                if since.is_none_or(|since| row.on < since) {
                    paid.unjudged += received;
                }
            }
        }
        result.push(paid);
    }
    if let Some((id, _)) = by_garden.into_iter().next() {
        return Err(inconsistent(format!(
            "the big garden received from garden:{id}, which the ledger does not hold"
        )));
    }
    Ok(result)
}

fn title(report: &BalanceReport, t: Text) -> String {
    let mut lines = Vec::new();
    match &report.garden {
        Some(g) => {
            lines.push(say(
                t,
                "report-balance-of-garden",
                &[
                    ("account", arg(&report.account)),
                    ("name", arg(&g.name)),
                    ("kind", arg(kind_in(t, &g.garden_kind))),
                ],
            ));
            if g.members_only {
                lines.push(say(t, "report-members-only-report", &[]));
            }
            if let Some(closed) = g.closed_on {
                lines.push(say(t, "report-closed-on", &[("date", arg(t.date(closed)))]));
            }
        }
        None => lines.push(say(t, "report-balance-of-big-garden", &[])),
    }
    lines.push(period_line(t, report.from, report.to));
    lines.join("\n")
}

/// `From 2026-01-01 to 2026-01-31` or `As of 2026-01-31`, in `t`'s language.
pub(crate) fn period_line(t: Text, from: Option<NaiveDate>, to: NaiveDate) -> String {
    match from {
        Some(from) => say(
            t,
            "report-from-to",
            &[("from", arg(t.date(from))), ("to", arg(t.date(to)))],
        ),
        None => say(t, "report-as-of", &[("date", arg(t.date(to)))]),
    }
}

const UNJUDGED_MARK: &str = " †";

impl BalanceReport {
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

    /// A currency's line, if the report has it.
    pub fn currency(&self, code: &str) -> Option<&CurrencyBalance> {
        self.currencies
            .iter()
            .find(|c| c.currency.code.as_str() == code)
    }

    fn table(&self, t: Text) -> String {
        let mut text = title(self, t);
        text.push_str("\n\n");
        let mut header = vec![""];
        header.extend(self.currencies.iter().map(|c| c.currency.code.as_str()));
        let mut table = output::table(&header, 1);
        let cells = |f: &dyn Fn(&CurrencyBalance) -> String| -> Vec<String> {
            self.currencies.iter().map(f).collect()
        };
        let row = |table: &mut crate::table::Table, label: String, cells: Vec<String>| {
            let mut row = vec![label];
            row.extend(cells);
            table.add_row(row);
        };
        let opening_label = match self.from {
            Some(from) => say(t, "report-opening-on", &[("date", arg(t.date(from)))]),
            None => say(t, "report-opening", &[]),
        };
        row(
            &mut table,
            opening_label,
            cells(&|c| amount_in(t, &c.currency, c.total.opening)),
        );
        let mut kinds: Vec<(Direction, FlowKind)> = self
            .currencies
            .iter()
            .flat_map(|c| c.total.kinds.iter().map(|k| (k.direction, k.kind)))
            .collect();
        kinds.sort();
        kinds.dedup();
        let mut any_unjudged = false;
        for (direction, kind) in &kinds {
            let moved = cells(&|c| match c.total.kind(*kind) {
                Some(k) if !k.amount.is_zero() => {
                    let mark = if k.unjudged.is_zero() {
                        ""
                    } else {
                        UNJUDGED_MARK
                    };
                    format!(
                        "{}{mark}",
                        amount_in(t, &c.currency, direction.signed(k.amount))
                    )
                }
                _ => String::new(),
            });
            if moved.iter().any(|m| !m.is_empty()) {
                any_unjudged |= moved.iter().any(|m| m.ends_with(UNJUDGED_MARK));
                let id = match direction {
                    Direction::In => "report-in",
                    Direction::Out => "report-out",
                };
                row(
                    &mut table,
                    say(t, id, &[("kind", arg(flow_in(t, *kind)))]),
                    moved,
                );
            }
        }
        for (_, kind) in &kinds {
            let corrected = cells(&|c| match c.total.kind(*kind) {
                Some(k) if !k.corrections.is_zero() => amount_in(t, &c.currency, k.corrections),
                _ => String::new(),
            });
            if corrected.iter().any(|m| !m.is_empty()) {
                row(
                    &mut table,
                    say(
                        t,
                        "report-correction-reversed",
                        &[("kind", arg(flow_in(t, *kind)))],
                    ),
                    corrected,
                );
            }
        }
        row(
            &mut table,
            say(t, "report-closing", &[("date", arg(t.date(self.to)))]),
            cells(&|c| amount_in(t, &c.currency, c.total.closing)),
        );
        table.write_into(&mut text);
        text.push('\n');
        if any_unjudged {
            text.push_str(&say(
                t,
                "report-balance-unjudged",
                &[("mark", arg(UNJUDGED_MARK.trim()))],
            ));
            text.push('\n');
        }
        for currency in &self.currencies {
            if !currency.from_gardens.is_empty() {
                text.push_str(&self.received_table(currency, t));
            }
        }
        for currency in &self.currencies {
            if self.by_month && !currency.months.is_empty() {
                text.push_str(&month_table(currency, t));
            }
        }
        text
    }

    fn received_table(&self, currency: &CurrencyBalance, t: Text) -> String {
        let c = &currency.currency;
        let header = output::heads(
            t,
            &[
                "report-col-garden",
                "report-col-paid",
                "report-col-corrections",
                "report-col-received",
            ],
        );
        let mut table = output::table(&header, 1);
        let mut any_unjudged = false;
        for g in &currency.from_gardens {
            let account = Account::Garden(g.garden.clone());
            let label = if g.members_only {
                say(
                    t,
                    "report-members-only-account",
                    &[("account", arg(&account))],
                )
            } else {
                account.to_string()
            };
            let mark = if g.unjudged.is_zero() {
                ""
            } else {
                any_unjudged = true;
                UNJUDGED_MARK
            };
            table.add_row(vec![
                label,
                format!("{}{mark}", amount_in(t, c, g.paid)),
                amount_in(t, c, g.corrections),
                amount_in(t, c, g.paid + g.corrections),
            ]);
        }
        if let Some(k) = currency.total.kind(FlowKind::ContributionFromMember) {
            table.add_row(vec![
                say(t, "report-members-directly", &[]),
                amount_in(t, c, k.amount),
                amount_in(t, c, k.corrections),
                amount_in(t, c, k.effect()),
            ]);
        }
        let mut text = String::from("\n");
        text.push_str(&say(
            t,
            "report-received-by-big-garden",
            &[("currency", arg(&c.code))],
        ));
        text.push('\n');
        table.write_into(&mut text);
        text.push('\n');
        if any_unjudged {
            text.push_str(&say(
                t,
                "report-received-unjudged",
                &[("mark", arg(UNJUDGED_MARK.trim()))],
            ));
            text.push('\n');
        }
        text
    }

    fn json(&self) -> Value {
        let balances: Vec<Value> = self
            .currencies
            .iter()
            .map(|c| {
                let mut value = flows_json(&c.currency, &c.total);
                value["currency"] = json!(c.currency.code.as_str());
                value["decimal_places"] = json!(c.currency.decimal_places);
                value["balance"] = json!(amount(&c.currency, c.total.closing));
                if self.by_month {
                    value["months"] = c
                        .months
                        .iter()
                        .map(|(month, flows)| {
                            let mut m = flows_json(&c.currency, flows);
                            m["month"] = json!(month.to_string());
                            m
                        })
                        .collect();
                }
                if self.account == Account::BigGarden {
                    value["from_gardens"] = c
                        .from_gardens
                        .iter()
                        .map(|g| {
                            json!({
                                "garden": g.garden.as_str(),
                                "name": g.name,
                                "members_only": g.members_only,
                                "paid": amount(&c.currency, g.paid),
                                "corrections": amount(&c.currency, g.corrections),
                                "received": amount(&c.currency, g.paid + g.corrections),
                                "judged_against_no_constitution": amount(&c.currency, g.unjudged),
                            })
                        })
                        .collect();
                    let members = c.total.kind(FlowKind::ContributionFromMember);
                    value["from_members"] = json!(amount(
                        &c.currency,
                        members.map_or(Decimal::ZERO, |k| k.effect())
                    ));
                }
                value
            })
            .collect();
        let garden = self.garden.as_ref().map(|g| {
            json!({
                "id": g.id.as_str(),
                "name": g.name,
                "kind": g.kind,
                "members_only": g.members_only,
                "opened_on": g.opened_on.to_string(),
                "closed_on": g.closed_on.map(|d| d.to_string()),
                "constitution_since": g.constitution_since.map(|d| d.to_string()),
            })
        });
        json!({
            "report": "balance",
            "account": self.account.to_string(),
            "garden": garden,
            "members_only": self.garden.as_ref().is_some_and(|g| g.members_only),
            "from": self.from.map(|d| d.to_string()),
            "to": self.to.to_string(),
            "balances": balances,
        })
    }

    /// The tables' rows, in their order: for the whole period, each line of the first table
    /// (opening, money in by kind, money out by kind, corrections, closing) for each currency in
    /// its column order; then, for the big garden, what each garden paid it; then, with
    /// `--by month`, each month's lines. `judged_against_no_constitution` is the part of a
    /// garden's in or out line recorded while it had no constitution; it is empty on the lines
    /// it does not apply to (balances, corrections, the big garden's own flows).
    fn csv(&self) -> String {
        let header = [
            "account",
            "currency",
            "period",
            "first_day",
            "last_day",
            "line",
            "kind",
            "amount",
            "judged_against_no_constitution",
        ];
        let mut rows = Vec::new();
        let totals: Vec<(&CurrencyBalance, &Flows)> =
            self.currencies.iter().map(|c| (c, &c.total)).collect();
        rows.extend(self.csv_lines("total", &totals));
        for c in &self.currencies {
            for g in &c.from_gardens {
                rows.push(vec![
                    self.account.to_string(),
                    c.currency.code.to_string(),
                    "total".to_string(),
                    c.total.first_day.map(|d| d.to_string()).unwrap_or_default(),
                    c.total.last_day.to_string(),
                    "received_from".to_string(),
                    format!("garden:{}", g.garden),
                    amount(&c.currency, g.paid + g.corrections),
                    amount(&c.currency, g.unjudged),
                ]);
            }
        }
        if self.by_month {
            // Each currency's month table follows the other's, as the tables are printed.
            for c in &self.currencies {
                for (month, flows) in &c.months {
                    rows.extend(self.csv_lines(&month.to_string(), &[(c, flows)]));
                }
            }
        }
        output::csv(&header, &rows)
    }

    /// The CSV rows of one table of flows: each line for each currency, in the table's order.
    fn csv_lines(
        &self,
        period: &str,
        currencies: &[(&CurrencyBalance, &Flows)],
    ) -> Vec<Vec<String>> {
        let judged = self.garden.is_some();
        let line = |c: &CurrencyBalance,
                    flows: &Flows,
                    line: &str,
                    kind: &str,
                    value: Decimal,
                    unjudged: Option<Decimal>| {
            vec![
                self.account.to_string(),
                c.currency.code.to_string(),
                period.to_string(),
                flows.first_day.map(|d| d.to_string()).unwrap_or_default(),
                flows.last_day.to_string(),
                line.to_string(),
                kind.to_string(),
                amount(&c.currency, value),
                unjudged.map_or_else(String::new, |u| amount(&c.currency, u)),
            ]
        };
        let mut kinds: Vec<(Direction, FlowKind)> = currencies
            .iter()
            .flat_map(|(_, f)| f.kinds.iter().map(|k| (k.direction, k.kind)))
            .collect();
        kinds.sort();
        kinds.dedup();
        let mut out = Vec::new();
        for (c, f) in currencies {
            out.push(line(c, f, "opening", "", f.opening, None));
        }
        for (direction, kind) in &kinds {
            for (c, f) in currencies {
                if let Some(k) = f.kind(*kind).filter(|k| !k.amount.is_zero()) {
                    out.push(line(
                        c,
                        f,
                        direction.as_str(),
                        kind_key(*kind),
                        direction.signed(k.amount),
                        judged.then_some(k.unjudged),
                    ));
                }
            }
        }
        for (_, kind) in &kinds {
            for (c, f) in currencies {
                if let Some(k) = f.kind(*kind).filter(|k| !k.corrections.is_zero()) {
                    out.push(line(
                        c,
                        f,
                        "correction",
                        kind_key(*kind),
                        k.corrections,
                        None,
                    ));
                }
            }
        }
        for (c, f) in currencies {
            out.push(line(c, f, "closing", "", f.closing, None));
        }
        out
    }
}

fn flows_json(currency: &Currency, flows: &Flows) -> Value {
    let by = |direction: Direction| -> serde_json::Map<String, Value> {
        flows
            .kinds
            .iter()
            .filter(|k| k.direction == direction && !k.amount.is_zero())
            .map(|k| {
                (
                    kind_key(k.kind).to_string(),
                    json!(amount(currency, k.amount)),
                )
            })
            .collect()
    };
    let corrections: serde_json::Map<String, Value> = flows
        .kinds
        .iter()
        .filter(|k| !k.corrections.is_zero())
        .map(|k| {
            (
                kind_key(k.kind).to_string(),
                json!(amount(currency, k.corrections)),
            )
        })
        .collect();
    let unjudged: serde_json::Map<String, Value> = flows
        .kinds
        .iter()
        .filter(|k| !k.unjudged.is_zero())
        .map(|k| {
            (
                kind_key(k.kind).to_string(),
                json!(amount(currency, k.unjudged)),
            )
        })
        .collect();
    json!({
        "first_day": flows.first_day.map(|d| d.to_string()),
        "last_day": flows.last_day.to_string(),
        "opening": amount(currency, flows.opening),
        "in": by(Direction::In),
        "out": by(Direction::Out),
        "corrections": corrections,
        "total_in": amount(currency, flows.total_in()),
        "total_out": amount(currency, flows.total_out()),
        "total_corrections": amount(currency, flows.corrections()),
        "judged_against_no_constitution": unjudged,
        "closing": amount(currency, flows.closing),
    })
}

/// Month by month: the opening balance, a column for each kind of flow that moved money in
/// this currency over the months (money in first, then out), the corrections and the closing
/// balance, so that each row adds up from its opening to its closing.
fn month_table(currency: &CurrencyBalance, t: Text) -> String {
    let c = &currency.currency;
    let mut kinds: Vec<(Direction, FlowKind)> = currency
        .months
        .iter()
        .flat_map(|(_, f)| f.kinds.iter())
        .filter(|k| !k.amount.is_zero())
        .map(|k| (k.direction, k.kind))
        .collect();
    kinds.sort();
    kinds.dedup();
    let mut header: Vec<String> = vec![
        say(t, "report-col-month", &[]),
        say(t, "report-col-opening", &[]),
    ];
    header.extend(kinds.iter().map(|(direction, kind)| {
        let id = match direction {
            Direction::In => "report-head-in",
            Direction::Out => "report-head-out",
        };
        // A short name for the kind, under the direction, to keep the columns narrow.
        let short = format!("report-short-{}", crate::kind_key(*kind).replace('_', "-"));
        format!("{}\n{}", say(t, id, &[]), say(t, &short, &[]))
    }));
    header.push(say(t, "report-col-corrections", &[]));
    header.push(say(t, "report-col-closing", &[]));
    let mut table = output::table(&header, 1);
    for (month, flows) in &currency.months {
        let mark = if flows.unjudged().is_zero() {
            ""
        } else {
            UNJUDGED_MARK
        };
        let mut row = vec![format!("{month}{mark}"), amount_in(t, c, flows.opening)];
        for (direction, kind) in &kinds {
            row.push(match flows.kind(*kind) {
                Some(k) if !k.amount.is_zero() => amount_in(t, c, direction.signed(k.amount)),
                _ => String::new(),
            });
        }
        row.push(amount_in(t, c, flows.corrections()));
        row.push(amount_in(t, c, flows.closing));
        table.add_row(row);
    }
    let heading = say(t, "report-month-by-month", &[("currency", arg(&c.code))]);
    format!("\n{heading}\n{table}\n")
}
