//! Each person's own view, the lists of gardens and members, and entries a spreadsheet can use,
//! with the real binary. Every figure is worked out by hand from the story, in the test.

mod cli_support;

use cli_support::{entry_of, hash_of, paris, sample, text, TempLedger};

/// Given the paris garden (fixed-monthly: members 10 EUR a month, events 15 EUR a seat, the
/// facilitation role 30 EUR a month), with lou a member from 2026-01-05, this story:
///
/// | entry | date       | what                                                          |
/// | ----- | ---------- | ------------------------------------------------------------- |
/// | 5     | 2026-01-10 | lou pays paris 10 EUR for 2026-01                             |
/// | 6     | 2026-01-12 | camille pays paris 10 EUR for 2026-01, a note that is a formula |
/// | 7     | 2026-01-20 | paris collects 45 EUR at an event (3 seats), note "-40"       |
/// | 8     | 2026-01-31 | paris pays lou 30 EUR for facilitation, 2026-01               |
/// | 9     | 2026-02-10 | lou pays paris 10 EUR for 2026-02                             |
/// | 10    | 2026-02-15 | lou pays the big garden 5 EUR directly                        |
/// | 11    | 2026-03-01 | entry 9 is reversed ("paid twice; refunded")                  |
struct Story {
    ledger: TempLedger,
    hashes: Vec<(u64, String)>,
}

const FORMULA_NOTE: &str = "=HYPERLINK(\"http://x\",\"clic\")";

fn story() -> Story {
    let ledger = paris();
    let steps: [&[&str]; 7] = [
        &[
            "pay",
            "member:lou",
            "garden:paris",
            "10",
            "EUR",
            "--period",
            "2026-01",
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
            "2026-01-12",
            "--note",
            FORMULA_NOTE,
        ],
        &[
            "collect",
            "paris",
            "45",
            "EUR",
            "--kind",
            "event",
            "--note",
            "-40",
            "--on",
            "2026-01-20",
        ],
        &[
            "role",
            "value",
            "paris",
            "facilitation",
            "lou",
            "30",
            "EUR",
            "--period",
            "2026-01",
            "--on",
            "2026-01-31",
        ],
        &[
            "pay",
            "member:lou",
            "garden:paris",
            "10",
            "EUR",
            "--period",
            "2026-02",
            "--on",
            "2026-02-10",
        ],
        &[
            "pay",
            "member:lou",
            "big-garden",
            "5",
            "EUR",
            "--on",
            "2026-02-15",
        ],
        &[
            "reverse",
            "9",
            "--reason",
            "paid twice; refunded",
            "--on",
            "2026-03-01",
        ],
    ];
    let mut hashes = Vec::new();
    for (index, step) in steps.iter().enumerate() {
        let receipt = ledger.ok(step);
        let entry = entry_of(&receipt);
        assert_eq!(entry, 5 + index as u64, "{receipt}");
        hashes.push((entry, hash_of(&receipt)));
    }
    Story { ledger, hashes }
}

impl Story {
    fn hash(&self, entry: u64) -> &str {
        &self.hashes.iter().find(|(e, _)| *e == entry).unwrap().1
    }
}

/// The line of a member's balance in JSON that names `account`, under `flow`.
fn member_line<'v>(
    balance: &'v serde_json::Value,
    flow: &str,
    account: &str,
) -> &'v serde_json::Value {
    balance[flow]
        .as_array()
        .unwrap_or_else(|| panic!("no {flow} in {balance}"))
        .iter()
        .find(|line| line["account"] == account)
        .unwrap_or_else(|| panic!("no {flow} line for {account} in {balance}"))
}

