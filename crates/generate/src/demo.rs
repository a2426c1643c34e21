//! The demo community: a year in the life of four gardens, September 2025 to August 2026.
//!
//! - **Jardin de Paris** (local) lives on fixed monthly amounts in euros. Its constitution
//!   changes on 1 March 2026: the contribution to the big garden becomes conscious.
//!   November's contribution is paid late, in January; one payment is recorded twice in
//!   December and the duplicate is reversed. Hugo leaves at the end of April.
//! - **Jardin de Grenoble** (local) has no constitution until 1 December 2025; then it works
//!   in graines (GRAINE), the complementary currency, with yearly commitments, and gives the
//!   big garden graines every month and euros when it can.
//! - **Jardin Clown & gouvernance partagée** (thematic) asks no commitment: it lives on the
//!   tickets of its three clown workshops. It pays the big garden yearly; 2026 is not paid yet.
//! - **Jardin interne, Coopérative Les Tisserands** (organisation, members only) is funded by
//!   the cooperative, and everything in it is conscious participation.
//!
//! Each step is a command, recorded through `decide` as the ledger would: the story is valid
//! by construction, and the tests replay it.
//!
//! Figures at the end of the year (31 August 2026), to check by hand:
//!
//! | account | EUR | GRAINE |
//! | --- | --- | --- |
//! | garden:paris | 27.50 | 0 |
//! | garden:grenoble | 92.00 | 105 |
//! | garden:clown-gouvernance | 70.00 | 45 |
//! | garden:org-tisserands | 350.00 | 0 |
//! | big-garden | 680.00 | 180 |
//!
//! Paris: in, 490 of commitments (Camille, Mehdi 10 and Léa 15 a month for twelve months, Hugo
//! 10 for seven), 300 of forum tickets and 112.50 at the picnic; out, 330 of facilitation
//! (25 × 6, then 30 × 6), 425 to the big garden and 120 of room. To the big garden Paris owed
//! 30 a month under version 1 (September to February, 180), paid 180, November's on 12 January;
//! under version 2 it was asked what it felt right, 40 a month suggested (240 over March to
//! August), and paid 245. Léa's duplicate December payment (15) is reversed.

use chrono::NaiveDate;
use jardins_ledger::{
    Account, Amount, Cadence, CollectionKind, Command, CommandKind, CommitmentId, Constitution,
    CorePerson, CurrencyCode, EconomicModel, Event, GardenId, GardenKind, MemberRole, Mode, Month,
    Name, PaysFor, Period, PersonId, RoleId, Text,
};

use crate::models::{collection, conscious, fixed, graine, graine_code, role};
use crate::recorder::Recorder;
use crate::DECIDED_ON;

/// The demo community's events, for a fresh ledger (its first event is sequence 2).
pub fn demo() -> Vec<Event> {
    story().events
}

/// The commands the demo community is made of, in the order they are recorded.
pub fn demo_commands() -> Vec<Command> {
    story().commands
}

/// Records the story's commands one by one.
struct Story {
    recorder: Recorder,
    commands: Vec<Command>,
    events: Vec<Event>,
}

impl Story {
    /// Records one step and returns its sequence number.
    fn record(&mut self, on: NaiveDate, kind: CommandKind) -> u64 {
        let command = Command { on, kind };
        let events = match self.recorder.record(&command) {
            Ok(events) => events,
            // The story is fixed data that the tests replay: a refusal is a mistake in it.
            Err(refusal) => panic!("the demo story breaks a rule on {on}: {refusal:?}"),
        };
        self.commands.push(command);
        self.events.extend(events);
        self.recorder.last_sequence()
    }

    fn open(
        &mut self,
        on: NaiveDate,
        garden: &str,
        name: &str,
        kind: GardenKind,
        core: &[(&str, &str)],
    ) {
        let core = core
            .iter()
            .map(|(id, name)| CorePerson {
                person: person(id),
                name: self::name(name),
            })
            .collect();
        self.record(
            on,
            CommandKind::OpenGarden {
                garden: garden_id(garden),
                name: self::name(name),
                kind,
                core,
            },
        );
    }

