#!/usr/bin/env python3
"""Prepares a coupon-claims benchmark against a running demo shop and
writes the Lua table bench/claims.lua reads: N members, each logged in,
and one coupon template with room for every claim a run can make (a
quantity of ten million, a per-member limit of a million), so the figures
are about claiming, not about running out.

Usage: claims_prep.py BASE_URL DATABASE(sqlite path | postgres URL) MEMBERS OUT.lua
       claims_prep.py --check DATABASE TEMPLATE_ID
"""
import sys

from orders_prep import post, sql

NAME = "Bench claims"


def main():
    if sys.argv[1] == "--check":
        database, template = sys.argv[2], int(sys.argv[3])
        (counted, rows), = sql(database, f"""
            SELECT (SELECT claimed FROM coupon_templates WHERE id = {template}),
                   (SELECT COUNT(*) FROM member_coupons WHERE template_id = {template})""")
        verdict = "ok" if int(counted) == int(rows) else "MISMATCH"
        print(f"template counts {counted} claimed, {rows} coupons given: {verdict}")
        return
    base, database, members, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    sql(database, f"""
        INSERT INTO coupon_templates (name, kind, amount_off, threshold, scope_kind,
            claim_starts_at, claim_ends_at, valid_days, total_quantity, per_member_limit)
        VALUES ('{NAME}', 'amount_off', 500, 0, 'all',
            '2000-01-01 00:00:00+00:00', '2100-01-01 00:00:00+00:00', 7, 10000000, 1000000)""")
    (template,), = sql(database, f"SELECT id FROM coupon_templates WHERE name = '{NAME}'")
    with open(out, "w") as f:
        f.write(f"return {{\n  template = {template},\n  members = {{\n")
        for n in range(members):
            cookies, _ = post(base, "/api/members/register", {
                "email": f"claimer{n}@bench.test", "display_name": f"Claimer {n}",
                "password": "bench claimer password"})
            sid = next(c.split(";")[0] for c in cookies if c.startswith("sid="))
            f.write(f'    "{sid}",\n')
        f.write("  },\n}\n")
    print(f"{members} members, template {template}")


if __name__ == "__main__":
    main()
