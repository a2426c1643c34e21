//! `export journal`: the whole ledger as a plain-text accounting journal that hledger (1.25 and
//! later) and ledger-cli (3.3) read. One transaction per money event, dated with its effective
//! date, its sequence and hash in its comment; accounts `garden:ID`, `big-garden`, `member:ID`,
//! `outside`; each currency a commodity declared with its decimal places.
//!
//! User text (notes, reasons, currency names) only ever goes into comment lines, each line
//! prefixed, so that no newline or journal keyword in it can start a transaction or a directive.
//! The journal is UTF-8: hledger reads it in a UTF-8 locale (under the bare C locale it refuses
//! any accented letter; `LANG=C.UTF-8` fixes that).

use std::io::Write;

use jardins_ledger::{Currency, CurrencyCode, Event, EventKind, PaysFor};
use jardins_store::Ledger;

use crate::{currency_order, hex_hash, ReportError};

/// Most characters of user text written per comment line; longer lines are wrapped.
const MAX_COMMENT_LINE_CHARS: usize = 200;

/// A commodity symbol both tools read: bare when it is letters only, quoted when it holds a
/// digit (hledger requires the quotes then).
fn symbol(code: &CurrencyCode) -> String {
    if code.as_str().chars().all(|c| c.is_ascii_alphabetic()) {
        code.to_string()
    } else {
        format!("\"{code}\"")
    }
}

/// The commodity declaration. With decimal places, the multi-line `format` form, which both
/// tools honour. Without, hledger insists on a decimal mark (`1000.`), which ledger-cli's
/// `format` rejects; the one-line form `commodity 1000. SYMBOL` is read by both (ledger-cli then
/// takes the precision from the amounts, which are written with no decimals).
fn commodity(currency: &Currency) -> String {
    let symbol = symbol(&currency.code);
    let sample = currency.format(rust_decimal::Decimal::from(1000));
    let mut text = format!(
        "; {}: {}, {} decimal places\n",
        currency.code,
        one_line(currency.name.as_str()),
        currency.decimal_places
    );
    if currency.decimal_places == 0 {
        text.push_str(&format!("commodity {sample}. {symbol}\n\n"));
    } else {
        text.push_str(&format!(
            "commodity {symbol}\n    format {sample} {symbol}\n\n"
        ));
    }
    text
}

/// User text made safe for one comment line: control characters and line or paragraph
/// separators become spaces; square brackets, which ledger-cli reads as dates in a comment,
/// become parentheses.
fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '[' => '(',
            ']' => ')',
            c if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') => ' ',
            c => c,
        })
        .collect()
}

/// Comment lines for a piece of user text: the first as `key: text`, the next as `... text`.
/// Starting every line with a fixed first word keeps ledger-cli from reading user text as
/// metadata (`key:: expression` would be evaluated).
fn comment_lines(key: &str, text: &str) -> String {
    let mut lines = Vec::new();
    for line in text.split(['\n', '\r', '\u{2028}', '\u{2029}', '\u{85}']) {
        let chars: Vec<char> = one_line(line).chars().collect();
        if chars.is_empty() {
            lines.push(String::new());
        }
        for chunk in chars.chunks(MAX_COMMENT_LINE_CHARS) {
            lines.push(chunk.iter().collect());
        }
    }
    while lines.last().is_some_and(|l| l.trim().is_empty()) {
        lines.pop();
    }
    let mut out = String::new();
    for (index, line) in lines.iter().enumerate() {
        let lead = if index == 0 {
            format!("{key}:")
        } else {
            "...".to_string()
        };
        out.push_str(&format!("    ; {lead} {line}\n").replace(" \n", "\n"));
    }
    out
}

fn pays_for(pays_for: &PaysFor) -> String {
    pays_for.label()
}

/// The transaction's description, made of identifiers and fixed words only (no user text).
pub(crate) fn description(event: &Event) -> String {
    match &event.kind {
        EventKind::ContributionPaid {
            from,
            to,
            mode,
            pays_for: paid_for,
            ..
        } => format!(
            "contribution from {from} to {to}, {}, for {}",
            mode.as_str(),
            pays_for(paid_for)
        ),
        EventKind::RoleValued {
            garden,
            role,
            holder,
            period,
            ..
        } => format!("role {role} of garden:{garden} valued to member:{holder} for {period}"),
        EventKind::CollectionRecorded {
            garden,
            collection,
            mode,
            ..
        } => format!(
            "collection ({}) of garden:{garden}, {}",
            collection.as_str(),
            mode.as_str()
        ),
        EventKind::ExpensePaid { payer, .. } => format!("expense paid by {payer}"),
        EventKind::EntryReversed { entry, .. } => format!("correction: reversal of entry {entry}"),
        other => other.name().to_string(),
    }
}

