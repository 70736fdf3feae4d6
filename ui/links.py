"""Every page's state in its address (st.query_params), and the share box that shows it.

A page reads its parameters before drawing its widgets and writes them back once its inputs are
read, on every run, only when they differ (a write sends the browser a new address, no rerun).
The session remembers what it last wrote under each parameter, so an address this session did
not write (a shared link, a bookmark, a reload, back/forward, or a browser that reconnected to a
restarted server as a fresh session) is told apart from its own, and only then is the state
taken from the address, with a notice saying so. Following the menu to another page drops the
query, so each page's own parameters are also kept in the session for the way back. Within a
session, an address that is not its own counts only after back/forward (`lagging`): with any
other change it is the browser's copy of an older one.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urlencode, urlsplit

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx
from streamlit.runtime.state.common import is_keyed_element_id, user_key_from_element_id

RESTORED = "Your inputs were restored from the link in the address bar."
RECONNECTED = (
    "The server restarted: your inputs were restored from this page and the link in the "
    "address bar."
)
WRITTEN = "links_written"  # parameter -> the value this session last put in the address
SAVED = "links_saved"  # page -> its own parameters, for coming back to it through the menu
SEEN = "links_seen"  # set once the session has written an address
FLASH = "links_flash"  # (kind, text) shown once by `notice`
Params = Mapping[str, str | None]  # None: the parameter is left out of the address


def _written() -> dict[str, str | None]:
    return _map(WRITTEN)


def lagging() -> bool:
    """Whether an address that differs from this session's last write is only the browser's copy
    not yet caught up with it. The browser sends its address with every change; a change made
    before the page's new address arrived (a second click or key within a few tens of
    milliseconds, or while the page was still being drawn) carries the one before. After this
    session's first write, a different address is a new one only when the person moved through
    the browser's history (back/forward: Streamlit marks that run); otherwise it is the lagging
    copy, and the person's change wins (it would else undo their last change and say "restored").
    A link, a reload or a reconnect starts a fresh session, before its first write."""
    if not st.session_state.get(SEEN):
        return False
    history = getattr(get_script_run_ctx(), "is_history_navigation", None)
    return history is False  # unknown (another Streamlit): the address counts, as before


def incoming(key: str) -> str | None:
    """The address's value for `key` when this session did not put it there (else None); the
    value is then counted as seen, so a bad one is refused once, not on every run."""
    value = st.query_params.get(key)
    written = _written()
    if value is None or value == written.get(key) or lagging():
        return None
    written[key] = value
    return value


def browser_kept() -> frozenset[str]:
    """Keys of the widget values the browser sent with this run when this session has not run a
    page before: a browser that reconnected to a restarted server (issue 20) sends the values
    its page shows, the person's latest edit among them, with the first run of its new session.
    Those win over the address (which holds the state before the edit) and the defaults. Empty
    on a first visit or a reload (the browser sends no values) and on every later run."""
    if st.session_state.get(SEEN):
        return frozenset()
    try:  # Streamlit's session internals (1.67): without them the address alone restores
        ctx = get_script_run_ctx()
        states = ctx.session_state._state._new_widget_state.states  # type: ignore[union-attr]
        found = {user_key_from_element_id(wid) for wid in states if is_keyed_element_id(wid)}
    except (AttributeError, TypeError):
        return frozenset()
    return frozenset(k for k in found if k)


def put(key: str, value: Any) -> None:
    """A value from the address into a widget, unless the browser holds the person's own."""
    if key not in browser_kept():
        st.session_state[key] = value


def arrive(
    page: str,
    keys: tuple[str, ...],
    apply: Callable[[Params], str | None],
    alive: str,
) -> None:
    """Before the page's widgets: its parameters from the address when they are not this
    session's own (then a notice), or, back through the menu (no parameters in the address and
    the page's widget `alive` dropped by Streamlit while another page ran), the ones it had when
    the person left. `apply` puts parameters into session state (None: the default) and
    returns a one-line problem for a link it cannot use, else None."""
    address = {k: st.query_params.get(k) for k in keys}
    written = _written()
    own = all(written.get(k) == v for k, v in address.items())
    if alive not in st.session_state and (own or all(v is None for v in address.values())):
        saved = st.session_state.get(SAVED, {}).get(page)
        if saved is not None:
            apply(saved)
        return
    if own or lagging():
        return
    written.update(address)
    problem = apply(address)
    flash(("error", f"Could not use the link: {problem}") if problem else restored())


