"""Model registry: import (safe loading), versions, current model, downloads, devices."""

from __future__ import annotations

import hashlib
import http.server
import json
import threading
from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image

from culti_desktop.cli.main import main as culti
from culti_desktop.core.errors import CultiError, InputError
from culti_desktop.core.jobs import Job
from culti_desktop.core.ml.archs import build_arch
from culti_desktop.core.ml.checkpoints import safe_torch_load
from culti_desktop.core.ml.device import fit_batch_size, pick_device
from culti_desktop.core.ml.downloads import download, ensure_weights, weights_path
from culti_desktop.core.ml.registry import (
    current_model_version,
    import_checkpoint,
    load_encoder,
    use_model,
)
from culti_desktop.core.storage import open_project


def _cn_clip_style_checkpoint(path: Path, seed: int = 5) -> torch.nn.Module:
    """What users have: DDP ``module.`` keys, optimizer state, fp16, bert.pooler leftovers."""
    model = build_arch("tiny", seed=seed)
    opt = torch.optim.AdamW(model.parameters())
    sum(p.sum() for p in model.parameters()).backward()
    opt.step()  # real optimizer state: two fp32 moments per weight
    sd = {f"module.{k}": v.half() for k, v in model.state_dict().items()}
    sd["module.bert.pooler.dense.weight"] = torch.zeros(2, 2)
    torch.save({"epoch": 3, "step": 100, "name": "x", "state_dict": sd, "optimizer": opt.state_dict()}, path)
    return model


def test_imported_checkpoint_becomes_a_version_without_optimizer(project, tmp_path):
    src = tmp_path / "epoch_latest.pt"
    original = _cn_clip_style_checkpoint(src)
    result = import_checkpoint(src, "tiny", project=project, name="from colleague")
    dest = Path(result["file"])
    assert dest.is_relative_to(project.side_dir / "models")
    assert dest.stat().st_size < src.stat().st_size / 2  # optimizer state dropped
    assert "optimizer" not in safe_torch_load(dest)
    enc = load_encoder(project, result["version"], device="cpu")
    assert enc.model_version_id == result["version"] and enc.name == "from colleague"
    im = [Image.new("RGB", (50, 40), (200, 10, 10))]
    ref = torch.nn.functional.normalize(original.half().float().encode_image(enc.image_tensor(im)), dim=-1)
    np.testing.assert_allclose(enc.encode_images(im), ref.detach().numpy(), atol=1e-4)


class _Evil:
    def __reduce__(self):
        import os

        return (os.system, ("touch " + str(MARKER),))


MARKER = Path("/nonexistent")


def test_checkpoint_that_would_run_code_is_refused(project, tmp_path, capsys):
    global MARKER
    MARKER = tmp_path / "pwned"
    evil = tmp_path / "evil.pt"
    torch.save({"state_dict": {"w": torch.zeros(1)}, "payload": _Evil()}, evil)
    with pytest.raises(InputError, match="could run code"):
        import_checkpoint(evil, "tiny", project=project)
    assert not MARKER.exists()
    rc = culti(["model", "import", str(evil), "--arch", "tiny", "--project", str(project.path)])
    err = capsys.readouterr().err.strip().splitlines()
    assert rc == 1 and len(err) == 1 and str(evil) in err[0]
    assert not MARKER.exists()


def test_checkpoint_of_another_architecture_is_refused_by_name(project, tmp_path):
    path = tmp_path / "other.pt"
    sd = build_arch("tiny").state_dict()
    sd["visual.proj"] = torch.zeros(3, 3)
    torch.save(sd, path)
    with pytest.raises(InputError, match="do not fit architecture tiny.*visual.proj"):
        import_checkpoint(path, "tiny", project=project)


