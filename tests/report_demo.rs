//! The reports on the demo community (`jardins_generate::demo_commands`), checked against the
//! figures worked out by hand in its documentation (crates/generate/src/demo.rs) and, for the
//! audit of Paris, from its story: 30.00 EUR fixed a month under version 1 (September 2025 to
//! February 2026, November paid late on 12 January "for 2025-11"), then a conscious contribution
//! with 40.00 suggested from 1 March 2026 (paid 40, 35, 40, 50, 40, 40); and for the clown
//! garden, 100.00 EUR a year, 2025 paid on 15 December 2025, 2026 not paid.

use chrono::{DateTime, NaiveDate, Utc};
use jardins_ledger::{Account, Command, FlowKind, Mode};
use jardins_report::{dues::Asked, Direction, Format};
use jardins_store::Ledger;
use rust_decimal::Decimal;

fn d(text: &str) -> Decimal {
    text.parse().unwrap()
}

fn end_of_year() -> NaiveDate {
    "2026-08-31".parse().unwrap()
}

fn demo() -> (tempfile::TempDir, Ledger) {
    let now: DateTime<Utc> = "2027-01-15T12:00:00Z".parse().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let ledger = Ledger::create(&dir.path().join("ledger"), now).unwrap();
    let commands: Vec<(Command, Option<String>)> = jardins_generate::demo_commands()
        .into_iter()
        .map(|c| (c, None))
        .collect();
    ledger
        .append_batch(&commands, now)
        .unwrap_or_else(|(index, e)| panic!("demo command {index} refused: {e}"));
    (dir, ledger)
}

/// (label, version, due, suggested, paid, carried) of one audit period.
type Row = (
    String,
    Option<u32>,
    Decimal,
    Option<Decimal>,
    Decimal,
    Decimal,
);

fn closing(ledger: &Ledger, account: &str, code: &str) -> Decimal {
    let report = jardins_report::balance(
        ledger,
        &account.parse().unwrap(),
        None,
        end_of_year(),
        false,
    )
    .unwrap();
    report
        .currency(code)
        .map_or(Decimal::ZERO, |c| c.total.closing)
}

#[test]
fn the_demo_balances_are_those_worked_out_by_hand() {
    let (_dir, ledger) = demo();
    for (account, eur, graine) in [
        ("garden:paris", "27.50", "0"),
        ("garden:grenoble", "92.00", "105"),
        ("garden:clown-gouvernance", "70.00", "45"),
        ("garden:org-tisserands", "350.00", "0"),
        ("big-garden", "680.00", "180"),
    ] {
        assert_eq!(closing(&ledger, account, "EUR"), d(eur), "{account} in EUR");
        assert_eq!(
            closing(&ledger, account, "GRAINE"),
            d(graine),
            "{account} in GRAINE"
        );
    }
}

#[test]
fn the_demo_paris_balance_shows_where_its_money_came_from_and_went() {
    let (_dir, ledger) = demo();
    let report = jardins_report::balance(
        &ledger,
        &"garden:paris".parse().unwrap(),
        None,
        end_of_year(),
        false,
    )
    .unwrap();
    let eur = &report.currency("EUR").unwrap().total;
    let kinds: Vec<(Direction, FlowKind, Decimal, Decimal)> = eur
        .kinds
        .iter()
        .map(|k| (k.direction, k.kind, k.amount, k.corrections))
        .collect();
    // In: commitments 490 plus Léa's duplicate 15 (reversed: −15); tickets 300 + picnic 112.50.
    // Out: facilitation 330, the big garden 425, the room 120.
    assert_eq!(
        kinds,
        vec![
            (
                Direction::In,
                FlowKind::ContributionFromMember,
                d("505"),
                d("-15")
            ),
            (
                Direction::Out,
                FlowKind::ContributionToBigGarden,
                d("425"),
                d("0")
            ),
            (Direction::Out, FlowKind::RoleValued, d("330"), d("0")),
            (Direction::In, FlowKind::Collection, d("412.50"), d("0")),
            (Direction::Out, FlowKind::Expense, d("120"), d("0")),
        ]
    );
    assert_eq!(eur.closing, d("27.50"));
}

