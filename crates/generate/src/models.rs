//! Economic models of constitutions, in the shapes the community uses, and their later versions.

use chrono::NaiveDate;
use jardins_ledger::{
    Amount, Cadence, CollectionKind, CollectionRule, Constitution, Currency, CurrencyCode,
    CurrencyKind, EconomicModel, FlowRule, ModeRule, Name, RoleId, RoleRule, Text,
};
use rust_decimal::Decimal;

/// The community's complementary currency: whole seeds, no decimal places.
pub fn graine() -> Currency {
    Currency {
        code: graine_code(),
        name: Name::new("Graine").expect("a valid literal name"),
        kind: CurrencyKind::Complementary,
        decimal_places: 0,
    }
}

pub fn graine_code() -> CurrencyCode {
    "GRAINE".parse().expect("a valid literal code")
}

pub fn euro_code() -> CurrencyCode {
    CurrencyCode::euro()
}

/// `cents` euro cents as an amount. Callers pass positive values.
pub fn euros_cents(cents: i64) -> Amount {
    Amount::new(Decimal::new(cents, 2)).expect("a positive amount of cents")
}

/// `count` whole graines as an amount.
pub fn graines(count: i64) -> Amount {
    Amount::new(Decimal::from(count)).expect("a positive count of graines")
}

pub fn text(literal: &str) -> Text {
    Text::new(literal).expect("a valid literal text")
}

fn role_id(literal: &str) -> RoleId {
    literal.parse().expect("a valid literal role id")
}

fn name(literal: &str) -> Name {
    Name::new(literal).expect("a valid literal name")
}

pub fn fixed(currency: &CurrencyCode, amount: Amount, cadence: Cadence) -> FlowRule {
    FlowRule {
        currency: currency.clone(),
        mode: ModeRule::Fixed { amount },
        cadence,
    }
}

pub fn conscious(currency: &CurrencyCode, suggested: Option<Amount>, cadence: Cadence) -> FlowRule {
    FlowRule {
        currency: currency.clone(),
        mode: ModeRule::Conscious { suggested },
        cadence,
    }
}

pub fn role(id: &str, role_name: &str, rule: FlowRule) -> RoleRule {
    RoleRule {
        role: role_id(id),
        name: name(role_name),
        rule,
    }
}

pub fn collection(kind: CollectionKind, rule: FlowRule) -> CollectionRule {
    CollectionRule { kind, rule }
}

/// The shapes of economic model gardens choose from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Template {
    /// Fixed monthly amounts in euros; becomes conscious for the big garden in version 3.
    MonthlyFixed,
    /// Fixed yearly amounts in euros.
    Yearly,
    /// Pay what you feel, with suggestions; adds graines in version 2.
    Conscious,
    /// Mostly graines, the complementary currency.
    Graines,
    /// No minimum commitment: the garden lives on its events and gatherings.
    EventsOnly,
}

impl Template {
    pub const ALL: [Template; 5] = [
        Template::MonthlyFixed,
        Template::Yearly,
        Template::Conscious,
        Template::Graines,
        Template::EventsOnly,
    ];

    /// How many versions this model has.
    pub fn versions(self) -> u32 {
        match self {
            Template::MonthlyFixed => 3,
            _ => 2,
        }
    }
}

