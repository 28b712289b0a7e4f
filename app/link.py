"""The shareable link: settings read safely from a page's URL, and written back as they change.

:func:`parse_settings` takes the query as parsed by the server (a mapping of names to strings,
bytes or lists of them, as Panel's ``pn.state.session_args`` gives) and keeps only what is
usable: unknown names, unknown choices, values that are not numbers or not finite, and values
longer than :data:`MAX_LENGTH` characters are ignored; numbers out of range are clamped. Each
of these yields a short notice for the student. It never raises. :func:`apply_query` applies
the usable settings to a session's state, and :func:`current_query` writes the state's
settings that differ from their defaults. Nothing here needs the web libraries.

Which settings a link carries is :data:`LINK_SETTINGS`; how each is read (its bounds or
choices, whether it is whole) comes from its declaration in :class:`app.state.DemoState`.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import ClassVar
from urllib.parse import urlencode

import param

from app.catalogue import DEFAULT_LANGUAGE, say
from app.state import DATA_SETTINGS, DemoState, LogNumber

__all__ = [
    "LINK_SETTINGS",
    "MAX_LENGTH",
    "MAX_NOTICES",
    "SETTINGS",
    "ParsedSettings",
    "apply_query",
    "current_query",
    "parse_settings",
    "to_query",
]

#: Values longer than this many characters are ignored without being parsed.
MAX_LENGTH = 100
#: At most this many notices are listed, then one line says how many more there were.
MAX_NOTICES = 10
_SHOWN_CHARACTERS = 30
_SIGNIFICANT_DIGITS = 12


class Notice(str):
    """A notice about an entry of a link: its English text, with what says it in any language.

    It is the text ``notice.<kind>`` of :mod:`app.catalogue` in the default language, filled
    in from ``values``; ``say(lang, f"notice.{notice.kind}", **notice.values)`` says it in
    another.
    """

    kind: str
    values: dict[str, object]

    def __new__(cls, kind: str, **values: object) -> Notice:
        notice = super().__new__(cls, say(DEFAULT_LANGUAGE, f"notice.{kind}", **values))
        notice.kind, notice.values = kind, values
        return notice


@dataclass(frozen=True)
class _Choice:
    """A setting whose value is one of a few names."""

    options: tuple[str, ...]

    def convert(self, name: str, text: str) -> tuple[object | None, str | None]:
        """The value of ``text`` and a notice, or None and a notice if unusable."""
        value = text.lower()
        if value in self.options:
            return value, None
        return None, Notice(
            "not_one_of", name=name, text=_shown(text), options=", ".join(self.options)
        )

    def format(self, value: object) -> str:
        return str(value)


@dataclass(frozen=True)
class _Range:
    """A number from ``low`` to ``high``; a whole number if ``whole``."""

    low: float
    high: float
    whole: bool = False

    def convert(self, name: str, text: str) -> tuple[object | None, str | None]:
        """The value of ``text``, clamped to the range, and a notice, or None and a notice."""
        value = _number(text, self.whole)
        if isinstance(value, str):
            return None, Notice(value, name=name, text=_shown(text))
        if self.low <= value <= self.high:
            return value, None
        clamped = min(max(value, self.low), self.high)
        clamped = int(clamped) if self.whole else float(clamped)
        return clamped, Notice(
            "out_of_range", name=name, text=_shown(text), value=self.format(clamped)
        )

    def format(self, value: object) -> str:
        if self.whole:
            return str(int(value))  # type: ignore[call-overload]
        return _format_float(float(value))  # type: ignore[arg-type]


@dataclass(frozen=True)
class _Switch:
    """A setting that is on or off: ``1`` or ``0`` (also true/false, yes/no, on/off)."""

    WORDS: ClassVar[dict[str, bool]] = {
        "1": True, "true": True, "yes": True, "on": True,
        "0": False, "false": False, "no": False, "off": False,
    }  # fmt: skip

    def convert(self, name: str, text: str) -> tuple[object | None, str | None]:
        """The value of ``text`` and a notice, or None and a notice if unusable."""
        value = self.WORDS.get(text.strip().lower())
        if value is None:
            return None, Notice("not_switch", name=name, text=_shown(text))
        return value, None

    def format(self, value: object) -> str:
        return "1" if value else "0"


@dataclass(frozen=True)
class _Names:
    """A setting that is a set of names, written ``a,b``; unknown names are left out."""

    options: tuple[str, ...]

    def convert(self, name: str, text: str) -> tuple[object | None, str | None]:
        """The known names of ``text`` in the order of :attr:`options`, and a notice of the rest."""
        given = {part.strip().lower() for part in text.split(",") if part.strip()}
        if not given:
            return None, Notice("empty", name=name)
        unknown = sorted(given.difference(self.options))
        value = [option for option in self.options if option in given]
        if not unknown:
            return value, None
        text = _shown(",".join(unknown))
        notice = Notice("unknown_names", name=name, text=text, options=", ".join(self.options))
        return value or None, notice

    def format(self, value: object) -> str:
        return ",".join(value)  # type: ignore[arg-type]


#: The settings a link may carry, in the order they are applied and written: the data and the
#: test set first, since the others may depend on the number of training points.
LINK_SETTINGS = (
    *DATA_SETTINGS, "holdout", "loss", "step_size", "reg", "rule", "batch_size", "speed",
    "present", "lang", "hide", "lesson", "shade_probabilities", "show_zones", "show_shares",
    "show_next_step", "features",
)  # fmt: skip


def _spec(parameter: param.Parameter) -> _Choice | _Range | _Switch | _Names:
    """How a link writes and reads the setting declared by ``parameter`` of the state."""
    if isinstance(parameter, param.ListSelector):
        return _Names(tuple(parameter.objects))
    if isinstance(parameter, param.Boolean):
        return _Switch()
    if isinstance(parameter, param.Selector):
        return _Choice(tuple(parameter.objects))
    low, high = parameter.bounds
    return _Range(low, high, whole=isinstance(parameter, param.Integer))


#: Each link setting's reading and writing, from its declaration in :class:`DemoState`.
SETTINGS: dict[str, _Choice | _Range | _Switch | _Names] = {
    name: _spec(DemoState.param[name]) for name in LINK_SETTINGS
}


@dataclass(frozen=True)
class ParsedSettings:
    """What a query yielded.

    Attributes
    ----------
    values : dict
        The usable settings present in the query, by name: ``str`` for ``dataset``, ``loss``
        and ``rule``, ``float`` for ``noise``, ``step_size`` and ``reg``, ``bool`` for
        ``present``, a list of names for ``hide``, ``int`` for the rest.
    notices : list of str
        What was ignored or clamped, and why, in the query's order.
    """

    values: dict[str, object] = field(default_factory=dict)
    notices: list[Notice] = field(default_factory=list)


def _format_float(value: float) -> str:
    """``value`` with at most 12 significant digits: ``0.1``, ``10``, ``1e-05``."""
    return f"{value + 0.0:.{_SIGNIFICANT_DIGITS}g}"


def _shown(text: str) -> str:
    """``text`` for a notice: at most 30 characters, non-printable ones as ``?``."""
    short = text if len(text) <= _SHOWN_CHARACTERS else text[:_SHOWN_CHARACTERS] + "…"
    return "".join(c if c.isprintable() else "?" for c in short)


def _number(text: str, whole: bool) -> int | float | str:
    """``text`` as a finite number (an int if ``whole``), or the kind of notice why not.

    ``text`` is at most :data:`MAX_LENGTH` characters long, so ``int`` and ``float`` are fast.
    A whole number may be written as a float, e.g. ``1e3``.
    """
    if whole:
        try:
            return int(text)
        except ValueError:
            pass
    try:
        value = float(text)
    except ValueError:
        return "not_a_number"
    if not math.isfinite(value):
        return "not_finite"
    if not whole:
        return value + 0.0
    return int(value) if value.is_integer() else "not_whole"


def _text(name: str, raw: object) -> tuple[str | None, str | None]:
    """The stripped text of a raw query value, or None and a notice.

    Lists (several values of one name) give their last value; bytes must be UTF-8.
    """
    if isinstance(raw, list | tuple):
        if not raw:
            return None, Notice("no_value", name=name)
        raw = raw[-1]
    if isinstance(raw, bytes | bytearray):
        if len(raw) > MAX_LENGTH:
            raw = bytes(raw[: _SHOWN_CHARACTERS + 1]).decode("utf-8", "replace")
            return None, Notice("too_long", name=name, text=_shown(raw))
        try:
            raw = bytes(raw).decode("utf-8")
        except UnicodeDecodeError:
            return None, Notice("not_utf8", name=name)
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        raw = repr(raw)
    if not isinstance(raw, str):
        return None, Notice("unsupported", name=name, type=type(raw).__name__)
    if len(raw) > MAX_LENGTH:
        return None, Notice("too_long_count", name=name, text=_shown(raw), length=len(raw))
    text = raw.strip()
    if not text:
        return None, Notice("empty", name=name)
    return text, None


def _setting(key: object, raw: object) -> tuple[str | None, object | None, str | None]:
    """The name and value of one query entry, or None, and a notice if any."""
    name = key.decode("utf-8", "replace") if isinstance(key, bytes) else str(key)
    spec = SETTINGS.get(name)
    if spec is None:
        return None, None, Notice("unknown", text=_shown(name))
    text, notice = _text(name, raw)
    if text is None:
        return None, None, notice
    value, notice = spec.convert(name, text)
    return (None if value is None else name), value, notice


def _capped(notices: list[Notice]) -> list[Notice]:
    if len(notices) <= MAX_NOTICES:
        return notices
    return [*notices[:MAX_NOTICES], Notice("more", count=len(notices) - MAX_NOTICES)]


def parse_settings(
    query: Mapping[str, str | list[str] | bytes | list[bytes]],
) -> ParsedSettings:
    """Read the settings of a URL's query.

    Parameters
    ----------
    query : Mapping
        Names to values: ``str``, ``bytes`` (UTF-8) or a list of them, whose last value
        counts. ``pn.state.session_args`` and ``urllib.parse.parse_qs`` give such mappings.

    Returns
    -------
    ParsedSettings
        The usable settings in ``values`` and, in ``notices``, a line for each entry that
        was ignored or clamped, e.g. ``"step_size=1e9 is out of range; using 10"``,
        ``"unknown setting 'foo' ignored"`` or
        ``"loss='hinge' is not one of ww, ova, structured, softmax; ignored"``. After
        :data:`MAX_NOTICES` lines, one last line says ``"and <count> more"``.

    Notes
    -----
    Choices are matched ignoring case. Whole-number settings accept float notation of a whole
    number (``n=1e3``). Nothing is ever raised.
    """
    if not isinstance(query, Mapping):
        return ParsedSettings({}, [f"the query is a {type(query).__name__}, not a mapping"])
    values: dict[str, object] = {}
    notices: list[Notice] = []
    for key, raw in query.items():
        name, value, notice = _setting(key, raw)
        if name is not None:
            values[name] = value
        if notice is not None:
            notices.append(notice)
    return ParsedSettings(values, _capped(notices))


def to_query(values: Mapping[str, object]) -> str:
    """Write settings as a URL query string, without the leading ``?``.

    Parameters
    ----------
    values : Mapping
        Settings by name, as in :attr:`ParsedSettings.values`. Names that are not settings
        and None values are left out; values should be in range (parsing clamps them).

    Returns
    -------
    str
        ``name=value`` pairs joined by ``&``, in the order of :data:`SETTINGS`, floats with at
        most 12 significant digits, e.g. ``"loss=softmax&step_size=0.1"``.
    """
    pairs = [
        (name, spec.format(values[name]))
        for name, spec in SETTINGS.items()
        if values.get(name) is not None
    ]
    return urlencode(pairs, safe=",")


def _nearest(value: float, stops: list[float]) -> float:
    """The slider stop nearest to ``value`` on a log scale (0 only matches 0)."""
    if value <= 0:
        return min(stops)
    positive = [s for s in stops if s > 0]
    return min(positive, key=lambda stop: abs(math.log(stop) - math.log(value)))


def apply_query(state: DemoState, query: Mapping[str, object]) -> list[Notice]:
    """Apply a URL's settings to ``state`` and return the notices for the student.

    Parameters
    ----------
    state : DemoState
        The new session's state, at its defaults.
    query : mapping
        The query as the server parsed it, e.g. ``{"loss": [b"softmax"]}``.
    """
    parsed = parse_settings(query)
    values = dict(parsed.values)
    for name, value in values.items():
        parameter = state.param[name]
        if isinstance(parameter, LogNumber):  # a setting chosen from stops takes the nearest
            values[name] = _nearest(float(value), list(parameter.stops().values()))
    state.param.update(**{name: values[name] for name in DATA_SETTINGS if name in values})
    state.param.update(**{name: v for name, v in values.items() if name not in DATA_SETTINGS})
    return list(parsed.notices)


def current_query(state: DemoState, keep: Collection[str] = ()) -> str:
    """The query string of the settings that differ from the defaults, e.g. ``loss=softmax``.

    ``keep``: settings written even at their default, e.g. a language the browser would not
    choose by itself.
    """
    changed = {
        name: getattr(state, name)
        for name in LINK_SETTINGS
        if name in keep or getattr(state, name) != state.param[name].default
    }
    return to_query(changed)
