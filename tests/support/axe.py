"""axe-core in a rendered Voila page: wait for its widgets, run the engine, measure what a phone shows.

axe-core is the engine bundled with axe-playwright-python (4.12; nothing is downloaded). A Voila page
streams its cells, then draws its widgets from the kernel's state, then plotly draws its figures; so
:func:`wait_for_widgets` waits until every output area holds something, every plotly figure has its
SVG, and the page has not changed for a moment (a MutationObserver installed by :data:`QUIET_SCRIPT`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

__all__ = [
    "BLOCKING",
    "IMPACTS",
    "QUIET_SCRIPT",
    "AxeFinding",
    "figures_without_text",
    "findings",
    "impact_counts",
    "run_axe",
    "scroll_widths",
    "wait_for_widgets",
]

#: axe's impact levels, least to most severe.
IMPACTS = ("minor", "moderate", "serious", "critical")
#: The impacts a page must not have (issue 15, deliverable 3).
BLOCKING = ("serious", "critical")

#: Installed before any page script: the time of the page's last DOM change, in ``window.__sclabChanged``.
QUIET_SCRIPT = """(() => {
  window.__sclabChanged = performance.now();
  new MutationObserver(() => { window.__sclabChanged = performance.now(); })
    .observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
})();"""

_RENDERED = """(quietMs) => {
  const cells = document.getElementById('rendered_cells');
  if (!cells || getComputedStyle(cells).display === 'none') return false;
  if (document.querySelector('script[type="application/vnd.voila.cell-output+json"]')) return false;
  const outputs = [...document.querySelectorAll('.jp-OutputArea-output')];
  if (outputs.some(o => !o.firstElementChild && !o.textContent.trim())) return false;
  const widgets = [...document.querySelectorAll('.jp-OutputArea-output .lm-Widget')];
  if (outputs.length && !widgets.length && document.querySelector('[data-mime-type*="widget"]')) return false;
  const plots = [...document.querySelectorAll('.js-plotly-plot')];
  if (plots.some(p => !p.querySelector('.main-svg'))) return false;
  return performance.now() - window.__sclabChanged > quietMs;
}"""


def wait_for_widgets(page, *, timeout_ms: int = 120_000, quiet_ms: int = 1500) -> None:
    """Wait until the page's widgets and figures are drawn and the page has been still for ``quiet_ms``."""
    page.wait_for_function(_RENDERED, arg=quiet_ms, timeout=timeout_ms, polling=250)


def run_axe(page) -> list[dict]:
    """axe-core's violations on the page as it is now (its WCAG 2.x A/AA rules and best practices)."""
    from axe_playwright_python.sync_playwright import Axe

    return Axe().run(page).response["violations"]


@dataclass(frozen=True)
class AxeFinding:
    """One violated rule on one page: its impact, how many elements, and the first few of them."""

    rule: str
    impact: str
    help: str
    nodes: int
    targets: list[str] = field(default_factory=list)
    html: list[str] = field(default_factory=list)

    def line(self) -> str:
        where = "; ".join(f"{t} {h}" for t, h in zip(self.targets, self.html, strict=False))
        return f"{self.rule} ({self.impact}, {self.nodes} elements): {self.help}. {where}"


def findings(violations: list[dict], *, keep: int = 3) -> list[AxeFinding]:
    """axe's violations as :class:`AxeFinding`, most severe first."""
    out = []
    for v in violations:
        nodes = v.get("nodes", [])
        targets = [" ".join(map(str, n.get("target", []))) for n in nodes[:keep]]
        html = [n.get("html", "")[:160] for n in nodes[:keep]]
        out.append(
            AxeFinding(v["id"], v.get("impact") or "minor", v.get("help", ""), len(nodes), targets, html)
        )
    return sorted(out, key=lambda f: (-IMPACTS.index(f.impact), f.rule))


def impact_counts(violations: list[dict]) -> dict[str, int]:
    """How many elements violate a rule, per impact (every impact present, zero or more)."""
    counts = Counter()
    for v in violations:
        counts[v.get("impact") or "minor"] += len(v.get("nodes", []))
    return {impact: counts.get(impact, 0) for impact in IMPACTS}


