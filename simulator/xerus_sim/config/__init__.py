"""Bulk and raw configuration files: key table, filter profiles, file formats, encryption, pending restores, CGIs."""
