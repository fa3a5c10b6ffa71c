"""A scaffold for a council's template folder: ``safeplan templates init``.

The folder gets an example layout that overrides one block of the built-in written agreement, a
copy of the built-in reference DOCX to rebrand in Word, a council profile extending a nation's,
and a README in plain words. What it writes passes ``templates check`` and renders.

Imports: _profiles, _resources.
"""

from __future__ import annotations

import os
import re
import textwrap
from pathlib import Path

import jinja2
from jinja2 import nodes

from .._profiles import builtin_profile_names
from .._resources import builtin_templates

__all__ = ["init_templates"]

_EXAMPLE_LAYOUT = """\
{{#-
  {title}'s written agreement: the adults' copies and the professional copy.

  This file changes ONE part of safeplan's written agreement, the "Help and support" section,
  and keeps everything else as safeplan prints it.

  How it works
  - The line {{% extends "safeplan/agreement.xml.j2" %}} below says this layout builds on
    safeplan's own. Keep it as the first thing in the file. If this folder is used together
    with another council folder, write "super/agreement.xml.j2" instead: it means the same
    layout from the folders given after this one.
  - safeplan's layout is made of named blocks:
{blocks}
    To change one, write {{% block NAME %}} ... {{% endblock %}} in this file. A block you do
    not write here stays as safeplan prints it.
  - Inside a block, {{{{ super() }}}} prints safeplan's own version of that block, so you can
    add to it instead of replacing it.
  - {{{{ ... }}}} prints something from the case, such as {{{{ lead.name }}}}. Every name you
    can use is in docs/template-context.md (or run: safeplan templates context).
  - Text you type here is printed exactly as you typed it, in every copy. If you send copies
    in Welsh, write both:
        {{% if language.startswith("cy") %}}Welsh words{{% else %}}English words{{% endif %}}
  - <h2>, <p>, <table>, <tr>, <th> and <td> are the document's headings, paragraphs and
    tables: see the README.txt beside this file.
  - A note like this one, from its opening brace and hash to its closing hash and brace,
    is never printed.

  Check this folder after every change:   safeplan templates check {folder}
-#}}
{{% extends "safeplan/agreement.xml.j2" %}}

{{% block support %}}
{{{{ super() }}}}
<h2>Local help in {title}</h2>
<table header="1" widths="35,25,40">
  <tr><th>Who</th><th>Phone</th><th>When and what for</th></tr>
  <tr>
    <td>{title} Family Support Hub</td>
    <td>01632 960000</td>
    <td>Monday to Friday, 9am to 5pm. Help with parenting, money and housing.</td>
  </tr>
</table>
{{% endblock %}}
"""

_PROFILE = """\
# {title}'s council profile. It starts from safeplan's {nation} profile and changes only what
# is written below. Lines starting with # are notes and are never read.
#
# Use it when rendering:
#   safeplan render CASES --out OUT --templates {folder} --profile {folder}/council.yaml
#
# Rules: a value written here replaces safeplan's. A list (such as helplines) replaces the
# whole list, so copy every entry you want to keep from safeplan's {nation} profile
# (safeplan/profiles/{nation}.yaml in the installed package). Write dates as YYYY-MM-DD.

extends: {nation}
name: {name}

# The marking at the top and foot of every page.
# protective_marking: OFFICIAL-SENSITIVE

# Days the council is closed as well as bank holidays (used to count working days).
# closure_days: [2026-12-29, 2026-12-30, 2026-12-31]

# Helplines printed in "Help and support". Writing this list replaces safeplan's whole list.
# audience is who the line is for: children, adult-at-risk, person-causing-harm, parents or
# everyone. Check every number before you use it.
# helplines:
#   - name: {title} Children's Services
#     number: "01632 960001"
#     hours: Monday to Friday, 9am to 5pm
#     audience: everyone
#     description: Call us about this agreement, or if you are worried about a child.

# Your complaints team: every copy says how to complain and names it. Give a phone number, a
# web address or an email (or all three). Without it the copies tell the family to ask the
# social worker for the complaints procedure, and safeplan render says so.
# complaints:
#   - name: {title} Children's Services complaints team
#     phone: "01632 960002"
#     web: www.example.gov.uk/complaints
#     hours: Monday to Friday, 9am to 5pm
#     description: Complaints about Children's Services, and help to make one.

# The advocacy service you commission for children: the children's and the adults' copies
# name it. Writing this list replaces safeplan's.
# advocacy:
#   - name: {title} Children's Rights Service
#     phone: "01632 960003"
#     description: Free help for children to say what they think, from someone on their side.

# Limits this folder runs within. The defaults are far above what a council needs; raise one
# only if safeplan templates check or a render says this folder goes past it. Write only the
# ones you change: the others keep their defaults.
# limits:
#   layout_seconds: 10                 # wall time for one layout to render one copy
#   layout_output_characters: 20000000 # the most text one layout prints for one copy
#   layout_loop_iterations: 1000000    # the most loop steps one layout takes for one copy
#   template_file_bytes: 1000000       # the largest layout (.j2) or profile file
#   reference_bytes: 20000000          # the largest reference.docx
#   image_bytes: 5000000               # the largest picture (icons/, or in reference.docx)
#   image_pixels: 16777216             # the most pixels a picture may have
"""

