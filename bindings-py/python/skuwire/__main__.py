"""``python -m skuwire``: the command line (see ``skuwire.cli``)."""

import sys

from skuwire.cli import main

if __name__ == "__main__":
    sys.exit(main())
