"""The record form and its field editors, one module per kind of editor."""
