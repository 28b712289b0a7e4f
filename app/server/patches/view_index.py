"""Elements inside the page's Bokeh views, found through BokehJS's index of its views.

Each Bokeh view draws into a shadow root of its own, so ``document.querySelectorAll`` does
not see what it holds. BokehJS keeps every view of the page in ``Bokeh.index``, a private
index whose views have their shadow root as ``shadow_el``: :data:`ELEMENTS_IN_VIEWS_JS`
searches them. The frames' live text (app/runtime/frames.py) uses it to find its slots,
which lets numbers that change every frame skip BokehJS's layout: about 40 frames/s instead
of about 20 when it was measured (tests/benchmarks/README.md). Checked on BokehJS 3.9.2.
"""

from __future__ import annotations

__all__ = ["ELEMENTS_IN_VIEWS_JS", "VIEW_NAMED_JS"]

#: A JavaScript function ``(selector) => elements``: every element that matches the CSS
#: ``selector`` in the shadow root of a Bokeh view of the page.
ELEMENTS_IN_VIEWS_JS = """(selector) => [...Bokeh.index.query((v) => v.shadow_el != null)]
  .flatMap((view) => [...view.shadow_el.querySelectorAll(selector)])"""

#: A JavaScript function ``(name) => view``: the view of the page's model called ``name``, or
#: null. The clip controls (app/controls/clip.js) export the main plot's view as an image.
VIEW_NAMED_JS = """(name) => [...Bokeh.index.query((v) => v.model.name === name)][0] ?? null"""
