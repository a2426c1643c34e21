//! Accounts: where money sits. The same names are used by the command line, the reports and
//! the exported journal: `garden:ID`, `big-garden`, `member:ID`, `outside`.

use std::fmt;
use std::str::FromStr;

use crate::ids::{excerpt, GardenId, PersonId};
use crate::refusal::Refusal;

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Account {
    /// What a garden holds.
    Garden(GardenId),
    /// What the wider community, the big garden, holds.
    BigGarden,
    /// A person's side of their payments: paying their garden makes it negative.
    Member(PersonId),
    /// The world beyond the community: takings come from it, expenses go to it.
    Outside,
}

impl fmt::Display for Account {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Account::Garden(id) => write!(f, "garden:{id}"),
            Account::BigGarden => f.write_str("big-garden"),
            Account::Member(id) => write!(f, "member:{id}"),
            Account::Outside => f.write_str("outside"),
        }
    }
}

impl FromStr for Account {
    type Err = Refusal;

    fn from_str(text: &str) -> Result<Self, Refusal> {
        match text {
            "big-garden" => return Ok(Account::BigGarden),
            "outside" => return Ok(Account::Outside),
            _ => {}
        }
        if let Some(id) = text.strip_prefix("garden:") {
            return Ok(Account::Garden(id.parse()?));
        }
        if let Some(id) = text.strip_prefix("member:") {
            return Ok(Account::Member(id.parse()?));
        }
        Err(Refusal::MalformedAccount {
            text: excerpt(text),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn account_names_round_trip() {
        for name in ["garden:paris", "big-garden", "member:camille", "outside"] {
            assert_eq!(name.parse::<Account>().unwrap().to_string(), name);
        }
        for bad in [
            "paris",
            "garden:",
            "member:Camille",
            "bank",
            "garden:paris:x",
        ] {
            assert!(bad.parse::<Account>().is_err(), "{bad:?} should be refused");
        }
    }
}