    fn adopt(
        &mut self,
        on: NaiveDate,
        garden: &str,
        version: u32,
        purpose: &str,
        model: EconomicModel,
    ) {
        self.record(
            on,
            CommandKind::AdoptConstitution {
                garden: garden_id(garden),
                constitution: Constitution {
                    version,
                    effective: on,
                    purpose: text(purpose),
                    entry_rules: text("Entrée après une rencontre d'accueil et l'accord du noyau."),
                    exit_rules: text("On sort en le disant au cercle ; les engagements prennent fin le jour de la sortie."),
                    model,
                },
            },
        );
    }

    fn join(&mut self, on: NaiveDate, garden: &str, who: &str, name: &str, role: MemberRole) {
        self.record(
            on,
            CommandKind::JoinGarden {
                garden: garden_id(garden),
                person: person(who),
                name: self::name(name),
                role,
            },
        );
    }

    fn commit(
        &mut self,
        on: NaiveDate,
        commitment: &str,
        garden: &str,
        who: &str,
        (amount, currency): (Amount, CurrencyCode),
        cadence: Cadence,
    ) {
        self.record(
            on,
            CommandKind::MakeCommitment {
                commitment: commitment_id(commitment),
                garden: garden_id(garden),
                person: person(who),
                amount,
                currency,
                cadence,
                from: on,
                until: None,
            },
        );
    }

    /// A member pays toward their commitment.
    fn pay_commitment(
        &mut self,
        on: NaiveDate,
        who: &str,
        garden: &str,
        commitment: &str,
        (amount, currency): (Amount, CurrencyCode),
        mode: Mode,
    ) -> u64 {
        self.record(
            on,
            CommandKind::PayContribution {
                from: Account::Member(person(who)),
                to: Account::Garden(garden_id(garden)),
                amount,
                currency,
                mode,
                pays_for: PaysFor::Commitment(commitment_id(commitment)),
                note: Text::default(),
            },
        )
    }

    /// A member gives what they feel, outside any commitment.
    fn give(
        &mut self,
        on: NaiveDate,
        who: &str,
        garden: &str,
        (amount, currency): (Amount, CurrencyCode),
    ) {
        self.record(
            on,
            CommandKind::PayContribution {
                from: Account::Member(person(who)),
                to: Account::Garden(garden_id(garden)),
                amount,
                currency,
                mode: Mode::Conscious,
                pays_for: PaysFor::OneOff,
                note: text("Participation consciente"),
            },
        );
    }

    /// A garden pays the big garden for a period.
    fn contribute(
        &mut self,
        on: NaiveDate,
        garden: &str,
        (amount, currency): (Amount, CurrencyCode),
        mode: Mode,
        period: Period,
        note: &str,
    ) {
        self.record(
            on,
            CommandKind::PayContribution {
                from: Account::Garden(garden_id(garden)),
                to: Account::BigGarden,
                amount,
                currency,
                mode,
                pays_for: PaysFor::Period(period),
                note: text(note),
            },
        );
    }

    fn value_role(
        &mut self,
        on: NaiveDate,
        garden: &str,
        role: &str,
        holder: &str,
        (amount, currency): (Amount, CurrencyCode),
    ) {
        self.record(
            on,
            CommandKind::ValueRole {
                garden: garden_id(garden),
                role: role_id(role),
                holder: person(holder),
                amount,
                currency,
                period: Period::Month(Month::of(on)),
            },
        );
    }

    fn collect(
        &mut self,
        on: NaiveDate,
        garden: &str,
        collection: CollectionKind,
        (amount, currency): (Amount, CurrencyCode),
        mode: Mode,
        note: &str,
    ) {
        self.record(
            on,
            CommandKind::RecordCollection {
                garden: garden_id(garden),
                collection,
                amount,
                currency,
                mode,
                note: text(note),
            },
        );
    }

    fn expense(
        &mut self,
        on: NaiveDate,
        payer: Account,
        (amount, currency): (Amount, CurrencyCode),
        note: &str,
    ) {
        self.record(
            on,
            CommandKind::PayExpense {
                payer,
                amount,
                currency,
                note: text(note),
            },
        );
    }
}

fn day(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).expect("a date of the story")
}

fn eur(amount: &str) -> (Amount, CurrencyCode) {
    (
        Amount::parse(amount).expect("an amount of the story"),
        CurrencyCode::euro(),
    )
}

