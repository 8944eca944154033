"""sitegen: a static site generator for newsrooms that cover trials.

A regular package (not a namespace one), so an installed copy is never mixed with
another copy of sitegen found elsewhere on the path.
"""
