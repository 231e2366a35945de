"""The answer classes that keep every analysis exact when answers are compared with each
other (`logic/linear.py` gives the comparisons as atoms).

Why that is exact (also in docs/checks.md): an atom on one answer is a cut of its line like
any constant (`single_cuts`). Answers linked by atoms on several of them form a *component*;
all its atoms (with every constant comparison on its questions, and their `min` and `max`)
cut its space into *cells*: answers in one cell make every atom the same. With difference
constraints only, each cell is decided exactly by shortest paths on integers (a negative
cycle means no answers), and a solution of the shortest paths is its witness. Whole numbers
and dates are integers; decimal answers are integers of a unit 10^-(P+r), where P is the
most decimal places of any bound and 10^r exceeds the number of answers involved: every
cycle of bounds then either sums to at least 10^r units, more than its strict steps can use
up, or to zero, so a cell has decimal answers exactly when it has answers on this grid. With
weighted sums, every combination of answers is tried, which needs whole numbers or dates
with a `min` and a `max` and at most MAX_GRID combinations (else MP173). The witnesses, one
per cell (`Component.cells`), are what the analyses try: the exploration of walks
(`Component.classes`: the witnesses that agree with the answers already given), the
reasoning over the routing graph (`satisfy._coupled`) and the search behind the summary
rules.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from fractions import Fraction
from itertools import pairwise, product

from mendpath.logic.linear import OPS, Atom, Form, Op, form, point, weighed
from mendpath.logic.measures import MAX_DIGITS, classes, format_number, step_of
from mendpath.model import Answer, Book, Compare, Question, Relation

MAX_CELLS = 4_096  # per component of answers compared with each other
_KEPT_DISTANCES = 4_000_000  # entries of shortest paths kept while cells are counted
MAX_GRID = 100_000  # answers tried one by one for comparisons that weigh answers differently
_FIRST_DAY, _LAST_DAY = 1, 3_652_059  # date.min and date.max as day numbers
_ANY_DAY = 739_586  # 2025-12-01: a witness date is put near it when the cell allows
_TYPED = 10**MAX_DIGITS - 1  # the largest whole number an answer can be


class TooManyCells(Exception):
    """Answers compared with each other cut their space into more than MAX_CELLS cells."""


# --- answer classes ---------------------------------------------------------------------


def _text(q: Question, value: Fraction) -> str:
    """A point as an answer in normal form."""
    if q.kind == "date":
        import datetime  # here: most books ask no dates, and start-up pays for it

        return datetime.date.fromordinal(int(value)).isoformat()
    if value.denominator == 1:
        return str(value.numerator)

    return format_number(float(value))


def _scaled(
    a: Atom, index: Mapping[str, int], steps: Sequence[Fraction]
) -> tuple[list[int], bool, int]:
    """An atom over answers on grids (each question's answers are whole multiples of its
    step) as whole numbers over those multiples: a weight for each question (in `index`
    order), whether it is `>=` (else `<=`), and the bound: `x - y > 2.5` over whole numbers
    is `2x - 2y >= 6`."""
    weights = [Fraction(0)] * len(steps)
    for q, k in a.weights:
        weights[index[q]] += k
    if a.x is not None:
        weights[index[a.x]] += 1
    if a.y is not None:
        weights[index[a.y]] -= 1
    weights = [k * step for k, step in zip(weights, steps, strict=True)]
    scale = math.lcm(a.bound.denominator, *(k.denominator for k in weights))
    ks = [int(k * scale) for k in weights]
    bound = a.bound * scale
    match a.op:
        case "ge":
            return ks, True, math.ceil(bound)
        case "gt":
            return ks, True, math.floor(bound) + 1
        case "le":
            return ks, False, math.floor(bound)
        case "lt":
            return ks, False, math.ceil(bound) - 1
        case _:  # pragma: no cover - the four operators are all above
            raise AssertionError(a.op)


def _bound(q: Question, text: str | None) -> Fraction | None:
    """A question's `min` or `max` as a point, or None when absent or not valid (MP111)."""
    try:
        return None if text is None else point(q, text)
    except ValueError:
        return None


