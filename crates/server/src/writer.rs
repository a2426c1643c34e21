//! The writer task: the one place that appends to the ledger while the server runs.
//!
//! Requests queue their command on a bounded channel. The task takes everything waiting (up to
//! a group), asks the store to decide each command on its own and write the accepted ones in one
//! batch with one flush (`Ledger::append_each`, off the async threads: sled blocks), and only
//! then answers each request. An import (JSON Lines) is queued the same way and runs alone, in
//! its place in the queue. sled 0.34's `flush_async` is never used (spacejam/sled#1308).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use chrono::Utc;
use jardins_ledger::Command;
use jardins_store::{AppendError, ImportError, ImportSummary, Ledger, Receipt};
use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinHandle;

/// What became of one command.
#[derive(Debug)]
pub enum Outcome {
    /// On disk: the receipt (a replayed idempotency key gives the first receipt again).
    Recorded(Receipt),
    /// Not appended: a rule refused it, or its idempotency key names another command.
    Refused(AppendError),
    /// The store failed; nothing of its group was written. The detail is for the log.
    Failed(String),
}

/// Why a command did not reach the writer.
#[derive(Debug, PartialEq, Eq)]
pub enum SubmitError {
    /// The queue is full: try again shortly (503 with `Retry-After`).
    Full,
    /// The writer has stopped (the server is shutting down).
    Stopped,
}

/// What waits in the queue: one command, or a whole import. Nearly every job is a command:
/// boxing it would allocate for each one to make the rare import's place smaller.
#[allow(clippy::large_enum_variant)]
enum Job {
    Append {
        command: Command,
        key: Option<String>,
        answer: oneshot::Sender<Outcome>,
    },
    /// JSON Lines, decided and written by the store's import (its own batches and flushes).
    Import {
        lines: Vec<u8>,
        answer: oneshot::Sender<Imported>,
    },
}

/// What became of an import: its summary, or the line that stopped it (and what it had
/// recorded before); `Err(detail)` when the store failed or the import panicked.
pub type Imported = Result<Result<ImportSummary, ImportError>, String>;

/// A handle to the writer; cloned by every request that records. The task ends once every
/// handle is dropped and the queue is drained.
#[derive(Clone)]
pub struct Writer {
    queue: mpsc::Sender<Job>,
}

impl Writer {
    /// Starts the writer task over `ledger`: at most `queue` commands wait, at most `group`
    /// are written together.
    /// `memberships` goes up after every group that changed who belongs to a garden (the
    /// powers kept for signed-in people are computed again then).
    pub fn start(
        ledger: Arc<Ledger>,
        queue: usize,
        group: usize,
        memberships: Arc<AtomicU64>,
    ) -> (Writer, JoinHandle<()>) {
        assert!(queue > 0 && group > 0 && group <= jardins_store::MAX_BATCH);
        let (sender, receiver) = mpsc::channel(queue);
        let task = tokio::spawn(run(ledger, receiver, group, memberships));
        (Writer { queue: sender }, task)
    }

    /// Queues `command` and waits for its outcome, answered only after the flush.
    pub async fn append(
        &self,
        command: Command,
        key: Option<String>,
    ) -> Result<Outcome, SubmitError> {
        let (answer, outcome) = oneshot::channel();
        self.send(Job::Append {
            command,
            key,
            answer,
        })?;
        outcome.await.map_err(|_| SubmitError::Stopped)
    }

    /// Queues an import of JSON Lines and waits for its outcome: the writer runs it alone,
    /// in its place in the queue, and every batch it writes is flushed before the answer.
    pub async fn import(&self, lines: Vec<u8>) -> Result<Imported, SubmitError> {
        let (answer, outcome) = oneshot::channel();
        self.send(Job::Import { lines, answer })?;
        outcome.await.map_err(|_| SubmitError::Stopped)
    }

    fn send(&self, job: Job) -> Result<(), SubmitError> {
        self.queue.try_send(job).map_err(|error| match error {
            mpsc::error::TrySendError::Full(_) => SubmitError::Full,
            mpsc::error::TrySendError::Closed(_) => SubmitError::Stopped,
        })
    }
}

