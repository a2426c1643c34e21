//! Every figure of every report on the hand-built community of `report_support`, checked
//! against values worked out by hand from its events (listed at the top of that module).

mod report_support;

use chrono::NaiveDate;
use jardins_ledger::{Account, FlowKind, GardenId, Mode, Month, PaysFor, Period};
use jardins_report::{dues::Asked, ChainCheck, Direction, Format, ReportError};
use report_support::{build, d, date, Community};
use rust_decimal::Decimal;
use serde_json::Value;

fn garden(id: &str) -> Account {
    Account::Garden(id.parse().unwrap())
}

fn gid(id: &str) -> GardenId {
    id.parse().unwrap()
}

/// (direction, kind, amount, corrections, unjudged) of each kind, as strings with their places.
fn kinds(flows: &jardins_report::Flows) -> Vec<(Direction, FlowKind, Decimal, Decimal, Decimal)> {
    flows
        .kinds
        .iter()
        .map(|k| (k.direction, k.kind, k.amount, k.corrections, k.unjudged))
        .collect()
}

#[test]
fn a_gardens_balance_shows_opening_flows_by_kind_corrections_and_closing_per_currency() {
    // Given the community; when paris's balance is asked as of 31 August 2026
    let c = build();
    let report =
        jardins_report::balance(&c.ledger, &garden("paris"), None, date("2026-08-31"), false)
            .unwrap();
    // Then euros and graines are reported side by side, never summed.
    let codes: Vec<&str> = report
        .currencies
        .iter()
        .map(|b| b.currency.code.as_str())
        .collect();
    assert_eq!(codes, ["EUR", "GRAINE"]);
    let eur = &report.currency("EUR").unwrap().total;
    // In: members 10 × 3 (camille) + 15 × 3 (dominique) = 75.00; collections 300 + 55 = 355.00.
    // Out: to the big garden 30 × 6 + 40 = 220.00 before corrections; role 20.00; expense 12.50.
    // Corrections: the reversed April payment comes back, +30.00.
    assert_eq!(
        kinds(eur),
        vec![
            (
                Direction::In,
                FlowKind::ContributionFromMember,
                d("75"),
                d("0"),
                d("0")
            ),
            (
                Direction::Out,
                FlowKind::ContributionToBigGarden,
                d("220"),
                d("30"),
                d("0")
            ),
            (
                Direction::Out,
                FlowKind::RoleValued,
                d("20"),
                d("0"),
                d("0")
            ),
            (
                Direction::In,
                FlowKind::Collection,
                d("355"),
                d("0"),
                d("0")
            ),
            (
                Direction::Out,
                FlowKind::Expense,
                d("12.50"),
                d("0"),
                d("0")
            ),
        ]
    );
    assert_eq!(eur.opening, d("0"));
    assert_eq!(eur.total_in(), d("430"));
    assert_eq!(eur.total_out(), d("252.50"));
    assert_eq!(eur.corrections(), d("30"));
    // 430 − 252.50 + 30 = 207.50
    assert_eq!(eur.closing, d("207.50"));
    let graine = &report.currency("GRAINE").unwrap().total;
    // 20 graines collected, 7 paid to the big garden: 13.
    assert_eq!(
        kinds(graine),
        vec![
            (
                Direction::Out,
                FlowKind::ContributionToBigGarden,
                d("7"),
                d("0"),
                d("0")
            ),
            (Direction::In, FlowKind::Collection, d("20"), d("0"), d("0")),
        ]
    );
    assert_eq!(graine.closing, d("13"));
    let info = report.garden.as_ref().unwrap();
    assert!(!info.members_only);
    assert_eq!(info.constitution_since, Some(date("2026-01-01")));
}

#[test]
fn a_period_balance_opens_where_the_day_before_closed_and_goes_month_by_month() {
    // Given the community; when paris's balance is asked from April to June, by month
    let c = build();
    let report = jardins_report::balance(
        &c.ledger,
        &garden("paris"),
        Some(date("2026-04-01")),
        date("2026-06-30"),
        true,
    )
    .unwrap();
    let eur = report.currency("EUR").unwrap();
    // Opening on 1 April: in 45 (members) + 300 (collection) − 90 (big garden) − 12.50
    // (expense) − 20 (role) = 222.50.
    assert_eq!(eur.total.opening, d("222.50"));
    // April: +30 members (dominique twice), −30 to the big garden, +30 its reversal: 252.50.
    // May: −60 to the big garden: 192.50. June: +55 collected: 247.50.
    let months: Vec<(Month, Decimal, Decimal, Decimal, Decimal, Decimal)> = eur
        .months
        .iter()
        .map(|(m, f)| {
            (
                *m,
                f.opening,
                f.total_in(),
                f.total_out(),
                f.corrections(),
                f.closing,
            )
        })
        .collect();
    assert_eq!(
        months,
        vec![
            (
                "2026-04".parse().unwrap(),
                d("222.50"),
                d("30"),
                d("30"),
                d("30"),
                d("252.50")
            ),
            (
                "2026-05".parse().unwrap(),
                d("252.50"),
                d("0"),
                d("60"),
                d("0"),
                d("192.50")
            ),
            (
                "2026-06".parse().unwrap(),
                d("192.50"),
                d("55"),
                d("0"),
                d("0"),
                d("247.50")
            ),
        ]
    );
    assert_eq!(eur.total.total_in(), d("85"));
    assert_eq!(eur.total.total_out(), d("90"));
    assert_eq!(eur.total.closing, d("247.50"));
    // Graines did not move in the period: 13 throughout.
    let graine = report.currency("GRAINE").unwrap();
    assert_eq!(
        (graine.total.opening, graine.total.closing),
        (d("13"), d("13"))
    );
    assert!(graine
        .months
        .iter()
        .all(|(_, f)| f.kinds.is_empty() && f.closing == d("13")));
}

