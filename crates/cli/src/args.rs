//! The command line, as clap parses it. Every value a person types is parsed here, with the
//! domain's own parsers, so that a malformed amount, date or id is a usage error (exit 2) that
//! shows the expected form before anything touches the ledger.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};
use jardins_ledger::{
    Account, CollectionKind, CommitmentId, CurrencyCode, GardenId, Period, PersonId, Refusal,
    RoleId, Value,
};
use jardins_text::parse::TypedAmount;

use crate::speech::text;

use jardins_store::MAX_KEY_CHARS;
/// Longest wait for a ledger held by another `jardins`, in seconds.
pub const MAX_WAIT_SECONDS: u64 = 3_600;
/// Most events `generate` writes in one run.
pub const MAX_GENERATED_EVENTS: u64 = 10_000_000;

const EXIT_CODES: &str = "\
Exit codes:
  0  done
  1  refused by a rule of the ledger (the message names the rule and how to fix it);
     nothing was recorded
  2  bad usage: an unknown command or flag, a malformed or negative amount, date or id,
     a chart file not ending in .svg, a file that cannot be read
  3  the ledger cannot be used: missing, locked by another jardins (see --wait), or
     damaged; or an output file or chart cannot be written

The ledger is the directory given by --ledger, else $JARDINS_LEDGER, else ./jardins-ledger.

Start with `jardins demo`, then `jardins init` for a ledger of your own.";

#[derive(Debug, Parser)]
#[command(
    name = "jardins",
    version,
    about = "The money ledger of les jardins du Nous: record what gardens pay and receive, report balances, audit what reaches the big garden.",
    long_about = "The money ledger of les jardins du Nous.\n\nEach garden records its contributions, valued roles, commitments, collections and expenses as events that are never edited or deleted (a mistake is corrected by reversing it). Balances and audits are derived from those events, per currency, as of any date.",
    after_help = EXIT_CODES,
    max_term_width = 100
)]
pub struct Cli {
    /// The ledger's directory [env: JARDINS_LEDGER] [default: ./jardins-ledger]
    #[arg(
        long,
        global = true,
        env = "JARDINS_LEDGER",
        hide_env = true,
        value_name = "PATH",
        help_heading = "Ledger options"
    )]
    pub ledger: Option<PathBuf>,

    /// How long to wait for a ledger that another jardins is using, in seconds (0: do not wait)
    #[arg(long, global = true, value_name = "SECONDS", default_value_t = 3,
          help_heading = "Ledger options",
          value_parser = clap::value_parser!(u64).range(0..=MAX_WAIT_SECONDS))]
    pub wait: u64,

    /// The language of messages: fr or en [env: JARDINS_LANG, else the locale: LC_ALL,
    /// LC_MESSAGES, LANG] [default: en]. Machine output (--format json|csv, exports) is the
    /// same in every language
    #[arg(long, global = true, value_enum, value_name = "LANG")]
    pub lang: Option<LangArg>,

    #[command(subcommand)]
    pub command: Top,
}

/// A language of messages (read before clap parses, by `speech::choose`; clap checks it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    Fr,
    En,
}

#[derive(Debug, Subcommand)]
pub enum Top {
    /// Create a new ledger (the euro is declared in it)
    #[command(after_help = "Example:\n  jardins --ledger ./paris-ledger init")]
    Init,

    /// Currencies: declare a complementary currency
    #[command(subcommand)]
    Currency(CurrencyCommand),

    /// Gardens: open one, adopt its constitution, close it, list them
    #[command(subcommand)]
    Garden(GardenCommand),

    /// Members: a person joins or leaves a garden; list a garden's members
    #[command(subcommand)]
    Member(MemberCommand),

    /// Record a contribution: a member pays a garden, or a garden pays the big garden
    #[command(after_help = "\
FROM and TO are account names: member:ID, garden:ID or big-garden.
Without --mode, the mode is the one the constitution in force sets for this flow.
Without --period, the entry is for the period of its date (--on): the year of that date
when the constitution's rule for this flow is yearly, else its month (a monthly or one-off
rule, or none). `pay` and `role value` follow this one rule.
A member's payment to a garden counts toward that member's commitment to it in that currency
that runs in the period it pays for, without --commitment: under a fixed rule it must be that
commitment's amount (which may be above the minimum), or the minimum when a later constitution
version raised it above that amount. --commitment names the commitment when the member holds
several; with --period too, it pays that commitment for that period (a month for a monthly
commitment, a year for a yearly one, in which it runs); without --period, for the period of
its date.

Examples:
  jardins pay member:camille garden:paris 12,50 EUR --period 2026-03
  jardins pay member:camille garden:paris 10 EUR --commitment camille-2026
  jardins pay member:camille garden:paris 10 EUR --commitment camille-2026 --period 2026-02
  jardins pay garden:paris big-garden 40 EUR --period 2026-03 --on 2026-03-31")]
    Pay(PayArgs),

    /// Valued roles: record that a garden pays a member for a role its constitution values
    #[command(subcommand)]
    Role(RoleCommand),

    /// Commitments: record a gardener's minimum commitment (or end one with `commit end`)
    #[command(
        args_conflicts_with_subcommands = true,
        subcommand_negates_reqs = true,
        after_help = "\
Without --cadence, the cadence is the one the constitution in force asks for.
A commitment cannot be named `end`: `jardins commit end` ends a commitment.

