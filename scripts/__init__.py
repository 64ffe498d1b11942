"""Tools run from the Makefile against a locally served app (``python -m scripts.<name>``)."""
