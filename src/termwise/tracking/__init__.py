"""Tracking: attainment against age-related expectations, progress flags, grids and gaps."""