Examples:
  jardins commit camille-2026 paris camille 10 EUR --from 2026-01-01
  jardins commit end camille-2026 --until 2026-06-30"
    )]
    Commit(CommitArgs),

    /// Record money a garden collected: takings at an event, a gathering, a fundraising
    #[command(
        after_help = "Example:\n  jardins collect paris 85,50 EUR --kind event --note \"spring gathering\""
    )]
    Collect(CollectArgs),

    /// Record an expense paid by a garden or by the big garden
    #[command(
        after_help = "Example:\n  jardins expense garden:paris 45 EUR --note \"room rental, March\""
    )]
    Expense(ExpenseArgs),

    /// Correct a mistake: record an entry that undoes a money entry (which stays in the log)
    #[command(
        override_usage = "jardins reverse <ENTRY> --reason <REASON> [--on <DATE>] [--key <KEY>]",
        after_help = "Example:\n  jardins reverse 14 --reason \"typed 120 instead of 12\""
    )]
    Reverse(ReverseArgs),

    /// Report an account's balance per currency (a garden, the big garden or a member)
    #[command(after_help = "\
For member:ID, what the person paid to each garden and to the big garden, and what gardens
paid them for valued roles, from --from to --to (--by and --chart are for gardens).

Examples:
  jardins balance paris
  jardins balance member:camille --from 2026-01-01 --to 2026-06-30
  jardins balance big-garden --as-of 2026-06-30 --format json
  jardins balance garden:paris --from 2026-01-01 --to 2026-06-30 --by month --chart paris.svg")]
    Balance(BalanceArgs),

    /// Audit the flows to the big garden: due, paid and the difference, per garden and currency
    #[command(after_help = AUDIT_RULES)]
    Audit(AuditArgs),

    /// List commitments and what has been paid toward each
    #[command(after_help = "\
A member's payment to a garden counts toward that member's commitment to that garden in that
currency: the one it names (pay --commitment), else the one that runs in the period it pays for
(--period), or in the month of its date; when several do, the one whose amount it is, else the
one starting first. Within it, a payment counts in the period it names (--period, with or
without --commitment), else in the period of its date. A commitment's periods are its calendar
months (monthly), calendar years (yearly) or its whole run (one-off); what a period asks is due
by its last day (a one-off's, by the last day of its first month), and a period not over (its
last day after --as-of, or not before today) is open: what it asks and is not paid yet is
outstanding, not arrears. Standing is the audit's: see `jardins audit --help`.

Examples:
  jardins commitments
  jardins commitments paris --as-of 2026-06-30
  jardins commitments --member camille")]
    Commitments(CommitmentsArgs),

    /// List the recorded events, filterable by garden, member and dates
    #[command(after_help = "\
In JSON and CSV, one row per entry, with its columns: sequence, date, recorded_at, kind, garden,
from, to, amount, currency, mode, for (the period or commitment it is for), note, reverses,
reversed_by, hash, summary. A money entry moves one amount in one currency from one account to
another; a reversal's row shows the money going back (from the account that had received it)
and names the entry it reverses. Entries that move no money leave those columns empty.

Examples:
  jardins log
  jardins log --garden paris --from 2026-03-01 --to 2026-03-31
  jardins log --member camille --format csv")]
    Log(LogArgs),

    /// Check the hash chain and the derived balances; exits 3 on any mismatch
    #[command(after_help = "\
An entry and hash kept outside the ledger (a receipt, a published checkpoint) shows whether
the ledger was rewritten or put back to an older copy: the entry must still have that hash,
and the chain must run from it to the head.

Examples:
  jardins verify
  jardins verify --expect 150:5c9d…  (the entry and hash of a receipt)
  jardins verify --checkpoint checkpoint.txt --allowed-signers core_members")]
    Verify(VerifyArgs),

    /// Print a statement of the ledger's head (ledger, date, entry, hash) to publish and sign
    #[command(after_help = "\
The statement is five lines of text (events/README.md). Core members sign it with
  ssh-keygen -Y sign -f ~/.ssh/id_ed25519 -n jardins-checkpoint checkpoint.txt
and anyone holding the ledger checks it with
  jardins verify --checkpoint checkpoint.txt --allowed-signers core_members

Example:
  jardins checkpoint > checkpoint.txt")]
    Checkpoint,

    /// Append the events of a JSON Lines file (as `export jsonl` or `generate` write them)
    #[command(after_help = "\
FILE is a path, or - for standard input. Each line is judged by the same rules as a typed
command; the first refused line is named and stops the import.

Examples:
  jardins import events.jsonl
  jardins generate --events 5000 --seed 7 | jardins import -")]
    Import(ImportArgs),

    /// Write the ledger out: `jsonl` (every record, with its hashes), `journal` (hledger, ledger-cli) or `beancount`
    #[command(subcommand)]
    Export(ExportCommand),

    /// Print a synthetic community as JSON Lines that `import` accepts (same seed, same events)
    #[command(
        after_help = "Example:\n  jardins init && jardins generate --events 5000 --seed 7 | jardins import -"
    )]
    Generate(GenerateArgs),

    /// Load a year in the life of a few gardens and show its reports; try this first
    #[command(after_help = "\
The demo ledger is temporary and deleted afterwards, unless --ledger names a new directory
to keep it in (then explore it with the other commands). The demo does not use
JARDINS_LEDGER: that variable usually names your own ledger, which the demo never touches.