#[test]
fn the_demo_audit_of_paris_follows_its_two_constitutions() {
    let (_dir, ledger) = demo();
    let report = jardins_report::audit(&ledger, None, None, end_of_year()).unwrap();
    let paris = report.garden("paris").unwrap();
    let eur = paris.currency("EUR").unwrap();
    let rows: Vec<Row> = eur
        .periods
        .iter()
        .map(|p| {
            let f = &p.figures;
            (
                p.label.clone(),
                f.asked.version(),
                f.due,
                f.suggested,
                f.paid,
                f.carried,
            )
        })
        .collect();
    let row = |label: &str,
               version: u32,
               due: &str,
               suggested: Option<&str>,
               paid: &str,
               carried: &str| {
        (
            label.to_string(),
            Some(version),
            d(due),
            suggested.map(d),
            d(paid),
            d(carried),
        )
    };
    // November's 30.00, paid on 12 January "for 2025-11", counts in November: every month of
    // version 1 is paid its 30.00 and nothing is ever carried (January holds only its own).
    assert_eq!(
        rows,
        vec![
            row("2025-09", 1, "30", None, "30", "0"),
            row("2025-10", 1, "30", None, "30", "0"),
            row("2025-11", 1, "30", None, "30", "0"),
            row("2025-12", 1, "30", None, "30", "0"),
            row("2026-01", 1, "30", None, "30", "0"),
            row("2026-02", 1, "30", None, "30", "0"),
            row("2026-03", 2, "0", Some("40"), "40", "0"),
            row("2026-04", 2, "0", Some("40"), "35", "0"),
            row("2026-05", 2, "0", Some("40"), "40", "0"),
            row("2026-06", 2, "0", Some("40"), "50", "0"),
            row("2026-07", 2, "0", Some("40"), "40", "0"),
            row("2026-08", 2, "0", Some("40"), "40", "0"),
        ]
    );
    assert_eq!(
        (eur.due, eur.suggested, eur.paid, eur.carried_out),
        (d("180"), d("240"), d("425"), d("0"))
    );
    // November's contribution, paid on 12 January, is shown late, under November.
    let november = &eur.periods[2].payments;
    assert_eq!(november.len(), 1);
    assert!(november[0].late && november[0].on == "2026-01-12".parse().unwrap());
    assert_eq!(november[0].counts_in, "2025-11".parse().unwrap());
    let january = &eur.periods[4].payments;
    assert_eq!(january.len(), 1);
    assert!(!january[0].late && january[0].on == "2026-01-30".parse().unwrap());
    assert!(matches!(
        eur.periods[6].figures.asked,
        Asked::Rule {
            version: 2,
            cadence: jardins_ledger::Cadence::Monthly,
            ..
        }
    ));
    assert!(eur.periods[6..]
        .iter()
        .all(|p| p.payments.iter().all(|l| l.mode == Mode::Conscious)));
    // The organisation garden is marked members only, in the audit and its balance.
    assert!(report.garden("org-tisserands").unwrap().members_only);
    let org = jardins_report::balance(
        &ledger,
        &Account::Garden("org-tisserands".parse().unwrap()),
        None,
        end_of_year(),
        false,
    )
    .unwrap();
    assert!(org.render(Format::Table).contains("MEMBERS ONLY"));
    assert!(report.chain.verified_in_full);
    assert_eq!(report.chain.events, ledger.head().sequence);
}

#[test]
fn the_demo_clown_gardens_yearly_contribution_is_open_until_the_year_ends() {
    // Given the demo: the clown garden owes 100.00 EUR a year, paid 2025 on 15 December 2025
    // and nothing for 2026.
    let (_dir, ledger) = demo();
    let standing = |to: &str| {
        let report = jardins_report::audit(
            &ledger,
            Some(&"clown-gouvernance".parse().unwrap()),
            None,
            to.parse().unwrap(),
        )
        .unwrap();
        report.gardens[0].currency("EUR").unwrap().clone()
    };
    // When it is audited on 1 December 2026, a month before the year ends
    let december = standing("2026-12-01");
    // Then 2025 (September to December, 100 due, 100 paid "for 2025") is settled, and 2026
    // is open: 100 due by 31 December, outstanding, not carried as arrears.
    let rows: Vec<(String, bool, Decimal, Decimal, Decimal, Decimal)> = december
        .periods
        .iter()
        .map(|p| {
            let f = &p.figures;
            (
                p.label.clone(),
                f.open,
                f.due,
                f.paid,
                f.outstanding,
                f.carried,
            )
        })
        .collect();
    assert_eq!(
        rows,
        vec![
            (
                "2025-09..2025-12".to_string(),
                false,
                d("100"),
                d("100"),
                d("0"),
                d("0")
            ),
            ("2026".to_string(), true, d("100"), d("0"), d("100"), d("0")),
        ]
    );
    assert_eq!(
        december.periods[1].figures.due_by,
        Some("2026-12-31".parse().unwrap())
    );
    assert_eq!(
        (december.carried_out, december.outstanding),
        (d("0"), d("100"))
    );
    assert!(!december.paid_nothing_although_due());
    // And on 31 December 2026 the year is over: 100 in arrears, nothing outstanding.
    let over = standing("2026-12-31");
    assert!(!over.periods[1].figures.open);
    assert_eq!((over.carried_out, over.outstanding), (d("-100"), d("0")));
}
