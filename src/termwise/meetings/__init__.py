"""Pupil progress meetings: an agenda pre-filled from the tracker, what was said about each
pupil, the actions agreed, and their follow-up at the next meeting."""
