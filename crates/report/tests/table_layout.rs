//! The reports' tables (`jardins_report::table`) are laid out byte for byte as comfy-table 7
//! lays out the same cells with the `UTF8_FULL_CONDENSED` preset and its content arrangement
//! disabled, which is how they were written before they were written directly.

use comfy_table::{
    presets::UTF8_FULL_CONDENSED, Cell, CellAlignment, ContentArrangement, Table as Comfy,
};
use jardins_report::table::Table;
use proptest::prelude::*;

/// The same cells through comfy-table, as `output::table_aligned` built them.
fn comfy(header: &[String], rows: &[Vec<String>], right: &[usize]) -> String {
    let mut table = Comfy::new();
    table
        .load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Disabled)
        .force_no_tty()
        .set_header(header.iter().map(Cell::new));
    for row in rows {
        table.add_row(row.iter().map(Cell::new).collect::<Vec<_>>());
    }
    for index in right {
        if let Some(column) = table.column_mut(*index) {
            column.set_cell_alignment(CellAlignment::Right);
        }
    }
    table.to_string()
}

fn ours(header: &[String], rows: &[Vec<String>], right: &[usize]) -> String {
    let mut table = Table::new(header.iter().cloned());
    for row in rows {
        table.add_row(row.iter().cloned());
    }
    for index in right {
        table.align_right(*index);
    }
    table.to_string()
}

/// Cells as reports hold them: figures, dates, words with accents, dashes and ellipses, a wide
/// character, empty cells, and now and then a line break.
fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[a-z0-9 .#:-]{0,12}",
        2 => "[àéèçôÉœ€—…a-z ]{0,10}",
        1 => Just(String::new()),
        1 => "[a-z]{1,4}\n[a-zé]{0,6}",
        1 => "[a-z]{0,3}[日本]{1,2}",
    ]
}

proptest! {
    #[test]
    fn every_table_is_laid_out_as_comfy_table_lays_it_out(
        header in proptest::collection::vec(cell(), 1..6),
        rows in proptest::collection::vec(proptest::collection::vec(cell(), 0..7), 0..8),
        right in proptest::collection::vec(0usize..7, 0..4),
    ) {
        // Given the same header, rows (some shorter or longer than the header) and alignments
        // When both lay the table out
        let expected = comfy(&header, &rows, &right);
        let written = ours(&header, &rows, &right);
        // Then they write the same bytes
        prop_assert_eq!(written, expected);
    }
}

#[test]
fn a_report_sized_table_is_laid_out_as_comfy_table_lays_it_out() {
    // Given a payments table of 2,000 rows, two columns aligned right
    let header: Vec<String> = ["seq", "date", "amount", "mode", "hash", "note"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let rows: Vec<Vec<String>> = (1..=2_000u64)
        .map(|n| {
            vec![
                format!("#{n}"),
                format!("2026-{:02}-{:02}", n % 12 + 1, n % 28 + 1),
                format!("{}.{:02} EUR", n * 7 % 1000, n % 100),
                if n % 3 == 0 { "conscious" } else { "fixed" }.to_string(),
                format!("{:064x}", n * 2_654_435_761),
                "Contribution de l'année au grand ja…"
                    .chars()
                    .take((n % 40) as usize)
                    .collect(),
            ]
        })
        .collect();
    // When both lay it out, then the bytes are the same
    assert_eq!(
        ours(&header, &rows, &[0, 2]),
        comfy(&header, &rows, &[0, 2])
    );
}
