"""Print every `.tf` file under the given directories as JSON: {path: parsed HCL}.

Run with `.venv-checkov/bin/python`: its `hcl2` is checkov's python-hcl2 fork (attribute values
and blocks wrapped in lists), which .venv does not carry. Kept dependency-free for that reason.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import hcl2


def main(argv: list[str]) -> int:
    out = {}
    for directory in argv:
        for path in sorted(Path(directory).rglob("*.tf")):
            if ".terraform" in path.parts:
                continue
            with path.open() as handle:
                out[str(path)] = hcl2.load(handle)
    json.dump(out, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
