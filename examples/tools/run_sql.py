"""Runs a SQL file against a DuckDB database (the injection of a data scenario).

usage: run_sql.py DATABASE SQL_FILE
"""
import sys

import duckdb

if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    with open(sys.argv[2]) as script, duckdb.connect(sys.argv[1]) as db:
        db.execute(script.read())
