"""``--backend/--uri`` for ``culti index`` and ``culti search``: which vector index to use."""

from __future__ import annotations

import argparse
from typing import Any

from culti_desktop.core.search.backends import BACKENDS, BackendSpec, project_backend


def add_backend(parser: argparse.ArgumentParser, *, building: bool = False) -> None:
    g = parser.add_argument_group("vector backend")
    g.add_argument(
        "--backend",
        choices=BACKENDS,
        help="hnswlib (files beside the project) or milvus; default: the project's backend"
        + ("; given, it becomes the project's backend" if building else ""),
    )
    g.add_argument(
        "--uri",
        help="Milvus: a Milvus Lite .db path, or http://host:19530 for a server "
        "(default: PROJECT.culti.d/index/milvus.db); implies --backend milvus",
    )
    g.add_argument(
        "--token-env",
        metavar="NAME",
        help="environment variable holding the Milvus token (default CULTI_MILVUS_TOKEN; "
        "else the system keyring); the token itself is never stored",
    )
    if building:
        g.add_argument(
            "--milvus-index",
            metavar="TYPE",
            help="Milvus vector index: HNSW (default), IVF_FLAT, IVF_SQ8, IVF_PQ (server only), FLAT",
        )


def backend_from_args(args: argparse.Namespace, project: Any = None) -> BackendSpec | None:
    """The backend the flags name; ``--backend milvus`` alone means the project's own Milvus
    (its server URI and token variable) when the project has one, else the Lite file beside it."""
    name = args.backend or ("milvus" if args.uri else None)
    if name is None:
        return None
    uri, token_env = args.uri, getattr(args, "token_env", None)
    if name == "milvus" and uri is None and project is not None:
        own = project_backend(project)
        if own.name == "milvus":
            uri, token_env = own.uri, token_env or own.token_env
    return BackendSpec(name, uri, token_env, getattr(args, "milvus_index", None))
