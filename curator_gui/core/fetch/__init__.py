"""Page metadata: decoding a page's bytes, reading its tags, and fetching it safely over HTTP.

``extract`` turns bytes into a front-matter fragment without any I/O; ``http`` is the only module that touches
the network. The public entry points are re-exported lazily by :mod:`curator_gui.core`.
"""