Examples:
  jardins demo
  jardins demo --ledger ./demo-ledger")]
    Demo(DemoArgs),

    /// Serve the ledger over HTTP (the JSON API, sign-in) until SIGTERM or Ctrl-C
    #[command(after_help = "\
While it runs, the server holds the ledger: other commands on it exit 3 and name its pid.
Behind a TLS reverse proxy, give the origin people use: --origin https://jardins.example.org

Examples:
  jardins --ledger ./demo-ledger serve --invite camille
  jardins --ledger ./ledger serve --listen 0.0.0.0:8080 --origin https://jardins.example.org")]
    Serve(ServeArgs),

    /// Who may sign in: invitations, stewards, tokens (while no server holds the ledger)
    #[command(subcommand)]
    Access(AccessCommand),

    /// Print a shell completion script
    #[command(
        after_help = "Example:\n  jardins completions bash > ~/.local/share/bash-completion/completions/jardins"
    )]
    Completions {
        /// The shell to complete for
        shell: clap_complete::Shell,
    },

    /// Print the manual page (roff)
    #[command(after_help = "Example:\n  jardins man > jardins.1 && man ./jardins.1")]
    Man,
}

/// The demo's own `--ledger`: the global one, without `JARDINS_LEDGER` (clap does not add the
/// global option to a command that defines one with the same id, and passes its value up).
#[derive(Debug, Args)]
pub struct DemoArgs {
    /// A new directory to keep the demo ledger in, to explore it afterwards [default: a
    /// temporary ledger, deleted as the demo ends; JARDINS_LEDGER is not used]
    #[arg(long, value_name = "PATH", help_heading = "Ledger options")]
    pub ledger: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The address to listen on
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8080")]
    pub listen: std::net::SocketAddr,
    /// The origin browsers use, when it is not http://ADDR (behind a TLS proxy)
    #[arg(long, value_name = "URL")]
    pub origin: Option<String>,
    /// Print a one-time link (valid 7 days) with which PERSON sets a password; repeatable
    #[arg(long, value_name = "PERSON", value_parser = person_id)]
    pub invite: Vec<PersonId>,
}

#[derive(Debug, Subcommand)]
pub enum AccessCommand {
    /// Print a one-time link (valid 7 days) with which PERSON sets a password
    Invite {
        #[arg(value_parser = person_id)]
        person: PersonId,
        /// The origin the link starts with
        #[arg(long, value_name = "URL", default_value = "http://127.0.0.1:8080")]
        origin: String,
    },
    /// Add or remove a steward (who keeps the big garden's books and sees everything)
    #[command(subcommand)]
    Steward(StewardCommand),
    /// List who may sign in, the stewards and the tokens
    List,
    /// Disable PERSON: no sign-in, no token; their sessions end now
    Disable {
        #[arg(value_parser = person_id)]
        person: PersonId,
    },
    /// Print a personal API token for PERSON (stored hashed; shown once)
    Token {
        #[arg(value_parser = person_id)]
        person: PersonId,
    },
    /// Revoke an API token by its id (as `jardins access list` shows it)
    Revoke { id: String },
    /// Print the access journal: every change of access, in order
    Journal,
}

#[derive(Debug, Subcommand)]
pub enum StewardCommand {
    Add {
        #[arg(value_parser = person_id)]
        person: PersonId,
    },
    Remove {
        #[arg(value_parser = person_id)]
        person: PersonId,
    },
}

#[derive(Debug, Subcommand)]
pub enum CurrencyCommand {
    /// Declare a complementary currency (the euro is declared when the ledger is created)
    #[command(
        after_help = "Example:\n  jardins currency declare GRAINE --name \"La Graine\" --places 0"
    )]
    Declare {
        /// Its code: 2 to 8 uppercase letters or digits, starting with a letter
        #[arg(value_parser = currency_code)]
        code: CurrencyCode,
        /// Its name, as people say it
        #[arg(long)]
        name: String,
        /// Its number of decimal places (0 to 8); amounts with more are refused, never rounded
        #[arg(long, default_value_t = 2)]
        places: u8,
        #[command(flatten)]
        record: RecordArgs,
    },
}

#[derive(Debug, Subcommand)]
pub enum GardenCommand {
    /// Open a garden, naming its kind and its core (at least two people)
    #[command(after_help = "\
Each --core is ID or ID=NAME (the name defaults to the id).

Examples:
  jardins garden open paris --name \"Jardin de Paris\" --local Paris \\
      --core \"camille=Camille D.\" --core dominique
  jardins garden open clown --name \"Clown et gouvernance\" \\
      --thematic \"clown & governance\" --core ana --core lou")]
    Open(OpenGardenArgs),

    /// Adopt a version of a garden's constitution from a TOML file
    #[command(after_help = "\
The file gives the version, the purpose, the entry and exit rules and the four points of the
economic model; it takes effect on the --on date. The format, with samples for each kind of
economic model, is in events/constitutions/ (README.md).

Example:
  jardins garden constitution paris events/constitutions/fixed-monthly.toml --on 2026-01-01")]
    Constitution {
        #[arg(value_parser = garden_id)]
        garden: GardenId,
        /// The constitution's TOML file
        file: PathBuf,
        #[command(flatten)]
        record: RecordArgs,
    },

    /// List every garden: id, name, kind, core, constitution version in force, opened, closed
    #[command(after_help = "\
