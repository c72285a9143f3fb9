"""Builds the subscriptions team's production warehouse from scratch: the raw tables the billing
platform's export (raw_billing) and the product's event pipeline (raw_product) load (never dbt
seeds), with deterministic data and fresh load times.

usage: build_warehouse.py WAREHOUSE_DIR   (writes WAREHOUSE_DIR/prod.duckdb)
"""
import csv
import os
import random
import sys
import tempfile
from datetime import datetime, timedelta, timezone

import duckdb

# plan code, name, family (billing's label), billing period, list price in cents per seat
PLANS = [
    ("starter_monthly", "Starter (monthly)", "starter", "monthly", 1500),
    ("starter_annual", "Starter (annual)", "starter", "annual", 15000),
    ("growth_monthly", "Growth (monthly)", "growth", "monthly", 4000),
    ("growth_annual", "Growth (annual)", "growth", "annual", 40000),
    ("enterprise_annual", "Enterprise (annual)", "enterprise", "annual", 90000),
]
STATUSES = ["trialing", "active", "past_due", "canceled"]
STATUS_WEIGHTS = [1, 6, 1, 2]
COUNTRIES = ["US", "DE", "GB", "FR", "NL", "SE"]
METHODS = ["card", "sepa_debit", "wire"]
EVENT_TYPES = ["api_call", "seat_login", "report_export"]


def build(warehouse_dir):
    rng = random.Random(20260301)
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    loaded_at = now - timedelta(hours=2)
    start = now - timedelta(days=180)
    prices = {code: (period, price) for code, _, _, period, price in PLANS}

    plans = [(code, name, family, period, price, loaded_at) for code, name, family, period, price in PLANS]
    accounts, subscriptions, invoices, payments, events = [], [], [], [], []
    subscription_id = invoice_id = payment_id = event_id = 0
    for account_id in range(1, 121):
        # the last six accounts are the sales team's demo accounts: real subscriptions, flagged as test
        is_test = account_id > 114
        created_at = start - timedelta(days=rng.randint(1, 300))
        accounts.append((account_id, f"Account {account_id}", rng.choice(COUNTRIES), is_test,
                         created_at, loaded_at))
        for n in range(2 if account_id % 7 == 0 else 1):
            subscription_id += 1
            plan_code = rng.choice(PLANS)[0]
            status = "canceled" if n == 0 and account_id % 7 == 0 else \
                rng.choices(STATUSES, STATUS_WEIGHTS)[0]
            started_at = start + timedelta(days=rng.randint(0, 90) + 60 * n, minutes=rng.randint(0, 1440))
            canceled_at = started_at + timedelta(days=rng.randint(30, 60)) if status == "canceled" else None
            seats = rng.randint(1, 25)
            updated_at = canceled_at or started_at + timedelta(days=rng.randint(0, 20))
            subscriptions.append((subscription_id, account_id, plan_code, status, seats, started_at,
                                  canceled_at, updated_at, loaded_at))
            if status == "trialing":
                continue
            period, price = prices[plan_code]
            step = 30 if period == "monthly" else 365
            issued_at = started_at
            while issued_at < min(canceled_at or now, now):
                invoice_id += 1
                amount = price * seats
                invoices.append((invoice_id, account_id, subscription_id, amount, "USD", issued_at,
                                 issued_at + timedelta(days=14), loaded_at))
                if status != "past_due" or issued_at + timedelta(days=step) < now:
                    payment_id += 1
                    payments.append((payment_id, invoice_id, amount, rng.choice(METHODS),
                                     issued_at + timedelta(days=rng.randint(0, 10)), loaded_at))
                issued_at += timedelta(days=step)
        # product usage of the last 30 days: a few events a day for accounts still subscribed
        if account_id % 4 != 0:
            for day in range(30):
                for _ in range(rng.randint(0, 2)):
                    event_id += 1
                    event_at = now - timedelta(days=day, minutes=rng.randint(60, 1380))
                    events.append((event_id, account_id, rng.choice(EVENT_TYPES), rng.randint(1, 50),
                                   event_at, event_at + timedelta(minutes=30)))

    tables = {
        "raw_billing.accounts": ("account_id integer, account_name varchar, country varchar, "
                                 "is_test boolean, created_at timestamp, _loaded_at timestamp", accounts),
        "raw_billing.plans": ("plan_code varchar, plan_name varchar, plan_family varchar, "
                              "billing_period varchar, price_cents bigint, _loaded_at timestamp", plans),
        "raw_billing.subscriptions": ("subscription_id integer, account_id integer, plan_code varchar, "
                                      "status varchar, seats integer, started_at timestamp, "
                                      "canceled_at timestamp, updated_at timestamp, _loaded_at timestamp",
                                      subscriptions),
        "raw_billing.invoices": ("invoice_id integer, account_id integer, subscription_id integer, "
                                 "amount_cents bigint, currency varchar, issued_at timestamp, "
                                 "due_at timestamp, _loaded_at timestamp", invoices),
        "raw_billing.payments": ("payment_id integer, invoice_id integer, amount_cents bigint, "
                                 "method varchar, paid_at timestamp, _loaded_at timestamp", payments),
        "raw_product.usage_events": ("event_id integer, account_id integer, event_type varchar, "
                                     "quantity integer, event_at timestamp, _loaded_at timestamp", events),
    }
    os.makedirs(warehouse_dir, exist_ok=True)
    with duckdb.connect(os.path.join(warehouse_dir, "prod.duckdb")) as db, \
            tempfile.TemporaryDirectory() as tmp:
        db.execute("create schema if not exists raw_billing")
        db.execute("create schema if not exists raw_product")
        for table, (columns, rows) in tables.items():
            # a CSV file and one COPY: executemany row by row takes seconds for a few thousand rows
            path = os.path.join(tmp, table + ".csv")
            with open(path, "w", newline="") as out:
                csv.writer(out).writerows(rows)
            db.execute(f"create or replace table {table} ({columns})")
            db.execute(f"copy {table} from '{path}' (header false, nullstr '')")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    build(sys.argv[1])
