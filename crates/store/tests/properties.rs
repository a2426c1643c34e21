//! Properties of the byte and JSON forms: decoding anything returns a value or an error, never
//! a panic; what is encoded decodes to itself, in one canonical form.

mod common;

use std::sync::OnceLock;

use jardins_ledger::{Account, Amount, Event, EventKind, Mode, PaysFor, Period, Text};
use jardins_store::{codec, json};
use proptest::prelude::*;
use rust_decimal::Decimal;

/// The records of a scenario ledger (every event kind), as stored bytes.
fn sample_records() -> &'static Vec<(u64, Vec<u8>)> {
    static RECORDS: OnceLock<Vec<(u64, Vec<u8>)>> = OnceLock::new();
    RECORDS.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let ledger = common::ledger_with(
            &dir.path().join("ledger"),
            common::scenario::setup_len() + 10,
        );
        ledger
            .records(1)
            .map(|r| {
                let r = r.unwrap();
                let (bytes, _) = codec::encode_record(
                    &r.previous_hash,
                    r.sequence,
                    r.recorded_at.timestamp_micros(),
                    &codec::encode_event(&r.event),
                );
                (r.sequence, bytes)
            })
            .collect()
    })
}

fn any_amount() -> impl Strategy<Value = Amount> {
    (1_i64..=1_000_000_000_000, 0_u32..=8).prop_filter_map("within the limits", |(units, scale)| {
        Amount::new(Decimal::new(units, scale)).ok()
    })
}

fn any_text() -> impl Strategy<Value = Text> {
    "\\PC{0,40}".prop_filter_map("valid text", |s| Text::new(&s).ok())
}

fn any_date() -> impl Strategy<Value = chrono::NaiveDate> {
    (-700_000_i32..3_000_000).prop_filter_map("a date", codec::date_from_days)
}

fn any_account() -> impl Strategy<Value = Account> {
    prop_oneof![
        "[a-z0-9]{1,10}".prop_map(|id| Account::Garden(id.parse().unwrap())),
        "[a-z0-9]{1,10}".prop_map(|id| Account::Member(id.parse().unwrap())),
        Just(Account::BigGarden),
        Just(Account::Outside),
    ]
}

