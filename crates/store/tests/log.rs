//! The log: appending, reopening, idempotency, refusals, locking, projections against a replay.

mod common;

use std::collections::BTreeMap;
use std::time::Duration;

use common::{now, scenario, REOPEN_WAIT};
use jardins_ledger::{Account, Command, CommandKind, CurrencyCode, FlowKind, Refusal, State};
use jardins_store::{AppendError, Ledger, StoreError, GENESIS};
use rust_decimal::Decimal;

const NO_WAIT: Duration = Duration::ZERO;

fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().expect("a temporary directory")
}

/// The state of the whole ledger, replayed in memory from its records.
fn replay(ledger: &Ledger) -> State {
    let mut state = State::default();
    for record in ledger.records(1) {
        let record = record.expect("a readable record");
        state.apply(record.sequence, &record.event);
    }
    state
}

/// Every balance the store's projections hold, as of a date after every entry.
fn stored_balances(ledger: &Ledger, state: &State) -> BTreeMap<(Account, CurrencyCode), Decimal> {
    let far = "2100-01-01".parse().unwrap();
    let accounts: std::collections::BTreeSet<Account> =
        state.balances.keys().map(|(a, _)| a.clone()).collect();
    let mut found = BTreeMap::new();
    for account in accounts {
        for currency in ledger.currencies_of(&account).unwrap() {
            let balance = ledger.balance(&account, &currency, far).unwrap();
            found.insert((account.clone(), currency), balance);
        }
    }
    found
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

#[test]
fn given_a_new_ledger_then_entry_1_declares_the_euro_and_chains_to_genesis() {
    let dir = tempdir();
    let path = dir.path().join("ledger");
    let ledger = Ledger::create(&path, now()).unwrap();
    let head = ledger.head();
    assert_eq!(head.sequence, 1);
    let first = ledger.record(1).unwrap().expect("entry 1");
    assert_eq!(first.previous_hash, GENESIS);
    assert_eq!(first.hash, head.hash);
    assert_eq!(first.recorded_at, now());
    assert_eq!(first.event.kind.name(), "CurrencyDeclared");
    assert_eq!(ledger.currencies().unwrap().len(), 1);
    assert!(ledger.record(2).unwrap().is_none());
}

#[test]
fn given_appended_commands_when_reopened_then_head_records_and_projections_are_kept() {
    let dir = tempdir();
    let path = dir.path().join("ledger");
    let count = scenario::setup_len() + 120;
    let (head, receipts) = {
        let ledger = Ledger::create(&path, now()).unwrap();
        let receipts = common::append_scenario(&ledger, 0, count);
        (ledger.head(), receipts)
    };
    // Receipts are numbered 2, 3, … with no gap, and the last one is the head.
    for (index, receipt) in receipts.iter().enumerate() {
        assert_eq!(receipt.sequence, index as u64 + 2);
        assert!(!receipt.replayed);
    }
    assert_eq!(head.sequence, count + 1);
    assert_eq!(receipts.last().unwrap().hash, head.hash);

    let ledger = Ledger::open(&path, REOPEN_WAIT).unwrap();
    assert_eq!(ledger.head(), head);
    let mut previous = GENESIS;
    for (index, record) in ledger.records(1).enumerate() {
        let record = record.unwrap();
        assert_eq!(record.sequence, index as u64 + 1);
        assert_eq!(record.previous_hash, previous);
        if record.sequence >= 2 {
            assert_eq!(record.hash, receipts[index - 1].hash);
        }
        previous = record.hash;
    }
    let report = ledger.verify(&mut |_, _| {}).unwrap();
    assert_eq!(report.events, head.sequence);
    assert_eq!(report.head, head);

    // The projections are what a replay of the whole log gives.
    let state = replay(&ledger);
    let stored = stored_balances(&ledger, &state);
    assert_eq!(stored, state.balances);
    assert_eq!(
        ledger
            .gardens()
            .unwrap()
            .into_iter()
            .collect::<BTreeMap<_, _>>(),
        state
            .gardens
            .clone()
            .into_iter()
            .collect::<BTreeMap<_, _>>()
    );
    assert_eq!(
        ledger
            .people()
            .unwrap()
            .into_iter()
            .collect::<BTreeMap<_, _>>(),
        state.people.clone().into_iter().collect::<BTreeMap<_, _>>()
    );
    assert_eq!(
        ledger
            .commitments()
            .unwrap()
            .into_iter()
            .collect::<BTreeMap<_, _>>(),
        state
            .commitments
            .clone()
            .into_iter()
            .collect::<BTreeMap<_, _>>()
    );
    for garden in state.gardens.keys() {
        let members: BTreeMap<_, _> = ledger
            .members(garden)
            .unwrap()
            .into_iter()
            .map(|(p, m)| ((garden.clone(), p), m))
            .collect();
        let expected: BTreeMap<_, _> = state
            .members
            .iter()
            .filter(|((g, _), _)| g == garden)
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        assert_eq!(members, expected);
    }
    for (sequence, entry) in &state.entries {
        assert_eq!(ledger.reversed_by(*sequence).unwrap(), entry.reversed_by);
    }
    assert!(state.entries.values().any(|e| e.reversed_by.is_some()));
}

#[test]
fn given_postings_then_balance_as_of_a_date_daily_flows_and_postings_agree_with_the_log() {
    let dir = tempdir();
    let ledger = common::ledger_with(&dir.path().join("ledger"), scenario::setup_len() + 200);
    let account = scenario::garden_account(0);
    let eur = scenario::eur();
    let as_of = scenario::day("2025-03-15");
    // Expected from the log itself: every posting on the account up to the date.
    let mut expected = Decimal::ZERO;
    let mut expected_rows = Vec::new();
    for record in ledger.records(1) {
        let record = record.unwrap();
        let correction = record.event.kind.name() == "EntryReversed";
        for (index, posting) in record.event.postings().into_iter().enumerate() {
            if posting.account == account && posting.currency == eur && record.event.on <= as_of {
                expected += posting.amount;
                if posting.kind == FlowKind::ContributionFromMember {
                    expected_rows.push((
                        record.event.on,
                        record.sequence,
                        index as u32,
                        posting.amount,
                        correction,
                    ));
                }
            }
        }
    }
    assert_eq!(ledger.balance(&account, &eur, as_of).unwrap(), expected);
    let daily_total: Decimal = ledger
        .daily(&account, &eur, None, as_of)
        .unwrap()
        .iter()
        .map(|d| d.amount)
        .sum();
    assert_eq!(daily_total, expected);
    let flows = ledger.daily(&account, &eur, None, as_of).unwrap();
    assert!(flows.windows(2).all(|w| w[0].on <= w[1].on));
    assert!(
        flows.iter().any(|d| d.correction),
        "reversals are kept apart"
    );

    expected_rows.sort();
    let rows: Vec<_> = ledger
        .postings(
            &account,
            FlowKind::ContributionFromMember,
            &eur,
            None,
            as_of,
        )
        .unwrap()
        .into_iter()
        .map(|r| (r.on, r.sequence, r.index, r.amount, r.correction))
        .collect();
    assert_eq!(rows, expected_rows);
    assert!(!rows.is_empty());
    // A window of dates holds exactly the rows within it.
    let from = scenario::day("2025-02-01");
    let window = ledger
        .postings(
            &account,
            FlowKind::ContributionFromMember,
            &eur,
            Some(from),
            as_of,
        )
        .unwrap();
    assert_eq!(
        window.len(),
        expected_rows.iter().filter(|r| r.0 >= from).count()
    );
    assert_eq!(
        ledger.currencies_of(&account).unwrap(),
        vec![scenario::eur(), scenario::graine()]
    );
}

#[test]
fn given_a_key_when_the_same_command_is_repeated_then_the_first_receipt_comes_back_and_nothing_is_appended(
) {
    let dir = tempdir();
    let ledger = common::ledger_with(&dir.path().join("ledger"), scenario::setup_len());
    let command = pay_big_garden(0, "12.5");
    let first = ledger
        .append(&command, Some("bank-2025-06-001"), now())
        .unwrap();
    assert!(!first.replayed);
    let digest = ledger.digest().unwrap();
    let head = ledger.head();

    // The same content, even typed as 12.50: the first receipt, replayed.
    let again = pay_big_garden(0, "12.50");
    let second = ledger
        .append(&again, Some("bank-2025-06-001"), now())
        .unwrap();
    assert_eq!(second.sequence, first.sequence);
    assert_eq!(second.hash, first.hash);
    assert!(second.replayed);
    assert_eq!(ledger.head(), head);
    assert_eq!(ledger.digest().unwrap(), digest);

    // The same key with another content is refused, and nothing is written.
    let other = pay_big_garden(0, "13");
    match ledger.append(&other, Some("bank-2025-06-001"), now()) {
        Err(AppendError::KeyReused { key, sequence }) => {
            assert_eq!(key, "bank-2025-06-001");
            assert_eq!(sequence, first.sequence);
        }
        other => panic!("expected KeyReused, got {other:?}"),
    }
    assert_eq!(ledger.digest().unwrap(), digest);

    // Keys survive a reopen.
    let path = ledger.path().to_path_buf();
    drop(ledger);
    let ledger = Ledger::open(&path, REOPEN_WAIT).unwrap();
    let third = ledger
        .append(&again, Some("bank-2025-06-001"), now())
        .unwrap();
    assert_eq!((third.sequence, third.replayed), (first.sequence, true));
    assert!(matches!(
        ledger.append(&other, Some("bank-2025-06-001"), now()),
        Err(AppendError::KeyReused { .. })
    ));
    // A malformed key is refused before anything else.
    for bad in ["", "a\nb", &"k".repeat(129)] {
        assert!(matches!(
            ledger.append(&other, Some(bad), now()),
            Err(AppendError::InvalidKey { .. })
        ));
    }
    assert_eq!(ledger.digest().unwrap(), digest);
    ledger.verify(&mut |_, _| {}).unwrap();
}

#[test]
fn given_a_batch_with_a_repeated_key_then_it_is_replayed_within_the_batch_or_refused() {
    let dir = tempdir();
    let ledger = common::ledger_with(&dir.path().join("ledger"), scenario::setup_len());
    let head = ledger.head();
    let key = Some("k-1".to_string());
    let receipts = ledger
        .append_batch(
            &[
                (pay_big_garden(0, "5"), key.clone()),
                (pay_big_garden(1, "6"), None),
                (pay_big_garden(0, "5"), key.clone()),
            ],
            now(),
        )
        .unwrap();
    assert_eq!(receipts[0].sequence, head.sequence + 1);
    assert_eq!(receipts[1].sequence, head.sequence + 2);
    assert_eq!(receipts[2].sequence, receipts[0].sequence);
    assert!(receipts[2].replayed);
    assert_eq!(ledger.head().sequence, head.sequence + 2);

    let digest = ledger.digest().unwrap();
    let refused = ledger.append_batch(
        &[
            (pay_big_garden(2, "5"), Some("k-2".to_string())),
            (pay_big_garden(2, "7"), Some("k-2".to_string())),
        ],
        now(),
    );
    assert!(matches!(refused, Err((1, AppendError::KeyReused { .. }))));
    assert_eq!(ledger.digest().unwrap(), digest);
}

#[test]
fn given_a_refused_command_then_head_count_and_projections_are_unchanged() {
    let dir = tempdir();
    let ledger = common::ledger_with(&dir.path().join("ledger"), scenario::setup_len() + 30);
    let head = ledger.head();
    let digest = ledger.digest().unwrap();
    let refused = [
        // A closed garden.
        Command {
            on: scenario::day("2025-06-01"),
            kind: CommandKind::RecordCollection {
                garden: "atelier".parse().unwrap(),
                collection: jardins_ledger::CollectionKind::Event,
                amount: scenario::amount("5"),
                currency: scenario::eur(),
                mode: jardins_ledger::Mode::Conscious,
                note: scenario::text(""),
            },
        },
        // Too many decimal places for GRAINE.
        Command {
            on: scenario::day("2025-06-01"),
            kind: CommandKind::PayExpense {
                payer: scenario::garden_account(0),
                amount: scenario::amount("1.5"),
                currency: scenario::graine(),
                note: scenario::text(""),
            },
        },
        // A date in the future.
        pay_big_garden(0, "5").clone_on("2030-01-01"),
        // An entry reversed twice (entry of scenario command setup+6 was reversed by +7).
        Command {
            on: scenario::day("2025-12-01"),
            kind: CommandKind::ReverseEntry {
                entry: scenario::setup_len() + 6 + 2,
                reason: scenario::text("again"),
            },
        },
    ];
    let mut rules = Vec::new();
    for command in &refused {
        match ledger.append(command, Some("refused-key"), now()) {
            Err(AppendError::Refused(refusal)) => rules.push(refusal.rule()),
            other => panic!("expected a refusal, got {other:?}"),
        }
    }
    assert_eq!(
        rules,
        [
            "GardenIsClosed",
            "TooManyDecimalPlaces",
            "DateInFuture",
            "AlreadyReversed"
        ]
    );
    // A batch refused at its third command writes none of the two before.
    let batch: Vec<(Command, Option<String>)> = vec![
        (pay_big_garden(0, "1"), None),
        (pay_big_garden(1, "1"), Some("batch-key".to_string())),
        (refused[0].clone(), None),
    ];
    match ledger.append_batch(&batch, now()) {
        Err((2, AppendError::Refused(Refusal::GardenIsClosed { .. }))) => {}
        other => panic!("expected the third command refused, got {other:?}"),
    }
    assert_eq!(ledger.head(), head);
    assert_eq!(ledger.digest().unwrap(), digest);
    assert!(ledger.record(head.sequence + 1).unwrap().is_none());
    // The refused key was not taken: it may be used now.
    let receipt = ledger
        .append(&pay_big_garden(0, "1"), Some("refused-key"), now())
        .unwrap();
    assert_eq!(receipt.sequence, head.sequence + 1);
}

trait On {
    fn clone_on(&self, on: &str) -> Command;
}

impl On for Command {
    fn clone_on(&self, on: &str) -> Command {
        Command {
            on: scenario::day(on),
            kind: self.kind.clone(),
        }
    }
}

#[test]
fn given_a_ledger_open_elsewhere_when_opened_then_it_is_locked_naming_the_path_after_the_wait() {
    let dir = tempdir();
    let path = dir.path().join("ledger");
    let held = Ledger::create(&path, now()).unwrap();
    let started = std::time::Instant::now();
    match Ledger::open(&path, Duration::from_millis(120)) {
        Err(error @ StoreError::Locked { .. }) => {
            let StoreError::Locked {
                path: named,
                waited_ms,
            } = &error
            else {
                unreachable!()
            };
            assert_eq!(named, &path);
            assert!(*waited_ms >= 120, "waited {waited_ms} ms");
            let message = error.to_string();
            assert!(message.contains("another jardins is using the ledger at"));
            assert!(message.contains(&path.display().to_string()));
        }
        other => panic!("expected Locked, got {:?}", other.map(|l| l.head())),
    }
    assert!(started.elapsed() >= Duration::from_millis(120));
    assert!(started.elapsed() < Duration::from_secs(5));
    drop(held);
    // Released: it opens (sled lets its lock go a moment after the drop).
    let ledger = Ledger::open(&path, REOPEN_WAIT).unwrap();
    assert_eq!(ledger.head().sequence, 1);
}

#[test]
fn given_a_ledger_released_during_the_wait_then_open_succeeds() {
    let dir = tempdir();
    let path = dir.path().join("ledger");
    let held = Ledger::create(&path, now()).unwrap();
    let releaser = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(100));
        drop(held);
    });
    let ledger = Ledger::open(&path, Duration::from_secs(10)).unwrap();
    releaser.join().unwrap();
    assert_eq!(ledger.head().sequence, 1);
}

