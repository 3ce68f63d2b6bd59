//! Pages for members or staff only answer anyone else with a real
//! redirect to the right login (`303`, `next=` the page asked for), before
//! the page is rendered. The app's own guards (`app::auth::guard`) do the
//! same while it navigates in the browser; this makes the first answer
//! right for a browser without JavaScript, a crawler and a script, which
//! would otherwise get a page whose status and `Location` were decided
//! inside a render.

use app::auth::guard::with_next;
use app::auth::viewer::Viewer;
use axum::extract::Request;
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use http::Method;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Door {
    Member,
    Staff,
}

impl Door {
    fn login(self) -> &'static str {
        match self {
            Door::Member => "/login",
            Door::Staff => "/admin/login",
        }
    }

    fn lets_in(self, viewer: Option<&Viewer>) -> bool {
        viewer.is_some_and(|viewer| match self {
            Door::Member => viewer.member.is_some(),
            Door::Staff => viewer.staff.is_some(),
        })
    }
}

/// Which login a page is behind, if any.
pub fn door_of(path: &str) -> Option<Door> {
    let under = |prefix: &str| {
        path.strip_prefix(prefix)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    };
    if under("/account") || under("/checkout") {
        Some(Door::Member)
    } else if under("/admin") && path != "/admin/login" && !path.ends_with(".csv") {
        // The CSV exports answer 401 themselves, as files do.
        Some(Door::Staff)
    } else {
        None
    }
}

pub async fn redirect_strangers(req: Request, next: Next) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD)
        && let Some(door) = door_of(req.uri().path())
        && !door.lets_in(req.extensions().get::<Viewer>())
    {
        let asked = req
            .uri()
            .path_and_query()
            .map_or_else(|| req.uri().path().to_owned(), |pq| pq.as_str().to_owned());
        return Redirect::to(&with_next(door.login(), &asked)).into_response();
    }
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn account_and_checkout_want_a_member_the_back_office_staff() {
        assert_eq!(door_of("/account"), Some(Door::Member));
        assert_eq!(door_of("/account/orders/F1"), Some(Door::Member));
        assert_eq!(door_of("/checkout"), Some(Door::Member));
        assert_eq!(door_of("/admin"), Some(Door::Staff));
        assert_eq!(door_of("/admin/orders"), Some(Door::Staff));
        for open in [
            "/",
            "/cart",
            "/login",
            "/admin/login",
            "/accounts",
            "/admin/orders.csv",
        ] {
            assert_eq!(door_of(open), None, "{open}");
        }
    }
}
