//! Product descriptions: staff write Markdown, shoppers get HTML that is
//! safe to insert into the page as it is.
//!
//! Safety comes from what is never produced, not from cleaning afterwards:
//! raw HTML in the source is shown as text, and links and images may only
//! point to http(s) or to paths on this site.

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, html};

/// Longest description rendered; the editor enforces the same limit.
pub const MAX_DESCRIPTION_CHARS: usize = 20_000;

pub fn to_safe_html(markdown: &str) -> String {
    let source: String = markdown.chars().take(MAX_DESCRIPTION_CHARS).collect();
    let events = Parser::new_ext(
        &source,
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH,
    )
    .map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url: safe_url(dest_url),
            title,
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Image {
            link_type,
            dest_url: safe_url(dest_url),
            title,
            id,
        }),
        other => other,
    });
    let mut out = String::with_capacity(source.len() * 3 / 2);
    html::push_html(&mut out, events);
    out
}

fn safe_url(url: CowStr<'_>) -> CowStr<'_> {
    let lower = url.trim().to_ascii_lowercase();
    let allowed = lower.starts_with("https://")
        || lower.starts_with("http://")
        || (lower.starts_with('/') && !lower.starts_with("//"));
    if allowed { url } else { CowStr::Borrowed("#") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_becomes_html() {
        let html = to_safe_html("**Soft** cotton\n\n- one\n- two");
        assert!(html.contains("<strong>Soft</strong>"));
        assert!(html.contains("<li>two</li>"));
    }

    #[test]
    fn raw_html_is_shown_as_text() {
        let html = to_safe_html("Hi <script>alert(1)</script> <img src=x onerror=alert(1)>");
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains("&lt;script&gt;"));
    }

    #[test]
    fn links_to_scripts_are_defused() {
        let html = to_safe_html(
            "[click](javascript:alert(1)) [ok](https://example.com) [local](/p/tee) [proto](//evil.example)",
        );
        assert!(!html.contains("javascript:"), "{html}");
        assert!(html.contains(r#"href="https://example.com""#));
        assert!(html.contains(r#"href="/p/tee""#));
        assert!(!html.contains("//evil.example\""), "{html}");
    }
}
