"""Generated motif images with bilingual captions: the controlled set behind LACLIP's numbers.

A test and benchmark fixture, not part of the product. Images are single motifs (one coloured
shape, at a chosen or varied size) or composites: an n×n layout of motif cells whose caption
names one cell. Composites can be unaligned (jittered, unequal cells with gaps) and placed at a
random scale inside a larger picture, so no crop grid lines up with the content. The ground
truth is multi-positive: a query's positives are *every* image that shows the named motif
(``MotifItem.present``), as ``culti eval`` counts a text's positives.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from PIL import Image, ImageDraw

SHAPES = [
    ("circle", "圆形"),
    ("square", "方形"),
    ("triangle", "三角形"),
    ("cross", "十字"),
    ("ring", "环"),
    ("diamond", "菱形"),
]
COLOURS = [
    ("red", "红色", (210, 30, 30)),
    ("green", "绿色", (30, 160, 50)),
    ("blue", "蓝色", (30, 60, 210)),
    ("yellow", "黄色", (235, 200, 20)),
    ("purple", "紫色", (140, 40, 170)),
    ("black", "黑色", (20, 20, 20)),
]
Combo = tuple[int, int]
COMBOS: list[Combo] = [(s, c) for s in range(len(SHAPES)) for c in range(len(COLOURS))]


@dataclass
class MotifItem:
    image: Image.Image
    caption_zh: str
    caption_en: str
    combo: Combo  # (shape, colour) the caption names
    cell: int | None = None  # which layout cell holds it (composites)
    present: tuple[Combo, ...] = field(default_factory=tuple)  # every motif shown in the image

    def __post_init__(self) -> None:
        if not self.present:
            self.present = (self.combo,)


def caption(combo: Combo) -> tuple[str, str]:
    s, c = combo
    return f"{COLOURS[c][1]}{SHAPES[s][1]}", f"a {COLOURS[c][0]} {SHAPES[s][0]}"


def _paper(size: tuple[int, int], rng: random.Random) -> Image.Image:
    shade = rng.randint(225, 250)
    return Image.new("RGB", size, (shade, shade - rng.randint(0, 12), shade - rng.randint(5, 25)))


def _shape(d: ImageDraw.ImageDraw, name: str, cx: float, cy: float, r: float, col: tuple) -> None:
    if name == "circle":
        d.ellipse((cx - r, cy - r, cx + r, cy + r), fill=col)
    elif name == "square":
        d.rectangle((cx - r * 0.85, cy - r * 0.85, cx + r * 0.85, cy + r * 0.85), fill=col)
    elif name == "triangle":
        d.polygon([(cx, cy - r), (cx - r * 0.95, cy + r * 0.8), (cx + r * 0.95, cy + r * 0.8)], fill=col)
    elif name == "cross":
        w = r * 0.35
        d.rectangle((cx - w, cy - r, cx + w, cy + r), fill=col)
        d.rectangle((cx - r, cy - w, cx + r, cy + w), fill=col)
    elif name == "ring":
        d.ellipse((cx - r, cy - r, cx + r, cy + r), outline=col, width=max(2, int(r * 0.35)))
    else:  # diamond
        d.polygon([(cx, cy - r), (cx + r * 0.8, cy), (cx, cy + r), (cx - r * 0.8, cy)], fill=col)


def draw_motif(
    size: int | tuple[int, int], combo: Combo, rng: random.Random, scale: float | None = None
) -> Image.Image:
    """One motif on paper; ``scale`` is its radius as a fraction of the shorter side (None: 0.26–0.38,
    centred), a small scale also moves it off centre."""
    w, h = (size, size) if isinstance(size, int) else size
    im = _paper((w, h), rng)
    s, c = combo
    col = tuple(max(0, min(255, v + rng.randint(-20, 20))) for v in COLOURS[c][2])
    side = min(w, h)
    if scale is None:
        r = side * rng.uniform(0.26, 0.38)
        cx = w / 2 + rng.uniform(-0.08, 0.08) * w
        cy = h / 2 + rng.uniform(-0.08, 0.08) * h
    else:
        r = side * scale
        cx = rng.uniform(r * 1.05, max(r * 1.05, w - r * 1.05))
        cy = rng.uniform(r * 1.05, max(r * 1.05, h - r * 1.05))
    _shape(ImageDraw.Draw(im), SHAPES[s][0], cx, cy, r, col)
    return im


def singles(
    n: int,
    size: int = 64,
    seed: int = 0,
    combos: Sequence[Combo] | None = None,
    scales: tuple[float, float] | None = None,
) -> list[MotifItem]:
    """``n`` single-motif images; with ``scales`` the motif's radius is drawn from that range of
    the image side and placed anywhere (singles at varied sizes)."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        combo = combos[i % len(combos)] if combos else COMBOS[i % len(COMBOS)]
        zh, en = caption(combo)
        scale = rng.uniform(*scales) if scales else None
        out.append(MotifItem(draw_motif(size, combo, rng, scale), zh, en, combo))
    return out


