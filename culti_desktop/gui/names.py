"""Display names of the core's values (statuses, splits, model kinds, table headers).

The core stores ``accepted``, ``train``, ``finetuned``; the user reads them in the UI language.
Every name is a literal ``translate`` call so ``pyside6-lupdate`` collects it.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication


def _table() -> dict[str, str]:
    return {
        "proposed": QCoreApplication.translate("Names", "proposed"),
        "accepted": QCoreApplication.translate("Names", "accepted"),
        "rejected": QCoreApplication.translate("Names", "rejected"),
        "needs_review": QCoreApplication.translate("Names", "needs review"),
        "train": QCoreApplication.translate("Names", "train"),
        "valid": QCoreApplication.translate("Names", "valid"),
        "test": QCoreApplication.translate("Names", "test"),
        "tiny": QCoreApplication.translate("Names", "tiny demo"),
        "pretrained": QCoreApplication.translate("Names", "pretrained"),
        "finetuned": QCoreApplication.translate("Names", "fine-tuned"),
        "imported": QCoreApplication.translate("Names", "imported"),
        "id": QCoreApplication.translate("Names", "id"),
        "name": QCoreApplication.translate("Names", "name"),
        "kind": QCoreApplication.translate("Names", "kind"),
        "arch": QCoreApplication.translate("Names", "architecture"),
        "parent": QCoreApplication.translate("Names", "parent"),
        "valid MR": QCoreApplication.translate("Names", "valid MR"),
        "test MR": QCoreApplication.translate("Names", "test MR"),
        "created": QCoreApplication.translate("Names", "created"),
    }


def display(value: str | None) -> str:
    """The UI name of a stored value; unknown values (user data) are shown as they are."""
    if value is None:
        return ""
    return _table().get(value, value)


_AUTO = (
    (re.compile(r"^(?P<arch>\S+) fine-tuned v(?P<id>\d+)$"), "{arch} fine-tuned v{id}"),
    (re.compile(r"^(?P<arch>\S+) \(seed (?P<seed>\d+)\)$"), "{arch} (seed {seed})"),
    (re.compile(r"^(?P<arch>\S+) \(pretrained\)$"), "{arch} (pretrained)"),
    (re.compile(r"^(?P<arch>\S+) fine-tuned$"), "{arch} fine-tuned"),
    (re.compile(r"^(?P<arch>\S+) imported from (?P<file>.+)$"), "{arch} imported from {file}"),
)


def version_name(name: str) -> str:
    """A model version's name; the names the app makes itself are shown translated."""
    templates = {
        "{arch} fine-tuned v{id}": QCoreApplication.translate("Names", "{arch} fine-tuned v{id}"),
        "{arch} (seed {seed})": QCoreApplication.translate("Names", "{arch} (demo, seed {seed})"),
        "{arch} (pretrained)": QCoreApplication.translate("Names", "{arch} (pretrained)"),
        "{arch} fine-tuned": QCoreApplication.translate("Names", "{arch} fine-tuned"),
        "{arch} imported from {file}": QCoreApplication.translate("Names", "{arch} imported from {file}"),
    }
    for pattern, key in _AUTO:
        m = pattern.match(name)
        if m:
            return templates[key].format(**m.groupdict())
    return name