#[test]
fn given_no_ledger_when_opened_then_no_ledger_is_reported_and_nothing_is_created() {
    let dir = tempdir();
    let missing = dir.path().join("nothing-here");
    match Ledger::open(&missing, NO_WAIT) {
        Err(error @ StoreError::NoLedger { .. }) => {
            assert!(error.to_string().contains("jardins init"));
        }
        other => panic!("expected NoLedger, got {:?}", other.map(|l| l.head())),
    }
    assert!(!missing.exists(), "opening must not create a directory");
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    assert!(matches!(
        Ledger::open(&empty, NO_WAIT),
        Err(StoreError::NoLedger { .. })
    ));
    assert_eq!(std::fs::read_dir(&empty).unwrap().count(), 0);
}

#[test]
fn given_an_existing_ledger_or_file_when_created_again_then_it_is_refused() {
    let dir = tempdir();
    let path = dir.path().join("ledger");
    drop(Ledger::create(&path, now()).unwrap());
    assert!(matches!(
        Ledger::create(&path, now()),
        Err(StoreError::AlreadyExists { .. })
    ));
    let file = dir.path().join("file");
    std::fs::write(&file, b"not a ledger").unwrap();
    assert!(matches!(
        Ledger::create(&file, now()),
        Err(StoreError::AlreadyExists { .. })
    ));
    assert_eq!(std::fs::read(&file).unwrap(), b"not a ledger");
    // An empty directory is fine.
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    assert_eq!(Ledger::create(&empty, now()).unwrap().head().sequence, 1);
}

