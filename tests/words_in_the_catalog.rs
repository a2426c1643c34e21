//! Every sentence a person reads is in the catalog (`crates/text/locales/{fr,en}/*.ftl`), never
//! written in the code of the command line, the reports or the pages: their sources are read,
//! every string literal found, and one that holds prose (two words in a row) fails the test,
//! unless it is not said to a person (an invariant's message, a log line, `--help`, a derive's
//! attribute) or is on the short list below of literals that are not prose for a person.

use std::path::{Path, PathBuf};

/// Where a person's words could be written: the command line, the reports, the pages.
const SCANNED: [&str; 3] = [
    "crates/cli/src",
    "crates/report/src",
    "crates/server/src/pages",
];

/// Files that write machine formats only, whose words are the format's, not a person's.
const MACHINE_FILES: [(&str, &str); 2] = [
    (
        "crates/report/src/journal.rs",
        "the hledger/ledger-cli journal: account names and directives of that format",
    ),
    (
        "crates/report/src/beancount.rs",
        "the beancount file: account names, directives and metadata of that format",
    ),
];

/// Literals with words that are not prose for a person, each with why: (file, the literal, why).
const ALLOWED: [(&str, &str, &str); 4] = [
    (
        "crates/cli/src/lib.rs",
        "garden list",
        "a command to type, the same in every language (the demo's \"try next\")",
    ),
    (
        "crates/cli/src/lib.rs",
        "export journal",
        "a command to type, the same in every language (the demo's \"try next\")",
    ),
    (
        "crates/cli/src/serve.rs",
        "jardins serve: listening on http://{}",
        "the line scripts and tests read to find the server's address (a log line, on stderr)",
    ),
    (
        "crates/cli/src/serve.rs",
        "(command line)",
        "a cell of `access journal`, tab-separated values for scripts",
    ),
];

/// Constants that hold `--help` text, which may stay English, and a form's summaries in the
/// route table (`routes.rs` lists every route with one; read by whoever keeps the server, as
/// the route list's other summaries are).
const HELP_CONSTANTS: [&str; 4] = ["EXIT_CODES", "AUDIT_RULES", "SUMMARY_GET", "SUMMARY_POST"];

/// Calls whose literals nobody reads as the program's speech: invariants (their message is for
/// whoever reports the bug), logs for the server's keeper, the report's consistency diagnostics
/// (quoted inside a translated "the ledger's projections disagree (…)"), and attributes (`--help`,
/// derives; `ReportError`'s English is the HTTP API's, the command line says it through the
/// catalog).
fn not_said(callee: &str) -> bool {
    const CALLS: [&str; 12] = [
        "assert!",
        "assert_eq!",
        "assert_ne!",
        "debug_assert!",
        "debug_assert_eq!",
        "debug_assert_ne!",
        "unreachable!",
        "panic!",
        "todo!",
        "unimplemented!",
        "include_str!",
        "#",
    ];
    CALLS.contains(&callee)
        || callee.ends_with("expect")
        || callee.ends_with("inconsistent")
        || callee.starts_with("tracing::")
}

/// A string literal of a source, where it is, and whether something around it says it is not
/// said to a person.
#[derive(Debug)]
struct Literal {
    line: usize,
    text: String,
    not_said: bool,
}

