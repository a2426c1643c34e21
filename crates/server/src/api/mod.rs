//! The JSON API under `/api/v1`.

pub mod auth;
pub mod commands;
pub mod downloads;
pub mod reports;
