"""Kill the CLI/core with SIGKILL at random moments and verify that nothing acknowledged is lost.

Each scenario starts a worker process that does real work on a project and prints ``ack ...``
lines after each committed unit (an imported file, a curator edit). The harness kills it at a
random moment (after a random number of acks plus a random delay, so kills land inside
transactions too), then runs ``culti check`` and compares the project with the ack log.

Scenarios that drive whole CLI commands (train, index, export) have no per-unit acks: there the
promise is that the project still checks, and that the command, run again, completes.

Used in short form by ``tests/hardening/test_hardening_kills.py`` and in long form by
``benchmarks/bench_hardening.py``.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

PY = sys.executable

IMPORT_WORKER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from culti_desktop.core.storage import open_project
    from culti_desktop.core.ingest import import_paths
    project = open_project(sys.argv[1])
    for f in sys.argv[2:]:
        s = import_paths(project, [f], ocr="off")
        for name in s.imported + s.skipped:
            print("ack", Path(name).name, flush=True)
    """
)

EDIT_WORKER = textwrap.dedent(
    """
    import sys
    from culti_desktop.core.storage import open_project
    from culti_desktop.core.storage.models import Pair
    from culti_desktop.core.curation.edits import set_pair_fields
    project = open_project(sys.argv[1])
    counter = int(sys.argv[2])
    with project.read_session() as s:
        ids = [p.id for p in s.query(Pair).order_by(Pair.id)]
    statuses = ["accepted", "rejected", "needs_review", "proposed"]
    while True:
        pid = ids[counter % len(ids)]
        set_pair_fields(project, pid, curator="harness", caption_zh=f"编辑{counter}", status=statuses[counter % 4])
        print("ack", pid, counter, flush=True)
        counter += 1
    """
)


@dataclass
class KillReport:
    runs: int = 0
    kills: int = 0
    acked: int = 0
    lost: int = 0
    check_failures: int = 0
    by_scenario: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "runs": self.runs,
            "kills": self.kills,
            "acked_units": self.acked,
            "lost_edits": self.lost,
            "check_failures": self.check_failures,
            "kills_by_scenario": self.by_scenario,
            "problems": self.problems[:20],
        }


