"""Long form of the hardening harness: ≥50 SIGKILLs and hundreds of fuzzed inputs, as figures.

.venv/bin/python -m benchmarks.bench_hardening [--quick]
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HARDENING = Path(__file__).resolve().parents[1] / "tests" / "hardening"
sys.path.insert(0, str(HARDENING))

from kill_harness import KillReport, command_scenarios, run_harness

from benchmarks._report import print_result


def fuzz_imports(n: int, workdir: Path) -> dict[str, int]:
    from fuzzing import mutate, seed_jpeg, seed_pdf, seed_png, time_limit

    from culti_desktop.core.ingest import import_paths
    from culti_desktop.core.storage import create_project
    from culti_desktop.core.storage.checks import check_project

    project = create_project(workdir / "fuzz.culti")
    rng = random.Random(1)
    seeds = {".pdf": seed_pdf(), ".png": seed_png(), ".jpg": seed_jpeg()}
    out = {"inputs": 0, "imported": 0, "failed_cleanly": 0, "crashes": 0, "hangs": 0}
    for i in range(n):
        suffix = list(seeds)[i % 3]
        path = workdir / f"f{i}{suffix}"
        path.write_bytes(mutate(seeds[suffix], rng))
        out["inputs"] += 1
        try:
            with time_limit(30):
                s = import_paths(project, [path], ocr="off")
            out["imported"] += len(s.imported)
            out["failed_cleanly"] += len(s.failed)
        except TimeoutError:
            out["hangs"] += 1
        except Exception:
            out["crashes"] += 1
        path.unlink()
    out["project_checks_ok"] = int(check_project(project).ok)
    project.close()
    return out


def run(quick: bool = False) -> dict[str, Any]:
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as d:
        work = Path(d)
        kills = 12 if quick else 40
        report: KillReport = run_harness(work / "a", kills=kills, seed=2)
        extra = command_scenarios(work / "b")
        from culti_desktop.core.storage import create_project

        cmd_project = work / "b" / "cmd.culti"
        cmd_project.parent.mkdir(parents=True, exist_ok=True)
        create_project(cmd_project).close()
        rng = random.Random(9)
        cmd_report = KillReport()
        for _ in range(6 if quick else 15):
            extra(cmd_project, rng, cmd_report)
        fuzz = fuzz_imports(90 if quick else 450, work / "fuzz")
    total = {
        "runs": report.runs + cmd_report.runs,
        "kills": report.kills + cmd_report.kills,
        "acked_units": report.acked,
        "lost_edits": report.lost + cmd_report.lost,
        "check_failures": report.check_failures + cmd_report.check_failures,
        "kills_by_scenario": {**report.by_scenario, **cmd_report.by_scenario},
        "problems": report.problems + cmd_report.problems,
        "fuzz_import": fuzz,
    }
    rows = [
        {"metric": "process runs", "value": total["runs"]},
        # The quick run kills fewer times on purpose: it does not claim the full run's target.
        {
            "metric": "SIGKILLs",
            "value": total["kills"],
            "target": ">= 50 (full run)" if quick else ">= 50",
            "ok": None if quick else total["kills"] >= 50,
        },
        {"metric": "acknowledged edits/files", "value": total["acked_units"]},
        {"metric": "lost edits", "value": total["lost_edits"], "target": 0, "ok": total["lost_edits"] == 0},
        {
            "metric": "failed checks after kill",
            "value": total["check_failures"],
            "target": 0,
            "ok": total["check_failures"] == 0,
        },
        {"metric": "fuzzed import inputs", "value": fuzz["inputs"]},
        {"metric": "fuzz crashes", "value": fuzz["crashes"], "target": 0, "ok": fuzz["crashes"] == 0},
        {"metric": "fuzz hangs", "value": fuzz["hangs"], "target": 0, "ok": fuzz["hangs"] == 0},
    ]
    total["rows"] = rows
    total["wall_seconds"] = round(time.perf_counter() - t0, 1)
    return total


if __name__ == "__main__":
    res = run(quick="--quick" in sys.argv)
    print_result(
        "hardening",
        res,
        [[r["metric"], r["value"], r.get("target", ""), r.get("ok", "")] for r in res["rows"]],
        ["metric", "value", "target", "ok"],
    )