_README = """\
{title}: safeplan layouts and branding
{underline}

This folder changes how safeplan's documents look and what they say for {title}, without
changing safeplan itself. Give it to safeplan when you render:

    safeplan render CASES --out OUT --templates {folder} --profile {folder}/council.yaml

What is in this folder

  agreement.xml.j2   The written agreement. It changes one section ("Help and support") and
                     keeps the rest of safeplan's wording. Open it in a text editor (Notepad,
                     TextEdit, VS Code), not in Word. The notes at the top say how it works.

  reference.docx     The look of every document: fonts, colours, the logo and the header and
                     footer. Open it in Word and change the styles (Home > Styles > right-click
                     a style > Modify), for example "Normal" and "Heading 1". To add a logo,
                     put it in the header. Do not rename styles: the layouts use them by name.
                     Text in the body of this file is ignored. safeplan uses this file because
                     it is in this folder.

  council.yaml       Your council's details: the marking on every page, closure days,
                     helplines. It builds on safeplan's {nation} profile.

  icons/             (optional) Pictures for the children's versions. A PNG here replaces
                     safeplan's picture of the same name (phone.png, heart.png, users.png ...).

safeplan reads only the files inside this folder: a shortcut (symbolic link) to a file
elsewhere is refused, and so are pictures, layouts and a reference.docx larger than the limits
in council.yaml (see "limits" there). safeplan templates check lists any such file.

Changing the children's version

  Make a file called child.xml.j2 in this folder that starts with
      {{% extends "safeplan/child.xml.j2" %}}
  and change its blocks the same way (the blocks are listed at the top of safeplan's
  child.xml.j2, and the names it can use in docs/template-context.md).

The building blocks of a document

  <h1>Heading</h1> <h2>Smaller heading</h2> <p>A paragraph.</p>
  <list kind="bullet"><item>A point</item></list>    (kind="number" for 1, 2, 3)
  <table header="1" widths="30,70"><tr><th>Heading</th><th>Heading</th></tr>
                                   <tr><td>Cell</td><td>Cell</td></tr></table>
  <b>bold</b> <i>italic</i> <box><p>A shaded box.</p></box> <pagebreak/>
  style="Style name" uses a style from reference.docx, for example <p style="Note">.

Your own wording in Welsh, Urdu or another language

  Put a catalog in locales/<language>/LC_MESSAGES/, for example locales/cy/LC_MESSAGES/
  council.po, made with any translation tool (Poedit, a translation service). Its
  translations replace safeplan's for the same English text, and translate the words your own
  layouts add with {{{{ _("...") }}}}. A language safeplan does not have can be added the same
  way, with every one of safeplan's texts translated (safeplan templates check says which are
  missing). Put "# Review-Status: awaiting-review" at the top of a draft no qualified
  translator has checked: every copy in it then says so.

Before you use a change

  Run:   safeplan templates check {folder}
  It lists every problem with the file and the line (a misspelt name, a style missing from
  reference.docx, a text with no Welsh translation ...). Fix them until it says "no problems".
  Then render one case and read the document before you render a batch.

Safety

  Layouts can only print what safeplan gives them. They cannot open files, reach the
  computer, or see what a copy's reader must not see: confidential details are removed before
  a layout runs. What people wrote in a case is always printed as text, never run.
"""


def init_templates(
    folder: str | os.PathLike[str], *, nation: str = "england", name: str | None = None
) -> list[Path]:
    """Write a starting point for a council's template folder.

    The folder gets an example layout (``agreement.xml.j2``: the built-in one with a local
    service added to its support block), a copy of the built-in ``reference.docx`` to rebrand
    in Word, a council profile (``council.yaml``) extending the nation's, and a ``README.txt`` in
    plain words. The result passes :func:`check_templates` and renders.

    Args:
        folder: Where to write; created if missing.
        nation: The nation profile the council profile extends.
        name: The council's profile name. Default: the folder's name.

    Returns:
        The files written.

    Raises:
        FileExistsError: One of the files is already there; nothing was written.
        ValueError: ``nation`` is not a built-in nation profile.
    """
    target = Path(folder)
    if nation not in builtin_profile_names():
        raise ValueError(f"no nation profile {nation!r} ({', '.join(builtin_profile_names())})")
    slug = re.sub(r"[^a-z0-9]+", "-", (name or target.resolve().name).lower()).strip("-")
    slug = slug or "council"
    title = " ".join(w.capitalize() for w in slug.split("-"))
    shown = str(folder)
    builtin = builtin_templates()
    layout = jinja2.Environment().parse((builtin / "agreement.xml.j2").read_text("utf-8"))
    blocks = [b.name for b in layout.find_all(nodes.Block)]
    lines = textwrap.wrap(
        ", ".join(blocks), 80, initial_indent="      ", subsequent_indent="      "
    )
    files = {
        "agreement.xml.j2": _EXAMPLE_LAYOUT.format(
            title=title, folder=shown, blocks="\n".join(lines)
        ).encode("utf-8"),
        "reference.docx": (builtin / "reference.docx").read_bytes(),
        "council.yaml": _PROFILE.format(title=title, nation=nation, name=slug, folder=shown).encode(
            "utf-8"
        ),
        "README.txt": _README.format(
            title=title, underline="=" * (len(title) + 31), nation=nation, folder=shown
        ).encode("utf-8"),
    }
    existing = [target / f for f in files if (target / f).exists()]
    if existing:
        raise FileExistsError(
            f"{existing[0]} already exists; nothing was written (choose an empty folder)"
        )
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for file, data in files.items():
        path = target / file
        path.write_bytes(data)
        written.append(path)
    return written