def test_current_model_is_the_picked_one_else_the_newest_fine_tuned(
    project, project_locator, tmp_path, capsys
):
    # project_locator: on the file and (with CULTI_TEST_PG_URL) on a PostgreSQL project
    from culti_desktop.core.ml.registry import register_finetuned

    assert current_model_version(project) is None
    base = load_encoder(project, "tiny", device="cpu")
    v1 = register_finetuned(project, base.model, "tiny", base.config, base.model_version_id, {}, {})
    v2 = register_finetuned(project, base.model, "tiny", base.config, v1, {}, {}, make_current=False)
    assert current_model_version(project).id == v1
    use_model(project, base.model_version_id)
    assert current_model_version(project).id == base.model_version_id
    assert culti(["model", "use", project.locator, str(v2), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["current_model"] == v2
    with open_project(project.locator) as again:
        assert load_encoder(again, None, device="cpu").model_version_id == v2
    assert culti(["model", "list", project.locator, "--json"]) == 0
    listing = json.loads(capsys.readouterr().out)
    assert [v["id"] for v in listing["versions"] if v["current"]] == [v2]
    assert {a["name"] for a in listing["architectures"]} >= {
        "tiny",
        "RN50",
        "ViT-B-16",
        "ViT-L-14",
        "ViT-L-14-336",
        "ViT-H-14",
    }
    assert culti(["model", "use", project.locator, "999"]) == 1


def test_offline_error_says_how_to_import_instead(capsys):
    with pytest.raises(CultiError, match=r"culti model import clip_cn_vit-b-16.pt --arch ViT-B-16"):
        load_encoder(None, "ViT-B-16", device="cpu")
    assert culti(["model", "download", "ViT-H-14"]) == 1
    assert "culti model import clip_cn_vit-h-14.pt --arch ViT-H-14" in capsys.readouterr().err


# -- downloads against a real local HTTP server (hub-like redirect + range support) --------------
class _Hub(http.server.BaseHTTPRequestHandler):
    payload = b""
    sha = ""
    ranges: list[str] = []

    def log_message(self, *a):  # quiet
        pass

    def do_GET(self):
        if "/resolve/" in self.path:  # the hub answers with a redirect carrying LFS size and sha256
            self.send_response(302)
            self.send_header("Location", "/cdn/blob")
            self.send_header("X-Linked-Etag", f'"{self.sha}"')
            self.send_header("X-Linked-Size", str(len(self.payload)))
            self.end_headers()
            return
        start = 0
        rng = self.headers.get("Range")
        if rng:
            self.ranges.append(rng)
            start = int(rng.split("=")[1].split("-")[0])
            self.send_response(206)
            self.send_header("Content-Range", f"bytes {start}-{len(self.payload) - 1}/{len(self.payload)}")
        else:
            self.send_response(200)
        body = self.payload[start:]
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def hub(monkeypatch):
    payload = np.random.default_rng(0).bytes(3_000_000)
    _Hub.payload, _Hub.sha, _Hub.ranges = payload, hashlib.sha256(payload).hexdigest(), []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Hub)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.delenv("CULTI_OFFLINE", raising=False)
    monkeypatch.setenv("HF_ENDPOINT", f"http://127.0.0.1:{server.server_port}")
    yield _Hub
    server.shutdown()
    server.server_close()


def test_download_reports_progress_and_checks_size_and_checksum(hub):
    seen = []
    path = ensure_weights("RN50", job=Job(on_progress=seen.append, min_interval=0))
    assert path == weights_path("RN50") and path.read_bytes() == hub.payload
    assert seen[-1].done == seen[-1].total == len(hub.payload)
    assert ensure_weights("RN50") == path  # second use: no download


def test_interrupted_download_resumes_with_a_range_request(hub, tmp_path):
    dest = tmp_path / "w.pt"
    dest.with_name("w.pt.part").write_bytes(hub.payload[:1_234_567])
    url = f"{__import__('os').environ['HF_ENDPOINT']}/OFA-Sys/x/resolve/main/w.pt"
    download(url, dest)
    assert hub.ranges == ["bytes=1234567-"]
    assert dest.read_bytes() == hub.payload


def test_corrupt_download_is_removed(hub, tmp_path):
    dest = tmp_path / "w.pt"
    dest.with_name("w.pt.part").write_bytes(b"x" * 1000)  # wrong first bytes: checksum must catch it
    url = f"{__import__('os').environ['HF_ENDPOINT']}/OFA-Sys/x/resolve/main/w.pt"
    with pytest.raises(CultiError, match="checksum mismatch"):
        download(url, dest)
    assert not dest.exists() and not dest.with_name("w.pt.part").exists()


def test_device_choice_and_batch_fitting():
    assert pick_device("cpu").type == "cpu"
    assert pick_device("auto").type in ("cpu", "cuda", "mps")
    with pytest.raises(CultiError, match="unknown device|unsupported device"):
        pick_device("tpu-9")
    if not torch.cuda.is_available():
        with pytest.raises(CultiError, match="no CUDA GPU"):
            pick_device("cuda")
    from culti_desktop.core.ml.archs import arch_config

    small = fit_batch_size(arch_config("tiny"), torch.device("cpu"))
    big = fit_batch_size(arch_config("ViT-H-14"), torch.device("cpu"), training=True)
    assert 1 <= big <= small <= 32
