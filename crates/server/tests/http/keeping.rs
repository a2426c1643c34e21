//! Keeping the books through the API: a constitution adopted (TOML and JSON), an import of
//! JSON Lines, the chain checked with anchors kept outside the ledger.

use serde_json::{json, Value};

use crate::support::TestServer;

/// A POST as `persona` (Bearer token) with this key, content type and body: status and JSON.
async fn post(
    server: &TestServer,
    persona: &str,
    path: &str,
    key: &str,
    content_type: &str,
    body: &str,
) -> (u16, Value) {
    let response = server
        .client()
        .post(server.url(path))
        .bearer_auth(&server.tokens[persona])
        .header("idempotency-key", key)
        .header("content-type", content_type)
        .body(body.to_string())
        .send()
        .await
        .expect("an answer");
    let status = response.status().as_u16();
    let text = response.text().await.expect("a body");
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

async fn get(server: &TestServer, persona: &str, path: &str) -> (u16, Value) {
    let response = server
        .client()
        .get(server.url(path))
        .bearer_auth(&server.tokens[persona])
        .send()
        .await
        .expect("an answer");
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// Paris's version 3: fixed 40 EUR a month to the big garden, nothing else asked.
const VERSION_3: &str = r#"version = 3
purpose = "Apprendre ensemble, à Paris"
entry_rules = "Venir deux fois"
exit_rules = "Le dire au noyau"
roles = []
commitments = []
collections = []

[[big_garden]]
currency = "EUR"
mode = "fixed"
amount = "40"
cadence = "monthly"
"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_core_adopts_a_constitution_as_toml_or_json_refused_as_the_command_line_refuses_it() {
    let server = TestServer::spawn().await;
    let path = "/api/v1/gardens/paris/constitution?on=2026-09-01";
    // Given the TOML file of version 3 (paris is at version 2 in the demo),
    // when camille (its core) sends it, then it is recorded with a receipt.
    let (status, receipt) = post(&server, "core", path, "v3", "application/toml", VERSION_3).await;
    assert_eq!(status, 201, "{receipt}");
    assert_eq!(receipt["sequence"], json!(server.entries.head + 1));
    // When the same version is sent again under another key, then the rule refuses it, with
    // its values as data: version 3 is now the current one, 4 the next.
    let (status, refused) = post(
        &server,
        "core",
        path,
        "v3-again",
        "application/toml",
        VERSION_3,
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(refused["rule"], "ConstitutionVersionOutOfOrder");
    assert_eq!(
        refused["values"],
        json!({"garden": "paris", "current": 3, "expected": 4, "given": 3})
    );
    // Given version 4 in its JSON form (the same keys), then it is recorded too.
    let version_4 = json!({
        "version": 4, "purpose": "Apprendre ensemble", "entry_rules": "", "exit_rules": "",
        "roles": [], "commitments": [], "collections": [],
        "big_garden": [{"currency": "EUR", "mode": "conscious", "suggested": "30", "cadence": "monthly"}]
    });
    let json_path = "/api/v1/gardens/paris/constitution?on=2026-10-01";
    let (status, receipt) = post(
        &server,
        "core",
        json_path,
        "v4",
        "application/json",
        &version_4.to_string(),
    )
    .await;
    assert_eq!(status, 201, "{receipt}");
    assert_eq!(receipt["sequence"], json!(server.entries.head + 2));
    // A file with an amount written as a float is refused at its place, as on the command line.
    let float = VERSION_3
        .replace("version = 3", "version = 5")
        .replace("\"40\"", "12.5");
    let (status, refused) =
        post(&server, "core", json_path, "v5", "application/toml", &float).await;
    assert_eq!(status, 422);
    assert_eq!(refused["rule"], "ConstitutionFile");
    assert_eq!(refused["values"]["place"], "big_garden[1].amount");
    let message = refused["message"].as_str().expect("a message");
    assert!(
        message.starts_with("big_garden[1].amount: ") && message.contains("as a string"),
        "{message}"
    );
    // A gardener of paris may not; the stewards neither (the core keeps a garden's books).
    let (status, _) = post(
        &server,
        "local",
        path,
        "v3-ines",
        "application/toml",
        VERSION_3,
    )
    .await;
    assert_eq!(status, 403);
    let (status, _) = post(
        &server,
        "steward",
        path,
        "v3-st",
        "application/toml",
        VERSION_3,
    )
    .await;
    assert_eq!(status, 403);
    server.stop().await;
}

/// A JSON line declaring the complementary currency `code`, as `jardins export jsonl` writes
/// a new event.
fn declare(code: &str) -> String {
    json!({"event": {"on": "2026-09-02", "kind": {"CurrencyDeclared": {"currency":
        {"code": code, "name": "Le Troc", "kind": "Complementary", "decimal_places": 0}}}}})
    .to_string()
        + "\n"
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_steward_imports_json_lines_and_the_first_refused_line_is_named() {
    let server = TestServer::spawn().await;
    let head = server.entries.head;
    // Given one line declaring a currency, when a steward imports it, then it is appended.
    let line = declare("TROC");
    let (status, done) = post(
        &server,
        "steward",
        "/api/v1/import",
        "i1",
        "application/jsonl",
        &line,
    )
    .await;
    assert_eq!(status, 201, "{done}");
    assert_eq!(
        (
            &done["lines"],
            &done["appended"],
            &done["restored"],
            &done["head"]["sequence"]
        ),
        (&json!(1), &json!(1), &json!(false), &json!(head + 1))
    );
    // The same key and body: the first answer again, nothing appended twice.
    let (status, again) = post(
        &server,
        "steward",
        "/api/v1/import",
        "i1",
        "application/jsonl",
        &line,
    )
    .await;
    assert_eq!((status, &again), (201, &done));
    // Given a file whose second line declares the same currency again, when it is imported,
    // then it is refused naming line 2 and the rule, and nothing of it is recorded (the two
    // lines are one batch).
    let twice = declare("GRAIN") + &line;
    let (status, refused) = post(
        &server,
        "steward",
        "/api/v1/import",
        "i2",
        "application/jsonl",
        &twice,
    )
    .await;
    assert_eq!(status, 422, "{refused}");
    assert_eq!(refused["rule"], "CurrencyAlreadyDeclared");
    assert_eq!(refused["values"]["line"], json!(2));
    assert_eq!(refused["values"]["recorded_through_line"], json!(0));
    let message = refused["message"].as_str().expect("a message");
    assert!(message.starts_with("line 2: "), "{message}");
    assert!(
        message.ends_with("; nothing of this import was recorded"),
        "{message}"
    );
    // A line that is not JSON is named too.
    let (status, refused) = post(
        &server,
        "steward",
        "/api/v1/import",
        "i3",
        "application/jsonl",
        "{not json\n",
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(
        (&refused["rule"], &refused["values"]["line"]),
        (&json!("ImportLine"), &json!(1))
    );
    // The head moved by the one line imported, and the chain holds.
    let (_, verified) = get(&server, "local", "/api/v1/verify").await;
    assert_eq!(verified["head"]["sequence"], json!(head + 1));
    assert_eq!(verified["chain_unbroken"], json!(true));
    // Only stewards import.
    let (status, _) = post(
        &server,
        "core",
        "/api/v1/import",
        "i4",
        "application/jsonl",
        &line,
    )
    .await;
    assert_eq!(status, 403);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_import_above_its_limit_is_refused_whole() {
    let server = TestServer::spawn_with(|c| c.limits.import_bytes = 1024).await;
    let line = declare("TROC");
    // Given 2 KiB of lines (blank lines count), when imported, then 413 and nothing appended.
    let body = line + &"\n".repeat(2048);
    let (status, refused) = post(
        &server,
        "steward",
        "/api/v1/import",
        "big",
        "application/jsonl",
        &body,
    )
    .await;
    assert_eq!(status, 413);
    assert_eq!(refused["error"], "too_large");
    let (_, verified) = get(&server, "steward", "/api/v1/verify").await;
    assert_eq!(verified["head"]["sequence"], json!(server.entries.head));
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn anyone_signed_in_sees_the_head_and_whether_the_chain_and_anchors_hold() {
    let server = TestServer::spawn().await;
    let (head, hash) = (server.entries.head, server.entries.head_hash.clone());
    // Given the head the setup's ledger ended at, when a gardener verifies, then the chain is
    // unbroken and ends there.
    let (status, verified) = get(&server, "local", "/api/v1/verify").await;
    assert_eq!(status, 200);
    assert_eq!(verified["head"], json!({"sequence": head, "hash": hash}));
    assert_eq!(
        (&verified["chain_unbroken"], &verified["sound"]),
        (&json!(true), &json!(true))
    );
    // An entry kept with its hash holds; the same entry with another hash does not, and only a
    // steward is told what differs.
    let other = "0".repeat(64);
    let query = format!("/api/v1/verify?expect={head}:{hash},{head}:{other}");
    let (_, verified) = get(&server, "local", &query).await;
    let expected = verified["expected"].as_array().expect("a list");
    assert_eq!(expected.len(), 2);
    assert_eq!(
        (&expected[0]["holds"], &expected[1]["holds"]),
        (&json!(true), &json!(false))
    );
    assert!(
        expected[1].get("problem").is_none(),
        "no detail for a gardener"
    );
    assert_eq!(verified["sound"], json!(false));
    let (_, verified) = get(&server, "steward", &query).await;
    let problem = verified["expected"][1]["problem"]
        .as_str()
        .expect("a steward's detail");
    assert!(problem.contains(&other), "{problem}");
    // A checkpoint statement of this ledger's head holds; one of another ledger does not.
    let statement = |ledger: &str| {
        format!("jardins checkpoint 1\nledger {ledger}\ndate 2026-11-30T12:00:00Z\nentry {head}\nhash {hash}\n")
    };
    let url = |text: &str| {
        let mut url = reqwest::Url::parse(&server.url("/api/v1/verify")).expect("a URL");
        url.query_pairs_mut().append_pair("checkpoint", text);
        url
    };
    let ask = |url: reqwest::Url| {
        let request = server.client().get(url).bearer_auth(&server.tokens["org"]);
        async move {
            request
                .send()
                .await
                .expect("an answer")
                .json::<Value>()
                .await
                .expect("JSON")
        }
    };
    let ours = ask(url(&statement(&server.entries.first_hash))).await;
    assert_eq!(ours["checkpoint"]["holds"], json!(true), "{ours}");
    assert_eq!(ours["checkpoint"]["signatures_checked"], json!(false));
    let theirs = ask(url(&statement(&"a".repeat(64)))).await;
    assert_eq!(theirs["checkpoint"]["holds"], json!(false));
    assert_eq!(theirs["sound"], json!(false));
    // A malformed anchor is a bad request; no credentials, 401.
    let (status, _) = get(&server, "local", "/api/v1/verify?expect=12").await;
    assert_eq!(status, 400);
    let anonymous = server
        .client()
        .get(server.url("/api/v1/verify"))
        .send()
        .await
        .expect("an answer");
    assert_eq!(anonymous.status(), 401);
    server.stop().await;
}
