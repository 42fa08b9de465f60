"""A first model that works offline: nothing downloads implicitly; two sources, one falls back.

The sources are real loopback HTTP servers started here (one refusing, one serving); the tests
never reach the network.
"""

from __future__ import annotations

import http.server
import threading

import numpy as np
import pytest

from culti_desktop.cli.main import main as culti
from culti_desktop.core.errors import CultiError
from culti_desktop.core.ml.downloads import ensure_weights, preferred_source, weights_path, weights_urls
from culti_desktop.core.ml.registry import ModelChoiceNeeded, load_encoder, needs_model_choice, use_arch

PAYLOAD = np.random.default_rng(1).bytes(200_000)


class _Serving(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def log_message(self, *a):
        pass

    def do_GET(self):
        self.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Length", str(len(PAYLOAD)))
        self.end_headers()
        self.wfile.write(PAYLOAD)


class _Refusing(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def log_message(self, *a):
        pass

    def do_GET(self):
        self.hits.append(self.path)
        self.send_response(503)
        self.end_headers()


def _serve(handler):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture
def sources(monkeypatch):
    _Serving.hits, _Refusing.hits = [], []
    good, bad = _serve(_Serving), _serve(_Refusing)
    monkeypatch.delenv("CULTI_OFFLINE", raising=False)
    monkeypatch.delenv("CULTI_MODEL_URL", raising=False)
    yield good, bad
    for server in (good, bad):
        server.shutdown()
        server.server_close()


def _at(server) -> str:
    return f"http://127.0.0.1:{server.server_port}"


def test_hub_fails_modelscope_serves(sources, monkeypatch):
    good, bad = sources
    monkeypatch.setenv("HF_ENDPOINT", _at(bad))
    monkeypatch.setenv("MODELSCOPE_ENDPOINT", _at(good))
    path = ensure_weights("RN50")
    assert path == weights_path("RN50") and path.read_bytes() == PAYLOAD
    assert _Refusing.hits == ["/OFA-Sys/chinese-clip-rn50/resolve/main/clip_cn_rn50.pt"]
    assert _Serving.hits == ["/models/AI-ModelScope/chinese-clip-rn50/resolve/master/clip_cn_rn50.pt"]


def test_preferred_source_is_a_setting_and_an_env_var(sources, monkeypatch):
    good, bad = sources
    monkeypatch.setenv("HF_ENDPOINT", _at(good))
    monkeypatch.setenv("MODELSCOPE_ENDPOINT", _at(bad))
    monkeypatch.setenv("CULTI_MODEL_SOURCE", "modelscope")
    assert [n for n, _ in weights_urls("RN50")] == ["modelscope", "huggingface"]
    assert [n for n, _ in weights_urls("RN50", source="hf")] == ["huggingface", "modelscope"]
    ensure_weights("RN50")  # modelscope refuses, the hub serves
    assert len(_Refusing.hits) == 1 and len(_Serving.hits) == 1
    with pytest.raises(CultiError) as exc:
        preferred_source("ftp")
    assert exc.value.code == "model.bad_source"


def test_both_sources_fail_names_both_and_how_to_import(sources, monkeypatch):
    _, bad = sources
    monkeypatch.setenv("HF_ENDPOINT", _at(bad))
    monkeypatch.setenv("MODELSCOPE_ENDPOINT", _at(bad))
    with pytest.raises(CultiError) as exc:
        ensure_weights("RN50")
    text = exc.value.one_line()
    assert "huggingface: " in text and "modelscope: " in text and "culti model import" in text
    assert exc.value.code == "model.download_failed" and not weights_path("RN50").exists()


def test_no_model_chosen_asks_instead_of_downloading(project, capsys):
    assert needs_model_choice(project)
    with pytest.raises(ModelChoiceNeeded) as exc:
        load_encoder(project)
    assert exc.value.code == "model.choose" and [k for k, _ in exc.value.choices] == [
        "download",
        "import",
        "tiny",
    ]
    path = str(project.path)
    project.close()
    assert culti(["index", path]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 4 and "choose one" in err[0]
    assert "culti model download ViT-B-16" in err[1] and "culti model import" in err[2] and "tiny" in err[3]
    assert culti(["model", "use", path, "tiny"]) == 0
    capsys.readouterr()
    from culti_desktop.core.storage import open_project

    with open_project(path) as again:
        assert not needs_model_choice(again)
        assert load_encoder(again, device="cpu").arch == "tiny"
        use_arch(again, "tiny")  # idempotent: the same base version row


def test_weights_already_here_need_no_choice(project):
    weights_path("ViT-B-16").write_bytes(b"")  # present (contents unread by the check)
    assert not needs_model_choice(project)


def test_train_without_a_model_asks_first_and_writes_no_split(project, capsys):
    """A `culti train` that cannot start must not leave the automatic split behind."""
    from sqlalchemy import select

    from culti_desktop.core.storage import open_project
    from culti_desktop.core.storage.models import Pair
    from culti_desktop.testing.synthetic import add_shapes_dataset

    add_shapes_dataset(project, {"": 2})  # 36 accepted pairs without a split
    path = str(project.path)
    project.close()
    assert culti(["train", path, "--epochs", "1"]) == 1
    assert "choose one" in capsys.readouterr().err
    with open_project(path) as again, again.read_session() as s:
        splits = s.scalars(select(Pair.split)).all()
    assert len(splits) == 36 and not any(splits)