#[test]
fn a_garden_with_no_constitution_has_its_flows_marked_as_judged_against_none() {
    // Given grenoble, which never adopted a constitution
    let c = build();
    let report = jardins_report::balance(
        &c.ledger,
        &garden("grenoble"),
        None,
        date("2026-08-31"),
        false,
    )
    .unwrap();
    let codes: Vec<&str> = report
        .currencies
        .iter()
        .map(|b| b.currency.code.as_str())
        .collect();
    assert_eq!(codes, ["EUR", "SEL2"]);
    // Then alix's 25.00 and the 20.00 to the big garden were judged against no constitution.
    let eur = &report.currency("EUR").unwrap().total;
    assert_eq!(
        kinds(eur),
        vec![
            (
                Direction::In,
                FlowKind::ContributionFromMember,
                d("25"),
                d("0"),
                d("25")
            ),
            (
                Direction::Out,
                FlowKind::ContributionToBigGarden,
                d("20"),
                d("0"),
                d("20")
            ),
        ]
    );
    assert_eq!(eur.closing, d("5"));
    let sel = &report.currency("SEL2").unwrap().total;
    assert_eq!(sel.closing, d("1.250"));
    assert_eq!(sel.unjudged(), d("1.250"));
    // And the table says so, with each currency's places.
    let table = report.render(Format::Table);
    assert!(table.contains("25.00 †"), "{table}");
    assert!(table.contains("1.250 †"), "{table}");
    assert!(table.contains("judged against none"), "{table}");
    let json: Value = serde_json::from_str(&report.render(Format::Json)).unwrap();
    let eur_json = &json["balances"][0];
    assert_eq!(eur_json["currency"], "EUR");
    assert_eq!(eur_json["balance"], "5.00");
    assert_eq!(
        eur_json["judged_against_no_constitution"]["contributions_from_members"],
        "25.00"
    );
    assert_eq!(json["garden"]["constitution_since"], Value::Null);
}

#[test]
fn an_organisation_gardens_reports_are_marked_members_only() {
    let c = build();
    let report = jardins_report::balance(
        &c.ledger,
        &garden("acme-interne"),
        None,
        date("2026-08-31"),
        false,
    )
    .unwrap();
    // Given no money moved: euros only, at zero.
    assert_eq!(report.currencies.len(), 1);
    assert_eq!(report.currencies[0].total.closing, d("0"));
    assert!(report.garden.as_ref().unwrap().members_only);
    assert!(report.render(Format::Table).contains("MEMBERS ONLY"));
    let json: Value = serde_json::from_str(&report.render(Format::Json)).unwrap();
    assert_eq!(json["members_only"], true);
    assert_eq!(json["balances"][0]["balance"], "0.00");
}

#[test]
fn the_big_gardens_balance_shows_what_each_garden_and_the_members_paid_it() {
    let c = build();
    let report = jardins_report::balance(
        &c.ledger,
        &Account::BigGarden,
        None,
        date("2026-08-31"),
        false,
    )
    .unwrap();
    let eur = report.currency("EUR").unwrap();
    // From gardens 220 (paris) + 20 (grenoble) = 240, less the reversed 30; from camille 5;
    // out 8 for an expense: 240 − 30 + 5 − 8 = 207.00.
    assert_eq!(
        kinds(&eur.total),
        vec![
            (
                Direction::In,
                FlowKind::ContributionFromMember,
                d("5"),
                d("0"),
                d("0")
            ),
            (
                Direction::In,
                FlowKind::ContributionFromGarden,
                d("240"),
                d("-30"),
                d("0")
            ),
            (Direction::Out, FlowKind::Expense, d("8"), d("0"), d("0")),
        ]
    );
    assert_eq!(eur.total.closing, d("207"));
    let per_garden: Vec<(&str, Decimal, Decimal, Decimal)> = eur
        .from_gardens
        .iter()
        .map(|g| (g.garden.as_str(), g.paid, g.corrections, g.unjudged))
        .collect();
    assert_eq!(
        per_garden,
        vec![
            ("grenoble", d("20"), d("0"), d("20")),
            ("paris", d("220"), d("-30"), d("0")),
        ]
    );
    assert_eq!(report.currency("GRAINE").unwrap().total.closing, d("7"));
    // As of 31 March: only paris's three payments of 30.00.
    let march = jardins_report::balance(
        &c.ledger,
        &Account::BigGarden,
        None,
        date("2026-03-31"),
        false,
    )
    .unwrap();
    assert_eq!(march.currency("EUR").unwrap().total.closing, d("90"));
    let json: Value = serde_json::from_str(&report.render(Format::Json)).unwrap();
    assert_eq!(json["balances"][0]["currency"], "EUR");
    assert_eq!(json["balances"][0]["balance"], "207.00");
    assert_eq!(json["balances"][0]["from_members"], "5.00");
    assert_eq!(json["balances"][0]["from_gardens"][1]["received"], "190.00");
    assert_eq!(json["balances"][1]["currency"], "GRAINE");
    assert_eq!(json["balances"][1]["balance"], "7");
}

