"""Run every benchmark and write one JSON file and one markdown table, stating the machine.

    .venv/bin/python -m benchmarks.run_all [--quick] [--only ingest,search] [--out benchmarks/results]

Each ``benchmarks/bench_*.py`` exposes ``run(quick: bool) -> dict`` whose result has a
``"rows"`` list of ``{"metric", "value", "unit", "raw", "ratio", "target", "ok"}`` dicts (``raw`` is
the same work done by the raw library in the same run, ``ratio`` = value / raw, when one applies).
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import json
import pkgutil
import sys
import time
import traceback
from pathlib import Path
from typing import Any

from benchmarks._report import machine, markdown_table

HERE = Path(__file__).resolve().parent


def discover() -> list[str]:
    return sorted(m.name for m in pkgutil.iter_modules([str(HERE)]) if m.name.startswith("bench_"))


def _flatten(result: dict[str, Any], prefix: str = "") -> list[dict[str, Any]]:
    """Rows for a benchmark that returned plain numbers instead of ``rows``."""
    rows: list[dict[str, Any]] = []
    for key, value in result.items():
        if key in ("seconds", "machine"):
            continue
        if isinstance(value, dict):
            rows += _flatten(value, f"{prefix}{key}.")
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            rows.append({"metric": f"{prefix}{key}", "value": value})
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--quick", action="store_true", help="small sizes (minutes, not tens of minutes)")
    ap.add_argument("--only", default="", help="comma-separated bench names (e.g. ingest,search)")
    ap.add_argument("--out", default=str(HERE / "results"))
    args = ap.parse_args(argv)
    names = discover()
    if args.only:
        wanted = {f"bench_{n.removeprefix('bench_')}" for n in args.only.split(",")}
        names = [n for n in names if n in wanted]
    report: dict[str, Any] = {
        "date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "machine": machine(),
        "quick": args.quick,
        "benchmarks": {},
    }
    table_rows: list[list[Any]] = []
    for name in names:
        t0 = time.perf_counter()
        print(f"== {name}", file=sys.stderr, flush=True)
        try:
            module = importlib.import_module(f"benchmarks.{name}")
            result = module.run(quick=args.quick)
        except Exception as exc:
            traceback.print_exc()
            result = {"error": f"{type(exc).__name__}: {exc}", "rows": []}
        result["seconds"] = round(time.perf_counter() - t0, 1)
        report["benchmarks"][name] = result
        for row in result.get("rows") or _flatten(result):
            table_rows.append(
                [
                    name.removeprefix("bench_"),
                    row.get("metric"),
                    row.get("value"),
                    row.get("unit", ""),
                    row.get("raw", ""),
                    row.get("ratio", ""),
                    row.get("target", ""),
                    row.get("ok", ""),
                ]
            )
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "report.json").write_text(
        json.dumps(report, ensure_ascii=False, indent=2, default=str), encoding="utf-8"
    )
    m = report["machine"]
    md = [
        f"# CulTi Desktop benchmark report ({report['date']})",
        "",
        f"Machine: {m.get('cpu', m.get('machine'))}, {m.get('cpus')} cores, {m.get('mem_gib')} GiB, "
        f"GPU: {m.get('gpu') or 'none'}; Python {m.get('python')}, torch {m.get('torch')}; quick={args.quick}.",
        "",
        markdown_table(
            table_rows, ["bench", "metric", "value", "unit", "raw library", "ratio", "target", "ok"]
        ),
        "",
    ]
    (out / "report.md").write_text("\n".join(md), encoding="utf-8")
    print("\n".join(md))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
