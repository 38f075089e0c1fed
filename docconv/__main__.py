"""`python -m docconv`: the command line."""

from .cli import main

main()
