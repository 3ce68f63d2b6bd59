//! Checkout through the real server over HTTP: the page's key places one
//! order however often it is sent, the order takes the stock and empties
//! the cart, a changed total is refused, another member cannot see or
//! cancel it by its number, a second tab of the same cart is told where
//! its items went, and cancelling returns the stock.

use crate::support;

use serde_json::{Value, json};
use support::{DataDir, Running, demo_shop_with_owner, get_json};

/// Registers a member with one address; their session cookie.
fn member_with_address(shop: &Running, email: &str) -> String {
    let registered = shop.post_form(
        "/api/members/register",
        &[
            ("email", email),
            ("display_name", "Shopper"),
            ("password", "a long shopper password"),
        ],
        &[],
    );
    assert_eq!(registered.status, 200, "{}", registered.body);
    let sid = registered.cookie("sid").expect("a session");
    let added = shop.post_form(
        "/api/members/addresses/add",
        &[
            ("address[recipient]", "Ada"),
            ("address[phone]", "13800138000"),
            ("address[region]", "上海市"),
            ("address[city]", "上海市"),
            ("address[district]", "浦东新区"),
            ("address[street]", "世纪大道 100 号"),
            ("address[postcode]", ""),
        ],
        &[("Cookie", &sid)],
    );
    assert_eq!(added.status, 200, "{}", added.body);
    sid
}

/// A SKU of the demo shop with at least 3 in stock: (code, product slug, stock).
fn in_stock_sku(shop: &Running, owner: &str) -> (String, String, i64) {
    let listed = get_json(
        shop,
        "/api/admin/catalog/products?text=&status=listed&page=0",
        owner,
    );
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
            return (
                sku["code"].as_str().unwrap().to_owned(),
                slug.to_owned(),
                sku["stock"].as_i64().unwrap(),
            );
        }
    }
    panic!("the demo shop has an in-stock SKU");
}

fn stock_of(shop: &Running, slug: &str, code: &str) -> i64 {
    let page: Value =
        serde_json::from_str(&shop.get(&format!("/api/catalog/product?slug={slug}")).body).unwrap();
    page["skus"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["code"] == code)
        .unwrap()["stock"]
        .as_i64()
        .unwrap()
}

