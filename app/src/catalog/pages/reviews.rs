use leptos::prelude::*;

use super::card::Stars;
use crate::catalog::model::Rating;
use crate::catalog::product::Review;
use crate::i18n::{t, use_i18n};

/// Average rating, how the stars are spread, and the latest reviews.
/// Review text is shown as text: Leptos escapes it.
#[component]
pub fn ReviewSummary(
    rating: Rating,
    distribution: [u32; 5],
    reviews: Vec<Review>,
) -> impl IntoView {
    let i18n = use_i18n();
    let total: u32 = distribution.iter().sum();
    view! {
        <section id="reviews" class="mt-10" data-testid="reviews">
            <h2 class="mb-4 text-xl font-bold">{t!(i18n, catalog.reviews)}</h2>
            {if rating.count == 0 {
                view! { <p class="text-gray-500">{t!(i18n, catalog.no_reviews)}</p> }.into_any()
            } else {
                view! {
                    <div class="grid gap-8 md:grid-cols-3">
                        <div>
                            <p class="text-4xl font-bold" data-testid="average-rating">{rating.label()}</p>
                            <Stars rating/>
                            <p class="text-sm text-gray-500" data-testid="review-count">{t!(i18n, catalog.review_count, count = rating.count)}</p>
                            <ol class="mt-3 space-y-1 text-sm">
                                {(1..=5).rev().map(|stars| {
                                    let count = distribution[stars - 1];
                                    let width = format!("width: {}%", (count * 100).checked_div(total).unwrap_or(0));
                                    view! {
                                        <li class="flex items-center gap-2">
                                            <span class="w-6 text-gray-600">{stars}"★"</span>
                                            <span class="h-2 flex-1 overflow-hidden rounded bg-gray-200"><span class="block h-full bg-amber-400" style=width></span></span>
                                            <span class="w-8 text-right text-gray-500">{count}</span>
                                        </li>
                                    }
                                }).collect_view()}
                            </ol>
                        </div>
                        <ul class="space-y-4 md:col-span-2">
                            {reviews.into_iter().map(|review| {
                                let rating = Rating { sum: i64::from(review.rating), count: 1 };
                                view! {
                                    <li class="rounded-xl bg-white p-4" data-testid="review">
                                        <div class="flex items-center gap-2 text-sm">
                                            <Stars rating/>
                                            <span class="font-medium">{review.author}</span>
                                            <span class="text-gray-400">{review.date}</span>
                                        </div>
                                        <p class="mt-2 whitespace-pre-line text-gray-800">{review.body}</p>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    </div>
                }.into_any()
            }}
        </section>
    }
}
