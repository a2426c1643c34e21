//! What every handler shares.

use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use jardins_store::Ledger;

use crate::config::Config;
use crate::session::{Auth, PowersCache};
use crate::writer::Writer;

#[derive(Clone)]
pub struct AppState {
    /// Read beside the writer: sled's reads never see half a batch.
    pub ledger: Arc<Ledger>,
    pub writer: Writer,
    pub config: Arc<Config>,
    pub auth: Arc<Auth>,
    pub powers: Arc<PowersCache>,
    /// The origin state-changing cookie requests must come from.
    pub origin: Arc<str>,
}

impl AppState {
    pub fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }

    pub fn today(&self) -> NaiveDate {
        self.now().date_naive()
    }
}
