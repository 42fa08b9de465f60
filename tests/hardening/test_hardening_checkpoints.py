"""Hostile or broken checkpoints: each is refused with one clean line, never a traceback (issue 19)."""

from __future__ import annotations

from pathlib import Path

import pytest

from culti_desktop.cli.main import main
from culti_desktop.core.errors import InputError
from culti_desktop.core.ml.checkpoints import safe_torch_load


def test_empty_checkpoint_is_a_clean_error(tmp_path: Path, project, capsys) -> None:
    empty = tmp_path / "e.pt"
    empty.write_bytes(b"")
    with pytest.raises(InputError, match="e.pt"):
        safe_torch_load(empty)
    assert main(["model", "import", str(empty), "--arch", "tiny", "--project", str(project.path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("culti: error:") and "e.pt" in err and len(err.strip().splitlines()) == 1


def test_reason_of_an_exception_without_text_is_its_type() -> None:
    from culti_desktop.core.ml.checkpoints import exception_reason

    assert exception_reason(RuntimeError("")) == "RuntimeError"
    coloured = RuntimeError(
        "\x1b[1m\x1b[31mWeights only load failed.\x1b[0m " + "word " * 80 + "\nsecond line"
    )
    reason = exception_reason(coloured)
    assert "\x1b" not in reason and "\n" not in reason and reason.startswith("Weights only load failed")
    assert len(reason) <= 170 and reason.endswith("…")


@pytest.mark.parametrize("junk", [b"\x00", b"PK\x03\x04", b"\x80\x02}q\x00."])
def test_tiny_junk_checkpoints_are_clean_errors(tmp_path: Path, junk: bytes) -> None:
    path = tmp_path / "junk.pt"
    path.write_bytes(junk)
    with pytest.raises(InputError) as err:
        safe_torch_load(path)
    assert "\n" not in err.value.one_line()


def _tiny_state() -> dict:
    from culti_desktop.core.ml.archs import arch_config, build_clip

    return {k: v.clone() for k, v in build_clip(arch_config("tiny"), seed=1).state_dict().items()}


@pytest.mark.parametrize("damage", ["nan", "int"])
def test_import_refuses_nan_and_integer_weights(tmp_path: Path, project, damage: str) -> None:
    import torch

    from culti_desktop.core.ml.registry import import_checkpoint

    sd = _tiny_state()
    key = next(k for k, v in sd.items() if v.is_floating_point() and v.ndim == 2)
    if damage == "nan":
        sd = {k: torch.full_like(v, float("nan")) if v.is_floating_point() else v for k, v in sd.items()}
    else:
        sd[key] = sd[key].to(torch.int32)
    path = tmp_path / f"{damage}.pt"
    torch.save({"state_dict": sd}, path)
    with pytest.raises(InputError) as err:
        import_checkpoint(path, "tiny", project=project)
    msg = err.value.one_line()
    assert ("NaN" in msg) if damage == "nan" else ("integer" in msg and key in msg), msg


def test_text_file_named_pt_is_a_clean_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.pt"
    path.write_bytes(b"these are not the weights you are looking for\n")  # IndexError in torch's unpickler
    with pytest.raises(InputError, match="not a readable PyTorch checkpoint"):
        safe_torch_load(path)
