"""Concurrent curators: 8 processes edit one project for a bounded time (issue 17, ADR 0104).

    CULTI_TEST_PG_URL=postgresql://user@127.0.0.1:PORT/postgres \\
        .venv/bin/python -m benchmarks.bench_team_load [--quick]

Each simulated curator (a process with its own connection) reads a pair's version, waits a few
milliseconds as a curator would, then edits it expecting that version. Reported: edits per
second, refused stale edits, and lost / duplicated edits checked against each curator's own
log (``tests/team/load_harness.py``). The same load runs on an SQLite file side by side, so the
PostgreSQL figure has a baseline from the same run. Skips PostgreSQL without a server
(``.ci/pg_cluster start`` gives a throwaway one on 127.0.0.1).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

TEAM = Path(__file__).resolve().parents[1] / "tests" / "team"
sys.path.insert(0, str(TEAM))
sys.path.insert(0, str(TEAM.parent))

from load_harness import run_load

from benchmarks._report import print_result


def _seed(locator: str, n_pairs: int) -> list[int]:
    from culti_desktop.core.storage import create_project
    from culti_desktop.core.storage.models import Blob, Document, Page, Pair, Region

    with create_project(locator, name="load") as p, p.session() as s:
        s.add(Blob(sha256="0" * 64, size=0, data=b""))
        doc = Document(sha256="0" * 64, filename="load.pdf", kind="pdf", page_count=1, state="ready")
        s.add(doc)
        s.flush()
        page = Page(document_id=doc.id, index=0, width=400, height=600)
        s.add(page)
        s.flush()
        ids = []
        for i in range(n_pairs):
            fig = Region(page_id=page.id, kind="figure", x0=10, y0=10, x1=100 + i, y1=100)
            s.add(fig)
            s.flush()
            pair = Pair(figure_region_id=fig.id, caption=f"图{i}", confidence=0.5)
            s.add(pair)
            s.flush()
            ids.append(pair.id)
    return ids


def run(quick: bool = False) -> dict[str, Any]:
    curators, seconds, n_pairs = (8, 5.0, 16) if quick else (8, 30.0, 64)
    t0 = time.perf_counter()
    out: dict[str, Any] = {"curators": curators, "seconds": seconds, "pairs": n_pairs, "rows": []}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        targets: list[tuple[str, str]] = [("sqlite", str(work / "load.culti"))]
        base = os.environ.get("CULTI_TEST_PG_URL")
        if base:
            import psycopg
            from engines import database_url, drop_database, server_url  # noqa: F401 - checks the helpers exist before starting

            name = f"culti_load_{os.getpid()}"
            with psycopg.connect(base, autocommit=True) as con:
                con.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                con.execute(f'CREATE DATABASE "{name}"')
            targets.append(("postgresql", database_url(base, name)))
        else:
            out["skipped"] = "postgresql: set CULTI_TEST_PG_URL (see .ci/pg_cluster)"
        for engine, loc in targets:
            logs = work / f"logs-{engine}"
            logs.mkdir()
            ids = _seed(loc, n_pairs)
            res = run_load(loc, ids, logs, curators, seconds)
            out[engine] = res
            if engine == "postgresql":
                drop_database(loc)
        sqlite_rate = out["sqlite"]["edits_per_s"]
        for engine, _ in targets:
            r = out[engine]
            out["rows"] += [
                {
                    "metric": f"{engine}: edits/s",
                    "value": r["edits_per_s"],
                    "raw": sqlite_rate,
                    "ratio": round(r["edits_per_s"] / sqlite_rate, 2) if sqlite_rate else None,
                },
                {"metric": f"{engine}: refused stale edits", "value": r["refused_stale"]},
                {"metric": f"{engine}: lost edits", "value": r["lost"], "target": 0, "ok": r["lost"] == 0},
                {
                    "metric": f"{engine}: duplicated edits",
                    "value": r["duplicated"],
                    "target": 0,
                    "ok": r["duplicated"] == 0,
                },
                {
                    "metric": f"{engine}: accepted on a stale version",
                    "value": r["accepted_on_same_version"],
                    "target": 0,
                    "ok": r["accepted_on_same_version"] == 0,
                },
            ]
    out["wall_seconds"] = round(time.perf_counter() - t0, 1)
    return out


if __name__ == "__main__":
    res = run(quick="--quick" in sys.argv)
    print_result(
        "team_load",
        res,
        [
            [
                r["metric"],
                r["value"],
                r.get("raw", ""),
                r.get("ratio", ""),
                r.get("target", ""),
                r.get("ok", ""),
            ]
            for r in res["rows"]
        ],
        ["metric", "value", "sqlite (same run)", "ratio", "target", "ok"],
    )
