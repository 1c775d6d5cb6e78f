//! The command line as scripts use it (docs/DESIGN.md §5): the real binary, its output, its files and its
//! exit codes.

mod cli_query;
mod export_cli;
mod getdata_cli;
mod malformed_corpus;
mod query_round_two;