def _places(value: Fraction) -> int | None:
    """The decimal places a fraction needs, or None when it is not a finite decimal."""
    den, places = value.denominator, 0
    while den % 10 == 0:
        den //= 10
        places += 1
    while den % 2 == 0 or den % 5 == 0:
        den //= 2 if den % 2 == 0 else 5
        places += 1
    return places if den == 1 else None


def single_cuts(q: Question, a: Atom) -> tuple[str, ...] | None:
    """The cut points an atom on one answer puts on its question's line (answers in normal
    form), or None when no cut point can be written (a decimal question with a bound that is
    not a finite decimal, e.g. 10/3)."""
    step = step_of(q)
    if step is not None:  # the grid points either side (or the bound, on the grid)
        low, high = math.floor(a.bound / step), math.ceil(a.bound / step)
        if q.kind == "date":
            low, high = max(low, _FIRST_DAY), min(high, _LAST_DAY)
            if low > high:
                return ()
        return tuple(dict.fromkeys((_text(q, low * step), _text(q, high * step))))
    if _places(a.bound) is None:
        return None
    return (_text(q, a.bound),)


_FLIPPED: dict[Op, Op] = {"ge": "le", "le": "ge", "gt": "lt", "lt": "gt"}  # times a negative

# A constraint X_i - X_j <= w on scaled integers (node 0 is zero).
Edge = tuple[int, int, int]


