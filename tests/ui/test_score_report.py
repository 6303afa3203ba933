"""ScoreReport: built, following a questionnaire, toggled; its text and figure data, per instrument."""

from __future__ import annotations

import re
from html import escape
from html.parser import HTMLParser

import ipywidgets as widgets
import pandas as pd
import pytest

import sclab
from sclab.populations.comparison import ComparisonSample
from sclab.ui import Questionnaire, ScoreReport
from sclab.ui.palette import side_colour
from support.widget_tree import walk

PRACTICE = ["sc-practice", "co-practice", "mt-practice"]
#: Shown by ScoreReport.show_scores, without wording: the published scales' keys only.
KEY_ONLY = ["scs", "scs-sf"]


def submitted(instrument: str, seed: int = 11) -> Questionnaire:
    q = Questionnaire(instrument, seed=seed)
    q.use_simulated_respondent()
    q.submit()
    return q


def key_only_scores(instrument: str) -> tuple[sclab.Instrument, dict]:
    inst = sclab.load_instrument(instrument, wording=False)
    answers = pd.DataFrame(
        [{iid: 2 if it.reversed else 4 for iid, it in zip(inst.item_ids, inst.items, strict=True)}]
    )
    return inst, inst.score(answers).iloc[0].to_dict()


class _Chart(HTMLParser):
    """The profile chart's rows as drawn: label, bar (score text, width %, colour), diamond (left %)."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.rows: list[dict] = []
        self.legend: list[str] = []
        self.attrs: dict = {}
        self._spans: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        cls, style = a.get("class") or "", a.get("style") or ""
        if cls == "sclab-profile-chart":
            self.attrs = a
        elif cls == "sclab-profile-label":
            self.rows.append({"label": "", "bar": None, "mean": None})
        elif cls == "sclab-profile-bar":
            width = float(re.search(r"width:([\d.]+)%", style)[1])
            colour = re.search(r"background:(#[0-9A-Fa-f]{6})", style)[1]
            self.rows[-1]["bar"] = {"width": width, "colour": colour, "text": ""}
        elif cls == "sclab-profile-mean":
            self.rows[-1]["mean"] = float(re.search(r"left:([\d.]+)%", style)[1])
        elif cls == "sclab-profile-key":
            self.legend.append("")
        if tag == "span":
            self._spans.append(cls)

    def handle_endtag(self, tag):
        if tag == "span" and self._spans:
            self._spans.pop()

    def handle_data(self, data):
        if self._spans[-1:] == ["sclab-profile-label"]:
            self.rows[-1]["label"] += data
        elif self._spans[-1:] == ["sclab-profile-value"]:
            self.rows[-1]["bar"]["text"] += data
        elif "sclab-profile-key" in self._spans:
            self.legend[-1] += data


def sample_seed(report) -> int:
    return report.comparison.seed


def bars_and_dots(report):
    """{label: score shown} per colour, and the sample means read back from the diamonds' places."""
    chart = _Chart(report.chart.value)
    low, high = report.instrument.response.min, report.instrument.response.max
    bars: dict[str, dict[str, float]] = {}
    for row in chart.rows:
        bars.setdefault(row["bar"]["colour"], {})[row["label"]] = float(row["bar"]["text"])
    dots = [low + m / 100 * (high - low) for m in (r["mean"] for r in chart.rows) if m is not None]
    return chart, bars, dots


# --- the contract: follow, refuse at once ------------------------------------------------------------
def test_a_report_refuses_another_instruments_questionnaire_at_follow_time():
    # The old connect() accepted this and failed only inside the observer at submit time (lost in Voila).
    q = Questionnaire("sc-practice")
    with pytest.raises(
        ValueError,
        match=r"ScoreReport cannot follow a 'sc-practice' questionnaire: .*own instrument \(scs-sf\)",
    ):
        ScoreReport("scs-sf").follow(q)
    report = ScoreReport("co-practice")
    with pytest.raises(ValueError, match="own instrument"):
        report.follow(Questionnaire("mt-practice"))
    with pytest.raises(ValueError, match="own instrument"):
        report.show_scores(sclab.load_instrument("sc-practice"), {"total": 3.0})
    with pytest.raises(ValueError, match="needs a sclab Questionnaire"):
        report.follow(object())


def test_follow_returns_the_view_and_shows_an_earlier_submission_at_once():
    q = submitted("sc-practice")
    report = ScoreReport("sc-practice")
    assert report.follow(q) is report
    assert report.report is not None and report.report.total == pytest.approx(q.scores["total"])
    assert report.scores == q.scores


