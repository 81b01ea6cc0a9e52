"""(being written)"""
from jenjang.training import bp  # noqa: F401
