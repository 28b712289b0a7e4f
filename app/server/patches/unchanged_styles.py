"""Keep BokehJS from rewriting unchanged inline style sheets on every paint.

Each renderer of a Bokeh figure (glyphs, axes, grids, titles, annotations) has a small
style sheet for its position, and BokehJS 3 rewrites its text on every paint even when it
is the same. A rewritten ``<style>`` invalidates the page's styles, and the next renderer's
read of a visual property through ``getComputedStyle`` then forces a style recalculation of
the page: about ten per paint of the main plot. In a browser profile of the animation this
was the largest single cost, and one page painted about 20 frames/s instead of about 35.

:data:`SKIP_UNCHANGED_JS` is page JavaScript, run once as the page loads (the page's
template holds it), that makes the rewrite skip style sheets whose text would not change. It
replaces the private ``InlineStyleSheet.prototype._update`` of BokehJS's ``core/dom``,
checked on BokehJS 3.9.2. The behaviour is otherwise the same; if BokehJS no longer has the
hook, the script does nothing.
"""

from __future__ import annotations

__all__ = ["SKIP_UNCHANGED_JS"]

SKIP_UNCHANGED_JS = """
const sheet = Bokeh.require('core/dom').InlineStyleSheet;
const update = sheet == null ? null : sheet.prototype._update;
if (update != null && !update.skips_unchanged) {
  const skipping = function (css) {
    if (this.el.textContent !== css) { update.call(this, css); }
  };
  skipping.skips_unchanged = true;
  sheet.prototype._update = skipping;
}
"""
