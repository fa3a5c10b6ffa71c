"""Build safeplan's built-in reference DOCX: ``src/safeplan/templates/reference.docx``.

Run from the repository root::

    .venv/bin/python tools/make_reference.py

The output is deterministic (fixed part order, 1980-01-01 timestamps), so re-running it on an
unchanged script changes nothing in git. Every XML part is written by hand below, so there is no
hidden dependency on Word or on python-docx's default template.

What the reference holds, and why:

(LibreOffice 7.4 leaves a heading alone at the foot of a page, in spite of keep-with-next, when
the heading has space after it or the text after it 1.15 line spacing; measured on 60 rendered
copies: 10 stranded headings with both, none with neither. Hence the two choices below.)

* Styles, as Word names them: Normal (Arial 12 pt, lines at least 15.9 pt apart: what 1.15
  lines would give, written as a minimum), Title, Heading 1-3 (bold, dark navy #1F3864, outline
  levels 0-2 so they are real headings; space before them and none after, as Word's own
  headings have it), List Paragraph, Table Grid
  (borders; a shaded first row), Header, Footer (centred), Marking (protective marking: bold,
  centred), Note (bordered and shaded, for ``<box>``), Child Body (16 pt) and Child Heading
  (20 pt, based on Heading 1 so it stays a heading), Child Body Large (18 pt, for the youngest
  readers), Child Title (26 pt) and Child Table (no borders, cells centred vertically: a picture
  beside its heading). All text is 12 pt or larger.
* Numbering: a bullet and a numbered nine-level definition named "safeplan bullet" and
  "safeplan number"; the writer adds per-document list instances that restart at 1.
* A theme whose fonts are Arial, a font table, settings (no updateFields: it prompts).
* An A4 section with 2.54 cm margins and an empty default header and footer. A council may put
  a logo or its name in them; the writer keeps that and adds its own lines below.
* A short body that shows each style, so whoever edits the file in Word sees what to change.
  The writer never copies the body or the document properties.
"""

from __future__ import annotations

import pathlib
import sys
import zipfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from safeplan._docx import abstract_num_xml  # noqa: E402

OUT = ROOT / "src" / "safeplan" / "templates" / "reference.docx"

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
WML = "application/vnd.openxmlformats-officedocument.wordprocessingml."
RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
NAVY = "1F3864"
FONT = (
    '<w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:eastAsia="Arial" w:cs="Arial" '
    'w:asciiTheme="minorHAnsi" w:hAnsiTheme="minorHAnsi" w:cstheme="minorBidi"/>'
)


def style(
    sid: str,
    name: str,
    *,
    kind: str = "paragraph",
    based: str | None = "Normal",
    nxt: str | None = None,
    ppr: str = "",
    rpr: str = "",
    extra: str = "",
    flags: str = "",
    default: bool = False,
    ui: int | None = None,
) -> str:
    attrs = ' w:default="1"' if default else ""
    parts = [f'<w:style w:type="{kind}"{attrs} w:styleId="{sid}"><w:name w:val="{name}"/>']
    if based:
        parts.append(f'<w:basedOn w:val="{based}"/>')
    if nxt:
        parts.append(f'<w:next w:val="{nxt}"/>')
    if ui is not None:
        parts.append(f'<w:uiPriority w:val="{ui}"/>')
    parts.append(flags)  # semiHidden, unhideWhenUsed: the schema wants them before qFormat
    parts.append("<w:qFormat/>" if kind == "paragraph" else "")
    if ppr:
        parts.append(f"<w:pPr>{ppr}</w:pPr>")
    if rpr:
        parts.append(f"<w:rPr>{rpr}</w:rPr>")
    parts.append(extra)
    parts.append("</w:style>")
    return "".join(parts)


def heading(level: int, size_half_points: int, before: int) -> str:
    return style(
        f"Heading{level}",
        f"heading {level}",
        nxt="Normal",
        ui=9,
        ppr=(
            f'<w:keepNext/><w:keepLines/><w:spacing w:before="{before}" w:after="0"/>'
            f'<w:outlineLvl w:val="{level - 1}"/>'
        ),
        rpr=(
            f'<w:b/><w:bCs/><w:color w:val="{NAVY}"/>'
            f'<w:sz w:val="{size_half_points}"/><w:szCs w:val="{size_half_points}"/>'
        ),
    )


