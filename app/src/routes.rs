//! The document shell and the route table: the map from URL to page.

use leptos::prelude::*;
use leptos_meta::provide_meta_context;
use leptos_router::components::{FlatRoutes, Route, Router};
use leptos_router::{ParamSegment, SsrMode, StaticSegment};

use crate::audit::pages::AuditPage;
use crate::cart::pages::CartPage;
use crate::catalog::admin::pages::{AdminImportPage, AdminProductPage, AdminProductsPage};
use crate::catalog::admin::product_form_pages::AdminNewProductPage;
use crate::catalog::admin::reviews::pages::AdminReviewsPage;
use crate::catalog::admin::taxonomy::pages::{AdminBrandsPage, AdminCategoriesPage};
use crate::catalog::member_lists::pages::FavouritesPage;
use crate::catalog::pages::{CategoryPage, ProductPage, SearchPage};
use crate::flash_sales::admin::edit_page::AdminFlashSessionPage;
use crate::flash_sales::admin::page::AdminFlashSalesPage;
use crate::flash_sales::page::FlashSalesPage;
use crate::group_buys::admin::edit_page::AdminGroupDealPage;
use crate::group_buys::admin::page::AdminGroupDealsPage;
use crate::group_buys::page::{GroupBuysPage, GroupPage};
use crate::i18n::I18nContextProvider;
use crate::locale::preferred_languages;
use crate::members::pages::{
    AccountFrame, AddressesPage, DevicesPage, ForgotPasswordPage, LoginPage, PasswordPage,
    PrivacyPage, ProfilePage, RegisterPage, ResetPasswordPage,
};
use crate::orders::admin::pages::{AdminOrderPage, AdminOrdersPage};
use crate::orders::checkout_page::CheckoutPage;
use crate::orders::pages::{OrderPage, OrdersPage};
use crate::pages::{HomePage, NotFound, ServerErrorPage};
use crate::payments::pages::SandboxPayPage;
use crate::points::pages::PointsPage;
use crate::promotions::admin::pages::AdminPromotionsPage;
use crate::promotions::pages::{CouponCentrePage, MyCouponsPage};
use crate::settings::pages::AdminSettingsPage;
use crate::shell::provide_page_data;
use crate::shell::{Footer, Header};
use crate::staff::pages::{
    AdminFrame, AdminHome, AdminLoginPage, MemberDetailPage, MembersPage, StaffPage,
};

