# A module that only documents things.
"""Nothing here runs: a docstring and comments."""

# The end.