def borders(tag: str, size: int = 4, color: str = "595959") -> str:
    return "".join(
        f'<w:{side} w:val="single" w:sz="{size}" w:space="0" w:color="{color}"/>'
        for side in ("top", "left", "bottom", "right")
    ) + (
        ""
        if tag == "pBdr"
        else (
            f'<w:insideH w:val="single" w:sz="{size}" w:space="0" w:color="{color}"/>'
            f'<w:insideV w:val="single" w:sz="{size}" w:space="0" w:color="{color}"/>'
        )
    )


STYLES = (
    f'{DECL}<w:styles xmlns:w="{W}">'
    "<w:docDefaults><w:rPrDefault><w:rPr>"
    f'{FONT}<w:sz w:val="24"/><w:szCs w:val="24"/>'
    '<w:lang w:val="en-GB" w:eastAsia="en-US" w:bidi="ar-SA"/>'
    "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>"
    '<w:spacing w:after="160" w:line="318" w:lineRule="atLeast"/>'
    "</w:pPr></w:pPrDefault></w:docDefaults>"
    + style("Normal", "Normal", based=None, default=True)
    + style(
        "DefaultParagraphFont",
        "Default Paragraph Font",
        kind="character",
        based=None,
        default=True,
        ui=1,
        flags="<w:semiHidden/><w:unhideWhenUsed/>",
    )
    + style(
        "TableNormal",
        "Normal Table",
        kind="table",
        based=None,
        default=True,
        ui=99,
        flags="<w:semiHidden/><w:unhideWhenUsed/>",
        extra=(
            "<w:tblPr>"
            '<w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar>'
            '<w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
            '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/>'
            "</w:tblCellMar></w:tblPr>"
        ),
    )
    + style(
        "NoList",
        "No List",
        kind="numbering",
        based=None,
        default=True,
        ui=99,
        flags="<w:semiHidden/><w:unhideWhenUsed/>",
    )
    + style(
        "Title",
        "Title",
        nxt="Normal",
        ui=10,
        ppr='<w:spacing w:after="240" w:line="240" w:lineRule="auto"/>',
        rpr=f'<w:b/><w:bCs/><w:color w:val="{NAVY}"/><w:sz w:val="44"/><w:szCs w:val="44"/>',
    )
    + heading(1, 32, 360)
    + heading(2, 28, 240)
    + heading(3, 24, 240)
    + style(
        "ListParagraph",
        "List Paragraph",
        ui=34,
        ppr='<w:spacing w:after="80"/><w:ind w:left="720"/>',
    )
    + style(
        "TableGrid",
        "Table Grid",
        kind="table",
        based="TableNormal",
        ui=39,
        extra=(
            '<w:pPr><w:spacing w:before="60" w:after="60"/></w:pPr>'
            f"<w:tblPr><w:tblBorders>{borders('tblBorders')}</w:tblBorders>"
            '<w:tblCellMar><w:top w:w="57" w:type="dxa"/><w:bottom w:w="57" w:type="dxa"/>'
            "</w:tblCellMar></w:tblPr>"
            '<w:tblStylePr w:type="firstRow"><w:rPr><w:b/><w:bCs/></w:rPr>'
            '<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="D9E2F3"/></w:tcPr>'
            "</w:tblStylePr>"
        ),
    )
    + style(
        "Header",
        "header",
        ui=99,
        ppr=(
            '<w:tabs><w:tab w:val="center" w:pos="4513"/><w:tab w:val="right" w:pos="9026"/>'
            '</w:tabs><w:spacing w:after="0" w:line="240" w:lineRule="auto"/>'
        ),
        flags="<w:unhideWhenUsed/>",
    )
    + style(
        "Footer",
        "footer",
        ui=99,
        ppr=(
            '<w:tabs><w:tab w:val="center" w:pos="4513"/><w:tab w:val="right" w:pos="9026"/>'
            '</w:tabs><w:spacing w:after="0" w:line="240" w:lineRule="auto"/>'
            '<w:jc w:val="center"/>'
        ),
        flags="<w:unhideWhenUsed/>",
    )
    + style(
        "Marking",
        "Marking",
        based="Header",
        ppr='<w:jc w:val="center"/>',
        rpr="<w:b/><w:bCs/><w:caps/>",
    )
    + style(
        "Note",
        "Note",
        ppr=(
            "<w:pBdr>"
            f'<w:top w:val="single" w:sz="4" w:space="4" w:color="{NAVY}"/>'
            f'<w:left w:val="single" w:sz="24" w:space="4" w:color="{NAVY}"/>'
            f'<w:bottom w:val="single" w:sz="4" w:space="4" w:color="{NAVY}"/>'
            f'<w:right w:val="single" w:sz="4" w:space="4" w:color="{NAVY}"/>'
            "</w:pBdr>"
            '<w:shd w:val="clear" w:color="auto" w:fill="EAF1FB"/>'
            '<w:spacing w:after="120"/><w:ind w:left="170" w:right="170"/>'
        ),
    )
    + style(
        "ChildBody",
        "Child Body",
        ppr='<w:spacing w:after="240" w:line="460" w:lineRule="atLeast"/>',
        rpr='<w:sz w:val="32"/><w:szCs w:val="32"/>',
    )
    + style(
        "ChildBodyLarge",
        "Child Body Large",
        based="ChildBody",
        ppr='<w:spacing w:after="280" w:line="538" w:lineRule="atLeast"/>',
        rpr='<w:sz w:val="36"/><w:szCs w:val="36"/>',
    )
    + style(
        "ChildTitle",
        "Child Title",
        based="Title",
        nxt="ChildBody",
        rpr='<w:sz w:val="52"/><w:szCs w:val="52"/>',
    )
    + style(
        "ChildHeading",
        "Child Heading",
        based="Heading1",
        nxt="ChildBody",
        rpr='<w:sz w:val="40"/><w:szCs w:val="40"/>',
    )
    + style(
        "ChildTable",
        "Child Table",
        kind="table",
        based="TableNormal",
        extra=(
            # No borders: it only sets a picture beside its words.
            '<w:pPr><w:spacing w:before="120" w:after="120"/></w:pPr>'
            '<w:tblPr><w:tblCellMar><w:top w:w="57" w:type="dxa"/>'
            '<w:bottom w:w="57" w:type="dxa"/></w:tblCellMar></w:tblPr>'
            '<w:tcPr><w:vAlign w:val="center"/></w:tcPr>'
        ),
    )
    + "</w:styles>"
)

