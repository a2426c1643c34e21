//! A synthetic community, simulated month by month and streamed.
//!
//! Each month is planned first (who pays what on which day, who joins, who leaves), then played
//! in date order: each planned action becomes a command, built from the state as it is on that
//! day, and is recorded through `decide`. The plan follows a volume target so that the stream
//! holds exactly the number of events asked for: the membership grows toward the size that
//! yields each month's share, small gifts fill what is left, and the stream is cut, or topped
//! up on the last day, at the exact count.

use std::collections::{HashMap, VecDeque};

use chrono::{Datelike, NaiveDate};
use jardins_ledger::constitution::in_force;
use jardins_ledger::{
    Account, Amount, Cadence, CollectionKind, Command, CommandKind, CommitmentId, Constitution,
    CorePerson, CurrencyCode, Event, GardenId, GardenKind, MemberRole, Mode, ModeRule, Month, Name,
    PaysFor, Period, PersonId, RoleId, Text,
};
use rust_decimal::{Decimal, RoundingStrategy};

use crate::models::{self, euro_code, graine, graine_code, Template};
use crate::names::{FIRST_NAMES, LAST_NAMES, ORGANISATIONS, TERRITORIES, THEMES};
use crate::recorder::Recorder;
use crate::rng::Dice;
use crate::{DECIDED_ON, FIRST_DAY, LAST_DAY};

/// Most events one community may hold; a larger request is cut to this. Ten million events is
/// a community of about 300,000 members at a time, a few hundred megabytes to simulate.
pub const MAX_EVENTS: u64 = 10_000_000;

/// Recent entries kept in memory, among which reversals pick; older ones are dropped so that
/// memory does not grow with the stream.
const ENTRY_WINDOW: usize = 1_024;
/// One entry in this many is kept in memory as a candidate for a reversal: keeping fewer
/// makes the state lighter.
const KEEP_ONE_ENTRY_IN: u64 = 8;
/// How far back (in entries kept) a reversal looks for the entry it corrects.
const REVERSAL_LOOKBACK: u64 = 128;
/// The longest history: January 2023 to October 2026.
const MAX_MONTHS: u32 = 46;
/// A small community's monthly volume: it sets how many months a small stream spans.
const SMALL_EVENTS_PER_MONTH: u64 = 150;
/// Events per member per month, in thousandths, before the first month is measured.
const FIRST_YIELD_PER_MILLE: u64 = 1_400;
/// Consecutive top-up attempts that record nothing before the stream gives up (never seen:
/// a bound so that the iterator cannot spin).
const MAX_FRUITLESS_TOP_UPS: u32 = 1_000;
/// Reversals per ten thousand planned money events.
const REVERSALS_PER_10K: u64 = 30;

#[derive(Clone, Debug)]
struct CommitmentSim {
    id: CommitmentId,
    currency: CurrencyCode,
    amount: Amount,
    cadence: Cadence,
    from: NaiveDate,
    until: Option<NaiveDate>,
}

impl CommitmentSim {
    fn runs_on(&self, date: NaiveDate) -> bool {
        self.from <= date && self.until.is_none_or(|until| date <= until)
    }
}

#[derive(Clone, Debug)]
struct MemberSim {
    /// Names this membership in planned actions: cheaper to find than the person's id.
    slot: u64,
    person: PersonId,
    core: bool,
    joined: NaiveDate,
    /// Day of the month this member usually pays (1 to 28).
    pay_day: u32,
    commitment: Option<CommitmentSim>,
}

#[derive(Debug)]
struct GardenSim {
    id: GardenId,
    name: Name,
    kind: GardenKind,
    template: Template,
    scale: i64,
    purpose: String,
    opens_on: NaiveDate,
    /// The core, until the garden opens.
    founders: Vec<CorePerson>,
    opened: bool,
    closed: bool,
    /// The month the next constitution version is adopted, if one is coming.
    next_version: Option<Month>,
    members: Vec<MemberSim>,
    capacity: usize,
    /// Each valued role and the slot of the member who holds it.
    holders: Vec<(RoleId, u64)>,
    /// Every version of its constitution adopted so far, as recorded.
    versions: Vec<Constitution>,
    /// The month of the year a yearly contribution to the big garden falls due.
    big_garden_month: u32,
    /// Contributions to the big garden paid late: (month paid, period paid for).
    late: Vec<(Month, Period)>,
    closes_in: Option<Month>,
}

#[derive(Debug)]
struct PersonSim {
    name: Name,
    /// Gardens this person is a current member of.
    current: u32,
    /// Every garden they joined, for forgetting them once they left all.
    gardens: Vec<usize>,
    commitments: Vec<CommitmentId>,
    commitments_made: u32,
}

#[derive(Clone, Debug)]
enum Action {
    DeclareGraine,
    Open(usize),
    Adopt(usize),
    Join(usize),
    Leave(usize, u64),
    EndCommitment(usize, u64),
    Renew(usize, u64),
    PayCommitment(usize, u64),
    Gift(usize),
    ValueRoles(usize),
    PayBigGarden(usize, Period),
    Collect(usize),
    Expense(usize),
    Close(usize),
    BigGardenExpense,
    Reverse,
}

#[derive(Clone, Debug)]
struct Planned {
    on: NaiveDate,
    action: Action,
}

/// The synthetic community as an iterator of events. See `crate::community`.
pub struct Community {
    target: u64,
    yielded: u64,
    dice: Dice,
    recorder: Recorder,
    out: VecDeque<Event>,
    span_months: u32,
    /// Index of the next month to plan (0 is January 2023).
    month_index: u32,
    /// Sum of the monthly targets planned so far.
    planned_total: u64,
    weights_total: u64,
    yield_per_mille: u64,
    /// Events recorded per thousand estimated, as last measured.
    estimate_per_mille: u64,
    estimated_last: u64,
    fillers_last: u64,
    recorded_at_plan: u64,
    schedule: Vec<Planned>,
    cursor: usize,
    gardens: Vec<GardenSim>,
    people: HashMap<PersonId, PersonSim>,
    next_person: u64,
    next_slot: u64,
    opened_local: usize,
    opened_thematic: usize,
    opened_organisation: usize,
    refused: u64,
    last_refusal: Option<String>,
    fruitless_top_ups: u32,
}

/// The weight of month `index` in the volume plan: the community ramps up over its first
/// months, then holds steady.
fn month_weight(index: u32) -> u64 {
    u64::from(index.min(4)) + 2
}

fn month_at(index: u32) -> Month {
    let mut month = Month::of(FIRST_DAY);
    for _ in 0..index {
        month = month.next().expect("months before 2027 exist");
    }
    month
}

fn day_in(month: Month, day: u32) -> NaiveDate {
    let last = month.last_day().min(LAST_DAY);
    NaiveDate::from_ymd_opt(month.year(), month.month(), day.clamp(1, last.day())).unwrap_or(last)
}

fn places_of(currency: &CurrencyCode) -> u32 {
    if currency.is_euro() {
        2
    } else {
        0
    }
}

/// An amount of `units` whole units of `currency`.
fn units(currency: &CurrencyCode, count: u64) -> Amount {
    let mut value = Decimal::from(count.max(1));
    value.rescale(places_of(currency));
    Amount::new(value).expect("a positive whole amount")
}

trait FitPlaces {
    fn fit_places(self, places: u32) -> Amount;
}

