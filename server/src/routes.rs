//! `server routes`: every server function the router serves, one per line
//! (`POST /api/members/login  anyone`), from the registry the router is
//! built from, with the access `app::auth::access` declares for it. The
//! access-matrix test reads this list; an operator can read it too.

use std::process::ExitCode;

use app::auth::access::{Access, needed};
use leptos::server_fn::axum::server_fn_paths;

pub fn print() -> ExitCode {
    let mut routes: Vec<(&'static str, String)> = server_fn_paths()
        .map(|(path, method)| (path, method.to_string()))
        .collect();
    routes.sort_unstable();
    let mut undeclared = 0;
    for (path, method) in &routes {
        let access = match needed(path) {
            Some(Access::Anyone) => "anyone".to_owned(),
            Some(Access::Member) => "member".to_owned(),
            Some(Access::AnyStaff) => "staff".to_owned(),
            Some(Access::Staff(permission)) => format!("staff:{permission:?}").to_lowercase(),
            None => {
                undeclared += 1;
                "UNDECLARED".to_owned()
            }
        };
        println!("{method:<6} {path:<48} {access}");
    }
    if undeclared > 0 {
        eprintln!(
            "error: {undeclared} server function(s) have no access declared in app/src/auth/access.rs"
        );
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
