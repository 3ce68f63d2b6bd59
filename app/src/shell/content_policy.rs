//! The Content-Security-Policy of a rendered page.
//!
//! Scripts run only from the shop's own files and from inline scripts that
//! carry this answer's nonce: Leptos writes it on the hydration data it
//! streams, and the shell on its boot script. Markup that got into a page
//! some other way (a description past the sanitiser, a hostile review)
//! cannot run script, whatever it contains. `'wasm-unsafe-eval'` lets the
//! browser compile the shop's own WebAssembly and nothing else; styles may
//! be inline (Tailwind's classes are in a file, but a few elements size
//! themselves with `style=`). Answers that are not pages get a stricter,
//! fixed policy from the server (`server/src/http/security_headers.rs`).

/// The policy of a page whose inline scripts carry `nonce`.
pub fn page_policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; \
         script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self' 'unsafe-inline'; \
         img-src 'self' data: blob: https:; \
         connect-src 'self'; \
         object-src 'none'; \
         base-uri 'self'; \
         form-action 'self'; \
         frame-ancestors 'none'"
    )
}

/// The nonce a page policy names, if it names one.
pub fn nonce_of(policy: &str) -> Option<&str> {
    let start = policy.find("'nonce-")? + "'nonce-".len();
    let len = policy[start..].find('\'')?;
    Some(&policy[start..start + len]).filter(|nonce| !nonce.is_empty())
}

/// A new nonce, as Leptos makes them (128 random bits, URL-safe base64):
/// for a page answered from the page cache, which must not hand every
/// guest the nonce of the answer it was copied from.
#[cfg(feature = "ssr")]
pub fn fresh_nonce() -> String {
    leptos::nonce::Nonce::new().to_string()
}

/// Sets the page policy on the answer being rendered and gives the nonce
/// for the shell's own inline script. `None` outside a server rendering.
#[cfg(feature = "ssr")]
pub fn set_for_this_page() -> Option<leptos::nonce::Nonce> {
    use leptos::prelude::use_context;

    let nonce = leptos::nonce::use_nonce()?;
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>()
        && let Ok(value) = http::HeaderValue::from_str(&page_policy(&nonce))
    {
        response.insert_header(http::header::CONTENT_SECURITY_POLICY, value);
    }
    Some(nonce)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_policy_names_its_nonce_and_allows_no_inline_script_without_it() {
        let policy = page_policy("abc_123-X");
        assert_eq!(nonce_of(&policy), Some("abc_123-X"));
        let scripts = policy
            .split(';')
            .map(str::trim)
            .find(|d| d.starts_with("script-src"))
            .unwrap();
        assert!(!scripts.contains("unsafe-inline"), "{scripts}");
        assert!(!scripts.contains("'unsafe-eval'"), "{scripts}");
        assert!(policy.contains("frame-ancestors 'none'"));
    }

    #[test]
    fn a_policy_without_a_nonce_names_none() {
        assert_eq!(nonce_of("default-src 'none'"), None);
        assert_eq!(nonce_of("script-src 'nonce-'"), None);
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn fresh_nonces_differ_and_fit_a_policy() {
        let (a, b) = (fresh_nonce(), fresh_nonce());
        assert_ne!(a, b);
        assert!(a.len() >= 22, "{a}");
        assert_eq!(nonce_of(&page_policy(&a)), Some(a.as_str()));
    }
}
