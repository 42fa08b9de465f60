"""Edit dispatch: every curator gesture becomes an :class:`Op`, applied at once and put on the undo stack."""

from __future__ import annotations

from typing import Any

from culti_desktop.core.curation import edits, team_review
from culti_desktop.core.curation.edits import Applied, Op
from culti_desktop.core.curation.versions import StaleEditError
from culti_desktop.core.errors import CultiError
from culti_desktop.core.views.pairs import pair_of_figure, pairs_of_figures
from culti_desktop.gui import settings
from culti_desktop.gui.controllers import Controller
from culti_desktop.gui.dialogs import ask_curator_name
from culti_desktop.gui.undo import OpCommand
from culti_desktop.gui.workers import Worker, error_text, run_job


class EditController(Controller):
    """Turns viewer and panel signals into edits, and refreshes what an edit touched."""

    # -- curator --------------------------------------------------------------------------------
    def ensure_curator(self) -> bool:
        w = self.w
        if w.curator or not w.ask_curator:
            return True
        name = ask_curator_name(w)
        if name:
            self._set_curator(name)
        return bool(w.curator)

    def change_curator(self) -> None:
        name = ask_curator_name(self.w, self.w.curator)
        if name:
            self._set_curator(name)

    def _set_curator(self, name: str) -> None:
        self.w.curator = name
        settings.set_curator_name(name)
        self.w.update_curator_label()

    # -- applying -------------------------------------------------------------------------------
    def do_op(self, op: Op, text: str) -> Applied | None:
        """Apply an edit now (committed) and push it on the undo stack."""
        w = self.w
        if w.project is None or not self.ensure_curator():
            return None
        op = w.team.with_seen_version(op)
        try:
            applied = edits.apply_op(w.project, op, w.curator or None)
        except CultiError as exc:
            if isinstance(exc, StaleEditError):
                w.team.on_stale(exc)
            w.statusBar().showMessage(error_text(exc), 6000)
            w.viewer.refresh_items()
            return None
        w.undo_stack.push(
            OpCommand(w.project, op, applied.inverse, text, lambda: w.curator or None, self.after_edit)
        )
        self.after_edit(applied)
        return applied

    def after_edit(self, applied: Applied) -> None:
        w = self.w
        pair_ids = {i for kind, i in applied.touched if kind == "pair"}
        region_ids = {i for kind, i in applied.touched if kind == "region"}
        if w.project is not None and region_ids:
            pair_ids |= pairs_of_figures(w.project, region_ids)
        w.team.remember(pair_ids)
        w.viewer.refresh_items()
        if w.current_pair_id is not None and (w.current_pair_id in pair_ids):
            w.pair_panel.show_pair(w.current_pair_id, reload_preview=bool(region_ids))
            if w.pair_panel.pair_id is None:
                w.current_pair_id = None
        w.queue.pairs_changed(pair_ids)
        w.update_enabled()
        w.editApplied.emit(applied)

    # -- review ---------------------------------------------------------------------------------
    def set_status(self, status: str, advance: bool = True) -> None:
        bulk = getattr(self.w, "bulk", None)
        if bulk is not None and bulk.has_many():  # several queue rows selected: one bulk undo step
            if self.record_reviews(bulk.selected_ids(), status):
                return
            bulk.set_status(status)
            return
        if self.w.current_pair_id is None:
            return
        self.set_status_of(self.w.current_pair_id, status, advance)

    def set_status_of(self, pair_id: int, status: str, advance: bool) -> None:
        self.w.pair_panel.commit_pending()
        if self.record_reviews([pair_id], status):
            if advance:
                self.w.queue.next()
            return
        names = {
            "accepted": self.tr("Accept pair"),
            "rejected": self.tr("Reject pair"),
            "needs_review": self.tr("Mark pair for review"),
        }
        if self.do_op(
            Op("set_pair_fields", {"pair_id": pair_id, "fields": {"status": status}}), names[status]
        ):
            if advance:
                self.w.queue.next()

    def record_reviews(self, pair_ids: list[int], status: str) -> bool:
        """With the project's second-review setting on, accept/reject is a review (issue 17).

        It goes through :func:`team_review.record_review`, like the CLI's ``--accept/--reject``:
        the pair waits for a second curator, and a review is not undone with Ctrl+Z (the other
        curator may already have answered it). Returns False when the plain status edit applies.
        """
        w = self.w
        if w.project is None or status not in ("accepted", "rejected") or not pair_ids:
            return False
        if not team_review.second_review_enabled(w.project):
            return False
        if not self.ensure_curator() or not w.curator:
            w.statusBar().showMessage(self.tr("This project asks for a second review: set your name"), 6000)
            return True
        outcomes, touched = [], []
        for pid in pair_ids:
            try:
                outcomes.append(
                    team_review.record_review(w.project, pid, w.curator, status, w.team.seen.get(pid))
                )
            except CultiError as exc:
                if isinstance(exc, StaleEditError):
                    w.team.on_stale(exc)
                w.statusBar().showMessage(error_text(exc), 6000)
                break
            touched.append(("pair", pid))
        if touched:
            self.after_edit(Applied(Op("batch", {"ops": []}), touched))
        if outcomes:
            waiting = sum(o.status == "needs_review" and not o.conflict for o in outcomes)
            conflicts = sum(o.conflict for o in outcomes)
            w.statusBar().showMessage(
                self.tr("Review recorded: {n} wait for a second curator, {c} in conflict").format(
                    n=waiting, c=conflicts
                ),
                6000,
            )
        return True

    def set_fields(self, pair_id: int, fields: dict[str, Any]) -> None:
        self.do_op(Op("set_pair_fields", {"pair_id": pair_id, "fields": fields}), self.field_label(fields))

    def field_label(self, fields: dict[str, Any]) -> str:
        """The undo text says what it undoes: the split, the status, the tags or the caption."""
        keys = set(fields)
        if keys == {"split"}:
            return self.tr("Change split")
        if keys == {"status"}:
            return self.tr("Change status")
        if keys <= {"tags"}:
            return self.tr("Edit tags")
        if keys <= {"note"}:
            return self.tr("Edit note")
        return self.tr("Edit caption")

    # -- boxes ----------------------------------------------------------------------------------
    def box_edited(self, region_id: int, _old: Any, new: Any) -> None:
        self.do_op(
            Op("set_region_box", {"region_id": region_id, "box": list(new)}), self.tr("Move/resize box")
        )

    def box_drawn(self, page_id: int, box: Any) -> None:
        applied = self.do_op(
            Op("create_region", {"page_id": page_id, "box": list(box), "kind": "figure"}),
            self.tr("Draw figure box"),
        )
        if applied and applied.created.get("region_id"):
            self.w.queue.reload()
            self.w.viewer.select_region(applied.created["region_id"])

    def start_link(self) -> None:
        w = self.w
        w.viewer.set_mode("link")
        if w.viewer.mode == "link":
            w.statusBar().showMessage(
                self.tr("Click the caption box or text line for the selected figure (Esc cancels)"), 8000
            )
        else:
            w.statusBar().showMessage(self.tr("Select a figure first"), 4000)

    def link_requested(self, figure_region_id: int, kind: str, target_id: int) -> None:
        w = self.w
        if w.project is None:
            return
        pid = pair_of_figure(w.project, figure_region_id)
        if pid is None:
            w.statusBar().showMessage(self.tr("This box has no pair to link"), 4000)
            return
        params = {
            "pair_id": pid,
            "caption_region_id": target_id if kind == "region" else None,
            "text_line_id": target_id if kind == "line" else None,
        }
        self.do_op(Op("link_caption", params), self.tr("Link caption"))
        w.viewer.select_region(figure_region_id, center=False)

    def _selected_figures(self) -> list[int]:
        viewer = self.w.viewer
        return [
            r
            for r in viewer.selected_region_ids()
            if (item := viewer.region_item(r)) is not None and item.info.kind == "figure"
        ]

    def delete_selected(self) -> None:
        ids = self.w.viewer.selected_region_ids()
        if not ids:
            return
        if len(ids) == 1:
            self.do_op(Op("delete_region", {"region_id": ids[0]}), self.tr("Delete box"))
        else:
            self.do_op(
                Op("batch", {"ops": [{"kind": "delete_region", "params": {"region_id": r}} for r in ids]}),
                self.tr("Delete boxes"),
            )
        self.w.queue.reload()

    def split_selected(self) -> None:
        figs = self._selected_figures()
        if len(figs) == 1:
            self.do_op(Op("split_figure", {"region_id": figs[0]}), self.tr("Split figure"))
            self.w.queue.reload()

    def merge_selected(self) -> None:
        figs = self._selected_figures()
        if len(figs) == 2:
            self.do_op(
                Op("merge_figures", {"region_id": figs[0], "other_id": figs[1]}), self.tr("Merge figures")
            )
            self.w.queue.reload()
        else:
            self.w.statusBar().showMessage(self.tr("Select exactly two figures (Ctrl+click) to merge"), 4000)

    # -- model assist ---------------------------------------------------------------------------
    def rank_candidates(self, pair_id: int, model: str | None = None) -> Worker | None:
        """Rank the page's text lines and paragraphs as captions of the pair's figure (CLIP similarity)."""
        w = self.w
        if w.project is None:
            return None
        from culti_desktop.core.curation.assist import rank_caption_candidates

        project = w.project

        def finished(ranked: Any) -> None:
            if w.pair_panel.pair_id == pair_id:
                w.pair_panel.show_candidates(ranked)

        def failed(exc: BaseException) -> None:
            w.pair_panel.show_candidates_message(
                self.tr("Model assist unavailable: {e}").format(e=error_text(exc))
            )

        w.pair_panel.show_candidates_message(self.tr("Ranking caption candidates"))
        return run_job(
            w,
            lambda job: rank_caption_candidates(project, pair_id, job, model=model),
            self.tr("Ranking caption candidates"),
            on_finished=finished,
            on_failed=failed,
        )

    def link_candidate(self, pair_id: int, candidate: Any) -> None:
        if candidate.kind == "region":
            params = {"pair_id": pair_id, "caption_region_id": candidate.ids[0]}
        else:
            params = {"pair_id": pair_id, "text_line_ids": list(candidate.ids)}
        self.do_op(Op("link_caption", params), self.tr("Link caption"))
