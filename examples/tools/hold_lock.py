"""Holds a lock until stdin closes: another process (the finance team's refresh job) writing the
FX rates while the nightly build reads them. On DuckDB a read-write connection locks the whole
file; on PostgreSQL (postgresql://USER@HOST:PORT/DATABASE) a transaction locks TABLE exclusively.

usage: hold_lock.py DATABASE [TABLE]
"""
import sys

if __name__ == "__main__":
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    if sys.argv[1].startswith("postgresql://"):
        import psycopg2

        db = psycopg2.connect(sys.argv[1])
        with db.cursor() as sql:
            sql.execute(f"lock table {sys.argv[2]} in access exclusive mode")
            print("locked", flush=True)
            sys.stdin.read()
        db.rollback()
        db.close()
    else:
        import duckdb

        with duckdb.connect(sys.argv[1]) as db:
            db.execute("create or replace table refresh_in_progress as select now() as started_at")
            print("locked", flush=True)
            sys.stdin.read()
