//! An import that stops half-way: its message says exactly what was recorded (the batches
//! before the failing line, and the head they left), and importing the same file again, once
//! the line is fixed, records none of its lines twice (a line without a key is known by its
//! content and its place in the input). A file that begins with a UTF-8 byte order mark is
//! read as if it did not.

#[path = "hostile/support.rs"]
mod support;

use support::Fixture;

/// A payment of `amount` from `m` to `g`, without a key, its note telling it apart.
fn line(note: &str, amount: &str) -> String {
    format!(
        r#"{{"event":{{"on":"{}","kind":{{"ContributionPaid":{{"from":"member:m","to":"garden:g","amount":"{amount}","currency":"EUR","mode":"Conscious","pays_for":"OneOff","judged_by":1,"note":"{note}"}}}}}}}}"#,
        support::PAID
    )
}

/// The head `verify` names: (sequence, hash).
fn head(fixture: &Fixture) -> (u64, String) {
    let verified = fixture.ok(&["verify"]);
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

#[test]
fn given_10001_new_lines_whose_last_is_bad_then_the_message_says_what_was_recorded_and_a_second_import_records_nothing_twice(
) {
    // Given a garden (no payment yet) and a file of 10,000 payments of 1.00 without keys, then
    // one whose amount is not an amount.
    let fixture = Fixture::garden();
    let (before, _) = head(&fixture);
    assert_eq!(fixture.balance_eur("g"), "0.00");
    let batch = jardins_store::MAX_BATCH;
    let mut lines: Vec<String> = (1..=batch)
        .map(|i| line(&format!("n{i}"), "1.00"))
        .collect();
    lines.push(line("last", "one euro"));
    let file = fixture.dir.path().join("payments.jsonl");
    std::fs::write(&file, lines.join("\n") + "\n").expect("written");
    let path = file.to_str().expect("UTF-8");

    // When it is imported.
    let run = fixture.run(&["import", path]);

    // Then it exits 1 naming the line, and says that lines 1 to 10,000 were recorded and where
    // the head now is: exactly what the ledger holds.
    assert_eq!(run.code, Some(1), "{run:?}");
    let (after, after_hash) = head(&fixture);
    assert_eq!(after, before + batch as u64, "the first batch was written");
    for words in [
        format!("line {}", batch + 1),
        format!("lines 1 to {batch} were recorded before it ({batch} events appended; the head is now entry {after}, hash {after_hash})"),
        "import the same file again".to_string(),
    ] {
        assert!(run.stderr.contains(&words), "says {words}: {}", run.stderr);
    }
    assert!(!run.stderr.contains("was not recorded"), "{}", run.stderr);
    assert_eq!(fixture.balance_eur("g"), "10000.00");

    // When the line is fixed and the same file imported again.
    *lines.last_mut().expect("the last line") = line("last", "1.00");
    std::fs::write(&file, lines.join("\n") + "\n").expect("written");
    let again = fixture.ok(&["import", path]);

    // Then only the fixed line is recorded: 10,001 payments of 1.00 in all, each once.
    assert!(
        again.contains(&format!("imported {} lines: 1 events appended", batch + 1)),
        "{again}"
    );
    assert_eq!(head(&fixture).0, before + batch as u64 + 1);
    assert_eq!(fixture.balance_eur("g"), "10001.00");

    // And a third import of the same file records nothing.
    let third = fixture.ok(&["import", path]);
    assert!(third.contains("0 events appended"), "{third}");
    assert_eq!(fixture.balance_eur("g"), "10001.00");
}

#[test]
fn given_the_same_line_twice_in_a_file_then_both_are_recorded_and_the_file_again_records_neither() {
    // Two equal payments on two lines are two payments; the file imported again adds none.
    let fixture = Fixture::garden();
    let file = fixture.dir.path().join("twice.jsonl");
    std::fs::write(
        &file,
        format!("{}\n{}\n", line("same", "2.50"), line("same", "2.50")),
    )
    .expect("written");
    let path = file.to_str().expect("UTF-8");
    let first = fixture.ok(&["import", path]);
    assert!(first.contains("2 events appended"), "{first}");
    let second = fixture.ok(&["import", path]);
    assert!(second.contains("0 events appended"), "{second}");
    assert_eq!(fixture.balance_eur("g"), "5.00");

    // The same line after another first line is another line, at another place.
    let other = fixture.dir.path().join("other.jsonl");
    std::fs::write(
        &other,
        format!("{}\n{}\n", line("else", "1.00"), line("same", "2.50")),
    )
    .expect("written");
    let third = fixture.ok(&["import", other.to_str().expect("UTF-8")]);
    assert!(third.contains("2 events appended"), "{third}");
    assert_eq!(fixture.balance_eur("g"), "8.50");
}

#[test]
fn given_a_file_that_begins_with_a_utf8_byte_order_mark_then_it_is_read_as_without() {
    let fixture = Fixture::garden();
    let file = fixture.dir.path().join("bom.jsonl");
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(line("bom", "3.00").as_bytes());
    bytes.push(b'\n');
    std::fs::write(&file, bytes).expect("written");
    let out = fixture.ok(&["import", file.to_str().expect("UTF-8")]);
    assert!(out.contains("1 events appended"), "{out}");
    assert_eq!(fixture.balance_eur("g"), "3.00");
}

#[test]
fn given_a_file_that_grew_since_it_was_imported_then_only_its_new_lines_are_recorded() {
    // Given a month's file imported, then the same file with the next month's lines after it.
    let fixture = Fixture::garden();
    let file = fixture.dir.path().join("bank.jsonl");
    let january: Vec<String> = (1..=3).map(|i| line(&format!("jan-{i}"), "1.00")).collect();
    std::fs::write(&file, january.join("\n") + "\n").expect("written");
    let path = file.to_str().expect("UTF-8");
    assert!(fixture.ok(&["import", path]).contains("3 events appended"));
    let mut both = january.clone();
    both.extend((1..=2).map(|i| line(&format!("feb-{i}"), "10.00")));
    std::fs::write(&file, both.join("\n") + "\n").expect("written");
    // When it is imported again, then only February's two lines are recorded.
    let out = fixture.ok(&["import", path]);
    assert!(out.contains("imported 5 lines: 2 events appended"), "{out}");
    assert_eq!(fixture.balance_eur("g"), "23.00");
}