fn gr(amount: &str) -> (Amount, CurrencyCode) {
    (
        Amount::parse(amount).expect("an amount of the story"),
        graine_code(),
    )
}

fn person(id: &str) -> PersonId {
    id.parse().expect("a person of the story")
}

fn garden_id(id: &str) -> GardenId {
    id.parse().expect("a garden of the story")
}

fn commitment_id(id: &str) -> CommitmentId {
    id.parse().expect("a commitment of the story")
}

fn role_id(id: &str) -> RoleId {
    id.parse().expect("a role of the story")
}

fn name(text: &str) -> Name {
    Name::new(text).expect("a name of the story")
}

fn text(literal: &str) -> Text {
    Text::new(literal).expect("a text of the story")
}

const PARIS: &str = "paris";
const GRENOBLE: &str = "grenoble";
const CLOWN: &str = "clown-gouvernance";
const TISSERANDS: &str = "org-tisserands";

const PARIS_PURPOSE: &str =
    "Apprendre ensemble la gouvernance partagée, entre jardinier·es de Paris et d'Île-de-France.";

/// Paris, version 1: everything fixed and monthly, in euros.
fn paris_model_v1() -> EconomicModel {
    let e = CurrencyCode::euro();
    EconomicModel {
        roles: vec![role(
            "facilitation",
            "Facilitation des rencontres",
            fixed(&e, eur("25").0, Cadence::Monthly),
        )],
        big_garden: vec![fixed(&e, eur("30").0, Cadence::Monthly)],
        commitments: vec![fixed(&e, eur("10").0, Cadence::Monthly)],
        collections: vec![
            collection(
                CollectionKind::Event,
                fixed(&e, eur("12").0, Cadence::OneOff),
            ),
            collection(
                CollectionKind::Gathering,
                conscious(&e, Some(eur("5").0), Cadence::OneOff),
            ),
        ],
    }
}

/// Paris, version 2 (1 March 2026): the big garden receives what the garden feels right
/// (40 euros a month suggested), facilitation is valued 30 euros, new commitments start at 12.
fn paris_model_v2() -> EconomicModel {
    let e = CurrencyCode::euro();
    EconomicModel {
        roles: vec![role(
            "facilitation",
            "Facilitation des rencontres",
            fixed(&e, eur("30").0, Cadence::Monthly),
        )],
        big_garden: vec![conscious(&e, Some(eur("40").0), Cadence::Monthly)],
        commitments: vec![fixed(&e, eur("12").0, Cadence::Monthly)],
        ..paris_model_v1()
    }
}

/// Grenoble, version 1 (1 December 2025): graines first.
fn grenoble_model() -> EconomicModel {
    let e = CurrencyCode::euro();
    let g = graine_code();
    EconomicModel {
        roles: vec![role(
            "facilitation",
            "Facilitation des rencontres",
            fixed(&g, gr("25").0, Cadence::Monthly),
        )],
        big_garden: vec![
            fixed(&g, gr("20").0, Cadence::Monthly),
            conscious(&e, Some(eur("15").0), Cadence::Monthly),
        ],
        commitments: vec![fixed(&g, gr("120").0, Cadence::Yearly)],
        collections: vec![collection(
            CollectionKind::Gathering,
            conscious(&e, Some(eur("5").0), Cadence::OneOff),
        )],
    }
}

/// Clown & gouvernance partagée: no commitment, workshops at a fixed price.
fn clown_model() -> EconomicModel {
    let e = CurrencyCode::euro();
    let g = graine_code();
    EconomicModel {
        roles: vec![role(
            "animation",
            "Animation des stages",
            fixed(&e, eur("80").0, Cadence::Monthly),
        )],
        big_garden: vec![fixed(&e, eur("100").0, Cadence::Yearly)],
        commitments: Vec::new(),
        collections: vec![
            collection(
                CollectionKind::Event,
                fixed(&e, eur("25").0, Cadence::OneOff),
            ),
            collection(
                CollectionKind::Gathering,
                conscious(&g, None, Cadence::OneOff),
            ),
        ],
    }
}

