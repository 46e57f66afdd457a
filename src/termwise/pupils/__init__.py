"""Pupils: identity (UPN, MIS ids), enrolments and yearly characteristics."""