impl FitPlaces for Amount {
    /// Rounds down to `places` (halves of a unit for a currency with places), at least one unit.
    fn fit_places(self, places: u32) -> Amount {
        let value = if places == 0 {
            self.value()
                .round_dp_with_strategy(0, RoundingStrategy::ToZero)
        } else {
            // Halves of a euro: amounts people actually give.
            (self.value() * Decimal::TWO).round_dp_with_strategy(0, RoundingStrategy::ToZero)
                / Decimal::TWO
        };
        let mut value = value.max(Decimal::ONE);
        value.rescale(places);
        Amount::new(value).expect("at least one unit")
    }
}

/// `amount` varied between `low_percent` and `high_percent`, in the currency's units.
fn vary(dice: &mut Dice, amount: Amount, currency: &CurrencyCode, low: u64, high: u64) -> Amount {
    let percent = Decimal::from(dice.between(low, high));
    let value = amount.value() * percent / Decimal::ONE_HUNDRED;
    Amount::new(value.max(Decimal::ONE))
        .expect("a positive amount")
        .fit_places(places_of(currency))
}

/// What a conscious payment amounts to: around the suggestion, or between `low` and `high`
/// units when there is none.
fn conscious_amount(
    dice: &mut Dice,
    suggested: Option<Amount>,
    currency: &CurrencyCode,
    low: u64,
    high: u64,
) -> Amount {
    match suggested {
        Some(suggestion) => vary(dice, suggestion, currency, 60, 150),
        None => units(currency, dice.between(low, high)),
    }
}

fn text(literal: &str) -> Text {
    Text::new(literal).unwrap_or_default()
}

const MONTH_NAMES: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

fn period_words(period: Period) -> String {
    match period {
        Period::Month(month) => {
            let index = usize::try_from(month.month().saturating_sub(1)).unwrap_or(0);
            format!("{} {}", MONTH_NAMES[index.min(11)], month.year())
        }
        Period::Year(year) => format!("l'année {year}"),
    }
}

const EXPENSE_NOTES: &[&str] = &[
    "Location de salle",
    "Matériel d'animation",
    "Frais de déplacement d'une compagne",
    "Goûter partagé",
    "Impression des livrets d'accueil",
    "Assurance de l'association",
];

const COLLECTION_NOTES: &[(CollectionKind, &str)] = &[
    (CollectionKind::Event, "Soirée jeux coopératifs"),
    (
        CollectionKind::Event,
        "Atelier découverte de la gouvernance partagée",
    ),
    (CollectionKind::Event, "Forum ouvert du printemps"),
    (
        CollectionKind::Gathering,
        "Chapeau de la rencontre inter-jardins",
    ),
    (CollectionKind::Gathering, "Rencontre de rentrée"),
    (CollectionKind::Fundraising, "Campagne de dons"),
    (CollectionKind::Fundraising, "Soutien d'une fondation"),
];

const REVERSAL_REASONS: &[&str] = &[
    "Saisi deux fois",
    "Erreur de montant",
    "Virement rejeté par la banque",
    "Enregistré dans le mauvais jardin",
];

impl Community {
    /// The community of `events` events (at most `MAX_EVENTS`) for `seed`.
    pub fn new(events: u64, seed: u64) -> Self {
        let target = events.min(MAX_EVENTS);
        let span_months = u32::try_from(target.div_ceil(SMALL_EVENTS_PER_MONTH))
            .unwrap_or(MAX_MONTHS)
            .clamp(1, MAX_MONTHS);
        let weights_total = (0..span_months).map(month_weight).sum();
        Community {
            target,
            yielded: 0,
            dice: Dice::new(seed),
            recorder: Recorder::new(DECIDED_ON),
            out: VecDeque::new(),
            span_months,
            month_index: 0,
            planned_total: 0,
            weights_total,
            yield_per_mille: FIRST_YIELD_PER_MILLE,
            estimate_per_mille: 1_000,
            estimated_last: 0,
            fillers_last: 0,
            recorded_at_plan: 0,
            schedule: Vec::new(),
            cursor: 0,
            gardens: Vec::new(),
            people: HashMap::new(),
            next_person: 0,
            next_slot: 0,
            opened_local: 0,
            opened_thematic: 0,
            opened_organisation: 0,
            refused: 0,
            last_refusal: None,
            fruitless_top_ups: 0,
        }
    }

    /// Commands the ledger refused while generating (so left out of the stream). Always 0 for a
    /// sound generator; tests check it.
    pub fn refused(&self) -> u64 {
        self.refused
    }

    /// The last refusal met, with the command refused, for diagnosing a generator bug.
    pub fn last_refusal(&self) -> Option<&str> {
        self.last_refusal.as_deref()
    }

    /// Gardens opened so far.
    pub fn gardens_opened(&self) -> usize {
        self.gardens.iter().filter(|g| g.opened).count()
    }

    /// Entries kept in memory: bounded by the window whatever the length of the stream.
    pub fn entries_in_memory(&self) -> usize {
        self.recorder.state().entries.len()
    }

    fn recorded(&self) -> u64 {
        self.recorder.last_sequence() - 1
    }

    /// Records `command`; its events join the stream. False when refused.
    fn record(&mut self, kind: CommandKind, on: NaiveDate) -> bool {
        let command = Command { on, kind };
        match self.recorder.record_lean(&command, KEEP_ONE_ENTRY_IN) {
            Ok(events) => {
                self.out.extend(events);
                let entries = &mut self.recorder.state_mut().entries;
                while entries.len() > ENTRY_WINDOW {
                    entries.pop_first();
                }
                true
            }
            Err(refusal) => {
                self.refused += 1;
                self.last_refusal = Some(format!("{refusal:?} ({command:?})"));
                false
            }
        }
    }

    // ---------------------------------------------------------------- people and gardens

    fn new_person(&mut self) -> (PersonId, Name) {
        let (first, first_id) = *self.dice.pick(FIRST_NAMES);
        let (last, last_id) = *self.dice.pick(LAST_NAMES);
        self.next_person += 1;
        let id = format!("{first_id}-{last_id}-{}", self.next_person);
        let person = id.parse().expect("names make valid ids");
        let name = Name::new(&format!("{first} {last}")).expect("names are valid");
        (person, name)
    }

