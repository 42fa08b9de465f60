"""The dataset card (``README.md``) every export carries: counts, provenance and licence fields.

It opens with Hugging Face style YAML front matter (licence, languages, size) and lists what was
exported, from which project and documents, with which options, so a published dataset can be
traced back. Only the "exported at" line changes between two runs with the same seed.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from culti_desktop import __version__
from culti_desktop.core.export.plan import ExportPlan

FORMAT_TITLES = {
    "cnclip": "Chinese-CLIP fine-tuning format ({split}_imgs.tsv + {split}_texts.jsonl)",
    "hf": "Hugging Face imagefolder ({split}/metadata.jsonl)",
    "openclip": "OpenCLIP CSV (tab-separated, filepath/title)",
    "wds": "WebDataset tar shards",
    "jsonl": "JSONL manifest (manifest.jsonl)",
}

USAGE = {
    "cnclip": "python -m cn_clip.preprocess.build_lmdb_dataset --data_dir . --splits {splits}",
    "hf": 'datasets.load_dataset(".")  # or load_dataset("imagefolder", data_dir=".")',
    "openclip": "--train-data train.csv --csv-separator '\\t' --csv-img-key filepath --csv-caption-key title",
    "wds": 'webdataset.WebDataset("train-{{000000..NNNNNN}}.tar").decode("pil").to_tuple("jpg;png", "txt")',
    "jsonl": "one JSON object per pair in manifest.jsonl; image paths are relative to this folder",
}


def _yaml_str(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _hub_licence(licence: str | None) -> str:
    """Hugging Face's licence field takes lower-case identifiers (``cc-by-4.0``), else ``other``."""
    if not licence:
        return "unknown"
    return licence.lower() if re.fullmatch(r"[A-Za-z0-9.+-]+", licence) else "other"


def _size_category(n: int) -> str:
    for limit, label in (
        (1_000, "n<1K"),
        (10_000, "1K<n<10K"),
        (100_000, "10K<n<100K"),
        (1_000_000, "100K<n<1M"),
    ):
        if n < limit:
            return label
    return "n>1M"


def _hf_configs(plan: ExportPlan, counts: dict[str, Any]) -> list[str]:
    """For ``hf``: explicit splits, so ``load_dataset(OUT)`` keeps names like ``test_composite``
    (``imagefolder`` alone maps folder names by keyword and would merge it into ``test``)."""
    splits = [sp for sp, c in counts["splits"].items() if c["pairs"]]
    if (
        plan.options.format != "hf"
        or not splits
        or not all(re.fullmatch(r"\w+(\.\w+)*", sp) for sp in splits)
    ):
        return []
    lines = ["configs:", "- config_name: default", "  data_files:"]
    for sp in splits:
        lines += [f"  - split: {sp}", f'    path: "{sp}/**"']
    return lines


def render_card(
    plan: ExportPlan,
    counts: dict[str, Any],
    documents: list[tuple[str, str]],
    curators: list[str],
    now: dt.datetime,
) -> str:
    o = plan.options
    licence = o.license or "unspecified"
    langs = {"zh": ["zh"], "en": ["en"], "both": ["zh", "en"]}[o.lang]
    name = o.name or f"{plan.project_name} image-text pairs"
    lines = [
        "---",
        f"license: {_yaml_str(_hub_licence(o.license))}",
        "language:",
        *[f"- {lang}" for lang in langs],
        "task_categories:",
        "- image-to-text",
        "- text-to-image",
        "size_categories:",
        f"- {_size_category(counts['pairs'])}",
        f"pretty_name: {_yaml_str(name)}",
        *_hf_configs(plan, counts),
        "---",
        "",
        f"# {name}",
        "",
        f"Image-text pairs of cultural-heritage documents, curated in CulTi Desktop and exported as "
        f"{FORMAT_TITLES[o.format]}.",
        "",
        "## Counts",
        "",
        "| split | pairs | texts | images | documents |",
        "|---|---:|---:|---:|---:|",
    ]
    for sp, c in counts["splits"].items():
        lines.append(f"| {sp} | {c['pairs']} | {c['texts']} | {c['images']} | {c['documents']} |")
    lines.append(
        f"| **all** | {counts['pairs']} | {counts['texts']} | {counts['images']} | {counts['documents']} |"
    )
    if counts.get("failed"):
        lines += ["", f"{len(counts['failed'])} figure(s) could not be rendered and were left out:", ""]
        lines += [f"- {f['document']} page {f['page']}: {f['error']}" for f in counts["failed"]]
    lines += [
        "",
        "## Provenance",
        "",
        f"- Project: {plan.project_name}",
        f"- Exported by: CulTi Desktop {__version__}",
        f"- Exported at: {now.replace(microsecond=0).isoformat()}Z",
        f"- Pair status: {', '.join(o.statuses)}",
        f"- Captions: {o.lang}",
        f"- Splits: by {o.split_by}, seed {o.seed}, ratios {'/'.join(f'{r:g}' for r in o.ratios)}",
        f"- Pairs left out for lack of a caption in the chosen language: {plan.skipped_no_text}",
        f"- Reviewers: {', '.join(curators) if curators else 'not recorded'}",
        "- Crops: cut from the stored originals at full resolution (embedded and dataset images keep their original bytes)",
        "",
        f"Source documents ({len(documents)}):",
        "",
        "| document | sha256 |",
        "|---|---|",
    ]
    shown = documents[:200]
    lines += [f"| {d.replace('|', '/')} | `{sha}` |" for d, sha in shown]
    if len(documents) > len(shown):
        lines.append(f"| … and {len(documents) - len(shown)} more | |")
    lines += [
        "",
        "## Licence",
        "",
        f"- Licence of this dataset: {licence}",
        "- Rights holders of the source documents: to be filled in by the publisher",
        "- Licences of the source documents: check each document above before publishing",
        "",
        "## Use",
        "",
        "```",
        USAGE[o.format].format(splits=",".join(counts["splits"])),
        "```",
        "",
    ]
    return "\n".join(lines)


def write_card(root: Path, text: str) -> None:
    (root / "README.md").write_text(text, encoding="utf-8")
