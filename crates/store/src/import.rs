//! `import_jsonl`: JSON Lines in, in batches of at most `MAX_BATCH` lines, each batch one
//! atomic write and one flush. A line with sequence and hashes restores a recorded event, hash
//! for hash; a line without them is a new event, decided by the rules as of now.

use std::collections::HashMap;
use std::io::{BufRead, Read};

use chrono::{DateTime, Utc};
use jardins_ledger::Command;

use crate::codec::{self, PLine};
use crate::work::Work;
use crate::{
    AppendError, Head, ImportError, ImportSummary, Ledger, Recorded, StoreError, MAX_BATCH,
};
use crate::{MAX_KEY_CHARS, MAX_LINE_BYTES};

fn line_error(line: u64, reason: impl Into<String>) -> ImportError {
    ImportError::Line {
        line,
        reason: reason.into(),
        recorded: None,
    }
}

/// A line's idempotency key, if it has one, is a valid key.
fn check_key(line: u64, key: Option<&str>) -> Result<(), ImportError> {
    match key {
        Some(k) if !codec::valid_idempotency_key(k) => Err(line_error(
            line,
            format!("the key is not valid: use 1 to {MAX_KEY_CHARS} characters, none of them a control character"),
        )),
        _ => Ok(()),
    }
}

/// Store errors that a line caused are told with the line; the others are the ledger's.
fn store_error(line: u64, error: StoreError) -> ImportError {
    match error {
        StoreError::Full | StoreError::BatchTooLarge { .. } => line_error(line, error.to_string()),
        other => ImportError::Store(other),
    }
}

/// The UTF-8 byte order mark, skipped at the start of an input.
const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Lines parsed ahead of the writer, in chunks: enough to keep both cores busy, few enough to
/// bound memory (each at most `MAX_LINE_BYTES`).
const LINES_AHEAD: usize = 1024;

/// Lines passed to the writer at once: one wake-up of the other thread per chunk rather than
/// per line (waking it for every line was a tenth of the import's samples).
const CHUNK_LINES: usize = 128;

/// Most bytes of lines in one chunk, so that a chunk of long lines is sent early.
const CHUNK_BYTES: usize = 4 * 1024 * 1024;

/// What the reader sends the writer: lines read and parsed, in order.
type Chunk = Vec<Result<Parsed, ImportError>>;

/// A line read and parsed, with its event converted to the domain's form.
struct Parsed {
    line: u64,
    fields: PLine,
    event: Result<jardins_ledger::Event, ImportError>,
    /// The line's place: the first 16 bytes of the running SHA-256 of the input's lines up to
    /// and including it (each as its length, u64 BE, then its bytes without its line ending).
    /// Two inputs whose lines agree up to here have the same place here.
    place: [u8; 16],
}

fn place_of(running: &sha2::Sha256) -> [u8; 16] {
    use sha2::Digest;
    let digest = running.clone().finalize();
    let mut place = [0; 16];
    place.copy_from_slice(&digest[..16]);
    place
}

pub(crate) fn import(
    ledger: &Ledger,
    head: &mut Head,
    input: &mut dyn BufRead,
    now: DateTime<Utc>,
    progress: &mut dyn FnMut(u64),
) -> Result<ImportSummary, ImportError> {
    let start = *head;
    // Two cores: this thread reads and parses the lines (the input need not be shared), the
    // other decides and writes them, in order, a bounded number of lines behind.
    let mut recorded = Recorded {
        through_line: 0,
        appended: 0,
        head: start,
    };
    let (lines, written) = std::thread::scope(|scope| {
        let (parsed, to_write) = std::sync::mpsc::sync_channel(LINES_AHEAD / CHUNK_LINES);
        let recorded = &mut recorded;
        let writer = scope.spawn(move || write(ledger, start, to_write, now, recorded));
        let lines = read(input, &parsed, progress);
        drop(parsed);
        let written = writer
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (lines, written)
    });
    if recorded.head != start {
        // What the batches before the failing line wrote stays written: said exactly.
        *head = recorded.head;
    }
    let (appended, restored, last) = written.map_err(|error| match error {
        ImportError::Line { line, reason, .. } => ImportError::Line {
            line,
            reason,
            recorded: Some(recorded),
        },
        ImportError::Refused {
            line,
            sequence,
            refusal,
            ..
        } => ImportError::Refused {
            line,
            sequence,
            refusal,
            recorded: Some(recorded),
        },
        ImportError::InvalidValue {
            line,
            field,
            refusal,
            ..
        } => ImportError::InvalidValue {
            line,
            field,
            refusal,
            recorded: Some(recorded),
        },
        other => other,
    })?;
    *head = last;
    Ok(ImportSummary {
        lines,
        appended,
        restored,
        head: last,
    })
}

