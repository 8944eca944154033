"""From values to bytes.

Markdown, glossary links, the Jinja environment, the plan, feeds, sitemaps, structured
data and charts.
"""
