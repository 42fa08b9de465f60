"""CulTi Desktop: curate, search and publish image-text pairs from Chinese heritage documents.

Layout: ``core`` (Qt-free library: storage, ingest, curation, ml, search, export, jobs),
``cli`` (the ``culti`` command over the core) and ``gui`` (a thin PySide6 layer over the core).
"""

__version__ = "0.1.0"
