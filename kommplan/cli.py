"""The `kommplan` console script: Django's management commands under a friendlier name.

`kommplan load plan.yaml` is `manage.py load plan.yaml`; with no arguments it lists commands.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kommplan.settings")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv if argv is None else argv)
    argv[0] = "kommplan"
    # `kommplan eval-import` runs the management command eval_import.
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    execute_from_command_line(argv)
    return 0
