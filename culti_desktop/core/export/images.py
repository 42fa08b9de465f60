"""The encoded bytes of one figure, cut from the original at full resolution.

A figure that *is* a stored image (a dataset image, an image blob the region carries, or a
whole image page) is written with its original bytes, untouched, so hashes survive a round trip.
A PDF figure that is exactly one upright embedded image (its box matches the image's box) is
written with the embedded image's own bytes, at its native resolution. Anything else is cropped by :func:`culti_desktop.core.storage.figures.figure_image` (PDF clips
rendered at its high default DPI, pixel crops of image pages) and encoded losslessly as PNG,
unless the caller asks for JPEG.
"""

from __future__ import annotations

import io

from PIL import Image
from sqlalchemy import select
from sqlalchemy.orm import Session

from culti_desktop.core.errors import InputError
from culti_desktop.core.storage.blobs import placeholder
from culti_desktop.core.storage.figures import FigureCache, figure_image
from culti_desktop.core.storage.models import Blob, Region

_EXT = {"jpeg": "jpg", "png": "png", "webp": "webp", "gif": "gif", "bmp": "bmp", "tiff": "tif"}
JPEG_QUALITY = 95


def _blob_data(session: Session, sha: str) -> bytes:
    # A plain DB-API query on the session's own connection: the ORM's per-statement overhead
    # (~0.5 ms) was most of an export's time for small images.
    dbapi = session.connection().connection.dbapi_connection
    if dbapi is not None and hasattr(dbapi, "execute"):
        row = dbapi.execute(
            f"SELECT data FROM blobs WHERE sha256 = {placeholder(session)}", (sha,)
        ).fetchone()
        data = row[0] if row is not None else None
    else:
        data = session.scalar(select(Blob.data).where(Blob.sha256 == sha))
    if data is None:
        raise InputError(f"stored image {sha[:12]}… is missing from the project")
    return data


def _format_of(data: bytes) -> str | None:
    """The image format from its magic bytes (cheap), falling back to Pillow."""
    head = data[:16]
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    try:
        with Image.open(io.BytesIO(data)) as im:
            return (im.format or "").lower() or None
    except Exception:  # noqa: BLE001 - Pillow raises many types on odd bytes; unknown format = None
        return None


def _encode(im: Image.Image, image_format: str) -> tuple[bytes, str]:
    buf = io.BytesIO()
    if image_format == "jpg":
        if im.mode not in ("RGB", "L"):
            im = im.convert("RGB")
        im.save(buf, format="JPEG", quality=JPEG_QUALITY, subsampling=0)
        return buf.getvalue(), "jpg"
    if im.mode not in ("1", "L", "LA", "P", "RGB", "RGBA", "I", "I;16"):
        im = im.convert("RGBA" if "A" in im.mode else "RGB")  # CMYK, YCbCr, LAB… have no PNG form
    im.save(buf, format="PNG", compress_level=3)
    return buf.getvalue(), "png"


def whole_image_sha(
    image_sha256: str | None,
    doc_sha256: str,
    doc_kind: str,
    page_count: int,
    unit: str,
    page_size: tuple[float, float],
    bbox: tuple[float, float, float, float],
) -> str | None:
    """The sha256 of a stored image equal to a figure (its own blob, or a whole one-page image)."""
    if image_sha256:
        return image_sha256
    if doc_kind in ("image", "dataset") and page_count <= 1 and unit == "px":
        x0, y0, x1, y1 = bbox
        w, h = page_size
        if abs(x0) < 0.5 and abs(y0) < 0.5 and abs(x1 - w) < 0.5 and abs(y1 - h) < 0.5:
            return doc_sha256
    return None


def _whole_image_blob(region: Region) -> str | None:
    page = region.page
    doc = page.document
    return whole_image_sha(
        region.image_sha256,
        doc.sha256,
        doc.kind,
        doc.page_count,
        page.unit,
        (page.width, page.height),
        region.bbox,
    )


