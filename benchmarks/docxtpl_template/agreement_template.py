"""The docxtpl side of the benchmark: safeplan's adult layout as a Word template with jinja tags.

:func:`build_template` makes the template with python-docx, starting from safeplan's own
reference DOCX (so both sides use the same styles, numbering definitions, page setup, header and
footer parts). It holds the equivalent of ``src/safeplan/templates/agreement.xml.j2``: the same
sections and headings, bullet and numbered lists (``{%p for %}``), the tables (children, contact
details, commitments, reviews, support, signatures) with ``{%tr for %}`` rows, the marking in the
header and footer, "Page X of Y" fields. The bytes are deterministic (fixed zip timestamps).

:func:`jinja_env` and :func:`context` give docxtpl what safeplan's renderer gives its layout: an
autoescaping environment whose ``date`` and ``join_words`` filters format with babel, and a
context built from the (already redacted) agreement.

Run this file to write the template next to it, to open it in Word::

    .venv/bin/python benchmarks/docxtpl_template/agreement_template.py [OUT.docx]
"""

from __future__ import annotations

import io
import sys
import zipfile
from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import Any

import babel.dates
import babel.lists
import docx
import jinja2
from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Twips

from safeplan._case import signatories  # who is asked to sign, in order (as safeplan's layout)

BULLET_NUM = 1  # numbering instances in safeplan's reference.docx: 1 bullets, 2 numbers
NUMBER_NUM = 2
TEXT_WIDTH = 11906 - 2 * 1440  # A4 minus the reference's margins, in twips

Runs = str | list[tuple[str, bool | int]]  # plain text, or (text, bold) runs


# --------------------------------------------------------------------------------------------
# Building the template
# --------------------------------------------------------------------------------------------


