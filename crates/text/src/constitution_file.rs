//! Constitution files: a garden's constitution written in TOML (or the same keys as JSON),
//! turned into the domain's `Constitution`, every problem said in the catalog's language. The
//! command line (`jardins garden constitution`) and the server (`POST …/constitution`) read
//! constitutions with this one parser. The format is documented in `events/constitutions/README.md`; every sample
//! there is parsed by the tests below.
//!
//! Every key is required, the four points of the economic model included: a point the garden
//! does not use is written as an empty list (`roles = []`). A forgotten point would otherwise
//! read as "accepts nothing" and refuse every payment of that kind months later.

use std::fmt;

use chrono::NaiveDate;
use jardins_ledger::{
    Amount, Cadence, CollectionKind, CollectionRule, Constitution, CurrencyCode, EconomicModel,
    FlowRule, ModeRule, Name, RoleId, RoleRule, Text, Value,
};
use serde::Deserialize;

use crate::Text as Catalog;

/// Largest constitution file read, in bytes: a charter is a few pages, not a database.
pub const MAX_FILE_BYTES: u64 = 256 * 1024;

/// Why a constitution file was refused: where in the file, and what to write instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileProblem {
    /// Where: a key such as `big_garden[1].amount`, or empty for the file as a whole.
    pub place: String,
    pub problem: String,
}

impl fmt::Display for FileProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.place.is_empty() {
            f.write_str(&self.problem)
        } else {
            write!(f, "{}: {}", self.place, self.problem)
        }
    }
}

/// The problem as `t`'s language writes it: its place, then what is wrong there.
pub fn said(problem: &FileProblem, t: Catalog) -> String {
    if problem.place.is_empty() {
        return problem.problem.clone();
    }
    say(
        t,
        "cf-at",
        &[
            ("place", Value::Text(problem.place.clone())),
            ("problem", Value::Text(problem.problem.clone())),
        ],
    )
}

/// Most characters of a parser's own words quoted in a message (they may hold a key of the
/// file, which may be long).
const MAX_PARSER_WORDS_CHARS: usize = 300;

/// At most `max` characters of `text`, control and bidirectional characters escaped, and `…`
/// where it was cut.
fn cut(text: &str, max: usize) -> String {
    let mut shown = String::new();
    for (index, c) in text.chars().enumerate() {
        if index == max {
            shown.push('…');
            break;
        }
        shown.push_str(&jardins_ledger::ids::excerpt(c.encode_utf8(&mut [0; 4])));
    }
    shown
}

/// A TOML syntax error as its place (line and column), the parser's words cut, and an
/// excerpt of the text where it stopped: never the offending line whole, which may be
/// hundreds of kilobytes or hold control characters.
fn toml_problem(text: &str, error: &toml::de::Error, t: Catalog) -> FileProblem {
    let words = cut(error.message().trim(), MAX_PARSER_WORDS_CHARS);
    let Some(span) = error.span() else {
        return problem("", words);
    };
    let start = span.start.min(text.len());
    let start = (0..=start)
        .rev()
        .find(|i| text.is_char_boundary(*i))
        .unwrap_or(0);
    let before = &text[..start];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    // The line from its start (where its key is), as an excerpt.
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line_text = text[line_start..].split('\n').next().unwrap_or("");
    problem(
        t.message(
            "cf-line-column",
            &[
                ("line", Value::Count(line as u64)),
                ("column", Value::Count(column as u64)),
            ],
        ),
        t.message(
            "cf-the-line",
            &[
                ("problem", Value::Text(words.to_string())),
                ("line", Value::Text(jardins_ledger::ids::excerpt(line_text))),
            ],
        ),
    )
}

