//! `jardins serve` under load: 64 clients record payments for 30 s against a generated
//! community (`JARDINS_BENCH_EVENTS`, 100,000 for BENCHMARKS.md), with readers asking a garden's
//! balance beside them; then throughput, p50 and p99 of each, and the fsync limit of the same
//! disk measured in the same run. The real binary, on 127.0.0.1, with keep-alive connections.
//!
//! `JARDINS_BENCH_EVENTS=100000 cargo bench --bench serve_load` (in release: build it first).
//! `JARDINS_LOAD_SECONDS`, `JARDINS_LOAD_WRITERS` and `JARDINS_LOAD_READERS` change the run.

#[path = "../tests/serve_support/mod.rs"]
mod serve_support;
#[path = "support/mod.rs"]
mod support;

use std::io::Write;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use jardins_ledger::{Account, Amount, Command, CommandKind, CurrencyCode, Mode, PaysFor, Text};
use jardins_store::Ledger;
use serve_support::{start_server, Connection};

fn setting(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(default)
}

/// A payment the rules accept again and again: a member pays their garden, one-off, in the
/// mode the constitution accepts (tried on the ledger itself, once).
fn accepted_payment(ledger: &Ledger) -> (String, String) {
    let today = chrono::Utc::now();
    for (garden, state) in ledger.gardens().expect("gardens") {
        if state.kind.members_only() || state.closed_on.is_some() {
            continue;
        }
        let Some(core) = state.core.first().cloned() else {
            continue;
        };
        for (member, m) in ledger.members(&garden).expect("members") {
            if !m.is_member_on(today.date_naive()) {
                continue;
            }
            for (mode, name) in [(Mode::Fixed, "fixed"), (Mode::Conscious, "conscious")] {
                let command = Command {
                    on: today.date_naive(),
                    kind: CommandKind::PayContribution {
                        from: Account::Member(member.clone()),
                        to: Account::Garden(garden.clone()),
                        amount: Amount::parse("10").expect("an amount"),
                        currency: CurrencyCode::euro(),
                        mode,
                        pays_for: PaysFor::OneOff,
                        note: Text::new("").expect("a text"),
                    },
                };
                if ledger.append(&command, None, today).is_ok() {
                    let body = format!(
                        r#"{{"from":"member:{member}","to":"garden:{garden}","amount":"10","currency":"EUR","mode":"{name}"}}"#
                    );
                    return (core.to_string(), body);
                }
            }
        }
    }
    panic!("no garden of the community accepts a member's one-off payment");
}

/// 256-byte writes each followed by `sync_data`, for `seconds`: what one durable write costs
/// on this disk, the ceiling of a log that flushes every group.
fn fsync_limit(dir: &Path, seconds: f64) -> (f64, f64) {
    let path = dir.join("fsync-probe");
    let mut file = std::fs::File::create(&path).expect("a probe file");
    let block = [7u8; 256];
    let started = Instant::now();
    let mut count = 0u64;
    while started.elapsed().as_secs_f64() < seconds {
        file.write_all(&block).expect("a write");
        file.sync_data().expect("sync_data");
        count += 1;
    }
    let elapsed = started.elapsed().as_secs_f64();
    let _ = std::fs::remove_file(&path);
    (count as f64 / elapsed, elapsed / count as f64 * 1e6)
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index].as_secs_f64() * 1000.0
}

