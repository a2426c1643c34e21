//! Constitution files on the command line: the bounded read of the file. The parser is
//! `jardins_text::constitution_file`, which the server's API uses too; its problems are said
//! here in the language of the run.

use chrono::NaiveDate;
use jardins_ledger::{Constitution, Value};

pub use jardins_text::constitution_file::{FileProblem, MAX_FILE_BYTES};

/// The problem as the run's language writes it: its place, then what is wrong there.
pub fn said(problem: &FileProblem) -> String {
    jardins_text::constitution_file::said(problem, crate::speech::text())
}

/// Parses a constitution file's text, its problems in the run's language (`effective`: the
/// command's `--on` date).
pub fn parse(text: &str, effective: NaiveDate) -> Result<Constitution, FileProblem> {
    jardins_text::constitution_file::parse(text, effective, crate::speech::text())
}

/// Reads a constitution file (or device, or pipe) with a bounded read: at most
/// `MAX_FILE_BYTES` + 1 bytes are read, whatever its metadata says. A UTF-8 byte order mark
/// at its start is skipped. The error says why, to follow "cannot read FILE: ".
pub fn read_text(path: &std::path::Path) -> Result<String, String> {
    use jardins_store::bounded::{read_at_most, Bounded};
    let file = std::fs::File::open(path).map_err(|e| e.to_string())?;
    if file.metadata().is_ok_and(|m| m.is_dir()) {
        return Err(crate::speech::text().message("cf-directory", &[]));
    }
    let limit = usize::try_from(MAX_FILE_BYTES).expect("the limit fits in memory");
    match read_at_most(file, limit).map_err(|e| e.to_string())? {
        Bounded::TooLong => {
            Err(crate::speech::text()
                .message("cf-too-large", &[("max", Value::Count(MAX_FILE_BYTES))]))
        }
        Bounded::Whole(bytes) => {
            let bytes = bytes
                .strip_prefix(b"\xEF\xBB\xBF")
                .unwrap_or(&bytes)
                .to_vec();
            String::from_utf8(bytes).map_err(|e| {
                crate::speech::text().message(
                    "cf-not-utf8",
                    &[("byte", Value::Count(e.utf8_error().valid_up_to() as u64))],
                )
            })
        }
    }
}
