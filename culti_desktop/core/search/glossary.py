"""A project's own heritage glossary (EN→ZH), kept inside the project file.

The shipped glossary is the starting point; a project adds terms, overrides renderings and can
hide shipped terms that mislead in its collection. The edits live in the project's ``meta``
table as one JSON value (``{"terms": {en: zh}, "removed": [en]}``), so they are committed at
once, travel with the project file and need no migration. Search merges them over the shipped
glossary (:func:`effective_glossary`), ahead of the CC-CEDICT lexicon.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from culti_desktop.core.errors import CultiError
from culti_desktop.core.search.bilingual import builtin_glossary, load_glossary
from culti_desktop.core.search.vocab import CaptionVocabulary, project_vocabulary
from culti_desktop.core.storage.project import Project

META_KEY = "glossary_en_zh"
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def normalise_term(en: str) -> str:
    """Lower case, single spaces, hyphens as spaces: the form the query side looks up."""
    return " ".join(en.lower().replace("-", " ").split())


def _read(project: Project) -> dict:
    raw = project.get_meta(META_KEY)
    if not raw:
        return {"terms": {}, "removed": []}
    try:
        d = json.loads(raw)
    except ValueError as exc:
        raise CultiError(f"the project glossary is not valid JSON ({exc})", project.path) from exc
    return {"terms": dict(d.get("terms", {})), "removed": list(d.get("removed", []))}


def _write(project: Project, d: dict) -> None:
    d = {"terms": dict(sorted(d["terms"].items())), "removed": sorted(set(d["removed"]))}
    project.set_meta(META_KEY, json.dumps(d, ensure_ascii=False))


def project_edits(project: Project) -> dict:
    """The project's own additions/overrides (``terms``) and hidden shipped terms (``removed``)."""
    return _read(project)


def effective_glossary(project: Project | None) -> dict[str, str]:
    """Shipped glossary, minus the project's removals, plus its own terms (which win)."""
    if project is None:
        return dict(builtin_glossary())
    d = _read(project)
    g = load_glossary(d["terms"])
    for en in d["removed"]:
        if en not in d["terms"]:
            g.pop(en, None)
    return g


def entries(project: Project) -> list[tuple[str, str, str]]:
    """(english, chinese, origin) for every effective term; origin is shipped | project | override."""
    d = _read(project)
    shipped = builtin_glossary()
    out = []
    for en, zh in sorted(effective_glossary(project).items()):
        origin = "shipped" if en not in d["terms"] else ("override" if en in shipped else "project")
        out.append((en, zh, origin))
    return out


def add_term(project: Project, en: str, zh: str) -> str:
    """Add or override one term; returns the normalised English key."""
    key = normalise_term(en)
    zh = zh.strip()
    if not key or not re.fullmatch(r"[a-z0-9' ]+", key):
        raise CultiError(f"the English term {en!r} must be words of Latin letters or digits")
    if len(key.split()) > 4:
        raise CultiError(f"the English term {en!r} has more than four words")
    if not zh or not _CJK.search(zh):
        raise CultiError(f"the Chinese rendering of {en!r} must contain Chinese characters")
    d = _read(project)
    d["terms"][key] = zh
    d["removed"] = [r for r in d["removed"] if r != key]
    _write(project, d)
    return key


def remove_term(project: Project, en: str) -> bool:
    """Remove a project term, or hide a shipped one; False when the term is not in the glossary."""
    key = normalise_term(en)
    d = _read(project)
    known = key in d["terms"] or (key in builtin_glossary() and key not in d["removed"])
    if not known:
        return False
    d["terms"].pop(key, None)
    if key in builtin_glossary():
        d["removed"].append(key)
    _write(project, d)
    return True


def import_terms(project: Project, path: Path) -> tuple[int, list[str]]:
    """Add every term of a JSON ``{"terms": {en: zh}}`` or a two-column TSV/CSV file.

    Returns (terms added, one-line errors for the lines that were skipped); a bad line never stops
    the rest of the file.
    """
    try:
        text = path.read_text("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise CultiError(f"cannot read the glossary file ({exc})", path) from exc
    pairs: list[tuple[str, str, str]] = []
    if path.suffix.lower() == ".json":
        try:
            terms = json.loads(text).get("terms", {})
        except (ValueError, AttributeError) as exc:
            raise CultiError(f'not a glossary JSON file {{"terms": {{...}}}} ({exc})', path) from exc
        pairs = [(str(k), str(v), f"{path.name}: {k}") for k, v in terms.items()]
    else:
        for n, line in enumerate(text.splitlines(), 1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            cols = line.split("\t") if "\t" in line else line.split(",", 1)
            if len(cols) < 2:
                pairs.append(("", "", f"{path.name}:{n}: expected two columns (English, Chinese)"))
                continue
            pairs.append((cols[0].strip(), cols[1].strip(), f"{path.name}:{n}"))
    added, errors = 0, []
    for en, zh, where in pairs:
        if not en:
            errors.append(where)
            continue
        try:
            add_term(project, en, zh)
            added += 1
        except CultiError as exc:
            errors.append(f"{where}: {exc.args[0]}")
    return added, errors


def export_terms(project: Project, path: Path, *, include_shipped: bool = False) -> int:
    """Write the project's terms (or the whole effective glossary) as JSON ``{"terms": {...}}``."""
    terms = effective_glossary(project) if include_shipped else _read(project)["terms"]
    doc = {"_about": "CulTi glossary EN→ZH", "terms": dict(sorted(terms.items()))}
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", "utf-8")
    tmp.replace(path)
    return len(terms)


def english_context(project: Project, q) -> tuple[dict[str, str], CaptionVocabulary | None]:
    """(effective glossary, caption vocabulary) for a text query; no vocabulary for a Chinese one
    (the collection's captions only choose among English words' renderings, ADR 0081)."""
    from culti_desktop.core.search.textnorm import detect_language

    lang = detect_language(q.text or "") if q.lang == "auto" else q.lang
    return effective_glossary(project), (project_vocabulary(project) if lang == "en" else None)