#[test]
fn a_member_sees_what_they_paid_to_each_garden_and_received_for_roles() {
    let story = story();
    let ledger = &story.ledger;
    // When lou's balance is asked as of 2026-03-31,
    let json = ledger.json(&["balance", "member:lou", "--to", "2026-03-31"]);
    assert_eq!(text(&json, "/account"), "member:lou");
    assert_eq!(text(&json, "/name"), "Lou");
    let eur = &json["balances"][0];
    assert_eq!(text(eur, "/currency"), "EUR");
    // then to paris: 10 (entry 5) + 10 (entry 9) recorded, entry 9 reversed: 20 - 10 = 10;
    let paris = member_line(eur, "paid_to", "garden:paris");
    assert_eq!(text(paris, "/amount"), "20.00");
    assert_eq!(text(paris, "/corrections"), "-10.00");
    assert_eq!(text(paris, "/net"), "10.00");
    // to the big garden 5 (entry 10); from paris for facilitation 30 (entry 8);
    assert_eq!(
        text(member_line(eur, "paid_to", "big-garden"), "/net"),
        "5.00"
    );
    assert_eq!(
        text(member_line(eur, "received_from", "garden:paris"), "/net"),
        "30.00"
    );
    // paid in all 10 + 5 = 15, received 30, balance 30 - 15 = 15.
    assert_eq!(text(eur, "/total_paid"), "15.00");
    assert_eq!(text(eur, "/total_received"), "30.00");
    assert_eq!(text(eur, "/closing"), "15.00");

    // When only February is asked, then the balance before is January's: -10 + 30 = 20; in
    // February lou paid paris 10 (entry 9, reversed only in March) and the big garden 5, so
    // the balance at its end is 20 - 15 = 5.
    let february = ledger.json(&[
        "balance",
        "member:lou",
        "--from",
        "2026-02-01",
        "--to",
        "2026-02-28",
    ]);
    let eur = &february["balances"][0];
    assert_eq!(text(eur, "/opening"), "20.00");
    let paris = member_line(eur, "paid_to", "garden:paris");
    assert_eq!(text(paris, "/amount"), "10.00");
    assert_eq!(text(paris, "/corrections"), "0.00");
    assert_eq!(text(eur, "/total_paid"), "15.00");
    assert_eq!(text(eur, "/total_received"), "0.00");
    assert_eq!(text(eur, "/closing"), "5.00");

    // And the table says the same figures, and the CSV gives one row per line.
    let table = ledger.ok(&["balance", "member:lou", "--to", "2026-03-31"]);
    assert!(table.contains("Balance of member:lou — Lou"), "{table}");
    for row in [
        ["paid to", "garden:paris", "20.00", "-10.00", "10.00"],
        ["paid to", "big-garden", "5.00", "0.00", "5.00"],
        [
            "received for valued roles from",
            "garden:paris",
            "30.00",
            "0.00",
            "30.00",
        ],
    ] {
        let line = table
            .lines()
            .find(|l| l.contains(row[0]) && l.contains(row[1]))
            .unwrap_or_else(|| panic!("no line {row:?} in\n{table}"));
        let cells: Vec<&str> = line
            .split(['│', '┆'])
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .collect();
        assert_eq!(cells, row, "{table}");
    }
    let csv = ledger.ok(&[
        "balance",
        "member:lou",
        "--to",
        "2026-03-31",
        "--format",
        "csv",
    ]);
    assert!(
        csv.contains("member:lou,EUR,paid_to,garden:paris,20.00,-10.00,10.00\n"),
        "{csv}"
    );
    assert!(csv.contains("member:lou,EUR,closing,,,,15.00\n"), "{csv}");
    // And a person the ledger does not hold is refused as an unknown garden is: exit 1.
    let refused = ledger.fails(1, &["balance", "member:zoe"]);
    assert!(refused.contains("UnknownPerson"), "{refused}");
}

