"""Consistency checks: one module per check, listed in ``registry.CHECKS``."""
