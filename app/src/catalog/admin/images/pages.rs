//! The pictures panel of a product's admin page: the pictures in order,
//! buttons to reorder and delete them, and the upload form.

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::api::{DeleteProductImage, MoveProductImage, list_product_images};
use super::model::{AdminImage, Direction};
use crate::i18n::{t, t_string, use_i18n};
use crate::images::{ImageProblem, MAX_ALT_CHARS};
use crate::ui::ActionError;

const BUTTON: &str = "rounded-lg border border-gray-300 bg-white px-2 py-1 text-sm hover:border-rose-300 disabled:opacity-40";

/// The product's pictures in order, with buttons to reorder and delete
/// them, and the upload form. Everything works without JavaScript.
#[component]
pub fn ProductImages(product_id: i64) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let delete = ServerAction::<DeleteProductImage>::new();
    let reorder = ServerAction::<MoveProductImage>::new();
    let images = Resource::new(
        move || (product_id, delete.version().get(), reorder.version().get()),
        |(id, _, _)| list_product_images(id),
    );
    let refused = move || {
        query
            .with(|q| q.get("image_error"))
            .and_then(|code| ImageProblem::from_code(&code))
            .map(|problem| problem.message(i18n.get_locale()))
    };
    let label = "flex flex-col gap-1 text-sm font-medium text-gray-700";

    view! {
        <section class="mt-8" data-testid="product-images" aria-labelledby="product-images-title">
            <h2 id="product-images-title" class="text-lg font-semibold">{t!(i18n, media.images)}</h2>
            <p class="mt-1 max-w-2xl text-sm text-gray-600">{t!(i18n, media.blurb)}</p>
            <div class="mt-3 space-y-3">
                <ActionError action=delete/>
                <ActionError action=reorder/>
            </div>
            <Suspense>
                {move || Suspend::new(async move {
                    images.await.map(|all| {
                        let count = all.len();
                        if count == 0 {
                            return view! {
                                <p class="mt-3 text-sm text-gray-500">{t!(i18n, media.none)}</p>
                            }.into_any();
                        }
                        view! {
                            <ol class="mt-3 grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-4">
                                {all.into_iter().enumerate().map(|(at, image)| view! {
                                    <ImageCard image number={at + 1} last={at + 1 == count} delete reorder/>
                                }).collect_view()}
                            </ol>
                        }.into_any()
                    })
                })}
            </Suspense>
            {move || refused().map(|message| view! {
                <p role="alert" data-testid="image-error" class="mt-4 max-w-2xl rounded-lg border border-rose-200 bg-rose-50 px-3 py-2 text-sm text-rose-800">
                    {message}
                </p>
            })}
            // A plain form: the file goes to the server crate's upload
            // handler, which answers with a redirect back to this page.
            <form method="post" enctype="multipart/form-data" action=format!("/admin/products/{product_id}/images")
                class="mt-4 flex max-w-2xl flex-col gap-3 rounded-2xl border border-gray-200 bg-white p-4" data-testid="image-upload">
                <label class=label>
                    {t!(i18n, media.file)}
                    <input type="file" name="image" required accept="image/jpeg,image/png,image/webp" class="text-sm font-normal"/>
                </label>
                <div class=label>
                    <label for="image-alt">{t!(i18n, media.alt)}</label>
                    <input id="image-alt" type="text" name="alt" maxlength=MAX_ALT_CHARS aria-describedby="image-alt-hint"
                        class="rounded-lg border border-gray-300 px-3 py-2 font-normal"/>
                    <p id="image-alt-hint" class="text-xs font-normal text-gray-500">{t!(i18n, media.alt_hint, max = MAX_ALT_CHARS)}</p>
                </div>
                <div>
                    <button type="submit" class="rounded-lg bg-gray-900 px-4 py-2 text-white">{t!(i18n, media.upload)}</button>
                </div>
            </form>
        </section>
    }
}

#[component]
fn ImageCard(
    image: AdminImage,
    number: usize,
    last: bool,
    delete: ServerAction<DeleteProductImage>,
    reorder: ServerAction<MoveProductImage>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = image.id;
    let move_button = move |direction: Direction| {
        let (value, arrow, disabled) = match direction {
            Direction::Up => ("up", "↑", number == 1),
            Direction::Down => ("down", "↓", last),
        };
        view! {
            <ActionForm action=reorder attr:class="inline">
                <input type="hidden" name="id" value=id/>
                <input type="hidden" name="direction" value=value/>
                <button type="submit" class=BUTTON disabled=disabled
                    aria-label=move || match direction {
                        Direction::Up => t_string!(i18n, media.move_up, number).to_string(),
                        Direction::Down => t_string!(i18n, media.move_down, number).to_string(),
                    }>
                    {arrow}
                </button>
            </ActionForm>
        }
    };
    let alt = image.alt.clone();
    let src = image.path.clone();
    view! {
        <li class="flex flex-col overflow-hidden rounded-2xl border border-gray-200 bg-white" data-image=image.path>
            <img src=src alt=alt.clone() loading="lazy" class="aspect-square w-full bg-gray-100 object-cover"/>
            <div class="flex flex-1 flex-col gap-2 p-2 text-sm">
                <p class="text-gray-500">
                    <span class="tabular-nums">{number}". "</span>
                    {if alt.is_empty() { None } else { Some(alt) }}
                </p>
                <div class="mt-auto flex flex-wrap gap-1">
                    {move_button(Direction::Up)}
                    {move_button(Direction::Down)}
                    <ActionForm action=delete attr:class="inline">
                        <input type="hidden" name="id" value=id/>
                        <button type="submit" class=BUTTON
                            aria-label=move || t_string!(i18n, media.delete_number, number).to_string()>
                            {t!(i18n, media.delete)}
                        </button>
                    </ActionForm>
                </div>
            </div>
        </li>
    }
}
