"""``ClassSubmit``: nothing is sent without consent, a valid code and a submission; only scores go,
once per browser and class; the store's refusals are said in plain words.

Built, set and clicked without a browser, against a temporary SQLite store. What the browser keeps
(``BrowserMemory``) is played here by setting its synced state, as a comm message from the page does.
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone

import pytest
from sqlalchemy import select

from sclab.classroom.store import SUBMISSIONS, ClassStore
from sclab.ui import Questionnaire
from sclab.ui.classroom.class_submit import ClassSubmit

EVIL = "<script>alert(1)</script>"


@pytest.fixture
def store(tmp_path):
    return ClassStore(f"sqlite:///{tmp_path / 'class.sqlite3'}")


@pytest.fixture
def code(store) -> str:
    return store.open_class(cap=30).code


def _rows(store: ClassStore) -> list[dict]:
    with store.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(select(SUBMISSIONS))]


def _answered(seed: int = 3, instrument: str = "sc-practice") -> Questionnaire:
    q = Questionnaire(instrument, seed=seed)
    q.use_simulated_respondent()
    q.submit()
    return q


def _in_the_browser(send: ClassSubmit, kept: dict | None = None, *, available: bool = True) -> ClassSubmit:
    """What the page does when it draws the widget: the browser reports what it keeps."""
    send.memory.set_state({"value": {} if kept is None else kept, "available": available})
    return send


def test_nothing_is_sent_without_consent_a_code_and_a_submission(store, code):
    q = Questionnaire("sc-practice", seed=3)
    send = ClassSubmit(store=store).follow(q)
    send.consent.value, send.code.value = True, code
    send.send_button.click()  # answers not submitted yet
    assert store.count(code) == 0 and "Submit answers first" in send.status.value
    q.use_simulated_respondent()
    q.submit()
    send.consent.value = False
    send.send_button.click()
    assert store.count(code) == 0 and "Tick the box" in send.status.value
    send.consent.value, send.code.value = True, "no"  # too short for a class code
    send.send_button.click()
    assert store.count(code) == 0 and "Not sent" in send.status.value
    assert _rows(store) == []


def test_only_scores_are_sent_once_and_a_message_confirms(store, code):
    q = _answered(seed=5)
    send = ClassSubmit(store=store).follow(q)
    send.consent.value, send.code.value = True, f"  {code} "
    send.send_button.click()
    (row,) = _rows(store)
    expected = q.instrument.score(q.answers).iloc[0]
    allowed = {s.id for s in q.instrument.subscales} | {"compassionate", "uncompassionate", "total"}
    assert set(row["scores"]) == allowed  # no band, interval, flags or item answers
    assert not set(row["scores"]) & set(q.instrument.item_ids)
    assert row["scores"]["total"] == pytest.approx(float(expected["total"]))
    assert row["class_code"] == code and row["instrument"] == "sc-practice"
    assert "Sent" in send.status.value and code in send.status.value
    assert send.send_button.disabled
    send.send_button.disabled = False  # a page can re-enable a button; the kernel still refuses
    assert send.send() is False and store.count(code) == 1
    assert "Already sent" in send.status.value


def test_submit_messages_escape_the_typed_code(store):
    send = ClassSubmit(store=store).follow(_answered())
    send.consent.value, send.code.value = True, EVIL
    send.send_button.click()
    assert "<script>" not in send.status.value and "&lt;script&gt;" in send.status.value
    assert _rows(store) == []


def test_an_unreachable_store_gives_a_message_not_a_traceback():
    class Broken:
        def submit(self, *args, sender=None):
            raise ConnectionError("down")

    send = ClassSubmit(store=Broken()).follow(_answered())
    send.consent.value, send.code.value = True, "PSY101"
    assert send.send() is False and "could not be reached (ConnectionError)" in send.status.value


# --- one send per browser and class ---------------------------------------------------------------
def test_the_browser_keeps_a_random_sender_token_and_it_goes_with_the_scores(store, code):
    sent_with = []

    class Spy(ClassStore):
        def submit(self, *args, sender=None):
            sent_with.append(sender)
            return super().submit(*args, sender=sender)

    spy = Spy(store.url)
    one, two = (_in_the_browser(ClassSubmit(store=spy)) for _ in range(2))
    token = one.memory.value["sender"]
    assert re.fullmatch(r"[A-Za-z0-9_-]{24}", token) and two.memory.value["sender"] != token
    reloaded = _in_the_browser(ClassSubmit(store=spy), {"sender": token})  # kept by the browser: reused
    assert reloaded.memory.value["sender"] == token
    reloaded.follow(_answered())
    reloaded.consent.value, reloaded.code.value = True, code
    assert reloaded.send() and sent_with == [token]


def test_a_reloaded_page_says_this_browser_already_sent_and_keeps_send_off(store, code):
    first = _in_the_browser(ClassSubmit(store=store)).follow(_answered(seed=4))
    first.consent.value, first.code.value = True, code
    assert first.send()
    kept = first.memory.value
    today = datetime.now(timezone.utc).date().isoformat()
    assert set(kept) == {"sender", "sent"} and kept["sent"] == {code: today}  # the day only, no scores
    assert "total" not in json.dumps(kept)
    # the same browser, a new page (a new kernel): the browser hands back what it kept
    again = _in_the_browser(ClassSubmit(store=store).follow(_answered(seed=6)), kept)
    again.consent.value, again.code.value = True, code
    said = f"You already sent your scores to class {code} from this browser."
    assert said in again.status.value and again.send_button.disabled
    again.send_button.disabled = False  # a page can re-enable a button; the kernel still refuses
    assert again.send() is False and said in again.status.value and store.count(code) == 1
    other = store.open_class(cap=30).code  # another class: this browser may send to it
    again.code.value = other
    assert not again.send_button.disabled and "ready to send" in again.status.value
    assert again.send() and set(again.memory.value["sent"]) == {code, other}


def test_a_second_tab_of_the_same_browser_is_refused_by_the_store_and_remembers(store, code):
    token = {"sender": "same-browser-token-0123"}
    tab1, tab2 = (
        _in_the_browser(ClassSubmit(store=store).follow(_answered()), dict(token)) for _ in range(2)
    )
    for tab in (tab1, tab2):
        tab.consent.value, tab.code.value = True, code
    assert tab1.send()
    assert tab2.send() is False  # tab 2 opened before tab 1 sent: the store knows the token
    assert f"You already sent your scores to class {code} from this browser." in tab2.status.value
    assert tab2.send_button.disabled and code in tab2.memory.value["sent"]
    assert store.count(code) == 1 and store.class_info(code).refused == 1


def test_the_stores_refusals_are_said_in_plain_words(store):
    closed = store.open_class(cap=30).code
    store.close_class(closed)
    full = store.open_class(cap=1).code
    store.submit(full, "sc-practice", {"total": 3.0}, sender="someone-else-token-01")
    not_taking = "is not taking sends now: check the code, or ask your instructor if it is open."
    cases = {  # closed and never opened read the same: the page does not tell a guesser which exist
        closed: f"Class {closed} {not_taking}",
        full: f"Class {full} is full: it has taken as many sends as your instructor allowed.",
        "NEVER-OPENED-1": f"Class NEVER-OPENED-1 {not_taking}",
    }
    for typed, said in cases.items():
        send = _in_the_browser(ClassSubmit(store=store)).follow(_answered())
        send.consent.value, send.code.value = True, typed
        assert send.send() is False
        assert said in send.status.value and "Traceback" not in send.status.value
        assert typed not in send.memory.value.get("sent", {})  # only a send or a repeat is remembered
    assert store.count(full) == 1 and store.count(closed) == 0


def test_what_the_browser_hands_back_is_checked_before_use(store, code):
    bad = {"sender": "x", "sent": ["not", "a", "map"]}
    send = _in_the_browser(ClassSubmit(store=store), bad).follow(_answered())
    assert re.fullmatch(r"[A-Za-z0-9_-]{24}", send.memory.value["sender"])  # a bad token is replaced
    send.consent.value, send.code.value = True, code
    assert not send.send_button.disabled and send.send()
    assert send.memory.value["sent"] == {code: datetime.now(timezone.utc).date().isoformat()}


def test_a_browser_that_keeps_nothing_is_told_and_can_still_send_once(store, code):
    send = _in_the_browser(ClassSubmit(store=store), available=False).follow(_answered())
    assert "This browser keeps nothing for this page" in send.memory_note.value
    send.consent.value, send.code.value = True, code
    assert send.send() and send.send() is False and store.count(code) == 1


def test_the_widget_says_what_it_cannot_stop_and_draws_its_memory(store):
    send = ClassSubmit(store=store)
    assert "another browser or device could send again" in send.children[0].value
    assert "cap limits how many sends" in send.children[0].value
    assert send.memory in send.children  # drawn (invisibly) with the widget, so the browser answers


# --- following a questionnaire -------------------------------------------------------------------
def test_follows_the_questionnaires_published_scores_not_its_answers(store):
    q = Questionnaire("sc-practice", seed=8)
    send = ClassSubmit(store=store)
    assert send.follow(q) is send and send.scores is None
    q.use_simulated_respondent()
    q.submit()
    assert send.scores["total"] == pytest.approx(q.scores["total"])
    assert "ready to send" in send.status.value
    q.scores = {**q.scores, "total": 2.5}  # what the questionnaire publishes is what is sent
    assert send.scores["total"] == 2.5
    q.scores = None  # cleared: nothing left to send
    assert send.scores is None and "Nothing has been sent" in send.status.value


def test_shows_scores_submitted_before_it_followed(store):
    q = _answered(seed=9)
    send = ClassSubmit(store=store).follow(q)
    assert "ready to send" in send.status.value
    assert send.scores["total"] == pytest.approx(q.scores["total"])


def test_refuses_at_follow_time_a_questionnaire_of_another_instrument(store):
    send = ClassSubmit("sc-practice", store=store)
    with pytest.raises(
        ValueError, match=r"cannot follow a 'co-practice' questionnaire: it sends 'sc-practice'"
    ):
        send.follow(Questionnaire("co-practice"))
    with pytest.raises(ValueError, match="needs a sclab Questionnaire"):
        send.follow(object())
    assert not hasattr(send, "connect")


def test_the_intro_says_what_is_sent_for_its_instrument(store):
    intro = ClassSubmit("scs-sf", store=store).children[0].value
    assert "the six components, the two halves and the total" in intro
