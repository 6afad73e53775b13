"""`{% load bina_charts %}{% chart spec %}`: the chart's SVG with its data table in a `<details>` under it."""

from __future__ import annotations

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from bina.charts.geometry import layout
from bina.charts.specs import Chart
from bina.charts.svg import figure_svg
from bina.charts.table import Cell, DataTable, data_table

register = template.Library()
NUMERIC = ' class="num"'


def _cell(cell: Cell) -> str:
    text = escape(cell.text)
    return f'<a href="{escape(cell.href)}">{text}</a>' if cell.href else text


def _table_rows(table: DataTable) -> str:
    rows = []
    for row in table.rows:
        first, *rest = row
        rows.append(
            f'<tr><th scope="row">{_cell(first)}</th>'
            + "".join(f'<td class="num">{_cell(cell)}</td>' for cell in rest)
            + "</tr>"
        )
    return "".join(rows)


@register.simple_tag
def chart(spec: Chart | None, table_open: bool = False) -> SafeString:
    """Written in Python rather than a template: a page with seven charts spent most of its rendering time
    in the template engine's loops over the table cells (docs/benchmarks.md, home pages). Every text is
    escaped here; the SVG is built by ElementTree, which escapes its own."""
    if spec is None:
        return mark_safe("\n")
    table = data_table(spec)
    summary = escape(_("Show the numbers as a table"))  # outside the f-string, where makemessages finds it
    columns = "".join(
        f'<th scope="col"{NUMERIC if column.numeric else ""}>{escape(column.name)}</th>' for column in table.columns
    )
    return mark_safe(
        '<figure class="chart-figure">\n'
        f"  {figure_svg(layout(spec))}\n"
        f'  <details class="chart-data"{" open" if table_open else ""}>\n'
        f"    <summary>{summary}</summary>\n"
        '    <div class="table-wrap"><table class="chart-table">\n'
        f'      <caption class="visually-hidden">{escape(table.caption)}</caption>\n'
        f"      <thead><tr>{columns}</tr></thead>\n"
        f"      <tbody>{_table_rows(table)}</tbody>\n"
        "    </table></div>\n"
        "  </details>\n"
        "</figure>\n"
    )
