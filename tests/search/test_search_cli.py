import json

import pytest
from PIL import Image

from culti_desktop.cli.main import main
from culti_desktop.testing import motifs


@pytest.fixture
def cli_project(project, add_pair):
    from culti_desktop.core.ml.registry import ensure_base_version, use_model

    items = motifs.singles(4, size=80, seed=2, combos=motifs.COMBOS[::7])
    ids = [
        add_pair(it.image, it.caption_zh, it.caption_en, filename=f"图{i}.png") for i, it in enumerate(items)
    ]
    use_model(project, ensure_base_version(project, "tiny"))
    path = project.locator  # the file path, or the PostgreSQL URL (the index stays on this machine)
    project.close()
    return path, ids, items


def _run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_index_status_search_json(cli_project, capsys, tmp_path, project_locator):
    path, ids, items = cli_project
    code, out, _ = _run(capsys, "index", path, "--status", "--json")
    assert code == 1 and json.loads(out)["exists"] is False
    code, out, _ = _run(capsys, "index", path, "--json", "--device", "cpu")
    summary = json.loads(out)
    assert code == 0 and summary["figures"] == 4 and summary["captions"] == 4
    code, out, _ = _run(capsys, "index", path, "--status", "--json")
    assert code == 0 and json.loads(out)["stale"] is False
    code, out, _ = _run(capsys, "index", path)  # nothing changed: nothing embedded
    assert code == 0 and "(0 embedded)" in out

    code, out, _ = _run(capsys, "search", path, "--text", items[1].caption_zh, "--k", "3", "--json")
    data = json.loads(out)
    assert code == 0 and len(data["results"]) == 3
    r = data["results"][0]
    for key in ("pair_id", "score", "global_score", "local_score", "document", "page", "regions"):
        assert key in r
    assert r["regions"][0]["box"] and len(r["regions"][0]["box"]) == 4
    code, out, _ = _run(
        capsys, "search", path, "--text", items[1].caption_zh, "--k", "3", "--ef", "400", "--json"
    )
    assert code == 0 and [x["pair_id"] for x in json.loads(out)["results"]] == [
        x["pair_id"] for x in data["results"]
    ]
    code, _, err = _run(capsys, "search", path, "--text", "红色", "--ef", "0")
    assert code == 1 and "ef" in err

    code, out, _ = _run(capsys, "search", path, "--text", items[2].caption_en, "--mode", "keyword", "--json")
    data = json.loads(out)
    assert data["query"]["lang"] == "en" and data["results"][0]["pair_id"] == ids[2][0]

    qfile = tmp_path / "q.png"
    items[3].image.save(qfile)
    code, out, _ = _run(capsys, "search", path, "--image", str(qfile), "--box", "0,0,40,40", "--json")
    data = json.loads(out)
    assert code == 0 and data["query"]["image_size"] == [40, 40] and data["results"]
    code, out, _ = _run(capsys, "search", path, "--image", str(qfile), "--target", "text", "--laclip", "off")
    assert code == 0 and "pair" in out and "best region (query)" in out


def test_cli_errors_name_the_file(cli_project, capsys, tmp_path):
    path, _, _ = cli_project
    code, _, err = _run(capsys, "search", path, "--text", "红色", "--mode", "clip")
    assert code == 1 and "culti index" in err
    bad = tmp_path / "not-an-image.png"
    bad.write_bytes(b"nope")
    code, _, err = _run(capsys, "search", path, "--image", str(bad))
    assert code == 1 and "not-an-image.png" in err
    good = tmp_path / "good.png"
    Image.new("RGB", (20, 20), "red").save(good)
    code, _, err = _run(capsys, "search", path, "--image", str(good), "--box", "1,2,3")
    assert code == 1 and "--box" in err
