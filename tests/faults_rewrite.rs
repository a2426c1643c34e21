//! Rewrites the chain cannot show by itself: an export edited, re-hashed and restored into a
//! new ledger, and an older copy of the ledger's directory put back. Both pass `verify`; an
//! entry and hash kept outside the ledger reveals them: a receipt (`verify --expect SEQ:HASH`),
//! a published checkpoint (`jardins checkpoint`, signed with `ssh-keygen -Y sign`, checked by
//! `verify --checkpoint` and `audit --checkpoint`), and the python check of events/README.md.

#[path = "hostile/support.rs"]
mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use jardins_store::codec;
use support::{copy_dir, Run};

fn to_hex(bytes: impl AsRef<[u8]>) -> String {
    bytes.as_ref().iter().map(|b| format!("{b:02x}")).collect()
}

/// The head `verify` names: (sequence, hash).
fn head_of(ledger: &Path) -> (u64, String) {
    let verified = support::ok(ledger, &["verify"]);
    let line = verified
        .lines()
        .find(|l| l.starts_with("head: entry "))
        .expect("verify names the head");
    let (entry, hash) = line
        .trim_start_matches("head: entry ")
        .split_once(", hash ")
        .expect("entry N, hash H");
    (entry.parse().expect("a sequence"), hash.to_string())
}

fn exported(ledger: &Path) -> Vec<serde_json::Value> {
    support::ok(ledger, &["export", "jsonl"])
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect()
}

fn demo(scratch: &Path) -> PathBuf {
    let path = scratch.join("demo");
    support::ok(&path, &["demo"]);
    path
}

/// The demo's export with the note of one payment changed, its bytes encoded again and every
/// hash from it on recomputed: a forged history that chains and that the rules accept.
fn rewritten_export(records: &[serde_json::Value]) -> String {
    let target = records
        .iter()
        .position(|r| r["event"]["kind"]["ContributionPaid"]["note"].is_string())
        .expect("a payment with a note");
    let mut previous = codec::GENESIS;
    let mut lines = Vec::new();
    for (index, record) in records.iter().enumerate() {
        let mut record = record.clone();
        if index == target {
            record["event"]["kind"]["ContributionPaid"]["note"] = "réécrit".into();
        }
        let event = jardins_store::json::event_from_json(&record["event"]).expect("an event");
        let bytes = codec::encode_event(&event);
        let at: chrono::DateTime<chrono::Utc> = record["recorded_at"]
            .as_str()
            .expect("a time")
            .parse()
            .expect("RFC 3339");
        let sequence = record["sequence"].as_u64().expect("a sequence");
        let (_, hash) = codec::encode_record(&previous, sequence, at.timestamp_micros(), &bytes);
        record["previous_hash"] = to_hex(previous).into();
        record["hash"] = to_hex(hash).into();
        record["event_bytes"] = to_hex(&bytes).into();
        previous = hash;
        lines.push(record.to_string());
    }
    lines.join("\n") + "\n"
}

/// A new ledger holding `jsonl`, restored.
fn restored(scratch: &Path, name: &str, jsonl: &str) -> PathBuf {
    let file = scratch.join(format!("{name}.jsonl"));
    std::fs::write(&file, jsonl).expect("written");
    let path = scratch.join(name);
    support::ok(&path, &["init"]);
    support::ok(&path, &["import", file.to_str().expect("UTF-8")]);
    path
}

fn fails_with(run: &Run, words: &[&str]) {
    support::assert_no_panic(&run.stderr);
    assert_eq!(run.code, Some(3), "{run:?}");
    assert!(run.stdout.is_empty(), "{run:?}");
    for word in words {
        assert!(run.stderr.contains(word), "says {word}: {}", run.stderr);
    }
}

