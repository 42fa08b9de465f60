"""Long form of the hardening harness: SIGKILLs and hostile inputs, as figures (issue 19).

Kill set: imports, curator edits, review, import-dataset, train (each name twice: a re-run must
not add a version), index and export, each SIGKILLed at a random moment, then checked.
Fuzz set: batches of one mutated or hostile file (FIFO, bogus page count, page-tree cycle, GBK
name, HTML named .pdf, ...) beside one good file; hostile datasets; broken and malicious
checkpoints; export path attacks; a concurrent import race; writes into a damaged file.

nice -n 10 .venv/bin/python -m benchmarks.bench_hardening [--quick] [--only=kills|--only=fuzz]
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

HARDENING = Path(__file__).resolve().parents[1] / "tests" / "hardening"
sys.path.insert(0, str(HARDENING))

from kill_harness import KillReport, command_scenarios, run_harness, seed_pairs

from benchmarks._report import print_result


@contextlib.contextmanager
def fd1_captured() -> Iterator[list[bytes]]:
    """Everything written to file descriptor 1 (C libraries included), to prove stdout stays clean;
    the bytes are in the yielded list once the block ends."""
    sys.stdout.flush()
    saved = os.dup(1)
    got: list[bytes] = []
    with tempfile.TemporaryFile() as tmp:
        os.dup2(tmp.fileno(), 1)
        try:
            yield got
        finally:
            sys.stdout.flush()
            os.dup2(saved, 1)
            os.close(saved)
            tmp.seek(0)
            got.append(tmp.read())


def fuzz_import_batches(n: int, workdir: Path) -> dict[str, Any]:
    """Each batch: one mutated or hostile file plus one good file, imported as one folder."""
    from fuzzing import mutate, seed_jpeg, seed_pdf, seed_png, time_limit
    from hostile import IMPORT_ATTACKS, good_png

    from culti_desktop.core.ingest import import_paths
    from culti_desktop.core.storage import create_project
    from culti_desktop.core.storage.checks import check_project

    workdir.mkdir(parents=True, exist_ok=True)
    project = create_project(workdir / "fuzz.culti")
    rng = random.Random(1)
    seeds = {".pdf": seed_pdf(), ".png": seed_png(), ".jpg": seed_jpeg()}
    out = {k: 0 for k in ("inputs", "hostile", "imported", "failed_cleanly", "tracebacks", "hangs")}
    out.update(good_files_lost=0, stdout_polluted=0, multi_line_errors=0)
    examples: list[str] = []
    for i in range(n):
        batch = workdir / f"batch {i}"
        batch.mkdir()
        if i % 4 == 3:
            name, make = IMPORT_ATTACKS[(i // 4) % len(IMPORT_ATTACKS)]
            make(batch, i)
            out["hostile"] += 1
        else:
            suffix = list(seeds)[i % 3]
            (batch / f"mutated {i}{suffix}").write_bytes(mutate(seeds[suffix], rng))
        good = good_png(batch / "zz good.png", i)
        out["inputs"] += 1
        try:
            with fd1_captured() as cap, time_limit(30):
                s = import_paths(project, [batch], ocr="off")
            if cap[0]:
                out["stdout_polluted"] += 1
                examples.append(f"stdout in batch {i}: {cap[0][:120]!r}")
            out["imported"] += len(s.imported) - (str(good) in s.imported)
            out["failed_cleanly"] += len(s.failed)
            out["multi_line_errors"] += sum("\n" in f["error"].strip() for f in s.failed)
            if str(good) not in s.imported:
                out["good_files_lost"] += 1
                examples.append(f"good file lost in batch {i}: {s.failed}")
        except TimeoutError:
            out["hangs"] += 1
            examples.append(f"hang in batch {i}")
        except Exception as exc:
            out["tracebacks"] += 1
            examples.append(f"batch {i}: {type(exc).__name__}: {exc}"[:200])
        shutil.rmtree(batch, ignore_errors=True)
    out["project_checks_ok"] = int(check_project(project).ok)
    out["examples"] = examples[:10]
    project.close()
    return out


def cli_batches(workdir: Path) -> dict[str, Any]:
    """The CLI over one folder of every hostile kind plus a good file: stdout is one JSON document."""
    from hostile import IMPORT_ATTACKS, good_png

    from culti_desktop.core.storage import create_project

    folder = workdir / "cli batch"
    folder.mkdir(parents=True)
    for n, (_name, make) in enumerate(IMPORT_ATTACKS):
        make(folder, n)
    good = good_png(folder / "zz good.png", 999)
    project = workdir / "cli.culti"
    create_project(project).close()
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "culti_desktop",
            "import",
            str(project),
            str(folder),
            "--ocr",
            "off",
            "--json",
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    res = {"inputs": len(IMPORT_ATTACKS), "json_ok": 0, "tracebacks": int("Traceback" in done.stderr)}
    try:
        data = json.loads(done.stdout)
        res["json_ok"] = 1
        res["good_files_lost"] = int(str(good) not in data["imported"])
        res["failed"] = len(data["failed"])
    except (ValueError, KeyError):
        res["good_files_lost"] = 1
    return res


def fuzz_datasets(n: int, workdir: Path) -> dict[str, Any]:
    from fuzzing import time_limit
    from hostile import hostile_dataset

    from culti_desktop.core.datasets.cnclip_import import import_cnclip_dataset
    from culti_desktop.core.errors import InputError
    from culti_desktop.core.storage import create_project
    from culti_desktop.core.storage.models import Pair

    rng = random.Random(4)
    out = {"inputs": 0, "imported": 0, "failed_cleanly": 0, "tracebacks": 0, "hangs": 0, "empty_stored": 0}
    with create_project(workdir / "ds.culti") as project:
        for i in range(n):
            root = hostile_dataset(workdir / f"ds{i}", i, rng)
            out["inputs"] += 1
            try:
                with time_limit(30):
                    import_cnclip_dataset(project, root, key_prefix=f"d{i}:")
                out["imported"] += 1
            except InputError:
                out["failed_cleanly"] += 1
            except TimeoutError:
                out["hangs"] += 1
            except Exception:
                out["tracebacks"] += 1
        with project.read_session() as s:
            out["empty_stored"] = sum(1 for p in s.query(Pair) if not (p.caption or "").strip())
    return out


def fuzz_checkpoints(workdir: Path) -> dict[str, Any]:
    from hostile import hostile_checkpoints

    from culti_desktop.core.errors import InputError
    from culti_desktop.core.ml.registry import import_checkpoint
    from culti_desktop.core.storage import create_project

    cases = hostile_checkpoints(workdir / "ckpt")
    out: dict[str, Any] = {"inputs": len(cases), "accepted": [], "refused": 0, "tracebacks": 0, "ansi": 0}
    with create_project(workdir / "ckpt.culti") as project:
        for name, path in cases:
            try:
                import_checkpoint(path, "tiny", project=project)
                out["accepted"].append(name)
            except InputError as exc:
                out["refused"] += 1
                out["ansi"] += "\x1b" in exc.one_line() or "\n" in exc.one_line()
            except Exception:
                out["tracebacks"] += 1
    out["pickle_code_ran"] = int((workdir / "ckpt" / "PWNED").exists())
    return out


def export_attacks(workdir: Path) -> dict[str, Any]:
    """--overwrite onto folders that are not exports, the side folder, the project's folder."""
    from culti_desktop.core.errors import CultiError
    from culti_desktop.core.export.options import ExportOptions
    from culti_desktop.core.export.runner import export_dataset
    from culti_desktop.core.storage import create_project

    path = workdir / "exp" / "p.culti"
    path.parent.mkdir(parents=True)
    create_project(path).close()
    seed_pairs(path, n=4)
    out = {"attacks": 0, "refused": 0, "destroyed": 0, "leftovers": 0}
    from culti_desktop.core.storage import open_project

    with open_project(path) as project:
        mine = workdir / "exp" / "mine"
        mine.mkdir()
        (mine / "notes.txt").write_text("keep me")
        (project.side_dir / "models").mkdir(parents=True, exist_ok=True)
        (project.side_dir / "models" / "v9.pt").write_bytes(b"weights")
        for target in (mine, project.side_dir, path.parent, project.side_dir / "models"):
            out["attacks"] += 1
            try:
                export_dataset(
                    project,
                    target,
                    ExportOptions(format="jsonl", split_by="keep", statuses=("proposed",), overwrite=True),
                )
            except CultiError:
                out["refused"] += 1
        kept = [
            (mine / "notes.txt").is_file(),
            (project.side_dir / "models" / "v9.pt").is_file(),
            path.is_file(),
        ]
        out["destroyed"] = kept.count(False)
    out["leftovers"] = len(
        [p for p in (workdir / "exp").iterdir() if ".old-" in p.name or ".partial-" in p.name]
    )
    return out


