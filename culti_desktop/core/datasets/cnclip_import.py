"""``culti import-dataset --format cnclip``: a Chinese-CLIP/CulTi dataset folder into a project.

Representation (the training, evaluation and search code rely on it):

* each distinct image (by SHA-256) becomes a ``Document`` of kind ``dataset`` whose blob is the
  image bytes, with one pixel ``Page`` and one full-page figure ``Region`` (source ``dataset``,
  ``image_sha256`` = the blob);
* each (text, image) becomes an accepted ``Pair`` whose ``split`` is the split name as found in
  the folder, ``caption``/``caption_zh`` the text, ``caption_en`` the parallel English text, and
  ``text_key = f"{prefix}{split}:{text_id}"`` shared by all positives of one text, so a text with
  several images stays one text;
* the external ids are kept (``Pair.scores["source"]``, ``Document.extra["dataset"]``) so an
  export writes the same ids back.

The whole dataset is one transaction: a malformed line anywhere leaves the project unchanged.
Re-importing the same folder adds nothing (pairs already present are skipped).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from culti_desktop.core.datasets import cnclip_format as fmt
from culti_desktop.core.errors import InputError
from culti_desktop.core.jobs import Job, ensure_job
from culti_desktop.core.storage.blobs import placeholder, put_blob, sha256_of
from culti_desktop.core.storage.models import Blob, Document, Page, Pair, Region, utcnow
from culti_desktop.core.storage.project import Project

PROPOSER = "dataset:cnclip"
_MEDIA_TYPES = {
    "jpeg": "image/jpeg",
    "png": "image/png",
    "webp": "image/webp",
    "gif": "image/gif",
    "bmp": "image/bmp",
    "tiff": "image/tiff",
}
_EXTENSIONS = {"jpeg": "jpg", "tiff": "tif"}
_FLUSH_EVERY = 200


@dataclass
class SplitSummary:
    images: int = 0
    new_images: int = 0
    texts: int = 0
    pairs: int = 0
    existing_pairs: int = 0
    texts_without_images: int = 0
    english_captions: int = 0
    empty_captions: int = 0
    empty_caption_lines: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, int]:
        return {k: v for k, v in self.__dict__.items() if k != "empty_caption_lines"}


@dataclass
class DatasetImportSummary:
    dataset: str
    splits: dict[str, SplitSummary] = field(default_factory=dict)

    @property
    def pairs(self) -> int:
        return sum(s.pairs for s in self.splits.values())

    def as_dict(self) -> dict[str, Any]:
        return {
            "dataset": self.dataset,
            "pairs": self.pairs,
            "images": sum(s.images for s in self.splits.values()),
            "texts": sum(s.texts for s in self.splits.values()),
            "splits": {k: v.as_dict() for k, v in self.splits.items()},
            "empty_captions": sum(s.empty_captions for s in self.splits.values()),
            # "file:line" of the first few, so the user can fix them at the source
            "empty_caption_lines": [ln for s in self.splits.values() for ln in s.empty_caption_lines][:20],
        }


def _figure_region_for(
    s: Session,
    data: bytes,
    sha: str,
    split: str,
    image_id: str,
    dataset: str,
    path: Path,
    line: int,
    summary: SplitSummary,
) -> int:
    """The dataset figure region of these image bytes, creating document/page/region if needed.

    Looked up through the document (``documents.sha256`` is indexed), never by scanning regions.
    """
    doc = s.scalar(select(Document).where(Document.sha256 == sha))
    region_id = None
    if doc is not None and doc.pages:
        region_id = s.scalar(
            select(Region.id)
            .where(Region.page_id == doc.pages[0].id, Region.image_sha256 == sha, Region.kind == "figure")
            .order_by(Region.id)
            .limit(1)
        )
    if region_id is not None and doc is not None:
        ids = dict((doc.extra or {}).get("dataset", {}).get("image_ids", {}))
        if doc.kind == "dataset" and ids.get(split) is None:
            ids[split] = image_id
            doc.extra = {
                **(doc.extra or {}),
                "dataset": {**(doc.extra or {}).get("dataset", {}), "image_ids": ids},
            }
        return region_id
    try:
        width, height, kind = fmt.probe_image(data)
    except ValueError as exc:
        raise InputError(f"line {line}: image {image_id!r} {exc}", path) from exc
    put_blob(s, data)
    if doc is None:
        ext = _EXTENSIONS.get(kind, kind or "bin")
        doc = Document(
            sha256=sha,
            filename=f"{split}_{image_id}.{ext}",
            source_path=f"{path}#{image_id}",
            kind="dataset",
            media_type=_MEDIA_TYPES.get(kind),
            page_count=1,
            state="ready",
            title=None,
            extra={"dataset": {"format": "cnclip", "name": dataset, "image_ids": {split: image_id}}},
        )
        doc.pages.append(
            Page(index=0, width=float(width), height=float(height), unit="px", text_source="none")
        )
        s.add(doc)
        s.flush()
        summary.new_images += 1
    page = doc.pages[0]
    region = Region(
        page_id=page.id,
        kind="figure",
        source="dataset",
        confidence=1.0,
        image_sha256=sha,
        extra={"dataset_image": True},
    )
    region.bbox = (0.0, 0.0, float(page.width), float(page.height))
    s.add(region)
    s.flush()
    return region.id


class _ImageIndex:
    """sha256 → figure region id during one import; new images are flushed in batches.

    Flushing once per image (document, page, region, blob) cost ~8 ms per image; batching the
    inserts and keeping known hashes in memory makes the import linear and ~5× faster.
    """

    def __init__(self, s: Session, dataset: str) -> None:
        self.s = s
        self.dataset = dataset
        self.known_docs: set[str] = set(s.scalars(select(Document.sha256)))
        self.region_ids: dict[str, int] = {}
        self.pending: dict[str, Region] = {}
        self.splits_of: dict[str, set[str]] = {}

    def add(
        self, data: bytes, sha: str, split: str, image_id: str, path: Path, line: int, summary: SplitSummary
    ) -> None:
        if sha in self.region_ids or sha in self.pending:
            if split not in self.splits_of.setdefault(sha, set()):
                self._note_split(sha, split, image_id)
            return
        if sha in self.known_docs:  # already in the project before this import: the careful path
            self.region_ids[sha] = _figure_region_for(
                self.s, data, sha, split, image_id, self.dataset, path, line, summary
            )
            self.splits_of[sha] = {split}
            return
        try:
            width, height, kind = fmt.probe_image(data)
        except ValueError as exc:
            raise InputError(f"line {line}: image {image_id!r} {exc}", path) from exc
        if not self._blob_exists(sha):
            self.s.add(Blob(sha256=sha, size=len(data), data=data))
        ext = _EXTENSIONS.get(kind, kind or "bin")
        doc = Document(
            sha256=sha,
            filename=f"{split}_{image_id}.{ext}",
            source_path=f"{path}#{image_id}",
            kind="dataset",
            media_type=_MEDIA_TYPES.get(kind),
            page_count=1,
            state="ready",
            title=None,
            extra={"dataset": {"format": "cnclip", "name": self.dataset, "image_ids": {split: image_id}}},
        )
        page = Page(index=0, width=float(width), height=float(height), unit="px", text_source="none")
        region = Region(
            kind="figure", source="dataset", confidence=1.0, image_sha256=sha, extra={"dataset_image": True}
        )
        region.bbox = (0.0, 0.0, float(width), float(height))
        page.regions.append(region)
        doc.pages.append(page)
        self.s.add(doc)
        self.pending[sha] = region
        self.splits_of[sha] = {split}
        summary.new_images += 1
        if len(self.pending) >= _FLUSH_EVERY:
            self.flush()

    def _blob_exists(self, sha: str) -> bool:
        """A plain indexed lookup on the session's connection (no ORM statement, no autoflush)."""
        dbapi = self.s.connection().connection.dbapi_connection
        if dbapi is not None and hasattr(dbapi, "execute"):
            sql = f"SELECT 1 FROM blobs WHERE sha256 = {placeholder(self.s)}"
            return dbapi.execute(sql, (sha,)).fetchone() is not None
        with self.s.no_autoflush:
            return self.s.get(Blob, sha) is not None

    def _note_split(self, sha: str, split: str, image_id: str) -> None:
        """The same image under another split: remember its id there too (rare)."""
        self.flush()
        self.splits_of[sha].add(split)
        doc = self.s.scalar(select(Document).where(Document.sha256 == sha))
        if doc is not None and doc.kind == "dataset":
            info = dict((doc.extra or {}).get("dataset", {}))
            ids = dict(info.get("image_ids", {}))
            ids.setdefault(split, image_id)
            doc.extra = {**(doc.extra or {}), "dataset": {**info, "image_ids": ids}}

    def flush(self) -> None:
        if not self.pending:
            return
        self.s.flush()
        for sha, region in self.pending.items():
            self.region_ids[sha] = region.id
        self.pending.clear()  # drop our references: flushed objects (and their bytes) can be freed