#[test]
fn given_a_batch_larger_than_the_limit_then_it_is_refused_whole() {
    let dir = tempdir();
    let ledger = Ledger::create(&dir.path().join("ledger"), now()).unwrap();
    let command = scenario::command(0);
    let batch = vec![(command, None); jardins_store::MAX_BATCH + 1];
    assert!(matches!(
        ledger.append_batch(&batch, now()),
        Err((_, AppendError::Store(StoreError::BatchTooLarge { .. })))
    ));
    assert_eq!(ledger.head().sequence, 1);
}

/// Commands for the backdated-constitution test: the garden `paris` (core camille and
/// dominique), its constitution versions (a fixed monthly contribution of `amount` EUR to the
/// big garden, conscious commitments in EUR), payments to the big garden and commitments.
mod paris {
    use jardins_ledger::{
        Account, Cadence, Command, CommandKind, Constitution, CorePerson, EconomicModel, FlowRule,
        GardenKind, Mode, ModeRule, PaysFor,
    };

    use super::scenario::{amount, day, eur, name, text};

    fn on(date: &str, kind: CommandKind) -> Command {
        Command {
            on: day(date),
            kind,
        }
    }

    pub fn open(date: &str) -> Command {
        let core = ["camille", "dominique"]
            .iter()
            .map(|p| CorePerson {
                person: p.parse().unwrap(),
                name: name(p),
            })
            .collect();
        on(
            date,
            CommandKind::OpenGarden {
                garden: "paris".parse().unwrap(),
                name: name("Jardin de Paris"),
                kind: GardenKind::Local {
                    territory: name("Paris"),
                },
                core,
            },
        )
    }

