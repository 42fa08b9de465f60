"""Region vectors from the single global pass of the vision tower (no crop is encoded again).

Two routes, both from the tokens entering the last transformer block of that one pass:

* ``masked``: the last block is re-run for the class token alone, its attention limited to
  the patches inside the box (and itself). That is how the tower forms its global vector,
  restricted to a region; the whole-image box gives back the global vector exactly. Cost per box:
  one attention row and one MLP token.
* ``hybrid``: the masked route on the whole image plus on each of its four quadrants encoded as
  crops (five passes): a box inside a quadrant takes its vector from that quadrant's pass, at
  twice the resolution; the quadrants' own vectors equal the encoded 2×2 crops exactly.
* ``value``: MaskCLIP's value path — each patch's value projection through the block's output
  projection (no query–key attention, no residual, no MLP), then ``ln_post`` and ``proj``;
  a box's vector is the mean of its patches'.

Both return unit vectors of shape (N, K, D), beside the (N, D) global ones, so they drop into the
crop store and the re-rank unchanged. ``benchmarks/bench_laclip.py`` compares them with encoding
every crop (cost and recall).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image

from culti_desktop.core.search.crops import Box

ROUTES = ("masked", "value", "hybrid")
QUADRANTS: list[Box] = [
    (0.0, 0.0, 0.5, 0.5),
    (0.5, 0.0, 1.0, 0.5),
    (0.0, 0.5, 0.5, 1.0),
    (0.5, 0.5, 1.0, 1.0),
]


def box_patch_mask(boxes: Sequence[Box], gh: int, gw: int) -> torch.Tensor:
    """(K, gh·gw) bool: patches whose centre lies in each relative box (the nearest one at least)."""
    ys = (torch.arange(gh, dtype=torch.float32) + 0.5) / gh
    xs = (torch.arange(gw, dtype=torch.float32) + 0.5) / gw
    out = torch.zeros(len(boxes), gh * gw, dtype=torch.bool)
    for k, (x0, y0, x1, y1) in enumerate(boxes):
        m = ((ys[:, None] >= y0) & (ys[:, None] < y1)) & ((xs[None, :] >= x0) & (xs[None, :] < x1))
        if not m.any():
            cy = min(gh - 1, int((y0 + y1) / 2 * gh))
            cx = min(gw - 1, int((x0 + x1) / 2 * gw))
            m[cy, cx] = True
        out[k] = m.flatten()
    return out


def _unit(x: torch.Tensor) -> torch.Tensor:
    x = x.float()
    return x / x.norm(dim=-1, keepdim=True).clamp_min(1e-12)


def _masked_cls(block, x: torch.Tensor, allowed: torch.Tensor) -> torch.Tensor:
    """(n, K, W) class token after ``block`` when it may attend only to ``allowed`` (K, L) tokens."""
    attn = block.attn
    heads = attn.num_heads
    length, n, width = x.shape
    hd = width // heads
    h = block.ln_1(x)
    wq, wk, wv = attn.in_proj_weight.chunk(3)
    bq, bk, bv = attn.in_proj_bias.chunk(3)
    q = F.linear(h[0], wq, bq).reshape(n, heads, hd)
    k = F.linear(h, wk, bk).reshape(length, n, heads, hd).permute(1, 2, 0, 3)  # n, heads, L, hd
    v = F.linear(h, wv, bv).reshape(length, n, heads, hd).permute(1, 2, 0, 3)
    logits = torch.einsum("nhd,nhld->nhl", q, k) / math.sqrt(hd)
    logits = logits[:, None].expand(n, allowed.shape[0], heads, length)
    logits = logits.masked_fill(~allowed[None, :, None, :], float("-inf"))
    weights = logits.float().softmax(dim=-1).to(v.dtype)
    out = torch.einsum("nkhl,nhld->nkhd", weights, v).reshape(n, allowed.shape[0], width)
    out = F.linear(out, attn.out_proj.weight, attn.out_proj.bias)
    cls = x[0][:, None] + out
    return cls + block.mlp(block.ln_2(cls))


def _value_patches(block, x: torch.Tensor) -> torch.Tensor:
    """(L-1, n, W) MaskCLIP value-path features of the patch tokens."""
    attn = block.attn
    _, _, wv = attn.in_proj_weight.chunk(3)
    _, _, bv = attn.in_proj_bias.chunk(3)
    v = F.linear(block.ln_1(x[1:]), wv, bv)
    return F.linear(v, attn.out_proj.weight, attn.out_proj.bias)


@torch.inference_mode()
def encode_regions(
    encoder, images: Sequence[Image.Image], boxes: Sequence[Box], route: str = "masked", batch_size: int = 16
) -> tuple[np.ndarray, np.ndarray]:
    """((N, D) global, (N, K, D) region) unit vectors of ``images`` from one tower pass each."""
    from culti_desktop.core.ml.device import autocast

    if route not in ROUTES:
        raise ValueError(f"region route must be one of {ROUTES}, not {route!r}")
    if route == "hybrid":
        return _hybrid(encoder, images, boxes, batch_size)
    visual = encoder.model.visual
    last = visual.transformer.resblocks[-1]
    gh, gw = visual.grid_size
    patch_mask = box_patch_mask(boxes, gh, gw).to(encoder.device)
    allowed = torch.cat([torch.ones(len(boxes), 1, dtype=torch.bool, device=encoder.device), patch_mask], 1)
    weights = patch_mask.float() / patch_mask.sum(dim=1, keepdim=True).float()  # K, P
    captured: list[torch.Tensor] = []
    hook = last.register_forward_pre_hook(lambda _m, args: captured.append(args[0]))
    g_out = np.zeros((len(images), encoder.embed_dim), np.float32)
    r_out = np.zeros((len(images), len(boxes), encoder.embed_dim), np.float32)
    try:
        for i in range(0, len(images), batch_size):
            chunk = [im.convert("RGB") for im in images[i : i + batch_size]]
            captured.clear()
            with autocast(encoder.device, encoder.autocast_dtype):
                g = encoder.model.encode_image(encoder.image_tensor(chunk))
                x = captured[-1]
                if route == "masked":
                    r = visual.ln_post(_masked_cls(last, x, allowed)) @ visual.proj  # n, K, D
                else:
                    p = _unit(visual.ln_post(_value_patches(last, x)) @ visual.proj)  # P, n, D
                    r = torch.einsum("kp,pnd->nkd", weights.to(p.dtype), p)
            g_out[i : i + len(chunk)] = _unit(g).cpu().numpy()
            r_out[i : i + len(chunk)] = _unit(r).cpu().numpy()
    finally:
        hook.remove()
    return g_out, r_out


def _inside(box: Box, frame: Box, tol: float = 1e-6) -> bool:
    return (
        box[0] >= frame[0] - tol
        and box[1] >= frame[1] - tol
        and box[2] <= frame[2] + tol
        and box[3] <= frame[3] + tol
    )


def _relative(box: Box, frame: Box) -> Box:
    w, h = frame[2] - frame[0], frame[3] - frame[1]
    return (
        max(0.0, (box[0] - frame[0]) / w),
        max(0.0, (box[1] - frame[1]) / h),
        min(1.0, (box[2] - frame[0]) / w),
        min(1.0, (box[3] - frame[1]) / h),
    )


def _hybrid(encoder, images: Sequence[Image.Image], boxes: Sequence[Box], batch_size: int):
    from culti_desktop.core.search.crops import crop_images

    g, regions = encode_regions(encoder, images, boxes, "masked", batch_size)
    for frame in QUADRANTS:
        idx = [j for j, b in enumerate(boxes) if _inside(b, frame)]
        if idx:
            quads = [crop_images(im.convert("RGB"), [frame])[0] for im in images]
            _, sub = encode_regions(
                encoder, quads, [_relative(boxes[j], frame) for j in idx], "masked", batch_size
            )
            regions[:, idx] = sub
    return g, regions
