"""Layout families that trip simple extractors: vertical captions, distractor boxes, sub-panels,
slide captures holding their own pictures, and captions on another page than their figure."""

from __future__ import annotations

from culti_desktop.testing.docgen import pictures
from culti_desktop.testing.docgen import text as T
from culti_desktop.testing.docgen.layout import (
    MARGIN,
    Ctx,
    H,
    W,
    callout,
    caption,
    code_box,
    fill_paras,
    furniture,
    picture,
    table,
)
from culti_desktop.testing.docgen.spec import ImageOp, PageSpec, TextOp, gt_figure, union


def vertical(ctx: Ctx) -> list[PageSpec]:
    """A plate: a picture and, beside it, a larger title column then text columns, right to left."""
    spec = PageSpec(family="vertical")
    rng = ctx.rng
    trad = rng.random() < 0.7
    title_size, size = rng.uniform(13, 16), rng.uniform(9.5, 11.5)
    n_cols = rng.randint(0, 3)
    cap_w = title_size * 1.5 + n_cols * size * 1.4
    fig_w = rng.uniform(0.55, 0.72) * (W - 2 * MARGIN)
    fig_h = rng.uniform(0.45, 0.7) * (H - 2 * MARGIN)
    right = rng.random() < 0.7  # caption right of the picture (else left of it)
    total = fig_w + 20 + cap_w
    fx0 = (W - total) / 2 if right else (W - total) / 2 + cap_w + 20
    fy0 = MARGIN + rng.uniform(20, 120)
    vis = picture(
        spec, ctx, (fx0, fy0, fx0 + fig_w, fy0 + fig_h), kind=rng.choice(["photo", "photo", "padded"])
    )
    cx1 = fx0 + fig_w + 20 + cap_w if right else fx0 - 20
    label = ""
    n_title = rng.randint(3, 8)
    title = T.zh_phrase(rng, n_title, trad=trad)
    if rng.random() < 0.4:
        label = ctx.next_label("zh", rng.choice(["圖N", "图版Z"]))
        title = label + title
    col_len = int(fig_h * rng.uniform(0.6, 1.0) / (size * 1.05))
    ty = fy0 + rng.uniform(0, 20)
    t = spec.add(TextOp(cx1, ty, [title], title_size, vertical=True))
    caps = [t]
    if n_cols:
        body = [
            T.zh_phrase(rng, rng.randint(max(3, col_len // 2), col_len), trad=trad) for _ in range(n_cols)
        ]
        caps.append(
            spec.add(TextOp(cx1 - title_size * 1.5, ty + title_size * 1.5, body, size, vertical=True))
        )
    spec.figures.append(gt_figure(vis, caps, label))
    if rng.random() < 0.5:  # a book's name in the margin, on every plate
        if not ctx.head:
            ctx.head = T.zh_phrase(rng, 5, trad=True)
        spec.add(TextOp(W - 30, H / 2 - 40, [ctx.head], 9, vertical=True))
    return [spec]


def distractors(ctx: Ctx) -> list[PageSpec]:
    """Tables, shaded code listings, boxed notes and page furniture around a few figures,
    some without a caption."""
    spec = PageSpec(family="distractors")
    top, bottom = furniture(spec, ctx, header=True)
    rng = ctx.rng
    x0, x1 = MARGIN, W - MARGIN
    y = top
    blocks = ["code", "callout", "table", "figure", "figure", "para"]
    rng.shuffle(blocks)
    for kind in blocks:
        if bottom - y < 120:
            break
        if kind == "para":
            y = fill_paras(spec, ctx, x0, x1, y, y + rng.uniform(30, 90)) + 6
        elif kind == "code":
            y = code_box(spec, ctx, x0 + rng.uniform(0, 30), x1, y + 6, rng.randint(3, 9)) + 12
        elif kind == "callout":
            y = callout(spec, ctx, x0, x1, y + 6) + 12
        elif kind == "table":
            y = table(spec, ctx, x0 + 40, x1 - 40, y + 6) + 14
        else:
            fw = rng.uniform(0.3, 0.7) * (x1 - x0)
            fh = min(rng.uniform(0.4, 0.8) * fw, bottom - y - 60)
            if fh < 50:
                continue
            fx0 = (x0 + x1 - fw) / 2
            vis = picture(spec, ctx, (fx0, y + 8, fx0 + fw, y + 8 + fh))
            y += fh + 8
            if rng.random() < 0.7:
                label = ctx.next_label()
                cap = caption(spec, ctx, x0, x1, y + 7, label)
                spec.figures.append(gt_figure(vis, cap, label))
                y = cap.bottom
            else:  # then a paragraph: two pictures with nothing between would be one figure's panels
                spec.figures.append(gt_figure(vis, None))
                y = fill_paras(spec, ctx, x0, x1, y + 14, y + 60)
            y += 14
    fill_paras(spec, ctx, x0, x1, y, bottom)
    return [spec]


def panels(ctx: Ctx) -> list[PageSpec]:
    """Two to four panels stacked, in a row or tiled 2×2, each with an a)/b)/c) sub-caption,
    under one caption: one figure whose box covers the panels and their sub-captions."""
    spec = PageSpec(family="panels")
    top, bottom = furniture(spec, ctx)
    rng = ctx.rng
    n = rng.randint(2, 4)
    arrangement = rng.choice(["stack", "row", "tile"] if n == 4 else ["stack", "row"])
    cols = 1 if arrangement == "stack" else n if arrangement == "row" else 2
    rows = -(-n // cols)
    y = fill_paras(spec, ctx, MARGIN, W - MARGIN, top, top + rng.uniform(0, 120))
    avail_h = bottom - y - 90
    cell_w = (W - 2 * MARGIN) / cols
    pw = min(cell_w - 14, rng.uniform(150, 380))
    ph = min(avail_h / rows - 26, pw * rng.uniform(0.35, 0.8))
    style = rng.choice(["(a)", "a)", "(a) text", "a) text"])
    kind = rng.choice(["photo", "bars", "lines"])
    boxes = []
    yy = y + 10
    for r in range(rows):
        for c in range(cols):
            i = r * cols + c
            if i >= n:
                break
            px0 = MARGIN + c * cell_w + (cell_w - pw) / 2
            boxes.append(picture(spec, ctx, (px0, yy, px0 + pw, yy + ph), kind=kind))
            letter = "abcd"[i]
            sub = f"({letter})" if style.startswith("(") else f"{letter})"
            if "text" in style:
                sub += " " + (
                    T.zh_phrase(rng, rng.randint(3, 8)) if ctx.lang == "zh" else T.en_phrase(rng, 3)
                )
            op = spec.add(TextOp(px0 + (pw - T.width(sub, 9)) / 2, yy + ph + 4, [sub], 9))
            boxes.append(op.bbox)
        yy += ph + 26
    label = ctx.next_label()
    cap = caption(spec, ctx, MARGIN, W - MARGIN, yy + 4, label)
    spec.figures.append(gt_figure(union(boxes), cap, label))
    fill_paras(spec, ctx, MARGIN, W - MARGIN, cap.bottom + 16, bottom)
    return [spec]


def slides(ctx: Ctx) -> list[PageSpec]:
    """A handout: two slides per page, each one raster holding a title, points and pictures;
    the figures are the pictures inside the slides, with the captions printed under them."""
    spec = PageSpec(family="slides")
    rng = ctx.rng
    sw = rng.uniform(380, 470)
    sh = sw * 0.5625
    x0 = (W - sw) / 2
    for k in range(2):
        y0 = MARGIN + 10 + k * (sh + rng.uniform(40, 70))
        png, pics = pictures.slide(rng, sw, sh)
        spec.add(ImageOp((x0, y0, x0 + sw, y0 + sh), png, (x0, y0, x0 + sw, y0 + sh)))
        for p in pics:
            fx0, fy0, fx1, fy1 = p["box"]
            box = (x0 + fx0 * sw, y0 + fy0 * sh, x0 + fx1 * sw, y0 + fy1 * sh)
            entry = gt_figure(box, None)
            entry["caption"] = p["caption"]
            if p["caption"]:
                entry["label"] = p["caption"].split(" ")[0]
            spec.figures.append(entry)
        note = spec.add(TextOp(x0, y0 + sh + 8, [T.zh_phrase(rng, rng.randint(10, 30))], 9))
        del note
    return [spec]


def next_page(ctx: Ctx) -> list[PageSpec]:
    """A full-page figure whose caption is printed on the facing page (after it, or before it)."""
    rng = ctx.rng
    fig_page, text_page = PageSpec(family="next_page"), PageSpec(family="next_page")
    caption_after = rng.random() < 0.7
    pages = [fig_page, text_page] if caption_after else [text_page, fig_page]
    for p in pages:
        furniture(p, ctx, header=False)
    label = ctx.next_label()
    fw, fh = rng.uniform(0.75, 0.95) * (W - 2 * MARGIN), rng.uniform(0.7, 0.85) * (H - 2 * MARGIN)
    vis = picture(fig_page, ctx, ((W - fw) / 2, MARGIN, (W + fw) / 2, MARGIN + fh))
    if caption_after:
        cap = caption(text_page, ctx, MARGIN, W - MARGIN, MARGIN, label)
        fill_paras(text_page, ctx, MARGIN, W - MARGIN, cap.bottom + 16, H - MARGIN)
    else:
        y = fill_paras(text_page, ctx, MARGIN, W - MARGIN, MARGIN, H - MARGIN - 80)
        cap = caption(text_page, ctx, MARGIN, W - MARGIN, y + 10, label)
    fig_page.figures.append(gt_figure(vis, cap, label, caption_page=1 if caption_after else -1))
    return pages
