//! Shared output helpers: amounts as text, tables, CSV cells that a spreadsheet cannot run.
//!
//! Tables are for people and speak their language: every word in them is a message of the
//! catalog (`report-…` in `crates/text/locales/*/report.ftl`), and amounts and dates are written
//! as that language writes them (`amount_in`, `money_in`, `Text::date`). JSON and CSV are for
//! programs: they keep the ledger's forms (`amount`, ISO dates) and never take a `Text`.

use jardins_ledger::{Currency, Value};
use jardins_text::{Lang, Text};
use rust_decimal::Decimal;

use crate::table::Table;

/// The English catalog: what `render` writes when no language is given.
pub fn english() -> Text {
    Text::new(Lang::En)
}

/// A value said as it is written (an id, a name, a figure already formatted).
pub fn arg(value: impl std::fmt::Display) -> Value {
    Value::Text(value.to_string())
}

/// The message `id` of the reports, with these values.
pub fn say(t: Text, id: &str, args: &[(&str, Value)]) -> String {
    t.message(id, args)
}

/// An amount with exactly its currency's places, as `t`'s language writes it in a table:
/// `-1234.50` in English (as `amount`), `-1 234,50` in French.
pub fn amount_in(t: Text, currency: &Currency, value: Decimal) -> String {
    let plain = amount(currency, value);
    match t.lang() {
        Lang::En => plain,
        // `plain` is a decimal the currency wrote; reading it back keeps its places.
        Lang::Fr => plain
            .parse::<Decimal>()
            .map_or_else(|_| plain.clone(), |exact| t.decimal(exact)),
    }
}

/// An amount with its currency, as `t`'s language writes it: `-30.00 EUR`, `-30,00 €`.
pub fn money_in(t: Text, currency: &Currency, value: Decimal) -> String {
    match t.lang() {
        Lang::En => money(currency, value),
        Lang::Fr => {
            let plain = amount(currency, value);
            plain
                .parse::<Decimal>()
                .map_or_else(|_| plain.clone(), |exact| t.money(exact, &currency.code))
        }
    }
}

/// The column heads of a table, in `t`'s language, from their message ids.
pub fn heads(t: Text, ids: &[&str]) -> Vec<String> {
    ids.iter().map(|id| say(t, id, &[])).collect()
}

/// `arrears 30.00` / `advance 10.00` / `settled`, in `t`'s language.
pub fn standing_text_in(t: Text, currency: &Currency, difference: Decimal) -> String {
    let id = match standing(difference) {
        "settled" => return say(t, "report-settled", &[]),
        "arrears" => "report-arrears",
        _ => "report-advance",
    };
    say(
        t,
        id,
        &[("amount", arg(amount_in(t, currency, difference.abs())))],
    )
}

/// A garden's kind as `t`'s language writes it: `local (Paris)`, `thematic (Clown)`,
/// `organisation (Acme), members only`.
pub fn kind_in(t: Text, kind: &jardins_ledger::GardenKind) -> String {
    use jardins_ledger::GardenKind;
    let (id, name) = match kind {
        GardenKind::Local { territory } => ("report-kind-local", territory.to_string()),
        GardenKind::Thematic { theme } => ("report-kind-thematic", theme.to_string()),
        GardenKind::Organisation { organisation } => {
            ("report-kind-organisation", organisation.to_string())
        }
    };
    say(t, id, &[("name", arg(name))])
}

/// A flow kind's words in a table (`contributions from members`).
pub fn flow_in(t: Text, kind: jardins_ledger::FlowKind) -> String {
    say(
        t,
        &format!("report-flow-{}", crate::kind_key(kind).replace('_', "-")),
        &[],
    )
}

/// A cadence's word in a table (`monthly`).
pub fn cadence_in(t: Text, cadence: jardins_ledger::Cadence) -> String {
    say(t, &format!("report-cadence-{}", cadence.as_str()), &[])
}

/// A mode's word in a table (`fixed`).
pub fn mode_in(t: Text, mode: jardins_ledger::Mode) -> String {
    say(t, &format!("report-mode-{}", mode.as_str()), &[])
}

/// An amount with exactly its currency's decimal places, as JSON and CSV carry it: `-30.00`.
/// A zero is always written without a sign (a negated zero would print as `-0.00`).
pub fn amount(currency: &Currency, value: Decimal) -> String {
    let value = if value.is_zero() {
        Decimal::ZERO
    } else {
        value
    };
    currency.format(value)
}

/// An amount with its currency, for people: `-30.00 EUR`.
pub fn money(currency: &Currency, value: Decimal) -> String {
    format!("{} {}", amount(currency, value), currency.code)
}

