//! Who may do what: one pure function over (powers, action, object), written as one table.
//! Every route asks `may`; nothing else decides. No axum here.
//!
//! An organisation garden is private to its members and the stewards: beyond its name, kind and
//! flows with the big garden, anything of it answers `NotFound` to anyone else, exactly as a
//! garden that does not exist.

use std::collections::BTreeSet;

use jardins_ledger::{GardenId, PersonId};

/// What a person may do, from the ledger's facts (memberships, core) and the access data
/// (stewards). `person` is `None` for someone not signed in.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Powers {
    pub person: Option<PersonId>,
    pub steward: bool,
    /// Gardens the person is a member of today (gardener, companion or core).
    pub member_of: BTreeSet<GardenId>,
    /// Gardens whose core the person belongs to.
    pub core_of: BTreeSet<GardenId>,
}

/// Every kind of thing a route does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Action {
    /// `/healthz`, the sign-in and invitation forms: no credentials.
    Public,
    /// The person's own session: who am I, sign out.
    OwnSession,
    /// Every garden's name and kind.
    ListGardens,
    /// The big garden's balance and what each garden paid it.
    SeeBigGarden,
    /// The audit of gardens' flows to the big garden.
    SeeAudit,
    /// A garden's balance: open for local and thematic gardens, members only otherwise.
    SeeBalance,
    /// Everything of a garden: entries, members, commitments, each member's figures.
    SeeBooks,
    /// The log and its downloads: each entry shown only to whom `SeeBooks` or `SeeBigGarden`
    /// opens it (`downloads.rs` asks per entry); filtered by a garden, that garden must be
    /// one the person may see.
    SeeLog,
    /// A person's own commitment to a garden (make, end); the garden's core may too.
    RecordOwnCommitment,
    /// Every entry of a garden: payments, collections, expenses, roles, members, reversals…
    RecordGardenEntry,
    /// The big garden's own entries, currencies, opening and closing gardens.
    RecordBigGarden,
    /// Invitations, tokens, disabling: stewards for anyone, a core member for their members.
    ManageAccess,
    /// Stewards and the access journal.
    Stewardship,
    /// Append the events of a JSON Lines file: anything of any garden, so stewards only.
    ImportEntries,
    /// Check the hash chain (and anchors kept outside the ledger): its head and whether it is
    /// unbroken are the community's business.
    VerifyChain,
}

/// What an action is about.
#[derive(Clone, Copy, Debug)]
pub enum Object<'a> {
    Nothing,
    Garden(&'a GardenFacts),
    /// A commitment (or one about to be made): its garden and whose it is.
    Commitment {
        garden: &'a GardenFacts,
        person: &'a PersonId,
    },
    /// A person, by the gardens they belong to.
    Person(&'a PersonFacts),
}

/// What the table needs to know of a garden.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GardenFacts {
    pub id: GardenId,
    /// An organisation garden: private to its members.
    pub members_only: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PersonFacts {
    pub id: PersonId,
    pub gardens: BTreeSet<GardenId>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    Allowed,
    /// Answer as for something that does not exist.
    NotFound,
    Forbidden,
}

/// Who a row grants the action to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Grant {
    Anyone,
    SignedIn,
    /// Anyone signed in for an open garden; members (and stewards) for a private one.
    SignedInOpenGardens,
    Member,
    Core,
    /// The commitment's own person (a member of an open garden or of this one), or its core.
    OwnerOrCore,
    /// A steward, or a core member of a garden the person belongs to.
    StewardOrTheirCore,
    Steward,
}

/// The table: one row per action.
const TABLE: &[(Action, Grant)] = &[
    (Action::Public, Grant::Anyone),
    (Action::OwnSession, Grant::SignedIn),
    (Action::ListGardens, Grant::SignedIn),
    (Action::SeeBigGarden, Grant::SignedIn),
    (Action::SeeAudit, Grant::SignedIn),
    (Action::SeeBalance, Grant::SignedInOpenGardens),
    (Action::SeeBooks, Grant::Member),
    (Action::SeeLog, Grant::SignedIn),
    (Action::RecordOwnCommitment, Grant::OwnerOrCore),
    (Action::RecordGardenEntry, Grant::Core),
    (Action::RecordBigGarden, Grant::Steward),
    (Action::ManageAccess, Grant::StewardOrTheirCore),
    (Action::Stewardship, Grant::Steward),
    (Action::ImportEntries, Grant::Steward),
    (Action::VerifyChain, Grant::SignedIn),
];

