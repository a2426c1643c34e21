//! The record forms beyond a member's contribution, the garden page's chart, constitution and
//! commitments, and the home page's commitments and entries: each shown to whom the table
//! lets use it and refused to the others, pre-filled from the constitution in force, a refusal
//! back on its field with the values typed, a recorded entry moving the balance by exactly
//! its amount, and every name and note inert.

use rust_decimal::Decimal;

use crate::pages::{
    assert_inert, closing, given_a_garden_named_with_markup, hidden, input_value, Browser,
};
use crate::support::TestServer;

/// Every form of a garden, with the path under `/gardens/{garden}`.
const CORE_FORMS: [&str; 7] = [
    "record",
    "collection",
    "expense",
    "role",
    "reversal",
    "join",
    "leave",
];

/// The option marked selected in the select `id`.
fn selected(page: &str, id: &str) -> String {
    let start = page
        .find(&format!("<select id=\"{id}\""))
        .expect("the select");
    let end = start + page[start..].find("</select>").expect("its end");
    let marker = "\" selected>";
    let at = page[start..end].find(marker).expect("a selected option") + start;
    let value_at = page[..at].rfind("value=\"").expect("its value") + 7;
    page[value_at..at].to_string()
}

fn receipt_sequence(page: &str) -> u64 {
    let marker = "id=\"receipt-sequence\">";
    let at = page.find(marker).expect("a receipt") + marker.len();
    page[at..]
        .split('<')
        .next()
        .and_then(|s| s.parse().ok())
        .expect("a sequence")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_core_gets_every_form_a_gardener_none_but_her_commitments_and_nothing_is_written() {
    // Given a core member and a gardener of paris
    let server = TestServer::spawn().await;
    let camille = Browser::sign_in(&server, "camille").await;
    let ines = Browser::sign_in(&server, "ines").await;
    // When the core member opens paris, then every form is linked, and each opens with the
    // session's token
    let (_, paris) = camille.get("/gardens/paris").await;
    for form in CORE_FORMS.iter().chain(&["commitment", "commitment-end"]) {
        let path = format!("/gardens/paris/{form}");
        assert!(paris.contains(&format!("href=\"{path}\"")), "{path} linked");
        let (status, page) = camille.get(&path).await;
        assert_eq!(status, 200, "{path}: {page}");
        assert_eq!(hidden(&page, "csrf"), camille.csrf, "{path}");
        assert!(page.contains("<label for="), "{path}: labelled fields");
    }
    // When the gardener opens paris, then only her own commitments' forms are offered
    let (_, seen) = ines.get("/gardens/paris").await;
    let before = closing(&seen, "EUR");
    for form in CORE_FORMS {
        let path = format!("/gardens/paris/{form}");
        assert!(
            !seen.contains(&format!("href=\"{path}\"")),
            "{path} not linked"
        );
        let (status, _) = ines.get(&path).await;
        assert_eq!(status, 403, "{path}");
        // And her POST is refused before anything is read, with a good body
        let form_values = [
            ("csrf", ines.csrf.as_str()),
            ("kind", "event"),
            ("amount", "24"),
            ("currency", "EUR"),
            ("mode", "fixed"),
            ("member", "ines"),
            ("person", "ines"),
        ];
        let (status, _) = ines.post(&path, &form_values).await;
        assert_eq!(status, 403, "POST {path}");
    }
    assert!(seen.contains("href=\"/gardens/paris/commitment\""));
    // And she may not make a commitment for someone else
    let (status, _) = ines
        .post(
            "/gardens/paris/commitment",
            &[
                ("csrf", ines.csrf.as_str()),
                ("person", "lea"),
                ("commitment", "lea-by-ines"),
                ("amount", "12"),
                ("currency", "EUR"),
                ("cadence", "monthly"),
            ],
        )
        .await;
    assert_eq!(status, 403);
    let (_, after) = ines.get("/gardens/paris").await;
    assert_eq!(closing(&after, "EUR"), before, "nothing was recorded");
    // And a private garden's forms answer an outsider as a garden that does not exist
    let gaspard = Browser::sign_in(&server, "gaspard").await;
    let (_, missing) = gaspard.get("/gardens/no-such-garden/collection").await;
    for form in CORE_FORMS.iter().chain(&["commitment", "commitment-end"]) {
        let (status, page) = gaspard
            .get(&format!("/gardens/org-tisserands/{form}"))
            .await;
        assert_eq!(status, 404, "{form}");
        assert_eq!(page, missing, "{form}: byte for byte as an unknown garden");
    }
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forms_are_prefilled_from_the_constitution_in_force() {
    // Given paris, whose constitution version 2 (in force since 1 March 2026) values
    // facilitation 30 euros a month, fixed, asks 12 euros a month of new commitments, and
    // takes event collections at a fixed 12 euros
    let server = TestServer::spawn().await;
    let camille = Browser::sign_in(&server, "camille").await;
    let (_, role) = camille.get("/gardens/paris/role").await;
    assert_eq!(selected(&role, "role"), "facilitation");
    assert_eq!(input_value(&role, "amount"), "30");
    assert_eq!(input_value(&role, "currency"), "EUR");
    let (_, collection) = camille.get("/gardens/paris/collection").await;
    assert_eq!(selected(&collection, "kind"), "event");
    assert_eq!(selected(&collection, "mode"), "fixed");
    assert_eq!(input_value(&collection, "amount"), "12");
    let (_, commitment) = camille.get("/gardens/paris/commitment").await;
    assert_eq!(input_value(&commitment, "amount"), "12");
    assert_eq!(selected(&commitment, "cadence"), "monthly");
    assert_eq!(selected(&commitment, "person"), "camille");
    // And the garden page says the constitution for a reader, the earlier version too
    let (_, paris) = camille.get("/gardens/paris").await;
    for sentence in [
        "contribution au grand jardin\u{a0}: participation consciente, 40,00\u{a0}€ suggérés par mois",
        "engagement minimum des membres\u{a0}: 12,00\u{a0}€ par mois, montant fixe",
        "rôle valorisé «\u{202f}Facilitation des rencontres\u{202f}»\u{a0}: 30,00\u{a0}€ par mois, montant fixe",
        "collecte lors d’un événement\u{a0}: 12,00\u{a0}€ en une fois, montant fixe",
        "Version 2, en vigueur depuis le 01/03/2026.",
        // version 1 asked a fixed 30 euros a month of the big garden
        "contribution au grand jardin\u{a0}: 30,00\u{a0}€ par mois, montant fixe",
    ] {
        assert!(paris.contains(sentence), "{sentence} in {paris}");
    }
    // And its balance chart is drawn inline, described for screen readers, without a script
    assert!(
        paris.contains("<figure class=\"chart\" role=\"img\""),
        "{paris}"
    );
    assert!(paris.contains("<svg") && !paris.contains("<script"));
    // And its members' commitments are shown to a member, not to a gardener of elsewhere
    assert!(paris.contains("Engagements des membres"));
    let commitments = &paris[paris.find("Engagements des membres").expect("the section")..];
    assert!(
        commitments.contains("Léa Moreau") && commitments.contains("15,00\u{a0}€ par mois"),
        "Léa's 15 euros a month: {commitments}"
    );
    let gaspard = Browser::sign_in(&server, "gaspard").await;
    let (_, outside) = gaspard.get("/gardens/paris").await;
    assert!(!outside.contains("Engagements des membres"));
    assert!(
        outside.contains("Constitution"),
        "the constitution is the garden's public face"
    );
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_collection_an_expense_and_a_role_move_the_balance_by_their_amounts() {
    let server = TestServer::spawn().await;
    let camille = Browser::sign_in(&server, "camille").await;
    let (_, page) = camille.get("/gardens/paris").await;
    let before = closing(&page, "EUR");
    let csrf = camille.csrf.as_str();
    // When a collection of two event tickets (2 × 12 euros), an expense of 5,50 euros and
    // facilitation valued 30 euros are recorded
    let (status, receipt) = camille
        .post(
            "/gardens/paris/collection",
            &[
                ("csrf", csrf),
                ("kind", "event"),
                ("amount", "24"),
                ("currency", "EUR"),
                ("mode", "fixed"),
                ("note", "deux places"),
                ("key", "collect-1"),
            ],
        )
        .await;
    assert_eq!(status, 201, "{receipt}");
    assert!(receipt.contains("Collecte enregistrée") && receipt.contains("id=\"receipt-hash\""));
    let first = receipt_sequence(&receipt);
    assert_eq!(first, server.entries.head + 1);
    let (status, receipt) = camille
        .post(
            "/gardens/paris/expense",
            &[
                ("csrf", csrf),
                ("amount", "5,50"),
                ("currency", "EUR"),
                ("note", "graines"),
                ("key", "expense-1"),
            ],
        )
        .await;
    assert_eq!(status, 201, "{receipt}");
    assert_eq!(receipt_sequence(&receipt), first + 1);
    let (status, receipt) = camille
        .post(
            "/gardens/paris/role",
            &[
                ("csrf", csrf),
                ("role", "facilitation"),
                ("holder", "camille"),
                ("amount", "30"),
                ("currency", "EUR"),
                ("key", "role-1"),
            ],
        )
        .await;
    assert_eq!(status, 201, "{receipt}");
    // Then the balance moved by + 24 - 5.50 - 30 = -11.50
    let (_, page) = camille.get("/gardens/paris").await;
    assert_eq!(
        closing(&page, "EUR"),
        before + Decimal::new(-1150, 2),
        "{page}"
    );
    // When the expense is reversed with its reason, then the balance is back up by 5.50
    let expense = (first + 1).to_string();
    let (status, receipt) = camille
        .post(
            "/gardens/paris/reversal",
            &[
                ("csrf", csrf),
                ("entry", expense.as_str()),
                ("reason", "saisie en double"),
                ("key", "reverse-1"),
            ],
        )
        .await;
    assert_eq!(status, 201, "{receipt}");
    let (_, page) = camille.get("/gardens/paris").await;
    assert_eq!(closing(&page, "EUR"), before + Decimal::new(-600, 2));
    // And reversing it again is refused on the entry's field, the reason kept
    let (status, again) = camille
        .post(
            "/gardens/paris/reversal",
            &[
                ("csrf", csrf),
                ("entry", expense.as_str()),
                ("reason", "encore"),
                ("key", "reverse-2"),
            ],
        )
        .await;
    assert_eq!(status, 422, "{again}");
    assert!(again.contains("id=\"entry-error\"") && again.contains("value=\"encore\""));
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refusal_comes_back_on_its_field_with_the_values_typed() {
    let server = TestServer::spawn().await;
    let camille = Browser::sign_in(&server, "camille").await;
    let csrf = camille.csrf.as_str();
    // When the role's amount differs from the fixed 30 euros, then the rule's sentence is on
    // the amount and every value typed is kept
    let (status, page) = camille
        .post(
            "/gardens/paris/role",
            &[
                ("csrf", csrf),
                ("role", "facilitation"),
                ("holder", "lea"),
                ("amount", "31"),
                ("currency", "EUR"),
                ("period", "2026-11"),
            ],
        )
        .await;
    assert_eq!(status, 422, "{page}");
    assert!(page.contains("id=\"amount-error\""), "{page}");
    assert!(page.contains("value=\"31\"") && page.contains("value=\"2026-11\""));
    assert!(page.contains("<option value=\"lea\" selected>"));
    // When a reversal has no reason, then it is asked for on the reason
    let entry = server.entries.paris_entry.to_string();
    let (status, page) = camille
        .post(
            "/gardens/paris/reversal",
            &[("csrf", csrf), ("entry", entry.as_str()), ("reason", " ")],
        )
        .await;
    assert_eq!(status, 422, "{page}");
    assert!(page.contains("id=\"reason-error\""), "{page}");
    // When the entry is another garden's (a private one's), then it is refused in the same
    // words as an entry that does not exist
    let org = server.entries.org_entry.to_string();
    let (status, theirs) = camille
        .post(
            "/gardens/paris/reversal",
            &[("csrf", csrf), ("entry", org.as_str()), ("reason", "x")],
        )
        .await;
    assert_eq!(status, 422);
    let (_, none) = camille
        .post(
            "/gardens/paris/reversal",
            &[("csrf", csrf), ("entry", "999999"), ("reason", "x")],
        )
        .await;
    let words = |page: &str| {
        let at = page.find("id=\"entry-error\"").expect("on the entry");
        page[at..]
            .split('<')
            .next()
            .unwrap_or_default()
            .replace(&org, "N")
            .replace("999999", "N")
    };
    assert_eq!(words(&theirs), words(&none));
    // When the person who joins has a malformed id, then it is said on the id
    let (status, page) = camille
        .post(
            "/gardens/paris/join",
            &[
                ("csrf", csrf),
                ("person", "Nora Petit"),
                ("name", "Nora Petit"),
                ("role", "gardener"),
            ],
        )
        .await;
    assert_eq!(status, 422);
    assert!(page.contains("id=\"person-error\"") && page.contains("value=\"Nora Petit\""));
    // When a commitment ends before it begins, then it is said on its last day
    let (status, page) = camille
        .post(
            "/gardens/paris/commitment",
            &[
                ("csrf", csrf),
                ("person", "camille"),
                ("commitment", "camille-short"),
                ("amount", "12"),
                ("currency", "EUR"),
                ("cadence", "monthly"),
                ("from", "01/11/2026"),
                ("until", "01/10/2026"),
            ],
        )
        .await;
    assert_eq!(status, 422, "{page}");
    assert!(page.contains("id=\"until-error\""), "{page}");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn members_join_and_leave_and_a_gardener_makes_and_ends_her_commitment() {
    let server = TestServer::spawn().await;
    let camille = Browser::sign_in(&server, "camille").await;
    let csrf = camille.csrf.as_str();
    // When the core welcomes Nora, then she is among the members
    let (status, receipt) = camille
        .post(
            "/gardens/paris/join",
            &[
                ("csrf", csrf),
                ("person", "nora"),
                ("name", "Nora Petit"),
                ("role", "gardener"),
                ("key", "join-nora"),
            ],
        )
        .await;
    assert_eq!(status, 201, "{receipt}");
    let (_, paris) = camille.get("/gardens/paris").await;
    assert!(paris.contains("Nora Petit (nora)"), "{paris}");
    // When she leaves, then she is no longer listed
    let (status, receipt) = camille
        .post(
            "/gardens/paris/leave",
            &[("csrf", csrf), ("person", "nora"), ("key", "leave-nora")],
        )
        .await;
    assert_eq!(status, 201, "{receipt}");
    let left = receipt_sequence(&receipt);
    let (_, log) = camille.get("/log?garden=paris&kind=MemberLeft").await;
    assert!(
        log.contains(&format!("<td class=\"num\">{left}</td>")),
        "the departure is in the log: {log}"
    );
    // When a gardener commits herself to 12 euros a month, then her home shows it
    let ines = Browser::sign_in(&server, "ines").await;
    let (_, form) = ines.get("/gardens/paris/commitment").await;
    let key = hidden(&form, "key");
    let (status, receipt) = ines
        .post(
            "/gardens/paris/commitment",
            &[
                ("csrf", ines.csrf.as_str()),
                ("person", "ines"),
                ("commitment", "ines-paris-web"),
                ("amount", "12"),
                ("currency", "EUR"),
                ("cadence", "monthly"),
                ("key", key.as_str()),
            ],
        )
        .await;
    assert_eq!(status, 201, "{receipt}");
    let (_, home) = ines.get("/").await;
    assert!(home.contains("Mes engagements"), "{home}");
    assert!(home.contains("12,00\u{a0}€ par mois"), "{home}");
    assert!(home.contains("Mes dernières écritures"));
    // And she may end it, and nobody else's
    let (_, end) = ines.get("/gardens/paris/commitment-end").await;
    assert!(end.contains("value=\"ines-paris-web\""), "{end}");
    assert!(
        !end.contains("value=\"lea-paris\""),
        "another's commitment is not offered"
    );
    let (status, receipt) = ines
        .post(
            "/gardens/paris/commitment-end",
            &[
                ("csrf", ines.csrf.as_str()),
                ("commitment", "ines-paris-web"),
                ("until", "31/12/2026"),
                ("key", "end-1"),
            ],
        )
        .await;
    assert_eq!(status, 201, "{receipt}");
    let (status, _) = ines
        .post(
            "/gardens/paris/commitment-end",
            &[
                ("csrf", ines.csrf.as_str()),
                ("commitment", "lea-paris"),
                ("until", "31/12/2026"),
            ],
        )
        .await;
    assert_eq!(status, 403);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn names_and_notes_holding_markup_render_inert_on_the_new_pages() {
    // Given a garden, a person and notes holding a script, an attribute and a javascript: URL
    let server = TestServer::spawn().await;
    let payload = given_a_garden_named_with_markup(&server).await;
    let margaux = Browser::sign_in(&server, "margaux").await;
    let csrf = margaux.csrf.as_str();
    for (path, values) in [
        (
            "/gardens/xss/record",
            vec![
                ("member", "xss-person"),
                ("amount", "30"),
                ("mode", "conscious"),
            ],
        ),
        (
            "/gardens/xss/collection",
            vec![("kind", "event"), ("amount", "3"), ("mode", "conscious")],
        ),
        ("/gardens/xss/expense", vec![("amount", "1")]),
    ] {
        let mut form = vec![
            ("csrf", csrf),
            ("currency", "EUR"),
            ("note", payload),
            ("key", path),
        ];
        form.extend(values);
        let (status, receipt) = margaux.post(path, &form).await;
        assert_eq!(status, 201, "{path}: {receipt}");
    }
    let (status, _) = margaux
        .post(
            "/gardens/xss/commitment",
            &[
                ("csrf", csrf),
                ("person", "xss-person"),
                ("commitment", "xss-commitment"),
                ("amount", "2"),
                ("currency", "EUR"),
                ("cadence", "monthly"),
                ("key", "xss-commit"),
            ],
        )
        .await;
    assert_eq!(status, 201);
    // When each new page they appear on is rendered, then none holds the markup as markup
    for path in [
        "/",
        "/gardens/xss",
        "/gardens/xss/collection",
        "/gardens/xss/role",
        "/gardens/xss/leave",
        "/gardens/xss/commitment-end",
        "/log",
        "/log?garden=xss",
    ] {
        let (status, page) = margaux.get(path).await;
        assert_eq!(status, 200, "{path}");
        assert_inert(path, &page);
    }
    // And a refused form keeps the typed markup inert
    let (status, page) = margaux
        .post(
            "/gardens/xss/join",
            &[("csrf", csrf), ("person", payload), ("name", payload)],
        )
        .await;
    assert_eq!(status, 422);
    assert!(!page.contains("<script") && !page.contains("\"onload="));
    server.stop().await;
}
