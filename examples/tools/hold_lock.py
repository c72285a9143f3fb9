"""Holds a read-write connection to a DuckDB file, and so its lock, until stdin closes: another
process (the finance team's refresh job) writing the database while the nightly build reads it.

usage: hold_lock.py DATABASE
"""
import sys

import duckdb

if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    with duckdb.connect(sys.argv[1]) as db:
        db.execute("create or replace table refresh_in_progress as select now() as started_at")
        print("locked", flush=True)
        sys.stdin.read()