/// Reads and parses every line, sending each (an unreadable one as its error, which ends the
/// reading) until the input ends or the writer stops; tells how many lines were read.
fn read(
    input: &mut dyn BufRead,
    out: &std::sync::mpsc::SyncSender<Chunk>,
    progress: &mut dyn FnMut(u64),
) -> u64 {
    use sha2::Digest;
    let mut text = Vec::new();
    let mut line = 0_u64;
    let mut place = sha2::Sha256::new();
    let mut chunk: Chunk = Vec::with_capacity(CHUNK_LINES);
    let mut chunk_bytes = 0_usize;
    // Sends what the chunk holds; false when the writer has stopped.
    let send = |chunk: &mut Chunk| chunk.is_empty() || out.send(std::mem::take(chunk)).is_ok();
    loop {
        text.clear();
        let limit = u64::try_from(MAX_LINE_BYTES).unwrap_or(u64::MAX) + 1;
        let parsed = match (&mut *input).take(limit).read_until(b'\n', &mut text) {
            Err(e) => Err(line_error(
                line + 1,
                format!("the input cannot be read: {e}"),
            )),
            Ok(0) => {
                send(&mut chunk);
                return line;
            }
            Ok(_) => {
                line += 1;
                if line == 1 && text.starts_with(UTF8_BOM) {
                    // Some editors start a UTF-8 file with a byte order mark: it is not part
                    // of the first line.
                    text.drain(..UTF8_BOM.len());
                }
                if text.last() == Some(&b'\n') {
                    text.pop();
                    if text.last() == Some(&b'\r') {
                        text.pop();
                    }
                }
                place.update(u64::try_from(text.len()).unwrap_or(u64::MAX).to_be_bytes());
                place.update(&text);
                if text.len() > MAX_LINE_BYTES {
                    Err(line_error(
                        line,
                        format!("the line is longer than {MAX_LINE_BYTES} bytes, the limit: no event is that long"),
                    ))
                } else if text.iter().all(u8::is_ascii_whitespace) {
                    progress(line);
                    continue;
                } else {
                    serde_json::from_slice::<PLine>(&text)
                        .map_err(|e| line_error(line, format!("not a ledger line: {e}")))
                        .map(|fields| Parsed {
                            line,
                            event: fields.event.to_event().map_err(|e| match e.refused {
                                Some(refused) => ImportError::InvalidValue {
                                    line,
                                    field: refused.0,
                                    refusal: Box::new(refused.1),
                                    recorded: None,
                                },
                                None => line_error(line, format!("the event is not valid: {e}")),
                            }),
                            fields,
                            place: place_of(&place),
                        })
                }
            }
        };
        let failed = parsed.is_err();
        chunk.push(parsed);
        chunk_bytes += text.len();
        if failed || chunk.len() >= CHUNK_LINES || chunk_bytes >= CHUNK_BYTES {
            chunk_bytes = 0;
            if !send(&mut chunk) || failed {
                return line;
            }
        }
        progress(line);
    }
}

