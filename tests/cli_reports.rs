//! Reports with the real binary: `balance`, `audit`, `commitments` and `log`, in JSON and CSV,
//! checked against values computed by hand.

mod cli_support;

use std::collections::BTreeMap;

use cli_support::{paris, text, TempLedger};

/// Given the paris garden (fixed-monthly constitution: 40 EUR a month to the big garden,
/// commitments of at least 10 EUR a month, events at 15 EUR a seat), this story:
///
/// | entry | date       | what                                                  |
/// | ----- | ---------- | ----------------------------------------------------- |
/// | 5     | 2026-01-05 | lou commits 12 EUR a month                            |
/// | 6     | 2026-01-10 | lou pays 12 EUR toward the commitment                 |
/// | 7     | 2026-01-10 | camille pays 10 EUR for 2026-01                       |
/// | 8     | 2026-01-20 | 45 EUR collected at an event (3 seats)                |
/// | 9     | 2026-01-31 | paris pays the big garden 40 EUR for 2026-01          |
/// | 10    | 2026-02-27 | paris pays the big garden 40 EUR for 2026-02          |
/// | 11    | 2026-03-02 | entry 10 is reversed (the transfer bounced)           |
/// | 12    | 2026-03-05 | paris pays a 7 EUR expense                            |
/// | 13    | 2026-01-15 | the lyon garden opens (another garden, for filters)   |
fn story() -> TempLedger {
    let ledger = paris();
    let steps: [&[&str]; 9] = [
        &[
            "commit",
            "lou-2026",
            "paris",
            "lou",
            "12",
            "EUR",
            "--on",
            "2026-01-05",
        ],
        &[
            "pay",
            "member:lou",
            "garden:paris",
            "12",
            "EUR",
            "--commitment",
            "lou-2026",
            "--on",
            "2026-01-10",
        ],
        &[
            "pay",
            "member:camille",
            "garden:paris",
            "10",
            "EUR",
            "--period",
            "2026-01",
            "--on",
            "2026-01-10",
        ],
        &[
            "collect",
            "paris",
            "45",
            "EUR",
            "--kind",
            "event",
            "--on",
            "2026-01-20",
        ],
        &[
            "pay",
            "garden:paris",
            "big-garden",
            "40",
            "EUR",
            "--period",
            "2026-01",
            "--on",
            "2026-01-31",
        ],
        &[
            "pay",
            "garden:paris",
            "big-garden",
            "40",
            "EUR",
            "--period",
            "2026-02",
            "--on",
            "2026-02-27",
        ],
        &[
            "reverse",
            "10",
            "--reason",
            "the transfer bounced",
            "--on",
            "2026-03-02",
        ],
        &[
            "expense",
            "paris",
            "7",
            "EUR",
            "--note",
            "=cmd()",
            "--on",
            "2026-03-05",
        ],
        &[
            "garden",
            "open",
            "lyon",
            "--name",
            "Lyon",
            "--local",
            "Lyon",
            "--core",
            "ana",
            "--core",
            "ben",
            "--on",
            "2026-01-15",
        ],
    ];
    for (index, step) in steps.iter().enumerate() {
        let receipt = ledger.ok(step);
        assert_eq!(
            cli_support::entry_of(&receipt),
            index as u64 + 5,
            "{receipt}"
        );
    }
    ledger
}

fn currency_entry<'r>(report: &'r serde_json::Value, code: &str) -> &'r serde_json::Value {
    report["balances"]
        .as_array()
        .and_then(|all| all.iter().find(|b| b["currency"] == code))
        .unwrap_or_else(|| panic!("no {code} balance in {report}"))
}

