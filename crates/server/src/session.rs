//! Sign-in and sessions over the store's access tree: argon2id passwords (hashed off the async
//! threads, a dummy hash verified for unknown names so that timing tells nothing), the password
//! policy, the sign-in rate limits, session cookies, and a person's powers.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::SaltString;
use argon2::{Argon2, PasswordHash, PasswordHasher, PasswordVerifier};
use chrono::{DateTime, Utc};
use jardins_ledger::PersonId;
use jardins_store::access::Session;
use jardins_store::Ledger;

use crate::access::Powers;
use crate::config::{Limits, PASSWORD_MAX_CHARS, PASSWORD_MIN_CHARS, SESSION_ABSOLUTE_S};
use crate::error::ApiError;

/// The session cookie's name: `__Host-` makes browsers require Secure, Path=/ and no Domain.
pub const COOKIE: &str = "__Host-jardins";

/// The 10,000 most common passwords (data/README.md says where they come from).
const COMMON_PASSWORDS: &str = include_str!("../data/common-passwords.txt");

/// How often a session's last use is written, in seconds (not at every request), at most:
/// a quarter of the idle time when that is shorter, so that a session in use never ends idle.
const TOUCH_EVERY_S: i64 = 60;

/// A new random secret of 256 bits, in hex: session ids, CSRF tokens, invitations, API tokens.
pub fn secret() -> String {
    let mut bytes = [0u8; 32];
    getrandom::getrandom(&mut bytes).expect("the system's random source is available");
    hex::encode(bytes)
}

/// Hashes a password with argon2id and a random salt (blocking: call off the async threads).
pub fn hash_password(password: &str) -> Result<String, ApiError> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| ApiError::Internal(format!("argon2 failed: {e}")))
}

/// Whether `password` matches the PHC string `hash` (blocking).
pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// What the server keeps for signing in: the common passwords, a dummy hash, the limits.
pub struct Auth {
    /// Lowercased, as a typed password is compared in lowercase.
    common: HashSet<String>,
    /// Verified when the name is unknown or has no password, so that it takes as long.
    dummy_hash: String,
    attempts: Mutex<HashMap<String, (Instant, u32)>>,
    limit: u32,
    limit_per_address: u32,
    window: Duration,
}

impl Auth {
    pub fn new(limits: &Limits) -> Result<Auth, ApiError> {
        Ok(Auth {
            common: COMMON_PASSWORDS
                .lines()
                .map(|line| line.trim().to_lowercase())
                .collect(),
            dummy_hash: hash_password("not a password anyone has: a dummy")?,
            attempts: Mutex::new(HashMap::new()),
            limit: limits.sign_in_attempts,
            limit_per_address: limits.sign_in_attempts_per_address,
            window: Duration::from_secs(limits.sign_in_window_s),
        })
    }

    /// Why a new password is refused, if it is: too short, too long, or common.
    pub fn password_refusal(&self, password: &str) -> Option<String> {
        let chars = password.chars().count();
        if chars < PASSWORD_MIN_CHARS {
            return Some(format!(
                "a password has at least {PASSWORD_MIN_CHARS} characters; a few words together make a good one"
            ));
        }
        if chars > PASSWORD_MAX_CHARS {
            return Some(format!(
                "a password has at most {PASSWORD_MAX_CHARS} characters"
            ));
        }
        if self.common.contains(&password.to_lowercase()) {
            return Some("this password is among the most common ones: choose another".to_string());
        }
        None
    }

    pub fn dummy_hash(&self) -> &str {
        &self.dummy_hash
    }

    fn attempts(&self) -> std::sync::MutexGuard<'_, HashMap<String, (Instant, u32)>> {
        self.attempts.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// `Err(TooMany)` when `keys` (an account, an address) failed too often in the window.
    pub fn check_rate(&self, keys: &[String]) -> Result<(), ApiError> {
        let now = Instant::now();
        let mut attempts = self.attempts();
        // Bounds the table: windows that ended are forgotten.
        attempts.retain(|_, (since, _)| now.duration_since(*since) < self.window);
        for k in keys {
            if let Some((since, count)) = attempts.get(k) {
                let limit = if k.starts_with("address:") {
                    self.limit_per_address
                } else {
                    self.limit
                };
                if *count >= limit {
                    let left = self.window.saturating_sub(now.duration_since(*since));
                    return Err(ApiError::TooMany {
                        retry_after_s: left.as_secs().max(1),
                    });
                }
            }
        }
        Ok(())
    }

    /// Notes a failed sign-in for each key.
    pub fn failed(&self, keys: &[String]) {
        let now = Instant::now();
        let mut attempts = self.attempts();
        for k in keys {
            let entry = attempts.entry(k.clone()).or_insert((now, 0));
            entry.1 += 1;
        }
    }
}

/// A session is still good at `now`: used within the idle time, younger than the absolute one
/// (`limits.session_idle_s`, `limits.session_absolute_s`).
pub fn session_live(session: &Session, now: DateTime<Utc>, limits: &Limits) -> bool {
    (now - session.seen).num_seconds() < limits.session_idle_s
        && (now - session.created).num_seconds() < limits.session_absolute_s
}

