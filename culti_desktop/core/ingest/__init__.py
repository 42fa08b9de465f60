"""Importing documents: store the original bytes, pages, text lines, regions and proposed pairs."""

from culti_desktop.core.ingest.importer import ImportSummary, import_paths

__all__ = ["ImportSummary", "import_paths"]
