use std::net::SocketAddr;

/// Why the server could not start. Each message names the setting or the
/// service at fault, so an operator can act on one line.
#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error("cannot start the async runtime: {0}")]
    Runtime(std::io::Error),
    #[error("invalid {name}: {reason}")]
    Config { name: &'static str, reason: String },
    #[error("cannot create the data directory {path}: {source}")]
    DataDir {
        path: String,
        source: std::io::Error,
    },
    #[error("cannot connect to the database at {url}: {reason}")]
    Database { url: String, reason: String },
    #[error("cannot migrate the database at {url}: {reason}")]
    Migration { url: String, reason: String },
    #[error(
        "cannot read the front-end asset list {path}: {source} (was the site built with `cargo leptos build`?)"
    )]
    Assets {
        path: String,
        source: std::io::Error,
    },
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("the server stopped with an error: {0}")]
    Serve(std::io::Error),
    #[error("cannot set up mail: {0}")]
    Mail(String),
    #[error("cannot load the demo data: {0}")]
    DemoData(#[from] crate::demo::DemoError),
    #[error("cannot open the search index: {0}")]
    Search(#[from] app::search::SearchError),
    #[error("cannot create the admin: {0}")]
    CreateAdmin(String),
}