class _Builder:
    def __init__(self, reference: bytes) -> None:
        self.doc = docx.Document(io.BytesIO(reference))
        body = self.doc.element.body
        for el in list(body):
            if el.tag != qn("w:sectPr"):
                body.remove(el)

    def p(self, runs: Runs, style: str = "Normal") -> Any:
        par = self.doc.add_paragraph(style=style)
        for text, bold in [(runs, False)] if isinstance(runs, str) else runs:
            run = par.add_run(text)
            if bold:
                run.bold = True
        return par

    def tag(self, text: str) -> None:
        """A paragraph holding only a ``{%p ... %}`` tag (docxtpl drops the paragraph)."""
        self.p("{%p " + text + " %}")

    def item(self, runs: Runs, num_id: int = BULLET_NUM, level: int = 0) -> None:
        par = self.p(runs, "List Paragraph")
        num_pr = OxmlElement("w:numPr")
        for name, val in (("w:ilvl", level), ("w:numId", num_id)):
            el = OxmlElement(name)
            el.set(qn("w:val"), str(val))
            num_pr.append(el)
        par._p.get_or_add_pPr().append(num_pr)

    def table(self, headers: list[str], widths: list[int], rows: list[list[Runs]]) -> None:
        """A table: a repeated bold header row, then ``rows``. A row of one string starting
        ``{%tr`` is a docxtpl row tag; other rows give one cell content per column."""
        cols = len(headers)
        table = self.doc.add_table(rows=1 + len(rows), cols=cols)
        table.style = "Table Grid"
        twips = [TEXT_WIDTH * w // 100 for w in widths]
        for r, row in enumerate(table.rows):
            tr_pr = row._tr.get_or_add_trPr()
            tr_pr.append(OxmlElement("w:cantSplit"))
            if r == 0:
                tr_pr.append(OxmlElement("w:tblHeader"))
            content: list[Runs] = [[(h, True)] for h in headers] if r == 0 else list(rows[r - 1])
            content += [""] * (cols - len(content))
            for cell, width, runs in zip(row.cells, twips, content, strict=True):
                cell.width = Twips(width)
                par = cell.paragraphs[0]
                for text, bold in [(runs, False)] if isinstance(runs, str) else runs:
                    if text:
                        run = par.add_run(text)
                        if bold:
                            run.bold = True

    def signature_line(self, cell: Any, label: str, date: str | None) -> None:
        sig = cell.add_paragraph(label + ("\t " + date if date is not None else "") + "\t")
        fmt = sig.paragraph_format
        fmt.space_before, fmt.space_after, fmt.keep_together = Twips(600), Twips(240), True
        stops = (TEXT_WIDTH * 3 // 5, TEXT_WIDTH) if date is not None else (TEXT_WIDTH,)
        for pos in stops:
            fmt.tab_stops.add_tab_stop(Twips(pos), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.LINES)

    def signature_table(self) -> None:
        """safeplan's signatures block: a one-column table, one row for each person asked to
        sign, whose cell holds the name, why they sign, and their answer or the lines to sign
        on."""
        table = self.doc.add_table(rows=3, cols=1)
        table.style = "Table Grid"
        opening, row, closing = table.rows
        opening.cells[0].paragraphs[0].add_run("{%tr for s in signatories %}")
        closing.cells[0].paragraphs[0].add_run("{%tr endfor %}")
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        cell = row.cells[0]
        cell.width = Twips(TEXT_WIDTH)

        def par(text: Runs, style: str = "Normal") -> None:
            para = cell.add_paragraph(style=style)
            for t, bold in [(text, False)] if isinstance(text, str) else text:
                run = para.add_run(t)
                if bold:
                    run.bold = True

        def tag(text: str) -> None:
            par("{%p " + text + " %}")

        first = cell.paragraphs[0]
        first.add_run("{%p set p = person(s.id) %}")
        par("{{ p.name }}", "Heading 2")
        tag('if s.reason.value == "lead"')
        par("{{ p.job_title }}. Leads the plan, and signs for {{ name(p.agency) }}.")
        tag('elif s.reason.value == "approver"')
        par("{{ p.job_title }}. Approved this agreement, and signs for {{ name(p.agency) }}.")
        tag("elif s.professional")
        par("{{ p.job_title }}, {{ name(p.agency) }}")
        tag('elif s.reason.value in ("parent", "terms", "recorded")')
        tag("if p.relationship")
        par("{{ p.relationship }}")
        tag("endif")
        tag("else")
        par(
            "{% if p.relationship %}{{ p.relationship }}. {% endif %}Asked to sign because they "
            "have agreed to do their part in this plan."
        )
        tag("endif")
        tag("if s.answered")
        par("{{ signed_words[s.signature.status.value] }} {{ s.signature.date | date }}.")
        tag("if s.signature.reason")
        tag("if not harm_reader or s.id == recipient.id or s.professional")
        par([("Their reasons, in their words:", True), (" “{{ s.signature.reason }}”", False)])
        tag("else")
        par("They gave their reasons. Those are in their own copy and the professional copy.")
        tag("endif")
        tag("endif")
        tag("else")
        par(
            "☐ I sign this agreement.\u00a0\u00a0\u00a0 ☐ I sign it with reservations."
            "\u00a0\u00a0\u00a0 ☐ I do not sign it."
        )
        self.signature_line(cell, "My reasons, if I sign with reservations or do not sign:", None)
        self.signature_line(cell, "", None)
        self.signature_line(cell, "Signed", "Date")
        tag("endif")

    def field_runs(self, par: Any, instr: str) -> None:
        for kind, text in (("begin", None), (None, instr), ("separate", None), (None, "1")):
            run = par.add_run()
            if kind is not None:
                fld = OxmlElement("w:fldChar")
                fld.set(qn("w:fldCharType"), kind)
                run._r.append(fld)
            elif text == "1":
                run.text = "1"
            else:
                it = OxmlElement("w:instrText")
                it.set(qn("xml:space"), "preserve")
                it.text = f" {text} "
                run._r.append(it)
        end = OxmlElement("w:fldChar")
        end.set(qn("w:fldCharType"), "end")
        par.add_run()._r.append(end)

    def header_footer(self) -> None:
        section = self.doc.sections[0]
        header = section.header
        hp = header.paragraphs[0]
        hp.style = "Marking"
        hp.add_run("{{ marking }}")
        footer = section.footer
        fp = footer.paragraphs[0]
        fp.style = "Footer"
        fp.add_run("{{ a.reference }} · version {{ a.version.number }} · Page ")
        self.field_runs(fp, "PAGE")
        fp.add_run(" of ")
        self.field_runs(fp, "NUMPAGES")
        footer.add_paragraph("{{ marking }}", style="Footer")

    def save(self) -> bytes:
        raw = io.BytesIO()
        self.doc.save(raw)
        return _fixed_zip(raw.getvalue())


def _fixed_zip(data: bytes) -> bytes:
    """The same package with fixed member timestamps, so the template bytes are reproducible."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, src.read(info))
    return out.getvalue()


def reference_docx() -> bytes:
    """safeplan's built-in reference DOCX."""
    return (resources.files("safeplan") / "templates" / "reference.docx").read_bytes()


def build_template(reference: bytes | None = None) -> bytes:
    """The docxtpl template equivalent to safeplan's adult layout, as DOCX bytes."""
    b = _Builder(reference or reference_docx())
    item, p, tag, table = b.item, b.p, b.tag, b.table

    # title
    p("Written agreement", "Title")
    p("About the safety of {{ children_names }}")
    tag("if a.start == a.date")
    p("This agreement is dated {{ a.date | date }}. It applies from that day.")
    tag("else")
    p("This agreement is dated {{ a.date | date }}. It applies from {{ a.start | date }}.")
    tag("endif")
    tag("if professional_copy")
    p(
        [
            ("Professional copy.", True),
            (
                " This copy holds every confidential detail. Do not share it with the family "
                "or anyone outside the plan.",
                False,
            ),
        ],
        "Note",
    )
    tag("elif recipient")
    p("This copy is for {{ recipient.name }}.")
    tag("endif")
    tag("if parts_withheld")
    p(
        "Some parts of this agreement are not in your copy, to keep everyone safe. The "
        "professionals working with your family have the full agreement. If you have a question "
        "about this, ask {{ lead.name }}.",
        "Note",
    )
    tag("endif")

    # about_document
    p("What this document is", "Heading 1")
    p(
        "This agreement says what each person, and each professional, will do to keep "
        "{{ children_names }} safe while the {{ plan_words }} is in place."
    )
    for text in (
        "It is not a legal contract. It is a record of what has been agreed and what everyone "
        "will do.",
        "A piece of paper does not keep anyone safe. People do, by doing what is written here.",
        "It may be shown to a court if the local authority goes to court about the children.",
        "You can take time to read it, ask for an interpreter, and get legal advice before you "
        "sign. You do not have to sign it.",
        "If you disagree with something, tell {{ lead.name }}. Your view will be written down.",
        "If you are unhappy with this agreement, or with how it was made, you can complain. "
        "“If you are unhappy”, near the end, says how.",
    ):
        item(text)
    tag("if a.version.replaces")
    p("This is version {{ a.version.number }}. It replaces version {{ a.version.replaces }}.")
    tag("endif")

    # changes
    tag("if a.version.replaces")
    p("What has changed since version {{ a.version.replaces }}", "Heading 1")
    tag("for change in a.version.changes")
    item("{{ change }}")
    tag("endfor")
    tag("endif")

    # decisions
    tag("if a.overridden")
    p("A decision professionals have recorded", "Heading 1")
    tag("for finding in a.overridden")
    tag('set o = a.overrides | selectattr("target", "equalto", finding.path) | first')
    p(
        "One part of this agreement asks the adult at risk to keep the person causing harm away "
        "or to control what they do. Professionals usually do not allow this, because it is not "
        "safe to ask of someone who is being harmed.",
        "Note",
    )
    p(
        "{{ name(o.authorised_by) }} decided to keep it on {{ o.date | date }}, for this reason: "
        "{{ o.reason }}",
        "Note",
    )
    tag("endfor")
    tag("endif")

    # who
    p("Who this agreement is about", "Heading 1")
    p("The children and the adults this agreement is about, and the plan it belongs to.")
    p("The children", "Heading 2")
    table(
        ["Name", "Date of birth", "Lives with"],
        [34, 33, 33],
        [
            ["{%tr for c in a.children %}"],
            [
                "{{ c.name }}",
                "{% if c.unborn %}Not born yet: expected {{ c.expected_date | date }}"
                "{% else %}{{ c.date_of_birth | date }}{% endif %}",
                "{{ names(c.lives_with) }}",
            ],
            ["{%tr endfor %}"],
        ],
    )
    p("The adults", "Heading 2")
    tag("for p in a.people")
    item(
        [
            ("{{ p.name }}", True),
            (
                "{% if p.relationship %}, {{ p.relationship }}{% endif %}"
                "{% if professional_copy %} ({{ p.role.value | replace('-', ' ') }}){% endif %}",
                False,
            ),
        ]
    )
    tag("endfor")
    tag("if with_details")
    p(
        "{% if professional_copy %}Contact details, including confidential ones"
        "{% else %}Contact details{% endif %}",
        "Heading 2",
    )
    table(
        ["Whose", "What", "Details"],
        [30, 25, 45],
        [
            ["{%tr for owner in with_details %}"],
            ["{%tr for d in owner.contact_details %}"],
            [
                "{{ owner.name }}",
                "{{ d.label or contact_words[d.kind.value] }}",
                [
                    ("{{ d.value }}{% if d.confidential %} ", False),
                    ("(confidential)", True),
                    ("{% endif %}", False),
                ],
            ],
            ["{%tr endfor %}"],
            ["{%tr endfor %}"],
        ],
    )
    tag("endif")
    p("The plan", "Heading 2")
    p(
        "{{ children_names }} are on a {{ plan_words }}.{% if a.plan.categories %} "
        "{% if a.plan.categories | length == 1 %}The category of concern is "
        "{% else %}The categories of concern are {% endif %}"
        "{{ a.plan.categories | map('category', category_words) | join_words }}.{% endif %}"
    )
    tag("if a.plan.initial_conference")
    p("The initial child protection conference was on {{ a.plan.initial_conference | date }}.")
    tag("endif")
    p(
        "{{ lead.name }} ({{ lead.job_title }}, {{ lead_agency.name }}) leads the plan."
        "{% if lead.phone %} Phone: {{ lead.phone }}.{% endif %}"
    )

    # concerns
    p("Why we are worried", "Heading 1")
    tag("for c in a.concerns")
    item("{{ c.text }}")
    tag("endfor")

    # strengths
    for listed, heading in (
        ("protective", "What has been done to keep the children safe"),
        ("others", "What is going well"),
    ):
        tag(f"if {listed}")
        p(heading, "Heading 1")
        tag(f"for s in {listed}")
        item("{{ s.text }}")
        tag("endfor")
        tag("endif")

    # expectations
    p("What each person will do", "Heading 1")
    p("Each term says what the person will do, when, who checks it and what help they are offered.")
    tag("for person in holders")
    p("What {{ person.name }} will do", "Heading 2")
    tag("for e in a.expectations if e.who == person.id")
    item("{{ e.what }}", NUMBER_NUM)
    for cond, label, text in (
        ("e.when", "When:", " {{ e.when }}"),
        (
            "e.starts or e.until",
            "For how long:",
            " {% if e.starts %}from {{ e.starts | date }} {% endif %}{% if e.until %}until "
            "{{ e.until | date }}{% else %}until this agreement ends{% endif %}",
        ),
        (
            "e.checked_by",
            "Who checks:",
            " {{ name(e.checked_by) }}{% if e.how_checked %}. {{ e.how_checked }}{% endif %}",
        ),
        ("e.support", "Help offered:", " {{ e.support }}"),
    ):
        tag(f"if {cond}")
        item([(label, True), (text, False)], BULLET_NUM, level=1)
        tag("endif")
    tag("endfor")
    tag("endfor")

    # commitments: per agency, its table, then what it cannot do
    p("What the professionals will do", "Heading 1")
    p("Each agency says what it will do and when, and what it cannot do.")
    tag("for g in a.agencies")
    tag('set theirs = a.commitments | selectattr("agency", "equalto", g.id) | list')
    tag("if theirs or g.limitations")
    p("{{ g.name }}", "Heading 2")
    tag("if theirs")
    table(
        ["Who", "What they will do", "When"],
        [30, 45, 25],
        [
            ["{%tr for c in theirs %}"],
            [
                "{% if c.by %}{{ name(c.by) }}{% else %}{{ g.name }}{% endif %}",
                "{{ c.what }}",
                "{% if c.by_date %}By {{ c.by_date | date }}{% if c.when %}. {% endif %}"
                "{% endif %}{{ c.when }}",
            ],
            ["{%tr endfor %}"],
        ],
    )
    tag("endif")
    tag("if g.limitations")
    p([("What {{ g.name }} cannot do:", True)])
    tag("for limit in g.limitations")
    item("{{ limit }}")
    tag("endfor")
    tag("endif")
    tag("endif")
    tag("endfor")

    # contact
    tag("if a.contact_arrangements")
    p("How the children will see family members", "Heading 1")
    p("Each arrangement says where it happens, how often, and who supervises it.")
    tag("for ca in a.contact_arrangements")
    p("Time with {{ name(ca.adult) }}", "Heading 2")
    item([("Children:", True), (" {{ names(ca.children) }}", False)])
    tag("if ca.where")
    item([("Where:", True), (" {{ ca.where }}", False)])
    tag("endif")
    tag("if ca.how_often")
    item([("How often:", True), (" {{ ca.how_often }}", False)])
    tag("endif")
    item(
        [
            ("Supervised by:", True),
            (
                " {% if ca.supervised_by %}{{ name(ca.supervised_by) }}"
                "{% else %}Not supervised{% endif %}",
                False,
            ),
        ]
    )
    tag("if ca.through_third_party")
    item(
        [
            ("Arrangements go through:", True),
            (" {{ name(ca.third_party) }}, who has agreed to do this", False),
        ]
    )
    tag("endif")
    tag("if ca.notes")
    item("{{ ca.notes }}")
    tag("endif")
    tag("endfor")
    tag("endif")

    # reviews
    p("How and when this agreement will be checked", "Heading 1")
    tag("if meetings_held")
    p("Meetings that have taken place", "Heading 2")
    table(
        ["Date", "Meeting", "What happened"],
        [25, 35, 40],
        [
            ["{%tr for m in meetings_held %}"],
            [
                "{{ m.date | date }}",
                "{{ review_words[m.kind.value] }}",
                "{% if m.cancelled %}Did not take place{% elif m.kind.value == "
                "'letter-before-proceedings' %}Sent{% elif m.outcome and m.plan_type %}Held: "
                "{{ decision_words[m.plan_type.value ~ ':' ~ m.outcome.value] }}.{% else %}Held"
                "{% endif %}",
            ],
            ["{%tr endfor %}"],
        ],
    )
    tag("endif")
    p("Meetings booked", "Heading 2")
    p(
        "Everyone will look at how the agreement is working at these meetings. You can ask to "
        "change it at any time by talking to {{ lead.name }}."
    )
    table(
        ["Date", "Meeting", "Who leads it"],
        [30, 40, 30],
        [
            ["{%tr for r in reviews %}"],
            ["{{ r.date | date }}", "{{ review_words[r.kind.value] }}", "{{ name(r.chaired_by) }}"],
            ["{%tr endfor %}"],
        ],
    )

    # end
    p("When this agreement ends", "Heading 1")
    p(
        "{% if a.end.date and a.end.with_plan %}This agreement ends on {{ a.end.date | date }}, "
        "or when the {{ plan_words }} ends, whichever comes first.{% elif a.end.date %}This "
        "agreement ends on {{ a.end.date | date }}.{% else %}This agreement ends when the "
        "{{ plan_words }} ends.{% endif %}"
    )
    p(
        "It does not continue after Children's Services stop being involved. It can end sooner "
        "if everyone agrees at a review that it is no longer needed."
    )

    # contingency
    p("What will happen if the agreement is not kept", "Heading 1")
    tag("for c in a.contingency")
    item("{{ c }}")
    tag("endfor")

    # participation
    p("How this agreement was made", "Heading 1")
    tag("set pa = a.participation")
    tag("if pa.drafted_by")
    item(
        "{% if pa.drafted_with %}{{ name(pa.drafted_by) }} wrote it with "
        "{{ names(pa.drafted_with) }}.{% else %}{{ name(pa.drafted_by) }} wrote it.{% endif %}"
    )
    tag("endif")
    tag("if pa.family_group_conference")
    item("A family group conference was held on {{ pa.family_group_conference | date }}.")
    tag("elif pa.family_group_conference_offered")
    item("The family was offered a family group conference.")
    tag("endif")
    tag("if interpreter_words[pa.interpreter.value]")
    item("{{ interpreter_words[pa.interpreter.value] }}")
    tag("endif")
    tag("if pa.legal_advice_offered")
    item("Everyone asked to sign was told they can get legal advice first.")
    tag("endif")
    tag("if pa.time_to_read_days")
    item("Everyone had {{ pa.time_to_read_days }} days to read it before being asked to sign.")
    tag("endif")

    # views
    tag("if a.views")
    p("What people said, in their own words", "Heading 1")
    tag("for v in a.views")
    p([("{{ name(v.person) }}:", True), (" “{{ v.words }}”", False)])
    tag("endfor")
    tag("endif")

    # support
    p("Help and support", "Heading 1")
    p("If anyone is in danger now, call 999.")
    table(
        ["Who", "Phone", "When and what for"],
        [35, 25, 40],
        [
            ["{%tr if lead.phone %}"],
            [
                "{{ lead.name }} ({{ lead.job_title }})",
                "{{ lead.phone }}",
                "Questions about this agreement",
            ],
            ["{%tr endif %}"],
            ["{%tr for s in support_contacts %}"],
            [
                "{{ s.name }}",
                "{{ s.phone }}",
                "{{ s.hours }}{% if s.hours and s.description %}. {% endif %}{{ s.description }}",
            ],
            ["{%tr endfor %}"],
            ["{%tr for h in helplines %}"],
            ["{{ h.name }}", "{{ h.number }}", "{{ h.hours }}. {{ h.description }}"],
            ["{%tr endfor %}"],
        ],
    )

    # complaints
    reach = (
        "{{ [S.phone, S.web, S.email] | select | join(', ') }}"
        "{% if S.hours %} ({{ S.hours }}){% endif %}"
    )
    p("If you are unhappy", "Heading 1")
    p(
        "You can say that you are unhappy with this agreement, or with how it was made. Saying "
        "so will not be held against you."
    )
    item(
        "{% if approver %}Talk to {{ lead.name }}, or to {{ approver.name }} "
        "({{ approver.job_title }}), who approved this agreement.{% else %}Talk to "
        "{{ lead.name }}, or ask to speak to their manager.{% endif %}",
        NUMBER_NUM,
    )
    tag("if complaints")
    item("You can make a complaint to {{ lead_agency.name }}:", NUMBER_NUM)
    tag("for c in complaints")
    item(
        [("{{ c.name }}", True), (": " + reach.replace("S.", "c.") + ". {{ c.description }}", 0)],
        BULLET_NUM,
        level=1,
    )
    tag("endfor")
    tag("else")
    item(
        "You can make a complaint. Ask {{ lead.name }} for the complaints procedure of "
        "{{ lead_agency.name }}: they must tell you how to complain and help you do it.",
        NUMBER_NUM,
    )
    tag("endif")
    tag("if ombudsman")
    item(
        "If the complaints procedure does not put things right, you can ask the "
        "{{ ombudsman.name }} to look at it: "
        + reach.replace("S.", "ombudsman.")
        + ". {{ ombudsman.description }}",
        NUMBER_NUM,
    )
    tag("endif")
    p("Help for the children to have their say", "Heading 2")
    p(
        "The children can have an advocate: someone on their side, who helps them say what they "
        "think and makes sure they are listened to. It is free."
    )
    tag("for s in advocacy")
    item([("{{ s.name }}", True), (": " + reach.replace("S.", "s.") + ". {{ s.description }}", 0)])
    tag("endfor")
    item("{{ lead.name }} can arrange an advocate too.")

    # signatures: one row a person (a row never splits), name, why, answer or lines to sign on
    p("Signatures", "Heading 1")
    p(
        "Each person below is asked to sign. Signing says you have read this agreement and will "
        "do your part. You can sign with reservations, or not sign, and say why: your reasons "
        "will be written down in your words."
    )
    b.signature_table()
    b.header_footer()
    return b.save()


# --------------------------------------------------------------------------------------------
# The environment and context docxtpl renders with
# --------------------------------------------------------------------------------------------


def _long_date(value: Any) -> str:
    return babel.dates.format_date(value, "d MMMM y", locale="en_GB") if value else ""


def _join_words(items: Iterable[Any]) -> str:
    words = [str(i) for i in items if i]
    return babel.lists.format_list(words, style="standard", locale="en_GB") if words else ""


class _CompileOnce(jinja2.Environment):
    """An environment that compiles each distinct source once.

    docxtpl hands every part's XML (body, header, footer, each document property) to
    ``from_string`` on every render, and jinja compiles it again each time; that is most of
    docxtpl's cost. Passing this environment to ``render`` is the best an embedder can do
    through docxtpl's public API.
    """

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._compiled: dict[str, jinja2.Template] = {}

    def from_string(  # type: ignore[override]
        self, source: str, globals: Any = None, template_class: Any = None
    ) -> jinja2.Template:
        if globals is not None or template_class is not None:
            return super().from_string(source, globals, template_class)
        template = self._compiled.get(source)
        if template is None:
            template = self._compiled[source] = super().from_string(source)
        return template


def jinja_env(*, compile_once: bool = False) -> jinja2.Environment:
    """Autoescaping (case data may hold ``&`` or ``<``), ``None`` printed as nothing, and the
    same filters as safeplan's layouts. Built once, as safeplan's renderer builds its own.

    Args:
        compile_once: Keep compiled templates between renders (see :class:`_CompileOnce`);
            plain docxtpl usage compiles on every render.
    """
    cls = _CompileOnce if compile_once else jinja2.Environment
    env = cls(
        autoescape=True, finalize=lambda v: "" if v is None else v, undefined=jinja2.StrictUndefined
    )
    env.filters["date"] = _long_date
    env.filters["join_words"] = _join_words
    env.filters["category"] = lambda slug, words: words.get(slug, slug.replace("-", " "))
    return env


_PLAN_WORDS = {
    "child-protection": "child protection plan",
    "child-in-need": "child in need plan",
    "pre-proceedings": "plan in the pre-proceedings stage (before any court case)",
}
_CONTACT_WORDS = {
    "address": "Address", "phone": "Phone", "email": "Email", "school": "School",
    "gp": "GP surgery", "workplace": "Workplace", "other": "Other",
}  # fmt: skip
_CATEGORY_WORDS = {
    "physical": "physical abuse", "emotional": "emotional abuse", "sexual": "sexual abuse",
    "neglect": "neglect", "financial": "financial abuse", "exploitation": "exploitation",
}  # fmt: skip
_REVIEW_WORDS = {
    "core-group": "Core group meeting",
    "review-conference": "Review child protection conference",
    "agreement-review": "Review of this agreement",
    "child-in-need-review": "Child in need review",
    "pre-proceedings-review": "Pre-proceedings review meeting",
    "strategy-discussion": "Strategy discussion",
    "initial-conference": "Initial child protection conference",
    "letter-before-proceedings": "Letter before proceedings sent",
    "pre-proceedings-meeting": "Pre-proceedings meeting",
    "hearing": "Court hearing",
}
_INTERPRETER_WORDS = {
    "not-needed": "No one needed an interpreter.",
    "offered": "An interpreter was offered.",
    "used": "An interpreter was used.",
    "declined": "An interpreter was offered and not wanted.",
    "not-recorded": "",
}
_SIGNED_WORDS = {
    "signed": "Signed on",
    "signed-with-reservations": "Signed with reservations on",
    "declined": "Decided not to sign, on",
}
_DECISION_WORDS = {
    "child-protection:plan-continues": "the child protection plan continued",
    "child-protection:stepped-down": (
        "the child protection plan ended and a child in need plan took its place"
    ),
    "child-protection:plan-ended": "the child protection plan ended",
    "child-in-need:plan-continues": "the child in need plan continued",
    "child-in-need:stepped-down": (
        "the child in need plan ended, and other services carry on helping"
    ),
    "child-in-need:plan-ended": "the child in need plan ended",
    "pre-proceedings:plan-continues": "the pre-proceedings stage continued",
    "pre-proceedings:stepped-down": "the pre-proceedings stage ended without going to court",
    "pre-proceedings:plan-ended": "the pre-proceedings stage ended",
    **{
        f"{plan}:proceedings-issued": "Children's Services decided to apply to the family court"
        for plan in ("child-protection", "child-in-need", "pre-proceedings")
    },
}
_FITS = {"woman": "women", "man": "men"}
_ROLE_ORDER = {
    "person-causing-harm": 0, "adult-at-risk": 1, "parent-or-carer": 2, "safe-adult": 3,
    "network-member": 4,
}  # fmt: skip


def context(
    a: Any,
    recipient_id: str,
    profile: Any,
    *,
    professional: bool = False,
    parts_withheld: bool = False,
) -> dict:
    """What the template sees, built from an agreement already redacted for the recipient
    (as safeplan's renderer builds its layout's context): the same choices of support
    contacts (by the reader's role), helplines, meetings, signatories and complaints services.

    Args:
        parts_withheld: Whether the copy says some parts are not in it (safeplan's audience
            decides this when it redacts; the benchmark asks it once, with the redaction).
    """

    def name(ref: str | None) -> str:
        if ref is None:
            return ""
        found = a.person(ref) or a.child(ref) or a.professional(ref)
        if found is not None:
            return found.name
        agency = a.agency(ref)
        return agency.name if agency is not None else ""

    def names(refs: Iterable[str]) -> str:
        return _join_words([name(r) for r in refs])

    recipient = a.person(recipient_id) or a.professional(recipient_id)
    audiences = {"everyone", "parents"}
    if professional:
        audiences |= {"adult-at-risk", "person-causing-harm", "children"}
    else:
        role = getattr(recipient, "role", None)
        role_value = getattr(role, "value", None)
        audiences.add(
            "person-causing-harm" if role_value == "person-causing-harm" else "adult-at-risk"
        )
    people_in_order = sorted(a.people, key=lambda p: _ROLE_ORDER[p.role.value])
    lead = a.professional(a.plan.lead_practitioner)
    # A local service kept for some roles is listed in their copies only (and the professional
    # copy), as safeplan's context does.
    reader_role = getattr(getattr(recipient, "role", None), "value", None)
    support = [
        s
        for s in a.support_contacts
        if professional or not s.for_roles or (reader_role and reader_role in s.for_roles)
    ]
    timeline = a.timeline

    def fits(helpline: Any) -> bool:
        """A service for women or for men is listed when it fits an adult at risk (one of
        that gender, or of none recorded), as safeplan's context decides."""
        if helpline.gender is None:
            return True
        at_risk = [p for p in a.people if p.role.value == "adult-at-risk"]
        return not at_risk or any(
            p.gender is None or _FITS.get(p.gender.value) == helpline.gender for p in at_risk
        )

    return {
        "a": a,
        "recipient": recipient,
        "professional_copy": professional,
        "marking": profile.protective_marking,
        "lead": lead,
        "lead_agency": a.agency(lead.agency) if lead else None,
        "children_names": names(c.id for c in a.children),
        "plan_words": _PLAN_WORDS[a.plan.plan_type.value],
        "with_details": [o for o in (*a.people, *a.children) if o.contact_details],
        "protective": [s for s in a.strengths if s.protective],
        "others": [s for s in a.strengths if not s.protective],
        "holders": [p for p in people_in_order if a.expectations_of(p.id)],
        "reviews": sorted(timeline.booked, key=lambda m: (m.date, m.kind.value)),
        "meetings_held": [m for m in timeline.meetings if m.held or m.cancelled],
        "support_contacts": support,
        "parts_withheld": parts_withheld and not professional,
        "approver": a.professional(a.participation.approved_by or ""),
        "complaints": list(profile.complaints),
        "ombudsman": profile.ombudsman,
        "advocacy": list(profile.advocacy),
        "signatories": signatories(a),
        "person": lambda ref: a.person(ref) or a.professional(ref),
        "harm_reader": not professional and reader_role == "person-causing-harm",
        "helplines": [
            h for h in profile.helplines if h.audience in audiences and (professional or fits(h))
        ],
        "name": name,
        "names": names,
        "contact_words": _CONTACT_WORDS,
        "category_words": _CATEGORY_WORDS,
        "review_words": _REVIEW_WORDS,
        "interpreter_words": _INTERPRETER_WORDS,
        "signed_words": _SIGNED_WORDS,
        "decision_words": _DECISION_WORDS,
    }


def main(argv: list[str]) -> None:
    out = Path(argv[0]) if argv else Path(__file__).with_name("agreement.docx")
    out.write_bytes(build_template())
    print(f"wrote {out}")


if __name__ == "__main__":
    main(sys.argv[1:])