pub(crate) fn user_text(event: &Event) -> Option<(&'static str, &str)> {
    match &event.kind {
        EventKind::ContributionPaid { note, .. }
        | EventKind::CollectionRecorded { note, .. }
        | EventKind::ExpensePaid { note, .. } => Some(("note", note.as_str())),
        EventKind::EntryReversed { reason, .. } => Some(("reason", reason.as_str())),
        _ => None,
    }
    .filter(|(_, text)| !text.trim().is_empty())
}

/// Writes the whole ledger as a journal to `out`; returns the number of transactions written.
pub fn journal(ledger: &Ledger, out: &mut dyn Write) -> Result<u64, ReportError> {
    journal_of(ledger, out, None)
}

/// Writes the money entries `keep` lets through as a journal (a selection of the log, such as
/// the entries a person may see); the first comment says it is a selection. Returns the number
/// of transactions written.
pub fn journal_selected(
    ledger: &Ledger,
    out: &mut dyn Write,
    keep: &mut dyn FnMut(&jardins_store::Record) -> bool,
) -> Result<u64, ReportError> {
    journal_of(ledger, out, Some(keep))
}

fn journal_of(
    ledger: &Ledger,
    out: &mut dyn Write,
    mut keep: Option<&mut dyn FnMut(&jardins_store::Record) -> bool>,
) -> Result<u64, ReportError> {
    let io = |source: std::io::Error| ReportError::Io {
        what: "the journal".to_string(),
        source,
    };
    let mut out = std::io::BufWriter::new(out);
    let head = ledger.head();
    let mut currencies = ledger.currencies()?;
    currencies.sort_by(|a, b| currency_order(&a.code, &b.code));
    let what = if keep.is_some() {
        "a selection of the entries of a jardins ledger"
    } else {
        "a jardins ledger"
    };
    write!(
        out,
        "; Journal of {what}: {} events, head hash {}.\n\
         ; One transaction per money event, dated with its effective date; its sequence and\n\
         ; hash are in its comment. Accounts: garden:ID, big-garden, member:ID, outside.\n\
         ; UTF-8 text: read it in a UTF-8 locale (LANG=C.UTF-8 hledger -f FILE ...).\n\n",
        head.sequence,
        hex_hash(&head.hash)
    )
    .map_err(io)?;
    for currency in &currencies {
        out.write_all(commodity(currency).as_bytes()).map_err(io)?;
    }
    let declared: std::collections::BTreeMap<_, _> =
        currencies.iter().map(|c| (c.code.clone(), c)).collect();
    let mut written = 0_u64;
    for record in crate::log_through(ledger, head.sequence) {
        let record = record?;
        let postings = record.event.postings();
        if postings.is_empty() || keep.as_mut().is_some_and(|keep| !keep(&record)) {
            continue;
        }
        let mut text = format!(
            "{} * ({}) {}\n    ; seq: {}\n    ; hash: {}\n",
            record.event.on.format("%Y-%m-%d"),
            record.sequence,
            description(&record.event),
            record.sequence,
            hex_hash(&record.hash)
        );
        if let Some((key, user)) = user_text(&record.event) {
            text.push_str(&comment_lines(key, user));
        }
        for posting in &postings {
            let currency = declared.get(&posting.currency).ok_or_else(|| {
                crate::inconsistent(format!(
                    "entry {} moves {}, a currency never declared",
                    record.sequence, posting.currency
                ))
            })?;
            text.push_str(&format!(
                "    {}  {} {}\n",
                posting.account,
                currency.format(posting.amount),
                symbol(&posting.currency)
            ));
        }
        text.push('\n');
        out.write_all(text.as_bytes()).map_err(io)?;
        written += 1;
    }
    out.flush().map_err(io)?;
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_text_cannot_leave_its_comment_lines() {
        let hostile = "ok\n2026-01-01 * stolen\n    garden:x  100 EUR\n[2020/01/01] bar:: 1/0\u{2028}include /etc/passwd";
        let lines = comment_lines("note", hostile);
        for line in lines.lines() {
            assert!(
                line.starts_with("    ; note: ") || line.starts_with("    ; ... "),
                "{line:?}"
            );
            assert!(!line.contains('[') && !line.contains(']'));
        }
        assert_eq!(lines.lines().count(), 5);
        assert!(lines.contains("    ; ... (2020/01/01) bar:: 1/0\n"));
    }

    #[test]
    fn long_text_is_wrapped_and_blank_text_dropped() {
        let long = "x".repeat(450);
        assert_eq!(comment_lines("note", &long).lines().count(), 3);
        assert_eq!(comment_lines("note", "a\n\n"), "    ; note: a\n");
    }

    #[test]
    fn commodities_are_quoted_when_they_hold_digits() {
        assert_eq!(symbol(&"EUR".parse().unwrap()), "EUR");
        assert_eq!(symbol(&"G1".parse().unwrap()), "\"G1\"");
        let euro = Currency::euro();
        assert_eq!(
            commodity(&euro),
            "; EUR: Euro, 2 decimal places\ncommodity EUR\n    format 1000.00 EUR\n\n"
        );
    }
}
