//! Where to send the browser after a form: only ever to a page of this
//! shop, so that no link can use the shop to bounce a shopper elsewhere.

/// `raw` if it is a path on this site: one leading `/`, and nothing a
/// browser would read as another host (`//evil`, `/\evil`) or a control
/// character that could split a header.
pub fn local_path(raw: &str) -> Option<&str> {
    let mut chars = raw.chars();
    let starts_well = chars.next() == Some('/') && !matches!(chars.next(), Some('/' | '\\'));
    let clean = !raw.chars().any(|c| c.is_control());
    (starts_well && clean).then_some(raw)
}

/// The path of a `Referer` URL, if it points at `host` (this shop).
pub fn referer_path<'a>(referer: &'a str, host: &str) -> Option<&'a str> {
    let rest = referer
        .strip_prefix("https://")
        .or_else(|| referer.strip_prefix("http://"))?;
    let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    if !authority.eq_ignore_ascii_case(host) {
        return None;
    }
    local_path(if path.is_empty() { "/" } else { path })
}

/// Whether the current request is a plain HTML form post (JavaScript
/// off), which the browser expects to be answered with a redirect to a page.
#[cfg(feature = "ssr")]
pub fn is_plain_form() -> bool {
    leptos::prelude::use_context::<http::request::Parts>().is_some_and(|parts| {
        parts
            .headers
            .get(http::header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|accept| accept.contains("text/html"))
    })
}

/// After a plain form posted to a server function, sends the browser to
/// `path`. Requests made by the hydrated app (fetch) are left alone: the
/// page decides itself what to do with the answer.
#[cfg(feature = "ssr")]
pub fn redirect_plain_form(path: &str) {
    if is_plain_form()
        && let Some(path) = local_path(path)
    {
        leptos_axum::redirect(path);
    }
}

/// After a plain form posted to a server function, sends the browser back
/// to the page it came from (when that page is on this shop).
#[cfg(feature = "ssr")]
pub fn redirect_plain_form_back() {
    use http::header::{HOST, REFERER};

    let Some(parts) = leptos::prelude::use_context::<http::request::Parts>() else {
        return;
    };
    if !is_plain_form() {
        return;
    }
    let header = |name| {
        parts
            .headers
            .get(name)
            .and_then(|v: &http::HeaderValue| v.to_str().ok())
    };
    let back = match (header(REFERER), header(HOST)) {
        (Some(referer), Some(host)) => referer_path(referer, host).unwrap_or("/"),
        _ => "/",
    };
    leptos_axum::redirect(back);
}

/// In the browser, loads `path` afresh: after logging in or out, every
/// part of the page (header, guards, cached data) must start over.
pub fn reload_at(path: &str) {
    #[cfg(feature = "hydrate")]
    if let Some(path) = local_path(path) {
        let _ = leptos::prelude::window().location().set_href(path);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = path;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_on_this_site_are_accepted() {
        assert_eq!(local_path("/"), Some("/"));
        assert_eq!(
            local_path("/account/orders?page=2#top"),
            Some("/account/orders?page=2#top")
        );
    }

    #[test]
    fn anything_that_leaves_the_site_is_refused() {
        for raw in [
            "https://evil.example/",
            "//evil.example/",
            "/\\evil.example/",
            "evil.example",
            "",
            "javascript:alert(1)",
            "/ok\r\nSet-Cookie: x=1",
        ] {
            assert_eq!(local_path(raw), None, "{raw:?}");
        }
    }

    #[test]
    fn a_referer_from_this_shop_gives_its_path() {
        assert_eq!(
            referer_path("http://shop.test/c/shoes?page=2", "shop.test"),
            Some("/c/shoes?page=2")
        );
        assert_eq!(referer_path("https://SHOP.test", "shop.test"), Some("/"));
        assert_eq!(
            referer_path("http://127.0.0.1:3000/", "127.0.0.1:3000"),
            Some("/")
        );
    }

    #[test]
    fn a_referer_from_elsewhere_is_ignored() {
        assert_eq!(referer_path("http://evil.test/", "shop.test"), None);
        assert_eq!(
            referer_path("http://shop.test.evil.test/", "shop.test"),
            None
        );
        assert_eq!(referer_path("ftp://shop.test/", "shop.test"), None);
    }
}
