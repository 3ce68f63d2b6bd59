//! What kind of picture a file is, from its first bytes. The file's name
//! and the browser's `Content-Type` are the uploader's claims; the bytes
//! are what the decoder will actually see.

use image::ImageFormat;

/// The formats the shop takes. Anything else (SVG can carry scripts, GIF
/// and TIFF bring codecs the shop would rather not link) is refused.
pub fn sniff(bytes: &[u8]) -> Option<ImageFormat> {
    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n";
    const JPEG: &[u8] = b"\xff\xd8\xff";
    if bytes.starts_with(PNG) {
        Some(ImageFormat::Png)
    } else if bytes.starts_with(JPEG) {
        Some(ImageFormat::Jpeg)
    } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some(ImageFormat::WebP)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_three_formats_are_known_by_their_signatures() {
        assert_eq!(
            sniff(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
            Some(ImageFormat::Png)
        );
        assert_eq!(
            sniff(b"\xff\xd8\xff\xe0\0\x10JFIF"),
            Some(ImageFormat::Jpeg)
        );
        assert_eq!(sniff(b"RIFF\x24\0\0\0WEBPVP8 "), Some(ImageFormat::WebP));
    }

    #[test]
    fn anything_else_is_refused_whatever_it_is_called() {
        for bytes in [
            &b"just some text, saved as photo.png"[..],
            b"<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>",
            b"<?xml version=\"1.0\"?><svg/>",
            b"GIF89a\x01\0\x01\0",
            b"II*\0",
            b"RIFF\x24\0\0\0WAVEfmt ",
            b"\x89PN",
            b"",
        ] {
            assert_eq!(sniff(bytes), None, "{:?}", String::from_utf8_lossy(bytes));
        }
    }
}
