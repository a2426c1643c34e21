//! Identifiers (lowercase slugs) and human text (names, notes), each bounded and checked.

use std::fmt;
use std::str::FromStr;

use smol_str::SmolStr;

use crate::refusal::Refusal;

/// Longest identifier, in characters.
pub const MAX_ID_CHARS: usize = 64;
/// Longest name (of a garden, a person, a currency, a role), in characters.
pub const MAX_NAME_CHARS: usize = 200;
/// Longest free text (a purpose, rules, a note, a reason), in characters.
pub const MAX_TEXT_CHARS: usize = 4_000;

/// The first characters of a refused input, so that a message never echoes 10,000 characters
/// or a control character back to the terminal.
pub fn excerpt(text: &str) -> String {
    const SHOWN_CHARS: usize = 40;
    let mut shown = String::with_capacity(text.len().min(SHOWN_CHARS * 4) + '…'.len_utf8());
    let mut chars = text.chars();
    for c in chars.by_ref().take(SHOWN_CHARS) {
        if c.is_control() || is_bidi_control(c) {
            shown.extend(c.escape_unicode());
        } else {
            shown.push(c);
        }
    }
    if chars.next().is_some() {
        shown.push('…');
    }
    shown
}

/// Unicode bidirectional controls can make a name display as something else (a right-to-left
/// override turns `gnp.exe` into `exe.png`): names and notes refuse them.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

fn is_slug(text: &str) -> bool {
    let bytes = text.as_bytes();
    let allowed = |b: &u8| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-';
    let alphanumeric = |b: &u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    !bytes.is_empty()
        && bytes.len() <= MAX_ID_CHARS
        && bytes.iter().all(allowed)
        && bytes.first().is_some_and(alphanumeric)
        && bytes.last().is_some_and(alphanumeric)
}

/// The id to use for `text` when it is not one: `Hélène` gives `helene`, `marie claire` gives
/// `marie-claire`, `Échirolles` gives `echirolles`. Letters lose their accents (transliterated to
/// ASCII), capitals are lowered, every run of other characters becomes one dash. `None` when
/// `text` is already an id, or when nothing usable is left of it (`!!!`).
pub fn suggested_id(text: &str) -> Option<String> {
    // Bounded like every input: an excerpt's worth is enough to suggest from.
    let typed: String = text.chars().take(MAX_ID_CHARS * 2).collect();
    let ascii = deunicode::deunicode(&typed).to_ascii_lowercase();
    let mut suggestion = String::with_capacity(ascii.len());
    for c in ascii.chars() {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            suggestion.push(c);
        } else if !suggestion.is_empty() && !suggestion.ends_with('-') {
            suggestion.push('-');
        }
    }
    suggestion.truncate(MAX_ID_CHARS);
    let suggestion = suggestion.trim_end_matches('-').to_string();
    (is_slug(&suggestion) && suggestion != text).then_some(suggestion)
}

