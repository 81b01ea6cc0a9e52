"""The shared cache's codec (core/datacache.py): values as JSON with tags for what JSON lacks
(rows, tuples, Decimals, dates, maps with non-string keys, registered dataclasses): never pickle."""
from __future__ import annotations

import collections
import dataclasses
import datetime as dt
import functools
import json
from decimal import Decimal
from typing import Any

import sqlalchemy as sa

DATACLASSES: dict[str, type] = {}


def shared_dataclass(cls):
    """Allow a (flat) dataclass in cached values under its class name."""
    DATACLASSES[cls.__name__] = cls
    return cls


def _to_json(value: Any):
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, sa.Row):
        return {"$row": list(value._fields), "v": [_to_json(v) for v in value]}
    if isinstance(value, tuple) and hasattr(value, "_fields"):  # a decoded row, kept again
        return {"$row": list(value._fields), "v": [_to_json(v) for v in value]}
    if isinstance(value, Decimal):
        return {"$dec": str(value)}
    if isinstance(value, dt.datetime):
        return {"$dt": value.isoformat()}
    if isinstance(value, dt.date):
        return {"$date": value.isoformat()}
    if isinstance(value, tuple):
        return {"$tup": [_to_json(v) for v in value]}
    if isinstance(value, list):
        return [_to_json(v) for v in value]
    if isinstance(value, dict):
        return {"$map": [[_to_json(k), _to_json(v)] for k, v in value.items()]}
    if dataclasses.is_dataclass(value) and DATACLASSES.get(type(value).__name__) is type(value):
        return {"$dc": type(value).__name__,
                "f": {f.name: _to_json(getattr(value, f.name)) for f in dataclasses.fields(value)}}
    raise TypeError(f"cannot keep a {type(value).__name__} in the shared cache")


@functools.lru_cache(maxsize=256)
def _row_type(fields: tuple[str, ...]):
    return collections.namedtuple("Row", fields, rename=True)


def _from_json(value: Any):
    if isinstance(value, list):
        return [_from_json(v) for v in value]
    if not isinstance(value, dict):
        return value
    if "$row" in value:
        return _row_type(tuple(value["$row"]))(*[_from_json(v) for v in value["v"]])
    if "$dec" in value:
        return Decimal(value["$dec"])
    if "$dt" in value:
        return dt.datetime.fromisoformat(value["$dt"])
    if "$date" in value:
        return dt.date.fromisoformat(value["$date"])
    if "$tup" in value:
        return tuple(_from_json(v) for v in value["$tup"])
    if "$map" in value:
        return {_from_json(k): _from_json(v) for k, v in value["$map"]}
    if "$dc" in value:
        return DATACLASSES[value["$dc"]](**{k: _from_json(v) for k, v in value["f"].items()})
    raise ValueError("unknown tag in a cached value")


def encode(value: Any) -> bytes:
    return json.dumps(_to_json(value), separators=(",", ":")).encode()


def decode(raw: bytes) -> Any:
    return _from_json(json.loads(raw))
