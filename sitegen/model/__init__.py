"""The frozen values passed between stages.

Config, articles and their items, the site and its posts, what a build writes, and the
pure functions that derive them. Imports only `shared`.
"""
