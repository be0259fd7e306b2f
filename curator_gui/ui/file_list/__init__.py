"""The file list: rows, their model, the filter proxy and the panel that shows them."""