def stored_image_bytes(session: Session, sha: str, image_format: str = "auto") -> tuple[bytes, str]:
    """(bytes, extension) of a stored image: untouched when its format is a common one (JPEG, PNG,
    WebP, GIF, BMP, TIFF) and no other was asked for; otherwise decoded and re-encoded (PNG for
    ``auto``, e.g. JPEG 2000 or PPM that training readers may not open)."""
    data = _blob_data(session, sha)
    ext = _EXT.get(_format_of(data) or "")
    if ext is not None and image_format in ("auto", ext):
        return data, ext
    try:
        with Image.open(io.BytesIO(data)) as im:
            im.load()
            return _encode(im, "png" if image_format == "auto" else image_format)
    except InputError:
        raise
    except Exception as exc:
        raise InputError(f"stored image {sha[:12]}… cannot be decoded ({exc})") from exc


def _open_pdf(data: bytes):
    import pymupdf

    return pymupdf.open(stream=data, filetype="pdf")


def _iou(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    ix = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = ix * iy
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union > 0 else 0.0


#: A figure box and an embedded image's box this similar are the same picture.
EMBEDDED_IOU = 0.95


def embedded_image_bytes(session: Session, region: Region, cache: FigureCache) -> tuple[bytes, str] | None:
    """The embedded image's own bytes when a PDF figure is exactly one upright embedded image.

    Rotated, flipped or masked (transparent) images, and figures made of several pieces, return
    ``None``: rendering the page clip is then the faithful picture.
    """
    page = region.page
    doc = page.document
    if doc.kind != "pdf" or page.rotation:
        return None
    wanted = (region.extra or {}).get("xrefs")
    if wanted is not None and len(wanted) != 1:
        return None
    pdf = cache.get(session, doc.sha256, _open_pdf)
    pg = pdf[page.index]
    (x0, x1), (y0, y1) = sorted((region.x0, region.x1)), sorted((region.y0, region.y1))
    box = (x0, y0, x1, y1)
    matches = [
        info
        for info in pg.get_image_info(xrefs=True)
        if info.get("xref")
        and (wanted is None or info["xref"] in wanted)
        and _iou(tuple(info["bbox"]), box) >= EMBEDDED_IOU
    ]
    if len(matches) != 1:
        return None
    a, b, c, d, _, _ = matches[0]["transform"]
    if abs(b) > 1e-6 or abs(c) > 1e-6 or a <= 0 or d <= 0:
        return None  # rotated or flipped on the page
    try:
        img = pdf.extract_image(matches[0]["xref"])
    except Exception:  # noqa: BLE001 - damaged image streams: render instead
        return None
    if not img or img.get("smask"):
        return None
    data = img["image"]
    ext = _EXT.get(_format_of(data) or "")
    if ext is not None:
        return data, ext
    try:
        with Image.open(io.BytesIO(data)) as im:  # e.g. JPEG 2000: keep the pixels, as PNG
            im.load()
            return _encode(im, "png")
    except Exception:  # noqa: BLE001 - undecodable original: the caller falls back to a render
        return None


def figure_bytes(
    session: Session, region: Region, image_format: str = "auto", cache: FigureCache | None = None
) -> tuple[bytes, str]:
    """(encoded bytes, file extension) of a figure region. ``image_format``: auto | jpg | png."""
    sha = _whole_image_blob(region)
    if sha is not None:
        try:
            return stored_image_bytes(session, sha, image_format)
        except InputError as exc:
            raise InputError(f"figure {region.id}: {exc.message}") from exc
    own_cache = cache is None
    cache = cache or FigureCache(size=1)
    try:
        embedded = embedded_image_bytes(session, region, cache)
        if embedded is not None:
            data, ext = embedded
            if image_format in ("auto", ext):
                return data, ext
            with Image.open(io.BytesIO(data)) as im:
                im.load()
                return _encode(im, image_format)
        im = figure_image(session, region, cache=cache)
    finally:
        if own_cache:
            cache.close()
    return _encode(im, "jpg" if image_format == "jpg" else "png")
