//! The answers the API builds itself, as types: each is what the handler serialises and what
//! the OpenAPI document describes (`ToSchema`), so the two cannot drift apart. The reports'
//! answers are crates/report's `--format json`.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;

/// A recorded entry: its sequence and hash.
#[derive(Debug, Serialize, ToSchema)]
pub struct Receipt {
    pub sequence: u64,
    /// 64 hexadecimal digits.
    pub hash: String,
}

/// Every error: a stable snake_case `error`, a `message` a client may show; a refusal by a
/// rule (422) adds the rule's name and its values.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    /// unauthorized, not_found, forbidden, refused, bad_request, conflict, too_many_attempts,
    /// too_large, busy or internal.
    pub error: String,
    pub message: String,
    /// The rule that refused (422 only), as the command line names it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    /// The rule's values as data (422 only): name → value. Texts, dates (YYYY-MM-DD) and
    /// decimals are strings, counts numbers, money `{amount, currency}`, a list an array.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub values: Option<serde_json::Map<String, serde_json::Value>>,
}

/// A garden's name and kind, as everyone signed in sees them.
#[derive(Debug, Serialize, ToSchema)]
pub struct GardenAnswer {
    pub id: String,
    pub name: String,
    /// local, thematic or organisation.
    pub kind: String,
    /// An organisation garden: its books are its members' (and the stewards').
    pub members_only: bool,
    pub opened_on: NaiveDate,
    pub closed_on: Option<NaiveDate>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct GardenList {
    pub gardens: Vec<GardenAnswer>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MemberAnswer {
    pub person: String,
    pub name: Option<String>,
    pub core: bool,
    pub member_today: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MemberList {
    pub garden: String,
    pub members: Vec<MemberAnswer>,
}

/// A new session: the cookie is set; the token goes in `X-CSRF-Token`.
#[derive(Debug, Serialize, ToSchema)]
pub struct SignedIn {
    pub person: String,
    pub csrf: String,
}

/// Who is signed in, and their powers.
#[derive(Debug, Serialize, ToSchema)]
pub struct Me {
    pub person: String,
    pub steward: bool,
    pub member_of: Vec<String>,
    pub core_of: Vec<String>,
    /// The session's CSRF token (none with a Bearer token).
    pub csrf: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Invitation {
    pub person: String,
    /// The one-time link to set a password.
    pub link: String,
    pub expires: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TokenIssued {
    pub person: String,
    /// The token's id (to revoke it).
    pub id: String,
    /// The token itself, shown once.
    pub token: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Disabled {
    pub person: String,
    /// Whether the person was not disabled before.
    pub changed: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct JournalLine {
    pub number: u64,
    pub at: DateTime<Utc>,
    /// Who made the change; none for the command line on the directory.
    pub by: Option<String>,
    pub change: String,
    pub person: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Journal {
    pub entries: Vec<JournalLine>,
}

/// An import that went through.
#[derive(Debug, Serialize, ToSchema)]
pub struct Imported {
    /// Lines read (blank lines included).
    pub lines: u64,
    /// Events appended (lines already in the ledger append none).
    pub appended: u64,
    /// Whether the lines were recorded events (with sequence and hashes), restored as such.
    pub restored: bool,
    pub head: Receipt,
}