#[test]
fn a_checkout_places_one_order_that_only_its_member_sees_and_can_cancel() {
    let (_data, shop, owner) = demo_shop_with_owner();
    let (code, slug, stock) = in_stock_sku(&shop, &owner);
    let ada = member_with_address(&shop, "ada@shop.test");
    let added = shop.post_form(
        "/api/cart/add",
        &[("sku", code.as_str()), ("quantity", "2")],
        &[("Cookie", &ada)],
    );
    assert_eq!(added.status, 200, "{}", added.body);

    let checkout = get_json(&shop, "/api/orders/checkout", &ada);
    let key = checkout["key"].as_str().unwrap().to_owned();
    let total = checkout["before_coupon"].as_i64().unwrap();
    let address = checkout["addresses"][0]["id"].as_i64().unwrap().to_string();
    assert_eq!(checkout["lines"].as_array().unwrap().len(), 1, "{checkout}");
    let place = |cookie: &str, expected: i64| {
        shop.post_form(
            "/api/orders/place",
            &[
                ("key", key.as_str()),
                ("address_id", address.as_str()),
                ("note", "Leave it at the door"),
                ("expected_before_coupon", &expected.to_string()),
            ],
            &[("Cookie", cookie)],
        )
    };

    // A total the shopper did not see is refused, and nothing is placed.
    let stale = place(&ada, total - 1);
    assert_eq!(stale.status, 409, "{}", stale.body);
    assert!(stale.body.contains("Prices changed"), "{}", stale.body);
    assert_eq!(stock_of(&shop, &slug, &code), stock);

    let placed = place(&ada, total);
    assert_eq!(placed.status, 200, "{}", placed.body);
    let order_no: String = serde_json::from_str(&placed.body).unwrap();
    let again = place(&ada, total);
    assert_eq!(
        serde_json::from_str::<String>(&again.body).unwrap(),
        order_no,
        "a resent page names the same order"
    );
    assert_eq!(stock_of(&shop, &slug, &code), stock - 2, "taken once");
    assert_eq!(
        get_json(&shop, "/api/cart", &ada)["lines"],
        serde_json::json!([])
    );

    let path = format!("/api/orders/get?order_no={order_no}");
    let order = get_json(&shop, &path, &ada);
    assert_eq!(order["status"], "PendingPayment", "{order}");
    assert_eq!(order["breakdown"]["total"], total, "{order}");
    assert_eq!(order["note"], "Leave it at the door");
    assert!(order["address"].as_str().unwrap().contains("世纪大道"));

    // Another member knows the number but gets nothing.
    let eve = member_with_address(&shop, "eve@shop.test");
    let peeked = support::request(&shop.addr, "GET", &path, &[("Cookie", &eve)], "");
    assert_eq!(peeked.status, 404, "{}", peeked.body);
    let cancel = |cookie: &str| {
        shop.post_form(
            "/api/orders/cancel",
            &[("order_no", order_no.as_str())],
            &[("Cookie", cookie)],
        )
    };
    assert_eq!(cancel(&eve).status, 404);
    assert_eq!(shop.get(&path).status, 401, "a guest");

    // The member cancels; the stock is back, once.
    assert_eq!(cancel(&ada).status, 200);
    let twice = cancel(&ada);
    assert_eq!(twice.status, 409, "{}", twice.body);
    assert_eq!(stock_of(&shop, &slug, &code), stock);
    let order = get_json(&shop, &path, &ada);
    assert_eq!(order["status"], "Cancelled", "{order}");
    let steps: Vec<&str> = order["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["to"].as_str().unwrap())
        .collect();
    assert_eq!(steps, ["PendingPayment", "Cancelled"]);

    // Each member's list holds their own orders only.
    let mine = get_json(&shop, "/api/orders?page=0", &ada);
    assert_eq!(mine.as_array().unwrap().len(), 1, "{mine}");
    assert_eq!(mine[0]["order_no"], order_no.as_str());
    assert_eq!(
        get_json(&shop, "/api/orders?page=0", &eve),
        serde_json::json!([])
    );
}

/// Signs a sandbox notice as the provider would, with `secret`.
fn sandbox_notice(secret: &str, payment_no: &str, order_no: &str, amount: i64) -> (String, String) {
    use app::payments::model::Outcome;
    use app::payments::sandbox::SandboxProvider;

    let (body, header) = SandboxProvider::new(secret).unwrap().notice(
        payment_no,
        order_no,
        amount,
        Outcome::Succeeded,
        chrono::Utc::now(),
    );
    (String::from_utf8(body).unwrap(), header)
}

fn deliver(shop: &Running, body: &str, signature: &str) -> support::Response {
    support::request(
        &shop.addr,
        "POST",
        "/api/pay/sandbox",
        &[
            ("Content-Type", "application/json"),
            ("Shop-Signature", signature),
        ],
        body,
    )
}

#[test]
fn a_second_tab_is_told_its_items_were_ordered_in_the_first() {
    let (_data, shop, owner) = demo_shop_with_owner();
    let (code, slug, stock) = in_stock_sku(&shop, &owner);
    let ada = member_with_address(&shop, "ada@shop.test");
    let eve = member_with_address(&shop, "eve@shop.test");
    shop.post_form(
        "/api/cart/add",
        &[("sku", code.as_str()), ("quantity", "1")],
        &[("Cookie", &ada)],
    );
    let first_tab = get_json(&shop, "/api/orders/checkout", &ada);
    let second_tab = get_json(&shop, "/api/orders/checkout", &ada);
    let shown: Vec<String> = second_tab["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["line_id"].to_string())
        .collect();
    let shown = shown.join(",");
    let place = |tab: &Value, cookie: &str, shown_lines: &str| {
        shop.post_form(
            "/api/orders/place",
            &[
                ("key", tab["key"].as_str().unwrap()),
                ("address_id", &tab["addresses"][0]["id"].to_string()),
                ("note", ""),
                ("expected_before_coupon", &tab["before_coupon"].to_string()),
                ("shown_lines", shown_lines),
            ],
            &[("Cookie", cookie)],
        )
    };

    // A page can only send the ids it was given.
    let forged = place(&second_tab, &ada, "one,two");
    assert_eq!(forged.status, 400, "{}", forged.body);
    assert!(forged.body.contains("out of date"), "{}", forged.body);
    assert_eq!(stock_of(&shop, &slug, &code), stock, "nothing placed");

    let placed = place(&first_tab, &ada, &shown);
    assert_eq!(placed.status, 200, "{}", placed.body);
    let late = place(&second_tab, &ada, &shown);
    assert_eq!(late.status, 409, "{}", late.body);
    assert!(
        late.body.contains("ordered from another tab"),
        "{}",
        late.body
    );
    assert_eq!(stock_of(&shop, &slug, &code), stock - 1, "taken once");

    // Someone else's line ids tell nothing about that cart.
    let eves_tab = get_json(&shop, "/api/orders/checkout", &eve);
    let nosy = place(&eves_tab, &eve, &shown);
    assert_eq!(nosy.status, 409, "{}", nosy.body);
    assert!(nosy.body.contains("Nothing in your cart"), "{}", nosy.body);
}

#[test]
fn express_delivery_is_charged_as_chosen_and_refused_once_turned_off() {
    let (_data, shop, owner) = demo_shop_with_owner();
    let (code, slug, stock) = in_stock_sku(&shop, &owner);
    let ada = member_with_address(&shop, "ada@shop.test");
    let add = || {
        shop.post_form(
            "/api/cart/add",
            &[("sku", code.as_str()), ("quantity", "1")],
            &[("Cookie", &ada)],
        )
    };
    add();
    let standard = get_json(&shop, "/api/orders/checkout", &ada);
    let express = get_json(&shop, "/api/orders/checkout?shipping=express", &ada);
    assert_eq!(
        (&standard["shipping"], &express["shipping"]),
        (&json!("Standard"), &json!("Express"))
    );
    // The demo shop charges ¥20 for express, whatever the order's size.
    assert_eq!(express["shipping_fee"], 2_000);
    let fee = |page: &Value| page["shipping_fee"].as_i64().unwrap();
    let total = |page: &Value| page["before_coupon"].as_i64().unwrap();
    assert_eq!(total(&express) - total(&standard), 2_000 - fee(&standard));
    let place = |page: &Value, shipping: &str| {
        shop.post_form(
            "/api/orders/place",
            &[
                ("key", page["key"].as_str().unwrap()),
                ("address_id", &page["addresses"][0]["id"].to_string()),
                ("note", ""),
                ("expected_before_coupon", &total(page).to_string()),
                ("shipping", shipping),
            ],
            &[("Cookie", &ada)],
        )
    };

    let unknown = place(&express, "teleport");
    assert_eq!(unknown.status, 400, "{}", unknown.body);
    // Express sent from a page that showed standard's total: the shopper
    // never saw what it costs.
    let unseen = place(&standard, "express");
    assert_eq!(unseen.status, 409, "{}", unseen.body);
    assert!(unseen.body.contains("the total is now"), "{}", unseen.body);
    assert_eq!(stock_of(&shop, &slug, &code), stock, "nothing placed");

    let placed = place(&express, "express");
    assert_eq!(placed.status, 200, "{}", placed.body);
    let order_no: String = serde_json::from_str(&placed.body).unwrap();
    let order = get_json(&shop, &format!("/api/orders/get?order_no={order_no}"), &ada);
    assert_eq!(order["shipping_method"], "Express");
    assert_eq!(order["breakdown"]["shipping"], 2_000);
    assert_eq!(order["breakdown"]["total"].as_i64(), Some(total(&express)));

    // Staff stop offering express: a page still priced for it cannot place,
    // and the checkout now offers standard only.
    add();
    let stale = get_json(&shop, "/api/orders/checkout?shipping=express", &ada);
    let saved = shop.post_form(
        "/api/admin/settings/orders/save",
        &[
            ("shipping_fee", "10"),
            ("free_shipping_from", "99"),
            ("express_fee", "0"),
            ("payment_timeout_minutes", "30"),
            ("flash_payment_timeout_minutes", "10"),
            ("auto_complete_days", "7"),
        ],
        &[("Cookie", &owner)],
    );
    assert_eq!(saved.status, 200, "{}", saved.body);
    let refused = place(&stale, "express");
    assert_eq!(refused.status, 409, "{}", refused.body);
    assert!(refused.body.contains("not offered"), "{}", refused.body);
    assert_eq!(
        stock_of(&shop, &slug, &code),
        stock - 1,
        "only the express order took stock"
    );
    let now = get_json(&shop, "/api/orders/checkout?shipping=express", &ada);
    assert_eq!(now["shipping"], "Standard");
    assert_eq!(now["shipping_options"].as_array().unwrap().len(), 1);
}

#[test]
fn a_paid_order_goes_through_staff_to_completion_over_http() {
    let (_data, shop, owner) = demo_shop_with_owner();
    let (code, _slug, _stock) = in_stock_sku(&shop, &owner);
    let ada = member_with_address(&shop, "ada@shop.test");
    let eve = member_with_address(&shop, "eve@shop.test");
    shop.post_form(
        "/api/cart/add",
        &[("sku", code.as_str()), ("quantity", "1")],
        &[("Cookie", &ada)],
    );
    let checkout = get_json(&shop, "/api/orders/checkout", &ada);
    let total = checkout["before_coupon"].as_i64().unwrap();
    let placed = shop.post_form(
        "/api/orders/place",
        &[
            ("key", checkout["key"].as_str().unwrap()),
            ("address_id", &checkout["addresses"][0]["id"].to_string()),
            ("note", ""),
            ("expected_before_coupon", &total.to_string()),
        ],
        &[("Cookie", &ada)],
    );
    let order_no: String = serde_json::from_str(&placed.body).unwrap();

    // Only the order's member may start paying it.
    let stranger = shop.post_form(
        "/api/payments/start",
        &[("order_no", &order_no)],
        &[("Cookie", &eve)],
    );
    assert_eq!(stranger.status, 404, "{}", stranger.body);
    let started = shop.post_form(
        "/api/payments/start",
        &[("order_no", &order_no)],
        &[("Cookie", &ada)],
    );
    assert_eq!(started.status, 200, "{}", started.body);
    let url: String = serde_json::from_str(&started.body).unwrap();
    let payment_no = url.split("payment=").nth(1).unwrap().to_owned();
    let status = |cookie: &str| {
        get_json(
            &shop,
            &format!("/api/orders/get?order_no={order_no}"),
            cookie,
        )["status"]
            .clone()
    };

    // A forged notice and one for the wrong amount are refused.
    let (body, forged) = sandbox_notice("guessed secret", &payment_no, &order_no, total);
    assert_eq!(deliver(&shop, &body, &forged).status, 401);
    let (body, signature) = sandbox_notice(support::SANDBOX_SECRET, &payment_no, &order_no, 1);
    assert_eq!(deliver(&shop, &body, &signature).status, 422);
    assert_eq!(status(&ada), "PendingPayment");

    // The genuine notice pays; its repeat is acknowledged and changes nothing.
    let (body, signature) = sandbox_notice(support::SANDBOX_SECRET, &payment_no, &order_no, total);
    assert_eq!(deliver(&shop, &body, &signature).status, 200);
    assert_eq!(deliver(&shop, &body, &signature).status, 200);
    assert_eq!(status(&ada), "Paid");

    // Members cannot reach the back office; staff find the order by its member.
    let refused = support::request(
        &shop.addr,
        "GET",
        &format!("/api/admin/orders/get?order_no={order_no}"),
        &[("Cookie", &ada)],
        "",
    );
    assert_eq!(refused.status, 403, "{}", refused.body);
    let found = get_json(
        &shop,
        "/api/admin/orders?status=paid&from=&to=&order_no=&email=ada%40shop&page=0",
        &owner,
    );
    assert_eq!(found["total"], 1, "{found}");
    assert_eq!(found["rows"][0]["order_no"], order_no.as_str());

    let ship = |tracking: &str| {
        shop.post_form(
            "/api/admin/orders/ship",
            &[
                ("order_no", &order_no),
                ("carrier", "SF Express"),
                ("tracking_no", tracking),
            ],
            &[("Cookie", &owner)],
        )
    };
    assert_eq!(ship("SF 1").status, 400, "a tracking number is one word");
    assert_eq!(ship("SF1").status, 200);
    assert_eq!(ship("SF2").status, 409, "shipped once");
    let detail = get_json(&shop, &format!("/api/orders/get?order_no={order_no}"), &ada);
    assert_eq!(detail["status"], "Shipped");
    assert_eq!(detail["tracking_no"], "SF1");

    // Eve knows the number, but cannot confirm it nor ask its money back.
    let confirm = |cookie: &str| {
        shop.post_form(
            "/api/orders/confirm",
            &[("order_no", &order_no)],
            &[("Cookie", cookie)],
        )
    };
    assert_eq!(confirm(&eve).status, 404);
    let refund = shop.post_form(
        "/api/orders/refund",
        &[("order_no", &order_no), ("reason", "never came")],
        &[("Cookie", &eve)],
    );
    assert_eq!(refund.status, 404, "{}", refund.body);
    assert_eq!(status(&ada), "Shipped");

    let confirmed = confirm(&ada);
    assert_eq!(confirmed.status, 200, "{}", confirmed.body);
    assert_eq!(status(&ada), "Completed");

    let csv = support::request(
        &shop.addr,
        "GET",
        &format!("/admin/orders.csv?status=completed&order_no={order_no}"),
        &[("Cookie", &owner)],
        "",
    );
    assert_eq!(csv.status, 200);
    assert!(csv.body.contains(&format!("{order_no},")), "{}", csv.body);
    assert!(csv.body.contains("ada@shop.test"), "{}", csv.body);

    // The shipment and the export are in the audit log, by the owner.
    let audit = get_json(&shop, "/api/admin/audit?filter[page]=0", &owner);
    let actions: Vec<(&str, &str)> = audit[0]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["action"].as_str().unwrap(),
                r["entity_id"].as_str().unwrap(),
            )
        })
        .collect();
    assert!(
        actions.contains(&("order.ship", order_no.as_str())),
        "{audit}"
    );
    assert!(actions.contains(&("order.export", "")), "{audit}");
}