/// Decides and writes the parsed lines, in batches of at most `MAX_BATCH` appended events,
/// each one atomic write and one flush; the batch holding a line that fails is not written.
/// Tells how many events were appended, whether any line restored a recorded event, and the
/// head.
fn write(
    ledger: &Ledger,
    start: Head,
    lines: std::sync::mpsc::Receiver<Chunk>,
    now: DateTime<Utc>,
    recorded: &mut Recorded,
) -> Result<(u64, bool, Head), ImportError> {
    let path = ledger.path();
    let today = now.date_naive();
    let at = codec::micros(now);
    let mut appended_total = 0_u64;
    let mut restored = false;
    // One work for every batch: what a batch loaded stays loaded for the next ones.
    let mut work = Work::new(path, &ledger.db, &ledger.head_file, start);
    let mut in_batch = 0_usize;
    let mut head = start;
    // The place of the first line of the batch being made (none right after a commit).
    let mut batch_first: Option<[u8; 16]> = None;
    // The places of the lines of the batch being made, kept with it.
    let mut batch_places: Vec<[u8; 16]> = Vec::new();
    let mut last_line = 0;
    // The batches earlier imports wrote, by the place of their first line: their keys (a few
    // per million lines; the places of their lines are read when an input meets one).
    let mut imported: HashMap<[u8; 16], Vec<sled::IVec>> = HashMap::new();
    for item in ledger.db.scan_prefix([codec::key::IMPORTED]) {
        let (k, _) = item.map_err(|e| ImportError::Store(crate::work::sled_error(path, e)))?;
        let (first, _) =
            codec::key::imported_of(&k).ok_or_else(|| ImportError::Store(crate::malformed(&k)))?;
        imported.entry(first).or_default().push(k);
    }
    // Lines being passed over: from this line on, they are those of batches an earlier import
    // wrote (the places of their lines), line for line.
    let mut passing: Option<(u64, Vec<Vec<[u8; 16]>>)> = None;
    for parsed in lines.iter().flatten() {
        let Parsed {
            line,
            fields: parsed,
            event,
            place,
        } = parsed?;
        if batch_first.is_none() && passing.is_none() {
            if let Some(keys) = imported.get(&place) {
                let mut batches = Vec::new();
                for k in keys {
                    let value = ledger
                        .db
                        .get(k)
                        .map_err(|e| ImportError::Store(crate::work::sled_error(path, e)))?
                        .ok_or_else(|| ImportError::Store(crate::malformed(k)))?;
                    let (_, _, places) = codec::decode_imported(&value)
                        .map_err(|e| ImportError::Store(crate::work::damaged(None, e)))?;
                    batches.push(places);
                }
                passing = Some((line, batches));
            }
        }
        if let Some((from, batches)) = &mut passing {
            let at = usize::try_from(line - *from).unwrap_or(usize::MAX);
            batches.retain(|places| places.get(at) == Some(&place));
            if !batches.is_empty() {
                // The same line, after the same lines, as one an earlier import recorded.
                *recorded = Recorded {
                    through_line: line,
                    appended: appended_total,
                    head,
                };
                if batches.iter().any(|places| places.len() == at + 1) {
                    passing = None;
                }
                continue;
            }
            // A line no earlier import recorded here: from it on, the lines are new.
            passing = None;
        }
        if batch_first.is_none() {
            batch_first = Some(place);
            batch_places.clear();
        }
        batch_places.push(place);
        last_line = line;
        let appended = match (
            parsed.sequence,
            &parsed.recorded_at,
            &parsed.previous_hash,
            &parsed.hash,
        ) {
            (Some(sequence), Some(recorded_at), Some(previous_hash), Some(hash)) => {
                restored = true;
                let restore = Restore {
                    line,
                    sequence,
                    recorded_at,
                    previous_hash,
                    hash,
                    parsed: &parsed,
                    event: event?,
                    now,
                };
                restore.apply(&mut work, path, ledger)?
            }
            (None, None, None, None) if parsed.event_bytes.is_none() => {
                let event = event?;
                check_key(line, parsed.key.as_deref())?;
                let command = Command::from_event(&event);
                let decided = work.append_decided(&command, parsed.key.as_deref(), today, at);
                let (receipt, events) = match decided {
                    Ok(decided) => decided,
                    Err(AppendError::Store(e)) => return Err(store_error(line, e)),
                    Err(AppendError::Refused(refusal)) => {
                        return Err(ImportError::Refused {
                            line,
                            sequence: None,
                            refusal: Box::new(refusal),
                            recorded: None,
                        })
                    }
                    Err(other) => return Err(line_error(line, other.to_string())),
                };
                if !receipt.replayed {
                    // The line says what the ledger computes, field for field, or it is refused
                    // (its derived fields are not silently rewritten). The event recorded is the
                    // last one decided, which its bytes decode to again (tests/properties.rs).
                    let computed = events.last();
                    if computed != Some(&event) {
                        return Err(line_error(line, derived_differs(&event, computed)));
                    }
                }
                !receipt.replayed
            }
            _ => {
                return Err(line_error(
                    line,
                    "a recorded event has sequence, recorded_at, previous_hash and hash, and a new event none of them (nor event_bytes): give all or none",
                ))
            }
        };
        if appended {
            appended_total += 1;
            in_batch += 1;
        }
        if batch_places.len() >= crate::MAX_LINES_IN_BATCH && work.is_empty() {
            // Lines that appended nothing (already recorded, by key or hash): nothing to write,
            // and nothing to remember; the next batch starts at the next line.
            batch_first = None;
        }
        if in_batch >= MAX_BATCH
            || (batch_places.len() >= crate::MAX_LINES_IN_BATCH && !work.is_empty())
        {
            if let Some(first) = batch_first.take() {
                work.remember_import(&first, &batch_places, line);
            }
            head = work.commit(true).map_err(ImportError::Store)?;
            in_batch = 0;
            *recorded = Recorded {
                through_line: line,
                appended: appended_total,
                head,
            };
        }
    }
    if !work.is_empty() {
        if let Some(first) = batch_first {
            work.remember_import(&first, &batch_places, last_line);
        }
        head = work.commit(true).map_err(ImportError::Store)?;
        *recorded = Recorded {
            through_line: last_line.max(recorded.through_line),
            appended: appended_total,
            head,
        };
    }
    Ok((appended_total, restored, head))
}

