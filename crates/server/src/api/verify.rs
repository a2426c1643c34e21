//! `GET /api/v1/verify`: the hash chain checked from entry 1 to the head (every hash recomputed
//! and linked), and anchors kept outside the ledger: entries and hashes someone kept
//! (`expect=SEQ:HASH,…`, as `jardins verify --expect`) and a checkpoint statement
//! (`checkpoint=`, the five lines `jardins checkpoint` prints). Anyone signed in sees the head
//! and whether the chain and each anchor hold; what is wrong where, for stewards only (a damaged
//! entry may be a private garden's). The balances rebuilt from the log, and a checkpoint's
//! signatures, are `jardins verify`'s (`--allowed-signers`).

use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use axum::Json;
use jardins_store::{Anchor, Ledger, Statement, StoreError, MAX_STATEMENT_BYTES};
use serde::{Deserialize, Serialize};

use crate::access::{may, Action, Decision, Object};
use crate::error::ApiError;
use crate::extract::Person;
use crate::state::AppState;

/// Most anchors one call checks (each walks the chain from its entry to the head).
pub const MAX_EXPECTED: usize = 16;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct VerifyQuery {
    /// Entries that must still have these hashes: `SEQ:HASH`, separated by commas.
    pub expect: Option<String>,
    /// A checkpoint statement (`jardins checkpoint`) this ledger must extend, its five lines.
    pub checkpoint: Option<String>,
}

/// An entry and its hash.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct EntryHash {
    pub sequence: u64,
    /// 64 hexadecimal digits.
    pub hash: String,
}

/// An anchor, and whether the ledger holds it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Held {
    pub sequence: u64,
    pub hash: String,
    /// The ledger holds this entry with this hash, and chains from it to its head.
    pub holds: bool,
    /// What differs (stewards only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub problem: Option<String>,
}

/// A checkpoint statement, and whether the ledger extends it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CheckpointHeld {
    /// The ledger the statement names (the hash of its entry 1).
    pub ledger: String,
    /// When it was stated (UTC).
    pub date: String,
    pub sequence: u64,
    pub hash: String,
    /// The statement is of this ledger, which holds its entry with its hash and chains from it.
    pub holds: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub problem: Option<String>,
    /// Signatures are checked by `jardins verify --checkpoint FILE --allowed-signers FILE`.
    pub signatures_checked: bool,
}

/// The answer of `GET /api/v1/verify`.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Verified {
    /// The ledger's head: its last entry and hash.
    pub head: EntryHash,
    /// Every record's hash recomputed and linked to the one before, entry 1 to the head.
    pub chain_unbroken: bool,
    /// Where the chain breaks (stewards only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub problem: Option<String>,
    pub expected: Vec<Held>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub checkpoint: Option<CheckpointHeld>,
    /// The chain is unbroken and every anchor holds.
    pub sound: bool,
}

fn hex_hash(hash: &[u8; 32]) -> String {
    hex::encode(hash)
}

/// `Ok(None)` when the check holds, `Ok(Some(what))` when the ledger differs; a failure of
/// the store is not a difference.
fn difference(result: Result<(), StoreError>) -> Result<Option<String>, ApiError> {
    match result {
        Ok(()) => Ok(None),
        Err(StoreError::Damaged { what, .. }) => Ok(Some(what)),
        Err(other) => Err(other.into()),
    }
}

fn anchors(text: Option<&str>) -> Result<Vec<Anchor>, ApiError> {
    let anchors: Vec<Anchor> = text
        .unwrap_or("")
        .split(',')
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .map(|a| {
            a.parse()
                .map_err(|why: String| ApiError::BadRequest(format!("expect: {why}")))
        })
        .collect::<Result<_, _>>()?;
    if anchors.len() > MAX_EXPECTED {
        return Err(ApiError::BadRequest(format!(
            "expect: at most {MAX_EXPECTED} entries per call"
        )));
    }
    Ok(anchors)
}

pub(crate) fn statement(text: Option<&str>) -> Result<Option<Statement>, ApiError> {
    let Some(text) = text else { return Ok(None) };
    if text.len() > MAX_STATEMENT_BYTES {
        return Err(ApiError::BadRequest(format!(
            "checkpoint: longer than {MAX_STATEMENT_BYTES} bytes: a statement is five short lines"
        )));
    }
    Statement::parse(text.as_bytes()).map(Some).map_err(|why| {
        ApiError::BadRequest(format!("checkpoint: not a checkpoint statement: {why}"))
    })
}

/// Every check, off the async threads (the chain is read whole). The audit page's checkpoint
/// check is this one too.
pub(crate) fn check(
    ledger: &Ledger,
    expected: &[Anchor],
    statement: Option<Statement>,
    detail: bool,
) -> Result<Verified, ApiError> {
    let shown = |problem: Option<String>| problem.filter(|_| detail);
    let chain = difference(ledger.verify_chain(&mut |_, _| {}).map(|_| ()))?;
    let head = ledger.head();
    let mut held = Vec::with_capacity(expected.len());
    for anchor in expected {
        let problem = difference(ledger.check_anchors(&[*anchor], &mut |_, _| {}).map(|_| ()))?;
        held.push(Held {
            sequence: anchor.sequence,
            hash: hex_hash(&anchor.hash),
            holds: problem.is_none(),
            problem: shown(problem),
        });
    }
    let checkpoint = match statement {
        None => None,
        Some(s) => {
            let problem = if ledger.ledger_id()? != s.ledger {
                Some(format!(
                    "the checkpoint is of another ledger: it names ledger {}",
                    hex_hash(&s.ledger)
                ))
            } else {
                difference(ledger.check_anchors(&[s.head], &mut |_, _| {}).map(|_| ()))?
            };
            Some(CheckpointHeld {
                ledger: hex_hash(&s.ledger),
                date: s.date.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                sequence: s.head.sequence,
                hash: hex_hash(&s.head.hash),
                holds: problem.is_none(),
                problem: shown(problem),
                signatures_checked: false,
            })
        }
    };
    let sound = chain.is_none()
        && held.iter().all(|h| h.holds)
        && checkpoint.as_ref().is_none_or(|c| c.holds);
    Ok(Verified {
        head: EntryHash {
            sequence: head.sequence,
            hash: hex_hash(&head.hash),
        },
        chain_unbroken: chain.is_none(),
        problem: shown(chain),
        expected: held,
        checkpoint,
        sound,
    })
}

pub async fn verify(
    State(app): State<AppState>,
    person: Person,
    Query(q): Query<VerifyQuery>,
) -> Result<Response, ApiError> {
    ApiError::of(may(&person.powers, Action::VerifyChain, &Object::Nothing))?;
    let expected = anchors(q.expect.as_deref())?;
    let statement = statement(q.checkpoint.as_deref())?;
    // What is wrong where names entries, which may be a private garden's: stewards see it.
    let detail = may(&person.powers, Action::Stewardship, &Object::Nothing) == Decision::Allowed;
    let ledger = app.ledger.clone();
    let verified =
        tokio::task::spawn_blocking(move || check(&ledger, &expected, statement, detail))
            .await
            .map_err(|e| ApiError::Internal(e.to_string()))??;
    if !verified.sound {
        tracing::warn!(person = %person.id, chain = verified.chain_unbroken, "verify: the ledger does not hold what was expected");
    }
    Ok(Json(verified).into_response())
}
