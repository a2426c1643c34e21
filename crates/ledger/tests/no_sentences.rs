//! The ledger holds no sentence: a refusal is its rule and its values, and `jardins-text` says
//! it in French or English. This reads every source file of the crate (its code, not its
//! comments, test modules or the messages of assertions and panics, which speak to developers)
//! and fails on any string literal holding two words in a row.

use std::path::Path;

/// The labels the reports still take from the ledger, to move into the catalog with the
/// reports' titles and column heads. Nothing may be added here: a new text goes to the catalog.
const REPORT_LABELS_STILL_IN_THE_LEDGER: [&str; 6] = [
    "organisation ({organisation}), members only",
    "contributions from members",
    "contributions from gardens",
    "contributions to gardens",
    "contributions to the big garden",
    "valued roles",
];

/// The string literals of `code` (one line), escapes kept as written.
fn literals(code: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut chars = code.chars();
    while let Some(c) = chars.next() {
        match c {
            // A char literal such as '"' is not the start of a string.
            '\'' => {
                let rest: String = chars.clone().take(3).collect();
                if rest.starts_with("\"'") {
                    chars.nth(1);
                }
            }
            '"' => {
                let mut literal = String::new();
                while let Some(c) = chars.next() {
                    match c {
                        '\\' => {
                            literal.push(c);
                            literal.extend(chars.next());
                        }
                        '"' => break,
                        other => literal.push(other),
                    }
                }
                found.push(literal);
            }
            _ => {}
        }
    }
    found
}

/// Two words of letters in a row, once format placeholders (`{garden}`) are taken out.
fn is_sentence(literal: &str) -> bool {
    let mut plain = String::new();
    let mut depth = 0;
    for c in literal.chars() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            c if depth == 0 => plain.push(c),
            _ => {}
        }
    }
    let words: Vec<&str> = plain.split(' ').collect();
    let is_word = |w: &str| w.chars().filter(|c| c.is_alphabetic()).count() >= 2;
    words
        .windows(2)
        .any(|pair| is_word(pair[0]) && is_word(pair[1]))
}

fn developer_message(line: &str) -> bool {
    ["expect(", "panic!", "assert", "unreachable!"]
        .iter()
        .any(|marker| line.contains(marker))
}

#[test]
fn the_ledger_source_holds_no_sentence() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files: Vec<_> = std::fs::read_dir(&src)
        .expect("the ledger's sources")
        .map(|entry| entry.expect("a source file").path())
        .filter(|path| path.extension().is_some_and(|e| e == "rs"))
        .collect();
    files.sort();
    assert!(
        files.len() >= 10,
        "the ledger's sources are read: {files:?}"
    );
    let mut sentences = Vec::new();
    let mut allowed_seen = Vec::new();
    for file in &files {
        let source = std::fs::read_to_string(file).expect("a readable source");
        // Test modules close each file.
        let code = source.split("\n#[cfg(test)]").next().unwrap_or_default();
        for (number, line) in code.lines().enumerate() {
            let trimmed = line.trim_start();
            if trimmed.starts_with("//") || developer_message(line) {
                continue;
            }
            for literal in literals(line) {
                if REPORT_LABELS_STILL_IN_THE_LEDGER.contains(&literal.as_str()) {
                    allowed_seen.push(literal);
                } else if is_sentence(&literal) {
                    sentences.push(format!("{}:{}: {literal:?}", file.display(), number + 1));
                }
            }
        }
    }
    assert!(
        sentences.is_empty(),
        "sentences in the ledger (move them to crates/text/locales):\n{}",
        sentences.join("\n")
    );
    // The list above holds only labels still there: one moved to the catalog leaves it.
    for label in REPORT_LABELS_STILL_IN_THE_LEDGER {
        assert!(
            allowed_seen.iter().any(|seen| seen == label),
            "{label:?} is no longer in the ledger: remove it from the list"
        );
    }
}

#[test]
fn the_check_finds_a_sentence_and_passes_over_ids_and_formats() {
    // Given lines as the ledger could hold them, then only a sentence is found.
    let line = r#"    problem: format!("it starts on {from}: date the payment on or after that"),"#;
    assert_eq!(literals(line).len(), 1);
    assert!(is_sentence(&literals(line)[0]));
    assert!(is_sentence("the amount {amount} is not positive"));
    for neutral in [
        "valued-role",
        "garden",
        "{role} ({currency})",
        "local ({territory})",
        "big-garden",
        "2026-03",
    ] {
        assert!(!is_sentence(neutral), "{neutral:?}");
    }
    assert_eq!(
        literals(r#"let q = '"'; let s = "a b";"#),
        vec!["a b".to_string()]
    );
}
