"""`python -m nlp.build`: compile the parser's rule modules with mypyc (see nlp/native.py).

`--status` says whether the running parser is compiled or plain Python, and why.
"""

from __future__ import annotations

import sys

from nlp import native


def main(argv: list[str]) -> int:
    if argv == ["--status"]:
        print(native.status())
        return 0
    if argv:
        print(__doc__, file=sys.stderr)
        return 2
    print(native.build(), file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
