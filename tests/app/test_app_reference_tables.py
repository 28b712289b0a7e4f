"""Reused reference tables: the same tables as Bokeh builds, and messages that still apply."""

from __future__ import annotations

from bokeh.core.serialization import Deserializer, Serializer
from bokeh.document import Document
from bokeh.models import ColumnDataSource, Div, Row, Title
from bokeh.plotting import figure
from bokeh.protocol import Protocol

from app.server.patches import reference_tables


def _document() -> Document:
    doc = Document()
    plot = figure(title="a")
    plot.scatter("x", "y", source=ColumnDataSource({"x": [1, 2], "y": [3, 4]}))
    doc.add_root(Row(children=[plot, Div(text="b")]))
    doc.models.flush_synced()  # as once a browser has pulled the document
    return doc


def test_tables_equal_bokehs_own_and_follow_new_models() -> None:
    reference_tables.install()
    doc = _document()
    models = doc.models.synced_references
    first = Serializer(references=models)._references
    again = Serializer(references=doc.models.synced_references)._references
    assert first == again == {id(model): model.ref for model in models}
    again.clear()  # a serializer adds to its own table: that must not reach the next one
    assert Serializer(references=models)._references == first
    assert Deserializer(list(doc.models))._references == {m.id: m for m in doc.models}

    extra = Div(text="new")
    doc.add_root(extra)
    doc.models.flush_synced()
    assert id(extra) in Serializer(references=doc.models.synced_references)._references
    assert extra.id in Deserializer(list(doc.models))._references
    reference_tables.install()  # again: nothing changes
    assert Serializer.__init__ is reference_tables._serializer_init


def test_models_outside_a_document_and_empty_tables() -> None:
    reference_tables.install()
    loose = [Div(text="x"), Div(text="y")]
    assert Serializer(references=set(loose))._references == {id(m): m.ref for m in loose}
    assert Deserializer(loose)._references == {m.id: m for m in loose}
    assert Serializer()._references == {}
    assert Deserializer()._references == {}


def test_patches_between_two_documents_apply_as_before() -> None:
    """A new model is sent whole, then as a reference once the other side has it."""
    reference_tables.install()
    server = _document()
    browser = Document.from_json(server.to_json())
    events: list = []
    server.on_change(events.append)
    plot = server.select_one({"type": figure})
    protocol = Protocol()

    def send() -> None:
        protocol.create("PATCH-DOC", list(events)).apply_to_document(browser)
        events.clear()

    plot.title = Title(text="new title")
    send()
    title = browser.get_model_by_id(plot.title.id)
    assert title.text == "new title"
    plot.title.text = "changed"
    send()
    assert title.text == "changed"
    assert browser.get_model_by_id(plot.id).title is title


def test_install_leaves_bokeh_alone_when_its_tables_moved(monkeypatch) -> None:
    bokeh_init = reference_tables._bokeh_serializer_init

    def moved(self: Serializer, **options: object) -> None:
        bokeh_init(self, **options)
        self._table = self.__dict__.pop("_references")

    monkeypatch.setattr(Serializer, "__init__", bokeh_init)
    monkeypatch.setattr(reference_tables, "_bokeh_serializer_init", moved)
    reference_tables.install()
    assert Serializer.__init__ is bokeh_init