def _cuts(n: int, total: int, jitter: float, rng: random.Random) -> list[int]:
    """``n + 1`` increasing cut positions over ``total`` pixels; cells unequal by up to ``jitter``."""
    w = [rng.uniform(1 - jitter, 1 + jitter) for _ in range(n)]
    acc = np.cumsum([0.0, *w]) / sum(w) * total
    return [int(round(v)) for v in acc]


def _layout(cells: Sequence[Combo], grid: int, cell: int, jitter: float, rng: random.Random) -> Image.Image:
    side = cell * grid
    if not jitter:  # the aligned layout: equal cells edge to edge
        im = Image.new("RGB", (side, side))
        for j, combo in enumerate(cells):
            im.paste(draw_motif(cell, combo, rng), ((j % grid) * cell, (j // grid) * cell))
        return im
    im = _paper((side, side), rng)
    xs, ys = _cuts(grid, side, jitter, rng), _cuts(grid, side, jitter, rng)
    for j, combo in enumerate(cells):
        r, c = divmod(j, grid)
        x0, x1, y0, y1 = xs[c], xs[c + 1], ys[r], ys[r + 1]
        gap = int(round(jitter * 0.15 * cell * rng.random()))  # jittered gutters between cells
        w, h = max(8, x1 - x0 - gap), max(8, y1 - y0 - gap)
        im.paste(draw_motif((w, h), combo, rng, rng.uniform(0.24, 0.4)), (x0 + gap // 2, y0 + gap // 2))
    return im


def _in_picture(plate: Image.Image, frac: float, rng: random.Random) -> Image.Image:
    """``plate`` scaled to ``frac`` of a larger textured picture, at a random place."""
    side = int(round(plate.width / frac))
    pic = _paper((side, side), rng)
    d = ImageDraw.Draw(pic)
    for _ in range(rng.randint(6, 14)):  # faint lines and blots: clutter that is no motif
        x, y = rng.randrange(side), rng.randrange(side)
        grey = rng.randint(150, 205)
        if rng.random() < 0.5:
            d.line(
                (x, y, x + rng.randint(-side // 3, side // 3), y + rng.randint(-side // 3, side // 3)),
                fill=(grey, grey, grey - 10),
                width=rng.randint(1, 3),
            )
        else:
            rr = rng.randint(2, max(3, side // 40))
            d.ellipse((x - rr, y - rr, x + rr, y + rr), fill=(grey, grey - 5, grey - 15))
    x0, y0 = rng.randint(0, side - plate.width), rng.randint(0, side - plate.height)
    pic.paste(plate, (x0, y0))
    return pic


def composites(
    n: int,
    grid: int = 2,
    cell: int = 64,
    seed: int = 0,
    *,
    jitter: float = 0.0,
    picture: tuple[float, float] | None = None,
    share: float = 0.0,
) -> list[MotifItem]:
    """``n`` layouts of ``grid``×``grid`` motif cells; each caption names one cell.

    * ``jitter`` > 0: unequal cells (sizes vary by ±jitter), gutters, motifs at varied sizes and
      places inside their cells — no crop grid lines up with the content;
    * ``picture=(lo, hi)``: the layout fills only ``lo``–``hi`` of a larger cluttered picture's side;
    * ``share``: the chance that an image also shows another image's named motif as a filler, so
      that query has several right answers (multi-positive ground truth).

    Named motifs are distinct, and fillers come from the other combinations, so a query's
    positives are exactly the images in whose ``present`` its motif appears.
    """
    rng = random.Random(seed)
    combos = COMBOS[:]
    rng.shuffle(combos)
    if n > len(combos) // 2:
        raise ValueError(f"at most {len(combos) // 2} composites keep the fillers apart from the targets")
    targets, fillers = combos[:n], combos[n:]
    out = []
    for i in range(n):
        cells = rng.sample(fillers, grid * grid - 1)
        if share > 0 and n > 1 and rng.random() < share:
            other = targets[(i + 1 + rng.randrange(n - 1)) % n]
            cells[rng.randrange(len(cells))] = other
        where = rng.randrange(grid * grid)
        cells.insert(where, targets[i])
        im = _layout(cells, grid, cell, jitter, rng)
        if picture is not None:
            im = _in_picture(im, rng.uniform(*picture), rng)
        zh, en = caption(targets[i])
        out.append(MotifItem(im, zh, en, targets[i], where, tuple(cells)))
    return out


def query_positives(items: Sequence[MotifItem]) -> tuple[list[MotifItem], list[set[int]]]:
    """One query per distinct named motif, with every image that shows it as a positive."""
    queries: dict[Combo, MotifItem] = {}
    for it in items:
        queries.setdefault(it.combo, it)
    pos = [{i for i, it in enumerate(items) if q in it.present} for q in queries]
    return list(queries.values()), pos


def recall_at(scores: np.ndarray, k: int, positives: Sequence[set[int]] | None = None) -> float:
    """Text→image R@k; ``positives`` per row (default: the diagonal is right). Ties count in the
    row's favour, as ``culti eval`` counts them."""
    if positives is None:
        positives = [{i} for i in range(scores.shape[0])]
    ranks = [int((row > row[sorted(p)].max()).sum()) for row, p in zip(scores, positives, strict=True)]
    return float(np.mean(np.asarray(ranks) < k) * 100.0)
