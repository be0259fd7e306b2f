"""`python -m curator_gui`: the same as the `curator-gui` command."""
import sys

from curator_gui.core.cli import main

sys.exit(main())