NUMBERING = (
    f'{DECL}<w:numbering xmlns:w="{W}">'
    + abstract_num_xml(0, "bullet").replace(f' xmlns:w="{W}"', "")
    + abstract_num_xml(1, "number").replace(f' xmlns:w="{W}"', "")
    + '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
    + '<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>'
    + "</w:numbering>"
)

SETTINGS = (
    f'{DECL}<w:settings xmlns:w="{W}">'
    '<w:zoom w:percent="100"/><w:defaultTabStop w:val="720"/>'
    '<w:characterSpacingControl w:val="doNotCompress"/>'
    "<w:compat>"
    '<w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" '
    'w:val="15"/></w:compat>'
    '<w:themeFontLang w:val="en-GB"/>'
    '<w:clrSchemeMapping w:bg1="light1" w:t1="dark1" w:bg2="light2" w:t2="dark2" '
    'w:accent1="accent1" w:accent2="accent2" w:accent3="accent3" w:accent4="accent4" '
    'w:accent5="accent5" w:accent6="accent6" w:hyperlink="hyperlink" '
    'w:followedHyperlink="followedHyperlink"/>'
    '<w:decimalSymbol w:val="."/><w:listSeparator w:val=","/>'
    "</w:settings>"
)

FONT_TABLE = (
    f'{DECL}<w:fonts xmlns:w="{W}">'
    '<w:font w:name="Arial"><w:panose1 w:val="020B0604020202020204"/><w:charset w:val="00"/>'
    '<w:family w:val="swiss"/><w:pitch w:val="variable"/></w:font>'
    '<w:font w:name="Times New Roman"><w:panose1 w:val="02020603050405020304"/>'
    '<w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>'
    "</w:fonts>"
)


def _colour(name: str, value: str) -> str:
    return f'<a:{name}><a:srgbClr val="{value}"/></a:{name}>'


