"""Analyse one page: text lines, figures, captions and proposed pairs (no database here).

Born-digital pages use their text layer, embedded images and vector drawings; scanned pages
(one picture covering the page) and image files use OCR, the layout model and image processing.
``ocr``: ``auto`` reads pages without a text layer, ``on`` reads every page, ``off`` none.
"""

from __future__ import annotations

import numpy as np

from culti_desktop.core.ingest import engines
from culti_desktop.core.ingest.captions import caption_blocks
from culti_desktop.core.ingest.columns import assemble_glyph_columns, vertical_caption_blocks
from culti_desktop.core.ingest.embedded import expand_captures
from culti_desktop.core.ingest.figures_pdf import figure_candidates, full_page_image, image_infos
from culti_desktop.core.ingest.figures_scan import clean_mask, retighten_without, scan_captions, scan_figures
from culti_desktop.core.ingest.geometry import area, expand, inside_fraction, intersect, iou
from culti_desktop.core.ingest.page_model import Caption, Figure, Line, PageAnalysis
from culti_desktop.core.ingest.pairing import absorb_labels, pair_page
from culti_desktop.core.ingest.pdf_text import text_layer_lines
from culti_desktop.core.ingest.raster import ink_box_in_region, render_page

OCR_MODES = ("auto", "on", "off")
SCAN_DPI = 144.0


def _tighten_pdf_figures(
    page, figures: list[Figure], lines: list[Line], captions: list[Caption], pw: float, ph: float
) -> list[Figure]:
    """Trim each figure to its visible ink: padded rasters and clipped images shrink to what shows.

    Text that is not the figure's own (captions, body lines only partly over an image whose
    clip path hides the rest) is blanked first; a figure with no ink left is dropped.
    """
    caption_ids = {id(ln) for c in captions for ln in c.lines}
    kept = []
    for fig in figures:
        fb = fig.bbox
        clip = intersect(expand(fb, 1.0), (0, 0, pw, ph))
        blank = [
            ln.bbox
            for ln in lines
            if (id(ln) in caption_ids or inside_fraction(ln.bbox, fb) < 0.9)
            and inside_fraction(ln.bbox, clip) > 0
        ]
        img, s = render_page(page, dpi=144.0, clip=clip)
        tight = ink_box_in_region(img, clip, s, blank, origin=(clip[0], clip[1]))
        if tight is None:
            continue
        fig.extra["placement"] = [round(v, 2) for v in fb]
        fig.bbox = tight
        kept.append(fig)
    return kept


def _ocr_with_layout(img: np.ndarray, scale: float, want_ocr: bool) -> tuple[list[Line], list]:
    """OCR and the layout model over the same render, the layout model on its own thread: both
    are ONNX sessions that release the GIL, and the OCR pipeline's Python steps leave a core idle
    that the layout model fills. The thread is this call's own (no process-wide one-worker pool
    that concurrent imports would queue behind)."""
    import threading

    out: dict[str, object] = {}

    def layout() -> None:
        try:
            out["layout"] = engines.layout_regions(img, scale)
        except BaseException as exc:  # noqa: BLE001 - re-raised in the caller's thread
            out["error"] = exc

    worker = threading.Thread(target=layout, name="culti-layout", daemon=True)
    worker.start()
    try:
        lines = engines.ocr_lines(img, scale) if want_ocr else []
    finally:
        worker.join()
    if "error" in out:
        raise out["error"]  # type: ignore[misc]
    return lines, out["layout"]  # type: ignore[return-value]


def _scan_page(result: PageAnalysis, img: np.ndarray, scale: float, lines: list[Line], layout: list) -> None:
    result.extra["layout"] = [[c, [round(v, 1) for v in b], round(s, 3)] for c, b, s in layout]
    labelled = caption_blocks(lines)
    cleaned = clean_mask(img)
    figures = scan_figures(img, scale, lines, layout, result.width, result.height, cleaned)
    others = scan_captions(figures, lines, layout, labelled, img, scale, result.width, result.height, cleaned)
    result.figures, result.captions = figures, labelled + others
    result.pairs = pair_page(
        figures, result.captions, lines, result.width, result.height, keep_uncaptioned_area=0.03
    )
    for prop in result.pairs:  # a caption printed inside the picture's box is not part of the picture
        cap = prop.caption
        if cap is not None and cap.vertical and inside_fraction(cap.bbox, prop.figure.bbox) > 0.5:
            retighten_without(
                prop.figure, [cap.bbox] + [ln.bbox for ln in lines if ln.vertical], cleaned, scale
            )


def _has_content(page) -> bool:
    """A page with no text, images or drawings is blank: nothing to read."""
    return bool(page.get_images()) or bool(page.get_cdrawings())


