//! `TestServer::spawn()`: the demo community in a temporary ledger, the personas with their
//! tokens and passwords, the real server on a free local port.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::net::SocketAddr;

use chrono::{Duration, Utc};
use jardins_ledger::PersonId;
use jardins_server::{Config, Server};
use jardins_store::Ledger;

/// The personas of the matrix, in its column order: (name, person in the demo).
pub const PERSONAS: &[(&str, Option<&str>)] = &[
    ("anonymous", None),
    ("local", Some("ines")),
    ("org", Some("anais")),
    ("other", Some("gaspard")),
    ("core", Some("camille")),
    ("steward", Some("margaux")),
    ("disabled", Some("mehdi")),
];

/// Every persona's password (long, not a common one).
pub const PASSWORD: &str = "un potager sous la pluie d'automne";

pub struct TestServer {
    pub addr: SocketAddr,
    pub origin: String,
    /// The Bearer token of each persona that has a person.
    pub tokens: BTreeMap<&'static str, String>,
    pub entries: Entries,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<Result<(), jardins_server::ServeError>>>,
    pub dir: tempfile::TempDir,
}

fn person(id: &str) -> PersonId {
    id.parse().expect("a person id")
}

/// A ledger at `path` holding the demo community, with the personas' access set up.
pub fn given_the_demo_ledger(path: &std::path::Path) -> (BTreeMap<&'static str, String>, Entries) {
    let now = Utc::now();
    let ledger = Ledger::create(path, now).expect("a new ledger");
    let lines: String = jardins_generate::demo()
        .iter()
        .map(|e| jardins_store::json::event_line(e) + "\n")
        .collect();
    ledger
        .import_jsonl(&mut lines.as_bytes(), now, &mut |_| {})
        .expect("the demo imports");
    let access = ledger.access().expect("the access tree");
    let hash = jardins_server::session::hash_password(PASSWORD).expect("a hash");
    let mut tokens = BTreeMap::new();
    for (name, who) in PERSONAS {
        let Some(who) = who else { continue };
        let id = person(who);
        let invitation = format!("invitation-of-{who}");
        access
            .invite(&id, &invitation, now + Duration::days(7), None, now)
            .expect("invited");
        access
            .redeem_invitation(&invitation, &hash, now)
            .expect("a password")
            .expect("the invitation is good");
        let token = format!("token-of-{who}-{}", jardins_server::session::secret());
        access.issue_token(&id, &token, None, now).expect("a token");
        tokens.insert(*name, token);
    }
    access
        .set_steward(&person("margaux"), true, None, now)
        .expect("a steward");
    access
        .disable(&person("mehdi"), None, now)
        .expect("disabled");
    (tokens, entries_of(&ledger))
}

/// Entries the tests name: one of the private garden's, one member's payment to paris.
#[derive(Clone, Debug)]
pub struct Entries {
    pub org_entry: u64,
    pub paris_entry: u64,
    pub head: u64,
    /// The head's hash, in hex, as the setup's ledger has it.
    pub head_hash: String,
    /// The hash of entry 1 (the ledger's identity in a checkpoint), in hex.
    pub first_hash: String,
}

fn entries_of(ledger: &Ledger) -> Entries {
    use jardins_ledger::Account;
    let org = Account::Garden("org-tisserands".parse().expect("an id"));
    let paris = Account::Garden("paris".parse().expect("an id"));
    let mut org_entry = None;
    let mut paris_entry = None;
    for record in ledger.records(1) {
        let record = record.expect("a record");
        let postings = record.event.postings();
        let touches = |a: &Account| postings.iter().any(|p| p.account == *a);
        let from_member = postings
            .iter()
            .any(|p| matches!(p.account, Account::Member(_)));
        if org_entry.is_none() && touches(&org) && from_member {
            org_entry = Some(record.sequence);
        }
        let reversed = ledger.reversed_by(record.sequence).expect("read").is_some();
        let is_payment = matches!(
            record.event.kind,
            jardins_ledger::EventKind::ContributionPaid { .. }
        );
        if paris_entry.is_none() && touches(&paris) && from_member && is_payment && !reversed {
            paris_entry = Some(record.sequence);
        }
    }
    Entries {
        org_entry: org_entry.expect("the demo has an entry of org-tisserands"),
        paris_entry: paris_entry.expect("the demo has a payment to paris"),
        head: ledger.head().sequence,
        head_hash: hex::encode(ledger.head().hash),
        first_hash: hex::encode(ledger.record(1).expect("read").expect("entry 1").hash),
    }
}

impl TestServer {
    pub async fn spawn() -> TestServer {
        Self::spawn_with(|_| {}).await
    }

    pub async fn spawn_with(adjust: impl FnOnce(&mut Config)) -> TestServer {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let path = dir.path().join("ledger");
        let (tokens, entries) = given_the_demo_ledger(&path);
        let mut config = Config::new(path, "127.0.0.1:0".parse().expect("an address"));
        adjust(&mut config);
        // sled lets go of the lock a moment after the setup's ledger is dropped.
        let started = std::time::Instant::now();
        let server = loop {
            match Server::bind(config.clone()).await {
                Ok(server) => break server,
                Err(jardins_server::ServeError::Store(jardins_store::StoreError::Locked {
                    ..
                })) if started.elapsed() < std::time::Duration::from_secs(10) => {
                    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
                }
                Err(error) => panic!("the server does not start: {error}"),
            }
        };
        let addr = server.addr();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let task = tokio::spawn(server.run(async move {
            let _ = stopped.await;
        }));
        TestServer {
            addr,
            origin: format!("http://{addr}"),
            tokens,
            entries,
            stop: Some(stop),
            task: Some(task),
            dir,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    /// A client that keeps no cookies and follows no redirect.
    pub fn client(&self) -> reqwest::Client {
        reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("a client")
    }

    /// Signs `person` in with the password; the session cookie and CSRF token.
    pub async fn sign_in_as(&self, person: &str) -> (String, String) {
        let response = self
            .client()
            .post(self.url("/api/v1/session"))
            .header("origin", &self.origin)
            .json(&serde_json::json!({"person": person, "password": PASSWORD}))
            .send()
            .await
            .expect("an answer");
        assert_eq!(response.status(), 200, "{person} signs in");
        let cookie = response
            .headers()
            .get("set-cookie")
            .expect("a session cookie")
            .to_str()
            .expect("ascii")
            .to_string();
        let body: serde_json::Value = response.json().await.expect("JSON");
        let value = cookie.split(';').next().expect("name=value").to_string();
        (value, body["csrf"].as_str().expect("a token").to_string())
    }

    /// Stops the server as SIGTERM would, and waits until it has.
    pub async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            task.await
                .expect("the server task")
                .expect("the server stops cleanly");
        }
    }
}
