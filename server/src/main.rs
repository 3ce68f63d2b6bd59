//! The shop's server binary: `serve` (the default) runs the web shop,
//! `migrate` brings the database schema up to date and exits.

#![recursion_limit = "256"]

mod cli;
mod config;
mod demo;
mod error;
mod http;
mod media;
mod routes;
mod serve;
mod telemetry;

use std::process::ExitCode;

use clap::Parser;

use crate::cli::{Cli, Command};
use crate::error::StartupError;

// Rendering a page makes thousands of small, short-lived allocations from
// both worker threads; mimalloc serves them without the lock contention of
// the system allocator (measured in BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    if matches!(cli.command, Some(Command::Routes)) {
        return routes::print();
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => return fail(StartupError::Runtime(err)),
    };
    let result = runtime.block_on(async {
        let config = config::Config::from_env()?;
        telemetry::init(config.log_format);
        match cli.command.unwrap_or(Command::Serve) {
            Command::Serve => serve::run(config).await,
            // Printed before the runtime started: it reads no settings.
            Command::Routes => Ok(()),
            Command::Migrate => serve::migrate_only(config).await,
            Command::DemoData => serve::demo_data(config).await,
            Command::CreateAdmin {
                email,
                password,
                name,
            } => serve::create_admin(config, &email, &password, name.as_deref()).await,
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => fail(err),
    }
}

/// One readable line for the operator, no backtrace: the error already says
/// which setting or service is at fault.
fn fail(err: StartupError) -> ExitCode {
    eprintln!("error: {err}");
    ExitCode::FAILURE
}
