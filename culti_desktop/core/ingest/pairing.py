"""Give each figure its caption: labels, position (below, above, beside), type size, alignment.

Scores are simple and explainable on purpose: each proposal carries the cues that made it in
``reason`` so a curator sees *why* a caption was chosen. Multi-panel figures are merged here,
once captions are known: pieces with no caption of their own join the captioned figure next to
them when no body text runs between.
"""

from __future__ import annotations

import re
from collections import Counter

from culti_desktop.core.ingest.captions import join_lines, split_bilingual
from culti_desktop.core.ingest.geometry import (
    Box,
    area,
    gap,
    h_overlap,
    inside_fraction,
    intersect,
    union,
    v_overlap,
)
from culti_desktop.core.ingest.page_model import Caption, Figure, Line, PairProposal


def body_size(lines: list[Line]) -> float:
    """The type size most characters are set in: the body text's."""
    sizes: Counter[float] = Counter()
    for ln in lines:
        sizes[round(ln.size * 2) / 2] += len(ln.text)
    return sizes.most_common(1)[0][0] if sizes else 10.0


def absorb_labels(figures: list[Figure], lines: list[Line], captions: list[Caption]) -> None:
    """Grow figures over their own text: axis labels, panel letters, legends next to the drawing."""
    caption_ids = {id(ln) for c in captions for ln in c.lines}
    size = body_size(lines)
    for fig in figures:
        for _ in range(2):
            grown = fig.bbox
            for ln in lines:
                if id(ln) in caption_ids:
                    continue
                if inside_fraction(ln.bbox, fig.bbox) >= 0.6:
                    grown = union([grown, ln.bbox])
                    continue
                if ln.width > 0.6 * (fig.bbox[2] - fig.bbox[0]):
                    continue
                g = gap(ln.bbox, fig.bbox)
                if (g <= 8 and ln.size < size - 0.5) or (g <= 2.5 * ln.height and is_subcaption(ln.text)):
                    grown = union([grown, ln.bbox])
            fig.bbox = grown


def _position(fig: Box, cap: Caption, pw: float, ph: float) -> tuple[float, str]:
    c = cap.bbox
    if cap.vertical:
        # Farther than 0.12 of the page only where nothing is printed in between (checked when the
        # caption was found), and scored lower the farther it is.
        if v_overlap(fig, c) >= 0.3 and (gap(fig, c) <= 0.3 * pw or inside_fraction(c, fig) > 0.5):
            far = max(0.0, gap(fig, c) - 0.12 * pw) / (0.18 * pw)
            return round(0.8 - 0.2 * far, 3), "vertical caption beside the figure"
        return 0.0, ""
    if inside_fraction(c, fig) > 0.5:
        return 0.0, ""
    below = c[1] - fig[3]
    if -0.02 * ph <= below <= 0.12 * ph and (
        h_overlap(fig, c) >= 0.3 or fig[0] - 5 <= (c[0] + c[2]) / 2 <= fig[2] + 5
    ):
        return 1.0 - 0.4 * max(0.0, below) / (0.12 * ph), "caption below the figure"
    above = fig[1] - c[3]
    if -0.02 * ph <= above <= 0.08 * ph and h_overlap(fig, c) >= 0.3:
        return 0.85 - 0.4 * max(0.0, above) / (0.08 * ph), "caption above the figure"
    dx = max(c[0] - fig[2], fig[0] - c[2])
    if v_overlap(fig, c) >= 0.95 and h_overlap(fig, c) == 0 and 0 <= dx <= 0.3 * pw:
        # A side caption lies wholly within the figure's height: that adjacency is a stronger
        # cue than being just above or below another figure (side-column layouts). A short
        # caption flush left in a wide side column sits far from the figure; pair_page checks
        # that no body text runs between.
        return 0.92 - 0.3 * dx / (0.3 * pw), "caption beside the figure"
    if v_overlap(fig, c) >= 0.3 and -5 <= dx <= 0.12 * pw:
        top_aligned = abs(c[1] - fig[1]) <= 0.03 * ph
        return (0.8 if top_aligned else 0.65) - 0.2 * max(0.0, dx) / (
            0.12 * pw
        ), "caption beside the figure" + (", top-aligned" if top_aligned else "")
    return 0.0, ""


def is_panel_label(text: str) -> bool:
    """Panel letters and short tags printed beside sub-figures: (a), b), A, (iii)."""
    return re.fullmatch(r"\(?[A-Za-z]{1,3}\)?\.?|\(?[ivx]{1,4}\)|\(?\d{1,2}\)", text.strip()) is not None


_SUBCAPTION = re.compile(r"^\s*(?:\([a-hA-H]\)|[a-hA-H]\)|\([ivx]{1,4}\))\s*\S")


def is_subcaption(text: str) -> bool:
    """A panel's own short caption, '(a) 正面' or 'b) side view': part of the figure, not body text."""
    t = text.strip()
    return is_panel_label(t) or (_SUBCAPTION.match(t) is not None and len(t) <= 40)


def _lines_between(a: Box, b: Box, lines: list[Line], skip: set[int], size: float) -> bool:
    """Whether body text (not panel labels, axis labels or other small print) lies between two boxes."""
    u = union([a, b])
    for ln in lines:
        if id(ln) in skip or is_subcaption(ln.text) or ln.size < size - 0.5 or len(ln.text.strip()) < 15:
            continue
        if (
            inside_fraction(ln.bbox, u) > 0.5
            and inside_fraction(ln.bbox, a) < 0.5
            and inside_fraction(ln.bbox, b) < 0.5
        ):
            return True
    return False