#[test]
fn given_a_receipt_kept_then_verify_expect_finds_a_rewritten_export_and_an_older_copy() {
    let scratch = tempfile::tempdir().expect("a temporary directory");
    let ledger = demo(scratch.path());
    let older = scratch.path().join("older");
    copy_dir(&ledger, &older);
    // Given the receipt of one more payment, entry N+1.
    let receipt = support::ok(
        &ledger,
        &[
            "pay",
            "member:lea",
            "garden:paris",
            "15.00",
            "EUR",
            "--on",
            "2026-01-15",
            "--commitment",
            "lea-paris",
        ],
    );
    let receipt = support::receipt(&receipt).expect("a receipt");
    let anchor = format!("{}:{}", receipt.sequence, receipt.hash);
    let (head, head_hash) = head_of(&ledger);
    assert_eq!(
        (head, head_hash.as_str()),
        (receipt.sequence, receipt.hash.as_str())
    );

    // When the ledger itself is checked against it, then it holds.
    let held = support::ok(
        &ledger,
        &[
            "verify",
            "--expect",
            &anchor,
            "--expect",
            &format!("1:{}", exported(&ledger)[0]["hash"].as_str().unwrap()),
        ],
    );
    assert!(
        held.contains(&format!(
            "entry {} has the expected hash {}",
            receipt.sequence, receipt.hash
        )),
        "{held}"
    );
    assert!(held.contains("entry 1 has the expected hash"), "{held}");

    // Given the older copy of the directory put back: verify alone passes…
    head_of(&older);
    // …and with the receipt, it exits 3: the log is shorter.
    fails_with(
        &support::run(&older, &["verify", "--expect", &anchor]),
        &[
            "shorter",
            &format!("ends at entry {}", receipt.sequence - 1),
            &format!(
                "entry {} (hash {}) was expected",
                receipt.sequence, receipt.hash
            ),
        ],
    );

    // Given the export rewritten, re-hashed and restored into a new ledger: verify passes…
    let forged = restored(
        scratch.path(),
        "forged",
        &rewritten_export(&exported(&ledger)),
    );
    let (forged_head, forged_hash) = head_of(&forged);
    assert_eq!(forged_head, receipt.sequence);
    assert_ne!(forged_hash, receipt.hash);
    // …and with the receipt, it exits 3 naming both hashes.
    fails_with(
        &support::run(&forged, &["verify", "--expect", &anchor]),
        &[&format!(
            "entry {} has hash {forged_hash}, not the {} expected",
            receipt.sequence, receipt.hash
        )],
    );

    // A mistyped anchor is bad usage.
    for typed in ["150", "x:00", "0:ab", &format!("3:{}", "A".repeat(64))] {
        let run = support::run(&ledger, &["verify", "--expect", typed]);
        assert_eq!(run.code, Some(2), "{typed}: {run:?}");
    }
}

fn ssh_keygen(arguments: &[&str], dir: &Path) -> std::process::Output {
    Command::new("ssh-keygen")
        .args(arguments)
        .current_dir(dir)
        .stdin(Stdio::null())
        .output()
        .expect("ssh-keygen runs: install openssh-client (.ci/run does)")
}

/// A key pair made by ssh-keygen in `dir`, and its allowed_signers line for `principal`.
fn key(dir: &Path, name: &str, principal: &str) -> (PathBuf, String) {
    let path = dir.join(name);
    let made = ssh_keygen(
        &[
            "-q",
            "-t",
            "ed25519",
            "-N",
            "",
            "-C",
            principal,
            "-f",
            path.to_str().unwrap(),
        ],
        dir,
    );
    assert!(made.status.success(), "{made:?}");
    let public = std::fs::read_to_string(path.with_extension("pub")).expect("the public key");
    let mut parts = public.split_whitespace();
    let line = format!(
        "{principal} namespaces=\"jardins-checkpoint\" {} {}\n",
        parts.next().unwrap(),
        parts.next().unwrap()
    );
    (path, line)
}

fn sign(dir: &Path, key: &Path, statement: &Path) {
    let signed = ssh_keygen(
        &[
            "-Y",
            "sign",
            "-q",
            "-f",
            key.to_str().unwrap(),
            "-n",
            "jardins-checkpoint",
            statement.to_str().unwrap(),
        ],
        dir,
    );
    assert!(signed.status.success(), "{signed:?}");
}

