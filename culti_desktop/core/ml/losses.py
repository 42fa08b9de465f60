"""Symmetric InfoNCE with the model's own logit scale and several positives per row.

Pairs in one batch may share an image or a text; those are positives of each other, not
negatives (treating them as negatives would teach the model to separate identical items).
"""

from __future__ import annotations

import torch

#: CLIP clamps its learned temperature so that logits stay below 100.
MAX_LOGIT_SCALE = 100.0


def positive_mask(
    image_keys: torch.Tensor,
    text_keys: torch.Tensor,
    col_image_keys: torch.Tensor | None = None,
    col_text_keys: torch.Tensor | None = None,
) -> torch.Tensor:
    """(rows, cols) bool: row pair and column pair share their image or their text."""
    ci = image_keys if col_image_keys is None else col_image_keys
    ct = text_keys if col_text_keys is None else col_text_keys
    return (image_keys[:, None] == ci[None, :]) | (text_keys[:, None] == ct[None, :])


def multi_positive_ce(logits: torch.Tensor, positives: torch.Tensor) -> torch.Tensor:
    """Mean over rows of -log(sum of softmax mass on the row's positives)."""
    all_lse = torch.logsumexp(logits, dim=1)
    pos_lse = torch.logsumexp(logits.masked_fill(~positives, float("-inf")), dim=1)
    return (all_lse - pos_lse).mean()


def clip_loss(
    image_features: torch.Tensor,
    text_features: torch.Tensor,
    logit_scale: torch.Tensor,
    positives: torch.Tensor | None = None,
    all_image_features: torch.Tensor | None = None,
    all_text_features: torch.Tensor | None = None,
) -> torch.Tensor:
    """(image→text + text→image) / 2 on unit features; ``all_*`` are the gathered features of every
    DDP rank (columns), the local ones are the rows."""
    imgs_cols = image_features if all_image_features is None else all_image_features
    txts_cols = text_features if all_text_features is None else all_text_features
    scale = logit_scale.clamp(max=MAX_LOGIT_SCALE)
    logits_i2t = scale * image_features @ txts_cols.t()
    logits_t2i = scale * text_features @ imgs_cols.t()
    if positives is None:
        positives = torch.eye(
            image_features.shape[0], txts_cols.shape[0], dtype=torch.bool, device=image_features.device
        )
    return 0.5 * (
        multi_positive_ce(logits_i2t.float(), positives) + multi_positive_ce(logits_t2i.float(), positives)
    )
