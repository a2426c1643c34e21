//! The reports' tables for people: aligned columns between condensed UTF-8 borders.
//!
//! The layout is comfy-table 7's with the `UTF8_FULL_CONDENSED` preset and its content
//! arrangement disabled, written straight into one string: the audit of every garden lays out
//! over a hundred thousand lines, and comfy-table's pass over every cell (a string for each line
//! of each cell, padded, then joined) was about a fifth of that report's time (BENCHMARKS.md).
//! `tests/table_layout.rs` checks, on generated tables, that both write the same bytes.
//!
//! A column is as wide as its widest line (in terminal columns, `unicode-width`), at least one,
//! plus a space on each side; a cell holding line breaks takes as many lines, the others are
//! left blank below it; a row shorter than the header is filled with blank cells. Nothing is
//! cut or wrapped: the report chooses what goes in a cell (notes are shortened to an excerpt).

use std::fmt;

use unicode_width::UnicodeWidthStr;

/// The borders (`UTF8_FULL_CONDENSED`): no line between rows, a double line under the header.
const TOP: (&str, &str, &str, &str) = ("┌", "─", "┬", "┐");
const HEADER_RULE: (&str, &str, &str, &str) = ("╞", "═", "╪", "╡");
const BOTTOM: (&str, &str, &str, &str) = ("└", "─", "┴", "┘");
const LEFT: &str = "│";
const BETWEEN: &str = "┆";
const RIGHT: &str = "│";

/// Most terminal columns a column is laid out to: comfy-table keeps widths in a `u16`.
const MAX_COLUMN_WIDTH: usize = u16::MAX as usize;

/// A table: a header, rows of cells, and which columns are aligned right (amounts).
#[derive(Debug, Clone, Default)]
pub struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
    right: Vec<bool>,
}

impl Table {
    /// A table with this header and no rows; every column aligned left.
    pub fn new(header: impl IntoIterator<Item = impl Into<String>>) -> Self {
        let header: Vec<String> = header.into_iter().map(Into::into).collect();
        let right = vec![false; header.len()];
        Table {
            header,
            rows: Vec::new(),
            right,
        }
    }

    /// Adds a row; a row longer than the header adds columns (aligned left).
    pub fn add_row(&mut self, row: impl IntoIterator<Item = impl Into<String>>) -> &mut Self {
        let row: Vec<String> = row.into_iter().map(Into::into).collect();
        if row.len() > self.right.len() {
            self.right.resize(row.len(), false);
        }
        self.rows.push(row);
        self
    }

    /// Aligns the column `index` right, header included, if the table has that column.
    pub fn align_right(&mut self, index: usize) -> &mut Self {
        if let Some(right) = self.right.get_mut(index) {
            *right = true;
        }
        self
    }

    /// How many rows were added (the header not counted).
    pub fn row_count(&self) -> usize {
        self.rows.len()
    }

    fn all_rows(&self) -> impl Iterator<Item = &Vec<String>> {
        std::iter::once(&self.header).chain(self.rows.iter())
    }

    /// Each column's content width: its widest line, at least 1.
    fn widths(&self) -> Vec<usize> {
        let mut widths = vec![1; self.right.len()];
        for row in self.all_rows() {
            for (width, cell) in widths.iter_mut().zip(row) {
                let widest = cell.split('\n').map(str::width).max().unwrap_or(0);
                *width = (*width).max(widest.min(MAX_COLUMN_WIDTH));
            }
        }
        widths
    }

    /// Writes the whole table into `out`, without a line break after its last line.
    pub fn write_into(&self, out: &mut String) {
        let widths = self.widths();
        // Bytes: each line holds its padded widths and a border of at most 3 bytes per column.
        let line_bytes: usize = widths.iter().map(|w| w + 2 + 3).sum::<usize>() + 4;
        out.reserve(line_bytes.saturating_mul(self.rows.len() + 4));
        rule(out, &widths, TOP);
        out.push('\n');
        self.write_row(out, &self.header, &widths);
        rule(out, &widths, HEADER_RULE);
        out.push('\n');
        for row in &self.rows {
            self.write_row(out, row, &widths);
        }
        rule(out, &widths, BOTTOM);
    }

