"""What an editor runs.

The sitegen command line, check, new, init, serve, watch and live reload.
"""
