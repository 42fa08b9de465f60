"""Readers and importers for existing image-text datasets (Chinese-CLIP / CulTi format)."""