    /// Adds a garden to the plan; it opens on `opens_on`.
    fn new_garden(
        &mut self,
        opens_on: NaiveDate,
        forced: Option<(GardenKindChoice, Template)>,
    ) -> usize {
        let (choice, template) = forced.unwrap_or_else(|| {
            let choice = match self.dice.below(100) {
                0..=54 => GardenKindChoice::Local,
                55..=84 => GardenKindChoice::Thematic,
                _ => GardenKindChoice::Organisation,
            };
            (choice, *self.dice.pick(&Template::ALL))
        });
        let (id, name, kind, purpose, capacity) = match choice {
            GardenKindChoice::Local => {
                let (index, round) = (
                    self.opened_local % TERRITORIES.len(),
                    self.opened_local / TERRITORIES.len(),
                );
                self.opened_local += 1;
                let (territory, slug) = TERRITORIES[index];
                let (id, name) = if round == 0 {
                    (slug.to_string(), format!("Jardin de {territory}"))
                } else {
                    (
                        format!("{slug}-{}", round + 1),
                        format!("Jardin de {territory} {}", round + 1),
                    )
                };
                let purpose = format!(
                    "Apprendre ensemble, entre jardinier·es de {territory}, à faire ensemble en gouvernance partagée."
                );
                let kind = GardenKind::Local {
                    territory: Name::new(territory).expect("a valid territory"),
                };
                (id, name, kind, purpose, self.dice.between(10, 35))
            }
            GardenKindChoice::Thematic => {
                let (index, round) = (
                    self.opened_thematic % THEMES.len(),
                    self.opened_thematic / THEMES.len(),
                );
                self.opened_thematic += 1;
                let (theme, slug) = THEMES[index];
                let (id, name) = if round == 0 {
                    (slug.to_string(), format!("Jardin {theme}"))
                } else {
                    (
                        format!("{slug}-{}", round + 1),
                        format!("Jardin {theme} {}", round + 1),
                    )
                };
                let purpose =
                    format!("Expérimenter et partager nos pratiques autour du thème : {theme}.");
                let kind = GardenKind::Thematic {
                    theme: Name::new(theme).expect("a valid theme"),
                };
                (id, name, kind, purpose, self.dice.between(8, 25))
            }
            GardenKindChoice::Organisation => {
                let (index, round) = (
                    self.opened_organisation % ORGANISATIONS.len(),
                    self.opened_organisation / ORGANISATIONS.len(),
                );
                self.opened_organisation += 1;
                let (organisation, slug) = ORGANISATIONS[index];
                let (id, name) = if round == 0 {
                    (
                        format!("org-{slug}"),
                        format!("Jardin interne, {organisation}"),
                    )
                } else {
                    (
                        format!("org-{slug}-{}", round + 1),
                        format!("Jardin interne {}, {organisation}", round + 1),
                    )
                };
                let purpose = format!(
                    "Offrir aux membres de {organisation} un espace d'inclusion, d'apprentissage et de débriefing."
                );
                let kind = GardenKind::Organisation {
                    organisation: Name::new(organisation).expect("a valid organisation"),
                };
                (id, name, kind, purpose, self.dice.between(6, 20))
            }
        };
        let core_size = self.dice.between(2, 3);
        let founders = (0..core_size)
            .map(|_| {
                let (person, name) = self.new_person();
                CorePerson { person, name }
            })
            .collect();
        // Most gardens adopt a constitution the day they open; some take a few months.
        let first_version = if self.dice.chance(800) {
            Month::of(opens_on)
        } else {
            let mut month = Month::of(opens_on);
            for _ in 0..self.dice.between(1, 3) {
                month = month.next().unwrap_or(month);
            }
            month
        };
        let closes_in = if matches!(choice, GardenKindChoice::Thematic) && self.dice.chance(120) {
            let mut month = Month::of(opens_on);
            for _ in 0..self.dice.between(12, 30) {
                month = month.next().unwrap_or(month);
            }
            Some(month)
        } else {
            None
        };
        let garden = GardenSim {
            id: id.parse().expect("names make valid garden ids"),
            name: Name::new(&name).expect("a valid garden name"),
            kind,
            template,
            scale: i64::try_from(self.dice.between(2, 4)).unwrap_or(2),
            purpose,
            opens_on,
            founders,
            opened: false,
            closed: false,
            next_version: Some(first_version),
            members: Vec::new(),
            capacity: usize::try_from(capacity).unwrap_or(10),
            holders: Vec::new(),
            versions: Vec::new(),
            big_garden_month: self.dice.between_u32(1, 6),
            late: Vec::new(),
            closes_in,
        };
        self.gardens.push(garden);
        self.gardens.len() - 1
    }

    fn is_active(&self, garden: usize, on: NaiveDate) -> bool {
        let found = &self.gardens[garden];
        found.opened && !found.closed && found.opens_on <= on
    }

    /// Forgets a person who left every garden: they are never named again, so the state that
    /// `decide` reads need not hold them.
    fn forget_if_gone(&mut self, person: &PersonId) {
        let gone = self.people.get(person).is_some_and(|p| p.current == 0);
        if !gone {
            return;
        }
        let Some(found) = self.people.remove(person) else {
            return;
        };
        let gardens: Vec<GardenId> = found
            .gardens
            .iter()
            .map(|g| self.gardens[*g].id.clone())
            .collect();
        let state = self.recorder.state_mut();
        state.people.remove(person);
        for garden in gardens {
            state
                .commitments_of
                .remove(&(garden.clone(), person.clone()));
            state.members.remove(&(garden, person.clone()));
        }
        for commitment in &found.commitments {
            state.commitments.remove(commitment);
        }
        let account = Account::Member(person.clone());
        state.balances.remove(&(account.clone(), euro_code()));
        state.balances.remove(&(account, graine_code()));
    }

    fn slot_index(&self, garden: usize, slot: u64) -> Option<usize> {
        self.gardens[garden]
            .members
            .iter()
            .position(|m| m.slot == slot)
    }

    fn new_slot(&mut self) -> u64 {
        self.next_slot += 1;
        self.next_slot
    }

    fn member_index(&self, garden: usize, person: &PersonId) -> Option<usize> {
        self.gardens[garden]
            .members
            .iter()
            .position(|m| m.person == *person)
    }

    // ---------------------------------------------------------------- planning

    fn plan_month(&mut self) {
        let index = self.month_index;
        let month = month_at(index);
        let last_day = month.last_day().min(LAST_DAY).day();
        let is_last = index + 1 == self.span_months;
        let mut plan: Vec<Planned> = Vec::new();

        // Measure what a member yields, to size the membership.
        let members_now: u64 = self
            .gardens
            .iter()
            .filter(|g| !g.closed)
            .map(|g| g.members.len() as u64 + g.founders.len() as u64)
            .sum();
        let last_month = self.recorded() - self.recorded_at_plan;
        if index >= 2 && members_now > 0 {
            // Gifts that filled last month are left out: the membership should yield the
            // share without them.
            let base = last_month.saturating_sub(self.fillers_last);
            let measured = (base * 1_000 / members_now).clamp(400, 4_000);
            self.yield_per_mille = (self.yield_per_mille * 3 + measured) / 4;
        }
        // How many events the planned actions actually gave, against the estimate.
        let base = last_month.saturating_sub(self.fillers_last);
        if let Some(measured) = (base * 1_000).checked_div(self.estimated_last) {
            self.estimate_per_mille = (self.estimate_per_mille + measured.clamp(300, 2_000)) / 2;
        }
        self.recorded_at_plan = self.recorded();

        if index == 0 {
            plan.push(Planned {
                on: month.first_day(),
                action: Action::DeclareGraine,
            });
            self.found(&mut plan, month);
        }

        for garden in 0..self.gardens.len() {
            self.plan_garden(garden, month, last_day, &mut plan);
        }
        if self.dice.chance(700) {
            plan.push(Planned {
                on: day_in(month, self.dice.between_u32(1, last_day)),
                action: Action::BigGardenExpense,
            });
        }

        // Membership toward the size that yields this month's share.
        let share = self.target * month_weight(index) / self.weights_total.max(1);
        self.planned_total += share;
        let desired = share * 1_000 / self.yield_per_mille.max(1);
        let joins = desired.saturating_sub(members_now);
        self.plan_joins(joins, month, last_day, &mut plan);
        if members_now > desired * 115 / 100 {
            self.plan_leaves((members_now - desired) / 4, month, last_day, &mut plan);
        }

        // A few corrections, in proportion to the money moved.
        let money_actions = plan.len() as u64;
        let mut reversals = money_actions * REVERSALS_PER_10K / 10_000;
        if self.dice.below(10_000) < (money_actions * REVERSALS_PER_10K) % 10_000 {
            reversals += 1;
        }
        for _ in 0..reversals {
            plan.push(Planned {
                on: day_in(month, self.dice.between_u32(2, last_day)),
                action: Action::Reverse,
            });
        }

        // Small gifts fill what the plan misses of the month's share.
        let estimated_raw: u64 = plan.iter().map(|p| self.estimate(&p.action)).sum();
        let estimated = estimated_raw * self.estimate_per_mille / 1_000;
        self.estimated_last = estimated_raw;
        self.fillers_last = 0;
        let planned_total = if is_last {
            self.target
        } else {
            self.planned_total
        };
        let need = planned_total.saturating_sub(self.recorded());

        if need > estimated {
            let gap = need - estimated;
            let fillers = if is_last {
                gap
            } else {
                gap.min(estimated / 2 + 5)
            };
            let candidates: Vec<usize> = (0..self.gardens.len())
                .filter(|g| !self.gardens[*g].closed && self.gardens[*g].closes_in.is_none())
                .collect();
            if !candidates.is_empty() {
                self.fillers_last = fillers;
                for _ in 0..fillers {
                    let garden = *self.dice.pick(&candidates);
                    let from_day = self.first_day_in(garden, month);
                    plan.push(Planned {
                        on: day_in(month, self.dice.between_u32(from_day, last_day)),
                        action: Action::Gift(garden),
                    });
                }
            }
        }

        plan.sort_by_key(|p| p.on);
        self.schedule = plan;
        self.cursor = 0;
        self.month_index += 1;
    }

