//! From an uploaded file to JPEGs of the widths the shop shows.
//!
//! The file is checked in order of cost: its size, its first bytes, the
//! dimensions in its header, and only then decoded. Decoding and resizing
//! take a CPU for up to a second on a large photo: call [`prepare`] on a
//! blocking thread.

use std::io::Cursor;

use app::images::{ImageProblem, MAX_IMAGE_BYTES, MAX_IMAGE_PIXELS, MAX_IMAGE_SIDE};
pub use app::images::{RENDITION_WIDTHS as WIDTHS, SHOWN_WIDTH};
use image::codecs::jpeg::JpegEncoder;
use image::imageops::{self, FilterType};
use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageError, ImageReader, Limits, RgbImage};

use super::sniff::sniff;

/// Indistinguishable from the original at the sizes shown, at about a
/// third of the bytes quality 95 takes.
const JPEG_QUALITY: u8 = 82;
/// What the decoder may allocate: the largest accepted picture at 16-bit
/// RGBA (8 bytes a pixel), the widest layout a PNG can have.
const MAX_DECODED_BYTES: u64 = MAX_IMAGE_PIXELS * 8;

/// One width of a picture, encoded.
pub struct Rendition {
    pub width: u32,
    pub jpeg: Vec<u8>,
}

/// The renditions of one upload, narrowest first.
pub struct Prepared {
    pub source_width: u32,
    pub source_height: u32,
    pub renditions: Vec<Rendition>,
}

#[derive(Debug, thiserror::Error)]
pub enum PrepareError {
    /// The uploader's file is not one the shop takes.
    #[error("refused: {0:?}")]
    Refused(ImageProblem),
    /// Encoding a decoded picture failed: the shop's fault, not the file's.
    #[error("cannot encode a JPEG: {0}")]
    Encode(ImageError),
}

impl From<ImageProblem> for PrepareError {
    fn from(problem: ImageProblem) -> Self {
        PrepareError::Refused(problem)
    }
}

pub fn prepare(bytes: &[u8]) -> Result<Prepared, PrepareError> {
    if bytes.is_empty() {
        return Err(ImageProblem::Missing.into());
    }
    if bytes.len() > MAX_IMAGE_BYTES {
        return Err(ImageProblem::TooHeavy.into());
    }
    let format = sniff(bytes).ok_or(ImageProblem::NotAnImage)?;
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_IMAGE_SIDE);
    limits.max_image_height = Some(MAX_IMAGE_SIDE);
    limits.max_alloc = Some(MAX_DECODED_BYTES);
    reader.limits(limits);
    // Reads the header only: a small file can claim a huge picture.
    let mut decoder = reader.into_decoder().map_err(refusal)?;
    let (width, height) = decoder.dimensions();
    check_dimensions(width, height)?;
    if decoder.total_bytes() > MAX_DECODED_BYTES {
        return Err(ImageProblem::TooLarge.into());
    }
    // Phones store photos sideways and say so in EXIF, which re-encoding
    // drops; a damaged EXIF block is no reason to refuse the picture.
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let mut picture = DynamicImage::from_decoder(decoder).map_err(refusal)?;
    picture.apply_orientation(orientation);
    let picture = flatten_on_white(picture);
    let (source_width, source_height) = picture.dimensions();
    Ok(Prepared {
        source_width,
        source_height,
        renditions: resize_and_encode(picture)?,
    })
}

/// Refuses pictures too large to decode safely, and empty ones.
pub fn check_dimensions(width: u32, height: u32) -> Result<(), ImageProblem> {
    if width == 0 || height == 0 {
        Err(ImageProblem::Unreadable)
    } else if width > MAX_IMAGE_SIDE
        || height > MAX_IMAGE_SIDE
        || u64::from(width) * u64::from(height) > MAX_IMAGE_PIXELS
    {
        Err(ImageProblem::TooLarge)
    } else {
        Ok(())
    }
}

/// The widths to make of a picture `source_width` wide: each of
/// [`WIDTHS`], but never wider than the picture itself.
pub fn widths_for(source_width: u32) -> Vec<u32> {
    let mut widths: Vec<u32> = WIDTHS.iter().map(|&w| w.min(source_width)).collect();
    widths.dedup();
    widths
}

