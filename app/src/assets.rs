//! Where the browser finds the built CSS, JavaScript and WebAssembly.
//!
//! With `hash-files` on, cargo-leptos puts a content hash in each file name
//! (so they can be cached for a year) and lists the hashes in `hash.txt`
//! beside the server binary. The manifest reads that file once at start;
//! Leptos' own `HydrationScripts` would re-read it on every request, and it
//! does not cover the stylesheet.

use std::path::Path;

/// URLs of the front-end bundle, ready to put in a page's `<head>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssetManifest {
    pub js: String,
    pub wasm: String,
    pub css: String,
}

impl AssetManifest {
    /// File names without hashes, as a development build writes them.
    pub fn unhashed(pkg_url: &str, output_name: &str) -> Self {
        Self {
            js: format!("{pkg_url}/{output_name}.js"),
            wasm: format!("{pkg_url}/{output_name}.wasm"),
            css: format!("{pkg_url}/{output_name}.css"),
        }
    }

    /// File names with the hashes listed in cargo-leptos' `hash.txt`
    /// (`js: <hash>`, `wasm: <hash>`, `css: <hash>`, one per line).
    pub fn from_hash_list(pkg_url: &str, output_name: &str, hash_list: &str) -> Self {
        let mut manifest = Self::unhashed(pkg_url, output_name);
        for line in hash_list.lines() {
            let Some((kind, hash)) = line.split_once(':') else {
                continue;
            };
            let (kind, hash) = (kind.trim(), hash.trim());
            let url = format!("{pkg_url}/{output_name}.{hash}.{kind}");
            match kind {
                "js" => manifest.js = url,
                "wasm" => manifest.wasm = url,
                "css" => manifest.css = url,
                _ => {}
            }
        }
        manifest
    }

    /// Reads `hash_file` when file hashing is on; unhashed names otherwise.
    pub fn load(
        pkg_url: &str,
        output_name: &str,
        hash_file: Option<&Path>,
    ) -> std::io::Result<Self> {
        match hash_file {
            Some(path) => {
                let list = std::fs::read_to_string(path)?;
                Ok(Self::from_hash_list(pkg_url, output_name, &list))
            }
            None => Ok(Self::unhashed(pkg_url, output_name)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_hashes_cargo_leptos_writes() {
        let list = "js: abc_1\nwasm: Zy-9\ncss: q0\n";
        let manifest = AssetManifest::from_hash_list("/pkg", "shop", list);
        assert_eq!(manifest.js, "/pkg/shop.abc_1.js");
        assert_eq!(manifest.wasm, "/pkg/shop.Zy-9.wasm");
        assert_eq!(manifest.css, "/pkg/shop.q0.css");
    }

    #[test]
    fn falls_back_to_plain_names_for_missing_entries() {
        let manifest = AssetManifest::from_hash_list("/pkg", "shop", "js: h1\n");
        assert_eq!(manifest.js, "/pkg/shop.h1.js");
        assert_eq!(manifest.css, "/pkg/shop.css");
    }
}