fn any_contribution() -> impl Strategy<Value = Event> {
    (
        any_date(),
        any_account(),
        any_account(),
        any_amount(),
        "[A-Z][A-Z0-9]{1,7}",
        any::<bool>(),
        prop_oneof![
            Just(PaysFor::OneOff),
            (1_i32..9999).prop_map(|y| PaysFor::Period(Period::Year(y))),
            (1_i32..9999, 1_u32..=12).prop_map(|(y, m)| PaysFor::Period(Period::Month(
                jardins_ledger::Month::new(y, m).unwrap()
            ))),
            "[a-z0-9]{1,20}".prop_map(|c| PaysFor::Commitment(c.parse().unwrap())),
            ("[a-z0-9]{1,20}", 0_i32..=9999, 0_u32..=12).prop_map(|(c, y, m)| {
                PaysFor::CommitmentPeriod {
                    commitment: c.parse().unwrap(),
                    period: match m {
                        0 => Period::Year(y),
                        m => Period::Month(jardins_ledger::Month::new(y, m).unwrap()),
                    },
                }
            }),
        ],
        proptest::option::of(any::<u32>()),
        any_text(),
    )
        .prop_map(
            |(on, from, to, amount, currency, fixed, pays_for, judged_by, note)| Event {
                on,
                kind: EventKind::ContributionPaid {
                    from,
                    to,
                    amount,
                    currency: currency.parse().unwrap(),
                    mode: if fixed { Mode::Fixed } else { Mode::Conscious },
                    pays_for,
                    judged_by,
                    note,
                },
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn decoding_arbitrary_bytes_is_an_error_never_a_panic(
        bytes in proptest::collection::vec(any::<u8>(), 0..512),
        key in any::<u64>(),
    ) {
        // Not a valid record: the hash alone rules that out for random bytes.
        prop_assert!(codec::decode_record(key, &bytes).is_err());
        if let Ok(event) = codec::decode_event(&bytes) {
            prop_assert_eq!(codec::encode_event(&event), bytes.clone());
        }
        let _ = codec::decode_meta(&bytes);
        let _ = codec::decode_garden(&bytes);
        let _ = codec::decode_member(&bytes);
        let _ = codec::decode_commitment(&bytes);
        let _ = codec::decode_commitments_of(&bytes);
        let _ = codec::decode_currency(&bytes);
        let _ = codec::decode_person(&bytes);
        let at = codec::RunKey { shard: (key % 64) as u8, block: key >> 40, month: (key >> 8) as u32 };
        let _ = codec::decode_run(at, &bytes);
        let _ = codec::page_records(codec::page_first(key.max(1)), &bytes);
        let _ = codec::key::describe(&bytes);
        // Every prefix the store uses, followed by the same bytes: described, never a panic.
        for prefix in *b"ACGIJKLMNPRTV" {
            let mut key = vec![prefix];
            key.extend_from_slice(&bytes[..bytes.len().min(16)]);
            prop_assert!(!codec::key::describe(&key).is_empty());
        }
    }

    #[test]
    fn decoding_mutated_event_bytes_never_panics_and_what_decodes_is_canonical(
        pick in any::<prop::sample::Index>(),
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0_u8..3), 1..6),
    ) {
        let records = sample_records();
        let (_, record) = &records[pick.index(records.len())];
        let mut event = record[codec::RECORD_HEADER_BYTES..].to_vec();
        for (at, byte, how) in edits {
            match how {
                0 if !event.is_empty() => { let i = at.index(event.len()); event[i] = byte; }
                1 => { let i = at.index(event.len() + 1); event.insert(i, byte); }
                _ if !event.is_empty() => { let i = at.index(event.len()); event.truncate(i); }
                _ => {}
            }
        }
        if let Ok(decoded) = codec::decode_event(&event) {
            prop_assert_eq!(codec::encode_event(&decoded), event);
            prop_assert!(jardins_ledger::event::postings_balance(&decoded.postings()));
        }
    }

    #[test]
    fn a_record_with_any_byte_changed_is_refused(
        pick in any::<prop::sample::Index>(),
        at in any::<prop::sample::Index>(),
        flip in 1_u8..=255,
    ) {
        let records = sample_records();
        let (sequence, record) = &records[pick.index(records.len())];
        prop_assert!(codec::decode_record(*sequence, record).is_ok());
        let mut altered = record.clone();
        let i = at.index(altered.len());
        altered[i] ^= flip;
        prop_assert!(codec::decode_record(*sequence, &altered).is_err());
    }

    #[test]
    fn contributions_round_trip_through_bytes_and_json(event in any_contribution()) {
        let bytes = codec::encode_event(&event);
        let decoded = codec::decode_event(&bytes).unwrap();
        prop_assert_eq!(&decoded, &event);
        // Equal amounts may differ in scale (12.5, 12.50): the bytes keep the scale too.
        prop_assert_eq!(codec::encode_event(&decoded), bytes);
        let value = json::event_to_json(&event);
        prop_assert_eq!(json::event_from_json(&value).unwrap(), event.clone());
        prop_assert_eq!(json::event_from_json_text(&value.to_string()).unwrap(), event);
    }

    #[test]
    fn arbitrary_json_text_is_an_error_never_a_panic(text in "\\PC{0,200}") {
        let _ = json::event_from_json_text(&text);
    }

    #[test]
    fn mutated_json_lines_are_refused_or_read_never_a_panic(
        pick in any::<prop::sample::Index>(),
        at in any::<prop::sample::Index>(),
        insert in "[\\[\\]{}\",:0-9a-zA-Z\\-.\\\\]{1,3}",
    ) {
        let records = sample_records();
        let (sequence, record) = &records[pick.index(records.len())];
        let raw = codec::decode_record(*sequence, record).unwrap();
        let mut text = json::event_to_json(&raw.event).to_string();
        let mut i = at.index(text.len() + 1);
        while !text.is_char_boundary(i) { i -= 1; }
        text.insert_str(i, &insert);
        if let Ok(event) = json::event_from_json_text(&text) {
            prop_assert!(jardins_ledger::event::postings_balance(&event.postings()));
        }
    }
}
