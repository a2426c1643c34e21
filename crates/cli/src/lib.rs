//! The `jardins` command line: it parses what a person types, calls the store and the reports,
//! and prints. It holds no rule of the ledger: `jardins_ledger::decide` does. It is the only
//! place that reads the clock; the time is passed down.
//!
//! Exit codes: 0 done; 1 refused by a rule of the ledger (or a file's content was refused);
//! 2 bad usage; 3 the ledger cannot be used (missing, locked, damaged) or the output cannot be
//! written.

mod anchors;
pub mod args;
pub mod constitution_file;
mod external;
pub mod log;
mod output;
mod serve;
mod speech;
mod warnings;

use std::io::{self, BufRead, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};
use clap::parser::ValueSource;
use clap::{CommandFactory, FromArgMatches};
use jardins_ledger::{
    Account, Cadence, Command, CommandKind, Constitution, CorePerson, Currency, CurrencyCode,
    CurrencyKind, GardenId, GardenKind, MemberRole, Mode, ModeRule, Name, PaysFor, Period, Refusal,
    Text, Value,
};
use jardins_store::{AppendError, ImportError, Ledger, Receipt, StoreError};
use jardins_text::parse::TypedAmount;

use args::{
    CadenceArg, ChainArg, Cli, CommitArgs, CommitEnd, CurrencyCommand, ExportCommand, FormatArg,
    GardenCommand, MemberCommand, ModeArg, RecordArgs, RoleCommand, Top,
};
use output::print;
use speech::text as speech;

/// The ledger used when neither `--ledger` nor `JARDINS_LEDGER` names one.
pub const DEFAULT_LEDGER: &str = "./jardins-ledger";

/// Why a command did not complete, and so which exit code it ends with.
#[derive(Debug)]
pub enum Failure {
    /// A rule of the ledger refused it (exit 1). `rule` is the rule's stable name.
    Refused {
        rule: Option<String>,
        message: String,
    },
    /// The command line is wrong (exit 2).
    Usage(String),
    /// The ledger cannot be used: missing, locked, damaged (exit 3).
    Ledger(String),
    /// The output cannot be written (exit 3).
    Output(String),
    /// The reader of standard output went away: stop quietly (exit 0).
    PipeClosed,
}

impl Failure {
    pub fn exit_code(&self) -> i32 {
        match self {
            Failure::Refused { .. } => 1,
            Failure::Usage(_) => 2,
            Failure::Ledger(_) | Failure::Output(_) => 3,
            Failure::PipeClosed => 0,
        }
    }

    /// A rule of the ledger refused it: said in the run's language.
    fn refused(refusal: &Refusal) -> Failure {
        Failure::Refused {
            rule: Some(refusal.rule().to_string()),
            message: speech().refusal(refusal),
        }
    }

    /// A value typed on the command line that the domain refuses to parse.
    fn typed(refusal: Refusal) -> Failure {
        Failure::Usage(speech().refusal(&refusal))
    }

    fn message(&self) -> Option<String> {
        let say = |id: &str, message: &str| {
            Some(speech().message(id, &[("message", Value::Text(message.to_string()))]))
        };
        match self {
            Failure::Refused {
                rule: Some(rule),
                message,
            } => Some(speech().message(
                "cli-refused-by-rule",
                &[
                    ("rule", Value::Text(rule.clone())),
                    ("message", Value::Text(message.clone())),
                ],
            )),
            Failure::Refused {
                rule: None,
                message,
            } => say("cli-refused", message),
            Failure::Usage(message) => say("cli-bad-usage", message),
            Failure::Ledger(message) => say("cli-ledger-unusable", message),
            Failure::Output(message) => Some(message.clone()),
            Failure::PipeClosed => None,
        }
    }
}

/// A store error as the person reads it. `in_verify`: `jardins verify` found it.
fn store_failure(error: StoreError, in_verify: bool) -> Failure {
    match error {
        StoreError::Locked { path, .. } if serve::serving_pid(&path).is_some() => {
            Failure::Ledger(speech().message(
                "cli-ledger-served",
                &[
                    (
                        "pid",
                        Value::Count(u64::from(serve::serving_pid(&path).unwrap_or_default())),
                    ),
                    ("path", Value::Text(path.display().to_string())),
                ],
            ))
        }
        StoreError::Locked { path, waited_ms } => Failure::Ledger(speech().message(
            "cli-ledger-locked",
            &[
                ("path", Value::Text(path.display().to_string())),
                ("waited_ms", Value::Count(waited_ms)),
                ("max", Value::Count(args::MAX_WAIT_SECONDS)),
            ],
        )),
        StoreError::Damaged { sequence, what } => {
            // `jardins verify` itself cannot send the person to `jardins verify` again.
            let fix = if in_verify {
                "cli-damaged-recover"
            } else {
                "cli-damaged-verify"
            };
            let mut values = vec![
                ("what", Value::Text(what)),
                ("fix", Value::Text(speech().message(fix, &[]))),
            ];
            let id = match sequence {
                Some(sequence) => {
                    values.push(("sequence", Value::Count(sequence)));
                    "cli-damaged-at"
                }
                None => "cli-damaged",
            };
            Failure::Ledger(speech().message(id, &values))
        }
        StoreError::NoLedger { path } => Failure::Ledger(speech().message(
            "cli-no-ledger",
            &[("path", Value::Text(path.display().to_string()))],
        )),
        StoreError::AlreadyExists { path } => Failure::Ledger(speech().message(
            "cli-ledger-exists",
            &[("path", Value::Text(path.display().to_string()))],
        )),
        StoreError::Io { path, source } => Failure::Ledger(speech().message(
            "cli-ledger-io",
            &[
                ("path", Value::Text(path.display().to_string())),
                ("error", Value::Text(source.to_string())),
            ],
        )),
        StoreError::Full => Failure::Ledger(speech().message(
            "cli-ledger-full",
            &[("max", Value::Count(jardins_ledger::MAX_EVENTS))],
        )),
        other @ StoreError::BatchTooLarge { .. } => Failure::Ledger(other.to_string()),
    }
}