/// The height of `width` at the source's aspect ratio, rounded.
fn scaled_height(source_width: u32, source_height: u32, width: u32) -> u32 {
    let height = (u64::from(source_height) * u64::from(width) + u64::from(source_width) / 2)
        / u64::from(source_width);
    u32::try_from(height.max(1)).unwrap_or(source_height)
}

fn refusal(err: ImageError) -> PrepareError {
    match err {
        ImageError::Limits(_) => ImageProblem::TooLarge.into(),
        _ => ImageProblem::Unreadable.into(),
    }
}

/// JPEG has no transparency: transparent parts become the page's white
/// instead of whatever colour the hidden pixels happen to hold.
fn flatten_on_white(picture: DynamicImage) -> RgbImage {
    if !picture.color().has_alpha() {
        return picture.into_rgb8();
    }
    let rgba = picture.into_rgba8();
    let mut rgb = RgbImage::new(rgba.width(), rgba.height());
    for (out, pixel) in rgb.pixels_mut().zip(rgba.pixels()) {
        let [r, g, b, a] = pixel.0;
        let alpha = u16::from(a);
        let over_white = |c: u8| {
            let mixed = (u16::from(c) * alpha + 255 * (255 - alpha) + 127) / 255;
            u8::try_from(mixed).unwrap_or(u8::MAX)
        };
        out.0 = [over_white(r), over_white(g), over_white(b)];
    }
    rgb
}

/// Each width is made from the next wider one rather than from the
/// original: a quarter of the work on a large photo, and no visible loss
/// with a Lanczos filter.
fn resize_and_encode(picture: RgbImage) -> Result<Vec<Rendition>, PrepareError> {
    let (source_width, source_height) = picture.dimensions();
    let mut renditions = Vec::with_capacity(WIDTHS.len());
    let mut current = picture;
    for width in widths_for(source_width).into_iter().rev() {
        if width != current.width() {
            let height = scaled_height(source_width, source_height, width);
            current = imageops::resize(&current, width, height, FilterType::Lanczos3);
        }
        let mut jpeg = Vec::new();
        JpegEncoder::new_with_quality(&mut jpeg, JPEG_QUALITY)
            .encode_image(&current)
            .map_err(PrepareError::Encode)?;
        renditions.push(Rendition { width, jpeg });
    }
    renditions.reverse();
    Ok(renditions)
}

#[cfg(test)]
mod tests {
    use image::{ImageFormat, Rgb, Rgba, RgbaImage};

    use super::*;

    fn encoded(picture: DynamicImage, format: ImageFormat) -> Vec<u8> {
        let mut bytes = Cursor::new(Vec::new());
        picture.write_to(&mut bytes, format).unwrap();
        bytes.into_inner()
    }

    fn gradient(width: u32, height: u32) -> DynamicImage {
        DynamicImage::ImageRgb8(RgbImage::from_fn(width, height, |x, y| {
            Rgb([(x % 256) as u8, (y % 256) as u8, 128])
        }))
    }

    fn png(width: u32, height: u32) -> Vec<u8> {
        encoded(gradient(width, height), ImageFormat::Png)
    }

    fn refused(bytes: &[u8]) -> ImageProblem {
        match prepare(bytes) {
            Err(PrepareError::Refused(problem)) => problem,
            Err(other) => panic!("failed instead of refusing: {other}"),
            Ok(_) => panic!("accepted"),
        }
    }

    /// Width and height of each rendition, read back from its JPEG.
    fn decoded_sizes(prepared: &Prepared) -> Vec<(u32, u32)> {
        prepared
            .renditions
            .iter()
            .map(|r| {
                assert!(r.jpeg.starts_with(b"\xff\xd8\xff"), "a JPEG");
                let picture = image::load_from_memory_with_format(&r.jpeg, ImageFormat::Jpeg)
                    .expect("decodes");
                assert_eq!(picture.width(), r.width);
                (picture.width(), picture.height())
            })
            .collect()
    }

    #[test]
    fn a_wide_png_becomes_three_jpegs_of_the_same_shape() {
        let prepared = prepare(&png(2000, 1000)).unwrap();
        assert_eq!(
            (prepared.source_width, prepared.source_height),
            (2000, 1000)
        );
        assert_eq!(
            decoded_sizes(&prepared),
            [(400, 200), (800, 400), (1600, 800)]
        );
    }

