"""Raising attainment plans: priorities, actions, success criteria bound to the measures
catalogue, the termly review and carry-forward."""
