"""Read models for the GUI: plain dataclasses built from the project, so no widget runs a query.

The GUI renders what these functions return and never imports SQLAlchemy (an import-linter
contract checks it); writes go through :mod:`culti_desktop.core.curation.edits`. See ADR 0005.
"""

from culti_desktop.core.storage.models import PAIR_SPLITS, PAIR_STATUSES

__all__ = ["PAIR_SPLITS", "PAIR_STATUSES"]
