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
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../events/golden/layout-2")
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
    // and the head says layout 2.
    let head = golden
        .lines()
        .find(|l| l.starts_with("4d "))
        .expect("the head");
    assert_eq!(&head[3..5], "02");
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
