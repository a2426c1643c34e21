//! `jardins serve` killed with SIGKILL while clients record payments, ten times: every payment
//! answered 201 is in the ledger exactly once, a payment whose answer was lost is recorded at
//! most once (its Idempotency-Key, sent again after the restart, gives the first receipt), and
//! `jardins verify` passes.

#[path = "serve_support/mod.rs"]
mod serve_support;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serve_support::{start_server, token_for, Connection};

/// Kills in the suite; `JARDINS_SERVE_KILLS` asks for more (docs/RELIABILITY.md's long run).
const KILLS: usize = 10;

fn kills() -> usize {
    std::env::var("JARDINS_SERVE_KILLS")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|k| *k >= KILLS)
        .unwrap_or(KILLS)
}
const CLIENTS: usize = 4;
/// How long the clients record before each kill, in milliseconds (varied by round).
const RUN_MS: u64 = 250;

fn jardins() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_jardins"))
}

fn body(note: &str) -> String {
    format!(
        r#"{{"from":"member:lea","to":"garden:paris","amount":"15","currency":"EUR","mode":"fixed","commitment":"lea-paris","on":"2026-08-20","note":"{note}"}}"#
    )
}

#[derive(Default)]
struct Book {
    /// Every payment sent: note → the sequence its 201 named, when one came.
    answered: BTreeMap<String, u64>,
    /// Sent without an answer: to send again, same key and body, after the restart.
    unanswered: Vec<String>,
    /// How many answers were lost to a kill (each sent again).
    lost: usize,
}

fn record_until(
    addr: std::net::SocketAddr,
    token: &str,
    book: &Arc<Mutex<Book>>,
    client: usize,
    round: usize,
    stop: Instant,
) {
    let Ok(mut connection) = Connection::open(addr) else {
        return;
    };
    let auth = format!("Bearer {token}");
    let mut n = 0;
    while Instant::now() < stop {
        let note = book
            .lock()
            .expect("the book")
            .unanswered
            .pop()
            .unwrap_or_else(|| {
                n += 1;
                format!("crash-{round}-{client}-{n}")
            });
        let headers = [
            ("Authorization", auth.as_str()),
            ("Idempotency-Key", note.as_str()),
        ];
        match connection.send("POST", "/api/v1/payments", &headers, body(&note).as_bytes()) {
            Ok((201, answer)) => {
                let answer: serde_json::Value = serde_json::from_slice(&answer).expect("JSON");
                let sequence = answer["sequence"].as_u64().expect("a sequence");
                let mut book = book.lock().expect("the book");
                if let Some(first) = book.answered.insert(note.clone(), sequence) {
                    assert_eq!(
                        first, sequence,
                        "{note}: the same key gives the same receipt"
                    );
                }
            }
            Ok((503, _)) => book.lock().expect("the book").unanswered.push(note),
            Ok((status, answer)) => panic!("{note}: {status} {}", String::from_utf8_lossy(&answer)),
            Err(_) => {
                // The server died with this request in flight: recorded or not, we cannot know.
                let mut book = book.lock().expect("the book");
                book.unanswered.push(note);
                book.lost += 1;
                return;
            }
        }
    }
}

fn round(ledger: &Path, token: &str, book: &Arc<Mutex<Book>>, index: usize, kill: bool) {
    let (mut server, addr) = start_server(jardins(), ledger);
    let stop = Instant::now() + Duration::from_millis(RUN_MS + 37 * index as u64 % 150);
    let clients: Vec<_> = (0..CLIENTS)
        .map(|client| {
            let book = book.clone();
            let token = token.to_string();
            std::thread::spawn(move || record_until(addr, &token, &book, client, index, stop))
        })
        .collect();
    if kill {
        std::thread::sleep(stop - Instant::now());
        server.kill().expect("SIGKILL");
        server.wait().expect("it died");
        for client in clients {
            client.join().expect("a client");
        }
    } else {
        for client in clients {
            client.join().expect("a client");
        }
        let pid = server.id().to_string();
        let term = Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .expect("kill -TERM");
        assert!(term.success());
        let status = server.wait().expect("it stops");
        assert!(status.success(), "SIGTERM: a clean stop, exit 0 ({status})");
    }
}

#[test]
fn given_a_server_killed_ten_times_while_recording_then_every_acknowledged_payment_is_there_once() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let ledger = dir.path().join("ledger");
    let demo = Command::new(jardins())
        .arg("demo")
        .arg("--ledger")
        .arg(&ledger)
        .output()
        .expect("jardins demo");
    assert!(demo.status.success());
    let token = token_for(jardins(), &ledger, "camille");
    let book = Arc::new(Mutex::new(Book::default()));

    let kills = kills();
    for index in 0..kills {
        round(&ledger, &token, &book, index, true);
    }
    // Once more, stopped cleanly: every unanswered payment is sent again with its key.
    round(&ledger, &token, &book, kills, false);

    let book = book.lock().expect("the book");
    assert!(
        book.unanswered.is_empty(),
        "every payment got its answer in the end"
    );
    assert!(
        book.answered.len() >= 40,
        "the clients recorded: {}",
        book.answered.len()
    );
    let verify = Command::new(jardins())
        .arg("--ledger")
        .arg(&ledger)
        .arg("verify")
        .output()
        .expect("verify");
    assert!(
        verify.status.success(),
        "{}",
        String::from_utf8_lossy(&verify.stderr)
    );
    let export = Command::new(jardins())
        .arg("--ledger")
        .arg(&ledger)
        .args(["export", "jsonl"])
        .output()
        .expect("export");
    assert!(export.status.success());
    let mut found: BTreeMap<String, Vec<u64>> = BTreeMap::new();
    for line in String::from_utf8(export.stdout).expect("utf-8").lines() {
        let record: serde_json::Value = serde_json::from_str(line).expect("a JSON line");
        let note = &record["event"]["kind"]["ContributionPaid"]["note"];
        if let Some(note) = note.as_str().filter(|n| n.starts_with("crash-")) {
            found
                .entry(note.to_string())
                .or_default()
                .push(record["sequence"].as_u64().expect("a sequence"));
        }
    }
    for (note, sequence) in book.answered.iter() {
        assert_eq!(
            found.get(note),
            Some(&vec![*sequence]),
            "{note}: once, at the entry its 201 named"
        );
    }
    assert_eq!(
        found.len(),
        book.answered.len(),
        "nothing recorded that was never acknowledged"
    );
    eprintln!(
        "{kills} kills: {} payments acknowledged, {} answers lost to a kill and sent again",
        book.answered.len(),
        book.lost
    );
}