def _import_split(
    s: Session,
    root: Path,
    split: str,
    dataset: str,
    prefix: str,
    job: Job,
    index: _ImageIndex,
    keep_empty: bool = False,
) -> SplitSummary:
    summary = SplitSummary()
    texts_path = root / f"{split}{fmt.TEXTS_SUFFIX}"
    imgs_path = root / f"{split}{fmt.IMGS_SUFFIX}"
    en_path = root / f"{split}{fmt.TEXTS_EN_SUFFIX}"
    texts = fmt.read_texts(texts_path)
    english = fmt.read_english(en_path) if en_path.is_file() else {}
    by_id = {str(t.text_id): t for t in texts}
    # English texts our own exporter added beside the Chinese ones (``--lang both``) fold back
    # into caption_en instead of becoming pairs of their own.
    kept: list[fmt.DatasetText] = []
    for t in texts:
        zh_id = t.extra.get("zh_text_id")
        if t.extra.get("lang") == "en" and zh_id is not None and str(zh_id) in by_id:
            english.setdefault(str(zh_id), t.text)
            continue
        kept.append(t)
    texts = kept

    sha_of: dict[str, str] = {}
    for img in fmt.iter_images(imgs_path):
        if img.image_id in sha_of:
            raise InputError(f"line {img.line}: duplicate image_id {img.image_id!r}", imgs_path)
        sha = sha256_of(img.data)
        sha_of[img.image_id] = sha
        index.add(img.data, sha, split, img.image_id, imgs_path, img.line, summary)
        summary.images += 1
        job.advance(1, f"{split}: image {img.image_id}")
    index.flush()
    region_of = {iid: index.region_ids[sha] for iid, sha in sha_of.items()}

    existing = {
        (key, rid): caption
        for key, rid, caption in s.execute(
            select(Pair.text_key, Pair.figure_region_id, Pair.caption).where(
                Pair.text_key.like(f"{prefix}{split}:%")
            )
        )
    }
    existing_text = {key: caption for (key, _), caption in existing.items()}
    now = utcnow()
    for t in texts:
        summary.texts += 1
        key = f"{prefix}{split}:{t.text_id}"
        if key in existing_text and existing_text[key] != t.text:
            raise InputError(
                f"line {t.line}: text key {key!r} already exists in the project with another text; "
                "import with --key-prefix to keep both datasets apart",
                texts_path,
            )
        if not t.text.strip():  # an empty caption teaches the model nothing; report, skip by default
            summary.empty_captions += 1
            if len(summary.empty_caption_lines) < 20:
                summary.empty_caption_lines.append(f"{texts_path.name}:{t.line}")
            if not keep_empty:
                job.advance(1, f"{split}: text {t.text_id}")
                continue
        caption_en = english.get(str(t.text_id), "")
        if caption_en:
            summary.english_captions += 1
        if not t.image_ids:
            summary.texts_without_images += 1
        seen_regions: set[int] = set()
        for iid in t.image_ids:
            rid = region_of.get(fmt.image_key(iid))
            if rid is None:
                raise InputError(f"line {t.line}: image_id {iid!r} is not in {imgs_path.name}", texts_path)
            if rid in seen_regions:
                continue  # the same image listed twice for one text
            seen_regions.add(rid)
            if (key, rid) in existing:
                summary.existing_pairs += 1
                continue
            s.add(
                Pair(
                    figure_region_id=rid,
                    caption=t.text,
                    caption_zh=t.text,
                    caption_en=caption_en,
                    confidence=1.0,
                    status="accepted",
                    split=split,
                    text_key=key,
                    proposer=PROPOSER,
                    scores={
                        "source": {
                            "dataset": dataset,
                            "format": "cnclip",
                            "text_id": t.text_id,
                            "image_id": iid,
                        }
                    },
                    reviewed_at=now,
                )
            )
            summary.pairs += 1
        if summary.texts % _FLUSH_EVERY == 0:
            s.flush()
        job.advance(1, f"{split}: text {t.text_id}")
    return summary


