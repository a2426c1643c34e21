//! Anchors kept outside the ledger (`jardins verify --expect`, `--checkpoint`,
//! `jardins checkpoint`, `jardins audit --checkpoint`): a checkpoint statement read with a
//! bounded read, its signatures checked with OpenSSH's `ssh-keygen -Y verify`, and the ledger
//! checked to extend it.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use jardins_store::bounded::{read_at_most, Bounded};
use jardins_store::{Anchor, Head, Ledger, Statement, MAX_STATEMENT_BYTES, SIGNATURE_NAMESPACE};

use crate::Failure;

/// A checkpoint statement read from its file, and its exact bytes (what signatures cover).
pub struct ReadStatement {
    pub path: PathBuf,
    pub statement: Statement,
    pub bytes: Vec<u8>,
}

/// Reads and parses a checkpoint statement: a file that cannot be read, is too long or is not
/// a statement is bad usage (exit 2).
pub fn read_statement(path: &Path) -> Result<ReadStatement, Failure> {
    let usage = |why: String| {
        Failure::Usage(format!(
            "the checkpoint file {} {why} (`jardins checkpoint` writes one; events/README.md describes it)",
            path.display()
        ))
    };
    let file = std::fs::File::open(path).map_err(|e| usage(format!("cannot be read: {e}")))?;
    let bytes = match read_at_most(file, MAX_STATEMENT_BYTES)
        .map_err(|e| usage(format!("cannot be read: {e}")))?
    {
        Bounded::Whole(bytes) => bytes,
        Bounded::TooLong => {
            return Err(usage(format!(
                "is longer than {MAX_STATEMENT_BYTES} bytes: a statement is five short lines"
            )))
        }
    };
    let statement = Statement::parse(&bytes)
        .map_err(|why| usage(format!("is not a checkpoint statement: {why}")))?;
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
        return Err(Failure::Ledger(format!(
            "the checkpoint {} is of another ledger: it names ledger {}, and this ledger's entry 1 has hash {}",
            read.path.display(),
            hex::encode(statement.ledger),
            hex::encode(id)
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
            return Err(Failure::Usage(format!(
                "the signature {} is not there: sign the checkpoint with `ssh-keygen -Y sign -f KEY -n {SIGNATURE_NAMESPACE} {}`, or name the signature with --signature",
                signature.display(),
                read.path.display()
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
            return Err(Failure::Ledger(format!(
                "the signature {} of the checkpoint {} was made by no key of {}: {}",
                signature.display(),
                read.path.display(),
                allowed_signers.display(),
                principals.said
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
            return Err(Failure::Ledger(format!(
                "the signature {} does not verify for the checkpoint {} as {principal}'s: the statement was altered, or the signature is of something else ({})",
                signature.display(),
                read.path.display(),
                verified.said
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
            Failure::Usage(format!(
                "checking signatures needs OpenSSH's ssh-keygen, which cannot be run ({e}): install it (Debian: apt-get install openssh-client)"
            ))
        })?;
    if let (Some(bytes), Some(mut stdin)) = (input, child.stdin.take()) {
        // The statement is at most MAX_STATEMENT_BYTES: it fits in the pipe.
        let _ = stdin.write_all(bytes);
    }
    let output = child
        .wait_with_output()
        .map_err(|e| Failure::Usage(format!("ssh-keygen did not finish: {e}")))?;
    let cut = |bytes: &[u8]| {
        let bytes = &bytes[..bytes.len().min(MAX_ANSWER_BYTES)];
        String::from_utf8_lossy(bytes).into_owned()
    };
    let said = cut(&output.stderr);
    let said = said.trim();
    Ok(Answer {
        ok: output.status.success(),
        stdout: cut(&output.stdout),
        said: jardins_ledger::ids::excerpt(if said.is_empty() {
            "ssh-keygen said nothing"
        } else {
            said
        }),
    })
}

/// The line that says which anchors held.
pub fn held(anchors: &[Anchor]) -> String {
    anchors
        .iter()
        .map(|a| {
            format!(
                "entry {} has the expected hash {}\n",
                a.sequence,
                hex::encode(a.hash)
            )
        })
        .collect()
}
