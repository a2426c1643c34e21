//! A small community built by hand in a temporary ledger, for the report tests. Every figure
//! the tests expect is worked out by hand from the events below (see each test's comments).
//!
//! Currencies: EUR (2 places), GRAINE (0 places), SEL2 (3 places, a code with a digit).
//!
//! - `paris` (local), opened 2026-01-01, core camille and dominique.
//!   - Constitution v1 (2026-01-01): to the big garden 30.00 EUR fixed monthly and GRAINE
//!     conscious monthly (5 suggested); commitments EUR fixed monthly, minimum 10.00; role
//!     `facilitation` 20.00 EUR fixed monthly; collections at events, EUR and GRAINE, conscious.
//!   - Constitution v2 (2026-07-01): 40.00 EUR fixed monthly to the big garden, the rest alike.
//!   - Collections: 300.00 EUR (2026-01-10), 20 GRAINE (2026-02-01), 55.00 EUR (2026-06-21).
//!   - Big garden, EUR: January, February and March paid together on 2026-03-10 (January and
//!     February late); April paid 2026-04-05, reversed 2026-04-20, paid again 2026-05-02 with
//!     May; nothing for June; July paid 2026-07-03 (40.00); nothing for August.
//!   - Big garden, GRAINE: 7 on 2026-02-14 (conscious).
//!   - Commitments: camille 10.00 monthly from 2026-01-01, paid 2026-01-05, 02-05, 03-05;
//!     dominique 15.00 monthly from 2026-03-01 (made that day), paid 03-02, 04-02, 04-20.
//!   - Role facilitation valued to camille for 2026-03: 20.00 EUR on 2026-03-31.
//!   - Expense: 12.50 EUR on 2026-02-20.
//! - `grenoble` (local), opened 2026-02-01, core alix and bao, no constitution: alix pays it
//!   25.00 EUR on 2026-04-01; it pays the big garden 20.00 EUR on 2026-05-15; it collects
//!   1.250 SEL2 on 2026-05-01 with a hostile note.
//! - `acme-interne` (organisation Acme), opened 2026-01-01, core eve and fred, constitution v1
//!   (2026-01-01): 120.00 EUR fixed yearly to the big garden, never paid.
//! - camille pays 5.00 EUR straight to the big garden on 2026-06-01 (conscious), with a note
//!   that is a spreadsheet formula.
//! - The big garden pays an expense of 8.00 EUR on 2026-08-01.
#![allow(dead_code)] // each test file uses part of it

use std::collections::BTreeMap;
use std::str::FromStr;

use chrono::{DateTime, NaiveDate, Utc};
use jardins_ledger::{
    Account, Amount, Cadence, CollectionKind, CollectionRule, Command, CommandKind, Constitution,
    CorePerson, Currency, CurrencyKind, EconomicModel, FlowRule, GardenKind, Mode, ModeRule, Name,
    PaysFor, Period, RoleRule, Text,
};
use jardins_store::{Ledger, Receipt};
use rust_decimal::Decimal;

/// The note of grenoble's SEL2 collection: it tries to start a transaction, date a comment
/// and make ledger-cli evaluate an expression.
pub const HOSTILE_NOTE: &str = "tickets\n2026-01-01 * injected\n    garden:grenoble  1000.00 EUR\n    outside\n[2020/01/01] total:: 1/0\ninclude /etc/passwd";

/// The note of camille's payment to the big garden: a spreadsheet formula.
pub const FORMULA_NOTE: &str = "=HYPERLINK(\"http://example.org\",\"merci\")";

pub struct Community {
    pub dir: tempfile::TempDir,
    pub ledger: Ledger,
    /// Receipts of the events the tests trace, by name.
    pub receipts: BTreeMap<&'static str, Receipt>,
}

pub fn d(text: &str) -> Decimal {
    Decimal::from_str(text).expect("a decimal literal")
}

pub fn date(text: &str) -> NaiveDate {
    text.parse().expect("a date literal")
}

pub fn now() -> DateTime<Utc> {
    "2027-01-15T12:00:00Z".parse().expect("a time literal")
}

