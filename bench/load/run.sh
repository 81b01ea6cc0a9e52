#!/bin/sh
# The load benchmark: see bench/load/run.py (--rebuild, --users N, --quick).
cd "$(dirname "$0")/../.." && exec .venv/bin/python bench/load/run.py "$@"
