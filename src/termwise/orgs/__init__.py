"""Trusts, schools, academic years, year groups and classes."""
