"""Assessment: scales and their steps, subjects, assessment points, age-related expectations,
expected progress, and the results themselves with their history."""