fn amount(text: &str) -> Amount {
    Amount::new(d(text)).expect("a positive amount")
}

fn name(text: &str) -> Name {
    Name::new(text).expect("a valid name")
}

fn rule(currency: &str, mode: ModeRule, cadence: Cadence) -> FlowRule {
    FlowRule {
        currency: currency.parse().expect("a currency code"),
        mode,
        cadence,
    }
}

fn fixed(value: &str) -> ModeRule {
    ModeRule::Fixed {
        amount: amount(value),
    }
}

fn conscious(suggested: Option<&str>) -> ModeRule {
    ModeRule::Conscious {
        suggested: suggested.map(amount),
    }
}

fn paris_constitution(version: u32, monthly_to_big_garden: &str) -> Constitution {
    Constitution {
        version,
        effective: date("2026-01-01"),
        purpose: Text::new("apprendre la gouvernance partagée à Paris").unwrap(),
        entry_rules: Text::new("deux séances d'essai").unwrap(),
        exit_rules: Text::default(),
        model: EconomicModel {
            roles: vec![RoleRule {
                role: "facilitation".parse().unwrap(),
                name: name("Facilitation"),
                rule: rule("EUR", fixed("20"), Cadence::Monthly),
            }],
            big_garden: vec![
                rule("EUR", fixed(monthly_to_big_garden), Cadence::Monthly),
                rule("GRAINE", conscious(Some("5")), Cadence::Monthly),
            ],
            commitments: vec![rule("EUR", fixed("10"), Cadence::Monthly)],
            collections: vec![
                CollectionRule {
                    kind: CollectionKind::Event,
                    rule: rule("EUR", conscious(None), Cadence::OneOff),
                },
                CollectionRule {
                    kind: CollectionKind::Event,
                    rule: rule("GRAINE", conscious(None), Cadence::OneOff),
                },
            ],
        },
    }
}

fn acme_constitution() -> Constitution {
    Constitution {
        version: 1,
        effective: date("2026-01-01"),
        purpose: Text::new("pratiquer la gouvernance partagée chez Acme").unwrap(),
        entry_rules: Text::default(),
        exit_rules: Text::default(),
        model: EconomicModel {
            big_garden: vec![rule("EUR", fixed("120"), Cadence::Yearly)],
            ..EconomicModel::default()
        },
    }
}

fn core(people: &[(&str, &str)]) -> Vec<CorePerson> {
    people
        .iter()
        .map(|(id, n)| CorePerson {
            person: id.parse().unwrap(),
            name: name(n),
        })
        .collect()
}

fn account(text: &str) -> Account {
    text.parse().expect("an account name")
}

fn month(text: &str) -> PaysFor {
    PaysFor::Period(Period::Month(text.parse().unwrap()))
}

pub fn pay(
    on: &str,
    from: &str,
    to: &str,
    value: &str,
    currency: &str,
    mode: Mode,
    pays_for: PaysFor,
) -> Command {
    Command {
        on: date(on),
        kind: CommandKind::PayContribution {
            from: account(from),
            to: account(to),
            amount: amount(value),
            currency: currency.parse().unwrap(),
            mode,
            pays_for,
            note: Text::default(),
        },
    }
}

fn commitment_payment(on: &str, person: &str, commitment: &str, value: &str) -> Command {
    pay(
        on,
        &format!("member:{person}"),
        "garden:paris",
        value,
        "EUR",
        Mode::Fixed,
        PaysFor::Commitment(commitment.parse().unwrap()),
    )
}

fn collect(on: &str, garden: &str, value: &str, currency: &str, note: &str) -> Command {
    Command {
        on: date(on),
        kind: CommandKind::RecordCollection {
            garden: garden.parse().unwrap(),
            collection: CollectionKind::Event,
            amount: amount(value),
            currency: currency.parse().unwrap(),
            mode: Mode::Conscious,
            note: Text::new(note).unwrap(),
        },
    }
}

impl Community {
    pub fn append(&mut self, label: &'static str, command: Command) -> Receipt {
        let receipt = self
            .ledger
            .append(&command, None, now())
            .unwrap_or_else(|e| panic!("{label}: {e}"));
        self.receipts.insert(label, receipt);
        receipt
    }

