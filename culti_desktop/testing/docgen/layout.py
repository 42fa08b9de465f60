"""Building blocks the layout families compose: paragraphs, pictures, labels, captions, furniture."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from culti_desktop.testing.docgen import pictures
from culti_desktop.testing.docgen import text as T
from culti_desktop.testing.docgen.spec import Box, ChartOp, ImageOp, LineOp, PageSpec, RectOp, TextOp

W, H = 595.0, 842.0
MARGIN = 62.0
ZH_NUM = "一二三四五六七八九十"


@dataclass
class Ctx:
    """Per-document state: the random source, the figure counter, the running head."""

    rng: random.Random
    lang: str = "zh"  # zh | en
    counter: int = 0
    chapter: int = 1
    head: str = ""
    page_no: int = 1
    style: dict = field(default_factory=dict)

    def next_label(self, lang: str | None = None, form: str | None = None) -> str:
        self.counter += 1
        n = self.counter
        lang = lang or self.lang
        if form is None:
            forms = (
                ["图N", "图C-N", "图C.N", "圖N", "图版Z"]
                if lang == "zh"
                else ["Fig. N", "Figure N", "Plate N", "FIG. N"]
            )
            form = self.style.setdefault(f"form_{lang}", self.rng.choice(forms))
        z = ZH_NUM[n - 1] if n <= 10 else ("十" + ZH_NUM[n - 11] if n < 20 else str(n))
        return form.replace("Z", z).replace("C", str(self.chapter)).replace("N", str(n))


def para(
    spec: PageSpec,
    ctx: Ctx,
    x0: float,
    x1: float,
    y: float,
    n: int,
    lang: str | None = None,
    size: float = 10.5,
) -> TextOp:
    lang = lang or ctx.lang
    body = T.zh_paragraph(ctx.rng, n) if lang == "zh" else T.en_paragraph(ctx.rng, max(8, n // 3))
    lines = T.wrap(body, size, x1 - x0)
    if lang == "zh" and len(lines) > 1 and ctx.rng.random() < 0.8:
        lines[0] = "　　" + lines[0][: max(1, len(lines[0]) - 2)]  # first-line indent
    return spec.add(TextOp(x0, y, lines, size, leading=1.5))


def fill_paras(
    spec: PageSpec, ctx: Ctx, x0: float, x1: float, y: float, y_end: float, size: float = 10.5
) -> float:
    """Paragraphs from ``y`` down to ``y_end``; returns where the text stops."""
    while y_end - y > 3 * size:
        n_lines = int((y_end - y) / (size * 1.5))
        per_line = (x1 - x0) / size
        n = int(min(n_lines, ctx.rng.randint(2, 6)) * per_line)
        op = para(spec, ctx, x0, x1, y, max(8, n), size=size)
        while op.lines and op.bottom > y_end:
            op.lines.pop()
        if not op.lines:
            spec.ops.remove(op)
            break
        y = op.bottom + size * 0.9
    return y


def picture(spec: PageSpec, ctx: Ctx, box: Box, kind: str | None = None) -> Box:
    """A figure at ``box``: a photo (maybe white-padded) or a vector chart; returns its visible box."""
    kind = kind or ctx.rng.choice(["photo", "photo", "padded", "bars", "lines", "diagram"])
    x0, y0, x1, y1 = box
    if kind in ("bars", "lines", "diagram"):
        spec.add(ChartOp(box, kind, ctx.rng.randint(0, 1 << 30)))
        return box
    png, (fx0, fy0, fx1, fy1) = pictures.photo(ctx.rng, x1 - x0, y1 - y0, padded=kind == "padded")
    w, h = x1 - x0, y1 - y0
    content = (x0 + fx0 * w, y0 + fy0 * h, x0 + fx1 * w, y0 + fy1 * h)
    spec.add(ImageOp(box, png, content))
    return content


def caption_text(ctx: Ctx, label: str, lang: str) -> str:
    if lang == "zh":
        return label + ctx.rng.choice([" ", "　", "  "]) + T.zh_phrase(ctx.rng, ctx.rng.randint(5, 22))
    sep = ctx.rng.choice([" ", ". ", ": "]) if not label.endswith(".") else " "
    return label + sep + T.en_phrase(ctx.rng, ctx.rng.randint(3, 14))


def caption(
    spec: PageSpec,
    ctx: Ctx,
    x0: float,
    x1: float,
    y: float,
    label: str,
    lang: str | None = None,
    size: float | None = None,
    align: str = "center",
    text: str | None = None,
    below: bool = True,
) -> TextOp:
    """A horizontal caption under (``below``) or over ``y``; wrapped, centred or flush left."""
    lang = lang or ("zh" if any("\u4e00" <= c <= "\u9fff" for c in label) else "en")
    size = size or ctx.style.setdefault("cap_size", ctx.rng.choice([9.0, 9.5, 10.0, 10.5]))
    lines = T.wrap(text or caption_text(ctx, label, lang), size, x1 - x0)
    op = TextOp(x0, y, lines, size, leading=1.35)
    if align == "center" and len(lines) == 1:
        op.x = (x0 + x1 - T.width(lines[0], size)) / 2
    if not below:
        op.y = y - (op.bbox[3] - op.bbox[1])
    return spec.add(op)


def furniture(spec: PageSpec, ctx: Ctx, header: bool | None = None) -> tuple[float, float]:
    """Running head with a rule, and a page number; returns the usable (top, bottom)."""
    top, bottom = MARGIN, H - MARGIN
    rng = ctx.rng
    if header if header is not None else rng.random() < 0.6:
        if not ctx.head:
            ctx.head = T.zh_phrase(rng, rng.randint(6, 12)) if ctx.lang == "zh" else T.en_phrase(rng, 5)
        op = spec.add(TextOp((W - T.width(ctx.head, 9)) / 2, 36, [ctx.head], 9))
        spec.add(LineOp((MARGIN, op.bottom + 3), (W - MARGIN, op.bottom + 3), width=0.5))
        top = op.bottom + 18
    if rng.random() < 0.7:
        num = str(ctx.page_no) if rng.random() < 0.6 else f"— {ctx.page_no} —"
        spec.add(TextOp((W - T.width(num, 9)) / 2, H - 40, [num], 9))
        bottom = H - 56
    ctx.page_no += 1
    return top, bottom


def code_box(spec: PageSpec, ctx: Ctx, x0: float, x1: float, y: float, n: int) -> float:
    """A shaded listing: a filled (and maybe framed) box whose inside is lines of code."""
    lines = [T.code_line(ctx.rng) for _ in range(n)]
    size = 8.5
    box = (x0, y, x1, y + n * size * 1.35 + 12)
    fill = ctx.rng.choice([(0.94, 0.94, 0.94), (0.93, 0.95, 1.0), (0.97, 0.97, 0.9)])
    spec.add(RectOp(box, fill=fill, stroke=(0.6, 0.6, 0.6) if ctx.rng.random() < 0.5 else None))
    spec.add(TextOp(x0 + 8, y + 6, lines, size, leading=1.35))
    return box[3]


def callout(spec: PageSpec, ctx: Ctx, x0: float, x1: float, y: float) -> float:
    """A boxed note or tip: a stroked or tinted rounded box around a short paragraph."""
    size = 9.5
    body = (
        T.zh_paragraph(ctx.rng, ctx.rng.randint(30, 90)) if ctx.lang == "zh" else T.en_paragraph(ctx.rng, 20)
    )
    lines = T.wrap(("提示：" if ctx.lang == "zh" else "Note: ") + body, size, x1 - x0 - 20)
    box = (x0, y, x1, y + len(lines) * size * 1.4 + 14)
    tinted = ctx.rng.random() < 0.5
    spec.add(
        RectOp(box, fill=(1.0, 0.96, 0.85) if tinted else None, stroke=(0.8, 0.5, 0.1), width=1.0, radius=6)
    )
    spec.add(TextOp(x0 + 10, y + 7, lines, size))
    return box[3]


def table(spec: PageSpec, ctx: Ctx, x0: float, x1: float, y: float) -> float:
    """A ruled table with a 表N caption above: rules and text, not a figure."""
    rows, cols = ctx.rng.randint(3, 6), ctx.rng.randint(3, 5)
    cap = (
        f"表{ctx.rng.randint(1, 9)} " + T.zh_phrase(ctx.rng, 8)
        if ctx.lang == "zh"
        else f"Table {ctx.rng.randint(1, 9)}. " + T.en_phrase(ctx.rng, 5)
    )
    op = spec.add(TextOp((x0 + x1 - T.width(cap, 9.5)) / 2, y, [cap], 9.5))
    y = op.bottom + 5
    rh, cw = 17.0, (x1 - x0) / cols
    for r in range(rows + 1):
        if r in (0, 1, rows) or ctx.rng.random() < 0.3:
            spec.add(LineOp((x0, y + r * rh), (x1, y + r * rh), width=1.0 if r in (0, rows) else 0.5))
        if r < rows:
            for c in range(cols):
                cell = (
                    T.zh_phrase(ctx.rng, ctx.rng.randint(2, 4))
                    if ctx.lang == "zh"
                    else str(ctx.rng.randint(1, 999))
                )
                spec.add(TextOp(x0 + c * cw + 4, y + r * rh + 3, [cell], 9))
    return y + rows * rh
