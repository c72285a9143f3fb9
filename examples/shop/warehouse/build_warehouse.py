"""Builds the shop's production warehouse from scratch: the raw tables the application, the vendor
feed and the finance team load (never dbt seeds), with deterministic data and fresh load times.

usage: build_warehouse.py WAREHOUSE_DIR  (writes prod.duckdb and fx.duckdb there)
"""
import csv
import os
import random
import sys
import tempfile
from datetime import datetime, timedelta, timezone

import duckdb

STATUSES = ["placed", "paid", "shipped", "delivered", "returned", "cancelled"]
METHODS = ["card", "paypal", "gift_card", "bank_transfer"]
PREFIXES = ["APP", "HOM", "BEA", "KID"]
COUNTRIES = [("DE", "EUR"), ("FR", "EUR"), ("GB", "GBP"), ("US", "USD"), ("NL", "EUR")]


def build(prod_path, fx_path):
    rng = random.Random(20261121)
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    loaded_at = now - timedelta(hours=2)
    start = now - timedelta(days=60)

    customers, orders, payments, lines, products = [], [], [], [], []
    for customer_id in range(1, 201):
        country, _ = rng.choice(COUNTRIES)
        customers.append((customer_id, f"First{customer_id}", f"Last{customer_id}",
                          f"Customer{customer_id}@Example.com", country,
                          start - timedelta(days=rng.randint(1, 400)), loaded_at))
    skus = []
    for prefix in PREFIXES:
        for n in range(1, 16):
            sku = f"{prefix}-{1000 + n}"
            skus.append(sku)
            products.append((sku, f"{prefix.title()} item {n}", prefix.lower(), loaded_at))
    payment_id = 0
    line_id = 0
    for order_id in range(1, 1201):
        customer = customers[rng.randrange(len(customers))]
        currency = dict(COUNTRIES)[customer[4]]
        ordered_at = start + timedelta(minutes=rng.randint(0, 60 * 24 * 59))
        orders.append((order_id, customer[0], ordered_at, rng.choice(STATUSES), currency, loaded_at))
        total = 0
        for _ in range(rng.randint(1, 4)):
            line_id += 1
            quantity = rng.randint(1, 3)
            price = rng.randint(500, 12000)
            total += quantity * price
            lines.append((line_id, order_id, rng.choice(skus), quantity, price, loaded_at))
        # about one order in ten is paid in two parts (a gift card and a card)
        parts = [total] if rng.random() > 0.1 else [total // 3, total - total // 3]
        for amount in parts:
            payment_id += 1
            payments.append((payment_id, order_id, rng.choice(METHODS), amount,
                             ordered_at + timedelta(minutes=5), loaded_at))

    tables = {
        "raw_shop.customers": ("customer_id integer, first_name varchar, last_name varchar, email varchar, "
                               "country varchar, created_at timestamp, _loaded_at timestamp", customers),
        "raw_shop.orders": ("order_id integer, customer_id integer, ordered_at timestamp, status varchar, "
                            "currency varchar, _loaded_at timestamp", orders),
        "raw_shop.payments": ("payment_id integer, order_id integer, method varchar, amount_cents bigint, "
                              "paid_at timestamp, _loaded_at timestamp", payments),
        "raw_vendor.order_lines": ("order_line_id integer, order_id integer, sku varchar, quantity integer, "
                                   "unit_price_cents bigint, _loaded_at timestamp", lines),
        "raw_vendor.products": ("sku varchar, product_name varchar, vendor_category varchar, "
                                "_loaded_at timestamp", products),
    }
    with duckdb.connect(prod_path) as db, tempfile.TemporaryDirectory() as tmp:
        db.execute("create schema if not exists raw_shop")
        db.execute("create schema if not exists raw_vendor")
        for table, (columns, rows) in tables.items():
            # a CSV file and one COPY: executemany row by row takes seconds for a few thousand rows
            path = os.path.join(tmp, table + ".csv")
            with open(path, "w", newline="") as out:
                csv.writer(out).writerows(rows)
            db.execute(f"create or replace table {table} ({columns})")
            db.execute(f"copy {table} from '{path}' (header false)")

    with duckdb.connect(fx_path) as fx:
        fx.execute("create or replace table rates (currency varchar, rate_to_eur decimal(10, 6), valid_on date)")
        fx.executemany("insert into rates values (?, ?, ?)",
                       [("EUR", 1.0, now.date()), ("USD", 0.92, now.date()), ("GBP", 1.17, now.date())])


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    os.makedirs(sys.argv[1], exist_ok=True)
    build(os.path.join(sys.argv[1], "prod.duckdb"), os.path.join(sys.argv[1], "fx.duckdb"))
