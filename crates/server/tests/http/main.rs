//! The HTTP tests: one binary, each test against the real server on 127.0.0.1:0 over a
//! temporary ledger holding the demo community.

mod access_matrix;
mod api;
mod keeping;
mod log;
mod pages;
mod records;
mod sessions;
mod support;