impl From<StoreError> for Failure {
    fn from(error: StoreError) -> Self {
        store_failure(error, false)
    }
}

impl From<AppendError> for Failure {
    fn from(error: AppendError) -> Self {
        match error {
            AppendError::Refused(refusal) => Failure::refused(&refusal),
            AppendError::KeyReused { key, sequence } => Failure::Refused {
                rule: Some("KeyReused".to_string()),
                message: speech().message(
                    "cli-key-reused",
                    &[
                        ("key", Value::Text(jardins_ledger::ids::excerpt(&key))),
                        ("sequence", Value::Count(sequence)),
                    ],
                ),
            },
            AppendError::InvalidKey { key } => Failure::Usage(speech().message(
                "cli-key-invalid",
                &[
                    ("key", Value::Text(jardins_ledger::ids::excerpt(&key))),
                    ("max", Value::Count(jardins_store::MAX_KEY_CHARS as u64)),
                ],
            )),
            AppendError::Store(store) => store.into(),
        }
    }
}

impl From<ImportError> for Failure {
    fn from(error: ImportError) -> Self {
        if let ImportError::Store(store) = error {
            return store.into();
        }
        // The same words as the server's answer to an import (one piece for both).
        let (_, message, _) = jardins_server::api::import::stopped_said(&error, speech())
            .expect("every stop but the store's is a line's");
        Failure::Refused {
            rule: None,
            message,
        }
    }
}

/// Runs `jardins` with the process's arguments and returns its exit code.
pub fn main() -> i32 {
    install_panic_hook();
    match std::panic::catch_unwind(|| run_with_args(std::env::args_os())) {
        Ok(code) => code,
        Err(_) => {
            let location = PANIC_LOCATION.lock().map(|l| l.clone()).unwrap_or_default();
            let _ = writeln!(io::stderr(), "jardins: {}", internal_error(&location));
            3
        }
    }
}

/// The one line a panic leaves: where it happened, and what to do.
fn internal_error(location: &str) -> String {
    speech().message(
        "cli-internal-error",
        &[("location", Value::Text(location.to_string()))],
    )
}

/// Where the last panic of the main thread happened, for the one line `main` prints.
static PANIC_LOCATION: std::sync::Mutex<String> = std::sync::Mutex::new(String::new());

/// Runs `jardins` with these arguments (the first is the program's name).
pub fn run_with_args<I, T>(arguments: I) -> i32
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    // The clock is read here only, once, and passed down.
    let now = Utc::now();
    let arguments: Vec<std::ffi::OsString> = arguments.into_iter().map(Into::into).collect();
    // The language too, before clap parses: its checks of typed values speak it.
    speech::set(speech::choose(&arguments, |name| {
        std::env::var_os(name).map(|value| value.to_string_lossy().into_owned())
    }));
    let matches = match Cli::command().try_get_matches_from(&arguments) {
        Ok(matches) => matches,
        Err(error) => {
            // Help and version go to stdout with 0; usage errors to stderr with 2.
            print_clap_error(&error, &arguments);
            return error.exit_code();
        }
    };
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(error) => {
            print_clap_error(&error, &arguments);
            return 2;
        }
    };
    let ledger_typed = matches.value_source("ledger") == Some(ValueSource::CommandLine);
    let context = Context {
        ledger: cli
            .ledger
            .clone()
            .unwrap_or_else(|| PathBuf::from(DEFAULT_LEDGER)),
        ledger_typed,
        wait: Duration::from_secs(cli.wait),
        now,
        today: now.date_naive(),
    };
    match run(cli.command, &context) {
        Ok(()) => 0,
        Err(failure) => {
            if let Some(message) = failure.message() {
                let _ = writeln!(io::stderr(), "jardins: {}", capped(&printable(&message)));
            }
            failure.exit_code()
        }
    }
}

/// Prints clap's message. Help and version go as they are; a usage error quotes what was
/// typed, and a typed value that is long or holds control or bidirectional characters is
/// quoted as an excerpt, escaped, so that it cannot drive the terminal or reorder the message.
fn print_clap_error(error: &clap::Error, arguments: &[std::ffi::OsString]) {
    if !error.use_stderr() {
        let _ = error.print();
        return;
    }
    let mut message = error.render().to_string();
    for argument in arguments {
        let typed = argument.to_string_lossy();
        let value = typed
            .strip_prefix("--")
            .and_then(|flag| flag.split_once('=').map(|(_, value)| value))
            .unwrap_or(&typed);
        for typed in [&*typed, value] {
            let shown = jardins_ledger::ids::excerpt(typed);
            if !typed.is_empty() && shown != typed {
                message = message.replace(typed, &shown);
            }
        }
    }
    // One style for every error the program prints: `jardins: bad usage: …`, as ours are.
    if let Some(rest) = message.strip_prefix("error: ") {
        let said = speech().message(
            "cli-bad-usage",
            &[("message", Value::Text(rest.to_string()))],
        );
        message = format!("jardins: {said}");
    }
    let _ = write!(io::stderr(), "{}", printable(&message));
}

/// A message with every control character but the newline, and every bidirectional control,
/// escaped: what a person typed (a value, a path) is quoted in it and must not drive the
/// terminal.
/// Most bytes of a message, escaped, before it is cut: with `jardins: ` and the cut's mark,
/// under 4 KiB (messages quote only excerpts; this is the last bound).
const MAX_MESSAGE_BYTES: usize = 3584;