/// Whether the running difference is arrears, advance or neither.
pub fn standing(difference: Decimal) -> &'static str {
    if difference.is_sign_negative() && !difference.is_zero() {
        "arrears"
    } else if difference.is_zero() {
        "settled"
    } else {
        "advance"
    }
}

/// `arrears 30.00` / `advance 10.00` / `settled`, for tables.
pub fn standing_text(currency: &Currency, difference: Decimal) -> String {
    match standing(difference) {
        "settled" => "settled".to_string(),
        word => format!("{word} {}", currency.format(difference.abs())),
    }
}

/// A table with the house style (`table.rs`): condensed borders, no dependence on the
/// terminal's width; the columns from `right_aligned_from` on (amounts) are aligned right.
pub fn table(header: &[impl AsRef<str>], right_aligned_from: usize) -> Table {
    let right: Vec<usize> = (right_aligned_from..header.len()).collect();
    table_aligned(header, &right)
}

/// A table whose columns `right_aligned` (amounts) are aligned right.
pub fn table_aligned(header: &[impl AsRef<str>], right_aligned: &[usize]) -> Table {
    let mut table = Table::new(header.iter().map(|head| head.as_ref().to_string()));
    for index in right_aligned {
        table.align_right(*index);
    }
    table
}

/// Whether `cell` is a plain decimal number such as `-30.00` or `12`: a spreadsheet reads it as
/// a number, never as a formula.
fn is_plain_number(cell: &str) -> bool {
    let digits = cell.strip_prefix('-').unwrap_or(cell);
    let mut parts = digits.splitn(2, '.');
    let whole = parts.next().unwrap_or_default();
    let fraction = parts.next();
    let all_digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    all_digits(whole) && fraction.is_none_or(all_digits)
}

/// Whether a CSV column, by its header, holds a person's text (a name, a note, a reason, the
/// summary of an entry) rather than a value the program formats itself (an amount, a date, an
/// id, a count). Every CSV the program writes names its columns so.
pub fn is_text_column(header: &str) -> bool {
    matches!(header, "name" | "note" | "reason" | "summary") || header.ends_with("_name")
}

/// Neutralises a CSV cell of a column of figures against formula injection: a cell beginning
/// with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading single quote, so a
/// spreadsheet shows it as text; a plain number such as `-30.00`, which the program formatted
/// and no spreadsheet runs, stays as it is, so negative amounts remain numbers to add up.
pub fn csv_cell(cell: &str) -> String {
    csv_cell_in(cell, false)
}

/// Neutralises a CSV cell; in a column of a person's text (`text`), even a cell that reads as a
/// number (a note `-40`) is neutralised: text typed by a person is never a figure.
pub fn csv_cell_in(cell: &str, text: bool) -> String {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && (text || !is_plain_number(cell)) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

/// Writes rows as CSV (RFC 4180 quoting by the csv crate), every cell neutralised: the one
/// writer of every CSV the program prints. Columns of a person's text are told by their header
/// (`is_text_column`).
pub fn csv<R: AsRef<[String]>>(header: &[&str], rows: impl IntoIterator<Item = R>) -> String {
    let text: Vec<bool> = header.iter().map(|h| is_text_column(h)).collect();
    let mut writer = csv::Writer::from_writer(Vec::new());
    // Writing to a Vec cannot fail for IO reasons; a failure would be a bug in the csv crate.
    writer
        .write_record(header.iter().map(|h| csv_cell_in(h, true)))
        .expect("writing CSV to memory");
    for row in rows {
        let row = row.as_ref();
        debug_assert_eq!(
            row.len(),
            header.len(),
            "every CSV row has the header's cells"
        );
        writer
            .write_record(
                row.iter()
                    .zip(&text)
                    .map(|(cell, text)| csv_cell_in(cell, *text)),
            )
            .expect("writing CSV to memory");
    }
    let bytes = writer.into_inner().expect("flushing CSV to memory");
    String::from_utf8(bytes).expect("CSV of UTF-8 cells is UTF-8")
}

/// The byte-order mark that tells a spreadsheet the file is UTF-8.
pub const UTF8_BOM: &str = "\u{feff}";

/// The same CSV as a French spreadsheet opens it by a double click: `;` between cells, a
/// decimal comma in the numbers of columns of figures (`-30,00`), UTF-8 with a byte-order mark.
/// Cells are the ones `csv` wrote, already neutralised; text columns are left as they are (a
/// note `12.50` stays what the person typed).
pub fn csv_french(plain: &str) -> Result<String, csv::Error> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(false)
        .from_reader(plain.as_bytes());
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(UTF8_BOM.as_bytes().to_vec());
    let mut text_columns: Option<Vec<bool>> = None;
    for record in reader.records() {
        let record = record?;
        match &text_columns {
            None => {
                text_columns = Some(record.iter().map(is_text_column).collect());
                writer.write_record(&record)?;
            }
            Some(text) => {
                let cells = record.iter().zip(text).map(|(cell, text)| {
                    if !text && is_plain_number(cell) {
                        cell.replace('.', ",")
                    } else {
                        cell.to_string()
                    }
                });
                writer.write_record(cells)?;
            }
        }
    }
    let bytes = writer
        .into_inner()
        .map_err(|error| csv::Error::from(error.into_error()))?;
    Ok(String::from_utf8(bytes).expect("CSV of UTF-8 cells is UTF-8"))
}

