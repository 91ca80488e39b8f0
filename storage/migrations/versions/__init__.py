"""Alembic revisions, one file each; a package so wheels and editable installs carry them."""
