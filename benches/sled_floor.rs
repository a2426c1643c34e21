//! What sled 0.34.7 itself costs, with nothing of jardins around it: the floor under the
//! ledger's figures. `JARDINS_BENCH_EVENTS` keys shaped like the log's (`L` + sequence, big
//! endian) with values the size of an average record (`RECORD_BYTES`), inserted in key order in
//! atomic batches of `BATCH_KEYS`, each flushed; then iterated in order; then the database
//! reopened. The ledger writes about four keys per event (record, postings, daily sums) and
//! reads them back the same way, so its import and verify cannot beat these rates.

#[path = "support/mod.rs"]
mod support;

use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

/// An average stored record: the 81-byte header and about 76 bytes of event.
const RECORD_BYTES: usize = 157;
/// Keys per atomic batch: the ledger's import batches hold about this many keys.
const BATCH_KEYS: u64 = 4_000;

fn key(sequence: u64) -> [u8; 9] {
    let mut key = [b'L'; 9];
    key[1..].copy_from_slice(&sequence.to_be_bytes());
    key
}

fn fill(db: &sled::Db, keys: u64) {
    let value = vec![0xA5_u8; RECORD_BYTES];
    let mut next = 1;
    while next <= keys {
        let mut batch = sled::Batch::default();
        let end = (next + BATCH_KEYS).min(keys + 1);
        for sequence in next..end {
            batch.insert(&key(sequence), value.clone());
        }
        db.apply_batch(batch).expect("sled writes a batch");
        db.flush().expect("sled flushes");
        next = end;
    }
}

fn sled_floor(c: &mut Criterion) {
    let keys = support::events();
    let dir = support::scratch_dir();
    let mut group = c.benchmark_group(format!("sled_floor_{keys}_keys"));
    group.sample_size(10);
    group.warm_up_time(Duration::from_millis(500));
    group.measurement_time(Duration::from_secs(5));
    group.throughput(Throughput::Elements(keys));

    let mut made: u64 = 0;
    group.bench_function("insert_in_batches", |b| {
        b.iter_custom(|iters| {
            let mut took = Duration::ZERO;
            for _ in 0..iters {
                made += 1;
                let path = dir.path().join(format!("db-{made}"));
                let db = support::sled_db(&path);
                let started = Instant::now();
                fill(&db, keys);
                took += started.elapsed();
                drop(db);
                std::fs::remove_dir_all(&path).expect("the scratch database can be removed");
            }
            took
        })
    });

    let path = dir.path().join("kept");
    let db = support::sled_db(&path);
    fill(&db, keys);
    group.bench_function("iterate", |b| {
        b.iter(|| {
            let mut bytes = 0;
            for item in db.iter() {
                let (_, value) = item.expect("sled reads");
                bytes += value.len();
            }
            assert_eq!(bytes as u64, keys * RECORD_BYTES as u64);
        })
    });
    drop(db);

    group.throughput(Throughput::Elements(1));
    group.bench_function("open", |b| {
        b.iter(|| {
            let db = support::sled_db(&path);
            assert!(db.get(key(keys)).expect("sled reads").is_some());
        })
    });
    group.finish();
}

criterion_group!(benches, sled_floor);
criterion_main!(benches);