def damaged_file_writes(workdir: Path) -> dict[str, Any]:
    """Random bytes at 24 KiB, then every writing command: each must refuse and change nothing."""
    import hashlib

    from culti_desktop.cli.main import main
    from culti_desktop.core.storage import create_project

    path = workdir / "damaged.culti"
    create_project(path).close()
    seed_pairs(path, n=400)
    con = sqlite3.connect(path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    with open(path, "r+b") as fh:
        fh.seek(24 * 1024)
        fh.write(random.Random(24).randbytes(512))
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    commands = [["review", str(path), "--accept-all"], ["import", str(path), str(workdir), "--ocr", "off"]]
    with open(os.devnull, "w") as null, contextlib.redirect_stderr(null), fd1_captured():
        refused = sum(main(c) == 1 for c in commands)
    return {
        "commands": len(commands),
        "refused": refused,
        "file_changed": int(hashlib.sha256(path.read_bytes()).hexdigest() != before),
    }


PROGRESS = Path(
    os.environ.get("CULTI_BENCH_PROGRESS", Path(tempfile.gettempdir()) / "bench_hardening.progress")
)


def _progress(stage: str, result: Any) -> None:
    """One JSON line per finished stage, so a long run shows where it is (and keeps what it did)."""
    with PROGRESS.open("a", encoding="utf-8") as fh:
        fh.write(json.dumps({"stage": stage, "result": result}, ensure_ascii=False, default=str) + "\n")


def _stage(name: str, fn: Any, *args: Any) -> dict[str, Any]:
    """Run one fuzz stage; a bug in the harness itself is counted as a traceback, not a lost run."""
    try:
        out = fn(*args)
    except Exception as exc:
        out = {"inputs": 0, "tracebacks": 1, "harness_error": f"{type(exc).__name__}: {exc}"[:300]}
    _progress(name, out)
    return out


def run(quick: bool = False, only: str | None = None, sizes: dict[str, int] | None = None) -> dict[str, Any]:
    """``only``: ``kills`` or ``fuzz`` runs one half (the halves are independent; run them apart
    on a loaded machine and add up); None runs both."""
    t0 = time.perf_counter()
    skip: dict[str, Any] = {"inputs": 0, "tracebacks": 0, "skipped": True}
    report, cmd_report = KillReport(), KillReport()
    with tempfile.TemporaryDirectory() as d:
        work = Path(d)
        if only != "fuzz":
            report = run_harness(work / "a", kills=(sizes or {}).get("kills", 16 if quick else 80), seed=2)
            extra = command_scenarios(work / "b", kinds=5)
            from culti_desktop.core.storage import create_project

            cmd_project = work / "b" / "cmd.culti"
            cmd_project.parent.mkdir(parents=True, exist_ok=True)
            create_project(cmd_project).close()
            rng = random.Random(9)
            for _ in range(10 if quick else 40):
                extra(cmd_project, rng, cmd_report)
            _progress("kills", {**report.as_dict(), "commands": cmd_report.as_dict()})
        if only == "kills":
            fuzz = cli = datasets = ckpts = exports = damaged = skip
        else:
            n = {"batches": 60 if quick else 400, "datasets": 12 if quick else 60, **(sizes or {})}
            fuzz = _stage("fuzz", fuzz_import_batches, n["batches"], work / "fuzz")
            cli = _stage("cli", cli_batches, work / "cli")
            datasets = _stage("datasets", fuzz_datasets, n["datasets"], work / "ds")
            ckpts = _stage("checkpoints", fuzz_checkpoints, work / "ck")
            exports = _stage("exports", export_attacks, work / "ex")
            damaged = _stage("damaged", damaged_file_writes, work / "dm")
    malformed = (
        fuzz.get("inputs", 0) + cli.get("inputs", 0) + datasets.get("inputs", 0) + ckpts.get("inputs", 0)
    )
    tracebacks = (
        fuzz.get("tracebacks", 0)
        + cli.get("tracebacks", 0)
        + datasets.get("tracebacks", 0)
        + ckpts.get("tracebacks", 0)
    )
    total = {
        "runs": report.runs + cmd_report.runs,
        "kills": report.kills + cmd_report.kills,
        "acked_units": report.acked,
        "lost_edits": report.lost + cmd_report.lost,
        "check_failures": report.check_failures + cmd_report.check_failures,
        "kills_by_scenario": {**report.by_scenario, **cmd_report.by_scenario},
        "problems": report.problems + cmd_report.problems,
        "malformed_inputs": malformed,
        "tracebacks": tracebacks,
        "fuzz_import": fuzz,
        "cli_batch": cli,
        "datasets": datasets,
        "checkpoints": ckpts,
        "export_attacks": exports,
        "damaged_file": damaged,
    }
    full = None if quick else True

    def target(value: int, goal: int) -> tuple[str, bool | None]:
        return (f">= {goal} (full run)", None) if quick else (f">= {goal}", value >= goal)

    def zero(metric: str, value: int) -> dict[str, Any]:
        return {"metric": metric, "value": value, "target": 0, "ok": value == 0}

    kt, kok = target(total["kills"], 100)
    mt, mok = target(malformed, 300)
    rows = [
        {"metric": "process runs", "value": total["runs"]},
        {"metric": "SIGKILLs", "value": total["kills"], "target": kt, "ok": kok},
        {"metric": "acknowledged edits/files", "value": total["acked_units"]},
        zero(
            "lost edits (incl. half-applied review/import-dataset, duplicate versions)", total["lost_edits"]
        ),
        zero("failed checks after kill", total["check_failures"]),
        {
            "metric": "malformed inputs (import batches, CLI batch, datasets, checkpoints)",
            "value": malformed,
            "target": mt,
            "ok": mok,
        },
        zero("tracebacks", tracebacks),
        zero("hangs", fuzz.get("hangs", 0) + datasets.get("hangs", 0)),
        zero("good files lost in a batch", fuzz.get("good_files_lost", 0) + cli.get("good_files_lost", 0)),
        zero(
            "stdout polluted (MuPDF) / --json unparsable",
            fuzz.get("stdout_polluted", 0) + (1 - cli.get("json_ok", 1)),
        ),
        zero("checkpoint pickle code executed", ckpts.get("pickle_code_ran", 0)),
        zero("empty captions stored by import-dataset", datasets.get("empty_stored", 0)),
        zero(
            "files destroyed by export --overwrite attacks",
            exports.get("destroyed", 0) + exports.get("leftovers", 0),
        ),
        zero(
            "writes into a damaged project file",
            damaged.get("file_changed", 0) + damaged.get("commands", 0) - damaged.get("refused", 0),
        ),
    ]
    total["rows"] = rows
    total["full_run"] = full
    total["wall_seconds"] = round(time.perf_counter() - t0, 1)
    return total


if __name__ == "__main__":
    only = next((a.split("=", 1)[1] for a in sys.argv if a.startswith("--only=")), None)
    sizes = {
        a[2:].split("=")[0]: int(a.split("=")[1])
        for a in sys.argv
        if a.startswith(("--batches=", "--datasets=", "--kills="))
    }
    res = run(quick="--quick" in sys.argv, only=only, sizes=sizes)
    print_result(
        "hardening",
        res,
        [[r["metric"], r["value"], r.get("target", ""), r.get("ok", "")] for r in res["rows"]],
        ["metric", "value", "target", "ok"],
    )