Examples:
  jardins garden list
  jardins garden list --as-of 2026-06-30 --format csv")]
    List {
        /// The constitution version shown is the one in force at the end of this day [default: today]
        #[arg(long, value_parser = date, value_name = "DATE")]
        as_of: Option<NaiveDate>,
        /// How to print it: a table for people, JSON or CSV for other programs
        #[arg(long, value_enum, default_value = "table")]
        format: FormatArg,
    },

    /// Close a garden (it must hold no money: pay it out first)
    #[command(
        after_help = "Example:\n  jardins garden close paris --reason \"merged with Sud-Ouest\""
    )]
    Close {
        #[arg(value_parser = garden_id)]
        garden: GardenId,
        /// Why the garden closes
        #[arg(long, default_value = "")]
        reason: String,
        #[command(flatten)]
        record: RecordArgs,
    },
}

#[derive(Debug, Args)]
pub struct OpenGardenArgs {
    /// The garden's id: a lowercase slug such as `paris`
    #[arg(value_parser = garden_id)]
    pub garden: GardenId,
    /// The garden's name
    #[arg(long)]
    pub name: String,
    /// A local garden, of this territory
    #[arg(long, value_name = "TERRITORY", group = "kind")]
    pub local: Option<String>,
    /// A thematic garden, around this theme
    #[arg(long, value_name = "THEME", group = "kind")]
    pub thematic: Option<String>,
    /// An organisation's internal garden (members only)
    #[arg(long, value_name = "ORGANISATION", group = "kind")]
    pub organisation: Option<String>,
    /// A person of the core, as ID or ID=NAME; give at least two
    #[arg(long = "core", value_name = "ID[=NAME]", required = true)]
    pub core: Vec<String>,
    #[command(flatten)]
    pub record: RecordArgs,
}

#[derive(Debug, Subcommand)]
pub enum MemberCommand {
    /// A person joins a garden (a person first appears in the ledger this way)
    #[command(after_help = "\
The id is a lowercase slug without accents or spaces (helene, marie-claire); the name keeps
the accents and capitals people write (--name \"Hélène\").

Example:
  jardins member join paris camille --name \"Camille D.\" --on 2026-01-15")]
    Join {
        #[arg(value_parser = garden_id)]
        garden: GardenId,
        /// The person's id: a lowercase slug such as `camille`
        #[arg(value_parser = person_id)]
        person: PersonId,
        /// The person's name [default: the name they already have in the ledger, else the id]
        #[arg(long)]
        name: Option<String>,
        /// Joins as a companion (an experienced accompanying member) rather than a gardener
        #[arg(long)]
        companion: bool,
        #[command(flatten)]
        record: RecordArgs,
    },
    /// List a garden's members: id, name, role, since, until (one row per membership)
    #[command(after_help = "\
Examples:
  jardins member list paris
  jardins member list paris --format csv")]
    List {
        #[arg(value_parser = garden_id)]
        garden: GardenId,
        /// How to print it: a table for people, JSON or CSV for other programs
        #[arg(long, value_enum, default_value = "table")]
        format: FormatArg,
    },
    /// A person leaves a garden
    #[command(after_help = "Example:\n  jardins member leave paris camille --on 2026-09-30")]
    Leave {
        #[arg(value_parser = garden_id)]
        garden: GardenId,
        #[arg(value_parser = person_id)]
        person: PersonId,
        #[command(flatten)]
        record: RecordArgs,
    },
}

#[derive(Debug, Subcommand)]
pub enum RoleCommand {
    /// Record that GARDEN pays HOLDER for ROLE (a role its constitution values)
    #[command(after_help = "\
Without --period, the entry is for the period of its date (--on): the year of that date
when the constitution's rule for this flow is yearly, else its month (a monthly or one-off
rule, or none). `pay` and `role value` follow this one rule.

