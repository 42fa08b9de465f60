"""Bad input: one clear error per file, nothing half-imported, the rest of the batch goes on."""

from __future__ import annotations

import os

import pytest

from culti_desktop.cli.main import main
from culti_desktop.core.ingest import import_paths
from culti_desktop.core.storage.models import Blob, Document, Page, Pair

EXPECTED = {
    "empty.pdf": "0 bytes",
    "not_a_pdf.pdf": "not a PDF",
    "truncated.pdf": "truncated",
    "corrupt.pdf": "PDF",
    "zero_pages.pdf": "no pages",
    "bomb.png": "megapixels",
    "garbage.png": "cannot read image",
    "locked.pdf": "password",
    "missing.pdf": "cannot read file",
}


def test_every_bad_file_fails_alone_and_the_good_one_is_imported(project, born_digital_pdf, bad_inputs):
    batch = [bad_inputs[name] for name in EXPECTED] + [born_digital_pdf]
    summary = import_paths(project, batch, ocr="off")
    assert summary.imported == [str(born_digital_pdf)]
    errors = {os.path.basename(f["file"]): f["error"] for f in summary.failed}
    assert set(errors) == {os.path.basename(str(bad_inputs[n])) for n in EXPECTED}
    for name, fragment in EXPECTED.items():
        message = errors[os.path.basename(str(bad_inputs[name]))]
        assert fragment.lower() in message.lower(), (name, message)
        assert "\n" not in message
    # Only the good document is in the project: nothing half-imported (its bytes, and the one
    # embedded image its raster figure is stored as).
    assert project.count(Document) == 1 and project.count(Blob) == 2
    assert project.count(Page) == 2 and project.count(Pair) == 2


def test_unreadable_file(project, tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root can read any file")
    p = tmp_path / "secret.pdf"
    p.write_bytes(b"%PDF-1.4\n%%EOF\n")
    p.chmod(0)
    summary = import_paths(project, [p])
    assert summary.failed and "cannot read file" in summary.failed[0]["error"]


def test_cli_reports_one_line_per_failed_file_and_exits_1(project_path, bad_inputs, born_digital_pdf, capsys):
    assert main(["init", str(project_path)]) == 0
    capsys.readouterr()
    code = main(
        ["import", str(project_path), str(bad_inputs["truncated.pdf"]), str(born_digital_pdf), "--ocr", "off"]
    )
    out = capsys.readouterr().out
    assert code == 1
    failed = [ln for ln in out.splitlines() if ln.startswith("failed:")]
    assert len(failed) == 1 and "truncated.pdf" in failed[0] and "truncated" in failed[0].split(":", 2)[2]
    assert "imported 1 file(s)" in out