    pub fn adopt(date: &str, version: u32, big_garden: &str) -> Command {
        let rule = |mode| FlowRule {
            currency: eur(),
            mode,
            cadence: Cadence::Monthly,
        };
        let model = EconomicModel {
            big_garden: vec![rule(ModeRule::Fixed {
                amount: amount(big_garden),
            })],
            commitments: vec![rule(ModeRule::Conscious { suggested: None })],
            ..EconomicModel::default()
        };
        on(
            date,
            CommandKind::AdoptConstitution {
                garden: "paris".parse().unwrap(),
                constitution: Constitution {
                    version,
                    effective: day(date),
                    purpose: text("Apprendre ensemble."),
                    entry_rules: text(""),
                    exit_rules: text(""),
                    model,
                },
            },
        )
    }

    pub fn pay_big_garden(date: &str, paid: &str) -> Command {
        on(
            date,
            CommandKind::PayContribution {
                from: Account::Garden("paris".parse().unwrap()),
                to: Account::BigGarden,
                amount: amount(paid),
                currency: eur(),
                mode: Mode::Fixed,
                pays_for: PaysFor::OneOff,
                note: text(""),
            },
        )
    }

    pub fn commit(date: &str, id: &str) -> Command {
        on(
            date,
            CommandKind::MakeCommitment {
                commitment: id.parse().unwrap(),
                garden: "paris".parse().unwrap(),
                person: "camille".parse().unwrap(),
                amount: amount("10"),
                currency: eur(),
                cadence: Cadence::Monthly,
                from: day(date),
                until: None,
            },
        )
    }
}

