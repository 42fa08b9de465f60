"""Page renders for the viewer, cached as files beside the project (rebuildable at any time).

A page is rendered from the original bytes kept in the project (PDF via PyMuPDF, images via
Pillow) once per resolution and saved under ``project.cache_dir("renders")``; switching back to
a page then costs one image decode instead of a render. Deleting the folder loses nothing.
"""

from __future__ import annotations

import io
import os
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from culti_desktop.core.storage.blobs import get_blob
from culti_desktop.core.storage.models import Document, Page, Region
from culti_desktop.core.storage.project import Project

DISPLAY_DPI = 144  # PDF pages: 2x of 72 pt, sharp on screen without decoding 300-dpi bitmaps
MAX_SIDE_PX = 2600  # image pages larger than this are downscaled for display
CACHE_FORMAT = "jpg"  # encodes ~10x and decodes ~3x faster than PNG at 144 dpi; quality 90 keeps text crisp
JPEG_QUALITY = 90

_lock = threading.Lock()  # PyMuPDF documents are not thread-safe; renders are rare, so one lock
_open_docs: OrderedDict[str, Any] = OrderedDict()
_MAX_OPEN = 4


@dataclass(frozen=True)
class PageKey:
    page_id: int
    sha256: str
    kind: str
    index: int
    width: float
    height: float


def page_key(project: Project, page_id: int) -> PageKey:
    with project.read_session() as s:
        page = s.get(Page, page_id)
        if page is None:
            raise KeyError(page_id)
        doc = s.get(Document, page.document_id)
        if doc is None:
            raise KeyError(page_id)
        return PageKey(page.id, doc.sha256, doc.kind, page.index, page.width, page.height)


def render_path(project: Project, key: PageKey, dpi: int = DISPLAY_DPI) -> Path:
    tag = f"{dpi}dpi" if key.kind == "pdf" else f"max{MAX_SIDE_PX}"
    return project.cache_dir("renders") / f"{key.sha256[:20]}_{key.index:05d}_{tag}.{CACHE_FORMAT}"


def _pdf(project: Project, sha256: str) -> Any:
    import pymupdf

    doc = _open_docs.get(sha256)
    if doc is None:
        with project.read_session() as s:
            data = get_blob(s, sha256)
        doc = pymupdf.open(stream=data, filetype="pdf")
        _open_docs[sha256] = doc
        while len(_open_docs) > _MAX_OPEN:
            _open_docs.popitem(last=False)[1].close()
    else:
        _open_docs.move_to_end(sha256)
    return doc


def render_rgb(project: Project, page_id: int, dpi: int = DISPLAY_DPI) -> tuple[int, int, bytes]:
    """(width, height, RGB bytes) of a fresh render, for display before the cache file exists."""
    img = _render_image(project, page_key(project, page_id), dpi)
    return img.width, img.height, img.tobytes()


def store_render(
    project: Project, page_id: int, width: int, height: int, rgb: bytes, dpi: int = DISPLAY_DPI
) -> Path:
    """Write a render made by :func:`render_rgb` into the cache (encoding releases the GIL)."""
    from PIL import Image

    path = render_path(project, page_key(project, page_id), dpi)
    if not path.is_file():
        _write(path, _encode(Image.frombytes("RGB", (width, height), rgb)))
    return path


def _encode(img: Any) -> bytes:
    out = io.BytesIO()
    img.save(out, format="JPEG", quality=JPEG_QUALITY)
    return out.getvalue()


def _write(path: Path, data: bytes) -> None:
    tmp = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def _render_image(project: Project, key: PageKey, dpi: int) -> Any:
    from PIL import Image, ImageSequence

    if key.kind == "pdf":
        with _lock:
            page = _pdf(project, key.sha256)[key.index]
            pix = page.get_pixmap(dpi=dpi, alpha=False)
            img = Image.frombytes("RGB", (pix.width, pix.height), pix.samples)
        # Pillow encodes with the GIL released; PyMuPDF's own JPEG encoder holds it for ~0.3 s,
        # which froze the GUI while pages were prefetched on a worker thread.
    else:
        with project.read_session() as s:
            data = get_blob(s, key.sha256)
        with Image.open(io.BytesIO(data)) as im:
            frame = next(f for i, f in enumerate(ImageSequence.Iterator(im)) if i == key.index)
            img = frame.convert("RGB")
        if max(img.size) > MAX_SIDE_PX:
            img.thumbnail((MAX_SIDE_PX, MAX_SIDE_PX))
    return img


def render_page(project: Project, page_id: int, dpi: int = DISPLAY_DPI) -> Path:
    """Path of the page's render, making it if it is not cached yet."""
    key = page_key(project, page_id)
    path = render_path(project, key, dpi)
    if path.is_file():
        return path
    _write(path, _encode(_render_image(project, key, dpi)))
    return path


def is_cached(project: Project, page_id: int, dpi: int = DISPLAY_DPI) -> bool:
    return render_path(project, page_key(project, page_id), dpi).is_file()


def region_crop(project: Project, region_id: int, dpi: int = DISPLAY_DPI):  # -> PIL.Image.Image
    """The region's pixels, cut from the page render (the pair panel's preview)."""
    from PIL import Image

    with project.read_session() as s:
        region = s.get(Region, region_id)
        if region is None:
            raise KeyError(region_id)
        page_id, box = region.page_id, region.bbox
    key = page_key(project, page_id)
    with Image.open(render_page(project, page_id, dpi)) as im:
        sx, sy = im.width / key.width, im.height / key.height
        x0, y0, x1, y1 = box
        crop = (
            max(0, int(x0 * sx)),
            max(0, int(y0 * sy)),
            min(im.width, int(x1 * sx) + 1),
            min(im.height, int(y1 * sy) + 1),
        )
        return im.crop(crop).convert("RGB")