/// (label, version, due, paid, counted, carried) of each period.
fn periods(
    audit: &jardins_report::GardenCurrencyAudit,
) -> Vec<(String, Option<u32>, Decimal, Decimal, Decimal, Decimal)> {
    audit
        .periods
        .iter()
        .map(|p| {
            let f = &p.figures;
            (
                p.label.clone(),
                f.asked.version(),
                f.due,
                f.paid,
                f.counted,
                f.carried,
            )
        })
        .collect()
}

fn row(
    label: &str,
    version: Option<u32>,
    due: &str,
    paid: &str,
    counted: &str,
    carried: &str,
) -> (String, Option<u32>, Decimal, Decimal, Decimal, Decimal) {
    (
        label.to_string(),
        version,
        d(due),
        d(paid),
        d(counted),
        d(carried),
    )
}

#[test]
fn the_audit_sets_each_months_due_against_what_was_paid_and_carries_the_difference() {
    // Given the community; when the flows to the big garden are audited up to 31 August
    let c = build();
    let report = jardins_report::audit(&c.ledger, None, None, date("2026-08-31")).unwrap();
    let paris = report.garden("paris").unwrap();
    let eur = paris.currency("EUR").unwrap();
    // Then paris owes 30.00 a month under v1, 40.00 from July under v2. Each payment counts in
    // the month it says it pays for: January and February, paid late on 10 March, settle
    // January and February; April was paid (5 April), reversed (20 April, counted in April as
    // the payment it undoes) and paid again on 2 May "for 2026-04": 30 − 30 + 30 = 30 in April.
    // June and August were not paid: 30 in arrears after June, 30 + 40 = 70 after August.
    assert_eq!(
        periods(eur),
        vec![
            row("2026-01", Some(1), "30", "30", "30", "0"),
            row("2026-02", Some(1), "30", "30", "30", "0"),
            row("2026-03", Some(1), "30", "30", "30", "0"),
            row("2026-04", Some(1), "30", "30", "30", "0"),
            row("2026-05", Some(1), "30", "30", "30", "0"),
            row("2026-06", Some(1), "30", "0", "0", "-30"),
            row("2026-07", Some(2), "40", "40", "40", "-30"),
            row("2026-08", Some(2), "40", "0", "0", "-70"),
        ]
    );
    // Totals: due 6 × 30 + 2 × 40 = 260; paid 30 × 3 + (30 − 30 + 30) + 30 + 40 = 190, all in
    // fixed mode under a fixed rule, so all counted; 190 − 260 = −70. 31 August ends August:
    // nothing is open.
    assert_eq!(
        (
            eur.carried_in,
            eur.due,
            eur.paid,
            eur.counted,
            eur.carried_out,
            eur.outstanding
        ),
        (d("0"), d("260"), d("190"), d("190"), d("-70"), d("0"))
    );
    assert!(eur.periods.iter().all(|p| !p.figures.open));
    assert!(!eur.paid_nothing_although_due());
    // Each payment is traced to its record: sequence, date, amount, mode and hash, under the
    // month it pays for; January's and February's, paid on 10 March, are late.
    let traced = |period: usize| -> Vec<(u64, String, Decimal, Mode, bool, NaiveDate)> {
        eur.periods[period]
            .payments
            .iter()
            .map(|l| (l.sequence, l.hash.clone(), l.amount, l.mode, l.late, l.on))
            .collect()
    };
    let line = |label: &str, late: bool| {
        (
            c.seq(label),
            c.hash(label),
            d("30"),
            Mode::Fixed,
            late,
            date("2026-03-10"),
        )
    };
    assert_eq!(traced(0), vec![line("paris for jan", true)]);
    assert_eq!(traced(1), vec![line("paris for feb", true)]);
    assert_eq!(traced(2), vec![line("paris for mar", false)]);
    assert!(eur.periods[..3]
        .iter()
        .zip(["2026-01", "2026-02", "2026-03"])
        .all(|(p, m)| p.payments[0].counts_in == m.parse::<Month>().unwrap()));
    // The reversed payment, its correction and the payment made again are all under April,
    // in date order, the first two linked to each other.
    let april = &eur.periods[3].payments;
    assert_eq!(april.len(), 3);
    assert_eq!(
        (
            april[0].sequence,
            april[0].amount,
            april[0].reversed_by,
            april[0].correction_of
        ),
        (
            c.seq("paris for apr"),
            d("30"),
            Some(c.seq("reversal")),
            None
        )
    );
    assert_eq!(
        (
            april[1].sequence,
            april[1].amount,
            april[1].reversed_by,
            april[1].correction_of
        ),
        (
            c.seq("reversal"),
            d("-30"),
            None,
            Some(c.seq("paris for apr"))
        )
    );
    assert_eq!(april[1].hash, c.hash("reversal"));
    assert_eq!(april[1].note, "saisi deux fois");
    assert_eq!(april[1].on, date("2026-04-20"));
    assert_eq!(
        (april[2].sequence, april[2].on, april[2].late),
        (c.seq("paris for apr again"), date("2026-05-02"), true)
    );
    assert_eq!(
        april[2].pays_for,
        PaysFor::Period(Period::Month("2026-04".parse().unwrap()))
    );
    let may = &eur.periods[4].payments;
    assert_eq!(may.len(), 1);
    assert_eq!(
        (may[0].sequence, may[0].late),
        (c.seq("paris for may"), false)
    );
}

