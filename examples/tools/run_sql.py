"""Runs a SQL file against a database (the injection of a data scenario): a DuckDB file, or a
PostgreSQL database given as postgresql://USER@HOST:PORT/DATABASE.

usage: run_sql.py DATABASE SQL_FILE
"""
import sys

if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    with open(sys.argv[2]) as file:
        script = file.read()
    if sys.argv[1].startswith("postgresql://"):
        import psycopg2

        # the raw tables' times are UTC without a zone, as the loaders write them
        with psycopg2.connect(sys.argv[1], options="-c timezone=UTC") as db, db.cursor() as sql:
            sql.execute(script)
    else:
        import duckdb

        with duckdb.connect(sys.argv[1]) as db:
            db.execute(script)