fn capped(message: &str) -> String {
    if message.len() <= MAX_MESSAGE_BYTES {
        return message.to_string();
    }
    let end = (0..=MAX_MESSAGE_BYTES)
        .rev()
        .find(|i| message.is_char_boundary(*i))
        .unwrap_or(0);
    format!("{}… {}", &message[..end], speech().message("cli-cut", &[]))
}

fn printable(message: &str) -> String {
    message
        .chars()
        .map(|c| match c {
            '\n' => c.to_string(),
            c => jardins_ledger::ids::excerpt(c.encode_utf8(&mut [0; 4])),
        })
        .collect()
}

/// The last resort: no input should reach it, but if one does, the person sees one line, not a
/// backtrace, and the process ends with the "ledger cannot be used" code. On the main thread the
/// panic unwinds, so that the store can catch one inside sled at its boundary (and report the
/// ledger damaged), and `main` reports any other; on another thread it ends the process here.
fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let location = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        if std::thread::current().name() == Some("main") {
            if let Ok(mut last) = PANIC_LOCATION.lock() {
                *last = location;
            }
            return;
        }
        let _ = writeln!(io::stderr(), "jardins: {}", internal_error(&location));
        std::process::exit(3);
    }));
}

struct Context {
    ledger: PathBuf,
    /// Whether `--ledger` was typed (rather than taken from the environment or the default).
    ledger_typed: bool,
    wait: Duration,
    now: DateTime<Utc>,
    today: NaiveDate,
}

impl Context {
    fn open(&self) -> Result<Ledger, Failure> {
        Ok(Ledger::open(&self.ledger, self.wait)?)
    }

    fn on(&self, record: &RecordArgs) -> NaiveDate {
        record.on.unwrap_or(self.today)
    }

    /// Records one command and prints its receipt.
    fn record(&self, record: &RecordArgs, kind: CommandKind) -> Result<(), Failure> {
        let ledger = self.open()?;
        self.record_on(&ledger, record, kind)
    }

    fn record_on(
        &self,
        ledger: &Ledger,
        record: &RecordArgs,
        kind: CommandKind,
    ) -> Result<(), Failure> {
        let command = Command {
            on: self.on(record),
            kind,
        };
        let receipt = ledger
            .append(&command, record.key.as_deref(), self.now)
            .map_err(|error| with_hint(error.into()))?;
        let recorded = ledger.record(receipt.sequence)?;
        print(&receipt_text(recorded.as_ref(), &receipt))?;
        // The entry is recorded: what may still be a mistake is said on standard error. The
        // receipt stands whatever happens here, so a check that cannot read is said, not fatal.
        if let Some(recorded) = recorded.filter(|_| !receipt.replayed) {
            let warnings = warnings::after_append(ledger, &recorded, record.key.is_some())
                .unwrap_or_else(|failure| {
                    vec![speech().message(
                        "cli-warning-checks-failed",
                        &[
                            ("sequence", Value::Count(recorded.sequence)),
                            (
                                "message",
                                Value::Text(failure.message().unwrap_or_default()),
                            ),
                        ],
                    )]
                });
            for warning in warnings {
                let _ = writeln!(io::stderr(), "jardins: {}", printable(&warning));
            }
        }
        Ok(())
    }
}

/// Adds to a refusal the flag that fixes it, where the command line has one.
fn with_hint(failure: Failure) -> Failure {
    match failure {
        Failure::Refused {
            rule: Some(rule),
            message,
        } if rule == "ModeDiffers" => Failure::Refused {
            message: speech().message("cli-mode-hint", &[("message", Value::Text(message))]),
            rule: Some(rule),
        },
        other => other,
    }
}

/// The amount typed, in the currency given; a currency written after the amount (`10 €`) must
/// be that one.
fn amount_in(
    typed: TypedAmount,
    currency: &CurrencyCode,
) -> Result<jardins_ledger::Amount, Failure> {
    match typed.currency {
        Some(written) if written != *currency => Err(Failure::Usage(speech().message(
            "cli-amount-currency-differs",
            &[
                ("written", Value::Text(written.to_string())),
                ("currency", Value::Text(currency.to_string())),
            ],
        ))),
        _ => Ok(typed.amount),
    }
}

fn receipt_text(recorded: Option<&jardins_store::Record>, receipt: &Receipt) -> String {
    // Entry 1 is the euro's declaration, written by `init`: a command's receipt comes after it.
    debug_assert!(receipt.sequence >= 1, "a receipt names a recorded entry");
    let t = speech();
    let what = match recorded {
        Some(record) => {
            // Paired with the store's write: the record read back is the one the receipt names.
            debug_assert_eq!(record.sequence, receipt.sequence);
            debug_assert_eq!(record.hash, receipt.hash);
            t.message(
                "cli-receipt-what",
                &[
                    ("kind", Value::Text(record.event.kind.name().to_string())),
                    ("date", Value::Date(record.event.on)),
                    ("summary", Value::Text(log::summary_in(t, &record.event))),
                ],
            )
        }
        None => String::new(),
    };
    let sequence = ("sequence", Value::Count(receipt.sequence));
    let head = if receipt.replayed {
        t.message("cli-receipt-replayed", &[sequence])
    } else {
        t.message("cli-receipt-recorded", &[sequence])
    };
    format!(
        "{}\n{}\n",
        t.message(
            "cli-receipt",
            &[("head", Value::Text(head)), ("what", Value::Text(what))]
        ),
        hash_line(&receipt.hash)
    )
}

/// `hash 88293325…`, in the run's language.
fn hash_line(hash: &jardins_store::Hash) -> String {
    speech().message("cli-hash", &[("hash", Value::Text(hex::encode(hash)))])
}

/// `head: entry 7, hash 88293325…`, in the run's language.
fn head_of(sequence: u64, hash: &jardins_store::Hash) -> String {
    speech().message(
        "cli-head",
        &[
            ("sequence", Value::Count(sequence)),
            ("hash", Value::Text(hex::encode(hash))),
        ],
    )
}

