//! `jardins serve`: the ledger over HTTP for a whole community. `Server::bind` opens and holds
//! the ledger and binds the address; `run` serves until `shutdown`, then drains the writer's
//! queue and flushes. Everything else lives in its module: `config` (every limit), `writer` (the
//! one task that appends), `access` (who may do what), `session` and `csrf` (signing in),
//! `routes` (every route, its action and the OpenAPI document), `api` (the handlers).

pub mod access;
pub mod api;
pub mod config;
pub mod csrf;
pub mod downloads;
pub mod error;
pub mod extract;
mod listener;
mod middleware;
pub mod pages;
pub mod routes;
pub mod session;
pub mod state;
pub mod writer;

use std::future::Future;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use axum::serve::ListenerExt;
use jardins_store::{Ledger, StoreError};
use tokio::task::JoinHandle;

pub use config::{Config, Limits, DEFAULT_LISTEN};

/// The file in the ledger's directory that names the serving process while it runs; a command
/// that finds the ledger locked reads it to say who holds it.
pub const PID_FILE: &str = "jardins-serve.pid";

/// Why the server could not start or stopped badly.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("the server failed: {0}")]
    Io(#[from] std::io::Error),
    #[error("{0}")]
    Start(String),
}

pub struct Server {
    listener: listener::Limited,
    addr: SocketAddr,
    router: axum::Router,
    writer: JoinHandle<()>,
    ledger: Arc<Ledger>,
    pid_file: PathBuf,
    grace: Duration,
    origin: String,
}

/// A typed value quoted in a log line: short, without control characters.
pub fn printable(text: &str) -> String {
    jardins_ledger::ids::excerpt(text)
}

/// Whether `origin` is a loopback address, where browsers keep Secure cookies over http.
pub(crate) fn is_local(origin: &str) -> bool {
    let host = origin
        .split("://")
        .nth(1)
        .unwrap_or(origin)
        .split('/')
        .next()
        .unwrap_or("");
    let host = host.rsplit_once(':').map(|(h, _)| h).unwrap_or(host);
    matches!(host, "localhost" | "127.0.0.1" | "[::1]")
}

impl Server {
    /// Opens the ledger (refused at once when another process holds it), starts the writer,
    /// binds `config.listen`. Call inside a tokio runtime.
    pub async fn bind(config: Config) -> Result<Server, ServeError> {
        let ledger = Arc::new(Ledger::open(&config.ledger, Duration::ZERO)?);
        let tcp = tokio::net::TcpListener::bind(config.listen)
            .await
            .map_err(|source| ServeError::Bind {
                addr: config.listen,
                source,
            })?;
        let addr = tcp.local_addr()?;
        let origin = config
            .public_origin
            .clone()
            .unwrap_or_else(|| format!("http://{addr}"));
        if origin.starts_with("http://") && !is_local(&origin) {
            tracing::warn!(
                %origin,
                "served over plain http to an address other than localhost: browsers drop the Secure session cookie there, so nobody can sign in; put a TLS reverse proxy in front (docs/API.md) and pass --origin https://…"
            );
        }
        let limits = config.limits.clone();
        let powers = Arc::new(session::PowersCache::default());
        let (writer, task) = writer::Writer::start(
            ledger.clone(),
            limits.queue_commands,
            limits.group_commands,
            powers.memberships.clone(),
        );
        let auth = session::Auth::new(&limits).map_err(|e| ServeError::Start(format!("{e:?}")))?;
        let state = state::AppState {
            ledger: ledger.clone(),
            writer,
            config: Arc::new(config.clone()),
            auth: Arc::new(auth),
            powers,
            origin: Arc::from(origin.as_str()),
        };
        let (router, _) = routes::routes();
        let router =
            middleware::layered(router, &limits, origin.starts_with("https://")).with_state(state);
        let pid_file = config.ledger.join(PID_FILE);
        std::fs::write(&pid_file, format!("{}\n", std::process::id()))?;
        tracing::info!(%addr, %origin, ledger = %config.ledger.display(), "jardins serve listening");
        Ok(Server {
            listener: listener::Limited::new(tcp, limits.connections),
            addr,
            router,
            writer: task,
            ledger,
            pid_file,
            grace: Duration::from_millis(limits.shutdown_grace_ms),
            origin,
        })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The origin browsers use (links start with it).
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// Invites `person` (a person of the ledger) to set a password: the one-time link, valid
    /// `config::INVITATION_DAYS` days. For `jardins serve --invite`, before serving.
    pub fn invite(&self, person: &jardins_ledger::PersonId) -> Result<String, ServeError> {
        if !self.ledger.people()?.iter().any(|(p, _)| p == person) {
            return Err(ServeError::Start(format!(
                "no person '{person}' in the ledger: a person is known once they join a garden or its core"
            )));
        }
        let secret = session::secret();
        let now = chrono::Utc::now();
        let expires = now + chrono::Duration::days(config::INVITATION_DAYS);
        self.ledger
            .access()?
            .invite(person, &secret, expires, None, now)?;
        Ok(api::auth::invitation_link(&self.origin, &secret))
    }

    /// Serves until `shutdown` completes: then stops accepting, lets open requests finish (up
    /// to the grace time), drains the writer's queue (each command answered after its flush),
    /// flushes the access data and removes the pid file.
    pub async fn run(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> Result<(), ServeError> {
        let Server {
            listener,
            router,
            writer,
            ledger,
            pid_file,
            grace,
            ..
        } = self;
        let (stopping, stopped) = tokio::sync::oneshot::channel::<()>();
        let serve = axum::serve(
            listener.tap_io(|_| {}),
            router.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(async move {
            shutdown.await;
            tracing::info!("shutting down: no new connections; finishing what is queued");
            let _ = stopping.send(());
        });
        let serving = tokio::spawn(async move { serve.await });
        let mut serving = serving;
        tokio::select! {
            result = &mut serving => { result.map_err(|e| ServeError::Start(e.to_string()))??; }
            _ = stopped => {
                // Open requests get the grace time; after it they are dropped (their commands,
                // if queued, are still written and flushed below).
                match tokio::time::timeout(grace, &mut serving).await {
                    Ok(result) => { result.map_err(|e| ServeError::Start(e.to_string()))??; }
                    Err(_) => serving.abort(),
                }
            }
        }
        // Every handle to the writer went with the router: it drains its queue, then ends.
        let _ = writer.await;
        ledger.access()?.flush()?;
        remove_pid_file(&pid_file);
        tracing::info!("stopped: everything acknowledged is on disk");
        Ok(())
    }
}

fn remove_pid_file(path: &Path) {
    let _ = std::fs::remove_file(path);
}

/// Completes on SIGTERM or SIGINT (Ctrl-C).
pub async fn shutdown_signal() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(term) => term,
                Err(_) => {
                    let _ = interrupt.await;
                    return;
                }
            };
        tokio::select! {
            _ = interrupt => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = interrupt.await;
    }
}

/// Sends tracing's logs to stderr (RUST_LOG filters; info by default).
pub fn init_logs() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .try_init();
}

#[cfg(test)]
mod tests {
    use super::is_local;

    #[test]
    fn only_loopback_origins_count_as_local_for_the_plain_http_warning() {
        assert!(is_local("http://127.0.0.1:8080"));
        assert!(is_local("http://localhost:8080"));
        assert!(is_local("http://[::1]:8080"));
        assert!(!is_local("http://192.168.1.20:8080"));
        assert!(!is_local("http://jardins.local"));
    }
}
