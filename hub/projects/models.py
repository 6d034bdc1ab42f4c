"""Models of the projects app."""
