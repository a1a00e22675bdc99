"""Run the footdrop command as ``python -m footdrop``.

.. versionadded:: 0.1.0
"""

import sys

from footdrop.cli import main

if __name__ == "__main__":
    sys.exit(main())
