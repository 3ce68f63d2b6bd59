//! Members and staff log in through one credential check
//! (`app::auth::login`): every case here runs at both doors, the shop's
//! `/api/members/login` and the back office's `/api/admin/login`.

use crate::support;

use std::time::{Duration, Instant};

use support::{Response, Running, shop_with_owner as shop};

const EMAIL: &str = "ada@example.com";
const PASSWORD: &str = "correct horse battery";
const WRONG: &str = "The email or password is wrong.";

#[derive(Debug, Clone, Copy)]
enum Door {
    Member,
    Staff,
}

const DOORS: [Door; 2] = [Door::Member, Door::Staff];

impl Door {
    fn path(self) -> &'static str {
        match self {
            Door::Member => "/api/members/login",
            Door::Staff => "/api/admin/login",
        }
    }

    fn cookie(self) -> &'static str {
        match self {
            Door::Member => "sid",
            Door::Staff => "staff_sid",
        }
    }

    /// Opens the account `EMAIL` / `PASSWORD` behind this door; its id.
    fn open_account(self, shop: &Running, owner: &str) -> &'static str {
        let created = match self {
            Door::Member => shop.post_form(
                "/api/members/register",
                &[
                    ("email", EMAIL),
                    ("display_name", "Ada"),
                    ("password", PASSWORD),
                ],
                &[],
            ),
            Door::Staff => shop.post_form(
                "/api/admin/staff/create",
                &[
                    ("email", EMAIL),
                    ("display_name", "Ada"),
                    ("password", PASSWORD),
                    ("role", "support"),
                ],
                &[("Cookie", owner)],
            ),
        };
        assert_eq!(created.status, 200, "{self:?}: {}", created.body);
        // The first member; the first staff account after the owner.
        match self {
            Door::Member => "1",
            Door::Staff => "2",
        }
    }

    fn disable(self, shop: &Running, owner: &str, id: &str) {
        let disabled = match self {
            Door::Member => shop.post_form(
                "/api/admin/members/status",
                &[("id", id), ("active", "false")],
                &[("Cookie", owner)],
            ),
            Door::Staff => shop.post_form(
                "/api/admin/staff/disable",
                &[("id", id)],
                &[("Cookie", owner)],
            ),
        };
        assert_eq!(disabled.status, 200, "{self:?}: {}", disabled.body);
    }

    fn log_in(self, shop: &Running, email: &str, password: &str) -> Response {
        shop.post_form(
            self.path(),
            &[("email", email), ("password", password)],
            &[],
        )
    }
}

#[test]
fn the_right_password_opens_a_session_and_a_wrong_one_or_an_unknown_email_get_one_answer() {
    for door in DOORS {
        let (_data, shop, owner) = shop();
        door.open_account(&shop, &owner);

        let wrong = door.log_in(&shop, EMAIL, "wrong password!");
        let unknown = door.log_in(&shop, "nobody@example.com", PASSWORD);
        let malformed = door.log_in(&shop, "not an email", PASSWORD);
        for (what, response) in [
            ("wrong", &wrong),
            ("unknown", &unknown),
            ("malformed", &malformed),
        ] {
            assert_eq!(response.status, 400, "{door:?}, {what}: {}", response.body);
            assert!(
                response.body.contains(WRONG),
                "{door:?}, {what}: {}",
                response.body
            );
            assert!(response.cookie(door.cookie()).is_none(), "{door:?}, {what}");
        }
        assert_eq!(
            wrong.body, unknown.body,
            "{door:?}: nothing tells them apart"
        );

        let right = door.log_in(&shop, EMAIL, PASSWORD);
        assert_eq!(right.status, 200, "{door:?}: {}", right.body);
        assert!(right.cookie(door.cookie()).is_some(), "{door:?}");
    }
}

#[test]
fn five_wrong_passwords_lock_the_account_even_against_the_right_one() {
    for door in DOORS {
        let (_data, shop, owner) = shop();
        door.open_account(&shop, &owner);
        for attempt in 1..=5 {
            let wrong = door.log_in(&shop, EMAIL, "wrong password!");
            assert_eq!(wrong.status, 400, "{door:?}, attempt {attempt}");
        }
        assert_eq!(
            door.log_in(&shop, EMAIL, "wrong password!").status,
            429,
            "{door:?}"
        );
        assert_eq!(
            door.log_in(&shop, EMAIL, PASSWORD).status,
            429,
            "{door:?}: locked for the window"
        );
    }
}

