"""The OCR and layout engines, loaded once per process (their models ship inside their wheels).

OCR is RapidOCR 3.x with PP-OCRv6 (Chinese + English, Simplified and Traditional, its models in
the ``rapidocr`` wheel); the older PP-OCRv4 of ``rapidocr-onnxruntime`` stays selectable
(``engine="v4"``) for side-by-side measurement (benchmarks/bench_ocr.py) and as a fallback when
``rapidocr`` is absent. Columns of vertical text are detected as tall boxes, which RapidOCR
turns upright before recognition. rapid-layout's CDLA model labels figure and figure_caption
regions on scans.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence

import numpy as np

from culti_desktop.core.ingest.page_model import Line

ENGINES = ("v4", "v6")
ENGINE_NAMES = {"v4": "rapidocr-onnxruntime PP-OCRv4", "v6": "rapidocr PP-OCRv6"}
_lock = threading.Lock()
_ocr: dict[str, object] = {}
_layout = None


def _default_engine() -> str:
    try:
        import rapidocr  # noqa: F401 - only asks whether the v6 engine is installed
    except ImportError:
        return "v4"
    return "v6"


DEFAULT_ENGINE = _default_engine()
OCR_ENGINE_NAME = ENGINE_NAMES[DEFAULT_ENGINE]


def _quiet() -> None:
    """The engines log every model load at INFO on stderr; the CLI's stderr is for progress and errors."""
    names = [n for n in logging.root.manager.loggerDict if n.lower().startswith(("rapid", "rapidocr"))]
    for name in {"RapidOCR", "RapidLayout", "rapid_layout", "rapidocr_onnxruntime", *names}:
        logging.getLogger(name).setLevel(logging.WARNING)


def ocr_engine(engine: str | None = None):
    """The engine's callable, loaded once (thread-safe)."""
    engine = engine or DEFAULT_ENGINE
    with _lock:
        if engine not in _ocr:
            if engine == "v6":
                from rapidocr import RapidOCR

                _ocr[engine] = RapidOCR(params={"Global.log_level": "warning"})
            else:
                from rapidocr_onnxruntime import RapidOCR as RapidOCRv4

                _ocr[engine] = RapidOCRv4()
            _quiet()
        return _ocr[engine]


def raw_ocr(img: np.ndarray, engine: str | None = None) -> list[tuple[np.ndarray, str, float]]:
    """(4-point box in pixels, text, score) per detected line, for either engine."""
    engine = engine or DEFAULT_ENGINE
    img = np.ascontiguousarray(img)
    if engine == "v6":
        out = ocr_engine(engine)(img)
        if out is None or out.boxes is None or out.txts is None:
            return []
        return [
            (np.asarray(b, float), str(t), float(c))
            for b, t, c in zip(out.boxes, out.txts, out.scores, strict=False)
        ]
    result, _ = ocr_engine(engine)(img)
    return [(np.asarray(b, float), str(t), float(c)) for b, t, c in result or []]


def ocr_lines(
    img: np.ndarray, scale: float = 1.0, origin: tuple[float, float] = (0.0, 0.0), engine: str | None = None
) -> list[Line]:
    """OCR ``img``; boxes are returned in page units (pixels / ``scale`` + ``origin``)."""
    lines: list[Line] = []
    for pts, text, conf in raw_ocr(img, engine):
        x0, y0 = pts.min(axis=0)
        x1, y1 = pts.max(axis=0)
        text = text.strip()
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
                confidence=conf,
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
    """Horizontal lines top to bottom then left to right; then the vertical columns, block by
    block, each block right to left with a larger title column first (:mod:`columns`)."""
    from culti_desktop.core.ingest.columns import column_blocks

    horiz = sorted(
        (ln for ln in lines if not ln.vertical), key=lambda ln: (round(ln.bbox[1] / 4), ln.bbox[0])
    )
    return horiz + [ln for block in column_blocks(lines) for ln in block]


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
    out: list[tuple[str, tuple[float, float, float, float], float]] = []
    if res.boxes is None:
        return out
    for b, cls, score in zip(res.boxes, res.class_names, res.scores):
        x0, y0, x1, y1 = (float(v) / scale for v in b)
        out.append((str(cls), (x0, y0, x1, y1), float(score)))
    return out