#[test]
fn the_log_of_a_member_holds_what_concerns_them_and_an_unknown_id_is_refused() {
    let story = story();
    let ledger = &story.ledger;
    let sequences = |arguments: &[&str]| -> Vec<u64> {
        ledger.json(arguments)["events"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["sequence"].as_u64().unwrap())
            .collect()
    };
    // Given the story, when lou's log is asked, then it holds lou's joining (4), payments
    // (5, 9, 10), valued role (8) and the reversal of a payment of theirs (11).
    assert_eq!(sequences(&["log", "--member", "lou"]), [4, 5, 8, 9, 10, 11]);
    // And camille's holds the opening of paris, whose core she is (2), and her payment (6).
    assert_eq!(sequences(&["log", "--member", "camille"]), [2, 6]);
    // And both filters together keep what concerns both.
    assert_eq!(
        sequences(&[
            "log",
            "--member",
            "lou",
            "--garden",
            "paris",
            "--to",
            "2026-01-31"
        ]),
        [4, 5, 8]
    );
    // When a garden or a person the ledger does not hold is asked, then every report refuses
    // it the same way: the rule named, exit 1.
    for (arguments, rule) in [
        (vec!["log", "--garden", "lyon"], "UnknownGarden"),
        (vec!["audit", "--garden", "lyon"], "UnknownGarden"),
        (vec!["commitments", "lyon"], "UnknownGarden"),
        (vec!["balance", "lyon"], "UnknownGarden"),
        (vec!["member", "list", "lyon"], "UnknownGarden"),
        (vec!["log", "--member", "zoe"], "UnknownPerson"),
        (vec!["balance", "member:zoe"], "UnknownPerson"),
    ] {
        let refused = ledger.fails(1, &arguments);
        assert!(
            refused.starts_with(&format!("jardins: refused by the rule {rule}: ")),
            "{arguments:?}: {refused}"
        );
    }
}