/// The whole HTML document, rendered on the server only. Hydration takes
/// over `<body>`; the `<head>` is written once here.
#[cfg(feature = "ssr")]
pub fn shell(assets: std::sync::Arc<crate::assets::AssetManifest>) -> impl IntoView {
    use leptos_meta::MetaTags;

    // Before anything is streamed: the policy is a header.
    let nonce = crate::shell::content_policy::set_for_this_page();
    let boot = format!(
        "import init, {{ hydrate }} from '{}'; init({{ module_or_path: '{}' }}).then(hydrate);",
        assets.js, assets.wasm
    );
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="theme-color" content="#e11d48"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <link rel="stylesheet" href=assets.css.clone()/>
                <link rel="modulepreload" href=assets.js.clone()/>
                <link
                    rel="preload"
                    href=assets.wasm.clone()
                    r#as="fetch"
                    r#type="application/wasm"
                    crossorigin=""
                />
                <script type="module" nonce=nonce>{boot}</script>
                <MetaTags/>
            </head>
            <body class="bg-gray-50 text-gray-900 antialiased">
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_page_data();

    // Every route is flat: a page wraps itself in the frame it belongs to
    // (shop, account, back office). Flat matching is cheaper per request
    // than nested routes, and these layouts hold no state worth keeping
    // across navigations. SSR waits for each page's data (`Async`), so the
    // content is in the HTML for crawlers and for browsers without JavaScript.
    //
    // The locale cookie is written by our own `set_locale` server function
    // when a shopper picks a language, never implicitly on every response.
    view! {
        <I18nContextProvider ssr_lang_header_getter=preferred_languages()>
            <Router>
                <FlatRoutes fallback=|| view! { <ShopFrame><NotFound/></ShopFrame> }>
                    <Route path=StaticSegment("") view=|| shop(HomePage) ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("c"), ParamSegment("slug")) view=|| shop(CategoryPage) ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("p"), ParamSegment("slug")) view=|| shop(ProductPage) ssr=SsrMode::Async/>
                    <Route path=StaticSegment("search") view=|| shop(SearchPage) ssr=SsrMode::Async/>
                    <Route path=StaticSegment("cart") view=|| shop(CartPage) ssr=SsrMode::Async/>
                    <Route path=StaticSegment("checkout") view=|| shop(CheckoutPage) ssr=SsrMode::Async/>
                    <Route path=StaticSegment("coupons") view=|| shop(CouponCentrePage) ssr=SsrMode::Async/>
                    <Route path=StaticSegment("flash-sales") view=|| shop(FlashSalesPage) ssr=SsrMode::Async/>
                    <Route path=StaticSegment("group-buys") view=|| shop(GroupBuysPage) ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("group"), ParamSegment("id")) view=|| shop(GroupPage) ssr=SsrMode::Async/>
                    <Route path=StaticSegment("login") view=|| shop(LoginPage) ssr=SsrMode::Async/>
                    <Route path=StaticSegment("register") view=|| shop(RegisterPage) ssr=SsrMode::Async/>
                    <Route path=StaticSegment("forgot-password") view=|| shop(ForgotPasswordPage) ssr=SsrMode::Async/>
                    <Route path=StaticSegment("reset-password") view=|| shop(ResetPasswordPage) ssr=SsrMode::Async/>
                    <Route path=StaticSegment("account") view=|| account(ProfilePage) ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("account"), StaticSegment("addresses")) view=|| account(AddressesPage) ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("account"), StaticSegment("password")) view=|| account(PasswordPage) ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("account"), StaticSegment("devices")) view=|| account(DevicesPage) ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("account"), StaticSegment("privacy")) view=|| account(PrivacyPage) ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("account"), StaticSegment("favourites")) view=|| account(FavouritesPage) ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("account"), StaticSegment("orders")) view=|| account(OrdersPage) ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("account"), StaticSegment("orders"), ParamSegment("order_no")) view=|| account(OrderPage) ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("account"), StaticSegment("points")) view=|| account(PointsPage) ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("account"), StaticSegment("coupons")) view=|| account(MyCouponsPage) ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("pay"), ParamSegment("order_no")) view=SandboxPayPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("admin"), StaticSegment("login")) view=AdminLoginPage ssr=SsrMode::Async/>
                    <Route path=StaticSegment("admin") view=|| admin(AdminHome) ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("admin"), StaticSegment("staff")) view=|| admin(StaffPage) ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("admin"), StaticSegment("two-factor")) view=|| admin(crate::staff::pages::TwoFactorPage) ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("admin"), StaticSegment("members")) view=|| admin(MembersPage) ssr=SsrMode::Async/>
                    <Route
                        path=(StaticSegment("admin"), StaticSegment("members"), ParamSegment("id"))
                        view=|| admin(MemberDetailPage)
                        ssr=SsrMode::Async
                    />
                    <Route path=(StaticSegment("admin"), StaticSegment("audit")) view=|| admin(AuditPage) ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("admin"), StaticSegment("orders")) view=|| admin(AdminOrdersPage) ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("admin"), StaticSegment("settings")) view=|| admin(AdminSettingsPage) ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("admin"), StaticSegment("promotions")) view=|| admin(AdminPromotionsPage) ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("admin"), StaticSegment("flash-sales")) view=|| admin(AdminFlashSalesPage) ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("admin"), StaticSegment("flash-sales"), ParamSegment("id")) view=|| admin(AdminFlashSessionPage) ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("admin"), StaticSegment("group-deals")) view=|| admin(AdminGroupDealsPage) ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("admin"), StaticSegment("group-deals"), ParamSegment("id")) view=|| admin(AdminGroupDealPage) ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("admin"), StaticSegment("orders"), ParamSegment("order_no")) view=|| admin(AdminOrderPage) ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("admin"), StaticSegment("products")) view=|| admin(AdminProductsPage) ssr=SsrMode::Async/>
                    <Route
                        path=(StaticSegment("admin"), StaticSegment("products"), StaticSegment("import"))
                        view=|| admin(AdminImportPage)
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=(StaticSegment("admin"), StaticSegment("products"), StaticSegment("new"))
                        view=|| admin(AdminNewProductPage)
                        ssr=SsrMode::Async
                    />
                    <Route path=(StaticSegment("admin"), StaticSegment("categories")) view=|| admin(AdminCategoriesPage) ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("admin"), StaticSegment("brands")) view=|| admin(AdminBrandsPage) ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("admin"), StaticSegment("reviews")) view=|| admin(AdminReviewsPage) ssr=SsrMode::Async/>
                    <Route
                        path=(StaticSegment("admin"), StaticSegment("products"), ParamSegment("id"))
                        view=|| admin(AdminProductPage)
                        ssr=SsrMode::Async
                    />
                </FlatRoutes>
            </Router>
        </I18nContextProvider>
    }
}

fn shop<V: IntoView + 'static>(page: fn() -> V) -> impl IntoView {
    view! { <ShopFrame>{page()}</ShopFrame> }
}

fn account<V: IntoView + 'static>(page: fn() -> V) -> impl IntoView {
    view! { <ShopFrame><AccountFrame>{move || page()}</AccountFrame></ShopFrame> }
}

fn admin<V: IntoView + 'static>(page: fn() -> V) -> impl IntoView {
    view! { <AdminFrame>{move || page()}</AdminFrame> }
}

/// The shop's frame around a page: header, main area, footer.
#[component]
fn ShopFrame(children: Children) -> impl IntoView {
    view! {
        <div class="flex min-h-screen flex-col">
            <Header/>
            <main id="main" class="flex-1">
                <ErrorBoundary fallback=|errors| view! { <ServerErrorPage errors/> }>
                    {children()}
                </ErrorBoundary>
            </main>
            <Footer/>
        </div>
    }
}
