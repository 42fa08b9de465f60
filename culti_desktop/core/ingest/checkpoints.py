"""Per-page checkpoints of a file's analysis, so a long OCR'd import resumes after a kill (ADR 0110).

A file is still written to the project in one transaction once every page is analysed (ADR
0030). Meanwhile each slow page's analysis is committed on its own to a small SQLite file in the
project's cache folder, keyed by (file SHA-256, analysis fingerprint, page index) and kept as
plain JSON (:mod:`page_codec`, never pickle). A re-import of the same bytes with the same code,
models and settings takes those pages back and analyses only the rest; the file's checkpoints
are removed once its document is written (or found already imported).

The store is a cache: losing it costs time, never data. It never touches the project file, so a
kill at any moment leaves the project exactly as before, and any trouble with the store (a
damaged file, a full disk, a read-only folder) turns it off for this import instead of failing it.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
import time
from functools import lru_cache
from pathlib import Path

from culti_desktop.core.ingest.page_codec import CODEC_VERSION, decode_page, encode_page
from culti_desktop.core.ingest.page_model import PageAnalysis

log = logging.getLogger(__name__)

#: A page whose analysis took at least this long is checkpointed (OCR'd and scanned pages always
#: are). Born-digital pages take ~10-20 ms: committing each would cost more than redoing it.
MIN_SECONDS = 0.25
#: Checkpoints of a file nobody re-imported are dropped after this many days.
MAX_AGE_DAYS = 30
STORE_NAME = "page_checkpoints.sqlite"
#: Packages whose version changes what a page analysis returns.
_PACKAGES = (
    "pymupdf",
    "rapidocr",
    "rapidocr-onnxruntime",
    "rapid-layout",
    "onnxruntime",
    "opencv-python",
    "opencv-python-headless",
    "opencc-python-reimplemented",
    "numpy",
    "pillow",
)
_SCHEMA = """
CREATE TABLE IF NOT EXISTS page_checkpoints (
    sha256 TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    page INTEGER NOT NULL,
    created REAL NOT NULL,
    seconds REAL NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (sha256, fingerprint, page)
)
"""


@lru_cache(maxsize=1)
def _code_digest() -> str:
    """SHA-256 over the ingest package's source: any change to the analysis code retires old pages."""
    h = hashlib.sha256()
    for f in sorted(Path(__file__).resolve().parent.glob("*.py")):
        h.update(f.name.encode())
        h.update(f.read_bytes())
    return h.hexdigest()


@lru_cache(maxsize=1)
def _versions() -> tuple[tuple[str, str], ...]:
    from importlib.metadata import PackageNotFoundError, version

    out = []
    for name in _PACKAGES:
        try:
            out.append((name, version(name)))
        except PackageNotFoundError:
            out.append((name, "-"))
    return tuple(out)