class Component:
    """Answers linked by comparisons between two of them, and the cells their atoms make."""

    def __init__(self, book: Book, questions: list[str], atoms: list[Atom]) -> None:
        self.book = book
        self.questions = questions  # in book order
        self.atoms = atoms  # distinct atoms on these questions
        # Atoms that are not difference constraints are decided on every answer instead.
        self.grid = any(a.weights for a in atoms)
        self.problem = self._points() if self.grid else self._unit()
        self._cells: list[dict[str, str]] | None = None
        self._too_many = False  # cells() found more than MAX_CELLS
        self._base: list[list[int | None]] | None = None

    def _points(self, why: str = "it weighs answers differently (or adds several)") -> str | None:
        """For the grid: every answer each question accepts, when they are few enough; else
        what is wrong, after `why` the grid is needed."""
        self.points: list[list[Fraction]] = []
        self.steps: list[Fraction] = []
        total = 1
        for qid in self.questions:
            q = self.book.questions[qid]
            low, high = _bound(q, q.measure.minimum), _bound(q, q.measure.maximum)
            step = step_of(q)
            if step is None or low is None or high is None:
                missing = [key for key, at in (("`min`", low), ("`max`", high)) if at is None]
                lacks = [f"has no {' or '.join(missing)}"] if missing else []
                lacks += [] if step is not None else ["takes any decimal (it has no `decimals`)"]
                return (
                    f"{why}, which validate decides only over dates and numbers with "
                    f"`decimals`, a `min` and a `max`, and '{qid}' {' and '.join(lacks)}"
                )
            first, last = math.ceil(low / step), math.floor(high / step)
            if q.kind == "number":  # no answer has more than MAX_DIGITS digits
                first, last = max(first, -_TYPED), min(last, _TYPED)
            total *= max(0, last - first + 1)
            self.steps.append(step)
            self.points.append([v * step for v in range(first, last + 1)])
        if total > MAX_GRID:
            return (
                f"{why}, which validate decides answer by answer, and "
                f"{', '.join(self.questions)} have {total:,} combinations, more than {MAX_GRID:,}"
            )
        return None

    def _grid(self) -> Iterator[tuple[tuple[bool, ...], tuple[Fraction, ...]]]:
        """The truth of every atom for every combination of answers, each way the atoms can
        be at least once, at its first combination (in the order of `product`).

        Every atom is scaled to whole numbers (`sum of k * answer >= b` or `<= b`). For each
        combination of the answers but the last, an atom is linear in the last answer, so
        it changes at most once along it, where k * v crosses what is left of b: only the
        first answer and those crossings need trying, and between two of them every atom
        stays as it is (a way first met there was met at the crossing before)."""
        if not self.points or any(not values for values in self.points):
            return
        index = {q: i for i, q in enumerate(self.questions)}
        scaled = [_scaled(a, index, self.steps) for a in self.atoms]
        step = self.steps[-1]
        last = [int(v / step) for v in self.points[-1]]
        low, high = last[0], last[-1]
        for before in product(*self.points[:-1]):
            ints = [int(v / s) for v, s in zip(before, self.steps, strict=False)]
            left = [
                (sum(k * v for k, v in zip(ks, ints, strict=False)), ks[-1], ge, b)
                for ks, ge, b in scaled
            ]
            starts = {low}
            for done, k, _, b in left:
                if k:
                    cross = (b - done) // k  # the crossing is at cross or cross + 1
                    starts.update(c for c in (cross, cross + 1) if low < c <= high)
            for v in sorted(starts):
                truths = tuple(
                    (done + k * v >= b) if ge else (done + k * v <= b) for done, k, ge, b in left
                )
                yield truths, (*before, v * step)

    def _unit(self) -> str | None:
        qs = [self.book.questions[q] for q in self.questions]
        steps = {step_of(q) for q in qs}
        if len(steps) > 1 and None not in steps and self._points() is None:
            self.grid = True  # different steps: tried answer by answer, on each one's own
            return None
        if len(steps) > 1 and None in steps:
            return "it compares a whole-number or date answer with a decimal one"
        if len(steps) > 1:
            kept = sorted(len(str(s.denominator)) - 1 for s in steps if s is not None)
            return self._points(
                f"it compares answers with different `decimals` ({', '.join(map(str, kept))})"
            )
        bounds = [a.bound for a in self.atoms]
        for q in qs:
            for text in (q.measure.minimum, q.measure.maximum):
                if text is not None:
                    bound = _bound(q, text)
                    bounds += [] if bound is None else [bound]
        step = next(iter(steps), Fraction(1))  # (no questions: an atom on none, `a >= a`)
        if step is not None:  # answers on one grid: counted in its steps, as whole numbers
            self.unit = step
            return None if qs and qs[0].kind == "date" else self._typable(bounds)
        places = 0
        for bound in bounds:
            needed = _places(bound)
            if needed is None:
                return (
                    f"a bound ({bound}) is not a finite decimal, so no answer can meet it exactly"
                )
            places = max(places, needed)
        room = len(str(len(self.questions) + 1))
        self.unit = Fraction(1, 10 ** (places + room))
        return self._typable(bounds)

    def _typable(self, bounds: list[Fraction]) -> str | None:
        """None when every point of the grid a witness can be taken from has at most
        MAX_DIGITS digits, so it can be typed as an answer (then a cell has answers exactly
        when it has grid points); what is wrong otherwise."""
        widest = max((abs(b) for b in bounds), default=Fraction(0))
        qs = [self.book.questions[q] for q in self.questions]
        if any(q.measure.minimum is None or q.measure.maximum is None for q in qs):
            widest = 2 * (len(qs) + 2) * (widest + self.unit)  # the box of `_domain`
        if widest / self.unit < 10**MAX_DIGITS:
            return None
        decimals = len(str(self.unit.denominator)) - 1
        return (
            f"answers as large as {_text(qs[0], widest)} with {decimals} decimals would be "
            f"needed to decide it, more than the {MAX_DIGITS} digits an answer may have"
        )

    def _node(self, qid: str | None) -> int:
        return 0 if qid is None else self.questions.index(qid) + 1

    def _edges(self, a: Atom, truth: bool) -> Edge:
        """The scaled constraint that says the atom is true (or false)."""
        op = a.op if truth else {"ge": "lt", "lt": "ge", "le": "gt", "gt": "le"}[a.op]
        bound = a.bound / self.unit
        x, y = self._node(a.x), self._node(a.y)
        match op:
            case "le":
                return (x, y, math.floor(bound))
            case "lt":
                return (x, y, math.ceil(bound) - 1)
            case "ge":
                return (y, x, -math.ceil(bound))
            case "gt":
                return (y, x, -(math.floor(bound) + 1))
            case _:  # pragma: no cover - the four operators are all above
                raise AssertionError(op)

    def _domain(self) -> list[Edge]:
        edges: list[Edge] = []
        widest = 1 + max((abs(a.bound / self.unit) for a in self.atoms), default=Fraction(0))
        for i, qid in enumerate(self.questions, 1):
            q = self.book.questions[qid]
            low, high = _bound(q, q.measure.minimum), _bound(q, q.measure.maximum)
            if q.kind == "date":
                low = Fraction(_FIRST_DAY) if low is None else low
                high = Fraction(_LAST_DAY) if high is None else high
            for bound in (low, high):
                if bound is not None:
                    widest = max(widest, 1 + abs(bound / self.unit))
            if high is not None:
                edges.append((i, 0, math.floor(high / self.unit)))
            if low is not None:
                edges.append((0, i, -math.ceil(low / self.unit)))
        # Unbounded numbers: a feasible set of n difference constraints has a solution within
        # 2(n + 2) times the widest bound of zero, so this box loses no cell.
        far = 2 * (len(self.questions) + 2) * math.ceil(widest)
        for i in range(1, len(self.questions) + 1):
            edges += [(i, 0, far), (0, i, far)]
        return edges

    def _start(self) -> list[list[int | None]]:
        """Shortest paths for the questions' ranges alone ([]: a range is empty, MP115).
        Worked out once; nothing changes it (`_tighten` makes a new table)."""
        if self._base is None:
            self._base = self._ranges()
        return self._base

    def _ranges(self) -> list[list[int | None]]:
        size = len(self.questions) + 1
        dist: list[list[int | None]] = [[None] * size for _ in range(size)]
        for i in range(size):
            dist[i][i] = 0
        for edge in self._domain():
            dist = _tighten(dist, edge)
            if not dist:
                return []
        return dist

    def possible(self, truth: bool) -> bool:
        """Whether some answers within range make every atom true (truth), or some atom
        false (not truth)."""
        if self.grid:
            wanted = all if truth else (lambda truths: not all(truths))
            return any(wanted(truths) for truths, _ in self._grid())
        dist = self._start()
        if not dist:
            return False
        if not truth:
            return any(_tighten(dist, self._edges(a, False)) for a in self.atoms)
        for a in self.atoms:
            dist = _tighten(dist, self._edges(a, True))
            if not dist:
                return False
        return True

    def cells(self) -> list[dict[str, str]]:
        """One set of answers inside each cell (every question of the component answered).
        Raises TooManyCells past MAX_CELLS (at the first cell past it, before any witness
        is worked out, and at once when asked again)."""
        if self._cells is None:
            if self._too_many:
                raise TooManyCells
            try:
                self._cells = self._grid_cells() if self.grid else self._split_cells()
            except TooManyCells:
                self._too_many = True
                raise
        return self._cells

    def _grid_cells(self) -> list[dict[str, str]]:
        seen: set[tuple[bool, ...]] = set()
        found: list[tuple[Fraction, ...]] = []
        for truths, values in self._grid():
            if truths not in seen:
                seen.add(truths)
                found.append(values)
                if len(found) > MAX_CELLS:
                    raise TooManyCells
        return [self._answers(values) for values in found]

    def _split_cells(self) -> list[dict[str, str]]:
        """The witness of every cell. The cells' shortest paths are kept until they are
        known to be few enough (a witness costs twice the steps of finding its cell), unless
        keeping them all could take much memory (many questions): then each witness at once."""
        dist = self._start()
        cells: list[dict[str, str]] = []
        leaves: list[list[list[int | None]]] = []
        if dist:
            keep = len(dist) ** 2 * MAX_CELLS <= _KEPT_DISTANCES
            self._split(dist, 0, leaves if keep else None, cells)
        return cells + [self._answers(self._witness(leaf)) for leaf in leaves]

    def _split(
        self,
        dist: list[list[int | None]],
        index: int,
        leaves: list[list[list[int | None]]] | None,
        cells: list[dict[str, str]],
    ) -> None:
        if index == len(self.atoms):
            if len(cells) + (0 if leaves is None else len(leaves)) >= MAX_CELLS:
                raise TooManyCells
            if leaves is None:
                cells.append(self._answers(self._witness(dist)))
            else:
                leaves.append(dist)
            return
        for truth in (True, False):
            tighter = _tighten(dist, self._edges(self.atoms[index], truth))
            if tighter:
                self._split(tighter, index + 1, leaves, cells)

    def _witness(self, dist: list[list[int | None]]) -> tuple[Fraction, ...]:
        """Answers inside a cell, each as near as the cell allows to a plain one (0, or a
        date of these years), fixed one question at a time: with X_i fixed between its
        bounds -dist[i][0] and dist[0][i], the rest stays feasible (shortest paths are
        exact), so each later question still has a value."""
        values: list[Fraction] = []
        for i, qid in enumerate(self.questions, 1):
            low, high = dist[i][0], dist[0][i]
            assert low is not None
            assert high is not None
            plain = _ANY_DAY if self.book.questions[qid].kind == "date" else 0
            chosen = min(max(plain, -low), high)
            dist = _tighten(_tighten(dist, (i, 0, chosen)), (0, i, -chosen))
            assert dist, "a value within its bounds always extends to the others"
            values.append(Fraction(chosen) * self.unit)
        return tuple(values)

    def _answers(self, values: tuple[Fraction, ...]) -> dict[str, str]:
        return {
            qid: _text(self.book.questions[qid], value)
            for qid, value in zip(self.questions, values, strict=True)
        }

    def line(self, qid: str, so_far: Mapping[str, Answer], own: Iterable[str]) -> list[str] | None:
        """Every class of `qid`'s answers with the component's other answers fixed as in
        `so_far`: each atom on it, the others put in, is a cut of its line like a constant
        (and so is each of `own`, the classes of its comparisons with constants), so one
        answer in each class tries every answer it can be given there (an atom that reads an
        answer not given is false whatever this one is: no cut). None when no cut can be
        written (a question with no step)."""
        q = self.book.questions[qid]
        if step_of(q) is None:
            return None
        cuts = list(own)
        for a in self.atoms:
            moved = a.questions()
            if qid not in moved:
                continue
            others = [x for x in moved if x != qid]
            if any(so_far.get(x, "") in ("", None) for x in others):
                continue  # it reads an answer not given: false whatever `qid` is, no cut
            values = {x: point(self.book.questions[x], str(so_far[x])) for x in others}
            weight = dict(a.weights).get(qid, Fraction(0)) if a.weights else None
            if weight is None:
                weight = Fraction(1 if a.x == qid else -1)
            if weight == 0:
                continue
            rest = weighed(a, {**values, qid: Fraction(0)})
            op = a.op if weight > 0 else _FLIPPED[a.op]
            alone = Atom(qid, None, op, (a.bound - rest) / weight, a.reads)
            found = single_cuts(q, alone)
            if found is None:
                return None
            cuts += found
        return classes(q, cuts)

    def classes(self, qid: str, so_far: Mapping[str, Answer]) -> list[str]:
        """The answers to try for `qid`: those of the cells that agree with the answers of
        the component already given."""
        given = [(q, so_far[q]) for q in self.questions if q in so_far and q != qid]
        return list(
            dict.fromkeys(cell[qid] for cell in self.cells() if all(cell[q] == v for q, v in given))
        )