#[test]
fn balances_as_of_dates_match_the_sums_done_by_hand() {
    let ledger = story();
    // In: 12 + 10 from members, 45 collected. Out: 40 + 40 to the big garden, 7 of expenses.
    // The reversal gives back 40. On 2026-03-31: 67 - 87 + 40 = 20.00.
    let march = ledger.json(&["balance", "paris", "--as-of", "2026-03-31"]);
    let eur = currency_entry(&march, "EUR");
    assert_eq!(eur["balance"], "20.00");
    assert_eq!(eur["total_in"], "67.00");
    assert_eq!(eur["in"]["contributions_from_members"], "22.00");
    assert_eq!(eur["in"]["collections"], "45.00");
    assert_eq!(eur["total_out"], "87.00");
    assert_eq!(eur["total_corrections"], "40.00");
    // Before the reversal, on 2026-02-28: 67 - 80 = -13.00.
    let february = ledger.json(&["balance", "garden:paris", "--as-of", "2026-02-28"]);
    assert_eq!(currency_entry(&february, "EUR")["balance"], "-13.00");
    // The big garden received 40 + 40 and gave 40 back: 40.00.
    let big = ledger.json(&["balance", "big-garden", "--as-of", "2026-03-31"]);
    assert_eq!(currency_entry(&big, "EUR")["balance"], "40.00");
    // And double entry holds across the two: what paris paid out to the big garden arrived.
    let before = ledger.json(&["balance", "big-garden", "--as-of", "2026-02-27"]);
    assert_eq!(currency_entry(&before, "EUR")["balance"], "80.00");
}

#[test]
fn balance_csv_and_table_carry_the_same_figures() {
    let ledger = story();
    let csv = ledger.ok(&[
        "balance",
        "paris",
        "--as-of",
        "2026-03-31",
        "--format",
        "csv",
    ]);
    let mut rows = csv.lines();
    let header: Vec<&str> = rows.next().unwrap().split(',').collect();
    let line = header.iter().position(|h| *h == "line").unwrap();
    let amount = header.iter().position(|h| *h == "amount").unwrap();
    let closing: Vec<&str> = rows
        .map(|row| row.split(',').collect::<Vec<_>>())
        .find(|cells| cells[line] == "closing")
        .expect("a closing line")
        .into_iter()
        .collect();
    assert_eq!(closing[amount], "20.00");
    let table = ledger.ok(&["balance", "paris", "--as-of", "2026-03-31"]);
    assert!(table.contains("20.00"), "{table}");
    assert!(table.contains("EUR"), "{table}");
}

#[test]
fn the_audit_counts_what_was_due_paid_and_carried() {
    let ledger = story();
    // Three months at 40 EUR are due: 120. February's payment was reversed, so only January's
    // 40 counts, and 80 is carried as arrears.
    let audit = ledger.json(&[
        "audit",
        "--garden",
        "paris",
        "--from",
        "2026-01-01",
        "--to",
        "2026-03-31",
    ]);
    let eur = &audit["gardens"][0]["currencies"][0];
    assert_eq!(eur["currency"], "EUR");
    assert_eq!(eur["due"], "120.00");
    assert_eq!(eur["counted"], "40.00");
    assert_eq!(eur["carried_out"], "-80.00");
    assert_eq!(eur["standing"], "arrears");
    // Every payment is traced to its entry and hash; the bounced one names its reversal.
    let january = &eur["periods"][0]["payments"][0];
    assert_eq!(january["sequence"], 9);
    assert_eq!(text(january, "/hash").len(), 64);
    let log = ledger.json(&["log"]);
    assert_eq!(january["hash"], log["events"][8]["hash"]);
    let february = &eur["periods"][1]["payments"];
    assert!(
        february
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["sequence"] == 10 && p["reversed_by"] == 11),
        "{february}"
    );
    // The totals across gardens: lyon has no constitution, so nothing more is due.
    let all = ledger.json(&["audit", "--from", "2026-01-01", "--to", "2026-03-31"]);
    let total = all["totals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["currency"] == "EUR")
        .unwrap();
    assert_eq!(total["due"], "120.00");
    assert_eq!(total["counted"], "40.00");
}