def restored() -> tuple[str, str]:
    """The notice for inputs taken from the address (after a restart, from the page too)."""
    return ("success", RECONNECTED if browser_kept() else RESTORED)


def flash(message: tuple[str, str]) -> None:
    st.session_state[FLASH] = message


def notice() -> None:
    """The message of the last restore (or refusal), once, in a box that is on the page on every
    run, empty without a message: when the message goes, what follows keeps its place, so the
    browser never shows the last run's inputs beside the new ones while the page redraws
    (Streamlit places each element by its position on the page)."""
    box = st.container()
    message = st.session_state.pop(FLASH, None)
    if message:
        kind, text = message
        (box.success if kind == "success" else box.error)(text)


def write(page: str, params: Params, own: tuple[str, ...] = ()) -> None:
    """The address becomes exactly `params` (left-out ones dropped), only when it differs.
    `own` names the page's own parameters, kept for the way back through the menu."""
    wanted = {k: v for k, v in params.items() if v is not None}
    _written().update(params)
    st.session_state[SEEN] = True
    _map(SAVED)[page] = {k: params.get(k) for k in own}
    if st.query_params.to_dict() != wanted:
        st.query_params.from_dict(wanted)


def address(params: Params) -> str:
    """The page's full address with `params`: the server's address as the browser sees it
    (st.context.url, with the page's path) and the query."""
    query = urlencode({k: v for k, v in params.items() if v is not None})
    base = str(st.context.url or "")
    if base and not urlsplit(base).path:
        base += "/"  # the root page: the browser shows http://host/?query
    return f"{base}?{query}" if query else base


def share_box(page: str, params: Params, label: str = "Link to this page with your inputs") -> None:
    """The current address, to copy: the same text as the address bar. Set anew on every run
    (a keyed widget would keep its first value: the link that never changed, issue 17)."""
    key = f"share_box_{page}"
    st.session_state[key] = address(params)
    st.text_input(
        label, key=key, help="It holds your inputs, not your identity. It follows your changes."
    )


# Pages whose widgets have keys made as they draw (Clinic pricing: one set per treatment) keep
# their state as {widget key: value} for the widgets that differ from their defaults, and put a
# link's values into each widget just before it draws, when the value fits that widget.
PENDING = "links_pending"  # page -> {widget key: value} from a link, applied as widgets draw
DRAWN = "links_drawn"  # page -> {widget key: default} of the widgets drawn in this run
Coerce = Callable[[Any], Any]  # a link's value as the widget takes it, or None when it does not fit


def begin(page: str) -> None:
    """At the top of the page: no widget drawn yet in this run."""
    _map(DRAWN)[page] = {}


def load(page: str, values: Mapping[str, Any]) -> None:
    """A link's widget values (the others take their defaults) for the widgets of this run."""
    _map(PENDING)[page] = dict(values)


def take(page: str, key: str, default: Any, coerce: Coerce) -> None:
    """Just before widget `key` draws: note its default; after a link, give it the link's value
    when that fits the widget, else its default."""
    _map(DRAWN).setdefault(page, {})[key] = default
    pending = _map(PENDING).get(page)
    if pending is not None:
        value = coerce(pending[key]) if key in pending else None
        put(key, default if value is None else value)


def changed(page: str) -> dict[str, Any]:
    """After the widgets: those that differ from their defaults (a link's values are used up)."""
    _map(PENDING).pop(page, None)
    state = st.session_state
    drawn = _map(DRAWN).get(page, {})
    return {k: state[k] for k, d in drawn.items() if k in state and state[k] != d}


def _map(name: str) -> dict[str, Any]:
    found = st.session_state.get(name)
    if found is None:
        found = st.session_state[name] = {}
    return found


def flag(value: Any) -> Any:
    return value if isinstance(value, bool) else None


def one_of(options: Any) -> Coerce:
    choices = list(options)

    def coerce(value: Any) -> Any:
        ok = not isinstance(value, bool) and isinstance(value, str | int) and value in choices
        return value if ok else None

    return coerce


def some_of(options: Any) -> Coerce:
    choices = list(options)

    def coerce(value: Any) -> Any:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return None
        return value if len(set(value)) == len(value) and set(value) <= set(choices) else None

    return coerce


def number(low: float | None, high: float | None, integer: bool) -> Coerce:
    def coerce(value: Any) -> Any:
        if isinstance(value, bool) or not isinstance(value, int | float):
            return None
        if not math.isfinite(value) or (integer and value != int(value)):
            return None
        if (low is not None and value < low) or (high is not None and value > high):
            return None
        return int(value) if integer else float(value)

    return coerce
