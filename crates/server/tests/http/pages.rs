//! The pages, as a signed-in person's browser gets them: each renders for the right person, a
//! private garden is 404 to others, the form is refused to those who may not record, a
//! refusal comes back on its field with the values typed, a contribution recorded changes the
//! garden's balance by its amount, and names and notes holding markup render inert.

use rust_decimal::Decimal;

use crate::support::TestServer;

/// A signed-in person's requests: the session cookie, our origin, and the CSRF token.
pub struct Browser<'a> {
    pub server: &'a TestServer,
    pub cookie: String,
    pub csrf: String,
}

impl<'a> Browser<'a> {
    pub async fn sign_in(server: &'a TestServer, person: &str) -> Browser<'a> {
        let (cookie, csrf) = server.sign_in_as(person).await;
        Browser {
            server,
            cookie,
            csrf,
        }
    }

    pub async fn get(&self, path: &str) -> (u16, String) {
        let response = self
            .server
            .client()
            .get(self.server.url(path))
            .header("cookie", &self.cookie)
            .send()
            .await
            .expect("an answer");
        let status = response.status().as_u16();
        (status, response.text().await.expect("a body"))
    }

    pub async fn post(&self, path: &str, form: &[(&str, &str)]) -> (u16, String) {
        let response = self
            .server
            .client()
            .post(self.server.url(path))
            .header("cookie", &self.cookie)
            .header("origin", &self.server.origin)
            .form(form)
            .send()
            .await
            .expect("an answer");
        let status = response.status().as_u16();
        (status, response.text().await.expect("a body"))
    }
}

/// The value of the hidden input `name` in a page.
pub fn hidden(page: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = page.find(&marker).expect("the hidden input") + marker.len();
    page[start..]
        .split('"')
        .next()
        .expect("a value")
        .to_string()
}

/// The value of the input `id` in a page.
pub fn input_value(page: &str, id: &str) -> String {
    let marker = format!("id=\"{id}\" name=\"{id}\" value=\"");
    let start = page.find(&marker).expect("the input") + marker.len();
    page[start..]
        .split('"')
        .next()
        .expect("a value")
        .to_string()
}

/// The closing balance of `currency` on a garden page, read as a number: `1 234,50 €`.
pub fn closing(page: &str, currency: &str) -> Decimal {
    let table = format!("data-currency=\"{currency}\"");
    let start = page.find(&table).expect("the currency's table");
    let cell = "class=\"num closing\">";
    let at = page[start..].find(cell).expect("the closing cell") + start + cell.len();
    let text = page[at..].split('<').next().expect("the amount");
    let digits: String = text
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == ',' || *c == '-')
        .collect();
    digits.replace(',', ".").parse().expect("a number")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_page_renders_for_the_people_who_may_see_it_in_french_by_default() {
    // Given a gardener of paris signed in, with no language chosen
    let server = TestServer::spawn().await;
    let ines = Browser::sign_in(&server, "ines").await;
    // When she opens her home, paris, and the audit, then each is a French page of the catalog
    let (status, home) = ines.get("/").await;
    assert_eq!(status, 200, "{home}");
    assert!(home.contains("<html lang=\"fr\">"), "{home}");
    assert!(home.contains("Mes jardins") && home.contains("href=\"/gardens/paris\""));
    assert!(home.contains("href=\"/static/style.css\""));
    let (status, paris) = ines.get("/gardens/paris").await;
    assert_eq!(status, 200, "{paris}");
    for words in [
        "Solde d’ouverture",
        "Solde de clôture",
        "Dernières écritures",
        "Membres",
    ] {
        assert!(paris.contains(words), "{words} in {paris}");
    }
    // And the entries show their 64-hex-digit hash
    let hash_cell = "<td class=\"hash\"><code>";
    let at = paris.find(hash_cell).expect("an entry's hash") + hash_cell.len();
    let hash: String = paris[at..].chars().take_while(|c| *c != '<').collect();
    assert_eq!(hash.len(), 64, "{hash}");
    assert!(hash.chars().all(|c| c.is_ascii_hexdigit()));
    let (status, audit) = ines.get("/audit").await;
    assert_eq!(status, 200, "{audit}");
    assert!(
        audit.contains("Audit des flux vers le grand jardin") && audit.contains("id=\"head-hash\"")
    );
    // And a gardener who is not of paris sees its balance but not its books
    let gaspard = Browser::sign_in(&server, "gaspard").await;
    let (status, seen) = gaspard.get("/gardens/paris").await;
    assert_eq!(status, 200);
    assert!(seen.contains("Solde de clôture"));
    assert!(!seen.contains("Dernières écritures") && !seen.contains("<h2>Membres</h2>"));
    // And the sign-in page speaks French too, English when the browser prefers it
    let (status, sign_in) = server_get(&server, "/sign-in", None).await;
    assert_eq!(status, 200);
    assert!(sign_in.contains("<h1>Connexion</h1>") && sign_in.contains("Se connecter"));
    let (_, english) = server_get(&server, "/sign-in", Some("en-GB,en;q=0.9,fr;q=0.5")).await;
    assert!(english.contains("<html lang=\"en\">") && english.contains("<h1>Sign in</h1>"));
    server.stop().await;
}

async fn server_get(server: &TestServer, path: &str, accept: Option<&str>) -> (u16, String) {
    let mut request = server.client().get(server.url(path));
    if let Some(accept) = accept {
        request = request.header("accept-language", accept);
    }
    let response = request.send().await.expect("an answer");
    let status = response.status().as_u16();
    (status, response.text().await.expect("a body"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_private_gardens_pages_are_404_to_outsiders_and_open_to_its_members() {
    let server = TestServer::spawn().await;
    let outsider = Browser::sign_in(&server, "gaspard").await;
    let member = Browser::sign_in(&server, "anais").await;
    let (status, missing) = outsider.get("/gardens/no-such-garden").await;
    assert_eq!(status, 404);
    // Then the private garden answers an outsider exactly as a garden that does not exist
    let (status, private) = outsider.get("/gardens/org-tisserands").await;
    assert_eq!(status, 404);
    assert_eq!(private, missing);
    let (status, _) = outsider.get("/gardens/org-tisserands/record").await;
    assert_eq!(status, 404);
    // And its home does not list it
    let (_, home) = outsider.get("/").await;
    assert!(!home.contains("org-tisserands"), "{home}");
    let (status, page) = member.get("/gardens/org-tisserands").await;
    assert_eq!(status, 200);
    assert!(page.contains("Dernières écritures"));
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_form_is_refused_to_those_who_may_not_record_and_nothing_is_written() {
    let server = TestServer::spawn().await;
    let ines = Browser::sign_in(&server, "ines").await;
    let (status, _) = ines.get("/gardens/paris/record").await;
    assert_eq!(status, 403);
    // And the garden page offers her no form
    let (_, paris) = ines.get("/gardens/paris").await;
    assert!(!paris.contains("/gardens/paris/record"));
    let before = closing(&paris, "EUR");
    let form = [
        ("csrf", ines.csrf.as_str()),
        ("member", "ines"),
        ("amount", "10"),
        ("currency", "EUR"),
        ("mode", "conscious"),
        ("key", "ines-tries"),
    ];
    let (status, _) = ines.post("/gardens/paris/record", &form).await;
    assert_eq!(status, 403);
    // And a core member's post without the session's token, or from another origin, is refused
    let camille = Browser::sign_in(&server, "camille").await;
    let no_token = [
        ("member", "lea"),
        ("amount", "10"),
        ("currency", "EUR"),
        ("mode", "conscious"),
    ];
    let (status, _) = camille.post("/gardens/paris/record", &no_token).await;
    assert_eq!(status, 403);
    let foreign = server
        .client()
        .post(server.url("/gardens/paris/record"))
        .header("cookie", &camille.cookie)
        .header("origin", "https://evil.example")
        .form(&[
            ("csrf", camille.csrf.as_str()),
            ("member", "lea"),
            ("amount", "10"),
        ])
        .send()
        .await
        .expect("an answer");
    assert_eq!(foreign.status().as_u16(), 403);
    let (_, after) = ines.get("/gardens/paris").await;
    assert_eq!(closing(&after, "EUR"), before, "nothing was recorded");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refusal_comes_back_on_its_field_and_a_contribution_changes_the_balance_by_its_amount() {
    let server = TestServer::spawn().await;
    let camille = Browser::sign_in(&server, "camille").await;
    let (status, form) = camille.get("/gardens/paris/record").await;
    assert_eq!(status, 200, "{form}");
    assert_eq!(
        hidden(&form, "csrf"),
        camille.csrf,
        "the form carries the CSRF token"
    );
    let (_, page) = camille.get("/gardens/paris").await;
    let before = closing(&page, "EUR");
    // When the amount typed is not an amount, then the form comes back with it kept and the
    // catalog's sentence on the amount
    let typed = [
        ("csrf", camille.csrf.as_str()),
        ("member", "lea"),
        ("amount", "douze"),
        ("currency", "EUR"),
        ("mode", "conscious"),
        ("note", "pour la grainothèque"),
        ("key", "first-try"),
    ];
    let (status, again) = camille.post("/gardens/paris/record", &typed).await;
    assert_eq!(status, 422, "{again}");
    assert!(again.contains("id=\"amount-error\""), "{again}");
    assert!(again.contains("value=\"douze\"") && again.contains("value=\"pour la grainothèque\""));
    // When a rule refuses (a date after today), then its sentence is on the date
    let future = [
        ("csrf", camille.csrf.as_str()),
        ("member", "lea"),
        ("amount", "12,34"),
        ("currency", "EUR"),
        ("mode", "conscious"),
        ("on", "01/01/2099"),
        ("key", "second-try"),
    ];
    let (status, again) = camille.post("/gardens/paris/record", &future).await;
    assert_eq!(status, 422, "{again}");
    assert!(again.contains("id=\"on-error\""), "{again}");
    assert!(again.contains("value=\"01/01/2099\"") && again.contains("value=\"12,34\""));
    // When the contribution is what the constitution in force asks of a member who holds no
    // commitment (the form is pre-filled with it: paris asks a fixed amount in euros; lea, who
    // committed 15, owes her commitment's amount instead), then the receipt names its sequence
    // and hash
    let amount = input_value(&form, "amount");
    assert!(form.contains("<option value=\"fixed\" selected>"), "{form}");
    assert_eq!(input_value(&form, "currency"), "EUR");
    let good = [
        ("csrf", camille.csrf.as_str()),
        ("member", "ines"),
        ("amount", amount.as_str()),
        ("currency", "EUR"),
        ("mode", "fixed"),
        ("key", "third-try"),
    ];
    let (status, receipt) = camille.post("/gardens/paris/record", &good).await;
    assert_eq!(status, 201, "{receipt}");
    let sequence_at = receipt
        .find("id=\"receipt-sequence\">")
        .expect("a sequence")
        + 22;
    let sequence: u64 = receipt[sequence_at..]
        .split('<')
        .next()
        .and_then(|s| s.parse().ok())
        .expect("a number");
    assert_eq!(sequence, server.entries.head + 1);
    assert!(receipt.contains("id=\"receipt-hash\""));
    // And the same form sent twice records once
    let (status, replay) = camille.post("/gardens/paris/record", &good).await;
    assert_eq!(status, 201);
    assert!(replay.contains(&format!("id=\"receipt-sequence\">{sequence}<")));
    // And paris's balance moved by exactly the amount typed
    let typed: Decimal = amount.replace(',', ".").parse().expect("a number");
    assert!(typed > Decimal::ZERO);
    let (_, page) = camille.get("/gardens/paris").await;
    assert_eq!(closing(&page, "EUR"), before + typed);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn names_and_notes_holding_markup_render_inert_on_every_page() {
    // Given a garden, a person and a note holding a script, an attribute and a javascript: URL
    let server = TestServer::spawn().await;
    let payload = given_a_garden_named_with_markup(&server).await;
    let margaux = Browser::sign_in(&server, "margaux").await;
    let note = [
        ("csrf", margaux.csrf.as_str()),
        ("member", "xss-person"),
        ("amount", "3"),
        ("currency", "EUR"),
        ("mode", "conscious"),
        ("note", payload),
        ("key", "xss-note"),
    ];
    let (status, receipt) = margaux.post("/gardens/xss/record", &note).await;
    assert_eq!(status, 201, "{receipt}");
    // When each page they appear on is rendered, then none holds the markup as markup
    for path in ["/", "/gardens/xss", "/gardens/xss/record", "/audit"] {
        let (status, page) = margaux.get(path).await;
        assert_eq!(status, 200, "{path}");
        assert_inert(path, &page);
    }
    // And the refused form keeps the typed markup inert too
    let refused = [
        ("csrf", margaux.csrf.as_str()),
        ("member", "xss-person"),
        ("amount", payload),
        ("currency", "EUR"),
        ("mode", "conscious"),
        ("note", payload),
    ];
    let (status, page) = margaux.post("/gardens/xss/record", &refused).await;
    assert_eq!(status, 422);
    assert!(!page.contains("<script") && !page.contains("\"onload="));
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_language_switch_is_remembered_and_goes_back_to_local_pages_only() {
    let server = TestServer::spawn().await;
    let ines = Browser::sign_in(&server, "ines").await;
    // When she switches to English from paris's page
    let response = server
        .client()
        .get(server.url("/lang/en?next=/gardens/paris"))
        .send()
        .await
        .expect("an answer");
    assert_eq!(response.status().as_u16(), 303);
    assert_eq!(response.headers()["location"], "/gardens/paris");
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .expect("ascii")
        .to_string();
    let lang = cookie.split(';').next().expect("name=value").to_string();
    assert_eq!(lang, "jardins-lang=en");
    // Then the page speaks English, whatever the browser prefers
    let page = server
        .client()
        .get(server.url("/gardens/paris"))
        .header("cookie", format!("{}; {lang}", ines.cookie))
        .header("accept-language", "fr-FR,fr")
        .send()
        .await
        .expect("an answer")
        .text()
        .await
        .expect("a body");
    assert!(
        page.contains("<html lang=\"en\">") && page.contains("Closing balance"),
        "{page}"
    );
    // And a switch never sends anyone to another site
    for next in [
        "//evil.example/",
        "https://evil.example/",
        "/\\evil.example",
    ] {
        let response = server
            .client()
            .get(server.url(&format!("/lang/fr?next={next}")))
            .send()
            .await
            .expect("an answer");
        assert_eq!(response.headers()["location"], "/", "{next}");
    }
    // And signing out from the page ends the session
    let (status, _) = ines
        .post("/sign-out", &[("csrf", ines.csrf.as_str())])
        .await;
    assert_eq!(status, 303);
    let (status, _) = ines.get("/").await;
    assert_eq!(status, 303, "the session is over");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_a_session_a_page_sends_to_sign_in_and_back_to_local_pages_only() {
    let server = TestServer::spawn().await;
    // When nobody is signed in, then a page sends to the sign-in page, naming itself
    let response = server
        .client()
        .get(server.url("/gardens/paris"))
        .send()
        .await
        .expect("an answer");
    assert_eq!(response.status().as_u16(), 303);
    assert_eq!(
        response.headers()["location"],
        "/sign-in?next=/gardens/paris"
    );
    // When she signs in from the form, then she is back on that page; another site never
    for (next, expected) in [
        ("/gardens/paris", "/gardens/paris"),
        ("//evil.example/", "/"),
    ] {
        let response = server
            .client()
            .post(server.url("/sign-in"))
            .header("origin", &server.origin)
            .form(&[
                ("person", "ines"),
                ("password", crate::support::PASSWORD),
                ("next", next),
            ])
            .send()
            .await
            .expect("an answer");
        assert_eq!(response.status().as_u16(), 303, "{next}");
        assert_eq!(response.headers()["location"], expected, "{next}");
        let cookie = response.headers()["set-cookie"].to_str().expect("ascii");
        assert!(cookie.starts_with("__Host-jardins=") && cookie.contains("Secure"));
    }
    // And a wrong password is said in French on the page, with nothing set
    let response = server
        .client()
        .post(server.url("/sign-in"))
        .header("origin", &server.origin)
        .form(&[("person", "ines"), ("password", "pas le bon mot de passe")])
        .send()
        .await
        .expect("an answer");
    assert_eq!(response.status().as_u16(), 401);
    assert!(response.headers().get("set-cookie").is_none());
    let body = response.text().await.expect("a body");
    assert!(
        body.contains("Identifiant ou mot de passe incorrect"),
        "{body}"
    );
    server.stop().await;
}

/// The audit page with `text` pasted in its checkpoint form (a GET form: the text is in the
/// query).
fn audit_checking(text: &str) -> String {
    let mut url = reqwest::Url::parse("http://localhost/audit").expect("a URL");
    url.query_pairs_mut().append_pair("checkpoint", text);
    format!("{}?{}", url.path(), url.query().expect("a query"))
}

/// The five lines of `jardins checkpoint` (written here from its documented form), each ended
/// by CRLF as a browser sends a text area's lines.
fn checkpoint_statement(ledger: &str, sequence: u64, hash: &str) -> String {
    format!(
        "jardins checkpoint 1\r\nledger {ledger}\r\ndate 2026-11-30T12:00:00Z\r\nentry {sequence}\r\nhash {hash}\r\n"
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_audit_page_checks_a_pasted_checkpoint_statement_against_the_chain() {
    // Given the demo ledger, its identity and head as the setup read them, and a gardener
    let server = TestServer::spawn().await;
    let e = server.entries.clone();
    let ines = Browser::sign_in(&server, "ines").await;
    // When the audit page is opened, then it has the checkpoint form and says how signatures
    // are checked
    let (status, audit) = ines.get("/audit").await;
    assert_eq!(status, 200, "{audit}");
    assert!(
        audit.contains("<form method=\"get\" action=\"/audit\""),
        "{audit}"
    );
    assert!(audit.contains("<textarea id=\"checkpoint-text\" name=\"checkpoint\""));
    assert!(audit.contains("<label for=\"checkpoint-text\">"));
    assert!(
        audit.contains("jardins verify --checkpoint FICHIER --allowed-signers FICHIER"),
        "{audit}"
    );
    assert!(!audit.contains("id=\"checkpoint-result\""));

    // When she pastes the statement of this ledger's head, then it holds
    let ours = checkpoint_statement(&e.first_hash, e.head, &e.head_hash);
    let (status, page) = ines.get(&audit_checking(&ours)).await;
    assert_eq!(status, 200, "{page}");
    assert!(
        page.contains("id=\"checkpoint-result\" data-holds=\"true\""),
        "{page}"
    );
    assert!(
        page.contains(&format!(
            "Ce registre prolonge ce point de contrôle\u{A0}: il tient l’écriture {}",
            e.head
        )),
        "{page}"
    );
    assert!(page.contains(&e.head_hash));
    // And pasted as a terminal shows it (indented, no newline at the end), it still holds
    let indented: String = ours.lines().map(|l| format!("  {l}  \n")).collect();
    let (_, page) = ines.get(&audit_checking(indented.trim_end())).await;
    assert!(page.contains("data-holds=\"true\""), "{page}");

    // When the statement's hash is edited, then the ledger differs, and a gardener is not told
    // what differs
    let other = "0".repeat(64);
    let edited = checkpoint_statement(&e.first_hash, e.head, &other);
    let (status, page) = ines.get(&audit_checking(&edited)).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("data-holds=\"false\""), "{page}");
    assert!(
        page.contains(&format!(
            "Ce registre ne prolonge pas ce point de contrôle\u{A0}: l’écriture {} n’y a pas l’empreinte déclarée",
            e.head
        )),
        "{page}"
    );
    assert!(!page.contains("Ce qui diffère"), "{page}");
    // And a steward is told: the entry's hash in the ledger, and the one stated
    let margaux = Browser::sign_in(&server, "margaux").await;
    let (_, page) = margaux.get(&audit_checking(&edited)).await;
    let at = page.find("Ce qui diffère").expect("a steward's detail");
    let detail = &page[at..at + 400.min(page.len() - at)];
    assert!(
        detail.contains(&e.head_hash) && detail.contains(&other),
        "{detail}"
    );

    // When the statement names another ledger, then the page says so, with both identities
    let theirs = checkpoint_statement(&"a".repeat(64), e.head, &e.head_hash);
    let (status, page) = ines.get(&audit_checking(&theirs)).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("data-holds=\"false\""), "{page}");
    assert!(
        page.contains(&format!(
            "Ce point de contrôle est celui d’un autre registre\u{A0}: il nomme le registre {}, et celui-ci est le registre {}.",
            "a".repeat(64),
            e.first_hash
        )),
        "{page}"
    );

    // When the text is not a statement, then the field says so, keeps the text, and nothing
    // else is said
    for garbage in [
        "bonjour".to_string(),
        ours.replace("entry", "écriture"),
        ours.replace(&e.head_hash, "5c9d"),
    ] {
        let (status, page) = ines.get(&audit_checking(&garbage)).await;
        assert_eq!(status, 422, "{page}");
        assert!(
            page.contains("aria-invalid=\"true\" aria-describedby=\"checkpoint-error\""),
            "{page}"
        );
        assert!(
            page.contains("<p class=\"error\" id=\"checkpoint-error\" role=\"alert\">Ce texte n’est pas une déclaration de point de contrôle\u{A0}: collez les cinq lignes"),
            "{page}"
        );
        assert!(page.contains(garbage.lines().next().expect("a line")));
        assert!(!page.contains("id=\"checkpoint-result\""));
    }
    let (status, page) = ines.get(&audit_checking(&"x".repeat(2000))).await;
    assert_eq!(status, 422);
    assert!(page.contains("Ce texte dépasse 1024 octets"), "{page}");

    // When markup is pasted, alone or inside a statement's lines, then it is shown inert
    for pasted in [MARKUP.to_string(), ours.replace(&e.head_hash, MARKUP)] {
        let (status, page) = ines.get(&audit_checking(&pasted)).await;
        assert_eq!(status, 422, "{page}");
        assert_inert("/audit?checkpoint=", &page);
        // (the pasted text stays inside its text area: one closing tag, the page's own)
        assert_eq!(page.matches("</textarea>").count(), 1, "{page}");
    }

    // And in English the same check speaks English
    let english = Browser {
        server: &server,
        cookie: format!("{}; jardins-lang=en", ines.cookie),
        csrf: ines.csrf.clone(),
    };
    let (_, page) = english.get(&audit_checking(&ours)).await;
    assert!(page.contains("<html lang=\"en\">"), "{page}");
    assert!(
        page.contains(&format!(
            "This ledger extends this checkpoint: it holds entry {} with the stated hash",
            e.head
        )),
        "{page}"
    );
    assert!(page.contains("jardins verify --checkpoint FILE --allowed-signers FILE"));
    server.stop().await;
}

/// A name and a note that would run if they were not escaped.
pub const MARKUP: &str = "<script>alert(1)</script>\"onload=alert(1) javascript:alert(1)";

/// Given a garden `xss` (of margaux, a steward, and `xss-person`) whose name, territory and
/// second person's name are `MARKUP`.
pub async fn given_a_garden_named_with_markup(server: &TestServer) -> &'static str {
    let payload = MARKUP;
    let steward = server.tokens.get("steward").expect("a token").clone();
    let open = serde_json::json!({
        "garden": "xss", "name": payload, "kind": "local", "of": payload,
        "core": [{"person": "margaux", "name": "Margaux"},
                 {"person": "xss-person", "name": payload}],
    });
    let response = server
        .client()
        .post(server.url("/api/v1/gardens"))
        .bearer_auth(&steward)
        .header("idempotency-key", "open-xss")
        .json(&open)
        .send()
        .await
        .expect("an answer");
    assert_eq!(
        response.status().as_u16(),
        201,
        "{}",
        response.text().await.unwrap_or_default()
    );
    payload
}

/// The page shows `MARKUP` as text, and holds no script, no attribute broken out of, and no
/// `javascript:` link.
pub fn assert_inert(path: &str, page: &str) {
    assert!(
        page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{path} shows the text"
    );
    assert!(!page.contains("<script"), "{path}: a script element");
    assert!(
        !page.contains("\"onload="),
        "{path}: an attribute broken out of"
    );
    assert!(
        !page.contains("href=\"javascript:"),
        "{path}: a javascript: link"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_audit_page_shows_each_period_and_links_each_payment_to_its_entry() {
    // Given the demo: Jardin Clown & gouvernance partagée opened on 2025-09-15 under v1, which
    // asks the big garden 100 EUR a year (fixed); it paid 100 EUR for 2025 on 2025-12-15 and
    // nothing for 2026.
    let server = TestServer::spawn().await;
    let ines = Browser::sign_in(&server, "ines").await;
    // When the audit up to 2026-03-31 is opened
    let (status, audit) = ines.get("/audit?to=2026-03-31").await;
    assert_eq!(status, 200, "{audit}");
    // Then its table of periods has the garden's two yearly periods: 2025, from its opening
    // month, due 100, paid 100, settled; 2026, not over on 2026-03-31, due 100 and unpaid.
    let periods = &audit[audit.find("id=\"audit-periods\"").expect("the periods")..];
    let periods = &periods[..periods.find("</table>").expect("its end")];
    let rows: Vec<&str> = periods
        .split("<tr>")
        .filter(|row| row.contains("Jardin Clown &amp; gouvernance partagée"))
        .collect();
    assert_eq!(rows.len(), 2, "{periods}");
    let hundred = "100,00\u{a0}€";
    assert!(rows[0].contains("<td>2025-09..2025-12</td>"), "{}", rows[0]);
    assert_eq!(
        rows[0].matches(hundred).count(),
        3,
        "rule, due, paid: {}",
        rows[0]
    );
    assert!(rows[0].contains("à jour"), "{}", rows[0]);
    assert!(
        rows[1].contains("2026") && rows[1].contains("ouverte"),
        "{}",
        rows[1]
    );
    assert!(
        rows[1].contains("<td class=\"num\">0,00\u{a0}€</td>"),
        "unpaid: {}",
        rows[1]
    );
    // And a conscious period is not "settled": Grenoble's v1 suggests 15 EUR a month to the big
    // garden (nothing fixed), so its December 2025 asks nothing
    let december = periods
        .split("<tr>")
        .find(|row| {
            row.contains("Jardin de Grenoble")
                && row.contains("<td>2025-12</td>")
                && row.contains("15,00\u{a0}€")
        })
        .expect("Grenoble's December 2025");
    assert!(december.contains("rien de dû"), "{december}");
    assert!(!december.contains("à jour"), "{december}");
    // And the 2025 payment links to its row in the log of its day
    let link = "href=\"/log?from=2025-12-15&amp;to=2025-12-15#entry-";
    let at = audit.find(link).expect("the payment's link") + link.len();
    let sequence: String = audit[at..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    assert!(!sequence.is_empty(), "{}", &audit[at..at + 40]);
    let (status, log) = ines.get("/log?from=2025-12-15&to=2025-12-15").await;
    assert_eq!(status, 200, "{log}");
    let row = &log[log
        .find(&format!("<tr id=\"entry-{sequence}\">"))
        .expect("the entry's row")..];
    let row = &row[..row.find("</tr>").expect("its end")];
    assert!(row.contains(hundred), "{row}");
}