fn problem(place: impl Into<String>, problem: impl Into<String>) -> FileProblem {
    FileProblem {
        place: place.into(),
        problem: problem.into(),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConstitution {
    version: Option<u32>,
    purpose: Option<String>,
    entry_rules: Option<String>,
    exit_rules: Option<String>,
    roles: Option<Vec<FileRole>>,
    big_garden: Option<Vec<FileFlow>>,
    commitments: Option<Vec<FileFlow>>,
    collections: Option<Vec<FileCollection>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileFlow {
    currency: Option<String>,
    mode: Option<FileMode>,
    amount: Option<toml::Value>,
    suggested: Option<toml::Value>,
    cadence: Option<FileCadence>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileRole {
    id: Option<String>,
    name: Option<String>,
    currency: Option<String>,
    mode: Option<FileMode>,
    amount: Option<toml::Value>,
    suggested: Option<toml::Value>,
    cadence: Option<FileCadence>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileCollection {
    kind: Option<FileCollectionKind>,
    currency: Option<String>,
    mode: Option<FileMode>,
    amount: Option<toml::Value>,
    suggested: Option<toml::Value>,
    cadence: Option<FileCadence>,
}

#[derive(Deserialize, Clone, Copy)]
#[serde(rename_all = "lowercase")]
enum FileMode {
    Fixed,
    Conscious,
}

#[derive(Deserialize, Clone, Copy)]
#[serde(rename_all = "kebab-case")]
enum FileCadence {
    Monthly,
    Yearly,
    OneOff,
}

#[derive(Deserialize, Clone, Copy)]
#[serde(rename_all = "lowercase")]
enum FileCollectionKind {
    Event,
    Gathering,
    Fundraising,
}

/// Parses a constitution file's text. `effective` is the date it takes effect (the command's
/// `--on` date): the file does not carry it, so the same file can be adopted on any date.
pub fn parse(text: &str, effective: NaiveDate, t: Catalog) -> Result<Constitution, FileProblem> {
    let file: FileConstitution =
        toml::from_str(text).map_err(|error| toml_problem(text, &error, t))?;
    constitution(file, effective, t)
}

/// Parses a constitution's JSON form: the same keys and values as the TOML file, as JSON
/// (`{"version": 1, "purpose": "…", "roles": [], "big_garden": [{"currency": "EUR", …}], …}`).
/// Amounts are strings or whole numbers, as in TOML; a number with a fraction is refused.
pub fn parse_json(
    text: &str,
    effective: NaiveDate,
    t: Catalog,
) -> Result<Constitution, FileProblem> {
    let file: FileConstitution = serde_json::from_str(text).map_err(|error| {
        problem(
            format!("line {}, column {}", error.line(), error.column()),
            cut(&error.to_string(), MAX_PARSER_WORDS_CHARS),
        )
    })?;
    constitution(file, effective, t)
}

/// The domain's constitution from what the file says, every key checked.
fn constitution(
    file: FileConstitution,
    effective: NaiveDate,
    t: Catalog,
) -> Result<Constitution, FileProblem> {
    let version = required(t, file.version, "version", "cf-example-version")?;
    let purpose = text_field(t, file.purpose, "purpose", "cf-example-purpose")?;
    let entry_rules = text_field(t, file.entry_rules, "entry_rules", "cf-example-entry-rules")?;
    let exit_rules = text_field(t, file.exit_rules, "exit_rules", "cf-example-exit-rules")?;
    let roles = point(t, file.roles, "roles", "cf-point-roles")?
        .into_iter()
        .enumerate()
        .map(|(index, role)| role_rule(t, index, role))
        .collect::<Result<Vec<_>, _>>()?;
    // Both points are lists of plain flows, read alike; `place` names the entry in messages.
    let flows = |list: Option<Vec<FileFlow>>, key: &str, what: &str| {
        point(t, list, key, what)?
            .into_iter()
            .enumerate()
            .map(|(index, flow)| {
                let place = format!("{key}[{}]", index + 1);
                flow_rule(
                    t,
                    &place,
                    flow.currency,
                    flow.mode,
                    flow.amount,
                    flow.suggested,
                    flow.cadence,
                )
            })
            .collect::<Result<Vec<_>, _>>()
    };
    let big_garden = flows(file.big_garden, "big_garden", "cf-point-big-garden")?;
    let commitments = flows(file.commitments, "commitments", "cf-point-commitments")?;
    let collections = point(t, file.collections, "collections", "cf-point-collections")?
        .into_iter()
        .enumerate()
        .map(|(index, collection)| collection_rule(t, index, collection))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Constitution {
        version,
        effective,
        purpose,
        entry_rules,
        exit_rules,
        model: EconomicModel {
            roles,
            big_garden,
            commitments,
            collections,
        },
    })
}

/// The catalog's sentence `id` with these values, in `t`'s language.
fn say(t: Catalog, id: &str, values: &[(&str, Value)]) -> String {
    t.message(id, values)
}

/// `example` is the catalog's id of a line to add, such as `version = 1`.
fn required<T>(t: Catalog, value: Option<T>, key: &str, example: &str) -> Result<T, FileProblem> {
    value.ok_or_else(|| {
        problem(
            key,
            say(
                t,
                "cf-missing",
                &[("example", Value::Text(say(t, example, &[])))],
            ),
        )
    })
}

fn text_field(
    t: Catalog,
    value: Option<String>,
    key: &str,
    example: &str,
) -> Result<Text, FileProblem> {
    let text = required(t, value, key, example)?;
    Text::new(&text).map_err(|refusal| problem(key, t.refusal(&refusal)))
}

/// `what` is the catalog's id of what the point says, such as "the valued roles".
fn point<T>(
    t: Catalog,
    value: Option<Vec<T>>,
    key: &str,
    what: &str,
) -> Result<Vec<T>, FileProblem> {
    let rules = value.ok_or_else(|| {
        problem(
            key,
            say(
                t,
                "cf-missing-point",
                &[
                    ("what", Value::Text(say(t, what, &[]))),
                    ("key", Value::Text(key.to_string())),
                ],
            ),
        )
    })?;
    if rules.len() > jardins_ledger::constitution::MAX_RULES_PER_POINT {
        return Err(problem(
            key,
            say(
                t,
                "cf-too-many-rules",
                &[
                    ("count", Value::Count(rules.len() as u64)),
                    (
                        "max",
                        Value::Count(jardins_ledger::constitution::MAX_RULES_PER_POINT as u64),
                    ),
                ],
            ),
        ));
    }
    Ok(rules)
}

fn role_rule(t: Catalog, index: usize, role: FileRole) -> Result<RoleRule, FileProblem> {
    let place = format!("roles[{}]", index + 1);
    let id_text = required(t, role.id, &format!("{place}.id"), "cf-example-role-id")?;
    let id: RoleId = id_text
        .parse()
        .map_err(|refusal: jardins_ledger::Refusal| {
            problem(format!("{place}.id"), t.refusal(&refusal))
        })?;
    let place = format!("roles[{}] ({id})", index + 1);
    let name_text = required(
        t,
        role.name,
        &format!("{place}.name"),
        "cf-example-role-name",
    )?;
    let name = Name::new(&name_text)
        .map_err(|refusal| problem(format!("{place}.name"), t.refusal(&refusal)))?;
    let rule = flow_rule(
        t,
        &place,
        role.currency,
        role.mode,
        role.amount,
        role.suggested,
        role.cadence,
    )?;
    Ok(RoleRule {
        role: id,
        name,
        rule,
    })
}

fn collection_rule(
    t: Catalog,
    index: usize,
    collection: FileCollection,
) -> Result<CollectionRule, FileProblem> {
    let place = format!("collections[{}]", index + 1);
    let kind = match required(
        t,
        collection.kind,
        &format!("{place}.kind"),
        "cf-example-kind",
    )? {
        FileCollectionKind::Event => CollectionKind::Event,
        FileCollectionKind::Gathering => CollectionKind::Gathering,
        FileCollectionKind::Fundraising => CollectionKind::Fundraising,
    };
    let place = format!("collections[{}] ({})", index + 1, kind.as_str());
    let rule = flow_rule(
        t,
        &place,
        collection.currency,
        collection.mode,
        collection.amount,
        collection.suggested,
        collection.cadence,
    )?;
    Ok(CollectionRule { kind, rule })
}

fn flow_rule(
    t: Catalog,
    place: &str,
    currency: Option<String>,
    mode: Option<FileMode>,
    amount: Option<toml::Value>,
    suggested: Option<toml::Value>,
    cadence: Option<FileCadence>,
) -> Result<FlowRule, FileProblem> {
    let at = |key: &str| format!("{place}.{key}");
    let code = required(t, currency, &at("currency"), "cf-example-currency")?;
    let currency: CurrencyCode = code
        .parse()
        .map_err(|refusal: jardins_ledger::Refusal| problem(at("currency"), t.refusal(&refusal)))?;
    let mode = required(t, mode, &at("mode"), "cf-example-mode")?;
    let cadence = match required(t, cadence, &at("cadence"), "cf-example-cadence")? {
        FileCadence::Monthly => Cadence::Monthly,
        FileCadence::Yearly => Cadence::Yearly,
        FileCadence::OneOff => Cadence::OneOff,
    };
    let mode = match mode {
        FileMode::Fixed => {
            if suggested.is_some() {
                return Err(problem(at("suggested"), say(t, "cf-fixed-suggestion", &[])));
            }
            let amount = required(t, amount, &at("amount"), "cf-example-amount")?;
            ModeRule::Fixed {
                amount: amount_of(t, &at("amount"), &amount)?,
            }
        }
        FileMode::Conscious => {
            if amount.is_some() {
                return Err(problem(at("amount"), say(t, "cf-conscious-amount", &[])));
            }
            let suggested = suggested
                .map(|value| amount_of(t, &at("suggested"), &value))
                .transpose()?;
            ModeRule::Conscious { suggested }
        }
    };
    Ok(FlowRule {
        currency,
        mode,
        cadence,
    })
}

/// Amounts are written as strings (`"12.50"`, `"12,50"`) or whole numbers (`20`); TOML floats
/// are refused because `0.1` is not exact in binary and money must be.
fn amount_of(t: Catalog, place: &str, value: &toml::Value) -> Result<Amount, FileProblem> {
    let text = match value {
        toml::Value::String(text) => text.clone(),
        toml::Value::Integer(whole) => whole.to_string(),
        toml::Value::Float(float) => {
            return Err(problem(
                place,
                say(t, "cf-float", &[("float", Value::Text(float.to_string()))]),
            ))
        }
        other => {
            return Err(problem(
                place,
                say(
                    t,
                    "cf-not-an-amount",
                    &[("type", Value::Text(other.type_str().to_string()))],
                ),
            ))
        }
    };
    Amount::parse(&text).map_err(|refusal| problem(place, t.refusal(&refusal)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn en() -> Catalog {
        Catalog::new(crate::Lang::En)
    }

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()
    }

    fn samples_dir() -> std::path::PathBuf {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../events/constitutions")
    }

    #[test]
    fn every_shipped_sample_parses() {
        // Given the samples shipped in events/constitutions, when each is parsed, then it gives
        // a version-1 constitution with a purpose and at least one flow the garden accepts.
        let mut parsed = 0;
        for entry in std::fs::read_dir(samples_dir()).expect("the samples directory exists") {
            let path = entry.unwrap().path();
            if path.extension().and_then(|e| e.to_str()) != Some("toml") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let constitution = parse(&text, day(), en())
                .unwrap_or_else(|p| panic!("{} does not parse: {p}", path.display()));
            assert!(constitution.version >= 1, "{}", path.display());
            assert!(!constitution.purpose.as_str().trim().is_empty());
            assert_eq!(constitution.effective, day());
            parsed += 1;
        }
        assert!(
            parsed >= 4,
            "one sample per kind of economic model, found {parsed}"
        );
    }

    #[test]
    fn the_fixed_monthly_sample_reads_as_written() {
        let text = std::fs::read_to_string(samples_dir().join("fixed-monthly.toml")).unwrap();
        let constitution = parse(&text, day(), en()).unwrap();
        let big_garden = &constitution.model.big_garden;
        assert_eq!(big_garden.len(), 1);
        assert_eq!(big_garden[0].currency.as_str(), "EUR");
        assert_eq!(big_garden[0].cadence, Cadence::Monthly);
        assert_eq!(
            big_garden[0].mode,
            ModeRule::Fixed {
                amount: Amount::parse("40").unwrap()
            }
        );
    }

    const MINIMAL: &str = r#"
version = 1
purpose = "Learn together"
entry_rules = ""
exit_rules = ""
roles = []
big_garden = []
commitments = []
collections = []
"#;

    #[test]
    fn empty_points_written_as_such_accept_nothing() {
        let constitution = parse(MINIMAL, day(), en()).unwrap();
        assert_eq!(constitution.model, EconomicModel::default());
    }

    #[test]
    fn a_missing_point_is_refused_and_named() {
        let text = MINIMAL.replace("commitments = []\n", "");
        let refused = parse(&text, day(), en()).unwrap_err();
        assert_eq!(refused.place, "commitments");
        assert!(refused.problem.contains("commitments = []"), "{refused}");
    }

    #[test]
    fn refusals_name_the_place_and_the_fix() {
        let cases = [
            (
                "[[big_garden]]\ncurrency = \"EUR\"\nmode = \"fixed\"\namount = 12.5\ncadence = \"monthly\"\n",
                "big_garden[1].amount",
                "as a string",
            ),
            (
                "[[big_garden]]\ncurrency = \"EUR\"\nmode = \"fixed\"\ncadence = \"monthly\"\n",
                "big_garden[1].amount",
                "needs its amount",
            ),
            (
                "[[big_garden]]\ncurrency = \"eur\"\nmode = \"fixed\"\namount = \"1\"\ncadence = \"monthly\"\n",
                "big_garden[1].currency",
                "uppercase",
            ),
            (
                "[[big_garden]]\ncurrency = \"EUR\"\nmode = \"conscious\"\namount = \"5\"\ncadence = \"monthly\"\n",
                "big_garden[1].amount",
                "suggested",
            ),
            (
                "[[big_garden]]\ncurrency = \"EUR\"\nmode = \"conscious\"\nsuggested = \"-5\"\ncadence = \"monthly\"\n",
                "big_garden[1].suggested",
                "not an amount",
            ),
        ];
        for (flows, place, hint) in cases {
            // Tables come last: a key after `[[big_garden]]` would belong to it.
            let text = MINIMAL.replace("big_garden = []\n", "") + flows;
            let refused = parse(&text, day(), en()).unwrap_err();
            assert_eq!(refused.place, place, "{text}");
            assert!(refused.problem.contains(hint), "{refused}");
        }
    }

    #[test]
    fn unknown_keys_and_values_are_refused_by_the_parser() {
        let typo = MINIMAL.replace("purpose", "purpos");
        let refused = parse(&typo, day(), en()).unwrap_err();
        assert!(
            refused.problem.contains("unknown field `purpos`"),
            "{refused}"
        );
        let cadence = MINIMAL.replace("big_garden = []\n", "")
            + "[[big_garden]]\ncurrency = \"EUR\"\nmode = \"fixed\"\namount = \"1\"\ncadence = \"weekly\"\n";
        assert!(parse(&cadence, day(), en())
            .unwrap_err()
            .problem
            .contains("weekly"));
        assert!(parse("version = ", day(), en()).is_err());
    }

    #[test]
    fn the_json_form_reads_as_the_toml_file_and_is_refused_alike() {
        // Given the sample fixed-monthly.toml written as JSON, with the same keys and values,
        let toml_text = std::fs::read_to_string(samples_dir().join("fixed-monthly.toml")).unwrap();
        let value: toml::Value = toml::from_str(&toml_text).unwrap();
        let json_text = serde_json::to_string(&value).unwrap();
        // when both are parsed, then they are the same constitution,
        assert_eq!(
            parse_json(&json_text, day(), en()).unwrap(),
            parse(&toml_text, day(), en()).unwrap()
        );
        // and an amount with a fraction, a missing point or an unknown key is refused as in TOML.
        let minimal = r#"{"version": 1, "purpose": "Learn together", "entry_rules": "",
            "exit_rules": "", "roles": [], "commitments": [], "collections": [],
            "big_garden": [{"currency": "EUR", "mode": "fixed", "amount": 12.5, "cadence": "monthly"}]}"#;
        let refused = parse_json(minimal, day(), en()).unwrap_err();
        assert_eq!(refused.place, "big_garden[1].amount");
        assert!(refused.problem.contains("as a string"), "{refused}");
        // (the amount written as a string, so that the missing point is the first problem)
        let missing = minimal
            .replace("12.5", r#""12.50""#)
            .replace(r#""commitments": [], "#, "");
        assert_eq!(
            parse_json(&missing, day(), en()).unwrap_err().place,
            "commitments"
        );
        let typo = minimal.replace("purpose", "purpos");
        assert!(parse_json(&typo, day(), en())
            .unwrap_err()
            .problem
            .contains("unknown field `purpos`"));
    }
}