/// The date a `ConstitutionBeforeJudgedEntries` refusal says entries were judged up to.
/// The English sentence of a refused append, as the catalog says it.
fn english(error: &AppendError) -> String {
    match error {
        AppendError::Refused(refusal) => {
            jardins_text::Text::new(jardins_text::Lang::En).refusal(refusal)
        }
        other => other.to_string(),
    }
}

fn judged_until(error: &AppendError) -> chrono::NaiveDate {
    match error {
        AppendError::Refused(Refusal::ConstitutionBeforeJudgedEntries { judged_until, .. }) => {
            *judged_until
        }
        other => panic!("refused for another reason: {other}"),
    }
}

#[test]
fn given_judged_entries_when_reopened_then_a_constitution_backdated_before_them_is_refused() {
    // Given paris with version 1 (40 EUR a month to the big garden) from 2026-01-01, a
    // commitment made on 2026-02-15 and 40 EUR paid to the big garden on 2026-03-31, both
    // judged by version 1, in a ledger closed and reopened,
    let dir = tempdir();
    let path = dir.path().join("ledger");
    {
        let ledger = Ledger::create(&path, now()).unwrap();
        for command in [
            paris::open("2026-01-01"),
            paris::adopt("2026-01-01", 1, "40"),
            paris::commit("2026-02-15", "camille-1"),
            paris::pay_big_garden("2026-03-31", "40"),
        ] {
            ledger.append(&command, None, now()).unwrap();
        }
    }
    let ledger = Ledger::open(&path, REOPEN_WAIT).unwrap();
    let head = ledger.head();
    let digest = ledger.digest().unwrap();
    // when version 2 (50 EUR) is backdated to 2026-02-01, then Ledger::append refuses it,
    // judged up to the payment's date (read from the postings), and writes nothing;
    let error = ledger
        .append(&paris::adopt("2026-02-01", 2, "50"), None, now())
        .unwrap_err();
    assert_eq!(judged_until(&error), scenario::day("2026-03-31"));
    assert!(english(&error).contains("adopt it on 2026-04-01 or later"));
    assert_eq!(ledger.head(), head);
    assert_eq!(ledger.digest().unwrap(), digest);
    // and dated 2026-04-01 it is accepted.
    ledger
        .append(&paris::adopt("2026-04-01", 2, "50"), None, now())
        .unwrap();

    // Given a batch that makes a commitment on 2026-06-15, then adopts version 3 on
    // 2026-05-01, then the adoption is refused, judged up to the commitment made in the same
    // batch, and the whole batch writes nothing;
    let head = ledger.head();
    let batch = [
        (paris::commit("2026-06-15", "camille-2"), None),
        (paris::adopt("2026-05-01", 3, "60"), None),
    ];
    let (index, error) = ledger.append_batch(&batch, now()).unwrap_err();
    assert_eq!(index, 1);
    assert_eq!(judged_until(&error), scenario::day("2026-06-15"));
    assert_eq!(ledger.head(), head);
    // and once that commitment is recorded and the ledger reopened, the same adoption is
    // refused, judged up to the commitment's date (read from the commitments and the log).
    ledger
        .append(&paris::commit("2026-06-15", "camille-2"), None, now())
        .unwrap();
    drop(ledger);
    let ledger = Ledger::open(&path, REOPEN_WAIT).unwrap();
    let error = ledger
        .append(&paris::adopt("2026-05-01", 3, "60"), None, now())
        .unwrap_err();
    assert_eq!(judged_until(&error), scenario::day("2026-06-15"));

    // Given a batch that adopts version 3 on 2026-07-01, then pays 60 EUR on 2026-08-31
    // (judged by version 3), then adopts version 4 on 2026-08-01, then the last is refused,
    // judged up to the payment of the same batch.
    let batch = [
        (paris::adopt("2026-07-01", 3, "60"), None),
        (paris::pay_big_garden("2026-08-31", "60"), None),
        (paris::adopt("2026-08-01", 4, "70"), None),
    ];
    let (index, error) = ledger.append_batch(&batch, now()).unwrap_err();
    assert_eq!(index, 2);
    assert_eq!(judged_until(&error), scenario::day("2026-08-31"));
    // The ledger still verifies.
    ledger.verify(&mut |_, _| {}).unwrap();
}

