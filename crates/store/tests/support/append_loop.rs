//! The crash test's child: opens the ledger given as its argument and appends the test
//! scenario's commands forever, alone or in batches of five, printing `SEQUENCE HASH` for each
//! receipt once `append` returned it. The test kills it with SIGKILL at random moments.

#[path = "../common/scenario.rs"]
mod scenario;

use std::io::Write;
use std::time::Duration;

use jardins_store::{AppendError, Ledger, Receipt};

fn fail(what: String) -> ! {
    println!("ERROR {what}");
    std::process::exit(1);
}

fn print(out: &mut std::io::StdoutLock<'_>, receipt: &Receipt) {
    writeln!(out, "{} {}", receipt.sequence, hex::encode(receipt.hash))
        .and_then(|_| out.flush())
        .unwrap_or_else(|e| fail(format!("stdout: {e}")));
}

fn main() {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| fail("no path".into()));
    let now: chrono::DateTime<chrono::Utc> = "2026-11-01T09:30:00Z".parse().expect("a time");
    let ledger = Ledger::open(path.as_ref(), Duration::from_secs(10))
        .unwrap_or_else(|e| fail(format!("open: {e}")));
    let key = |index: u64| format!("k-{index}");
    let mut out = std::io::stdout().lock();
    // The last command again, with its key: the first receipt comes back, nothing appended.
    let head = ledger.head();
    if head.sequence >= 2 {
        let index = head.sequence - 2;
        let replay = ledger
            .append(&scenario::command(index), Some(&key(index)), now)
            .unwrap_or_else(|e| {
                let recorded = ledger.record(head.sequence).ok().flatten().map(|r| r.event);
                fail(format!(
                    "replay of {index}: {e}; head {head:?}; recorded {recorded:?}; command {:?}",
                    scenario::command(index)
                ))
            });
        if !replay.replayed || replay.sequence != head.sequence || replay.hash != head.hash {
            fail(format!("replay of {index} gave {replay:?}, head {head:?}"));
        }
    }
    for round in 0_u64.. {
        let index = ledger.head().sequence - 1;
        if round % 3 == 2 {
            let batch: Vec<_> = (index..index + 5)
                .map(|i| (scenario::command(i), Some(key(i))))
                .collect();
            match ledger.append_batch(&batch, now) {
                Ok(receipts) => receipts.iter().for_each(|r| print(&mut out, r)),
                Err((at, e)) => fail(format!("batch at {index}+{at}: {e}")),
            }
        } else {
            match ledger.append(&scenario::command(index), Some(&key(index)), now) {
                Ok(receipt) => print(&mut out, &receipt),
                Err(AppendError::Refused(r)) => fail(format!("command {index} refused: {r:?}")),
                Err(e) => fail(format!("command {index}: {e}")),
            }
        }
    }
}
