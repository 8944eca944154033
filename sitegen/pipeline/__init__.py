"""The build itself, top to bottom, one named step per line."""
