"""Mutated datasets (TSV/JSONL) and checkpoints: zero crashes, zero hangs, clear errors, project intact."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from fuzzing import mutate, time_limit
from kill_harness import make_cnclip_dataset

from culti_desktop.core.errors import CultiError
from culti_desktop.core.storage.checks import check_project
from culti_desktop.core.storage.stats import project_info


def _mutate_text_file(path: Path, rng: random.Random) -> None:
    lines = path.read_bytes().splitlines(keepends=True)
    op = rng.choice(("bytes", "line_drop", "line_dup", "field", "truncate_line"))
    i = rng.randrange(len(lines))
    if op == "bytes":
        lines[i] = mutate(lines[i], rng)
    elif op == "line_drop":
        del lines[i]
    elif op == "line_dup":
        lines.insert(i, lines[i])
    elif op == "field":
        lines[i] = (
            lines[i].replace(b"\t", b" ", 1).replace(b'"image_ids"', b'"image_idz"', 1).replace(b"[", b"{", 1)
        )
    else:
        lines[i] = lines[i][: rng.randrange(max(1, len(lines[i])))] + b"\n"
    path.write_bytes(b"".join(lines))


@pytest.mark.slow
def test_mutated_datasets_fail_cleanly_and_leave_the_project_unchanged(project, tmp_path: Path) -> None:
    from culti_desktop.core.datasets.cnclip_import import import_cnclip_dataset

    rng = random.Random(99)
    clean = make_cnclip_dataset(tmp_path / "clean", n_train=6, n_valid=3)
    tried = failed = ok = 0
    for n in range(150):
        folder = tmp_path / f"ds{n}"
        folder.mkdir()
        for f in clean.iterdir():
            (folder / f.name).write_bytes(f.read_bytes())
        victim = rng.choice(sorted(folder.iterdir()))
        _mutate_text_file(victim, rng)
        before = project_info(project)
        tried += 1
        try:
            with time_limit(20):
                import_cnclip_dataset(project, folder, key_prefix=f"f{n}:")
            ok += 1
        except CultiError as exc:
            failed += 1
            assert exc.path and "\n" not in exc.one_line()
            after = project_info(project)
            assert (after["documents"], after["pairs"]) == (before["documents"], before["pairs"])
        except TimeoutError:
            pytest.fail(f"hang on {victim}")
    print(f"fuzz dataset: tried={tried} ok={ok} failed_cleanly={failed}")
    assert failed > 20 and tried == 150
    assert check_project(project).ok


@pytest.mark.slow
def test_mutated_checkpoints_fail_cleanly(project, tmp_path: Path) -> None:
    import torch

    from culti_desktop.core.ml.archs import build_tiny_model
    from culti_desktop.core.ml.registry import import_checkpoint

    good = tmp_path / "tiny.pt"
    torch.save({"epoch": 1, "state_dict": build_tiny_model(seed=3).state_dict()}, good)
    data = good.read_bytes()
    rng = random.Random(3)
    tried = failed = ok = 0
    for n in range(40):
        bad = tmp_path / f"变异 {n}.pt"
        if n % 2:  # damage the zip directory at the end, where loaders are most fragile
            cut = len(data) - rng.randrange(1, 4096)
            bad.write_bytes(data[:cut] + mutate(data[cut:], rng))
        else:
            bad.write_bytes(mutate(data, rng))
        tried += 1
        try:
            with time_limit(60):
                import_checkpoint(bad, "tiny", project=project)
            ok += 1
        except CultiError as exc:
            failed += 1
            assert bad.name in exc.one_line()
        except TimeoutError:
            pytest.fail(f"hang on {bad.name}")
        bad.unlink()
    print(f"fuzz checkpoint: tried={tried} ok={ok} failed_cleanly={failed}")
    assert failed > 5
    assert check_project(project).ok
