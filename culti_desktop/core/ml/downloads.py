"""Fetch published Chinese-CLIP weights once, into the user's model folder.

Downloads resume with an HTTP range request after an interruption (a ``.part`` file is kept),
report progress through a :class:`Job`, and are checked against the size the server announces
and, when the hub publishes it (``X-Linked-Etag`` of LFS files), the SHA-256. Offline, or when
the network fails, the error tells the user which file to fetch elsewhere and how to import it.

Two sources publish the weights, as cn_clip itself knows: the Hugging Face hub (``OFA-Sys``) and
ModelScope (``AI-ModelScope``), which many Chinese institutions reach when the hub is blocked.
The preferred one is a setting (``source=`` from the GUI) or ``CULTI_MODEL_SOURCE``; when it fails
the other is tried (ADR 0046).
"""

from __future__ import annotations

import hashlib
import os
import urllib.error
import urllib.request
from pathlib import Path

from platformdirs import user_data_dir

from culti_desktop.core.errors import CultiError
from culti_desktop.core.jobs import Cancelled, Job, ensure_job
from culti_desktop.core.ml.archs import ARCHS, ArchSpec

DEFAULT_URL = "{endpoint}/OFA-Sys/{repo}/resolve/main/{filename}"
MODELSCOPE_URL = "{endpoint}/models/AI-ModelScope/{repo}/resolve/master/{filename}"
SOURCES = ("huggingface", "modelscope")
SOURCE_ENV = "CULTI_MODEL_SOURCE"
_SOURCE_ALIASES = {"hf": "huggingface", "hub": "huggingface", "ms": "modelscope"}
CHUNK = 1 << 20


def model_dir() -> Path:
    """The user model folder (``CULTI_MODEL_DIR`` overrides; shared by all projects)."""
    override = os.environ.get("CULTI_MODEL_DIR")
    d = Path(override) if override else Path(user_data_dir("culti-desktop", appauthor=False)) / "models"
    d.mkdir(parents=True, exist_ok=True)
    return d


def is_offline() -> bool:
    return os.environ.get("CULTI_OFFLINE", "") not in ("", "0") or os.environ.get(
        "HF_HUB_OFFLINE", ""
    ) not in ("", "0")


def weights_path(arch: str) -> Path:
    spec = _spec(arch)
    return model_dir() / str(spec.filename)


def preferred_source(source: str | None = None) -> str:
    """``source`` (a GUI setting), else ``CULTI_MODEL_SOURCE``, else the Hugging Face hub."""
    name = (source or os.environ.get(SOURCE_ENV) or SOURCES[0]).strip().lower()
    name = _SOURCE_ALIASES.get(name, name)
    if name not in SOURCES:
        raise CultiError(
            f"unknown model download source '{name}' (one of: {', '.join(SOURCES)}; set {SOURCE_ENV})",
            code="model.bad_source",
            params={"value": name},
        )
    return name


def source_url(arch: str, source: str) -> str:
    """Where ``source`` publishes ``arch`` (``HF_ENDPOINT`` / ``MODELSCOPE_ENDPOINT`` override hosts)."""
    spec = _spec(arch)
    if source == "modelscope":
        endpoint = os.environ.get("MODELSCOPE_ENDPOINT", "https://www.modelscope.cn").rstrip("/")
        return MODELSCOPE_URL.format(endpoint=endpoint, repo=spec.hf_repo, filename=spec.filename)
    endpoint = os.environ.get("HF_ENDPOINT", "https://huggingface.co").rstrip("/")
    return DEFAULT_URL.format(endpoint=endpoint, repo=spec.hf_repo, filename=spec.filename)


def weights_urls(arch: str, source: str | None = None) -> list[tuple[str, str]]:
    """(source, url) to try in order: the preferred source first, then the other one.

    ``CULTI_MODEL_URL`` (a template with {endpoint}, {repo}, {filename}) replaces both.
    """
    spec = _spec(arch)
    template = os.environ.get("CULTI_MODEL_URL")
    if template:
        endpoint = os.environ.get("HF_ENDPOINT", "https://huggingface.co").rstrip("/")
        return [("custom", template.format(endpoint=endpoint, repo=spec.hf_repo, filename=spec.filename))]
    first = preferred_source(source)
    return [(name, source_url(arch, name)) for name in (first, *[n for n in SOURCES if n != first])]


def weights_url(arch: str) -> str:
    """The first URL tried for ``arch`` (see :func:`weights_urls`)."""
    return weights_urls(arch)[0][1]


def _spec(arch: str) -> ArchSpec:
    spec = ARCHS.get(arch)
    if spec is None or not spec.filename:
        raise CultiError(f"'{arch}' has no published weights; known: {', '.join(ARCHS)}")
    return spec


