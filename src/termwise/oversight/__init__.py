"""Trust oversight: each school's risk category with its history, and the category the data
suggests beside it."""