fn main() {
    let measuring = support::measuring();
    let events = support::events();
    let seconds = if measuring {
        setting("JARDINS_LOAD_SECONDS", 30)
    } else {
        1
    };
    let writers = if measuring {
        setting("JARDINS_LOAD_WRITERS", 64)
    } else {
        4
    } as usize;
    let readers = if measuring {
        setting("JARDINS_LOAD_READERS", 8)
    } else {
        1
    } as usize;
    let dir = support::scratch_dir();
    let path = dir.path().join("ledger");

    let (core, body, garden) = {
        let ledger = support::ledger_with(&path, &support::community_jsonl(events));
        let garden = support::first_garden(&ledger);
        let (core, body) = accepted_payment(&ledger);
        (core, body, garden)
    };
    let token = {
        // sled lets go of its lock a moment after the ledger is dropped.
        let ledger = Ledger::open(&path, Duration::from_secs(10)).expect("reopened");
        let token = format!("bench-{}", std::process::id());
        let person = core.parse().expect("a person");
        ledger
            .access()
            .expect("access")
            .issue_token(&person, &token, None, chrono::Utc::now())
            .expect("a token");
        token
    };
    std::thread::sleep(Duration::from_millis(500));
    let (fsyncs, fsync_us) = fsync_limit(dir.path(), if measuring { 3.0 } else { 0.2 });

    let (mut server, addr) = start_server(Path::new(env!("CARGO_BIN_EXE_jardins")), &path);
    let auth = Arc::new(format!("Bearer {token}"));
    let body = Arc::new(body);
    let read_path = Arc::new(format!("/api/v1/gardens/{garden}/balance"));
    let stop = Instant::now() + Duration::from_secs(seconds);
    let started = Instant::now();
    let mut threads = Vec::new();
    for w in 0..writers {
        let (auth, body) = (auth.clone(), body.clone());
        threads.push(std::thread::spawn(move || {
            let mut connection = Connection::open(addr).expect("a connection");
            let mut latencies = Vec::new();
            let mut n = 0u64;
            while Instant::now() < stop {
                n += 1;
                let key = format!("load-{w}-{n}");
                let headers = [
                    ("Authorization", auth.as_str()),
                    ("Idempotency-Key", key.as_str()),
                ];
                let sent = Instant::now();
                let (status, answer) = connection
                    .send("POST", "/api/v1/payments", &headers, body.as_bytes())
                    .expect("an answer");
                assert_eq!(status, 201, "{}", String::from_utf8_lossy(&answer));
                latencies.push(sent.elapsed());
            }
            (true, latencies)
        }));
    }
    for _ in 0..readers {
        let (auth, read_path) = (auth.clone(), read_path.clone());
        threads.push(std::thread::spawn(move || {
            let mut connection = Connection::open(addr).expect("a connection");
            let mut latencies = Vec::new();
            while Instant::now() < stop {
                let headers = [("Authorization", auth.as_str())];
                let sent = Instant::now();
                let (status, answer) = connection
                    .send("GET", &read_path, &headers, b"")
                    .expect("an answer");
                assert_eq!(status, 200, "{}", String::from_utf8_lossy(&answer));
                latencies.push(sent.elapsed());
            }
            (false, latencies)
        }));
    }
    let mut writes = Vec::new();
    let mut reads = Vec::new();
    for thread in threads {
        let (write, latencies) = thread.join().expect("a client");
        if write {
            writes.extend(latencies)
        } else {
            reads.extend(latencies)
        }
    }
    let elapsed = started.elapsed().as_secs_f64();
    let _ = std::process::Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status();
    let status = server.wait().expect("the server stops");
    assert!(status.success(), "the server stops cleanly");
    writes.sort();
    reads.sort();
    println!("serve_load: {events} events, {writers} writers, {readers} readers, {elapsed:.1} s");
    println!(
        "  payments acknowledged: {} ({:.0}/s), p50 {:.1} ms, p99 {:.1} ms",
        writes.len(),
        writes.len() as f64 / elapsed,
        percentile(&writes, 0.50),
        percentile(&writes, 0.99)
    );
    println!(
        "  balance reads: {} ({:.0}/s), p50 {:.1} ms, p99 {:.1} ms",
        reads.len(),
        reads.len() as f64 / elapsed,
        percentile(&reads, 0.50),
        percentile(&reads, 0.99)
    );
    println!("  fsync limit (256-byte write + sync_data): {fsyncs:.0}/s, {fsync_us:.0} µs each");
}
