//! Golden records: `events/golden/v1/` holds records written by format version 1, byte for
//! byte as the log stores them (`NNNN.record`), and their expected decoded form, one export
//! line each (`records.jsonl`). Every build decodes them: a change that would make old ledgers
//! unreadable, or read differently, fails here.
//!
//! To write them again (only for a new format version, in a new directory):
//! `JARDINS_WRITE_GOLDEN=1 cargo test -p jardins-store --test golden`.

mod common;

use std::path::{Path, PathBuf};

use jardins_ledger::{
    Account, Cadence, CollectionKind, Currency, CurrencyKind, Event, EventKind, GardenKind, Mode,
    PaysFor, Period,
};
use jardins_store::{codec, json, Record, GENESIS};

use common::scenario::{self, amount, day, name, text};

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../events/golden/v1")
}

/// Events beyond the scenario: the forms it does not reach (other garden kinds, a year period,
/// eight decimal places, the largest amount, unicode and newlines, far dates).
fn edge_events() -> Vec<Event> {
    let on = day("2026-02-28");
    vec![
        Event {
            on,
            kind: EventKind::CurrencyDeclared {
                currency: Currency {
                    code: "SOL8".parse().unwrap(),
                    name: name("Sol violette (8 décimales)"),
                    kind: CurrencyKind::Complementary,
                    decimal_places: 8,
                },
            },
        },
        Event {
            on,
            kind: EventKind::GardenOpened {
                garden: "clown-gouvernance".parse().unwrap(),
                name: name("Clown & gouvernance — été"),
                kind: GardenKind::Thematic {
                    theme: name("Clown 🤡"),
                },
                core: vec![
                    jardins_ledger::CorePerson {
                        person: "zoe".parse().unwrap(),
                        name: name("Zoé \"Z\" O'Neil"),
                    },
                    jardins_ledger::CorePerson {
                        person: "yann".parse().unwrap(),
                        name: name("Yann"),
                    },
                ],
            },
        },
        Event {
            on,
            kind: EventKind::GardenOpened {
                garden: "interne".parse().unwrap(),
                name: name("Jardin interne"),
                kind: GardenKind::Organisation {
                    organisation: name("Une coopérative"),
                },
                core: vec![
                    jardins_ledger::CorePerson {
                        person: "zoe".parse().unwrap(),
                        name: name("Zoé \"Z\" O'Neil"),
                    },
                    jardins_ledger::CorePerson {
                        person: "xavier".parse().unwrap(),
                        name: name("Xavier"),
                    },
                ],
            },
        },
        Event {
            on,
            kind: EventKind::RoleValued {
                garden: "clown-gouvernance".parse().unwrap(),
                role: "tresorerie".parse().unwrap(),
                holder: "zoe".parse().unwrap(),
                amount: amount("0.00000001"),
                currency: "SOL8".parse().unwrap(),
                period: Period::Year(2026),
                judged_by: None,
            },
        },
        Event {
            on,
            kind: EventKind::CommitmentMade {
                commitment: "yann-2026".parse().unwrap(),
                garden: "clown-gouvernance".parse().unwrap(),
                person: "yann".parse().unwrap(),
                amount: amount("1000000000000"),
                currency: "SOL8".parse().unwrap(),
                cadence: Cadence::Yearly,
                from: day("2026-01-01"),
                until: Some(day("9999-12-31")),
                judged_by: Some(4_000_000_000),
            },
        },
        Event {
            on: day("0001-01-01"),
            kind: EventKind::ContributionPaid {
                from: Account::Garden("interne".parse().unwrap()),
                to: Account::BigGarden,
                amount: amount("12.5"),
                currency: scenario::eur(),
                mode: Mode::Fixed,
                pays_for: PaysFor::Period(Period::Year(1)),
                judged_by: None,
                note: text("ligne 1\nligne 2 — «guillemets» \\ \"quotes\""),
            },
        },
        Event {
            on,
            kind: EventKind::CollectionRecorded {
                garden: "interne".parse().unwrap(),
                collection: CollectionKind::Gathering,
                amount: amount("7"),
                currency: scenario::eur(),
                mode: Mode::Fixed,
                judged_by: Some(1),
                note: text(""),
            },
        },
        Event {
            on,
            kind: EventKind::CollectionRecorded {
                garden: "interne".parse().unwrap(),
                collection: CollectionKind::Fundraising,
                amount: amount("7"),
                currency: scenario::eur(),
                mode: Mode::Conscious,
                judged_by: None,
                note: text("campagne"),
            },
        },
    ]
}

