"""PIL images to Qt images and back (the search panel's thumbnails, pasted and dropped queries)."""

from __future__ import annotations

from PIL import Image
from PySide6.QtGui import QImage


def pil_to_qimage(im: Image.Image) -> QImage:
    rgb = im.convert("RGBA")
    data = rgb.tobytes("raw", "RGBA")
    return QImage(data, rgb.width, rgb.height, rgb.width * 4, QImage.Format.Format_RGBA8888).copy()


def qimage_to_pil(qimg: QImage) -> Image.Image:
    q = qimg.convertToFormat(QImage.Format.Format_RGBA8888)
    data = bytes(q.constBits())[: q.sizeInBytes()]
    return Image.frombuffer(
        "RGBA", (q.width(), q.height()), data, "raw", "RGBA", q.bytesPerLine(), 1
    ).convert("RGB")
