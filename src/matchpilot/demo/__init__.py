"""Fictional demo data, generated from a seed (pure)."""

from matchpilot.demo.generator import (
    DEMO_SEED,
    DEMO_SOURCE,
    FELLOWSHIPS,
    FICTIONAL_SUFFIX,
    DemoData,
    demo_profile,
    further_programs,
    generate_demo,
)

__all__ = [
    "DEMO_SEED",
    "DEMO_SOURCE",
    "FELLOWSHIPS",
    "FICTIONAL_SUFFIX",
    "DemoData",
    "demo_profile",
    "further_programs",
    "generate_demo",
]
