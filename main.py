"""Launch CulTi Desktop: ``python main.py [PROJECT] [--sample] [--screenshot FILE.png] [--lang zh|en]``."""

import sys

from culti_desktop.gui.app import main

if __name__ == "__main__":
    sys.exit(main())
