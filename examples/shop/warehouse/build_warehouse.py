"""Builds the shop's production warehouse from scratch: the raw tables the application, the vendor
feed and the finance team load (never dbt seeds), with deterministic data and fresh load times.

usage: build_warehouse.py WAREHOUSE_DIR   writes prod.duckdb and fx.duckdb there
       build_warehouse.py postgresql://USER@HOST:PORT/DATABASE
                                          writes the schemas raw_shop, raw_vendor and finance of
                                          that (empty) database, as USER
"""
import csv
import os
import random
import sys
import tempfile
from datetime import datetime, timedelta, timezone

STATUSES = ["placed", "paid", "shipped", "delivered", "returned", "cancelled"]
METHODS = ["card", "paypal", "gift_card", "bank_transfer"]
PREFIXES = ["APP", "HOM", "BEA", "KID"]
COUNTRIES = [("DE", "EUR"), ("FR", "EUR"), ("GB", "GBP"), ("US", "USD"), ("NL", "EUR")]


def generate():
    """The raw tables, by name: their columns and rows; the FX rates last."""
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
        "finance.rates": ("currency varchar, rate_to_eur decimal(10, 6), valid_on date",
                          [("EUR", 1.0, now.date()), ("USD", 0.92, now.date()), ("GBP", 1.17, now.date())]),
    }
    return tables


def write_csv(folder, table, rows):
    # a CSV file and one COPY: executemany row by row takes seconds for a few thousand rows
    path = os.path.join(folder, table + ".csv")
    with open(path, "w", newline="") as out:
        csv.writer(out).writerows(rows)
    return path


def build_duckdb(folder):
    import duckdb

    os.makedirs(folder, exist_ok=True)
    tables = generate()
    with duckdb.connect(os.path.join(folder, "prod.duckdb")) as db, \
            duckdb.connect(os.path.join(folder, "fx.duckdb")) as fx, \
            tempfile.TemporaryDirectory() as tmp:
        for name in ("raw_shop", "raw_vendor"):
            db.execute(f"create schema if not exists {name}")
        for table, (columns, rows) in tables.items():
            # the finance team's rates are their own database: fx.main.rates
            target, name = (fx, "rates") if table == "finance.rates" else (db, table)
            target.execute(f"create or replace table {name} ({columns})")
            target.execute(f"copy {name} from '{write_csv(tmp, table, rows)}' (header false)")


def build_postgres(url):
    import psycopg2

    tables = generate()
    with psycopg2.connect(url, options="-c timezone=UTC") as db, db.cursor() as sql, \
            tempfile.TemporaryDirectory() as tmp:
        for name in ("raw_shop", "raw_vendor", "finance"):
            sql.execute(f"create schema if not exists {name}")
        for table, (columns, rows) in tables.items():
            sql.execute(f"drop table if exists {table}")
            sql.execute(f"create table {table} ({columns})")
            with open(write_csv(tmp, table, rows)) as data:
                sql.copy_expert(f"copy {table} from stdin (format csv)", data)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    if sys.argv[1].startswith("postgresql://"):
        build_postgres(sys.argv[1])
    else:
        build_duckdb(sys.argv[1])