    /// The first day of `month` on which `garden` is open.
    fn first_day_in(&self, garden: usize, month: Month) -> u32 {
        let opens_on = self.gardens[garden].opens_on;
        if Month::of(opens_on) == month {
            opens_on.day()
        } else {
            1
        }
    }

    /// Events an action is expected to record, for sizing the month.
    fn estimate(&self, action: &Action) -> u64 {
        match action {
            Action::Open(_) => 2,
            Action::Join(_) => 3,
            Action::Leave(..) => 2,
            Action::ValueRoles(garden) => self.gardens[*garden].holders.len().max(1) as u64,
            Action::Close(garden) => 3 + self.gardens[*garden].members.len() as u64 / 2,
            _ => 1,
        }
    }

    /// The community's founding gardens, the first month.
    fn found(&mut self, plan: &mut Vec<Planned>, month: Month) {
        let founding = [
            (GardenKindChoice::Local, Template::MonthlyFixed),
            (GardenKindChoice::Local, Template::Conscious),
            (GardenKindChoice::Local, Template::Graines),
            (GardenKindChoice::Thematic, Template::EventsOnly),
            (GardenKindChoice::Thematic, Template::Yearly),
            (GardenKindChoice::Organisation, Template::MonthlyFixed),
        ];
        for (day, forced) in (2..).step_by(3).zip(founding) {
            let opens_on = day_in(month, day);
            let garden = self.new_garden(opens_on, Some(forced));
            plan.push(Planned {
                on: opens_on,
                action: Action::Open(garden),
            });
        }
    }

    fn plan_garden(&mut self, garden: usize, month: Month, last_day: u32, plan: &mut Vec<Planned>) {
        let (opens_on, closed) = (self.gardens[garden].opens_on, self.gardens[garden].closed);
        if closed || Month::of(opens_on) > month {
            return;
        }
        let from_day = self.first_day_in(garden, month);
        let day = |dice: &mut Dice, low: u32, high: u32| {
            day_in(
                month,
                dice.between_u32(low.max(from_day), high.max(from_day).min(last_day)),
            )
        };

        // A version adopted the month the garden opens is adopted as it opens.
        let adopts = self.gardens[garden]
            .next_version
            .is_some_and(|v| v <= month);
        if adopts && Month::of(opens_on) < month {
            plan.push(Planned {
                on: day(&mut self.dice, 1, last_day),
                action: Action::Adopt(garden),
            });
        }
        if self.gardens[garden].closes_in == Some(month) {
            plan.push(Planned {
                on: day_in(month, last_day),
                action: Action::Close(garden),
            });
        }

        // Members: payments, renewals, commitments ended, departures.
        let first = month.first_day();
        let mut actions = Vec::new();
        for member in &self.gardens[garden].members {
            let person = member.slot;
            match &member.commitment {
                Some(commitment) if commitment.until.is_some_and(|until| until < first) => {
                    if self.dice.chance(800) {
                        actions.push((day(&mut self.dice, 1, 10), Action::Renew(garden, person)));
                    }
                }
                Some(commitment) => {
                    let due = match commitment.cadence {
                        Cadence::Monthly => true,
                        Cadence::Yearly | Cadence::OneOff => {
                            commitment.from.month() == month.month() && commitment.from < first
                        }
                    };
                    if due && self.dice.chance(950) {
                        actions.push((
                            day(&mut self.dice, member.pay_day, member.pay_day),
                            Action::PayCommitment(garden, person),
                        ));
                    }
                    if self.dice.chance(10) {
                        actions.push((
                            day(&mut self.dice, 1, last_day),
                            Action::EndCommitment(garden, person),
                        ));
                    }
                }
                None => {
                    if self.dice.chance(500) {
                        actions.push((day(&mut self.dice, 1, last_day), Action::Gift(garden)));
                    }
                }
            }
            if !member.core && self.dice.chance(15) {
                actions.push((
                    day(&mut self.dice, 1, last_day),
                    Action::Leave(garden, person),
                ));
            }
        }
        for (on, action) in actions {
            plan.push(Planned { on, action });
        }

        // The garden's own flows.
        plan.push(Planned {
            on: day(&mut self.dice, 24, 28),
            action: Action::ValueRoles(garden),
        });
        self.plan_big_garden(garden, month, last_day, from_day, plan);
        let collections = match self.gardens[garden].template {
            Template::EventsOnly => self.dice.between(1, 3),
            _ => u64::from(self.dice.chance(350)),
        };
        for _ in 0..collections {
            plan.push(Planned {
                on: day(&mut self.dice, 1, last_day),
                action: Action::Collect(garden),
            });
        }
        if self.dice.chance(300) {
            plan.push(Planned {
                on: day(&mut self.dice, 1, last_day),
                action: Action::Expense(garden),
            });
        }
    }

    fn plan_big_garden(
        &mut self,
        garden: usize,
        month: Month,
        last_day: u32,
        from_day: u32,
        plan: &mut Vec<Planned>,
    ) {
        // Late payments that fall this month.
        let late: Vec<Period> = {
            let found = &mut self.gardens[garden];
            let (now, later): (Vec<_>, Vec<_>) =
                found.late.drain(..).partition(|(when, _)| *when <= month);
            found.late = later;
            now.into_iter().map(|(_, period)| period).collect()
        };
        for period in late {
            let on = day_in(month, self.dice.between_u32(from_day, last_day));
            plan.push(Planned {
                on,
                action: Action::PayBigGarden(garden, period),
            });
        }
        let cadence = self.gardens[garden]
            .versions
            .last()
            .and_then(|c| c.model.big_garden.first())
            .map(|rule| rule.cadence);
        let period = match cadence {
            None => return,
            Some(Cadence::Monthly) => Period::Month(month),
            Some(Cadence::Yearly | Cadence::OneOff) => {
                if month.month() != self.gardens[garden].big_garden_month {
                    return;
                }
                Period::Year(month.year())
            }
        };
        match self.dice.below(100) {
            // On time.
            0..=79 => {
                let on = day_in(month, self.dice.between_u32(from_day.max(3), last_day));
                plan.push(Planned {
                    on,
                    action: Action::PayBigGarden(garden, period),
                });
            }
            // Late: one to four months later.
            80..=91 => {
                let mut when = month;
                for _ in 0..self.dice.between(1, 4) {
                    when = when.next().unwrap_or(when);
                }
                self.gardens[garden].late.push((when, period));
            }
            // Never paid.
            _ => {}
        }
    }