    pub fn seq(&self, label: &str) -> u64 {
        self.receipts[label].sequence
    }

    /// The receipt's hash in lowercase hex, as the reports print it.
    pub fn hash(&self, label: &str) -> String {
        self.receipts[label]
            .hash
            .iter()
            .map(|byte| format!("{byte:02x}"))
            .collect()
    }
}

/// A ledger with the euro only, in a temporary directory.
pub fn empty() -> Community {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let ledger = Ledger::create(&dir.path().join("ledger"), now()).expect("a new ledger");
    Community {
        dir,
        ledger,
        receipts: BTreeMap::new(),
    }
}

/// The community described at the top of this file.
pub fn build() -> Community {
    let mut c = empty();
    let declare = |code: &str, n: &str, places: u8| Command {
        on: date("2026-01-01"),
        kind: CommandKind::DeclareCurrency {
            currency: Currency {
                code: code.parse().unwrap(),
                name: name(n),
                kind: CurrencyKind::Complementary,
                decimal_places: places,
            },
        },
    };
    c.append("graine", declare("GRAINE", "Graine", 0));
    c.append("sel2", declare("SEL2", "Sel [deux]\u{2028}x", 3));
    let open =
        |on: &str, garden: &str, n: &str, kind: GardenKind, people: &[(&str, &str)]| Command {
            on: date(on),
            kind: CommandKind::OpenGarden {
                garden: garden.parse().unwrap(),
                name: name(n),
                kind,
                core: core(people),
            },
        };
    c.append(
        "paris opened",
        open(
            "2026-01-01",
            "paris",
            "Jardin de Paris",
            GardenKind::Local {
                territory: name("Paris"),
            },
            &[("camille", "Camille"), ("dominique", "Dominique")],
        ),
    );
    c.append(
        "grenoble opened",
        open(
            "2026-02-01",
            "grenoble",
            "Jardin de Grenoble",
            GardenKind::Local {
                territory: name("Grenoble"),
            },
            &[("alix", "Alix"), ("bao", "Bao")],
        ),
    );
    c.append(
        "acme opened",
        open(
            "2026-01-01",
            "acme-interne",
            "Jardin interne d'Acme",
            GardenKind::Organisation {
                organisation: name("Acme"),
            },
            &[("eve", "Eve"), ("fred", "Fred")],
        ),
    );
    let adopt = |on: &str, garden: &str, constitution: Constitution| Command {
        on: date(on),
        kind: CommandKind::AdoptConstitution {
            garden: garden.parse().unwrap(),
            constitution,
        },
    };
    c.append(
        "paris v1",
        adopt("2026-01-01", "paris", paris_constitution(1, "30")),
    );
    c.append(
        "acme v1",
        adopt("2026-01-01", "acme-interne", acme_constitution()),
    );
    let commit = |on: &str, id: &str, person: &str, value: &str, from: &str| Command {
        on: date(on),
        kind: CommandKind::MakeCommitment {
            commitment: id.parse().unwrap(),
            garden: "paris".parse().unwrap(),
            person: person.parse().unwrap(),
            amount: amount(value),
            currency: "EUR".parse().unwrap(),
            cadence: Cadence::Monthly,
            from: date(from),
            until: None,
        },
    };
    c.append(
        "camille commits",
        commit("2026-01-01", "camille-2026", "camille", "10", "2026-01-01"),
    );
    c.append(
        "camille jan",
        commitment_payment("2026-01-05", "camille", "camille-2026", "10"),
    );
    c.append(
        "paris event jan",
        collect("2026-01-10", "paris", "300", "EUR", "fête de janvier"),
    );
    c.append(
        "paris event graine",
        collect("2026-02-01", "paris", "20", "GRAINE", ""),
    );
    c.append(
        "camille feb",
        commitment_payment("2026-02-05", "camille", "camille-2026", "10"),
    );
    c.append(
        "paris graine",
        pay(
            "2026-02-14",
            "garden:paris",
            "big-garden",
            "7",
            "GRAINE",
            Mode::Conscious,
            month("2026-02"),
        ),
    );
    c.append(
        "paris expense",
        Command {
            on: date("2026-02-20"),
            kind: CommandKind::PayExpense {
                payer: account("garden:paris"),
                amount: amount("12.50"),
                currency: "EUR".parse().unwrap(),
                note: Text::new("location de salle").unwrap(),
            },
        },
    );
    c.append(
        "dominique commits",
        commit(
            "2026-03-01",
            "dominique-2026",
            "dominique",
            "15",
            "2026-03-01",
        ),
    );
    c.append(
        "dominique mar",
        commitment_payment("2026-03-02", "dominique", "dominique-2026", "15"),
    );
    c.append(
        "camille mar",
        commitment_payment("2026-03-05", "camille", "camille-2026", "10"),
    );
    let to_big = |on: &str, value: &str, for_month: &str| {
        pay(
            on,
            "garden:paris",
            "big-garden",
            value,
            "EUR",
            Mode::Fixed,
            month(for_month),
        )
    };
    c.append("paris for jan", to_big("2026-03-10", "30", "2026-01"));
    c.append("paris for feb", to_big("2026-03-10", "30", "2026-02"));
    c.append("paris for mar", to_big("2026-03-10", "30", "2026-03"));
    c.append(
        "facilitation",
        Command {
            on: date("2026-03-31"),
            kind: CommandKind::ValueRole {
                garden: "paris".parse().unwrap(),
                role: "facilitation".parse().unwrap(),
                holder: "camille".parse().unwrap(),
                amount: amount("20"),
                currency: "EUR".parse().unwrap(),
                period: Period::Month("2026-03".parse().unwrap()),
            },
        },
    );
    c.append(
        "alix to grenoble",
        pay(
            "2026-04-01",
            "member:alix",
            "garden:grenoble",
            "25",
            "EUR",
            Mode::Fixed,
            month("2026-04"),
        ),
    );
    c.append(
        "dominique apr",
        commitment_payment("2026-04-02", "dominique", "dominique-2026", "15"),
    );
    c.append("paris for apr", to_big("2026-04-05", "30", "2026-04"));
    c.append(
        "reversal",
        Command {
            on: date("2026-04-20"),
            kind: CommandKind::ReverseEntry {
                entry: c.seq("paris for apr"),
                reason: Text::new("saisi deux fois").unwrap(),
            },
        },
    );
    c.append(
        "dominique may",
        commitment_payment("2026-04-20", "dominique", "dominique-2026", "15"),
    );
    c.append(
        "grenoble sel2",
        collect("2026-05-01", "grenoble", "1.250", "SEL2", HOSTILE_NOTE),
    );
    c.append("paris for apr again", to_big("2026-05-02", "30", "2026-04"));
    c.append("paris for may", to_big("2026-05-02", "30", "2026-05"));
    c.append(
        "grenoble to big",
        pay(
            "2026-05-15",
            "garden:grenoble",
            "big-garden",
            "20",
            "EUR",
            Mode::Fixed,
            PaysFor::OneOff,
        ),
    );
    let mut to_big_from_camille = pay(
        "2026-06-01",
        "member:camille",
        "big-garden",
        "5",
        "EUR",
        Mode::Conscious,
        PaysFor::OneOff,
    );
    if let CommandKind::PayContribution { note, .. } = &mut to_big_from_camille.kind {
        *note = Text::new(FORMULA_NOTE).unwrap();
    }
    c.append("camille to big", to_big_from_camille);
    c.append(
        "paris event jun",
        collect("2026-06-21", "paris", "55", "EUR", ""),
    );
    c.append(
        "paris v2",
        adopt("2026-07-01", "paris", paris_constitution(2, "40")),
    );
    c.append("paris for jul", to_big("2026-07-03", "40", "2026-07"));
    c.append(
        "big garden expense",
        Command {
            on: date("2026-08-01"),
            kind: CommandKind::PayExpense {
                payer: Account::BigGarden,
                amount: amount("8"),
                currency: "EUR".parse().unwrap(),
                note: Text::new("fournitures").unwrap(),
            },
        },
    );
    c
}