fn run(command: Top, context: &Context) -> Result<(), Failure> {
    match command {
        Top::Init => init(context),
        Top::Currency(CurrencyCommand::Declare {
            code,
            name,
            places,
            record,
        }) => {
            let kind = if code.is_euro() {
                CurrencyKind::Euro
            } else {
                CurrencyKind::Complementary
            };
            let currency = Currency {
                code,
                name: Name::new(&name).map_err(Failure::typed)?,
                kind,
                decimal_places: places,
            };
            context.record(&record, CommandKind::DeclareCurrency { currency })
        }
        Top::Garden(command) => garden(command, context),
        Top::Member(command) => member(command, context),
        Top::Pay(pay) => {
            let ledger = context.open()?;
            let on = context.on(&pay.record);
            let rules = contribution_rules(&ledger, &pay.from, &pay.to, on)?;
            let rule = rules.iter().flatten().find(|r| r.currency == pay.currency);
            let pays_for = match (pay.commitment, pay.period) {
                (Some(commitment), Some(period)) => {
                    PaysFor::CommitmentPeriod { commitment, period }
                }
                (Some(commitment), None) => PaysFor::Commitment(commitment),
                (None, Some(period)) => PaysFor::Period(period),
                (None, None) => PaysFor::Period(default_period(on, rule.map(|r| r.cadence))),
            };
            let mode = match pay.mode {
                Some(mode) => mode_of(mode),
                None => default_mode(rules.as_deref(), &pay.currency),
            };
            let kind = CommandKind::PayContribution {
                from: pay.from,
                to: pay.to,
                amount: amount_in(pay.amount, &pay.currency)?,
                currency: pay.currency,
                mode,
                pays_for,
                note: text(&pay.note)?,
            };
            context.record_on(&ledger, &pay.record, kind)
        }
        Top::Role(RoleCommand::Value {
            garden,
            role,
            holder,
            amount,
            currency,
            period,
            record,
        }) => {
            let ledger = context.open()?;
            let on = context.on(&record);
            let cadence = in_force(&ledger, &garden, on)?.and_then(|c| {
                c.model
                    .roles
                    .into_iter()
                    .find(|r| r.role == role && r.rule.currency == currency)
                    .map(|r| r.rule.cadence)
            });
            let period = period.unwrap_or_else(|| default_period(on, cadence));
            context.record_on(
                &ledger,
                &record,
                CommandKind::ValueRole {
                    garden,
                    role,
                    holder,
                    amount: amount_in(amount, &currency)?,
                    currency,
                    period,
                },
            )
        }
        Top::Commit(commit) => commitment(commit, context),
        Top::Collect(collect) => {
            let ledger = context.open()?;
            let on = context.on(&collect.record);
            let collection = collect.kind.into();
            let mode = match collect.mode {
                Some(mode) => mode_of(mode),
                None => {
                    let rules = in_force(&ledger, &collect.garden, on)?.map(|c| {
                        c.model
                            .collections
                            .into_iter()
                            .filter(|r| r.kind == collection)
                            .map(|r| r.rule)
                            .collect::<Vec<_>>()
                    });
                    default_mode(rules.as_deref(), &collect.currency)
                }
            };
            let kind = CommandKind::RecordCollection {
                garden: collect.garden,
                collection,
                amount: amount_in(collect.amount, &collect.currency)?,
                currency: collect.currency,
                mode,
                note: text(&collect.note)?,
            };
            context.record_on(&ledger, &collect.record, kind)
        }
        Top::Expense(expense) => {
            let kind = CommandKind::PayExpense {
                payer: expense.payer,
                amount: amount_in(expense.amount, &expense.currency)?,
                currency: expense.currency,
                note: text(&expense.note)?,
            };
            context.record(&expense.record, kind)
        }
        Top::Reverse(reverse) => {
            let kind = CommandKind::ReverseEntry {
                entry: reverse.entry,
                reason: text(&reverse.reason)?,
            };
            context.record(&reverse.record, kind)
        }
        Top::Balance(balance) => {
            let ledger = context.open()?;
            let to = balance.to.unwrap_or(context.today);
            let by_month = balance.by_month || balance.by == Some(args::ByArg::Month);
            let text = external::balance_report(
                &ledger,
                &balance.account,
                balance.from,
                to,
                by_month,
                balance.format,
                balance.chart.as_deref(),
            )?;
            ledger.leave();
            print(&text)
        }
        Top::Audit(audit) => {
            let ledger = context.open()?;
            // A published checkpoint the ledger must extend: checked before any figure.
            let checkpoint = match &audit.checkpoint {
                Some(path) => {
                    let read = anchors::read_statement(path)?;
                    anchors::check_statement(&ledger, &read)?;
                    Some(read)
                }
                None => None,
            };
            let to = audit.to.unwrap_or(context.today);
            let text = external::audit_report(
                &ledger,
                audit.garden.as_ref(),
                external::AuditDays {
                    from: audit.from,
                    to,
                    today: context.today,
                },
                audit.format,
                audit.chart.as_deref(),
                audit.chain,
            )?;
            ledger.leave();
            match checkpoint {
                Some(read) if audit.format == args::FormatArg::Table => {
                    let held = speech().message(
                        "cli-audit-checkpoint",
                        &[
                            ("path", Value::Text(read.path.display().to_string())),
                            ("date", Value::Text(anchors::statement_date(&read))),
                            ("sequence", Value::Count(read.statement.head.sequence)),
                            ("hash", Value::Text(hex::encode(read.statement.head.hash))),
                        ],
                    );
                    print(&format!("{text}{held}\n"))
                }
                _ => print(&text),
            }
        }
        Top::Commitments(commitments) => {
            let ledger = context.open()?;
            let as_of = commitments.as_of.unwrap_or(context.today);
            let garden = commitments.garden.or(commitments.garden_option);
            let text = external::commitments_report(
                &ledger,
                garden.as_ref(),
                commitments.member.as_ref(),
                as_of,
                context.today,
                commitments.format,
            )?;
            ledger.leave();
            print(&text)
        }
        Top::Log(arguments) => {
            let ledger = context.open()?;
            let filter = log::Filter {
                garden: arguments.garden,
                member: arguments.member,
                from: arguments.from,
                to: arguments.to,
            };
            let text = log::run(&ledger, &filter, arguments.format)?;
            ledger.leave();
            print(&external::finish(text, arguments.format)?)
        }
        Top::Verify(arguments) => verify(context, &arguments),
        Top::Checkpoint => {
            let ledger = context.open()?;
            print(&ledger.statement(context.now)?.text())
        }
        Top::Import(import) => import_file(context, &import.file),
        Top::Export(export) => export_command(context, export),
        Top::Generate(generate) => generate_events(generate.events, generate.seed),
        Top::Demo(_) => demo(context),
        Top::Serve(args) => serve::serve(args, context),
        Top::Access(command) => serve::access(command, context),
        Top::Completions { shell } => {
            let mut command = Cli::command();
            let mut buffer = Vec::new();
            clap_complete::generate(shell, &mut command, "jardins", &mut buffer);
            print(&String::from_utf8_lossy(&buffer))
        }
        Top::Man => {
            let mut buffer = Vec::new();
            clap_mangen::Man::new(Cli::command())
                .render(&mut buffer)
                .map_err(|error| {
                    Failure::Output(speech().message(
                        "cli-manual-failed",
                        &[("error", Value::Text(error.to_string()))],
                    ))
                })?;
            print(&String::from_utf8_lossy(&buffer))
        }
    }
}