def test_a_sample_of_another_construct_is_refused_at_construction():
    with pytest.raises(ValueError, match=r"compassion for others.*self-compassion"):
        ScoreReport("co-practice", comparison=ComparisonSample.shipped("students-scs"))
    with pytest.raises(ValueError, match="no variable measuring mental toughness"):
        ScoreReport("mt-practice", comparison="students-scs")


# --- the widget, per instrument ----------------------------------------------------------------------
@pytest.mark.parametrize("instrument", PRACTICE)
def test_report_follows_a_submitted_questionnaire(instrument):
    q = Questionnaire(instrument, seed=5)
    report = ScoreReport(instrument).follow(q)
    assert report._details.layout.display == "none" and "Submit" in report.message.value
    q.use_simulated_respondent()
    q.submit()
    inst, scores = q.instrument, q.scores
    chart, bars, dots = bars_and_dots(report)
    shown = {label: x for bar in bars.values() for label, x in bar.items()}
    assert shown == pytest.approx({s.label: scores[s.id] for s in inst.subscales}, abs=0.005)
    assert f"{scores['total']:.2f}, on a scale from 1 to 5" in report.summary.value
    assert f"<h4>Your {inst.measures} practice report</h4>" in report.summary.value
    assert inst.short_name not in report.summary.value  # plain names, no acronym
    # the technical details sit behind a disclosure, after the plain lines
    plain, details = report.summary.value.split("<details class='sclab-workings'>")
    assert details.startswith("<summary>How was this worked out?</summary>")
    assert "seed" not in plain and "card '" not in plain and f"(seed {sample_seed(report)})" in details
    assert report.table.value.count("<tr>") == len(inst.subscales) + 1
    # the chart is one image to a screen reader, described by the table of the same numbers
    table_id = re.search(r"<table id='([^']+)'", report.table.value)[1]
    assert chart.attrs["role"] == "img" and chart.attrs["aria-describedby"] == table_id
    sample = report.comparison
    assert sample is not None and sample.instrument.measures == inst.measures
    assert dots == pytest.approx(
        [sample.values(s.id).mean() for s in inst.subscales if sample.column(s.id) in sample.data], abs=0.005
    )
    assert "Not a diagnosis" in report.children[-1].value
    q.clear()
    assert report.report is None and report._details.layout.display == "none"
    assert "Submit" in report.message.value


@pytest.mark.parametrize("instrument", PRACTICE + KEY_ONLY)
def test_halves_are_named_from_the_instrument_file(instrument):
    inst, scores = key_only_scores(instrument)
    report = ScoreReport(inst)
    report.show_scores(inst, scores)
    html = report.summary.value
    chart, bars, _ = bars_and_dots(report)
    if not inst.has_polarity:
        assert chart.legend[: len(bars)] == ["You"] and "responding" not in html
        assert "uncompassionate" not in report.table.value
        return
    assert chart.legend[:2] == ["You: compassionate side", "You: uncompassionate side"]
    for half in inst.halves:
        members = ", ".join(s.label[0].lower() + s.label[1:] for s in half.subscales)
        assert f"<strong>{half.label}:</strong> {scores[half.id]:.2f} ({members})" in html
        assert set(bars[side_colour(half.id)]) == {s.label for s in half.subscales}
    assert "for the uncompassionate parts, higher means more" in report.table.value


def test_the_compassion_for_others_report_names_indifference_not_self_judgment():
    # The old report wrote "(self-judgment, isolation, over-identification)" for every instrument.
    q = submitted("co-practice")
    html = ScoreReport("co-practice").follow(q).summary.value
    assert (
        f"<strong>Uncompassionate responding:</strong> {q.scores['uncompassionate']:.2f} (indifference); "
        "a higher number means more of this uncaring response."
    ) in html
    assert "self-judgment" not in html and "over-identification" not in html


@pytest.mark.parametrize("instrument", KEY_ONLY)
def test_published_scales_show_their_band_and_caveats_without_wording(instrument):
    inst, scores = key_only_scores(instrument)
    report = ScoreReport(inst)
    report.show_scores(inst, scores)
    assert report.report.band == "high" and "in the high range (3.51-5.00)" in report.summary.value
    assert report.comparison.card_id == "students-scs"
    if instrument == "scs-sf":
        assert "short-form subscales" in report.caveats.value


def test_the_group_toggle_redraws_and_page_values_are_checked():
    q = submitted("sc-practice")
    report = ScoreReport("sc-practice").follow(q)
    everyone = bars_and_dots(report)[2]
    report.group.value = "woman"
    assert bars_and_dots(report)[2] != everyone
    women = len(report.comparison.values("total", "woman"))
    assert f"{women} simulated students (women only) built from a Spanish university study" in (
        report.summary.value
    )
    assert "with women or men only" in report.groups_note.value and "Yarnell" in report.groups_note.value
    with pytest.raises(Exception, match="Invalid selection"):
        report.group.value = "robot"  # a page visitor cannot pick a group that does not exist


