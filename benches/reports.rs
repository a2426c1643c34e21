//! Reading a ledger of `JARDINS_BENCH_EVENTS` events through the library: `verify` (the whole
//! chain and every projection), a garden's balance, the big garden's balance and the audit, and
//! opening the ledger (which every command-line run pays). The ledger is built once.

#[path = "support/mod.rs"]
mod support;

use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use jardins_ledger::Account;
use jardins_report::ChainCheck;
use jardins_store::Ledger;

fn reports(c: &mut Criterion) {
    let events = support::events();
    let dir = support::scratch_dir();
    let path = dir.path().join("ledger");
    let ledger = support::ledger_with(&path, &support::community_jsonl(events));
    let head = ledger.head();
    let garden = Account::Garden(support::first_garden(&ledger));
    let to = jardins_generate::LAST_DAY;

    let mut group = c.benchmark_group(format!("read_{events}_events"));
    group.sample_size(10);
    group.warm_up_time(Duration::from_millis(500));
    group.measurement_time(Duration::from_secs(3));

    group.throughput(Throughput::Elements(head.sequence));
    group.bench_function("verify", |b| {
        b.iter(|| {
            let report = ledger.verify(&mut |_, _| {}).expect("the ledger verifies");
            assert_eq!(report.head, head);
        })
    });

    group.throughput(Throughput::Elements(1));
    group.bench_function("balance_garden", |b| {
        b.iter(|| {
            let report = jardins_report::balance(&ledger, &garden, None, to, false)
                .expect("the garden's balance");
            assert!(
                !report.currencies.is_empty(),
                "a garden reports euros at least"
            );
        })
    });
    group.bench_function("balance_big_garden", |b| {
        b.iter(|| {
            let report = jardins_report::balance(&ledger, &Account::BigGarden, None, to, false)
                .expect("the big garden's balance");
            assert!(
                !report.currencies.is_empty(),
                "the big garden reports euros at least"
            );
        })
    });
    group.bench_function("audit_records_shown", |b| {
        b.iter(|| {
            let report =
                jardins_report::audit_with(&ledger, None, None, to, ChainCheck::RecordsShown)
                    .expect("the audit");
            assert_eq!(report.chain.events, head.sequence);
        })
    });

    drop(ledger);
    group.bench_function("open", |b| {
        b.iter(|| {
            // A wait, not zero: sled lets go of its lock a moment after a drop (spacejam/sled#1289).
            let ledger = Ledger::open(&path, Duration::from_secs(10)).expect("the ledger opens");
            assert_eq!(ledger.head(), head);
        })
    });
    group.finish();
}

criterion_group!(benches, reports);
criterion_main!(benches);
