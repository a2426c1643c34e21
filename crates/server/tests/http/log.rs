//! The log page and the downloads hold exactly what the person may see: the test works out,
//! from a steward's whole log (its columns), which entries an outsider to the private garden
//! should get, by the rule written here again — an entry of a garden they belong to, of no
//! garden, or a flow between a garden and the big garden — and compares every format with it.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::pages::Browser;
use crate::support::TestServer;

async fn api(server: &TestServer, persona: &str, path: &str) -> (u16, String) {
    let response = server
        .client()
        .get(server.url(path))
        .bearer_auth(server.tokens.get(persona).expect("a token"))
        .send()
        .await
        .expect("an answer");
    let status = response.status().as_u16();
    (status, response.text().await.expect("a body"))
}

fn events(json: &str) -> Vec<Value> {
    let doc: Value = serde_json::from_str(json).expect("JSON");
    doc["events"].as_array().expect("events").clone()
}

fn text<'a>(event: &'a Value, column: &str) -> &'a str {
    event[column].as_str().unwrap_or("")
}

/// The gardens an entry of the log is about, from its columns: its garden, the gardens it
/// moves money between, and for a commitment's end the garden of the commitment.
fn gardens(event: &Value, commitments: &BTreeMap<String, String>) -> BTreeSet<String> {
    let mut gardens = BTreeSet::new();
    for column in ["garden", "from", "to"] {
        let cell = text(event, column);
        if let Some(id) = cell.strip_prefix("garden:") {
            gardens.insert(id.to_string());
        } else if column == "garden" && !cell.is_empty() {
            gardens.insert(cell.to_string());
        }
    }
    if let Some(id) = text(event, "for").strip_prefix("commitment ") {
        if let Some(garden) = commitments.get(id) {
            gardens.insert(garden.clone());
        }
    }
    gardens
}