_WIDTHS = """() => {
  const root = document.documentElement;
  const out = {viewport: window.innerWidth, document: {scroll: root.scrollWidth, client: root.clientWidth}};
  const cells = document.getElementById('rendered_cells');
  if (cells) out.rendered_cells = {scroll: cells.scrollWidth, client: cells.clientWidth,
                                   overflow_x: getComputedStyle(cells).overflowX};
  const edge = window.innerWidth + 1;
  const clipped = (e) => {  // inside a box that clips or scrolls it, and that box itself fits
    for (let a = e.parentElement; a && a !== cells && a !== document.body; a = a.parentElement) {
      if (getComputedStyle(a).overflowX !== 'visible' && a.getBoundingClientRect().right <= edge) return true;
    }
    return false;
  };
  const wide = [...document.querySelectorAll('#rendered_cells *')]
    .filter(e => e.getClientRects().length && e.getBoundingClientRect().right > edge)
    .filter(e => !e.closest('.js-plotly-plot') || e.classList.contains('js-plotly-plot'))
    .filter(e => !clipped(e));
  out.wider_than_screen = wide.slice(0, 8).map(e => {
    const r = e.getBoundingClientRect();
    const classes = [...e.classList].slice(0, 3).join('.');
    return `${e.tagName.toLowerCase()}.${classes} right=${Math.round(r.right)}`;
  });
  out.n_wider_than_screen = wide.length;
  // boxes whose content is wider than they are (cut off, or scrolling sideways inside the page)
  const boxes = [...document.querySelectorAll('#rendered_cells *')]
    .filter(e => !e.closest('.js-plotly-plot') && e.getClientRects().length)
    .filter(e => getComputedStyle(e).overflowX !== 'visible' && e.scrollWidth > e.clientWidth + 1);
  out.boxes_wider_inside = boxes.slice(0, 8).map(e => {
    const classes = [...e.classList].slice(-2).join('.');
    return `${e.tagName.toLowerCase()}.${classes} ${e.scrollWidth} in ${e.clientWidth}`;
  });
  out.n_boxes_wider_inside = boxes.length;
  return out;
}"""


def scroll_widths(page) -> dict:
    """The page's scroll width against its width, Voila's scrolling area's (``#rendered_cells``), the
    elements that run past the screen's right edge (not counting those inside a box that fits), and
    the boxes whose content is wider than they are (a table scrolling in its own box, a cut figure)."""
    return page.evaluate(_WIDTHS)


_FIGURES = """() => [...document.querySelectorAll('.js-plotly-plot')].map((plot, i) => {
  const text = ids => (ids || '').split(/\\s+/).filter(Boolean)
    .map(id => document.getElementById(id)).filter(Boolean)
    .filter(el => !el.closest('[aria-hidden="true"]'))
    .map(el => el.textContent.trim()).join(' ').trim();
  let name = '', description = '';
  for (let el = plot; el && el !== document.body && !(name && description); el = el.parentElement) {
    name = name || (el.getAttribute('aria-label') || '').trim() || text(el.getAttribute('aria-labelledby'));
    description = description || text(el.getAttribute('aria-describedby'));
    const fig = el.tagName === 'FIGURE' ? el.querySelector('figcaption') : null;
    if (fig) description = description || fig.textContent.trim();
  }
  const hidden = !!plot.closest('[aria-hidden="true"]');
  const title = (plot.querySelector('.gtitle') || {}).textContent || '';
  return {index: i, title: title.trim(), name: hidden ? '' : name, description: hidden ? '' : description,
          role: plot.getAttribute('role') || ''};
})"""


def figures_without_text(page) -> tuple[list[dict], list[dict]]:
    """Every plotly figure with what a screen reader is given for it, and those given nothing.

    A figure has a text alternative when it (or a box around it) has an accessible name
    (``aria-label``, ``aria-labelledby``) or description (``aria-describedby`` to a table, a caption).
    """
    figures = page.evaluate(_FIGURES)
    return figures, [f for f in figures if not (f["name"] or f["description"])]
