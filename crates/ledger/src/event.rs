//! Events: immutable facts, in the past tense, each with the date it took effect.
//!
//! `EventKind` is append-only: a variant is never reordered or removed, because recorded
//! ledgers hold them. (The byte form lives in the store crate; this order is still the
//! order readers expect.)

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::account::Account;
use crate::constitution::{Cadence, CollectionKind, Constitution};
use crate::ids::{CommitmentId, GardenId, Name, PersonId, RoleId, Text};
use crate::money::{Amount, Currency, CurrencyCode};
use crate::period::Period;

/// Most people in a garden's core.
pub const MAX_CORE_PEOPLE: usize = 64;

/// What kind of garden it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GardenKind {
    /// Gardeners of one territory (Paris, Grenoble, Sud-Ouest).
    Local { territory: Name },
    /// Gardeners of several territories around one theme.
    Thematic { theme: Name },
    /// Internal garden of one organisation: only its members may see it.
    Organisation { organisation: Name },
}

impl GardenKind {
    pub fn label(&self) -> String {
        match self {
            GardenKind::Local { territory } => format!("local ({territory})"),
            GardenKind::Thematic { theme } => format!("thematic ({theme})"),
            GardenKind::Organisation { organisation } => {
                format!("organisation ({organisation}), members only")
            }
        }
    }

    pub fn members_only(&self) -> bool {
        matches!(self, GardenKind::Organisation { .. })
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MemberRole {
    Gardener,
    Companion,
}

impl MemberRole {
    pub fn as_str(self) -> &'static str {
        match self {
            MemberRole::Gardener => "gardener",
            MemberRole::Companion => "companion",
        }
    }
}

/// How a payment was made: the set amount, or pay-what-you-feel.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Mode {
    Fixed,
    Conscious,
}

impl Mode {
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Fixed => "fixed",
            Mode::Conscious => "conscious",
        }
    }
}

/// What a contribution pays for. Append-only, like `EventKind`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PaysFor {
    Commitment(CommitmentId),
    Period(Period),
    OneOff,
    /// A commitment, for one of its periods (`pay --commitment C --period P`).
    CommitmentPeriod {
        commitment: CommitmentId,
        period: Period,
    },
}

impl PaysFor {
    /// The commitment it names, if it names one.
    pub fn commitment(&self) -> Option<&CommitmentId> {
        match self {
            PaysFor::Commitment(id) | PaysFor::CommitmentPeriod { commitment: id, .. } => Some(id),
            PaysFor::Period(_) | PaysFor::OneOff => None,
        }
    }

    /// The period it names, if it names one.
    pub fn period(&self) -> Option<Period> {
        match self {
            PaysFor::Period(period) | PaysFor::CommitmentPeriod { period, .. } => Some(*period),
            PaysFor::Commitment(_) | PaysFor::OneOff => None,
        }
    }

    /// As the log and the exports write it: `commitment C`, `2026-03`, `commitment C for
    /// 2026-03`, `one-off`.
    pub fn label(&self) -> String {
        match self {
            PaysFor::Commitment(id) => format!("commitment {id}"),
            PaysFor::Period(period) => period.to_string(),
            PaysFor::OneOff => "one-off".to_string(),
            PaysFor::CommitmentPeriod { commitment, period } => {
                format!("commitment {commitment} for {period}")
            }
        }
    }
}

/// A person of a garden's core, named when the garden opens.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CorePerson {
    pub person: PersonId,
    pub name: Name,
}

/// How a posting moves money, seen from its account.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FlowKind {
    ContributionFromMember,
    ContributionFromGarden,
    ContributionToGarden,
    ContributionToBigGarden,
    RoleValued,
    Collection,
    Expense,
}

impl FlowKind {
    pub const ALL: [FlowKind; 7] = [
        FlowKind::ContributionFromMember,
        FlowKind::ContributionFromGarden,
        FlowKind::ContributionToGarden,
        FlowKind::ContributionToBigGarden,
        FlowKind::RoleValued,
        FlowKind::Collection,
        FlowKind::Expense,
    ];

    /// Where this kind stands in `ALL` (its declaration order): a slot for it in an array of
    /// `ALL.len()`.
    pub fn index(self) -> usize {
        self as usize
    }

    pub fn as_str(self) -> &'static str {
        match self {
            FlowKind::ContributionFromMember => "contributions from members",
            FlowKind::ContributionFromGarden => "contributions from gardens",
            FlowKind::ContributionToGarden => "contributions to gardens",
            FlowKind::ContributionToBigGarden => "contributions to the big garden",
            FlowKind::RoleValued => "valued roles",
            FlowKind::Collection => "collections",
            FlowKind::Expense => "expenses",
        }
    }
}

