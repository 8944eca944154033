"""Pieces every layer uses.

Problems with their place, the build clock, folder names, slugs, packing, the fork pool
and the cache-file format. Imports nothing else of sitegen.
"""