/// Version `version` (1-based, at most `template.versions()`) of a model, amounts multiplied by
/// `scale` / 2 (scale 2 to 4: the same shape, for gardens of different means).
pub fn constitution(
    template: Template,
    scale: i64,
    version: u32,
    purpose: &str,
    effective: NaiveDate,
) -> Constitution {
    debug_assert!((2..=4).contains(&scale));
    debug_assert!((1..=template.versions()).contains(&version));
    let eur = euro_code();
    let gr = graine_code();
    let e = |cents: i64| euros_cents(cents * scale / 2);
    let g = |count: i64| graines(count * scale / 2);
    let monthly = Cadence::Monthly;
    let yearly = Cadence::Yearly;
    let one_off = Cadence::OneOff;
    let model = match (template, version) {
        (Template::MonthlyFixed, _) => EconomicModel {
            roles: {
                let mut roles = vec![
                    role(
                        "facilitation",
                        "Facilitation des rencontres",
                        fixed(&eur, e(4_000), monthly),
                    ),
                    role("accueil", "Accueil", fixed(&gr, g(30), monthly)),
                ];
                if version >= 2 {
                    roles.push(role(
                        "tresorerie",
                        "Trésorerie",
                        fixed(&eur, e(2_000), monthly),
                    ));
                }
                roles
            },
            big_garden: vec![match version {
                1 => fixed(&eur, e(3_000), monthly),
                2 => fixed(&eur, e(3_500), monthly),
                _ => conscious(&eur, Some(e(4_000)), monthly),
            }],
            commitments: {
                let mut rules = vec![fixed(
                    &eur,
                    e(if version == 1 { 1_000 } else { 1_200 }),
                    monthly,
                )];
                if version >= 2 {
                    rules.push(conscious(&gr, Some(g(10)), monthly));
                }
                rules
            },
            collections: vec![
                collection(CollectionKind::Event, fixed(&eur, e(1_200), one_off)),
                collection(
                    CollectionKind::Gathering,
                    conscious(&eur, Some(e(500)), one_off),
                ),
            ],
        },
        (Template::Yearly, _) => EconomicModel {
            roles: vec![
                role(
                    "lien-grand-jardin",
                    "Lien avec le grand jardin",
                    fixed(&gr, g(50), monthly),
                ),
                role(
                    "facilitation",
                    "Facilitation des rencontres",
                    conscious(&eur, Some(e(3_000)), monthly),
                ),
            ],
            big_garden: vec![fixed(
                &eur,
                e(if version == 1 { 30_000 } else { 36_000 }),
                yearly,
            )],
            commitments: vec![fixed(
                &eur,
                e(if version == 1 { 12_000 } else { 15_000 }),
                yearly,
            )],
            collections: vec![collection(
                CollectionKind::Fundraising,
                conscious(&eur, None, one_off),
            )],
        },
        (Template::Conscious, _) => EconomicModel {
            roles: vec![role(
                "facilitation",
                "Facilitation des rencontres",
                conscious(&gr, Some(g(40)), monthly),
            )],
            big_garden: {
                let mut rules = vec![conscious(&eur, Some(e(5_000)), monthly)];
                if version >= 2 {
                    rules.push(fixed(&gr, g(30), monthly));
                }
                rules
            },
            commitments: {
                let mut rules = vec![conscious(&eur, Some(e(1_500)), monthly)];
                if version >= 2 {
                    rules.push(conscious(&gr, Some(g(20)), monthly));
                }
                rules
            },
            collections: vec![
                collection(
                    CollectionKind::Gathering,
                    conscious(&eur, Some(e(800)), one_off),
                ),
                collection(CollectionKind::Event, conscious(&eur, None, one_off)),
            ],
        },
        (Template::Graines, _) => EconomicModel {
            roles: vec![
                role(
                    "facilitation",
                    "Facilitation des rencontres",
                    fixed(&gr, g(25), monthly),
                ),
                role("tresorerie", "Trésorerie", fixed(&gr, g(15), monthly)),
            ],
            big_garden: vec![
                fixed(&gr, g(40), monthly),
                conscious(&eur, Some(e(1_000)), monthly),
            ],
            commitments: {
                let mut rules = vec![fixed(&gr, g(if version == 1 { 20 } else { 25 }), monthly)];
                if version >= 2 {
                    rules.push(fixed(&eur, e(500), monthly));
                }
                rules
            },
            collections: vec![
                collection(CollectionKind::Event, fixed(&eur, e(1_000), one_off)),
                collection(CollectionKind::Gathering, conscious(&gr, None, one_off)),
            ],
        },
        (Template::EventsOnly, _) => EconomicModel {
            roles: vec![role(
                "animation",
                "Animation des ateliers",
                fixed(&eur, e(6_000), monthly),
            )],
            big_garden: vec![if version == 1 {
                conscious(&eur, None, yearly)
            } else {
                fixed(&eur, e(15_000), yearly)
            }],
            commitments: Vec::new(),
            collections: vec![
                collection(CollectionKind::Event, fixed(&eur, e(2_000), one_off)),
                collection(CollectionKind::Fundraising, conscious(&eur, None, one_off)),
                collection(CollectionKind::Gathering, conscious(&gr, None, one_off)),
            ],
        },
    };
    Constitution {
        version,
        effective,
        purpose: text(purpose),
        entry_rules: text(match template {
            Template::EventsOnly => "Ouvert à toute personne venue à au moins un atelier.",
            _ => "Entrée après une rencontre d'accueil et l'accord du noyau.",
        }),
        exit_rules: text(
            "On sort en le disant au cercle ; les engagements prennent fin le jour de la sortie.",
        ),
        model,
    }
}
