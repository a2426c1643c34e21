//! Anchors kept outside the ledger (`jardins verify --expect`, `--checkpoint`,
//! `jardins checkpoint`, `jardins audit --checkpoint`): a checkpoint statement read with a
//! bounded read, its signatures checked with OpenSSH's `ssh-keygen -Y verify`, and the ledger
//! checked to extend it.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use jardins_store::bounded::{read_at_most, Bounded};
use jardins_store::{Anchor, Head, Ledger, Statement, MAX_STATEMENT_BYTES, SIGNATURE_NAMESPACE};

use jardins_ledger::Value;

use crate::speech::text as speech;
use crate::Failure;

fn text(value: impl std::fmt::Display) -> Value {
    Value::Text(value.to_string())
}

/// When a statement was made, as its file writes it (UTC, to the minute).
pub fn statement_date(read: &ReadStatement) -> String {
    read.statement.date.format("%Y-%m-%d %H:%M UTC").to_string()
}

/// A checkpoint statement read from its file, and its exact bytes (what signatures cover).
pub struct ReadStatement {
    pub path: PathBuf,
    pub statement: Statement,
    pub bytes: Vec<u8>,
}

/// Reads and parses a checkpoint statement: a file that cannot be read, is too long or is not
/// a statement is bad usage (exit 2).
pub fn read_statement(path: &Path) -> Result<ReadStatement, Failure> {
    let usage = |id: &str, values: &[(&str, Value)]| {
        let mut all = vec![("path", text(path.display()))];
        all.extend(values.iter().cloned());
        Failure::Usage(speech().message(id, &all))
    };
    let unreadable = |e: std::io::Error| usage("cli-checkpoint-unreadable", &[("error", text(e))]);
    let file = std::fs::File::open(path).map_err(unreadable)?;
    let bytes = match read_at_most(file, MAX_STATEMENT_BYTES).map_err(unreadable)? {
        Bounded::Whole(bytes) => bytes,
        Bounded::TooLong => {
            return Err(usage(
                "cli-checkpoint-too-long",
                &[("max", Value::Count(MAX_STATEMENT_BYTES as u64))],
            ))
        }
    };
    let statement = Statement::parse(&bytes)
        .map_err(|why| usage("cli-checkpoint-not-a-statement", &[("why", text(why))]))?;
    Ok(ReadStatement {
        path: path.to_path_buf(),
        statement,
        bytes,
    })
}

/// The ledger is the statement's (its entry 1 has the statement's ledger hash), holds the
/// statement's entry with its hash, and chains from it to its head. Returns the head.
pub fn check_statement(ledger: &Ledger, read: &ReadStatement) -> Result<Head, Failure> {
    let statement = &read.statement;
    let id = ledger.ledger_id()?;
    if id != statement.ledger {
        return Err(Failure::Ledger(speech().message(
            "cli-checkpoint-other-ledger",
            &[
                ("path", text(read.path.display())),
                ("ledger", text(hex::encode(statement.ledger))),
                ("hash", text(hex::encode(id))),
            ],
        )));
    }
    Ok(ledger.check_anchors(&[statement.head], &mut |_, _| {})?)
}

/// Checks every signature of the statement against the allowed signers, with `ssh-keygen
/// -Y verify` in the namespace `jardins-checkpoint`; returns who signed, one principal each.
/// A signature that does not verify ends the check (exit 3).
pub fn check_signatures(
    read: &ReadStatement,
    allowed_signers: &Path,
    signatures: &[PathBuf],
) -> Result<Vec<String>, Failure> {
    let default = [PathBuf::from(format!("{}.sig", read.path.display()))];
    let signatures = if signatures.is_empty() {
        &default[..]
    } else {
        signatures
    };
    let mut signed_by = Vec::new();
    for signature in signatures {
        if !signature.is_file() {
            return Err(Failure::Usage(speech().message(
                "cli-signature-missing",
                &[
                    ("signature", text(signature.display())),
                    ("namespace", text(SIGNATURE_NAMESPACE)),
                    ("path", text(read.path.display())),
                ],
            )));
        }
        let principals = ssh_keygen(
            &[
                "-Y".as_ref(),
                "find-principals".as_ref(),
                "-s".as_ref(),
                signature.as_os_str(),
                "-f".as_ref(),
                allowed_signers.as_os_str(),
            ],
            None,
        )?;
        let Some(principal) = principals.stdout.lines().next().filter(|_| principals.ok) else {
            return Err(Failure::Ledger(speech().message(
                "cli-signature-unknown-key",
                &[
                    ("signature", text(signature.display())),
                    ("path", text(read.path.display())),
                    ("signers", text(allowed_signers.display())),
                    ("said", text(&principals.said)),
                ],
            )));
        };
        let verified = ssh_keygen(
            &[
                "-Y".as_ref(),
                "verify".as_ref(),
                "-f".as_ref(),
                allowed_signers.as_os_str(),
                "-I".as_ref(),
                principal.as_ref(),
                "-n".as_ref(),
                SIGNATURE_NAMESPACE.as_ref(),
                "-s".as_ref(),
                signature.as_os_str(),
            ],
            Some(&read.bytes),
        )?;
        if !verified.ok {
            return Err(Failure::Ledger(speech().message(
                "cli-signature-does-not-verify",
                &[
                    ("signature", text(signature.display())),
                    ("path", text(read.path.display())),
                    ("principal", text(principal)),
                    ("said", text(&verified.said)),
                ],
            )));
        }
        signed_by.push(principal.to_string());
    }
    Ok(signed_by)
}

/// What one run of `ssh-keygen` answered: whether it succeeded, its standard output, and an
/// excerpt of what it said on standard error.
struct Answer {
    ok: bool,
    stdout: String,
    said: String,
}

/// Most bytes read of what `ssh-keygen` prints (its answers are a line or two).
const MAX_ANSWER_BYTES: usize = 4096;

fn ssh_keygen(arguments: &[&std::ffi::OsStr], input: Option<&[u8]>) -> Result<Answer, Failure> {
    let mut child = Command::new("ssh-keygen")
        .args(arguments)
        .stdin(if input.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| {
            Failure::Usage(speech().message("cli-ssh-keygen-missing", &[("error", text(e))]))
        })?;
    if let (Some(bytes), Some(mut stdin)) = (input, child.stdin.take()) {
        // The statement is at most MAX_STATEMENT_BYTES: it fits in the pipe.
        let _ = stdin.write_all(bytes);
    }
    let output = child.wait_with_output().map_err(|e| {
        Failure::Usage(speech().message("cli-ssh-keygen-unfinished", &[("error", text(e))]))
    })?;
    let cut = |bytes: &[u8]| {
        let bytes = &bytes[..bytes.len().min(MAX_ANSWER_BYTES)];
        String::from_utf8_lossy(bytes).into_owned()
    };
    let said = cut(&output.stderr);
    let said = said.trim();
    Ok(Answer {
        ok: output.status.success(),
        stdout: cut(&output.stdout),
        said: if said.is_empty() {
            speech().message("cli-ssh-keygen-silent", &[])
        } else {
            jardins_ledger::ids::excerpt(said)
        },
    })
}

/// The line that says which anchors held.
pub fn held(anchors: &[Anchor]) -> String {
    anchors
        .iter()
        .map(|a| {
            let held = speech().message(
                "cli-anchor-held",
                &[
                    ("sequence", Value::Count(a.sequence)),
                    ("hash", text(hex::encode(a.hash))),
                ],
            );
            format!("{held}\n")
        })
        .collect()
}
