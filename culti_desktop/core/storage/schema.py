"""Schema identity of a project file: SQLite ``application_id`` and ``user_version``."""

APPLICATION_ID = 0x43554C54  # "CULT"
SCHEMA_VERSION = 3
PROJECT_SUFFIX = ".culti"
SCHEMA_TABLE = "culti_schema"  # a PostgreSQL project's identity row (application_id, version): ADR 0100
