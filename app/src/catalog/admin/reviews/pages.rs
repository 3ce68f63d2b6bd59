//! `/admin/reviews`: what shoppers wrote, newest first, with a button to
//! hide a review (abuse, spam, personal data) or show it again.

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::api::{SetReviewHidden, find_admin_reviews};
use super::model::{AdminReview, REVIEWS_PER_PAGE, Visibility};
use crate::auth::permission::Permission;
use crate::i18n::{Locale, t, td_string, use_i18n};
use crate::staff::pages::Section;
use crate::ui::ActionError;

#[component]
pub fn AdminReviewsPage() -> impl IntoView {
    view! {
        <Section permission=Permission::Catalog>
            <ReviewList/>
        </Section>
    }
}

fn visibility_label(locale: Locale, visibility: Visibility) -> String {
    match visibility {
        Visibility::Any => td_string!(locale, catalog_admin.all_reviews),
        Visibility::Visible => td_string!(locale, catalog_admin.visible),
        Visibility::Hidden => td_string!(locale, catalog_admin.hidden),
    }
    .to_string()
}

#[component]
fn ReviewList() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let visibility = move || Visibility::parse(&query.with(|q| q.get("show")).unwrap_or_default());
    let page = move || {
        query
            .with(|q| q.get("page").and_then(|p| p.parse::<u32>().ok()))
            .unwrap_or(0)
    };
    let moderate = ServerAction::<SetReviewHidden>::new();
    let reviews = Resource::new(
        move || (visibility(), page(), moderate.version().get()),
        |(visibility, page, _)| find_admin_reviews(visibility.as_str().to_owned(), page),
    );
    let tab = "rounded-full px-3 py-1 text-sm aria-[current=page]:bg-gray-900 aria-[current=page]:text-white hover:bg-gray-200";

    view! {
        <h1 class="text-2xl font-bold">{t!(i18n, catalog_admin.reviews)}</h1>
        <p class="mb-4 mt-1 max-w-2xl text-sm text-gray-600">{t!(i18n, catalog_admin.reviews_blurb)}</p>
        <nav class="mb-4 flex gap-2" data-testid="review-tabs">
            {Visibility::ALL.into_iter().map(|v| view! {
                <a href=format!("/admin/reviews?show={}", v.as_str()) class=tab
                    aria-current=move || (visibility() == v).then_some("page")>
                    {move || visibility_label(i18n.get_locale(), v)}
                </a>
            }).collect_view()}
        </nav>
        <ActionError action=moderate/>
        <Suspense>
            {move || Suspend::new(async move {
                reviews.await.map(|found| {
                    let pages = found.total.div_ceil(REVIEWS_PER_PAGE).max(1);
                    let current = page();
                    let link = move |to: u32| format!("/admin/reviews?show={}&page={to}", visibility().as_str());
                    view! {
                        <p class="mb-2 text-sm text-gray-600">{t!(i18n, admin.found, count = found.total)}</p>
                        <ul class="space-y-3" data-testid="review-list">
                            {found.rows.into_iter().map(|review| view! { <ReviewItem review moderate/> }).collect_view()}
                        </ul>
                        <nav class="mt-4 flex gap-4 text-sm">
                            {(current > 0).then(|| view! {
                                <a href=link(current - 1) class="text-rose-700 hover:underline">{t!(i18n, admin.previous)}</a>
                            })}
                            {(u64::from(current) + 1 < pages).then(|| view! {
                                <a href=link(current + 1) class="text-rose-700 hover:underline">{t!(i18n, admin.next)}</a>
                            })}
                        </nav>
                    }
                })
            })}
        </Suspense>
    }
}

#[component]
fn ReviewItem(review: AdminReview, moderate: ServerAction<SetReviewHidden>) -> impl IntoView {
    let i18n = use_i18n();
    let stars = "★".repeat(usize::try_from(review.rating).unwrap_or(0));
    view! {
        <li class="rounded-2xl border border-gray-200 bg-white p-4" class:opacity-60=review.hidden data-review=review.id>
            <div class="flex flex-wrap items-start justify-between gap-3">
                <div class="min-w-0">
                    <p class="text-sm">
                        <span class="text-amber-500" aria-label=format!("{}/5", review.rating)>{stars}</span>
                        " " <span class="font-medium">{review.author_name}</span>
                        <span class="text-gray-500">" · " {review.written_on} " · "</span>
                        <a href=format!("/p/{}", review.product_slug) class="text-rose-700 hover:underline">{review.product_title}</a>
                    </p>
                    // Shoppers' text is shown as text, never as markup.
                    <p class="mt-2 whitespace-pre-line text-sm text-gray-800">{review.body}</p>
                </div>
                <div class="flex items-center gap-2">
                    {review.hidden.then(|| view! {
                        <span class="rounded bg-gray-200 px-2 py-0.5 text-xs text-gray-700">{t!(i18n, catalog_admin.hidden)}</span>
                    })}
                    <ActionForm action=moderate>
                        <input type="hidden" name="id" value=review.id/>
                        <input type="hidden" name="hidden" value=(!review.hidden).to_string()/>
                        <button type="submit" class="rounded-md border border-gray-300 bg-white px-3 py-1 text-sm hover:border-rose-300">
                            {if review.hidden { t!(i18n, catalog_admin.show).into_any() } else { t!(i18n, catalog_admin.hide).into_any() }}
                        </button>
                    </ActionForm>
                </div>
            </div>
        </li>
    }
}