Example:
  jardins role value paris facilitation camille 30 EUR --period 2026-03")]
    Value {
        #[arg(value_parser = garden_id)]
        garden: GardenId,
        /// The role's id, as the constitution names it
        #[arg(value_parser = role_id)]
        role: RoleId,
        /// The member who held the role
        #[arg(value_parser = person_id)]
        holder: PersonId,
        /// The amount, as 12.50 or 12,50
        #[arg(value_parser = amount, allow_hyphen_values = true)]
        amount: TypedAmount,
        /// The currency's code, such as EUR
        #[arg(value_parser = currency_code)]
        currency: CurrencyCode,
        /// The month (2026-03) or year (2026) the role was held [default: the period of --on,
        /// below]
        #[arg(long, value_parser = period)]
        period: Option<Period>,
        #[command(flatten)]
        record: RecordArgs,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ModeArg {
    /// The set amount (forfait)
    Fixed,
    /// Pay what you feel (participation consciente)
    Conscious,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum CadenceArg {
    Monthly,
    Yearly,
    OneOff,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum CollectionArg {
    Event,
    Gathering,
    Fundraising,
}

impl From<CollectionArg> for CollectionKind {
    fn from(kind: CollectionArg) -> Self {
        match kind {
            CollectionArg::Event => CollectionKind::Event,
            CollectionArg::Gathering => CollectionKind::Gathering,
            CollectionArg::Fundraising => CollectionKind::Fundraising,
        }
    }
}

/// What every recording command takes: its date and an optional idempotency key.
#[derive(Debug, Args)]
pub struct RecordArgs {
    /// The date it took effect, as 2026-11-03 [default: today]
    #[arg(long, value_parser = date, value_name = "DATE")]
    pub on: Option<NaiveDate>,
    /// A key that makes the command idempotent: the same command with the same key is recorded once
    #[arg(long, value_parser = key, value_name = "KEY")]
    pub key: Option<String>,
}

#[derive(Debug, Args)]
pub struct PayArgs {
    /// Who pays: member:ID or garden:ID
    #[arg(value_parser = account)]
    pub from: Account,
    /// Who receives: garden:ID or big-garden
    #[arg(value_parser = account)]
    pub to: Account,
    /// The amount, as 12.50 or 12,50
    #[arg(value_parser = amount, allow_hyphen_values = true)]
    pub amount: TypedAmount,
    /// The currency's code, such as EUR
    #[arg(value_parser = currency_code)]
    pub currency: CurrencyCode,
    /// Fixed amount or conscious participation [default: as the constitution in force sets it]
    #[arg(long, value_enum)]
    pub mode: Option<ModeArg>,
    /// The month (2026-03) or year (2026) it pays for [default: the period of --on, below]
    #[arg(long, value_parser = period)]
    pub period: Option<Period>,
    /// The commitment it pays toward, when the member holds several (see `jardins commitments`)
    #[arg(long, value_parser = commitment_id)]
    pub commitment: Option<CommitmentId>,
    /// A note kept with the entry
    #[arg(long, default_value = "", allow_hyphen_values = true)]
    pub note: String,
    #[command(flatten)]
    pub record: RecordArgs,
}

#[derive(Debug, Args)]
pub struct CommitArgs {
    #[command(subcommand)]
    pub end: Option<CommitEnd>,
    /// The commitment's id: a lowercase slug such as `camille-2026`
    #[arg(value_parser = commitment_id, required = true)]
    pub commitment: Option<CommitmentId>,
    /// The garden it is made to
    #[arg(value_parser = garden_id, required = true)]
    pub garden: Option<GardenId>,
    /// The member who commits
    #[arg(value_parser = person_id, required = true)]
    pub person: Option<PersonId>,
    /// The amount committed per period (at least the constitution's minimum)
    #[arg(value_parser = amount, required = true, allow_hyphen_values = true)]
    pub amount: Option<TypedAmount>,
    /// The currency's code, such as EUR
    #[arg(value_parser = currency_code, required = true)]
    pub currency: Option<CurrencyCode>,
    /// How often it is due [default: as the constitution in force asks, else monthly]
    #[arg(long, value_enum)]
    pub cadence: Option<CadenceArg>,
    /// The first day it runs [default: the --on date]
    #[arg(long, value_parser = date, value_name = "DATE")]
    pub from: Option<NaiveDate>,
    /// The last day it runs [default: open-ended]
    #[arg(long, value_parser = date, value_name = "DATE")]
    pub until: Option<NaiveDate>,
    #[command(flatten)]
    pub record: RecordArgs,
}

#[derive(Debug, Subcommand)]
pub enum CommitEnd {
    /// End a commitment: it runs until the given day
    #[command(after_help = "Example:\n  jardins commit end camille-2026 --until 2026-06-30")]
    End {
        #[arg(value_parser = commitment_id)]
        commitment: CommitmentId,
        /// The last day it runs [default: the --on date]
        #[arg(long, value_parser = date, value_name = "DATE")]
        until: Option<NaiveDate>,
        #[command(flatten)]
        record: RecordArgs,
    },
}

#[derive(Debug, Args)]
pub struct CollectArgs {
    /// The garden that collected the money
    #[arg(value_parser = garden_id)]
    pub garden: GardenId,
    /// The amount, as 12.50 or 12,50
    #[arg(value_parser = amount, allow_hyphen_values = true)]
    pub amount: TypedAmount,
    /// The currency's code, such as EUR
    #[arg(value_parser = currency_code)]
    pub currency: CurrencyCode,
    /// How it was collected
    #[arg(long, value_enum, default_value = "event")]
    pub kind: CollectionArg,
    /// Fixed price or conscious participation [default: as the constitution in force sets it]
    #[arg(long, value_enum)]
    pub mode: Option<ModeArg>,
    /// A note kept with the entry
    #[arg(long, default_value = "", allow_hyphen_values = true)]
    pub note: String,
    #[command(flatten)]
    pub record: RecordArgs,
}

#[derive(Debug, Args)]
pub struct ExpenseArgs {
    /// Who pays: garden:ID (or just ID) or big-garden
    #[arg(value_parser = garden_or_big_garden)]
    pub payer: Account,
    /// The amount, as 12.50 or 12,50
    #[arg(value_parser = amount, allow_hyphen_values = true)]
    pub amount: TypedAmount,
    /// The currency's code, such as EUR
    #[arg(value_parser = currency_code)]
    pub currency: CurrencyCode,
    /// What it paid for
    #[arg(long, default_value = "", allow_hyphen_values = true)]
    pub note: String,
    #[command(flatten)]
    pub record: RecordArgs,
}

#[derive(Debug, Args)]
pub struct ReverseArgs {
    /// The sequence number of the entry to undo (see `jardins log`)
    pub entry: u64,
    /// Why it is reversed (required)
    #[arg(long, allow_hyphen_values = true)]
    pub reason: String,
    #[command(flatten)]
    pub record: RecordArgs,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// Aligned columns for people
    Table,
    /// JSON, amounts as exact strings
    Json,
    /// Comma-separated values with a header line
    Csv,
    /// CSV for a French spreadsheet: `;` between cells, decimal comma, UTF-8 with a BOM
    CsvFr,
}

/// How much of the hash chain an audit checks before it says so in its last line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ChainArg {
    /// Everything (as `verify`) on a small ledger; on a large one, since-verify
    Auto,
    /// Every hash and link, and every balance rebuilt from the log (as `verify`)
    Full,
    /// Every hash and link, from entry 1 to the head
    Links,
    /// Every hash and link after the entry `jardins verify` last found sound (that entry must
    /// still hash as it did), from entry 1 if verify never ran
    SinceVerify,
    /// Only the records behind the figures and the head record (quick, and said so)
    RecordsShown,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ByArg {
    /// Month by month
    Month,
}

#[derive(Debug, Args)]
pub struct BalanceArgs {
    /// garden:ID (or just ID), big-garden or member:ID
    #[arg(value_parser = balance_account)]
    pub account: Account,
    /// Show where the money came from and went from this day on [default: the beginning]
    #[arg(long, value_parser = date, value_name = "DATE")]
    pub from: Option<NaiveDate>,
    /// The balance at the end of this day [default: today]
    #[arg(long, visible_alias = "as-of", value_parser = date, value_name = "DATE")]
    pub to: Option<NaiveDate>,
    /// Break the flows down by this period
    #[arg(long, value_enum, value_name = "PERIOD")]
    pub by: Option<ByArg>,
    /// Break the flows down by month (the same as --by month)
    #[arg(long)]
    pub by_month: bool,
    /// Also draw the balance over time as an SVG file (its name ends in .svg)
    #[arg(long, value_name = "FILE.svg", value_parser = svg_path)]
    pub chart: Option<PathBuf>,
    /// How to print it: a table for people, JSON or CSV for other programs
    #[arg(long, value_enum, default_value = "table")]
    pub format: FormatArg,
}

#[derive(Debug, Args)]
pub struct AuditArgs {
    /// Only this garden [default: every garden]
    #[arg(long, value_parser = garden_id)]
    pub garden: Option<GardenId>,
    /// The first day audited [default: the beginning]
    #[arg(long, value_parser = date, value_name = "DATE")]
    pub from: Option<NaiveDate>,
    /// The last day audited [default: today]
    #[arg(long, visible_alias = "as-of", value_parser = date, value_name = "DATE")]
    pub to: Option<NaiveDate>,
    /// Also draw due and paid per garden as an SVG file (its name ends in .svg)
    #[arg(long, value_name = "FILE.svg", value_parser = svg_path)]
    pub chart: Option<PathBuf>,
    /// How much of the hash chain to check before the last line says what was checked
    #[arg(long, value_enum, default_value = "auto")]
    pub chain: ChainArg,
    /// A checkpoint statement (`jardins checkpoint`) the ledger must extend, checked first
    #[arg(long, value_name = "FILE")]
    pub checkpoint: Option<PathBuf>,
    /// How to print it: a table for people, JSON or CSV for other programs
    #[arg(long, value_enum, default_value = "table")]
    pub format: FormatArg,
}

#[derive(Debug, Args)]
pub struct CommitmentsArgs {
    /// Only this garden's commitments, garden:ID or just ID [default: every garden]
    #[arg(value_parser = garden_id, value_name = "GARDEN")]
    pub garden: Option<GardenId>,
    /// Only this garden's commitments (the same as the GARDEN argument)
    #[arg(
        long = "garden",
        id = "garden_option",
        value_parser = garden_id,
        value_name = "GARDEN",
        conflicts_with = "garden"
    )]
    pub garden_option: Option<GardenId>,
    /// Only this member's commitments, member:ID or just ID [default: every member]
    #[arg(long, value_parser = person_id, value_name = "MEMBER")]
    pub member: Option<PersonId>,
    /// As of the end of this day [default: today]
    #[arg(long, value_parser = date, value_name = "DATE")]
    pub as_of: Option<NaiveDate>,
    /// How to print it: a table for people, JSON or CSV for other programs
    #[arg(long, value_enum, default_value = "table")]
    pub format: FormatArg,
}

#[derive(Debug, Args)]
pub struct LogArgs {
    /// Only the events that concern this garden
    #[arg(long, value_parser = garden_id)]
    pub garden: Option<GardenId>,
    /// Only the events that concern this person: their memberships, commitments, payments and
    /// valued roles
    #[arg(long, value_parser = person_id, value_name = "ID")]
    pub member: Option<PersonId>,
    /// Only events that took effect on or after this day
    #[arg(long, value_parser = date, value_name = "DATE")]
    pub from: Option<NaiveDate>,
    /// Only events that took effect on or before this day
    #[arg(long, value_parser = date, value_name = "DATE")]
    pub to: Option<NaiveDate>,
    /// How to print it: a table for people, JSON or CSV for other programs
    #[arg(long, value_enum, default_value = "table")]
    pub format: FormatArg,
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// An entry that must still have this hash, the chain running from it to the head: SEQ:HASH
    #[arg(long, value_name = "SEQ:HASH", value_parser = anchor)]
    pub expect: Vec<jardins_store::Anchor>,
    /// A checkpoint statement (`jardins checkpoint`) this ledger must extend
    #[arg(long, value_name = "FILE")]
    pub checkpoint: Option<PathBuf>,
    /// Also check the checkpoint's signatures against these signers (ssh-keygen's allowed_signers format)
    #[arg(long, value_name = "FILE", requires = "checkpoint")]
    pub allowed_signers: Option<PathBuf>,
    /// A signature of the checkpoint (`ssh-keygen -Y sign`), repeatable [default: FILE.sig]
    #[arg(long, value_name = "SIG", requires = "allowed_signers")]
    pub signature: Vec<PathBuf>,
}

fn anchor(text: &str) -> Result<jardins_store::Anchor, String> {
    text.parse()
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The JSON Lines file, or - for standard input
    pub file: PathBuf,
}

#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// Every record as JSON Lines, with its sequence, time recorded and hashes
    #[command(after_help = "Example:\n  jardins export jsonl --output backup.jsonl")]
    Jsonl {
        /// Write to this file instead of standard output
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// A plain-text journal that hledger and ledger-cli read
    #[command(
        after_help = "Example:\n  jardins export journal --output jardins.journal && hledger -f jardins.journal balance"
    )]
    Journal {
        /// Write to this file instead of standard output
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// A beancount file that beancount 3 (bean-check, bean-query, Fava) and rustledger read
    #[command(
        after_help = "Accounts: Assets:Gardens:Id, Assets:BigGarden, Income:Members:Id, Income:Outside.\n\nExample:\n  jardins export beancount --output jardins.beancount && bean-check jardins.beancount"
    )]
    Beancount {
        /// Write to this file instead of standard output
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
}