/// Where a new line differs from the event the ledger records for it: the first field (as a
/// path in the JSON form), what the line says and what the ledger computes.
fn derived_differs(
    given: &jardins_ledger::Event,
    computed: Option<&jardins_ledger::Event>,
) -> String {
    let Some(computed) = computed else {
        return "the rules record no event for it".to_string();
    };
    let given = crate::json::event_to_json(given);
    let computed = crate::json::event_to_json(computed);
    let (field, says, is) = first_difference(&given, &computed, String::new())
        .unwrap_or_else(|| ("event".to_string(), given.to_string(), computed.to_string()));
    format!(
        "{field} says {}, but the ledger computes {}: a new line's derived fields must be what the ledger records (leave them as `export jsonl` writes them, or give the event as it is typed)",
        jardins_ledger::ids::excerpt(&says),
        jardins_ledger::ids::excerpt(&is)
    )
}

fn first_difference(
    given: &serde_json::Value,
    computed: &serde_json::Value,
    at: String,
) -> Option<(String, String, String)> {
    use serde_json::Value;
    let join = |key: &str| {
        if at.is_empty() {
            key.to_string()
        } else {
            format!("{at}.{key}")
        }
    };
    match (given, computed) {
        (Value::Object(a), Value::Object(b)) if a.keys().eq(b.keys()) => a
            .iter()
            .find_map(|(key, value)| first_difference(value, &b[key], join(key))),
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => a
            .iter()
            .zip(b)
            .enumerate()
            .find_map(|(i, (x, y))| first_difference(x, y, format!("{at}[{i}]"))),
        (a, b) if a == b => None,
        (a, b) => Some((at, a.to_string(), b.to_string())),
    }
}

struct Restore<'l> {
    line: u64,
    sequence: u64,
    recorded_at: &'l str,
    previous_hash: &'l str,
    hash: &'l str,
    parsed: &'l PLine,
    event: jardins_ledger::Event,
    now: DateTime<Utc>,
}

