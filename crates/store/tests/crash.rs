//! Crash: a child process appends in a loop and prints every receipt it got; it is killed with
//! SIGKILL at random moments, again and again. After each kill the ledger reopens, holds every
//! printed receipt, verifies (chain and every projection against a rebuild from the log), and
//! takes the next appends.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use jardins_store::Ledger;

/// At least 20 kills, as the suite promises.
const KILLS: usize = 24;

/// A small deterministic generator for the kill moments (xorshift64).
struct Moments(u64);

impl Moments {
    fn next_ms(&mut self, below: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % below
    }
}

#[test]
fn given_a_child_killed_at_random_moments_then_every_printed_receipt_survives_and_the_ledger_verifies(
) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ledger");
    drop(Ledger::create(&path, common::now()).unwrap());
    let seed = std::process::id() as u64 ^ 0x9E37_79B9_7F4A_7C15;
    let mut moments = Moments(seed);
    let mut printed: Vec<(u64, String)> = Vec::new();
    for kill in 0..KILLS {
        let mut child = Command::new(env!("CARGO_BIN_EXE_jardins-store-append-loop"))
            .arg(&path)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("the child starts");
        let stdout = child.stdout.take().unwrap();
        let lines = Arc::new(Mutex::new(Vec::new()));
        let reader = {
            let lines = lines.clone();
            std::thread::spawn(move || {
                let mut stdout = BufReader::new(stdout);
                let mut line = Vec::new();
                // Only whole lines count: a line cut by the kill was not a printed receipt.
                while stdout.read_until(b'\n', &mut line).unwrap_or(0) > 0 {
                    if line.last() == Some(&b'\n') {
                        lines
                            .lock()
                            .unwrap()
                            .push(String::from_utf8_lossy(&line).trim_end().to_string());
                    }
                    line.clear();
                }
            })
        };
        // Wait until the child appends (it has opened the ledger), then a random moment more.
        let started = Instant::now();
        while lines.lock().unwrap().is_empty() && started.elapsed() < Duration::from_secs(20) {
            if let Some(status) = child.try_wait().unwrap() {
                panic!(
                    "the child exited by itself ({status}): {:?}",
                    lines.lock().unwrap()
                );
            }
            std::thread::sleep(Duration::from_millis(1));
        }
        std::thread::sleep(Duration::from_millis(moments.next_ms(60)));
        child.kill().expect("SIGKILL"); // std's kill is SIGKILL on Unix
        let status = child.wait().unwrap();
        // The kill, not an exit of its own, ended the child: it was appending when it died.
        assert_eq!(
            std::os::unix::process::ExitStatusExt::signal(&status),
            Some(9),
            "kill {kill}: the child was running when SIGKILL came ({status})"
        );
        reader.join().unwrap();
        let lines = lines.lock().unwrap().clone();
        assert!(!lines.is_empty(), "kill {kill}: the child appended nothing");
        for line in lines {
            assert!(!line.starts_with("ERROR"), "kill {kill}: {line}");
            let (sequence, hash) = line.split_once(' ').expect("SEQUENCE HASH");
            printed.push((sequence.parse().unwrap(), hash.to_string()));
        }

        // Reopen: every printed receipt is there, and the whole ledger verifies.
        let ledger = Ledger::open(&path, Duration::from_secs(5)).unwrap();
        let head = ledger.head();
        for (sequence, hash) in &printed {
            let record = ledger
                .record(*sequence)
                .unwrap()
                .unwrap_or_else(|| panic!("kill {kill}: printed entry {sequence} is lost"));
            assert_eq!(
                &hex::encode(record.hash),
                hash,
                "kill {kill}: entry {sequence}"
            );
        }
        assert!(head.sequence >= printed.last().unwrap().0);
        let report = ledger
            .verify(&mut |_, _| {})
            .unwrap_or_else(|e| panic!("kill {kill}: {e}"));
        assert_eq!(report.head, head);
    }
    // Receipts only grow across the kills: each child resumed where the last one stopped.
    let sequences: Vec<u64> = printed.iter().map(|(s, _)| *s).collect();
    assert!(sequences.windows(2).all(|w| w[0] < w[1]), "{sequences:?}");
}
