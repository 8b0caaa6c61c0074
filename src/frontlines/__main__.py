"""`python -m frontlines`: the same command line as `frontlines`."""

from .cli import main

main()
