"""Fictional demo data, generated from a seed (pure)."""