#[test]
fn commitments_show_due_paid_and_difference() {
    let ledger = story();
    // lou-2026: 12 EUR a month from 2026-01-05: January to March is 3 × 12 = 36 due, 12 paid.
    let report = ledger.json(&["commitments", "--garden", "paris", "--as-of", "2026-03-31"]);
    let lou = &report["commitments"][0];
    assert_eq!(lou["commitment"], "lou-2026");
    assert_eq!(lou["periods_due"], 3);
    assert_eq!(lou["due"], "36.00");
    assert_eq!(lou["paid"], "12.00");
    assert_eq!(lou["difference"], "-24.00");
}

#[test]
fn log_filters_by_garden_and_dates() {
    let ledger = story();
    let sequences = |arguments: &[&str]| -> Vec<u64> {
        ledger.json(arguments)["events"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["sequence"].as_u64().unwrap())
            .collect()
    };
    assert_eq!(
        sequences(&["log", "--from", "2026-01-10", "--to", "2026-01-31"]),
        [6, 7, 8, 9, 13]
    );
    assert_eq!(
        sequences(&[
            "log",
            "--garden",
            "paris",
            "--from",
            "2026-01-10",
            "--to",
            "2026-01-31"
        ]),
        [6, 7, 8, 9]
    );
    assert_eq!(sequences(&["log", "--garden", "lyon"]), [13]);
    // The reversal and the commitment concern paris; the euro's declaration does not.
    let paris = sequences(&["log", "--garden", "paris"]);
    assert_eq!(paris, [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);

    // CSV carries the full hash, and a note that looks like a formula is neutralised.
    let csv = ledger.ok(&["log", "--garden", "paris", "--format", "csv"]);
    assert!(
        csv.starts_with("sequence,date,recorded_at,kind,garden,from,to,amount,currency,mode,for,note,reverses,reversed_by,hash,summary\n"),
        "{csv}"
    );
    assert_eq!(csv.lines().count(), 12);
    assert!(!csv.contains(",=cmd"), "{csv}");
    // The table shows short hashes, the entry and the kind.
    let table = ledger.ok(&["log", "--garden", "lyon"]);
    assert!(table.contains("GardenOpened"), "{table}");
    assert!(table.contains("garden:lyon"), "{table}");
}

/// One element of an SVG picture: its name, its attributes and, for `text`, what it says.
#[derive(Debug)]
struct Element {
    name: String,
    attributes: BTreeMap<String, String>,
    text: String,
}

impl Element {
    fn attribute(&self, name: &str) -> &str {
        self.attributes.get(name).map_or("", String::as_str)
    }

    fn number(&self, name: &str) -> f64 {
        self.attribute(name)
            .parse()
            .unwrap_or_else(|_| panic!("{name} of {self:?} is a number"))
    }
}

/// The elements of an SVG text, in document order (closing tags left out). Enough of XML for
/// the pictures plotters writes: attributes are `name="value"`, text holds no markup.
fn svg_elements(svg: &str) -> Vec<Element> {
    let mut elements = Vec::new();
    let mut rest = svg;
    while let Some(start) = rest.find('<') {
        rest = &rest[start + 1..];
        let end = rest.find('>').expect("every tag is closed");
        let tag = &rest[..end];
        rest = &rest[end + 1..];
        if tag.starts_with('/') || tag.starts_with('?') || tag.starts_with('!') {
            continue;
        }
        let tag = tag.trim_end_matches('/');
        let (name, mut attributes_text) = tag.split_once(' ').unwrap_or((tag, ""));
        let mut attributes = BTreeMap::new();
        while let Some((key, after)) = attributes_text.split_once("=\"") {
            let (value, after) = after.split_once('"').expect("a quoted value");
            attributes.insert(key.trim().to_string(), value.to_string());
            attributes_text = after;
        }
        let mut text = String::new();
        if name == "text" {
            let close = rest.find("</text>").expect("a text element is closed");
            text = rest[..close]
                .trim()
                .replace("&apos;", "'")
                .replace("&quot;", "\"")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&amp;", "&");
            rest = &rest[close..];
        }
        elements.push(Element {
            name: name.to_string(),
            attributes,
            text,
        });
    }
    elements
}

/// The picture cut into its panels: each starts at a text saying `caption_part`, and holds
/// every element until the next one.
fn panels<'e>(elements: &'e [Element], caption_part: &str) -> Vec<(&'e str, &'e [Element])> {
    let starts: Vec<usize> = elements
        .iter()
        .enumerate()
        .filter(|(_, e)| e.name == "text" && e.text.contains(caption_part))
        .map(|(index, _)| index)
        .collect();
    starts
        .iter()
        .enumerate()
        .map(|(n, &start)| {
            let end = starts.get(n + 1).copied().unwrap_or(elements.len());
            (elements[start].text.as_str(), &elements[start..end])
        })
        .collect()
}

