"""The ``sclab`` command.

``sclab instruments`` lists the instruments; ``sclab score FILE --instrument ID`` scores a survey
export, keeping every row in order with its flags, and prints a summary to stderr. Exit status:
0 when it scored (flagged rows included), 2 with a one-line reason when the input is unusable.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

__all__ = ["main"]


def _cmd_instruments(args: argparse.Namespace) -> int:
    from sclab.measure.instrument import list_instruments
    from sclab.measure.wording import wording_dir

    try:
        instruments = list_instruments()
    except ValueError as exc:  # a broken local wording file
        print(f"sclab instruments: {exc}", file=sys.stderr)
        return 2
    for inst in instruments:
        state = "administrable" if inst.administrable else "key only (no wording installed)"
        print(f"{inst.id:<12} {inst.short_name:<7} {inst.n_items:>3} items  {inst.kind:<9} {state}")
        print(f"{'':<12} {inst.name}; answers {inst.response.describe()}; total: {inst.total.rule}")
    print(f"\nPublished wording for scs / scs-sf is read from {wording_dir()} (see README).")
    return 0


def _cmd_wording_dir(args: argparse.Namespace) -> int:
    from sclab.measure.wording import wording_dir

    print(wording_dir())
    return 0


def _summarise(responses, scores, file: str) -> list[str]:
    status = scores["status"]
    n = len(scores)
    items_from = responses.item_columns[0] + " .. " + responses.item_columns[-1]
    out = [f"sclab score: {n} rows read from {file} ({responses.format} export; items {items_from})"]
    out += [f"  note: {note}" for note in responses.notes]
    out.append(f"  {int((status == 'complete').sum())} scored, every answer valid")
    for state, title in (("partial", "scored with flags"), ("unscored", "not scored (total missing)")):
        where = [i for i, s in enumerate(status) if s == state]
        out.append(f"  {len(where)} {title}")
        for i in where[:20]:
            out.append(f"    {responses.row_name(i)}: {scores['flags'].iloc[i]}")
        if len(where) > 20:
            out.append(f"    ... and {len(where) - 20} more (see the flags column)")
    return out


def _cmd_score(args: argparse.Namespace) -> int:
    from sclab.csv_cells import to_csv
    from sclab.measure.survey_exports import read_responses

    try:
        responses = read_responses(args.file, args.instrument, items=args.items, format=args.format)
        table = responses.scored_table()
    except FileNotFoundError:
        print(f"sclab score: no such file: {args.file}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"sclab score: {args.file}: cannot read it ({exc.strerror or exc})", file=sys.stderr)
        return 2
    except ValueError as exc:
        print(f"sclab score: {args.file}: {exc}", file=sys.stderr)
        return 2
    scores = responses.score()
    lines = _summarise(responses, scores, args.file)
    if args.out:
        try:
            to_csv(table, args.out)
        except OSError as exc:
            print(f"sclab score: cannot write {args.out} ({exc.strerror or exc})", file=sys.stderr)
            return 2
        lines.append(f"wrote {args.out} ({len(table)} rows, {table.shape[1]} columns)")
    else:
        to_csv(table, sys.stdout)
    print("\n".join(lines), file=sys.stderr)
    return 0


#: Where a source checkout has what a command serves, for installs that do not ship it.
_FROM_SOURCE = {
    "course": "the course notebooks come with the source: clone the repository and run the "
    "README's course command there",
    "dashboards": "the dashboards come with the source (course/dashboards): clone the repository "
    "and run sclab serve there",
}


def _folder_and_program(command: str, kind: str, module: str, program: str) -> Path | None:
    """The shipped folder ``kind`` if it and the course extra's ``module`` are there; else say what to do."""
    import importlib.util

    from sclab.resources import shipped

    try:
        folder = shipped(kind)
    except FileNotFoundError:
        print(f"sclab {command}: {_FROM_SOURCE[kind]}", file=sys.stderr)
        return None
    if importlib.util.find_spec(module) is None:
        print(
            f"sclab {command}: {program} is not installed; "
            "install the course extra: pip install -e '.[course]'",
            file=sys.stderr,
        )
        return None
    return folder


