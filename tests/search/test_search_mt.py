"""The optional translation model is fetched like the CLIP weights: progress, resume, clear offline error.

A local HTTP server stands in for the hub (real sockets, real ``download``); nothing leaves the machine.
"""

from __future__ import annotations

import http.server
import threading

import pytest

from culti_desktop.cli.main import main
from culti_desktop.core.errors import CultiError
from culti_desktop.core.search import mt

PAYLOAD = {name: (name * 997).encode()[: 4000 + 37 * i] for i, name in enumerate(mt.MT_FILES)}


class _Hub(http.server.BaseHTTPRequestHandler):
    hits: list[tuple[str, str | None]] = []
    refuse = False

    def log_message(self, *a):
        pass

    def do_GET(self):
        self.hits.append((self.path, self.headers.get("Range")))
        name = self.path.rsplit("/", 1)[-1]
        if self.refuse or name not in PAYLOAD:
            self.send_response(503)
            self.end_headers()
            return
        body = PAYLOAD[name]
        rng = self.headers.get("Range")
        start = int(rng.split("=")[1].rstrip("-")) if rng else 0
        self.send_response(206 if start else 200)
        self.send_header("Content-Length", str(len(body) - start))
        self.end_headers()
        self.wfile.write(body[start:])


@pytest.fixture
def hub(monkeypatch, tmp_path):
    _Hub.hits, _Hub.refuse = [], False
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Hub)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setenv("CULTI_MODEL_DIR", str(tmp_path / "models"))
    monkeypatch.delenv("CULTI_OFFLINE", raising=False)
    monkeypatch.delenv("CULTI_MT_URL", raising=False)
    monkeypatch.setenv("HF_ENDPOINT", f"http://127.0.0.1:{server.server_port}")
    yield server
    server.shutdown()
    server.server_close()


def test_offline_is_a_clear_error_and_writes_nothing(monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("CULTI_MODEL_DIR", str(tmp_path / "models"))
    monkeypatch.setenv("CULTI_OFFLINE", "1")
    with pytest.raises(CultiError) as err:
        mt.fetch_mt()
    assert err.value.code == "mt.offline"
    assert str(mt.mt_folder()) in err.value.message and "model.bin" in err.value.message
    assert not mt.mt_folder().exists() or not any(mt.mt_folder().iterdir())
    assert main(["mt", "download"]) != 0
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and "offline" in lines[0]


def test_download_fetches_every_file_and_status_says_so(hub, capsys):
    assert mt.mt_status()["missing"] == list(mt.MT_FILES)
    assert main(["mt", "download", "--json"]) == 0
    for name, body in PAYLOAD.items():
        assert (mt.mt_folder() / name).read_bytes() == body
    assert [p for p, _ in _Hub.hits] == [f"/{mt.MT_REPO}/resolve/main/{n}" for n in mt.MT_FILES]
    status = mt.mt_status()
    assert status["downloaded"] and status["missing"] == []
    assert status["usable"] == status["runtime"]  # usable only when ctranslate2 + sentencepiece exist
    _Hub.hits.clear()
    mt.fetch_mt()  # present: nothing fetched again
    assert _Hub.hits == []


def test_an_interrupted_file_resumes_from_its_part(hub):
    first = mt.MT_FILES[1]
    folder = mt.mt_folder()
    folder.mkdir(parents=True)
    for name in mt.MT_FILES:
        if name != first:
            (folder / name).write_bytes(PAYLOAD[name])
    (folder / f"{first}.part").write_bytes(PAYLOAD[first][:1000])
    mt.fetch_mt()
    assert _Hub.hits == [(f"/{mt.MT_REPO}/resolve/main/{first}", "bytes=1000-")]
    assert (folder / first).read_bytes() == PAYLOAD[first] and not (folder / f"{first}.part").exists()


def test_a_refusing_server_says_where_to_get_the_files(hub):
    _Hub.refuse = True
    with pytest.raises(CultiError) as err:
        mt.fetch_mt()
    assert err.value.code == "mt.download_failed" and "copy them into" in err.value.message
    assert mt.mt_status()["missing"] == list(mt.MT_FILES)


def test_progress_is_reported_through_the_job(hub):
    from culti_desktop.core.jobs import Job

    seen = []
    job = Job(on_progress=seen.append, min_interval=0.0)
    mt.fetch_mt(job=job)
    last = len(PAYLOAD[mt.MT_FILES[-1]])
    assert seen and job.total == last and job.done == last  # per file: bytes of the file being fetched
