//! Whole pages for shoppers who are not logged in, kept for a few seconds.
//!
//! A guest's home, category, search and product pages depend only on the
//! URL, the language asked for and the catalog, so one rendering can answer
//! everyone asking within [`PAGE_TTL`]. Anything else goes to the app:
//! requests carrying a cookie other than the language choice (a session,
//! later a guest cart), other methods, and answers that set a cookie or are
//! not 200. A change to the catalog made through this server makes every
//! stored page stale at once; other servers' changes show within the TTL,
//! as with the catalog cache underneath. Each answer from the cache gets
//! a nonce of its own for its Content-Security-Policy.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use app::catalog::cache::CatalogCache;
use app::locale::{LOCALE_COOKIE, cookie_value};
use app::shell::content_policy;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::header::{ACCEPT_LANGUAGE, CONTENT_SECURITY_POLICY, COOKIE, SET_COOKIE};
use http::{HeaderMap, HeaderValue, Method, StatusCode};
use quick_cache::sync::Cache;

/// As long as the store settings may lag (the header shows the store name).
pub const PAGE_TTL: Duration = Duration::from_secs(5);
/// Pages kept; the least used go first.
const CAPACITY: usize = 2_000;
/// Bigger answers are passed on but not kept.
const LARGEST_PAGE: usize = 1024 * 1024;

/// The URL and everything that decides the page's language.
#[derive(Clone, PartialEq, Eq, Hash)]
struct Key {
    path_and_query: String,
    lang: Option<String>,
    accept_language: Option<String>,
}

struct Page {
    generation: u64,
    at: Instant,
    /// Set by the request that renders this page again once expired.
    refreshing: AtomicBool,
    headers: HeaderMap,
    body: Bytes,
    /// The nonce the stored page's policy and inline scripts carry.
    nonce: Option<String>,
}

impl Page {
    /// The stored page, with a nonce of its own: a nonce handed to every
    /// guest would let markup injected into one page run script in all.
    fn answer(&self) -> Response {
        let Some(old) = self.nonce.as_deref() else {
            return (self.headers.clone(), self.body.clone()).into_response();
        };
        let nonce = content_policy::fresh_nonce();
        let mut headers = self.headers.clone();
        if let Ok(policy) = HeaderValue::from_str(&content_policy::page_policy(&nonce)) {
            headers.insert(CONTENT_SECURITY_POLICY, policy);
        }
        (
            headers,
            replace_all(&self.body, old.as_bytes(), nonce.as_bytes()),
        )
            .into_response()
    }
}

/// `body` with every `from` replaced by `to`, in one pass and one copy.
fn replace_all(body: &[u8], from: &[u8], to: &[u8]) -> Bytes {
    let mut out = Vec::with_capacity(body.len() + 8 * to.len().saturating_sub(from.len()));
    let mut rest = body;
    while let Some(at) = memchr::memmem::find(rest, from) {
        out.extend_from_slice(&rest[..at]);
        out.extend_from_slice(to);
        rest = &rest[at + from.len()..];
    }
    out.extend_from_slice(rest);
    Bytes::from(out)
}

#[derive(Clone)]
pub struct PageCache {
    catalog: Arc<CatalogCache>,
    pages: Arc<Cache<Key, Arc<Page>>>,
}

impl PageCache {
    pub fn new(catalog: Arc<CatalogCache>) -> Self {
        Self {
            catalog,
            pages: Arc::new(Cache::new(CAPACITY)),
        }
    }
}

