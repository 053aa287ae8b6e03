"""``python -m medreview``: the same as the ``medreview`` command."""

from medreview.cli import main

main()
