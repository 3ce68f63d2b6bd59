//! The cart through the real server over HTTP: a guest's cart lives in a
//! cookie of its own, nobody else can see or change it, the page and its
//! badge are rendered on the server, forms work without JavaScript, and the
//! cart joins the member's at registration.

use crate::support;

use serde_json::Value;
use support::{Running, demo_shop_with_owner, get_json, request};

/// Two in-stock SKUs of the demo shop (code, id, stock), each of another
/// product, both with at least 3 units.
fn two_skus(shop: &Running, owner: &str) -> Vec<(String, i64, i64)> {
    let listed = get_json(
        shop,
        "/api/admin/catalog/products?text=&status=listed&page=0",
        owner,
    );
    let mut found = Vec::new();
    for row in listed["rows"].as_array().unwrap() {
        let slug = row["slug"].as_str().unwrap();
        let page: Value =
            serde_json::from_str(&shop.get(&format!("/api/catalog/product?slug={slug}")).body)
                .unwrap();
        if let Some(sku) = page["skus"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["stock"].as_i64().unwrap() >= 3)
        {
            found.push((
                sku["code"].as_str().unwrap().to_owned(),
                sku["id"].as_i64().unwrap(),
                sku["stock"].as_i64().unwrap(),
            ));
        }
        if found.len() == 2 {
            return found;
        }
    }
    panic!("the demo shop has in-stock SKUs");
}

fn add(shop: &Running, cookie: &str, code: &str, quantity: &str) -> support::Response {
    shop.post_form(
        "/api/cart/add",
        &[("sku", code), ("quantity", quantity)],
        &[("Cookie", cookie)],
    )
}

fn cart_of(shop: &Running, cookie: &str) -> Value {
    get_json(shop, "/api/cart", cookie)
}

fn quantities(cart: &Value) -> Vec<(String, i64)> {
    cart["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["sku_code"].as_str().unwrap().to_owned(),
                l["quantity"].as_i64().unwrap(),
            )
        })
        .collect()
}

/// The text of the header's cart badge in a page's HTML.
fn badge(html: &str) -> String {
    let at = html.find("data-testid=\"cart-count\"").expect("a badge");
    let rest = &html[at..];
    let inner = &rest[rest.find('>').unwrap() + 1..rest.find("</span>").unwrap()];
    inner
        .replace("<!>", "")
        .replace("<!---->", "")
        .trim()
        .to_owned()
}

#[test]
fn a_guest_cart_is_private_rendered_on_the_server_and_joins_the_members_at_registration() {
    let (_data, shop, owner) = demo_shop_with_owner();
    let skus = two_skus(&shop, &owner);
    let (first, first_id, first_stock) = skus[0].clone();
    let (second, _, _) = skus[1].clone();

    // The first add gives the guest a cart cookie of their own.
    let added = add(&shop, "", &first, "2");
    assert_eq!(added.status, 200, "{}", added.body);
    assert_eq!(added.body.trim(), "2", "units in the cart");
    let guest = added.cookie("cart").expect("a guest cart cookie");
    let set = &added.headers["set-cookie"].join(" ");
    assert!(
        set.contains("HttpOnly") && set.contains("SameSite=Lax"),
        "{set}"
    );
    let again = add(&shop, &guest, &second, "1");
    assert_eq!(again.body.trim(), "3", "{}", again.body);
    assert!(again.cookie("cart").is_none(), "the cookie is set once");
    assert_eq!(
        quantities(&cart_of(&shop, &guest)),
        [(second.clone(), 1), (first.clone(), 2)],
        "newest first"
    );

    // Another browser sees an empty cart and cannot change this one.
    let stranger = add(&shop, "", &second, "1").cookie("cart").unwrap();
    assert_eq!(
        quantities(&cart_of(&shop, &stranger)),
        [(second.clone(), 1)]
    );
    // The operator sees the adds written by the shared writer.
    let metrics = shop.get("/metrics").body;
    assert!(
        metrics.contains(r#"shop_write_batch_jobs_sum{kind="cart_add"} 3"#),
        "three adds written:\n{metrics}"
    );
    let meddled = shop.post_form(
        "/api/cart/update",
        &[("sku_id", &first_id.to_string()), ("quantity", "9")],
        &[("Cookie", &stranger)],
    );
    assert_eq!(meddled.status, 404, "{}", meddled.body);
    assert_eq!(
        get_json(&shop, "/api/cart", "")["lines"],
        serde_json::json!([])
    );

    // Bad quantities are refused with a reason and change nothing.
    let id = first_id.to_string();
    for bad in ["0", "abc", "100"] {
        let refused = shop.post_form(
            "/api/cart/update",
            &[("sku_id", &id), ("quantity", bad)],
            &[("Cookie", &guest)],
        );
        assert_eq!(refused.status, 400, "{bad}: {}", refused.body);
        assert!(refused.body.contains("1 to 99"), "{}", refused.body);
    }
    let too_many = add(&shop, &guest, &first, &first_stock.min(99).to_string());
    assert_eq!(too_many.status, 409, "{}", too_many.body);
    assert!(too_many.body.contains("Only"), "{}", too_many.body);
    assert_eq!(
        quantities(&cart_of(&shop, &guest)),
        [(second.clone(), 1), (first.clone(), 2)]
    );

    // Without JavaScript: the form answers with the cart page, which is
    // rendered on the server with its lines and the header's badge.
    let plain = request(
        &shop.addr,
        "POST",
        "/api/cart/update",
        &[
            ("Cookie", &guest),
            ("Accept", "text/html"),
            ("Content-Type", "application/x-www-form-urlencoded"),
        ],
        &format!("sku_id={id}&quantity=3"),
    );
    assert!(
        [302, 303].contains(&plain.status),
        "{}: {}",
        plain.status,
        plain.body
    );
    assert_eq!(plain.headers["location"], ["/cart"]);
    let page = request(&shop.addr, "GET", "/cart", &[("Cookie", &guest)], "");
    assert_eq!(page.status, 200);
    assert_eq!(page.body.matches("data-testid=\"cart-line\"").count(), 2);
    assert_eq!(badge(&page.body), "4", "the badge counts 3 + 1");

    // Registering keeps what the guest chose, and forgets the guest cookie.
    let registered = shop.post_form(
        "/api/members/register",
        &[
            ("email", "shopper@shop.test"),
            ("display_name", "Shopper"),
            ("password", "a long shopper password"),
        ],
        &[("Cookie", &guest)],
    );
    assert_eq!(registered.status, 200, "{}", registered.body);
    let member = registered.cookie("sid").expect("a session");
    assert_eq!(registered.cookie("cart").as_deref(), Some("cart="));
    assert_eq!(
        quantities(&cart_of(&shop, &member)),
        [(second.clone(), 1), (first.clone(), 3)]
    );
    assert_eq!(
        get_json(&shop, "/api/cart", &guest)["lines"],
        serde_json::json!([]),
        "the old guest cookie no longer opens the cart"
    );

    // Removing a line; the member's cart is theirs alone.
    let removed = shop.post_form(
        "/api/cart/remove",
        &[("sku_id", &id)],
        &[("Cookie", &member)],
    );
    assert_eq!(removed.status, 200, "{}", removed.body);
    assert_eq!(quantities(&cart_of(&shop, &member)), [(second, 1)]);
}