#[test]
fn an_audit_before_the_end_of_a_month_shows_it_open_not_in_arrears() {
    // Given the community; when paris is audited up to 15 August, before August's last day
    let c = build();
    let report =
        jardins_report::audit(&c.ledger, Some(&gid("paris")), None, date("2026-08-15")).unwrap();
    let eur = report.garden("paris").unwrap().currency("EUR").unwrap();
    // Then August (40.00 due under v2, nothing paid) is open, due by 31 August: its 40.00 is
    // outstanding and not carried, so the arrears stay at June's 30.00.
    let august = eur.periods.last().unwrap();
    assert_eq!(august.label, "2026-08");
    assert!(august.figures.open);
    assert_eq!(august.figures.due_by, Some(date("2026-08-31")));
    assert_eq!(
        (
            august.figures.due,
            august.figures.outstanding,
            august.figures.carried
        ),
        (d("40"), d("40"), d("-30"))
    );
    assert!(eur.periods[..7].iter().all(|p| !p.figures.open));
    assert_eq!((eur.carried_out, eur.outstanding), (d("-30"), d("40")));
    // And the table says so in its header and on August's line; JSON and CSV carry the same.
    let table = report.render(Format::Table);
    assert!(table.contains("not over on 2026-08-15"), "{table}");
    assert!(table.contains("2026-08 (open)"), "{table}");
    assert!(table.contains("open: 40.00 due by 2026-08-31"), "{table}");
    assert!(table.contains("arrears 30.00"), "{table}");
    let json: Value = serde_json::from_str(&report.render(Format::Json)).unwrap();
    let last = &json["gardens"][0]["currencies"][0]["periods"][7];
    assert_eq!(last["period"], "2026-08");
    assert_eq!(last["open"], true);
    assert_eq!(last["due_by"], "2026-08-31");
    assert_eq!(last["outstanding"], "40.00");
    assert_eq!(last["carried"], "-30.00");
    assert_eq!(json["has_open_period"], true);
    assert_eq!(json["totals"][0]["outstanding"], "40.00");
    let csv = report.render(Format::Csv);
    let mut reader = csv::ReaderBuilder::new().from_reader(csv.as_bytes());
    let header = reader.headers().unwrap().clone();
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    let records: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    let august_row = records
        .iter()
        .find(|r| {
            &r[column("line")] == "period"
                && &r[column("period")] == "2026-08"
                && &r[column("currency")] == "EUR"
        })
        .unwrap();
    assert_eq!(
        (
            &august_row[column("open")],
            &august_row[column("due_by")],
            &august_row[column("outstanding")],
            &august_row[column("carried")]
        ),
        ("true", "2026-08-31", "40.00", "-30.00")
    );
    let july_row = records
        .iter()
        .find(|r| {
            &r[column("line")] == "period"
                && &r[column("period")] == "2026-07"
                && &r[column("currency")] == "EUR"
        })
        .unwrap();
    assert_eq!(&july_row[column("open")], "false");
}

#[test]
fn a_payment_for_an_earlier_month_counts_there_in_json_and_csv_too() {
    // Given the community audited up to 31 August; January's 30.00 was paid on 10 March
    let c = build();
    let report =
        jardins_report::audit(&c.ledger, Some(&gid("paris")), None, date("2026-08-31")).unwrap();
    // Then JSON lists it under January, counting in 2026-01, dated 2026-03-10.
    let json: Value = serde_json::from_str(&report.render(Format::Json)).unwrap();
    let january = &json["gardens"][0]["currencies"][0]["periods"][0];
    assert_eq!(january["period"], "2026-01");
    assert_eq!(january["paid"], "30.00");
    assert_eq!(january["payments"][0]["sequence"], c.seq("paris for jan"));
    assert_eq!(january["payments"][0]["counts_in"], "2026-01");
    assert_eq!(january["payments"][0]["date"], "2026-03-10");
    // And CSV says the same on its payment line.
    let csv = report.render(Format::Csv);
    let mut reader = csv::ReaderBuilder::new().from_reader(csv.as_bytes());
    let header = reader.headers().unwrap().clone();
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    let line = reader
        .records()
        .map(|r| r.unwrap())
        .find(|r| r[column("sequence")] == c.seq("paris for jan").to_string())
        .unwrap();
    assert_eq!(
        (
            &line[column("line")],
            &line[column("period")],
            &line[column("counts_in")],
            &line[column("date")]
        ),
        ("payment", "2026-01", "2026-01", "2026-03-10")
    );
}

