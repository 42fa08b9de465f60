"""The ``culti`` command: argparse subcommands over the Qt-free core."""