fn text(typed: &str) -> Result<Text, Failure> {
    Text::new(typed).map_err(Failure::typed)
}

fn mode_of(mode: ModeArg) -> Mode {
    match mode {
        ModeArg::Fixed => Mode::Fixed,
        ModeArg::Conscious => Mode::Conscious,
    }
}

fn in_force(
    ledger: &Ledger,
    garden: &GardenId,
    on: NaiveDate,
) -> Result<Option<Constitution>, Failure> {
    Ok(ledger
        .garden(garden)?
        .and_then(|state| state.constitution_on(on).cloned()))
}

/// The mode a constitution's rules set for `currency`; fixed when no rule says otherwise
/// (then `decide` judges the command, and says what is accepted).
fn default_mode(rules: Option<&[jardins_ledger::FlowRule]>, currency: &CurrencyCode) -> Mode {
    let rule = rules.and_then(|rules| rules.iter().find(|r| r.currency == *currency));
    match rule.map(|r| r.mode) {
        Some(ModeRule::Conscious { .. }) => Mode::Conscious,
        Some(ModeRule::Fixed { .. }) | None => Mode::Fixed,
    }
}

/// The period an entry is for when `--period` is not given, one rule for `pay` and `role value`
/// (their `--help` says it): the year of its date under a yearly rule, else the month of its
/// date (under a monthly or one-off rule, or none).
fn default_period(on: NaiveDate, cadence: Option<Cadence>) -> Period {
    match cadence {
        Some(Cadence::Yearly) => Period::Year(chrono::Datelike::year(&on)),
        Some(Cadence::Monthly | Cadence::OneOff) | None => {
            Period::Month(jardins_ledger::Month::of(on))
        }
    }
}

/// The rules of the constitution that judges a contribution (the receiving garden's for a
/// member, the paying garden's for the big garden), in force on `on`; they give its mode and
/// its period when `--mode` and `--period` are not given.
fn contribution_rules(
    ledger: &Ledger,
    from: &Account,
    to: &Account,
    on: NaiveDate,
) -> Result<Option<Vec<jardins_ledger::FlowRule>>, Failure> {
    Ok(match (from, to) {
        (Account::Member(_), Account::Garden(garden)) => {
            in_force(ledger, garden, on)?.map(|c| c.model.commitments)
        }
        (Account::Garden(garden), Account::BigGarden) => {
            in_force(ledger, garden, on)?.map(|c| c.model.big_garden)
        }
        _ => None,
    })
}

fn init(context: &Context) -> Result<(), Failure> {
    let ledger = Ledger::create(&context.ledger, context.now)?;
    let head = ledger.head();
    let t = speech();
    print(&format!(
        "{}\n{}\n{}\n\n{}\n  {}\n",
        t.message(
            "cli-init-created",
            &[("path", Value::Text(context.ledger.display().to_string()))]
        ),
        t.message(
            "cli-init-euro",
            &[("sequence", Value::Count(head.sequence))]
        ),
        hash_line(&head.hash),
        t.message("cli-init-next", &[]),
        t.message("cli-init-example", &[]),
    ))
}

fn garden(command: GardenCommand, context: &Context) -> Result<(), Failure> {
    match command {
        GardenCommand::Open(open) => {
            let kind = match (open.local, open.thematic, open.organisation) {
                (Some(territory), None, None) => GardenKind::Local {
                    territory: Name::new(&territory).map_err(Failure::typed)?,
                },
                (None, Some(theme), None) => GardenKind::Thematic {
                    theme: Name::new(&theme).map_err(Failure::typed)?,
                },
                (None, None, Some(organisation)) => GardenKind::Organisation {
                    organisation: Name::new(&organisation).map_err(Failure::typed)?,
                },
                _ => return Err(Failure::Usage(speech().message("cli-garden-kind", &[]))),
            };
            let core = open
                .core
                .iter()
                .map(|typed| core_person(typed))
                .collect::<Result<Vec<_>, _>>()?;
            context.record(
                &open.record,
                CommandKind::OpenGarden {
                    garden: open.garden,
                    name: Name::new(&open.name).map_err(Failure::typed)?,
                    kind,
                    core,
                },
            )
        }
        GardenCommand::Constitution {
            garden,
            file,
            record,
        } => {
            let ledger = context.open()?;
            let on = context.on(&record);
            let constitution = read_constitution(&file, on)?;
            context.record_on(
                &ledger,
                &record,
                CommandKind::AdoptConstitution {
                    garden,
                    constitution,
                },
            )
        }
        GardenCommand::List { as_of, format } => {
            let ledger = context.open()?;
            print(&external::garden_list(
                &ledger,
                as_of.unwrap_or(context.today),
                format,
            )?)
        }
        GardenCommand::Close {
            garden,
            reason,
            record,
        } => context.record(
            &record,
            CommandKind::CloseGarden {
                garden,
                reason: text(&reason)?,
            },
        ),
    }
}