#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// About how many events to generate
    #[arg(long, default_value_t = 1_000,
          value_parser = clap::value_parser!(u64).range(1..=MAX_GENERATED_EVENTS))]
    pub events: u64,
    /// The seed: the same seed gives the same community
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
}

// Value parsers: the domain's parsers, whose refusals say what form is expected.

/// The refusal of a typed value, said in the run's language.
fn said(refusal: Refusal) -> String {
    text().refusal(&refusal)
}

/// A date: `2026-11-03`, and in French also `03/11/2026` (day first); only the full forms
/// (chrono alone reads `26-01-01` as the year 26 and `2026-1-1` too).
fn date(typed: &str) -> Result<NaiveDate, String> {
    let speech = text();
    jardins_text::parse::date(speech.lang(), typed).ok_or_else(|| {
        speech.message(
            "cli-not-a-date",
            &[("text", Value::Text(jardins_ledger::ids::excerpt(typed)))],
        )
    })
}

/// An amount, as a person of the run's language types it (`12,50`; in French also `1 234,50`
/// and a currency after it, `10 €`, which must be the currency given). One typed with a minus sign,
/// `-10` or `-12,50`, is read as the negative number it is and refused with the ledger's own
/// reason, rather than taken for an unknown flag.
fn amount(typed: &str) -> Result<TypedAmount, String> {
    let lang = text().lang();
    let negated = typed
        .strip_prefix('-')
        .map(|rest| jardins_text::parse::amount(lang, rest));
    if let Some(Ok(_) | Err(Refusal::AmountNotPositive { .. })) = negated {
        return Err(said(Refusal::AmountNotPositive {
            amount: jardins_ledger::ids::excerpt(typed),
        }));
    }
    jardins_text::parse::amount(lang, typed).map_err(said)
}

