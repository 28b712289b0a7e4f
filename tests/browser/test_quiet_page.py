"""While the animation runs, the page's DOM stays still apart from what the frames show.

Every change of the DOM makes the browser recompute the page's styles before BokehJS can
read its next visual property, so style sheets rewritten with the same text or a legend
rebuilt at every data change cost whole frames. These tests count the DOM mutations during
a second of animation, by kind, in every shadow root of the page.
"""

from __future__ import annotations

import pytest
from helpers_browser import click_button, step_count, wait_for_step

pytestmark = pytest.mark.browser

#: Counts DOM mutations in the document and every shadow root: rewrites of style sheets (all,
#: and those with unchanged text) and changes inside a legend.
COUNT_MUTATIONS_JS = """() => {
  const counts = (window.__mutations = {styles: 0, same_style: 0, legend: 0});
  const observer = new MutationObserver((records) => {
    for (const record of records) {
      const host = record.target.getRootNode().host;
      if (host != null && host.classList.contains('bk-Legend')) counts.legend++;
      if (record.target.nodeName === 'STYLE') {
        counts.styles++;
        const before = [...record.removedNodes].map((node) => node.textContent).join('');
        if (before === record.target.textContent) counts.same_style++;
      }
    }
  });
  const watch = (root) => {
    observer.observe(root, {subtree: true, childList: true, attributes: true, characterData: true});
    for (const element of root.querySelectorAll('*')) {
      if (element.shadowRoot) watch(element.shadowRoot);
    }
  };
  watch(document);
}"""

#: Whether the loss curve's line called ``name`` is visible, in the browser's document.
LINE_VISIBLE_JS = "(name) => Bokeh.documents[0].get_model_by_name(name).visible"


def test_animation_rewrites_no_style_sheet_and_no_legend(page):
    click_button(page, "Start repeated update")
    wait_for_step(page, lambda n: n >= 3, timeout=5.0)
    page.evaluate(COUNT_MUTATIONS_JS)  # from here on the page only shows frames
    first = step_count(page)
    last = wait_for_step(page, lambda n: n >= first + 10, timeout=5.0)
    counts = page.evaluate("() => window.__mutations")
    click_button(page, "Stop repeated update", busy=True)
    assert counts["styles"] > 0, "the observer saw nothing"  # the loss curve's lines grow
    # Unpatched, BokehJS rewrites about ten style sheets in every frame; a few rewrites that
    # come with Panel's busy indicator and the Start button are not per frame.
    assert counts["same_style"] < (last - first) / 2, counts
    assert counts["legend"] == 0


def test_clicking_a_legend_entry_hides_its_line(page):
    click_button(page, "Single parameter update")
    assert page.evaluate(LINE_VISIBLE_JS, "loss_curve_data_loss") is True
    page.get_by_text("Data loss", exact=True).click()
    page.wait_for_function(f"() => !({LINE_VISIBLE_JS})('loss_curve_data_loss')")
    assert page.evaluate(LINE_VISIBLE_JS, "loss_curve_total_loss") is True
    page.get_by_text("Data loss", exact=True).click()
    page.wait_for_function(f"() => ({LINE_VISIBLE_JS})('loss_curve_data_loss')")
