//! `export beancount`: the whole ledger as a file that beancount 3 (`bean-check`, `bean-query`,
//! Fava) and rustledger read. One transaction per money event, dated with its effective date,
//! its entry number and hash as metadata (`seq`, `hash`); a reversal and the entry it undoes
//! share the link `^entry-N` (N the entry undone) and name each other (`reverses`,
//! `reversed-by`).
//!
//! Names. Beancount accepts only account names of the form `Root:Component:…`, each component
//! beginning with a capital letter or a digit, then letters, digits and dashes. A jardins id is
//! a lowercase slug (`a-z`, `0-9`, `-`), so every id fits once its first letter is capitalised,
//! and the mapping is one to one (ids hold no capital):
//!
//! | jardins | beancount |
//! | --- | --- |
//! | `garden:ID` | `Assets:Gardens:Id` (`garden:2cv-club` is `Assets:Gardens:2cv-club`) |
//! | `big-garden` | `Assets:BigGarden` |
//! | `member:ID` | `Income:Members:Id` (paying a garden makes it negative, as income is in beancount) |
//! | `outside` | `Income:Outside` (takings come from it, expenses go to it) |
//!
//! A currency code (2 to 8 capitals and digits, a capital first) is a valid beancount
//! commodity as it stands, except the three words beancount's grammar reserves: `TRUE`, `FALSE`
//! and `NULL` are written `TRUE_J`, `FALSE_J` and `NULL_J` (no jardins code holds `_`, so no
//! other code can collide), with the jardins code in the commodity's `code` metadata.
//!
//! Text. Names, notes and reasons only ever appear inside quoted strings, escaped: `\` as `\\`,
//! `"` as `\"`, a newline as `\n`, a tab as `\t`, a carriage return as `\r`; any other control
//! character (the domain refuses them, this is a second guard) becomes U+FFFD. Escaping the
//! newlines keeps every string on one line, under beancount's limit of 64 lines a string.
//!
//! Beancount reads directives in any order: the commodities and the accounts, each opened on
//! the day of its first entry (a garden on the day it opened, if earlier), are written after
//! the transactions, in the same single read of the log. A closed garden's account is closed on
//! the day it closed, or on the day of its last entry if a correction reached it later.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;

use chrono::{Datelike, NaiveDate};
use jardins_ledger::{Account, Currency, CurrencyCode, CurrencyKind, EventKind};
use jardins_store::Ledger;

use crate::journal::{description, user_text};
use crate::{currency_order, hex_hash, ReportError};

/// The words beancount's lexer reads as values, not commodities.
const RESERVED_COMMODITIES: [&str; 3] = ["TRUE", "FALSE", "NULL"];

/// Beancount dates go through Python's `datetime.date`: years 1 to 9999.
const MAX_YEAR: i32 = 9999;

/// The beancount account of a jardins account (table in the module's documentation).
pub fn account_name(account: &Account) -> String {
    match account {
        Account::Garden(id) => format!("Assets:Gardens:{}", component(id.as_str())),
        Account::BigGarden => "Assets:BigGarden".to_string(),
        Account::Member(id) => format!("Income:Members:{}", component(id.as_str())),
        Account::Outside => "Income:Outside".to_string(),
    }
}

/// An id as one component of an account name: its first letter capitalised.
fn component(id: &str) -> String {
    let mut chars = id.chars();
    let mut out: String = chars
        .next()
        .map(|c| c.to_ascii_uppercase())
        .into_iter()
        .collect();
    out.extend(chars);
    assert!(
        is_component(&out),
        "an id is a slug, which fits an account name: {out:?}"
    );
    out
}