/// A paid order of one unit of `code` for `member`; its number and total.
fn paid_order(shop: &Running, member: &str, code: &str, key: &str) -> (String, i64) {
    shop.post_form(
        "/api/cart/add",
        &[("sku", code), ("quantity", "1")],
        &[("Cookie", member)],
    );
    let checkout = get_json(shop, "/api/orders/checkout", member);
    let total = checkout["before_coupon"].as_i64().unwrap();
    let placed = shop.post_form(
        "/api/orders/place",
        &[
            ("key", key),
            ("address_id", &checkout["addresses"][0]["id"].to_string()),
            ("note", ""),
            ("expected_before_coupon", &total.to_string()),
        ],
        &[("Cookie", member)],
    );
    let order_no: String = serde_json::from_str(&placed.body).unwrap();
    let started = shop.post_form(
        "/api/payments/start",
        &[("order_no", &order_no)],
        &[("Cookie", member)],
    );
    let url: String = serde_json::from_str(&started.body).unwrap();
    let payment_no = url.split("payment=").nth(1).unwrap().to_owned();
    let (body, signature) = sandbox_notice(support::SANDBOX_SECRET, &payment_no, &order_no, total);
    assert_eq!(deliver(shop, &body, &signature).status, 200);
    (order_no, total)
}