#[test]
fn given_a_checkpoint_signed_by_core_members_then_verify_and_audit_check_it_and_its_signatures() {
    let scratch = tempfile::tempdir().expect("a temporary directory");
    let dir = scratch.path();
    let ledger = demo(dir);
    let older = dir.join("older");
    copy_dir(&ledger, &older);
    support::ok(
        &ledger,
        &[
            "pay",
            "member:lea",
            "garden:paris",
            "15.00",
            "EUR",
            "--on",
            "2026-01-15",
            "--commitment",
            "lea-paris",
        ],
    );

    // When a checkpoint is printed.
    let text = support::ok(&ledger, &["checkpoint"]);
    // Then it is the documented five lines: the ledger (entry 1's hash), date, head, hash.
    let records = exported(&ledger);
    let (head, hash) = head_of(&ledger);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 5, "{text}");
    assert_eq!(lines[0], "jardins checkpoint 1");
    assert_eq!(
        lines[1],
        format!("ledger {}", records[0]["hash"].as_str().unwrap())
    );
    assert!(
        lines[2].starts_with("date 20") && lines[2].ends_with('Z'),
        "{text}"
    );
    assert_eq!(lines[3], format!("entry {head}"));
    assert_eq!(lines[4], format!("hash {hash}"));
    assert_eq!(head, records.len() as u64);
    let statement = dir.join("checkpoint.txt");
    std::fs::write(&statement, &text).expect("written");

    // Given two core members' keys, one allowed, one not, and the statement signed by both.
    let (alice, alice_line) = key(dir, "alice", "alice@paris");
    let (bob, bob_line) = key(dir, "bob", "bob@paris");
    let (mallory, _) = key(dir, "mallory", "mallory@elsewhere");
    let allowed = dir.join("core_members");
    std::fs::write(&allowed, format!("{alice_line}{bob_line}")).expect("written");
    sign(dir, &alice, &statement);
    let alice_sig = dir.join("checkpoint.alice.sig");
    std::fs::rename(dir.join("checkpoint.txt.sig"), &alice_sig).expect("renamed");
    sign(dir, &bob, &statement);
    let statement_arg = statement.to_str().unwrap();
    let allowed_arg = allowed.to_str().unwrap();

    // When verify checks it with its signatures, then it holds, naming both signers.
    let checked = support::ok(
        &ledger,
        &[
            "verify",
            "--checkpoint",
            statement_arg,
            "--allowed-signers",
            allowed_arg,
            "--signature",
            alice_sig.to_str().unwrap(),
            "--signature",
            &format!("{statement_arg}.sig"),
        ],
    );
    assert!(
        checked.contains(&format!(
            "entry {head} has its hash {hash}, signed by alice@paris, bob@paris"
        )),
        "{checked}"
    );
    // Without allowed signers, the statement is checked and the output says the signatures were not.
    let unsigned = support::ok(&ledger, &["verify", "--checkpoint", statement_arg]);
    assert!(
        unsigned.contains("signatures were not checked"),
        "{unsigned}"
    );
    // The audit checks it too, and says so under its figures.
    let audit = support::ok(&ledger, &["audit", "--checkpoint", statement_arg]);
    assert!(
        audit.contains(&format!("entry {head} still has hash {hash}")),
        "{audit}"
    );

    // Given a signature by a key that is not allowed, then exit 3.
    std::fs::remove_file(dir.join("checkpoint.txt.sig")).expect("bob's signature removed");
    sign(dir, &mallory, &statement);
    fails_with(
        &support::run(
            &ledger,
            &[
                "verify",
                "--checkpoint",
                statement_arg,
                "--allowed-signers",
                allowed_arg,
            ],
        ),
        &["made by no key of"],
    );

    // Given the statement altered after Alice signed it (another hash), then exit 3.
    let altered = dir.join("altered.txt");
    std::fs::write(&altered, text.replace(&hash, &"0".repeat(64))).expect("written");
    fails_with(
        &support::run(
            &ledger,
            &[
                "verify",
                "--checkpoint",
                altered.to_str().unwrap(),
                "--allowed-signers",
                allowed_arg,
                "--signature",
                alice_sig.to_str().unwrap(),
            ],
        ),
        &["does not verify", "alice@paris"],
    );

    // Given the older copy put back, then verify and audit exit 3: the log is shorter.
    fails_with(
        &support::run(&older, &["verify", "--checkpoint", statement_arg]),
        &[
            "shorter",
            &format!("entry {head} (hash {hash}) was expected"),
        ],
    );
    fails_with(
        &support::run(&older, &["audit", "--checkpoint", statement_arg]),
        &["shorter"],
    );

    // Given the rewritten export restored, then exit 3 naming the other hash.
    let forged = restored(dir, "forged", &rewritten_export(&records));
    fails_with(
        &support::run(&forged, &["verify", "--checkpoint", statement_arg]),
        &[&format!("not the {hash} expected")],
    );
    fails_with(
        &support::run(&forged, &["audit", "--checkpoint", statement_arg]),
        &[&format!("not the {hash} expected")],
    );

    // Given another ledger, then exit 3: the checkpoint is of another ledger.
    let other = dir.join("other");
    support::ok(&other, &["demo"]);
    fails_with(
        &support::run(&other, &["verify", "--checkpoint", statement_arg]),
        &["is of another ledger"],
    );

    // A file that is not a statement, or an endless one, is bad usage.
    for (name, content) in [
        ("empty", String::new()),
        ("loose", text.replace('\n', "\r\n")),
        ("long", "x".repeat(1_000_000)),
    ] {
        let file = dir.join(name);
        std::fs::write(&file, content).expect("written");
        let run = support::run(&ledger, &["verify", "--checkpoint", file.to_str().unwrap()]);
        assert_eq!(run.code, Some(2), "{name}: {run:?}");
        assert!(run.stderr.contains("checkpoint"), "{name}: {}", run.stderr);
    }
    let run = support::run(&ledger, &["verify", "--checkpoint", "/dev/zero"]);
    assert_eq!(run.code, Some(2), "{run:?}");
}

