"""Interventions: time-limited programmes for a few pupils, and their impact measured from
the tracker against similar pupils not in them."""
