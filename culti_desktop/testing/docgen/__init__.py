"""A seeded generator of synthetic catalogue pages with exact figure/caption ground truth.

Pages are laid out by layout *families* (:mod:`.families`), drawn born-digital with PyMuPDF and
the bundled CJK font (:mod:`.render`), and optionally "scanned" (:mod:`.scan`). The ground truth
uses the schema of the shared development set (``figures`` with page, figure_bbox, caption_bbox,
caption, label, caption_page; ``pages_without_figures``) and is scored by :mod:`.score`.
"""

from culti_desktop.testing.docgen.build import FAMILIES, build_document, family_names

__all__ = ["FAMILIES", "build_document", "family_names"]