impl Restore<'_> {
    /// Restores one recorded event; tells whether it was appended (not already present).
    fn apply<'t>(
        &self,
        w: &mut Work<'t>,
        path: &'t std::path::Path,
        ledger: &'t Ledger,
    ) -> Result<bool, ImportError> {
        let line = self.line;
        let sequence = self.sequence;
        check_key(line, self.parsed.key.as_deref())?;
        let recorded_at = codec::parse_time(self.recorded_at).ok_or_else(|| {
            let leap = if self.recorded_at.get(17..19) == Some("60") {
                " (a leap second, :60, is never recorded: no clock jardins reads gives one)"
            } else {
                ""
            };
            line_error(
                line,
                format!("recorded_at is not a time like 2026-03-01T10:00:00.000000Z (UTC, six decimals){leap}"),
            )
        })?;
        if recorded_at > self.now {
            return Err(line_error(
                line,
                format!(
                    "entry {sequence} was recorded at {}, after now ({}): a backup holds only what was recorded before it was made",
                    self.recorded_at,
                    codec::format_time(self.now)
                ),
            ));
        }
        if self.event.on > self.now.date_naive() {
            return Err(line_error(
                line,
                format!(
                    "entry {sequence} takes effect on {}, after today ({}): no command records an event dated later than the day it is typed",
                    self.event.on,
                    self.now.date_naive()
                ),
            ));
        }
        let previous_hash = codec::parse_hash(self.previous_hash).ok_or_else(|| {
            line_error(line, "previous_hash is not 64 lowercase hexadecimal digits")
        })?;
        let hash = codec::parse_hash(self.hash)
            .ok_or_else(|| line_error(line, "hash is not 64 lowercase hexadecimal digits"))?;
        let event = &self.event;
        if let Some(bytes) = &self.parsed.event_bytes {
            if hex::decode(bytes).ok() != Some(codec::encode_event(event)) {
                return Err(line_error(
                    line,
                    "event_bytes do not match the event: the line was altered",
                ));
            }
        }
        if sequence <= w.head.sequence {
            let stored = w.event_at(sequence).map_err(ImportError::Store)?;
            if stored.as_ref().is_some_and(|(_, h)| *h == hash) {
                // Already in the ledger, identical: a restore may be run again.
                return Ok(false);
            }
            let only_the_first =
                sequence == 1 && w.head.sequence == 1 && !w.is_fresh() && w.is_empty();
            if !only_the_first {
                return Err(line_error(
                    line,
                    format!(
                        "entry {sequence} is already in this ledger, with another hash: restore into a new ledger (jardins init)"
                    ),
                ));
            }
            // The ledger holds only the euro declared by `create`: the restore replaces it,
            // in the same atomic batch as the first restored entries.
            *w = Work::fresh(path, &ledger.db, &ledger.head_file);
        }
        if sequence != w.head.sequence + 1 {
            return Err(line_error(
                line,
                format!(
                    "entry {sequence} does not follow entry {}: recorded events must come in order, with no gap",
                    w.head.sequence
                ),
            ));
        }
        if previous_hash != w.head.hash {
            return Err(line_error(
                line,
                format!(
                    "entry {sequence} chains to {}, but entry {} has hash {}",
                    self.previous_hash,
                    w.head.sequence,
                    hex::encode(w.head.hash)
                ),
            ));
        }
        let command = Command::from_event(event);
        w.load_until_settled(|state| command.touches(state))
            .map_err(ImportError::Store)?;
        let decided = jardins_ledger::decide(&w.state, &command, recorded_at.date_naive())
            .map_err(|refusal| ImportError::Refused {
                line,
                sequence: Some(sequence),
                refusal: Box::new(refusal),
                recorded: None,
            })?;
        if decided != [event.clone()] {
            return Err(line_error(
                line,
                format!(
                    "entry {sequence} is not what the rules record for it: the line was altered"
                ),
            ));
        }
        if let Some(k) = &self.parsed.key {
            // The key the entry was recorded with, kept so that typing the same command again
            // after a restore records nothing.
            if let Some(used) = w.key_sequence(k).map_err(ImportError::Store)? {
                return Err(line_error(
                    line,
                    format!(
                        "the key '{}' already names entry {used}: a key names one entry",
                        jardins_ledger::ids::excerpt(k)
                    ),
                ));
            }
        }
        let (_, recomputed) = w
            .record(event, codec::micros(recorded_at))
            .map_err(|e| store_error(line, e))?;
        if let Some(k) = &self.parsed.key {
            w.remember_key(k, sequence);
        }
        if recomputed != hash {
            return Err(line_error(
                line,
                format!(
                    "entry {sequence} hashes to {}, not to the {} the line gives: the line was altered",
                    hex::encode(recomputed),
                    self.hash
                ),
            ));
        }
        Ok(true)
    }
}