def _cmd_lab(args: argparse.Namespace) -> int:
    import subprocess

    folder = _folder_and_program("lab", "course", "jupyterlab", "JupyterLab")
    if folder is None:
        return 2
    cmd = [sys.executable, "-m", "jupyterlab", f"--ServerApp.root_dir={folder}", "--ServerApp.ip=127.0.0.1"]
    if args.port:
        cmd.append(f"--ServerApp.port={args.port}")
    if args.no_browser:
        cmd.append("--no-browser")
    if hasattr(os, "geteuid") and os.geteuid() == 0:  # containers often run as root
        cmd.append("--allow-root")
    print(f"sclab lab: opening JupyterLab on {folder} (Ctrl+C to stop)", file=sys.stderr)
    return subprocess.call(cmd)


def _cmd_serve(args: argparse.Namespace) -> int:
    from sclab.classroom.serving import serve

    folder = _folder_and_program("serve", "dashboards", "voila", "Voila")
    if folder is None:
        return 2
    if not 1 <= args.port <= 65535:
        print(f"sclab serve: --port must be 1-65535; got {args.port}", file=sys.stderr)
        return 2
    from sclab.classroom.access import check_key
    from sclab.classroom.serving import KEY_ENV

    key = args.key or os.environ.get(KEY_ENV) or None
    try:
        key = check_key(key) if key else None
    except ValueError as exc:
        print(f"sclab serve: --key: {exc}", file=sys.stderr)
        return 2
    for name in ("class_size", "max_kernels", "kernel_mb"):
        value = getattr(args, name)
        if value is not None and value < 1:
            option = "--" + name.replace("_", "-")
            print(f"sclab serve: {option} must be at least 1; got {value:g}", file=sys.stderr)
            return 2
    if args.free_after < 5:
        print(f"sclab serve: --free-after must be at least 5 seconds; got {args.free_after}", file=sys.stderr)
        return 2
    return serve(
        folder,
        port=args.port,
        preheat=args.preheat,
        ip=args.ip,
        store_url=args.store,
        key=key,
        class_size=args.class_size,
        max_kernels=args.max_kernels,
        kernel_mb=args.kernel_mb,
        free_after=args.free_after,
    )


def _cmd_cards(args: argparse.Namespace) -> int:
    from sclab.populations.card import card_ids, load_card

    try:
        cards = [load_card(c) for c in card_ids()]
    except ValueError as exc:
        print(f"sclab cards: {exc}", file=sys.stderr)
        return 2
    for card in cards:
        figs = card.figures_with_paths()
        cited = sum(f.source is not None for _, f in figs)
        names = ", ".join(v.id for v in card.variables)
        variants = f"; variants: {', '.join(card.variants)}" if card.variants else ""
        counts = f"{cited} sourced / {len(figs) - cited} assumed figures"
        print(f"{card.id:<26} N = {card.n.value:g}  {counts}{variants}")
        print(f"{'':<26} {card.title}")
        print(f"{'':<26} variables: {names}")
    return 0


