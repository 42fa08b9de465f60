"""``python -m culti_desktop`` runs the CLI."""

from culti_desktop.cli.main import main

raise SystemExit(main())
