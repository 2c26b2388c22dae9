//! bb's integration tests: the real binary on temporary databases made from
//! schema.sql, and, in `interop`, against real Buildbot 4.3.

mod server;
mod support;
mod venv;

mod build;
mod builder;
mod buildset;
mod changesource;
mod completions;
mod db;
mod faults;
mod interop;
mod live;
mod man;
mod master;
mod my;
mod mysql;
mod pg;
mod poll;
mod postgres;
mod prune;
pub mod queue;
mod releases;
mod request;
mod running;
mod transcripts;
mod usage;