/// The golden chain: a scenario ledger's first records (every event kind), then the edge
/// events chained after them.
fn write_golden(dir: &Path) {
    let work = tempfile::tempdir().unwrap();
    let ledger = common::ledger_with(&work.path().join("ledger"), scenario::setup_len() + 10);
    let mut records: Vec<Record> = ledger.records(1).map(Result::unwrap).collect();
    let mut head = ledger.head();
    let recorded_at: chrono::DateTime<chrono::Utc> = "2026-03-01T10:11:12.131415Z".parse().unwrap();
    for event in edge_events() {
        let sequence = head.sequence + 1;
        let bytes = codec::encode_event(&event);
        let (_, hash) =
            codec::encode_record(&head.hash, sequence, recorded_at.timestamp_micros(), &bytes);
        records.push(Record {
            sequence,
            recorded_at,
            event,
            previous_hash: head.hash,
            hash,
        });
        head = jardins_store::Head { sequence, hash };
    }
    std::fs::create_dir_all(dir).unwrap();
    let mut lines = String::new();
    for record in &records {
        let (bytes, hash) = codec::encode_record(
            &record.previous_hash,
            record.sequence,
            record.recorded_at.timestamp_micros(),
            &codec::encode_event(&record.event),
        );
        assert_eq!(hash, record.hash);
        std::fs::write(dir.join(format!("{:04}.record", record.sequence)), bytes).unwrap();
        lines.push_str(&json::record_line(record));
        lines.push('\n');
    }
    std::fs::write(dir.join("records.jsonl"), lines).unwrap();
}

#[test]
fn golden_records_decode_to_their_expected_form() {
    let dir = golden_dir();
    if std::env::var_os("JARDINS_WRITE_GOLDEN").is_some() {
        write_golden(&dir);
    }
    let expected = std::fs::read_to_string(dir.join("records.jsonl"))
        .expect("events/golden/v1/records.jsonl exists");
    let mut previous = GENESIS;
    let mut kinds = std::collections::BTreeSet::new();
    let mut count = 0;
    for (index, line) in expected.lines().enumerate() {
        let sequence = index as u64 + 1;
        let file = dir.join(format!("{sequence:04}.record"));
        let bytes = std::fs::read(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let raw = codec::decode_record(sequence, &bytes)
            .unwrap_or_else(|e| panic!("{} does not decode: {e}", file.display()));
        assert_eq!(raw.previous_hash, previous, "{} chains", file.display());
        let record = Record {
            sequence,
            recorded_at: codec::time_of(raw.recorded_at_us).unwrap(),
            event: raw.event,
            previous_hash: raw.previous_hash,
            hash: raw.hash,
        };
        // Decoded, it reads as it always did.
        assert_eq!(json::record_line(&record), line, "{}", file.display());
        // Encoded again, it is the same bytes.
        let (again, _) = codec::encode_record(
            &record.previous_hash,
            sequence,
            raw.recorded_at_us,
            &codec::encode_event(&record.event),
        );
        assert_eq!(again, bytes, "{} re-encodes", file.display());
        // Its JSON form reads back to the same event.
        let value: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(
            json::event_from_json(&value["event"]).unwrap(),
            record.event
        );
        kinds.insert(record.event.kind.name());
        previous = record.hash;
        count += 1;
    }
    assert_eq!(
        kinds.len(),
        13,
        "every event kind has a golden record: {kinds:?}"
    );
    let files = std::fs::read_dir(&dir)
        .unwrap()
        .filter(|e| e.as_ref().unwrap().path().extension() == Some("record".as_ref()))
        .count();
    assert_eq!(files, count, "every .record file has its expected line");
}

/// A new ledger in `dir` with the scenario part of the golden chain restored (the edge events
/// were chained without the rules); its records keep the times they were recorded at.
fn restored_golden_chain(dir: &Path) -> jardins_store::Ledger {
    let expected = std::fs::read_to_string(golden_dir().join("records.jsonl")).unwrap();
    let scenario_lines: Vec<&str> = expected
        .lines()
        .take(scenario::setup_len() as usize + 11)
        .collect();
    let ledger = jardins_store::Ledger::create(&dir.join("ledger"), common::now()).unwrap();
    let summary = ledger
        .import_jsonl(
            &mut std::io::Cursor::new(scenario_lines.join("\n")),
            common::now(),
            &mut |_| {},
        )
        .unwrap();
    assert_eq!(summary.head.sequence, scenario::setup_len() + 11);
    ledger
}

#[test]
fn given_the_golden_chain_then_a_ledger_restored_from_it_verifies() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = restored_golden_chain(dir.path());
    ledger.verify(&mut |_, _| {}).unwrap();
}

