"""The editor window: the only package (with ``curator_gui.app``) that imports Qt; a thin layer over the core."""
