"""Where a server password comes from when libpq has none (ADR 0107).

libpq reads the URL, ``~/.pgpass`` and ``PGPASSWORD`` by itself. When the server still wants a
password, the project opener asks, in order: a password that already worked in this process
(memory only, so the GUI's background jobs can reopen the project), the system keyring, then an
optional *password provider* supplied by the caller (the GUI's dialog; the CLI passes none). A
password is written to the keyring only after it worked and only when the provider says so; it
is never written to settings, logs or the recent-projects list. No Qt here: the GUI supplies the
provider as a plain callable.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.engine import make_url

KEYRING_PREFIX = "culti-desktop"


@dataclass(frozen=True)
class ServerKey:
    """Which account on which database a password belongs to (the keyring's service and user)."""

    host: str
    port: int
    database: str
    user: str

    @classmethod
    def from_locator(cls, locator: str) -> ServerKey:
        url = make_url(locator.strip())
        return cls(url.host or "localhost", int(url.port or 5432), url.database or "", url.username or "")

    @property
    def service(self) -> str:
        return f"{KEYRING_PREFIX}:postgresql://{self.host}:{self.port}/{self.database}"

    def shown(self) -> str:
        return f"{self.user}@{self.host}:{self.port}/{self.database}"


@dataclass(frozen=True)
class PasswordRequest:
    """What a provider is told: for whom, and why the previous try failed (None on the first ask)."""

    key: ServerKey
    error: str | None
    attempt: int


@dataclass(frozen=True)
class Credential:
    password: str
    remember: bool = False  # store in the system keyring once the server accepted it


PasswordProvider = Callable[[PasswordRequest], "Credential | None"]

_session: dict[ServerKey, str] = {}


def needs_password(reason: str) -> bool:
    """True when a connection failed for want of a (right) password, not for a wrong host or database."""
    low = reason.lower()
    return "no password supplied" in low or "password authentication failed" in low


def session_password(key: ServerKey) -> str | None:
    return _session.get(key)


def remember_for_session(key: ServerKey, password: str) -> None:
    _session[key] = password


def session_passwords() -> dict[ServerKey, str]:
    """A copy, for a child process the GUI spawns for a long job (sent through its pipe, never a file)."""
    return dict(_session)


def adopt_session_passwords(passwords: dict[ServerKey, str] | None) -> None:
    """In that child: the passwords the parent already used, so the job opens the project like it did."""
    _session.update(passwords or {})


def forget_for_session(key: ServerKey) -> None:
    _session.pop(key, None)


def keyring_password(key: ServerKey) -> str | None:
    """The stored password, or None (no entry, no keyring backend, or the keyring refused)."""
    try:
        import keyring

        return keyring.get_password(key.service, key.user)
    except Exception:  # noqa: BLE001 - a missing or locked keyring means "not stored"
        return None


def store_in_keyring(key: ServerKey, password: str) -> bool:
    """Save a password that worked; False when no usable keyring backend is installed."""
    try:
        import keyring

        keyring.set_password(key.service, key.user, password)
        return True
    except Exception:  # noqa: BLE001 - the project is open anyway; the password is just not kept
        return False


def forget(key: ServerKey) -> None:
    """Drop the password from this process and from the keyring (e.g. after it was changed)."""
    _session.pop(key, None)
    try:
        import keyring

        keyring.delete_password(key.service, key.user)
    except Exception:  # noqa: BLE001 - nothing stored
        pass