/// The same five, when thirty guesses arrive at once: each is counted
/// before its password is checked, so no burst gets more checks than
/// guesses one by one would.
#[test]
fn thirty_guesses_at_once_get_five_checked_and_the_rest_refused() {
    for door in DOORS {
        let (_data, shop, owner) = shop();
        door.open_account(&shop, &owner);
        let statuses: Vec<u16> = std::thread::scope(|scope| {
            let guesses: Vec<_> = (0..30)
                .map(|_| scope.spawn(|| door.log_in(&shop, EMAIL, "wrong password!").status))
                .collect();
            guesses.into_iter().map(|g| g.join().unwrap()).collect()
        });
        let checked = statuses.iter().filter(|&&s| s == 400).count();
        let refused = statuses.iter().filter(|&&s| s == 429).count();
        assert_eq!((checked, refused), (5, 25), "{door:?}: {statuses:?}");
        let late = door.log_in(&shop, EMAIL, PASSWORD);
        assert_eq!(
            late.status, 429,
            "{door:?}: the right password comes too late"
        );
        assert_eq!(
            late.headers.get("retry-after").map(Vec::as_slice),
            Some(&["60".to_owned()][..]),
            "{door:?}: told when to try again"
        );
    }
}

#[test]
fn a_disabled_account_is_told_so_only_to_someone_who_knows_its_password() {
    for door in DOORS {
        let (_data, shop, owner) = shop();
        let id = door.open_account(&shop, &owner);
        door.disable(&shop, &owner, id);

        let right = door.log_in(&shop, EMAIL, PASSWORD);
        assert_eq!(right.status, 403, "{door:?}: {}", right.body);
        assert!(right.cookie(door.cookie()).is_none(), "{door:?}");
        let wrong = door.log_in(&shop, EMAIL, "wrong password!");
        assert_eq!(wrong.status, 400, "{door:?}: as for anyone");
        assert!(wrong.body.contains(WRONG), "{door:?}: {}", wrong.body);
    }
}

#[test]
fn an_unknown_email_is_answered_in_about_the_time_of_a_wrong_password() {
    for door in DOORS {
        let (_data, shop, owner) = shop();
        door.open_account(&shop, &owner);
        let median = |email: &str| {
            let mut times: Vec<Duration> = (0..3)
                .map(|_| {
                    let started = Instant::now();
                    assert_eq!(door.log_in(&shop, email, "wrong password!").status, 400);
                    started.elapsed()
                })
                .collect();
            times.sort();
            times[1]
        };
        let known = median(EMAIL);
        let unknown = median("nobody@example.com");
        // Without the dummy hash an unknown email answers ~50x faster; noise
        // on a shared machine stays well inside a factor of three.
        let ratio = unknown.as_secs_f64() / known.as_secs_f64();
        assert!(
            (0.33..3.0).contains(&ratio),
            "{door:?}: known {known:?}, unknown {unknown:?}"
        );
    }
}

/// A reset link's token is checked before the new password is hashed, and
/// made-up tokens are counted per address like wrong passwords: guessing
/// them is refused early and cannot slow the shop's logins down.
#[test]
fn made_up_reset_tokens_are_refused_and_then_limited() {
    let (_data, shop, _owner) = shop();
    let guess = |n: usize| {
        shop.post_form(
            "/api/members/reset-password",
            &[
                ("token", &format!("{n:064x}")),
                ("password", "a brand new password"),
            ],
            &[],
        )
    };
    for n in 0..20 {
        let refused = guess(n);
        assert_eq!(refused.status, 400, "guess {n}: {}", refused.body);
        assert!(refused.body.contains("link"), "{}", refused.body);
    }
    assert_eq!(guess(20).status, 429, "the 21st guess from one address");
}

/// "Already registered" tells whether an email has an account; it is said
/// at most five times per address in the throttle's window (SECURITY.md).
#[test]
fn already_registered_is_said_five_times_per_address_then_refused() {
    let (_data, shop, owner) = shop();
    Door::Member.open_account(&shop, &owner);
    let again = || {
        shop.post_form(
            "/api/members/register",
            &[
                ("email", EMAIL),
                ("display_name", "Eve"),
                ("password", "another long password"),
            ],
            &[],
        )
    };
    for attempt in 1..=5 {
        assert_eq!(again().status, 409, "attempt {attempt}");
    }
    assert_eq!(again().status, 429, "the sixth probe from one address");
}
