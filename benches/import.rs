//! Import throughput: a community of `JARDINS_BENCH_EVENTS` events, as JSON Lines in memory,
//! imported into a new ledger (every line judged by the rules, written in atomic batches, each
//! batch flushed). The ledger's creation is not measured; the import is, to its last flush.

#[path = "support/mod.rs"]
mod support;

use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use jardins_store::Ledger;

fn import(c: &mut Criterion) {
    let events = support::events();
    let jsonl = support::community_jsonl(events);
    let dir = support::scratch_dir();

    let mut group = c.benchmark_group("import");
    group.sample_size(10);
    group.warm_up_time(Duration::from_millis(500));
    group.measurement_time(Duration::from_secs(5));
    group.throughput(Throughput::Elements(events));
    let mut made: u64 = 0;
    group.bench_function(format!("community_{events}_events"), |b| {
        b.iter_custom(|iters| {
            let mut took = Duration::ZERO;
            for _ in 0..iters {
                made += 1;
                let path = dir.path().join(format!("ledger-{made}"));
                let ledger = Ledger::create(&path, support::now()).expect("a new ledger");
                let started = Instant::now();
                let summary = ledger
                    .import_jsonl(&mut &jsonl[..], support::now(), &mut |_| {})
                    .expect("the community imports");
                took += started.elapsed();
                assert_eq!(summary.appended, events, "every line was appended");
                drop(ledger);
                std::fs::remove_dir_all(&path).expect("the scratch ledger can be removed");
            }
            took
        })
    });
    group.finish();
}

criterion_group!(benches, import);
criterion_main!(benches);