def analysis_fingerprint(ocr: str) -> str:
    """What a page's analysis depends on besides the file's bytes: code, engine, packages, OCR mode."""
    from culti_desktop.core.ingest import engines

    parts = {
        "codec": CODEC_VERSION,
        "ocr": ocr,
        "engine": engines.OCR_ENGINE_NAME,
        "code": _code_digest(),
        "packages": _versions(),
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()[:32]


def store_path(side_dir: Path) -> Path:
    return side_dir / "cache" / "resume" / STORE_NAME


class CheckpointStore:
    """The SQLite file of page checkpoints. Every method swallows storage errors (logged once) and
    then turns the store off: an import must never fail because its cache could not be written."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._con: sqlite3.Connection | None = None
        self.disabled = False

    def _connect(self, create: bool) -> sqlite3.Connection | None:
        if self._con is not None or self.disabled:
            return self._con
        if not create and not self.path.exists():
            return None
        self.path.parent.mkdir(parents=True, exist_ok=True)
        con = sqlite3.connect(self.path, timeout=10.0, isolation_level=None)
        try:
            con.execute("PRAGMA journal_mode=WAL")
            con.execute("PRAGMA synchronous=NORMAL")  # durable against a killed process, which is the point
            con.execute(_SCHEMA)
            con.execute(
                "DELETE FROM page_checkpoints WHERE created < ?", (time.time() - MAX_AGE_DAYS * 86400,)
            )
        except BaseException:
            con.close()
            raise
        self._con = con
        return con

    def exists(self) -> bool:
        return self._con is not None or (not self.disabled and self.path.exists())

    def _fail(self, what: str, exc: BaseException) -> None:
        log.warning("page checkpoints off (%s: %s): %s", what, type(exc).__name__, exc)
        self.disabled = True
        self.close()

    def load(self, sha256: str, fingerprint: str) -> dict[int, PageAnalysis]:
        """The file's checkpointed pages under ``fingerprint``; pages kept under another are removed."""
        try:
            con = self._connect(create=False)
            if con is None:
                return {}
            con.execute(
                "DELETE FROM page_checkpoints WHERE sha256 = ? AND fingerprint != ?", (sha256, fingerprint)
            )
            rows = con.execute(
                "SELECT page, data FROM page_checkpoints WHERE sha256 = ? AND fingerprint = ?",
                (sha256, fingerprint),
            ).fetchall()
        except (sqlite3.Error, OSError) as exc:
            self._fail("read", exc)
            return {}
        out: dict[int, PageAnalysis] = {}
        for page, data in rows:
            try:
                analysis = decode_page(json.loads(data))
            except (ValueError, KeyError, TypeError, IndexError) as exc:  # a damaged row: redo that page
                log.warning(
                    "page checkpoint %s/%s unreadable (%s); the page is analysed again", sha256, page, exc
                )
                continue
            if analysis.index == page:
                out[page] = analysis
        return out

    def save(self, sha256: str, fingerprint: str, analysis: PageAnalysis, seconds: float) -> bool:
        """Commit one page's analysis; False when the store is off."""
        try:
            data = json.dumps(encode_page(analysis), ensure_ascii=False, separators=(",", ":"))
            con = self._connect(create=True)
            if con is None:
                return False
            con.execute(
                "INSERT OR REPLACE INTO page_checkpoints VALUES (?, ?, ?, ?, ?, ?)",
                (sha256, fingerprint, analysis.index, time.time(), round(seconds, 3), data),
            )
        except (sqlite3.Error, OSError, TypeError, ValueError) as exc:
            self._fail("write", exc)
            return False
        return True

    def clear(self, sha256: str) -> None:
        """Forget every checkpoint of the file (its document is in the project now)."""
        try:
            con = self._connect(create=False)
            if con is not None:
                con.execute("DELETE FROM page_checkpoints WHERE sha256 = ?", (sha256,))
        except (sqlite3.Error, OSError) as exc:
            self._fail("clear", exc)

    def count(self, sha256: str | None = None) -> int:
        try:
            con = self._connect(create=False)
            if con is None:
                return 0
            if sha256 is None:
                return int(con.execute("SELECT count(*) FROM page_checkpoints").fetchone()[0])
            q = "SELECT count(*) FROM page_checkpoints WHERE sha256 = ?"
            return int(con.execute(q, (sha256,)).fetchone()[0])
        except (sqlite3.Error, OSError) as exc:
            self._fail("count", exc)
            return 0

    def close(self) -> None:
        if self._con is not None:
            try:
                self._con.close()
            finally:
                self._con = None


class FileResume:
    """One file's view of the store during its analysis: pages to take back, pages to keep."""

    def __init__(self, store: CheckpointStore, sha256: str, ocr: str) -> None:
        self.store = store
        self.sha256 = sha256
        self.ocr = ocr
        self._fingerprint: str | None = None
        # Nothing to load without a store file: a born-digital import never computes the fingerprint.
        self.pages = store.load(sha256, self.fingerprint) if store.exists() else {}
        self.resumed = 0
        self.analysed = 0

    @property
    def fingerprint(self) -> str:
        if self._fingerprint is None:
            self._fingerprint = analysis_fingerprint(self.ocr)
        return self._fingerprint

    def take(self, index: int) -> PageAnalysis | None:
        """The checkpointed analysis of page ``index`` (each is handed out once), or None."""
        page = self.pages.pop(index, None)
        if page is not None:
            self.resumed += 1
        return page

    def keep(self, analysis: PageAnalysis, seconds: float) -> None:
        """A freshly analysed page: checkpointed when it was slow enough to be worth it."""
        self.analysed += 1
        if worth_keeping(analysis, seconds):
            self.store.save(self.sha256, self.fingerprint, analysis, seconds)


def worth_keeping(analysis: PageAnalysis, seconds: float) -> bool:
    """OCR'd and scanned pages, and any page that took at least :data:`MIN_SECONDS`."""
    return analysis.ocr_engine is not None or analysis.is_scanned or seconds >= MIN_SECONDS
