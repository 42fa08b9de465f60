"""Re-running a completed training says the version exists instead of adding a duplicate (#12)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from kill_harness import make_cnclip_dataset

from culti_desktop.cli.main import main
from culti_desktop.core.storage.models import ModelVersion

TRAIN = ["--model", "tiny", "--epochs", "1", "--batch", "8", "--device", "cpu", "--json"]


def _versions(project) -> list[str]:
    with project.read_session() as s:
        return [mv.name for mv in s.query(ModelVersion).where(ModelVersion.kind == "finetuned")]


def test_plain_rerun_reports_the_existing_version(
    project, project_locator, tmp_path: Path, capsys, monkeypatch
) -> None:  # project_locator: on the file and (with CULTI_TEST_PG_URL) on a PostgreSQL project
    monkeypatch.setenv("CULTI_MODEL_DIR", str(tmp_path / "models"))
    data = make_cnclip_dataset(tmp_path / "ds", n_train=12, n_valid=4)
    assert main(["import-dataset", project.locator, str(data), "--json"]) == 0
    capsys.readouterr()
    assert main(["train", project.locator, *TRAIN]) == 0
    first = json.loads(capsys.readouterr().out)
    assert main(["train", project.locator, *TRAIN]) == 0
    again = json.loads(capsys.readouterr().out)
    assert again["exists"] is True and again["version_id"] == first["version_id"]
    assert len(_versions(project)) == 1
    assert main(["train", project.locator, *TRAIN, "--again"]) == 0
    assert json.loads(capsys.readouterr().out)["version_id"] != first["version_id"]
    assert main(["train", project.locator, *TRAIN, "--name", "第二轮"]) == 0
    capsys.readouterr()
    assert len(_versions(project)) == 3 and "第二轮" in _versions(project)
