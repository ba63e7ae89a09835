#!/usr/bin/env python3
"""What SQLite alone needs to write a province's source register: the floor under `ingest sources`.

Copies the `sources` rows and the R*Tree shadow rows of an ingested permitwatch database into a
fresh WAL database with the same tables, the unique id index and the same settings as the
ingest (synchronous NORMAL, a cache that holds everything), and times each step. The rows are
first loaded into in-memory temporary tables, untimed, so nothing here parses, converts,
assigns or packs: it is SQLite's own cost of the insert, the index, the R*Tree rows and the
commit, through the system's libsqlite3 (the one permitwatch links).

    python3 scripts/sqlite_write_floor.py DB [--page-size N] [--journal wal] [--repeats 3]

The page size defaults to DB's own (permitwatch creates 8 KB pages; SQLite's default is 4 KB).
"""
import argparse
import os
import sqlite3
import statistics
import tempfile
import time

SHADOW = ["idx_sources_geometry_rowid", "idx_sources_geometry_node", "idx_sources_geometry_parent"]


def one_run(source_db, page_size, journal, directory):
    path = os.path.join(directory, "floor.sqlite")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)
    db = sqlite3.connect(path, isolation_level=None)
    db.execute(f"PRAGMA page_size = {page_size}")
    db.execute(f"PRAGMA journal_mode = {journal}")
    db.execute("PRAGMA synchronous = NORMAL")
    db.execute("PRAGMA cache_size = -1000000")
    db.execute("PRAGMA temp_store = MEMORY")
    # The ingest suspends the CHECK constraints too: its statuses are enums that cannot fail them.
    db.execute("PRAGMA ignore_check_constraints = ON")
    db.execute("ATTACH ? AS r", (source_db,))
    table_sql = db.execute("SELECT sql FROM r.sqlite_master WHERE type = 'table' AND name = 'sources'").fetchone()[0]
    db.execute(table_sql)
    db.execute("CREATE TEMP TABLE src AS SELECT * FROM r.sources")
    for name in SHADOW:
        db.execute(db.execute("SELECT sql FROM r.sqlite_master WHERE name = ?", (name,)).fetchone()[0])
        db.execute(f"CREATE TEMP TABLE t_{name} AS SELECT * FROM r.{name}")
    db.execute("DETACH r")
    rows = db.execute("SELECT count(*) FROM temp.src").fetchone()[0]

    steps = []

    def step(name, sql):
        start = time.perf_counter()
        db.execute(sql)
        steps.append((name, time.perf_counter() - start))

    step("begin", "BEGIN")
    step("insert rows", "INSERT INTO main.sources SELECT * FROM temp.src")
    step("unique id index", "CREATE UNIQUE INDEX sources_by_source_id ON sources (source_id)")
    for name in SHADOW:
        step(f"R*Tree {name.rsplit('_', 1)[1]}", f"INSERT INTO main.{name} SELECT * FROM temp.t_{name}")
    step("commit", "COMMIT")
    db.close()
    return rows, steps


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("db", help="a database `permitwatch init` (or `ingest sources`) wrote")
    parser.add_argument("--page-size", type=int, help="default: the page size of DB")
    parser.add_argument("--journal", default="wal", help="wal (what permitwatch uses), delete or off")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    if args.page_size is None:
        with sqlite3.connect(f"file:{args.db}?mode=ro", uri=True) as source:
            args.page_size = source.execute("PRAGMA page_size").fetchone()[0]
    print(f"SQLite {sqlite3.sqlite_version}, page size {args.page_size}, journal {args.journal}")
    totals = []
    with tempfile.TemporaryDirectory() as directory:
        for run in range(args.repeats):
            rows, steps = one_run(args.db, args.page_size, args.journal, directory)
            total = sum(seconds for _, seconds in steps)
            totals.append(total)
            detail = ", ".join(f"{name} {seconds:.2f}" for name, seconds in steps if seconds >= 0.005)
            print(f"run {run + 1}: {rows} rows in {total:.2f} s ({detail})")
    print(f"SQLite alone: median {statistics.median(totals):.2f} s, fastest {min(totals):.2f} s")


if __name__ == "__main__":
    main()