    fn plan_joins(&mut self, joins: u64, month: Month, last_day: u32, plan: &mut Vec<Planned>) {
        let mut room: Vec<(usize, usize)> = (0..self.gardens.len())
            .filter(|g| {
                let found = &self.gardens[*g];
                !found.closed && found.closes_in.is_none() && Month::of(found.opens_on) <= month
            })
            .map(|g| {
                let found = &self.gardens[g];
                (g, found.members.len() + found.founders.len())
            })
            .filter(|(g, size)| *size < self.gardens[*g].capacity)
            .collect();
        // Some arrive on their own, whatever the plan.
        let natural = (room.len() as u64).div_ceil(5);
        for _ in 0..joins + natural {
            if room.is_empty() {
                let opens_on = day_in(month, self.dice.between_u32(1, last_day));
                let garden = self.new_garden(opens_on, None);
                plan.push(Planned {
                    on: opens_on,
                    action: Action::Open(garden),
                });
                let size = self.gardens[garden].founders.len();
                room.push((garden, size));
            }
            let slot = self.dice.below_usize(room.len());
            let (garden, size) = room[slot];
            let from_day = self.first_day_in(garden, month);
            plan.push(Planned {
                on: day_in(month, self.dice.between_u32(from_day, last_day)),
                action: Action::Join(garden),
            });
            if size + 1 >= self.gardens[garden].capacity {
                room.swap_remove(slot);
            } else {
                room[slot].1 = size + 1;
            }
        }
    }

    fn plan_leaves(&mut self, leaves: u64, month: Month, last_day: u32, plan: &mut Vec<Planned>) {
        let open: Vec<usize> = (0..self.gardens.len())
            .filter(|g| {
                !self.gardens[*g].closed && self.gardens[*g].members.iter().any(|m| !m.core)
            })
            .collect();
        if open.is_empty() {
            return;
        }
        for _ in 0..leaves {
            let garden = *self.dice.pick(&open);
            let members = &self.gardens[garden].members;
            let member = &members[self.dice.below_usize(members.len())];
            if !member.core {
                plan.push(Planned {
                    on: day_in(month, self.dice.between_u32(1, last_day)),
                    action: Action::Leave(garden, member.slot),
                });
            }
        }
    }

    // ---------------------------------------------------------------- playing

    fn play(&mut self, planned: Planned) {
        let on = planned.on;
        match planned.action {
            Action::DeclareGraine => {
                self.record(CommandKind::DeclareCurrency { currency: graine() }, on);
            }
            Action::Open(garden) => self.open(garden, on),
            Action::Adopt(garden) => self.adopt(garden, on),
            Action::Join(garden) => self.join(garden, on),
            Action::Leave(garden, slot) => {
                if let Some(member) = self.slot_index(garden, slot) {
                    self.leave(garden, member, on);
                }
            }
            Action::EndCommitment(garden, slot) => {
                if let Some(member) = self.slot_index(garden, slot) {
                    if self.end_commitment(garden, member, on) {
                        self.gardens[garden].members[member].commitment = None;
                    }
                }
            }
            Action::Renew(garden, slot) => {
                if let Some(member) = self.slot_index(garden, slot) {
                    self.gardens[garden].members[member].commitment = None;
                    if self.is_active(garden, on)
                        && self.commit(garden, member, on)
                        && self.dice.chance(800)
                    {
                        self.pay_commitment(garden, member, on);
                    }
                }
            }
            Action::PayCommitment(garden, slot) => {
                if let Some(member) = self.slot_index(garden, slot) {
                    self.pay_commitment(garden, member, on);
                }
            }
            Action::Gift(garden) => {
                if !self.gift(garden, on) {
                    self.collect(garden, on);
                }
            }
            Action::ValueRoles(garden) => self.value_roles(garden, on),
            Action::PayBigGarden(garden, period) => self.pay_big_garden(garden, period, on),
            Action::Collect(garden) => self.collect(garden, on),
            Action::Expense(garden) => self.expense(garden, on),
            Action::Close(garden) => self.close(garden, on),
            Action::BigGardenExpense => {
                let euro = euro_code();
                let amount = units(&euro, self.dice.between(20, 90));
                if self.recorder.state().balance(&Account::BigGarden, &euro) >= amount.value() {
                    self.record(
                        CommandKind::PayExpense {
                            payer: Account::BigGarden,
                            amount,
                            currency: euro,
                            note: text("Hébergement et outils en ligne du grand jardin"),
                        },
                        on,
                    );
                }
            }
            Action::Reverse => self.reverse(on),
        }
    }

    fn open(&mut self, garden: usize, on: NaiveDate) {
        let found = &self.gardens[garden];
        let command = CommandKind::OpenGarden {
            garden: found.id.clone(),
            name: found.name.clone(),
            kind: found.kind.clone(),
            core: found.founders.clone(),
        };
        if !self.record(command, on) {
            self.gardens[garden].closed = true;
            return;
        }
        let founders = std::mem::take(&mut self.gardens[garden].founders);
        for founder in founders {
            let pay_day = self.dice.between_u32(1, 28);
            let slot = self.new_slot();
            self.gardens[garden].members.push(MemberSim {
                slot,
                person: founder.person.clone(),
                core: true,
                joined: on,
                pay_day,
                commitment: None,
            });
            self.people.insert(
                founder.person,
                PersonSim {
                    name: founder.name,
                    current: 1,
                    gardens: vec![garden],
                    commitments: Vec::new(),
                    commitments_made: 0,
                },
            );
        }
        self.gardens[garden].opened = true;
        if self.gardens[garden].next_version == Some(Month::of(on)) {
            self.adopt(garden, on);
        }
    }

    fn adopt(&mut self, garden: usize, on: NaiveDate) {
        if !self.is_active(garden, on) {
            return;
        }
        let found = &self.gardens[garden];
        let version = found.versions.last().map_or(0, |c| c.version) + 1;
        if version > found.template.versions() {
            self.gardens[garden].next_version = None;
            return;
        }
        let constitution =
            models::constitution(found.template, found.scale, version, &found.purpose, on);
        let command = CommandKind::AdoptConstitution {
            garden: found.id.clone(),
            constitution,
        };
        if !self.record(command, on) {
            return;
        }
        // Keep the adopted version at hand, as decided (its effective date is the day).
        let adopted = self
            .recorder
            .state()
            .gardens
            .get(&self.gardens[garden].id)
            .and_then(|g| g.constitutions.last())
            .cloned();
        let Some(adopted) = adopted else {
            return;
        };
        // The valued roles of the new version, each held by a core member to begin with.
        let roles: Vec<RoleId> = adopted.model.roles.iter().map(|r| r.role.clone()).collect();
        self.gardens[garden].versions.push(adopted);
        let core: Vec<u64> = self.gardens[garden]
            .members
            .iter()
            .filter(|m| m.core)
            .map(|m| m.slot)
            .collect();
        let mut holders = Vec::new();
        if !core.is_empty() {
            for role in roles {
                holders.push((role, *self.dice.pick(&core)));
            }
        }
        self.gardens[garden].holders = holders;
        // Some gardens revise their model six to eighteen months later.
        let template = self.gardens[garden].template;
        self.gardens[garden].next_version =
            if version < template.versions() && self.dice.chance(650) {
                let mut month = Month::of(on);
                for _ in 0..self.dice.between(6, 18) {
                    month = month.next().unwrap_or(month);
                }
                Some(month)
            } else {
                None
            };
    }

