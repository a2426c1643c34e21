//! The domain of `jardins`: money, identifiers, events, constitutions, the rules that decide
//! whether a command may be recorded (`decide`) and the projections derived from recorded
//! events (`State::apply`, `evolve`).
//!
//! This crate never does IO, never encodes bytes and never reads the clock: the caller passes
//! "today" to `decide`. Everything here is a pure function of its inputs.

pub mod account;
pub mod command;
pub mod constitution;
pub mod decide;
pub mod event;
pub mod ids;
pub mod money;
pub mod period;
pub mod refusal;
pub mod state;

pub use account::Account;
pub use command::{Command, CommandKind};
pub use constitution::{
    Cadence, CollectionKind, CollectionRule, Constitution, EconomicModel, FlowRule, ModeRule,
    RoleRule,
};
pub use decide::decide;
pub use event::{CorePerson, Event, EventKind, MemberRole, Mode, PaysFor, Posting};
pub use ids::{CommitmentId, GardenId, Name, PersonId, RoleId, Text};
pub use money::{Amount, Currency, CurrencyCode, CurrencyKind};
pub use period::{Month, Period};
pub use refusal::{Refusal, Value, Word};
pub use state::{
    evolve, Change, CommitmentState, EntryState, FlowKind, GardenKind, GardenState, KeyList, Keys,
    MemberState, PersonState, Spell, State, View,
};

/// Upper bound on the number of events in one ledger. With `money::MAX_AMOUNT` it bounds every
/// sum the ledger can form (10^12 × 10^15 = 10^27) well below `Decimal::MAX` (about 7.9 × 10^28),
/// which is why projection arithmetic cannot overflow.
pub const MAX_EVENTS: u64 = 1_000_000_000_000_000;

// The bound above, checked when the crate compiles: two postings per event, each at most
// MAX_AMOUNT, over MAX_EVENTS events, stay below the largest Decimal.
const _: () = assert!(
    (money::MAX_AMOUNT.mantissa() as u128) * 2 * (MAX_EVENTS as u128)
        < rust_decimal::Decimal::MAX.mantissa() as u128
);
