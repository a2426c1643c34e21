//! A deterministic stream of commands that the rules accept, for the store's tests and its
//! crash child: `command(i)` is the command recorded as entry `i + 2` of a new ledger (entry 1
//! is the euro). A setup of every event kind, then payments, collections, expenses, valued
//! roles and reversals, dated within 2025.

#![allow(dead_code)]

use chrono::{Duration, NaiveDate};
use jardins_ledger::{
    Account, Amount, Cadence, CollectionKind, CollectionRule, Command, CommandKind, Constitution,
    CorePerson, Currency, CurrencyCode, CurrencyKind, EconomicModel, FlowRule, GardenKind,
    MemberRole, Mode, ModeRule, Name, PaysFor, Period, RoleRule, Text,
};

pub const GARDENS: u64 = 4;
pub const MEMBERS: u64 = 12;

pub fn day(text: &str) -> NaiveDate {
    text.parse().expect("a test date")
}

pub fn amount(text: &str) -> Amount {
    Amount::parse(text).expect("a test amount")
}

pub fn name(text: &str) -> Name {
    Name::new(text).expect("a test name")
}

pub fn text(value: &str) -> Text {
    Text::new(value).expect("a test text")
}

pub fn eur() -> CurrencyCode {
    CurrencyCode::euro()
}

pub fn graine() -> CurrencyCode {
    "GRAINE".parse().expect("a test code")
}

pub fn garden_account(index: u64) -> Account {
    Account::Garden(format!("g{index}").parse().expect("a test garden"))
}

pub fn member_account(index: u64) -> Account {
    Account::Member(format!("m{index}").parse().expect("a test person"))
}

fn open(id: &str, core: [&str; 2]) -> CommandKind {
    CommandKind::OpenGarden {
        garden: id.parse().expect("a test garden"),
        name: name(&format!("Jardin {id}")),
        kind: GardenKind::Local {
            territory: name("Paris"),
        },
        core: core
            .iter()
            .map(|p| CorePerson {
                person: p.parse().expect("a test person"),
                name: name(&p.to_uppercase()),
            })
            .collect(),
    }
}

fn conscious(currency: CurrencyCode, cadence: Cadence) -> FlowRule {
    FlowRule {
        currency,
        mode: ModeRule::Conscious { suggested: None },
        cadence,
    }
}

fn atelier_constitution() -> Constitution {
    Constitution {
        version: 1,
        effective: day("2025-01-03"),
        purpose: text("Apprendre ensemble à se gouverner.\nEt jardiner."),
        entry_rules: text("Venir à deux rencontres."),
        exit_rules: text("Le dire en cercle."),
        model: EconomicModel {
            roles: vec![RoleRule {
                role: "facilitation".parse().expect("a test role"),
                name: name("Facilitation"),
                rule: conscious(eur(), Cadence::Monthly),
            }],
            big_garden: vec![conscious(eur(), Cadence::Monthly)],
            commitments: vec![FlowRule {
                currency: eur(),
                mode: ModeRule::Fixed {
                    amount: amount("10"),
                },
                cadence: Cadence::Monthly,
            }],
            collections: vec![CollectionRule {
                kind: CollectionKind::Event,
                rule: FlowRule {
                    currency: eur(),
                    mode: ModeRule::Conscious {
                        suggested: Some(amount("5")),
                    },
                    cadence: Cadence::OneOff,
                },
            }],
        },
    }
}

