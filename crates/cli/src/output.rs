//! Writing what the commands print: tables, CSV, progress bars on a terminal only, and a
//! standard output that goes quiet when the reader closes the pipe (`jardins log | head`).

use std::io::{self, IsTerminal, Write};
use std::path::Path;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use jardins_ledger::Value;

use crate::speech::text as speech;
use crate::Failure;

/// Standard output, as the run's language names it in a message.
pub fn standard_output() -> String {
    speech().message("cli-standard-output", &[])
}

/// Writes `text` to standard output. A closed pipe stops the command quietly.
pub fn print(text: &str) -> Result<(), Failure> {
    let mut out = io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(|error| output_failure(error, &standard_output()))
}

/// A write to the output failed: the reader went away (quiet) or the output cannot be written.
pub fn output_failure(error: io::Error, what: &str) -> Failure {
    if error.kind() == io::ErrorKind::BrokenPipe {
        Failure::PipeClosed
    } else {
        Failure::Output(speech().message(
            "cli-cannot-write-to",
            &[
                ("what", Value::Text(what.to_string())),
                ("error", Value::Text(error.to_string())),
            ],
        ))
    }
}

/// An aligned table in the reports' house style; columns listed in `right` are right-aligned.
pub fn table(
    header: &[impl AsRef<str>],
    right: &[usize],
    rows: impl IntoIterator<Item = Vec<String>>,
) -> String {
    let mut table = jardins_report::output::table(header, header.len());
    for row in rows {
        table.add_row(row);
    }
    for index in right {
        table.align_right(*index);
    }
    let mut text = table.to_string();
    text.push('\n');
    text
}

/// A progress bar on standard error when it is a terminal; hidden otherwise, so that logs and
/// pipes only ever hold what the command prints.
pub fn progress(total: Option<u64>, what: &str) -> ProgressBar {
    if !io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = match total {
        Some(total) => ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr())
            .with_style(
                ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} ({eta})")
                    .unwrap_or_else(|_| ProgressStyle::default_bar())
                    .progress_chars("=> "),
            ),
        None => ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr()).with_style(
            ProgressStyle::with_template(&format!(
                "{{spinner}} {{msg}} {{pos}} {}",
                speech().message("cli-progress-lines", &[])
            ))
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        ),
    };
    bar.set_message(what.to_string());
    bar
}

/// Where a command writes a long output: a file (`--output`) or standard output.
pub fn open_output(path: Option<&Path>) -> Result<(Box<dyn Write>, String), Failure> {
    match path {
        None => Ok((
            Box::new(io::BufWriter::new(io::stdout().lock())),
            standard_output(),
        )),
        Some(path) => {
            let file = std::fs::File::create(path).map_err(|error| {
                Failure::Output(speech().message(
                    "cli-cannot-create",
                    &[
                        ("path", Value::Text(path.display().to_string())),
                        ("error", Value::Text(error.to_string())),
                    ],
                ))
            })?;
            Ok((
                Box::new(io::BufWriter::new(file)),
                path.display().to_string(),
            ))
        }
    }
}

/// Remembers whether the reader closed the pipe, so that a library that turns the write error
/// into its own error type still lets the command stop quietly.
pub struct PipeAware<W: Write> {
    inner: W,
    pub pipe_closed: bool,
}

impl<W: Write> PipeAware<W> {
    pub fn new(inner: W) -> Self {
        PipeAware {
            inner,
            pipe_closed: false,
        }
    }
}

impl<W: Write> Write for PipeAware<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.inner.write(buf).inspect_err(|error| {
            self.pipe_closed |= error.kind() == io::ErrorKind::BrokenPipe;
        })
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush().inspect_err(|error| {
            self.pipe_closed |= error.kind() == io::ErrorKind::BrokenPipe;
        })
    }
}