    fn join(&mut self, garden: usize, on: NaiveDate) {
        if !self.is_active(garden, on) {
            return;
        }
        // Thematic gardens gather gardeners of several territories: some come from a local one.
        let mut known = None;
        if matches!(self.gardens[garden].kind, GardenKind::Thematic { .. }) && self.dice.chance(250)
        {
            let other = self.dice.below_usize(self.gardens.len());
            let candidates = &self.gardens[other].members;
            if other != garden && !self.gardens[other].closed && !candidates.is_empty() {
                let person = candidates[self.dice.below_usize(candidates.len())]
                    .person
                    .clone();
                if self.member_index(garden, &person).is_none() {
                    if let Some(found) = self.people.get(&person) {
                        let pruned_here = found.gardens.contains(&garden);
                        if !pruned_here {
                            known = Some((person, found.name.clone()));
                        }
                    }
                }
            }
        }
        let (person, name) = match known {
            Some(found) => found,
            None => self.new_person(),
        };
        let role = if self.dice.chance(120) {
            MemberRole::Companion
        } else {
            MemberRole::Gardener
        };
        let command = CommandKind::JoinGarden {
            garden: self.gardens[garden].id.clone(),
            person: person.clone(),
            name: name.clone(),
            role,
        };
        if !self.record(command, on) {
            return;
        }
        let pay_day = self.dice.between_u32(1, 28);
        let slot = self.new_slot();
        self.gardens[garden].members.push(MemberSim {
            slot,
            person: person.clone(),
            core: false,
            joined: on,
            pay_day,
            commitment: None,
        });
        let entry = self.people.entry(person.clone()).or_insert(PersonSim {
            name,
            current: 0,
            gardens: Vec::new(),
            commitments: Vec::new(),
            commitments_made: 0,
        });
        entry.current += 1;
        entry.gardens.push(garden);
        let member = self.gardens[garden].members.len() - 1;
        if self.dice.chance(850) && self.commit(garden, member, on) && self.dice.chance(700) {
            self.pay_commitment(garden, member, on);
        }
    }

    /// A new commitment of member `member` (an index in the garden's members) to `garden`, as
    /// the constitution in force asks.
    fn commit(&mut self, garden: usize, member: usize, on: NaiveDate) -> bool {
        let person = &self.gardens[garden].members[member].person.clone();
        let Some(rules) = self.rules_on(garden, on, |m| m.commitments.clone()) else {
            return false;
        };
        if rules.is_empty() {
            return false;
        }
        let rule = self.dice.pick(&rules).clone();
        let amount = match rule.mode {
            ModeRule::Fixed { amount } => {
                if self.dice.chance(700) {
                    amount
                } else {
                    vary(&mut self.dice, amount, &rule.currency, 120, 200)
                }
            }
            ModeRule::Conscious { suggested } => {
                conscious_amount(&mut self.dice, suggested, &rule.currency, 5, 30)
            }
        };
        let until = if self.dice.chance(300) {
            NaiveDate::from_ymd_opt(on.year(), 12, 31).map(|end| end.min(LAST_DAY))
        } else {
            None
        };
        let Some(found) = self.people.get_mut(person) else {
            return false;
        };
        found.commitments_made += 1;
        let id: CommitmentId = match format!("{person}-e{}", found.commitments_made).parse() {
            Ok(id) => id,
            Err(_) => return false,
        };
        let command = CommandKind::MakeCommitment {
            commitment: id.clone(),
            garden: self.gardens[garden].id.clone(),
            person: person.clone(),
            amount,
            currency: rule.currency.clone(),
            cadence: rule.cadence,
            from: on,
            until,
        };
        if !self.record(command, on) {
            return false;
        }
        if let Some(found) = self.people.get_mut(person) {
            found.commitments.push(id.clone());
        }
        self.gardens[garden].members[member].commitment = Some(CommitmentSim {
            id,
            currency: rule.currency,
            amount,
            cadence: rule.cadence,
            from: on,
            until,
        });
        true
    }

    /// The amount of `person`'s commitment to `garden` in `currency` that a payment for
    /// `pays_for` on `on` that names none counts toward, when exactly one runs then (with
    /// several, the minimum is accepted too).
    fn committed_amount(
        &self,
        garden: usize,
        person: &PersonId,
        currency: &CurrencyCode,
        pays_for: &PaysFor,
        on: NaiveDate,
    ) -> Option<Amount> {
        let state = self.recorder.state();
        let (first, last) = jardins_ledger::state::days_paid_for(pays_for, on);
        let mut running = state
            .commitments_of
            .get(&(self.gardens[garden].id.clone(), person.clone()))?
            .iter()
            .filter_map(|id| state.commitments.get(id))
            .filter(|c| c.currency == *currency && c.runs_within(first, last));
        match (running.next(), running.next()) {
            (Some(only), None) => Some(only.amount),
            _ => None,
        }
    }

    /// The rules of one point of the constitution in force on `on`; `None` without one.
    fn rules_on<T>(
        &self,
        garden: usize,
        on: NaiveDate,
        point: impl Fn(&jardins_ledger::EconomicModel) -> Vec<T>,
    ) -> Option<Vec<T>> {
        self.with_model(garden, on, point)
    }

    /// The garden's constitutions, as adopted.
    fn versions(&self, garden: usize) -> &[Constitution] {
        &self.gardens[garden].versions
    }

    /// What `read` finds in the economic model in force on `on`; `None` without a constitution.
    fn with_model<T>(
        &self,
        garden: usize,
        on: NaiveDate,
        read: impl FnOnce(&jardins_ledger::EconomicModel) -> T,
    ) -> Option<T> {
        in_force(self.versions(garden), on).map(|c| read(&c.model))
    }

    fn end_commitment(&mut self, garden: usize, member: usize, on: NaiveDate) -> bool {
        let Some(commitment) = self.gardens[garden].members[member].commitment.clone() else {
            return false;
        };
        if on < commitment.from || commitment.until.is_some_and(|until| until <= on) {
            return false;
        }
        let ended = self.record(
            CommandKind::EndCommitment {
                commitment: commitment.id.clone(),
                until: on,
            },
            on,
        );
        if ended {
            if let Some(held) = self.gardens[garden].members[member].commitment.as_mut() {
                held.until = Some(on);
            }
        }
        ended
    }