#[test]
fn a_conscious_contribution_is_set_against_its_suggestion_and_owes_nothing() {
    let c = build();
    let report = jardins_report::audit(&c.ledger, None, None, date("2026-08-31")).unwrap();
    let graine = report.garden("paris").unwrap().currency("GRAINE").unwrap();
    // 5 graines suggested each month January–August (40), 7 paid in February, nothing due.
    assert_eq!(graine.periods.len(), 8);
    assert!(graine
        .periods
        .iter()
        .all(|p| p.figures.suggested == Some(d("5"))
            && p.figures.due.is_zero()
            && p.figures.carried.is_zero()));
    assert_eq!(
        (
            graine.due,
            graine.suggested,
            graine.paid,
            graine.counted,
            graine.carried_out
        ),
        (d("0"), d("40"), d("7"), d("0"), d("0"))
    );
    let february = &graine.periods[1];
    assert_eq!(february.figures.paid, d("7"));
    assert_eq!(february.payments[0].mode, Mode::Conscious);
    assert!(february.payments[0].called_for && !february.payments[0].counted);
}

#[test]
fn the_audit_names_unpaid_dues_and_payments_no_constitution_calls_for() {
    let c = build();
    let report = jardins_report::audit(&c.ledger, None, None, date("2026-08-31")).unwrap();
    // acme owes 120.00 for the year 2026, one period whose last day is 31 December, and paid
    // nothing; on 31 August the year is not over: the 120.00 is due by 31 December, open and
    // outstanding, not arrears, so acme is not (yet) a garden that paid nothing although due.
    let acme = report.garden("acme-interne").unwrap();
    assert!(acme.members_only);
    let acme_eur = acme.currency("EUR").unwrap();
    assert_eq!(
        periods(acme_eur),
        vec![row("2026", Some(1), "120", "0", "0", "0")]
    );
    let year = &acme_eur.periods[0].figures;
    assert_eq!(
        (year.open, year.due_by, year.outstanding),
        (true, Some(date("2026-12-31")), d("120"))
    );
    assert!(!acme_eur.paid_nothing_although_due());
    // grenoble has no constitution: its 20.00 is called for by none and settles nothing.
    let grenoble = report.garden("grenoble").unwrap();
    assert_eq!(grenoble.currencies.len(), 1);
    let gre = grenoble.currency("EUR").unwrap();
    assert_eq!(
        periods(gre),
        vec![row("2026-02..2026-08", None, "0", "20", "0", "0")]
    );
    assert_eq!(gre.periods[0].figures.asked, Asked::NoConstitution);
    assert_eq!(gre.not_called_for, d("20"));
    let line = &gre.periods[0].payments[0];
    assert_eq!(
        (line.sequence, line.called_for, line.counted),
        (c.seq("grenoble to big"), false, false)
    );
    // camille's 5.00 straight to the big garden: no constitution calls for it either.
    assert_eq!(report.members.len(), 1);
    assert_eq!(report.members[0].paid, d("5"));
    let camille = &report.members[0].payments[0];
    assert_eq!(camille.payer.to_string(), "member:camille");
    assert_eq!(
        (camille.sequence, camille.mode, camille.called_for),
        (c.seq("camille to big"), Mode::Conscious, false)
    );
    // Totals per currency: due 260 (paris) + 120 (acme) = 380, paid 190 + 20 = 210, counted
    // 190 (grenoble's 20 is called for by none), carried −70 (paris; acme's 120 is open, not
    // carried), outstanding 120; paid on the report's days, the same 210; members 5.
    // Graines: 40 suggested, 7 paid.
    let eur = report.total("EUR").unwrap();
    assert_eq!(
        (
            eur.due,
            eur.paid,
            eur.counted,
            eur.not_called_for,
            eur.carried_out,
            eur.outstanding,
            eur.paid_in_dates,
            eur.from_members
        ),
        (
            d("380"),
            d("210"),
            d("190"),
            d("20"),
            d("-70"),
            d("120"),
            d("210"),
            d("5")
        )
    );
    let graine = report.total("GRAINE").unwrap();
    assert_eq!(
        (graine.suggested, graine.paid, graine.due),
        (d("40"), d("7"), d("0"))
    );
    // The last line: the chain was verified, with the number of events and the head hash.
    let last = c.receipts.values().map(|r| r.sequence).max().unwrap();
    assert_eq!(report.chain.events, last);
    assert_eq!(report.chain.head_hash, c.hash("big garden expense"));
    assert!(report.chain.verified_in_full);
    let table = report.render(Format::Table);
    let last_line = table.lines().last().unwrap();
    assert!(
        last_line.starts_with(&format!("Chain verified: {last} events")),
        "{last_line}"
    );
    assert!(last_line.contains(&c.hash("big garden expense")));
    assert!(
        table.contains("Gardens that paid nothing although due:\n  none\n"),
        "{table}"
    );
    assert!(table.contains("MEMBERS ONLY"));
    // When audited on 10 January 2027, 2026 is over: acme's 120.00 is in arrears and it is
    // named as a garden that paid nothing although due (120.00 of finished periods); 2027's
    // own 120.00 is open until 31 December 2027, outstanding, not carried.
    let later = jardins_report::audit(&c.ledger, None, None, date("2027-01-10")).unwrap();
    let acme = later
        .garden("acme-interne")
        .unwrap()
        .currency("EUR")
        .unwrap();
    assert_eq!(
        periods(acme),
        vec![
            row("2026", Some(1), "120", "0", "0", "-120"),
            row("2027", Some(1), "120", "0", "0", "-120"),
        ]
    );
    assert_eq!(
        acme.periods
            .iter()
            .map(|p| p.figures.open)
            .collect::<Vec<_>>(),
        [false, true]
    );
    assert_eq!((acme.outstanding, acme.carried_out), (d("120"), d("-120")));
    assert!(acme.paid_nothing_although_due());
    let table = later.render(Format::Table);
    assert!(
        table.contains("garden:acme-interne: 120.00 EUR due, nothing paid"),
        "{table}"
    );
}

