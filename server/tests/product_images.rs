//! Product pictures through the real server over HTTP: who may upload,
//! what a good upload becomes (three JPEGs, a row the shopper's page shows,
//! an audit entry), a refused one leaving nothing behind, and reordering
//! and deleting from the back office.

use crate::support;

use std::io::Cursor;
use std::path::Path;

use image::{DynamicImage, ImageFormat, Rgb, RgbImage};
use serde_json::Value;
use support::{Part, Running, create_staff, demo_shop_with_owner, get_json};

/// The paths of the pictures the shopper's product page shows, in order.
fn shop_images(shop: &Running, slug: &str) -> Vec<String> {
    let page: Value =
        serde_json::from_str(&shop.get(&format!("/api/catalog/product?slug={slug}")).body)
            .expect("product JSON");
    page["images"]
        .as_array()
        .expect("images")
        .iter()
        .map(|i| i["path"].as_str().expect("a path").to_owned())
        .collect()
}

/// The picture on the product's card in its category's listing.
fn card_image(shop: &Running, slug: &str) -> String {
    let page: Value =
        serde_json::from_str(&shop.get(&format!("/api/catalog/product?slug={slug}")).body)
            .expect("product JSON");
    let category = page["breadcrumbs"]
        .as_array()
        .and_then(|path| path.last())
        .and_then(|c| c["slug"].as_str())
        .expect("the product's category");
    let listing: Value = serde_json::from_str(
        &shop
            .get(&format!("/api/catalog/category?slug={category}&query="))
            .body,
    )
    .expect("category JSON");
    listing["listing"]["products"]
        .as_array()
        .expect("cards")
        .iter()
        .find(|card| card["slug"] == slug)
        .and_then(|card| card["image"].as_str())
        .expect("the product's card, with a picture")
        .to_owned()
}