/// The setup: every event kind once, on a garden (`atelier`) closed at its end.
fn setup() -> Vec<(&'static str, CommandKind)> {
    let mut commands = vec![(
        "2025-01-01",
        CommandKind::DeclareCurrency {
            currency: Currency {
                code: graine(),
                name: name("Graine"),
                kind: CurrencyKind::Complementary,
                decimal_places: 0,
            },
        },
    )];
    let cores = [["c0", "c1"], ["c2", "c3"], ["c4", "c5"], ["c6", "c7"]];
    for (index, core) in cores.iter().enumerate() {
        commands.push(("2025-01-01", open(&format!("g{index}"), *core)));
    }
    for member in 0..MEMBERS {
        commands.push((
            "2025-01-02",
            CommandKind::JoinGarden {
                garden: format!("g{}", member % GARDENS).parse().expect("a garden"),
                person: format!("m{member}").parse().expect("a person"),
                name: name(&format!("Membre {member}")),
                role: if member % 5 == 0 {
                    MemberRole::Companion
                } else {
                    MemberRole::Gardener
                },
            },
        ));
    }
    let atelier = || "atelier".parse().expect("a garden");
    let a2 = || "a2".parse().expect("a person");
    let commitment = || "a2-2025".parse().expect("a commitment");
    commands.extend([
        ("2025-01-01", open("atelier", ["a0", "a1"])),
        (
            "2025-01-03",
            CommandKind::AdoptConstitution {
                garden: atelier(),
                constitution: atelier_constitution(),
            },
        ),
        (
            "2025-01-03",
            CommandKind::JoinGarden {
                garden: atelier(),
                person: a2(),
                name: name("A2 \"l'atelier\""),
                role: MemberRole::Gardener,
            },
        ),
        (
            "2025-01-03",
            CommandKind::MakeCommitment {
                commitment: commitment(),
                garden: atelier(),
                person: a2(),
                amount: amount("10"),
                currency: eur(),
                cadence: Cadence::Monthly,
                from: day("2025-01-03"),
                until: None,
            },
        ),
        (
            "2025-01-04",
            CommandKind::PayContribution {
                from: Account::Member(a2()),
                to: Account::Garden(atelier()),
                amount: amount("10"),
                currency: eur(),
                mode: Mode::Fixed,
                pays_for: PaysFor::Commitment(commitment()),
                note: text("janvier"),
            },
        ),
        (
            "2025-01-05",
            CommandKind::EndCommitment {
                commitment: commitment(),
                until: day("2025-01-31"),
            },
        ),
        (
            "2025-01-06",
            CommandKind::LeaveGarden {
                garden: atelier(),
                person: a2(),
            },
        ),
        (
            "2025-01-06",
            CommandKind::PayExpense {
                payer: Account::Garden(atelier()),
                amount: amount("10"),
                currency: eur(),
                note: text("salle"),
            },
        ),
        (
            "2025-01-07",
            CommandKind::CloseGarden {
                garden: atelier(),
                reason: text("fin de l'atelier"),
            },
        ),
    ]);
    commands
}

/// How many commands the setup holds.
pub fn setup_len() -> u64 {
    setup().len() as u64
}

fn date_of(k: u64) -> NaiveDate {
    day("2025-01-08") + Duration::days((k % 300) as i64)
}

fn money(k: u64, places: u32) -> Amount {
    let cents = (k * 37) % 9_000 + 100;
    let value = rust_decimal::Decimal::new(cents as i64, 2);
    if places == 0 {
        Amount::new(value.trunc().max(rust_decimal::Decimal::ONE)).expect("positive")
    } else {
        Amount::new(value).expect("positive")
    }
}

/// The command recorded as entry `index + 2` of a new ledger, if every command before it was.
pub fn command(index: u64) -> Command {
    let setup = setup();
    if let Some((on, kind)) = setup.get(index as usize) {
        return Command {
            on: day(on),
            kind: kind.clone(),
        };
    }
    let k = index - setup.len() as u64;
    let on = date_of(k);
    let member = k % MEMBERS;
    let garden = member % GARDENS;
    let kind = match k % 10 {
        0 | 6 => CommandKind::PayContribution {
            from: member_account(member),
            to: garden_account(garden),
            amount: money(k, 2),
            currency: eur(),
            mode: Mode::Conscious,
            pays_for: PaysFor::Period(Period::Month(jardins_ledger::Month::of(on))),
            note: Text::default(),
        },
        1 | 8 => CommandKind::PayContribution {
            from: garden_account(garden),
            to: Account::BigGarden,
            amount: money(k, 2),
            currency: eur(),
            mode: Mode::Fixed,
            pays_for: PaysFor::OneOff,
            note: text("contribution"),
        },
        2 | 9 => CommandKind::RecordCollection {
            garden: format!("g{garden}").parse().expect("a garden"),
            collection: CollectionKind::Event,
            amount: money(k, 2),
            currency: eur(),
            mode: Mode::Conscious,
            note: text("rencontre"),
        },
        3 => CommandKind::PayExpense {
            payer: garden_account(garden),
            amount: money(k, 2),
            currency: eur(),
            note: text("salle"),
        },
        4 => CommandKind::PayContribution {
            from: member_account(member),
            to: garden_account(garden),
            amount: money(k, 0),
            currency: graine(),
            mode: Mode::Conscious,
            pays_for: PaysFor::OneOff,
            note: Text::default(),
        },
        5 => CommandKind::ValueRole {
            garden: format!("g{garden}").parse().expect("a garden"),
            role: "facilitation".parse().expect("a role"),
            holder: format!("c{}", garden * 2).parse().expect("a person"),
            amount: money(k, 2),
            currency: eur(),
            period: Period::Month(jardins_ledger::Month::of(on)),
        },
        _ => {
            // Reverses the payment of the command before (entry index + 1), on its date.
            return Command {
                on: date_of(k - 1),
                kind: CommandKind::ReverseEntry {
                    entry: index + 1,
                    reason: text("erreur de saisie"),
                },
            };
        }
    };
    Command { on, kind }
}
