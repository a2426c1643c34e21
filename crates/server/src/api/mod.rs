//! The JSON API under `/api/v1`.

pub mod answers;
pub mod auth;
pub mod commands;
pub mod constitution;
pub mod document;
pub mod downloads;
pub mod import;
pub mod reports;
pub mod verify;
