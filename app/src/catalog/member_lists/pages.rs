use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

use super::api::{SetFavourite, get_favourites, get_recently_viewed, is_favourite};
use crate::auth::guard::with_next;
use crate::auth::viewer::use_viewer;
use crate::catalog::pages::ProductGrid;
use crate::i18n::{t, t_string, use_i18n};
use crate::ui::PageMeta;

/// "Add to favourites" on a product page. Guests are sent to log in first
/// and come back to the product.
#[component]
pub fn FavouriteButton(product_id: i64) -> impl IntoView {
    let i18n = use_i18n();
    let viewer = use_viewer();
    let location = use_location();
    let set = ServerAction::<SetFavourite>::new();
    let saved = Resource::new(
        move || set.version().get(),
        move |_| is_favourite(product_id),
    );
    let button = "inline-flex items-center gap-2 rounded-full border px-4 py-2 text-sm";

    move || {
        if viewer.with(|v| v.member.is_none()) {
            let login = with_next("/login", &location.pathname.get_untracked());
            return view! {
                <a href=login class=format!("{button} border-gray-300 text-gray-700 hover:border-rose-400") data-testid="favourite">
                    <span aria-hidden="true">"☆"</span>
                    {t!(i18n, catalog.add_favourite)}
                </a>
            }
            .into_any();
        }
        view! {
            <Suspense>
                {move || Suspend::new(async move {
                    let on = saved.await.unwrap_or(false);
                    view! {
                        <ActionForm action=set>
                            <input type="hidden" name="product_id" value=product_id/>
                            <input type="hidden" name="on" value=(!on).to_string()/>
                            <button
                                type="submit"
                                data-testid="favourite"
                                aria-pressed=on.to_string()
                                class=if on {
                                    format!("{button} border-rose-300 bg-rose-50 text-rose-700")
                                } else {
                                    format!("{button} border-gray-300 text-gray-700 hover:border-rose-400")
                                }
                            >
                                <span aria-hidden="true">{if on { "★" } else { "☆" }}</span>
                                {if on {
                                    t_string!(i18n, catalog.in_favourites)
                                } else {
                                    t_string!(i18n, catalog.add_favourite)
                                }}
                            </button>
                        </ActionForm>
                    }
                })}
            </Suspense>
        }
        .into_any()
    }
}

/// `/account/favourites`.
#[component]
pub fn FavouritesPage() -> impl IntoView {
    let i18n = use_i18n();
    let favourites = Resource::new(|| (), |_| get_favourites());
    view! {
        <PageMeta
            title=move || t_string!(i18n, catalog.favourites).to_string()
            description=move || t_string!(i18n, catalog.favourites).to_string()
        />
        <h1 class="mb-6 text-2xl font-bold">{t!(i18n, catalog.favourites)}</h1>
        <Suspense>
            {move || Suspend::new(async move {
                favourites.await.map(|products| {
                    if products.is_empty() {
                        view! {
                            <p class="rounded-xl bg-white p-8 text-center text-gray-600" data-testid="no-favourites">
                                {t!(i18n, catalog.no_favourites)}
                            </p>
                        }
                        .into_any()
                    } else {
                        view! { <ProductGrid products/> }.into_any()
                    }
                })
            })}
        </Suspense>
    }
}

/// The member's last viewed products, newest first; nothing for guests or
/// before the first view.
#[component]
pub fn RecentlyViewed() -> impl IntoView {
    let i18n = use_i18n();
    let recent = Resource::new(|| (), |_| get_recently_viewed());
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                let products = recent.await.unwrap_or_default();
                (!products.is_empty()).then(|| view! {
                    <section class="mt-8" data-testid="recently-viewed">
                        <h2 class="mb-3 text-lg font-semibold">{t!(i18n, catalog.recently_viewed)}</h2>
                        <ProductGrid products/>
                    </section>
                })
            })}
        </Suspense>
    }
}
