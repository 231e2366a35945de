"""Problems found in rule files, their stable codes, (the error types are in errors.py)."""

from __future__ import annotations

Severity = str  # "error" or "warning" (no typing import: this module loads on --help)

# Every code a check can report, with a one-line summary. docs/checks.md explains each;
# a test keeps the two in step.
CODES: dict[str, str] = {
    # Reading files
    "MP001": "the file is not valid YAML",
    "MP002": "the file is not UTF-8 text (binary data or another encoding)",
    "MP003": "the file is too large",
    "MP004": "the file nests too deep",
    "MP005": "aliases expand without bound, or refer to themselves",
    "MP006": "a key appears twice in one mapping",
    "MP007": "the file or folder cannot be read",
    "MP008": "a YAML tag that rule files do not allow (e.g. a Python object)",
    "MP009": "the file is empty, holds several documents, or its top level is not a mapping",
    "MP010": "a folder holds no rule files",
    # Shape
    "MP100": "the file does not match the rule-book schema",
    # Meaning
    "MP101": "an id is defined twice",
    "MP102": "a choice id is repeated within one question",
    "MP103": "a reference to an unknown question",
    "MP104": "a reference to a choice the question does not offer",
    "MP105": "a reference to an unknown situation",
    "MP106": "a reference to an unknown source",
    "MP107": "a reference to a section the source does not have",
    "MP108": "a reference to an unknown group",
    "MP109": "a placeholder in text that nothing fills",
    "MP110": "a reference to unknown advice",
    "MP111": "a condition that does not fit the kind of question it tests",
    "MP112": "book metadata missing or given twice",
    "MP113": "a choice with nowhere to go (no route and no default next)",
    "MP114": "a source url that is not an http, https or mailto address",
    "MP115": "a number or date range, or a comparison, that no answer can meet",
    "MP116": "a text pattern that is not a valid regular expression",
    "MP117": "a reference to an unknown computed value",
    "MP118": "a computed value that depends on itself",
    "MP119": "a lookup table without a number for every choice of its question",
    "MP120": "a cycle in the routing",
    "MP121": "a question that no route reaches",
    "MP122": "situations that refer to each other in a loop",
    "MP130": "advice that no set of answers can show",
    "MP131": "a condition that is always true",
    "MP132": "a situation that can never hold",
    "MP133": "a route shows more advice than the book's limit",
    "MP134": "items declared never together show together on some route",
    "MP135": "a route shows more items citing one section than the book's limit",
    "MP136": 'a route shows too few items ranked for "Start here"',
    "MP137": "the summary rules could not be proved (too many answer classes)",
    "MP138": "a book routed by conditions has too many walks to explore",
    "MP139": "a route that shows no advice at all",
    "MP189": "a condition too large to decide, with too many walks to explore instead",
    "MP190": "a question that offers no choice on some route",
    "MP191": "a question's `when` that is true wherever the question is reached",
    "MP192": "a choice's `when` that is true wherever its question is asked",
    "MP193": "a choice that is never offered",
    "MP194": "a branch of `next` that no answers take",
    "MP195": "a wording variant that is never used",
    "MP196": "a question's wording variant that reads an answer given only after it",
    "MP197": "a value shown in text has no default",
    "MP198": "a placeholder in a question that reads only answers given after it",
    "MP140": "a source that no advice cites",
    "MP141": "a section that no advice cites",
    "MP142": "advice with no citation",
    # Comparisons with other answers and computed values
    "MP170": "a comparison between a number and a date",
    "MP171": "a comparison with a question that is not a number or a date",
    "MP172": "a comparison with an unknown computed value",
    "MP173": "a comparison validate cannot analyse exactly",
    "MP174": "a comparison no answers can make true",
    "MP175": "a comparison every answer makes true",
    "MP176": "answers compared with each other in too many ways to explore",
    "MP177": "the checks of a question refuse every answer on some route",
    "MP178": "a check that refuses no answer on any route",
    "MP179": "a check that reads an answer not given before its question on some route",
    # Translations
    "MP180": "a text with no translation into a language the book declares",
    "MP181": "a translation of an id the book does not have",
    "MP182": "a translation of a text the element does not have",
    "MP183": "a translation of the wrong shape (one text, or one per variant)",
    "MP184": "a translation into a language the book does not declare",
    "MP185": "a text translated twice into one language",
    "MP186": "a declared language that no file translates into",
    "MP187": "a translated text uses a placeholder that nothing fills",
    "MP188": "a translated text leaves out a placeholder the book's text uses",
    # Scenario files (`mendpath test`)
    "MP150": "a scenario file does not have the scenario shape",
    "MP151": "a scenario's answers or advice ids do not fit the book",
    # Sizes a summary can afford
    "MP160": "a text longer than 20,000 characters",
    "MP161": "a text pattern that can take exponential time to match",
    "MP162": "a number that is infinite, too large for a float, or not a number",
    "MP163": "a fixed date in a value that is not a date",
    # Placeholders in Markdown
    "MP166": "a placeholder in an advice body stands where its value is left out",
}


class Problem:
    """One finding, located in a file. Sorts by file, then line and column."""

    __slots__ = ("code", "col", "file", "line", "message", "severity")

    def __init__(
        self, file: str, line: int, col: int, severity: Severity, code: str, message: str
    ) -> None:
        if code not in CODES:  # pragma: no cover - a programming error
            raise ValueError(f"unknown problem code {code}")
        self.file = file
        self.line = line
        self.col = col
        self.severity = severity
        self.code = code
        self.message = message

    def _key(self) -> tuple[str, int, int, str, str, str]:
        return (self.file, self.line, self.col, self.severity, self.code, self.message)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Problem) and self._key() == other._key()

    def __lt__(self, other: Problem) -> bool:
        return self._key() < other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return f"Problem({self.format()!r})"

    def format(self) -> str:
        """The problem on one line; names and quoted values from outside made printable."""
        from mendpath.text import printable

        where = f"{printable(self.file)}:{self.line}:{self.col}"
        return f"{where}: {self.severity} {self.code}: {printable(self.message)}"

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "col": self.col,
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
        }


def located(where: tuple[str, int, int], severity: Severity, code: str, message: str) -> Problem:
    """A problem at a place given as (file, line, column), as `Origin.at` returns it."""
    return Problem(where[0], where[1], where[2], severity, code, message)
