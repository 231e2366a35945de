"""Conditions: the one place that knows every kind of condition.

A condition is data (`model.Condition`, built from YAML by `book.build`). This module
evaluates it (`holds`) and takes it apart (`parts`, `walk`, `question_read`,
`questions_read`). Every consumer that must treat each kind differently (explanation in
`explain`, satisfiability in `satisfy`, reference checks in `book.references`) dispatches with a
`match` that ends in `typing.assert_never`, so adding a kind to `model.Condition` is a change
mypy walks through, one consumer at a time; `tests/logic/test_conditions.py` proves it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, assert_never
from weakref import WeakKeyDictionary

from mendpath.logic.measures import classes, cuts, meets, point
from mendpath.model import (
    All,
    Answer,
    Answered,
    AnswerIn,
    AnyOf,
    Book,
    Compare,
    Condition,
    Includes,
    Invalid,
    Not,
    Relation,
    SituationRef,
)

if TYPE_CHECKING:  # relations (and exact fractions) load when a book compares answers
    from mendpath.logic.relations import Space

Answers = Mapping[str, Answer]


def parts(cond: Condition) -> tuple[Condition, ...]:
    """The conditions directly inside this one (none for a leaf)."""
    match cond:
        case All() | AnyOf():
            return cond.items
        case Not():
            return (cond.item,)
        case SituationRef() | Answered() | AnswerIn() | Includes() | Compare() | Relation():
            return ()
        case Invalid():
            return ()
        case _:
            assert_never(cond)


def walk(cond: Condition) -> Iterator[Condition]:
    """This condition and every one inside it, outermost first (situations not followed)."""
    yield cond
    for part in parts(cond):
        yield from walk(part)


def question_read(cond: Condition) -> str | None:
    """The question a leaf tests, or None (combinations, situations, invalid shapes, and
    comparisons with other answers or values, which may read several: `questions_read`)."""
    match cond:
        case Answered() | AnswerIn() | Includes() | Compare():
            return cond.question
        case All() | AnyOf() | Not() | SituationRef() | Relation() | Invalid():
            return None
        case _:
            assert_never(cond)


def choices_tested(cond: Condition) -> tuple[tuple[str, str], ...]:
    """(question, choice) for each choice a leaf tests."""
    match cond:
        case AnswerIn():
            return tuple((cond.question, choice) for choice in cond.choices)
        case Includes():
            return ((cond.question, cond.choice),)
        case All() | AnyOf() | Not() | SituationRef() | Answered() | Compare() | Relation():
            return ()
        case Invalid():
            return ()
        case _:
            assert_never(cond)


def situation_named(cond: Condition) -> str | None:
    """The situation a reference names, or None for every other kind."""
    match cond:
        case SituationRef():
            return cond.situation
        case All() | AnyOf() | Not() | Answered() | AnswerIn() | Includes() | Compare():
            return None
        case Relation() | Invalid():
            return None
        case _:
            assert_never(cond)


def questions_read(
    cond: Condition | None, book: Book, seen: frozenset[str] = frozenset()
) -> set[str]:
    """Every question a condition reads, through the situations it names too."""
    if cond is None:
        return set()
    found: set[str] = set()
    for node in walk(cond):
        question, named = question_read(node), situation_named(node)
        if question is not None:
            found.add(question)
        elif isinstance(node, Relation):
            found.update(q for a in relation_space(book).form(node, book).atoms for q in a.reads)
        elif named is not None and named not in seen:
            situation = book.situations.get(named)
            if situation is not None:
                found |= questions_read(situation.when, book, seen | {named})
    return found


_NODES: WeakKeyDictionary[Book, tuple[Condition, ...]] = WeakKeyDictionary()


def condition_nodes(book: Book) -> tuple[Condition, ...]:
    """Every node of every condition the book holds (`book_conditions`), gathered once."""
    found = _NODES.get(book)
    if found is None:
        found = _NODES[book] = tuple(node for root in book_conditions(book) for node in walk(root))
    return found


def book_conditions(book: Book) -> Iterator[Condition]:
    """Every condition a book holds: situations, advice, `next` guards, the `when` of
    questions and choices, the checks that refuse answers, and wording variants."""
    yield from (s.when for s in book.situations.values())
    yield from (a.when for a in book.advice.values() if a.when is not None)
    for q in book.questions.values():
        for guard, _ in q.branches:
            if guard is not None:
                yield guard
        if q.when is not None:
            yield q.when
        for check in q.checks:
            yield check.refuse
        for c in q.choices:
            if c.when is not None:
                yield c.when
            if c.variants:
                yield from (when for variants in c.variants.values() for when, _ in variants)
        if q.variants:
            yield from (when for variants in q.variants.values() for when, _ in variants)
    for a in book.advice.values():
        yield from (when for variants in a.variants.values() for when, _ in variants)


def choices_read(book: Book) -> dict[str, tuple[str, ...]]:
    """Per question, the choices some condition of the book tests, in the question's order
    (the others cannot change what a condition says)."""
    read: dict[str, set[str]] = {}
    for node in condition_nodes(book):
        for question, choice in choices_tested(node):
            read.setdefault(question, set()).add(choice)
    return {
        q.id: tuple(c for c in q.choice_ids() if c in read.get(q.id, ()))
        for q in book.questions.values()
    }


_SPACES: WeakKeyDictionary[Book, Space] = WeakKeyDictionary()


def relation_space(book: Book) -> Space:
    """Every comparison of the book with another answer or a value, analysed once."""
    found = _SPACES.get(book)
    if found is None:
        from mendpath.logic.relations import Space

        nodes = condition_nodes(book)
        found = Space(
            book,
            [n for n in nodes if isinstance(n, Relation)],
            [n for n in nodes if isinstance(n, Compare)],
        )
        _SPACES[book] = found
    return found


_CHOICE_SETS: WeakKeyDictionary[Book, dict[str, frozenset[str]]] = WeakKeyDictionary()


def choice_set(book: Book, qid: str) -> frozenset[str]:
    """The ids of a question's choices, as a set made once per book (a question may have
    tens of thousands, and every condition on it asks)."""
    sets = _CHOICE_SETS.get(book)
    if sets is None:
        sets = _CHOICE_SETS[book] = {}
    found = sets.get(qid)
    if found is None:
        question = book.questions.get(qid)
        found = sets[qid] = frozenset(question.choice_ids() if question else ())
    return found


# The answer that stands for every non-empty text answer (text has two classes: empty or not).
EXAMPLE_TEXT = "example"

_CLASSES: WeakKeyDictionary[Book, dict[str, list[str]]] = WeakKeyDictionary()


def cut_points(book: Book) -> dict[str, set[str]]:
    """For each number or date question compared, the constants it is compared against (by
    a comparison with a constant, or by one with other answers, put in its terms)."""
    cut_at: dict[str, set[str]] = {}
    for node in condition_nodes(book):
        if isinstance(node, Compare):
            cut_at.setdefault(node.question, set()).update(cuts(node))
    for qid, more in relation_space(book).cuts.items():
        cut_at.setdefault(qid, set()).update(more)
    return cut_at


def answer_classes(book: Book) -> dict[str, list[str]]:
    """For each number or date question, one answer inside each of its answer classes: the
    constants the book compares it against (and its min and max) cut its line into them."""
    found = _CLASSES.get(book)
    if found is None:
        cut_at = cut_points(book)
        found = {
            q.id: classes(q, cut_at.get(q.id, ()))
            for q in book.questions.values()
            if q.spec.measured
        }
        _CLASSES[book] = found
    return found


def holds(
    cond: Condition | None, book: Book, answers: Answers, _seen: tuple[str, ...] = ()
) -> bool:
    """Whether a condition is true for these answers (answers off the route must be removed).

    A situation that is unknown or refers to itself, and an invalid shape, are never true."""
    if cond is None:
        return True
    match cond:
        case All():
            return all(holds(c, book, answers, _seen) for c in cond.items)
        case AnyOf():
            return any(holds(c, book, answers, _seen) for c in cond.items)
        case Not():
            return not holds(cond.item, book, answers, _seen)
        case SituationRef():
            situation = book.situations.get(cond.situation)
            if situation is None or cond.situation in _seen:
                return False
            return holds(situation.when, book, answers, (*_seen, cond.situation))
        case AnswerIn():
            value = answers.get(cond.question)
            question = book.questions.get(cond.question)
            return (
                isinstance(value, str)
                and question is not None
                and question.spec.one_choice
                and value in cond.choices
            )
        case Includes():
            value = answers.get(cond.question)
            return isinstance(value, list) and cond.choice in value
        case Answered():
            return cond.question in answers and answers[cond.question] != ""
        case Compare():
            value = answers.get(cond.question)
            question = book.questions.get(cond.question)
            if not isinstance(value, str) or question is None or not question.spec.measured:
                return False
            return meets(cond, question, point(question, value))
        case Relation():
            from mendpath.logic.linear import atom_holds, guard_holds

            found = relation_space(book).form(cond, book)
            if found.cases is not None:  # linear piece by piece: some case holds
                return any(all(guard_holds(g, answers, book) for g in c) for c in found.cases)
            atoms = found.atoms
            return bool(atoms) and all(atom_holds(a, answers, book) for a in atoms)
        case Invalid():
            return False
        case _:
            assert_never(cond)
