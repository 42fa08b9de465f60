"""The encoded bytes of one figure, cut from the original at full resolution.

A figure that *is* a stored image (a dataset image, an embedded image the region maps to, or a
whole image page) is written with its original bytes, untouched, so hashes survive a round trip.
Anything else is cropped by :func:`culti_desktop.core.storage.figures.figure_image` (PDF clips
rendered at its high default DPI, pixel crops of image pages) and encoded losslessly as PNG,
unless the caller asks for JPEG.
"""

from __future__ import annotations

import io
from typing import Optional

from PIL import Image
from sqlalchemy import select
from sqlalchemy.orm import Session

from culti_desktop.core.errors import InputError
from culti_desktop.core.storage.figures import FigureCache, figure_image
from culti_desktop.core.storage.models import Blob, Region

_EXT = {"jpeg": "jpg", "png": "png", "webp": "webp", "gif": "gif", "bmp": "bmp", "tiff": "tif"}
JPEG_QUALITY = 95


def _blob_data(session: Session, sha: str) -> bytes:
    data = session.scalar(select(Blob.data).where(Blob.sha256 == sha))
    if data is None:
        raise InputError(f"stored image {sha[:12]}… is missing from the project")
    return data


def _format_of(data: bytes) -> Optional[str]:
    try:
        with Image.open(io.BytesIO(data)) as im:
            return (im.format or "").lower() or None
    except Exception:  # noqa: BLE001
        return None


def _encode(im: Image.Image, image_format: str) -> tuple[bytes, str]:
    buf = io.BytesIO()
    if image_format == "jpg":
        if im.mode not in ("RGB", "L"):
            im = im.convert("RGB")
        im.save(buf, format="JPEG", quality=JPEG_QUALITY, subsampling=0)
        return buf.getvalue(), "jpg"
    im.save(buf, format="PNG", compress_level=3)
    return buf.getvalue(), "png"


def _whole_image_blob(region: Region) -> Optional[str]:
    """The sha256 of a stored image equal to this figure, if there is one."""
    if region.image_sha256:
        return region.image_sha256
    page = region.page
    doc = page.document
    if doc.kind in ("image", "dataset") and doc.page_count <= 1 and page.unit == "px":
        x0, y0, x1, y1 = region.bbox
        if abs(x0) < 0.5 and abs(y0) < 0.5 and abs(x1 - page.width) < 0.5 and abs(y1 - page.height) < 0.5:
            return doc.sha256
    return None


def figure_bytes(
    session: Session, region: Region, image_format: str = "auto", cache: Optional[FigureCache] = None
) -> tuple[bytes, str]:
    """(encoded bytes, file extension) of a figure region. ``image_format``: auto | jpg | png."""
    sha = _whole_image_blob(region)
    if sha is not None:
        data = _blob_data(session, sha)
        fmt = _format_of(data)
        ext = _EXT.get(fmt or "")
        if ext is None:
            raise InputError(f"figure {region.id}: its stored image cannot be decoded")
        if image_format == "auto" or image_format == ext:
            return data, ext
        with Image.open(io.BytesIO(data)) as im:
            im.load()
            return _encode(im, image_format)
    im = figure_image(session, region, cache=cache)
    return _encode(im, "jpg" if image_format == "jpg" else "png")
