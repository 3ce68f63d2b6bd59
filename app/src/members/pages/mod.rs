//! The member centre's pages: logging in and out, and `/account`.

mod account;
mod addresses;
mod devices;
mod forgot;
mod login;
mod privacy;
mod register;
mod reset;

pub use account::{AccountFrame, PasswordPage, ProfilePage};
pub use addresses::AddressesPage;
pub use devices::DevicesPage;
pub use forgot::ForgotPasswordPage;
pub use login::LoginPage;
pub use privacy::PrivacyPage;
pub use register::RegisterPage;
pub use reset::ResetPasswordPage;

use leptos::prelude::*;

/// The narrow centred card the login and registration pages sit in.
#[component]
fn AuthCard(#[prop(into)] heading: Signal<String>, children: Children) -> impl IntoView {
    view! {
        <section class="mx-auto w-full max-w-md px-4 py-10 sm:py-16">
            <div class="rounded-2xl border border-gray-200 bg-white p-6 shadow-sm sm:p-8">
                <h1 class="mb-6 text-2xl font-bold tracking-tight">{heading}</h1>
                {children()}
            </div>
        </section>
    }
}

/// The `next` query parameter, passed along so login returns there.
fn next_param() -> Signal<String> {
    let query = leptos_router::hooks::use_query_map();
    Signal::derive(move || query.with(|q| q.get("next")).unwrap_or_default())
}

/// On the server, answers a page with `status` while the last attempt of
/// `action` failed with it (a form posted without JavaScript comes back to
/// the page carrying its error).
fn status_from_failed_action<I>(action: ServerAction<I>)
where
    I: leptos::server_fn::ServerFn<Error = crate::error::AppError> + Clone + Send + Sync + 'static,
    I::Output: Clone + Send + Sync + 'static,
{
    #[cfg(feature = "ssr")]
    if let Some(Err(err)) = action.value().get_untracked()
        && let Some(response) = use_context::<leptos_axum::ResponseOptions>()
        && let Ok(status) = http::StatusCode::from_u16(err.status())
    {
        response.set_status(status);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = action;
}
