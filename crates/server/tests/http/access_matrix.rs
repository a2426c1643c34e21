//! Every route of the router × every persona → the status `matrix.txt` expects. A route of the
//! router without a row in the table fails the test, and so does a row without its route.

use std::collections::BTreeSet;

use crate::support::{TestServer, PERSONAS};

const MATRIX: &str = include_str!("matrix.txt");

struct Row {
    method: String,
    pattern: String,
    path: String,
    body: Option<String>,
    statuses: Vec<u16>,
    line: usize,
}

fn rows() -> Vec<Row> {
    MATRIX
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|(n, l)| {
            let parts: Vec<&str> = l.split(" ; ").collect();
            assert_eq!(parts.len(), 4, "matrix line {}: four fields", n + 1);
            let (method, pattern) = parts[0].split_once(' ').expect("METHOD PATTERN");
            let statuses: Vec<u16> = parts[3]
                .split_whitespace()
                .map(|s| s.parse().expect("a status"))
                .collect();
            assert_eq!(
                statuses.len(),
                PERSONAS.len(),
                "matrix line {}: a status per persona",
                n + 1
            );
            Row {
                method: method.to_string(),
                pattern: pattern.to_string(),
                path: parts[1].to_string(),
                body: (parts[2] != "-").then(|| parts[2].to_string()),
                statuses,
                line: n + 1,
            }
        })
        .collect()
}

#[test]
fn every_route_of_the_router_has_a_row_and_every_row_a_route() {
    let (_, routes) = jardins_server::routes::routes();
    let routed: BTreeSet<(String, String)> = routes
        .iter()
        .map(|r| (r.method.to_string(), r.path.to_string()))
        .collect();
    let tabled: BTreeSet<(String, String)> =
        rows().into_iter().map(|r| (r.method, r.pattern)).collect();
    let missing: Vec<_> = routed.difference(&tabled).collect();
    assert!(
        missing.is_empty(),
        "routes without a row in matrix.txt: {missing:?}"
    );
    let stale: Vec<_> = tabled.difference(&routed).collect();
    assert!(
        stale.is_empty(),
        "rows of matrix.txt without a route: {stale:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_route_answers_each_persona_as_the_table_says() {
    // The sign-in rows fail once per persona: the limit (tested in sessions.rs) is raised here.
    let server = TestServer::spawn_with(|c| c.limits.sign_in_attempts = 100).await;
    let client = server.client();
    let fill = |text: &str| {
        text.replace("{org_entry}", &server.entries.org_entry.to_string())
            .replace("{paris_entry}", &server.entries.paris_entry.to_string())
    };
    let mut wrong = Vec::new();
    for row in rows() {
        for (column, (persona, _)) in PERSONAS.iter().enumerate() {
            let method: reqwest::Method = row.method.parse().expect("a method");
            let mut request = client
                .request(method, server.url(&fill(&row.path)))
                .header("origin", &server.origin)
                .header("idempotency-key", format!("matrix-{}-{persona}", row.line));
            if let Some(token) = server.tokens.get(persona) {
                request = request.bearer_auth(token);
            }
            if let Some(body) = &row.body {
                request = match body.strip_prefix("form:") {
                    Some(form) => request
                        .header("content-type", "application/x-www-form-urlencoded")
                        .body(fill(form).replace(' ', "+")),
                    None => request
                        .header("content-type", "application/json")
                        .body(fill(body)),
                };
            }
            let response = request.send().await.expect("an answer");
            let status = response.status().as_u16();
            if status != row.statuses[column] {
                let text = response.text().await.unwrap_or_default();
                wrong.push(format!(
                    "line {} {} {} as {persona}: {status}, expected {} ({})",
                    row.line, row.method, row.path, row.statuses[column], text
                ));
            }
        }
    }
    server.stop().await;
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
