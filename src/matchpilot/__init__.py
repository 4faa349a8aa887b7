"""matchpilot — an open, local-first residency application strategist."""

__version__ = "0.1.0"
__all__ = ["__version__"]
