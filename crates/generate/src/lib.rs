//! Event streams for the jardins ledger: a synthetic community of any size (`community`), for
//! benchmarks and tests, and the demo community (`demo`), a readable year in the life of a few
//! gardens.
//!
//! Both are streams for a fresh ledger, whose event 1 is the euro's declaration: the first event
//! here is sequence 2, and reversals name entries by those sequence numbers. Every event is made
//! by running a command through `jardins_ledger::decide` on the state of the events before it,
//! so importing the stream (which judges each event again) accepts all of it.

mod community;
mod demo;
mod models;
mod names;
mod recorder;
mod rng;

use chrono::NaiveDate;
use jardins_ledger::Event;

pub use community::{Community, MAX_EVENTS};
pub use demo::{demo, demo_commands};
pub use recorder::Recorder;

/// The first day of every synthetic community.
pub const FIRST_DAY: NaiveDate = match NaiveDate::from_ymd_opt(2023, 1, 1) {
    Some(day) => day,
    None => panic!("2023-01-01 is a date"),
};

/// No event of a stream here takes effect after this day.
pub const LAST_DAY: NaiveDate = match NaiveDate::from_ymd_opt(2026, 10, 31) {
    Some(day) => day,
    None => panic!("2026-10-31 is a date"),
};

/// The "today" the streams are decided with: the day after `LAST_DAY`, so that importing them
/// on any later day accepts every date.
pub const DECIDED_ON: NaiveDate = match NaiveDate::from_ymd_opt(2026, 11, 1) {
    Some(day) => day,
    None => panic!("2026-11-01 is a date"),
};

/// A realistic synthetic community of exactly `events` events (at most `MAX_EVENTS`), streamed:
/// local, thematic and organisation gardens, the euro and a complementary currency (`GRAINE`,
/// declared first), members joining and leaving, versioned constitutions, valued roles,
/// commitments, contributions (some to the big garden late or missing), collections, expenses
/// and a few reversals. The same `seed` gives the same events on every build and machine. Dates
/// run from 2023-01-01 and never pass 2026-10-31; they never decrease. Memory follows the size
/// of the community at a time (its gardens and current members), not the length of its
/// history: only a window of recent entries is kept, and people who left are forgotten.
pub fn community(events: u64, seed: u64) -> impl Iterator<Item = Event> {
    Community::new(events, seed)
}