/// The bars of one series in a panel: its rectangles of `colour`, the legend's sample (12 by
/// 10 pixels) left out, in drawing order, as their heights in pixels.
fn bars(panel: &[Element], colour: &str) -> Vec<f64> {
    panel
        .iter()
        .filter(|e| e.name == "rect" && e.attribute("fill") == colour)
        .filter(|e| !(e.number("width") == 12.0 && e.number("height") == 10.0))
        .map(|e| e.number("height"))
        .collect()
}

fn texts(panel: &[Element]) -> Vec<&str> {
    panel
        .iter()
        .filter(|e| e.name == "text")
        .map(|e| e.text.as_str())
        .collect()
}

fn points(panel: &[Element], colour: &str) -> usize {
    panel
        .iter()
        .filter(|e| e.name == "circle" && e.attribute("fill") == colour)
        .count()
}

#[test]
fn charts_draw_a_series_per_garden_and_currency_with_a_mark_per_month() {
    // Given the story; when the balance of paris is drawn month by month over January to
    // March, and the audit up to 31 March
    let ledger = story();
    let balance_chart = ledger.dir.path().join("paris.svg");
    let audit_chart = ledger.dir.path().join("audit.svg");
    ledger.ok(&[
        "balance",
        "paris",
        "--by",
        "month",
        "--from",
        "2026-01-01",
        "--to",
        "2026-03-31",
        "--chart",
        balance_chart.to_str().unwrap(),
    ]);
    ledger.ok(&[
        "audit",
        "--to",
        "2026-03-31",
        "--chart",
        audit_chart.to_str().unwrap(),
    ]);

    // Then the balance chart has one panel, paris in EUR, labelled with the three months.
    let svg = std::fs::read_to_string(&balance_chart).unwrap();
    assert!(svg.starts_with("<svg"));
    let elements = svg_elements(&svg);
    assert!(texts(&elements).contains(&"Balance of garden:paris (Jardin de Paris), month by month"));
    let balance = panels(&elements, ": money in and out each month");
    assert_eq!(balance.len(), 1, "one currency, one panel");
    let (caption, panel) = balance[0];
    assert!(caption.starts_with("garden:paris in EUR"), "{caption}");
    for month in ["2026-01", "2026-02", "2026-03"] {
        assert!(texts(panel).contains(&month), "{month} labels the x axis");
    }
    for legend in ["money in", "money out", "balance at the month's end"] {
        assert!(texts(panel).contains(&legend), "{legend} is in the legend");
    }
    // Money in: 67 in January (12 + 10 + 45), nothing after; money out: 40 in January,
    // 40 in February, 7 in March; three points for the balance at each month's end.
    let money_in = bars(panel, "#2E8B57");
    let money_out = bars(panel, "#CD5C5C");
    assert_eq!((money_in.len(), money_out.len()), (3, 3), "a bar per month");
    assert!(
        money_in[0] > 0.0 && money_in[1] == 0.0 && money_in[2] == 0.0,
        "{money_in:?}"
    );
    assert!(money_out.iter().all(|h| *h > 0.0), "{money_out:?}");
    assert!(money_in[0] > money_out[0], "67 in is taller than 40 out");
    assert!(
        money_out[0] == money_out[1] && money_out[2] < money_out[0],
        "{money_out:?}"
    );
    assert_eq!(points(panel, "#191970"), 3, "a balance point per month");

    // And the audit chart has a panel per garden and currency, named by garden id: lyon (no
    // constitution, one period since it opened) and paris (a period per month).
    let svg = std::fs::read_to_string(&audit_chart).unwrap();
    let elements = svg_elements(&svg);
    let audit = panels(&elements, " to the big garden in ");
    let captions: Vec<&str> = audit.iter().map(|(caption, _)| *caption).collect();
    assert_eq!(
        captions,
        [
            "garden:lyon (Lyon) to the big garden in EUR",
            "garden:paris (Jardin de Paris) to the big garden in EUR"
        ]
    );
    let (_, lyon) = audit[0];
    assert_eq!(bars(lyon, "#BEBEBE").len(), 1);
    assert!(texts(lyon).contains(&"2026-01..2026-03"));
    let (_, paris) = audit[1];
    for label in ["2026-01", "2026-02", "2026-03", "due", "paid"] {
        assert!(texts(paris).contains(&label), "{label} in paris's panel");
    }
    // 40 due each month; paid: January's 40, February's 40 reversed (it counts for
    // February: nothing is left of it), nothing for March.
    let due = bars(paris, "#BEBEBE");
    let paid = bars(paris, "#4682B4");
    assert_eq!((due.len(), paid.len()), (3, 3), "a bar per month");
    assert!(due.iter().all(|h| *h > 0.0 && *h == due[0]), "{due:?}");
    assert_eq!(paid, vec![due[0], 0.0, 0.0]);
    // The carried line (arrears below zero) has a point per month in paris and one in lyon.
    assert_eq!(points(paris, "#CD5C5C"), 3);
    assert_eq!(points(lyon, "#CD5C5C"), 1);
}

