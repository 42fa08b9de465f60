"""Content-addressed storage of original document bytes (deduplicated by SHA-256)."""

from __future__ import annotations

import hashlib

from sqlalchemy.orm import Session

from culti_desktop.core.storage.models import Blob


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def put_blob(session: Session, data: bytes) -> str:
    """Store ``data`` once; returns its SHA-256 key."""
    key = sha256_of(data)
    if session.get(Blob, key) is None:
        session.add(Blob(sha256=key, size=len(data), data=data))
    return key


def get_blob(session: Session, key: str) -> bytes:
    blob = session.get(Blob, key)
    if blob is None:
        raise KeyError(key)
    return blob.data


def placeholder(session: Session) -> str:
    """The DB-API parameter marker of the session's driver, for the fast raw-SQL blob lookups.

    ``sqlite3`` takes ``?``; psycopg (a PostgreSQL project) takes ``%s``.
    """
    return "?" if session.get_bind().dialect.paramstyle == "qmark" else "%s"
