//! Staff who must use two-step sign-in and whose grace period is over
//! (`app::staff::two_factor_model`) reach only the enrolment page: every
//! other back-office page sends them there (303), and every other admin
//! server function answers 403 (a plain form is sent there too). Checked
//! on each request, so a session started before the grace period ended is
//! held to it as well.

use app::AppError;
use app::auth::viewer::Viewer;
use app::staff::two_factor;
use app::staff::two_factor_api::ENROLMENT_PAGE;
use app::state::AppState;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use http::header::{ACCEPT, CONTENT_TYPE};
use http::{HeaderValue, StatusCode};

/// Whether `path` is part of the back office at all.
fn back_office(path: &str) -> bool {
    let under = |prefix: &str| {
        path.strip_prefix(prefix)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    };
    under("/admin") || under("/api/admin")
}

/// What stays open to someone who has to set up the second factor first:
/// the enrolment page and its functions, and logging in and out.
fn open_while_overdue(path: &str) -> bool {
    let under = |prefix: &str| {
        path.strip_prefix(prefix)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    };
    under(ENROLMENT_PAGE)
        || under("/api/admin/two-factor")
        || under("/admin/login")
        || under("/api/admin/login")
        || path == "/api/admin/logout"
}

pub async fn confine(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let path = req.uri().path();
    if !back_office(path) || open_while_overdue(path) {
        return next.run(req).await;
    }
    let Some(staff) = req
        .extensions()
        .get::<Viewer>()
        .and_then(|viewer| viewer.staff.clone())
    else {
        return next.run(req).await;
    };
    match two_factor::confined(&state, &staff).await {
        Ok(false) => next.run(req).await,
        Ok(true) => refuse(&req),
        Err(err) => {
            tracing::error!(%err, staff = staff.id, "cannot read the staff member's second factor");
            err_response(AppError::Internal)
        }
    }
}

fn refuse(req: &Request) -> Response {
    let page = !req.uri().path().starts_with("/api/");
    let plain_form = req
        .headers()
        .get(ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|accept| accept.contains("text/html"));
    if page || plain_form {
        return Redirect::to(ENROLMENT_PAGE).into_response();
    }
    err_response(AppError::Forbidden)
}

fn err_response(err: AppError) -> Response {
    let status = StatusCode::from_u16(err.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (
        status,
        [(CONTENT_TYPE, HeaderValue::from_static("application/json"))],
        serde_json::to_vec(&err).unwrap_or_default(),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_back_office_is_gated() {
        for gated in [
            "/admin",
            "/admin/orders",
            "/admin/orders.csv",
            "/api/admin/staff/list",
        ] {
            assert!(back_office(gated), "{gated}");
        }
        for open in [
            "/",
            "/account",
            "/api/cart",
            "/administrator",
            "/api/admins",
        ] {
            assert!(!back_office(open), "{open}");
        }
    }

    #[test]
    fn an_overdue_staff_member_may_still_enrol_and_come_and_go() {
        for open in [
            "/admin/two-factor",
            "/api/admin/two-factor",
            "/api/admin/two-factor/confirm",
            "/admin/login",
            "/api/admin/login/code",
            "/api/admin/logout",
        ] {
            assert!(open_while_overdue(open), "{open}");
        }
        for closed in [
            "/admin",
            "/admin/staff",
            "/admin/two-factor-x",
            "/api/admin/me",
            "/api/admin/staff/create",
        ] {
            assert!(!open_while_overdue(closed), "{closed}");
        }
    }
}
