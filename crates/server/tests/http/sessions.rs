//! Sessions: rotation at sign-in, sign-out and disable end them, CSRF, the sign-in rate limit.

use serde_json::json;

use crate::support::{TestServer, PASSWORD};

async fn me(server: &TestServer, cookie: &str) -> u16 {
    server
        .client()
        .get(server.url("/api/v1/me"))
        .header("cookie", cookie)
        .send()
        .await
        .expect("an answer")
        .status()
        .as_u16()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sign_in_gives_a_new_session_id_and_sign_out_ends_it_on_the_server() {
    let server = TestServer::spawn().await;
    let planted = "__Host-jardins=chosen-by-someone-else";
    let response = server
        .client()
        .post(server.url("/api/v1/session"))
        .header("origin", &server.origin)
        .header("cookie", planted)
        .json(&json!({"person": "ines", "password": PASSWORD}))
        .send()
        .await
        .expect("an answer");
    assert_eq!(response.status(), 200);
    let set = response.headers()["set-cookie"]
        .to_str()
        .expect("ascii")
        .to_string();
    for part in ["HttpOnly", "Secure", "SameSite=Strict", "Path=/"] {
        assert!(set.contains(part), "{set} has {part}");
    }
    assert!(!set.contains("chosen-by-someone-else"));
    assert_eq!(me(&server, planted).await, 401);

    let (first, _) = server.sign_in_as("ines").await;
    let (second, csrf) = server.sign_in_as("ines").await;
    assert_ne!(first, second, "every sign-in has its own id");
    let id = second.split_once('=').expect("name=value").1;
    assert!(id.len() >= 32, "at least 128 bits");
    assert_eq!(me(&server, &second).await, 200);

    let out = server
        .client()
        .delete(server.url("/api/v1/session"))
        .header("cookie", &second)
        .header("origin", &server.origin)
        .header("x-csrf-token", &csrf)
        .send()
        .await
        .expect("an answer");
    assert_eq!(out.status(), 204);
    assert_eq!(me(&server, &second).await, 401, "ended on the server");
    assert_eq!(me(&server, &first).await, 200, "the other session goes on");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn disabling_a_person_ends_their_sessions_and_tokens_at_once() {
    let server = TestServer::spawn().await;
    let (cookie, _) = server.sign_in_as("ines").await;
    assert_eq!(me(&server, &cookie).await, 200);
    let disabled = server
        .client()
        .post(server.url("/api/v1/access/disable"))
        .bearer_auth(&server.tokens["steward"])
        .json(&json!({"person": "ines"}))
        .send()
        .await
        .expect("an answer");
    assert_eq!(disabled.status(), 200);
    assert_eq!(me(&server, &cookie).await, 401);
    let token = server
        .client()
        .get(server.url("/api/v1/me"))
        .bearer_auth(&server.tokens["local"])
        .send()
        .await
        .expect("an answer");
    assert_eq!(token.status(), 401);
    let journal: serde_json::Value = server
        .client()
        .get(server.url("/api/v1/access/journal"))
        .bearer_auth(&server.tokens["steward"])
        .send()
        .await
        .expect("an answer")
        .json()
        .await
        .expect("JSON");
    let last = journal["entries"]
        .as_array()
        .and_then(|e| e.last())
        .cloned();
    let last = last.expect("entries");
    assert_eq!(
        (&last["change"], &last["person"], &last["by"]),
        (&json!("disabled"), &json!("ines"), &json!("margaux"))
    );
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cookie_state_change_needs_our_origin_and_the_session_token() {
    let server = TestServer::spawn().await;
    let (cookie, csrf) = server.sign_in_as("camille").await;
    let attempt = |origin: Option<&str>, token: Option<&str>, key: &str| {
        let mut request = server
            .client()
            .post(server.url("/api/v1/expenses"))
            .header("cookie", &cookie)
            .header("idempotency-key", key)
            .json(&json!({"payer": "garden:paris", "amount": "5", "currency": "EUR", "on": "2026-08-20", "note": "graines"}));
        if let Some(origin) = origin {
            request = request.header("origin", origin);
        }
        if let Some(token) = token {
            request = request.header("x-csrf-token", token);
        }
        async move { request.send().await.expect("an answer").status().as_u16() }
    };
    assert_eq!(attempt(None, Some(&csrf), "c1").await, 403, "no origin");
    assert_eq!(
        attempt(Some("https://evil.example"), Some(&csrf), "c2").await,
        403,
        "a foreign origin"
    );
    assert_eq!(
        attempt(Some(&server.origin), None, "c3").await,
        403,
        "no token"
    );
    assert_eq!(
        attempt(Some(&server.origin), Some("forged"), "c4").await,
        403,
        "a wrong token"
    );
    assert_eq!(
        attempt(Some(&server.origin), Some(&csrf), "c5").await,
        201,
        "our page"
    );
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn repeated_failed_sign_ins_are_limited_per_account_with_retry_after() {
    let server = TestServer::spawn().await;
    let try_password = |password: &'static str| {
        let request = server
            .client()
            .post(server.url("/api/v1/session"))
            .header("origin", &server.origin)
            .json(&json!({"person": "camille", "password": password}));
        async move { request.send().await.expect("an answer") }
    };
    for _ in 0..5 {
        let wrong = try_password("not camille's password").await;
        assert_eq!(wrong.status(), 401);
        let body: serde_json::Value = wrong.json().await.expect("JSON");
        assert_eq!(body["error"], "unauthorized", "a generic error");
    }
    let limited = try_password(PASSWORD).await;
    assert_eq!(limited.status(), 429, "even the right password waits");
    let retry: u64 = limited.headers()["retry-after"]
        .to_str()
        .expect("ascii")
        .parse()
        .expect("seconds");
    assert!(retry > 0 && retry <= 15 * 60);
    // Another account from the same address is not limited by camille's.
    let (other, _) = server.sign_in_as("ines").await;
    assert!(!other.is_empty());
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn over_plain_http_to_another_address_the_sign_in_page_warns() {
    let local = TestServer::spawn().await;
    let page = |server: &TestServer| {
        let request = server.client().get(server.url("/sign-in"));
        async move {
            request
                .send()
                .await
                .expect("an answer")
                .text()
                .await
                .expect("a page")
        }
    };
    assert!(
        !page(&local).await.contains("http simple"),
        "localhost is fine"
    );
    local.stop().await;
    let lan =
        TestServer::spawn_with(|c| c.public_origin = Some("http://192.168.1.20:8080".to_string()))
            .await;
    assert!(
        page(&lan).await.contains("http simple"),
        "a LAN address over http is warned of"
    );
    lan.stop().await;
}

/// The home page with this cookie: its status and where it sends to.
async fn home(server: &TestServer, cookie: &str) -> (u16, Option<String>) {
    let response = server
        .client()
        .get(server.url("/"))
        .header("cookie", cookie)
        .send()
        .await
        .expect("an answer");
    let location = response
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    (response.status().as_u16(), location)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_ends_when_idle_too_long_and_when_too_old_however_busy() {
    // Given a server whose sessions end after 2 s without a request and 5 s after sign-in (the
    // limits of 30 minutes and 12 hours, shortened through the config),
    let server = TestServer::spawn_with(|c| {
        c.limits.session_idle_s = 2;
        c.limits.session_absolute_s = 5;
    })
    .await;
    let pause = |ms| tokio::time::sleep(std::time::Duration::from_millis(ms));
    // when a session is used every second, then it lives on past the idle time…
    let (busy, _) = server.sign_in_as("ines").await;
    let (idle, _) = server.sign_in_as("camille").await;
    for _ in 0..3 {
        pause(1_000).await;
        assert_eq!(me(&server, &busy).await, 200, "in use");
    }
    // …while the one left alone for 3 s is over: 401 for the API, the sign-in page for pages.
    assert_eq!(me(&server, &idle).await, 401, "idle 2 s");
    let (status, location) = home(&server, &idle).await;
    assert_eq!(status, 303);
    assert_eq!(location.as_deref(), Some("/sign-in"));
    // When the busy session reaches 5 s after its sign-in, then it is over too, used or not.
    assert_eq!(home(&server, &busy).await.0, 200, "still young");
    pause(1_000).await;
    assert_eq!(me(&server, &busy).await, 200, "4 s old");
    pause(1_200).await;
    assert_eq!(me(&server, &busy).await, 401, "5 s old");
    assert_eq!(home(&server, &busy).await.0, 303);
    // And a new sign-in gives a new session.
    let (again, _) = server.sign_in_as("ines").await;
    assert_eq!(me(&server, &again).await, 200);
    server.stop().await;
}
