//! Where an upload's renditions are kept and the URL the shop shows them at:
//! `media_dir/products/{product}/{name}-{width}.jpg`, under `/media`.
//!
//! Every upload gets a new random name, so a URL always shows the same
//! picture; that is what lets browsers keep these files for a year.
//!
//! Plain blocking file I/O: call these on a blocking thread, as the
//! upload does anyway for the decoding.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::renditions::{Rendition, SHOWN_WIDTH};

/// Files written for one upload.
#[derive(Debug)]
pub struct Stored {
    files: Vec<PathBuf>,
    /// The rendition the product page shows, as a URL.
    pub url: String,
}

impl Stored {
    /// Removes the files again, when the row that was to point at them
    /// could not be written. A file left behind is only wasted space.
    pub fn remove(self) {
        remove_all(&self.files);
    }
}

/// Writes every rendition, or none: on an error the files already written
/// are removed.
pub fn write(media_dir: &Path, product_id: i64, renditions: &[Rendition]) -> io::Result<Stored> {
    let name = uuid::Uuid::new_v4().simple().to_string();
    let dir = media_dir.join("products").join(product_id.to_string());
    fs::create_dir_all(&dir)?;
    let mut files = Vec::with_capacity(renditions.len());
    for rendition in renditions {
        let path = dir.join(file_name(&name, rendition.width));
        let written = write_durably(&path, &rendition.jpeg);
        // Also a file the failed write left half-written.
        files.push(path);
        if let Err(err) = written {
            remove_all(&files);
            return Err(err);
        }
    }
    let widths: Vec<u32> = renditions.iter().map(|r| r.width).collect();
    let shown = shown_width(&widths).ok_or_else(|| io::Error::other("no rendition to store"))?;
    Ok(Stored {
        files,
        url: format!("/media/products/{product_id}/{}", file_name(&name, shown)),
    })
}

/// The product page's width when there is one, else the widest: a
/// picture narrower than the page is shown at its own size.
pub fn shown_width(widths: &[u32]) -> Option<u32> {
    if widths.contains(&SHOWN_WIDTH) {
        Some(SHOWN_WIDTH)
    } else {
        widths.iter().copied().max()
    }
}

fn file_name(name: &str, width: u32) -> String {
    format!("{name}-{width}.jpg")
}

/// The row pointing at the file is committed with SQLite's
/// `synchronous=FULL`; the file must survive a power cut just as well.
fn write_durably(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

fn remove_all(files: &[PathBuf]) {
    for file in files {
        match fs::remove_file(file) {
            Ok(()) => {}
            Err(err) if err.kind() == io::ErrorKind::NotFound => {}
            Err(err) => {
                tracing::warn!(file = %file.display(), error = %err, "cannot remove a picture file");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rendition(width: u32) -> Rendition {
        Rendition {
            width,
            jpeg: vec![0xff, 0xd8, 0xff, width as u8],
        }
    }

    #[test]
    fn the_page_shows_800_or_the_widest_below() {
        assert_eq!(shown_width(&[400, 800, 1600]), Some(800));
        assert_eq!(shown_width(&[400, 800, 1000]), Some(800));
        assert_eq!(shown_width(&[400, 640]), Some(640));
        assert_eq!(shown_width(&[300]), Some(300));
        assert_eq!(shown_width(&[]), None);
    }

    #[test]
    fn renditions_share_one_random_name_and_can_be_removed() {
        let media =
            std::env::temp_dir().join(format!("shop_media_test_{}", uuid::Uuid::new_v4().simple()));
        let stored = write(
            &media,
            42,
            &[rendition(400), rendition(800), rendition(1600)],
        )
        .unwrap();
        let name = stored
            .url
            .strip_prefix("/media/products/42/")
            .and_then(|file| file.strip_suffix("-800.jpg"))
            .expect("the 800 px file's URL")
            .to_owned();
        assert_eq!(name.len(), 32, "{name}");
        let dir = media.join("products/42");
        for width in [400, 800, 1600] {
            let bytes = std::fs::read(dir.join(format!("{name}-{width}.jpg"))).unwrap();
            assert_eq!(bytes, rendition(width).jpeg);
        }

        let again = write(&media, 42, &[rendition(400)]).unwrap();
        assert_ne!(again.url, stored.url, "a new name for every upload");

        stored.remove();
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
        std::fs::remove_dir_all(&media).unwrap();
    }
}
