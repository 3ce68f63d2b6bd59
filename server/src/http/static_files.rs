//! Files served as they are: the front-end bundle under `/pkg` and the
//! contents of `public/` at the root.

use std::convert::Infallible;
use std::future::Future;
use std::path::Path;

use axum::body::Body;
use axum::extract::Request;
use axum::response::Response;
use http::HeaderValue;
use http::header::CACHE_CONTROL;
use leptos::config::LeptosOptions;
use tower::ServiceBuilder;
use tower::service_fn;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

/// Hashed names (and uploaded pictures' random ones) change whenever the
/// content does, so browsers and CDNs may keep these for a year without
/// asking again.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// Unhashed names (a development build) must be checked on every use.
const REVALIDATE: &str = "no-cache";
/// Files from `public/` keep their names across releases: an hour.
const ONE_HOUR: &str = "public, max-age=3600";
const ONE_DAY: &str = "public, max-age=86400";

/// The compiled CSS, JavaScript and WebAssembly, with the `.br`/`.gz`
/// copies cargo-leptos made at build time sent to browsers that take them.
pub fn bundle(
    options: &LeptosOptions,
) -> impl tower::Service<Request<Body>, Response = Response, Error = Infallible, Future: Send>
+ Clone
+ Send
+ use<> {
    let dir = Path::new(&*options.site_root).join(&*options.site_pkg_dir);
    let policy = if options.hash_files {
        IMMUTABLE
    } else {
        REVALIDATE
    };
    ServiceBuilder::new()
        .map_response(|res: Response<_>| res.map(Body::new))
        .layer(cache_on_success(policy))
        .service(ServeDir::new(dir).precompressed_br().precompressed_gzip())
}

/// Files from `public/`; anything not there is handed to `not_found`.
pub fn public<F, Fut>(
    options: &LeptosOptions,
    not_found: F,
) -> impl tower::Service<Request<Body>, Response = Response, Error = Infallible, Future: Send>
+ Clone
+ Send
+ use<F, Fut>
where
    F: Fn(Request<Body>) -> Fut + Clone + Send + 'static,
    Fut: Future<Output = Response> + Send + 'static,
{
    let fallback = service_fn(move |req: Request<Body>| {
        let response = not_found(req);
        async move { Ok::<_, Infallible>(response.await) }
    });
    let files = ServeDir::new(&*options.site_root)
        .precompressed_br()
        .precompressed_gzip()
        .call_fallback_on_method_not_allowed(true)
        .fallback(fallback);
    ServiceBuilder::new()
        .map_response(|res: Response<_>| res.map(Body::new))
        .layer(cache_on_success(ONE_HOUR))
        .service(files)
}

/// Pictures of products, from the data directory. Uploads (under
/// `products/`) get a new random name each, so a name never shows another
/// picture: a year. The rest (the demo's) may be generated again under the
/// same names: a day.
pub fn media(
    dir: &Path,
) -> impl tower::Service<Request<Body>, Response = Response, Error = Infallible, Future: Send>
+ Clone
+ Send
+ use<> {
    let files = |dir: &Path, policy: &'static str| {
        ServiceBuilder::new()
            .map_response(|res: Response<_>| res.map(Body::new))
            .layer(cache_on_success(policy))
            .service(ServeDir::new(dir))
    };
    axum::Router::new()
        .nest_service("/products", files(&dir.join("products"), IMMUTABLE))
        .fallback_service(files(dir, ONE_DAY))
}

/// Sets `Cache-Control` on files found; error pages are never cached.
fn cache_on_success<B>(
    policy: &'static str,
) -> SetResponseHeaderLayer<impl Fn(&Response<B>) -> Option<HeaderValue> + Clone> {
    SetResponseHeaderLayer::if_not_present(CACHE_CONTROL, move |res: &Response<B>| {
        let cacheable = res.status().is_success() || res.status() == http::StatusCode::NOT_MODIFIED;
        cacheable.then(|| HeaderValue::from_static(policy))
    })
}