/// One line of double entry: `amount` (signed) of `currency` on `account`. The postings of one
/// event sum to zero per currency.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Posting {
    pub account: Account,
    pub currency: CurrencyCode,
    pub amount: Decimal,
    pub kind: FlowKind,
}

/// A recorded fact and the date it took effect.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    /// The calendar date the fact took effect, chosen by the person recording it.
    pub on: NaiveDate,
    pub kind: EventKind,
}

/// Append-only: never reorder or remove a variant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EventKind {
    CurrencyDeclared {
        currency: Currency,
    },
    GardenOpened {
        garden: GardenId,
        name: Name,
        kind: GardenKind,
        core: Vec<CorePerson>,
    },
    ConstitutionAdopted {
        garden: GardenId,
        constitution: Constitution,
    },
    MemberJoined {
        garden: GardenId,
        person: PersonId,
        name: Name,
        role: MemberRole,
    },
    MemberLeft {
        garden: GardenId,
        person: PersonId,
    },
    /// The garden pays `holder` for a role its constitution values.
    RoleValued {
        garden: GardenId,
        role: RoleId,
        holder: PersonId,
        amount: Amount,
        currency: CurrencyCode,
        period: Period,
        /// The constitution version this was judged against; `None` when the garden had none.
        judged_by: Option<u32>,
    },
    CommitmentMade {
        commitment: CommitmentId,
        garden: GardenId,
        person: PersonId,
        /// The minimum committed, per period of `cadence`.
        amount: Amount,
        currency: CurrencyCode,
        cadence: Cadence,
        from: NaiveDate,
        until: Option<NaiveDate>,
        judged_by: Option<u32>,
    },
    CommitmentEnded {
        commitment: CommitmentId,
        /// The last day the commitment runs.
        until: NaiveDate,
    },
    ContributionPaid {
        from: Account,
        to: Account,
        amount: Amount,
        currency: CurrencyCode,
        mode: Mode,
        pays_for: PaysFor,
        judged_by: Option<u32>,
        note: Text,
    },
    CollectionRecorded {
        garden: GardenId,
        collection: CollectionKind,
        amount: Amount,
        currency: CurrencyCode,
        mode: Mode,
        judged_by: Option<u32>,
        note: Text,
    },
    ExpensePaid {
        payer: Account,
        amount: Amount,
        currency: CurrencyCode,
        note: Text,
    },
    /// A correction: undoes the postings of entry `entry`, which stays in the log.
    EntryReversed {
        entry: u64,
        reason: Text,
        /// The original's postings, negated.
        postings: Vec<Posting>,
    },
    GardenClosed {
        garden: GardenId,
        reason: Text,
    },
}

impl EventKind {
    /// Every fact's name (`name`), in the order of the enum: what a filter by kind may name.
    pub const NAMES: [&'static str; 13] = [
        "CurrencyDeclared",
        "GardenOpened",
        "ConstitutionAdopted",
        "MemberJoined",
        "MemberLeft",
        "RoleValued",
        "CommitmentMade",
        "CommitmentEnded",
        "ContributionPaid",
        "CollectionRecorded",
        "ExpensePaid",
        "EntryReversed",
        "GardenClosed",
    ];

    /// The fact's name, as the log and the exports show it.
    pub fn name(&self) -> &'static str {
        match self {
            EventKind::CurrencyDeclared { .. } => "CurrencyDeclared",
            EventKind::GardenOpened { .. } => "GardenOpened",
            EventKind::ConstitutionAdopted { .. } => "ConstitutionAdopted",
            EventKind::MemberJoined { .. } => "MemberJoined",
            EventKind::MemberLeft { .. } => "MemberLeft",
            EventKind::RoleValued { .. } => "RoleValued",
            EventKind::CommitmentMade { .. } => "CommitmentMade",
            EventKind::CommitmentEnded { .. } => "CommitmentEnded",
            EventKind::ContributionPaid { .. } => "ContributionPaid",
            EventKind::CollectionRecorded { .. } => "CollectionRecorded",
            EventKind::ExpensePaid { .. } => "ExpensePaid",
            EventKind::EntryReversed { .. } => "EntryReversed",
            EventKind::GardenClosed { .. } => "GardenClosed",
        }
    }
}

fn flow_kinds(from: &Account, to: &Account) -> (FlowKind, FlowKind) {
    let out = match to {
        Account::BigGarden => FlowKind::ContributionToBigGarden,
        _ => FlowKind::ContributionToGarden,
    };
    let into = match from {
        Account::Member(_) => FlowKind::ContributionFromMember,
        _ => FlowKind::ContributionFromGarden,
    };
    (out, into)
}

