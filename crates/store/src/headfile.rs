//! The head file, `head` beside sled's files: the last entry a receipt was given for. sled,
//! recovering its log after damage, takes the first bad record for a torn write and drops it
//! and everything after it; the ledger would then open at an earlier head as if all were well.
//! What was acknowledged is therefore also kept here, outside sled, written and synced after
//! sled's flush and before the receipt, and checked at every open (`Ledger::open`). Its bytes
//! are in `codec` (`encode_head_slot`, `decode_head_file`) and `events/README.md`.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::bounded::{read_at_most, Bounded};
use crate::codec::{self, HeadSlot, HEAD_FILE_BYTES, HEAD_SLOT_BYTES};
use crate::{Head, StoreError};

/// Slots of the file, written in turn.
const HEAD_SLOTS: usize = HEAD_FILE_BYTES / HEAD_SLOT_BYTES;

/// The file's name in the ledger's directory.
pub const HEAD_FILE: &str = "head";

pub(crate) fn path_of(ledger: &Path) -> PathBuf {
    ledger.join(HEAD_FILE)
}

fn io_error(ledger: &Path, source: std::io::Error) -> StoreError {
    StoreError::Io {
        path: path_of(ledger),
        source,
    }
}

/// Creates the head file of a new ledger, both slots empty (nothing acknowledged yet), and
/// syncs it and its directory, so that the file is there before any receipt depends on it.
pub(crate) fn create(ledger: &Path) -> Result<(), StoreError> {
    let mut file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path_of(ledger))
        .map_err(|e| io_error(ledger, e))?;
    file.write_all(&[0; HEAD_FILE_BYTES])
        .and_then(|()| file.sync_all())
        .and_then(|()| File::open(ledger)?.sync_all())
        .map_err(|e| io_error(ledger, e))
}

/// The slot in force, and the index of the slot the next write goes to; `None` when the file
/// is not there.
pub(crate) fn read(ledger: &Path) -> Result<Option<(HeadSlot, usize)>, StoreError> {
    let file = match File::open(path_of(ledger)) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(io_error(ledger, e)),
    };
    let damaged = |why: String| {
        StoreError::Damaged {
        sequence: None,
        what: format!(
            "its file {}, which keeps the last entry acknowledged, is damaged ({why}); restore the ledger's directory from a backup",
            path_of(ledger).display()
        ),
    }
    };
    match read_at_most(file, HEAD_FILE_BYTES).map_err(|e| io_error(ledger, e))? {
        Bounded::TooLong => Err(damaged(format!(
            "it is longer than {HEAD_FILE_BYTES} bytes"
        ))),
        Bounded::Whole(bytes) => codec::decode_head_file(&bytes)
            .map(Some)
            .map_err(|e| damaged(e.what)),
    }
}

/// The head file of the ledger this process holds, kept open with the slot in force between
/// appends: an append then writes and syncs its slot, with no open, read or close beside
/// (BENCHMARKS.md, the third round). Only the process holding sled's lock writes the file, so
/// what it last wrote is what the file holds.
#[derive(Default)]
pub(crate) struct HeadFile {
    open: Mutex<Option<Writer>>,
}

struct Writer {
    file: File,
    in_force: HeadSlot,
    /// The slot the next write goes to: the one not in force.
    next: usize,
}

impl HeadFile {
    /// Records `head` as acknowledged: writes it to the slot not in force, then waits until
    /// the write reached the device (`sync`). The file keeps its size, so no metadata needs
    /// syncing. After an error the file is read again before the next write.
    pub(crate) fn record(&self, ledger: &Path, head: Head) -> Result<(), StoreError> {
        let mut open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        let writer = match open.take() {
            Some(writer) => writer,
            None => Writer::open(ledger)?,
        };
        let writer = writer.write(head).map_err(|e| io_error(ledger, e))?;
        // Paired with the write: the file reads back as the slot kept in force.
        debug_assert_eq!(
            read(ledger).ok().flatten(),
            Some((writer.in_force, writer.next)),
            "the head file holds what was last written to it"
        );
        *open = Some(writer);
        Ok(())
    }
}

impl Writer {
    fn open(ledger: &Path) -> Result<Writer, StoreError> {
        let (in_force, next) = read(ledger)?.ok_or_else(|| StoreError::Damaged {
            sequence: None,
            what: format!("its file {} is missing", path_of(ledger).display()),
        })?;
        let file = OpenOptions::new()
            .write(true)
            .open(path_of(ledger))
            .map_err(|e| io_error(ledger, e))?;
        Ok(Writer {
            file,
            in_force,
            next,
        })
    }

    /// The writer with `head` in force, once it is on the device; dropped on an error.
    fn write(self, head: Head) -> std::io::Result<Writer> {
        let written = HeadSlot {
            generation: self.in_force.generation + 1,
            sequence: head.sequence,
            hash: head.hash,
        };
        let offset = u64::try_from(self.next * HEAD_SLOT_BYTES).expect("a slot's offset fits");
        self.file
            .write_all_at(&codec::encode_head_slot(&written), offset)?;
        sync(&self.file, offset, HEAD_SLOT_BYTES)?;
        Ok(Writer {
            file: self.file,
            in_force: written,
            next: HEAD_SLOTS - 1 - self.next,
        })
    }
}

/// Makes a write stable as sled 0.34.7 makes its log's before our receipt (`iobuf.rs`: the
/// same `sync_file_range` with the same flags): the head file is then as durable as the
/// records it vouches for, no more, no less. A `sync_data` (fdatasync) instead would also ask
/// the device to empty its cache, which sled does not do for the records themselves, and
/// tripled the cost of an append on a busy disk (BENCHMARKS.md).
fn sync(file: &File, offset: u64, length: usize) -> std::io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::io::AsRawFd;
        let offset = i64::try_from(offset).expect("a slot's offset fits");
        let length = i64::try_from(length).expect("a slot's length fits");
        // SAFETY: a system call on the descriptor of `file`, which is open for its duration;
        // it reads no memory of this process.
        let done = unsafe {
            libc::sync_file_range(
                file.as_raw_fd(),
                offset,
                length,
                libc::SYNC_FILE_RANGE_WAIT_BEFORE
                    | libc::SYNC_FILE_RANGE_WRITE
                    | libc::SYNC_FILE_RANGE_WAIT_AFTER,
            )
        };
        if done == 0 {
            return Ok(());
        }
        let error = std::io::Error::last_os_error();
        if error.raw_os_error() != Some(libc::ENOSYS) {
            return Err(error);
        }
    }
    file.sync_data()
}