#[test]
fn given_reports_read_between_writes_then_each_read_sees_every_write_before_it() {
    let dir = tempdir();
    let path = dir.path().join("ledger");
    let ledger = common::ledger_with(&path, scenario::setup_len() + 40);
    // Given every balance read once, so that the ledger keeps what reports read.
    let state = replay(&ledger);
    assert_eq!(stored_balances(&ledger, &state), state.balances);
    // When payments are appended from one garden at a time, alone, in a batch and in a
    // group, each write followed by the same reads…
    for round in 0..(3 * scenario::GARDENS) {
        let garden = round % scenario::GARDENS;
        let command = pay_big_garden(garden, "1.50");
        match round / scenario::GARDENS {
            0 => drop(ledger.append(&command, None, now()).unwrap()),
            1 => drop(ledger.append_batch(&[(command, None)], now()).unwrap()),
            _ => {
                let outcomes = ledger.append_each(&[(command, None)], now()).unwrap();
                assert!(outcomes.iter().all(Result::is_ok));
            }
        }
        // …then what they read is what a replay of the log gives: the runs the write changed
        // are read again, and what is kept of the others still holds.
        let state = replay(&ledger);
        assert_eq!(
            stored_balances(&ledger, &state),
            state.balances,
            "after round {round}"
        );
    }
}
