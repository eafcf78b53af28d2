"""Exception classes whose messages a non-programmer can act on: what, where, what to do."""

from __future__ import annotations


class KokkaError(Exception):
    """Base class for every error raised on purpose by kokka."""


class UnknownRegionError(KokkaError, LookupError):
    """A region name or code that the registry does not know."""

    def __init__(self, query: str, suggestions: list[str] | None = None):
        self.query = query
        self.suggestions = list(suggestions or [])
        msg = f"Unknown region {query!r}."
        if self.suggestions:
            msg += " Did you mean: " + ", ".join(self.suggestions) + "?"
        msg += " Use a Statistics Finland code (SSS, MK08, SK082, KU285) or a name such as 'Kotka'."
        super().__init__(msg)


class DataFormatError(KokkaError, ValueError):
    """Input data that cannot be used as it is.

    The message names the file (or table), the row(s), the column and the problem.
    """

    def __init__(
        self,
        problem: str,
        *,
        source: str | None = None,
        rows: list[int] | None = None,
        column: str | None = None,
        hint: str | None = None,
    ):
        self.problem = problem
        self.source = source
        self.rows = list(rows or [])
        self.column = column
        self.hint = hint
        where = []
        if source:
            where.append(f"file/table {source}")
        if self.rows:
            shown = ", ".join(str(r) for r in self.rows[:10])
            more = f" (and {len(self.rows) - 10} more)" if len(self.rows) > 10 else ""
            where.append(f"row(s) {shown}{more}")
        if column:
            where.append(f"column {column!r}")
        msg = problem if not where else f"{'; '.join(where)}: {problem}"
        if hint:
            msg += f" {hint}"
        super().__init__(msg)


class TableSchemaError(DataFormatError):
    """A tidy table that breaks its schema (see ``kokka_analysis.schemas``)."""

    def __init__(self, table: str, failures: list[dict], source: str | None = None):
        self.table = table
        self.failures = failures
        lines = []
        for f in failures[:15]:
            rows = f.get("rows") or []
            row_txt = f" rows {rows[:8]}" + ("..." if len(rows) > 8 else "") if rows else ""
            lines.append(f"  - column {f['column']!r}{row_txt}: {f['problem']}")
        if len(failures) > 15:
            lines.append(f"  - ... and {len(failures) - 15} more problems")
        problem = f"table {table!r} does not match its schema:\n" + "\n".join(lines)
        super().__init__(problem, source=source)
        self.rows = sorted({r for f in failures for r in (f.get("rows") or [])})
        self.columns = sorted({f["column"] for f in failures})
