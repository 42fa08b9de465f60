"""Chinese-CLIP models: architectures, weights, encoding, fine-tuning and evaluation (no Qt)."""
