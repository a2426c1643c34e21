//! Generates a synthetic community and says how long it took and what it holds:
//! `cargo run --release -p jardins-generate --example count -- EVENTS SEED`.

use std::collections::BTreeMap;
use std::time::Instant;

use jardins_generate::Community;

fn main() {
    let mut args = std::env::args().skip(1).map(|a| a.parse::<u64>());
    let events = match args.next() {
        Some(Ok(events)) => events,
        None => 100_000,
        Some(Err(_)) => return eprintln!("usage: count [EVENTS] [SEED]"),
    };
    let seed = match args.next() {
        Some(Ok(seed)) => seed,
        None => 1,
        Some(Err(_)) => return eprintln!("usage: count [EVENTS] [SEED]"),
    };
    let started = Instant::now();
    let mut community = Community::new(events, seed);
    let mut kinds: BTreeMap<&'static str, u64> = BTreeMap::new();
    let (mut first, mut last) = (None, None);
    for event in community.by_ref() {
        first.get_or_insert(event.on);
        last = Some(event.on);
        *kinds.entry(event.kind.name()).or_default() += 1;
    }
    let elapsed = started.elapsed();
    let count: u64 = kinds.values().sum();
    println!(
        "{count} events in {:.2} s ({:.0} events/s), from {} to {}",
        elapsed.as_secs_f64(),
        count as f64 / elapsed.as_secs_f64().max(1e-9),
        first.map_or_else(|| "-".to_string(), |d| d.to_string()),
        last.map_or_else(|| "-".to_string(), |d| d.to_string()),
    );
    println!(
        "{} gardens opened, {} commands refused, {} entries kept in memory",
        community.gardens_opened(),
        community.refused(),
        community.entries_in_memory()
    );
    for (kind, count) in kinds {
        println!("  {kind:20} {count:>9}");
    }
}
