//! A product's pictures in the back office: what an upload must be, the
//! server functions that list, delete and reorder pictures, and the panel
//! on the product's admin page.
//!
//! The upload itself is a plain multipart POST to
//! `/admin/products/{id}/images`, handled by the server crate, which alone
//! links the image codecs; a refused upload comes back to this page as
//! `?image_error={code}`.

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::i18n::{Locale, t, t_string, td_string, use_i18n};
use crate::ui::ActionError;
#[cfg(feature = "ssr")]
use {
    super::api::audit, super::images_repo::ProductImageRepo, crate::audit::repo::AuditRepo,
    crate::auth::request::require_staff, crate::catalog::entity::image,
    crate::locale::request_locale, crate::navigation::redirect_plain_form,
    crate::staff::model::Permission, crate::state::AppState,
};

/// The largest file accepted. Phone photos are 2–8 MB.
pub const MAX_IMAGE_BYTES: usize = 10 * 1024 * 1024;
/// The longest side accepted, checked before the picture is decoded.
pub const MAX_IMAGE_SIDE: u32 = 8_000;
/// Decoding needs 4 bytes a pixel: 40 megapixels is 160 MB of memory.
pub const MAX_IMAGE_PIXELS: u64 = 40_000_000;
pub const MAX_ALT_CHARS: usize = 120;

/// Why an upload was refused. The code travels in the URL of the page
/// staff are sent back to; the message is written from it there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageProblem {
    /// The form came without a file.
    Missing,
    /// Not a JPEG, PNG or WebP file, whatever its name says.
    NotAnImage,
    /// More than [`MAX_IMAGE_BYTES`].
    TooHeavy,
    /// More pixels than [`MAX_IMAGE_SIDE`] or [`MAX_IMAGE_PIXELS`] allow.
    TooLarge,
    /// It starts like a picture but does not decode.
    Unreadable,
    /// The description is longer than [`MAX_ALT_CHARS`].
    AltTooLong,
}

impl ImageProblem {
    pub const ALL: [ImageProblem; 6] = [
        ImageProblem::Missing,
        ImageProblem::NotAnImage,
        ImageProblem::TooHeavy,
        ImageProblem::TooLarge,
        ImageProblem::Unreadable,
        ImageProblem::AltTooLong,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ImageProblem::Missing => "missing",
            ImageProblem::NotAnImage => "type",
            ImageProblem::TooHeavy => "too_heavy",
            ImageProblem::TooLarge => "too_large",
            ImageProblem::Unreadable => "unreadable",
            ImageProblem::AltTooLong => "alt_too_long",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.code() == code)
    }

    /// The HTTP status a client that is not a browser page gets.
    pub fn status(self) -> u16 {
        match self {
            ImageProblem::NotAnImage => 415,
            ImageProblem::TooHeavy => 413,
            ImageProblem::Missing
            | ImageProblem::TooLarge
            | ImageProblem::Unreadable
            | ImageProblem::AltTooLong => 400,
        }
    }

    pub fn message(self, locale: Locale) -> String {
        match self {
            ImageProblem::Missing => td_string!(locale, media.error_missing).to_string(),
            ImageProblem::NotAnImage => td_string!(locale, media.error_type).to_string(),
            ImageProblem::TooHeavy => td_string!(
                locale,
                media.error_too_heavy,
                max = MAX_IMAGE_BYTES / (1024 * 1024)
            )
            .to_string(),
            ImageProblem::TooLarge => td_string!(
                locale,
                media.error_too_large,
                side = MAX_IMAGE_SIDE,
                megapixels = MAX_IMAGE_PIXELS / 1_000_000
            )
            .to_string(),
            ImageProblem::Unreadable => td_string!(locale, media.error_unreadable).to_string(),
            ImageProblem::AltTooLong => {
                td_string!(locale, media.error_alt_too_long, max = MAX_ALT_CHARS).to_string()
            }
        }
    }
}

