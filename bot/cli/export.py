"""`styrbot export DIR`: the whole history as CSV (one file per table) and one JSON file."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from store.db import Store
from store.export import history_tables


def export_history(store: Store, directory: str | Path) -> dict[str, int]:
    """Write uppdateringar.csv, matvarden.csv, roller.csv and historik.json; return counts."""
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    tables = history_tables(store)
    for name, rows in tables.items():
        cols = list(rows[0].keys()) if rows else []
        tmp = out / f".{name}.csv.tmp"
        with tmp.open("w", encoding="utf-8", newline="") as f:
            writer = csv.writer(f)
            if cols:
                writer.writerow(cols)
            for row in rows:
                writer.writerow([row[c] for c in cols])
        tmp.replace(out / f"{name}.csv")
    tmp = out / ".historik.json.tmp"
    tmp.write_text(json.dumps(tables, ensure_ascii=False, indent=1), encoding="utf-8")
    tmp.replace(out / "historik.json")
    return {name: len(rows) for name, rows in tables.items()}
