"""Layout families with horizontal captions: single, grid, two-column, beside, bilingual."""

from __future__ import annotations

from culti_desktop.testing.docgen import text as T
from culti_desktop.testing.docgen.layout import MARGIN, Ctx, W, caption, fill_paras, furniture, picture
from culti_desktop.testing.docgen.spec import PageSpec, TextOp, gt_figure


def _figure_with_caption(spec, ctx, x0, x1, y, fw, fh, above=False, captioned=True, lang=None):
    """A figure centred in [x0, x1] from ``y`` with its caption below (or above); returns the bottom."""
    fx0 = (x0 + x1 - fw) / 2
    gap = ctx.rng.uniform(5, 12)
    cap = None
    label = ""
    if captioned:
        label = ctx.next_label(lang)
    if captioned and above:
        cap = caption(spec, ctx, x0, x1, y, label, lang=lang)
        y = cap.bottom + gap
    vis = picture(spec, ctx, (fx0, y, fx0 + fw, y + fh))
    y += fh
    if captioned and not above:
        cap = caption(spec, ctx, x0, x1, y + gap, label, lang=lang)
        y = cap.bottom
    spec.figures.append(gt_figure(vis, cap, label))
    return y


def single(ctx: Ctx) -> list[PageSpec]:
    spec = PageSpec(family="single")
    top, bottom = furniture(spec, ctx)
    rng = ctx.rng
    x0, x1 = MARGIN + rng.uniform(0, 20), W - MARGIN - rng.uniform(0, 20)
    y = fill_paras(spec, ctx, x0, x1, top, top + rng.uniform(0, 250))
    fw = rng.uniform(0.4, 0.9) * (x1 - x0)
    fh = min(rng.uniform(0.5, 1.0) * fw, bottom - y - 120)
    if fh > 60:
        y = _figure_with_caption(
            spec, ctx, x0, x1, y + 12, fw, fh, above=rng.random() < 0.3, captioned=rng.random() < 0.85
        )
    fill_paras(spec, ctx, x0, x1, y + 16, bottom)
    return [spec]


def grid(ctx: Ctx) -> list[PageSpec]:
    """Two to four figures side by side and in rows, each with its own caption."""
    spec = PageSpec(family="grid")
    top, bottom = furniture(spec, ctx)
    rng = ctx.rng
    n = rng.randint(2, 4)
    rows = [2] if n == 2 else [1, 2] if n == 3 and rng.random() < 0.5 else [2, 1] if n == 3 else [2, 2]
    if n == 2 and rng.random() < 0.4:
        rows = [1, 1]
    y = fill_paras(spec, ctx, MARGIN, W - MARGIN, top, top + rng.uniform(0, 100))
    row_h = (bottom - y - 40) / len(rows)
    for per_row in rows:
        cw = (W - 2 * MARGIN) / per_row
        fh = min(row_h - 60, cw * rng.uniform(0.5, 0.85))
        bottoms = []
        for c in range(per_row):
            cx0 = MARGIN + c * cw + 8
            fw = min(cw - 16, fh * rng.uniform(1.0, 1.6))
            bottoms.append(_figure_with_caption(spec, ctx, cx0, cx0 + cw - 16, y + 10, fw, fh))
        y = max(bottoms) + 18
    fill_paras(spec, ctx, MARGIN, W - MARGIN, y, bottom)
    return [spec]


def two_column(ctx: Ctx) -> list[PageSpec]:
    """Two text columns, figures inside a column, and sometimes one full-width figure."""
    spec = PageSpec(family="two_column")
    top, bottom = furniture(spec, ctx)
    rng = ctx.rng
    gutter = rng.uniform(14, 24)
    cols = [(MARGIN - 10, W / 2 - gutter / 2), (W / 2 + gutter / 2, W - MARGIN + 10)]
    y_start = top
    if rng.random() < 0.45:  # a full-width figure at the top of the page
        fw = rng.uniform(0.6, 0.95) * (W - 2 * MARGIN)
        y_start = _figure_with_caption(spec, ctx, MARGIN, W - MARGIN, top, fw, rng.uniform(140, 230)) + 16
    for x0, x1 in cols:
        y = fill_paras(spec, ctx, x0, x1, y_start, y_start + rng.uniform(40, 200), size=9.5)
        if rng.random() < 0.7 and bottom - y > 220:
            fw = rng.uniform(0.7, 1.0) * (x1 - x0)
            y = _figure_with_caption(spec, ctx, x0, x1, y + 8, fw, min(fw * rng.uniform(0.5, 0.9), 220)) + 14
        fill_paras(spec, ctx, x0, x1, y, bottom, size=9.5)
    return [spec]


