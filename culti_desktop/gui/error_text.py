"""Core errors and warnings in the user's language.

The core raises :class:`~culti_desktop.core.errors.CultiError` with an English message plus,
where a user meets it, a ``code`` and ``params``. Here each code has a translatable template;
an unknown code falls back to the English line, so nothing is ever hidden.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication

from culti_desktop.core.errors import CultiError


def _templates() -> dict[str, str]:
    return {
        "split.too_small": QCoreApplication.translate(
            "CultiErrors",
            "Only {units} document group(s) hold the accepted pairs, fewer than the {splits} splits: "
            "some splits stay empty. Import more documents, or select the pairs in the review queue "
            "and choose Split selected at random.",
        ),
        "split.bad_ratios": QCoreApplication.translate(
            "CultiErrors", "Split ratios must be three non-negative numbers such as 8,1,1."
        ),
        "split.bad_mode": QCoreApplication.translate("CultiErrors", "Unknown split mode '{value}'."),
        "edit.no_such_pairs": QCoreApplication.translate(
            "CultiErrors", "These pairs no longer exist: {ids}."
        ),
        "edit.unknown_status": QCoreApplication.translate("CultiErrors", "Unknown status '{value}'."),
        "edit.unknown_split": QCoreApplication.translate("CultiErrors", "Unknown split '{value}'."),
        "train.too_few_pairs": QCoreApplication.translate(
            "CultiErrors",
            "Fine-tuning needs at least 2 accepted pairs in the split '{split}' (found {found}). "
            "Accept more pairs in the review queue, or give accepted pairs a split.",
        ),
        "eval.empty_split": QCoreApplication.translate(
            "CultiErrors",
            "The split '{split}' has no accepted pairs with an image and a caption. Accept more pairs, "
            "import more documents, or split the pairs at random.",
        ),
        "model.choose": QCoreApplication.translate(
            "CultiErrors",
            "No model chosen yet and the {arch} weights are not on this computer: download them, "
            "import a checkpoint, or use the tiny demo model.",
        ),
        "model.offline": QCoreApplication.translate(
            "CultiErrors",
            "Offline mode: the {arch} weights cannot be downloaded. Import a checkpoint file instead.",
        ),
        "model.download_failed": QCoreApplication.translate(
            "CultiErrors",
            "The {arch} weights could not be downloaded from Hugging Face or ModelScope. "
            "Fetch the file on a connected computer and import it.",
        ),
        "project.locked": QCoreApplication.translate(
            "CultiErrors",
            "This project is already open in another CulTi Desktop window (process {pid} on {host}, since {since}).",
        ),
        "model.bad_source": QCoreApplication.translate("CultiErrors", "Unknown download source '{value}'."),
    }


def translate_code(code: str | None, params: dict[str, Any] | None, english: str) -> str:
    """The translated text of ``code`` with ``params``, or ``english`` when the code is unknown."""
    template = _templates().get(code or "")
    if template is None:
        return english
    try:
        return template.format(**{k: _param(v) for k, v in (params or {}).items()})
    except (KeyError, IndexError, ValueError):
        return english


def _param(value: Any) -> Any:
    names = {
        "train": QCoreApplication.translate("CultiErrors", "train"),
        "valid": QCoreApplication.translate("CultiErrors", "valid"),
        "test": QCoreApplication.translate("CultiErrors", "test"),
    }
    return names.get(value, value) if isinstance(value, str) else value


def translate_error(exc: BaseException) -> str:
    """One line for a failure: translated by code when the core gave one, else its English line."""
    if isinstance(exc, CultiError):
        text = translate_code(exc.code, exc.params, exc.one_line())
        if exc.code and exc.path and text != exc.one_line():
            return f"{exc.path}: {text}"
        return text
    return f"{type(exc).__name__}: {exc}"


_PROGRESS = (
    (r"importing dataset", "importing dataset"),
    (r"importing", "importing"),
    (r"page (?P<page>\d+) / (?P<pages>\d+)", "page {page} / {pages}"),
    (r"exporting (?P<fmt>\S+)", "exporting {fmt}"),
    (r"indexing figures", "indexing figures"),
    (r"thumbnails", "thumbnails"),
    (r"loading model", "loading model"),
    (r"re-proposing", "re-proposing"),
    (r"downloading (?P<name>\S+)", "downloading {name}"),
    (r"reading (?P<split>\S+) pairs", "reading {split} pairs"),
    (r"encoding images", "encoding images"),
    (r"encoding texts", "encoding texts"),
    (r"encoding patches", "encoding patches"),
    (r"training (?P<arch>\S+) \(resumed at step (?P<step>\d+)\)", "training {arch} (resumed at step {step})"),
    (r"training (?P<arch>\S+)", "training {arch}"),
)


def translate_progress(message: str) -> str:
    """A core job's progress message in the UI language (unknown messages are shown as they are)."""
    import re

    templates = {
        "importing dataset": QCoreApplication.translate("Progress", "importing dataset"),
        "importing": QCoreApplication.translate("Progress", "importing"),
        "page {page} / {pages}": QCoreApplication.translate("Progress", "page {page} / {pages}"),
        "exporting {fmt}": QCoreApplication.translate("Progress", "exporting {fmt}"),
        "indexing figures": QCoreApplication.translate("Progress", "indexing figures"),
        "thumbnails": QCoreApplication.translate("Progress", "thumbnails"),
        "loading model": QCoreApplication.translate("Progress", "loading model"),
        "re-proposing": QCoreApplication.translate("Progress", "re-proposing"),
        "downloading {name}": QCoreApplication.translate("Progress", "downloading {name}"),
        "reading {split} pairs": QCoreApplication.translate("Progress", "reading {split} pairs"),
        "encoding images": QCoreApplication.translate("Progress", "encoding images"),
        "encoding texts": QCoreApplication.translate("Progress", "encoding texts"),
        "encoding patches": QCoreApplication.translate("Progress", "encoding patches"),
        "training {arch} (resumed at step {step})": QCoreApplication.translate(
            "Progress", "training {arch} (resumed at step {step})"
        ),
        "training {arch}": QCoreApplication.translate("Progress", "training {arch}"),
    }
    for pattern, key in _PROGRESS:
        m = re.fullmatch(pattern, message.strip())
        if m:
            return templates[key].format(**{k: _param(v) for k, v in m.groupdict().items()})
    return message
