"""``culti check``: the engine's integrity checks (SQLite, or PostgreSQL's in ``pg_checks``) plus the project's own consistency rules."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from sqlalchemy import select, text
from sqlalchemy.exc import DatabaseError

from culti_desktop.core.errors import ProjectError
from culti_desktop.core.storage.checkpoint_paths import checkpoint_file
from culti_desktop.core.storage.current_model import current_model_version
from culti_desktop.core.storage.models import PAIR_STATUSES, Blob, Document, ModelVersion, Pair, Region
from culti_desktop.core.storage.project import Project
from culti_desktop.core.storage.schema import APPLICATION_ID, SCHEMA_VERSION


@dataclass
class CheckReport:
    problems: list[str] = field(default_factory=list)
    checked: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_dict(self) -> dict[str, object]:
        return {"ok": self.ok, "problems": self.problems, "checked": self.checked}


def check_project(project: Project, *, verify_hashes: bool = True) -> CheckReport:
    """Never raises on a damaged file: every failure becomes a reported problem."""
    report = CheckReport()
    try:
        _check(project, report, verify_hashes)
    except DatabaseError as exc:
        report.problems.append(f"database error: {getattr(exc, 'orig', None) or exc}")
    return report


def _check(project: Project, report: CheckReport, verify_hashes: bool) -> None:
    if project.is_server:
        from culti_desktop.core.storage.pg_checks import server_checks

        with project.engine.connect() as con:
            server_checks(con, report.problems, report.checked)
    else:
        _check_file(project, report)
    if report.problems:  # a damaged file: the ORM checks below would only add noise or fail
        return
    _check_rules(project, report, verify_hashes)


def _check_file(project: Project, report: CheckReport) -> None:
    with project.engine.connect() as con:
        integrity = [r[0] for r in con.exec_driver_sql("PRAGMA integrity_check").fetchall()]
        if integrity != ["ok"]:
            report.problems += [f"integrity_check: {msg}" for msg in integrity[:20]]
        fk = con.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        report.problems += [f"foreign_key_check: {row[0]} row {row[1]} -> {row[2]}" for row in fk[:20]]
        app_id = con.exec_driver_sql("PRAGMA application_id").scalar_one()
        version = con.exec_driver_sql("PRAGMA user_version").scalar_one()
        if app_id != APPLICATION_ID:
            report.problems.append(f"application_id is {app_id}, expected {APPLICATION_ID}")
        if version != SCHEMA_VERSION:
            report.problems.append(f"schema version is {version}, expected {SCHEMA_VERSION}")


def _check_rules(project: Project, report: CheckReport, verify_hashes: bool) -> None:
    with project.read_session() as s:
        n_blobs = 0
        if verify_hashes:
            for sha, data in s.execute(select(Blob.sha256, Blob.data)).yield_per(16):
                n_blobs += 1
                if hashlib.sha256(data).hexdigest() != sha:
                    report.problems.append(f"blob {sha[:12]}…: bytes do not match their SHA-256")
        report.checked["blobs"] = n_blobs
        docs = s.scalars(select(Document)).all()
        for doc in docs:
            if doc.state == "ready" and len(doc.pages) != doc.page_count:
                report.problems.append(
                    f"document {doc.id} ({doc.filename}): {len(doc.pages)} pages stored, {doc.page_count} expected"
                )
        report.checked["documents"] = len(docs)
        bad_boxes = s.scalar(text("SELECT count(*) FROM regions WHERE x1 < x0 OR y1 < y0")) or 0
        if bad_boxes:
            report.problems.append(f"{bad_boxes} regions have inverted boxes")
        bad_status = s.scalars(select(Pair.id).where(Pair.status.not_in(PAIR_STATUSES))).all()
        if bad_status:
            report.problems.append(f"pairs with unknown status: {bad_status[:10]}")
        not_figures = (
            s.scalar(
                select(text("count(*)"))
                .select_from(Pair)
                .join(Region, Pair.figure_region_id == Region.id)
                .where(Region.kind != "figure")
            )
            or 0
        )
        if not_figures:
            report.problems.append(f"{not_figures} pairs point at a region that is not a figure")
        report.checked["pairs"] = int(s.scalar(text("SELECT count(*) FROM pairs")) or 0)
    _check_checkpoints(project, report)


def _check_checkpoints(project: Project, report: CheckReport) -> None:
    """Every model version with a checkpoint has its file; the current model's is named as such."""
    current = current_model_version(project)
    with project.read_session() as s:
        rows = s.execute(
            select(ModelVersion.id, ModelVersion.name, ModelVersion.checkpoint_path).where(
                ModelVersion.checkpoint_path.is_not(None)
            )
        ).all()
    for vid, name, stored in rows:
        if stored is not None and not checkpoint_file(project.path, stored).is_file():
            which = "the current model" if current is not None and current.id == vid else "model"
            report.problems.append(
                f"{which}: model version {vid} ({name}): checkpoint file is missing "
                f"({checkpoint_file(project.path, stored)})"
            )
    report.checked["checkpoints"] = len(rows)


#: Up to this size ``PRAGMA quick_check`` reads the whole file (well under a second on an SSD);
#: above it only the tables every writing command touches are checked.
QUICK_CHECK_WHOLE_FILE_BYTES = 256 * 1024 * 1024
_TOUCHED_TABLES = ("meta", "documents", "pages", "regions", "pairs", "edits", "model_versions")


def refuse_writes_if_damaged(project: Project) -> None:
    """SQLite only: a damaged file gets no new writes; the message names ``culti check`` and backups."""
    if project.engine.dialect.name != "sqlite":
        return
    whole = project.path.stat().st_size <= QUICK_CHECK_WHOLE_FILE_BYTES
    try:
        with project.engine.connect() as con:
            pragmas = (
                ["PRAGMA quick_check"] if whole else [f"PRAGMA quick_check({t})" for t in _TOUCHED_TABLES]
            )
            found = [r[0] for p in pragmas for r in con.exec_driver_sql(p).fetchall() if r[0] != "ok"]
    except DatabaseError as exc:
        found = [str(getattr(exc, "orig", None) or exc)]
    if found:
        backups = sorted(
            project.path.parent.glob(project.path.name + ".v*.bak"), key=lambda p: p.stat().st_mtime
        )
        backup = f"the backup {backups[-1].name}" if backups else "your latest backup copy"
        raise ProjectError(
            f"the project file is damaged ({found[0]}); nothing was written. Run `culti check "
            f"{project.path.name}` for details and restore {backup}",
            project.path,
        )