/// Most characters in a line of explanation above or below a table.
pub const TEXT_WIDTH: usize = 100;

/// `text` broken into lines of at most `width` characters at spaces (a longer word stays
/// whole), each ending with a newline.
pub fn wrap(text: &str, width: usize) -> String {
    let mut lines = String::new();
    let mut line = String::new();
    // At ASCII spaces only: French keeps its no-break spaces (before `:`, inside amounts).
    for word in text.split_ascii_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push_str(&line);
            lines.push('\n');
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push_str(&line);
        lines.push('\n');
    }
    lines
}

/// A JSON document, pretty-printed, ending with a newline.
pub fn json(value: &serde_json::Value) -> String {
    let mut text = serde_json::to_string_pretty(value).expect("a JSON value always serialises");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_neutralised_and_negative_amounts_stay_numbers() {
        assert_eq!(csv_cell("=1+1"), "'=1+1");
        assert_eq!(csv_cell("+33 6"), "'+33 6");
        assert_eq!(csv_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(
            csv_cell("-2+3+cmd|' /C calc'!A0"),
            "'-2+3+cmd|' /C calc'!A0"
        );
        assert_eq!(csv_cell("\t=1"), "'\t=1");
        assert_eq!(csv_cell("-30.00"), "-30.00");
        assert_eq!(csv_cell("-30"), "-30");
        assert_eq!(csv_cell("-"), "'-");
        assert_eq!(csv_cell("-.5"), "'-.5");
        assert_eq!(csv_cell("30.00"), "30.00");
        assert_eq!(csv_cell("Jardin de Paris"), "Jardin de Paris");
    }

    #[test]
    fn a_person_s_text_is_neutralised_even_when_it_reads_as_a_number() {
        // Given a row with an amount and a note that both read -40, when written as CSV, then
        // the amount stays a number and the note becomes text.
        let text = csv(&["amount", "note"], &[vec!["-40.00".into(), "-40".into()]]);
        assert_eq!(text, "amount,note\n-40.00,'-40\n");
        let text = csv(&["garden_name"], &[vec!["=HYPERLINK(\"x\")".into()]]);
        assert_eq!(text, "garden_name\n\"'=HYPERLINK(\"\"x\"\")\"\n");
    }

    #[test]
    fn the_french_form_has_semicolons_decimal_commas_and_a_byte_order_mark() {
        // Given a plain CSV with figures, a text that reads as a number and a cell with a `;`,
        let plain = csv(
            &["amount", "count", "note", "date"],
            &[vec![
                "-30.00".into(),
                "12".into(),
                "12.50; cash".into(),
                "2026-01-31".into(),
            ]],
        );
        // when it is turned French, then figures take a decimal comma, the text does not, a
        // cell holding `;` is quoted, and the file starts with the BOM.
        assert_eq!(
            csv_french(&plain).unwrap(),
            "\u{feff}amount;count;note;date\n-30,00;12;\"12.50; cash\";2026-01-31\n"
        );
    }

    #[test]
    fn csv_quotes_commas_and_newlines() {
        let text = csv(&["a", "b"], &[vec!["x,y".into(), "line\nbreak".into()]]);
        assert_eq!(text, "a,b\n\"x,y\",\"line\nbreak\"\n");
    }

    #[test]
    fn text_is_wrapped_at_spaces() {
        assert_eq!(wrap("one two three", 7), "one two\nthree\n");
        assert_eq!(wrap("a verylongword b", 4), "a\nverylongword\nb\n");
        assert_eq!(wrap("", 10), "");
    }

    #[test]
    fn standings_name_the_sign() {
        let euro = Currency::euro();
        assert_eq!(standing_text(&euro, Decimal::from(-30)), "arrears 30.00");
        assert_eq!(standing_text(&euro, Decimal::from(10)), "advance 10.00");
        assert_eq!(standing_text(&euro, Decimal::ZERO), "settled");
        assert_eq!(money(&euro, Decimal::from(-3)), "-3.00 EUR");
        assert_eq!(amount(&euro, -Decimal::ZERO), "0.00");
    }
}
