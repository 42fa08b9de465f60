"""A tiny Chinese-CLIP with seeded random weights: same classes as the real models, CPU-fast.

Tests and CPU experiments use it so that every code path (tokeniser, ViT, BERT, projection,
logit scale, patch tokens) is the real cn_clip one, only smaller: 3.5 M parameters, most of
them the real 21,128-word vocabulary's embeddings.

Only the configuration lives here; :func:`culti_desktop.core.ml.archs.build_tiny_model` builds
it (this module imports nothing of the project, so ``archs`` can list it without a cycle).
"""

from __future__ import annotations

from typing import Any

TINY_ARCH = "tiny"
TINY_SEED = 0

TINY_CONFIG: dict[str, Any] = {
    "embed_dim": 64,
    "image_resolution": 64,
    "vision_layers": 2,
    "vision_width": 128,
    "vision_patch_size": 16,
    "vision_head_width": 64,
    "vocab_size": 21128,
    "text_attention_probs_dropout_prob": 0.0,
    "text_hidden_act": "gelu",
    "text_hidden_dropout_prob": 0.0,
    "text_hidden_size": 128,
    "text_initializer_range": 0.02,
    "text_intermediate_size": 256,
    "text_max_position_embeddings": 64,
    "text_num_attention_heads": 2,
    "text_num_hidden_layers": 2,
    "text_type_vocab_size": 2,
}


def tiny_config() -> dict[str, Any]:
    """A fresh copy of the tiny configuration (callers may tweak it)."""
    return dict(TINY_CONFIG)
