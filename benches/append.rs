//! Durable append: one command decided, recorded and flushed to disk before its receipt,
//! beside this machine's fsync limit measured in the same run on the same disk (a small write
//! then `File::sync_data`, again and again). An append cannot beat one sync; the target is at
//! least 0.6 of the limit (the limit's time over the append's).
//!
//! The ledger first holds a community of `JARDINS_BENCH_EVENTS` events; each measured append
//! is the next command of a longer community with the same seed, so every one is accepted.

#[path = "support/mod.rs"]
mod support;

use std::io::Write;
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use jardins_ledger::Command;

/// Bytes of each synced write: about what one small record adds to a log.
const SYNCED_WRITE_BYTES: usize = 256;
/// The values an append of a payment writes, in bytes, on average at 100,000 events (counted
/// in `Work::commit` on 2026-12-02): the head (41), the open log page (2,687) and two runs of
/// postings (4,989 each), 12.7 KB in all.
const APPEND_VALUE_BYTES: [usize; 4] = [41, 2_687, 4_989, 4_989];
/// Commands the measured appends may use, beyond the prefilled history: more than a run at
/// the fastest plausible sync rate (a few tens of thousands a second, over a few seconds) asks.
const MAX_APPENDS: u64 = 200_000;

fn durable_append(c: &mut Criterion) {
    let prefill = support::events();
    let dir = support::scratch_dir();

    let mut group = c.benchmark_group("durable_append");
    group.sample_size(10);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(3));
    group.throughput(Throughput::Elements(1));

    // The limit: a small write and a data sync, on a file beside the ledger.
    let synced_path = dir.path().join("synced-writes");
    let mut synced =
        std::fs::File::create(&synced_path).expect("a file can be made beside the ledger");
    let block = [0x5A_u8; SYNCED_WRITE_BYTES];
    group.bench_function("fsync_limit", |b| {
        b.iter(|| {
            synced
                .write_all(&block)
                .expect("the disk takes a small write");
            synced.sync_data().expect("the disk syncs");
        })
    });

    // sled alone: the same keys written again with values of an append's sizes, in one
    // atomic batch, then flushed. Nothing of jardins is around it: the floor under an append.
    let floor = support::sled_db(&dir.path().join("sled-alone"));
    let values: Vec<Vec<u8>> = APPEND_VALUE_BYTES
        .iter()
        .map(|bytes| vec![0xA5_u8; *bytes])
        .collect();
    group.bench_function("sled_batch_then_flush", |b| {
        b.iter(|| {
            let mut batch = sled::Batch::default();
            for (index, value) in values.iter().enumerate() {
                batch.insert(&[b'K', index as u8][..], value.clone());
            }
            floor.apply_batch(batch).expect("sled writes a batch");
            floor.flush().expect("sled flushes");
        })
    });
    drop(floor);

    // The append: the first `prefill` events imported, then one command at a time.
    let total = prefill + MAX_APPENDS;
    let mut stream = jardins_generate::community(total, support::SEED);
    let mut history = Vec::new();
    for event in stream
        .by_ref()
        .take(usize::try_from(prefill).expect("a bench size fits"))
    {
        history.extend_from_slice(jardins_store::json::event_line(&event).as_bytes());
        history.push(b'\n');
    }
    let ledger = support::ledger_with(&dir.path().join("ledger"), &history);
    let now = support::now();
    let mut appended: u64 = 0;
    // sled 0.34 makes its writes stable with `sync_file_range`, which waits for the data to
    // reach the device but neither flushes the device's cache nor the file's metadata (as
    // `fdatasync` does). The second variant adds one `sync_data` on sled's file after each
    // append: what a sync as strong as the limit's costs on top.
    let db_file = std::fs::File::open(ledger.path().join("db")).expect("sled's file can be opened");
    for (name, sync_data) in [
        ("append_one_command", false),
        ("append_one_command_then_sync_data", true),
    ] {
        group.bench_function(name, |b| {
            b.iter_custom(|iters| {
                // Commands are made before the clock starts: only the append is measured.
                let commands: Vec<Command> = stream
                    .by_ref()
                    .take(usize::try_from(iters).expect("an iteration count fits"))
                    .map(|event| Command::from_event(&event))
                    .collect();
                assert_eq!(
                    commands.len() as u64,
                    iters,
                    "the community ran out after {appended} appends: raise MAX_APPENDS"
                );
                let started = Instant::now();
                for command in &commands {
                    let receipt = ledger
                        .append(command, None, now)
                        .expect("the community's next command is accepted");
                    assert!(
                        !receipt.replayed,
                        "no command of the stream repeats another"
                    );
                    if sync_data {
                        db_file.sync_data().expect("the disk syncs");
                    }
                }
                let took = started.elapsed();
                appended += iters;
                took
            })
        });
    }
    group.finish();
    assert_eq!(
        ledger.head().sequence,
        1 + prefill + appended,
        "every append added one event"
    );
}

criterion_group!(benches, durable_append);
criterion_main!(benches);