_SOLID = '<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>'
THEME = (
    f'{DECL}<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'name="safeplan"><a:themeElements><a:clrScheme name="safeplan">'
    '<a:dk1><a:sysClr val="windowText" lastClr="000000"/></a:dk1>'
    '<a:lt1><a:sysClr val="window" lastClr="FFFFFF"/></a:lt1>'
    + _colour("dk2", NAVY)
    + _colour("lt2", "E7E6E6")
    + _colour("accent1", "2F5496")
    + _colour("accent2", "C55A11")
    + _colour("accent3", "538135")
    + _colour("accent4", "7030A0")
    + _colour("accent5", "1F6391")
    + _colour("accent6", "806000")
    + _colour("hlink", "0563C1")
    + _colour("folHlink", "954F72")
    + '</a:clrScheme><a:fontScheme name="safeplan">'
    '<a:majorFont><a:latin typeface="Arial"/><a:ea typeface=""/><a:cs typeface="Arial"/>'
    "</a:majorFont>"
    '<a:minorFont><a:latin typeface="Arial"/><a:ea typeface=""/><a:cs typeface="Arial"/>'
    "</a:minorFont>"
    '</a:fontScheme><a:fmtScheme name="safeplan">'
    f"<a:fillStyleLst>{_SOLID * 3}</a:fillStyleLst>"
    "<a:lnStyleLst>" + f'<a:ln w="9525">{_SOLID}</a:ln>' * 3 + "</a:lnStyleLst>"
    "<a:effectStyleLst>"
    + "<a:effectStyle><a:effectLst/></a:effectStyle>"
    * 3
    + "</a:effectStyleLst>"
    f"<a:bgFillStyleLst>{_SOLID * 3}</a:bgFillStyleLst>"
    "</a:fmtScheme></a:themeElements><a:objectDefaults/><a:extraClrSchemeLst/></a:theme>"
)


def _p(style_id: str, text: str, extra: str = "") -> str:
    return (
        f'<w:p><w:pPr><w:pStyle w:val="{style_id}"/>{extra}</w:pPr>'
        f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'
    )


def _item(num: int, text: str) -> str:
    return _p(
        "ListParagraph",
        text,
        f'<w:numPr><w:ilvl w:val="0"/><w:numId w:val="{num}"/></w:numPr>',
    )


def _cell(text: str) -> str:
    return f'<w:tc><w:tcPr><w:tcW w:w="4513" w:type="dxa"/></w:tcPr>{_p("Normal", text)}</w:tc>'


BODY = (
    _p("Title", "safeplan reference document")
    + _p(
        "Normal",
        "safeplan takes styles, fonts, colours, page size, margins and the header and footer "
        "from this file. To rebrand, change the styles (Home, Styles, Modify) and the theme; "
        "put a logo in the header if you like. The text of this page is never used.",
    )
    + _p("Heading1", "Heading 1")
    + _p("Normal", "Normal text, 12 point.")
    + _p("Heading2", "Heading 2")
    + _item(1, "List Paragraph with a bullet")
    + _item(2, "List Paragraph with a number")
    + _p("Heading3", "Heading 3")
    + _p("Note", "Note: the style of important boxes.")
    + '<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="5000" w:type="pct"/>'
    '<w:tblLook w:val="0620" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" '
    'w:noHBand="1" w:noVBand="1"/></w:tblPr>'
    '<w:tblGrid><w:gridCol w:w="4513"/><w:gridCol w:w="4513"/></w:tblGrid>'
    "<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>"
    + _cell("Table Grid")
    + _cell("header row")
    + "</w:tr><w:tr><w:trPr><w:cantSplit/></w:trPr>"
    + _cell("cell")
    + _cell("cell")
    + "</w:tr></w:tbl>"
    + _p("ChildHeading", "Child Heading")
    + _p("ChildTitle", "Child Title")
    + _p("ChildBody", "Child Body, 16 point, for children's versions.")
    + _p("ChildBodyLarge", "Child Body Large, 18 point, for the youngest readers.")
)

DOCUMENT = (
    f'{DECL}<w:document xmlns:w="{W}" xmlns:r="{R}"><w:body>{BODY}'
    '<w:sectPr><w:headerReference w:type="default" r:id="rId7"/>'
    '<w:footerReference w:type="default" r:id="rId8"/>'
    '<w:pgSz w:w="11906" w:h="16838"/>'
    '<w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" w:header="708" '
    'w:footer="708" w:gutter="0"/><w:cols w:space="708"/><w:docGrid w:linePitch="360"/>'
    "</w:sectPr></w:body></w:document>"
)

