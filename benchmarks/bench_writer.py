"""Time the DOCX writer alone on a representative three-page written agreement.

Six sections with bullet and numbered lists, three tables, a box, a signature block, a header
marking and a "Page X of Y" footer; the reference is loaded once, as in a batch run. Prints the
median milliseconds per document (and the output size). Run::

    .venv/bin/python benchmarks/bench_writer.py [N]
"""

from __future__ import annotations

import datetime
import statistics
import sys
import time

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


def main() -> None:
    """Render the sample N times and print the median time per document."""
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    ref = Reference.load()
    data = render_docx(MARKUP, reference=ref, info=INFO)  # warm the per-language caches
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        render_docx(MARKUP, reference=ref, info=INFO)
        times.append(time.perf_counter() - t0)
    print(
        f"render_docx: median {statistics.median(times) * 1000:.2f} ms per document "
        f"(N={n}, markup {len(MARKUP)} chars, docx {len(data)} bytes)"
    )


if __name__ == "__main__":
    main()
