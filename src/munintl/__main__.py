"""Run the munintl command line: ``python -m munintl``."""

from munintl.cli import main

main(prog_name="munintl")
