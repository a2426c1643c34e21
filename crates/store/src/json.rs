//! The documented JSON form of events and records (`events/README.md`): the persisted types of
//! `codec`, through serde_json, externally tagged (`{"ContributionPaid": {...}}`).

use jardins_ledger::Event;
use serde::Deserialize;

use crate::codec::{self, PEvent, PEventLine, PRecordLine};
use crate::Record;

/// The JSON form of an event: `{"on": "2026-03-01", "kind": {"ContributionPaid": {...}}}`.
pub fn event_to_json(event: &Event) -> serde_json::Value {
    serde_json::to_value(PEvent::of(event)).expect("the persisted types map to JSON")
}

/// An event from its JSON form, every field checked by the domain's constructors. A `Value`
/// has already merged repeated object keys; `import_jsonl` parses text and refuses them.
pub fn event_from_json(value: &serde_json::Value) -> Result<Event, String> {
    let persisted = PEvent::deserialize(value).map_err(|e| e.to_string())?;
    persisted.to_event().map_err(|e| e.what)
}

/// An event from JSON text, refusing repeated object keys.
pub fn event_from_json_text(text: &str) -> Result<Event, String> {
    let persisted: PEvent = serde_json::from_str(text).map_err(|e| e.to_string())?;
    persisted.to_event().map_err(|e| e.what)
}

/// One line of `export jsonl` (without its newline): sequence, recorded time, previous hash,
/// hash, the event's stored bytes in hex, and the event in its JSON form.
pub fn record_line(record: &Record) -> String {
    record_line_with_key(record, None)
}

/// A record line that also gives the idempotency key the entry was recorded with, so that a
/// restore keeps the key working.
pub fn record_line_with_key(record: &Record, key: Option<&str>) -> String {
    let event = PEvent::of(&record.event);
    let line = PRecordLine {
        sequence: record.sequence,
        recorded_at: codec::format_time(record.recorded_at),
        previous_hash: hex::encode(record.previous_hash),
        hash: hex::encode(record.hash),
        event_bytes: hex::encode(codec::encode_event(&record.event)),
        event: &event,
        key,
    };
    serde_json::to_string(&line).expect("the persisted types map to JSON")
}

/// One line without sequence or hashes: `import jsonl` appends it as a new event.
pub fn event_line(event: &Event) -> String {
    let event = PEvent::of(event);
    serde_json::to_string(&PEventLine { event: &event }).expect("the persisted types map to JSON")
}