/// The description as it will be stored, or why it cannot be.
pub fn clean_alt(raw: &str) -> Result<String, ImageProblem> {
    let alt = raw.trim();
    if alt.chars().count() > MAX_ALT_CHARS {
        Err(ImageProblem::AltTooLong)
    } else {
        Ok(alt.to_owned())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Up,
    Down,
}

impl Direction {
    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "up" => Some(Direction::Up),
            "down" => Some(Direction::Down),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminImage {
    pub id: i64,
    /// The URL the shop shows it at.
    pub path: String,
    pub alt: String,
}

#[server(prefix = "/api", endpoint = "admin/catalog/images/list", input = server_fn::codec::GetUrl)]
pub async fn list_product_images(product_id: i64) -> Result<Vec<AdminImage>, AppError> {
    require_staff(Permission::Catalog)?;
    let state = AppState::from_context()?;
    Ok(ProductImageRepo(&state.db).list(product_id).await?)
}

/// Removes the picture from the product. Its files stay on disk: pages
/// other app servers and browsers still hold may show it for a while, and
/// the audit entry names the file, so a mistake can be undone by hand.
#[server(prefix = "/api", endpoint = "admin/catalog/images/delete")]
pub async fn delete_product_image(id: i64) -> Result<(), AppError> {
    let me = require_staff(Permission::Catalog)?;
    let state = AppState::from_context()?;
    let tx = crate::db::begin_write(&state.db).await?;
    let (removed, title) = locked_image(&tx, id).await?;
    ProductImageRepo(&tx).delete(&removed).await?;
    let summary = format!(
        "{title}: removed image {} {}{}",
        removed.position + 1,
        removed.path,
        alt_note(&removed.alt)
    );
    AuditRepo(&tx)
        .record(audit(
            &me,
            "product.image.delete",
            removed.product_id,
            summary,
        ))
        .await?;
    tx.commit().await?;
    state.catalog.invalidate();
    redirect_plain_form(&format!("/admin/products/{}", removed.product_id));
    Ok(())
}

/// Swaps the picture with the one before (`up`) or after (`down`) it.
#[server(prefix = "/api", endpoint = "admin/catalog/images/move")]
pub async fn move_product_image(id: i64, direction: String) -> Result<(), AppError> {
    let me = require_staff(Permission::Catalog)?;
    let state = AppState::from_context()?;
    let direction = Direction::parse(&direction).ok_or_else(|| {
        AppError::BadRequest(td_string!(request_locale(), media.bad_direction).to_string())
    })?;
    let tx = crate::db::begin_write(&state.db).await?;
    let (moved, title) = locked_image(&tx, id).await?;
    if let Some(neighbour) = ProductImageRepo(&tx).swap(&moved, direction).await? {
        let summary = format!(
            "{title}: moved image {} to {}: {}",
            moved.position + 1,
            neighbour.position + 1,
            moved.path
        );
        AuditRepo(&tx)
            .record(audit(&me, "product.image.move", moved.product_id, summary))
            .await?;
        tx.commit().await?;
        state.catalog.invalidate();
    }
    redirect_plain_form(&format!("/admin/products/{}", moved.product_id));
    Ok(())
}

/// The picture and its product's title, with the product locked for the
/// rest of the transaction.
#[cfg(feature = "ssr")]
async fn locked_image(
    tx: &sea_orm::DatabaseTransaction,
    id: i64,
) -> Result<(image::Model, String), AppError> {
    let repo = ProductImageRepo(tx);
    let found = repo.find(id).await?.ok_or(AppError::NotFound)?;
    let title = repo
        .lock_product(found.product_id)
        .await?
        .ok_or(AppError::NotFound)?;
    // Read again under the lock: another change may have moved it meanwhile.
    let found = repo.find(id).await?.ok_or(AppError::NotFound)?;
    Ok((found, title))
}

#[cfg(feature = "ssr")]
fn alt_note(alt: &str) -> String {
    if alt.is_empty() {
        String::new()
    } else {
        format!(" (“{alt}”)")
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_problem_code_reads_back() {
        for problem in ImageProblem::ALL {
            assert_eq!(ImageProblem::from_code(problem.code()), Some(problem));
        }
        assert_eq!(ImageProblem::from_code("<script>"), None);
    }

    #[test]
    fn every_problem_has_a_message_in_each_language() {
        for problem in ImageProblem::ALL {
            for locale in [Locale::en, Locale::zh_CN] {
                assert!(!problem.message(locale).is_empty(), "{problem:?}");
            }
        }
        assert!(ImageProblem::TooHeavy.message(Locale::en).contains("10 MB"));
    }

    #[test]
    fn descriptions_are_trimmed_and_limited() {
        assert_eq!(clean_alt("  red shoe \n").as_deref(), Ok("red shoe"));
        assert_eq!(clean_alt(""), Ok(String::new()));
        let longest = "图".repeat(MAX_ALT_CHARS);
        assert_eq!(clean_alt(&longest), Ok(longest.clone()));
        assert_eq!(
            clean_alt(&format!("{longest}x")),
            Err(ImageProblem::AltTooLong)
        );
    }

    #[test]
    fn only_up_and_down_are_directions() {
        assert_eq!(Direction::parse("up"), Some(Direction::Up));
        assert_eq!(Direction::parse("down"), Some(Direction::Down));
        assert_eq!(Direction::parse("left"), None);
    }
}
