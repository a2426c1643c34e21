//! Commands: what a person asks the ledger to record, in the imperative. `decide` turns a
//! command into events or refuses it.

use chrono::NaiveDate;

use crate::account::Account;
use crate::constitution::{Cadence, CollectionKind, Constitution};
use crate::event::{CorePerson, GardenKind, MemberRole, Mode, PaysFor};
use crate::ids::{CommitmentId, GardenId, Name, PersonId, RoleId, Text};
use crate::money::{Amount, Currency, CurrencyCode};
use crate::period::Period;

/// A command and the date it is to take effect.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Command {
    pub on: NaiveDate,
    pub kind: CommandKind,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CommandKind {
    DeclareCurrency {
        currency: Currency,
    },
    OpenGarden {
        garden: GardenId,
        name: Name,
        kind: GardenKind,
        core: Vec<CorePerson>,
    },
    /// The constitution's effective date is the command's date.
    AdoptConstitution {
        garden: GardenId,
        constitution: Constitution,
    },
    JoinGarden {
        garden: GardenId,
        person: PersonId,
        name: Name,
        role: MemberRole,
    },
    LeaveGarden {
        garden: GardenId,
        person: PersonId,
    },
    ValueRole {
        garden: GardenId,
        role: RoleId,
        holder: PersonId,
        amount: Amount,
        currency: CurrencyCode,
        period: Period,
    },
    MakeCommitment {
        commitment: CommitmentId,
        garden: GardenId,
        person: PersonId,
        amount: Amount,
        currency: CurrencyCode,
        cadence: Cadence,
        from: NaiveDate,
        until: Option<NaiveDate>,
    },
    EndCommitment {
        commitment: CommitmentId,
        until: NaiveDate,
    },
    PayContribution {
        from: Account,
        to: Account,
        amount: Amount,
        currency: CurrencyCode,
        mode: Mode,
        pays_for: PaysFor,
        note: Text,
    },
    RecordCollection {
        garden: GardenId,
        collection: CollectionKind,
        amount: Amount,
        currency: CurrencyCode,
        mode: Mode,
        note: Text,
    },
    PayExpense {
        payer: Account,
        amount: Amount,
        currency: CurrencyCode,
        note: Text,
    },
    ReverseEntry {
        entry: u64,
        reason: Text,
    },
    CloseGarden {
        garden: GardenId,
        reason: Text,
    },
}

impl Command {
    /// The command that would record `event` again: how an imported event is judged by the
    /// same rules as a typed one. `decide` on it gives back `event` when the event is sound.
    pub fn from_event(event: &crate::event::Event) -> Command {
        use crate::event::EventKind as E;
        let kind = match event.kind.clone() {
            E::CurrencyDeclared { currency } => CommandKind::DeclareCurrency { currency },
            E::GardenOpened {
                garden,
                name,
                kind,
                core,
            } => CommandKind::OpenGarden {
                garden,
                name,
                kind,
                core,
            },
            E::ConstitutionAdopted {
                garden,
                constitution,
            } => CommandKind::AdoptConstitution {
                garden,
                constitution,
            },
            E::MemberJoined {
                garden,
                person,
                name,
                role,
            } => CommandKind::JoinGarden {
                garden,
                person,
                name,
                role,
            },
            E::MemberLeft { garden, person } => CommandKind::LeaveGarden { garden, person },
            E::RoleValued {
                garden,
                role,
                holder,
                amount,
                currency,
                period,
                ..
            } => CommandKind::ValueRole {
                garden,
                role,
                holder,
                amount,
                currency,
                period,
            },
            E::CommitmentMade {
                commitment,
                garden,
                person,
                amount,
                currency,
                cadence,
                from,
                until,
                ..
            } => CommandKind::MakeCommitment {
                commitment,
                garden,
                person,
                amount,
                currency,
                cadence,
                from,
                until,
            },
            E::CommitmentEnded { commitment, until } => {
                CommandKind::EndCommitment { commitment, until }
            }
            E::ContributionPaid {
                from,
                to,
                amount,
                currency,
                mode,
                pays_for,
                note,
                ..
            } => CommandKind::PayContribution {
                from,
                to,
                amount,
                currency,
                mode,
                pays_for,
                note,
            },
            E::CollectionRecorded {
                garden,
                collection,
                amount,
                currency,
                mode,
                note,
                ..
            } => CommandKind::RecordCollection {
                garden,
                collection,
                amount,
                currency,
                mode,
                note,
            },
            E::ExpensePaid {
                payer,
                amount,
                currency,
                note,
            } => CommandKind::PayExpense {
                payer,
                amount,
                currency,
                note,
            },
            E::EntryReversed { entry, reason, .. } => CommandKind::ReverseEntry { entry, reason },
            E::GardenClosed { garden, reason } => CommandKind::CloseGarden { garden, reason },
        };
        Command { on: event.on, kind }
    }
}