def beside(ctx: Ctx) -> list[PageSpec]:
    """The caption in a side column, left or right of the figure, top-aligned or centred."""
    spec = PageSpec(family="beside")
    top, bottom = furniture(spec, ctx)
    rng = ctx.rng
    y = fill_paras(spec, ctx, MARGIN, W - MARGIN, top, top + rng.uniform(0, 200))
    for _ in range(rng.randint(1, 2)):
        fh = rng.uniform(130, 240)
        if bottom - y < fh + 40:
            break
        fw = rng.uniform(0.5, 0.62) * (W - 2 * MARGIN)
        side_w = (W - 2 * MARGIN) - fw - 18
        left_fig = rng.random() < 0.7
        fx0 = MARGIN if left_fig else W - MARGIN - fw
        cx0 = fx0 + fw + 18 if left_fig else MARGIN
        vis = picture(spec, ctx, (fx0, y + 10, fx0 + fw, y + 10 + fh))
        label = ctx.next_label()
        cap = caption(spec, ctx, cx0, cx0 + side_w, y + 10, label, align="left")
        if rng.random() < 0.5:  # centred on the figure's height
            cap.y = y + 10 + (fh - (cap.bbox[3] - cap.bbox[1])) / 2
        elif rng.random() < 0.5:  # bottom-aligned
            cap.y = y + 10 + fh - (cap.bbox[3] - cap.bbox[1])
        spec.figures.append(gt_figure(vis, cap, label))
        y += fh + 30
    fill_paras(spec, ctx, MARGIN, W - MARGIN, y, bottom)
    return [spec]


def bilingual(ctx: Ctx) -> list[PageSpec]:
    """Captions in Chinese and English, either order, one or more lines each."""
    spec = PageSpec(family="bilingual")
    top, bottom = furniture(spec, ctx)
    rng = ctx.rng
    ctx.lang = "zh"
    y = fill_paras(spec, ctx, MARGIN, W - MARGIN, top, top + rng.uniform(0, 160))
    for _ in range(rng.randint(1, 2)):
        fw, fh = rng.uniform(180, 380), rng.uniform(110, 210)
        if bottom - y < fh + 90:
            break
        fx0 = (W - fw) / 2
        vis = picture(spec, ctx, (fx0, y + 10, fx0 + fw, y + 10 + fh))
        zh_label = ctx.next_label("zh", ctx.style.setdefault("bi_zh", rng.choice(["图N", "图C.N", "图C-N"])))
        n = zh_label[1:]
        en_label = rng.choice(["Figure ", "Fig. "]) + n
        cw = rng.uniform(0.55, 0.85) * (W - 2 * MARGIN)
        cx0 = (W - cw) / 2
        zh = f"{zh_label} " + T.zh_phrase(rng, rng.randint(6, 60))
        en = f"{en_label} " + T.en_phrase(rng, rng.randint(3, 26))
        first, second = (zh, en) if rng.random() < 0.75 else (en, zh)
        size = ctx.style.setdefault("cap_size", rng.choice([9.0, 9.5, 10.0]))
        a = spec.add(TextOp(cx0, y + fh + 18, T.wrap(first, size, cw), size, leading=1.35))
        b = spec.add(TextOp(cx0, a.bottom + size * 0.3, T.wrap(second, size, cw), size, leading=1.35))
        for op in (a, b):
            if len(op.lines) == 1:
                op.x = (W - T.width(op.lines[0], size)) / 2
        spec.figures.append(gt_figure(vis, [a, b], zh_label))
        y = b.bottom + 16
    fill_paras(spec, ctx, MARGIN, W - MARGIN, y, bottom)
    return [spec]