#[test]
fn a_chart_is_refused_unless_its_file_is_svg() {
    // Given the story, when a chart is asked as .png, then it is bad usage (exit 2), said
    // once, and no file is written.
    let ledger = story();
    let png = ledger.dir.path().join("paris.png");
    for arguments in [
        vec!["balance", "paris", "--chart", png.to_str().unwrap()],
        vec!["audit", "--chart", png.to_str().unwrap()],
    ] {
        let stderr = ledger.fails(2, &arguments);
        assert!(stderr.contains("ending in .svg"), "{stderr}");
        assert!(!png.exists(), "nothing written to {}", png.display());
    }
}

#[test]
fn balance_takes_to_as_as_of_and_by_month_as_by_month() {
    // Given the story; when the balance is asked with --to and with --as-of, --by month and
    // --by-month
    let ledger = story();
    let with_to = ledger.ok(&["balance", "paris", "--to", "2026-03-31", "--by", "month"]);
    let with_as_of = ledger.ok(&["balance", "paris", "--as-of", "2026-03-31", "--by-month"]);
    // Then both print the same report, month by month.
    assert_eq!(with_to, with_as_of);
    assert!(with_to.contains("Month by month in EUR"), "{with_to}");
    // And the months show each kind of flow: January's members (12 + 10 = 22), collections
    // (45), big garden (−40); February's −40; March's correction +40 and expense −7.
    let json = ledger.json(&["balance", "paris", "--to", "2026-03-31", "--by", "month"]);
    let months = currency_entry(&json, "EUR")["months"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(months.len(), 3);
    let table_lines: Vec<&str> = with_to
        .lines()
        .skip_while(|l| !l.starts_with("Month by month"))
        .collect();
    let header = table_lines[2..4].join(" ");
    for kind in [
        "members",
        "collections",
        "big garden",
        "expenses",
        "corrections",
    ] {
        assert!(header.contains(kind), "{kind} in the header: {header}");
    }
    let january = table_lines.iter().find(|l| l.contains("2026-01")).unwrap();
    let cells: Vec<&str> = january
        .split(['│', '┆'])
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .collect();
    // month, opening, in: members, in: collections, out: big garden, (out: expenses, empty
    // in January), corrections, closing: 0 + 22 + 45 − 40 = 27.
    assert_eq!(
        cells,
        ["2026-01", "0.00", "22.00", "45.00", "-40.00", "0.00", "27.00"]
    );
    let march = table_lines.iter().find(|l| l.contains("2026-03")).unwrap();
    // March: opening −13, expense −7, correction +40: 20.
    assert!(
        march.contains("-7.00") && march.contains("40.00") && march.contains("20.00"),
        "{march}"
    );
    assert_eq!(months[0]["in"]["collections"], "45.00");
}

#[test]
fn commitments_take_the_garden_as_an_argument_or_an_option() {
    // Given the story; when commitments are asked for paris as an argument and as --garden
    let ledger = story();
    let positional = ledger.json(&["commitments", "paris", "--as-of", "2026-03-31"]);
    let option = ledger.json(&["commitments", "--garden", "paris", "--as-of", "2026-03-31"]);
    // Then both give lou's commitment, and both forms at once is bad usage.
    assert_eq!(positional, option);
    assert_eq!(positional["commitments"][0]["commitment"], "lou-2026");
    let lyon = ledger.json(&["commitments", "garden:lyon", "--as-of", "2026-03-31"]);
    assert_eq!(lyon["commitments"].as_array().unwrap().len(), 0);
    ledger.fails(2, &["commitments", "paris", "--garden", "lyon"]);
}

#[test]
fn report_requests_that_cannot_be_answered_say_why() {
    let ledger = story();
    // An unknown garden is the same refusal as everywhere (exit 1); a period that ends before
    // it starts is bad usage (exit 2).
    let unknown = ledger.fails(1, &["balance", "nantes"]);
    assert!(unknown.contains("nantes"), "{unknown}");
    let backwards = ledger.fails(2, &["audit", "--from", "2026-03-01", "--to", "2026-01-31"]);
    assert!(backwards.contains("--from"), "{backwards}");
}

#[test]
fn the_audit_says_how_much_of_the_chain_it_checked() {
    // Given paris's small ledger, whose head the verify command names,
    let ledger = paris();
    let verified = ledger.ok(&["verify"]);
    let head_hash = verified
        .lines()
        .find_map(|line| line.strip_prefix("head: "))
        .and_then(|head| head.split("hash ").nth(1))
        .expect("verify names the head hash")
        .trim()
        .to_string();
    let last_line = |chain: &str| {
        ledger
            .ok(&["audit", "--chain", chain])
            .trim_end()
            .lines()
            .last()
            .unwrap()
            .to_string()
    };
    // when the audit checks everything (auto, on a small ledger, or full), it says so;
    for chain in ["auto", "full"] {
        let last = last_line(chain);
        assert!(last.contains("projections checked"), "{chain}: {last}");
        assert!(last.contains(&head_hash), "{chain}: {last}");
    }
    // when it checks every link only, it says the balances were not rebuilt;
    let last = last_line("links");
    assert!(
        last.starts_with("Chain verified:") && last.contains("not rebuilt from the log"),
        "{last}"
    );
    // and when it reads only the records it shows, it says the chain was NOT verified in full.
    let last = last_line("records-shown");
    assert!(last.starts_with("Chain NOT verified in full"), "{last}");
    // JSON names the check.
    let json = ledger.json(&["audit", "--chain", "links"]);
    assert_eq!(json["chain"]["checked"], "links");
    assert_eq!(json["chain"]["from_checkpoint"], serde_json::Value::Null);
    // Since `verify` ran above, since-verify starts from the entry it found sound (the head,
    // entry 4), and says so.
    let last = last_line("since-verify");
    assert!(
        last.contains("entries 1 to 4 as `jardins verify` found them on"),
        "{last}"
    );
    let json = ledger.json(&["audit", "--chain", "since-verify"]);
    assert_eq!(json["chain"]["from_checkpoint"], 4);
}
