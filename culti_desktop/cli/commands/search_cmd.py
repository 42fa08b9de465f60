"""``culti search``: text or image (or region) queries, CLIP/keyword/hybrid, LACLIP re-ranking."""

from __future__ import annotations

import argparse
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from culti_desktop.cli.commands._backend import add_backend, backend_from_args
from culti_desktop.cli.commands._common import add_json, add_project, open_from_args
from culti_desktop.cli.output import emit
from culti_desktop.core.errors import InputError
from culti_desktop.core.search.engine import MODES, SearchQuery, search
from culti_desktop.core.search.laclip import FUSIONS, VARIANTS, LaclipConfig


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("search", help="find figures by Chinese/English text, by image or by image region")
    add_project(p)
    q = p.add_mutually_exclusive_group(required=True)
    q.add_argument("--text", help="query text (Chinese or English)")
    q.add_argument("--image", metavar="FILE", help="query image file")
    p.add_argument("--box", metavar="x0,y0,x1,y1", help="with --image: search by this region (pixels)")
    p.add_argument(
        "--target",
        choices=("image", "text"),
        default="image",
        help="with --image: find figures (image→image) or captions (image→text)",
    )
    p.add_argument("--lang", choices=("auto", "zh", "en"), default="auto")
    p.add_argument("--k", type=int, default=10)
    p.add_argument(
        "--ef",
        type=int,
        help="ANN search breadth (default: the index's, 100): higher finds more "
        "of the exact nearest neighbours on very large indexes, a little slower",
    )
    p.add_argument("--laclip", choices=("on", "off"), default="on")
    p.add_argument("--variant", choices=VARIANTS, default=LaclipConfig.variant, help="LACLIP local score")
    p.add_argument(
        "--fusion", choices=FUSIONS, default=LaclipConfig.fusion, help="how local and global scores mix"
    )
    p.add_argument("--alpha", type=float, default=LaclipConfig.alpha, help="weight of the LACLIP local score")
    p.add_argument(
        "--tau", type=float, default=LaclipConfig.tau, help="softmax temperature (weighted variant)"
    )
    p.add_argument("--mode", choices=MODES, default="clip")
    p.add_argument("--document", type=int, action="append", help="only this document id (repeatable)")
    p.add_argument("--status", action="append", help="only pairs with this status (repeatable)")
    p.add_argument("--split", action="append", help="only pairs of this split (repeatable)")
    add_backend(p)
    add_json(p)
    p.set_defaults(func=cmd_search)


def _box(text: str | None):
    if text is None:
        return None
    try:
        box = tuple(float(v) for v in text.split(","))
    except ValueError:
        box = ()
    if len(box) != 4:
        raise InputError(f"--box needs four numbers x0,y0,x1,y1, not {text!r}")
    return box


def _open_image(path: str) -> Image.Image:
    try:
        with Image.open(path) as im:
            im.load()
            return im.convert("RGB")
    except (OSError, UnidentifiedImageError) as exc:
        raise InputError(f"cannot read the query image ({exc.__class__.__name__})", Path(path)) from exc


def _human(d: dict) -> str:
    lines = [f"warning: {w}" for w in d["warnings"]]
    q = d["query"]
    if q.get("lang") == "en" and q.get("translation"):
        alts = [r for r in q.get("renderings") or [] if r != q["translation"]]
        lines.append(f"English query → {q['translation']}" + (f" (also {', '.join(alts)})" if alts else ""))
    if q.get("lang") == "en" and q.get("untranslated"):
        lines.append(f"not understood: {', '.join(q['untranslated'])}")
    if not d["results"]:
        lines.append("no results")
    for i, r in enumerate(d["results"], 1):
        parts = [f"{i:>2}. pair {r['pair_id']}  score {r['score']:.4f}"]
        if r["global_score"] is not None:
            parts.append(f"global {r['global_score']:.4f}  local {r['local_score']:.4f}")
        if r["keyword_score"] is not None:
            parts.append(f"keyword {r['keyword_score']:.1f}")
        lines.append("  ".join(parts))
        lines.append(
            f"    {r['document']} p.{r['page']}  [{r['status']}{'/' + r['split'] if r['split'] else ''}]  "
            f"{r['caption'][:60]}"
        )
        for m in r["regions"][:1]:
            lines.append(f"    best region ({m['on']}) {m['box']} sim {m['score']:.4f}")
    return "\n".join(lines)


def cmd_search(args: argparse.Namespace) -> int:
    query = SearchQuery(
        text=args.text,
        image=_open_image(args.image) if args.image else None,
        box=_box(args.box),
        target=args.target,
        lang=args.lang,
        k=args.k,
        laclip=args.laclip == "on",
        mode=args.mode,
        documents=args.document,
        statuses=args.status,
        splits=args.split,
        laclip_config=LaclipConfig(variant=args.variant, alpha=args.alpha, tau=args.tau, fusion=args.fusion),
        ef=args.ef,
    )
    with open_from_args(args) as project:
        response = search(project, query, backend=backend_from_args(args, project))
    emit(response.as_dict(), args.json, _human)
    return 0
