//! The access data beside the log: who may sign in (password hashes), their sessions, the
//! invitations that let a person set a password, API tokens, the stewards, the access journal
//! and the answers kept for the API's idempotency keys.
//!
//! It lives in its own sled tree (`codec::access::ACCESS_TREE`): never in the hash-chained log,
//! its exports or `Ledger::digest`, because the log is shared for audit and password hashes must
//! not be. Secrets are kept as their SHA-256 only. Every change of access is one atomic batch
//! with its journal entry, flushed before the call returns.

use std::sync::Mutex;

use chrono::{DateTime, Utc};
use jardins_ledger::PersonId;

use crate::codec::access::{self as bytes, key, PAccount, PAnswer, PChange, PInvitation};
use crate::codec::access::{PJournalEntry, PSession, PToken};
use crate::codec::{self, Hash};
use crate::work::{damaged, sled_error};
use crate::{Ledger, StoreError};

/// Most journal entries one call returns.
pub const MAX_JOURNAL_PAGE: usize = 1_000;

/// Most sessions, invitations or tokens scanned for one person's change (bounds a scan).
pub const MAX_SCANNED: usize = 1_000_000;

/// Access writes are serial within the process (one process holds a ledger): the journal's
/// numbering and read-then-write changes (an invitation used once) rely on it.
static WRITES: Mutex<()> = Mutex::new(());

/// A person who may sign in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Account {
    pub person: PersonId,
    /// The PHC string of an argon2id hash; `None` while an invitation is pending.
    pub password_hash: Option<String>,
    pub disabled: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Session {
    pub person: PersonId,
    pub created: DateTime<Utc>,
    pub seen: DateTime<Utc>,
    pub csrf: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    pub id: String,
    pub person: PersonId,
    pub created: DateTime<Utc>,
    pub revoked: bool,
}

/// One change of access, as the journal keeps it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    Invited { person: PersonId },
    PasswordSet { person: PersonId },
    StewardAdded { person: PersonId },
    StewardRemoved { person: PersonId },
    Disabled { person: PersonId },
    TokenIssued { person: PersonId, token: String },
    TokenRevoked { person: PersonId, token: String },
    SignedOut { person: PersonId },
}

impl Change {
    /// The change's stable name, for JSON and logs.
    pub fn name(&self) -> &'static str {
        match self {
            Change::Invited { .. } => "invited",
            Change::PasswordSet { .. } => "password_set",
            Change::StewardAdded { .. } => "steward_added",
            Change::StewardRemoved { .. } => "steward_removed",
            Change::Disabled { .. } => "disabled",
            Change::TokenIssued { .. } => "token_issued",
            Change::TokenRevoked { .. } => "token_revoked",
            Change::SignedOut { .. } => "signed_out",
        }
    }

    /// The person whose access changed.
    pub fn person(&self) -> &PersonId {
        match self {
            Change::Invited { person }
            | Change::PasswordSet { person }
            | Change::StewardAdded { person }
            | Change::StewardRemoved { person }
            | Change::Disabled { person }
            | Change::TokenIssued { person, .. }
            | Change::TokenRevoked { person, .. }
            | Change::SignedOut { person } => person,
        }
    }

    fn persisted(&self) -> PChange {
        let p = |person: &PersonId| person.as_str().to_string();
        match self {
            Change::Invited { person } => PChange::Invited { person: p(person) },
            Change::PasswordSet { person } => PChange::PasswordSet { person: p(person) },
            Change::StewardAdded { person } => PChange::StewardAdded { person: p(person) },
            Change::StewardRemoved { person } => PChange::StewardRemoved { person: p(person) },
            Change::Disabled { person } => PChange::Disabled { person: p(person) },
            Change::TokenIssued { person, token } => PChange::TokenIssued {
                person: p(person),
                token: token.clone(),
            },
            Change::TokenRevoked { person, token } => PChange::TokenRevoked {
                person: p(person),
                token: token.clone(),
            },
            Change::SignedOut { person } => PChange::SignedOut { person: p(person) },
        }
    }

    fn of(change: PChange) -> Result<Change, StoreError> {
        Ok(match change {
            PChange::Invited { person } => Change::Invited {
                person: person_id(&person)?,
            },
            PChange::PasswordSet { person } => Change::PasswordSet {
                person: person_id(&person)?,
            },
            PChange::StewardAdded { person } => Change::StewardAdded {
                person: person_id(&person)?,
            },
            PChange::StewardRemoved { person } => Change::StewardRemoved {
                person: person_id(&person)?,
            },
            PChange::Disabled { person } => Change::Disabled {
                person: person_id(&person)?,
            },
            PChange::TokenIssued { person, token } => Change::TokenIssued {
                person: person_id(&person)?,
                token,
            },
            PChange::TokenRevoked { person, token } => Change::TokenRevoked {
                person: person_id(&person)?,
                token,
            },
            PChange::SignedOut { person } => Change::SignedOut {
                person: person_id(&person)?,
            },
        })
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JournalEntry {
    pub number: u64,
    pub at: DateTime<Utc>,
    /// Who made the change; `None` for the command line on the directory.
    pub by: Option<PersonId>,
    pub change: Change,
}

/// The first answer given to an idempotency key, kept to be given again.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Answer {
    pub request_digest: Hash,
    pub status: u16,
    pub body: Vec<u8>,
}