def import_cnclip_dataset(
    project: Project,
    root: str | Path,
    *,
    key_prefix: str = "",
    splits: list[str] | None = None,
    job: Job | None = None,
    keep_empty_captions: bool = False,
) -> DatasetImportSummary:
    """Import every split of a Chinese-CLIP format folder in one transaction.

    Texts with an empty caption are counted and named (``file:line``) and, unless
    ``keep_empty_captions``, left out.
    """
    job = ensure_job(job)
    root = Path(root)
    found = fmt.find_splits(root)
    if splits:
        missing = [sp for sp in splits if sp not in found]
        if missing:
            raise InputError(f"split(s) {', '.join(missing)} not found (have: {', '.join(found)})", root)
        found = [sp for sp in found if sp in splits]
    total = sum(
        fmt.count_lines(root / f"{sp}{fmt.IMGS_SUFFIX}") + fmt.count_lines(root / f"{sp}{fmt.TEXTS_SUFFIX}")
        for sp in found
    )
    summary = DatasetImportSummary(dataset=root.resolve().name)
    job.start(total, "importing dataset")
    with project.session() as s:
        index = _ImageIndex(s, summary.dataset)
        for split in found:
            summary.splits[split] = _import_split(
                s, root, split, summary.dataset, key_prefix, job, index, keep_empty=keep_empty_captions
            )
    return summary


def import_dataset_file(project_path: str, root: str, job: Job | None = None) -> dict[str, Any]:
    """Open the project by path and import ``root``: picklable, for the GUI's child process."""
    from culti_desktop.core.storage import open_project

    with open_project(project_path) as project:
        return import_cnclip_dataset(project, root, job=job).as_dict()