def _cmd_simulate(args: argparse.Namespace) -> int:
    from sclab.csv_cells import safe_frame
    from sclab.populations.samples import snapshot_csv
    from sclab.populations.simulate import simulate
    from sclab.validation import seed, whole_number

    try:
        whole_number(args.n, "--n", 1)
        seed(args.seed, "--seed")
        frame = simulate(args.card, n=args.n, seed=args.seed, variant=args.variant)
    except ValueError as exc:
        print(f"sclab simulate: {' '.join(str(exc).split())}", file=sys.stderr)
        return 2
    text = snapshot_csv(safe_frame(frame))  # a card's group labels are text: no formula may start one
    if args.out:
        try:
            with open(args.out, "w", encoding="utf-8", newline="") as fh:
                fh.write(text)
        except OSError as exc:
            print(f"sclab simulate: cannot write {args.out} ({exc.strerror or exc})", file=sys.stderr)
            return 2
        print(f"wrote {args.out} ({len(frame)} rows, {frame.shape[1]} columns)", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def _add_serve(sub) -> None:
    """The ``serve`` command and its options."""
    srv = sub.add_parser("serve", help="serve the instructor dashboards with Voila (on 127.0.0.1, offline)")
    srv.add_argument("--port", type=int, default=8866, help="port (default 8866)")
    srv.add_argument(
        "--preheat",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="keep one kernel ready per dashboard so pages open faster (default: on)",
    )
    srv.add_argument(
        "--ip",
        default="127.0.0.1",
        help="address to listen on (default 127.0.0.1: this machine only; 0.0.0.0 or this machine's "
        "network address to serve a class: see course/dashboards/README.md)",
    )
    srv.add_argument(
        "--store",
        help="SQLAlchemy URL of the class results store (default: $SCLAB_STORE_URL "
        "or a SQLite file in the user data folder)",
    )
    srv.add_argument(
        "--key",
        help="the instructor's key for the instructor pages (default: $SCLAB_INSTRUCTOR_KEY, "
        "or a new random key each run, printed in the instructor addresses)",
    )
    srv.add_argument(
        "--class-size",
        type=int,
        help="students expected: the student page keeps this many kernels ready, as far as memory holds, "
        "and the server caps live kernels from it (default: one ready kernel per page)",
    )
    srv.add_argument(
        "--max-kernels",
        type=int,
        help="most kernels alive at once; past it a visitor sees a 'server is full' page that retries "
        "(default: from --class-size and the memory available)",
    )
    srv.add_argument(
        "--kernel-mb",
        type=float,
        help="memory of one student kernel in MB, in place of the figure measured for this release",
    )
    srv.add_argument(
        "--free-after",
        type=int,
        default=60,
        help="seconds after which a kernel with no page connected is shut down (default 60)",
    )
    srv.set_defaults(func=_cmd_serve)


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="sclab", description="Self-Compassion Lab: course tools.")
    sub = p.add_subparsers(dest="command", required=True)
    sub.add_parser("instruments", help="list the instruments").set_defaults(func=_cmd_instruments)
    sub.add_parser("wording-dir", help="print where published wording files are looked for").set_defaults(
        func=_cmd_wording_dir
    )
    s = sub.add_parser("score", help="score a survey export (plain CSV, Qualtrics, Google Forms)")
    s.add_argument("file", help="the CSV export")
    s.add_argument("--instrument", "-i", required=True, help="instrument id (see `sclab instruments`)")
    s.add_argument("--items", help="item column pattern with {n}, e.g. 'Q{n}' or 'Q1_{n}' (default: detect)")
    s.add_argument("--format", default="auto", choices=["auto", "plain", "qualtrics", "google-forms"])
    s.add_argument("--out", "-o", help="where to write the scored CSV (default: standard output)")
    s.set_defaults(func=_cmd_score)
    sub.add_parser("cards", help="list the parameter cards of the simulated samples").set_defaults(
        func=_cmd_cards
    )
    sim = sub.add_parser("simulate", help="simulate a sample from a parameter card, as CSV")
    sim.add_argument("card", help="card id (see `sclab cards`)")
    sim.add_argument("--n", type=int, required=True, help="number of respondents")
    sim.add_argument("--seed", type=int, required=True, help="random seed; the same seed gives the same file")
    sim.add_argument("--variant", help="for cards with variants, which one (default: the card's default)")
    sim.add_argument("--out", "-o", help="where to write the CSV (default: standard output)")
    sim.set_defaults(func=_cmd_simulate)
    lab = sub.add_parser("lab", help="open the course notebooks in JupyterLab (on 127.0.0.1)")
    lab.add_argument("--port", type=int, help="port for JupyterLab (default: its own choice, 8888)")
    lab.add_argument("--no-browser", action="store_true", help="do not open a browser tab")
    lab.set_defaults(func=_cmd_lab)
    _add_serve(sub)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