HEADER = f'{DECL}<w:hdr xmlns:w="{W}" xmlns:r="{R}"><w:p><w:pPr><w:pStyle w:val="Header"/></w:pPr></w:p></w:hdr>'  # noqa: E501
FOOTER = f'{DECL}<w:ftr xmlns:w="{W}" xmlns:r="{R}"><w:p><w:pPr><w:pStyle w:val="Footer"/></w:pPr></w:p></w:ftr>'  # noqa: E501


def _rel(rid: str, kind: str, target: str) -> str:
    return f'<Relationship Id="{rid}" Type="{RT}{kind}" Target="{target}"/>'


DOC_RELS = (
    f'{DECL}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    + _rel("rId1", "styles", "styles.xml")
    + _rel("rId2", "numbering", "numbering.xml")
    + _rel("rId3", "settings", "settings.xml")
    + _rel("rId4", "fontTable", "fontTable.xml")
    + _rel("rId5", "theme", "theme/theme1.xml")
    + _rel("rId7", "header", "header1.xml")
    + _rel("rId8", "footer", "footer1.xml")
    + "</Relationships>"
)

PACKAGE_RELS = (
    f'{DECL}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    + _rel("rId1", "officeDocument", "word/document.xml")
    + '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/'
    'relationships/metadata/core-properties" Target="docProps/core.xml"/>'
    + _rel("rId3", "extended-properties", "docProps/app.xml")
    + "</Relationships>"
)

CORE = (
    f'{DECL}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
    'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:dcterms="http://purl.org/dc/terms/" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
    "<dc:title>safeplan reference document</dc:title><dc:creator>safeplan</dc:creator>"
    "<dc:language>en-GB</dc:language>"
    '<dcterms:created xsi:type="dcterms:W3CDTF">2026-01-01T00:00:00Z</dcterms:created>'
    '<dcterms:modified xsi:type="dcterms:W3CDTF">2026-01-01T00:00:00Z</dcterms:modified>'
    "</cp:coreProperties>"
)

APP = (
    f'{DECL}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
    'extended-properties"><Application>safeplan</Application></Properties>'
)

_OVERRIDES = {
    "/word/document.xml": WML + "document.main+xml",
    "/word/styles.xml": WML + "styles+xml",
    "/word/numbering.xml": WML + "numbering+xml",
    "/word/settings.xml": WML + "settings+xml",
    "/word/fontTable.xml": WML + "fontTable+xml",
    "/word/theme/theme1.xml": "application/vnd.openxmlformats-officedocument.theme+xml",
    "/word/header1.xml": WML + "header+xml",
    "/word/footer1.xml": WML + "footer+xml",
    "/docProps/core.xml": "application/vnd.openxmlformats-package.core-properties+xml",
    "/docProps/app.xml": "application/vnd.openxmlformats-officedocument.extended-properties+xml",
}
CONTENT_TYPES = (
    f'{DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Default Extension="png" ContentType="image/png"/>'
    + "".join(f'<Override PartName="{k}" ContentType="{v}"/>' for k, v in _OVERRIDES.items())
    + "</Types>"
)

PARTS = (
    ("[Content_Types].xml", CONTENT_TYPES),
    ("_rels/.rels", PACKAGE_RELS),
    ("docProps/core.xml", CORE),
    ("docProps/app.xml", APP),
    ("word/document.xml", DOCUMENT),
    ("word/_rels/document.xml.rels", DOC_RELS),
    ("word/styles.xml", STYLES),
    ("word/numbering.xml", NUMBERING),
    ("word/settings.xml", SETTINGS),
    ("word/fontTable.xml", FONT_TABLE),
    ("word/theme/theme1.xml", THEME),
    ("word/header1.xml", HEADER),
    ("word/footer1.xml", FOOTER),
)


def build() -> bytes:
    """The reference DOCX, byte for byte the same on every run."""
    import io

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, text in PARTS:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            zf.writestr(info, text.encode("utf-8"), compresslevel=9)
    return buf.getvalue()


def main() -> None:
    """Write the reference next to the package's templates."""
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_bytes(build())
    print(f"wrote {OUT.relative_to(ROOT)} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
