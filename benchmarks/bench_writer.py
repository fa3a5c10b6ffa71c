"""Time the DOCX writer alone, on a synthetic agreement or on the real adult agreement, and
the whole stage from the case to the DOCX bytes of one copy.

Each is run once to warm the reference's per-language caches, then timed:

- ``sample`` (default): a synthetic three-page written agreement: six sections with bullet
  and numbered lists, three tables, a box, a signature block, a header marking and a
  "Page X of Y" footer. It needs nothing but the writer.
- ``agreement``: the real adult agreement for Paul from ``examples/green-reid-england.yaml``
  (about 12,000 characters of markup, 7 pages: nested lists, six tables), rendered by the
  layout exactly as :class:`safeplan.Renderer` does, then handed to the writer alone. This is
  the document the writer's speed is judged on.
- ``copy``: the same copy through ``Renderer._render``: redaction, the layout's context, the
  jinja layout, the leak check (matcher, folding, search) and the writer, everything from the
  case to the bytes but the case's audience (computed once before the loop, as
  ``render_case`` does for all the copies of a case; ``profile_render.py`` times it).

The reference is loaded once, as in a batch run. Prints, per document, the minimum over
``--repeat`` rounds of the mean of ``--number`` renders (the figure to compare on a shared,
noisy machine: run before and after in the same session) and the median of single renders,
both in CPU time (``time.process_time``), which other processes on the machine disturb far
less than wall time. Run::

    .venv/bin/python benchmarks/bench_writer.py [--doc sample|agreement|copy|both|all] [--number N]
"""

from __future__ import annotations

import argparse
import datetime
import statistics
import time
import timeit
from collections.abc import Callable
from pathlib import Path

from safeplan._docx import DocumentInfo, Reference, render_docx


def _section(n: int) -> str:
    rows = "".join(
        f"<tr><td>Person {r}</td><td>Will phone the school every Monday before 9am and "
        f"tell the social worker what was said.</td><td>{r + 1} March 2026</td></tr>"
        for r in range(3)
    )
    table = (
        f'<table header="1" widths="25,50,25"><tr><th>Who</th><th>What they will do</th>'
        f"<th>By when</th></tr>{rows}</table>"
        if n % 2 == 0
        else ""
    )
    return f"""
  <h1>Section {n}: what we are worried about</h1>
  <p>
    Anna &amp; Mark agree that Sam (7) and Lily (4) need to be safe at home. When Mark has been
    drinking, he has shouted and the children have been frightened.
  </p>
  <h2>What will happen</h2>
  <list kind="number">
    <item>Mark will not drink alcohol when he is looking after the children.</item>
    <item>Anna will call <b>999</b> if Mark comes to the house when he has been drinking.
      <list kind="bullet"><item>Sam knows how to call 999 too.</item>
      <item>Lily will stay with Anna.</item></list>
    </item>
    <item>The social worker will visit every week and talk to the children alone.</item>
  </list>
  {table}
"""


MARKUP = (
    '<document lang="en-GB"><title>Written agreement</title>'
    + "".join(_section(n) for n in range(6))
    + "<box><p>If you are worried about the children, call the social worker on "
    "0300 123 4567 or the emergency duty team on 0300 123 9999.</p></box>"
    '<signature label="Signed (Anna)" date="Date"/><signature label="Signed (Mark)" date="Date"/>'
    "</document>"
)

INFO = DocumentInfo(
    title="Written agreement",
    language="en-GB",
    created=datetime.date(2026, 3, 1),
    header_lines=("OFFICIAL-SENSITIVE",),
    footer_lines=("CP-2026-0142 · version 2 · Page {PAGE} of {NUMPAGES}",),
)


def _sample() -> tuple[str, Callable[[], bytes]]:
    ref = Reference.load()
    return "render_docx, sample", lambda: render_docx(MARKUP, reference=ref, info=INFO)


def _agreement() -> tuple[str, Callable[[], bytes]]:
    # The layout's internals are private; this mirrors what Renderer.render does before it
    # calls the writer, so only the writer is timed.
    import safeplan
    from safeplan._copies import redact
    from safeplan._layout.context import agreement_context
    from safeplan._layout.environment import layout_environment
    from safeplan._render import Renderer, _info

    root = Path(__file__).resolve().parent.parent
    agreement = safeplan.load(root / "examples" / "green-reid-england.yaml")
    renderer = Renderer()
    copy = next(c for c in renderer.copies(agreement) if c.recipient == "paul")
    view = redact(agreement, copy)
    profile = renderer.profile(agreement)
    template = layout_environment((), "en").get_template("agreement.xml.j2")
    markup = template.render(agreement_context(view, copy, profile, "en-GB"))
    info = _info(agreement, copy, profile, renderer.config)
    ref, images = renderer._reference, renderer._images

    def run() -> bytes:
        return render_docx(markup, reference=ref, info=info, images=images)

    return f"render_docx, agreement (markup {len(markup)} chars)", run


def _copy() -> tuple[str, Callable[[], bytes]]:
    import safeplan
    from safeplan._copies import audience_of
    from safeplan._render import Renderer

    root = Path(__file__).resolve().parent.parent
    agreement = safeplan.load(root / "examples" / "green-reid-england.yaml")
    renderer = Renderer()
    copy = renderer._choose(agreement, "paul")
    audience = audience_of(agreement)

    def run() -> bytes:
        return renderer._render(agreement, copy, audience)

    return "the adult copy for Paul, case to bytes (audience computed before)", run


def main() -> None:
    """Time each chosen document and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument(
        "--doc", choices=("sample", "agreement", "copy", "both", "all"), default="both"
    )
    parser.add_argument("--number", type=int, default=100, help="renders per round")
    parser.add_argument("--repeat", type=int, default=7, help="rounds")
    args = parser.parse_args()
    makers = {
        "sample": (_sample,),
        "agreement": (_agreement,),
        "copy": (_copy,),
        "both": (_sample, _agreement),
        "all": (_sample, _agreement, _copy),
    }
    for make in makers[args.doc]:
        name, run = make()
        data = run()  # warm the per-language caches
        clock = time.process_time
        rounds = timeit.repeat(run, number=args.number, repeat=args.repeat, timer=clock)
        best = min(rounds) / args.number * 1000
        singles = []
        for _ in range(args.number):
            t0 = time.process_time_ns()
            run()
            singles.append(time.process_time_ns() - t0)
        median = statistics.median(singles) / 1e6
        print(
            f"{name}: CPU min-of-{args.repeat} {best:.3f} ms, "
            f"median {median:.3f} ms per document (docx {len(data)} bytes)"
        )


if __name__ == "__main__":
    main()
