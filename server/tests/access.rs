//! The access matrix: every server function the router serves (as
//! `server routes` lists them, from the same registry), called as a guest,
//! a member, staff without the permission it needs, and the owner; and
//! every state-changing one called from another site. A function with no
//! declared access fails the listing itself.

use crate::support;

use support::{Running, create_staff, server, shop_with_owner};

/// Who a route is for, as `server routes` prints it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Door {
    Anyone,
    Member,
    AnyStaff,
    Staff(String),
}

pub(crate) struct Route {
    pub(crate) method: String,
    pub(crate) path: String,
    pub(crate) door: Door,
}

/// Every server function the router serves, as `server routes` lists
/// them (also read by `hostile_input.rs`).
pub(crate) fn routes(data: &support::DataDir) -> Vec<Route> {
    let out = server(data)
        .arg("routes")
        .output()
        .expect("run server routes");
    assert!(
        out.status.success(),
        "every server function declares its access:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|line| {
            let mut words = line.split_whitespace();
            let (method, path, access) = (
                words.next().unwrap().to_owned(),
                words.next().unwrap().to_owned(),
                words.next().unwrap(),
            );
            let door = match access {
                "anyone" => Door::Anyone,
                "member" => Door::Member,
                "staff" => Door::AnyStaff,
                other => Door::Staff(other.strip_prefix("staff:").unwrap().to_owned()),
            };
            Route { method, path, door }
        })
        .collect()
}

/// The route called with nothing in it, as `cookie`, with extra headers.
fn call(shop: &Running, route: &Route, cookie: Option<&str>, extra: &[(&str, &str)]) -> u16 {
    let mut headers = vec![("Content-Type", "application/x-www-form-urlencoded")];
    if let Some(cookie) = cookie {
        headers.push(("Cookie", cookie));
    }
    headers.extend_from_slice(extra);
    support::request(&shop.addr, &route.method, &route.path, &headers, "").status
}

#[test]
fn every_server_function_refuses_whoever_may_not_call_it() {
    let (data, shop, owner) = shop_with_owner();
    let routes = routes(&data);
    assert!(
        routes.len() >= 100,
        "the router's {} functions",
        routes.len()
    );
    let member = shop
        .post_form(
            "/api/members/register",
            &[
                ("email", "a@shop.test"),
                ("display_name", "A"),
                ("password", "a long member password"),
            ],
            &[],
        )
        .cookie("sid")
        .expect("a member session");
    let support_staff = create_staff(&shop, &owner, "help@shop.test", "support");
    let catalog_staff = create_staff(&shop, &owner, "cat@shop.test", "catalog");

    let mut failures = Vec::new();
    let mut calls = 0;
    let mut expect = |route: &Route, who: &str, got: u16, ok: bool| {
        calls += 1;
        if !ok {
            failures.push(format!(
                "{} {} as {who}: {got} ({:?})",
                route.method, route.path, route.door
            ));
        }
    };
    let refused = |status: u16| status == 401 || status == 403;
    for route in &routes {
        // Logging out ends the session the rest of the matrix uses.
        let ends_session = route.path.ends_with("/logout");
        let guest = call(&shop, route, None, &[]);
        match &route.door {
            Door::Anyone => {
                expect(route, "guest", guest, !refused(guest));
                if !ends_session {
                    let as_member = call(&shop, route, Some(&member), &[]);
                    expect(route, "member", as_member, !refused(as_member));
                }
            }
            Door::Member => {
                let as_member = call(&shop, route, Some(&member), &[]);
                expect(route, "guest", guest, guest == 401);
                expect(route, "member", as_member, !refused(as_member));
                let staff = call(&shop, route, Some(&owner), &[]);
                expect(route, "staff (no member session)", staff, staff == 401);
            }
            Door::AnyStaff | Door::Staff(_) => {
                let as_member = call(&shop, route, Some(&member), &[]);
                expect(route, "guest", guest, guest == 401);
                expect(route, "member", as_member, as_member == 403);
                let as_owner = call(&shop, route, Some(&owner), &[]);
                expect(route, "owner", as_owner, !refused(as_owner));
                if let Door::Staff(permission) = &route.door {
                    let lacking = if permission == "support" {
                        &catalog_staff
                    } else {
                        &support_staff
                    };
                    let status = call(&shop, route, Some(lacking), &[]);
                    expect(route, "staff without the permission", status, status == 403);
                }
            }
        }
        // Another site's page cannot make a signed-in browser change anything.
        if route.method == "POST" && !ends_session {
            for cookie in [&member, &owner] {
                for header in [
                    ("Sec-Fetch-Site", "cross-site"),
                    ("Origin", "https://evil.example"),
                ] {
                    let status = call(&shop, route, Some(cookie), &[header]);
                    expect(route, header.1, status, status == 403);
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {calls} calls answered wrongly:\n{}",
        failures.len(),
        failures.join("\n")
    );
    println!("access matrix: {} routes, {calls} calls", routes.len());
}
