//! Disk full: a ledger on a small filesystem (a size-limited tmpfs, which needs root), the
//! filesystem filled up, then contributions appended until the disk refuses. Appending on a
//! full disk exits 3 with a message that says the disk is full, prints no receipt and records
//! nothing of its batch; once space is freed every earlier event is there, the chain verifies,
//! and the refused command goes through when run again.
//!
//! Where a tmpfs cannot be mounted (not root, or no permission to mount in a container) the
//! test says so on its output and checks nothing; `docs/RELIABILITY.md` says what happens
//! then.

#[path = "hostile/support.rs"]
mod support;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use support::{by_note, command, contribution_line_padded, Fixture, Run, PAID};

/// The filesystem's size: a few of sled's 512 KiB segments.
const TMPFS_SIZE: &str = "6m";
/// Characters added to each note, so that each event takes about 4 KB.
const NOTE_PADDING: usize = 3_900;
/// Lines of each import while the disk fills.
const IMPORT_LINES: usize = 10;
/// Bounds on the loops: a 512 KiB segment holds far fewer events of 4 KB than this.
const MAX_IMPORTS: usize = 100;
const MAX_PAYS: usize = 200;
/// Room left on the disk once it is filled: a few batches fit, then the disk is full.
const ROOM_BYTES: u64 = 256 * 1024;
const DISK_FULL: &str = "No space left on device";

/// A tmpfs mounted on a temporary directory, unmounted when dropped.
struct Tmpfs {
    mount_point: tempfile::TempDir,
}

impl Tmpfs {
    fn mount() -> Result<Tmpfs, String> {
        let mount_point = tempfile::tempdir().map_err(|e| e.to_string())?;
        let output = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={TMPFS_SIZE}"), "tmpfs"])
            .arg(mount_point.path())
            .stdin(Stdio::null())
            .output()
            .map_err(|e| format!("mount cannot run: {e}"))?;
        if !output.status.success() {
            return Err(format!(
                "mount -t tmpfs failed: {}",
                String::from_utf8_lossy(&output.stderr).trim()
            ));
        }
        Ok(Tmpfs { mount_point })
    }

    fn path(&self) -> &Path {
        self.mount_point.path()
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount")
            .arg(self.mount_point.path())
            .stdin(Stdio::null())
            .output();
    }
}

/// Fills the filesystem of `dir` with one file, up to `room` bytes from its last byte, and
/// returns that file.
fn fill(dir: &Path, room: u64) -> PathBuf {
    let filler = dir.join("filler");
    let mut file = std::fs::File::create(&filler).expect("the filler is created");
    let chunk = vec![0xA5_u8; 64 * 1024];
    let mut size = chunk.len();
    loop {
        match file.write(&chunk[..size]) {
            Ok(0) => break,
            Ok(_) => {}
            Err(_) if size > 1 => size /= 2,
            Err(_) => break,
        }
    }
    let full = file.metadata().expect("the filler's size").len();
    file.set_len(full.saturating_sub(room))
        .expect("the filler shrinks");
    let _ = file.sync_all();
    filler
}

fn import(fixture: &Fixture, file: &Path) -> Run {
    let output = command(&fixture.path, 10)
        .arg("import")
        .arg(file)
        .stdin(Stdio::null())
        .output()
        .expect("jardins runs");
    Run::of(output)
}

/// The disk is full: exit 3, one line naming the cause and what to do, no receipt.
fn assert_refused_for_space(run: &Run, what: &str) {
    support::assert_no_panic(&run.stderr);
    assert_eq!(run.code, Some(3), "{what} on a full disk exits 3: {run:?}");
    assert!(
        run.stderr.contains(DISK_FULL),
        "{what} says the disk is full: {}",
        run.stderr
    );
    assert!(
        run.stderr.contains("check that the disk has space"),
        "{}",
        run.stderr
    );
    assert!(
        !run.stdout.contains("recorded entry"),
        "{what} printed a receipt: {}",
        run.stdout
    );
}

