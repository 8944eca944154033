"""Putting the bytes in place.

The atomic output folder, the build lock, static files and the search index.
"""
