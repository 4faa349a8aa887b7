"""The NRMP-style match engine (pure)."""