/// The python check of events/README.md, as it is written there.
fn readme_python() -> String {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/events/README.md"))
        .expect("events/README.md");
    let start = readme.find("```python\n").expect("a python block") + "```python\n".len();
    let end = start + readme[start..].find("```").expect("its end");
    readme[start..end].to_string()
}

fn python(script: &Path, arguments: &[&Path]) -> std::process::Output {
    Command::new("python3")
        .arg(script)
        .args(arguments)
        .stdin(Stdio::null())
        .output()
        .expect("python3 runs")
}

#[test]
fn given_the_python_check_of_the_readme_then_it_checks_the_chain_and_a_published_checkpoint() {
    let scratch = tempfile::tempdir().expect("a temporary directory");
    let dir = scratch.path();
    let ledger = demo(dir);
    let script = dir.join("check.py");
    std::fs::write(&script, readme_python()).expect("written");
    let export = dir.join("export.jsonl");
    support::ok(
        &ledger,
        &["export", "jsonl", "--output", export.to_str().unwrap()],
    );
    let statement = dir.join("checkpoint.txt");
    std::fs::write(&statement, support::ok(&ledger, &["checkpoint"])).expect("written");
    let (head, hash) = head_of(&ledger);

    // The export against its checkpoint: the chain holds and extends it.
    let held = python(&script, &[&export, &statement]);
    let said = String::from_utf8_lossy(&held.stdout);
    assert!(held.status.success(), "{held:?}");
    assert!(said.contains(&format!("head {head} {hash}")), "{said}");
    assert!(
        said.contains(&format!("extends the checkpoint: entry {head}")),
        "{said}"
    );

    // The rewritten export chains, but does not extend the checkpoint.
    let records: Vec<serde_json::Value> = std::fs::read_to_string(&export)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let forged = dir.join("forged.jsonl");
    std::fs::write(&forged, rewritten_export(&records)).expect("written");
    let refused = python(&script, &[&forged, &statement]);
    assert!(!refused.status.success(), "{refused:?}");
    assert!(
        String::from_utf8_lossy(&refused.stderr)
            .contains(&format!("entry {head} is not the one published")),
        "{refused:?}"
    );

    // An altered hash in the export breaks the chain.
    let broken = dir.join("broken.jsonl");
    let mut edited = records.clone();
    edited[3]["event_bytes"] = "00".into();
    std::fs::write(
        &broken,
        edited
            .iter()
            .map(|r| r.to_string() + "\n")
            .collect::<String>(),
    )
    .unwrap();
    let refused = python(&script, &[&broken]);
    assert!(!refused.status.success(), "{refused:?}");
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("entry 4: altered"),
        "{refused:?}"
    );
}