#[test]
fn staff_decide_refund_requests_and_an_approved_refund_returns_the_stock() {
    let (_data, shop, owner) = demo_shop_with_owner();
    let (code, slug, stock) = in_stock_sku(&shop, &owner);
    let ada = member_with_address(&shop, "ada@shop.test");
    let (approved, _) = paid_order(&shop, &ada, &code, "first");
    let (declined, _) = paid_order(&shop, &ada, &code, "second");
    assert_eq!(stock_of(&shop, &slug, &code), stock - 2);

    let ask = |order_no: &str, reason: &str| {
        shop.post_form(
            "/api/orders/refund",
            &[("order_no", order_no), ("reason", reason)],
            &[("Cookie", &ada)],
        )
    };
    assert_eq!(ask(&approved, "  ").status, 400, "a reason is needed");
    assert_eq!(ask(&approved, "Wrong size").status, 200);
    assert_eq!(ask(&approved, "Wrong size").status, 409, "asked once");
    assert_eq!(ask(&declined, "Changed my mind").status, 200);

    let decide = |order_no: &str, approve: &str| {
        shop.post_form(
            "/api/admin/orders/refund",
            &[
                ("order_no", order_no),
                ("approve", approve),
                ("note", "checked"),
            ],
            &[("Cookie", &owner)],
        )
    };
    // Members cannot decide their own refunds.
    let mine = shop.post_form(
        "/api/admin/orders/refund",
        &[
            ("order_no", &approved),
            ("approve", "true"),
            ("note", "mine"),
        ],
        &[("Cookie", &ada)],
    );
    assert_eq!(mine.status, 403);
    assert_eq!(decide(&approved, "true").status, 200);
    assert_eq!(decide(&approved, "true").status, 409, "refunded once");
    assert_eq!(decide(&declined, "false").status, 200);

    let order = |no: &str| get_json(&shop, &format!("/api/orders/get?order_no={no}"), &ada);
    assert_eq!(order(&approved)["status"], "Refunded");
    assert_eq!(order(&declined)["status"], "RefundRejected");
    let detail = get_json(
        &shop,
        &format!("/api/admin/orders/get?order_no={approved}"),
        &owner,
    );
    assert_eq!(detail["payments"][0]["status"], "refunded", "{detail}");
    assert_eq!(
        stock_of(&shop, &slug, &code),
        stock - 1,
        "the refunded unit is back on sale, the declined one is not"
    );
}