def _continue_in_next_column(cap: Caption, fig: Box, lines: list[Line], taken: set[int]) -> None:
    """A caption under a figure spanning two columns may itself run on in the right column."""
    if (fig[2] - fig[0]) < 1.6 * (cap.bbox[2] - cap.bbox[0]):
        return
    first = cap.lines[0]
    lh = max(first.height, 1.0)
    col = [
        ln
        for ln in lines
        if id(ln) not in taken
        and ln.bbox[0] > cap.bbox[2]
        and ln.bbox[2] <= fig[2] + 5
        and cap.bbox[1] - lh <= ln.bbox[1] <= cap.bbox[3]
        and abs(ln.size - cap.lines[-1].size) <= 0.75
    ]
    if not col:
        return
    col.sort(key=lambda ln: ln.bbox[1])
    if abs(col[0].bbox[1] - cap.bbox[1]) > lh:
        return
    seq = [col[0]]
    for ln in col[1:]:
        if ln.bbox[1] - seq[-1].bbox[3] > 0.9 * lh:
            break
        seq.append(ln)
    cap.lines = cap.lines + seq
    cap.bbox = union([cap.bbox] + [ln.bbox for ln in seq])
    cap.text = join_lines(ln.text for ln in cap.lines)
    taken.update(id(ln) for ln in seq)


def _merge_panels(figures, captions, fig_cap, merged: set[int], lines, size: float, ph: float) -> bool:
    """Uncaptioned pieces join the nearest captioned figure with no body text between."""
    changed = False
    for fi, fig in enumerate(figures):
        if fi in fig_cap or fi in merged:
            continue
        best: int | None = None
        best_gap = 0.06 * ph
        for fj in fig_cap:
            g = gap(fig.bbox, figures[fj].bbox)
            if v_overlap(fig.bbox, figures[fj].bbox) >= 0.8:
                g *= 0.3  # panels side by side in one row sit wider apart than stacked ones
            if g <= best_gap and not _lines_between(fig.bbox, figures[fj].bbox, lines, set(), size):
                cap_box = captions[fig_cap[fj][0]].bbox
                if area(intersect(union([fig.bbox, figures[fj].bbox]), cap_box)) > 0:
                    continue
                best, best_gap = fj, g
        if best is not None:
            target = figures[best]
            target.bbox = union([target.bbox, fig.bbox])
            target.extra["panels"] = target.extra.get("panels", 1) + 1
            merged.add(fi)
            changed = True

    return changed


def pair_page(
    figures: list[Figure],
    captions: list[Caption],
    lines: list[Line],
    pw: float,
    ph: float,
    keep_uncaptioned_area: float = 0.035,
) -> list[PairProposal]:
    """Match figures with captions one-to-one (best score first) and merge multi-panel pieces."""
    scored = []
    caption_line_ids = {id(ln) for c in captions for ln in c.lines}
    size = body_size(lines)
    for fi, fig in enumerate(figures):
        for ci, cap in enumerate(captions):
            pos, why = _position(fig.bbox, cap, pw, ph)
            placement = fig.extra.get("placement")
            if pos <= 0 and placement:  # a padded raster: its caption is set against the placement
                pos, why = _position(tuple(placement), cap, pw, ph)
            if pos <= 0:
                continue
            if why.startswith("caption beside") and _lines_between(
                fig.bbox, cap.bbox, lines, caption_line_ids, size
            ):
                continue
            cue = 1.0 if cap.label else 0.8 * cap.confidence
            scored.append((pos * cue, fi, ci, why))
    scored.sort(key=lambda t: -t[0])
    fig_cap: dict[int, tuple[int, float, str]] = {}
    used_caps: set[int] = set()
    for score, fi, ci, why in scored:
        if fi in fig_cap or ci in used_caps:
            continue
        fig_cap[fi] = (ci, score, why)
        used_caps.add(ci)

    # Multi-panel: uncaptioned pieces join the nearest captioned figure with no body text between.
    merged: set[int] = set()
    changed = True
    while changed:  # stacked panels join one after another, the nearest to the caption first
        changed = _merge_panels(figures, captions, fig_cap, merged, lines, size, ph)
    taken = set(caption_line_ids)
    proposals: list[PairProposal] = []
    for fi, fig in enumerate(figures):
        if fi in merged:
            continue
        if fi in fig_cap:
            ci, score, why = fig_cap[fi]
            cap = captions[ci]
            if not cap.vertical:
                _continue_in_next_column(cap, fig.bbox, lines, taken)
            zh, en = split_bilingual(cap.text)
            reasons = [f"label {cap.label}" if cap.label else f"{cap.source} caption", why]
            if zh and en:
                reasons.append("bilingual")
            conf = round(min(0.99, score * (0.6 + 0.4 * fig.confidence)), 3)
            proposals.append(PairProposal(fig, cap, zh, en, conf, "; ".join(reasons)))
        else:
            if area(fig.bbox) < keep_uncaptioned_area * pw * ph:
                continue
            proposals.append(
                PairProposal(fig, None, "", "", round(0.35 * fig.confidence, 3), "figure without a caption")
            )
    return proposals
