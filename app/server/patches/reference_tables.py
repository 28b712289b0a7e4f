"""Bokeh's tables of model references, built once per set of models instead of per message.

For every message it sends or receives, Bokeh builds a table of all the document's models:
``Serializer(references=models)`` maps each model to its reference, so that models the
browser already has are sent as references, and ``Deserializer(models)`` maps each id to
its model. This page holds about 420 models, and with twenty sessions those tables cost the
server about half a millisecond per animation frame, most of it cache misses on the models
themselves: about 40 % of a frame's server time in a profile.

The tables change only when models are added to or removed from the document. :func:`install`
keeps each document's last tables with the models they were built from, and hands out a copy
while a message's models are the same ones: one comparison of the two collections by
identity, done in C. The tables are otherwise unchanged. This relies on the private
``_references`` attribute that both classes fill in ``__init__``; should a version of Bokeh
keep its tables elsewhere, :func:`install` leaves it alone.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from typing import Any

from bokeh.core.serialization import Deserializer, Serializer
from bokeh.model import Model
from bokeh.models import Div

__all__ = ["install"]

#: Attribute of a Bokeh ``Document`` that holds its tables: {kind: (models, table)}.
_TABLES = "_reference_tables"


def _entry_for_serializer(model: Model) -> tuple[int, Any]:
    return id(model), model.ref


def _entry_for_deserializer(model: Model) -> tuple[Hashable, Model]:
    return model.id, model


def _table(
    models: Iterable[Model], entry: Callable[[Model], tuple[Hashable, Any]]
) -> dict[Hashable, Any]:
    """The table of ``models``, built by ``entry``, reused while the models are the same.

    Only a list or a set of models that belong to a document is remembered, on that
    document, so the tables go with it.
    """
    if not isinstance(models, list | set | frozenset) or not models:
        return dict(map(entry, models or ()))
    document = getattr(next(iter(models)), "document", None)
    if document is None:
        return dict(map(entry, models))
    tables = document.__dict__.setdefault(_TABLES, {})
    known = tables.get(entry)
    if known is None or known[0] != models:
        known = (type(models)(models), dict(map(entry, models)))
        tables[entry] = known
    return dict(known[1])


def _serializer_init(self: Serializer, *, references: Iterable[Model] = (), **options: Any) -> None:
    _bokeh_serializer_init(self, **options)
    self._references = _table(references, _entry_for_serializer)


def _deserializer_init(
    self: Deserializer, references: Iterable[Model] | None = None, **options: Any
) -> None:
    _bokeh_deserializer_init(self, None, **options)
    self._references = _table(references, _entry_for_deserializer)


_bokeh_serializer_init = Serializer.__init__
_bokeh_deserializer_init = Deserializer.__init__


def _bokeh_tables_are_understood() -> bool:
    """Whether Bokeh's own ``__init__`` methods build the tables that this module replaces."""
    model = Div()
    serializer, deserializer = object.__new__(Serializer), object.__new__(Deserializer)
    try:
        _bokeh_serializer_init(serializer, references={model})
        _bokeh_deserializer_init(deserializer, [model])
    except TypeError:  # their signatures changed
        return False
    return getattr(serializer, "_references", None) == {id(model): model.ref} and getattr(
        deserializer, "_references", None
    ) == {model.id: model}


def install() -> None:
    """Make Bokeh reuse each document's reference tables. Calling this again changes nothing.

    Nothing is changed when Bokeh's classes do not keep their tables as this module expects.
    """
    if not _bokeh_tables_are_understood():
        return
    Serializer.__init__ = _serializer_init
    Deserializer.__init__ = _deserializer_init