#[test]
fn an_audit_that_does_not_verify_the_whole_chain_says_what_it_checked() {
    // Given the community; when the audit checks only the records behind its figures
    let c = build();
    let report = jardins_report::audit_with(
        &c.ledger,
        Some(&gid("paris")),
        None,
        date("2026-08-31"),
        ChainCheck::RecordsShown,
    )
    .unwrap();
    // Then it read paris's 9 payment lines, the reversed entry behind the correction, the
    // correction once more to date it, and the head record: 12 records; and it says so.
    assert!(!report.chain.verified_in_full);
    assert_eq!(report.chain.records_read, 12);
    let last = report
        .render(Format::Table)
        .lines()
        .last()
        .unwrap()
        .to_string();
    assert!(
        last.starts_with("Chain NOT verified in full by this audit")
            && last.contains("12 records")
            && last.contains(&c.hash("big garden expense"))
            && last.contains("jardins verify"),
        "{last}"
    );
    // The figures are those of the fully verified audit.
    let full =
        jardins_report::audit(&c.ledger, Some(&gid("paris")), None, date("2026-08-31")).unwrap();
    assert!(full.chain.verified_in_full);
    assert_eq!(full.gardens, report.gardens);
    // When it checks every hash and link but rebuilds nothing, then it says that, and the
    // figures are the same again.
    let links = jardins_report::audit_with(
        &c.ledger,
        Some(&gid("paris")),
        None,
        date("2026-08-31"),
        ChainCheck::Links,
    )
    .unwrap();
    assert_eq!(links.chain.checked, jardins_report::Checked::Links);
    assert!(!links.chain.verified_in_full);
    let last = links
        .render(Format::Table)
        .lines()
        .last()
        .unwrap()
        .to_string();
    assert!(
        last.starts_with(&format!(
            "Chain verified: {} events, every hash recomputed and linked; head hash {}",
            c.ledger.head().sequence,
            c.hash("big garden expense")
        )) && last.contains("not rebuilt from the log"),
        "{last}"
    );
    assert_eq!(links.gardens, report.gardens);
}

#[test]
fn an_audit_from_a_later_date_carries_in_the_arrears_before_it() {
    // When paris alone is audited from 20 May (counted from 1 May) to 31 August
    let c = build();
    let report = jardins_report::audit(
        &c.ledger,
        Some(&gid("paris")),
        Some(date("2026-05-20")),
        date("2026-08-31"),
    )
    .unwrap();
    assert_eq!(report.from, Some(date("2026-05-01")));
    assert_eq!(report.gardens.len(), 1);
    assert!(report.members.is_empty());
    let eur = report.garden("paris").unwrap().currency("EUR").unwrap();
    // Then January to April were each paid for (April again on 2 May): nothing is carried in.
    // The payment of 2 May "for 2026-04" is dated within the report but counts for April,
    // before it: it is listed as carried in, not under May.
    assert_eq!(eur.carried_in, d("0"));
    let carried_in: Vec<(u64, Month)> = eur
        .carried_in_payments
        .iter()
        .map(|l| (l.sequence, l.counts_in))
        .collect();
    assert_eq!(
        carried_in,
        vec![(c.seq("paris for apr again"), "2026-04".parse().unwrap())]
    );
    assert_eq!(
        periods(eur),
        vec![
            row("2026-05", Some(1), "30", "30", "30", "0"),
            row("2026-06", Some(1), "30", "0", "0", "-30"),
            row("2026-07", Some(2), "40", "40", "40", "-30"),
            row("2026-08", Some(2), "40", "0", "0", "-70"),
        ]
    );
    // Due 30 + 30 + 40 + 40 = 140; paid for these months 30 + 40 = 70; paid on these days
    // 30 (April's, on 2 May) + 30 + 40 = 100.
    let total = report.total("EUR").unwrap();
    assert_eq!(
        (
            total.due,
            total.paid,
            total.paid_in_dates,
            total.from_members
        ),
        (d("140"), d("70"), d("100"), d("0"))
    );
    assert_eq!(report.total("GRAINE").unwrap().suggested, d("20"));
    // And from 10 July (counted from 1 July), June's unpaid 30.00 comes in as arrears.
    let july = jardins_report::audit(
        &c.ledger,
        Some(&gid("paris")),
        Some(date("2026-07-10")),
        date("2026-08-31"),
    )
    .unwrap();
    let eur = july.garden("paris").unwrap().currency("EUR").unwrap();
    assert_eq!(eur.carried_in, d("-30"));
    assert!(eur.carried_in_payments.is_empty());
    assert_eq!(
        periods(eur),
        vec![
            row("2026-07", Some(2), "40", "40", "40", "-30"),
            row("2026-08", Some(2), "40", "0", "0", "-70"),
        ]
    );
}