    /// Writes one row: as many lines as its tallest cell, each ending with a line break.
    fn write_row(&self, out: &mut String, row: &[String], widths: &[usize]) {
        let height = row
            .iter()
            .map(|cell| cell.split('\n').count())
            .max()
            .unwrap_or(1)
            .max(1);
        if height == 1 {
            self.write_line(out, widths, |column| {
                Some(row.get(column).map_or("", String::as_str))
            });
        } else {
            let mut lines: Vec<std::str::Split<'_, char>> =
                row.iter().map(|cell| cell.split('\n')).collect();
            for _ in 0..height {
                let parts: Vec<Option<&str>> = lines.iter_mut().map(Iterator::next).collect();
                self.write_line(out, widths, |column| parts.get(column).copied().flatten());
            }
        }
    }

    /// Writes one line of a row; `part(column)` is that cell's text on this line (`None`: a
    /// cell with fewer lines, or no cell, left blank).
    fn write_line<'a>(
        &self,
        out: &mut String,
        widths: &[usize],
        part: impl Fn(usize) -> Option<&'a str>,
    ) {
        out.push_str(LEFT);
        for (column, &width) in widths.iter().enumerate() {
            if column > 0 {
                out.push_str(BETWEEN);
            }
            let text = part(column).unwrap_or("");
            let room = width.saturating_sub(text.width());
            out.push(' ');
            if self.right[column] {
                spaces(out, room);
                out.push_str(text);
            } else {
                out.push_str(text);
                spaces(out, room);
            }
            out.push(' ');
        }
        out.push_str(RIGHT);
        out.push('\n');
    }
}

impl fmt::Display for Table {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = String::new();
        self.write_into(&mut out);
        f.write_str(&out)
    }
}

/// A horizontal rule: `(left, line, crossing, right)`, the line as wide as each padded column.
fn rule(
    out: &mut String,
    widths: &[usize],
    (left, line, crossing, right): (&str, &str, &str, &str),
) {
    out.push_str(left);
    for (column, &width) in widths.iter().enumerate() {
        if column > 0 {
            out.push_str(crossing);
        }
        for _ in 0..width + 2 {
            out.push_str(line);
        }
    }
    out.push_str(right);
}

fn spaces(out: &mut String, count: usize) {
    out.extend(std::iter::repeat_n(' ', count));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_is_laid_out_in_condensed_borders() {
        // Given a header and two rows, the second column aligned right
        let mut table = Table::new(["name", "paid"]);
        table
            .add_row(["Alsace", "450.00"])
            .add_row(["Lyon", "5.00"]);
        table.align_right(1);
        // When it is written
        let text = table.to_string();
        // Then each column is as wide as its widest cell, padded by a space on each side
        let expected = "\
┌────────┬────────┐
│ name   ┆   paid │
╞════════╪════════╡
│ Alsace ┆ 450.00 │
│ Lyon   ┆   5.00 │
└────────┴────────┘";
        assert_eq!(text, expected);
    }

    #[test]
    fn a_cell_with_a_line_break_takes_two_lines_and_a_short_row_is_filled() {
        // Given a cell on two lines, and a row with one cell of two
        let mut table = Table::new(["a", "b"]);
        table.add_row(["x", "one\ntwo"]).add_row(["é"]);
        // When it is written
        let text = table.to_string();
        // Then the other cell is blank on the second line, and the missing cell blank
        let expected = "\
┌───┬─────┐
│ a ┆ b   │
╞═══╪═════╡
│ x ┆ one │
│   ┆ two │
│ é ┆     │
└───┴─────┘";
        assert_eq!(text, expected);
    }

    #[test]
    fn an_empty_column_is_one_wide() {
        // Given a header cell and a row cell both empty
        let mut table = Table::new([""]);
        table.add_row([""]);
        // When it is written, then the column is one space wide between its padding
        assert_eq!(table.to_string(), "┌───┐\n│   │\n╞═══╡\n│   │\n└───┘");
        assert_eq!(table.row_count(), 1);
    }
}
