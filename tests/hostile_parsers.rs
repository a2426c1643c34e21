//! Properties of the two parsers that read what the ledger did not write itself: the JSON
//! Lines import (a whole file, line after line, in all-or-nothing batches) and the record
//! decoder (the bytes of a stored record). Any input gives a result or an error, never a
//! panic, and memory stays bounded: this test binary counts the largest single allocation made
//! while a parser runs.
//!
//! The store's own properties (crates/store/tests/properties.rs) cover arbitrary bytes given to
//! each decoder, single changes to stored records and to one JSON event; these add whole
//! import inputs (many lines, some valid, some replayed, some broken), records whose hash is
//! right around arbitrary event bytes (so that the event decoder is reached), and the bounds
//! on memory.

#[path = "hostile/support.rs"]
mod support;

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::io::{BufRead, BufReader, Read};
use std::time::Duration;

use jardins_store::{codec, ImportError, Ledger, MAX_LINE_BYTES};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

// ── The largest allocation, per thread, while measuring ─────────────────────────────────────

struct Measured;

thread_local! {
    static MEASURING: Cell<bool> = const { Cell::new(false) };
    static LARGEST: Cell<usize> = const { Cell::new(0) };
}

fn note_size(size: usize) {
    let _ = MEASURING.try_with(|measuring| {
        if measuring.get() {
            let _ = LARGEST.try_with(|largest| largest.set(largest.get().max(size)));
        }
    });
}

