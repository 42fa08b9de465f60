"""Generated motif images with bilingual captions: the controlled set behind LACLIP's numbers.

Single-motif images (one coloured shape) and composites (an n×n grid of different
motif/colour cells) whose caption names one cell. Used by the tests, the benchmark and demos,
so "LACLIP finds the small motif" is measured on data where the answer is known. Also a short
contrastive fine-tune of a (tiny) cn_clip model on single motifs, so that the model has learned
what the captions mean before LACLIP is measured.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

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
COMBOS = [(s, c) for s in range(len(SHAPES)) for c in range(len(COLOURS))]


@dataclass
class MotifItem:
    image: Image.Image
    caption_zh: str
    caption_en: str
    combo: tuple[int, int]  # (shape, colour) the caption names
    cell: int | None = None  # which grid cell holds it (composites)


def caption(combo: tuple[int, int]) -> tuple[str, str]:
    s, c = combo
    return f"{COLOURS[c][1]}{SHAPES[s][1]}", f"a {COLOURS[c][0]} {SHAPES[s][0]}"


def draw_motif(size: int, combo: tuple[int, int], rng: random.Random) -> Image.Image:
    shade = rng.randint(225, 250)
    im = Image.new("RGB", (size, size), (shade, shade - rng.randint(0, 12), shade - rng.randint(5, 25)))
    d = ImageDraw.Draw(im)
    s, c = combo
    col = tuple(max(0, min(255, v + rng.randint(-20, 20))) for v in COLOURS[c][2])
    r = size * rng.uniform(0.26, 0.38)
    cx = size / 2 + rng.uniform(-0.08, 0.08) * size
    cy = size / 2 + rng.uniform(-0.08, 0.08) * size
    name = SHAPES[s][0]
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
    return im


def singles(
    n: int, size: int = 64, seed: int = 0, combos: Sequence[tuple[int, int]] | None = None
) -> list[MotifItem]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        combo = combos[i % len(combos)] if combos else COMBOS[i % len(COMBOS)]
        zh, en = caption(combo)
        out.append(MotifItem(draw_motif(size, combo, rng), zh, en, combo))
    return out


def composites(n: int, grid: int = 2, cell: int = 64, seed: int = 0) -> list[MotifItem]:
    """``n`` grid images; each caption names one cell, and that motif/colour appears in no other
    image of the set (so there is exactly one right answer per caption)."""
    rng = random.Random(seed)
    combos = COMBOS[:]
    rng.shuffle(combos)
    if n > len(combos) // 2:
        raise ValueError(f"at most {len(combos) // 2} composites keep every caption unambiguous")
    targets, fillers = combos[:n], combos[n:]
    out = []
    for i in range(n):
        cells = rng.sample(fillers, grid * grid - 1)
        where = rng.randrange(grid * grid)
        cells.insert(where, targets[i])
        im = Image.new("RGB", (cell * grid, cell * grid))
        for j, combo in enumerate(cells):
            im.paste(draw_motif(cell, combo, rng), ((j % grid) * cell, (j // grid) * cell))
        zh, en = caption(targets[i])
        out.append(MotifItem(im, zh, en, targets[i], where))
    return out


def recall_at(scores: np.ndarray, k: int) -> float:
    """Text→image R@k for a square (n_texts, n_images) score matrix whose diagonal is right."""
    ranks = (scores > np.diag(scores)[:, None]).sum(axis=1)
    return float(np.mean(ranks < k) * 100.0)


def train_tiny_on_motifs(
    model,
    steps: int = 400,
    batch: int = 36,
    lr: float = 2e-3,
    seed: int = 0,
    size: int = 64,
    threads: int = 1,
) -> list[float]:
    """A short symmetric-InfoNCE fine-tune on fresh single motifs each step (CPU, ~0.1 s/step).

    Each batch holds distinct motif/colour combinations so no in-batch negative is a positive.
    Returns the loss per step.
    """
    import torch
    from cn_clip.clip import image_transform, tokenize

    torch.manual_seed(seed)
    prev_threads = torch.get_num_threads()
    torch.set_num_threads(threads)
    rng = random.Random(seed)
    tf = image_transform(size)
    opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.01)
    # One-cycle: a short warm-up then cosine decay learns the motifs in about half the steps.
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=lr, total_steps=steps, pct_start=0.15)
    model.train()
    losses = []
    try:
        for _ in range(steps):
            combos = rng.sample(COMBOS, min(batch, len(COMBOS)))
            imgs = torch.stack([tf(draw_motif(size, c, rng)) for c in combos])
            texts = tokenize([caption(c)[0] for c in combos], context_length=52)
            img_f = model.encode_image(imgs)
            txt_f = model.encode_text(texts)
            img_f = img_f / img_f.norm(dim=-1, keepdim=True)
            txt_f = txt_f / txt_f.norm(dim=-1, keepdim=True)
            logits = model.logit_scale.exp().clamp(max=100) * img_f @ txt_f.t()
            target = torch.arange(len(combos))
            loss = (
                torch.nn.functional.cross_entropy(logits, target)
                + torch.nn.functional.cross_entropy(logits.t(), target)
            ) / 2
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            losses.append(float(loss.detach()))
    finally:
        model.eval()
        torch.set_num_threads(prev_threads)
    return losses