/// A member takes a copy of everything the shop holds about them, then
/// closes the account: the personal data is gone at once, the order stays
/// in the shop's books without the person, the email is free again, and
/// staff see both requests in the audit log.
#[test]
fn a_member_takes_their_data_then_closes_the_account_and_the_orders_stay_without_them() {
    let (_data, shop, owner) = demo_shop_with_owner();
    let (code, slug, stock) = in_stock_sku(&shop, &owner);
    let ada = member_with_address(&shop, "ada@shop.test");
    let eve = member_with_address(&shop, "eve@shop.test");
    let add = |quantity: &str| {
        let added = shop.post_form(
            "/api/cart/add",
            &[("sku", code.as_str()), ("quantity", quantity)],
            &[("Cookie", &ada)],
        );
        assert_eq!(added.status, 200, "{}", added.body);
    };
    add("1");
    let checkout = get_json(&shop, "/api/orders/checkout", &ada);
    let placed = shop.post_form(
        "/api/orders/place",
        &[
            ("key", checkout["key"].as_str().unwrap()),
            (
                "address_id",
                &checkout["addresses"][0]["id"].as_i64().unwrap().to_string(),
            ),
            ("note", "Ring twice"),
            (
                "expected_before_coupon",
                &checkout["before_coupon"].as_i64().unwrap().to_string(),
            ),
        ],
        &[("Cookie", &ada)],
    );
    assert_eq!(placed.status, 200, "{}", placed.body);
    let order_no: String = serde_json::from_str(&placed.body).unwrap();
    add("2");

    // The copy: a download, private, with every part in it.
    let download = |cookie: &str| {
        support::request(
            &shop.addr,
            "GET",
            "/account/my-data.json",
            &[("Cookie", cookie)],
            "",
        )
    };
    let copy = download(&ada);
    assert_eq!(copy.status, 200, "{}", copy.body);
    let header = |name: &str| {
        copy.headers
            .get(name)
            .map(|v| v.join(","))
            .unwrap_or_default()
    };
    assert!(header("content-disposition").contains("attachment"));
    assert!(header("cache-control").contains("no-store"));
    let copy: Value = serde_json::from_str(&copy.body).expect("JSON");
    let data = &copy["data"];
    assert_eq!(
        data["account"]["profile"]["email"], "ada@shop.test",
        "{copy}"
    );
    assert!(
        data["account"]["addresses"][0]["street"]
            .as_str()
            .unwrap()
            .contains("世纪大道")
    );
    assert_eq!(data["orders"][0]["order_no"], order_no.as_str());
    assert_eq!(data["orders"][0]["note"], "Ring twice");
    assert_eq!(data["orders"][0]["lines"][0]["sku"], code.as_str());
    assert_eq!(data["cart"][0]["quantity"], 2, "{}", data["cart"]);
    assert_eq!(data["sessions"].as_array().map(Vec::len), Some(1));
    let eves = download(&eve).body;
    assert!(
        !eves.contains("ada@shop.test") && !eves.contains(&order_no),
        "only one's own data"
    );
    let guest = shop.get("/account/my-data.json");
    assert_eq!(guest.status, 303, "a guest is sent to log in");

    // A wrong password closes nothing.
    let close = |password: &str| {
        shop.post_form(
            "/api/members/close-account",
            &[("password", password)],
            &[("Cookie", &ada)],
        )
    };
    let refused = close("not my password");
    assert_eq!(refused.status, 400, "{}", refused.body);
    assert_eq!(
        get_json(&shop, "/api/members/profile", &ada)["email"],
        "ada@shop.test"
    );

    let closed = close("a long shopper password");
    assert_eq!(closed.status, 200, "{}", closed.body);
    let profile = support::request(
        &shop.addr,
        "GET",
        "/api/members/profile",
        &[("Cookie", &ada)],
        "",
    );
    assert_eq!(profile.status, 401, "signed out everywhere");
    let login = shop.post_form(
        "/api/members/login",
        &[
            ("email", "ada@shop.test"),
            ("password", "a long shopper password"),
        ],
        &[],
    );
    assert_ne!(
        login.status, 200,
        "the account cannot be logged in to: {}",
        login.body
    );

    // The order is kept, without the person; its stock was not touched.
    let order = get_json(
        &shop,
        &format!("/api/admin/orders/get?order_no={order_no}"),
        &owner,
    );
    let kept = order.to_string();
    assert!(
        !kept.contains("ada@shop.test")
            && !kept.contains("世纪大道")
            && !kept.contains("13800138000")
            && !kept.contains("Ring twice"),
        "{order}"
    );
    assert_eq!(
        order["order"]["breakdown"]["total"], checkout["before_coupon"],
        "{order}"
    );
    assert_eq!(stock_of(&shop, &slug, &code), stock - 1);

    // The email may register again, as a new account with nothing in it.
    let again = member_with_address(&shop, "ada@shop.test");
    assert_eq!(get_json(&shop, "/api/orders?page=0", &again), json!([]));

    // Staff see both requests.
    let audit = get_json(&shop, "/api/admin/audit?filter[page]=0", &owner).to_string();
    assert!(
        audit.contains("member.data_export") && audit.contains("member.close"),
        "{audit}"
    );
}

