//! The access tree beside the log, and the group append the server's writer uses.

mod common;

use chrono::Duration;
use common::{ledger_with, now, scenario};
use jardins_ledger::{Account, Command, CommandKind, PersonId};
use jardins_store::access::Change;
use jardins_store::{AppendError, Ledger};

fn person(id: &str) -> PersonId {
    id.parse().expect("a person id")
}

fn pay_big_garden(garden: u64, amount: &str) -> Command {
    Command {
        on: scenario::day("2025-06-01"),
        kind: CommandKind::PayContribution {
            from: scenario::garden_account(garden),
            to: Account::BigGarden,
            amount: scenario::amount(amount),
            currency: scenario::eur(),
            mode: jardins_ledger::Mode::Fixed,
            pays_for: jardins_ledger::PaysFor::OneOff,
            note: scenario::text("contribution"),
        },
    }
}

fn given_a_scenario_ledger() -> (tempfile::TempDir, Ledger) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let ledger = ledger_with(&dir.path().join("ledger"), scenario::setup_len());
    (dir, ledger)
}

#[test]
fn given_a_group_with_a_refused_command_then_the_others_are_written_with_their_receipts() {
    let (_dir, ledger) = given_a_scenario_ledger();
    let before = ledger.head();
    let unknown_garden = Command {
        on: scenario::day("2025-06-01"),
        kind: CommandKind::PayContribution {
            from: Account::Garden("no-such-garden".parse().expect("an id")),
            to: Account::BigGarden,
            amount: scenario::amount("5"),
            currency: scenario::eur(),
            mode: jardins_ledger::Mode::Fixed,
            pays_for: jardins_ledger::PaysFor::OneOff,
            note: scenario::text("contribution"),
        },
    };
    let group = vec![
        (pay_big_garden(0, "10"), Some("k-1".to_string())),
        (unknown_garden, None),
        (pay_big_garden(0, "20"), Some("k-1".to_string())),
        (pay_big_garden(0, "30"), None),
    ];

    let outcomes = ledger
        .append_each(&group, now())
        .expect("the group is written");

    assert_eq!(outcomes.len(), 4);
    let first = outcomes[0].as_ref().expect("the first is accepted");
    assert_eq!(first.sequence, before.sequence + 1);
    assert!(matches!(outcomes[1], Err(AppendError::Refused(_))));
    // The same key with another command, within the same group, is refused, not obeyed.
    assert!(matches!(outcomes[2], Err(AppendError::KeyReused { .. })));
    let last = outcomes[3].as_ref().expect("the last is accepted");
    assert_eq!(last.sequence, before.sequence + 2);
    assert_eq!(ledger.head().sequence, before.sequence + 2);
    assert_eq!(ledger.head().hash, last.hash);
    ledger.verify(&mut |_, _| {}).expect("the log verifies");
}

#[test]
fn given_access_changes_then_the_journal_keeps_each_and_the_digest_ignores_them() {
    let (_dir, ledger) = given_a_scenario_ledger();
    let digest = ledger.digest().expect("a digest");
    let access = ledger.access().expect("the access tree");
    let ada = person("ada");
    let keeper = person("keeper");

    access
        .invite(&ada, "secret-link", now() + Duration::days(7), None, now())
        .expect("invited");
    assert_eq!(
        access.invitation("secret-link", now()).expect("read"),
        Some(ada.clone())
    );
    assert_eq!(
        access
            .invitation("secret-link", now() + Duration::days(8))
            .expect("read"),
        None,
        "an invitation expires"
    );
    let set = access
        .redeem_invitation("secret-link", "$argon2id$v=19$m=19456,t=2,p=1$x$y", now())
        .expect("redeemed");
    assert_eq!(set, Some(ada.clone()));
    assert_eq!(
        access
            .redeem_invitation("secret-link", "$argon2id$other", now())
            .expect("read"),
        None,
        "an invitation is used once"
    );
    assert!(access
        .set_steward(&ada, true, Some(&keeper), now())
        .expect("steward"));
    assert!(!access
        .set_steward(&ada, true, Some(&keeper), now())
        .expect("again"));
    access
        .start_session("s3cret", &ada, "csrf", now())
        .expect("a session");
    let token = access
        .issue_token(&ada, "tok3n", None, now())
        .expect("a token");
    assert!(access.disable(&ada, None, now()).expect("disabled"));

    assert_eq!(
        access.session("s3cret").expect("read"),
        None,
        "disable ends sessions"
    );
    assert!(
        access
            .account(&ada)
            .expect("read")
            .expect("an account")
            .disabled
    );
    assert!(access
        .revoke_token(&token.id, None, now())
        .expect("revoked"));
    assert!(access.token("tok3n").expect("read").expect("kept").revoked);
    let changes: Vec<&str> = access
        .journal(1)
        .expect("the journal")
        .iter()
        .map(|e| e.change.name())
        .collect();
    assert_eq!(
        changes,
        [
            "invited",
            "password_set",
            "steward_added",
            "token_issued",
            "disabled",
            "token_revoked"
        ]
    );
    assert_eq!(access.journal(1).expect("read")[2].by, Some(keeper));
    assert_eq!(
        ledger.digest().expect("a digest"),
        digest,
        "access data is not in the digest"
    );
    let mut exported = Vec::new();
    ledger
        .export_jsonl(&mut exported, &mut |_, _| {})
        .expect("an export");
    let exported = String::from_utf8(exported).expect("utf-8");
    assert!(
        !exported.contains("argon2"),
        "no password hash in the export"
    );
    assert!(matches!(
        access.journal(1).expect("read")[4].change,
        Change::Disabled { .. }
    ));
}

#[test]
fn given_access_data_when_reopened_then_it_is_kept() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("ledger");
    {
        let ledger = ledger_with(&path, 1);
        let access = ledger.access().expect("the access tree");
        access
            .set_steward(&person("ada"), true, None, now())
            .expect("steward");
        access
            .start_session("s", &person("ada"), "c", now())
            .expect("a session");
    }
    let ledger = Ledger::open(&path, common::REOPEN_WAIT).expect("reopened");
    let access = ledger.access().expect("the access tree");
    assert_eq!(access.stewards().expect("read"), [person("ada")]);
    assert_eq!(access.session("s").expect("read").expect("kept").csrf, "c");
}
