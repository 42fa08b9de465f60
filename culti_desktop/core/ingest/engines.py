"""The OCR and layout engines, loaded once per process (their models ship inside their wheels).

RapidOCR (PP-OCRv4, Chinese + English; Simplified and Traditional) reads lines; columns of
vertical text are detected as tall boxes, which RapidOCR turns upright before recognition.
rapid-layout's CDLA model labels figure and figure_caption regions on scans.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence

import numpy as np

from culti_desktop.core.ingest.page_model import Line

OCR_ENGINE_NAME = "rapidocr-onnxruntime PP-OCRv4"
_lock = threading.Lock()
_ocr = None
_layout = None


def _quiet() -> None:
    """The engines log every model load at INFO on stderr; the CLI's stderr is for progress and errors."""
    names = [n for n in logging.root.manager.loggerDict if n.lower().startswith(("rapid", "rapidocr"))]
    for name in {"RapidOCR", "RapidLayout", "rapid_layout", "rapidocr_onnxruntime", *names}:
        logging.getLogger(name).setLevel(logging.WARNING)


def ocr_engine():
    global _ocr
    with _lock:
        if _ocr is None:
            from rapidocr_onnxruntime import RapidOCR

            _quiet()
            _ocr = RapidOCR()
        return _ocr


def layout_engine():
    global _layout
    with _lock:
        if _layout is None:
            import contextlib
            import io

            with contextlib.redirect_stdout(io.StringIO()):
                from rapid_layout import RapidLayout

                _quiet()
                logging.disable(logging.INFO)  # its per-module loggers print INFO lines to stderr
                try:
                    _layout = RapidLayout(model_type="pp_layout_cdla", conf_thresh=0.4)
                finally:
                    logging.disable(logging.NOTSET)
                _quiet()
        return _layout


def ocr_lines(img: np.ndarray, scale: float = 1.0, origin: tuple[float, float] = (0.0, 0.0)) -> list[Line]:
    """OCR ``img``; boxes are returned in page units (pixels / ``scale`` + ``origin``)."""
    result, _ = ocr_engine()(img)
    lines: list[Line] = []
    for box, text, conf in result or []:
        pts = np.asarray(box, dtype=float)
        x0, y0 = pts.min(axis=0)
        x1, y1 = pts.max(axis=0)
        text = str(text).strip()
        if not text:
            continue
        w, h = x1 - x0, y1 - y0
        vertical = h >= 1.5 * w and len(text) >= 2
        lines.append(
            Line(
                bbox=(
                    x0 / scale + origin[0],
                    y0 / scale + origin[1],
                    x1 / scale + origin[0],
                    y1 / scale + origin[1],
                ),
                text=text,
                confidence=float(conf),
                vertical=vertical,
                source="ocr",
            )
        )
    return reading_order(match_script(lines))


_opencc: dict[str, object] = {}


def _cc(config: str):
    if config not in _opencc:
        from opencc import OpenCC

        _opencc[config] = OpenCC(config)
    return _opencc[config]


def match_script(lines: list[Line], context: Sequence[Line] = ()) -> list[Line]:
    """Write OCR output in the script the page is printed in.

    The recogniser mixes Simplified forms into Traditional text (纳 for 納); when a page's
    lines hold clearly more Traditional-only than Simplified-only characters, Simplified
    characters are turned Traditional (and the other way round). ``context``: other lines of
    the page, counted for the decision but left as they are.
    """
    text = "".join(ln.text for ln in [*lines, *context])
    t2s, s2t = _cc("t2s"), _cc("s2t")  # loaded even for no text: a warm-up call costs nothing later
    trad = sum(1 for c in text if "\u3400" <= c <= "\u9fff" and t2s.convert(c) != c)
    simp = sum(1 for c in text if "\u3400" <= c <= "\u9fff" and s2t.convert(c) != c)
    if trad >= 2 and trad > 2 * simp:
        conv = s2t
    elif simp >= 2 and simp > 2 * trad:
        conv = t2s
    else:
        return lines
    for ln in lines:
        ln.text = conv.convert(ln.text)
    return lines


def reading_order(lines: list[Line]) -> list[Line]:
    """Horizontal lines top to bottom then left to right; vertical columns right to left."""
    horiz = sorted(
        (ln for ln in lines if not ln.vertical), key=lambda ln: (round(ln.bbox[1] / 4), ln.bbox[0])
    )
    vert = sorted((ln for ln in lines if ln.vertical), key=lambda ln: (-ln.bbox[2], ln.bbox[1]))
    return horiz + vert


def layout_regions(
    img: np.ndarray, scale: float = 1.0
) -> list[tuple[str, tuple[float, float, float, float], float]]:
    """(class, box in page units, score) from the CDLA layout model.

    The model works at about 800 px; a large render is shrunk first so its preprocessing stays cheap.
    """
    import cv2

    longest = max(img.shape[:2])
    if longest > 1024:
        f = 1024 / longest
        img = cv2.resize(img, None, fx=f, fy=f, interpolation=cv2.INTER_AREA)
        scale *= f
    res = layout_engine()(img)
    out = []
    if res.boxes is None:
        return out
    for b, cls, score in zip(res.boxes, res.class_names, res.scores):
        out.append((str(cls), tuple(float(v) / scale for v in b), float(score)))
    return out


def ocr_available() -> str | None:
    try:
        import rapidocr_onnxruntime  # noqa: F401
    except ImportError as exc:
        return str(exc)
    return None