macro_rules! slug_id {
    ($(#[$doc:meta])* $name:ident, $what:literal) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(SmolStr);

        impl $name {
            /// What this identifier names: a key of `refusal::ID_KINDS`.
            pub const WHAT: &'static str = $what;

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl FromStr for $name {
            type Err = Refusal;

            fn from_str(text: &str) -> Result<Self, Refusal> {
                if is_slug(text) {
                    Ok($name(SmolStr::new(text)))
                } else {
                    Err(Refusal::MalformedId {
                        what: $what,
                        text: excerpt(text),
                        suggestion: suggested_id(text),
                    })
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

slug_id!(
    /// A garden's identifier: a lowercase slug such as `paris` or `clown-gouvernance`.
    GardenId,
    "garden"
);
slug_id!(
    /// A person's identifier (a gardener or a companion): a lowercase slug such as `camille`.
    PersonId,
    "person"
);
slug_id!(
    /// A valued role's identifier within a constitution: a lowercase slug such as `facilitation`.
    RoleId,
    "role"
);
slug_id!(
    /// A commitment's identifier: a lowercase slug such as `camille-2026`.
    CommitmentId,
    "commitment"
);

fn check_text(text: &str, max_chars: usize, allow_newlines: bool) -> Result<(), Refusal> {
    let length = text.chars().count();
    if length > max_chars {
        return Err(Refusal::TextTooLong {
            text: excerpt(text),
            length,
            max_chars,
        });
    }
    let forbidden =
        |c: char| (c.is_control() && !(allow_newlines && c == '\n')) || is_bidi_control(c);
    if let Some(bad) = text.chars().find(|c| forbidden(*c)) {
        return Err(Refusal::ControlCharacter {
            text: excerpt(text),
            character: bad.escape_unicode().to_string(),
        });
    }
    Ok(())
}

/// A name: 1 to 200 characters, not blank, with no control or bidirectional-control characters.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Name(String);

impl Name {
    pub fn new(text: &str) -> Result<Self, Refusal> {
        if text.trim().is_empty() {
            return Err(Refusal::EmptyName);
        }
        check_text(text, MAX_NAME_CHARS, false)?;
        Ok(Name(text.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Free text: up to 4,000 characters, newlines allowed, no other control characters. May be empty.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Text(String);

impl Text {
    pub fn new(text: &str) -> Result<Self, Refusal> {
        check_text(text, MAX_TEXT_CHARS, true)?;
        Ok(Text(text.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_bounded_lowercase_slugs() {
        assert!("paris".parse::<GardenId>().is_ok());
        assert!("clown-gouvernance-2".parse::<GardenId>().is_ok());
        for bad in [
            "", "Paris", "-paris", "paris-", "par is", "pa_ris", "é", "a\nb",
        ] {
            assert!(
                bad.parse::<GardenId>().is_err(),
                "{bad:?} should be refused"
            );
        }
        assert!("a".repeat(64).parse::<PersonId>().is_ok());
        assert!("a".repeat(65).parse::<PersonId>().is_err());
    }

    #[test]
    fn an_id_typed_with_accents_capitals_or_spaces_gets_the_id_to_use() {
        // Given ids typed as people write names, when a suggestion is asked, then it is the
        // slug: accents dropped, capitals lowered, spaces and other signs one dash.
        for (typed, expected) in [
            ("Hélène", "helene"),
            ("échirolles", "echirolles"),
            ("marie claire", "marie-claire"),
            ("  Jean--Émile  ", "jean-emile"),
            ("Cœur & Âme", "coeur-ame"),
            ("paris_2026", "paris-2026"),
        ] {
            assert_eq!(suggested_id(typed).as_deref(), Some(expected), "{typed:?}");
            assert!(expected.parse::<PersonId>().is_ok());
        }
        // And an id already well formed, or text with nothing usable, gets none.
        assert_eq!(suggested_id("helene"), None);
        assert_eq!(suggested_id("!!!"), None);
        assert_eq!(suggested_id(""), None);
        // And a long text gives an id within the limit.
        let long = suggested_id(&"É".repeat(500)).unwrap();
        assert_eq!(long.len(), MAX_ID_CHARS);
    }

    #[test]
    fn names_refuse_blank_long_control_and_bidi_text() {
        assert!(Name::new("Jardin de Paris").is_ok());
        assert!(Name::new("Camille O'Neil \"Cam\"").is_ok());
        for bad in ["", "   ", "a\nb", "a\tb", "x\u{202E}y", "\u{7}"] {
            assert!(Name::new(bad).is_err(), "{bad:?} should be refused");
        }
        assert!(Name::new(&"n".repeat(200)).is_ok());
        assert!(Name::new(&"n".repeat(201)).is_err());
        assert!(Text::new("line one\nline two").is_ok());
        assert!(Text::new("bell\u{7}").is_err());
    }

    #[test]
    fn excerpts_are_short_and_escape_control_characters() {
        let long = "x".repeat(10_000);
        assert_eq!(excerpt(&long).chars().count(), 41);
        assert_eq!(excerpt("a\nb"), "a\\u{a}b");
        // Forty characters are shown whole, with no ellipsis; a forty-first adds one.
        let forty = "é".repeat(40);
        assert_eq!(excerpt(&forty), forty);
        assert_eq!(excerpt(&format!("{forty}é")), format!("{forty}…"));
        assert_eq!(excerpt("\u{202E}gnp"), "\\u{202e}gnp");
    }
}