/// A chart's file: it is drawn as SVG, so its name must say so (a `.png` holding SVG would
/// open as a broken picture).
fn svg_path(text: &str) -> Result<PathBuf, String> {
    let path = PathBuf::from(text);
    if path
        .extension()
        .is_some_and(|extension| extension.eq_ignore_ascii_case("svg"))
    {
        return Ok(path);
    }
    Err(self::text().message(
        "cli-chart-not-svg",
        &[(
            "example",
            Value::Text(path.with_extension("svg").display().to_string()),
        )],
    ))
}

fn currency_code(text: &str) -> Result<CurrencyCode, String> {
    text.parse().map_err(said)
}

fn garden_id(text: &str) -> Result<GardenId, String> {
    // `garden:paris` is accepted too, as the reports name it.
    let id = text.strip_prefix("garden:").unwrap_or(text);
    id.parse().map_err(said)
}

fn person_id(text: &str) -> Result<PersonId, String> {
    let id = text.strip_prefix("member:").unwrap_or(text);
    id.parse().map_err(said)
}

fn role_id(text: &str) -> Result<RoleId, String> {
    text.parse().map_err(said)
}

fn commitment_id(text: &str) -> Result<CommitmentId, String> {
    text.parse().map_err(said)
}

fn period(text: &str) -> Result<Period, String> {
    text.parse().map_err(said)
}

fn account(text: &str) -> Result<Account, String> {
    text.parse().map_err(said)
}

/// A garden (`garden:paris` or just `paris`) or the big garden: what balances and expenses take.
fn garden_or_big_garden(text: &str) -> Result<Account, String> {
    let speech = self::text();
    if text == "big-garden" {
        return Ok(Account::BigGarden);
    }
    if text.starts_with("member:") || text == "outside" {
        return Err(speech.message(
            "cli-not-a-garden",
            &[("text", Value::Text(jardins_ledger::ids::excerpt(text)))],
        ));
    }
    garden_id(text).map(Account::Garden)
}

