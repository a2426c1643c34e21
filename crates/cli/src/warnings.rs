//! What a recorded entry deserves a second look for: it is recorded (the ledger's rules
//! accepted it), and these warnings on standard error say what may still be a mistake.
//!
//! - An entry that leaves a garden's (or the big garden's) balance below zero, in a currency,
//!   on its date or at the end of the ledger: the warning names the new balance.
//! - An entry recorded without `--key` that is identical to an earlier one that still stands
//!   (same kind, parties, amount, currency, mode, period or commitment, role, and date; the note
//!   aside): the warning names that entry, as a payment typed twice would be.

use jardins_ledger::{Account, Event, EventKind, Text, Value};
use jardins_store::{Ledger, Record};
use rust_decimal::Decimal;

use crate::speech::text as speech;
use crate::Failure;

/// Most earlier entries of the same day and account compared with a new one: a day holds a
/// few entries of one account; past this many, the check stops rather than read more.
const MAX_SAME_DAY_CANDIDATES: usize = 1_000;

/// The warnings for `record`, just appended; `keyed`: it was recorded with `--key`.
pub fn after_append(ledger: &Ledger, record: &Record, keyed: bool) -> Result<Vec<String>, Failure> {
    let mut warnings = below_zero(ledger, record)?;
    if !keyed {
        warnings.extend(identical_to(ledger, record)?);
    }
    Ok(warnings)
}

/// A balance left below zero by this entry's postings, named with its date.
fn below_zero(ledger: &Ledger, record: &Record) -> Result<Vec<String>, Failure> {
    let mut warnings = Vec::new();
    let on = record.event.on;
    for posting in record.event.postings() {
        let holds_money = matches!(posting.account, Account::Garden(_) | Account::BigGarden);
        if !holds_money || !posting.amount.is_sign_negative() {
            continue;
        }
        let account = &posting.account;
        let code = &posting.currency;
        let on_its_date = ledger.balance(account, code, on)?;
        let at_the_end = ledger.balance(account, code, chrono::NaiveDate::MAX)?;
        let t = speech();
        // The balance with its currency's places, as the run's language writes an amount.
        let exact = |value: Decimal| match ledger.currency(code) {
            Ok(Some(currency)) => currency.format(value).parse().unwrap_or(value),
            _ => value,
        };
        let money = |value: Decimal| Value::Text(t.money(exact(value), code));
        let values = |balance: Decimal| {
            vec![
                ("sequence", Value::Count(record.sequence)),
                ("account", Value::Text(account.to_string())),
                ("balance", money(balance)),
                ("date", Value::Date(on)),
            ]
        };
        if on_its_date < Decimal::ZERO {
            warnings.push(t.message("cli-warning-below-zero-on", &values(on_its_date)));
        } else if at_the_end < Decimal::ZERO {
            let mut values = values(at_the_end);
            values.push(("on_its_date", Value::Text(t.decimal(exact(on_its_date)))));
            warnings.push(t.message("cli-warning-below-zero-after", &values));
        }
    }
    Ok(warnings)
}

/// The event with what does not make two entries different (the note, the version that
/// judged it) blanked.
fn essence(event: &Event) -> Event {
    let mut event = event.clone();
    match &mut event.kind {
        EventKind::ContributionPaid {
            note, judged_by, ..
        }
        | EventKind::CollectionRecorded {
            note, judged_by, ..
        } => {
            *note = Text::default();
            *judged_by = None;
        }
        EventKind::ExpensePaid { note, .. } => *note = Text::default(),
        EventKind::RoleValued { judged_by, .. } => *judged_by = None,
        _ => {}
    }
    event
}

/// The earlier entry, still standing, that this money entry repeats.
fn identical_to(ledger: &Ledger, record: &Record) -> Result<Option<String>, Failure> {
    if matches!(record.event.kind, EventKind::EntryReversed { .. }) {
        return Ok(None);
    }
    let postings = record.event.postings();
    let Some(first) = postings.first() else {
        return Ok(None);
    };
    let on = record.event.on;
    let rows = ledger.postings(&first.account, first.kind, &first.currency, Some(on), on)?;
    let wanted = essence(&record.event);
    let mut seen = Vec::new();
    for row in rows
        .iter()
        .filter(|r| r.sequence < record.sequence && !r.correction)
        .take(MAX_SAME_DAY_CANDIDATES)
    {
        if seen.contains(&row.sequence) {
            continue;
        }
        seen.push(row.sequence);
        let Some(earlier) = ledger.record(row.sequence)? else {
            continue;
        };
        if essence(&earlier.event) == wanted && ledger.reversed_by(row.sequence)?.is_none() {
            return Ok(Some(speech().message(
                "cli-warning-identical",
                &[
                    ("sequence", Value::Count(record.sequence)),
                    ("earlier", Value::Count(row.sequence)),
                ],
            )));
        }
    }
    Ok(None)
}
