//! `jardins serve` and `jardins access`: the server's start, and the access data kept beside
//! the log (crates/store's access tree), changed here while no server holds the ledger.

use std::fmt::Write;

use chrono::Duration;
use jardins_server::{Config, Server};

use jardins_ledger::Value;

use crate::args::{AccessCommand, ServeArgs, StewardCommand};
use crate::speech::text as speech;
use crate::{print, Context, Failure};

/// A message of the catalog about `person`, on a line of its own.
fn about(id: &str, person: &jardins_ledger::PersonId) -> String {
    speech().message(id, &[("person", Value::Text(person.to_string()))]) + "\n"
}

/// Runs the server until SIGTERM or SIGINT; exits 0 once everything queued is on disk.
pub(crate) fn serve(args: ServeArgs, context: &Context) -> Result<(), Failure> {
    jardins_server::init_logs();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("jardins-serve")
        .build()
        .map_err(|e| {
            Failure::Output(speech().message(
                "cli-serve-no-runtime",
                &[("error", Value::Text(e.to_string()))],
            ))
        })?;
    let mut config = Config::new(context.ledger.clone(), args.listen);
    config.public_origin = args.origin.clone();
    runtime.block_on(async move {
        let server = Server::bind(config).await.map_err(|e| match e {
            jardins_server::ServeError::Store(error) => Failure::from(error),
            other => Failure::Ledger(other.to_string()),
        })?;
        for person in &args.invite {
            let link = server
                .invite(person)
                .map_err(|e| Failure::Usage(e.to_string()))?;
            let invitation = speech().message(
                "cli-serve-invitation",
                &[
                    ("person", Value::Text(person.to_string())),
                    (
                        "days",
                        Value::Count(jardins_server::config::INVITATION_DAYS as u64),
                    ),
                    ("link", Value::Text(link.to_string())),
                ],
            );
            println!("{invitation}");
        }
        // Shown at once, even when standard output is a pipe.
        let _ = std::io::Write::flush(&mut std::io::stdout());
        eprintln!("jardins serve: listening on http://{}", server.addr());
        server
            .run(jardins_server::shutdown_signal())
            .await
            .map_err(|e| Failure::Ledger(e.to_string()))
    })
}

/// The pid named in the ledger's pid file, when a server wrote one.
pub(crate) fn serving_pid(ledger: &std::path::Path) -> Option<u32> {
    let pid: u32 = std::fs::read_to_string(ledger.join(jardins_server::PID_FILE))
        .ok()?
        .trim()
        .parse()
        .ok()?;
    // A server killed outright leaves its file behind: only a live process is named.
    let alive =
        !cfg!(target_os = "linux") || std::path::Path::new(&format!("/proc/{pid}")).exists();
    alive.then_some(pid)
}

pub(crate) fn access(command: AccessCommand, context: &Context) -> Result<(), Failure> {
    let ledger = context.open()?;
    let access = ledger.access()?;
    let now = context.now;
    let known = |person: &jardins_ledger::PersonId| -> Result<(), Failure> {
        if ledger.people()?.iter().any(|(p, _)| p == person) {
            Ok(())
        } else {
            Err(Failure::Usage(speech().message(
                "cli-access-no-person",
                &[("person", Value::Text(person.to_string()))],
            )))
        }
    };
    match command {
        AccessCommand::Invite { person, origin } => {
            known(&person)?;
            let secret = jardins_server::session::secret();
            let expires = now + Duration::days(jardins_server::config::INVITATION_DAYS);
            access.invite(&person, &secret, expires, None, now)?;
            let link =
                jardins_server::api::auth::invitation_link(origin.trim_end_matches('/'), &secret);
            let invitation = speech().message(
                "cli-access-invitation",
                &[
                    ("person", Value::Text(person.to_string())),
                    (
                        "until",
                        Value::Text(expires.format("%Y-%m-%d %H:%M UTC").to_string()),
                    ),
                ],
            );
            print(&format!("{invitation}\n{link}\n"))
        }
        AccessCommand::Steward(StewardCommand::Add { person }) => {
            known(&person)?;
            let changed = access.set_steward(&person, true, None, now)?;
            print(&if changed {
                about("cli-access-steward-now", &person)
            } else {
                about("cli-access-steward-already", &person)
            })
        }
        AccessCommand::Steward(StewardCommand::Remove { person }) => {
            let changed = access.set_steward(&person, false, None, now)?;
            print(&if changed {
                about("cli-access-steward-no-longer", &person)
            } else {
                about("cli-access-steward-not", &person)
            })
        }
        AccessCommand::Disable { person } => {
            known(&person)?;
            let changed = access.disable(&person, None, now)?;
            print(&if changed {
                about("cli-access-disabled", &person)
            } else {
                about("cli-access-disabled-already", &person)
            })
        }
        AccessCommand::Token { person } => {
            known(&person)?;
            let secret = jardins_server::session::secret();
            let token = access.issue_token(&person, &secret, None, now)?;
            let issued = speech().message(
                "cli-access-token",
                &[
                    ("id", Value::Text(token.id.to_string())),
                    ("person", Value::Text(person.to_string())),
                ],
            );
            print(&format!("{issued}\n{secret}\n"))
        }
        AccessCommand::Revoke { id } => {
            if access.revoke_token(&id, None, now)? {
                let revoked =
                    speech().message("cli-access-revoked", &[("id", Value::Text(id.to_string()))]);
                print(&format!("{revoked}\n"))
            } else {
                Err(Failure::Usage(speech().message(
                    "cli-access-no-token",
                    &[("id", Value::Text(jardins_ledger::ids::excerpt(&id)))],
                )))
            }
        }
        AccessCommand::List => {
            let stewards = access.stewards()?;
            let mut text = String::from("person\tpassword\tdisabled\tsteward\n");
            for a in access.accounts()? {
                let _ = writeln!(
                    text,
                    "{}\t{}\t{}\t{}",
                    a.person,
                    if a.password_hash.is_some() {
                        "set"
                    } else {
                        "invited"
                    },
                    if a.disabled { "yes" } else { "no" },
                    if stewards.contains(&a.person) {
                        "yes"
                    } else {
                        "no"
                    },
                );
            }
            let tokens = access.tokens()?;
            if !tokens.is_empty() {
                text.push_str("\ntoken\tperson\tcreated\trevoked\n");
                for t in tokens {
                    let _ = writeln!(
                        text,
                        "{}\t{}\t{}\t{}",
                        t.id,
                        t.person,
                        t.created.format("%Y-%m-%d"),
                        if t.revoked { "yes" } else { "no" }
                    );
                }
            }
            print(&text)
        }
        AccessCommand::Journal => {
            let mut text = String::new();
            for e in access.journal(1)? {
                let by =
                    e.by.map(|p| p.to_string())
                        .unwrap_or_else(|| "(command line)".to_string());
                let _ = writeln!(
                    text,
                    "{}\t{}\t{}\t{}\tby {by}",
                    e.number,
                    e.at.format("%Y-%m-%d %H:%M:%S"),
                    e.change.name(),
                    e.change.person()
                );
            }
            print(&text)
        }
    }
}