    fn leave(&mut self, garden: usize, member: usize, on: NaiveDate) {
        if !self.is_active(garden, on) {
            return;
        }
        if self.gardens[garden].members[member].core
            || self.gardens[garden].members[member].joined > on
        {
            return;
        }
        let person = &self.gardens[garden].members[member].person.clone();
        self.end_commitment(garden, member, on);
        let command = CommandKind::LeaveGarden {
            garden: self.gardens[garden].id.clone(),
            person: person.clone(),
        };
        if !self.record(command, on) {
            return;
        }
        self.gardens[garden].members.swap_remove(member);
        if let Some(found) = self.people.get_mut(person) {
            found.current = found.current.saturating_sub(1);
        }
        self.forget_if_gone(person);
    }

    fn pay_commitment(&mut self, garden: usize, member: usize, on: NaiveDate) {
        if !self.is_active(garden, on) {
            return;
        }
        if self.gardens[garden].members[member].joined > on {
            return;
        }
        let Some(commitment) = self.gardens[garden].members[member].commitment.clone() else {
            return;
        };
        if !commitment.runs_on(on) {
            return;
        }
        let person = self.gardens[garden].members[member].person.clone();
        let rule_mode = self.with_model(garden, on, |m| {
            m.commitments
                .iter()
                .find(|r| r.currency == commitment.currency)
                .map(|r| r.mode)
        });
        let (mode, amount) = match rule_mode {
            None => (Mode::Fixed, commitment.amount),
            Some(None) => return,
            Some(Some(ModeRule::Fixed { .. })) => (Mode::Fixed, commitment.amount),
            Some(Some(ModeRule::Conscious { .. })) => (
                Mode::Conscious,
                vary(
                    &mut self.dice,
                    commitment.amount,
                    &commitment.currency,
                    100,
                    140,
                ),
            ),
        };
        self.record(
            CommandKind::PayContribution {
                from: Account::Member(person),
                to: Account::Garden(self.gardens[garden].id.clone()),
                amount,
                currency: commitment.currency.clone(),
                mode,
                pays_for: PaysFor::Commitment(commitment.id.clone()),
                note: Text::default(),
            },
            on,
        );
    }

    /// A member's contribution outside any commitment. False when the garden takes none.
    fn gift(&mut self, garden: usize, on: NaiveDate) -> bool {
        if !self.is_active(garden, on) {
            return false;
        }
        let members = &self.gardens[garden].members;
        if members.is_empty() {
            return false;
        }
        // Members who joined later this month cannot give yet: the next one who could gives.
        let start = self.dice.below_usize(members.len());
        let Some(giver) = (0..members.len())
            .map(|offset| &members[(start + offset) % members.len()])
            .find(|m| m.joined <= on)
        else {
            return false;
        };
        let person = giver.person.clone();
        let (currency, mode, amount, pays_for) =
            match self.rules_on(garden, on, |m| m.commitments.clone()) {
                None => {
                    let euro = euro_code();
                    let amount = units(&euro, self.dice.between(5, 40));
                    (euro, Mode::Conscious, amount, PaysFor::OneOff)
                }
                Some(rules) if rules.is_empty() => return false,
                Some(rules) => {
                    let rule = self.dice.pick(&rules).clone();
                    match rule.mode {
                        // The set amount, for the period the rule counts in.
                        ModeRule::Fixed { amount } => {
                            let pays_for = match rule.cadence {
                                Cadence::Monthly => PaysFor::Period(Period::Month(Month::of(on))),
                                Cadence::Yearly => PaysFor::Period(Period::Year(on.year())),
                                Cadence::OneOff => PaysFor::OneOff,
                            };
                            // A giver who holds one commitment running then in that currency
                            // pays its amount: the ledger counts the gift toward it.
                            let amount = self
                                .committed_amount(garden, &person, &rule.currency, &pays_for, on)
                                .unwrap_or(amount);
                            (rule.currency, Mode::Fixed, amount, pays_for)
                        }
                        ModeRule::Conscious { suggested } => {
                            let amount =
                                conscious_amount(&mut self.dice, suggested, &rule.currency, 5, 40);
                            (rule.currency, Mode::Conscious, amount, PaysFor::OneOff)
                        }
                    }
                }
            };
        self.record(
            CommandKind::PayContribution {
                from: Account::Member(person),
                to: Account::Garden(self.gardens[garden].id.clone()),
                amount,
                currency,
                mode,
                pays_for,
                note: text("Participation consciente"),
            },
            on,
        )
    }

    fn value_roles(&mut self, garden: usize, on: NaiveDate) {
        if !self.is_active(garden, on) {
            return;
        }
        let Some(roles) = self.rules_on(garden, on, |m| m.roles.clone()) else {
            return;
        };
        let core: Vec<usize> = (0..self.gardens[garden].members.len())
            .filter(|m| {
                let member = &self.gardens[garden].members[*m];
                member.core && member.joined <= on
            })
            .collect();
        if core.is_empty() {
            return;
        }
        for role in roles {
            if !self.dice.chance(920) {
                continue;
            }
            let held_by = self.gardens[garden]
                .holders
                .iter()
                .find(|(r, _)| *r == role.role)
                .and_then(|(_, slot)| self.slot_index(garden, *slot))
                .filter(|m| self.gardens[garden].members[*m].joined <= on);
            let member = match held_by {
                Some(member) => member,
                None => {
                    let member = *self.dice.pick(&core);
                    let slot = self.gardens[garden].members[member].slot;
                    let holders = &mut self.gardens[garden].holders;
                    holders.retain(|(r, _)| *r != role.role);
                    holders.push((role.role.clone(), slot));
                    member
                }
            };
            let holder = self.gardens[garden].members[member].person.clone();
            let amount = match role.rule.mode {
                ModeRule::Fixed { amount } => amount,
                ModeRule::Conscious { suggested } => {
                    conscious_amount(&mut self.dice, suggested, &role.rule.currency, 10, 60)
                }
            };
            self.record(
                CommandKind::ValueRole {
                    garden: self.gardens[garden].id.clone(),
                    role: role.role,
                    holder,
                    amount,
                    currency: role.rule.currency,
                    period: Period::Month(Month::of(on)),
                },
                on,
            );
        }
    }

    fn pay_big_garden(&mut self, garden: usize, period: Period, on: NaiveDate) {
        if !self.is_active(garden, on) {
            return;
        }
        let rules = match self.rules_on(garden, on, |m| m.big_garden.clone()) {
            Some(rules) if !rules.is_empty() => rules,
            _ => return,
        };
        for (index, rule) in rules.iter().enumerate() {
            if index > 0 && !self.dice.chance(400) {
                continue;
            }
            let (mode, amount) = match rule.mode {
                ModeRule::Fixed { amount } => (Mode::Fixed, amount),
                ModeRule::Conscious { suggested } => {
                    let (low, high) = match period {
                        Period::Month(_) => (10, 60),
                        Period::Year(_) => (100, 400),
                    };
                    (
                        Mode::Conscious,
                        conscious_amount(&mut self.dice, suggested, &rule.currency, low, high),
                    )
                }
            };
            let note = format!("Contribution de {} au grand jardin", period_words(period));
            self.record(
                CommandKind::PayContribution {
                    from: Account::Garden(self.gardens[garden].id.clone()),
                    to: Account::BigGarden,
                    amount,
                    currency: rule.currency.clone(),
                    mode,
                    pays_for: PaysFor::Period(period),
                    note: text(&note),
                },
                on,
            );
        }
    }