/// What `balance` reports on: a garden, the big garden, or a member (`member:ID`).
fn balance_account(text: &str) -> Result<Account, String> {
    if let Some(person) = text.strip_prefix("member:") {
        return person_id(person).map(Account::Member);
    }
    if text == "outside" {
        return Err(self::text().message("cli-outside-no-balance", &[]));
    }
    garden_or_big_garden(text)
}

fn key(text: &str) -> Result<String, String> {
    let length = text.chars().count();
    if length == 0 || length > MAX_KEY_CHARS {
        return Err(self::text().message(
            "cli-key-length",
            &[
                ("max", Value::Count(MAX_KEY_CHARS as u64)),
                ("length", Value::Count(length as u64)),
            ],
        ));
    }
    if text.chars().any(char::is_control) {
        return Err(self::text().message("cli-key-control", &[]));
    }
    Ok(text.to_string())
}

/// The audit's period model, for `jardins audit --help` (README.md says the same).
const AUDIT_RULES: &str = "\
How every figure is worked out, per garden and currency (recompute any of them by hand):
 1. Months. Each month from the garden's opening to the audit's end is governed by the
    constitution version in force on its last day (on --to, or the closing, if earlier): a
    version adopted during a month governs all of it. Versions adopted after --to do not count.
 2. Periods. A month under a monthly rule is a period. The months of one calendar year under
    yearly rules (any version) are one period. Consecutive months under one-off rules are one
    period. The months of one year with no rule in the currency (or no constitution) are one
    period that asks nothing.
 3. What a period asks: the rule of the version in force on its last day, once: a fixed amount
    is due; a conscious rule's suggestion is suggested, nothing is due.
 4. Days. A period runs from its first month's first day (or the opening) to its last month's
    last day; the one holding --to runs to its month's end (December 31 under a yearly rule),
    or to the closing day. What it asks is due by its last day; a one-off, by the last day of
    its first month.
 5. Open. A period is over once its due-by day is over; a day is over when it is on or before
    --to and before today (today is not over until it ends). A period not over is open: what
    it asks and is not paid yet is outstanding, not arrears.
 6. Which payments count in a period. A payment for a month (--period 2026-03) counts in the
    period holding that month. A payment for a year (--period 2026) counts in that year's
    period under a yearly rule; else in its first period a rule governs; else in its first
    period. A payment naming no period, or one the audit does not hold, counts in the period
    of its date. A correction counts where the payment it reverses counts.
 7. Counted. Under a fixed rule, payments in fixed mode count toward the due; conscious
    payments, and payments in periods that ask nothing fixed, are paid but settle nothing.
 8. Carried. carried += counted - due for a period that is over; for an open one,
    carried += max(counted - due, 0) and outstanding = max(due - counted, 0). Negative is
    arrears, positive advance. --from counts from the first day of its month: the periods
    ending before it are carried in (payments dated before it are not among paid_in_dates).
Totals add up the periods shown; \"from members\" is what members paid the big garden
directly, which no constitution calls for.

Examples:
  jardins audit
  jardins audit --garden paris --from 2026-01-01 --to 2026-06-30 --format csv";

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_definition_is_consistent() {
        // Given the whole definition, when clap checks it, then it finds no conflict.
        Cli::command().debug_assert();
    }

    #[test]
    fn typed_values_are_parsed_with_the_domain_rules() {
        assert_eq!(amount("12,50").unwrap().amount.value().to_string(), "12.50");
        assert!(amount("12.5.0").unwrap_err().contains("12.50 or 12,50"));
        assert!(date("2026-02-30").is_err());
        assert_eq!(garden_id("garden:paris").unwrap().as_str(), "paris");
        assert_eq!(
            garden_or_big_garden("big-garden").unwrap(),
            Account::BigGarden
        );
        assert!(garden_or_big_garden("member:camille").is_err());
        assert!(key(&"k".repeat(MAX_KEY_CHARS + 1)).is_err());
    }

    #[test]
    fn a_negative_amount_is_refused_as_not_positive_and_a_malformed_one_as_malformed() {
        // Given amounts typed with a minus sign, then each is refused as not positive.
        for typed in ["-10", "-12,50", "-0.5", "-0"] {
            let refused = amount(typed).unwrap_err();
            assert!(
                refused.contains(&format!("the amount {typed} is not positive")),
                "{typed}: {refused}"
            );
        }
        // And a minus sign before something that is no amount is still malformed.
        assert!(amount("-abc").unwrap_err().contains("is not an amount"));
        assert!(amount("--5").unwrap_err().contains("is not an amount"));
    }

    #[test]
    fn a_chart_is_written_only_to_an_svg_file() {
        assert_eq!(svg_path("paris.svg").unwrap(), PathBuf::from("paris.svg"));
        assert_eq!(
            svg_path("out/PARIS.SVG").unwrap(),
            PathBuf::from("out/PARIS.SVG")
        );
        for refused in ["x.png", "chart", "svg", "x.svg.png"] {
            let message = svg_path(refused).unwrap_err();
            assert!(message.contains("ending in .svg"), "{refused}: {message}");
        }
        assert!(svg_path("x.png").unwrap_err().contains("such as x.svg"));
    }
}
