//! Pictures in the shop: what an upload must be, the widths every upload
//! is cut to, and the URL of each width. The storefront picks renditions
//! from here; the server crate, which alone links the image codecs,
//! checks uploads against the same limits.
//!
//! The upload itself is a plain multipart POST to
//! `/admin/products/{id}/images`; a refused upload comes back to the
//! product's admin page as `?image_error={code}`.

use crate::i18n::{Locale, td_string};

/// The largest file accepted. Phone photos are 2–8 MB.
pub const MAX_IMAGE_BYTES: usize = 10 * 1024 * 1024;
/// The longest side accepted, checked before the picture is decoded.
pub const MAX_IMAGE_SIDE: u32 = 8_000;
/// Decoding needs 4 bytes a pixel: 40 megapixels is 160 MB of memory.
pub const MAX_IMAGE_PIXELS: u64 = 40_000_000;
pub const MAX_ALT_CHARS: usize = 120;

/// Every upload is written at these widths (never enlarged): lists on
/// phones, the product page, the product page on sharp screens.
pub const RENDITION_WIDTHS: [u32; 3] = [400, 800, 1600];
/// The width the product page shows, so the one a picture's URL names.
pub const SHOWN_WIDTH: u32 = 800;
/// What a product card shows.
pub const CARD_WIDTH: u32 = 400;

/// The URL of an uploaded picture's rendition `width` wide, worked out
/// from its stored URL (`/media/products/{id}/{name}-{shown}.jpg`): a
/// width below the shown one always exists, since renditions are only
/// ever cut down to the source's width. `None` for pictures that are not
/// uploads (the demo shop's drawings) and widths that may not exist.
pub fn rendition_url(url: &str, width: u32) -> Option<String> {
    let stem = url.strip_prefix("/media/products/")?.strip_suffix(".jpg")?;
    let (name, shown) = stem.rsplit_once('-')?;
    let shown: u32 = shown.parse().ok()?;
    let exists = width == shown || (width < shown && RENDITION_WIDTHS.contains(&width));
    exists.then(|| format!("/media/products/{name}-{width}.jpg"))
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn smaller_renditions_are_found_from_an_uploads_url() {
        let url = "/media/products/7/ab12cd-800.jpg";
        assert_eq!(
            rendition_url(url, 400).as_deref(),
            Some("/media/products/7/ab12cd-400.jpg")
        );
        assert_eq!(rendition_url(url, 800).as_deref(), Some(url));
        assert_eq!(rendition_url(url, 1600), None, "the source may be narrower");
        assert_eq!(rendition_url("/media/products/7/ab-350.jpg", 400), None);
        assert_eq!(rendition_url("/demo/products/7.svg", 400), None);
        assert_eq!(rendition_url("/media/products/7/x-abc.jpg", 400), None);
    }

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
}