// SAFETY: every call is passed on to the system allocator unchanged; the bookkeeping touches
// only const-initialised thread-locals, which never allocate.
unsafe impl GlobalAlloc for Measured {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        note_size(layout.size());
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        note_size(layout.size());
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        note_size(new_size);
        unsafe { System.realloc(ptr, layout, new_size) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Measured = Measured;

/// Runs `f` and returns what it returned with the largest single allocation it made.
fn measured<T>(f: impl FnOnce() -> T) -> (T, usize) {
    LARGEST.with(|l| l.set(0));
    MEASURING.with(|m| m.set(true));
    let value = f();
    MEASURING.with(|m| m.set(false));
    (value, LARGEST.with(Cell::get))
}

// ── The record decoder ──────────────────────────────────────────────────────────────────────

/// Event bytes: arbitrary, or starting like an event with a length field claiming far more
/// than there is (bincode's variable-length integers: 251 = u16, 252 = u32, 253 = u64 follow).
fn event_bytes() -> impl Strategy<Value = Vec<u8>> {
    let huge_length = (
        any::<u8>(),
        251_u8..=253,
        any::<u64>(),
        prop::collection::vec(any::<u8>(), 0..64),
    )
        .prop_map(|(variant, marker, length, rest)| {
            let mut bytes = vec![0xFB, 0x62, 0xA2, 0x00, variant, marker];
            bytes.extend_from_slice(&length.to_le_bytes());
            bytes.extend(rest);
            bytes
        });
    prop_oneof![prop::collection::vec(any::<u8>(), 0..2048), huge_length]
}

proptest! {
    #![proptest_config(Config::with_cases(1024))]

    #[test]
    fn a_record_with_a_right_hash_around_any_event_bytes_decodes_or_is_refused_in_bounded_memory(
        event in event_bytes(),
        previous in any::<[u8; 32]>(),
        sequence in 1_u64..1_000_000,
        recorded_at_us in any::<i64>(),
    ) {
        // Given a record whose header and hash are right, whatever its event bytes.
        let (record, _) = codec::encode_record(&previous, sequence, recorded_at_us, &event);
        // When it is decoded, then it is a record or an error, and no allocation is larger
        // than the event limit.
        let (decoded, largest) = measured(|| codec::decode_record(sequence, &record));
        if let Ok(raw) = decoded {
            prop_assert_eq!(codec::encode_event(&raw.event), event);
        }
        prop_assert!(largest <= codec::MAX_EVENT_BYTES, "an allocation of {} bytes", largest);
    }
}

// ── The import parser ───────────────────────────────────────────────────────────────────────

/// One line of an import: valid contributions (some keys repeat, so some lines are replays and
/// some are keys reused for another amount), broken variants of them, and anything else.
fn line() -> impl Strategy<Value = String> {
    let keyed = (
        0_u8..12,
        prop::sample::select(vec!["1.00", "2.50", "0.001", "0", "NaN", "-1"]),
    )
        .prop_map(|(key, amount)| support::contribution_line(&format!("k{key}"), amount));
    let broken = (
        keyed.clone(),
        any::<prop::sample::Index>(),
        "[\\[\\]{}\",:0-9a-z\\\\]{0,3}",
        0_u8..3,
    )
        .prop_map(|(line, at, insert, how)| {
            let mut line = line;
            let mut i = at.index(line.len() + 1);
            while !line.is_char_boundary(i) {
                i -= 1;
            }
            match how {
                0 => line.insert_str(i, &insert),
                1 => line.truncate(i),
                _ => line.replace_range(i..(i + insert.len()).min(line.len()), &insert),
            }
            line
        });
    let recorded = (1_u64..20, "[0-9a-f]{64}").prop_map(|(sequence, hash)| {
        format!(
            r#"{{"sequence":{sequence},"recorded_at":"2024-02-01T10:00:00.000000Z","previous_hash":"{hash}","hash":"{hash}","event":{{"on":"2024-02-01","kind":{{"ExpensePaid":{{"payer":"garden:g","amount":"1.00","currency":"EUR","note":""}}}}}}}}"#
        )
    });
    prop_oneof![
        4 => keyed,
        4 => broken,
        1 => recorded,
        1 => "\\PC{0,80}",
        1 => Just(String::new()),
        1 => Just("   ".to_string()),
    ]
}

fn input() -> impl Strategy<Value = (Vec<String>, bool)> {
    (prop::collection::vec(line(), 0..12), any::<bool>())
}

#[test]
fn any_import_input_is_recorded_whole_or_refused_naming_a_line_and_changes_nothing_then() {
    // Given a ledger with the garden g and its member m, opened here.
    let fixture = support::Fixture::garden();
    let ledger = Ledger::open(&fixture.path, Duration::from_secs(10)).expect("the ledger opens");
    let now = chrono::Utc::now();
    let mut runner = TestRunner::new(Config {
        cases: 96,
        failure_persistence: None,
        ..Config::default()
    });
    let outcomes = (Cell::new(0_u32), Cell::new(0_u32));
    runner
        .run(&input(), |(lines, crlf)| {
            let text = lines.join(if crlf { "\r\n" } else { "\n" });
            let before = (ledger.head(), ledger.digest().expect("a digest"));
            // When it is imported.
            let (result, largest) =
                measured(|| ledger.import_jsonl(&mut text.as_bytes(), now, &mut |_| {}));
            // Then the memory it took is bounded by the line limit, not by the input.
            prop_assert!(
                largest <= 4 * MAX_LINE_BYTES,
                "an allocation of {} bytes",
                largest
            );
            match result {
                // Then what it recorded verifies.
                Ok(summary) => {
                    outcomes.0.set(outcomes.0.get() + 1);
                    prop_assert_eq!(summary.head, ledger.head());
                    prop_assert_eq!(ledger.head().sequence, before.0.sequence + summary.appended);
                    let report = ledger.verify(&mut |_, _| {}).expect("the ledger verifies");
                    prop_assert_eq!(report.head, ledger.head());
                }
                // Or it names a line of the input, and the ledger is as it was.
                Err(
                    ImportError::Line { line, .. }
                    | ImportError::Refused { line, .. }
                    | ImportError::InvalidValue { line, .. },
                ) => {
                    outcomes.1.set(outcomes.1.get() + 1);
                    prop_assert!(
                        line >= 1 && line <= lines.len().max(1) as u64,
                        "line {}",
                        line
                    );
                    prop_assert_eq!((ledger.head(), ledger.digest().expect("a digest")), before);
                }
                Err(other) => prop_assert!(false, "the ledger itself failed: {}", other),
            }
            Ok(())
        })
        .unwrap_or_else(|e| panic!("{e}"));
    let (recorded, refused) = (outcomes.0.get(), outcomes.1.get());
    println!("{recorded} inputs recorded, {refused} refused naming a line");
    assert!(recorded > 0 && refused > 0, "both outcomes were met");
}

/// An input that never ends a line: `{"event":` then `x` forever. Counts what was read.
struct EndlessLine {
    served: usize,
}

impl Read for EndlessLine {
    fn read(&mut self, buffer: &mut [u8]) -> std::io::Result<usize> {
        let start = b"{\"event\":";
        for byte in buffer.iter_mut() {
            *byte = start.get(self.served).copied().unwrap_or(b'x');
            self.served += 1;
        }
        Ok(buffer.len())
    }
}

#[test]
fn an_endless_line_is_refused_after_the_line_limit_in_bounded_memory() {
    // Given a ledger, and an input whose first line never ends.
    let fixture = support::Fixture::garden();
    let ledger = Ledger::open(&fixture.path, Duration::from_secs(10)).expect("the ledger opens");
    let before = ledger.digest().expect("a digest");
    let mut input = BufReader::new(EndlessLine { served: 0 });
    // When it is imported.
    let (result, largest) = measured(|| {
        ledger.import_jsonl(
            &mut input as &mut dyn BufRead,
            chrono::Utc::now(),
            &mut |_| {},
        )
    });
    // Then line 1 is refused for its length once the limit is passed, having read no more
    // than the limit and one buffer, in allocations bounded by the limit.
    match result {
        Err(ImportError::Line {
            line: 1, reason, ..
        }) => {
            assert!(reason.contains("longer than"), "{reason}")
        }
        other => panic!("expected line 1 refused, got {other:?}"),
    }
    let served = input.get_ref().served;
    assert!(
        served <= MAX_LINE_BYTES + 2 * 8192,
        "{served} bytes were read"
    );
    assert!(
        largest <= 4 * MAX_LINE_BYTES,
        "an allocation of {largest} bytes"
    );
    println!("an endless line: {served} bytes read, largest allocation {largest} bytes");
    assert_eq!(ledger.digest().expect("a digest"), before);
}
