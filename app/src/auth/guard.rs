//! Pages only some people may see. The guards here only decide what the
//! page shows; every server function checks again on the server (see
//! [`super::request`]), which is what actually protects the data.

use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_location;

use super::viewer::use_viewer;
use crate::auth::permission::Permission;

/// `page` (a login or registration page) with `?next=` set to come back
/// to `next` afterwards.
pub fn with_next(page: &str, next: &str) -> String {
    if next.is_empty() {
        return page.to_owned();
    }
    let encoded: String = form_urlencoded::byte_serialize(next.as_bytes()).collect();
    format!("{page}?next={encoded}")
}

/// The path and query of the current page, to come back to after login.
fn current_path() -> String {
    let location = use_location();
    let (path, search) = (
        location.pathname.get_untracked(),
        location.search.get_untracked(),
    );
    if search.is_empty() {
        path
    } else {
        format!("{path}?{}", search.trim_start_matches('?'))
    }
}

/// Shows `children` to a logged-in member; sends anyone else to log in.
#[component]
pub fn RequireMember(children: ChildrenFn) -> impl IntoView {
    let viewer = use_viewer();
    let login = with_next("/login", &current_path());
    move || {
        if viewer.with(|v| v.member.is_some()) {
            children().into_any()
        } else {
            view! { <Redirect path=login.clone()/> }.into_any()
        }
    }
}

/// Shows `children` to staff holding `permission` (any staff when `None`);
/// sends anyone without a staff session to the staff login.
#[component]
pub fn RequireStaff(
    #[prop(optional)] permission: Option<Permission>,
    children: ChildrenFn,
    /// What staff without the permission see instead.
    #[prop(into)]
    refused: ViewFn,
) -> impl IntoView {
    let viewer = use_viewer();
    let login = with_next("/admin/login", &current_path());
    move || {
        let allowed = viewer.with(|v| {
            v.staff
                .as_ref()
                .map(|staff| permission.is_none_or(|p| staff.may(p)))
        });
        match allowed {
            Some(true) => children().into_any(),
            Some(false) => refused.run().into_any(),
            None => view! { <Redirect path=login.clone()/> }.into_any(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_way_back_is_url_encoded() {
        assert_eq!(
            with_next("/login", "/account/addresses?x=1&y=2"),
            "/login?next=%2Faccount%2Faddresses%3Fx%3D1%26y%3D2"
        );
        assert_eq!(with_next("/register", ""), "/register");
    }
}