def how_to_import(arch: str, reason: str) -> str:
    spec = _spec(arch)
    return (
        f"{arch} weights are not in {model_dir()} and cannot be downloaded ({reason}). "
        f"Fetch {spec.filename} from https://huggingface.co/OFA-Sys/{spec.hf_repo} (or ModelScope "
        f"AI-ModelScope/{spec.hf_repo}) on a connected machine, then run: "
        f"culti model import {spec.filename} --arch {arch}"
    )


class _HeaderRecorder(urllib.request.HTTPRedirectHandler):
    """Keeps the hub's LFS size/checksum headers, which only the redirecting response carries."""

    def __init__(self) -> None:
        self.headers: dict[str, str] = {}

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        for key in ("X-Linked-Etag", "X-Linked-Size"):
            if headers.get(key):
                self.headers[key.lower()] = headers[key]
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def download(
    url: str, dest: Path, job: Job | None = None, expected_sha256: str | None = None, timeout: float = 60.0
) -> Path:
    """Download ``url`` to ``dest`` with resume, progress, cancel, size and checksum checks."""
    job = ensure_job(job)
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    part = dest.with_name(dest.name + ".part")
    have = part.stat().st_size if part.exists() else 0
    recorder = _HeaderRecorder()
    opener = urllib.request.build_opener(recorder)
    req = urllib.request.Request(url, headers={"User-Agent": "culti-desktop"})
    if have:
        req.add_header("Range", f"bytes={have}-")
    try:
        resp = opener.open(req, timeout=timeout)
    except urllib.error.HTTPError as exc:
        if exc.code == 416 and have:  # the part is already complete
            resp = None
        else:
            raise CultiError(f"download failed: HTTP {exc.code} for {url}") from exc
    except (urllib.error.URLError, OSError) as exc:
        raise CultiError(f"download failed: {getattr(exc, 'reason', exc)} ({url})") from exc

    sha = hashlib.sha256()
    if have:
        with open(part, "rb") as fh:
            while block := fh.read(CHUNK):
                sha.update(block)
    total: int | None = have or None
    if resp is not None:
        with resp:
            status = getattr(resp, "status", 200)
            if status == 200 and have:  # the server ignored the range: start over
                have, sha = 0, hashlib.sha256()
            length = resp.headers.get("Content-Length")
            total = have + int(length) if length is not None else None
            linked = recorder.headers.get("x-linked-size")
            if linked and total is None:
                total = int(linked)
            if not expected_sha256:
                etag = recorder.headers.get("x-linked-etag", "").strip('"').lower()
                if len(etag) == 64 and all(c in "0123456789abcdef" for c in etag):
                    expected_sha256 = etag
            job.start(total, f"downloading {dest.name}")
            job.update(have)
            try:
                with open(part, "ab" if have else "wb") as out:
                    while block := resp.read(CHUNK):
                        out.write(block)
                        sha.update(block)
                        have += len(block)
                        job.update(have)
            except Cancelled:
                raise
            except OSError as exc:
                raise CultiError(
                    f"download interrupted after {have} bytes ({exc}); run the command again to resume", part
                ) from exc
    size = part.stat().st_size
    if total is not None and size != total:
        raise CultiError(
            f"download incomplete: {size} of {total} bytes; run the command again to resume", part
        )
    digest = sha.hexdigest()
    if expected_sha256 and digest != expected_sha256.lower():
        part.unlink(missing_ok=True)
        raise CultiError(
            f"checksum mismatch (got {digest[:12]}…, expected {expected_sha256[:12]}…); file removed", dest
        )
    os.replace(part, dest)
    return dest


def ensure_weights(arch: str, job: Job | None = None, source: str | None = None) -> Path:
    """The local weights file of a published model, downloading it on first use.

    The preferred source is tried first; if it cannot be reached (or refuses), the other one is.
    An interrupted download stops there (it resumes on the next run), as does a bad checksum.
    """
    path = weights_path(arch)
    if path.is_file():
        return path
    if is_offline():
        raise CultiError(
            how_to_import(arch, "offline mode: CULTI_OFFLINE / HF_HUB_OFFLINE is set"),
            code="model.offline",
            params={"arch": arch},
        )
    reasons = []
    for name, url in weights_urls(arch, source):
        try:
            return download(url, path, job=job)
        except CultiError as exc:
            if "resume" in exc.message or "checksum" in exc.message:
                raise
            reasons.append(f"{name}: {exc.message}")
    raise CultiError(
        how_to_import(arch, "; ".join(reasons)), code="model.download_failed", params={"arch": arch}
    )
