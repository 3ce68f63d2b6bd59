//! What happens when the app panics in a shopper's browser. The wasm is
//! dead afterwards (the bundle is built with `panic = "abort"`), so the
//! page would sit there unresponsive: instead it says so in the shopper's
//! language with a link that reloads the page, and reports the panic to
//! the server (`POST /api/browser/panics`), which counts it in `/metrics`.

use std::sync::atomic::{AtomicBool, Ordering};

const REPORT_URL: &str = "/api/browser/panics";
/// How much of the message is sent: the location and the start of the text.
const REPORTED_CHARS: usize = 1000;

static SHOWN: AtomicBool = AtomicBool::new(false);

pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        // The console still gets the full message and stack.
        console_error_panic_hook::hook(info);
        if SHOWN.swap(true, Ordering::Relaxed) {
            return;
        }
        let message: String = info.to_string().chars().take(REPORTED_CHARS).collect();
        report(&message);
        show_banner();
    }));
}

fn report(message: &str) {
    if let Some(window) = web_sys::window() {
        // A beacon survives the shopper reloading at once; failing to send
        // it must not panic again.
        let _ = window
            .navigator()
            .send_beacon_with_opt_str(REPORT_URL, Some(message));
    }
}

struct Words {
    said: &'static str,
    reload: &'static str,
}

fn words(lang: &str) -> Words {
    if lang.starts_with("zh") {
        Words {
            said: "抱歉，页面出错了，暂时无法操作。",
            reload: "重新加载页面",
        }
    } else {
        Words {
            said: "Sorry, something went wrong on this page and it stopped responding.",
            reload: "Reload the page",
        }
    }
}

/// A bar across the top of the page. Styled inline: the stylesheet only
/// holds the classes the app's own views use.
fn show_banner() -> Option<()> {
    let window = web_sys::window()?;
    let document = window.document()?;
    let root = document.document_element()?;
    let words = words(&root.get_attribute("lang").unwrap_or_default());

    let banner = document.create_element("div").ok()?;
    banner.set_attribute("role", "alert").ok()?;
    banner.set_attribute("data-testid", "panic-banner").ok()?;
    banner
        .set_attribute(
            "style",
            "position:fixed;top:0;left:0;right:0;z-index:2147483647;padding:12px 16px;\
             background:#9f1239;color:#fff;font:15px/1.4 system-ui,sans-serif;text-align:center",
        )
        .ok()?;
    banner.set_text_content(Some(words.said));

    let link = document.create_element("a").ok()?;
    link.set_attribute("href", &window.location().href().ok()?)
        .ok()?;
    link.set_attribute(
        "style",
        "margin-left:12px;color:#fff;text-decoration:underline;font-weight:600",
    )
    .ok()?;
    link.set_text_content(Some(words.reload));
    banner.append_child(&link).ok()?;

    document.body()?.append_child(&banner).ok()?;
    Some(())
}