/// Les Tisserands: all conscious, funded by the cooperative.
fn tisserands_model() -> EconomicModel {
    let e = CurrencyCode::euro();
    EconomicModel {
        roles: vec![role(
            "premier-lien",
            "Premier lien",
            conscious(&e, Some(eur("30").0), Cadence::Monthly),
        )],
        big_garden: vec![conscious(&e, None, Cadence::Yearly)],
        commitments: vec![conscious(&e, Some(eur("5").0), Cadence::Monthly)],
        collections: vec![collection(
            CollectionKind::Fundraising,
            conscious(&e, None, Cadence::OneOff),
        )],
    }
}

/// The 15th of each month in Paris: each member pays their commitment.
fn paris_pay_day(s: &mut Story, year: i32, month: u32) {
    let on = day(year, month, 15);
    s.pay_commitment(
        on,
        "camille",
        PARIS,
        "camille-paris",
        eur("10"),
        Mode::Fixed,
    );
    s.pay_commitment(on, "mehdi", PARIS, "mehdi-paris", eur("10"), Mode::Fixed);
    s.pay_commitment(on, "lea", PARIS, "lea-paris", eur("15"), Mode::Fixed);
    // Hugo is a member from October to April.
    if (year, month) >= (2025, 10) && (year, month) <= (2026, 4) {
        s.pay_commitment(on, "hugo", PARIS, "hugo-paris", eur("10"), Mode::Fixed);
    }
}

/// The 28th of each month: the roles are valued, and Grenoble sends its graines to the big garden.
fn roles_day(s: &mut Story, year: i32, month: u32) {
    let on = day(year, month, 28);
    if (year, month) < (2026, 3) {
        s.value_role(on, PARIS, "facilitation", "camille", eur("25"));
    } else {
        // From version 2, Inès, a companion, facilitates.
        s.value_role(on, PARIS, "facilitation", "ines", eur("30"));
    }
    if (year, month) >= (2025, 12) {
        s.value_role(on, GRENOBLE, "facilitation", "theo", gr("25"));
        s.contribute(
            on,
            GRENOBLE,
            gr("20"),
            Mode::Fixed,
            Period::Month(Month::of(on)),
            "Graines du mois pour le grand jardin",
        );
    }
}

/// Paris's monthly contribution to the big garden.
fn paris_contributes(s: &mut Story, on: NaiveDate, amount: &str, mode: Mode) {
    s.contribute(
        on,
        PARIS,
        eur(amount),
        mode,
        Period::Month(Month::of(on)),
        "Contribution du mois au grand jardin",
    );
}