/// What gaspard (a gardener of grenoble, no steward) may see of the whole log.
fn seen_by_gaspard(all: &[Value]) -> BTreeSet<u64> {
    let commitments: BTreeMap<String, String> = all
        .iter()
        .filter(|e| text(e, "kind") == "CommitmentMade")
        .filter_map(|e| {
            let id = text(e, "for").strip_prefix("commitment ")?;
            Some((id.to_string(), text(e, "garden").to_string()))
        })
        .collect();
    all.iter()
        .filter(|e| {
            let gardens = gardens(e, &commitments);
            let with_big_garden = {
                let (from, to) = (text(e, "from"), text(e, "to"));
                let side = |a: &str| a == "big-garden" || a.starts_with("garden:");
                (from == "big-garden" || to == "big-garden") && side(from) && side(to)
            };
            gardens.is_empty() || gardens.contains("grenoble") || with_big_garden
        })
        .map(|e| e["sequence"].as_u64().expect("a sequence"))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn downloads_hold_what_the_person_may_see_and_nothing_private() {
    let server = TestServer::spawn().await;
    // Given the whole log, as a steward sees it
    let (status, everything) = api(&server, "steward", "/api/v1/log").await;
    assert_eq!(status, 200);
    let all = events(&everything);
    assert_eq!(
        all.len() as u64,
        server.entries.head,
        "a steward sees every entry"
    );
    let expected = seen_by_gaspard(&all);
    // And the private garden's entries gaspard may not see, and its flows he may
    let org_private: BTreeSet<u64> = all
        .iter()
        .map(|e| e["sequence"].as_u64().expect("a sequence"))
        .filter(|s| !expected.contains(s))
        .collect();
    assert!(org_private.contains(&server.entries.org_entry));
    let org_flows = all
        .iter()
        .filter(|e| text(e, "from") == "garden:org-tisserands" && text(e, "to") == "big-garden")
        .count();
    assert!(
        org_flows > 0,
        "the demo has the private garden paying the big garden"
    );
    // When gardener gaspard downloads the log in JSON, then he gets exactly those entries
    let (status, json) = api(&server, "other", "/api/v1/log").await;
    assert_eq!(status, 200);
    let got: BTreeSet<u64> = events(&json)
        .iter()
        .map(|e| e["sequence"].as_u64().expect("a sequence"))
        .collect();
    assert_eq!(got, expected);
    // And the CSV has one line per entry, the French one too, with `;` and the BOM
    let (_, csv) = api(&server, "other", "/api/v1/log?format=csv").await;
    assert_eq!(csv.lines().count(), expected.len() + 1);
    assert!(csv.starts_with("sequence,date,recorded_at,kind,garden,from,to,amount"));
    let (_, french) = api(&server, "other", "/api/v1/log?format=csv-fr").await;
    assert!(french.starts_with("\u{feff}sequence;date;"));
    assert_eq!(french.lines().count(), expected.len() + 1);
    // And JSON Lines holds the same entries, each with its hash
    let (_, jsonl) = api(&server, "other", "/api/v1/log?format=jsonl").await;
    let lines: BTreeSet<u64> = jsonl
        .lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).expect("a JSON line");
            assert_eq!(v["hash"].as_str().map(str::len), Some(64));
            v["sequence"].as_u64().expect("a sequence")
        })
        .collect();
    assert_eq!(lines, expected);
    // And the journal holds a transaction for each money entry among them, and no other
    let (status, journal) = api(&server, "other", "/api/v1/journal").await;
    assert_eq!(status, 200);
    let in_journal: BTreeSet<u64> = journal
        .lines()
        .filter_map(|l| l.trim().strip_prefix("; seq: "))
        .map(|n| n.parse().expect("a sequence"))
        .collect();
    let money: BTreeSet<u64> = all
        .iter()
        .filter(|e| !text(e, "amount").is_empty())
        .map(|e| e["sequence"].as_u64().expect("a sequence"))
        .filter(|s| expected.contains(s))
        .collect();
    assert_eq!(in_journal, money);
    // And nothing of the private garden but its flows with the big garden is in any of them
    for (format, body) in [
        ("json", &json),
        ("csv", &csv),
        ("jsonl", &jsonl),
        ("journal", &journal),
    ] {
        let private = all
            .iter()
            .filter(|e| org_private.contains(&e["sequence"].as_u64().unwrap_or(0)))
            .filter_map(|e| e["note"].as_str())
            .filter(|n| n.len() > 6)
            .find(|n| body.contains(*n));
        assert_eq!(private, None, "{format} holds a private note");
    }
    // And naming the private garden answers as a garden that does not exist
    let (status, private) = api(&server, "other", "/api/v1/log?garden=org-tisserands").await;
    let (_, unknown) = api(&server, "other", "/api/v1/log?garden=no-such-garden").await;
    assert_eq!(status, 404);
    assert_eq!(private, unknown);
    // And its member sees its entries
    let (_, theirs) = api(&server, "org", "/api/v1/log?garden=org-tisserands").await;
    assert!(events(&theirs)
        .iter()
        .any(|e| e["sequence"].as_u64() == Some(server.entries.org_entry)));
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_log_filters_by_garden_member_kind_and_dates() {
    let server = TestServer::spawn().await;
    let (_, everything) = api(&server, "steward", "/api/v1/log").await;
    let all = events(&everything);
    // Given the filter: paris's contributions from 1 January to 31 March 2026
    let path = "/api/v1/log?garden=paris&kind=ContributionPaid&from=2026-01-01&to=2026-03-31";
    let (status, json) = api(&server, "core", path).await;
    assert_eq!(status, 200);
    let got: Vec<u64> = events(&json)
        .iter()
        .map(|e| e["sequence"].as_u64().expect("a sequence"))
        .collect();
    // Then it is what the whole log holds of it, worked out here
    let expected: Vec<u64> = all
        .iter()
        .filter(|e| text(e, "kind") == "ContributionPaid")
        .filter(|e| ("2026-01-01".."2026-04-01").contains(&text(e, "date")))
        .filter(|e| text(e, "from") == "garden:paris" || text(e, "to") == "garden:paris")
        .map(|e| e["sequence"].as_u64().expect("a sequence"))
        .collect();
    assert!(!expected.is_empty());
    assert_eq!(got, expected);
    // And a member filter keeps the entries that name her or move her money
    let (_, lea) = api(&server, "core", "/api/v1/log?member=lea").await;
    let lea = events(&lea);
    assert!(!lea.is_empty());
    for event in lea {
        let named = text(&event, "summary").contains("lea")
            || text(&event, "from") == "member:lea"
            || text(&event, "to") == "member:lea";
        assert!(named, "{event}");
    }
    // And a bad date or kind is a 400 that names it
    let (status, body) = api(&server, "core", "/api/v1/log?from=31/12/2026").await;
    assert_eq!(status, 400, "{body}");
    let (status, body) = api(&server, "core", "/api/v1/log?kind=Payment").await;
    assert_eq!(status, 400);
    assert!(body.contains("ContributionPaid"), "{body}");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_log_page_filters_in_french_and_links_its_downloads() {
    let server = TestServer::spawn().await;
    let gaspard = Browser::sign_in(&server, "gaspard").await;
    // When gaspard opens the log filtered on grenoble, then the page is French with its
    // labelled filters and the downloads of the same filter
    let (status, page) = gaspard.get("/log?garden=grenoble").await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("<h1>Journal des écritures</h1>"));
    for label in [
        "<label for=\"garden\">",
        "<label for=\"kind\">",
        "<label for=\"from\">",
    ] {
        assert!(page.contains(label), "{label}");
    }
    for format in ["csv", "csv-fr", "jsonl", "journal"] {
        let link = format!("href=\"/log/download?garden=grenoble&amp;format={format}\"");
        assert!(page.contains(&link), "{link} in {page}");
    }
    // And a download from the page is the file, as the API gives it
    let response = server
        .client()
        .get(server.url("/log/download?garden=grenoble&format=csv-fr"))
        .header("cookie", &gaspard.cookie)
        .send()
        .await
        .expect("an answer");
    assert_eq!(response.status().as_u16(), 200);
    assert!(response.headers()["content-disposition"]
        .to_str()
        .expect("ascii")
        .starts_with("attachment"));
    let file = response.text().await.expect("a body");
    let (_, api_file) = api(
        &server,
        "other",
        "/api/v1/log?garden=grenoble&format=csv-fr",
    )
    .await;
    assert_eq!(file, api_file);
    // And the private garden's log is not found, byte for byte as a garden that does not exist
    let (status, private) = gaspard.get("/log?garden=org-tisserands").await;
    let (_, unknown) = gaspard.get("/log?garden=no-such-garden").await;
    assert_eq!(status, 404);
    assert_eq!(private, unknown);
    let (status, _) = gaspard
        .get("/log/download?garden=org-tisserands&format=journal")
        .await;
    assert_eq!(status, 404);
    // And a date typed wrong comes back on its field, kept
    let (status, page) = gaspard.get("/log?from=31-31-2026").await;
    assert_eq!(status, 400);
    assert!(page.contains("id=\"from-error\"") && page.contains("value=\"31-31-2026\""));
    // And French dates are read the French way
    let (status, page) = gaspard.get("/log?from=01/01/2026&to=31/01/2026").await;
    assert_eq!(status, 200, "{page}");
    server.stop().await;
}