/// The string literals of `source` outside comments and the test module, with what encloses
/// each: a small lexer of Rust (strings, raw strings, byte strings, chars and lifetimes,
/// comments), which keeps a stack of the calls and blocks opened and the constant being defined.
fn literals(source: &str) -> Vec<Literal> {
    let source = source
        .find("\n#[cfg(test)]\nmod tests")
        .map_or(source, |end| &source[..end]);
    let chars: Vec<char> = source.chars().collect();
    let mut found = Vec::new();
    // Each open ( [ {, with the name of what it calls (`format!`, `expect`, `#` for attributes).
    let mut stack: Vec<String> = Vec::new();
    // The constant being defined, with the depth of its `const` (its `;` ends it there).
    let mut constant: Option<(String, usize)> = None;
    let mut line = 1;
    let mut i = 0;
    let callee_before = |at: usize| -> String {
        let mut start = at;
        while start > 0 && chars[start - 1].is_whitespace() {
            start -= 1;
        }
        let end = start;
        while start > 0 && (chars[start - 1].is_alphanumeric() || "_:!#".contains(chars[start - 1]))
        {
            start -= 1;
        }
        chars[start..end].iter().collect()
    };
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        match c {
            '\n' => {
                line += 1;
                i += 1;
            }
            '/' if next == Some('/') => {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
            }
            '/' if next == Some('*') => {
                while i + 1 < chars.len() && !(chars[i] == '*' && chars[i + 1] == '/') {
                    line += usize::from(chars[i] == '\n');
                    i += 1;
                }
                i += 2;
            }
            '\'' => {
                // A char literal ('x', '\n', '\''), or a lifetime ('a).
                if next == Some('\\') {
                    let close = (i + 3..chars.len().min(i + 12)).find(|&j| chars[j] == '\'');
                    i = close.map_or(i + 1, |j| j + 1);
                } else if chars.get(i + 2) == Some(&'\'') {
                    i += 3;
                } else {
                    i += 1;
                }
            }
            '"' | 'r' | 'b' => {
                // "…", r"…", r#"…"#, b"…", br"…": only at the start of a token.
                let starts_token =
                    i == 0 || !(chars[i - 1].is_alphanumeric() || chars[i - 1] == '_');
                let mut j = i;
                let bytes = c == 'b';
                if c == 'b' {
                    j += 1;
                }
                let raw = chars.get(j) == Some(&'r');
                if raw {
                    j += 1;
                }
                let mut hashes = 0;
                while raw && chars.get(j) == Some(&'#') {
                    hashes += 1;
                    j += 1;
                }
                if !starts_token || chars.get(j) != Some(&'"') {
                    i += 1;
                    continue;
                }
                let start_line = line;
                j += 1;
                let mut text = String::new();
                while let Some(&d) = chars.get(j) {
                    if d == '\n' {
                        line += 1;
                    }
                    if !raw && d == '\\' {
                        match chars.get(j + 1) {
                            Some('n') => text.push('\n'),
                            Some('t') => text.push('\t'),
                            Some('\n') => {
                                // A line continued: its leading spaces are not part of it.
                                line += 1;
                                j += 2;
                                while chars.get(j).is_some_and(|c| c.is_whitespace()) {
                                    line += usize::from(chars[j] == '\n');
                                    j += 1;
                                }
                                continue;
                            }
                            Some(&other) => text.push(other),
                            None => {}
                        }
                        j += 2;
                        continue;
                    }
                    if d == '"' && (0..hashes).all(|k| chars.get(j + 1 + k) == Some(&'#')) {
                        j += 1 + hashes;
                        break;
                    }
                    text.push(d);
                    j += 1;
                }
                if !bytes {
                    let in_help = constant
                        .as_ref()
                        .is_some_and(|(name, _)| HELP_CONSTANTS.contains(&name.as_str()));
                    // An HTML attribute's value in a page template (`class="num total"`): the
                    // page's classes and names, not its text.
                    let attribute = i >= 2
                        && chars[i - 1] == '='
                        && (chars[i - 2].is_alphanumeric() || chars[i - 2] == '-');
                    found.push(Literal {
                        line: start_line,
                        text,
                        not_said: in_help
                            || attribute
                            || stack.iter().any(|callee| not_said(callee)),
                    });
                }
                i = j;
            }
            '(' | '[' | '{' => {
                stack.push(callee_before(i));
                i += 1;
            }
            ')' | ']' | '}' => {
                stack.pop();
                i += 1;
            }
            ';' if constant
                .as_ref()
                .is_some_and(|(_, depth)| *depth == stack.len()) =>
            {
                constant = None;
                i += 1;
            }
            _ => {
                let word_start = i == 0 || !(chars[i - 1].is_alphanumeric() || chars[i - 1] == '_');
                if word_start && chars[i..].starts_with(&['c', 'o', 'n', 's', 't', ' ']) {
                    let name: String = chars[i + 6..]
                        .iter()
                        .take_while(|c| c.is_alphanumeric() || **c == '_')
                        .collect();
                    constant = Some((name, stack.len()));
                }
                i += 1;
            }
        }
    }
    found
}

/// Whether `token` is a word of prose: letters (with the apostrophes, hyphens and middle dots
/// of French words), once the punctuation around it is set aside; not a flag (`--from`), an
/// account (`garden:paris`), a path, a key (`judged_by`) or a number.
fn is_word(token: &str) -> bool {
    let token = token.trim_start_matches(['(', '«', '"', '\'', '[']);
    let token = token.trim_end_matches([',', '.', ';', ':', '!', '?', ')', '»', '"', '\'', ']']);
    let mut letters = token.chars();
    token.chars().count() >= 2
        && letters.next().is_some_and(char::is_alphabetic)
        && token
            .chars()
            .all(|c| c.is_alphabetic() || matches!(c, '’' | '\'' | '·' | '-'))
}

