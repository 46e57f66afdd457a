"""Termwise: the termly school-improvement cycle for schools and trusts."""

__version__ = "0.1.0"
