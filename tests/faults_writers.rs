//! Several writers at once: four processes record contributions with distinct keys on one
//! ledger at the same time. With a wait allowed (`--wait`), every contribution is recorded
//! exactly once; without (`--wait 0`), a run that could not get the ledger exits 3, says that
//! another `jardins` is using it, and wrote nothing. The chain verifies after.
//!
//! Each writer is either a loop of `jardins pay` runs (one process per contribution) or one
//! `jardins import` of all its contributions (one process). CI runs the imports with 200
//! contributions each and the `pay` loops with a few each; the long run:
//!
//! ```sh
//! WRITES_EACH=200 cargo test --release --test faults_writers -- --ignored --nocapture
//! ```

#[path = "hostile/support.rs"]
mod support;

use std::collections::BTreeMap;
use std::process::Stdio;
use std::time::Instant;

use support::{by_note, command, contribution_line, env_count, Fixture, Run, PAID};

const WRITERS: usize = 4;
/// Contributions per writer for the imports (CI and long run alike).
const IMPORT_EACH: usize = 200;
/// Contributions per writer for the `pay` loops in CI.
const CI_PAY_EACH: usize = 12;
/// How long a writer may wait for the ledger, in seconds, when a wait is allowed.
const WAIT_S: u64 = 120;

/// What each run of a writer ended with: (key, exit code, stderr).
type Outcomes = Vec<(String, Option<i32>, String)>;

fn pay_writers(fixture: &Fixture, each: usize, wait_s: u64) -> Outcomes {
    let threads: Vec<_> = (0..WRITERS)
        .map(|writer| {
            let path = fixture.path.clone();
            std::thread::spawn(move || {
                (0..each)
                    .map(|i| {
                        let key = format!("w{writer}-{i}");
                        let output = command(&path, wait_s)
                            .args(["pay", "member:m", "garden:g", "1.25", "EUR", "--on", PAID])
                            .args(["--key", &key, "--note", &key])
                            .stdin(Stdio::null())
                            .output()
                            .expect("jardins runs");
                        let run = Run::of(output);
                        (key, run.code, run.stderr)
                    })
                    .collect::<Outcomes>()
            })
        })
        .collect();
    threads
        .into_iter()
        .flat_map(|t| t.join().expect("a writer thread"))
        .collect()
}

/// Each writer imports its own file of `each` keyed contributions; one outcome per writer,
/// under the key prefix of its lines.
fn import_writers(fixture: &Fixture, each: usize, wait_s: u64, tag: &str) -> Outcomes {
    let files: Vec<_> = (0..WRITERS)
        .map(|writer| {
            let lines: Vec<String> = (0..each)
                .map(|i| contribution_line(&format!("{tag}{writer}-{i}"), "0.75"))
                .collect();
            let file = fixture.dir.path().join(format!("{tag}{writer}.jsonl"));
            std::fs::write(&file, lines.join("\n") + "\n").expect("the file is written");
            file
        })
        .collect();
    let children: Vec<_> = files
        .iter()
        .enumerate()
        .map(|(writer, file)| {
            let child = command(&fixture.path, wait_s)
                .arg("import")
                .arg(file)
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("jardins starts");
            (format!("{tag}{writer}-"), child)
        })
        .collect();
    children
        .into_iter()
        .map(|(prefix, child)| {
            let run = Run::of(child.wait_with_output().expect("jardins ends"));
            (prefix, run.code, run.stderr)
        })
        .collect()
}

/// How many contributions a run recorded: the one keyed `key` for a `pay`, every one whose
/// key starts with `key` for an import (its keys' prefix ends with `-`).
fn recorded_by(found: &BTreeMap<String, Vec<support::Exported>>, key: &str) -> usize {
    found
        .iter()
        .filter(|(note, _)| {
            if key.ends_with('-') {
                note.starts_with(key)
            } else {
                note.as_str() == key
            }
        })
        .map(|(_, copies)| copies.len())
        .sum()
}

/// With a wait: every run succeeded, and every contribution is in the ledger once.
fn assert_all_recorded_once(fixture: &Fixture, outcomes: &Outcomes, expected: usize) {
    for (key, code, stderr) in outcomes {
        support::assert_no_panic(stderr);
        assert_eq!(
            *code,
            Some(0),
            "'{key}' waited for the ledger and succeeded: {stderr}"
        );
    }
    let records = fixture.records();
    let found = by_note(&records);
    let total: usize = outcomes
        .iter()
        .map(|(key, _, _)| recorded_by(&found, key))
        .sum();
    assert_eq!(total, expected, "every contribution is recorded");
    for (note, copies) in &found {
        assert_eq!(copies.len(), 1, "'{note}' is recorded once");
    }
    assert_eq!(fixture.verify(), records.len() as u64);
}