#[test]
fn log_rows_have_real_columns_in_csv_and_json() {
    let story = story();
    let ledger = &story.ledger;
    // When the log is written as CSV,
    let csv = ledger.ok(&["log", "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header,
        [
            "sequence",
            "date",
            "recorded_at",
            "kind",
            "garden",
            "from",
            "to",
            "amount",
            "currency",
            "mode",
            "for",
            "note",
            "reverses",
            "reversed_by",
            "hash",
            "summary"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    // then there is one row per entry, 1 to 11,
    assert_eq!(rows.len(), 11);
    let row = |entry: u64| -> Vec<String> {
        let found = rows
            .iter()
            .find(|r| r[0] == entry.to_string())
            .unwrap_or_else(|| panic!("no row {entry}"));
        let mut cells: Vec<String> = found.iter().map(String::from).collect();
        // The time recorded is the clock's; it is checked for its form only.
        assert!(
            cells[2].starts_with("20") && cells[2].contains('T'),
            "{cells:?}"
        );
        cells[2] = String::new();
        cells.truncate(15);
        cells
    };
    let cells = |values: [&str; 15]| -> Vec<String> { values.map(String::from).to_vec() };
    // and a payment names its parties, amount, mode and period, and who reversed it;
    assert_eq!(
        row(9),
        cells([
            "9",
            "2026-02-10",
            "",
            "ContributionPaid",
            "paris",
            "member:lou",
            "garden:paris",
            "10.00",
            "EUR",
            "fixed",
            "2026-02",
            "",
            "",
            "11",
            story.hash(9),
        ])
    );
    // and the reversal moves the money back (from paris to lou) and names the entry;
    assert_eq!(
        row(11),
        cells([
            "11",
            "2026-03-01",
            "",
            "EntryReversed",
            "paris",
            "garden:paris",
            "member:lou",
            "10.00",
            "EUR",
            "",
            "",
            "paid twice; refunded",
            "9",
            "",
            story.hash(11),
        ])
    );
    // and a valued role, a collection and a payment to the big garden without --period (for
    // the month of its date);
    assert_eq!(
        row(8)[4..11],
        [
            "paris",
            "garden:paris",
            "member:lou",
            "30.00",
            "EUR",
            "",
            "2026-01"
        ]
    );
    assert_eq!(
        row(7)[5..10],
        ["outside", "garden:paris", "45.00", "EUR", "fixed"]
    );
    assert_eq!(
        row(10)[4..11],
        [
            "",
            "member:lou",
            "big-garden",
            "5.00",
            "EUR",
            "fixed",
            "2026-02"
        ]
    );
    // and a note that is a formula, or that reads as a number, is text in a spreadsheet,
    // while the amounts of the program's own columns stay numbers.
    assert_eq!(row(6)[11], format!("'{FORMULA_NOTE}"));
    assert_eq!(row(7)[11], "'-40");
    // and an entry that moves no money leaves the money columns empty.
    assert_eq!(
        row(4)[3..11],
        ["MemberJoined", "paris", "", "", "", "", "", ""]
    );

    // When the log is written as JSON, then it holds the same columns: numbers for the
    // entries, exact strings for amounts, null for what an entry does not have.
    let json = ledger.json(&["log"]);
    let events = json["events"].as_array().unwrap();
    let nine = events.iter().find(|e| e["sequence"] == 9).unwrap();
    assert_eq!(nine["amount"], "10.00");
    assert_eq!(nine["reversed_by"], 11);
    assert_eq!(nine["for"], "2026-02");
    assert_eq!(nine["hash"], story.hash(9));
    let eleven = events.iter().find(|e| e["sequence"] == 11).unwrap();
    assert_eq!(eleven["reverses"], 9);
    assert_eq!(eleven["from"], "garden:paris");
    let four = events.iter().find(|e| e["sequence"] == 4).unwrap();
    assert!(four["amount"].is_null() && four["from"].is_null(), "{four}");
    assert_eq!(
        four["summary"],
        "member:lou (\"Lou\") joins garden:paris as gardener"
    );
}

#[test]
fn a_french_spreadsheet_gets_semicolons_decimal_commas_and_a_byte_order_mark() {
    let story = story();
    let ledger = &story.ledger;
    // When the log is asked as French CSV,
    let french = ledger.ok(&["log", "--format", "csv-fr"]);
    // then it starts with the UTF-8 byte-order mark and separates cells with `;`,
    let body = french
        .strip_prefix('\u{feff}')
        .unwrap_or_else(|| panic!("no BOM: {french:?}"));
    assert!(
        body.starts_with("sequence;date;recorded_at;kind;garden;from;to;amount;"),
        "{body}"
    );
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(body.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    let nine = rows.iter().find(|r| &r[0] == "9").unwrap();
    // and amounts have a decimal comma; a note holding `;` is one quoted cell, as typed.
    assert_eq!(&nine[7], "10,00");
    let eleven = rows.iter().find(|r| &r[0] == "11").unwrap();
    assert_eq!(&eleven[11], "paid twice; refunded");
    assert!(body.contains("\"paid twice; refunded\""), "{body}");
    // And the default stays plain CSV.
    let plain = ledger.ok(&["log", "--format", "csv"]);
    assert!(plain.starts_with("sequence,date,"), "{plain}");

    // When paris's balance is asked as French CSV, then a negative amount is -30,00 and stays
    // a number (no quote): out: valued roles 30 (entry 8).
    let balance = ledger.ok(&[
        "balance",
        "paris",
        "--to",
        "2026-03-31",
        "--format",
        "csv-fr",
    ]);
    assert!(balance.starts_with('\u{feff}'), "{balance}");
    assert!(
        balance.contains("garden:paris;EUR;total;;2026-03-31;out;valued_roles;-30,00;0,00\n"),
        "{balance}"
    );
    // And the audit, written by another report, gets the same form.
    let audit = ledger.ok(&["audit", "--to", "2026-03-31", "--format", "csv-fr"]);
    assert!(
        audit.starts_with('\u{feff}') && audit.contains(';'),
        "{audit}"
    );
}

#[test]
fn balance_csv_rows_follow_the_table_s_order() {
    let story = story();
    let ledger = &story.ledger;
    // Given paris on 2026-03-31: in from members 10 (5) + 10 (6) + 10 (9) = 30, collections 45
    // (7), out valued roles 30 (8), entry 9 reversed: -10; closing 30 + 45 - 30 - 10 = 35.
    let table = ledger.ok(&["balance", "paris", "--to", "2026-03-31"]);
    let labels: Vec<&str> = table
        .lines()
        .filter(|l| l.starts_with('│'))
        .skip(1)
        .map(|l| l.split('┆').next().unwrap().trim_matches(['│', ' ']))
        .collect();
    assert_eq!(
        labels,
        [
            "opening balance",
            "in: contributions from members",
            "in: collections",
            "out: valued roles",
            "correction: reversed contributions from members",
            "closing balance (2026-03-31)",
        ]
    );
    // When it is asked as CSV, then its rows are the table's, in the same order, with the
    // figures above; `judged_against_no_constitution` is filled only on in and out lines.
    let csv = ledger.ok(&["balance", "paris", "--to", "2026-03-31", "--format", "csv"]);
    let rows: Vec<&str> = csv.lines().skip(1).collect();
    let prefix = "garden:paris,EUR,total,,2026-03-31,";
    assert_eq!(
        rows,
        [
            format!("{prefix}opening,,0.00,"),
            format!("{prefix}in,contributions_from_members,30.00,0.00"),
            format!("{prefix}in,collections,45.00,0.00"),
            format!("{prefix}out,valued_roles,-30.00,0.00"),
            format!("{prefix}correction,contributions_from_members,-10.00,"),
            format!("{prefix}closing,,35.00,"),
        ]
    );
}

#[test]
fn gardens_and_members_are_listed_as_table_json_and_csv() {
    // Given paris (v1 from 2026-01-01, v2 from 2026-06-01), an organisation garden without a
    // constitution, and a thematic garden opened and closed; lou joins paris, leaves, joins
    // again; hélène joins as a companion, her name with its accent.
    let ledger = TempLedger::new();
    let dir = tempfile::tempdir().unwrap();
    let v2 = dir.path().join("v2.toml");
    let v1 = sample("fixed-monthly.toml");
    let first = std::fs::read_to_string(&v1).unwrap();
    std::fs::write(&v2, first.replace("version = 1", "version = 2")).unwrap();
    let steps: Vec<Vec<&str>> = vec![
        vec![
            "garden",
            "open",
            "paris",
            "--name",
            "Jardin de Paris",
            "--local",
            "Paris",
            "--core",
            "camille=Camille D.",
            "--core",
            "dominique",
            "--on",
            "2026-01-01",
        ],
        vec!["garden", "constitution", "paris", &v1, "--on", "2026-01-01"],
        vec![
            "garden",
            "open",
            "coop",
            "--name",
            "Jardin de la Coop Élan",
            "--organisation",
            "Coop Élan",
            "--core",
            "ana",
            "--core",
            "ben",
            "--on",
            "2026-02-01",
        ],
        vec![
            "garden",
            "open",
            "clown",
            "--name",
            "Clown",
            "--thematic",
            "clown & gouvernance",
            "--core",
            "ana",
            "--core",
            "lou=Lou",
            "--on",
            "2026-01-01",
        ],
        vec![
            "garden",
            "close",
            "clown",
            "--reason",
            "merged",
            "--on",
            "2026-03-01",
        ],
        vec![
            "member",
            "join",
            "paris",
            "lou",
            "--name",
            "Lou",
            "--on",
            "2026-01-05",
        ],
        vec!["member", "leave", "paris", "lou", "--on", "2026-03-31"],
        vec!["member", "join", "paris", "lou", "--on", "2026-05-01"],
        vec![
            "member",
            "join",
            "paris",
            "helene",
            "--name",
            "Hélène",
            "--companion",
            "--on",
            "2026-02-01",
        ],
    ];
    for step in &steps {
        ledger.ok(step);
    }
    ledger.ok(&[
        "garden",
        "constitution",
        "paris",
        v2.to_str().unwrap(),
        "--on",
        "2026-06-01",
    ]);
    // When the gardens are listed as of 2026-05-31, then paris is under v1, coop under none,
    // clown closed on 2026-03-01; by id: clown, coop, paris.
    let json = ledger.json(&["garden", "list", "--as-of", "2026-05-31"]);
    let gardens = json["gardens"].as_array().unwrap();
    let ids: Vec<&str> = gardens.iter().map(|g| g["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["clown", "coop", "paris"]);
    assert_eq!(gardens[2]["constitution_version"], 1);
    assert_eq!(
        gardens[2]["core"],
        serde_json::json!(["camille", "dominique"])
    );
    assert!(gardens[1]["constitution_version"].is_null());
    assert_eq!(gardens[1]["kind"], "organisation");
    assert_eq!(gardens[1]["kind_name"], "Coop Élan");
    assert_eq!(gardens[1]["members_only"], true);
    assert_eq!(gardens[0]["closed_on"], "2026-03-01");
    // And on 2026-06-01 paris is under v2.
    let june = ledger.json(&["garden", "list", "--as-of", "2026-06-01"]);
    assert_eq!(june["gardens"][2]["constitution_version"], 2);
    // And the CSV has the same rows, an empty cell where there is no version.
    let csv = ledger.ok(&["garden", "list", "--as-of", "2026-05-31", "--format", "csv"]);
    assert_eq!(
        csv,
        "id,name,kind,kind_name,members_only,core,constitution_version,opened_on,closed_on\n\
         clown,Clown,thematic,clown & gouvernance,false,ana lou,,2026-01-01,2026-03-01\n\
         coop,Jardin de la Coop Élan,organisation,Coop Élan,true,ana ben,,2026-02-01,\n\
         paris,Jardin de Paris,local,Paris,false,camille dominique,1,2026-01-01,\n"
    );
    let table = ledger.ok(&["garden", "list", "--as-of", "2026-05-31"]);
    assert!(table.contains("organisation, members only"), "{table}");

    // When paris's members are listed, then there is one row per spell, by first day: the
    // core on 2026-01-01, lou from 2026-01-05 to 2026-03-31, hélène, lou again from 2026-05-01.
    let csv = ledger.ok(&["member", "list", "paris", "--format", "csv"]);
    assert_eq!(
        csv,
        "garden,id,name,role,core,since,until\n\
         paris,camille,Camille D.,gardener,true,2026-01-01,\n\
         paris,dominique,dominique,gardener,true,2026-01-01,\n\
         paris,lou,Lou,gardener,false,2026-01-05,2026-03-31\n\
         paris,helene,Hélène,companion,false,2026-02-01,\n\
         paris,lou,Lou,gardener,false,2026-05-01,\n"
    );
    let json = ledger.json(&["member", "list", "paris"]);
    assert_eq!(json["members"].as_array().unwrap().len(), 5);
    assert_eq!(json["members"][3]["name"], "Hélène");
    assert!(json["members"][4]["until"].is_null());
    let table = ledger.ok(&["member", "list", "paris"]);
    assert!(table.contains("gardener, core"), "{table}");
    assert!(table.contains("Hélène"), "{table}");
}

#[test]
fn an_empty_ledger_lists_no_garden_and_says_how_to_open_one() {
    let ledger = TempLedger::new();
    let table = ledger.ok(&["garden", "list"]);
    assert!(table.contains("jardins garden open"), "{table}");
    assert_eq!(
        ledger.ok(&["garden", "list", "--format", "csv"]),
        "id,name,kind,kind_name,members_only,core,constitution_version,opened_on,closed_on\n"
    );
}
