//! The doors of the server functions, kept before a request is read: a
//! caller who may not call a function (`app::auth::access`) gets 401 or
//! 403 whatever they sent, the same answer the function itself would
//! give once its arguments decoded. The function checks again
//! (`require_member`, `require_staff`): this layer is the second lock,
//! and the one that makes the access matrix testable route by route.

use app::AppError;
use app::auth::access::{Access, needed};
use app::auth::guard::with_next;
use app::auth::viewer::Viewer;
use axum::extract::Request;
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use http::header::{ACCEPT, CONTENT_TYPE, REFERER};
use http::{HeaderMap, HeaderValue, StatusCode};

/// Whether `viewer` may call a function needing `access`: `Ok`, or the
/// error the function itself would answer.
pub fn admits(access: Access, viewer: Option<&Viewer>) -> Result<(), AppError> {
    let member = viewer.is_some_and(|v| v.member.is_some());
    let staff = viewer.and_then(|v| v.staff.as_ref());
    match access {
        Access::Anyone => Ok(()),
        Access::Member if member => Ok(()),
        Access::Member => Err(AppError::Unauthorized),
        Access::AnyStaff | Access::Staff(_) => match staff {
            Some(staff) => match access {
                Access::Staff(permission) if !staff.may(permission) => Err(AppError::Forbidden),
                _ => Ok(()),
            },
            // A shopper's session never opens the back office.
            None if member => Err(AppError::Forbidden),
            None => Err(AppError::Unauthorized),
        },
    }
}

pub async fn guard(req: Request, next: Next) -> Response {
    let Some(access) = needed(req.uri().path()).filter(|_| req.uri().path().starts_with("/api/"))
    else {
        return next.run(req).await;
    };
    let Err(refused) = admits(access, req.extensions().get::<Viewer>()) else {
        return next.run(req).await;
    };
    if is_plain_form(req.headers()) {
        // A browser without JavaScript posted a form: send it to log in,
        // then back to the page the form was on.
        let login = match access {
            Access::Member => "/login",
            _ => "/admin/login",
        };
        return Redirect::to(&with_next(login, &referring_path(req.headers()))).into_response();
    }
    let status = StatusCode::from_u16(refused.status()).unwrap_or(StatusCode::FORBIDDEN);
    let body = serde_json::to_vec(&refused).unwrap_or_default();
    (
        status,
        [(CONTENT_TYPE, HeaderValue::from_static("application/json"))],
        body,
    )
        .into_response()
}

fn is_plain_form(headers: &HeaderMap) -> bool {
    headers
        .get(ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|accept| accept.contains("text/html"))
}

/// The path of the page a form was posted from, when it is on this shop.
fn referring_path(headers: &HeaderMap) -> String {
    headers
        .get(REFERER)
        .and_then(|v| v.to_str().ok())
        .and_then(|referer| http::Uri::try_from(referer).ok())
        .and_then(|uri| uri.path_and_query().map(|pq| pq.as_str().to_owned()))
        .filter(|path| path.starts_with('/') && !path.starts_with("//"))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::auth::permission::{Permission, Permissions};
    use app::auth::viewer::{MemberIdentity, StaffIdentity};

    fn member() -> Viewer {
        Viewer {
            member: Some(MemberIdentity {
                id: 1,
                email: "ada@example.com".into(),
                display_name: "Ada".into(),
            }),
            ..Viewer::default()
        }
    }

    fn staff(permissions: &[Permission]) -> Viewer {
        Viewer {
            staff: Some(StaffIdentity {
                id: 2,
                email: "sam@shop.test".into(),
                display_name: "Sam".into(),
                role: "support".into(),
                permissions: permissions.iter().copied().collect::<Permissions>(),
            }),
            ..Viewer::default()
        }
    }

    #[test]
    fn each_door_answers_as_its_function_would() {
        let orders = Access::Staff(Permission::Orders);
        assert!(admits(Access::Anyone, None).is_ok());
        assert_eq!(admits(Access::Member, None), Err(AppError::Unauthorized));
        assert!(admits(Access::Member, Some(&member())).is_ok());
        assert_eq!(admits(orders, None), Err(AppError::Unauthorized));
        assert_eq!(admits(orders, Some(&member())), Err(AppError::Forbidden));
        assert_eq!(
            admits(orders, Some(&staff(&[Permission::Support]))),
            Err(AppError::Forbidden)
        );
        assert!(admits(orders, Some(&staff(&[Permission::Orders]))).is_ok());
        assert!(admits(Access::AnyStaff, Some(&staff(&[]))).is_ok());
        assert_eq!(
            admits(Access::Member, Some(&staff(&[Permission::Orders]))),
            Err(AppError::Unauthorized)
        );
    }

    #[test]
    fn a_plain_form_goes_back_to_its_own_page_only() {
        let mut headers = HeaderMap::new();
        headers.insert(
            REFERER,
            HeaderValue::from_static("http://shop.test/account/devices?x=1"),
        );
        assert_eq!(referring_path(&headers), "/account/devices?x=1");
        headers.insert(REFERER, HeaderValue::from_static("//evil.example/x"));
        assert_eq!(referring_path(&headers), "");
    }
}
