"""Simulated curators for the concurrency test and ``benchmarks/bench_team_load.py``.

Each curator is a separate *process* with its own connection. For a bounded time it picks a
pair, reads its version (what a GUI would show), "thinks" for a moment, then edits
``caption_en`` expecting that version. It appends every attempt to its own JSONL log (pair,
version seen, value written, outcome). :func:`verify` then checks the project against the
logs: every accepted edit is in the edit log exactly once with its curator and time (0 lost,
0 duplicated), no edit came from nowhere, and each pair's final value is its last accepted edit.
"""

from __future__ import annotations

import json
import multiprocessing as mp
import random
import time
from pathlib import Path
from typing import Any

FIELD = "caption_en"


def curator_loop(
    locator: str, name: str, pair_ids: list[int], seconds: float, log_path: str, seed: int
) -> None:
    from culti_desktop.core.curation import edits, versions
    from culti_desktop.core.storage import open_project

    rng = random.Random(seed)
    n = 0
    with open_project(locator) as project, open(log_path, "w", encoding="utf-8") as log:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            pid = rng.choice(pair_ids)
            seen = versions.pair_versions(project, [pid])[pid]
            time.sleep(rng.uniform(0.0, 0.004))  # the curator looks at the pair
            n += 1
            value = f"{name}#{n}"
            op = edits.Op(
                "set_pair_fields", versions.expecting({"pair_id": pid, "fields": {FIELD: value}}, {pid: seen})
            )
            try:
                edits.apply_op(project, op, name)
                outcome = "ok"
            except versions.StaleEditError:
                outcome = "stale"
            log.write(json.dumps({"pair": pid, "seen": seen, "value": value, "outcome": outcome}) + "\n")
            log.flush()


def run_load(
    locator: str, pair_ids: list[int], workdir: Path, curators: int, seconds: float
) -> dict[str, Any]:
    ctx = mp.get_context("spawn")
    procs = []
    t0 = time.perf_counter()
    for i in range(curators):
        args = (locator, f"curator{i}", pair_ids, seconds, str(workdir / f"curator{i}.jsonl"), i)
        procs.append(ctx.Process(target=curator_loop, args=args))
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=seconds + 120)
    wall = time.perf_counter() - t0
    codes = [p.exitcode for p in procs]
    result = verify(locator, workdir, curators)
    result.update({"curators": curators, "seconds": seconds, "wall_s": round(wall, 2), "exit_codes": codes})
    result["edits_per_s"] = round(result["accepted"] / seconds, 1)
    return result


def verify(locator: str, workdir: Path, curators: int) -> dict[str, Any]:
    from sqlalchemy import select

    from culti_desktop.core.storage import open_project
    from culti_desktop.core.storage.models import Edit, Pair

    attempts: list[dict[str, Any]] = []
    for i in range(curators):
        path = workdir / f"curator{i}.jsonl"
        for line in path.read_text(encoding="utf-8").splitlines() if path.exists() else []:
            attempts.append({**json.loads(line), "curator": f"curator{i}"})
    ok = [a for a in attempts if a["outcome"] == "ok"]
    with open_project(locator) as project, project.read_session() as s:
        logged = [
            (e.curator, e.entity_id, (e.after or {}).get(FIELD), e.at)
            for e in s.scalars(
                select(Edit).where(Edit.curator.like("curator%"), Edit.op == "set_pair_fields")
            )
        ]
        final = {p.id: (getattr(p, FIELD), p.version) for p in s.scalars(select(Pair))}
    logged_keys = [(c, pid, v) for c, pid, v, _ in logged]
    want = {(a["curator"], a["pair"], a["value"]) for a in ok}
    lost = len(want - set(logged_keys))
    duplicated = len(logged_keys) - len(set(logged_keys))
    unexpected = len(set(logged_keys) - want)
    no_time = sum(1 for *_, at in logged if at is None)
    # per pair: accepted edits were based on distinct versions, and the last one is what is stored
    wrong_final = 0
    double_based = 0
    for pid in {a["pair"] for a in ok}:
        mine = sorted((a for a in ok if a["pair"] == pid), key=lambda a: a["seen"])
        double_based += len(mine) - len({a["seen"] for a in mine})
        if final[pid][0] != mine[-1]["value"]:
            wrong_final += 1
    return {
        "attempts": len(attempts),
        "accepted": len(ok),
        "refused_stale": sum(a["outcome"] == "stale" for a in attempts),
        "lost": lost,
        "duplicated": duplicated,
        "unexpected": unexpected,
        "edits_without_time": no_time,
        "accepted_on_same_version": double_based,
        "wrong_final_value": wrong_final,
    }
