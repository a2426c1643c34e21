//! The bytes of the access data: accounts (password hashes), sessions, invitations, API tokens,
//! stewards, the access journal and the API's idempotent answers. They live in their own sled
//! tree (`ACCESS_TREE`), beside the log and outside it: not hash-chained, not exported, not in
//! `Ledger::digest`. Every value starts with `ACCESS_FORMAT_VERSION`; a reader refuses another.
//!
//! Secrets (session ids, invitation links, API tokens) are never stored: their SHA-256 is the
//! key, so a copy of the directory does not let anyone sign in.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::{fail, DecodeError, Hash};

/// The name of the sled tree that holds the access data.
pub const ACCESS_TREE: &str = "access";

/// The version of every access value's bytes (the first byte of each).
pub const ACCESS_FORMAT_VERSION: u8 = 1;

/// Largest access value, in bytes (an answer kept for an idempotency key is the largest).
pub const MAX_ACCESS_VALUE_BYTES: usize = 256 * 1024;

/// Longest password hash string (argon2's PHC string is about 100 characters).
pub const MAX_HASH_CHARS: usize = 512;

fn config() -> impl bincode::config::Config {
    bincode::config::standard().with_limit::<MAX_ACCESS_VALUE_BYTES>()
}

/// The key prefixes of the access tree.
pub mod key {
    pub const ACCOUNT: u8 = b'A';
    pub const SESSION: u8 = b'S';
    pub const INVITATION: u8 = b'I';
    pub const TOKEN: u8 = b'T';
    pub const STEWARD: u8 = b'W';
    pub const JOURNAL: u8 = b'J';
    pub const ANSWER: u8 = b'Q';

    fn with(prefix: u8, rest: &[u8]) -> Vec<u8> {
        let mut key = Vec::with_capacity(1 + rest.len());
        key.push(prefix);
        key.extend_from_slice(rest);
        key
    }

    pub fn account(person: &str) -> Vec<u8> {
        with(ACCOUNT, person.as_bytes())
    }
    pub fn session(secret_hash: &super::Hash) -> Vec<u8> {
        with(SESSION, secret_hash)
    }
    pub fn invitation(secret_hash: &super::Hash) -> Vec<u8> {
        with(INVITATION, secret_hash)
    }
    pub fn token(secret_hash: &super::Hash) -> Vec<u8> {
        with(TOKEN, secret_hash)
    }
    pub fn steward(person: &str) -> Vec<u8> {
        with(STEWARD, person.as_bytes())
    }
    pub fn journal(number: u64) -> Vec<u8> {
        with(JOURNAL, &number.to_be_bytes())
    }
    /// A person's idempotency key: person, a zero byte (never in an id), the key.
    pub fn answer(person: &str, idempotency_key: &str) -> Vec<u8> {
        let mut rest = person.as_bytes().to_vec();
        rest.push(0);
        rest.extend_from_slice(idempotency_key.as_bytes());
        with(ANSWER, &rest)
    }
    /// The number of a journal key.
    pub fn journal_number(key: &[u8]) -> Option<u64> {
        match key {
            [JOURNAL, rest @ ..] => Some(u64::from_be_bytes(rest.try_into().ok()?)),
            _ => None,
        }
    }
}

/// SHA-256 of a secret: what the tree keeps in its place.
pub fn secret_hash(secret: &str) -> Hash {
    Sha256::digest(secret.as_bytes()).into()
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PAccount {
    /// The PHC string of an argon2id hash; `None` until the person sets a password.
    pub password_hash: Option<String>,
    pub disabled: bool,
    /// When the password was last set, in µs since the epoch (0: never).
    pub password_set_us: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PSession {
    pub person: String,
    pub created_us: i64,
    pub seen_us: i64,
    /// The token every state-changing request of this session must carry.
    pub csrf: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PInvitation {
    pub person: String,
    pub created_us: i64,
    pub expires_us: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PToken {
    /// A short public name of the token (the first bytes of its hash, in hex).
    pub id: String,
    pub person: String,
    pub created_us: i64,
    pub revoked: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PChange {
    Invited { person: String },
    PasswordSet { person: String },
    StewardAdded { person: String },
    StewardRemoved { person: String },
    Disabled { person: String },
    TokenIssued { person: String, token: String },
    TokenRevoked { person: String, token: String },
    SignedOut { person: String },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PJournalEntry {
    pub at_us: i64,
    /// Who made the change: a person, or `None` for the command line on the directory.
    pub by: Option<String>,
    pub change: PChange,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PAnswer {
    /// SHA-256 of the method, path and body the key was first used with.
    pub request_digest: Hash,
    pub status: u16,
    pub body: Vec<u8>,
}

/// Encodes an access value: the version byte, then bincode.
pub fn encode<T: Serialize>(value: &T) -> Vec<u8> {
    let mut bytes = vec![ACCESS_FORMAT_VERSION];
    let body = bincode::serde::encode_to_vec(value, config())
        .expect("encoding plain data into a vector cannot fail");
    bytes.extend_from_slice(&body);
    // Paired with `decode`'s limit: a value that could not be read back is never written.
    assert!(
        bytes.len() <= MAX_ACCESS_VALUE_BYTES,
        "an access value is at most {MAX_ACCESS_VALUE_BYTES} bytes"
    );
    bytes
}

/// Decodes an access value written by `encode`, refusing another version or extra bytes.
pub fn decode<T: serde::de::DeserializeOwned>(bytes: &[u8], what: &str) -> Result<T, DecodeError> {
    let Some((&version, body)) = bytes.split_first() else {
        return fail(format!("{what}: an empty access value"));
    };
    if version != ACCESS_FORMAT_VERSION {
        return fail(format!(
            "{what}: access format version {version}, this program reads {ACCESS_FORMAT_VERSION}"
        ));
    }
    let (value, read): (T, usize) = bincode::serde::decode_from_slice(body, config())
        .map_err(|e| DecodeError::new(format!("{what} does not decode: {e}")))?;
    if read != body.len() {
        return fail(format!("{what}: extra bytes after the value"));
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_reads_back_as_written() {
        let session = PSession {
            person: "ada".to_string(),
            created_us: 1,
            seen_us: 2,
            csrf: "x".repeat(43),
        };
        let bytes = encode(&session);
        assert_eq!(bytes[0], ACCESS_FORMAT_VERSION);
        assert_eq!(decode::<PSession>(&bytes, "a session"), Ok(session));
    }

    #[test]
    fn another_version_or_extra_bytes_are_refused() {
        let mut bytes = encode(&PAccount {
            password_hash: None,
            disabled: false,
            password_set_us: 0,
        });
        bytes.push(0);
        assert!(decode::<PAccount>(&bytes, "an account").is_err());
        bytes.pop();
        bytes[0] = ACCESS_FORMAT_VERSION + 1;
        assert!(decode::<PAccount>(&bytes, "an account").is_err());
    }

    #[test]
    fn journal_keys_order_by_number() {
        assert!(key::journal(2) < key::journal(256));
        assert_eq!(key::journal_number(&key::journal(300)), Some(300));
        assert_eq!(key::journal_number(&key::account("ada")), None);
    }
}