/// Whether a literal holds prose: two words in a row, once the placeholders of a format string
/// (`{}`, `{name}`) and the code between backquotes are set aside. Tabs separate cells, not
/// words; `jardins` and the word after it are a command to type (`jardins demo`).
fn is_prose(literal: &str) -> bool {
    let mut plain = String::new();
    let mut depth = 0;
    let mut in_code = false;
    for c in literal.chars() {
        match c {
            '`' => in_code = !in_code,
            '{' => depth += 1,
            '}' => depth = (depth - 1).max(0),
            _ if in_code || depth > 0 => {}
            _ => plain.push(c),
        }
    }
    let tokens: Vec<&str> = plain.split([' ', '\n']).filter(|t| !t.is_empty()).collect();
    tokens
        .windows(2)
        .any(|pair| pair[0] != "jardins" && is_word(pair[0]) && is_word(pair[1]))
}

fn sources(dir: &Path, into: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("a source directory") {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            sources(&path, into);
        } else if path.extension().is_some_and(|e| e == "rs") {
            into.push(path);
        }
    }
}

#[test]
fn no_sentence_for_a_person_is_written_outside_the_catalog() {
    // Given every source file of the command line, the reports and the pages,
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in SCANNED {
        sources(&root.join(dir), &mut files);
    }
    files.sort();
    assert!(files.len() >= 20, "the sources are read: {files:?}");
    let mut written = Vec::new();
    let mut allowed_used = vec![false; ALLOWED.len()];
    let mut literals_read = 0;
    for path in &files {
        let name = path
            .strip_prefix(root)
            .expect("under the root")
            .to_string_lossy()
            .replace('\\', "/");
        if MACHINE_FILES.iter().any(|(file, _)| *file == name) {
            continue;
        }
        let source = std::fs::read_to_string(path).expect("a readable source");
        for literal in literals(&source) {
            literals_read += 1;
            if literal.not_said || !is_prose(&literal.text) {
                continue;
            }
            let allowed = ALLOWED
                .iter()
                .position(|(file, text, _)| *file == name && literal.text == *text);
            match allowed {
                Some(index) => allowed_used[index] = true,
                None => written.push(format!("{name}:{}: {:?}", literal.line, literal.text)),
            }
        }
    }
    assert!(
        literals_read > 500,
        "the literals are found: {literals_read}"
    );
    // Then none holds a sentence for a person: each is said through the catalog.
    assert!(
        written.is_empty(),
        "{} literals hold words a person reads; put them in crates/text/locales/{{fr,en}}/*.ftl \
         and say them with Text::message:\n{}",
        written.len(),
        written.join("\n")
    );
    // And every literal the list allows is still there (the list stays short and true).
    for ((file, text, _), used) in ALLOWED.iter().zip(allowed_used) {
        assert!(used, "{file}: {text:?} is allowed but no longer written");
    }
}

#[test]
fn the_check_finds_prose_and_passes_over_what_is_not_said() {
    // Given a source with prose in a format string, in a literal turned into a String, and in
    // a maud text node, beside literals that are not said to a person,
    let source = r###"
use x;
const EXIT_CODES: &str = "\
0 done, the help may stay English";
/// A doc comment with many words.
fn f() {
    println!("{} events recorded", n); // a comment with words
    let s = "nothing is due".to_string();
    html! { p class="num total" { "the garden's balance" } }
    let c = '"';
    let k = "report-balance-of";
    let path = "events/constitutions/README.md";
    let flags = " --ledger ./demo-ledger";
    let cells = "person\tpassword\tdisabled";
    let account = "garden:{} — {}, {}";
    x.expect("the ledger was opened before");
    debug_assert!(ok, "every money entry has two postings");
    tracing::info!(person = %p, "entry recorded from a form");
    #[error("there is no garden '{garden}'")]
    let code = "see `jardins audit --help` here";
    let raw = r#"a raw "string" with words"#;
}
#[cfg(test)]
mod tests {
    const S: &str = "words in a test";
}
"###;
    let found: Vec<String> = literals(source)
        .into_iter()
        .filter(|l| !l.not_said && is_prose(&l.text))
        .map(|l| l.text)
        .collect();
    // Then exactly the prose for a person is found, where it is.
    assert_eq!(
        found,
        [
            "{} events recorded",
            "nothing is due",
            "the garden's balance",
            "see `jardins audit --help` here",
            "a raw \"string\" with words",
        ]
    );
    let lines: Vec<usize> = literals(source)
        .iter()
        .filter(|l| l.text == "nothing is due")
        .map(|l| l.line)
        .collect();
    assert_eq!(lines, [8]);
}
