"""The pixels of a figure region, whatever the page it sits on.

Training, indexing and export all need "the image of this figure". A region may come from a PDF
page (rendered from the stored original at a resolution that suits the caller), from an image page
(cropped from the stored pixels), or carry its own full-resolution image blob (``image_sha256``,
e.g. an embedded image or a dataset image), which then wins. Always from the stored originals,
never from files on disk, so a project stays self-contained.
"""

from __future__ import annotations

import io
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from PIL import Image, ImageSequence
from sqlalchemy.orm import Session

from culti_desktop.core.errors import InputError
from culti_desktop.core.storage.blobs import get_blob
from culti_desktop.core.storage.models import Document, Page, Region

#: Render PDF clips at this resolution when the caller sets no ``max_side``.
DEFAULT_PDF_DPI = 200
#: Never render a PDF clip sharper than this (tiny regions would otherwise explode in size).
MAX_PDF_DPI = 600


class FigureCache:
    """Keeps the last few opened originals, so cropping many figures of one document is cheap.

    Pass one to :func:`figure_image` when looping over regions; it is not thread-safe.
    """

    def __init__(self, size: int = 4) -> None:
        self.size = size
        self._items: OrderedDict[str, object] = OrderedDict()

    def get(self, session: Session, key: str, opener: Callable[[bytes], Any]) -> Any:
        """The opened original (a PyMuPDF document or a PIL image: callers know which they asked)."""
        if key in self._items:
            self._items.move_to_end(key)
            return self._items[key]
        value = opener(get_blob(session, key))
        self._items[key] = value
        while len(self._items) > self.size:
            _, old = self._items.popitem(last=False)
            close = getattr(old, "close", None)
            if close is not None:
                close()
        return value

    def close(self) -> None:
        for value in self._items.values():
            close = getattr(value, "close", None)
            if close is not None:
                close()
        self._items.clear()

    def __enter__(self) -> FigureCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _open_pdf(data: bytes):
    import pymupdf

    return pymupdf.open(stream=data, filetype="pdf")


def _open_image(data: bytes) -> Image.Image:
    im = Image.open(io.BytesIO(data))
    im.load()
    return im


def _shrink(im: Image.Image, max_side: int | None) -> Image.Image:
    if max_side and max(im.size) > max_side:
        scale = max_side / max(im.size)
        im = im.resize(
            (max(1, round(im.width * scale)), max(1, round(im.height * scale))), Image.Resampling.BICUBIC
        )
    return im


def _is_pdf(doc: Document) -> bool:
    return doc.kind == "pdf" or (doc.media_type or "").lower() == "application/pdf"


def _clamped_box(region: Region, width: float, height: float) -> tuple[float, float, float, float]:
    x0, x1 = sorted((region.x0, region.x1))
    y0, y1 = sorted((region.y0, region.y1))
    x0, y0 = max(0.0, x0), max(0.0, y0)
    x1, y1 = min(float(width), x1), min(float(height), y1)
    if x1 - x0 < 1e-3 or y1 - y0 < 1e-3:
        raise InputError(f"figure region {region.id} has an empty box {region.bbox}")
    return x0, y0, x1, y1


def _pdf_clip(pdf, page: Page, region: Region, max_side: int | None) -> Image.Image:
    import pymupdf

    pg = pdf[page.index]
    x0, y0, x1, y1 = _clamped_box(region, pg.rect.width, pg.rect.height)
    longest = max(x1 - x0, y1 - y0)
    zoom = (max_side / longest) if max_side else DEFAULT_PDF_DPI / 72.0
    zoom = min(zoom, MAX_PDF_DPI / 72.0)
    pix = pg.get_pixmap(matrix=pymupdf.Matrix(zoom, zoom), clip=pymupdf.Rect(x0, y0, x1, y1), alpha=False)
    im = Image.frombytes("RGB", (pix.width, pix.height), pix.samples)
    return _shrink(im, max_side)


def _image_crop(im: Image.Image, page: Page, region: Region, max_side: int | None) -> Image.Image:
    frames = getattr(im, "n_frames", 1)
    if page.index and page.index < frames:
        im.seek(page.index)
        frame = im.copy()
    else:
        frame = next(iter(ImageSequence.Iterator(im))).copy() if frames > 1 else im
    x0, y0, x1, y1 = _clamped_box(region, frame.width, frame.height)
    crop = frame.convert("RGB").crop((int(x0), int(y0), int(round(x1)), int(round(y1))))
    return _shrink(crop, max_side)


def figure_image(
    session: Session,
    region: Region,
    max_side: int | None = None,
    *,
    cache: FigureCache | None = None,
) -> Image.Image:
    """The RGB image of ``region`` (longest side at most ``max_side`` pixels when given).

    Raises :class:`InputError` naming the document when its stored bytes cannot be decoded.
    """
    own_cache = cache is None
    cache = cache or FigureCache(size=1)
    try:
        if region.image_sha256:
            try:
                im = cache.get(session, region.image_sha256, _open_image)
                return _shrink(im.convert("RGB"), max_side)
            except (OSError, ValueError) as exc:
                raise InputError(f"figure {region.id}: cannot decode its image ({exc})") from exc
        page = region.page
        doc = page.document
        try:
            if _is_pdf(doc):
                pdf = cache.get(session, doc.sha256, _open_pdf)
                return _pdf_clip(pdf, page, region, max_side)
            im = cache.get(session, doc.sha256, _open_image)
            return _image_crop(im, page, region, max_side)
        except InputError:
            raise
        except Exception as exc:
            raise InputError(
                f"figure {region.id} on page {page.index + 1}: cannot render ({exc})", doc.filename
            ) from exc
    finally:
        if own_cache:
            cache.close()
