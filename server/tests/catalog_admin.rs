//! The catalog's back office through the real server over HTTP: who may
//! use it, how a bad SKU grid is refused without writing anything, and a
//! good one reaching the shopper's product page and the audit log.

use crate::support;

use serde_json::Value;
use support::{Running, create_staff, demo_shop_with_owner, get_json, request};

/// The first SKU price the shopper's product page shows, in fen.
fn shop_price(shop: &Running, slug: &str) -> i64 {
    let page: Value =
        serde_json::from_str(&shop.get(&format!("/api/catalog/product?slug={slug}")).body)
            .expect("product JSON");
    page["skus"][0]["price"].as_i64().expect("a price")
}

#[test]
fn only_catalog_staff_edit_skus_and_a_bad_row_changes_nothing() {
    let (_data, shop, owner) = demo_shop_with_owner();
    let catalog = create_staff(&shop, &owner, "cat@shop.test", "catalog");
    let support = create_staff(&shop, &owner, "help@shop.test", "support");

    let list = "/api/admin/catalog/products?text=&status=&page=0";
    assert_eq!(shop.get(list).status, 401, "a guest");
    let refused = request(&shop.addr, "GET", list, &[("Cookie", &support)], "");
    assert_eq!(refused.status, 403, "support staff");
    let listed = get_json(&shop, list, &catalog);
    assert!(listed["total"].as_u64().unwrap() >= 500, "{listed}");

    let row = listed["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["status"] == "Listed" && r["skus"].as_u64().unwrap() >= 2)
        .expect("a listed product with several SKUs");
    let id = row["id"].as_i64().unwrap();
    let product = get_json(
        &shop,
        &format!("/api/admin/catalog/product?id={id}"),
        &catalog,
    );
    let slug = product["slug"].as_str().unwrap().to_owned();
    let skus = product["skus"].as_array().unwrap().clone();
    assert!(skus.len() >= 2, "{product}");
    let before = shop_price(&shop, &slug);
    let sku_id = |at: usize| skus[at]["id"].as_i64().unwrap().to_string();
    let (first, second) = (sku_id(0), sku_id(1));
    let grid = |price_one: &str, stock_two: &str| {
        vec![
            ("product_id".to_owned(), id.to_string()),
            ("skus[0][id]".to_owned(), first.clone()),
            ("skus[0][price]".to_owned(), price_one.to_owned()),
            ("skus[0][original_price]".to_owned(), String::new()),
            ("skus[0][stock]".to_owned(), "5".to_owned()),
            ("skus[1][id]".to_owned(), second.clone()),
            ("skus[1][price]".to_owned(), "99.00".to_owned()),
            ("skus[1][original_price]".to_owned(), String::new()),
            ("skus[1][stock]".to_owned(), stock_two.to_owned()),
        ]
    };
    let post = |fields: &[(String, String)], cookie: &str| {
        let fields: Vec<(&str, &str)> = fields
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        shop.post_form("/api/admin/catalog/skus", &fields, &[("Cookie", cookie)])
    };

    // Staff without the permission are refused, and nothing changes.
    assert_eq!(post(&grid("1.00", "3"), &support).status, 403);
    assert_eq!(shop_price(&shop, &slug), before);

    // A bad second row names its row, and the good first row is not written.
    let bad = post(&grid("1.00", "lots"), &catalog);
    assert_eq!(bad.status, 400, "{}", bad.body);
    assert!(bad.body.contains("Row 2"), "{}", bad.body);
    assert_eq!(shop_price(&shop, &slug), before);

    // A good grid shows on the shopper's page at once, and is audited.
    let good = post(&grid("1.00", "3"), &catalog);
    assert_eq!(good.status, 200, "{}", good.body);
    assert_eq!(shop_price(&shop, &slug), 100);
    let audit = request(
        &shop.addr,
        "GET",
        "/api/admin/audit?filter[page]=0",
        &[("Cookie", &owner)],
        "",
    );
    assert!(
        audit.body.contains("product.skus") && audit.body.contains("→ ¥1.00"),
        "{}",
        audit.body
    );
}

#[test]
fn a_csv_export_round_trips_and_an_import_with_a_bad_row_changes_nothing() {
    let (_data, shop, owner) = demo_shop_with_owner();
    let support = create_staff(&shop, &owner, "help@shop.test", "support");

    assert_eq!(shop.get("/admin/products.csv").status, 401);
    let refused = request(
        &shop.addr,
        "GET",
        "/admin/products.csv",
        &[("Cookie", &support)],
        "",
    );
    assert_eq!(refused.status, 403);
    let export = request(
        &shop.addr,
        "GET",
        "/admin/products.csv",
        &[("Cookie", &owner)],
        "",
    );
    assert_eq!(export.status, 200);
    let mut lines = export.body.lines();
    assert_eq!(
        lines.next(),
        Some("product_slug,title,sku_code,variant,price,original_price,stock")
    );
    assert!(
        export.body.lines().count() > 1_000,
        "every SKU of the demo shop"
    );
    let first = export.body.lines().nth(1).unwrap().to_owned();
    let slug = first.split(',').next().unwrap().to_owned();
    let code = first.split(',').nth(2).unwrap().to_owned();
    let before = shop_price(&shop, &slug);

    let import = |csv: &str| {
        shop.post_form(
            "/api/admin/catalog/import",
            &[("csv", csv)],
            &[("Cookie", &owner)],
        )
    };
    // Row 3 names a SKU the shop does not have: the good row 2 is not written.
    let bad = import(&format!(
        "sku_code,price,stock\n{code},2.00,9\nNOPE-1,3.00,1\n"
    ));
    assert_eq!(bad.status, 400, "{}", bad.body);
    assert!(bad.body.contains("Row 3"), "{}", bad.body);
    assert_eq!(shop_price(&shop, &slug), before);

    let good = import(&format!("sku_code,price,stock\n{code},2.00,9\n"));
    assert_eq!(good.status, 200, "{}", good.body);
    assert_eq!(shop_price(&shop, &slug), 200);
}

/// A server function's form post as the given staff member.
fn post_as(shop: &Running, path: &str, cookie: &str, fields: &[(&str, &str)]) -> support::Response {
    shop.post_form(path, fields, &[("Cookie", cookie)])
}

fn search_total(shop: &Running, words: &str) -> u64 {
    let query: String = form_urlencoded::Serializer::new(String::new())
        .append_pair("query", &format!("q={words}"))
        .finish();
    let page: Value =
        serde_json::from_str(&shop.get(&format!("/api/search?{query}")).body).expect("search JSON");
    page["listing"]["total"].as_u64().expect("a total")
}

#[test]
fn staff_create_a_product_edit_its_texts_file_it_and_moderate_reviews() {
    let (_data, shop, owner) = demo_shop_with_owner();
    let catalog = create_staff(&shop, &owner, "cat@shop.test", "catalog");
    let support = create_staff(&shop, &owner, "help@shop.test", "support");

    let taxonomy = get_json(&shop, "/api/admin/catalog/taxonomy", &catalog);
    let leaf = taxonomy["categories"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["depth"] == 3)
        .expect("a leaf category");
    let leaf_id = leaf["id"].as_i64().unwrap().to_string();
    let brand_id = taxonomy["brands"][0]["id"].as_i64().unwrap().to_string();

    let product = |title: &'static str, specs: &'static str, price: &'static str| {
        vec![
            ("form[title]", title),
            ("form[subtitle]", "Boils in a minute"),
            ("form[slug]", ""),
            ("form[category]", leaf_id.as_str()),
            ("form[brand]", brand_id.as_str()),
            ("form[description]", "**Fast** and quiet."),
            ("form[attributes]", "Power: 1800 W"),
            ("specs", specs),
            ("price", price),
            ("stock", "7"),
        ]
    };
    let create = "/api/admin/catalog/product/create";
    let good = product("Quokka Kettle 2", "Colour: Red, Blue\nSize: 1L, 2L", "129");
    assert_eq!(post_as(&shop, create, &support, &good).status, 403);

    // Every problem is named, and nothing is created.
    let bad = post_as(
        &shop,
        create,
        &catalog,
        &product("Quokka Kettle 2", "Colour: Red, Red", "free"),
    );
    assert_eq!(bad.status, 400, "{}", bad.body);
    assert!(
        bad.body.contains("line 1") && bad.body.contains("price"),
        "{}",
        bad.body
    );
    let found = get_json(
        &shop,
        "/api/admin/catalog/products?text=Quokka&status=&page=0",
        &catalog,
    );
    assert_eq!(found["total"], 0, "{found}");

    let created = post_as(&shop, create, &catalog, &good);
    assert_eq!(created.status, 200, "{}", created.body);
    let id: i64 = created.body.trim().parse().expect("the new product's id");
    let admin = get_json(
        &shop,
        &format!("/api/admin/catalog/product?id={id}"),
        &catalog,
    );
    assert_eq!(admin["status"], "Draft", "{admin}");
    assert_eq!(admin["slug"], "quokka-kettle-2", "{admin}");
    let codes: Vec<&str> = admin["skus"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes,
        [
            "QUOKKA-KETTLE-2-01",
            "QUOKKA-KETTLE-2-02",
            "QUOKKA-KETTLE-2-03",
            "QUOKKA-KETTLE-2-04"
        ]
    );
    // A draft is the staff's business only.
    assert_eq!(
        shop.get("/api/catalog/product?slug=quokka-kettle-2").status,
        404
    );

    let id_text = id.to_string();
    let listed = post_as(
        &shop,
        "/api/admin/catalog/status",
        &catalog,
        &[("id", &id_text), ("status", "listed")],
    );
    assert_eq!(listed.status, 200, "{}", listed.body);
    assert_eq!(search_total(&shop, "quokka"), 1);

    // A new title is on the product page and in search at once.
    let texts = post_as(
        &shop,
        "/api/admin/catalog/product/texts",
        &catalog,
        &[
            ("id", &id_text),
            ("form[title]", "Quokka Kettle Pro"),
            ("form[slug]", "quokka-kettle-2"),
            ("form[category]", &leaf_id),
            ("form[brand]", &brand_id),
            ("form[attributes]", "Power: 2200 W"),
        ],
    );
    assert_eq!(texts.status, 200, "{}", texts.body);
    let page: Value =
        serde_json::from_str(&shop.get("/api/catalog/product?slug=quokka-kettle-2").body).unwrap();
    assert_eq!(page["title"], "Quokka Kettle Pro", "{page}");
    assert_eq!(search_total(&shop, "quokka pro"), 1);

    // A new colour after creation: one SKU per size, on the shop at once.
    let spec_id = admin["specs"][0]["id"].as_i64().unwrap().to_string();
    let add_value = "/api/admin/catalog/variants/value";
    let green = [
        ("product_id", id_text.as_str()),
        ("spec_id", spec_id.as_str()),
        ("value", "Green"),
        ("price", "119"),
    ];
    assert_eq!(post_as(&shop, add_value, &support, &green).status, 403);
    let added = post_as(&shop, add_value, &catalog, &green);
    assert_eq!(added.status, 200, "{}", added.body);
    assert_eq!(added.body.trim(), "2");
    let shop_skus = |slug: &str| -> Vec<Value> {
        let page: Value =
            serde_json::from_str(&shop.get(&format!("/api/catalog/product?slug={slug}")).body)
                .unwrap();
        page["skus"].as_array().unwrap().clone()
    };
    assert_eq!(shop_skus("quokka-kettle-2").len(), 6);
    let again = post_as(
        &shop,
        add_value,
        &catalog,
        &[
            ("product_id", id_text.as_str()),
            ("spec_id", spec_id.as_str()),
            ("value", "green"),
            ("price", "119"),
        ],
    );
    assert_eq!(again.status, 400, "{}", again.body);
    assert!(again.body.contains("already has"), "{}", again.body);
    assert_eq!(
        shop_skus("quokka-kettle-2").len(),
        6,
        "a refused value adds nothing"
    );

    // A retired SKU leaves the shop but stays in the back office.
    let admin = get_json(
        &shop,
        &format!("/api/admin/catalog/product?id={id}"),
        &catalog,
    );
    let first_sku = admin["skus"][0]["id"].as_i64().unwrap().to_string();
    let retire = [
        ("product_id", id_text.as_str()),
        ("sku_id", first_sku.as_str()),
        ("status", "retired"),
    ];
    let status = "/api/admin/catalog/variants/status";
    assert_eq!(post_as(&shop, status, &support, &retire).status, 403);
    let retired = post_as(&shop, status, &catalog, &retire);
    assert_eq!(retired.status, 200, "{}", retired.body);
    assert_eq!(shop_skus("quokka-kettle-2").len(), 5);
    let admin = get_json(
        &shop,
        &format!("/api/admin/catalog/product?id={id}"),
        &catalog,
    );
    assert_eq!(admin["skus"].as_array().unwrap().len(), 6, "{admin}");
    assert_eq!(admin["skus"][5]["status"], "Retired", "{admin}");

    // The tree stays three levels deep, and slugs are checked.
    let category = "/api/admin/catalog/category/save";
    let too_deep = post_as(
        &shop,
        category,
        &catalog,
        &[
            ("parent", &leaf_id),
            ("slug", "deeper"),
            ("name_zh", "更深"),
            ("name_en", "Deeper"),
        ],
    );
    assert_eq!(too_deep.status, 400, "{}", too_deep.body);
    assert!(too_deep.body.contains("three levels"), "{}", too_deep.body);
    let fields = [
        ("parent", ""),
        ("slug", "Bad Slug"),
        ("name_zh", "新"),
        ("name_en", "New"),
    ];
    assert_eq!(post_as(&shop, category, &catalog, &fields).status, 400);
    let fields = [
        ("parent", ""),
        ("slug", "quokka-camping"),
        ("name_zh", "户外"),
        ("name_en", "Outdoor"),
    ];
    assert_eq!(post_as(&shop, category, &support, &fields).status, 403);
    let made = post_as(&shop, category, &catalog, &fields);
    assert_eq!(made.status, 200, "{}", made.body);
    assert_eq!(
        shop.get("/api/catalog/category?slug=quokka-camping&query=")
            .status,
        200
    );

    // A hidden review leaves the product's rating.
    let reviews = get_json(
        &shop,
        "/api/admin/catalog/reviews?visibility=&page=0",
        &catalog,
    );
    let review = &reviews["rows"][0];
    let slug = review["product_slug"].as_str().unwrap();
    let count = |shop: &Running| {
        let page: Value =
            serde_json::from_str(&shop.get(&format!("/api/catalog/product?slug={slug}")).body)
                .unwrap();
        page["rating"]["count"].as_i64().unwrap()
    };
    let before = count(&shop);
    let review_id = review["id"].as_i64().unwrap().to_string();
    let hide = [("id", review_id.as_str()), ("hidden", "true")];
    let hide_path = "/api/admin/catalog/review/hide";
    assert_eq!(post_as(&shop, hide_path, &support, &hide).status, 403);
    assert_eq!(count(&shop), before);
    let hidden = post_as(&shop, hide_path, &catalog, &hide);
    assert_eq!(hidden.status, 200, "{}", hidden.body);
    assert_eq!(count(&shop), before - 1);

    let audit = request(
        &shop.addr,
        "GET",
        "/api/admin/audit?filter[page]=0",
        &[("Cookie", &owner)],
        "",
    );
    for action in [
        "product.create",
        "product.texts",
        "product.spec_value",
        "product.sku_retire",
        "category.create",
        "review.hide",
    ] {
        assert!(audit.body.contains(action), "{action}: {}", audit.body);
    }
}