fn golden_layout_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../events/golden/layout-3")
}

/// What layout 2 stored for the same chain, before each member's commitments were kept.
fn golden_layout_2() -> String {
    let file =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../events/golden/layout-2/ledger.hex");
    std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()))
}

/// Every key and value of a ledger, one line each: the key in hex, a space, the value in hex.
fn dump(ledger: &jardins_store::Ledger) -> String {
    let mut lines = String::new();
    for (key, value) in ledger.raw_entries().unwrap() {
        lines.push_str(&hex::encode(key));
        lines.push(' ');
        lines.push_str(&hex::encode(value));
        lines.push('\n');
    }
    lines
}

#[test]
fn given_the_golden_chain_restored_then_every_stored_byte_is_the_golden_layout() {
    // Given the scenario part of the golden chain restored into a new ledger (its records keep
    // the times they were recorded at, so the bytes do not depend on today),
    let dir = tempfile::tempdir().unwrap();
    let ledger = restored_golden_chain(dir.path());
    // when every key and value it stores is written out,
    let layout = dump(&ledger);
    let file = golden_layout_dir().join("ledger.hex");
    if std::env::var_os("JARDINS_WRITE_GOLDEN").is_some() {
        std::fs::create_dir_all(golden_layout_dir()).unwrap();
        std::fs::write(&file, &layout).unwrap();
    }
    // then they are the bytes this layout version wrote when it was made: pages, runs, judged
    // dates, gardens, people, memberships, commitments and the head. A change to any of them
    // is a new layout version (LAYOUT_VERSION), with its golden files in a new directory.
    let golden =
        std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    assert_eq!(
        layout.lines().count(),
        golden.lines().count(),
        "the same keys"
    );
    for (now, then) in layout.lines().zip(golden.lines()) {
        assert_eq!(now, then, "a stored key or value changed");
    }
    assert_eq!(
        golden.lines().next().map(|l| &l[..2]),
        Some("41"),
        "runs come first"
    );
    // and the head says layout 3.
    let head = golden
        .lines()
        .find(|l| l.starts_with("4d "))
        .expect("the head");
    assert_eq!(&head[3..5], "03");
}

/// Replaces everything the database at `path` holds with the keys and values of `dump`.
fn replace_database(path: &Path, dump: &str) {
    let open = || {
        sled::Config::new()
            .path(path)
            .use_compression(false)
            .flush_every_ms(None)
            .open()
    };
    // The ledger was dropped a moment ago: sled may still hold its lock (spacejam/sled#1289).
    let started = std::time::Instant::now();
    let db = loop {
        match open() {
            Ok(db) => break db,
            Err(_) if started.elapsed() < common::REOPEN_WAIT => {
                std::thread::sleep(std::time::Duration::from_millis(10))
            }
            Err(error) => panic!("the database does not open: {error}"),
        }
    };
    db.clear().unwrap();
    for line in dump.lines() {
        let (key, value) = line.split_once(' ').unwrap();
        db.insert(hex::decode(key).unwrap(), hex::decode(value).unwrap())
            .unwrap();
    }
    db.flush().unwrap();
}

#[test]
fn given_a_ledger_of_layout_2_when_it_opens_then_it_holds_what_layout_3_writes() {
    // Given the golden chain restored, and its database replaced by the bytes layout 2 stored
    // for it (the head file, outside sled, names the same head),
    let dir = tempfile::tempdir().unwrap();
    let ledger = restored_golden_chain(dir.path());
    let path = ledger.path().to_path_buf();
    drop(ledger);
    let layout_2 = golden_layout_2();
    replace_database(&path, &layout_2);
    // when it opens,
    let ledger = jardins_store::Ledger::open(&path, common::REOPEN_WAIT).unwrap();
    // then it holds, byte for byte, what layout 3 writes for the same chain: each member's
    // commitments to each garden (`I` keys) and the head saying layout 3 were added,
    let layout_3 = std::fs::read_to_string(golden_layout_dir().join("ledger.hex")).unwrap();
    assert_eq!(dump(&ledger), layout_3);
    // and nothing else changed: the other keys and values are layout 2's;
    let others = |dump: &str| -> Vec<String> {
        dump.lines()
            .filter(|l| !l.starts_with("49") && !l.starts_with("4d "))
            .map(str::to_string)
            .collect()
    };
    assert_eq!(others(&layout_3), others(&layout_2));
    assert!(
        layout_3.lines().any(|l| l.starts_with("49")),
        "the chain's commitments are kept per member"
    );
    // and opened again it is unchanged, and it verifies.
    drop(ledger);
    let again = jardins_store::Ledger::open(&path, common::REOPEN_WAIT).unwrap();
    assert_eq!(dump(&again), layout_3);
    again.verify(&mut |_, _| {}).unwrap();
}