/// `camille` or `camille=Camille D.`: a person of a garden's core.
fn core_person(typed: &str) -> Result<CorePerson, Failure> {
    let (id, name) = typed.split_once('=').unwrap_or((typed, typed));
    Ok(CorePerson {
        person: id.parse().map_err(Failure::typed)?,
        name: Name::new(name).map_err(Failure::typed)?,
    })
}

/// Reads a constitution file: a file that cannot be read is bad usage (2); a file whose
/// content is refused is a refusal (1) naming the key to fix.
fn read_constitution(path: &Path, on: NaiveDate) -> Result<Constitution, Failure> {
    let file = || ("path", Value::Text(path.display().to_string()));
    let content = constitution_file::read_text(path).map_err(|why| {
        Failure::Usage(speech().message(
            "cli-constitution-unreadable",
            &[file(), ("error", Value::Text(why))],
        ))
    })?;
    constitution_file::parse(&content, on).map_err(|problem| Failure::Refused {
        rule: Some("ConstitutionFile".to_string()),
        message: speech().message(
            "cli-constitution-invalid",
            &[
                file(),
                ("problem", Value::Text(constitution_file::said(&problem))),
            ],
        ),
    })
}

fn member(command: MemberCommand, context: &Context) -> Result<(), Failure> {
    match command {
        MemberCommand::Join {
            garden,
            person,
            name,
            companion,
            record,
        } => {
            let ledger = context.open()?;
            // A person who joins again keeps their name unless a new one is given.
            let known = match name {
                Some(name) => name,
                None => ledger
                    .people()?
                    .into_iter()
                    .find(|(id, _)| *id == person)
                    .map_or_else(|| person.to_string(), |(_, state)| state.name.to_string()),
            };
            let name = Name::new(&known).map_err(Failure::typed)?;
            let role = if companion {
                MemberRole::Companion
            } else {
                MemberRole::Gardener
            };
            context.record_on(
                &ledger,
                &record,
                CommandKind::JoinGarden {
                    garden,
                    person,
                    name,
                    role,
                },
            )
        }
        MemberCommand::List { garden, format } => {
            let ledger = context.open()?;
            print(&external::member_list(&ledger, &garden, format)?)
        }
        MemberCommand::Leave {
            garden,
            person,
            record,
        } => context.record(&record, CommandKind::LeaveGarden { garden, person }),
    }
}

fn commitment(commit: CommitArgs, context: &Context) -> Result<(), Failure> {
    if let Some(CommitEnd::End {
        commitment,
        until,
        record,
    }) = commit.end
    {
        let until = until.unwrap_or_else(|| context.on(&record));
        return context.record(&record, CommandKind::EndCommitment { commitment, until });
    }
    // clap requires these when there is no subcommand; the check keeps a change there from
    // turning into a panic here.
    let (Some(id), Some(garden), Some(person), Some(amount), Some(currency)) = (
        commit.commitment,
        commit.garden,
        commit.person,
        commit.amount,
        commit.currency,
    ) else {
        return Err(Failure::Usage(speech().message("cli-commit-usage", &[])));
    };
    let ledger = context.open()?;
    let on = context.on(&commit.record);
    let cadence = match commit.cadence {
        Some(CadenceArg::Monthly) => Cadence::Monthly,
        Some(CadenceArg::Yearly) => Cadence::Yearly,
        Some(CadenceArg::OneOff) => Cadence::OneOff,
        None => in_force(&ledger, &garden, on)?
            .and_then(|c| {
                c.model
                    .commitments
                    .iter()
                    .find(|r| r.currency == currency)
                    .map(|r| r.cadence)
            })
            .unwrap_or(Cadence::Monthly),
    };
    let kind = CommandKind::MakeCommitment {
        commitment: id,
        garden,
        person,
        amount: amount_in(amount, &currency)?,
        currency,
        cadence,
        from: commit.from.unwrap_or(on),
        until: commit.until,
    };
    context.record_on(&ledger, &commit.record, kind)
}