#[test]
fn given_a_full_disk_then_appending_exits_3_and_every_earlier_event_is_intact() {
    let tmpfs = match Tmpfs::mount() {
        Ok(tmpfs) => tmpfs,
        Err(reason) => {
            let message = format!(
                "SKIPPED: no small filesystem can be made here ({reason}); the disk-full test needs root and permission to mount a tmpfs"
            );
            println!("{message}");
            eprintln!("{message}");
            return;
        }
    };
    // Given a ledger on a small filesystem, filled up to a little room.
    let fixture =
        Fixture::garden_in(tempfile::tempdir_in(tmpfs.path()).expect("a directory on the tmpfs"));
    let filler = fill(tmpfs.path(), ROOM_BYTES);

    // When batches are imported until the disk refuses one: sled writes inside the segments
    // it has, and a new segment needs space the disk does not have.
    let mut recorded_batches = Vec::new();
    let mut refused_batch = None;
    // The batches' files are written elsewhere: this disk has no room for them.
    let elsewhere = tempfile::tempdir().expect("a temporary directory");
    for batch in 0..MAX_IMPORTS {
        let lines: Vec<String> = (0..IMPORT_LINES)
            .map(|i| contribution_line_padded(&format!("full-{batch}-{i}"), "1.00", NOTE_PADDING))
            .collect();
        let file = elsewhere.path().join(format!("batch-{batch}.jsonl"));
        std::fs::write(&file, lines.join("\n") + "\n").expect("the batch is written");
        let run = import(&fixture, &file);
        if run.code == Some(0) {
            recorded_batches.push(batch);
            continue;
        }
        // Then the import that does not fit exits 3 and says the disk is full.
        assert_refused_for_space(&run, "an import");
        refused_batch = Some(batch);
        break;
    }
    let refused_batch = refused_batch.expect("the disk filled up");

    // And `pay` is refused the same way once the segment it writes in is full too.
    let padding = " ".repeat(NOTE_PADDING);
    let mut printed = Vec::new();
    let mut refused_pay = None;
    for i in 0..MAX_PAYS {
        let key = format!("pay-{i}");
        let note = format!("{key}{padding}");
        let output = command(&fixture.path, 10)
            .args(["pay", "member:m", "garden:g", "2.00", "EUR", "--on", PAID])
            .args(["--key", &key, "--note", &note])
            .stdin(Stdio::null())
            .output()
            .expect("jardins runs");
        let run = Run::of(output);
        if run.code == Some(0) {
            printed.push((key, support::receipt(&run.stdout).expect("a receipt")));
            continue;
        }
        assert_refused_for_space(&run, "pay");
        refused_pay = Some(key);
        break;
    }
    let refused_key = refused_pay.expect("pay met the full disk");

    // Reading on the full disk: the ledger cannot be opened (sled writes as it opens), or it
    // reads right; never a wrong figure.
    let reading = Run::of(
        command(&fixture.path, 10)
            .args(["log", "--format", "json"])
            .output()
            .expect("jardins runs"),
    );
    support::assert_no_panic(&reading.stderr);
    assert!(
        reading.code == Some(0) || (reading.code == Some(3) && reading.stderr.contains(DISK_FULL)),
        "reading a full disk: {reading:?}"
    );
    println!(
        "disk full after {} imported batches and {} payments; reading on the full disk exited {:?}",
        recorded_batches.len(),
        printed.len(),
        reading.code
    );

    // Then, once space is freed, every earlier event is there once and the chain verifies.
    std::fs::remove_file(&filler).expect("the filler is removed");
    let records = fixture.records();
    assert_eq!(fixture.verify(), records.len() as u64);
    let found = by_note(&records);
    for batch in &recorded_batches {
        for i in 0..IMPORT_LINES {
            let key = format!("full-{batch}-{i}");
            assert_eq!(
                found.get(&key).map(Vec::len),
                Some(1),
                "{key} is recorded once"
            );
        }
    }
    for i in 0..IMPORT_LINES {
        let key = format!("full-{refused_batch}-{i}");
        assert!(
            !found.contains_key(&key),
            "{key}, of the refused batch, is not recorded"
        );
    }
    for (key, receipt) in &printed {
        let copies = found.get(key).expect("the printed receipt is kept");
        assert_eq!(copies.len(), 1);
        assert_eq!(
            (copies[0].sequence, &copies[0].hash),
            (receipt.sequence, &receipt.hash)
        );
    }
    assert!(
        !found.contains_key(&refused_key),
        "the refused payment is not recorded"
    );
    // 4 set-up events, then what was recorded.
    assert_eq!(
        records.len(),
        4 + recorded_batches.len() * IMPORT_LINES + printed.len()
    );

    // And the refused payment goes through when typed again.
    let again = Run::of(
        command(&fixture.path, 10)
            .args(["pay", "member:m", "garden:g", "2.00", "EUR", "--on", PAID])
            .args([
                "--key",
                &refused_key,
                "--note",
                &format!("{refused_key}{padding}"),
            ])
            .output()
            .expect("jardins runs"),
    )
    .ok("the refused payment, again");
    assert!(support::receipt(&again.stdout).is_some());
    assert_eq!(fixture.verify(), records.len() as u64 + 1);
}
