"""Shared output helpers: ``--json`` on stdout, human text otherwise."""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any


def _default(obj: Any) -> Any:
    if isinstance(obj, (dt.datetime, dt.date)):
        return obj.isoformat()
    if isinstance(obj, Path):
        return str(obj)
    if hasattr(obj, "tolist"):
        return obj.tolist()
    if isinstance(obj, (set, tuple)):
        return list(obj)
    raise TypeError(f"not JSON serialisable: {type(obj).__name__}")


def dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, default=_default)


def emit(data: Any, as_json: bool, human: Callable[[Any], str] | None = None) -> None:
    if as_json:
        sys.stdout.write(dumps(data) + "\n")
    elif human is not None:
        sys.stdout.write(human(data).rstrip("\n") + "\n")
    else:
        sys.stdout.write(dumps(data) + "\n")
    sys.stdout.flush()
