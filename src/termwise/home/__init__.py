"""Each person's home: what needs their attention, in one request."""
