"""curator_gui: a desktop editor and command line for curated-content Markdown files."""

__version__ = "0.1.0"
