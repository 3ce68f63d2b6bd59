use crate::catalog::member_lists::pages::RecentlyViewed;
use leptos::prelude::*;

use crate::catalog::api::get_home_catalog;
use crate::catalog::pages::{ProductGrid, use_chinese};
use crate::i18n::{t, t_string, use_i18n};
use crate::settings::api::use_store_settings;
use crate::ui::PageMeta;

#[component]
pub fn HomePage() -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store_settings().name;

    view! {
        <PageMeta
            title=move || t_string!(i18n, meta.home_title).to_string()
            description={
                let store = store.clone();
                move || t_string!(i18n, meta.home_description, store = store.clone()).to_string()
            }
        />
        <section class="bg-gradient-to-br from-rose-600 to-orange-500 text-white">
            <div class="mx-auto max-w-7xl px-4 py-16 sm:py-24">
                <h1 class="text-3xl font-extrabold tracking-tight sm:text-5xl" data-testid="home-heading">
                    {t!(i18n, home.welcome, store)}
                </h1>
                <p class="mt-4 max-w-2xl text-lg text-rose-50 sm:text-xl">{t!(i18n, home.tagline)}</p>
            </div>
        </section>
        <HomeCatalog/>
    }
}

/// Featured categories and the shelves of new and best-selling products.
#[component]
fn HomeCatalog() -> impl IntoView {
    let i18n = use_i18n();
    let chinese = use_chinese();
    let catalog = Resource::new(|| (), |_| get_home_catalog());
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                catalog.await.map(|home| view! {
                    <div class="mx-auto max-w-7xl space-y-10 px-4 py-8">
                        {(!home.featured.is_empty()).then(|| view! {
                            <section>
                                <h2 class="mb-4 text-xl font-bold">{t!(i18n, catalog.featured)}</h2>
                                <ul class="grid grid-cols-2 gap-3 sm:grid-cols-4 lg:grid-cols-6" data-testid="featured-categories">
                                    {home.featured.into_iter().map(|link| {
                                        let href = link.href();
                                        view! {
                                            <li>
                                                <a href=href class="block rounded-xl bg-white p-4 text-center font-medium shadow-sm hover:text-rose-700">
                                                    {move || link.name(chinese.get()).to_owned()}
                                                </a>
                                            </li>
                                        }
                                    }).collect_view()}
                                </ul>
                            </section>
                        })}
                        {(!home.new_arrivals.is_empty()).then(|| view! {
                            <section data-testid="new-arrivals">
                                <h2 class="mb-4 text-xl font-bold">{t!(i18n, catalog.new_arrivals)}</h2>
                                <ProductGrid products=home.new_arrivals/>
                            </section>
                        })}
                        {(!home.best_sellers.is_empty()).then(|| view! {
                            <section data-testid="best-sellers">
                                <h2 class="mb-4 text-xl font-bold">{t!(i18n, catalog.best_sellers)}</h2>
                                <ProductGrid products=home.best_sellers/>
                            </section>
                        })}
                    </div>
                })
            })}
        </Suspense>
        <div class="mx-auto max-w-7xl px-4 pb-8">
            <RecentlyViewed/>
        </div>
    }
}
