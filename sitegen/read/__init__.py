"""From an editor's files to values.

Sources, positioned YAML, typed fields, site.yaml, articles and data files.
"""
