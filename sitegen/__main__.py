"""`python -m sitegen`: the same as the `sitegen` command."""

from sitegen.commands.cli import entry

entry()
