//! A real browser on the real binary: Debian's chromium, driven through chromedriver with
//! fantoccini, over `jardins serve` on the demo ledger at a free port. A core member of paris
//! follows her invitation, sets a password, signs in, records a contribution through the form,
//! sees paris's balance move by that amount, switches to English and back, and checks a
//! checkpoint statement of the ledger on the audit page. The flow runs twice, each on its own
//! ledger, server and browser profile: once in a browser as it comes (JavaScript on), once with
//! JavaScript switched off for pages. The second run photographs the pages on the way
//! (target/screenshots/, copied to docs/screenshots/).
//!
//! Needs `chromium` and `chromium-driver` (.ci/run installs them) and the `jardins` binary
//! beside this test's (`cargo test --workspace` builds it; alone: `cargo build -p jardins`).

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use rust_decimal::Decimal;

const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const CHROMIUM: &str = "/usr/bin/chromium";
const PASSWORD: &str = "des courges sous la neige de janvier";

/// A child process ended when the test ends, however it ends.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .expect("a free port")
        .local_addr()
        .expect("an address")
        .port()
}

/// target/debug (or the profile this test was built in): the test is in its deps/.
fn profile_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("this test's path");
    exe.parent()
        .and_then(Path::parent)
        .expect("target/PROFILE/deps")
        .to_path_buf()
}

fn jardins() -> PathBuf {
    let path = profile_dir().join("jardins");
    assert!(
        path.exists(),
        "{} is missing: build it first with `cargo build -p jardins`",
        path.display()
    );
    path
}

fn wait_for_port(port: u16, what: &str) {
    let started = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "{what} does not listen on {port}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// `1 234,50 €` or `1,234.50 €` as a number (the page's closing cell).
fn amount_of(text: &str, decimal_comma: bool) -> Decimal {
    let kept: String = text
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '-' || *c == if decimal_comma { ',' } else { '.' })
        .collect();
    kept.replace(',', ".").parse().expect("an amount")
}

/// The element `css` of the page a click leads to, once that page is there (a click returns
/// before the navigation it starts, and the old page's elements go stale).
async fn arrive(client: &Client, css: &str) -> fantoccini::elements::Element {
    client
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("no {css} on the page: {e}"))
}

async fn closing_eur(client: &Client) -> String {
    client
        .find(Locator::Css("table[data-currency=\"EUR\"] td.closing"))
        .await
        .expect("paris's closing balance in euros")
        .text()
        .await
        .expect("its text")
}

async fn lang(client: &Client) -> String {
    client
        .find(Locator::Css("html"))
        .await
        .expect("the page")
        .attr("lang")
        .await
        .expect("an attribute")
        .unwrap_or_default()
}

/// Whether the browser runs the pages' scripts (the pages have none: they must work either way).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum JavaScript {
    On,
    Off,
}

/// The screenshots of one run, or none (one run photographs the pages, the other does not, so
/// the two never write the same files).
struct Shots(Option<Vec<PathBuf>>);

impl Shots {
    /// The browser's window, as `name`.png.
    async fn window(&mut self, client: &Client, name: &str) {
        if self.0.is_some() {
            let png = client.screenshot().await.expect("a screenshot");
            self.keep(name, png);
        }
    }

    /// One element of the page (scrolled to by the browser), as `name`.png.
    async fn element(&mut self, element: &fantoccini::elements::Element, name: &str) {
        if self.0.is_some() {
            let png = element.screenshot().await.expect("a screenshot");
            self.keep(name, png);
        }
    }

