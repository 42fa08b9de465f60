"""SQLAlchemy 2 typed models of the project file.

Coordinates: PDF pages use PDF points with the origin at the top-left (PyMuPDF's convention);
image pages use pixels. ``Page.unit`` says which. Boxes are stored as four floats.

A *pair* is a figure region plus its caption texts. Several pairs may share one figure region
(one image, several texts) and several pairs may share one ``text_key`` (one text, several
positive images, as in Chinese-CLIP datasets); exports and evaluation group by those.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class BoxMixin:
    x0: Mapped[float] = mapped_column(Float)
    y0: Mapped[float] = mapped_column(Float)
    x1: Mapped[float] = mapped_column(Float)
    y1: Mapped[float] = mapped_column(Float)

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (self.x0, self.y0, self.x1, self.y1)

    @bbox.setter
    def bbox(self, box: tuple[float, float, float, float]) -> None:
        self.x0, self.y0, self.x1, self.y1 = (float(v) for v in box)


class Meta(Base):
    """Project-wide key/value settings (current model, project name, ...)."""

    __tablename__ = "meta"
    key: Mapped[str] = mapped_column(String, primary_key=True)
    value: Mapped[str | None] = mapped_column(Text)


class Blob(Base):
    """Original bytes of an imported file, content-addressed by SHA-256 (kept byte-exact)."""

    __tablename__ = "blobs"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class Document(Base):
    __tablename__ = "documents"
    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(ForeignKey("blobs.sha256"), unique=True)
    filename: Mapped[str] = mapped_column(String)
    source_path: Mapped[str | None] = mapped_column(String)
    kind: Mapped[str] = mapped_column(String)  # pdf | image | dataset
    media_type: Mapped[str | None] = mapped_column(String)
    page_count: Mapped[int] = mapped_column(Integer, default=0)
    # importing -> ready; an import interrupted mid-way is found "importing" and redone.
    state: Mapped[str] = mapped_column(String, default="importing")
    title: Mapped[str | None] = mapped_column(String)
    licence: Mapped[str | None] = mapped_column(String)  # schema v2: rights statement for dataset cards
    extra: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    pages: Mapped[list[Page]] = relationship(
        back_populates="document", cascade="all, delete-orphan", order_by="Page.index"
    )


class Page(Base):
    __tablename__ = "pages"
    __table_args__ = (UniqueConstraint("document_id", "index"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    index: Mapped[int] = mapped_column(Integer)  # 0-based
    width: Mapped[float] = mapped_column(Float)
    height: Mapped[float] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String, default="pt")  # pt (PDF) | px (image)
    rotation: Mapped[int] = mapped_column(Integer, default=0)
    text_source: Mapped[str | None] = mapped_column(String)  # pdf | ocr | none
    ocr_engine: Mapped[str | None] = mapped_column(String)
    is_scanned: Mapped[bool] = mapped_column(Boolean, default=False)
    extra: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    document: Mapped[Document] = relationship(back_populates="pages")
    lines: Mapped[list[TextLine]] = relationship(
        back_populates="page", cascade="all, delete-orphan", order_by="TextLine.reading_order"
    )
    regions: Mapped[list[Region]] = relationship(back_populates="page", cascade="all, delete-orphan")


class TextLine(BoxMixin, Base):
    __tablename__ = "text_lines"
    id: Mapped[int] = mapped_column(primary_key=True)
    page_id: Mapped[int] = mapped_column(ForeignKey("pages.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    confidence: Mapped[float] = mapped_column(Float, default=1.0)
    reading_order: Mapped[int] = mapped_column(Integer, default=0)
    block: Mapped[int | None] = mapped_column(Integer)
    vertical: Mapped[bool] = mapped_column(Boolean, default=False)
    source: Mapped[str] = mapped_column(String, default="pdf")  # pdf | ocr | curator
    font: Mapped[str | None] = mapped_column(String)
    font_size: Mapped[float | None] = mapped_column(Float)
    bold: Mapped[bool] = mapped_column(Boolean, default=False)

    page: Mapped[Page] = relationship(back_populates="lines")


class Region(BoxMixin, Base):
    """A figure, caption, paragraph or table area on a page."""

    __tablename__ = "regions"
    id: Mapped[int] = mapped_column(primary_key=True)
    page_id: Mapped[int] = mapped_column(ForeignKey("pages.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String)  # figure | caption | text | table
    source: Mapped[str] = mapped_column(
        String, default="proposer"
    )  # image | vector | layout | curator | dataset ...
    confidence: Mapped[float] = mapped_column(Float, default=1.0)
    text: Mapped[str | None] = mapped_column(Text)
    # For figures cut from an embedded/dataset image: the blob holding the full-resolution pixels.
    image_sha256: Mapped[str | None] = mapped_column(ForeignKey("blobs.sha256"))
    extra: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    page: Mapped[Page] = relationship(back_populates="regions")


PAIR_STATUSES = ("proposed", "accepted", "rejected", "needs_review")
PAIR_SPLITS = ("train", "valid", "test")


class Pair(Base):
    __tablename__ = "pairs"
    __table_args__ = (Index("ix_pairs_status_conf", "status", "confidence"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    figure_region_id: Mapped[int] = mapped_column(ForeignKey("regions.id", ondelete="CASCADE"), index=True)
    caption_region_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id", ondelete="SET NULL"))
    caption: Mapped[str] = mapped_column(Text, default="")  # full caption text as printed
    caption_zh: Mapped[str] = mapped_column(Text, default="")
    caption_en: Mapped[str] = mapped_column(Text, default="")
    ocr_text: Mapped[str | None] = mapped_column(Text)
    ocr_confidence: Mapped[float | None] = mapped_column(Float)
    context: Mapped[str | None] = mapped_column(Text)  # body paragraph citing the figure
    label: Mapped[str | None] = mapped_column(String)  # 图1, Fig. 3 ...
    confidence: Mapped[float] = mapped_column(Float, default=0.0)
    reason: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String, default="proposed", index=True)
    split: Mapped[str | None] = mapped_column(String)  # train | valid | test | any dataset split name
    text_key: Mapped[str | None] = mapped_column(String, index=True)  # shared by pairs of one text
    tags: Mapped[list[Any] | None] = mapped_column(JSON)
    note: Mapped[str | None] = mapped_column(Text)
    proposer: Mapped[str | None] = mapped_column(String)
    curator: Mapped[str | None] = mapped_column(String)
    curator_edited: Mapped[bool] = mapped_column(Boolean, default=False)  # proposals never overwrite
    scores: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    reviewed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    # schema v3: bumped by every ORM update; an edit based on an older version is refused (ADR 0104).
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1", nullable=False)

    figure: Mapped[Region] = relationship(foreign_keys=[figure_region_id])
    caption_region: Mapped[Region | None] = relationship(foreign_keys=[caption_region_id])

    __mapper_args__ = {"version_id_col": version}


class Review(Base):
    """One curator's decision on one pair (schema v3), kept apart so a second review never overwrites the first.

    ``caption`` and the box are what the curator left when deciding, for agreement figures (ADR 0105).
    """

    __tablename__ = "reviews"
    __table_args__ = (UniqueConstraint("pair_id", "curator", name="uq_reviews_pair_curator"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    pair_id: Mapped[int] = mapped_column(ForeignKey("pairs.id", ondelete="CASCADE"), index=True)
    curator: Mapped[str] = mapped_column(String)
    status: Mapped[str] = mapped_column(String)
    caption: Mapped[str] = mapped_column(Text, default="")
    x0: Mapped[float | None] = mapped_column(Float)
    y0: Mapped[float | None] = mapped_column(Float)
    x1: Mapped[float | None] = mapped_column(Float)
    y1: Mapped[float | None] = mapped_column(Float)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class ModelVersion(Base):
    __tablename__ = "model_versions"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String)
    arch: Mapped[str] = mapped_column(String)  # RN50 | ViT-B-16 | ... | tiny
    kind: Mapped[str] = mapped_column(String)  # pretrained | imported | finetuned | tiny
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("model_versions.id"))
    checkpoint_path: Mapped[str | None] = mapped_column(String)  # relative to the side folder
    checkpoint_sha256: Mapped[str | None] = mapped_column(String(64))
    config: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    metrics: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class IndexBuild(Base):
    __tablename__ = "index_builds"
    id: Mapped[int] = mapped_column(primary_key=True)
    model_version_id: Mapped[int] = mapped_column(ForeignKey("model_versions.id", ondelete="CASCADE"))
    path: Mapped[str] = mapped_column(String)  # relative to the project folder
    state: Mapped[str] = mapped_column(String, default="building")  # building | ready | stale
    item_count: Mapped[int] = mapped_column(Integer, default=0)
    config: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class Edit(Base):
    """The edit log: who changed what, when, with before/after values (provenance)."""

    __tablename__ = "edits"
    __table_args__ = (Index("ix_edits_entity", "entity", "entity_id"),)  # schema v2: history of one pair
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    curator: Mapped[str | None] = mapped_column(String)
    op: Mapped[str] = mapped_column(String)
    entity: Mapped[str] = mapped_column(String)
    entity_id: Mapped[int | None] = mapped_column(Integer)
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