    #[test]
    fn a_small_picture_is_never_enlarged() {
        let prepared = prepare(&png(300, 150)).unwrap();
        assert_eq!(decoded_sizes(&prepared), [(300, 150)]);

        let prepared = prepare(&png(1000, 1500)).unwrap();
        assert_eq!(
            decoded_sizes(&prepared),
            [(400, 600), (800, 1200), (1000, 1500)]
        );
    }

    #[test]
    fn jpeg_and_webp_uploads_are_taken_too() {
        let jpeg = encoded(gradient(900, 600), ImageFormat::Jpeg);
        assert_eq!(
            decoded_sizes(&prepare(&jpeg).unwrap()),
            [(400, 267), (800, 533), (900, 600)]
        );
        let webp = encoded(gradient(500, 500), ImageFormat::WebP);
        assert_eq!(
            decoded_sizes(&prepare(&webp).unwrap()),
            [(400, 400), (500, 500)]
        );
    }

    #[test]
    fn transparency_turns_white() {
        let clear = DynamicImage::ImageRgba8(RgbaImage::from_pixel(40, 40, Rgba([0, 0, 0, 0])));
        let prepared = prepare(&encoded(clear, ImageFormat::Png)).unwrap();
        let jpeg = &prepared.renditions[0].jpeg;
        let back = image::load_from_memory(jpeg).unwrap().into_rgb8();
        assert!(
            back.pixels().all(|p| p.0.iter().all(|&c| c > 245)),
            "{:?}",
            back.get_pixel(20, 20)
        );
    }

    #[test]
    fn files_that_are_not_pictures_are_refused_by_type() {
        assert_eq!(
            refused(b"Dear shop, this text file is called photo.png."),
            ImageProblem::NotAnImage
        );
        assert_eq!(
            refused(br#"<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"/>"#),
            ImageProblem::NotAnImage
        );
        let gif = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;";
        assert_eq!(refused(gif), ImageProblem::NotAnImage);
        assert_eq!(refused(b""), ImageProblem::Missing);
    }

    #[test]
    fn a_file_over_the_limit_is_refused_before_anything_is_read() {
        let mut heavy = png(10, 10);
        heavy.resize(MAX_IMAGE_BYTES + 1, 0);
        assert_eq!(refused(&heavy), ImageProblem::TooHeavy);
    }

    #[test]
    fn too_many_pixels_are_refused_from_the_header() {
        assert_eq!(refused(&png(MAX_IMAGE_SIDE + 1, 1)), ImageProblem::TooLarge);
        assert_eq!(check_dimensions(8_000, 5_000), Ok(()));
        assert_eq!(check_dimensions(7_000, 6_000), Err(ImageProblem::TooLarge));
        assert_eq!(check_dimensions(1, 8_001), Err(ImageProblem::TooLarge));
        assert_eq!(check_dimensions(0, 10), Err(ImageProblem::Unreadable));
    }

    #[test]
    fn a_damaged_picture_is_refused_as_unreadable() {
        let noise = DynamicImage::ImageRgb8(RgbImage::from_fn(200, 200, |x, y| {
            let n = x.wrapping_mul(7919) ^ y.wrapping_mul(104_729);
            Rgb([n as u8, (n >> 8) as u8, (n >> 16) as u8])
        }));
        let whole = encoded(noise, ImageFormat::Png);
        assert_eq!(refused(&whole[..whole.len() / 2]), ImageProblem::Unreadable);
        assert_eq!(
            refused(b"\x89PNG\r\n\x1a\n\0\0\0"),
            ImageProblem::Unreadable
        );
    }

    #[test]
    fn widths_stop_at_the_picture_s_own() {
        assert_eq!(widths_for(2000), [400, 800, 1600]);
        assert_eq!(widths_for(1600), [400, 800, 1600]);
        assert_eq!(widths_for(801), [400, 800, 801]);
        assert_eq!(widths_for(400), [400]);
        assert_eq!(widths_for(1), [1]);
        assert_eq!(scaled_height(3000, 1, 400), 1);
    }
}