fn verify(context: &Context, arguments: &args::VerifyArgs) -> Result<(), Failure> {
    let in_verify = |error| store_failure(error, true);
    // Read before the ledger is opened: a file that cannot be read is bad usage.
    let checkpoint = match &arguments.checkpoint {
        Some(path) => Some(anchors::read_statement(path)?),
        None => None,
    };
    let signed_by = match (&checkpoint, &arguments.allowed_signers) {
        (Some(read), Some(allowed)) => {
            anchors::check_signatures(read, allowed, &arguments.signature)?
        }
        _ => Vec::new(),
    };
    let ledger = Ledger::open(&context.ledger, context.wait).map_err(in_verify)?;
    let mut anchored = String::new();
    if !arguments.expect.is_empty() {
        ledger
            .check_anchors(&arguments.expect, &mut |_, _| {})
            .map_err(in_verify)?;
        anchored.push_str(&anchors::held(&arguments.expect));
    }
    if let Some(read) = &checkpoint {
        anchors::check_statement(&ledger, read)?;
        let values = vec![
            ("path", Value::Text(read.path.display().to_string())),
            ("date", Value::Text(anchors::statement_date(read))),
            ("sequence", Value::Count(read.statement.head.sequence)),
            ("hash", Value::Text(hex::encode(read.statement.head.hash))),
        ];
        let held = if signed_by.is_empty() {
            speech().message("cli-checkpoint-holds-unsigned", &values)
        } else {
            let mut values = values;
            values.push(("signers", Value::Text(signed_by.join(", "))));
            speech().message("cli-checkpoint-holds-signed", &values)
        };
        anchored.push_str(&held);
        anchored.push('\n');
    }
    let bar = output::progress(
        Some(ledger.head().sequence),
        &speech().message("cli-progress-verifying", &[]),
    );
    let report = ledger.verify(&mut |done, total| {
        bar.set_length(total);
        bar.set_position(done);
    });
    bar.finish_and_clear();
    let report = report.map_err(in_verify)?;
    ledger.leave();
    print(&format!(
        "{}\n{anchored}{}\n",
        speech().message("cli-verified", &[("events", Value::Count(report.events))]),
        head_of(report.head.sequence, &report.head.hash)
    ))
}

fn import_file(context: &Context, file: &Path) -> Result<(), Failure> {
    let ledger = context.open()?;
    let mut input: Box<dyn BufRead> = if file == Path::new("-") {
        Box::new(io::BufReader::new(io::stdin().lock()))
    } else {
        let unreadable = |error: String| {
            Failure::Usage(speech().message(
                "cli-unreadable",
                &[
                    ("path", Value::Text(file.display().to_string())),
                    ("error", Value::Text(error)),
                ],
            ))
        };
        let opened = std::fs::File::open(file).map_err(|error| unreadable(error.to_string()))?;
        if opened.metadata().is_ok_and(|m| m.is_dir()) {
            return Err(unreadable(speech().message("cli-import-directory", &[])));
        }
        Box::new(io::BufReader::new(opened))
    };
    let bar = output::progress(None, &speech().message("cli-progress-importing", &[]));
    let summary = ledger.import_jsonl(&mut input, context.now, &mut |lines| {
        bar.set_position(lines);
    });
    bar.finish_and_clear();
    let summary = summary?;
    let id = if summary.restored {
        "cli-imported-restored"
    } else {
        "cli-imported"
    };
    let imported = speech().message(
        id,
        &[
            ("lines", Value::Count(summary.lines)),
            ("appended", Value::Count(summary.appended)),
        ],
    );
    print(&format!(
        "{imported}\n{}\n",
        head_of(summary.head.sequence, &summary.head.hash)
    ))
}

fn export_command(context: &Context, export: ExportCommand) -> Result<(), Failure> {
    let ledger = context.open()?;
    let path = match &export {
        ExportCommand::Jsonl { output }
        | ExportCommand::Journal { output }
        | ExportCommand::Beancount { output } => output.as_deref(),
    };
    let (writer, name) = output::open_output(path)?;
    let mut writer = output::PipeAware::new(writer);
    let result = if let ExportCommand::Journal { .. } = export {
        external::journal(&ledger, &mut writer).map(|_| ())
    } else if let ExportCommand::Beancount { .. } = export {
        external::beancount(&ledger, &mut writer).map(|_| ())
    } else {
        let bar = output::progress(
            Some(ledger.head().sequence),
            &speech().message("cli-progress-exporting", &[]),
        );
        let result = ledger
            .export_jsonl(&mut writer, &mut |done, total| {
                bar.set_length(total);
                bar.set_position(done);
            })
            .map(|_| ())
            .map_err(Failure::from);
        bar.finish_and_clear();
        result
    };
    let flushed = writer.flush();
    if writer.pipe_closed {
        return Ok(());
    }
    result?;
    flushed.map_err(|error| output::output_failure(error, &name))
}

fn generate_events(events: u64, seed: u64) -> Result<(), Failure> {
    let mut out = io::BufWriter::new(io::stdout().lock());
    for event in external::community(events, seed) {
        let line = jardins_store::json::event_line(&event);
        let written = out
            .write_all(line.as_bytes())
            .and_then(|()| out.write_all(b"\n"));
        if let Err(error) = written {
            return quiet_pipe(output::output_failure(error, &output::standard_output()));
        }
    }
    out.flush()
        .map_err(|error| output::output_failure(error, &output::standard_output()))
        .or_else(quiet_pipe)
}

fn quiet_pipe(failure: Failure) -> Result<(), Failure> {
    match failure {
        Failure::PipeClosed => Ok(()),
        other => Err(other),
    }
}

/// The garden the demo shows first: Paris if the demo has it, else the first local garden.
fn demo_garden(ledger: &Ledger) -> Result<Option<GardenId>, Failure> {
    let gardens = ledger.gardens()?;
    let paris = gardens.iter().find(|(id, _)| id.as_str() == "paris");
    let local = gardens
        .iter()
        .find(|(_, state)| matches!(state.kind, GardenKind::Local { .. }));
    Ok(paris
        .or(local)
        .or_else(|| gardens.first())
        .map(|(id, _)| id.clone()))
}

