//! `POST /admin/products/{id}/images`: staff with the `catalog` permission
//! add a picture to a product. A plain multipart form rather than a server
//! function, so it works without JavaScript and the file never has to be
//! encoded into a server function's arguments.
//!
//! A browser page (it asks for HTML) is sent back to the product's admin
//! page, with `?image_error={code}` when the file was refused; any other
//! client gets the status and the message as text.

use std::path::Path;
use std::sync::Arc;

use app::AppError;
use app::audit::repo::{AuditEntry, AuditRepo};
use app::auth::permission::Permission;
use app::auth::request::ClientIp;
use app::auth::viewer::{StaffIdentity, Viewer};
use app::catalog::admin::images::repo::ProductImageRepo;
use app::catalog::admin::repo::AdminCatalogRepo;
use app::i18n::Locale;
use app::images::{ImageProblem, MAX_IMAGE_BYTES, clean_alt};
use app::state::AppState;
use axum::body::Bytes;
use axum::extract::multipart::MultipartError;
use axum::extract::{DefaultBodyLimit, FromRequest, Multipart, Request, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{MethodRouter, post};
use http::StatusCode;
use http::header::{ACCEPT, CACHE_CONTROL, CONTENT_TYPE};
use leptos::prelude::{Owner, provide_context};
use sea_orm::DbErr;

use crate::media::renditions::{PrepareError, prepare};
use crate::media::store::{self, Stored};

/// The largest file plus room for the form's other fields and the
/// multipart framing; a larger body is cut off while it is read.
const BODY_LIMIT: usize = MAX_IMAGE_BYTES + 64 * 1024;
/// Uploaded file names are kept this long in the audit log.
const AUDITED_NAME_CHARS: usize = 80;

/// The route, writing files under `media_dir`.
pub fn route(media_dir: &Path) -> MethodRouter<AppState> {
    let media_dir: Arc<Path> = Arc::from(media_dir);
    post(
        move |State(state): State<AppState>,
              axum::extract::Path(product_id): axum::extract::Path<i64>,
              req: Request| {
            let media_dir = Arc::clone(&media_dir);
            async move { upload(state, media_dir, product_id, req).await }
        },
    )
    .layer(DefaultBodyLimit::max(BODY_LIMIT))
}

async fn upload(state: AppState, media_dir: Arc<Path>, product_id: i64, req: Request) -> Response {
    let staff = match catalog_staff(&req) {
        Ok(staff) => staff,
        Err(status) => return status.into_response(),
    };
    let (parts, body) = req.into_parts();
    let reply = Reply {
        product_id,
        wants_page: parts
            .headers
            .get(ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|accept| accept.contains("text/html")),
        locale: locale_of(&parts),
    };
    let ip = parts
        .extensions
        .get::<ClientIp>()
        .map(|ip| ip.0.to_string());
    let req = Request::from_parts(parts, body);
    match add_image(&state, media_dir, product_id, &staff, ip, req).await {
        Ok(url) => {
            tracing::info!(product = product_id, staff = staff.id, %url, "picture added");
            reply.done()
        }
        Err(failure) => reply.failed(failure),
    }
}

/// The staff member asking, when they hold `catalog`; else 401 or 403.
fn catalog_staff(req: &Request) -> Result<StaffIdentity, StatusCode> {
    let viewer = req
        .extensions()
        .get::<Viewer>()
        .cloned()
        .unwrap_or_default();
    match viewer.staff {
        None => Err(StatusCode::UNAUTHORIZED),
        Some(staff) if !staff.may(Permission::Catalog) => Err(StatusCode::FORBIDDEN),
        Some(staff) => Ok(staff),
    }
}

/// The language messages are written in, decided as for any page (the
/// language cookie, then `Accept-Language`), which reads it from Leptos'
/// context.
fn locale_of(parts: &http::request::Parts) -> Locale {
    Owner::new().with(|| {
        provide_context(parts.clone());
        app::locale::request_locale()
    })
}

enum Failure {
    Refused(ImageProblem),
    NoSuchProduct,
    /// Already logged.
    Internal,
}

impl From<ImageProblem> for Failure {
    fn from(problem: ImageProblem) -> Self {
        Failure::Refused(problem)
    }
}

fn internal(what: &str, err: impl std::fmt::Display) -> Failure {
    tracing::error!(error = %err, "{what}");
    Failure::Internal
}

fn database(err: DbErr) -> Failure {
    internal("cannot record an uploaded picture", err)
}

/// Checks, converts and stores the picture; returns the URL it is shown at.
async fn add_image(
    state: &AppState,
    media_dir: Arc<Path>,
    product_id: i64,
    staff: &StaffIdentity,
    ip: Option<String>,
    req: Request,
) -> Result<String, Failure> {
    // Before reading the body: no decoding for a product that is not there.
    ProductImageRepo(&state.db)
        .product_title(product_id)
        .await
        .map_err(database)?
        .ok_or(Failure::NoSuchProduct)?;
    let upload = read_form(req).await?;
    let size = upload.bytes.len();
    // Moved to the blocking thread, and freed there once converted.
    let bytes = upload.bytes;
    let ((width, height), stored) =
        tokio::task::spawn_blocking(move || convert(&bytes, &media_dir, product_id))
            .await
            .map_err(|err| internal("the picture conversion stopped", err))??;
    let url = stored.url.clone();
    let source = format!(
        "{} ({}, {width}×{height})",
        upload.file_name,
        human_size(size),
    );
    if let Err(failure) = record(state, product_id, staff, ip, &url, &upload.alt, &source).await {
        // Nothing points at the files: take them away again.
        let _ = tokio::task::spawn_blocking(move || stored.remove()).await;
        return Err(failure);
    }
    state.catalog.invalidate();
    Ok(url)
}

/// The CPU- and disk-bound part, for a blocking thread. Returns the
/// picture's own size and the files written.
fn convert(
    bytes: &[u8],
    media_dir: &Path,
    product_id: i64,
) -> Result<((u32, u32), Stored), Failure> {
    let prepared = prepare(bytes).map_err(|err| match err {
        PrepareError::Refused(problem) => Failure::Refused(problem),
        PrepareError::Encode(err) => internal("cannot encode an uploaded picture", err),
    })?;
    let stored = store::write(media_dir, product_id, &prepared.renditions).map_err(|err| {
        internal(
            &format!("cannot write a picture under {}", media_dir.display()),
            err,
        )
    })?;
    Ok(((prepared.source_width, prepared.source_height), stored))
}

/// The row and its audit entry, in one transaction: both or neither.
/// `source` names the uploaded file, its size and dimensions.
async fn record(
    state: &AppState,
    product_id: i64,
    staff: &StaffIdentity,
    ip: Option<String>,
    url: &str,
    alt: &str,
    source: &str,
) -> Result<(), Failure> {
    let tx = app::db::begin_write(&state.db).await.map_err(database)?;
    let repo = ProductImageRepo(&tx);
    // The product may have gone while the picture was converted.
    let title = AdminCatalogRepo(&tx)
        .lock_product(product_id)
        .await
        .map_err(database)?
        .ok_or(Failure::NoSuchProduct)?;
    let position = repo.add(product_id, url, alt).await.map_err(database)?;
    AuditRepo(&tx)
        .record(AuditEntry {
            staff_id: Some(staff.id),
            action: "product.image.add",
            entity: "product",
            entity_id: product_id.to_string(),
            summary: format!(
                "{title}: added image {} from {source}: {url}{}",
                position + 1,
                if alt.is_empty() {
                    String::new()
                } else {
                    format!(" (“{alt}”)")
                }
            ),
            ip,
        })
        .await
        .map_err(database)?;
    tx.commit().await.map_err(database)
}

struct Upload {
    /// As the browser named it, cut short for the audit log.
    file_name: String,
    bytes: Bytes,
    alt: String,
}

async fn read_form(req: Request) -> Result<Upload, ImageProblem> {
    let mut form = Multipart::from_request(req, &())
        .await
        .map_err(|_| ImageProblem::Missing)?;
    let mut file = None;
    let mut alt = String::new();
    while let Some(field) = form.next_field().await.map_err(field_problem)? {
        match field.name() {
            Some("image") => {
                let name = field.file_name().map(audited_name).unwrap_or_default();
                let bytes = field.bytes().await.map_err(field_problem)?;
                file = Some((name, bytes));
            }
            Some("alt") => alt = field.text().await.map_err(field_problem)?,
            _ => {}
        }
    }
    let alt = clean_alt(&alt)?;
    // A form sent without choosing a file still has the field, empty.
    let (file_name, bytes) = file
        .filter(|(_, bytes)| !bytes.is_empty())
        .ok_or(ImageProblem::Missing)?;
    if bytes.len() > MAX_IMAGE_BYTES {
        return Err(ImageProblem::TooHeavy);
    }
    Ok(Upload {
        file_name,
        bytes,
        alt,
    })
}

fn field_problem(err: MultipartError) -> ImageProblem {
    if err.status() == StatusCode::PAYLOAD_TOO_LARGE {
        ImageProblem::TooHeavy
    } else {
        ImageProblem::Unreadable
    }
}

/// The file's own name, without the folders some browsers send, without
/// control characters (it goes into a log), and not too long.
fn audited_name(raw: &str) -> String {
    let name = raw.rsplit(['/', '\\']).next().unwrap_or(raw);
    let name: String = name
        .chars()
        .filter(|c| !c.is_control())
        .take(AUDITED_NAME_CHARS)
        .collect();
    if name.is_empty() {
        "a file without a name".to_owned()
    } else {
        name
    }
}

/// `850 KB`, `2.4 MB`.
fn human_size(bytes: usize) -> String {
    const KB: usize = 1024;
    const MB: usize = 1024 * KB;
    if bytes < MB {
        format!("{} KB", bytes.div_ceil(KB))
    } else {
        let tenths = (bytes * 10 + MB / 2) / MB;
        format!("{}.{} MB", tenths / 10, tenths % 10)
    }
}

/// How to answer the one who uploaded.
struct Reply {
    product_id: i64,
    wants_page: bool,
    locale: Locale,
}

impl Reply {
    fn page(&self) -> String {
        format!("/admin/products/{}", self.product_id)
    }

    // `Redirect::to` is 303 See Other: the browser follows it with a GET.
    fn done(&self) -> Response {
        Redirect::to(&self.page()).into_response()
    }

    fn failed(&self, failure: Failure) -> Response {
        match failure {
            Failure::Refused(problem) if self.wants_page => {
                Redirect::to(&format!("{}?image_error={}", self.page(), problem.code()))
                    .into_response()
            }
            Failure::Refused(problem) => self.text(
                StatusCode::from_u16(problem.status()).unwrap_or(StatusCode::BAD_REQUEST),
                problem.message(self.locale),
            ),
            Failure::NoSuchProduct => self.text(
                StatusCode::NOT_FOUND,
                AppError::NotFound.user_message(self.locale),
            ),
            Failure::Internal => self.text(
                StatusCode::INTERNAL_SERVER_ERROR,
                AppError::Internal.user_message(self.locale),
            ),
        }
    }

    fn text(&self, status: StatusCode, message: String) -> Response {
        (
            status,
            [
                (CONTENT_TYPE, "text/plain; charset=utf-8"),
                (CACHE_CONTROL, "no-store"),
            ],
            message,
        )
            .into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_cut_to_something_safe_to_log() {
        assert_eq!(audited_name("photo.png"), "photo.png");
        assert_eq!(audited_name("C:\\Users\\ada\\shoe.jpg"), "shoe.jpg");
        assert_eq!(audited_name("../../etc/passwd"), "passwd");
        assert_eq!(audited_name("a\r\nb.png"), "ab.png");
        assert_eq!(audited_name(""), "a file without a name");
        assert_eq!(audited_name(&"x".repeat(500)).len(), AUDITED_NAME_CHARS);
    }

    #[test]
    fn sizes_read_like_a_file_manager_s() {
        assert_eq!(human_size(1), "1 KB");
        assert_eq!(human_size(850 * 1024), "850 KB");
        assert_eq!(human_size(1024 * 1024), "1.0 MB");
        assert_eq!(human_size(2_516_582), "2.4 MB");
    }
}
