"""Peer review and maturity self-evaluation: frameworks as data, a school's reviews of itself
against one, challenged by a peer from another school and agreed, and the shift over time."""