#[test]
fn the_shard_of_an_account_is_the_documented_crc32() {
    // Given the figures `python3 -c 'import zlib; print(1 + zlib.crc32(b"…") % 63)'` prints,
    for (name, shard) in [
        ("garden:paris", 54),
        ("garden:grenoble", 4),
        ("member:lou", 1),
        ("outside", 1),
    ] {
        let account: Account = name.parse().unwrap();
        assert_eq!(codec::shard_of(&account), shard, "{name}");
    }
    // and the big garden, alone in shard 0.
    assert_eq!(codec::shard_of(&Account::BigGarden), 0);
}

#[test]
fn a_payment_toward_a_commitment_for_a_period_has_its_documented_bytes_and_json() {
    // Given alex's payment of 10.00 EUR toward alex-2026 for 2026-03, on 2026-03-10, judged by
    // version 1 (the example of events/README.md),
    let event = Event {
        on: day("2026-03-10"),
        kind: EventKind::ContributionPaid {
            from: "member:alex".parse().unwrap(),
            to: "garden:paris".parse().unwrap(),
            amount: amount("10.00"),
            currency: scenario::eur(),
            mode: Mode::Fixed,
            pays_for: PaysFor::CommitmentPeriod {
                commitment: "alex-2026".parse().unwrap(),
                period: Period::Month("2026-03".parse().unwrap()),
            },
            judged_by: Some(1),
            note: text(""),
        },
    };
    // when it is encoded, then its bytes are those worked out by hand from the documented
    // rules: the date (fb 54 a0: zigzag of 20522 days), variant 8, the accounts, amount and
    // currency as strings, Fixed (00), `pays_for` variant 3 with the commitment (09 alex-2026)
    // and the period (Month 00, year 2026 zigzag fb d4 0f, month 03), judged_by Some(1), the
    // empty note;
    let expected = "fb54a0080b6d656d6265723a616c65780c67617264656e3a706172697305\
                    31302e3030034555520003\
                    09616c65782d3230323600fbd40f03010100";
    let bytes = codec::encode_event(&event);
    assert_eq!(hex::encode(&bytes), expected);
    // they decode to the same event,
    assert_eq!(codec::decode_event(&bytes).unwrap(), event);
    // its JSON form is the documented one, and reads back to the same event;
    let json = json::event_line(&event);
    assert_eq!(
        json,
        r#"{"event":{"on":"2026-03-10","kind":{"ContributionPaid":{"from":"member:alex","to":"garden:paris","amount":"10.00","currency":"EUR","mode":"Fixed","pays_for":{"CommitmentPeriod":{"commitment":"alex-2026","period":{"Month":{"year":2026,"month":3}}}},"judged_by":1,"note":""}}}}"#
    );
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(json::event_from_json(&value["event"]).unwrap(), event);
    // and a JSON form with a period no `--period` takes (month 13) is refused on import.
    let bad = json.replace(r#""month":3"#, r#""month":13"#);
    let value: serde_json::Value = serde_json::from_str(&bad).unwrap();
    let refused = json::event_from_json(&value["event"]).unwrap_err();
    assert!(refused.contains("period"), "{refused}");
}

#[test]
fn given_a_ledger_of_a_layout_that_cannot_be_upgraded_then_it_is_refused() {
    // Given the layout-2 golden bytes with a head that says layout 1 (or 4, from a later jardins),
    for version in ["01", "04"] {
        let dir = tempfile::tempdir().unwrap();
        let ledger = restored_golden_chain(dir.path());
        let path = ledger.path().to_path_buf();
        drop(ledger);
        let forged: String = golden_layout_2()
            .lines()
            .map(|l| match l.strip_prefix("4d 02") {
                Some(rest) => format!("4d {version}{rest}\n"),
                None => format!("{l}\n"),
            })
            .collect();
        replace_database(&path, &forged);
        // when it opens, then it is refused, saying how to move it.
        let error = jardins_store::Ledger::open(&path, common::REOPEN_WAIT)
            .err()
            .expect("refused");
        let said = error.to_string();
        assert!(
            said.contains(&format!("laid out in version {}", &version[1..])),
            "{said}"
        );
        assert!(said.contains("`export jsonl` it"), "{said}");
    }
}
