use clap::{Parser, Subcommand};

/// The online shop's server.
///
/// Configuration comes from the environment: LEPTOS_SITE_ADDR, LEPTOS_SITE_ROOT,
/// DATABASE_URL, SHOP_DATA_DIR, SHOP_BASE_URL, SMTP_URL, RUST_LOG (see README).
#[derive(Debug, Parser)]
#[command(version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Clone, Subcommand)]
pub enum Command {
    /// Migrate the database, then serve the shop until SIGTERM or Ctrl-C (the default).
    Serve,
    /// Bring the database schema up to date, then exit.
    Migrate,
    /// Load the demo shop (categories, brands, 520 products, reviews,
    /// pictures) into an empty catalog; does nothing if it has products.
    DemoData,
    /// List every server function the shop serves, with who may call it
    /// (`app::auth::access`); exits with an error if one is undeclared.
    Routes,
    /// Create a staff account with the owner role (every permission).
    CreateAdmin {
        #[arg(long)]
        email: String,
        /// At least 10 characters, and not a common password.
        #[arg(long)]
        password: String,
        /// The name shown in the back office; defaults to the email's user part.
        #[arg(long)]
        name: Option<String>,
    },
}
