"""Split assignment lives in :mod:`culti_desktop.core.curation.splitting` (ADR 0044).

Training, evaluation and export must see the same split, and curation (which writes a split to
the project) sits below export, so the algorithm moved down; this name stays for callers.
"""

from culti_desktop.core.curation.splitting import UnionFind, assign_units, split_items

__all__ = ["UnionFind", "assign_units", "split_items"]
