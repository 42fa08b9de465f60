"""``culti repropose``: proposals made again from the stored documents, curated pairs kept."""

from __future__ import annotations

import json

from culti_desktop.cli.main import main


def _pairs(project_path, capsys) -> list[dict]:
    assert main(["pairs", str(project_path), "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_repropose_one_document_keeps_reviewed_pairs(project_locator, born_digital_pdf, capsys):
    project_path = project_locator  # a .culti file, and (with CULTI_TEST_PG_URL) a PostgreSQL database
    assert main(["init", str(project_path)]) == 0
    assert main(["import", str(project_path), str(born_digital_pdf), "--ocr", "off", "--json"]) == 0
    capsys.readouterr()
    first, second = _pairs(project_path, capsys)[:2]
    assert main(["review", str(project_path), "--reject", str(second["id"]), "--json"]) == 0
    capsys.readouterr()

    assert main(["repropose", str(project_path), "--document", born_digital_pdf.name, "--json"]) == 0
    counts = json.loads(capsys.readouterr().out)
    assert counts["documents"] == 1 and counts["kept"] >= 1 and counts["added"] == counts["removed"]
    after = {p["id"]: p for p in _pairs(project_path, capsys)}
    assert after[second["id"]]["status"] == "rejected"  # the reviewed pair survived
    assert first["id"] not in after  # the untouched proposal was replaced ...
    assert any(p["caption"] == first["caption"] for p in after.values())  # ... by the same proposal

    assert main(["repropose", str(project_path), "--document", "1"]) == 0  # by id, human output
    assert "re-proposed 1 document(s)" in capsys.readouterr().out


def test_unknown_document_is_a_one_line_error(project_path, born_digital_pdf, capsys):
    assert main(["init", str(project_path)]) == 0
    assert main(["repropose", str(project_path), "--document", "nope.pdf"]) == 1
    err = capsys.readouterr().err
    assert "no document 'nope.pdf'" in err and len(err.strip().splitlines()) == 1
