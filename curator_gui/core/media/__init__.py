"""Featured images and site icons: telling an image from anything else, downloading and storing it beside the
curation, recording it in the front matter, checking it, and thumbnails.

``imagecheck`` decides what bytes are (Pillow, imported only when bytes are checked); ``download`` fetches an
image over the same hardened HTTP path as pages; ``store`` writes ``<stem>-featuredImage.<ext>`` beside the
curation; ``record`` fills ``featuredImage``/``favIconImage`` in the file's own size order; ``acquire`` joins
them for the command line and the window; ``facts`` reads an image file's format and size for validation (cached
by its stat); ``checks`` makes the CG5xx findings; ``thumbnails`` makes small previews in the user cache.
"""