fn grant(action: Action) -> Grant {
    TABLE
        .iter()
        .find(|(a, _)| *a == action)
        .map(|(_, g)| *g)
        // Every action has its row (a unit test walks them); a missing one grants nothing.
        .unwrap_or(Grant::Steward)
}

/// May the person with `powers` do `action` on `object`?
pub fn may(powers: &Powers, action: Action, object: &Object<'_>) -> Decision {
    let grant = grant(action);
    if grant == Grant::Anyone {
        return Decision::Allowed;
    }
    let Some(person) = &powers.person else {
        // The API answers 401 before asking; a page sends to sign-in.
        return Decision::Forbidden;
    };
    let garden = match object {
        Object::Garden(g) | Object::Commitment { garden: g, .. } => Some(*g),
        _ => None,
    };
    // A private garden is invisible to outsiders: whatever the action, as if it did not exist.
    if let Some(g) = garden {
        if g.members_only && !powers.steward && !powers.member_of.contains(&g.id) {
            return Decision::NotFound;
        }
    }
    let member = garden.is_some_and(|g| powers.member_of.contains(&g.id));
    let core = garden.is_some_and(|g| powers.core_of.contains(&g.id));
    let allowed = match grant {
        Grant::Anyone | Grant::SignedIn => true,
        Grant::SignedInOpenGardens => garden.is_some(),
        Grant::Member => member || powers.steward,
        Grant::Core => core,
        Grant::OwnerOrCore => match object {
            Object::Commitment { person: owner, .. } => *owner == person || core,
            _ => false,
        },
        Grant::StewardOrTheirCore => {
            powers.steward
                || match object {
                    Object::Person(p) => p.gardens.iter().any(|g| powers.core_of.contains(g)),
                    _ => false,
                }
        }
        Grant::Steward => powers.steward,
    };
    if allowed {
        Decision::Allowed
    } else {
        Decision::Forbidden
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn garden(id: &str, members_only: bool) -> GardenFacts {
        GardenFacts {
            id: id.parse().expect("an id"),
            members_only,
        }
    }

    fn person(id: &str, member_of: &[&str], core_of: &[&str], steward: bool) -> Powers {
        Powers {
            person: Some(id.parse().expect("an id")),
            steward,
            member_of: member_of
                .iter()
                .map(|g| g.parse().expect("an id"))
                .collect(),
            core_of: core_of.iter().map(|g| g.parse().expect("an id")).collect(),
        }
    }

    #[test]
    fn every_action_has_one_row() {
        use Action::*;
        let all = [
            Public,
            OwnSession,
            ListGardens,
            SeeBigGarden,
            SeeAudit,
            SeeBalance,
            SeeBooks,
            SeeLog,
            RecordOwnCommitment,
            RecordGardenEntry,
            RecordBigGarden,
            ManageAccess,
            Stewardship,
            ImportEntries,
            VerifyChain,
        ];
        for action in all {
            assert_eq!(
                TABLE.iter().filter(|(a, _)| *a == action).count(),
                1,
                "{action:?}"
            );
        }
        assert_eq!(TABLE.len(), all.len());
    }

    #[test]
    fn see_balance_open_garden_to_anyone_signed_in_private_one_to_members() {
        let paris = garden("paris", false);
        let coop = garden("coop", true);
        let outsider = person("ada", &["paris"], &[], false);
        let member = person("bo", &["coop"], &[], false);
        let steward = person("st", &[], &[], true);
        let nobody = Powers::default();
        let see = |p: &Powers, g: &GardenFacts| may(p, Action::SeeBalance, &Object::Garden(g));
        assert_eq!(see(&outsider, &paris), Decision::Allowed);
        assert_eq!(see(&outsider, &coop), Decision::NotFound);
        assert_eq!(see(&member, &coop), Decision::Allowed);
        assert_eq!(see(&steward, &coop), Decision::Allowed);
        assert_eq!(see(&nobody, &paris), Decision::Forbidden);
        // And the log, filtered by a garden, follows the same rule
        let log = |p: &Powers, g: &GardenFacts| may(p, Action::SeeLog, &Object::Garden(g));
        assert_eq!(log(&outsider, &paris), Decision::Allowed);
        assert_eq!(log(&outsider, &coop), Decision::NotFound);
        assert_eq!(log(&member, &coop), Decision::Allowed);
        assert_eq!(log(&nobody, &paris), Decision::Forbidden);
    }

    #[test]
    fn see_books_members_and_stewards_only() {
        let paris = garden("paris", false);
        let coop = garden("coop", true);
        let books = |p: &Powers, g: &GardenFacts| may(p, Action::SeeBooks, &Object::Garden(g));
        assert_eq!(
            books(&person("a", &["paris"], &[], false), &paris),
            Decision::Allowed
        );
        assert_eq!(
            books(&person("a", &["other"], &[], false), &paris),
            Decision::Forbidden
        );
        assert_eq!(
            books(&person("a", &["other"], &[], false), &coop),
            Decision::NotFound
        );
        assert_eq!(
            books(&person("s", &[], &[], true), &coop),
            Decision::Allowed
        );
    }

    #[test]
    fn record_garden_entry_core_only_not_even_stewards() {
        let paris = garden("paris", false);
        let coop = garden("coop", true);
        let record =
            |p: &Powers, g: &GardenFacts| may(p, Action::RecordGardenEntry, &Object::Garden(g));
        assert_eq!(
            record(&person("a", &["paris"], &["paris"], false), &paris),
            Decision::Allowed
        );
        assert_eq!(
            record(&person("a", &["paris"], &[], false), &paris),
            Decision::Forbidden
        );
        assert_eq!(
            record(&person("s", &[], &[], true), &paris),
            Decision::Forbidden
        );
        assert_eq!(
            record(&person("a", &["paris"], &["paris"], false), &coop),
            Decision::NotFound
        );
    }

    #[test]
    fn own_commitment_by_its_person_or_the_core() {
        let paris = garden("paris", false);
        let ada: PersonId = "ada".parse().expect("an id");
        let commit = |p: &Powers| {
            may(
                p,
                Action::RecordOwnCommitment,
                &Object::Commitment {
                    garden: &paris,
                    person: &ada,
                },
            )
        };
        assert_eq!(
            commit(&person("ada", &["paris"], &[], false)),
            Decision::Allowed
        );
        assert_eq!(
            commit(&person("bo", &["paris"], &[], false)),
            Decision::Forbidden
        );
        assert_eq!(
            commit(&person("co", &["paris"], &["paris"], false)),
            Decision::Allowed
        );
    }

    #[test]
    fn manage_access_stewards_for_anyone_core_for_their_members() {
        let member = PersonFacts {
            id: "ada".parse().expect("an id"),
            gardens: ["paris".parse().expect("an id")].into(),
        };
        let manage = |p: &Powers| may(p, Action::ManageAccess, &Object::Person(&member));
        assert_eq!(manage(&person("s", &[], &[], true)), Decision::Allowed);
        assert_eq!(
            manage(&person("c", &["paris"], &["paris"], false)),
            Decision::Allowed
        );
        assert_eq!(
            manage(&person("c", &["lyon"], &["lyon"], false)),
            Decision::Forbidden
        );
        assert_eq!(
            may(
                &person("c", &[], &[], false),
                Action::Stewardship,
                &Object::Nothing
            ),
            Decision::Forbidden
        );
    }

    #[test]
    fn import_is_for_stewards_and_the_chain_check_for_anyone_signed_in() {
        let steward = person("s", &[], &[], true);
        let core = person("c", &["paris"], &["paris"], false);
        let nothing = Object::Nothing;
        assert_eq!(
            may(&steward, Action::ImportEntries, &nothing),
            Decision::Allowed
        );
        assert_eq!(
            may(&core, Action::ImportEntries, &nothing),
            Decision::Forbidden
        );
        assert_eq!(may(&core, Action::VerifyChain, &nothing), Decision::Allowed);
        assert_eq!(
            may(&Powers::default(), Action::VerifyChain, &nothing),
            Decision::Forbidden
        );
    }
}