    fn collect(&mut self, garden: usize, on: NaiveDate) {
        if !self.is_active(garden, on) {
            return;
        }
        let (kind, currency, mode, amount) = match self
            .rules_on(garden, on, |m| m.collections.clone())
        {
            Some(rules) if !rules.is_empty() => {
                let rule = self.dice.pick(&rules).clone();
                let (mode, amount) = match rule.rule.mode {
                    ModeRule::Fixed { amount: price } => {
                        let tickets = Decimal::from(self.dice.between(3, 25));
                        let total = Amount::new(price.value() * tickets).expect("a positive total");
                        (Mode::Fixed, total)
                    }
                    ModeRule::Conscious { suggested } => {
                        let amount = match suggested {
                            Some(each) => {
                                let people = Decimal::from(self.dice.between(4, 20));
                                Amount::new(each.value() * people).expect("a positive total")
                            }
                            None => units(&rule.rule.currency, self.dice.between(20, 300)),
                        };
                        (Mode::Conscious, amount)
                    }
                };
                (rule.kind, rule.rule.currency, mode, amount)
            }
            Some(_) => return,
            None => {
                let euro = euro_code();
                let amount = units(&euro, self.dice.between(20, 200));
                (CollectionKind::Gathering, euro, Mode::Conscious, amount)
            }
        };
        let notes: Vec<&str> = COLLECTION_NOTES
            .iter()
            .filter(|(k, _)| *k == kind)
            .map(|(_, note)| *note)
            .collect();
        let note = if notes.is_empty() {
            ""
        } else {
            *self.dice.pick(&notes)
        };
        self.record(
            CommandKind::RecordCollection {
                garden: self.gardens[garden].id.clone(),
                collection: kind,
                amount,
                currency,
                mode,
                note: text(note),
            },
            on,
        );
    }

    fn expense(&mut self, garden: usize, on: NaiveDate) {
        if !self.is_active(garden, on) {
            return;
        }
        let euro = euro_code();
        let account = Account::Garden(self.gardens[garden].id.clone());
        let balance = self.recorder.state().balance(&account, &euro);
        let amount = units(&euro, self.dice.between(15, 150));
        // Gardens spend what they hold, keeping a little aside.
        if balance < amount.value() + Decimal::from(20) {
            return;
        }
        let note = *self.dice.pick(EXPENSE_NOTES);
        self.record(
            CommandKind::PayExpense {
                payer: account,
                amount,
                currency: euro,
                note: text(note),
            },
            on,
        );
    }

    /// A garden that reached its purpose: commitments ended, money handed on, then closed.
    fn close(&mut self, garden: usize, on: NaiveDate) {
        if !self.is_active(garden, on) {
            return;
        }
        let account = Account::Garden(self.gardens[garden].id.clone());
        let holding: Vec<(CurrencyCode, Decimal)> = [euro_code(), graine_code()]
            .into_iter()
            .map(|c| {
                let balance = self.recorder.state().balance(&account, &c);
                (c, balance)
            })
            .collect();
        if holding.iter().any(|(_, balance)| *balance < Decimal::ZERO) {
            // It owes money: it stays open.
            self.gardens[garden].closes_in = None;
            return;
        }
        for member in 0..self.gardens[garden].members.len() {
            self.end_commitment(garden, member, on);
        }
        let big_garden_rules = self
            .rules_on(garden, on, |m| m.big_garden.clone())
            .unwrap_or_default();
        for (currency, balance) in holding {
            let Ok(amount) = Amount::new(balance) else {
                continue;
            };
            let conscious = big_garden_rules
                .iter()
                .any(|r| r.currency == currency && matches!(r.mode, ModeRule::Conscious { .. }));
            let command = if conscious {
                CommandKind::PayContribution {
                    from: account.clone(),
                    to: Account::BigGarden,
                    amount,
                    currency,
                    mode: Mode::Conscious,
                    pays_for: PaysFor::OneOff,
                    note: text("Le solde du jardin, confié au grand jardin"),
                }
            } else {
                CommandKind::PayExpense {
                    payer: account.clone(),
                    amount,
                    currency,
                    note: text("Don du solde à une association amie"),
                }
            };
            self.record(command, on);
        }
        let closed = self.record(
            CommandKind::CloseGarden {
                garden: self.gardens[garden].id.clone(),
                reason: text("Fin du cycle : le jardin a atteint sa raison d'être"),
            },
            on,
        );
        if !closed {
            self.gardens[garden].closes_in = None;
            return;
        }
        self.gardens[garden].closed = true;
        let members = std::mem::take(&mut self.gardens[garden].members);
        for member in members {
            if let Some(found) = self.people.get_mut(&member.person) {
                found.current = found.current.saturating_sub(1);
            }
            self.forget_if_gone(&member.person);
        }
    }

    /// Corrects a recent money entry.
    fn reverse(&mut self, on: NaiveDate) {
        let state = self.recorder.state();
        let skip = usize::try_from(self.dice.below(REVERSAL_LOOKBACK)).unwrap_or(0);
        let found = state
            .entries
            .iter()
            .rev()
            .skip(skip)
            .take(64)
            .find(|(_, entry)| {
                entry.moves_money
                    && entry.reversed_by.is_none()
                    && entry.on <= on
                    && entry
                        .gardens()
                        .all(|g| state.gardens.get(g).is_some_and(|g| g.closed_on.is_none()))
            })
            .map(|(sequence, _)| *sequence);
        let Some(entry) = found else {
            return;
        };
        let reason = *self.dice.pick(REVERSAL_REASONS);
        self.record(
            CommandKind::ReverseEntry {
                entry,
                reason: text(reason),
            },
            on,
        );
    }

    /// One more event on the last day, when the plan fell short of the count.
    fn top_up(&mut self) -> bool {
        let last = month_at(self.span_months - 1).last_day().min(LAST_DAY);
        let before = self.recorded();
        let open: Vec<usize> = (0..self.gardens.len())
            .filter(|g| self.is_active(*g, last))
            .collect();
        if open.is_empty() {
            let garden = self.new_garden(last, None);
            self.open(garden, last);
        } else {
            let garden = *self.dice.pick(&open);
            if !self.gift(garden, last) {
                self.collect(garden, last);
            }
        }
        self.recorded() > before
    }

    /// Plays the next action, planning a new month when needed. False when the plan is done.
    fn step(&mut self) -> bool {
        if self.cursor < self.schedule.len() {
            let planned = std::mem::replace(
                &mut self.schedule[self.cursor],
                Planned {
                    on: FIRST_DAY,
                    action: Action::Reverse,
                },
            );
            self.cursor += 1;
            self.play(planned);
            return true;
        }
        if self.month_index < self.span_months {
            self.plan_month();
            return true;
        }
        false
    }
}

#[derive(Clone, Copy, Debug)]
enum GardenKindChoice {
    Local,
    Thematic,
    Organisation,
}

impl Iterator for Community {
    type Item = Event;

    fn next(&mut self) -> Option<Event> {
        loop {
            if self.yielded >= self.target {
                return None;
            }
            if let Some(event) = self.out.pop_front() {
                self.yielded += 1;
                debug_assert!(event.on >= FIRST_DAY && event.on <= LAST_DAY);
                return Some(event);
            }
            if !self.step() {
                if self.top_up() {
                    self.fruitless_top_ups = 0;
                } else {
                    self.fruitless_top_ups += 1;
                    if self.fruitless_top_ups >= MAX_FRUITLESS_TOP_UPS {
                        return None;
                    }
                }
            }
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = usize::try_from(self.target - self.yielded).unwrap_or(usize::MAX);
        (0, Some(left))
    }
}