pub async fn serve(State(cache): State<PageCache>, req: Request, next: Next) -> Response {
    let Some(key) = cache_key(&req) else {
        return next.run(req).await;
    };
    // Read before rendering: a change made meanwhile leaves this page stale.
    let generation = cache.catalog.generation();
    if let Some(page) = cache.pages.get(&key)
        && page.generation == generation
    {
        let age = page.at.elapsed();
        // Once expired, one request renders the page again while the others
        // keep getting the old one for those few milliseconds, instead of
        // all of them rendering it at once. A refresh that never came back
        // (an error page) is not waited for beyond a second TTL.
        if age < PAGE_TTL || (age < 2 * PAGE_TTL && page.refreshing.swap(true, Ordering::AcqRel)) {
            return page.answer();
        }
    }

    let response = next.run(req).await;
    if response.status() != StatusCode::OK || response.headers().contains_key(SET_COOKIE) {
        return response;
    }
    let (parts, body) = response.into_parts();
    let body = match axum::body::to_bytes(body, LARGEST_PAGE).await {
        Ok(body) => body,
        Err(err) => {
            tracing::warn!(error = %err, "page too big to keep, or cut short");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    cache.pages.insert(
        key,
        Arc::new(Page {
            generation,
            at: Instant::now(),
            refreshing: AtomicBool::new(false),
            nonce: parts
                .headers
                .get(CONTENT_SECURITY_POLICY)
                .and_then(|policy| policy.to_str().ok())
                .and_then(content_policy::nonce_of)
                .map(str::to_owned),
            headers: parts.headers.clone(),
            body: body.clone(),
        }),
    );
    Response::from_parts(parts, Body::from(body))
}

/// The key of a guest's GET of a shop page, or none when the answer may
/// depend on who is asking.
fn cache_key(req: &Request) -> Option<Key> {
    if req.method() != Method::GET {
        return None;
    }
    let path = req.uri().path();
    let shop_page =
        path == "/" || path == "/search" || path.starts_with("/p/") || path.starts_with("/c/");
    if !shop_page {
        return None;
    }
    let mut lang = None;
    for header in req.headers().get_all(COOKIE) {
        let header = header.to_str().ok()?;
        for pair in header.split(';').filter(|p| !p.trim().is_empty()) {
            let name = pair.split('=').next().unwrap_or_default().trim();
            if name != LOCALE_COOKIE {
                return None;
            }
        }
        lang = cookie_value(header, LOCALE_COOKIE)
            .map(str::to_owned)
            .or(lang);
    }
    Some(Key {
        path_and_query: req.uri().path_and_query()?.as_str().to_owned(),
        lang,
        accept_language: req
            .headers()
            .get(ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(method: Method, uri: &str, cookie: Option<&str>) -> Request {
        let mut builder = http::Request::builder().method(method).uri(uri);
        if let Some(cookie) = cookie {
            builder = builder.header(COOKIE, cookie);
        }
        builder.body(Body::empty()).unwrap()
    }

    #[test]
    fn only_guests_shop_pages_are_kept() {
        let key = |method, uri, cookie| cache_key(&request(method, uri, cookie));
        assert!(key(Method::GET, "/p/acme-buds?sku=A-1", None).is_some());
        assert!(key(Method::GET, "/c/audio", Some("lang=zh-CN")).is_some());
        assert!(key(Method::GET, "/", None).is_some());
        assert!(key(Method::GET, "/p/acme-buds", Some("lang=en; sid=abc")).is_none());
        assert!(key(Method::GET, "/p/acme-buds", Some("staff_sid=abc")).is_none());
        assert!(key(Method::POST, "/p/acme-buds", None).is_none());
        assert!(key(Method::GET, "/account", None).is_none());
        assert!(key(Method::GET, "/api/catalog/product?slug=x", None).is_none());
    }

    #[test]
    fn the_language_and_the_query_are_part_of_the_key() {
        let en = cache_key(&request(Method::GET, "/c/audio", Some("lang=en"))).unwrap();
        let zh = cache_key(&request(Method::GET, "/c/audio", Some("lang=zh-CN"))).unwrap();
        let page_two =
            cache_key(&request(Method::GET, "/c/audio?page=2", Some("lang=en"))).unwrap();
        assert!(en != zh && en != page_two);
        assert_eq!(zh.lang.as_deref(), Some("zh-CN"));
    }
}