    fn keep(&mut self, name: &str, png: Vec<u8>) {
        assert!(png.starts_with(b"\x89PNG"), "a PNG");
        let dir = profile_dir().join("..").join("screenshots");
        std::fs::create_dir_all(&dir).expect("target/screenshots");
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, png).expect("the screenshot is written");
        if let Some(shots) = &mut self.0 {
            shots.push(path);
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_core_member_records_a_contribution_and_sees_the_balance_move_with_javascript_on() {
    the_flow(JavaScript::On, Shots(None)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_same_flow_works_with_javascript_off() {
    the_flow(JavaScript::Off, Shots(Some(Vec::new()))).await;
}

/// The whole flow, in a browser with `javascript` on or off, photographed into `shots`.
async fn the_flow(javascript: JavaScript, mut shots: Shots) {
    assert!(
        Path::new(CHROMEDRIVER).exists() && Path::new(CHROMIUM).exists(),
        "install Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)"
    );
    let dir = tempfile::tempdir().expect("a temporary directory");
    let ledger = dir.path().join("demo-ledger");
    // Given the demo ledger served by the real binary, with an invitation for camille
    let demo = Command::new(jardins())
        .args(["demo", "--ledger"])
        .arg(&ledger)
        .output()
        .expect("jardins demo runs");
    assert!(
        demo.status.success(),
        "{}",
        String::from_utf8_lossy(&demo.stderr)
    );
    // And the statement `jardins checkpoint` prints for it, kept before the server starts
    let checkpoint = Command::new(jardins())
        .arg("--ledger")
        .arg(&ledger)
        .arg("checkpoint")
        .output()
        .expect("jardins checkpoint runs");
    assert!(
        checkpoint.status.success(),
        "{}",
        String::from_utf8_lossy(&checkpoint.stderr)
    );
    let statement = String::from_utf8(checkpoint.stdout).expect("UTF-8");
    assert_eq!(statement.lines().count(), 5, "{statement}");
    let port = free_port();
    let mut serve = Command::new(jardins())
        .arg("--ledger")
        .arg(&ledger)
        .args([
            "serve",
            "--listen",
            &format!("127.0.0.1:{port}"),
            "--invite",
            "camille",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("jardins serve starts");
    let stdout = serve.stdout.take().expect("its standard output");
    let server = Running(serve);
    let mut line = String::new();
    // Kept open to the end: the server's standard output is not closed under it.
    let mut printed = BufReader::new(stdout);
    printed.read_line(&mut line).expect("the invitation line");
    let link = line
        .split_whitespace()
        .last()
        .expect("the printed link")
        .to_string();
    assert!(
        link.starts_with(&format!("http://127.0.0.1:{port}/invitation/")),
        "{line}"
    );
    wait_for_port(port, "jardins serve");

    // And chromium, headless, through chromedriver, with a fresh profile
    let driver_port = free_port();
    let driver = Running(
        Command::new(CHROMEDRIVER)
            .arg(format!("--port={driver_port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts"),
    );
    wait_for_port(driver_port, "chromedriver");
    let profile = tempfile::tempdir().expect("a browser profile");
    // A French gardener's browser: its Accept-Language asks for French first; and for the
    // second run, JavaScript off for the pages (1 allows, 2 blocks).
    let scripts = match javascript {
        JavaScript::On => 1,
        JavaScript::Off => 2,
    };
    let mut capabilities = serde_json::Map::new();
    capabilities.insert(
        "goog:chromeOptions".to_string(),
        serde_json::json!({
            "binary": CHROMIUM,
            "prefs": {"intl.accept_languages": "fr-FR,fr",
                      "profile.managed_default_content_settings.javascript": scripts},
            "args": ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update",
                     "--disable-sync", "--window-size=1100,1200", "--lang=fr-FR",
                     format!("--user-data-dir={}", profile.path().display())],
        }),
    );
    let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(capabilities)
        .connect(&format!("http://127.0.0.1:{driver_port}"))
        .await
        .expect("a browser session");

    // (A page's own script runs, or does not, as this run says.)
    client
        .goto("data:text/html,<title>off</title><script>document.title='on'</script>")
        .await
        .expect("a page with a script");
    let expected = match javascript {
        JavaScript::On => "on",
        JavaScript::Off => "off",
    };
    assert_eq!(
        client.title().await.expect("its title"),
        expected,
        "JavaScript is {expected}"
    );

    // When camille follows her invitation and sets a password
    client.goto(&link).await.expect("the invitation page");
    assert_eq!(lang(&client).await, "fr");
    client
        .find(Locator::Css("input[name=password]"))
        .await
        .expect("the password field")
        .send_keys(PASSWORD)
        .await
        .expect("typed");
    client
        .find(Locator::Css("button[type=submit]"))
        .await
        .expect("the button")
        .click()
        .await
        .expect("clicked");
    arrive(&client, "#to-sign-in")
        .await
        .click()
        .await
        .expect("to sign in");
    // And signs in (« Connexion »)
    arrive(&client, "input[name=person]").await;
    let title = client.find(Locator::Css("h1")).await.expect("a title");
    assert_eq!(title.text().await.expect("text"), "Connexion");
    for (field, value) in [("person", "camille"), ("password", PASSWORD)] {
        client
            .find(Locator::Css(&format!("input[name={field}]")))
            .await
            .expect("a field")
            .send_keys(value)
            .await
            .expect("typed");
    }
    client
        .find(Locator::Css("main button[type=submit]"))
        .await
        .expect("the button")
        .click()
        .await
        .expect("signed in");
    // Then she is home, « Mes jardins »
    arrive(&client, "main a[href=\"/gardens/paris\"]").await;
    let h1 = client.find(Locator::Css("h1")).await.expect("a title");
    assert_eq!(h1.text().await.expect("text"), "Mes jardins");
    shots.window(&client, "home").await;

    // When she opens paris and records the contribution the form pre-fills
    client
        .find(Locator::Css("a[href=\"/gardens/paris\"]"))
        .await
        .expect("paris on her home")
        .click()
        .await
        .expect("paris");
    arrive(&client, "table[data-currency=\"EUR\"] td.closing").await;
    let before = amount_of(&closing_eur(&client).await, true);
    shots.window(&client, "garden").await;
    client
        .find(Locator::Id("record-link"))
        .await
        .expect("the record link for a core member")
        .click()
        .await
        .expect("the form");
    let amount_field = arrive(&client, "#amount").await;
    let typed = amount_field
        .prop("value")
        .await
        .expect("its value")
        .expect("pre-filled from the constitution");
    let amount = amount_of(&typed, true);
    assert!(amount > Decimal::ZERO, "{typed}");
    shots.window(&client, "form").await;
    client
        .find(Locator::Id("record-submit"))
        .await
        .expect("the button")
        .click()
        .await
        .expect("recorded");
    // Then the receipt names the entry, and paris's balance moved by exactly that amount
    let sequence = arrive(&client, "#receipt-sequence")
        .await
        .text()
        .await
        .expect("its sequence");
    assert!(sequence.parse::<u64>().is_ok(), "{sequence}");
    client
        .find(Locator::Id("back-to-garden"))
        .await
        .expect("back to paris")
        .click()
        .await
        .expect("paris");
    arrive(&client, "table[data-currency=\"EUR\"] td.closing").await;
    let after = amount_of(&closing_eur(&client).await, true);
    assert_eq!(
        after,
        before + amount,
        "the balance moved by the contribution"
    );
    // And the page draws the balance month by month, inline, and says the constitution
    client
        .find(Locator::Css("figure.chart svg"))
        .await
        .expect("the balance chart");
    client
        .find(Locator::Id("constitution"))
        .await
        .expect("the constitution");
    shots.window(&client, "garden").await;

    // When she switches to English, then the same page speaks English; and back to French
    client
        .find(Locator::Id("lang-switch"))
        .await
        .expect("the switch")
        .click()
        .await
        .expect("English");
    arrive(&client, "html[lang=en] td.closing").await;
    assert_eq!(lang(&client).await, "en");
    let source = client.source().await.expect("the page");
    assert!(source.contains("Closing balance"), "{source}");
    assert_eq!(amount_of(&closing_eur(&client).await, false), after);
    client
        .find(Locator::Id("lang-switch"))
        .await
        .expect("the switch")
        .click()
        .await
        .expect("French");
    arrive(&client, "html[lang=fr] td.closing").await;
    assert_eq!(lang(&client).await, "fr");
    assert!(client
        .source()
        .await
        .expect("the page")
        .contains("Solde de clôture"));

    // And the audit page shows the flows and the head to publish
    client
        .goto(&format!("http://127.0.0.1:{port}/audit"))
        .await
        .expect("the audit");
    client
        .find(Locator::Id("head-hash"))
        .await
        .expect("the head hash");
    shots.window(&client, "audit").await;

    // When she pastes the statement kept before her contribution, then the ledger extends it
    let field = client
        .find(Locator::Id("checkpoint-text"))
        .await
        .expect("the checkpoint form");
    field.send_keys(&statement).await.expect("pasted");
    client
        .find(Locator::Id("checkpoint-submit"))
        .await
        .expect("the button")
        .click()
        .await
        .expect("checked");
    let result = arrive(&client, "#checkpoint-result").await;
    assert_eq!(
        result.attr("data-holds").await.expect("an attribute"),
        Some("true".to_string()),
        "{}",
        client.source().await.unwrap_or_default()
    );
    let said = result.text().await.expect("its text");
    assert!(
        said.contains("Ce registre prolonge ce point de contrôle"),
        "{said}"
    );
    let section = client
        .find(Locator::Id("checkpoint"))
        .await
        .expect("the checkpoint section");
    shots.element(&section, "audit-checkpoint").await;

    // And the log of paris lists the entry she recorded, with its downloads
    client
        .goto(&format!("http://127.0.0.1:{port}/log?garden=paris"))
        .await
        .expect("the log");
    arrive(&client, "#download-csv-fr").await;
    let source = client.source().await.expect("the page");
    assert!(
        source.contains(&format!("<td class=\"num\">{sequence}</td>")),
        "the log lists entry {sequence}"
    );
    shots.window(&client, "log").await;
    client.close().await.expect("the browser closes");
    drop(driver);
    drop(server);
    drop(printed);

    // The screenshots of the README's pages are kept in docs/screenshots/.
    let Some(shots) = shots.0 else { return };
    let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/screenshots");
    std::fs::create_dir_all(&docs).expect("docs/screenshots");
    for shot in &shots {
        let name = shot.file_name().expect("a name");
        std::fs::copy(shot, docs.join(name)).expect("copied to docs/screenshots");
    }
}