/// Whether the session's last use is worth writing again.
pub fn worth_touching(session: &Session, now: DateTime<Utc>, limits: &Limits) -> bool {
    (now - session.seen).num_seconds() >= TOUCH_EVERY_S.min(limits.session_idle_s / 4)
}

/// The `Set-Cookie` value that starts a session.
pub fn cookie(id: &str) -> String {
    format!(
        "{COOKIE}={id}; HttpOnly; Secure; SameSite=Strict; Path=/; Max-Age={SESSION_ABSOLUTE_S}"
    )
}

/// The `Set-Cookie` value that ends it in the browser.
pub fn cookie_cleared() -> String {
    format!("{COOKIE}=; HttpOnly; Secure; SameSite=Strict; Path=/; Max-Age=0")
}

/// Most people whose powers are kept at once; beyond, the table is emptied.
const MAX_KEPT_POWERS: usize = 10_000;

/// People's powers, computed once and kept while memberships stay as they were (the writer
/// counts their changes) on the same day: computing them reads every garden's members.
#[derive(Default)]
pub struct PowersCache {
    pub memberships: Arc<AtomicU64>,
    kept: Mutex<HashMap<PersonId, (u64, chrono::NaiveDate, Powers)>>,
}

impl PowersCache {
    pub fn powers(
        &self,
        ledger: &Ledger,
        person: &PersonId,
        today: chrono::NaiveDate,
    ) -> Result<Powers, ApiError> {
        let generation = self.memberships.load(Ordering::SeqCst);
        let lock = || self.kept.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((g, day, kept)) = lock().get(person) {
            if *g == generation && *day == today {
                return Ok(kept.clone());
            }
        }
        let computed = powers(ledger, person, today)?;
        let mut kept = lock();
        if kept.len() >= MAX_KEPT_POWERS {
            kept.clear();
        }
        kept.insert(person.clone(), (generation, today, computed.clone()));
        Ok(computed)
    }
}

/// A person's powers today, from the ledger (memberships, core) and the stewards.
pub fn powers(
    ledger: &Ledger,
    person: &PersonId,
    today: chrono::NaiveDate,
) -> Result<Powers, ApiError> {
    let steward = ledger.access()?.is_steward(person)?;
    let mut member_of = BTreeSet::new();
    let mut core_of = BTreeSet::new();
    for (id, garden) in ledger.gardens()? {
        if garden.core.contains(person) {
            core_of.insert(id.clone());
            member_of.insert(id.clone());
        }
        let members = ledger.members(&id)?;
        if let Some((_, m)) = members.iter().find(|(p, _)| p == person) {
            if m.is_member_on(today) {
                if m.core {
                    core_of.insert(id.clone());
                }
                member_of.insert(id);
            }
        }
    }
    Ok(Powers {
        person: Some(person.clone()),
        steward,
        member_of,
        core_of,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session(created_min_ago: i64, seen_min_ago: i64, now: DateTime<Utc>) -> Session {
        Session {
            person: "ada".parse().expect("an id"),
            created: now - chrono::Duration::minutes(created_min_ago),
            seen: now - chrono::Duration::minutes(seen_min_ago),
            csrf: String::new(),
        }
    }

    #[test]
    fn a_session_ends_after_30_idle_minutes_or_12_hours_whatever_happens() {
        let now = Utc::now();
        let limits = Limits::default();
        let live = |s: &Session| session_live(s, now, &limits);
        assert!(live(&session(10, 1, now)));
        assert!(live(&session(60, 29, now)));
        assert!(!live(&session(60, 30, now)), "idle 30 minutes");
        assert!(live(&session(12 * 60 - 1, 0, now)));
        assert!(!live(&session(12 * 60, 0, now)), "absolute 12 hours");
        // Its last use is written every minute, well within the idle time.
        assert!(!worth_touching(&session(10, 0, now), now, &limits));
        assert!(worth_touching(&session(10, 1, now), now, &limits));
    }

    #[test]
    fn a_password_is_long_enough_and_not_a_common_one() {
        let auth = Auth::new(&Limits::default()).expect("auth");
        assert!(auth.password_refusal("short").is_some());
        // The most common passwords of 12 characters or more are refused, in any case.
        // The first such password of the list, in its order (a set's order is not fixed).
        let common_long = COMMON_PASSWORDS
            .lines()
            .map(str::trim)
            .find(|p| p.len() >= 12 && p.bytes().all(|b| b.is_ascii_alphanumeric()))
            .expect("one");
        assert!(auth.password_refusal(&common_long.to_uppercase()).is_some());
        assert!(auth.password_refusal("un potager sous la pluie").is_none());
        assert_eq!(COMMON_PASSWORDS.lines().count(), 10_000);
        // Every line of the list is refused, whatever its case in the list.
        assert!(COMMON_PASSWORDS
            .lines()
            .all(|p| auth.common.contains(&p.trim().to_lowercase())));
    }
}