def analyze_pdf_page(page, index: int, ocr: str = "auto") -> PageAnalysis:
    pw, ph = page.rect.width, page.rect.height
    result = PageAnalysis(index=index, width=pw, height=ph, unit="pt")
    lines, invisible = text_layer_lines(page)
    infos = image_infos(page)
    scanned = full_page_image(page, infos)
    result.is_scanned = scanned
    # auto: a page without a text layer is read when it is a scan; a born-digital page that is
    # only a picture (a full-page plate, a drawing) keeps its image or drawing box.
    want_ocr = ocr == "on" or (ocr == "auto" and not lines and scanned and _has_content(page))
    if scanned or (want_ocr and not lines):
        img, s = render_page(page, dpi=SCAN_DPI)
        ocr_lines, layout = _ocr_with_layout(img, s, want_ocr)
        if want_ocr:
            lines = ocr_lines
            result.text_source, result.ocr_engine = ("ocr" if lines else "none"), engines.OCR_ENGINE_NAME
        else:
            result.text_source = "pdf" if lines else "none"
        if invisible:
            result.extra["text_layer"] = "invisible"
        result.lines = lines
        _scan_page(result, img, s, lines, layout)
        return result
    lines = assemble_glyph_columns(lines)
    result.lines = lines
    result.text_source = result.text_source if result.text_source != "none" else ("pdf" if lines else "none")
    captions = caption_blocks(lines)
    captions += vertical_caption_blocks(lines, {id(ln) for c in captions for ln in c.lines})
    figures = figure_candidates(page, lines, infos)
    figures = _tighten_pdf_figures(page, figures, lines, captions, pw, ph)
    absorb_labels(figures, lines, captions)
    result.captions, result.figures = captions, figures
    result.pairs = pair_page(figures, captions, lines, pw, ph)
    if ocr != "off":
        expand_captures(page, result, SCAN_DPI, _scan_page, lambda im, s: _ocr_with_layout(im, s, True))
    _keep_image_bytes(page, result)
    return result


def _keep_image_bytes(page, result: PageAnalysis) -> None:
    """A figure that is exactly one embedded image keeps that image's bytes (stored as its own
    blob, which exports and crops then use as the figure itself). A figure trimmed inside its
    image (white padding, a clip path), grown over labels or merged with panels does not."""
    for prop in result.pairs:
        fig = prop.figure
        xrefs = fig.extra.get("images") or []
        placement = fig.extra.get("placement")
        if fig.source != "image" or len(xrefs) != 1 or not xrefs[0] or fig.extra.get("inside_capture"):
            continue
        if placement is None or iou(fig.bbox, placement) < 0.97 or fig.extra.get("panels"):
            continue
        try:
            fig.image = page.parent.extract_image(xrefs[0])["image"]
        except Exception:  # noqa: BLE001 - an unreadable image stream: the page render still shows it
            fig.image = None


def analyze_image(img: np.ndarray, index: int, ocr: str = "auto") -> PageAnalysis:
    h, w = img.shape[:2]
    result = PageAnalysis(index=index, width=float(w), height=float(h), unit="px", is_scanned=True)
    lines, layout = _ocr_with_layout(img, 1.0, ocr != "off")
    if ocr != "off":
        result.text_source, result.ocr_engine = ("ocr" if lines else "none"), engines.OCR_ENGINE_NAME
    result.lines = lines
    _scan_page(result, img, 1.0, lines, layout)
    return result


def complete_label_only_captions(pages: list[PageAnalysis]) -> None:
    """A figure whose page prints only its label ("Fig. 1.") takes the full caption printed on
    the page before or after it (journals put the caption of a full-page figure on the facing page)."""
    from culti_desktop.core.ingest.captions import split_bilingual, strip_label

    paired = {id(p.caption) for pg in pages for p in pg.pairs if p.caption is not None}
    by_index = {pg.index: pg for pg in pages}
    for pg in pages:
        for prop in pg.pairs:
            cap = prop.caption
            if cap is None or not cap.label or strip_label(cap.text) or not cap.number:
                continue
            for other_index in (pg.index - 1, pg.index + 1):
                other = by_index.get(other_index)
                if other is None:
                    continue
                found = next(
                    (
                        c
                        for c in other.captions
                        if id(c) not in paired and c.number == cap.number and strip_label(c.text)
                    ),
                    None,
                )
                if found is not None:
                    cap.text = found.text
                    prop.caption_zh, prop.caption_en = split_bilingual(found.text)
                    prop.reason += f"; caption text from page {other_index + 1}"
                    paired.add(id(found))
                    break


