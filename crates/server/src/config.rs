//! What the server is told at start: where it listens, the origin people reach it at, and every
//! limit, each with its unit.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

/// The address `jardins serve` listens on when not told.
pub const DEFAULT_LISTEN: &str = "127.0.0.1:8080";

#[derive(Clone, Debug)]
pub struct Config {
    /// The ledger's directory; the server holds it while it runs.
    pub ledger: PathBuf,
    pub listen: SocketAddr,
    /// The origin browsers use (`https://jardins.example.org`); `None`: `http://` + listen.
    /// State-changing cookie requests must come from it (csrf.rs).
    pub public_origin: Option<String>,
    pub limits: Limits,
}

/// Every bound of the server. Requests beyond one are refused, never queued without end.
#[derive(Clone, Debug)]
pub struct Limits {
    /// Largest request body, in bytes (a constitution is the largest command, about 100 KiB).
    pub body_bytes: usize,
    /// Largest total of a request's header names and values, in bytes (431 beyond).
    pub header_bytes: usize,
    /// Longest a request may take, headers to answer, in milliseconds (408 beyond).
    pub request_ms: u64,
    /// Commands waiting for the writer; a full queue answers 503 with `Retry-After`.
    pub queue_commands: usize,
    /// Most commands the writer takes for one group (one batch, one flush).
    pub group_commands: usize,
    /// Open connections at once; the next one waits for a place.
    pub connections: usize,
    /// Requests handled at once; beyond, 503 at once (load shedding).
    pub requests_in_flight: usize,
    /// Failed sign-ins per account in one window (then 429).
    pub sign_in_attempts: u32,
    /// Failed sign-ins per address in one window (higher: people share addresses).
    pub sign_in_attempts_per_address: u32,
    /// The sign-in window, in seconds.
    pub sign_in_window_s: u64,
    /// How long a shutdown waits for open requests before it stops, in milliseconds.
    pub shutdown_grace_ms: u64,
    /// Largest JSON Lines body of an import, in bytes (above `body_bytes`: an import carries
    /// many entries; larger files are imported in parts, or with `jardins import`).
    pub import_bytes: usize,
    /// A session ends after this long without a request, in seconds.
    pub session_idle_s: i64,
    /// A session ends this long after sign-in whatever happens, in seconds.
    pub session_absolute_s: i64,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            body_bytes: 256 * 1024,
            header_bytes: 16 * 1024,
            request_ms: 10_000,
            queue_commands: 4_096,
            group_commands: 512,
            connections: 1_024,
            requests_in_flight: 512,
            sign_in_attempts: 5,
            sign_in_attempts_per_address: 50,
            sign_in_window_s: 15 * 60,
            shutdown_grace_ms: 10_000,
            import_bytes: 8 * 1024 * 1024,
            session_idle_s: SESSION_IDLE_S,
            session_absolute_s: SESSION_ABSOLUTE_S,
        }
    }
}

impl Limits {
    pub fn request_time(&self) -> Duration {
        Duration::from_millis(self.request_ms)
    }
}

/// Sessions end after this long without a request, in seconds (the default of
/// `Limits::session_idle_s`).
pub const SESSION_IDLE_S: i64 = 30 * 60;
/// Sessions end this long after sign-in whatever happens, in seconds (the default of
/// `Limits::session_absolute_s`).
pub const SESSION_ABSOLUTE_S: i64 = 12 * 60 * 60;
/// An invitation link can be used for this long, in days.
pub const INVITATION_DAYS: i64 = 7;
/// The fewest characters a password may have (no composition rules).
pub const PASSWORD_MIN_CHARS: usize = 12;
/// The most characters a password may have (argon2 hashes it whole: bounds the work).
pub const PASSWORD_MAX_CHARS: usize = 256;

impl Config {
    pub fn new(ledger: PathBuf, listen: SocketAddr) -> Config {
        Config {
            ledger,
            listen,
            public_origin: None,
            limits: Limits::default(),
        }
    }
}
