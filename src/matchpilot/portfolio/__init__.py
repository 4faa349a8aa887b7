"""Which programs to apply to: exact optimizers and the diminishing-returns curve (pure)."""
