"""Adapters for files: sheets (CSV/XLSX), profiles (TOML/JSON) and the JSON formats of ``spec/``.

``io`` turns bytes into plain values and back; the rules of what a value means live in ``domain``.
"""
