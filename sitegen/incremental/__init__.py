"""Rebuilding only what changed.

The build state, dependency records, digests and the parse cache.
"""