fn story() -> Story {
    let mut s = Story {
        recorder: Recorder::new(DECIDED_ON),
        commands: Vec::new(),
        events: Vec::new(),
    };

    // ---- September 2025: the year begins.
    s.record(
        day(2025, 9, 1),
        CommandKind::DeclareCurrency { currency: graine() },
    );
    s.open(
        day(2025, 9, 1),
        PARIS,
        "Jardin de Paris",
        GardenKind::Local {
            territory: name("Paris"),
        },
        &[("camille", "Camille Durand"), ("mehdi", "Mehdi Benali")],
    );
    s.adopt(day(2025, 9, 1), PARIS, 1, PARIS_PURPOSE, paris_model_v1());
    s.commit(
        day(2025, 9, 1),
        "camille-paris",
        PARIS,
        "camille",
        eur("10"),
        Cadence::Monthly,
    );
    s.commit(
        day(2025, 9, 1),
        "mehdi-paris",
        PARIS,
        "mehdi",
        eur("10"),
        Cadence::Monthly,
    );
    // Grenoble opens without a constitution: its core takes three months to write one.
    s.open(
        day(2025, 9, 6),
        GRENOBLE,
        "Jardin de Grenoble",
        GardenKind::Local {
            territory: name("Grenoble"),
        },
        &[("zoe", "Zoé Bonnet"), ("theo", "Théo Girard")],
    );
    s.join(
        day(2025, 9, 10),
        PARIS,
        "lea",
        "Léa Moreau",
        MemberRole::Gardener,
    );
    s.commit(
        day(2025, 9, 10),
        "lea-paris",
        PARIS,
        "lea",
        eur("15"),
        Cadence::Monthly,
    );
    paris_pay_day(&mut s, 2025, 9);
    s.open(
        day(2025, 9, 15),
        CLOWN,
        "Jardin Clown & gouvernance partagée",
        GardenKind::Thematic {
            theme: name("Clown & gouvernance partagée"),
        },
        &[("sacha", "Sacha Roux"), ("margaux", "Margaux Lambert")],
    );
    s.adopt(
        day(2025, 9, 15),
        CLOWN,
        1,
        "Explorer par le jeu clownesque nos postures dans la gouvernance partagée.",
        clown_model(),
    );
    s.join(
        day(2025, 9, 20),
        GRENOBLE,
        "fatou",
        "Fatou Diallo",
        MemberRole::Gardener,
    );
    // Léa, of Paris, also joins the clown garden: a thematic garden spans territories.
    s.join(
        day(2025, 9, 20),
        CLOWN,
        "lea",
        "Léa Moreau",
        MemberRole::Gardener,
    );
    s.collect(
        day(2025, 9, 27),
        GRENOBLE,
        CollectionKind::Gathering,
        eur("64"),
        Mode::Conscious,
        "Chapeau de la rencontre de rentrée",
    );
    roles_day(&mut s, 2025, 9);
    paris_contributes(&mut s, day(2025, 9, 30), "30", Mode::Fixed);

    // ---- October 2025: Les Tisserands open their internal garden.
    s.open(
        day(2025, 10, 1),
        TISSERANDS,
        "Jardin interne, Coopérative Les Tisserands",
        GardenKind::Organisation {
            organisation: name("Coopérative Les Tisserands"),
        },
        &[
            ("dominique", "Dominique Mercier"),
            ("yanis", "Yanis Chevalier"),
        ],
    );
    s.adopt(
        day(2025, 10, 1),
        TISSERANDS,
        1,
        "Offrir aux coopérateur·ices un espace d'inclusion, d'apprentissage et de débriefing.",
        tisserands_model(),
    );
    s.collect(
        day(2025, 10, 1),
        TISSERANDS,
        CollectionKind::Fundraising,
        eur("600"),
        Mode::Conscious,
        "Soutien annuel de la coopérative",
    );
    s.join(
        day(2025, 10, 1),
        CLOWN,
        "fatou",
        "Fatou Diallo",
        MemberRole::Gardener,
    );
    s.join(
        day(2025, 10, 2),
        PARIS,
        "hugo",
        "Hugo Petit",
        MemberRole::Gardener,
    );
    s.commit(
        day(2025, 10, 2),
        "hugo-paris",
        PARIS,
        "hugo",
        eur("10"),
        Cadence::Monthly,
    );
    s.join(
        day(2025, 10, 5),
        PARIS,
        "ines",
        "Inès Fournier",
        MemberRole::Companion,
    );
    paris_pay_day(&mut s, 2025, 10);
    s.give(day(2025, 10, 15), "fatou", GRENOBLE, eur("20"));
    // The first clown workshop: twelve places at 25 euros.
    s.collect(
        day(2025, 10, 18),
        CLOWN,
        CollectionKind::Event,
        eur("300"),
        Mode::Fixed,
        "Stage clown d'automne, 12 places",
    );
    s.expense(
        day(2025, 10, 18),
        Account::Garden(garden_id(CLOWN)),
        eur("180"),
        "Location de la salle et nez rouges",
    );
    s.value_role(day(2025, 10, 18), CLOWN, "animation", "sacha", eur("80"));
    roles_day(&mut s, 2025, 10);
    paris_contributes(&mut s, day(2025, 10, 31), "30", Mode::Fixed);

    // ---- November 2025: the Paris forum. Paris forgets November's contribution.
    s.join(
        day(2025, 11, 3),
        TISSERANDS,
        "anais",
        "Anaïs Roussel",
        MemberRole::Gardener,
    );
    s.commit(
        day(2025, 11, 3),
        "anais-tisserands",
        TISSERANDS,
        "anais",
        eur("5"),
        Cadence::Monthly,
    );
    s.pay_commitment(
        day(2025, 11, 3),
        "anais",
        TISSERANDS,
        "anais-tisserands",
        eur("15"),
        Mode::Conscious,
    );
    paris_pay_day(&mut s, 2025, 11);
    s.give(day(2025, 11, 15), "zoe", GRENOBLE, eur("15"));
    s.collect(
        day(2025, 11, 22),
        PARIS,
        CollectionKind::Event,
        eur("300"),
        Mode::Fixed,
        "Forum ouvert de la gouvernance partagée, 25 entrées",
    );
    s.expense(
        day(2025, 11, 22),
        Account::Garden(garden_id(PARIS)),
        eur("120"),
        "Location de la salle du forum",
    );
    roles_day(&mut s, 2025, 11);

    // ---- December 2025: Grenoble adopts its constitution; a payment is recorded twice.
    s.adopt(
        day(2025, 12, 1),
        GRENOBLE,
        1,
        "Cultiver la gouvernance partagée à Grenoble, en graines autant qu'en euros.",
        grenoble_model(),
    );
    for (who, amount) in [("zoe", "120"), ("theo", "120"), ("fatou", "150")] {
        let commitment = format!("{who}-grenoble");
        s.commit(
            day(2025, 12, 1),
            &commitment,
            GRENOBLE,
            who,
            gr(amount),
            Cadence::Yearly,
        );
    }
    for (who, amount) in [("zoe", "120"), ("theo", "120"), ("fatou", "150")] {
        let commitment = format!("{who}-grenoble");
        s.pay_commitment(
            day(2025, 12, 5),
            who,
            GRENOBLE,
            &commitment,
            gr(amount),
            Mode::Fixed,
        );
    }
    paris_pay_day(&mut s, 2025, 12);
    let duplicate = s.pay_commitment(
        day(2025, 12, 15),
        "lea",
        PARIS,
        "lea-paris",
        eur("15"),
        Mode::Fixed,
    );
    s.contribute(
        day(2025, 12, 15),
        CLOWN,
        eur("100"),
        Mode::Fixed,
        Period::Year(2025),
        "Contribution 2025 au grand jardin",
    );
    s.record(
        day(2025, 12, 18),
        CommandKind::ReverseEntry {
            entry: duplicate,
            reason: text("Saisi deux fois : le virement de Léa n'est arrivé qu'une fois"),
        },
    );
    s.value_role(
        day(2025, 12, 19),
        TISSERANDS,
        "premier-lien",
        "yanis",
        eur("30"),
    );
    roles_day(&mut s, 2025, 12);
    s.contribute(
        day(2025, 12, 28),
        GRENOBLE,
        eur("25"),
        Mode::Conscious,
        Period::Month(Month::of(day(2025, 12, 1))),
        "Un peu d'euros pour le grand jardin",
    );
    paris_contributes(&mut s, day(2025, 12, 30), "30", Mode::Fixed);

    // ---- January 2026: Gaspard joins Grenoble; Paris pays November, late.
    s.join(
        day(2026, 1, 10),
        GRENOBLE,
        "gaspard",
        "Gaspard Lefèvre",
        MemberRole::Gardener,
    );
    s.commit(
        day(2026, 1, 10),
        "gaspard-grenoble",
        GRENOBLE,
        "gaspard",
        gr("120"),
        Cadence::Yearly,
    );
    s.pay_commitment(
        day(2026, 1, 10),
        "gaspard",
        GRENOBLE,
        "gaspard-grenoble",
        gr("120"),
        Mode::Fixed,
    );
    s.contribute(
        day(2026, 1, 12),
        PARIS,
        eur("30"),
        Mode::Fixed,
        Period::Month(Month::of(day(2025, 11, 1))),
        "Contribution de novembre, en retard",
    );
    paris_pay_day(&mut s, 2026, 1);
    roles_day(&mut s, 2026, 1);
    paris_contributes(&mut s, day(2026, 1, 30), "30", Mode::Fixed);

    // ---- February 2026: the winter workshop.
    s.pay_commitment(
        day(2026, 2, 3),
        "anais",
        TISSERANDS,
        "anais-tisserands",
        eur("15"),
        Mode::Conscious,
    );
    s.collect(
        day(2026, 2, 14),
        CLOWN,
        CollectionKind::Event,
        eur("250"),
        Mode::Fixed,
        "Stage clown d'hiver, 10 places",
    );
    s.expense(
        day(2026, 2, 14),
        Account::Garden(garden_id(CLOWN)),
        eur("150"),
        "Location de la salle",
    );
    s.value_role(day(2026, 2, 14), CLOWN, "animation", "margaux", eur("80"));
    paris_pay_day(&mut s, 2026, 2);
    paris_contributes(&mut s, day(2026, 2, 27), "30", Mode::Fixed);
    roles_day(&mut s, 2026, 2);

    // ---- March 2026: Paris adopts version 2 of its constitution.
    s.adopt(day(2026, 3, 1), PARIS, 2, PARIS_PURPOSE, paris_model_v2());
    s.expense(
        day(2026, 3, 12),
        Account::Garden(garden_id(TISSERANDS)),
        eur("85"),
        "Formation mutualisée : frais de l'intervenante",
    );
    paris_pay_day(&mut s, 2026, 3);
    s.collect(
        day(2026, 3, 21),
        GRENOBLE,
        CollectionKind::Gathering,
        eur("58"),
        Mode::Conscious,
        "Chapeau de la rencontre inter-jardins de printemps",
    );
    roles_day(&mut s, 2026, 3);
    paris_contributes(&mut s, day(2026, 3, 31), "40", Mode::Conscious);

    // ---- April 2026: Hugo leaves Paris.
    paris_pay_day(&mut s, 2026, 4);
    s.value_role(
        day(2026, 4, 17),
        TISSERANDS,
        "premier-lien",
        "yanis",
        eur("35"),
    );
    roles_day(&mut s, 2026, 4);
    s.record(
        day(2026, 4, 30),
        CommandKind::EndCommitment {
            commitment: commitment_id("hugo-paris"),
            until: day(2026, 4, 30),
        },
    );
    s.record(
        day(2026, 4, 30),
        CommandKind::LeaveGarden {
            garden: garden_id(PARIS),
            person: person("hugo"),
        },
    );
    paris_contributes(&mut s, day(2026, 4, 30), "35", Mode::Conscious);

    // ---- May 2026: the spring workshop.
    s.pay_commitment(
        day(2026, 5, 4),
        "anais",
        TISSERANDS,
        "anais-tisserands",
        eur("20"),
        Mode::Conscious,
    );
    paris_pay_day(&mut s, 2026, 5);
    s.collect(
        day(2026, 5, 23),
        CLOWN,
        CollectionKind::Event,
        eur("350"),
        Mode::Fixed,
        "Stage clown de printemps, 14 places",
    );
    s.expense(
        day(2026, 5, 23),
        Account::Garden(garden_id(CLOWN)),
        eur("160"),
        "Location de la salle",
    );
    s.value_role(day(2026, 5, 23), CLOWN, "animation", "sacha", eur("80"));
    roles_day(&mut s, 2026, 5);
    paris_contributes(&mut s, day(2026, 5, 29), "40", Mode::Conscious);

    // ---- June 2026: the big garden pays its hosting; gatherings before summer.
    s.expense(
        day(2026, 6, 1),
        Account::BigGarden,
        eur("60"),
        "Hébergement et outils en ligne du grand jardin",
    );
    paris_pay_day(&mut s, 2026, 6);
    s.collect(
        day(2026, 6, 20),
        PARIS,
        CollectionKind::Gathering,
        eur("112.50"),
        Mode::Conscious,
        "Chapeau du pique-nique de fin d'année",
    );
    s.collect(
        day(2026, 6, 27),
        CLOWN,
        CollectionKind::Gathering,
        gr("45"),
        Mode::Conscious,
        "Scène ouverte, au chapeau en graines",
    );
    roles_day(&mut s, 2026, 6);
    s.contribute(
        day(2026, 6, 28),
        GRENOBLE,
        eur("40"),
        Mode::Conscious,
        Period::Month(Month::of(day(2026, 6, 1))),
        "Un peu d'euros pour le grand jardin",
    );
    paris_contributes(&mut s, day(2026, 6, 30), "50", Mode::Conscious);
    s.contribute(
        day(2026, 6, 30),
        TISSERANDS,
        eur("150"),
        Mode::Conscious,
        Period::Year(2026),
        "Contribution 2026 au grand jardin",
    );

    // ---- July and August 2026: summer.
    for month in [7, 8] {
        paris_pay_day(&mut s, 2026, month);
        roles_day(&mut s, 2026, month);
        paris_contributes(&mut s, day(2026, month, 31), "40", Mode::Conscious);
    }

    s
}
