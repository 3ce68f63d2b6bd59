//! The HTTP surface: shop pages and server functions (through Leptos),
//! static files, and the machine endpoints for health and metrics.

mod access;
mod body_limit;
mod browser_errors;
mod catalog_csv;
mod csrf;
mod guarded_pages;
mod health;
mod identify;
pub mod metrics;
mod my_data;
mod nul_bytes;
mod orders_csv;
mod page_cache;
mod payment_callback;
mod private_answers;
mod product_images;
mod security_headers;
mod seo;
mod static_files;
mod two_factor_gate;

use std::time::Duration;

use app::state::AppState;
use axum::Router;
use axum::body::Body;
use axum::extract::Request;
use axum::routing::get;
use leptos::prelude::provide_context;
use leptos_axum::{LeptosRoutes, generate_route_list};
use tower::ServiceBuilder;
use tower_http::CompressionLevel;
use tower_http::compression::CompressionLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::{DefaultOnFailure, TraceLayer};
use tracing::{Level, Span};

use self::metrics::Metrics;

/// The longest any request may take, reading its body included: a client
/// that trickles a body (slow loris) or a request stuck on a dependency
/// gets 408 and frees its task. The slowest honest request, a 4 MiB catalog
/// import, takes a few seconds.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);

pub fn router(state: AppState, metrics: Metrics, media_dir: &std::path::Path) -> Router {
    let allowed_origin = csrf::AllowedOrigin(origin_of(&state.site.base_url));
    let https = state.site.base_url.starts_with("https://");
    let routes = generate_route_list(app::App);
    let assets = state.assets.clone();
    let not_found = leptos_axum::render_app_async_with_context(
        {
            let state = state.clone();
            move || provide_context(state.clone())
        },
        {
            let assets = assets.clone();
            move || app::shell(assets.clone())
        },
    );

    let machine = Router::new()
        .route("/healthz", get(health::alive))
        .route("/readyz", get(health::ready))
        .merge(
            Router::new()
                .route("/metrics", get(metrics::render))
                .with_state(metrics),
        );

    Router::new()
        .leptos_routes(&state, routes, move || app::shell(assets.clone()))
        .route("/robots.txt", get(seo::robots))
        .route("/sitemap.xml", get(seo::sitemap))
        .route("/admin/products.csv", get(catalog_csv::export_skus))
        .route("/admin/orders.csv", get(orders_csv::export_orders))
        .route(app::members::api::MY_DATA, get(my_data::download))
        .route(
            "/api/pay/{provider}",
            axum::routing::post(payment_callback::receive),
        )
        .route(
            "/admin/products/{id}/images",
            product_images::route(media_dir),
        )
        .merge(browser_errors::route())
        .merge(machine)
        .nest_service("/pkg", static_files::bundle(&state.leptos_options))
        .nest_service("/media", static_files::media(media_dir))
        .fallback_service(static_files::public(
            &state.leptos_options,
            move |req: Request<Body>| not_found(req),
        ))
        // Innermost: reads a server function's body only once every door
        // has let the caller through.
        .layer(axum::middleware::from_fn(nul_bytes::refuse))
        // After the doors: a staff member overdue for two-step sign-in
        // reaches only the enrolment page.
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            two_factor_gate::confine,
        ))
        .layer(axum::middleware::from_fn(access::guard))
        .layer(axum::middleware::from_fn(guarded_pages::redirect_strangers))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            identify::identify,
        ))
        // body_limit.rs sets the limits; axum's own default (2 MiB) would
        // cap the catalog import below its own.
        .layer(axum::extract::DefaultBodyLimit::disable())
        .layer(axum::middleware::from_fn(body_limit::limit))
        .layer(axum::middleware::from_fn(private_answers::no_store))
        .layer(axum::middleware::from_fn_with_state(
            allowed_origin,
            csrf::guard,
        ))
        .layer(axum::middleware::from_fn_with_state(
            page_cache::PageCache::new(state.catalog.clone()),
            page_cache::serve,
        ))
        .with_state(state)
        .layer(
            ServiceBuilder::new()
                .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
                .layer(
                    TraceLayer::new_for_http()
                        .make_span_with(request_span)
                        .on_request(())
                        .on_response(log_response)
                        .on_failure(DefaultOnFailure::new().level(Level::ERROR)),
                )
                .layer(PropagateRequestIdLayer::x_request_id())
                .layer(TimeoutLayer::with_status_code(
                    http::StatusCode::REQUEST_TIMEOUT,
                    REQUEST_TIMEOUT,
                ))
                .layer(axum::middleware::from_fn(metrics::track))
                .layer(CompressionLayer::new().quality(CompressionLevel::Precise(4)))
                .layer(axum::middleware::from_fn_with_state(
                    security_headers::ServedOverHttps(https),
                    security_headers::add,
                )),
        )
}

/// `https://shop.example` from `https://shop.example/some/path`.
fn origin_of(base_url: &str) -> String {
    match base_url.split_once("://") {
        Some((scheme, rest)) => {
            format!("{scheme}://{}", rest.split('/').next().unwrap_or_default())
        }
        None => base_url.to_owned(),
    }
}

/// The span every log line of a request is written in.
fn request_span(req: &Request<Body>) -> Span {
    let request_id = req
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("-");
    tracing::info_span!(
        "request",
        id = %request_id,
        method = %req.method(),
        path = %req.uri().path(),
    )
}

fn log_response(res: &http::Response<Body>, latency: Duration, _span: &Span) {
    tracing::info!(
        status = res.status().as_u16(),
        micros = latency.as_micros() as u64,
        "served"
    );
}