fn png(width: u32, height: u32) -> Vec<u8> {
    let picture = DynamicImage::ImageRgb8(RgbImage::from_fn(width, height, |x, y| {
        Rgb([(x % 256) as u8, (y % 256) as u8, 200])
    }));
    let mut bytes = Cursor::new(Vec::new());
    picture.write_to(&mut bytes, ImageFormat::Png).unwrap();
    bytes.into_inner()
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

#[test]
fn catalog_staff_upload_a_picture_that_shoppers_see_and_a_text_file_is_refused() {
    let (data, shop, owner) = demo_shop_with_owner();
    let catalog = create_staff(&shop, &owner, "cat@shop.test", "catalog");
    let support = create_staff(&shop, &owner, "help@shop.test", "support");

    let listed = get_json(
        &shop,
        "/api/admin/catalog/products?text=&status=listed&page=0",
        &catalog,
    );
    let row = &listed["rows"][0];
    let id = row["id"].as_i64().expect("a listed product");
    let slug = row["slug"].as_str().unwrap().to_owned();
    let before = shop_images(&shop, &slug);
    assert!(!before.is_empty(), "demo products have pictures");
    let upload_path = format!("/admin/products/{id}/images");
    let picture = png(2000, 1000);
    let good = [
        Part::file("image", "red card.png", "image/png", &picture),
        Part::text("alt", "A red test card"),
    ];

    // Who may upload.
    assert_eq!(shop.post_multipart(&upload_path, &good, &[]).status, 401);
    let refused = shop.post_multipart(&upload_path, &good, &[("Cookie", &support)]);
    assert_eq!(refused.status, 403, "support staff");
    let missing = shop.post_multipart(
        "/admin/products/999999999/images",
        &good,
        &[("Cookie", &catalog)],
    );
    assert_eq!(missing.status, 404, "{}", missing.body);
    assert_eq!(shop_images(&shop, &slug), before);

    // A good upload from a browser form: back to the product's page.
    let added = shop.post_multipart(
        &upload_path,
        &good,
        &[("Cookie", &catalog), ("Accept", "text/html,*/*")],
    );
    assert_eq!(added.status, 303, "{}", added.body);
    assert_eq!(added.headers["location"], [format!("/admin/products/{id}")]);
    let after = shop_images(&shop, &slug);
    assert_eq!(after.len(), before.len() + 1, "{after:?}");
    let url = after.last().unwrap().clone();
    let prefix = format!("/media/products/{id}/");
    let name = url
        .strip_prefix(&prefix)
        .and_then(|file| file.strip_suffix("-800.jpg"))
        .unwrap_or_else(|| panic!("the 800 px JPEG, not {url}"))
        .to_owned();

    // Served as a JPEG that browsers may keep for a year, in three widths.
    let served = shop.get(&url);
    assert_eq!(served.status, 200);
    assert_eq!(served.headers["content-type"], ["image/jpeg"]);
    assert_eq!(
        served.headers["cache-control"],
        ["public, max-age=31536000, immutable"]
    );
    let dir = data.0.join("media/products").join(id.to_string());
    assert_eq!(
        files_in(&dir),
        [
            format!("{name}-1600.jpg"),
            format!("{name}-400.jpg"),
            format!("{name}-800.jpg"),
        ]
    );
    for width in [400, 1600] {
        assert_eq!(shop.get(&format!("{prefix}{name}-{width}.jpg")).status, 200);
    }
    // The demo's pictures may be drawn again under the same names: a day.
    let demo = shop.get(&before[0]);
    assert_eq!(demo.status, 200, "{}", before[0]);
    assert_eq!(demo.headers["cache-control"], ["public, max-age=86400"]);

    // A text file called .png: refused by what it is, nothing written.
    let text = b"Not a picture at all, whatever the name says.";
    let fake = [Part::file("image", "photo.png", "image/png", text)];
    let refused = shop.post_multipart(&upload_path, &fake, &[("Cookie", &catalog)]);
    assert_eq!(refused.status, 415, "{}", refused.body);
    assert!(
        refused.body.contains("not a JPEG, PNG or WebP picture"),
        "{}",
        refused.body
    );
    let from_page = shop.post_multipart(
        &upload_path,
        &fake,
        &[("Cookie", &catalog), ("Accept", "text/html")],
    );
    assert_eq!(from_page.status, 303);
    assert_eq!(
        from_page.headers["location"],
        [format!("/admin/products/{id}?image_error=type")]
    );
    let no_file = shop.post_multipart(
        &upload_path,
        &[Part::file("image", "", "application/octet-stream", b"")],
        &[("Cookie", &catalog)],
    );
    assert_eq!(no_file.status, 400, "{}", no_file.body);
    assert_eq!(shop_images(&shop, &slug), after);
    assert_eq!(files_in(&dir).len(), 3);

    // The upload is in the audit log, naming the file.
    let audit = get_json(&shop, "/api/admin/audit?filter[page]=0", &owner);
    let entry = audit[0]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["action"] == "product.image.add")
        .unwrap_or_else(|| panic!("an audit entry: {audit}"));
    assert_eq!(entry["entity_id"], id.to_string());
    let summary = entry["summary"].as_str().unwrap();
    assert!(
        summary.contains("red card.png") && summary.contains("2000×1000") && summary.contains(&url),
        "{summary}"
    );

    // From the back office: the new picture moves up one place, then goes.
    let images = get_json(
        &shop,
        &format!("/api/admin/catalog/images/list?product_id={id}"),
        &catalog,
    );
    let new_id = images
        .as_array()
        .unwrap()
        .last()
        .and_then(|i| i["id"].as_i64())
        .unwrap()
        .to_string();
    let moved = shop.post_form(
        "/api/admin/catalog/images/move",
        &[("id", &new_id), ("direction", "up")],
        &[("Cookie", &support)],
    );
    assert_eq!(moved.status, 403);
    let moved = shop.post_form(
        "/api/admin/catalog/images/move",
        &[("id", &new_id), ("direction", "up")],
        &[("Cookie", &catalog)],
    );
    assert_eq!(moved.status, 200, "{}", moved.body);
    let reordered = shop_images(&shop, &slug);
    assert_eq!(reordered[before.len() - 1], url, "{reordered:?}");
    assert_eq!(reordered[before.len()], before[before.len() - 1]);

    let deleted = shop.post_form(
        "/api/admin/catalog/images/delete",
        &[("id", &new_id)],
        &[("Cookie", &catalog)],
    );
    assert_eq!(deleted.status, 200, "{}", deleted.body);
    assert_eq!(shop_images(&shop, &slug), before);
    let audit = get_json(&shop, "/api/admin/audit?filter[page]=0", &owner);
    let actions: Vec<&str> = audit[0]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["action"].as_str())
        .collect();
    assert!(
        actions.contains(&"product.image.move") && actions.contains(&"product.image.delete"),
        "{actions:?}"
    );
}

#[test]
fn deleting_the_first_picture_makes_the_next_one_the_card_picture() {
    let (_data, shop, owner) = demo_shop_with_owner();

    let listed = get_json(
        &shop,
        "/api/admin/catalog/products?text=&status=listed&page=0",
        &owner,
    );
    let row = &listed["rows"][0];
    let id = row["id"].as_i64().unwrap();
    let slug = row["slug"].as_str().unwrap().to_owned();
    let before = shop_images(&shop, &slug);
    assert!(before.len() >= 2, "{before:?}");
    assert_eq!(card_image(&shop, &slug), before[0]);

    let images = get_json(
        &shop,
        &format!("/api/admin/catalog/images/list?product_id={id}"),
        &owner,
    );
    let first = images[0]["id"].as_i64().unwrap().to_string();
    let up = shop.post_form(
        "/api/admin/catalog/images/move",
        &[("id", &first), ("direction", "up")],
        &[("Cookie", &owner)],
    );
    assert_eq!(up.status, 200, "the first stays first: {}", up.body);
    assert_eq!(shop_images(&shop, &slug), before);

    let deleted = shop.post_form(
        "/api/admin/catalog/images/delete",
        &[("id", &first)],
        &[("Cookie", &owner)],
    );
    assert_eq!(deleted.status, 200, "{}", deleted.body);
    assert_eq!(shop_images(&shop, &slug), before[1..]);
    assert_eq!(card_image(&shop, &slug), before[1]);
}
