#!/usr/bin/env python3
"""Prepares an orders benchmark against a running demo shop and writes the
Lua table bench/orders.lua reads: N members, each logged in with one
address, and the listed SKUs with the total one unit of each costs.
Every SKU gets a stock far beyond what a run can sell, so the figures are
about placing orders, not about running out.

Usage: orders_prep.py BASE_URL DATABASE(sqlite path | postgres URL) MEMBERS OUT.lua
       orders_prep.py --empty-carts DATABASE

With SANDBOX_SECRET set it also pays one order through the sandbox's
callback and writes OUT.notice (the signed body) and OUT.signature, for a
run that replays the same notice as a provider retrying would.
"""
import hashlib
import hmac
import json
import os
import subprocess
import sqlite3
import sys
import time
import urllib.parse
import urllib.request

BIG_STOCK = 10_000_000
SHIPPING_FEE, FREE_FROM = 1_000, 9_900


def post(base, path, fields, cookie=None):
    data = urllib.parse.urlencode(fields).encode()
    req = urllib.request.Request(base + path, data=data, method="POST")
    req.add_header("Content-Type", "application/x-www-form-urlencoded")
    if cookie:
        req.add_header("Cookie", cookie)
    with urllib.request.urlopen(req) as res:
        return res.headers.get_all("Set-Cookie") or [], res.read().decode()


def get(base, path, cookie):
    req = urllib.request.Request(base + path, headers={"Cookie": cookie})
    with urllib.request.urlopen(req) as res:
        return json.loads(res.read().decode())


def sql(database, statement):
    if database.startswith("postgres"):
        out = subprocess.run(["psql", database, "-At", "-F", "\t", "-c", statement],
                             check=True, capture_output=True, text=True).stdout
        return [line.split("\t") for line in out.splitlines() if line]
    with sqlite3.connect(database) as conn:
        rows = conn.execute(statement).fetchall()
        conn.commit()
        return rows


def main():
    if sys.argv[1] == "--empty-carts":
        sql(sys.argv[2], "DELETE FROM cart_items")
        return
    base, database, members, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    sql(database, f"UPDATE skus SET stock = {BIG_STOCK}")
    tiers = [tuple(int(x) for x in pair.split(":"))
             for (stored,) in sql(database, "SELECT tiers FROM offers WHERE status = 'active'")
             for pair in stored.split(",")]
    skus = sql(database, """
        SELECT s.code, s.price FROM skus s JOIN products p ON p.id = s.product_id
        WHERE s.status = 'active' AND p.status = 'listed' ORDER BY s.id""")
    buyers = []
    for n in range(members):
        cookies, _ = post(base, "/api/members/register", {
            "email": f"buyer{n}@bench.test", "display_name": f"Buyer {n}",
            "password": "bench buyer password"})
        sid = next(c.split(";")[0] for c in cookies if c.startswith("sid="))
        post(base, "/api/members/addresses/add", {
            "address[recipient]": "Bench", "address[phone]": "13800138000",
            "address[region]": "上海市", "address[city]": "上海市",
            "address[district]": "浦东新区", "address[street]": f"{n} Bench Road",
            "address[postcode]": ""}, sid)
        address = get(base, "/api/orders/checkout", sid)["addresses"][0]["id"]
        buyers.append((sid, address))
    with open(out, "w") as f:
        f.write("return {\n  members = {\n")
        for sid, address in buyers:
            f.write(f'    {{ cookie = "{sid}", address = {address} }},\n')
        f.write("  },\n  skus = {\n")
        for code, price in skus:
            price = int(price)
            total = before_coupon(price, tiers)
            f.write(f'    {{ code = "{urllib.parse.quote(code)}", total = {total} }},\n')
        f.write("  },\n}\n")
    print(f"{members} buyers, {len(skus)} SKUs")
    if os.environ.get("SANDBOX_SECRET"):
        paid_notice(base, buyers[0], skus[0], tiers, out)


def before_coupon(price, tiers):
    """What checkout charges for one unit with no coupon: shipping unless
    free, less the store-wide offer's best tier reached (the demo shop runs
    one offer on everything)."""
    off = max((o for t, o in tiers if price >= t), default=0)
    return price + (0 if price >= FREE_FROM else SHIPPING_FEE) - off


def paid_notice(base, buyer, sku, tiers, out):
    """Places and pays one order; keeps the signed notice that paid it."""
    sid, address = buyer
    code, price = sku
    price = int(price)
    post(base, "/api/cart/add", {"sku": code, "quantity": "1"}, sid)
    total = before_coupon(price, tiers)
    _, order_no = post(base, "/api/orders/place", {
        "key": "notice", "address_id": address, "note": "", "expected_before_coupon": total}, sid)
    order_no = json.loads(order_no)
    _, url = post(base, "/api/payments/start", {"order_no": order_no}, sid)
    payment_no = json.loads(url).split("payment=")[1]
    body = json.dumps({"payment_no": payment_no, "order_no": order_no, "amount": total,
                       "outcome": "succeeded"}, separators=(",", ":")).encode()
    stamp = str(int(time.time()))
    tag = hmac.new(os.environ["SANDBOX_SECRET"].encode(), stamp.encode() + b"." + body,
                   hashlib.sha256).hexdigest()
    signature = f"t={stamp},v1={tag}"
    req = urllib.request.Request(base + "/api/pay/sandbox", data=body, method="POST",
                                 headers={"Content-Type": "application/json",
                                          "Shop-Signature": signature})
    with urllib.request.urlopen(req) as res:
        assert res.status == 200
    with open(out + ".notice", "wb") as f:
        f.write(body)
    with open(out + ".signature", "w") as f:
        f.write(signature)


if __name__ == "__main__":
    main()
