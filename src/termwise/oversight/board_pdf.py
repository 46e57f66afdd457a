"""The board report as a PDF: the schools side by side, the period's category changes with
their rationales, and its quality-assurance activities done and overdue. Figures a reader may
not see are printed as "withheld", exactly as the JSON marks them."""

from __future__ import annotations

from fpdf import FPDF
from fpdf.fonts import FontFace

from termwise.home.schemas import Headline
from termwise.oversight.schemas import BoardReport

SUBJECTS = (("reading", "Reading"), ("writing", "Writing"), ("maths", "Maths"),
            ("combined", "Combined"))  # fmt: skip
# The PDF's built-in fonts are Latin-1: typographic marks become their plain forms.
PLAIN = str.maketrans({"\u2014": "-", "\u2013": "-", "\u2018": "'", "\u2019": "'",
                       "\u201c": '"', "\u201d": '"', "\u2026": "...", "\u2022": "-",
                       "\u2265": ">=", "\u2264": "<="})  # fmt: skip
HEADING = FontFace(emphasis="BOLD", fill_color=(219, 231, 240))


def _plain(text: str) -> str:
    return text.translate(PLAIN).encode("latin-1", "replace").decode("latin-1")


def _figure(line: Headline | None) -> str:
    if line is None or line.value is None:
        return "-"
    if line.suppressed:
        return "withheld"
    change = f" ({line.change:+.1f})" if line.change is not None else ""
    return f"{line.value:.1f}%{change}"


def render(report: BoardReport, trust_name: str) -> bytes:
    pdf = FPDF(orientation="landscape", format="A4")
    pdf.set_title(f"{trust_name}: board report")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.cell(0, 10, _plain(f"{trust_name}: board report"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 11)
    period = f"{report.starts_on:%-d %B %Y} to {report.ends_on:%-d %B %Y}"
    pdf.cell(0, 7, f"For the period {period}", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)

    _heading(pdf, "Schools side by side: % at or above ARE now (change since the last point)")
    pdf.set_font("Helvetica", "", 9)
    with pdf.table(
        col_widths=(42, 20, 20, 20, 22, 16, 40, 16, 20, 40),
        headings_style=HEADING,
        text_align="LEFT",
    ) as table:
        table.row(["School", *(name for _, name in SUBJECTS), "Category", "Plan", "Overdue",
                   "Maturity", "Next QA"])  # fmt: skip
        for s in report.dashboard.schools:
            lines = {h.subject: h for h in s.headline}
            figures = [_figure(lines.get(key)) for key, _ in SUBJECTS]
            if not s.comparable:
                figures = [f"not comparable: {s.not_comparable_because}", "", "", ""]
            next_qa = f"{s.next_qa} {s.next_qa_on:%-d %b %Y}" if s.next_qa and s.next_qa_on else "-"
            if s.next_qa_overdue:
                next_qa += " (overdue)"
            table.row([_plain(s.name), *figures, s.category or "-", _plain(s.plan_title or "-"),
                       str(s.overdue_actions),
                       f"level {s.maturity_overall}" if s.maturity_overall else "-",
                       _plain(next_qa)])  # fmt: skip
    mean = report.dashboard.trust_mean
    pdf.set_font("Helvetica", "I", 9)
    pdf.cell(0, 6, "Trust mean of comparable schools: " + ", ".join(
        f"{name} {mean[key]:.1f}%" if mean.get(key) is not None else f"{name} -"
        for key, name in SUBJECTS
    ), new_x="LMARGIN", new_y="NEXT")  # fmt: skip
    pdf.ln(3)

    _heading(pdf, "Category changes")
    _rows(pdf, ["School", "Category", "Decided", "Rationale"], (50, 22, 28, 177),
          [[c["school"], c["code"], c["on"], c["rationale"]]
           for c in report.category_changes])  # fmt: skip
    _heading(pdf, "Quality assurance done")
    _rows(pdf, ["School", "Activity", "Done", "Report"], (50, 45, 28, 154),
          [[a["school"], a["activity"], a["on"], a["report"]] for a in report.qa_done])  # fmt: skip
    _heading(pdf, "Quality assurance overdue")
    _rows(pdf, ["School", "Activity", "Due"], (50, 45, 28),
          [[a["school"], a["activity"], a["due"]] for a in report.qa_overdue])  # fmt: skip
    return bytes(pdf.output())


def _heading(pdf: FPDF, text: str) -> None:
    pdf.set_font("Helvetica", "B", 12)
    pdf.cell(0, 8, text, new_x="LMARGIN", new_y="NEXT")


def _rows(pdf: FPDF, header: list[str], widths: tuple[int, ...], rows: list[list[str]]) -> None:
    pdf.set_font("Helvetica", "", 9)
    if not rows:
        pdf.cell(0, 6, "None in this period.", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
        return
    with pdf.table(col_widths=widths, width=sum(widths), align="LEFT", text_align="LEFT",
                   headings_style=HEADING) as table:  # fmt: skip
        table.row(header)
        for row in rows:
            table.row([_plain(cell) for cell in row])
    pdf.ln(3)