fn demo(context: &Context) -> Result<(), Failure> {
    // The demo keeps its ledger only where --ledger was typed: JARDINS_LEDGER usually names a
    // real ledger, which the demo must not touch.
    let temporary;
    let path = if context.ledger_typed {
        context.ledger.clone()
    } else {
        temporary = tempfile::Builder::new()
            .prefix("jardins-demo-")
            .tempdir()
            .map_err(|error| {
                Failure::Output(speech().message(
                    "cli-demo-no-temporary",
                    &[("error", Value::Text(error.to_string()))],
                ))
            })?;
        temporary.path().join("ledger")
    };
    let ledger = Ledger::create(&path, context.now)?;
    let lines = external::demo_lines();
    let t = speech();
    let bar = output::progress(None, &t.message("cli-progress-demo", &[]));
    let summary = ledger.import_jsonl(&mut lines.as_bytes(), context.now, &mut |done| {
        bar.set_position(done);
    });
    bar.finish_and_clear();
    let summary = summary?;
    let today = context.today;
    let heading =
        |id: &str, values: &[(&str, Value)]| format!("\n== {} ==\n", t.message(id, values));
    let mut text = t.message(
        "cli-demo-intro",
        &[
            ("events", Value::Count(summary.head.sequence)),
            ("path", Value::Text(path.display().to_string())),
        ],
    );
    text.push('\n');
    let shown = demo_garden(&ledger)?;
    if let Some(garden) = &shown {
        let account = Account::Garden(garden.clone());
        text.push_str(&heading(
            "cli-demo-balance-of",
            &[("garden", Value::Text(account.to_string()))],
        ));
        text.push_str(&external::balance_report(
            &ledger,
            &account,
            None,
            today,
            false,
            FormatArg::Table,
            None,
        )?);
    }
    text.push_str(&heading("cli-demo-balance-of-big-garden", &[]));
    text.push_str(&external::balance_report(
        &ledger,
        &Account::BigGarden,
        None,
        today,
        false,
        FormatArg::Table,
        None,
    )?);
    text.push_str(&heading("cli-demo-audit", &[]));
    text.push_str(&external::audit_report(
        &ledger,
        None,
        external::AuditDays {
            from: None,
            to: today,
            today,
        },
        FormatArg::Table,
        None,
        ChainArg::Auto,
    )?);
    let ledger_flag = if context.ledger_typed {
        format!(" --ledger {}", shell_word(&path))
    } else {
        " --ledger ./demo-ledger".to_string()
    };
    let keep = if context.ledger_typed {
        String::new()
    } else {
        format!(
            "{}\n  jardins demo --ledger ./demo-ledger\n{}\n",
            t.message("cli-demo-temporary", &[]),
            t.message("cli-demo-then", &[])
        )
    };
    let garden = shown.map_or_else(|| "paris".to_string(), |g| g.to_string());
    let commands: String = [
        "garden list".to_string(),
        format!("log --garden {garden}"),
        format!("balance {garden} --by month"),
        "audit --format json".to_string(),
        "commitments".to_string(),
        "verify".to_string(),
        "export journal".to_string(),
    ]
    .iter()
    .map(|command| format!("  jardins{ledger_flag} {command}\n"))
    .collect();
    text.push_str(&format!(
        "\n{}\n{keep}{commands}{}\n",
        t.message("cli-demo-try-next", &[]),
        t.message("cli-demo-own-ledger", &[])
    ));
    print(&text)
}

/// A path as a shell word, quoted only when it needs to be.
fn shell_word(path: &Path) -> String {
    let shown = path.display().to_string();
    let plain = shown
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "/._-+:@".contains(c));
    if plain {
        shown
    } else {
        format!("'{}'", shown.replace('\'', "'\\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn core_people_are_typed_as_id_or_id_equals_name() {
        let named = core_person("camille=Camille D.").unwrap();
        assert_eq!(named.person.as_str(), "camille");
        assert_eq!(named.name.as_str(), "Camille D.");
        let bare = core_person("dominique").unwrap();
        assert_eq!(bare.name.as_str(), "dominique");
        for bad in ["Camille", "camille=", "=Camille"] {
            assert!(
                matches!(core_person(bad), Err(Failure::Usage(_))),
                "{bad:?} is bad usage"
            );
        }
    }

    #[test]
    fn paths_are_quoted_for_the_shell_only_when_needed() {
        assert_eq!(shell_word(Path::new("./demo-ledger")), "./demo-ledger");
        assert_eq!(shell_word(Path::new("/tmp/my ledger")), "'/tmp/my ledger'");
        assert_eq!(shell_word(Path::new("it's")), "'it'\\''s'");
    }

    #[test]
    fn exit_codes_follow_the_documented_table() {
        let refused = Failure::refused(&Refusal::EmptyName);
        assert_eq!(refused.exit_code(), 1);
        assert!(refused.message().unwrap().contains("EmptyName"));
        assert_eq!(Failure::Usage(String::new()).exit_code(), 2);
        assert_eq!(Failure::Ledger(String::new()).exit_code(), 3);
        assert_eq!(Failure::Output(String::new()).exit_code(), 3);
        assert_eq!(Failure::PipeClosed.exit_code(), 0);
        assert!(Failure::PipeClosed.message().is_none());
    }

    #[test]
    fn without_a_period_an_entry_is_for_the_year_under_a_yearly_rule_else_the_month() {
        let on = NaiveDate::from_ymd_opt(2026, 5, 10).unwrap();
        let may: Period = "2026-05".parse().unwrap();
        assert_eq!(
            default_period(on, Some(Cadence::Yearly)),
            Period::Year(2026)
        );
        assert_eq!(default_period(on, Some(Cadence::Monthly)), may);
        assert_eq!(default_period(on, Some(Cadence::OneOff)), may);
        assert_eq!(default_period(on, None), may);
    }

    #[test]
    fn without_a_rule_the_mode_is_fixed_and_with_one_it_is_the_rule_s() {
        let euro = CurrencyCode::euro();
        assert_eq!(default_mode(None, &euro), Mode::Fixed);
        let conscious = [jardins_ledger::FlowRule {
            currency: euro.clone(),
            mode: ModeRule::Conscious { suggested: None },
            cadence: Cadence::Monthly,
        }];
        assert_eq!(default_mode(Some(&conscious), &euro), Mode::Conscious);
        let graine: CurrencyCode = "GRAINE".parse().unwrap();
        assert_eq!(default_mode(Some(&conscious), &graine), Mode::Fixed);
    }
}
