"""Importing documents: the file dialog, drag and drop, the background import and its summary."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QFileDialog, QMessageBox

from culti_desktop.core.process_jobs import import_into_project, repropose_in_project
from culti_desktop.core.views.documents import document_of_page
from culti_desktop.core.views.pairs import locate_pair
from culti_desktop.gui.controllers import Controller
from culti_desktop.gui.workers import Worker, run_job

IMPORT_SUFFIXES = {".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".webp"}


class ImportController(Controller):
    """Runs imports in a child process, then refreshes the panels that list documents and pairs."""

    def import_dialog(self) -> None:
        if not self.w.need_project():
            return
        paths, _ = QFileDialog.getOpenFileNames(
            self.w,
            self.tr("Import documents"),
            str(Path.home()),
            self.tr("Documents (*.pdf *.png *.jpg *.jpeg *.tif *.tiff *.bmp *.webp);;All files (*)"),
        )
        if paths:
            self.import_files([Path(p) for p in paths])

    def import_files(self, paths: list[Path]) -> Worker | None:
        """Import in the background with progress and cancel; panels refresh when it ends."""
        if self.w.project is None:
            return None
        fn = functools.partial(import_into_project, self.w.project.locator, [str(p) for p in paths], "auto")
        return run_job(
            self.w,
            fn,
            self.tr("Importing {n} file(s)").format(n=len(paths)),
            dialog=False,  # non-modal: the curator keeps reviewing; progress and Cancel in the status bar
            in_process=True,
            on_finished=self._import_finished,
            on_cancelled=self.refresh_all,
        )

    def _import_finished(self, summary: Any) -> None:
        self.refresh_all()
        failed = getattr(summary, "failed", [])
        done = len(getattr(summary, "imported", []))
        self.w.statusBar().showMessage(self.tr("Imported {n} document(s)").format(n=done), 6000)
        if failed:
            QMessageBox.warning(
                self.w,
                self.tr("Some files were not imported"),
                "\n".join(f"{f['file']}: {f['error']}" for f in failed),
            )

    def repropose_current(self, *, confirm: bool = True) -> Worker | None:
        """Analyse the shown document again and propose its pairs anew; touched pairs are kept."""
        w = self.w
        if not w.need_project() or w.viewer.page_id is None:
            return None
        assert w.project is not None
        doc = document_of_page(w.project, w.viewer.page_id)
        if doc is None:
            return None
        if confirm:
            answer = QMessageBox.question(
                w,
                self.tr("Propose pairs again"),
                self.tr(
                    "Analyse {name} again and replace its untouched proposals? "
                    "Pairs you edited or reviewed are kept."
                ).format(name=doc[1]),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return None
        w.pair_panel.commit_pending()
        fn = functools.partial(repropose_in_project, str(w.project.path), [doc[0]], "auto")
        return run_job(
            w,
            fn,
            self.tr("Proposing pairs again"),
            dialog=True,
            in_process=True,
            on_finished=self._reproposed,
            on_cancelled=self.refresh_all,
        )

    def _reproposed(self, counts: dict[str, int]) -> None:
        w = self.w
        w.undo_stack.clear()  # the undo history may name proposals that no longer exist
        if (
            w.project is not None
            and w.current_pair_id is not None
            and locate_pair(w.project, w.current_pair_id) is None
        ):
            w.current_pair_id = None
            w.pair_panel.show_pair(None)
            w.update_enabled()
        self.refresh_all()
        self.w.statusBar().showMessage(
            self.tr("Kept {k} touched pair(s); replaced {r} proposal(s) by {a}").format(
                k=counts["kept"], r=counts["removed"], a=counts["added"]
            ),
            8000,
        )

    def refresh_all(self) -> None:
        w = self.w
        page = w.viewer.page_id
        w.documents.set_project(w.project)
        w.queue.set_project(w.project)
        if page is not None:
            w.viewer.refresh_items()
        elif w.documents.page_ids:
            w.navigation.show_page(w.documents.page_ids[0])

    def drag_enter(self, event: QDragEnterEvent) -> None:
        if self.w.project is not None and event.mimeData().hasUrls():
            event.acceptProposedAction()

    def drop(self, event: QDropEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.import_files(paths)
