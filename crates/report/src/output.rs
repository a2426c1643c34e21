//! Shared output helpers: amounts as text, tables, CSV cells that a spreadsheet cannot run.

use comfy_table::{presets::UTF8_FULL_CONDENSED, Cell, CellAlignment, ContentArrangement, Table};
use jardins_ledger::Currency;
use rust_decimal::Decimal;

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

/// A table with the house style: condensed borders, no dependence on the terminal's width;
/// the columns from `right_aligned_from` on (amounts) are aligned right.
pub fn table(header: &[&str], right_aligned_from: usize) -> Table {
    let right: Vec<usize> = (right_aligned_from..header.len()).collect();
    table_aligned(header, &right)
}

/// A table whose columns `right_aligned` (amounts) are aligned right.
pub fn table_aligned(header: &[&str], right_aligned: &[usize]) -> Table {
    let mut table = Table::new();
    table
        .load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header(header.iter().map(Cell::new));
    for index in right_aligned {
        if let Some(column) = table.column_mut(*index) {
            column.set_cell_alignment(CellAlignment::Right);
        }
    }
    table
}

/// Whether `cell` is a plain decimal number such as `-30.00` or `12`: a spreadsheet reads it as
/// a number, never as a formula, so it is left as it is.
fn is_plain_number(cell: &str) -> bool {
    let digits = cell.strip_prefix('-').unwrap_or(cell);
    let mut parts = digits.splitn(2, '.');
    let whole = parts.next().unwrap_or_default();
    let fraction = parts.next();
    let all_digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    all_digits(whole) && fraction.is_none_or(all_digits)
}

/// Neutralises a CSV cell against formula injection: a cell beginning with `=`, `+`, `-`, `@`,
/// a tab or a carriage return gets a leading single quote, so a spreadsheet shows it as text.
/// A plain number such as `-30.00` is not a formula and stays as it is, so negative amounts
/// remain numbers a spreadsheet can add up.
pub fn csv_cell(cell: &str) -> String {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && !is_plain_number(cell) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

/// Writes rows as CSV (RFC 4180 quoting by the csv crate), every cell neutralised.
pub fn csv(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let mut write = |record: Vec<String>| {
        // Writing to a Vec cannot fail for IO reasons; a failure would be a bug in the csv crate.
        writer
            .write_record(record.iter().map(|c| csv_cell(c)))
            .expect("writing CSV to memory");
    };
    write(header.iter().map(|h| h.to_string()).collect());
    for row in rows {
        debug_assert_eq!(
            row.len(),
            header.len(),
            "every CSV row has the header's cells"
        );
        write(row.clone());
    }
    let bytes = writer.into_inner().expect("flushing CSV to memory");
    String::from_utf8(bytes).expect("CSV of UTF-8 cells is UTF-8")
}

/// Most characters in a line of explanation above or below a table.
pub const TEXT_WIDTH: usize = 100;

/// `text` broken into lines of at most `width` characters at spaces (a longer word stays
/// whole), each ending with a newline.
pub fn wrap(text: &str, width: usize) -> String {
    let mut lines = String::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
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