def pair_across_pages(pages: list[PageAnalysis], min_area: float = 0.2) -> None:
    """A large figure with no caption on its page takes an unpaired labelled caption printed at
    the top of the next page, or else at the foot of the page before (full-page figures)."""
    from culti_desktop.core.ingest.captions import split_bilingual

    paired = {id(p.caption) for pg in pages for p in pg.pairs if p.caption is not None}
    by_index = {pg.index: pg for pg in pages}
    for pg in pages:
        for prop in pg.pairs:
            if prop.caption is not None or area(prop.figure.bbox) < min_area * pg.width * pg.height:
                continue
            for other_index, top in ((pg.index + 1, True), (pg.index - 1, False)):
                other = by_index.get(other_index)
                if other is None:
                    continue
                free = [c for c in other.captions if c.label and id(c) not in paired and not c.vertical]
                if top:
                    free = [c for c in free if c.bbox[1] <= 0.3 * other.height]
                    free.sort(key=lambda c: c.bbox[1])
                else:
                    free = [c for c in free if c.bbox[3] >= 0.65 * other.height]
                    free.sort(key=lambda c: -c.bbox[3])
                if not free:
                    continue
                cap = free[0]
                prop.caption = cap
                prop.caption_zh, prop.caption_en = split_bilingual(cap.text)
                prop.confidence = round(max(prop.confidence, 0.6), 3)
                prop.reason = f"label {cap.label}; caption printed on page {other_index + 1}"
                prop.figure.extra["caption_page"] = other_index
                paired.add(id(cap))
                break


def drop_running_heads(pages: list[PageAnalysis]) -> None:
    """Text printed at the same place on most pages (running heads, a book's title in the
    margin of every plate) is no caption. OCR reads such a line a little differently on each
    page, so lines count as the same when their boxes overlap and their texts are alike."""
    import difflib

    if len(pages) < 3:
        return
    need = max(3, 0.5 * len(pages))
    for pg in pages:
        unlabelled = [c for c in pg.captions if not c.label]
        if not unlabelled:
            continue
        heads = []
        suspects = [ln for ln in pg.lines if any(area(intersect(ln.bbox, c.bbox)) > 0 for c in unlabelled)]
        for ln in suspects:
            hits = 0
            for other in pages:
                if any(
                    iou(ln.bbox, o.bbox) >= 0.4
                    and difflib.SequenceMatcher(None, ln.text, o.text).ratio() >= 0.5
                    for o in other.lines
                ):
                    hits += 1
            if hits >= need:
                heads.append(ln.bbox)
        if not heads:
            continue

        def is_running(cap, heads=heads) -> bool:  # bind this page's heads (B023)
            chars = sum(len(ln.text) for ln in cap.lines) or 1
            run = sum(
                len(ln.text)
                for ln in cap.lines
                if sum(area(intersect(h, ln.bbox)) for h in heads) >= 0.5 * area(ln.bbox)
            )
            return run >= 0.5 * chars

        pg.captions = [c for c in pg.captions if c.label or not is_running(c)]
        for prop in pg.pairs:
            cap = prop.caption
            if cap is not None and not cap.label and is_running(cap):
                prop.caption, prop.caption_zh, prop.caption_en = None, "", ""
                prop.confidence = round(prop.confidence * 0.5, 3)
                prop.reason = "figure without a caption (the only text beside it is a running head)"


def attach_context(pages: list[PageAnalysis]) -> None:
    """Attach, to each labelled pair, the body paragraph that cites its figure (any page)."""
    import re

    from culti_desktop.core.ingest.captions import join_lines, mentions
    from culti_desktop.core.ingest.labels import EN_PREFIX, ZH_PREFIX

    drop_running_heads(pages)
    complete_label_only_captions(pages)
    pair_across_pages(pages)
    wanted = [
        (p, p.caption.number) for pg in pages for p in pg.pairs if p.caption is not None and p.caption.number
    ]
    if not wanted:
        return
    paragraphs: list[str] = []
    for pg in pages:
        caption_ids = {id(ln) for c in pg.captions for ln in c.lines}
        blocks: dict[object, list[Line]] = {}
        for i, ln in enumerate(pg.lines):
            if id(ln) in caption_ids:
                continue
            blocks.setdefault(ln.block if ln.block is not None else f"l{i}", []).append(ln)
        paragraphs += [join_lines(ln.text for ln in bl) for bl in blocks.values()]
    # Only a paragraph that names a figure at all can cite one (a necessary condition of
    # ``mentions``): scanning just those keeps this linear in pages on long documents.
    prefix = re.compile(rf"{ZH_PREFIX}|{EN_PREFIX}")
    paragraphs = [p for p in paragraphs if prefix.search(p)]
    for prop, number in wanted:
        for para in paragraphs:
            if mentions(para, number):
                prop.context = para[:2000]
                break


def analyze_pdf(doc, ocr: str = "auto", job=None, pages: list[int] | None = None) -> list[PageAnalysis]:
    out = []
    for i in pages if pages is not None else range(doc.page_count):
        out.append(analyze_pdf_page(doc[i], i, ocr))
        if job is not None:
            job.check_cancelled()
    attach_context(out)
    return out
