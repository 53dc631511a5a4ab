//! The generated code of one small spec per construct (see `specs/`), all
//! generated together so that they share one `sids` module. The tests in
//! `tests/` check how each construct behaves.

#![warn(missing_docs)]

include!(concat!(env!("OUT_DIR"), "/mod.rs"));

/// What the generator warned about, one warning per line.
pub const WARNINGS: &str = include_str!(concat!(env!("OUT_DIR"), "/warnings.txt"));
