//! A garden's constitution as data: its purpose, entry and exit rules, and its economic model.

use chrono::NaiveDate;

use crate::ids::{Name, RoleId, Text};
use crate::money::{Amount, CurrencyCode};

/// Most rules in one point of an economic model (one per currency and role, in practice a few).
pub const MAX_RULES_PER_POINT: usize = 64;

/// How often a flow is due.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Cadence {
    Monthly,
    Yearly,
    OneOff,
}

impl Cadence {
    pub fn as_str(self) -> &'static str {
        match self {
            Cadence::Monthly => "monthly",
            Cadence::Yearly => "yearly",
            Cadence::OneOff => "one-off",
        }
    }
}

/// The collection mode a constitution sets for a flow.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ModeRule {
    /// A set amount (forfait, prix fixe). For minimum commitments, the minimum.
    Fixed { amount: Amount },
    /// Pay what you feel (participation consciente), with an optional suggestion.
    Conscious { suggested: Option<Amount> },
}

/// One accepted way of paying a flow: a currency, a mode and a cadence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FlowRule {
    pub currency: CurrencyCode,
    pub mode: ModeRule,
    pub cadence: Cadence,
}

/// A role of the garden that is valued with money.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoleRule {
    pub role: RoleId,
    pub name: Name,
    pub rule: FlowRule,
}

/// The other ways a garden collects money.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CollectionKind {
    Event,
    Gathering,
    Fundraising,
}

impl CollectionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            CollectionKind::Event => "event",
            CollectionKind::Gathering => "gathering",
            CollectionKind::Fundraising => "fundraising",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CollectionRule {
    pub kind: CollectionKind,
    pub rule: FlowRule,
}

/// The four points of an economic model (see `domain.md`). Each point lists the accepted
/// currencies with their mode and cadence; an empty point accepts nothing.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EconomicModel {
    /// 1. the garden's internal functions that are valued.
    pub roles: Vec<RoleRule>,
    /// 2. the contributions the garden pays the big garden.
    pub big_garden: Vec<FlowRule>,
    /// 3. the minimum commitments asked of gardeners (the amount of a fixed rule is the minimum).
    pub commitments: Vec<FlowRule>,
    /// 4. the other ways the garden collects money.
    pub collections: Vec<CollectionRule>,
}

/// One version of a garden's constitution. Versions follow each other (1, 2, 3…) and each is
/// in force from its effective date until the next version's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Constitution {
    pub version: u32,
    pub effective: NaiveDate,
    pub purpose: Text,
    pub entry_rules: Text,
    pub exit_rules: Text,
    pub model: EconomicModel,
}

impl Constitution {
    /// Every currency the model names, for checking that each is declared.
    pub fn currencies(&self) -> impl Iterator<Item = &CurrencyCode> {
        let model = &self.model;
        model
            .roles
            .iter()
            .map(|r| &r.rule.currency)
            .chain(model.big_garden.iter().map(|r| &r.currency))
            .chain(model.commitments.iter().map(|r| &r.currency))
            .chain(model.collections.iter().map(|r| &r.rule.currency))
    }
}

/// The version in force on `date` among versions sorted by version number.
pub fn in_force(versions: &[Constitution], date: NaiveDate) -> Option<&Constitution> {
    versions.iter().rev().find(|c| c.effective <= date)
}
