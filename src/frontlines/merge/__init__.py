"""Telling reports apart from copies of reports, and the same event told by several reports."""
