"""CLI subcommands; each module registers itself (see :mod:`culti_desktop.cli.main`)."""
