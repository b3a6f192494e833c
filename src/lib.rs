//! plan-lint: a linter for programme plans written as YAML.
//!
//! Data flows one way: read → [`yaml::load`] (spanned tree) → [`model::Plan`] → [`schema::check`]
//! → [`rules`] → [`diagnostic::Diagnostic`]s → [`render`]. [`check::check_source`] runs the whole
//! pipeline on one file; the binary only parses arguments, finds files and prints.

pub mod annotate;
pub mod baseline;
pub mod check;
pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod discover;
pub mod edition;
pub mod fix;
pub mod import;
pub mod init;
pub mod model;
pub mod render;
pub mod rules;
pub mod schema;
pub mod server;
pub mod source;
pub mod suppress;
pub mod yaml;
