"""Compare two warehouse files table by table: row counts and an order-independent checksum of the content.

    python bench/compare_warehouses.py A.duckdb B.duckdb [--ignore-column loaded_at ...] [--show 5]

Columns that record when or by which run a row was written (wall-clock timestamps, the extractor version) differ
between two builds of the same input by design; they are left out of the checksum by default (`VOLATILE`). Every
other column is compared. For a table that differs, `--show N` prints up to N rows found on one side only.
Exit 1 when any table differs or exists on one side only.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import duckdb

# Written from the clock or the code version, not from the input: equal inputs still differ here.
VOLATILE = frozenset(
    {
        "ingested_at",
        "rejected_at",
        "loaded_at",
        "started_at",
        "finished_at",
        "extractor_version",
        "reprocessed_at",
    }
)


def table_columns(con: duckdb.DuckDBPyConnection, db: str) -> dict[str, list[str]]:
    rows = con.execute(
        "select table_name, column_name from duckdb_columns() where database_name = ? order by table_name, column_index",
        [db],
    ).fetchall()
    tables: dict[str, list[str]] = {}
    for table, column in rows:
        tables.setdefault(table, []).append(column)
    return tables


def checksum(con: duckdb.DuckDBPyConnection, db: str, table: str, columns: list[str]) -> tuple[int, int]:
    """(rows, sum of row hashes): equal for equal multisets of rows whatever their order."""
    cols = ", ".join(f'"{c}"' for c in columns) or "1"
    query = f'select count(*), coalesce(sum(hash(row({cols}))), 0) from "{db}".main."{table}"'  # noqa: S608
    rows, total = con.execute(query).fetchone()
    return rows, int(total)


def compare(a: Path, b: Path, ignore: frozenset[str], show: int) -> int:
    con = duckdb.connect()
    con.execute(f"attach '{a}' as a (read_only)")
    con.execute(f"attach '{b}' as b (read_only)")
    left, right = table_columns(con, "a"), table_columns(con, "b")
    differing = 0
    print(f"{'table':32} {'rows a':>9} {'rows b':>9}  result")
    for table in sorted(left.keys() | right.keys()):
        if table not in left or table not in right:
            print(
                f"{table:32} {'-' if table not in left else '':>9} {'-' if table not in right else '':>9}  one side only"
            )
            differing += 1
            continue
        shared = [c for c in left[table] if c in right[table] and c not in ignore]
        extra = sorted(set(left[table]) ^ set(right[table]))
        rows_a, sum_a = checksum(con, "a", table, shared)
        rows_b, sum_b = checksum(con, "b", table, shared)
        same = (rows_a, sum_a) == (rows_b, sum_b)
        note = "identical" if same else "DIFFERENT"
        if extra:
            note += f" (columns on one side only: {', '.join(extra)})"
        print(f"{table:32} {rows_a:>9} {rows_b:>9}  {note}")
        if not same:
            differing += 1
            if show:
                cols = ", ".join(f'"{c}"' for c in shared)
                for side, other in (("a", "b"), ("b", "a")):
                    sample = con.execute(
                        f'select {cols} from {side}.main."{table}" except all '  # noqa: S608
                        f'select {cols} from {other}.main."{table}" limit {int(show)}'
                    ).fetchall()
                    for row in sample:
                        print(f"    only in {side}: {row}")
    print(f"{differing} table(s) differ")
    return 1 if differing else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("a", type=Path)
    parser.add_argument("b", type=Path)
    parser.add_argument("--ignore-column", action="append", default=[], help="Also leave out this column.")
    parser.add_argument(
        "--show", type=int, default=0, help="Rows to print from each side of a differing table."
    )
    args = parser.parse_args()
    sys.exit(compare(args.a, args.b, VOLATILE | frozenset(args.ignore_column), args.show))


if __name__ == "__main__":
    main()
