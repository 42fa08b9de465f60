"""Open documents safely: every unusable input becomes one clear :class:`InputError`.

Checks run before anything is written, so a bad file never leaves half an import behind.
Images are checked against a pixel limit *before* decoding (decompression bombs); PDF pages
are rendered at a resolution capped by the same kind of limit (see :mod:`raster`).
"""

from __future__ import annotations

import io
import os
import stat
from pathlib import Path

import numpy as np

from culti_desktop.core.errors import InputError
from culti_desktop.core.mupdf_messages import route_mupdf_messages

PDF_SUFFIXES = {".pdf"}
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".webp"}
#: Largest image (per frame) we decode: 100 megapixels is a 600 dpi A2 scan; a bomb is far beyond.
MAX_IMAGE_PIXELS = 100_000_000
#: Multi-page TIFFs with more frames than this are refused (a frame bomb costs nothing to build).
MAX_IMAGE_FRAMES = 2000


def display_path(path: Path) -> str:
    """A printable form of a path whose bytes may not be UTF-8 (GBK names from old zips).

    Undecodable bytes reach Python as surrogates, which cannot be stored or printed; we decode
    the raw bytes as UTF-8, then GB18030 (a superset of GBK and GB2312), else with replacement.
    """
    text = str(path)
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        raw = os.fsencode(text)
    for codec in ("utf-8", "gb18030"):
        try:
            return raw.decode(codec)
        except UnicodeDecodeError:
            continue
    return raw.decode("utf-8", "replace")


def read_bytes(path: Path) -> bytes:
    """The bytes of a regular file; a FIFO, socket or device is refused before it can block."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except IsADirectoryError as exc:
        raise InputError("is a folder, not a file", display_path(path)) from exc
    except OSError as exc:
        raise InputError(f"cannot read file ({exc.strerror or exc})", display_path(path)) from exc
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise InputError("is a folder, not a file", display_path(path))
        if not stat.S_ISREG(mode):
            raise InputError("not a regular file (a FIFO, socket or device); skipped", display_path(path))
        with os.fdopen(fd, "rb", closefd=False) as fh:
            data = fh.read()
    except OSError as exc:
        raise InputError(f"cannot read file ({exc.strerror or exc})", display_path(path)) from exc
    finally:
        os.close(fd)
    if not data:
        raise InputError("file is empty (0 bytes)", display_path(path))
    return data


def kind_of(path: Path, data: bytes) -> str:
    """``pdf`` or ``image``, from the file's bytes first (a non-PDF named .pdf is caught here)."""
    suffix = path.suffix.lower()
    head = data[:1024]
    if suffix in PDF_SUFFIXES:
        if head.lstrip()[:15].lower().startswith((b"<!doctype html", b"<html", b"<?xml", b"<head")):
            raise InputError(
                "an HTML page, not a PDF (a login or error page saved instead of the document?)",
                display_path(path),
            )
        if b"%PDF-" not in head:
            raise InputError("not a PDF file (no %PDF header; is the file misnamed?)", path)
        return "pdf"
    if suffix in IMAGE_SUFFIXES:
        return "image"
    raise InputError(f"unsupported file type '{suffix or '(none)'}'", path)


def open_pdf(data: bytes, path: Path):
    """A PyMuPDF document after the checks for broken, locked, truncated and empty PDFs."""
    import pymupdf

    route_mupdf_messages()
    if b"%%EOF" not in data[-2048:]:
        raise InputError("PDF is truncated (no end-of-file marker); re-download or re-export it", path)
    try:
        doc = pymupdf.open(stream=data, filetype="pdf")
    except Exception as exc:
        raise InputError(f"cannot open as PDF ({exc})", path) from exc
    if doc.needs_pass:
        doc.close()
        raise InputError("PDF is password-protected; remove the password and import again", path)
    try:
        n_pages = doc.page_count  # a bogus /Count or /Kids raises here (MuPDF "code=7")
    except Exception as exc:
        doc.close()
        raise InputError(f"PDF page tree is damaged ({exc})", path) from exc
    if n_pages == 0:
        doc.close()
        raise InputError("PDF has no pages", path)
    try:
        for page in doc:  # type: ignore[attr-defined]  # pymupdf's Document iterates pages; its hints omit __iter__
            # a damaged page tree shows up here, before anything is stored
            _ = page.rect
    except Exception as exc:
        doc.close()
        raise InputError(f"PDF is damaged ({exc})", path) from exc
    return doc


def image_frames(data: bytes, path: Path, max_pixels: int = MAX_IMAGE_PIXELS) -> list[np.ndarray]:
    """All frames of an image file as RGB arrays, refusing oversized images before decoding."""
    from PIL import Image, ImageSequence

    frames: list[np.ndarray] = []
    try:
        with Image.open(io.BytesIO(data)) as im:
            for i, frame in enumerate(ImageSequence.Iterator(im)):
                if i >= MAX_IMAGE_FRAMES:
                    raise InputError(f"image has more than {MAX_IMAGE_FRAMES} frames", path)
                w, h = frame.size
                if w * h > max_pixels:
                    raise InputError(
                        f"image is {w}x{h} = {w * h / 1e6:.0f} megapixels, over the limit of "
                        f"{max_pixels / 1e6:.0f} megapixels (possible decompression bomb)",
                        path,
                    )
                if w == 0 or h == 0:
                    raise InputError("image has zero size", path)
                frames.append(np.asarray(frame.convert("RGB")))
    except InputError:
        raise
    except Image.DecompressionBombError as exc:
        raise InputError(
            f"image is over the limit of {max_pixels / 1e6:.0f} megapixels (possible decompression bomb)",
            path,
        ) from exc
    except Exception as exc:
        # Pillow names the in-memory buffer ("<_io.BytesIO object at 0x…>"); the file is named already.
        reason = str(exc).split(" <_io.BytesIO", 1)[0].strip() or type(exc).__name__
        raise InputError(f"cannot read image ({reason})", path) from exc
    if not frames:
        raise InputError("image has no frames", path)
    return frames
