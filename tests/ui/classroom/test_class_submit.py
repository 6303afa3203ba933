"""``ClassSubmit``: nothing is sent without consent, a valid code and a submission; only scores go, once.

Built, set and clicked without a browser, against a temporary SQLite store.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from sclab.classroom.store import SUBMISSIONS, ClassStore
from sclab.ui import Questionnaire
from sclab.ui.classroom.class_submit import ClassSubmit

EVIL = "<script>alert(1)</script>"


@pytest.fixture
def store(tmp_path):
    return ClassStore(f"sqlite:///{tmp_path / 'class.sqlite3'}")


def _rows(store: ClassStore) -> list[dict]:
    with store.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(select(SUBMISSIONS))]


def _answered(seed: int = 3, instrument: str = "sc-practice") -> Questionnaire:
    q = Questionnaire(instrument, seed=seed)
    q.use_simulated_respondent()
    q.submit()
    return q


def test_nothing_is_sent_without_consent_a_code_and_a_submission(store):
    q = Questionnaire("sc-practice", seed=3)
    send = ClassSubmit(store=store).follow(q)
    send.consent.value, send.code.value = True, "PSY101"
    send.send_button.click()  # answers not submitted yet
    assert store.count("PSY101") == 0 and "Submit answers first" in send.status.value
    q.use_simulated_respondent()
    q.submit()
    send.consent.value = False
    send.send_button.click()
    assert store.count("PSY101") == 0 and "Tick the box" in send.status.value
    send.consent.value, send.code.value = True, "no"  # too short for a class code
    send.send_button.click()
    assert store.count("PSY101") == 0 and "Not sent" in send.status.value
    assert _rows(store) == []


def test_only_scores_are_sent_once_and_a_message_confirms(store):
    q = _answered(seed=5)
    send = ClassSubmit(store=store).follow(q)
    send.consent.value, send.code.value = True, "  PSY101-A "
    send.send_button.click()
    (row,) = _rows(store)
    expected = q.instrument.score(q.answers).iloc[0]
    allowed = {s.id for s in q.instrument.subscales} | {"compassionate", "uncompassionate", "total"}
    assert set(row["scores"]) == allowed  # no band, interval, flags or item answers
    assert not set(row["scores"]) & set(q.instrument.item_ids)
    assert row["scores"]["total"] == pytest.approx(float(expected["total"]))
    assert row["class_code"] == "PSY101-A" and row["instrument"] == "sc-practice"
    assert "Sent" in send.status.value and "PSY101-A" in send.status.value
    assert send.send_button.disabled
    send.send_button.disabled = False  # a page can re-enable a button; the kernel still refuses
    assert send.send() is False and store.count("PSY101-A") == 1
    assert "Already sent" in send.status.value


def test_submit_messages_escape_the_typed_code(store):
    send = ClassSubmit(store=store).follow(_answered())
    send.consent.value, send.code.value = True, EVIL
    send.send_button.click()
    assert "<script>" not in send.status.value and "&lt;script&gt;" in send.status.value
    assert _rows(store) == []


def test_an_unreachable_store_gives_a_message_not_a_traceback():
    class Broken:
        def submit(self, *args):
            raise ConnectionError("down")

    send = ClassSubmit(store=Broken()).follow(_answered())
    send.consent.value, send.code.value = True, "PSY101"
    assert send.send() is False and "could not be reached" in send.status.value


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