/// Without a wait: each run either succeeded and recorded all it carried, or exited 3 saying
/// the ledger is in use and recorded nothing. Returns (succeeded, refused).
fn assert_all_or_nothing(fixture: &Fixture, outcomes: &Outcomes, per_run: usize) -> (usize, usize) {
    let records = fixture.records();
    let found = by_note(&records);
    let mut succeeded = 0;
    let mut refused = 0;
    for (key, code, stderr) in outcomes {
        support::assert_no_panic(stderr);
        let recorded = recorded_by(&found, key);
        match code {
            Some(0) => {
                succeeded += 1;
                assert_eq!(
                    recorded, per_run,
                    "'{key}' succeeded: all of it is recorded"
                );
            }
            Some(3) => {
                refused += 1;
                assert!(
                    stderr.contains("another jardins is using the ledger"),
                    "'{key}': the message says why: {stderr}"
                );
                assert_eq!(stderr.trim().lines().count(), 1, "one line: {stderr}");
                assert_eq!(
                    recorded, 0,
                    "'{key}' could not get the ledger: it wrote nothing"
                );
            }
            other => panic!("'{key}' exited {other:?}: {stderr}"),
        }
    }
    for (note, copies) in &found {
        assert_eq!(copies.len(), 1, "'{note}' is recorded once");
    }
    assert_eq!(fixture.verify(), records.len() as u64);
    (succeeded, refused)
}

fn pay_with_wait(each: usize) {
    // Given one ledger, when four writers each pay `each` times with a wait allowed.
    let fixture = Fixture::garden();
    let started = Instant::now();
    let outcomes = pay_writers(&fixture, each, WAIT_S);
    // Then all of them are recorded exactly once, and the chain verifies.
    assert_all_recorded_once(&fixture, &outcomes, WRITERS * each);
    println!(
        "{WRITERS} pay writers x {each} with --wait {WAIT_S}: {} recorded once each in {:.1} s",
        WRITERS * each,
        started.elapsed().as_secs_f64()
    );
}

fn pay_without_wait(each: usize) -> (usize, usize) {
    // Given one ledger, when four writers each pay `each` times and none may wait.
    let fixture = Fixture::garden();
    let outcomes = pay_writers(&fixture, each, 0);
    // Then each run recorded its contribution, or exited 3 and recorded nothing.
    let (succeeded, refused) = assert_all_or_nothing(&fixture, &outcomes, 1);
    println!(
        "{WRITERS} pay writers x {each} with --wait 0: {succeeded} recorded, {refused} exited 3 (ledger in use) and recorded nothing"
    );
    (succeeded, refused)
}

#[test]
fn given_four_importers_with_a_wait_then_all_800_contributions_are_recorded_once() {
    let fixture = Fixture::garden();
    let outcomes = import_writers(&fixture, IMPORT_EACH, WAIT_S, "imp");
    assert_all_recorded_once(&fixture, &outcomes, WRITERS * IMPORT_EACH);
}

#[test]
fn given_four_importers_without_a_wait_then_each_file_is_all_recorded_or_refused_with_exit_3() {
    let fixture = Fixture::garden();
    let mut refused_total = 0;
    // Several rounds, so that the importers meet each other on the lock.
    for round in 0..3 {
        let outcomes = import_writers(&fixture, IMPORT_EACH, 0, &format!("r{round}-"));
        let (succeeded, refused) = assert_all_or_nothing(&fixture, &outcomes, IMPORT_EACH);
        assert!(succeeded >= 1, "round {round}: one importer got the ledger");
        refused_total += refused;
    }
    assert!(
        refused_total >= 1,
        "importers started together met on the lock"
    );
}

#[test]
fn given_four_pay_loops_with_a_wait_then_each_contribution_is_recorded_once() {
    pay_with_wait(CI_PAY_EACH);
}

#[test]
fn given_four_pay_loops_without_a_wait_then_the_ones_refused_exit_3_and_wrote_nothing() {
    let (succeeded, refused) = pay_without_wait(CI_PAY_EACH);
    assert!(
        succeeded >= 1 && refused >= 1,
        "{succeeded} recorded, {refused} refused"
    );
}

#[test]
#[ignore = "the long run: WRITES_EACH=200 cargo test --release --test faults_writers -- --ignored --nocapture"]
fn long_run_four_writers_of_200_contributions() {
    let each = env_count("WRITES_EACH", 200);
    pay_with_wait(each);
    pay_without_wait(each);
}