/// A `kill -9` in the middle of a burst of checkouts and payments loses
/// and doubles nothing: after a restart on the same files, every order a
/// shopper was told about is there, the units in live orders and on the
/// shelf add up to the stock there was, and no order is paid twice.
#[test]
fn a_kill_9_during_checkouts_and_payments_loses_nothing_and_doubles_nothing_on_sqlite() {
    kill_9_during_checkouts_and_payments(DataDir::new());
}

/// The same on PostgreSQL, where the server's pool holds several
/// connections in flight when it dies.
#[test]
fn a_kill_9_during_checkouts_and_payments_loses_nothing_and_doubles_nothing_on_postgres() {
    if let Some(data) = DataDir::on_postgres() {
        kill_9_during_checkouts_and_payments(data);
    }
}

fn kill_9_during_checkouts_and_payments(data: DataDir) {
    use std::sync::{Arc, Mutex};

    let (data, mut shop, owner) = support::demo_shop_with_owner_in(data);
    let (code, slug, stock) = in_stock_sku(&shop, &owner);
    const SHOPPERS: usize = 16;
    // Each shopper: a cart of one unit and the checkout page's key.
    let shoppers: Vec<(String, Value)> = (0..SHOPPERS)
        .map(|i| {
            let cookie = member_with_address(&shop, &format!("burst{i}@shop.test"));
            shop.post_form(
                "/api/cart/add",
                &[("sku", code.as_str()), ("quantity", "1")],
                &[("Cookie", &cookie)],
            );
            let checkout = get_json(&shop, "/api/orders/checkout", &cookie);
            (cookie, checkout)
        })
        .collect();

    // What clients were told before the crash.
    let placed: Arc<Mutex<Vec<String>>> = Arc::default();
    let paid: Arc<Mutex<Vec<String>>> = Arc::default();
    let addr = shop.addr.clone();
    let burst: Vec<_> = shoppers
        .iter()
        .cloned()
        .map(|(cookie, checkout)| {
            let (placed, paid, addr) = (placed.clone(), paid.clone(), addr.clone());
            std::thread::spawn(move || {
                let post = |path: &str, fields: &[(&str, &str)]| {
                    let body: String = form_urlencoded::Serializer::new(String::new())
                        .extend_pairs(fields)
                        .finish();
                    support::request(
                        &addr,
                        "POST",
                        path,
                        &[
                            ("Content-Type", "application/x-www-form-urlencoded"),
                            ("Cookie", &cookie),
                        ],
                        &body,
                    )
                };
                let total = checkout["before_coupon"].as_i64().unwrap();
                let answer = post(
                    "/api/orders/place",
                    &[
                        ("key", checkout["key"].as_str().unwrap()),
                        ("address_id", &checkout["addresses"][0]["id"].to_string()),
                        ("note", ""),
                        ("expected_before_coupon", &total.to_string()),
                    ],
                );
                if answer.status != 200 {
                    return; // sold out: nothing was promised
                }
                let order_no: String = serde_json::from_str(&answer.body).unwrap();
                placed.lock().unwrap().push(order_no.clone());
                let started = post("/api/payments/start", &[("order_no", &order_no)]);
                let url: String = serde_json::from_str(&started.body).unwrap();
                let payment_no = url.split("payment=").nth(1).unwrap().to_owned();
                let (body, signature) =
                    sandbox_notice(support::SANDBOX_SECRET, &payment_no, &order_no, total);
                let notice = support::request(
                    &addr,
                    "POST",
                    "/api/pay/sandbox",
                    &[
                        ("Content-Type", "application/json"),
                        ("Shop-Signature", &signature),
                    ],
                    &body,
                );
                if notice.status == 200 {
                    paid.lock().unwrap().push(order_no);
                }
            })
        })
        .collect();
    // Kill it once some orders are through and others are on their way.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while placed.lock().unwrap().len() < SHOPPERS / 4 && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    shop.child.kill().expect("SIGKILL the server");
    shop.child.wait().expect("reap the server");
    for thread in burst {
        // A thread whose request met the crash panicked: it was told nothing.
        let _ = thread.join();
    }
    let placed = placed.lock().unwrap().clone();
    let paid = paid.lock().unwrap().clone();
    assert!(
        !placed.is_empty(),
        "{}: the crash came after some orders",
        data.label()
    );

    let shop = Running::start(support::server(&data));
    let owner = support::staff_login(&shop, support::OWNER_EMAIL, support::OWNER_PASSWORD);
    let mut units_in_orders = 0;
    let mut found = Vec::new();
    for (cookie, _) in &shoppers {
        for order in get_json(&shop, "/api/orders?page=0", cookie)
            .as_array()
            .unwrap()
        {
            let order_no = order["order_no"].as_str().unwrap().to_owned();
            if order["status"] != "Cancelled" {
                units_in_orders += 1;
            }
            let detail = get_json(
                &shop,
                &format!("/api/admin/orders/get?order_no={order_no}"),
                &owner,
            );
            let settled = detail["payments"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|p| p["status"] == "succeeded")
                .count();
            assert!(settled <= 1, "{order_no} paid {settled} times: {detail}");
            if paid.contains(&order_no) {
                assert_eq!(detail["order"]["status"], "Paid", "{detail}");
            }
            found.push(order_no);
        }
    }
    for order_no in &placed {
        assert!(
            found.contains(order_no),
            "{order_no} was confirmed to its shopper, then lost"
        );
    }
    assert_eq!(
        stock_of(&shop, &slug, &code) + units_in_orders,
        stock,
        "units on the shelf and in live orders add up to the stock there was"
    );
    println!(
        "crash ({}): {} placed and {} paid before SIGKILL; {} orders after restart",
        data.label(),
        placed.len(),
        paid.len(),
        found.len()
    );
}
