"""Build generated documents: a family, a seed and a page count give a PDF and its ground truth.

python -m culti_desktop.testing.docgen.build OUT_DIR [--pages 30] [--seed 0] [--scanned]
"""

from __future__ import annotations

import argparse
import json
import random
from collections.abc import Callable
from pathlib import Path

from culti_desktop.testing.docgen import families_basic as B
from culti_desktop.testing.docgen import families_hard as X
from culti_desktop.testing.docgen.layout import Ctx
from culti_desktop.testing.docgen.render import render_pdf
from culti_desktop.testing.docgen.spec import PageSpec

FAMILIES: dict[str, Callable[[Ctx], list[PageSpec]]] = {
    "single": B.single,
    "grid": B.grid,
    "two_column": B.two_column,
    "beside": B.beside,
    "bilingual": B.bilingual,
    "vertical": X.vertical,
    "distractors": X.distractors,
    "panels": X.panels,
    "slides": X.slides,
    "next_page": X.next_page,
}


def family_names() -> list[str]:
    return list(FAMILIES)


def build_specs(family: str, pages: int, seed: int) -> list[PageSpec]:
    rng = random.Random(f"{family}:{seed}")
    ctx = Ctx(rng=rng, lang="zh" if rng.random() < 0.6 else "en", chapter=rng.randint(1, 9))
    specs: list[PageSpec] = []
    while len(specs) < pages:
        specs += FAMILIES[family](ctx)
    return specs[: pages + (1 if family == "next_page" and len(specs) > pages else 0)]


def build_document(
    family: str, pages: int = 10, seed: int = 0, scanned: bool = False, name: str | None = None
) -> tuple[bytes, dict]:
    """(PDF bytes, ground truth dict) for ``pages`` pages of ``family``."""
    specs = build_specs(family, pages, seed)
    figures = []
    for i, spec in enumerate(specs):
        for f in spec.figures:
            g = {"page": i, **f}
            if "caption_page" in g:
                g["caption_page"] = i + g["caption_page"]
            figures.append(g)
    pdf = render_pdf(specs)
    if scanned:
        from culti_desktop.testing.docgen.scan import scan_pdf

        pdf, figures = scan_pdf(pdf, figures, seed)
    with_figs = {f["page"] for f in figures}
    gt = {
        "doc": name or f"gen_{family}_{seed}{'_scan' if scanned else ''}.pdf",
        "page_count": len(specs),
        "kind": "scanned" if scanned else "born-digital",
        "family": family,
        "figures": figures,
        "pages_without_figures": [i for i in range(len(specs)) if i not in with_figs],
    }
    return pdf, gt


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out")
    ap.add_argument("--pages", type=int, default=10)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--scanned", action="store_true")
    ap.add_argument("--families", nargs="*", default=family_names())
    a = ap.parse_args(argv)
    out = Path(a.out)
    (out / "docs").mkdir(parents=True, exist_ok=True)
    (out / "gt").mkdir(exist_ok=True)
    for fam in a.families:
        pdf, gt = build_document(fam, a.pages, a.seed, a.scanned)
        (out / "docs" / gt["doc"]).write_bytes(pdf)
        (out / "gt" / (Path(gt["doc"]).stem + ".json")).write_text(
            json.dumps(gt, ensure_ascii=False, indent=1)
        )


if __name__ == "__main__":
    main()
