//! The JSON API: credentials, IDOR, idempotency, mass assignment, headers, the OpenAPI document.

use serde_json::{json, Value};

use crate::support::TestServer;

async fn get(server: &TestServer, persona: &str, path: &str) -> (u16, String) {
    let response = server
        .client()
        .get(server.url(path))
        .bearer_auth(&server.tokens[persona])
        .send()
        .await
        .expect("an answer");
    (
        response.status().as_u16(),
        response.text().await.expect("a body"),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_credentials_the_api_answers_401_and_every_answer_has_the_security_headers() {
    let server = TestServer::spawn().await;
    let response = server
        .client()
        .get(server.url("/api/v1/gardens"))
        .send()
        .await
        .expect("an answer");
    assert_eq!(response.status(), 401);
    let headers = response.headers();
    assert_eq!(
        headers["content-security-policy"],
        "default-src 'self'; frame-ancestors 'none'"
    );
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(headers["referrer-policy"], "same-origin");
    assert!(
        headers.get("strict-transport-security").is_none(),
        "no HSTS over http"
    );
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_private_gardens_ids_answer_outsiders_as_ids_that_do_not_exist() {
    let server = TestServer::spawn().await;
    let org_entry = server.entries.org_entry;
    let missing_entry = server.entries.head + 1000;
    let pairs = [
        (
            "/api/v1/gardens/org-tisserands/balance",
            "/api/v1/gardens/no-such-garden/balance",
        ),
        (
            "/api/v1/gardens/org-tisserands/members",
            "/api/v1/gardens/no-such-garden/members",
        ),
        (
            "/api/v1/gardens/org-tisserands/commitments",
            "/api/v1/gardens/no-such-garden/commitments",
        ),
        (
            "/api/v1/commitments/anais-tisserands",
            "/api/v1/commitments/no-such-commitment",
        ),
        (
            &format!("/api/v1/entries/{org_entry}"),
            &format!("/api/v1/entries/{missing_entry}"),
        ),
    ];
    for (private, missing) in pairs {
        for persona in ["local", "other", "core"] {
            let hidden = get(&server, persona, private).await;
            let unknown = get(&server, persona, missing).await;
            assert_eq!(hidden.0, 404, "{private} as {persona}");
            assert_eq!(hidden, unknown, "{private} and {missing} as {persona}");
        }
        assert_eq!(
            get(&server, "org", private).await.0,
            200,
            "{private} to a member"
        );
    }
    // A member's payment to the private garden is not in another garden's commitments list.
    let (_, paris) = get(&server, "core", "/api/v1/gardens/paris/commitments").await;
    assert!(
        !paris.contains("anais"),
        "nothing of org-tisserands in paris's list"
    );
    server.stop().await;
}

async fn pay(server: &TestServer, key: &str, body: &Value) -> (u16, Value) {
    let response = server
        .client()
        .post(server.url("/api/v1/payments"))
        .bearer_auth(&server.tokens["core"])
        .header("idempotency-key", key)
        .json(body)
        .send()
        .await
        .expect("an answer");
    let status = response.status().as_u16();
    (status, response.json().await.expect("JSON"))
}

fn payment(amount: &str) -> Value {
    json!({"from": "member:lea", "to": "garden:paris", "amount": amount, "currency": "EUR",
           "mode": "fixed", "commitment": "lea-paris", "on": "2026-08-20"})
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_idempotency_key_gives_the_first_answer_again_and_409_for_another_body() {
    let server = TestServer::spawn().await;
    let head = server.entries.head;

    let (status, first) = pay(&server, "pay-1", &payment("15")).await;
    assert_eq!(status, 201, "{first}");
    assert_eq!(first["sequence"], head + 1);
    assert_eq!(first["hash"].as_str().map(str::len), Some(64));

    let (again, replay) = pay(&server, "pay-1", &payment("15")).await;
    assert_eq!(
        (again, &replay),
        (201, &first),
        "the same answer, nothing appended"
    );

    let (conflict, body) = pay(&server, "pay-1", &payment("16")).await;
    assert_eq!(conflict, 409, "{body}");

    let (next, receipt) = pay(&server, "pay-2", &payment("15")).await;
    assert_eq!(next, 201);
    assert_eq!(receipt["sequence"], head + 2, "the replay appended nothing");

    let (missing, _) = server
        .client()
        .post(server.url("/api/v1/payments"))
        .bearer_auth(&server.tokens["core"])
        .json(&payment("15"))
        .send()
        .await
        .map(|r| (r.status().as_u16(), ()))
        .expect("an answer");
    assert_eq!(missing, 400, "a state change without a key is refused");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn extra_fields_are_refused_never_obeyed_and_a_refusal_names_its_rule() {
    let server = TestServer::spawn().await;
    let mut body = payment("15");
    body["sequence"] = json!(1);
    body["recorded_by"] = json!("margaux");
    let (status, answer) = pay(&server, "mass-1", &body).await;
    assert_eq!(status, 400, "{answer}");
    let (status, answer) = pay(&server, "mass-2", &payment("15")).await;
    assert_eq!(status, 201, "{answer}");
    assert_eq!(
        answer["sequence"],
        server.entries.head + 1,
        "nothing was recorded before"
    );

    let mut overpaid = payment("15,123");
    overpaid["commitment"] = json!("lea-paris");
    let (status, refusal) = pay(&server, "refused-1", &overpaid).await;
    assert!(matches!(status, 400 | 422), "{refusal}");
    let unknown = json!({"from": "member:lea", "to": "garden:paris", "amount": "15",
                         "currency": "XYZ", "mode": "fixed", "on": "2026-08-20"});
    let (status, refusal) = pay(&server, "refused-2", &unknown).await;
    assert_eq!(status, 422, "{refusal}");
    assert_eq!(refusal["error"], "refused");
    // The rule's values come as data beside its sentence, and again with the same key.
    assert_eq!(refusal["rule"], "UnknownCurrency");
    assert_eq!(refusal["values"], json!({"currency": "XYZ"}));
    assert_eq!(
        pay(&server, "refused-2", &unknown).await,
        (422, refusal.clone())
    );
    assert!(
        refusal["rule"].as_str().is_some_and(|r| !r.is_empty()),
        "{refusal}"
    );
    assert!(
        refusal["message"]
            .as_str()
            .is_some_and(|m| m.contains("XYZ")),
        "{refusal}"
    );
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_payment_may_name_its_commitment_and_the_period_it_pays_for() {
    // Given lea's monthly commitment lea-paris (15 EUR from 2025-09-10),
    let server = TestServer::spawn().await;
    // when a payment toward it names the year 2026, then it is refused: it is paid per month;
    let mut body = payment("15");
    body["period"] = json!("2026");
    let (status, refusal) = pay(&server, "toward-1", &body).await;
    assert_eq!(status, 422, "{refusal}");
    assert_eq!(refusal["rule"], "CommitmentMismatch", "{refusal}");
    // and naming 2026-07, a month it runs in, it is recorded.
    body["period"] = json!("2026-07");
    let (status, receipt) = pay(&server, "toward-2", &body).await;
    assert_eq!(status, 201, "{receipt}");
    assert_eq!(receipt["sequence"], server.entries.head + 1);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_served_openapi_document_is_the_committed_one() {
    let server = TestServer::spawn().await;
    let response = server
        .client()
        .get(server.url("/api/v1/openapi.json"))
        .send()
        .await
        .expect("an answer");
    assert_eq!(response.status(), 200);
    let served: Value = response.json().await.expect("JSON");
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/openapi.json");
    if std::env::var_os("JARDINS_WRITE_OPENAPI").is_some() {
        std::fs::write(
            path,
            serde_json::to_string_pretty(&served).expect("JSON") + "\n",
        )
        .expect("written");
    }
    let committed: Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("the committed document"))
            .expect("JSON");
    assert_eq!(
        served, committed,
        "run with JARDINS_WRITE_OPENAPI=1 after changing a route"
    );
    assert!(served["paths"]["/api/v1/payments"]["post"]["responses"]["409"].is_object());
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_total_that_counts_a_garden_the_reader_may_not_see_into_says_so_without_detail() {
    let server = TestServer::spawn().await;
    let field = |persona: &'static str, path: &'static str| {
        let request = server
            .client()
            .get(server.url(path))
            .bearer_auth(&server.tokens[persona]);
        async move {
            let body: Value = request
                .send()
                .await
                .expect("an answer")
                .json()
                .await
                .expect("JSON");
            body["includes_private_gardens"].clone()
        }
    };
    // Given org-tisserands, the demo's one private garden, which pays the big garden: its
    // total and the audit's count it. A gardener of paris is told so; a member of
    // org-tisserands and a steward see into every garden the totals count.
    for path in ["/api/v1/big-garden/balance", "/api/v1/audit"] {
        assert_eq!(field("local", path).await, json!(true), "{path} as ines");
        assert_eq!(field("other", path).await, json!(true), "{path} as gaspard");
        assert_eq!(field("org", path).await, json!(false), "{path} as anais");
        assert_eq!(
            field("steward", path).await,
            json!(false),
            "{path} as margaux"
        );
    }
    // The audit narrowed to paris counts no private garden.
    assert_eq!(
        field("local", "/api/v1/audit?garden=paris").await,
        json!(false)
    );
    // And the audit page says it on its totals, in French by default, for ines, not for
    // margaux.
    let page = |person: &'static str| {
        let server = &server;
        async move {
            let (cookie, _) = server.sign_in_as(person).await;
            let response = server
                .client()
                .get(server.url("/audit"))
                .header("cookie", cookie)
                .send()
                .await
                .expect("an answer");
            assert_eq!(response.status(), 200);
            response.text().await.expect("a page")
        }
    };
    let said = "Total (EUR), y compris des jardins privés";
    let ines = page("ines").await;
    assert!(ines.contains(said), "{ines}");
    let margaux = page("margaux").await;
    assert!(!margaux.contains(said) && margaux.contains("Total (EUR)"));
    server.stop().await;
}

#[test]
fn the_document_gives_every_body_and_answer_its_schema() {
    let document = jardins_server::routes::openapi();
    let value = serde_json::to_value(&document).expect("JSON");
    let schemas = &value["components"]["schemas"];
    let (_, routes) = jardins_server::routes::routes();
    for route in routes.iter().filter(|r| r.path.starts_with("/api/v1")) {
        let method = route.method.as_str().to_lowercase();
        let operation = &value["paths"][route.path][&method];
        // Every state change but signing out takes a body, described.
        if route.method == "POST" {
            let content = &operation["requestBody"]["content"];
            assert!(
                content.as_object().is_some_and(|c| !c.is_empty()),
                "{method} {}: no body schema",
                route.path
            );
        }
        // Every answer with a body has a schema; every error is an ErrorBody.
        for (status, response) in operation["responses"].as_object().expect("responses") {
            if status == "204" {
                continue;
            }
            let schema = &response["content"]["application/json"]["schema"];
            assert!(
                schema.is_object(),
                "{method} {} {status}: no schema",
                route.path
            );
            if status.starts_with('4') || status.starts_with('5') {
                assert_eq!(schema["$ref"], "#/components/schemas/ErrorBody");
            }
        }
        // And every schema it names is in the components.
        let text = operation.to_string();
        for name in text.split("#/components/schemas/").skip(1) {
            let name = name.split('"').next().expect("a name");
            assert!(schemas[name].is_object(), "{name} is not in the components");
        }
    }
    // A body's schema is its type's: PayBody lists its fields, refuses others.
    let pay = &schemas["PayBody"];
    for field in ["from", "to", "amount", "currency", "mode"] {
        assert!(pay["required"]
            .as_array()
            .expect("required")
            .contains(&json!(field)));
    }
    assert_eq!(pay["additionalProperties"], json!(false));
    let refused = &schemas["ErrorBody"]["properties"];
    for field in ["error", "message", "rule", "values"] {
        assert!(refused[field].is_object(), "ErrorBody.{field}");
    }
}
