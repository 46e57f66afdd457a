"""What the service says about itself: request ids, one log line per request, metrics."""
