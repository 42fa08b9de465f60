"""Checkpoint paths survive renaming a project with its side folder; missing ones are reported (#11)."""

from __future__ import annotations

import shutil
from pathlib import Path

from culti_desktop.core.ml.archs import arch_config, build_clip
from culti_desktop.core.ml.checkpoints import save_model_checkpoint
from culti_desktop.core.ml.registry import import_checkpoint, load_version_model, use_model
from culti_desktop.core.storage import create_project, open_project
from culti_desktop.core.storage.checks import check_project
from culti_desktop.core.storage.models import ModelVersion


def _project_with_checkpoint(tmp_path: Path) -> tuple[Path, int]:
    ckpt = tmp_path / "mine.pt"
    save_model_checkpoint(ckpt, build_clip(arch_config("tiny"), seed=3), "tiny", arch_config("tiny"))
    path = tmp_path / "big.culti"
    with create_project(path) as project:
        version = import_checkpoint(ckpt, "tiny", project=project)["version"]
        use_model(project, version)
    return path, version


def _rename(path: Path, new: Path) -> Path:
    path.rename(new)
    path.with_name(path.name + ".d").rename(new.with_name(new.name + ".d"))
    return new


def test_renamed_project_and_side_folder_still_find_the_checkpoint(tmp_path: Path) -> None:
    path, version = _project_with_checkpoint(tmp_path)
    moved = _rename(path, tmp_path / "改名.culti")
    with open_project(moved) as project:
        assert check_project(project).ok, check_project(project).problems
        with project.read_session() as s:
            mv = s.get(ModelVersion, version)
            assert not mv.checkpoint_path.startswith("big.culti.d")  # stored relative to the side folder
        load_version_model(project, mv)


def test_old_stored_form_is_read_after_a_rename(tmp_path: Path) -> None:
    path, version = _project_with_checkpoint(tmp_path)
    with open_project(path) as project, project.session() as s:
        mv = s.get(ModelVersion, version)
        mv.checkpoint_path = f"big.culti.d/models/{Path(mv.checkpoint_path).name}"  # as written before
    moved = _rename(path, tmp_path / "other.culti")
    with open_project(moved) as project:
        assert check_project(project).ok, check_project(project).problems
        with project.read_session() as s:
            load_version_model(project, s.get(ModelVersion, version))


def test_check_reports_a_current_model_without_its_checkpoint(tmp_path: Path) -> None:
    path, version = _project_with_checkpoint(tmp_path)
    shutil.rmtree(path.with_name(path.name + ".d") / "models")
    with open_project(path) as project:
        report = check_project(project)
    assert not report.ok
    assert any(f"model version {version}" in p and "current" in p and "missing" in p for p in report.problems)
