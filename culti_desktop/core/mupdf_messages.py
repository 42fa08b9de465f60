"""Keep MuPDF's own messages off stdout: ``--json`` output must be nothing but the JSON.

MuPDF prints ``MuPDF error: format error: cycle in page tree`` and the like to stdout by default.
We turn its display off and send PyMuPDF's messages to Python logging (``culti.mupdf``), which
goes to stderr or the app log; the damage itself still reaches the user as that file's error.
"""

from __future__ import annotations

_done = False


def route_mupdf_messages() -> None:
    """Idempotent; cheap enough to call before every PDF is opened."""
    global _done
    if _done:
        return
    import pymupdf

    pymupdf.TOOLS.mupdf_display_errors(False)
    pymupdf.TOOLS.mupdf_display_warnings(False)
    pymupdf.set_messages(pylogging=True, pylogging_name="culti.mupdf")
    _done = True