def culti(*args: str, timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run([PY, "-m", "culti_desktop", *args], capture_output=True, text=True, timeout=timeout)


def check_ok(project: Path) -> tuple[bool, str]:
    """``culti check --fast`` in this process (the same code, without a second interpreter start)."""
    from culti_desktop.core.storage import open_project
    from culti_desktop.core.storage.checks import check_project

    try:
        with open_project(project) as p:
            report = check_project(p, verify_hashes=False)
    except Exception as exc:
        return False, f"{type(exc).__name__}: {exc}"[-500:]
    return report.ok, "; ".join(report.problems)[-500:]


def run_and_kill(
    cmd: list[str], rng: random.Random, max_acks: int, max_delay: float, on_ack: Callable[[str], None]
) -> bool:
    """Start ``cmd``, read acks, SIGKILL it at a random moment. Returns True if it was killed."""
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    target = rng.randint(0, max_acks)
    assert proc.stdout is not None
    seen = 0
    if target > 0:
        for line in proc.stdout:
            if line.startswith("ack "):
                on_ack(line[4:].strip())
                seen += 1
                if seen >= target:
                    break
    time.sleep(rng.random() * max_delay)
    killed = proc.poll() is None
    if killed:
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    # Anything it printed between the last read and the kill was acknowledged too.
    for line in proc.stdout.read().splitlines():
        if line.startswith("ack "):
            on_ack(line[4:].strip())
    return killed


def scenario_import(project: Path, docs: list[Path], rng: random.Random, report: KillReport) -> None:
    acked: set[str] = set()
    order = docs[:]
    rng.shuffle(order)
    killed = run_and_kill([PY, "-c", IMPORT_WORKER, str(project), *map(str, order)], rng, 3, 0.5, acked.add)
    _after(project, report, "import", killed)
    from culti_desktop.core.storage import open_project
    from culti_desktop.core.storage.models import Document

    with open_project(project) as p, p.read_session() as s:
        stored = {d.filename: d.state for d in s.query(Document)}
    for name in acked:
        report.acked += 1
        if stored.get(name) != "ready":
            report.lost += 1
            report.problems.append(f"import: acked {name} is {stored.get(name)}")
    half = [n for n, st in stored.items() if st != "ready"]
    if half:
        report.problems.append(f"import: half-imported documents {half}")
        report.lost += len(half)


def scenario_edits(project: Path, rng: random.Random, report: KillReport, counter: list[int]) -> None:
    last: dict[int, int] = {}

    def on_ack(payload: str) -> None:
        pid, n = (int(x) for x in payload.split())
        last[pid] = max(n, last.get(pid, -1))
        counter[0] = max(counter[0], n + 1)

    killed = run_and_kill([PY, "-c", EDIT_WORKER, str(project), str(counter[0])], rng, 30, 0.05, on_ack)
    counter[0] += 1000  # the killed worker may have committed a few more without acking them
    _after(project, report, "edits", killed)
    from culti_desktop.core.storage import open_project
    from culti_desktop.core.storage.models import Pair

    with open_project(project) as p, p.read_session() as s:
        stored = {pr.id: pr.caption_zh for pr in s.query(Pair)}
    for pid, n in last.items():
        report.acked += 1
        text = stored.get(pid) or ""
        if not text.startswith("编辑") or int(text[2:]) < n:
            report.lost += 1
            report.problems.append(f"edits: pair {pid} acked 编辑{n}, stored {text!r}")


def scenario_command(
    project: Path,
    args: list[str],
    rng: random.Random,
    report: KillReport,
    name: str,
    max_delay: float,
    verify: Callable[[], str | None] | None = None,
) -> None:
    killed = run_and_kill([PY, "-m", "culti_desktop", *args], rng, 0, max_delay, lambda _: None)
    _after(project, report, name, killed)
    if verify is not None:
        problem = verify()
        if problem:
            report.problems.append(f"{name}: {problem}")
            report.lost += 1


def _after(project: Path, report: KillReport, name: str, killed: bool) -> None:
    report.runs += 1
    if killed:
        report.kills += 1
        report.by_scenario[name] = report.by_scenario.get(name, 0) + 1
    ok, out = check_ok(project)
    if not ok:
        report.check_failures += 1
        report.problems.append(f"{name}: check failed after kill: {out}")


def make_documents(folder: Path, n: int) -> list[Path]:
    """Small born-digital PDFs and PNG pages with figures and bilingual captions."""
    import pymupdf
    from PIL import Image, ImageDraw

    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(n):
        if i % 2 == 0:
            doc = pymupdf.open()
            for k in range(3):
                page = doc.new_page(width=400, height=560)
                shape = page.new_shape()  # a vector-drawn motif lattice as the figure
                for gx in range(5):
                    for gy in range(4):
                        cx, cy = 88 + gx * 56, 90 + gy * 56
                        shape.draw_polyline(
                            [(cx, cy - 24), (cx + 24, cy), (cx, cy + 24), (cx - 24, cy), (cx, cy - 24)]
                        )
                shape.finish(color=(0.4, 0.1, 0.1), fill=((i * 37 % 255) / 255, 0.5, 0.3), width=1.2)
                shape.commit()
                page.insert_text((60, 322), f"图{k + 1} 文档{i}纹样", fontname="china-s", fontsize=10)
                page.insert_text(
                    (60, 338), f"Fig. {k + 1} Motif of document {i}", fontname="helv", fontsize=9
                )
            path = folder / f"文档 {i}.pdf"
            doc.save(path)
            doc.close()
        else:
            im = Image.new("RGB", (300, 360), (240, 236, 225))
            ImageDraw.Draw(im).rectangle([30, 30, 270, 250], fill=(30 + i * 20 % 200, 80, 120))
            path = folder / f"图像 {i}.png"
            im.save(path)
        out.append(path)
    return out


def seed_pairs(project: Path, n: int = 12) -> None:
    """Give the project pairs to edit without depending on the proposer's output."""
    from culti_desktop.core.storage import open_project
    from culti_desktop.core.storage.blobs import put_blob
    from culti_desktop.core.storage.models import Document, Page, Pair, Region

    with open_project(project) as p, p.session() as s:
        key = put_blob(s, b"harness page " + os.urandom(16))
        doc = Document(sha256=key, filename="harness.png", kind="image", page_count=1, state="ready")
        doc.pages.append(Page(index=0, width=1000, height=1000, unit="px"))
        s.add(doc)
        s.flush()
        for i in range(n):
            r = Region(page_id=doc.pages[0].id, kind="figure", x0=10 * i, y0=0, x1=10 * i + 8, y1=8)
            s.add(r)
            s.flush()
            s.add(Pair(figure_region_id=r.id, caption=f"图{i}", caption_zh="编辑-1", status="proposed"))


def make_cnclip_dataset(folder: Path, n_train: int = 24, n_valid: int = 8) -> Path:
    """A Chinese-CLIP format dataset of coloured shapes (``{split}_imgs.tsv`` + ``{split}_texts.jsonl``)."""
    import base64
    import io

    from PIL import Image, ImageDraw

    colours = {"红色": (200, 30, 30), "绿色": (30, 160, 60), "蓝色": (30, 60, 200), "黄色": (220, 200, 40)}
    shapes = ["圆形", "方形", "三角形"]
    folder.mkdir(parents=True, exist_ok=True)
    k = 0
    for split, n in (("train", n_train), ("valid", n_valid)):
        with (
            open(folder / f"{split}_imgs.tsv", "w", encoding="utf-8") as imgs,
            open(folder / f"{split}_texts.jsonl", "w", encoding="utf-8") as texts,
        ):
            for _ in range(n):
                cname, rgb = list(colours.items())[k % 4]
                shape = shapes[(k // 4) % 3]
                im = Image.new("RGB", (64, 64), (245, 240, 230))
                d = ImageDraw.Draw(im)
                box = [12 + k % 5, 12, 52, 52 - k % 5]
                if shape == "圆形":
                    d.ellipse(box, fill=rgb)
                elif shape == "方形":
                    d.rectangle(box, fill=rgb)
                else:
                    d.polygon([(32, 10), (54, 54), (10, 54)], fill=rgb)
                buf = io.BytesIO()
                im.save(buf, format="PNG")
                imgs.write(f"{1000 + k}\t{base64.urlsafe_b64encode(buf.getvalue()).decode()}\n")
                texts.write(
                    json.dumps(
                        {"text_id": 5000 + k, "text": f"{cname}{shape}纹样{k}", "image_ids": [1000 + k]},
                        ensure_ascii=False,
                    )
                    + "\n"
                )
                k += 1
    return folder


def no_duplicate_versions(project: Path) -> str | None:
    """A re-run of a training (also after a kill just after it committed) adds no second version."""
    from collections import Counter

    from culti_desktop.core.storage import open_project
    from culti_desktop.core.storage.models import ModelVersion

    with open_project(project) as p, p.read_session() as s:
        names = Counter(mv.name for mv in s.query(ModelVersion).where(ModelVersion.kind == "finetuned"))
    dup = [n for n, c in names.items() if c > 1]
    return f"duplicate model versions {dup}" if dup else None


def scenario_review(project: Path, rng: random.Random, report: KillReport, i: int) -> None:
    """``culti review`` of many pairs in one transaction: after a kill, all of them changed or none."""
    from culti_desktop.core.storage import open_project
    from culti_desktop.core.storage.models import Pair

    with open_project(project) as p, p.read_session() as s:
        ids = [pr.id for pr in s.query(Pair).order_by(Pair.id)][:40]
    flag = "--reject" if i % 2 else "--accept"
    args = ["review", str(project), flag, ",".join(map(str, ids)), "--curator", "kill"]

    def verify() -> str | None:
        with open_project(project) as p, p.read_session() as s:
            statuses = {pr.status for pr in s.query(Pair).where(Pair.id.in_(ids))}
        return None if len(statuses) == 1 else f"review half-applied: {sorted(statuses)}"

    scenario_command(project, args, rng, report, "review", max_delay=4.0, verify=verify)


def scenario_dataset(project: Path, workdir: Path, rng: random.Random, report: KillReport, i: int) -> None:
    """``culti import-dataset`` under a new key prefix: after a kill, the whole dataset or nothing."""
    from culti_desktop.core.storage import open_project
    from culti_desktop.core.storage.models import Pair

    prefix = f"kill{i}:"
    args = ["import-dataset", str(project), str(workdir / "dataset"), "--key-prefix", prefix]

    def verify() -> str | None:
        with open_project(project) as p, p.read_session() as s:
            n = s.query(Pair).where(Pair.text_key.like(f"{prefix}%")).count()
        return None if n in (0, 32) else f"import-dataset half-applied: {n} of 32 pairs"

    scenario_command(project, args, rng, report, "import-dataset", max_delay=4.0, verify=verify)


def command_scenarios(
    workdir: Path, train_epochs: int = 50, kinds: int = 3
) -> Callable[[Path, random.Random, KillReport], None]:
    """Train, index and export scenarios (with ``kinds=5`` also review and import-dataset), cycled;
    the project gets a generated dataset first."""
    state = {"i": 0, "prepared": False}

    def export_verify(out: Path) -> Callable[[], str | None]:
        def verify() -> str | None:
            if out.exists() and not (out / "README.md").is_file():
                return f"{out} exists but has no dataset card (half-written)"
            return None

        return verify

    def scenario(project: Path, rng: random.Random, report: KillReport) -> None:
        if not state["prepared"]:
            data = make_cnclip_dataset(workdir / "dataset")
            done = culti("import-dataset", str(project), str(data), "--json")
            assert done.returncode == 0, done.stderr
            state["prepared"] = True
        which = state["i"] % kinds
        state["i"] += 1
        if which == 3:
            scenario_review(project, rng, report, state["i"])
            return
        if which == 4:
            scenario_dataset(project, workdir, rng, report, state["i"])
            return
        if which == 0:
            scenario_command(
                project,
                [
                    "train",
                    str(project),
                    "--model",
                    "tiny",
                    "--epochs",
                    str(train_epochs),
                    "--batch",
                    "8",
                    "--device",
                    "cpu",
                    "--save-every",
                    "1",
                    "--name",
                    f"kill-run-{state['i'] // (2 * kinds)}",  # each name is tried twice in a row
                ],
                rng,
                report,
                "train",
                max_delay=12.0,
                verify=lambda: no_duplicate_versions(project),
            )
        elif which == 1:
            scenario_command(
                project,
                ["index", str(project), "--model", "tiny", "--device", "cpu"],
                rng,
                report,
                "index",
                max_delay=10.0,
            )
        else:
            out = workdir / f"导出 {state['i']}"
            scenario_command(
                project,
                ["export", str(project), str(out), "--format", "cnclip", "--status", "accepted"],
                rng,
                report,
                "export",
                max_delay=6.0,
                verify=export_verify(out),
            )

    return scenario


def run_harness(
    workdir: Path, kills: int, seed: int = 0, extra: Callable[..., None] | None = None
) -> KillReport:
    """Alternate import and edit scenarios (plus ``extra`` command scenarios) until ``kills`` kills."""
    from culti_desktop.core.storage import create_project

    rng = random.Random(seed)
    project = workdir / "kill 项目.culti"
    create_project(project).close()
    seed_pairs(project)
    docs = make_documents(workdir / "docs", 8)
    report = KillReport()
    counter = [0]
    i = 0
    while report.kills < kills and report.runs < kills * 3:
        kind = i % (3 if extra else 2)
        if kind == 0:
            scenario_import(project, docs, rng, report)
        elif kind == 1:
            scenario_edits(project, rng, report, counter)
        else:
            extra(project, rng, report)  # type: ignore[misc]
        i += 1
    return report


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        print(
            json.dumps(
                run_harness(Path(d), int(sys.argv[1]) if len(sys.argv) > 1 else 10).as_dict(),
                indent=2,
                ensure_ascii=False,
            )
        )
