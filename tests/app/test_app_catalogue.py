"""The catalogue of the page's texts: every text in both languages, and the choice of one."""

from __future__ import annotations

import re
import string

import pytest
from bokeh.document import Document

from app.catalogue import LANGUAGES, TEXTS, preferred_language, say
from app.controls.sidebar import Controls
from app.editing import DataEditor
from app.link import apply_query, current_query
from app.page import Page
from app.state import DemoState
from demo_core.model import ParamIndex

HANGUL = re.compile("[\uac00-\ud7a3]")


def _names(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", list(TEXTS))
def test_every_text_is_in_every_language_with_the_same_blanks(key: str) -> None:
    texts = TEXTS[key]
    assert len(texts) == len(LANGUAGES)
    assert all(text.strip() for text in texts), key
    assert len({frozenset(_names(text)) for text in texts}) == 1, key
    assert key.endswith("_html") or not any("<" in text for text in texts), key


@pytest.mark.parametrize(
    ("header", "lang"),
    [
        ("ko-KR,ko;q=0.9,en-US;q=0.8,en;q=0.7", "ko"),
        ("en-US,en;q=0.9,ko;q=0.8", "en"),
        ("fr-FR,ko;q=0.5", "ko"),
        ("ko;q=0.2,en;q=0.8", "en"),
        ("KO", "ko"),
        ("de, fr", "en"),
        ("ko;q=abc", "en"),
        ("", "en"),
        (None, "en"),
    ],
)
def test_the_browser_s_preferred_language_is_chosen(header: str | None, lang: str) -> None:
    assert preferred_language(header) == lang


def test_say_fills_in_the_blanks_and_falls_back_to_english() -> None:
    assert say("ko", "class", k=2) == "클래스 2"
    assert say("xx", "class", k=2) == "class 2"
    assert say("en", "parameters.class") == "class {k}"  # for the browser to fill in


def test_a_korean_page_says_everything_in_korean() -> None:
    page = Page(Document(), DemoState(lang="ko"))
    page.show()
    variables = page.doc.template_variables
    assert 'lang="ko"' in variables["html_attrs"]
    assert page.doc.title == "선형 분류 손실 시각화"
    assert all(HANGUL.search(text) for text in variables["headings"].values())
    labels = [c["label"] for s in page.controls.component.spec for c in s["controls"]]
    assert all(HANGUL.search(label) for label in labels if label not in ("β1", "β2"))
    assert HANGUL.search(page.controls.component.values["data_summary"])
    assert HANGUL.search(page.parameters.summary())


def test_messages_follow_the_language_and_reset_keeps_it() -> None:
    state = DemoState(lang="ko")
    editor = DataEditor(state)
    Controls(state, editor, Document())
    assert editor.delete([]) == say("ko", "edit.select_first")
    state.reset()
    assert state.lang == "ko"
    assert state.data_origin == "데이터셋 원본"
    state.set_parameter(ParamIndex("W", 0, 0), 1e9)
    assert state.status == say("ko", "status.limited", name="W[0,0]", limit="100", value="100")


def test_the_link_carries_the_language() -> None:
    state = DemoState()
    assert apply_query(state, {"lang": [b"ko"]}) == []
    assert state.lang == "ko"
    assert current_query(state) == "lang=ko"
    state.lang = "en"
    assert current_query(state) == ""
    assert current_query(state, keep=("lang",)) == "lang=en"
    notices = apply_query(DemoState(), {"lang": [b"fr"]})
    assert notices and notices[0].startswith("lang='fr' is not one of en, ko")


def english_words(text: str, allowed: set[str]) -> set[str]:
    """The words of two or more Latin letters (or _) in ``text`` that are not ``allowed``."""
    return set(re.findall(r"[A-Za-z_]{2,}", text)) - allowed


def test_a_korean_page_says_why_a_link_s_entries_were_not_taken_in_korean() -> None:
    page = Page(Document(), DemoState(lang="ko"))
    query = {"step_size": [b"1e9"], "loss": [b"hinge"], "bogus": [b"1"], "n": [b"many"]}
    notices = apply_query(page.state, query)
    assert "out of range" in notices[0]  # a notice is English text at heart
    said = [page.state.say(f"notice.{n.kind}", **n.values) for n in notices]
    assert len(said) == 4 and all("무시" in s or "정했습니다" in s for s in said), said
    names = {"step_size", "loss", "hinge", "bogus", "many", "ww", "ova", "structured", "softmax"}
    assert english_words(" ".join(said), names) == set(), said


@pytest.mark.parametrize(
    "data",
    [
        b"x0,x1,label\n0.1,abc,0\n",
        b"x0,x1,label\n0.1,0.2,9\n",
        b"x0,x1\n0.1,0.2\n",
        b"x0,x1,label\n",
        b"",
    ],
)
def test_a_korean_page_says_why_a_file_was_refused_in_korean(data: bytes) -> None:
    state = DemoState(lang="ko")
    editor = DataEditor(state)
    message = editor.import_csv(data)
    assert editor.refused and message.startswith(say("ko", "edit.not_loaded", problem="")), message
    assert english_words(message, {"x0", "x1", "label", "abc", "UTF", "CSV"}) == set(), message
