"""Publish corrected pairs as datasets that real training code reads.

Formats: Chinese-CLIP (TSV + JSONL), Hugging Face imagefolder, OpenCLIP CSV, WebDataset shards and
the canonical JSONL manifest. Every export is planned first (:mod:`.plan`, no pixels), then
streamed image by image into a temporary folder that is renamed into place only at the end.
"""

from culti_desktop.core.export.options import FORMATS, ExportOptions
from culti_desktop.core.export.plan import ExportPlan, build_plan
from culti_desktop.core.export.runner import ExportResult, export_dataset, export_project_file

__all__ = [
    "FORMATS",
    "ExportOptions",
    "ExportPlan",
    "ExportResult",
    "build_plan",
    "export_dataset",
    "export_project_file",
]
