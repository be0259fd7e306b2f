"""`python -m curator_gui`: the same as the `curator-gui` command."""
import sys

from curator_gui.cli import main

sys.exit(main())