fn person_id(text: &str) -> Result<PersonId, StoreError> {
    text.parse().map_err(|_| StoreError::Damaged {
        sequence: None,
        what: format!(
            "the access data names a person '{}' that is not an identifier",
            jardins_ledger::ids::excerpt(text)
        ),
    })
}

fn time(us: i64) -> Result<DateTime<Utc>, StoreError> {
    codec::time_of(us).ok_or_else(|| StoreError::Damaged {
        sequence: None,
        what: "a time in the access data is out of range".to_string(),
    })
}

/// The access data of one ledger.
pub struct Access<'l> {
    ledger: &'l Ledger,
    tree: sled::Tree,
}

impl Ledger {
    /// The access data kept beside this ledger's log.
    pub fn access(&self) -> Result<Access<'_>, StoreError> {
        let tree = self.read(|db| db.open_tree(bytes::ACCESS_TREE))?;
        Ok(Access { ledger: self, tree })
    }
}

impl Access<'_> {
    fn sled<T>(&self, result: Result<T, sled::Error>) -> Result<T, StoreError> {
        result.map_err(|e| sled_error(self.ledger.path(), e))
    }

    fn get<T: serde::de::DeserializeOwned>(
        &self,
        k: &[u8],
        what: &str,
    ) -> Result<Option<T>, StoreError> {
        match self.sled(self.tree.get(k))? {
            None => Ok(None),
            Some(v) => bytes::decode(&v, what)
                .map(Some)
                .map_err(|e| damaged(None, e)),
        }
    }

    fn scan<T: serde::de::DeserializeOwned>(
        &self,
        prefix: u8,
        what: &str,
    ) -> Result<Vec<(Vec<u8>, T)>, StoreError> {
        let mut found = Vec::new();
        for item in self.tree.scan_prefix([prefix]).take(MAX_SCANNED) {
            let (k, v) = self.sled(item)?;
            let value = bytes::decode(&v, what).map_err(|e| damaged(None, e))?;
            found.push((k.to_vec(), value));
        }
        Ok(found)
    }

    /// Writes `batch` and the journal entry of `change` (when one) atomically, then flushes.
    fn write(
        &self,
        mut batch: sled::Batch,
        change: Option<(&Change, Option<&PersonId>, DateTime<Utc>)>,
    ) -> Result<(), StoreError> {
        if let Some((change, by, at)) = change {
            let next = self.last_journal_number()? + 1;
            let entry = PJournalEntry {
                at_us: codec::micros(at),
                by: by.map(|p| p.as_str().to_string()),
                change: change.persisted(),
            };
            batch.insert(key::journal(next), bytes::encode(&entry));
        }
        self.sled(self.tree.apply_batch(batch))?;
        self.sled(self.tree.flush().map(|_| ()))
    }

    fn last_journal_number(&self) -> Result<u64, StoreError> {
        match self.tree.scan_prefix([key::JOURNAL]).next_back() {
            None => Ok(0),
            Some(item) => {
                let (k, _) = self.sled(item)?;
                key::journal_number(&k).ok_or_else(|| StoreError::Damaged {
                    sequence: None,
                    what: "a key of the access journal is malformed".to_string(),
                })
            }
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'static, ()> {
        WRITES.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn account(&self, person: &PersonId) -> Result<Option<Account>, StoreError> {
        let found: Option<PAccount> = self.get(&key::account(person.as_str()), "an account")?;
        Ok(found.map(|a| Account {
            person: person.clone(),
            password_hash: a.password_hash,
            disabled: a.disabled,
        }))
    }

    /// Every account, by person.
    pub fn accounts(&self) -> Result<Vec<Account>, StoreError> {
        self.scan::<PAccount>(key::ACCOUNT, "an account")?
            .into_iter()
            .map(|(k, a)| {
                Ok(Account {
                    person: person_id(&String::from_utf8_lossy(&k[1..]))?,
                    password_hash: a.password_hash,
                    disabled: a.disabled,
                })
            })
            .collect()
    }

    pub fn stewards(&self) -> Result<Vec<PersonId>, StoreError> {
        self.scan::<()>(key::STEWARD, "a steward")?
            .into_iter()
            .map(|(k, ())| person_id(&String::from_utf8_lossy(&k[1..])))
            .collect()
    }

    pub fn is_steward(&self, person: &PersonId) -> Result<bool, StoreError> {
        Ok(self
            .get::<()>(&key::steward(person.as_str()), "a steward")?
            .is_some())
    }

    /// Adds or removes a steward; returns whether anything changed.
    pub fn set_steward(
        &self,
        person: &PersonId,
        steward: bool,
        by: Option<&PersonId>,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let _serial = self.lock();
        if self.is_steward(person)? == steward {
            return Ok(false);
        }
        let mut batch = sled::Batch::default();
        let change = if steward {
            batch.insert(key::steward(person.as_str()), bytes::encode(&()));
            Change::StewardAdded {
                person: person.clone(),
            }
        } else {
            batch.remove(key::steward(person.as_str()));
            Change::StewardRemoved {
                person: person.clone(),
            }
        };
        self.write(batch, Some((&change, by, now)))?;
        Ok(true)
    }

    /// Keeps an invitation for `person` under the hash of `secret`, until `expires`. The person
    /// gets an account (without a password) if they had none; a disabled one is enabled again.
    pub fn invite(
        &self,
        person: &PersonId,
        secret: &str,
        expires: DateTime<Utc>,
        by: Option<&PersonId>,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let _serial = self.lock();
        let account = self.account(person)?;
        let mut batch = sled::Batch::default();
        let kept = PAccount {
            password_hash: account.as_ref().and_then(|a| a.password_hash.clone()),
            disabled: false,
            password_set_us: 0,
        };
        batch.insert(key::account(person.as_str()), bytes::encode(&kept));
        let invitation = PInvitation {
            person: person.as_str().to_string(),
            created_us: codec::micros(now),
            expires_us: codec::micros(expires),
        };
        batch.insert(
            key::invitation(&bytes::secret_hash(secret)),
            bytes::encode(&invitation),
        );
        let change = Change::Invited {
            person: person.clone(),
        };
        self.write(batch, Some((&change, by, now)))
    }

    /// The person an unexpired invitation is for.
    pub fn invitation(
        &self,
        secret: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<PersonId>, StoreError> {
        let found: Option<PInvitation> = self.get(
            &key::invitation(&bytes::secret_hash(secret)),
            "an invitation",
        )?;
        match found {
            Some(i) if i.expires_us > codec::micros(now) => Ok(Some(person_id(&i.person)?)),
            _ => Ok(None),
        }
    }

    /// Uses an invitation once: sets the person's password hash and ends their sessions.
    /// `None` when the invitation is unknown, used or expired.
    pub fn redeem_invitation(
        &self,
        secret: &str,
        password_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<PersonId>, StoreError> {
        assert!(password_hash.len() <= bytes::MAX_HASH_CHARS);
        let _serial = self.lock();
        let Some(person) = self.invitation(secret, now)? else {
            return Ok(None);
        };
        let mut batch = self.sessions_removed(&person)?;
        batch.remove(key::invitation(&bytes::secret_hash(secret)));
        let account = PAccount {
            password_hash: Some(password_hash.to_string()),
            disabled: false,
            password_set_us: codec::micros(now),
        };
        batch.insert(key::account(person.as_str()), bytes::encode(&account));
        let change = Change::PasswordSet {
            person: person.clone(),
        };
        self.write(batch, Some((&change, Some(&person), now)))?;
        Ok(Some(person))
    }

    /// Disables a person: no sign-in, no token; their sessions end now. Whether it changed.
    pub fn disable(
        &self,
        person: &PersonId,
        by: Option<&PersonId>,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let _serial = self.lock();
        let account = self.account(person)?;
        if account.as_ref().is_some_and(|a| a.disabled) {
            return Ok(false);
        }
        let mut batch = self.sessions_removed(person)?;
        let kept = PAccount {
            password_hash: account.and_then(|a| a.password_hash),
            disabled: true,
            password_set_us: 0,
        };
        batch.insert(key::account(person.as_str()), bytes::encode(&kept));
        let change = Change::Disabled {
            person: person.clone(),
        };
        self.write(batch, Some((&change, by, now)))?;
        Ok(true)
    }

    fn sessions_removed(&self, person: &PersonId) -> Result<sled::Batch, StoreError> {
        let mut batch = sled::Batch::default();
        for (k, session) in self.scan::<PSession>(key::SESSION, "a session")? {
            if session.person == person.as_str() {
                batch.remove(k);
            }
        }
        Ok(batch)
    }

    /// Keeps a new API token for `person` under the hash of `secret`; returns it.
    pub fn issue_token(
        &self,
        person: &PersonId,
        secret: &str,
        by: Option<&PersonId>,
        now: DateTime<Utc>,
    ) -> Result<Token, StoreError> {
        let _serial = self.lock();
        let hash = bytes::secret_hash(secret);
        let token = PToken {
            id: hex::encode(&hash[..6]),
            person: person.as_str().to_string(),
            created_us: codec::micros(now),
            revoked: false,
        };
        let mut batch = sled::Batch::default();
        batch.insert(key::token(&hash), bytes::encode(&token));
        let change = Change::TokenIssued {
            person: person.clone(),
            token: token.id.clone(),
        };
        self.write(batch, Some((&change, by, now)))?;
        Ok(Token {
            id: token.id,
            person: person.clone(),
            created: now,
            revoked: false,
        })
    }

    /// The token a secret names, revoked or not.
    pub fn token(&self, secret: &str) -> Result<Option<Token>, StoreError> {
        let found: Option<PToken> =
            self.get(&key::token(&bytes::secret_hash(secret)), "a token")?;
        found.map(Self::token_of).transpose()
    }

    fn token_of(t: PToken) -> Result<Token, StoreError> {
        Ok(Token {
            id: t.id,
            person: person_id(&t.person)?,
            created: time(t.created_us)?,
            revoked: t.revoked,
        })
    }

    /// Every token, revoked ones included.
    pub fn tokens(&self) -> Result<Vec<Token>, StoreError> {
        self.scan::<PToken>(key::TOKEN, "a token")?
            .into_iter()
            .map(|(_, t)| Self::token_of(t))
            .collect()
    }

    /// Revokes the token with public id `id`; whether one was revoked.
    pub fn revoke_token(
        &self,
        id: &str,
        by: Option<&PersonId>,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let _serial = self.lock();
        let found = self
            .scan::<PToken>(key::TOKEN, "a token")?
            .into_iter()
            .find(|(_, t)| t.id == id && !t.revoked);
        let Some((k, mut token)) = found else {
            return Ok(false);
        };
        token.revoked = true;
        let change = Change::TokenRevoked {
            person: person_id(&token.person)?,
            token: token.id.clone(),
        };
        let mut batch = sled::Batch::default();
        batch.insert(k, bytes::encode(&token));
        self.write(batch, Some((&change, by, now)))?;
        Ok(true)
    }

    /// Starts a session under the hash of `secret`, flushed before it is used.
    pub fn start_session(
        &self,
        secret: &str,
        person: &PersonId,
        csrf: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let session = PSession {
            person: person.as_str().to_string(),
            created_us: codec::micros(now),
            seen_us: codec::micros(now),
            csrf: csrf.to_string(),
        };
        let mut batch = sled::Batch::default();
        batch.insert(
            key::session(&bytes::secret_hash(secret)),
            bytes::encode(&session),
        );
        self.write(batch, None)
    }

    pub fn session(&self, secret: &str) -> Result<Option<Session>, StoreError> {
        let found: Option<PSession> =
            self.get(&key::session(&bytes::secret_hash(secret)), "a session")?;
        found
            .map(|s| {
                Ok(Session {
                    person: person_id(&s.person)?,
                    created: time(s.created_us)?,
                    seen: time(s.seen_us)?,
                    csrf: s.csrf,
                })
            })
            .transpose()
    }

    /// Notes that a session was used at `now` (not flushed: a crash loses at most a little
    /// idle time, never a sign-in).
    pub fn touch_session(&self, secret: &str, now: DateTime<Utc>) -> Result<(), StoreError> {
        let k = key::session(&bytes::secret_hash(secret));
        if let Some(mut s) = self.get::<PSession>(&k, "a session")? {
            s.seen_us = codec::micros(now);
            self.sled(self.tree.insert(k, bytes::encode(&s)))?;
        }
        Ok(())
    }

    /// Ends one session (sign-out, expiry), flushed.
    pub fn end_session(&self, secret: &str) -> Result<(), StoreError> {
        let mut batch = sled::Batch::default();
        batch.remove(key::session(&bytes::secret_hash(secret)));
        self.write(batch, None)
    }

    /// The access journal from entry `from` on, at most `MAX_JOURNAL_PAGE` entries.
    pub fn journal(&self, from: u64) -> Result<Vec<JournalEntry>, StoreError> {
        let mut entries = Vec::new();
        let range = key::journal(from.max(1))..=key::journal(u64::MAX);
        for item in self.tree.range(range).take(MAX_JOURNAL_PAGE) {
            let (k, v) = self.sled(item)?;
            let number = key::journal_number(&k).ok_or_else(|| StoreError::Damaged {
                sequence: None,
                what: "a key of the access journal is malformed".to_string(),
            })?;
            let e: PJournalEntry =
                bytes::decode(&v, "a journal entry").map_err(|e| damaged(None, e))?;
            entries.push(JournalEntry {
                number,
                at: time(e.at_us)?,
                by: e.by.as_deref().map(person_id).transpose()?,
                change: Change::of(e.change)?,
            });
        }
        Ok(entries)
    }

    /// Notes a change that has no state of its own (a sign-out) in the journal.
    pub fn note(
        &self,
        change: &Change,
        by: Option<&PersonId>,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let _serial = self.lock();
        self.write(sled::Batch::default(), Some((change, by, now)))
    }

    /// The answer kept for a person's idempotency key.
    pub fn answer(&self, person: &PersonId, k: &str) -> Result<Option<Answer>, StoreError> {
        let found: Option<PAnswer> = self.get(&key::answer(person.as_str(), k), "an answer")?;
        Ok(found.map(|a| Answer {
            request_digest: a.request_digest,
            status: a.status,
            body: a.body,
        }))
    }

    /// Keeps the first answer to a person's idempotency key. Not flushed on its own: an entry's
    /// answer can be rebuilt from the ledger's own idempotency key, which was flushed with it.
    pub fn keep_answer(
        &self,
        person: &PersonId,
        k: &str,
        answer: &Answer,
    ) -> Result<(), StoreError> {
        let value = PAnswer {
            request_digest: answer.request_digest,
            status: answer.status,
            body: answer.body.clone(),
        };
        let k = key::answer(person.as_str(), k);
        self.sled(self.tree.insert(k, bytes::encode(&value)).map(|_| ()))
    }

    /// Writes to disk what was kept without a flush (sessions' last use, kept answers).
    pub fn flush(&self) -> Result<(), StoreError> {
        self.sled(self.tree.flush().map(|_| ()))
    }
}