/// Whether an accepted `command` changes who belongs to a garden, or its core.
fn changes_memberships(command: &Command) -> bool {
    use jardins_ledger::CommandKind as K;
    matches!(
        command.kind,
        K::JoinGarden { .. } | K::LeaveGarden { .. } | K::OpenGarden { .. } | K::CloseGarden { .. }
    )
}

async fn run(
    ledger: Arc<Ledger>,
    mut receiver: mpsc::Receiver<Job>,
    group: usize,
    memberships: Arc<AtomicU64>,
) {
    let mut jobs = Vec::with_capacity(group);
    // `recv_many` returns 0 only once the channel is closed and empty: the queue drains first.
    while receiver.recv_many(&mut jobs, group).await > 0 {
        // In the queue's order: the commands before an import are one group, the import runs
        // alone, the commands after it are the next group.
        let mut appends = Vec::with_capacity(jobs.len());
        for job in jobs.drain(..) {
            match job {
                Job::Append {
                    command,
                    key,
                    answer,
                } => appends.push(((command, key), answer)),
                Job::Import { lines, answer } => {
                    write_group(&ledger, std::mem::take(&mut appends), &memberships).await;
                    let _ = answer.send(import(&ledger, lines, &memberships).await);
                }
            }
        }
        write_group(&ledger, appends, &memberships).await;
    }
    tracing::info!("the writer stopped: its queue is drained");
}

/// Runs the store's import off the async threads.
async fn import(ledger: &Arc<Ledger>, lines: Vec<u8>, memberships: &AtomicU64) -> Imported {
    let store = ledger.clone();
    let done = tokio::task::spawn_blocking(move || {
        store.import_jsonl(&mut lines.as_slice(), Utc::now(), &mut |_| {})
    })
    .await;
    // An import may change anything, memberships included.
    memberships.fetch_add(1, Ordering::SeqCst);
    match done {
        Ok(Err(ImportError::Store(error))) => {
            tracing::error!(%error, "the writer could not import");
            Err(error.to_string())
        }
        Ok(outcome) => Ok(outcome),
        Err(panic) => {
            tracing::error!(%panic, "the import panicked");
            Err("the import panicked".to_string())
        }
    }
}

/// A command waiting to be written (with its idempotency key) and where its outcome goes.
type Waiting = ((Command, Option<String>), oneshot::Sender<Outcome>);

/// Decides and writes one group of commands in one batch with one flush, then answers each.
async fn write_group(ledger: &Arc<Ledger>, jobs: Vec<Waiting>, memberships: &AtomicU64) {
    if jobs.is_empty() {
        return;
    }
    let (commands, answers): (Vec<_>, Vec<_>) = jobs.into_iter().unzip();
    let count = commands.len();
    let membership = commands.iter().any(|(c, _)| changes_memberships(c));
    let store = ledger.clone();
    let written =
        tokio::task::spawn_blocking(move || store.append_each(&commands, Utc::now())).await;
    if membership {
        // Before any answer: a request that follows its answer sees the new powers.
        memberships.fetch_add(1, Ordering::SeqCst);
    }
    match written {
        Ok(Ok(outcomes)) => {
            // Paired with append_each's contract: one outcome per command.
            assert_eq!(outcomes.len(), count, "one outcome per command");
            for (answer, outcome) in answers.into_iter().zip(outcomes) {
                let outcome = match outcome {
                    Ok(receipt) => Outcome::Recorded(receipt),
                    Err(refused) => Outcome::Refused(refused),
                };
                // The request may have gone (its client left): the entry stays recorded.
                let _ = answer.send(outcome);
            }
        }
        Ok(Err(error)) => {
            tracing::error!(%error, commands = count, "the writer could not record a group");
            for answer in answers {
                let _ = answer.send(Outcome::Failed(error.to_string()));
            }
        }
        Err(panic) => {
            tracing::error!(%panic, commands = count, "the writer's append panicked");
            for answer in answers {
                let _ = answer.send(Outcome::Failed("the append panicked".to_string()));
            }
        }
    }
}