/// Beancount's `ACCOUNTNAME` (ASCII part): a capital or a digit, then letters, digits, dashes.
fn is_component(text: &str) -> bool {
    let mut bytes = text.bytes();
    bytes
        .next()
        .is_some_and(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// The beancount commodity of a jardins currency code (module documentation).
pub fn commodity_name(code: &CurrencyCode) -> String {
    let code = code.as_str();
    let name = if RESERVED_COMMODITIES.contains(&code) {
        format!("{code}_J")
    } else {
        code.to_string()
    };
    assert!(
        is_commodity(&name),
        "a currency code fits a commodity: {name:?}"
    );
    name
}

/// Beancount's `CURRENCY` token, less its slash form, and not a reserved word: a capital, then
/// capitals, digits and `'._-`, ending with a capital or a digit; 2 characters at least (a
/// lone capital is read as a flag).
fn is_commodity(text: &str) -> bool {
    let bytes = text.as_bytes();
    let inner = |b: &u8| b.is_ascii_uppercase() || b.is_ascii_digit() || b"'._-".contains(b);
    bytes.len() >= 2
        && bytes[0].is_ascii_uppercase()
        && bytes.iter().all(inner)
        && bytes
            .last()
            .is_some_and(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        && !RESERVED_COMMODITIES.contains(&text)
}

/// `text` as a beancount string literal, quotes included (module documentation).
pub fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn date(on: NaiveDate, sequence: u64) -> Result<String, ReportError> {
    if !(1..=MAX_YEAR).contains(&on.year()) {
        return Err(crate::inconsistent(format!(
            "entry {sequence} is dated {on}, outside the years 1 to {MAX_YEAR} beancount reads"
        )));
    }
    Ok(on.format("%Y-%m-%d").to_string())
}

/// The first and last day an account is posted to.
#[derive(Clone, Copy)]
struct Span {
    first: NaiveDate,
    last: NaiveDate,
}

impl Span {
    fn widen(span: &mut Option<Span>, on: NaiveDate) {
        *span = Some(match *span {
            None => Span {
                first: on,
                last: on,
            },
            Some(s) => Span {
                first: s.first.min(on),
                last: s.last.max(on),
            },
        });
    }
}

/// The commodity directive, with the currency's name, kind and decimal places as metadata.
fn commodity(currency: &Currency, on: &str) -> String {
    let name = commodity_name(&currency.code);
    let kind = match currency.kind {
        CurrencyKind::Euro => "euro",
        CurrencyKind::Complementary => "complementary",
    };
    let mut text = format!(
        "\n{on} commodity {name}\n  name: {}\n  kind: \"{kind}\"\n  decimal-places: {}\n",
        quoted(currency.name.as_str()),
        currency.decimal_places
    );
    if name != currency.code.as_str() {
        text.push_str(&format!("  code: {}\n", quoted(currency.code.as_str())));
    }
    text
}

/// Writes the whole ledger as a beancount file to `out`; returns the number of transactions
/// written.
pub fn beancount(ledger: &Ledger, out: &mut dyn Write) -> Result<u64, ReportError> {
    let io = |source: std::io::Error| ReportError::Io {
        what: "the beancount file".to_string(),
        source,
    };
    let mut out = std::io::BufWriter::new(out);
    let head = ledger.head();
    let mut currencies = ledger.currencies()?;
    currencies.sort_by(|a, b| currency_order(&a.code, &b.code));
    let declared: BTreeMap<CurrencyCode, &Currency> =
        currencies.iter().map(|c| (c.code.clone(), c)).collect();
    let mut commodity_names = BTreeSet::new();
    for currency in &currencies {
        // Two codes on one commodity would merge their balances.
        assert!(commodity_names.insert(commodity_name(&currency.code)));
    }
    write!(
        out,
        "; Beancount file of a jardins ledger: {} events, head hash {}.\n\
         ; One transaction per money event, dated with its effective date, its entry number\n\
         ; (seq) and hash as metadata; a reversal and the entry it undoes share ^entry-N.\n\
         ; Accounts: Assets:Gardens:Id (garden:id), Assets:BigGarden (big-garden),\n\
         ; Income:Members:Id (member:id), Income:Outside (outside); an id's first letter\n\
         ; is capitalised. Commodities and accounts are declared after the transactions.\n\n\
         option \"title\" {}\n\
         option \"operating_currency\" \"EUR\"\n\n",
        head.sequence,
        hex_hash(&head.hash),
        quoted(&format!("jardins: {} events", head.sequence)),
    )
    .map_err(io)?;

    let mut spans: BTreeMap<Account, Option<Span>> = BTreeMap::new();
    let mut declared_on: BTreeMap<CurrencyCode, NaiveDate> = BTreeMap::new();
    let mut first_use: BTreeMap<CurrencyCode, NaiveDate> = BTreeMap::new();
    let mut written = 0_u64;
    for record in crate::log_through(ledger, head.sequence) {
        let record = record?;
        let event = &record.event;
        if let EventKind::CurrencyDeclared { currency } = &event.kind {
            declared_on.entry(currency.code.clone()).or_insert(event.on);
        }
        let postings = event.postings();
        if postings.is_empty() {
            continue;
        }
        let on = date(event.on, record.sequence)?;
        let reverses = match &event.kind {
            EventKind::EntryReversed { entry, .. } => Some(*entry),
            _ => None,
        };
        let reversed_by = ledger
            .reversed_by(record.sequence)?
            .filter(|by| *by <= head.sequence);
        // The link is named after the entry undone: the reversal carries its target's, the
        // entry undone its own (an entry may be both, if a reversal is itself undone).
        let mut links = String::new();
        if let Some(entry) = reverses {
            links.push_str(&format!(" ^entry-{entry}"));
        }
        if reversed_by.is_some() {
            links.push_str(&format!(" ^entry-{}", record.sequence));
        }
        let mut text = format!(
            "{on} * {}{links}\n  seq: {}\n  hash: \"{}\"\n",
            quoted(&description(event)),
            record.sequence,
            hex_hash(&record.hash)
        );
        if let Some(entry) = reverses {
            text.push_str(&format!("  reverses: {entry}\n"));
        }
        if let Some(by) = reversed_by {
            text.push_str(&format!("  reversed-by: {by}\n"));
        }
        if let Some((key, user)) = user_text(event) {
            text.push_str(&format!("  {key}: {}\n", quoted(user)));
        }
        for posting in &postings {
            let currency = declared.get(&posting.currency).ok_or_else(|| {
                crate::inconsistent(format!(
                    "entry {} moves {}, a currency never declared",
                    record.sequence, posting.currency
                ))
            })?;
            Span::widen(spans.entry(posting.account.clone()).or_default(), event.on);
            first_use
                .entry(posting.currency.clone())
                .and_modify(|first| *first = (*first).min(event.on))
                .or_insert(event.on);
            text.push_str(&format!(
                "  {}  {} {}\n",
                account_name(&posting.account),
                currency.format(posting.amount),
                commodity_name(&posting.currency)
            ));
        }
        text.push('\n');
        out.write_all(text.as_bytes()).map_err(io)?;
        written += 1;
    }

    // The declarations, now that every account's first day is known.
    let mut text = String::from("; Commodities: the currencies declared in the ledger.\n");
    for currency in &currencies {
        // A currency is declared on the day its event took effect, or on the day of its first
        // entry if that is earlier (a payment dated before the ledger was created, say).
        let declared = declared_on.get(&currency.code).copied().ok_or_else(|| {
            crate::inconsistent(format!(
                "the currency {} has no CurrencyDeclared entry in the log",
                currency.code
            ))
        })?;
        let on = first_use
            .get(&currency.code)
            .map_or(declared, |first| declared.min(*first));
        text.push_str(&commodity(currency, &date(on, head.sequence)?));
    }
    out.write_all(text.as_bytes()).map_err(io)?;

    let gardens = ledger.gardens()?;
    let people: BTreeMap<_, _> = ledger.people()?.into_iter().collect();
    for (id, garden) in &gardens {
        let span = spans.entry(Account::Garden(id.clone())).or_default();
        Span::widen(span, garden.opened_on);
    }
    let mut text = String::from(
        "\n; Accounts, each opened on the day of its first entry (a garden's on the day it\n\
         ; opened, if earlier).\n",
    );
    let garden_state: BTreeMap<_, _> = gardens.iter().map(|(id, g)| (id, g)).collect();
    for (account, span) in &spans {
        let Some(span) = span else { continue };
        let name = match account {
            Account::Garden(id) => garden_state.get(id).map(|g| g.name.as_str()),
            Account::Member(id) => people.get(id).map(|p| p.name.as_str()),
            Account::BigGarden => Some("big garden"),
            Account::Outside => Some("outside the community"),
        };
        text.push_str(&format!(
            "\n{} open {}\n  jardins: {}\n",
            date(span.first, head.sequence)?,
            account_name(account),
            quoted(&account.to_string())
        ));
        if let Some(name) = name {
            text.push_str(&format!("  name: {}\n", quoted(name)));
        }
    }
    for (id, garden) in &gardens {
        let Some(closed_on) = garden.closed_on else {
            continue;
        };
        let last = spans
            .get(&Account::Garden(id.clone()))
            .copied()
            .flatten()
            .map_or(closed_on, |s| s.last.max(closed_on));
        text.push_str(&format!(
            "\n{} close {}\n  closed-on: {}\n",
            date(last, head.sequence)?,
            account_name(&Account::Garden(id.clone())),
            quoted(&closed_on.to_string())
        ));
    }
    out.write_all(text.as_bytes()).map_err(io)?;
    out.flush().map_err(io)?;
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_id_gives_an_account_component_and_distinct_ids_distinct_accounts() {
        let ids = ["paris", "2cv-club", "a", "clown-gouvernance-2", "z9"];
        let mut names = BTreeSet::new();
        for id in ids {
            let garden = Account::Garden(id.parse().unwrap());
            let name = account_name(&garden);
            let last = name.rsplit(':').next().unwrap();
            assert!(is_component(last), "{name}");
            assert!(names.insert(name));
        }
        assert!(names.contains("Assets:Gardens:Paris"));
        assert!(names.contains("Assets:Gardens:2cv-club"));
        assert_eq!(
            account_name(&"member:camille".parse().unwrap()),
            "Income:Members:Camille"
        );
        assert!(!is_component("paris") && !is_component("-x") && !is_component(""));
    }

    #[test]
    fn reserved_words_are_renamed_and_other_codes_kept() {
        for (code, name) in [
            ("EUR", "EUR"),
            ("G1", "G1"),
            ("TRUE", "TRUE_J"),
            ("FALSE", "FALSE_J"),
            ("NULL", "NULL_J"),
        ] {
            assert_eq!(commodity_name(&code.parse().unwrap()), name);
        }
        assert!(!is_commodity("TRUE") && !is_commodity("A") && !is_commodity("AB_"));
        assert!(is_commodity("TRUE_J") && is_commodity("A1B2C3D4"));
    }

    #[test]
    fn text_cannot_leave_its_string() {
        let hostile = "a \"b\" c\\\nd\t\r\u{7}\u{85}\u{2028}";
        assert_eq!(
            quoted(hostile),
            "\"a \\\"b\\\" c\\\\\\nd\\t\\r\u{FFFD}\u{FFFD}\u{2028}\""
        );
        let escaped = quoted("x\\\"\n2026-01-01 open Assets:Stolen");
        assert_eq!(escaped.lines().count(), 1);
        assert_eq!(escaped, "\"x\\\\\\\"\\n2026-01-01 open Assets:Stolen\"");
    }
}