impl Event {
    /// The double-entry postings of this event: empty for events that move no money.
    pub fn postings(&self) -> Vec<Posting> {
        let pair = |from: Account,
                    to: Account,
                    amount: &Amount,
                    currency: &CurrencyCode,
                    kinds: (FlowKind, FlowKind)| {
            vec![
                Posting {
                    account: from,
                    currency: currency.clone(),
                    amount: -amount.value(),
                    kind: kinds.0,
                },
                Posting {
                    account: to,
                    currency: currency.clone(),
                    amount: amount.value(),
                    kind: kinds.1,
                },
            ]
        };
        match &self.kind {
            EventKind::RoleValued {
                garden,
                holder,
                amount,
                currency,
                ..
            } => pair(
                Account::Garden(garden.clone()),
                Account::Member(holder.clone()),
                amount,
                currency,
                (FlowKind::RoleValued, FlowKind::RoleValued),
            ),
            EventKind::ContributionPaid {
                from,
                to,
                amount,
                currency,
                ..
            } => pair(
                from.clone(),
                to.clone(),
                amount,
                currency,
                flow_kinds(from, to),
            ),
            EventKind::CollectionRecorded {
                garden,
                amount,
                currency,
                ..
            } => pair(
                Account::Outside,
                Account::Garden(garden.clone()),
                amount,
                currency,
                (FlowKind::Collection, FlowKind::Collection),
            ),
            EventKind::ExpensePaid {
                payer,
                amount,
                currency,
                ..
            } => pair(
                payer.clone(),
                Account::Outside,
                amount,
                currency,
                (FlowKind::Expense, FlowKind::Expense),
            ),
            EventKind::EntryReversed { postings, .. } => postings.clone(),
            _ => Vec::new(),
        }
    }

    /// The garden whose constitution judged this event, when it is one of the entries that
    /// record `judged_by` for a garden: a valued role, a commitment, a collection, a member's
    /// contribution to a garden, a garden's contribution to the big garden. It is judged
    /// whether or not a version was in force on its date (`judged_by: None` is a judgment
    /// too). A contribution between two gardens, or from a member to the big garden, is
    /// judged by no garden's constitution, and neither is any other event.
    pub fn judged_for(&self) -> Option<&GardenId> {
        match &self.kind {
            EventKind::RoleValued { garden, .. }
            | EventKind::CommitmentMade { garden, .. }
            | EventKind::CollectionRecorded { garden, .. } => Some(garden),
            EventKind::ContributionPaid { from, to, .. } => judging_garden(from, to),
            _ => None,
        }
    }

    /// Whether this event moves money (and so may be reversed).
    pub fn moves_money(&self) -> bool {
        matches!(
            self.kind,
            EventKind::RoleValued { .. }
                | EventKind::ContributionPaid { .. }
                | EventKind::CollectionRecorded { .. }
                | EventKind::ExpensePaid { .. }
        )
    }
}

/// The garden whose constitution judges a contribution from `from` to `to`: the receiving
/// garden's minimum commitments for a member's payment, the paying garden's contributions to
/// the big garden for a garden's payment to it; none for any other pair.
pub fn judging_garden<'a>(from: &'a Account, to: &'a Account) -> Option<&'a GardenId> {
    match (from, to) {
        (Account::Member(_), Account::Garden(garden))
        | (Account::Garden(garden), Account::BigGarden) => Some(garden),
        _ => None,
    }
}

/// Checks the double-entry invariant: per currency, the postings sum to zero. Postings whose
/// sum would overflow do not balance.
pub fn postings_balance(postings: &[Posting]) -> bool {
    let mut sums: std::collections::BTreeMap<&CurrencyCode, Decimal> = Default::default();
    for posting in postings {
        let sum = sums.entry(&posting.currency).or_default();
        match sum.checked_add(posting.amount) {
            Some(total) => *sum = total,
            None => return false,
        }
    }
    sums.values().all(|sum| sum.is_zero())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn posting(amount: Decimal) -> Posting {
        Posting {
            account: Account::Outside,
            currency: CurrencyCode::euro(),
            amount,
            kind: FlowKind::Expense,
        }
    }

    #[test]
    fn each_flow_kind_indexes_its_own_place_in_all() {
        // Given every flow kind, when its index is taken, then `ALL` holds it there.
        for (place, kind) in FlowKind::ALL.into_iter().enumerate() {
            assert_eq!(kind.index(), place, "{kind:?}");
        }
    }

    #[test]
    fn postings_whose_sum_overflows_do_not_balance_and_do_not_panic() {
        // Given two postings of Decimal::MAX in one currency, then one of -MAX twice,
        // when their balance is checked, then it is false (the sum overflows), not a panic.
        let postings = [
            posting(Decimal::MAX),
            posting(Decimal::MAX),
            posting(Decimal::MIN),
            posting(Decimal::MIN),
        ];
        assert!(!postings_balance(&postings));
        // And postings that do sum to zero still balance.
        assert!(postings_balance(&[
            posting(Decimal::MAX),
            posting(Decimal::MIN)
        ]));
    }
}
