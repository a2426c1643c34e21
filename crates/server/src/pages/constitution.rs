//! A garden's constitution written for a reader, in the page's language: its purpose, its entry
//! and exit rules, and each point of its economic model as a sentence («contribution au grand
//! jardin : 40,00 € par mois, montant fixe»); the version in force, and the earlier ones.

use chrono::NaiveDate;
use jardins_ledger::{Cadence, Constitution, FlowRule, GardenState, ModeRule};
use jardins_text::Text;
use maud::{html, Markup};

use super::say;

/// How often, in words: `par mois`, `monthly`.
pub fn cadence_text(t: Text, cadence: Cadence) -> String {
    say(t, &format!("pages-cadence-{}", cadence.as_str()), &[])
}

/// The decimal places of each declared currency.
pub type Places = std::collections::BTreeMap<jardins_ledger::CurrencyCode, u8>;

/// An amount of a rule with its currency's places (`40` → `40,00 €`).
fn amount_text(
    t: Text,
    places: &Places,
    amount: jardins_ledger::Amount,
    code: &jardins_ledger::CurrencyCode,
) -> String {
    let mut value = amount.value();
    if let Some(places) = places.get(code) {
        value.rescale(u32::from(*places));
    }
    t.money(value, code)
}

/// One accepted way of paying: `40,00 € par mois, montant fixe`.
pub fn rule_text(t: Text, places: &Places, rule: &FlowRule) -> String {
    let cadence = cadence_text(t, rule.cadence);
    match rule.mode {
        ModeRule::Fixed { amount } => say(
            t,
            "pages-rule-fixed",
            &[
                ("amount", amount_text(t, places, amount, &rule.currency)),
                ("cadence", cadence),
            ],
        ),
        ModeRule::Conscious {
            suggested: Some(amount),
        } => say(
            t,
            "pages-rule-conscious-suggested",
            &[
                ("amount", amount_text(t, places, amount, &rule.currency)),
                ("cadence", cadence),
            ],
        ),
        ModeRule::Conscious { suggested: None } => say(
            t,
            "pages-rule-conscious",
            &[
                ("currency", rule.currency.as_str().to_string()),
                ("cadence", cadence),
            ],
        ),
    }
}

/// Every point of the model, one sentence each.
fn model_lines(t: Text, places: &Places, c: &Constitution) -> Vec<String> {
    let model = &c.model;
    let mut lines = Vec::new();
    for rule in &model.big_garden {
        lines.push(say(
            t,
            "pages-point-big-garden",
            &[("rule", rule_text(t, places, rule))],
        ));
    }
    for rule in &model.commitments {
        lines.push(say(
            t,
            "pages-point-commitment",
            &[("rule", rule_text(t, places, rule))],
        ));
    }
    for role in &model.roles {
        lines.push(say(
            t,
            "pages-point-role",
            &[
                ("role", role.name.to_string()),
                ("rule", rule_text(t, places, &role.rule)),
            ],
        ));
    }
    for collection in &model.collections {
        lines.push(say(
            t,
            "pages-point-collection",
            &[
                (
                    "kind",
                    say(
                        t,
                        &format!("pages-collection-{}", collection.kind.as_str()),
                        &[],
                    ),
                ),
                ("rule", rule_text(t, places, &collection.rule)),
            ],
        ));
    }
    lines
}

fn version(t: Text, places: &Places, c: &Constitution) -> Markup {
    let lines = model_lines(t, places, c);
    html! {
        dl class="constitution" {
            @if !c.purpose.as_str().trim().is_empty() {
                dt { (say(t, "pages-constitution-purpose", &[])) } dd { (c.purpose.as_str()) }
            }
            @if !c.entry_rules.as_str().trim().is_empty() {
                dt { (say(t, "pages-constitution-entry", &[])) } dd { (c.entry_rules.as_str()) }
            }
            @if !c.exit_rules.as_str().trim().is_empty() {
                dt { (say(t, "pages-constitution-exit", &[])) } dd { (c.exit_rules.as_str()) }
            }
            dt { (say(t, "pages-constitution-model", &[])) }
            dd {
                @if lines.is_empty() {
                    (say(t, "pages-constitution-model-empty", &[]))
                } @else {
                    ul { @for line in &lines { li { (line) } } }
                }
            }
        }
    }
}

/// The constitution section of a garden's page: the version in force `today`, then the
/// others, latest first (a version adopted for a later date says so).
pub fn constitution_on(t: Text, places: &Places, garden: &GardenState, today: NaiveDate) -> Markup {
    let in_force = garden.constitution_on(today);
    let others: Vec<&Constitution> = garden
        .constitutions
        .iter()
        .rev()
        .filter(|c| Some(c.version) != in_force.map(|f| f.version))
        .collect();
    html! {
        section aria-labelledby="constitution" {
            h2 id="constitution" { (say(t, "pages-constitution-title", &[])) }
            @match in_force {
                Some(c) => {
                    p { (say(t, "pages-constitution-in-force", &[("version", c.version.to_string()), ("date", t.date(c.effective))])) }
                    (version(t, places, c))
                }
                None => { p { (say(t, "pages-constitution-none", &[])) } }
            }
            @for c in others {
                details {
                    summary {
                        @if c.effective > today {
                            (say(t, "pages-constitution-later", &[("version", c.version.to_string()), ("date", t.date(c.effective))]))
                        } @else {
                            (say(t, "pages-constitution-earlier", &[("version", c.version.to_string()), ("date", t.date(c.effective))]))
                        }
                    }
                    (version(t, places, c))
                }
            }
        }
    }
}
