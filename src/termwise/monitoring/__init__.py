"""Monitoring activities: learning walks, drop-ins, book looks and pupil-voice panels, from a
focus agreed in advance to a record the head teacher confirms and the teacher keeps."""
