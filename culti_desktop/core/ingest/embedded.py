"""Embedded captures: a raster on a born-digital page that is itself a page (a slide, a screen or
page capture, a scan pasted into a report) is analysed like a scanned page inside its box.

Only uncaptioned rasters are looked into: a raster the page captions as one figure is one figure,
whatever it shows. Inside, OCR and the layout model run on the raster's region; when they find
text lines beside pictures that are clearly smaller than the raster, those pictures (with the
captions printed in the raster) replace the raster.
"""

from __future__ import annotations

from collections.abc import Callable

from culti_desktop.core.ingest.geometry import area, inside_fraction
from culti_desktop.core.ingest.page_model import Caption, Figure, Line, PageAnalysis, PairProposal
from culti_desktop.core.ingest.raster import render_page

MIN_AREA = 0.08  # of the page: smaller rasters are icons, logos and photos, not captures
MAX_PICTURE = 0.7  # a picture found inside must be smaller than this share of the raster
MIN_TEXT_LINES = 2


def _shift(box, dx: float, dy: float):
    return (box[0] + dx, box[1] + dy, box[2] + dx, box[3] + dy)


def _moved(pairs: list[PairProposal], lines: list[Line], dx: float, dy: float) -> None:
    seen: set[int] = set()
    for prop in pairs:
        prop.figure.bbox = _shift(prop.figure.bbox, dx, dy)
        prop.figure.extra["inside_capture"] = True
        cap: Caption | None = prop.caption
        if cap is not None and id(cap) not in seen:
            seen.add(id(cap))
            cap.bbox = _shift(cap.bbox, dx, dy)
    for ln in lines:
        ln.bbox = _shift(ln.bbox, dx, dy)


def analyse_capture(
    page, box, dpi: float, analyse: Callable[[PageAnalysis, object, float, list, list], None], read
) -> tuple[list[PairProposal], list[Line]] | None:
    """Pairs and text lines found inside the raster at ``box`` (page units), or None when it is
    not a capture. ``read(img, scale)`` gives (lines, layout); ``analyse`` is the scanned-page step."""
    img, s = render_page(page, dpi=dpi, clip=box)
    lines, layout = read(img, s)
    w, h = box[2] - box[0], box[3] - box[1]
    sub = PageAnalysis(index=-1, width=w, height=h, unit="pt", is_scanned=True)
    sub.lines = lines
    analyse(sub, img, s, lines, layout)
    pics = [p for p in sub.pairs if area(p.figure.bbox) <= MAX_PICTURE * w * h]
    if not pics or len(pics) < len(sub.pairs):
        return None
    text = [
        ln
        for ln in lines
        if len(ln.text.strip()) >= 2 and all(inside_fraction(ln.bbox, p.figure.bbox) < 0.5 for p in pics)
    ]
    if len(text) < MIN_TEXT_LINES:
        return None
    _moved(pics, lines, box[0], box[1])
    return pics, lines


def flat_share(page, box, dpi: float = 24.0) -> float:
    """Share of a raster's pixels within a few levels of its commonest colour: slides and page
    captures are set on a flat ground, photographs and drawings rarely are. A cheap look
    (a tiny render) that spares photos the OCR call."""
    import numpy as np

    img, _ = render_page(page, dpi=dpi, clip=box)
    q = img.reshape(-1, img.shape[2]).astype(np.int32) // 8
    keys = q[:, 0] * 1024 + q[:, 1] * 32 + q[:, 2]
    counts = np.bincount(keys)
    return float(counts.max()) / max(1, len(keys))


FLAT_SHARE = 0.2  # generated slides 0.25-0.54, unpadded photos 0.02-0.18 (white-padded ones go on to OCR)


def expand_captures(page, result: PageAnalysis, dpi: float, analyse, read) -> None:
    """Replace each uncaptioned large raster that is a capture by the pictures inside it."""
    out: list[PairProposal] = []
    changed = False
    for prop in result.pairs:
        fig: Figure = prop.figure
        big = area(fig.bbox) >= MIN_AREA * result.width * result.height
        if (
            prop.caption is None
            and fig.source == "image"
            and big
            and flat_share(page, fig.bbox) >= FLAT_SHARE
        ):
            found = analyse_capture(page, fig.bbox, dpi, analyse, read)
            if found is not None:
                pics, lines = found
                for p in pics:
                    p.reason += "; inside an embedded capture (slide or page image)"
                out += pics
                result.lines += lines
                result.figures = [f for f in result.figures if f is not fig] + [p.figure for p in pics]
                result.captions += [p.caption for p in pics if p.caption is not None]
                changed = True
                continue
        out.append(prop)
    if changed:
        result.pairs = out
        result.extra["captures"] = True
