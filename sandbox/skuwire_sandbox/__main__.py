import sys

from .cli import main

# Guarded so that importing the package's modules (type checkers, the wheel's
# copy) never starts a server.
if __name__ == "__main__":
    sys.exit(main())
