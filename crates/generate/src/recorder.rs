//! Records commands the way the ledger does: `decide` on the current state, then `State::apply`.

use chrono::NaiveDate;
use jardins_ledger::{
    decide, evolve, Account, Change, Command, Currency, Event, EventKind, Refusal, State,
};

/// A ledger in memory: the state, the last sequence number, and the "today" commands are
/// decided with. It starts as a fresh ledger does, with the euro declared as event 1.
#[derive(Clone, Debug)]
pub struct Recorder {
    state: State,
    last_sequence: u64,
    today: NaiveDate,
}

impl Recorder {
    /// A fresh ledger: event 1, the euro's declaration, already applied.
    pub fn new(today: NaiveDate) -> Self {
        let mut state = State::default();
        let euro = Event {
            on: NaiveDate::MIN,
            kind: EventKind::CurrencyDeclared {
                currency: Currency::euro(),
            },
        };
        state.apply(1, &euro);
        Recorder {
            state,
            last_sequence: 1,
            today,
        }
    }

    /// Decides `command` and, when accepted, applies its events; returns them.
    pub fn record(&mut self, command: &Command) -> Result<Vec<Event>, Refusal> {
        let events = decide(&self.state, command, self.today)?;
        for event in &events {
            self.last_sequence += 1;
            self.state.apply(self.last_sequence, event);
        }
        Ok(events)
    }

    /// Like `record`, but keeps out of the state what a synthetic community never asks
    /// `decide` about: members' balances, and every entry but one money entry in
    /// `keep_one_entry_in` (reversals pick among those kept). The events are the same; the
    /// state stays smaller and faster to search.
    pub(crate) fn record_lean(
        &mut self,
        command: &Command,
        keep_one_entry_in: u64,
    ) -> Result<Vec<Event>, Refusal> {
        let events = decide(&self.state, command, self.today)?;
        for event in &events {
            self.last_sequence += 1;
            for change in evolve(&self.state, self.last_sequence, event) {
                let needed = match &change {
                    Change::Posted { posting, .. } => {
                        !matches!(posting.account, Account::Member(_))
                    }
                    Change::EntryRecorded(sequence, entry) => {
                        entry.moves_money && sequence % keep_one_entry_in.max(1) == 0
                    }
                    _ => true,
                };
                if needed {
                    self.state.put(change);
                }
            }
        }
        Ok(events)
    }

    pub fn state(&self) -> &State {
        &self.state
    }

    /// For pruning what the caller will never read again; never for adding.
    pub(crate) fn state_mut(&mut self) -> &mut State {
        &mut self.state
    }

    /// Sequence number of the last event recorded (1 when only the euro is declared).
    pub fn last_sequence(&self) -> u64 {
        self.last_sequence
    }

    pub fn today(&self) -> NaiveDate {
        self.today
    }
}
