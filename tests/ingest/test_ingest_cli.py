"""``culti import``, ``culti pairs`` and ``culti review`` end to end, with --json."""

from __future__ import annotations

import json

from culti_desktop.cli.main import main

PAIR_FIELDS = {
    "id",
    "document",
    "page",
    "figure_bbox",
    "caption",
    "caption_zh",
    "caption_en",
    "confidence",
    "status",
    "split",
}


def test_import_list_review(project_locator, born_digital_pdf, capsys):
    project_path = project_locator  # a .culti file, and (with CULTI_TEST_PG_URL) a PostgreSQL database
    assert main(["init", str(project_path)]) == 0
    capsys.readouterr()
    assert main(["import", str(project_path), str(born_digital_pdf), "--ocr", "off", "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert (
        summary["imported"] == [str(born_digital_pdf)]
        and summary["failed"] == []
        and summary["skipped"] == []
    )

    assert main(["pairs", str(project_path), "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 2 and set(rows[0]) == PAIR_FIELDS
    assert rows[0]["document"] == "born_digital.pdf" and rows[0]["page"] == 0
    assert len(rows[0]["figure_bbox"]) == 4

    assert main(["review", str(project_path), "--accept", str(rows[0]["id"]), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["accepted"] == [rows[0]["id"]]
    assert main(["review", str(project_path), "--reject", str(rows[1]["id"])]) == 0
    capsys.readouterr()
    assert main(["pairs", str(project_path), "--status", "accepted", "--json"]) == 0
    assert [r["id"] for r in json.loads(capsys.readouterr().out)] == [rows[0]["id"]]

    # the same file again: skipped, exit 0
    assert main(["import", str(project_path), str(born_digital_pdf), "--ocr", "off", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["skipped"] == [str(born_digital_pdf)]


def test_review_unknown_id_is_one_line_error(project_locator, capsys):
    project_path = project_locator
    assert main(["init", str(project_path)]) == 0
    capsys.readouterr()
    assert main(["review", str(project_path), "--accept", "42"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "no such pair" in err[0]
