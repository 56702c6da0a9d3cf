"""The documents as DOCX (python-docx): real heading styles, repeating table headers, metadata.

Municipalities edit these in Word, so the structure is Word's own: Heading 1/2/3 (the navigation
pane and our importer read them), a contents field that Word refreshes on opening, the
organisation in the page header and "Side X av Y" in the footer.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from django.utils.translation import gettext as _
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from .content import StatusContent, StrategyContent

FONT = "Arial"  # Liberation Sans stands in for it where Arial is missing
LANGUAGE = "nb-NO"
ACCENT = RGBColor(0x00, 0x4B, 0x8F)


class Writer:
    def __init__(self, *, title: str, organisation: str, subject: str) -> None:
        self.doc = Document()
        self._setup(title=title, organisation=organisation, subject=subject)

    # -- document set-up --
    def _setup(self, *, title: str, organisation: str, subject: str) -> None:
        doc = self.doc
        props = doc.core_properties
        props.title = title
        props.subject = subject
        props.author = organisation
        props.language = LANGUAGE
        props.keywords = "kommplan"
        section = doc.sections[0]
        section.page_height, section.page_width = Cm(29.7), Cm(21.0)
        section.left_margin = section.right_margin = Cm(2.3)
        section.top_margin = section.bottom_margin = Cm(2.2)
        styles = doc.styles
        normal = styles["Normal"]
        normal.font.name = FONT
        normal.font.size = Pt(10.5)
        _set_language(normal.element)
        _east_asia_font(normal.element)
        sizes = (
            ("Title", 28),
            ("Heading 1", 26),
            ("Heading 2", 17),
            ("Heading 3", 13),
            ("Heading 4", 11),
        )
        for name, size in sizes:
            style = styles[name]
            style.font.name = FONT
            style.font.size = Pt(size)
            style.font.color.rgb = ACCENT
            _east_asia_font(style.element)
        # Word refreshes the contents field (page numbers) when the file is opened.
        settings = doc.settings.element
        update = OxmlElement("w:updateFields")
        update.set(qn("w:val"), "true")
        settings.append(update)
        header = section.header.paragraphs[0]
        header.text = organisation
        header.runs[0].font.size = Pt(9)
        footer = section.footer.paragraphs[0]
        footer.alignment = 2  # right
        footer.add_run(_("Side") + " ").font.size = Pt(9)
        _field(footer, "PAGE", "1")
        footer.add_run(" " + _("av") + " ").font.size = Pt(9)
        _field(footer, "NUMPAGES", "1")

    # -- building blocks --
    def heading(self, text: str, level: int) -> None:
        self.doc.add_heading(text, level=level)

    def para(self, text: str, *, bold: bool = False, style: str | None = None) -> None:
        for chunk in _paragraphs(text):
            paragraph = self.doc.add_paragraph(style=style)
            run = paragraph.add_run(chunk)
            run.bold = bold

    def labelled(self, label: str, text: str) -> None:
        paragraph = self.doc.add_paragraph()
        paragraph.add_run(label + ": ").bold = True
        paragraph.add_run(text)

    def bullets(self, items: Sequence[str]) -> None:
        for item in items:
            self.doc.add_paragraph(item, style="List Bullet")

    def table(self, header: Sequence[str], rows: Sequence[Sequence[str]], widths=None) -> None:
        table = self.doc.add_table(rows=1, cols=len(header))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        head = table.rows[0]
        _repeat_header(head)
        for cell, text in zip(head.cells, header, strict=True):
            cell.text = ""
            run = cell.paragraphs[0].add_run(text)
            run.bold = True
            _shade(cell, "DCE6F2")
        for values in rows:
            cells = table.add_row().cells
            for cell, text in zip(cells, values, strict=True):
                cell.text = text or ""
        if widths:
            for row in table.rows:
                for cell, width in zip(row.cells, widths, strict=True):
                    cell.width = Cm(width)
        self.doc.add_paragraph()

    def picture(self, png: bytes, *, alt: str, title: str, width_cm: float = 16) -> None:
        self.doc.add_picture(io.BytesIO(png), width=Cm(width_cm))
        inline = self.doc.inline_shapes[-1]._inline
        inline.docPr.set("descr", alt)
        inline.docPr.set("title", title)

    def page_break(self) -> None:
        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def contents(self, headings: Sequence[str]) -> None:
        """A Word contents field; its cached text lists the chapters until Word refreshes it."""
        self.heading(_("Innhold"), 2)
        first = self.doc.add_paragraph()
        _field_begin(first, r'TOC \o "2-3" \h \z \u')
        for index, text in enumerate(headings):
            paragraph = first if index == 0 else self.doc.add_paragraph()
            paragraph.add_run(text)
        _field_end(first if not headings else paragraph)

    def title_page(self, *, organisation: str, title: str, lines: Sequence[str]) -> None:
        org = self.doc.add_paragraph()
        org.paragraph_format.space_before = Pt(120)
        run = org.add_run(organisation)
        run.font.size = Pt(16)
        run.font.color.rgb = ACCENT
        # Heading 1, as the PDF's <h1>: the document has one, its title; chapters are Heading 2.
        self.doc.add_heading(title, level=1)
        for line in lines:
            if line:
                paragraph = self.doc.add_paragraph()
                paragraph.add_run(line).font.size = Pt(13)
        self.page_break()

    def to_bytes(self) -> bytes:
        out = io.BytesIO()
        self.doc.save(out)
        return out.getvalue()


def _paragraphs(text: str) -> list[str]:
    return [chunk.strip() for chunk in text.split("\n\n") if chunk.strip()] or []


def _set_language(style_element) -> None:
    rpr = style_element.get_or_add_rPr()
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), LANGUAGE)
    lang.set(qn("w:eastAsia"), LANGUAGE)
    rpr.append(lang)


def _east_asia_font(style_element) -> None:
    rpr = style_element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)


def _repeat_header(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    trpr.append(marker)


def _shade(cell, fill: str) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    tcpr.append(shading)


def _fld_char(kind: str):
    element = OxmlElement("w:fldChar")
    element.set(qn("w:fldCharType"), kind)
    return element


def _field_begin(paragraph, instruction: str) -> None:
    paragraph.add_run()._r.append(_fld_char("begin"))
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = instruction
    paragraph.add_run()._r.append(instr)
    paragraph.add_run()._r.append(_fld_char("separate"))


def _field_end(paragraph) -> None:
    paragraph.add_run()._r.append(_fld_char("end"))


def _field(paragraph, instruction: str, placeholder: str) -> None:
    _field_begin(paragraph, instruction)
    paragraph.add_run(placeholder).font.size = Pt(9)
    _field_end(paragraph)


# --- the two documents ---------------------------------------------------------------------


def strategy_docx(content: StrategyContent) -> bytes:
    s = content.strategy
    writer = Writer(
        title=content.title,
        organisation=content.organisation.name,
        subject=_("Kommunikasjonsstrategi"),
    )
    lines = [
        _("Periode: %(period)s") % {"period": content.period} if content.period else "",
        content.adopted,
        s.revision,
    ]
    writer.title_page(organisation=content.organisation.name, title=content.title, lines=lines)
    writer.contents([heading for _anchor, heading in content.sections()])
    headings = dict(content.sections())
    if s.vision:
        writer.heading(headings["visjon"], 2)
        writer.para(s.vision)
    if s.purpose:
        writer.heading(headings["formal"], 2)
        writer.para(s.purpose)
    if content.challenges:
        writer.heading(headings["utfordringer"], 2)
        for challenge in content.challenges:
            if challenge.title:
                writer.heading(challenge.title, 3)
            writer.para(challenge.text)
    if content.principles:
        writer.heading(headings["prinsipper"], 2)
        for principle in content.principles:
            writer.heading(principle.name, 3)
            writer.para(principle.text)
    if content.goals:
        writer.heading(headings["mal"], 2)
        if any(_has_body(node) for node in content.goals):
            for node in content.goals:
                _goal_docx(writer, node)
        else:
            # Bare goal statements read best, and import back, as a list.
            _goal_list(writer, content.goals)
    if content.approaches:
        writer.heading(headings["strategier"], 2)
        if any(a.title or a.description or a.desired_results for a in content.approaches):
            for approach in content.approaches:
                _approach_docx(writer, approach, level=3)
        else:
            writer.table(
                [_("Strategi"), _("Hører til mål")],
                [[a.text, a.goal.text if a.goal else ""] for a in content.approaches],
                widths=[9.0, 7.8],
            )
    if content.target_groups:
        writer.heading(headings["malgrupper"], 2)
        if any(group.description for group in content.target_groups):
            for group in content.target_groups:
                writer.heading(group.name, 3)
                if group.priority:
                    writer.para(_("Prioritet %(number)s") % {"number": group.priority})
                writer.para(group.description)
        else:
            for priority, groups in _by_priority(content.target_groups):
                writer.heading(_priority_heading(priority), 3)
                writer.bullets([group.name for group in groups])
    if content.messages:
        writer.heading(headings["budskap"], 2)
        for message in content.messages:
            text = message.text
            groups = [g.name for g in message.target_groups.all()]
            writer.bullets([text])
            if message.core or groups:
                details = ([_("Kjernebudskap")] if message.core else []) + (
                    [_("Målgrupper: %(names)s") % {"names": ", ".join(groups)}] if groups else []
                )
                writer.para("; ".join(details))
    if content.channels:
        writer.heading(headings["kanaler"], 2)
        for channel in content.channels:
            writer.heading(channel.name, 3)
            writer.para(channel.description)
            if channel.url:
                writer.para(channel.url)
    if content.roles:
        writer.heading(headings["roller"], 2)
        for role in content.roles:
            writer.heading(role.title, 3)
            writer.para(role.responsibility)
    if content.rules:
        writer.heading(headings["regler"], 2)
        writer.bullets(
            [
                rule.name + (f" ({rule.get_kind_display().lower()})" if rule.kind else "")
                for rule in content.rules
            ]
        )
    if content.has_crisis:
        writer.heading(headings["krise"], 2)
        writer.para(s.crisis_note)
        if content.notification:
            writer.heading(_("Varslingsliste"), 3)
            if content.public_only:
                writer.table([_("Rekkefølge"), _("Rolle")], _notification_rows(content, False))
            else:
                writer.table(
                    [_("Rekkefølge"), _("Rolle"), _("Navn"), _("Telefon"), _("E-post")],
                    _notification_rows(content, True),
                )
    writer.heading(headings["tiltaksplan"], 2)
    if content.actions:
        writer.table(
            [_("Tiltak"), _("Ansvarlig"), _("Finansiering"), _("Tid"), _("Status")],
            [
                [line.title, line.responsible, line.financing, line.timing, line.status]
                for line in content.actions
            ],
            widths=[6.4, 3.4, 2.6, 2.4, 2.0],
        )
    else:
        writer.para(_("Ingen tiltak å vise."))
    return writer.to_bytes()


def _notification_rows(content: StrategyContent, full: bool) -> list[list[str]]:
    rows = []
    for index, line in enumerate(content.notification, start=1):
        row = [str(index), line.role]
        if full:
            row += [line.name, line.phone, line.email]
        rows.append(row)
    return rows


def _has_body(node) -> bool:
    return bool(
        node.goal.description or node.approaches or any(_has_body(child) for child in node.children)
    )


def _goal_list(writer: Writer, nodes, depth: int = 0) -> None:
    for node in nodes:
        level = min(depth + 1, 3)
        writer.doc.add_paragraph(node.goal.text, style=_numbered("List Bullet", level))
        for chunk in _paragraphs(node.goal.description):
            writer.doc.add_paragraph(chunk, style=_numbered("List Continue", level))
        _goal_list(writer, node.children, depth + 1)


def _numbered(style: str, level: int) -> str:
    return style if level == 1 else f"{style} {level}"


def _priority_heading(priority: int | None) -> str:
    if priority == 1:
        return _("Prioriterte målgrupper (prioritet 1)")
    if priority:
        return _("Andre målgrupper (prioritet %(number)s)") % {"number": priority}
    return _("Andre målgrupper")


def _by_priority(groups) -> list[tuple[int | None, list]]:
    ordered: dict[int | None, list] = {}
    for group in sorted(groups, key=lambda g: (g.priority is None, g.priority or 0)):
        ordered.setdefault(group.priority, []).append(group)
    return list(ordered.items())


def _goal_docx(writer: Writer, node) -> None:
    # A top goal is a Heading 3 under the chapter; its sub-goals are a nested list under it, so
    # that a sub-goal's wording never reads as a chapter of its own.
    writer.heading(node.goal.text, 3)
    writer.para(node.goal.description)
    if node.children:
        writer.para(_("Delmål:"))
        _goal_list(writer, node.children)


def _approach_docx(writer: Writer, approach, *, level: int) -> None:
    writer.heading(approach.title or approach.text, level)
    if approach.title and approach.text:
        writer.para(approach.text)
    if approach.goal is not None:
        writer.para(_("Hører til målet «%(goal)s».") % {"goal": approach.goal.text})
    writer.para(approach.description)
    if approach.desired_results:
        writer.para(_("Ønskede resultater"), bold=True)
        writer.bullets([str(result) for result in approach.desired_results])


def status_docx(content: StatusContent, charts) -> bytes:
    from .status_text import status_texts

    texts = status_texts(content)
    writer = Writer(
        title=texts.title, organisation=content.organisation.name, subject=_("Statusrapport")
    )
    writer.title_page(
        organisation=content.organisation.name,
        title=texts.title,
        lines=[content.strategy.title, texts.period, texts.generated],
    )
    writer.heading(_("Sammendrag"), 2)
    writer.para(texts.summary)
    writer.heading(_("Framdrift"), 2)
    for chart in charts:
        writer.heading(chart.title, 3)
        writer.picture(chart.png, alt=chart.description, title=chart.title)
        writer.para(chart.description)
        writer.table(chart.header, chart.rows)
    writer.heading(_("Status per mål"), 2)
    for goal in content.goals:
        writer.heading(goal.title, 3)
        writer.table(
            [
                _("Tiltak"),
                _("Ansvarlig"),
                _("Status %(date)s") % {"date": texts.end},
                _("Siste kommentar i perioden"),
            ],
            [
                [
                    a.action.title,
                    a.responsible,
                    a.status_label,
                    texts.update_line(a.latest) if a.latest else "",
                ]
                for a in goal.actions
            ],
            widths=[6.0, 3.2, 2.6, 5.0],
        )
    writer.heading(_("Gjort i perioden"), 2)
    if content.done:
        writer.table(
            [_("Dato"), _("Tiltak"), _("Status"), _("Kommentar")],
            [
                [
                    f"{d.update.date:%d.%m.%Y}",
                    d.action_title,
                    d.update.get_status_display(),
                    texts.comment(d.update),
                ]
                for d in content.done
            ],
            widths=[2.3, 5.5, 2.4, 6.6],
        )
    else:
        writer.para(_("Ingen statusoppdateringer i perioden."))
    writer.heading(_("Forsinket"), 2)
    if content.late:
        writer.table(
            [_("Tiltak"), _("Frist"), _("Ansvarlig"), _("Hvorfor")],
            [
                [
                    a.action.title,
                    f"{a.deadline:%d.%m.%Y}" if a.deadline else "",
                    a.responsible,
                    a.late_reason or _("Ingen forklaring er rapportert."),
                ]
                for a in content.late
            ],
            widths=[5.5, 2.3, 3.0, 6.0],
        )
    else:
        writer.para(_("Ingen tiltak var forsinket ved utgangen av perioden."))
    return writer.to_bytes()
