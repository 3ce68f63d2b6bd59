//! `/robots.txt` and `/sitemap.xml`: what crawlers may read, and where.

use app::catalog::repo::CatalogRepo;
use app::state::AppState;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use http::StatusCode;
use http::header::{CACHE_CONTROL, CONTENT_TYPE};

pub async fn robots(State(state): State<AppState>) -> Response {
    let body = format!(
        "User-agent: *\nDisallow: /admin\nDisallow: /account\nDisallow: /api/\nDisallow: /cart\nDisallow: /checkout\n\nSitemap: {}/sitemap.xml\n",
        state.site.base_url
    );
    (
        [
            (CONTENT_TYPE, "text/plain; charset=utf-8"),
            (CACHE_CONTROL, "public, max-age=3600"),
        ],
        body,
    )
        .into_response()
}

/// Every category and listed product. One file holds up to 50,000 URLs,
/// which is more than this shop's catalog is built for.
pub async fn sitemap(State(state): State<AppState>) -> Response {
    let (taxonomy, slugs) = match (
        state.catalog.taxonomy().await,
        CatalogRepo(&state.db).listed_slugs().await,
    ) {
        (Ok(taxonomy), Ok(slugs)) => (taxonomy, slugs),
        (Err(err), _) | (_, Err(err)) => {
            tracing::error!(error = %err, "cannot build the sitemap");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    };
    let base = &state.site.base_url;
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let mut url = |path: String| {
        xml.push_str("<url><loc>");
        xml.push_str(&escape(&format!("{base}{path}")));
        xml.push_str("</loc></url>\n");
    };
    url("/".to_owned());
    for category in taxonomy.categories() {
        url(format!("/c/{}", category.slug));
    }
    for slug in slugs {
        url(format!("/p/{slug}"));
    }
    xml.push_str("</urlset>\n");
    (
        [
            (CONTENT_TYPE, "application/xml; charset=utf-8"),
            (CACHE_CONTROL, "public, max-age=600"),
        ],
        xml,
    )
        .into_response()
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