def test_no_comparison_shows_no_sample_and_no_percentile():
    q = submitted("mt-practice")
    report = ScoreReport("mt-practice", comparison=None).follow(q)
    chart, _, dots = bars_and_dots(report)
    assert dots == [] and "Sample mean" not in chart.legend and "Where you stand" not in report.summary.value
    assert [label for label, _ in report.group.options] == ["Everyone"]


def test_an_unscored_total_says_why_there_is_no_report():
    inst = sclab.load_instrument("sc-practice")
    report = ScoreReport(inst)
    report.show_scores(inst, inst.score(pd.DataFrame([{i: None for i in inst.item_ids}])).iloc[0])
    assert "No report yet" in report.message.value and report.report is None


def test_every_control_is_labelled():
    report = ScoreReport("sc-practice")
    for w in walk(report):
        if isinstance(w, (widgets.Button, widgets.ToggleButtons)):
            assert w.description or w.tooltip, f"unlabelled control {type(w).__name__}"


def test_the_care_note_is_part_of_the_report_unless_the_page_shows_it():
    from sclab.ui import CareNote

    assert any(isinstance(w, CareNote) for w in ScoreReport("sc-practice", comparison=None).children)
    assert not any(
        isinstance(w, CareNote) for w in ScoreReport("sc-practice", comparison=None, care=False).children
    )


# --- keeping it: the saved file and the print rules -------------------------------------------------
class _Refs(HTMLParser):
    """Every tag and every attribute that could fetch or open something outside the document."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.refs: list[tuple[str, str, str]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.refs += [(tag, k, v or "") for k, v in attrs if k in {"src", "href", "srcset", "action", "data"}]


def saved(report) -> tuple[str, str]:
    sent: list[dict] = []
    report.save_button.send = sent.append  # what the kernel sends the browser
    report.save_button._on_message(report.save_button, {"kind": "save"}, [])
    assert len(sent) == 1
    return sent[0]["name"], sent[0]["text"]


def test_save_my_report_hands_over_one_self_contained_document_with_the_numbers_shown():
    q = submitted("sc-practice", seed=4)
    report = ScoreReport("sc-practice", comparison="students-scs", care=False).follow(q)
    name, html = saved(report)
    rep = report.report
    assert re.fullmatch(r"self-compassion-practice-report-\d{4}-\d{2}-\d{2}\.html", name)
    assert html.startswith("<!DOCTYPE html>") and html.count("<html") == 1 and html.endswith("</html>")
    refs = _Refs(html)
    assert refs.refs == [] and not {"script", "link", "img", "iframe", "object"} & set(refs.tags)
    assert "url(" not in html and "@import" not in html and "@media print" in html
    # the numbers on screen, the chart, the table and the care note with help resources
    for shown in (
        f"{rep.total:.2f}, on a scale from 1 to 5",
        rep.interval_text(),
        f"About {rep.percentile:.0f}%",
    ):
        assert shown in html
    assert report.chart.value in html and report.table.value in html
    from sclab.config import load_config

    cfg = load_config()
    assert "Not a diagnosis." in html and all(escape(r.name) in html for r in cfg.help_resources)
    # help lines keep their address as text, not as a link out of the file
    assert all(escape(r.url) in html for r in cfg.help_resources if r.url)
    assert report.save_button.saves == 1


def test_save_before_a_report_says_why_and_sends_no_file():
    report = ScoreReport("sc-practice", comparison=None)
    sent: list[dict] = []
    report.save_button.send = sent.append
    report.save_button._on_message(report.save_button, {"kind": "save"}, [])
    report.save_button._on_message(report.save_button, {"kind": "anything else"}, [])
    assert sent == [
        {
            "kind": "error",
            "message": "The file could not be made: there is no report yet: submit the questionnaire first",
        }
    ]
    assert report.save_button.saves == 0


def test_the_page_carries_print_rules_scoped_to_the_report():
    report = ScoreReport("sc-practice")
    assert "sclab-score-report" in report._dom_classes
    styles = [w.value for w in walk(report) if isinstance(w, widgets.HTML) and "<style>" in w.value]
    assert len(styles) == 1 and "@media print {" in styles[0]
    rules = styles[0]
    assert ".sclab-score-report button" in rules and "display:none" in rules and "break-inside:avoid" in rules


def test_a_sample_without_groups_hides_the_group_choice_and_says_why():
    report = ScoreReport("co-practice")  # its sample reports no groups
    assert report.group.layout.display == "none"
    assert "not split into groups" in report.groups_note.value
