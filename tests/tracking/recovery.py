"""Whether a withheld number could be worked back out, judged from what an aggregate-only reader
was shown and the same view with every number (a head teacher's).

A reader who sees a total and some of its parts knows what the withheld parts add up to. They
are taken to know which withheld parts are zero and that the others are at least 1, nothing
more. The withheld parts then give nothing away when there are none, or at least two that are
not all ones (two withheld parts making 2 are one pupil each); or when the total is withheld.
"""

from __future__ import annotations

from typing import Any


def told_apart(withheld: list[int]) -> bool:
    """Whether withheld parts of a shown total could add up to their sum in more than one way."""
    hidden = [n for n in withheld if n]
    return not hidden or (len(hidden) >= 2 and sum(hidden) > len(hidden))


def grid_leaks(seen: dict[str, Any], full: dict[str, Any], threshold: int) -> list[str]:
    """Every way a withheld number of ``seen`` (a grid) could be worked out, as text."""
    leaks: list[str] = []
    rows = [r["key"] for r in full["rows"]]
    true = {(c["year_group"], c["row"]): c["count"] for c in full["cells"]}
    shown = {(c["year_group"], c["row"]): c for c in seen["cells"]}
    assert shown.keys() == true.keys()
    assert [c["year_group"] for c in seen["columns"]] == [c["year_group"] for c in full["columns"]]
    for everything, column in zip(full["columns"], seen["columns"], strict=True):
        year_group = column["year_group"]
        cells = {row: n for (y, row), n in true.items() if y == year_group}
        withheld = {row for row in cells if shown[(year_group, row)]["suppressed"]}
        for row, n in cells.items():
            cell = shown[(year_group, row)]
            assert cell["count"] == (None if row in withheld else n), cell
            assert n >= threshold or row in withheld, f"{year_group} {row}: {n} shown"
        if column["cohort"] is None:
            assert column["suppressed"] and column["percent_at_or_above"] is None
            continue
        missing, other = everything["missing"], everything["other_scale"]
        hide_missing, hide_other = column["missing"] is None, column["other_scale"] is None
        parts = [n for row, n in cells.items() if row in withheld]
        parts += [missing] * hide_missing + [other] * hide_other
        if not told_apart(parts):
            leaks.append(f"{year_group}: withheld {parts} of a shown {column['cohort']}")
        are = everything["are_row"]
        above = set(rows[: rows.index(are) + 1]) if are in rows else set()
        at = everything["at_or_above"]
        other_at = at - sum(n for row, n in cells.items() if row in above)
        if column["at_or_above"] is not None:
            # The reader knows both sides of the ARE line, and how the other scale splits.
            assert column["at_or_above"] == at
            up = [n for row, n in cells.items() if row in above and row in withheld]
            down = [n for row, n in cells.items() if row not in above and row in withheld]
            up += [other_at] * hide_other
            down += [missing] * hide_missing + [other - other_at] * hide_other
            for side, withheld_parts in (("above", up), ("below", down)):
                if not told_apart(withheld_parts):
                    leaks.append(f"{year_group}: withheld {withheld_parts} {side} the ARE line")
        else:
            assert column["percent_at_or_above"] is None
            # A small count at ARE must not be all that is withheld either.
            inside = [n for row, n in cells.items() if row in above and row in withheld]
            inside += [other] * (hide_other and other_at > 0)
            if 0 < at < threshold and 0 < sum(inside) == sum(parts):
                leaks.append(f"{year_group}: a withheld {at} at ARE is all that is withheld")
    return leaks


def gap_leaks(seen: dict[str, Any], full: dict[str, Any], threshold: int) -> list[str]:
    """Every way a withheld size or count at ARE of ``seen`` (a gap table) could be worked out:
    in a row the group and the rest add up to the year group; down each side the year groups
    add up to the "all" row."""
    leaks: list[str] = []
    views = {
        (g["year_group"], g["subgroup"]): (g, s)
        for g, s in zip(full["gaps"], seen["gaps"], strict=True)
    }
    rows = list(dict.fromkeys(g["year_group"] for g in full["gaps"]))
    year_groups = [row for row in rows if row != "all"]
    for subgroup in dict.fromkeys(g["subgroup"] for g in full["gaps"]):
        for measure in ("size", "at_or_above"):
            true, hidden = {}, set()
            for row in rows:
                everything, gap = views[(row, subgroup)]
                for side in ("group", "rest"):
                    true[(row, side)] = n = everything[side][measure]
                    if gap[side][measure] is None:
                        hidden.add((row, side))
                        assert gap[side]["percent_at_or_above"] is None
                    else:
                        assert gap[side][measure] == n and n >= threshold, (row, subgroup)
            lines = [
                [(row, "group"), (row, "rest")]
                for row in rows
                if true[(row, "group")] + true[(row, "rest")] >= threshold
            ]
            if "all" in rows:
                lines += [
                    [(row, side) for row in year_groups]
                    for side in ("group", "rest")
                    if ("all", side) not in hidden
                ]
            leaks += [
                f"{subgroup} {measure}: {leak}"
                for leak in _line_leaks(true, hidden, lines, threshold)
            ]
    return leaks


def _line_leaks(
    true: dict[Any, int], hidden: set[Any], lines: list[list[Any]], threshold: int
) -> list[str]:
    """Lines of cells adding up to a shown total whose withheld cells give themselves away. A
    withheld cell that can be worked out but is not small gives nothing away; it then counts
    as shown in its other lines."""
    known: set[Any] = set()

    def unknown(line: list[Any]) -> list[Any]:
        return [key for key in line if key in hidden and key not in known and true[key]]

    changed = True
    while changed:
        changed = False
        for line in lines:
            alone = unknown(line)
            if len(alone) == 1 and true[alone[0]] >= threshold:
                known.add(alone[0])
                changed = True
    return [
        f"withheld {[(key, true[key]) for key in unknown(line)]} of {line}"
        for line in lines
        if not told_apart([true[key] for key in unknown(line)])
    ]
