"""Records to JSON-ready values and back, derived from their fields and type hints — never written by hand per
record (:mod:`newsweave.model` re-exports both functions)."""

from __future__ import annotations

import dataclasses
import enum
import functools
from typing import Any


def to_jsonable(value: Any) -> Any:
    """Turn records (and tuples / enums of them) into JSON-ready values, derived from their fields."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    return value


@functools.cache
def _field_hints(cls: type) -> tuple[tuple[str, Any], ...]:
    """A record's fields with their resolved types (resolving is slow; records are few)."""
    import typing

    hints = typing.get_type_hints(cls)
    return tuple((f.name, hints[f.name]) for f in dataclasses.fields(cls))


def from_jsonable(cls: Any, data: Any) -> Any:
    """The inverse of :func:`to_jsonable`, driven by the record's type hints."""
    import types
    import typing

    if data is None:
        return None
    origin = typing.get_origin(cls)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(cls) if a is not type(None)]
        return from_jsonable(options[0], data) if len(options) == 1 else data
    if origin is tuple:
        args = typing.get_args(cls)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(from_jsonable(args[0], v) for v in data)
        return tuple(from_jsonable(a, v) for a, v in zip(args, data, strict=True))
    if origin is dict:
        _, vt = typing.get_args(cls)
        return {k: from_jsonable(vt, v) for k, v in data.items()}
    if isinstance(cls, type) and dataclasses.is_dataclass(cls):
        kwargs = {name: from_jsonable(hint, data[name]) for name, hint in _field_hints(cls) if name in data}
        return cls(**kwargs)
    if isinstance(cls, type) and issubclass(cls, enum.Enum):
        return cls(data)
    return data