def _tighten(dist: list[list[int | None]], edge: Edge) -> list[list[int | None]]:
    """All-pairs shortest paths with one more constraint X_i - X_j <= w (an edge j -> i),
    or [] when it closes a negative cycle (no answers)."""
    i, j, w = edge
    back = dist[i][j]
    if back is not None and back + w < 0:
        return []
    size = len(dist)
    out = [row[:] for row in dist]
    for a in range(size):
        to_j = dist[a][j]
        if to_j is None:
            continue
        for b in range(size):
            from_i = dist[i][b]
            if from_i is None:
                continue
            length = to_j + w + from_i
            current = out[a][b]
            if current is None or length < current:
                out[a][b] = length
    return out


class Space:
    """Every comparison of a book with another answer or a value, analysed once."""

    def __init__(self, book: Book, relations: Iterable[Relation], compares: Iterable[Compare]):
        self.forms: dict[Relation, Form] = {}
        linked: dict[str, set[str]] = {}
        atoms: list[Atom] = []
        for cond in relations:
            if cond in self.forms:
                continue
            found = self.forms[cond] = form(cond, book)
            for a in found.atoms:
                atoms.append(a)
                moved = a.questions()
                for one, other in pairwise(moved):
                    linked.setdefault(one, set()).add(other)
                    linked.setdefault(other, set()).add(one)
        for c in compares:
            q = book.questions.get(c.question)
            if q is None or not q.spec.measured or c.question not in linked:
                continue
            try:
                if c.op == "between":
                    low, high = point(q, c.low), point(q, c.high or c.low)
                    atoms += [
                        Atom(q.id, None, "ge", low, frozenset({q.id})),
                        Atom(q.id, None, "le", high, frozenset({q.id})),
                    ]
                else:
                    atoms.append(Atom(q.id, None, OPS[c.op], point(q, c.low), frozenset({q.id})))
            except ValueError:
                continue  # not a valid constant: MP111
        self.components: list[Component] = []
        self.of: dict[str, Component] = {}
        order = {qid: i for i, qid in enumerate(book.questions)}
        groups: list[set[str]] = []
        group_of: dict[str, int] = {}
        for start in sorted(linked, key=order.__getitem__):
            if start in group_of:
                continue
            members, todo = {start}, [start]
            while todo:
                for other in linked[todo.pop()]:
                    if other not in members:
                        members.add(other)
                        todo.append(other)
            group_of.update(dict.fromkeys(members, len(groups)))
            groups.append(members)
        mine: list[dict[Atom, None]] = [{} for _ in groups]
        for a in atoms:  # each atom goes to the component of its questions (all in one)
            moved = a.questions()
            if moved and moved[0] in group_of:
                mine[group_of[moved[0]]][a._replace(reads=frozenset())] = None
        for members, own in zip(groups, mine, strict=True):
            component = Component(book, sorted(members, key=order.__getitem__), list(own))
            self.components.append(component)
            self.of.update(dict.fromkeys(members, component))
        self.cuts: dict[str, set[str]] = {}
        for a in atoms:
            q = book.questions[a.x] if a.x is not None and not a.weights else None
            if q is not None and a.y is None and a.x not in self.of:
                self.cuts.setdefault(q.id, set()).update(single_cuts(q, a) or ())

    def form(self, cond: Relation, book: Book) -> Form:
        found = self.forms.get(cond)
        return found if found is not None else form(cond, book)

    def refused(self, cond: Relation, book: Book) -> bool:
        """Whether validate refuses to analyse this comparison (MP173): then no answer
        classes are exact for it, and no verdict may rest on them."""
        found = self.form(cond, book)
        if found.problem is not None:
            return True
        for a in found.atoms:
            moved = a.questions()
            component = self.of.get(moved[0]) if moved else None
            if component is not None and component.problem is not None:
                return True
            lone = a.x is not None and a.y is None and a.x not in self.of
            if lone and single_cuts(book.questions[a.x or ""], a) is None:
                return True
        return False

    def line(
        self, question: Question, so_far: Mapping[str, Answer], own: Iterable[str]
    ) -> list[str] | None:
        """`Component.line` for a question compared with other answers; None for one whose
        classes are its own, or when they cannot be worked out so."""
        component = self.of.get(question.id)
        if component is None or component.problem is not None:
            return None
        return component.line(question.id, so_far, own)

    def classes(self, question: Question, so_far: Mapping[str, Answer]) -> list[str] | None:
        """The answers to try for a question compared with other answers, given those
        already on the walk; None for a question whose classes are its own (its cuts)."""
        component = self.of.get(question.id)
        if component is None or component.problem is not None:
            return None
        return component.classes(question.id, so_far)