#[test]
fn commitments_show_due_to_date_paid_and_the_standing_of_each() {
    let c = build();
    // As of 30 April: camille owes 4 × 10 = 40.00 and paid 30.00; dominique owes 2 × 15 =
    // 30.00 (March, April) and paid 45.00, May's in advance.
    let report = jardins_report::commitments(&c.ledger, None, date("2026-04-30")).unwrap();
    let rows: Vec<(&str, &str, u32, Decimal, Decimal, Decimal)> = report
        .rows
        .iter()
        .map(|r| {
            (
                r.commitment.as_str(),
                r.person.as_str(),
                r.periods_due,
                r.due,
                r.paid,
                r.difference(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        vec![
            ("camille-2026", "camille", 4, d("40"), d("30"), d("-10")),
            ("dominique-2026", "dominique", 2, d("30"), d("45"), d("15")),
        ]
    );
    assert_eq!(
        (report.totals[0].due, report.totals[0].paid),
        (d("70"), d("75"))
    );
    let table = report.render(Format::Table);
    assert!(
        table.contains("arrears 10.00") && table.contains("advance 15.00"),
        "{table}"
    );
    // As of 28 February, dominique had not committed yet; camille was settled.
    let february = jardins_report::commitments(&c.ledger, None, date("2026-02-28")).unwrap();
    assert_eq!(february.rows.len(), 1);
    let camille = &february.rows[0];
    assert_eq!(
        (camille.due, camille.paid, camille.difference()),
        (d("20"), d("20"), d("0"))
    );
    // As of 1 April (payments recorded later are traced and left out): dominique owes March,
    // 15.00, and had paid 15.00; April is not over: its 15.00 is open, outstanding, not arrears.
    let april = jardins_report::commitments(&c.ledger, None, date("2026-04-01")).unwrap();
    let dominique = april.row("dominique-2026").unwrap();
    assert_eq!(
        (
            dominique.periods_due,
            dominique.due,
            dominique.paid,
            dominique.difference(),
            dominique.periods_open,
            dominique.outstanding
        ),
        (1, d("15"), d("15"), d("0"), 1, d("15"))
    );
    // Narrowed to grenoble: no commitment.
    let grenoble =
        jardins_report::commitments(&c.ledger, Some(&gid("grenoble")), date("2026-08-31")).unwrap();
    assert!(grenoble.rows.is_empty());
    let json: Value = serde_json::from_str(&report.render(Format::Json)).unwrap();
    assert_eq!(json["commitments"][0]["difference"], "-10.00");
    assert_eq!(json["commitments"][0]["standing"], "arrears");
    assert_eq!(json["commitments"][1]["paid"], "45.00");
}

#[test]
fn reports_refuse_what_they_cannot_answer_and_say_how_to_fix_it() {
    let c: Community = build();
    let to = date("2026-08-31");
    let no_garden =
        jardins_report::balance(&c.ledger, &garden("nowhere"), None, to, false).unwrap_err();
    assert!(matches!(no_garden, ReportError::NoSuchGarden { .. }));
    assert!(no_garden.to_string().contains("jardins garden list"));
    let member = jardins_report::balance(
        &c.ledger,
        &"member:camille".parse().unwrap(),
        None,
        to,
        false,
    )
    .unwrap_err();
    assert!(matches!(member, ReportError::NotReportable { .. }));
    let backwards = jardins_report::balance(
        &c.ledger,
        &Account::BigGarden,
        Some(date("2026-09-01")),
        to,
        false,
    )
    .unwrap_err();
    assert!(matches!(backwards, ReportError::BadRange { .. }));
    assert!(backwards.to_string().contains("on or before"));
    assert!(matches!(
        jardins_report::audit(&c.ledger, Some(&gid("nowhere")), None, to),
        Err(ReportError::NoSuchGarden { .. })
    ));
    assert!(matches!(
        jardins_report::commitments(&c.ledger, Some(&gid("nowhere")), to),
        Err(ReportError::NoSuchGarden { .. })
    ));
}

#[test]
fn csv_neutralises_formulas_and_keeps_negative_amounts_as_numbers() {
    let c = build();
    let audit = jardins_report::audit(&c.ledger, None, None, date("2026-08-31")).unwrap();
    let text = audit.render(Format::Csv);
    let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let header = reader.headers().unwrap().clone();
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    let records: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    // camille's note, a formula, is shown as text.
    let camille = records
        .iter()
        .find(|r| &r[column("line")] == "member_payment")
        .unwrap();
    assert_eq!(
        &camille[column("note")],
        format!("'{}", report_support::FORMULA_NOTE)
    );
    assert_eq!(&camille[column("amount")], "5.00");
    // The reversal's amount stays a plain negative number, and so do arrears.
    let reversal = records
        .iter()
        .find(|r| r[column("sequence")] == c.seq("reversal").to_string())
        .unwrap();
    assert_eq!(&reversal[column("amount")], "-30.00");
    assert_eq!(&reversal[column("hash")], c.hash("reversal"));
    let august = records
        .iter()
        .find(|r| {
            &r[column("line")] == "period"
                && &r[column("garden")] == "paris"
                && &r[column("period")] == "2026-08"
                && &r[column("currency")] == "EUR"
        })
        .unwrap();
    assert_eq!(&august[column("carried")], "-70.00");
    // No cell anywhere begins with a formula character unless it is a plain number.
    for record in &records {
        for cell in record.iter() {
            if cell.starts_with(['=', '+', '@']) {
                panic!("unneutralised cell {cell:?}");
            }
            if let Some(rest) = cell.strip_prefix('-') {
                assert!(
                    rest.parse::<Decimal>().is_ok(),
                    "unneutralised cell {cell:?}"
                );
            }
        }
    }
    // Balance CSV: one line per figure, exact amounts.
    let balance =
        jardins_report::balance(&c.ledger, &garden("paris"), None, date("2026-08-31"), false)
            .unwrap()
            .render(Format::Csv);
    assert!(
        balance.contains("garden:paris,EUR,total,,2026-08-31,closing,,207.50,"),
        "{balance}"
    );
    assert!(
        balance.contains(
            "garden:paris,EUR,total,,2026-08-31,out,contributions_to_the_big_garden,-220.00,0.00"
        ),
        "{balance}"
    );
    assert!(
        balance.contains(
            "garden:paris,EUR,total,,2026-08-31,correction,contributions_to_the_big_garden,30.00,"
        ),
        "{balance}"
    );
}

#[test]
fn json_audit_carries_exact_strings_and_the_chain_statement() {
    let c = build();
    let audit = jardins_report::audit(&c.ledger, None, None, date("2026-08-31")).unwrap();
    let json: Value = serde_json::from_str(&audit.render(Format::Json)).unwrap();
    let paris = json["gardens"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["garden"] == "paris")
        .unwrap();
    let eur = &paris["currencies"][0];
    assert_eq!(eur["currency"], "EUR");
    assert_eq!(eur["carried_out"], "-70.00");
    assert_eq!(eur["standing"], "arrears");
    assert_eq!(eur["periods"][6]["version"], 2);
    assert_eq!(eur["periods"][6]["due"], "40.00");
    // January's payment, made on 10 March "for 2026-01", is under January, late.
    assert_eq!(
        eur["periods"][0]["payments"][0]["hash"],
        c.hash("paris for jan")
    );
    assert_eq!(eur["periods"][0]["payments"][0]["late"], true);
    assert_eq!(eur["periods"][0]["payments"][0]["counts_in"], "2026-01");
    assert_eq!(json["totals"][0]["due"], "380.00");
    assert_eq!(json["totals"][1]["currency"], "GRAINE");
    assert_eq!(json["totals"][1]["suggested"], "40");
    assert_eq!(json["chain"]["head_hash"], c.hash("big garden expense"));
    assert_eq!(json["chain"]["verified_in_full"], true);
}

#[test]
fn charts_are_svg_pictures_with_their_titles() {
    let c = build();
    let dir = tempfile::tempdir().unwrap();
    let balance_path = dir.path().join("balance.svg");
    jardins_report::balance(&c.ledger, &garden("paris"), None, date("2026-08-31"), false)
        .unwrap()
        .chart_svg(&balance_path)
        .unwrap();
    let svg = std::fs::read_to_string(&balance_path).unwrap();
    assert!(svg.starts_with("<svg"), "{}", &svg[..80.min(svg.len())]);
    assert!(svg.contains("garden:paris in EUR") && svg.contains("garden:paris in GRAINE"));
    assert!(svg.contains("2026-08"));
    let audit_path = dir.path().join("audit.svg");
    jardins_report::audit(&c.ledger, None, None, date("2026-08-31"))
        .unwrap()
        .chart_svg(&audit_path)
        .unwrap();
    let svg = std::fs::read_to_string(&audit_path).unwrap();
    assert!(
        svg.contains("garden:acme-interne (Jardin interne d&apos;Acme, members only)")
            || svg.contains("members only")
    );
    assert!(svg.contains("due") && svg.contains("paid"));
    // A chart written where it cannot be says where and why.
    let nowhere = dir.path().join("missing").join("chart.svg");
    let error = jardins_report::audit(&c.ledger, None, None, date("2026-08-31"))
        .unwrap()
        .chart_svg(&nowhere)
        .unwrap_err();
    assert!(matches!(error, ReportError::Io { .. }));
    assert!(error.to_string().contains("chart.svg"));
}

#[test]
fn the_audit_of_every_garden_reads_each_garden_as_its_own_audit_does() {
    // Given the community; when every garden is audited at once (payments read from the big
    // garden's side) and each alone (payments read from the garden's side),
    let c = build();
    let to = date("2026-08-31");
    let all = jardins_report::audit(&c.ledger, None, None, to).unwrap();
    assert!(all.gardens.len() >= 2, "several gardens are audited");
    // then each garden's figures and payments are the same both ways.
    for garden in &all.gardens {
        let alone = jardins_report::audit(&c.ledger, Some(&garden.id), None, to).unwrap();
        assert_eq!(alone.gardens.len(), 1);
        assert_eq!(&alone.gardens[0], garden, "garden:{}", garden.id);
    }
}
