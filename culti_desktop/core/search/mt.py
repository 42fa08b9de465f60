"""Optional English→Chinese machine translation model: where it lives and how it is fetched.

For users who want it (issue #16 item 5): Marian ``opus-mt-en-zh`` (Helsinki-NLP, CC BY 4.0)
converted for CTranslate2, fetched into the user model folder like the CLIP weights — the same
:func:`~culti_desktop.core.ml.downloads.download` (progress through a job, resume from a
``.part`` file, size/checksum checks, cancel) and the same offline rule (``CULTI_OFFLINE`` →
a clear error saying which files to fetch elsewhere and where to put them).

Only the fetching side is built: running the model needs ``ctranslate2`` and ``sentencepiece``,
which the project does not depend on, and nothing here could test a translation without
downloading weights. :func:`mt_status` says whether the files and the runtime are present, so
a later query path can use the model when both are (see docs/notes/issue-16.md, session 4).
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

from culti_desktop.core.errors import CultiError
from culti_desktop.core.jobs import Job
from culti_desktop.core.ml.downloads import download, is_offline, model_dir

MT_NAME = "opus-mt-en-zh"
# A public CTranslate2 conversion of Helsinki-NLP/opus-mt-en-zh. Not verified from this machine
# (no network): CULTI_MT_URL (a template with {endpoint}, {repo}, {filename}) and CULTI_MT_REPO
# point elsewhere.
MT_REPO = "gaudi/opus-mt-en-zh-ctranslate2"
MT_FILES = ("config.json", "model.bin", "shared_vocabulary.json", "source.spm", "target.spm")
URL = "{endpoint}/{repo}/resolve/main/{filename}"
RUNTIME = ("ctranslate2", "sentencepiece")


def mt_folder() -> Path:
    return model_dir() / "mt" / MT_NAME


def _repo() -> str:
    return os.environ.get("CULTI_MT_REPO") or MT_REPO


def mt_url(filename: str) -> str:
    endpoint = os.environ.get("HF_ENDPOINT", "https://huggingface.co").rstrip("/")
    template = os.environ.get("CULTI_MT_URL") or URL
    return template.format(endpoint=endpoint, repo=_repo(), filename=filename)


def missing_files() -> list[str]:
    folder = mt_folder()
    return [f for f in MT_FILES if not (folder / f).is_file()]


def runtime_installed() -> bool:
    return all(importlib.util.find_spec(m) is not None for m in RUNTIME)


def mt_status() -> dict:
    """What is there: the folder, missing files, whether the runtime packages are installed."""
    missing = missing_files()
    return {
        "model": MT_NAME,
        "folder": str(mt_folder()),
        "missing": missing,
        "downloaded": not missing,
        "runtime": runtime_installed(),
        "usable": not missing and runtime_installed(),
    }


def how_to_fetch(reason: str) -> str:
    return (
        f"the translation model {MT_NAME} is not in {mt_folder()} and cannot be downloaded ({reason}). "
        f"On a connected machine fetch {', '.join(MT_FILES)} from https://huggingface.co/{_repo()} "
        f"and copy them into {mt_folder()}"
    )


def fetch_mt(job: Job | None = None) -> Path:
    """The model folder, downloading the files it lacks (each resumable; one file at a time)."""
    missing = missing_files()
    if not missing:
        return mt_folder()
    if is_offline():
        raise CultiError(
            how_to_fetch("offline mode: CULTI_OFFLINE / HF_HUB_OFFLINE is set"),
            code="mt.offline",
            params={"model": MT_NAME},
        )
    for name in missing:
        try:
            download(mt_url(name), mt_folder() / name, job=job)
        except CultiError as exc:
            if "resume" in exc.message or "checksum" in exc.message:
                raise
            raise CultiError(
                how_to_fetch(exc.message), code="mt.download_failed", params={"model": MT_NAME}
            ) from exc
    return mt_folder()
