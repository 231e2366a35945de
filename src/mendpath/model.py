"""The rule book as typed data, merged from its files (built by `book/build.py`).

Records are slotted classes and NamedTuples, not changed after building (by convention:
making them refuse assignment cost 2-3x per object when building, measured; see the note
in docs/architecture.md). The kinds of question (`kind_spec`), of condition (`Condition`),
of computed value (`Expr`) and the ways out of a question (`Route`) are defined here.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import TYPE_CHECKING, Literal, NamedTuple, assert_never, get_args

from mendpath.reader import Origin

if TYPE_CHECKING:
    from mendpath.expressions import Value

END = "end"
Answer = str | list[str]  # a choice id, a list of choice ids (multiple choice), or text
Kind = Literal["single", "multiple", "yes_no", "text", "number", "date"]
YES_NO_LABELS = (("yes", "Yes"), ("no", "No"))
DEFAULT_MAX_LENGTH = 200


class KindSpec(NamedTuple):
    """What a kind of question is. Modules read these properties instead of testing kind
    names; where a kind needs its own behaviour (prompting, checking an answer), they
    dispatch with `match` ending in `assert_never`."""

    one_choice: bool  # the answer is one choice id, so each choice may have its own route
    many_choices: bool  # the answer is a list of choice ids
    free_text: bool  # the answer is text (may be empty)
    measured: bool  # the answer is a number or a date: a point on a line, compared by value
    fixed_choices: tuple[tuple[str, str], ...] | None  # choices the kind itself gives
    described: str  # how messages name the kind


def kind_spec(kind: Kind) -> KindSpec:
    """The one table of question kinds."""
    match kind:
        case "single":
            return KindSpec(True, False, False, False, None, "single-choice")
        case "multiple":
            return KindSpec(False, True, False, False, None, "multiple-choice")
        case "yes_no":
            return KindSpec(True, False, False, False, YES_NO_LABELS, "yes/no")
        case "text":
            return KindSpec(False, False, True, False, None, "text")
        case "number":
            return KindSpec(False, False, False, True, None, "number")
        case "date":
            return KindSpec(False, False, False, True, None, "date")
        case _:
            assert_never(kind)


KINDS: tuple[Kind, ...] = get_args(Kind)
KIND_SPECS: dict[Kind, KindSpec] = {kind: kind_spec(kind) for kind in KINDS}


# --- conditions -------------------------------------------------------------------------


class All:
    __slots__ = ("items", "origin")

    def __init__(self, items: tuple[Condition, ...], origin: Origin) -> None:
        self.items = items
        self.origin = origin

    def __repr__(self) -> str:
        return f"All(items={self.items!r})"


class AnyOf:
    __slots__ = ("items", "origin")

    def __init__(self, items: tuple[Condition, ...], origin: Origin) -> None:
        self.items = items
        self.origin = origin

    def __repr__(self) -> str:
        return f"AnyOf(items={self.items!r})"


class Not:
    __slots__ = ("item", "origin")

    def __init__(self, item: Condition, origin: Origin) -> None:
        self.item = item
        self.origin = origin

    def __repr__(self) -> str:
        return f"Not(item={self.item!r})"


class SituationRef:
    __slots__ = ("origin", "situation")

    def __init__(self, situation: str, origin: Origin) -> None:
        self.situation = situation
        self.origin = origin

    def __repr__(self) -> str:
        return f"SituationRef(situation={self.situation!r})"


class Answered:
    __slots__ = ("origin", "question")

    def __init__(self, question: str, origin: Origin) -> None:
        self.question = question
        self.origin = origin

    def __repr__(self) -> str:
        return f"Answered(question={self.question!r})"


class AnswerIn:
    """`answer: q, is: c` (one choice) or `answer: q, in: [c, ...]`."""

    __slots__ = ("choices", "op", "origin", "question")

    def __init__(
        self,
        question: str,
        choices: tuple[str, ...],
        origin: Origin,
        op: Literal["is", "in"] = "is",
    ) -> None:
        self.question = question
        self.choices = choices
        self.origin = origin
        self.op = op

    def __repr__(self) -> str:
        return f"AnswerIn(question={self.question!r}, choices={self.choices!r}, op={self.op!r})"


class Includes:
    __slots__ = ("choice", "origin", "question")

    def __init__(self, question: str, choice: str, origin: Origin) -> None:
        self.question = question
        self.choice = choice
        self.origin = origin

    def __repr__(self) -> str:
        return f"Includes(question={self.question!r}, choice={self.choice!r})"


CompareOp = Literal["at_least", "at_most", "above", "below", "between"]
COMPARE_OPS: tuple[CompareOp, ...] = get_args(CompareOp)


class Compare:
    """`answer: q, at_least: X` (at_most, above, below) or `between: [X, Y]`, for number and
    date questions. The constants are kept in normal form ("12.5", "2026-11-23")."""

    __slots__ = ("high", "low", "op", "origin", "question")

    def __init__(
        self, question: str, op: CompareOp, low: str, high: str | None, origin: Origin
    ) -> None:
        self.question = question
        self.op = op
        self.low = low
        self.high = high
        self.origin = origin

    def __repr__(self) -> str:
        return f"Compare(question={self.question!r}, op={self.op!r}, low={self.low!r})"


class Term(NamedTuple):
    """One side of a comparison that is not an answer against constants: a constant (in
    normal form, "12.5" or "2026-11-23"), a number or date answer, or a computed value."""

    kind: Literal["constant", "answer", "value"]
    ref: str  # the constant itself, the question id or the value id


class Relation:
    """A comparison with another answer or a computed value: `answer: q` or `value: v`, then
    `at_least` (at_most, above, below) `{answer: r}`, `{value: w}` or, for a value, a
    constant; `between: [X, Y]` takes any two of these. Analysed by `logic/relations.py`."""

    __slots__ = ("high", "left", "low", "op", "origin")

    def __init__(
        self, left: Term, op: CompareOp, low: Term, high: Term | None, origin: Origin
    ) -> None:
        self.left = left
        self.op = op
        self.low = low
        self.high = high
        self.origin = origin

    def __repr__(self) -> str:
        return f"Relation(left={self.left!r}, op={self.op!r}, low={self.low!r})"

    def terms(self) -> tuple[tuple[Term, str | int | None], ...]:
        """Each side with the key it was written under (None for the left), `between`'s
        sides with their index."""
        if self.high is None:
            return ((self.left, None), (self.low, self.op))
        return ((self.left, None), (self.low, 0), (self.high, 1))


class Invalid:
    """A condition the schema rejects: treated as never true, reported by the schema check."""

    __slots__ = ("origin",)

    def __init__(self, origin: Origin) -> None:
        self.origin = origin

    def __repr__(self) -> str:
        return "Invalid()"


Condition = (
    All | AnyOf | Not | SituationRef | Answered | AnswerIn | Includes | Compare | Relation | Invalid
)


class Measure(NamedTuple):
    """How a number, date or text question reads its answer (all optional)."""

    minimum: str | None = None  # number or date questions: in normal form
    maximum: str | None = None
    decimals: int | None = None  # number: 0 for whole numbers, None for any
    unit: str | None = None  # number: shown after it, e.g. "days"
    unit_one: str | None = None  # number: shown after exactly 1, e.g. "day" (None: unit)
    currency: str | None = None  # number: shown before it, e.g. "£"
    pattern: str | None = None  # text: a regular expression the whole answer must match
    pattern_message: str | None = None  # text: shown when it does not


NO_MEASURE = Measure()


class Route(NamedTuple):
    """One way out of a question. A question's ways out (`Question.ways_out`) are tried in
    order: a way is taken when the answer is its `choice` (None: any answer) and its `guard`
    holds for the answers given so far (None: always). `target` is a question id or END, or
    None when the book gives none (a problem `validate` reports). The engine, the routing
    graph, the checks and the drawings all read routes from here."""

    choice: str | None
    target: str | None
    guard: Condition | None = None


# --- elements ---------------------------------------------------------------------------


Variants = Mapping[str, tuple[tuple[Condition, str], ...]]
NO_VARIANTS: Variants = {}


class Choice:
    __slots__ = ("exclusive", "id", "label", "origin", "says", "variants", "when")

    def __init__(
        self,
        id: str,
        label: str,
        says: str | None,
        origin: Origin,
        variants: Variants = NO_VARIANTS,
        when: Condition | None = None,
        exclusive: bool = False,
    ) -> None:
        self.id = id
        self.exclusive = exclusive  # multiple choice: cannot be chosen with any other
        self.when = when  # offered only when this holds
        self.label = label
        self.says = says
        self.origin = origin
        self.variants = variants  # field -> ((when, text), ...): wordings tried before `label`

    def __repr__(self) -> str:
        return f"Choice(id={self.id!r}, label={self.label!r}, says={self.says!r})"


class Check:
    """`checks:` on a question: the answer is refused, with `message`, when `refuse` holds for
    the answers so far together with this answer (checked as it is typed)."""

    __slots__ = ("message", "origin", "refuse")

    def __init__(self, refuse: Condition, message: str, origin: Origin) -> None:
        self.refuse = refuse
        self.message = message
        self.origin = origin

    def __repr__(self) -> str:
        return f"Check(refuse={self.refuse!r}, message={self.message!r})"


class Question:
    __slots__ = (
        "branches",
        "checks",
        "choices",
        "help",
        "id",
        "kind",
        "max_length",
        "measure",
        "next",
        "origin",
        "routes",
        "text",
        "variants",
        "ways_out",
        "when",
    )

    def __init__(
        self,
        id: str,
        text: str,
        help: str | None,
        kind: Kind,
        choices: tuple[Choice, ...],
        next: str | None,
        routes: Mapping[str, str],
        max_length: int,
        origin: Origin,
        measure: Measure | None = None,
        variants: Variants = NO_VARIANTS,
        branches: tuple[tuple[Condition | None, str | None], ...] = (),
        when: Condition | None = None,
        checks: tuple[Check, ...] = (),
    ) -> None:
        self.id = id
        self.checks = checks  # answers refused as they are typed, with what to say
        self.variants = variants  # field -> ((when, text), ...): wordings tried before the field
        self.text = text
        self.help = help
        self.kind = kind
        self.choices = choices
        self.next = next
        self.routes = routes
        self.max_length = max_length
        self.measure = measure or NO_MEASURE
        self.origin = origin
        # `next` as ordered branches: (guard or None, target); a plain `next` is one branch.
        self.branches: tuple[tuple[Condition | None, str | None], ...] = branches or ((None, next),)
        self.when = when  # asked only when this holds; otherwise skipped to its next
        self.ways_out = self._ways_out(KIND_SPECS[kind].one_choice)

    def __repr__(self) -> str:
        return f"Question({self.id!r})"

    @property
    def spec(self) -> KindSpec:
        return KIND_SPECS[self.kind]

    def _ways_out(self, one_choice: bool) -> tuple[Route, ...]:
        """Routed choices go where their route says; every other answer tries the `next`
        branches in order."""
        branches = self.branches
        if not one_choice:
            return tuple([Route(None, goes, guard) for guard, goes in branches])
        if len(branches) == 1 and branches[0][0] is None:  # the usual case: one plain `next`
            default = branches[0][1]
            routes = self.routes
            return tuple([Route(c.id, routes.get(c.id, default)) for c in self.choices])
        ways: list[Route] = []
        for c in self.choices:
            if c.id in self.routes:
                ways.append(Route(c.id, self.routes[c.id]))
            else:
                ways += [Route(c.id, goes, guard) for guard, goes in branches]
        return tuple(ways)

    def choice_ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.choices)

    def lone_choice(self, chosen: Collection[str]) -> Choice | None:
        """The `exclusive` choice (e.g. "None of these") among `chosen` when other choices are
        chosen with it: such an answer contradicts itself, so the prompts refuse it and the
        analyses never try it. None when there is none."""
        if len(chosen) < 2:
            return None
        return next((c for c in self.choices if c.exclusive and c.id in chosen), None)

    def target(self, choice: str | None) -> str | None:
        """Where the interview goes after this question, given the choice made (None for an
        answer that is not one choice), ignoring guards: the first way out the answer takes.
        Books with guards are routed by `engine.next_after`."""
        for way in self.ways_out:
            if way.choice is None or way.choice == choice:
                return way.target
        return self.next


class Situation:
    __slots__ = ("description", "id", "origin", "when")

    def __init__(self, id: str, description: str | None, when: Condition, origin: Origin) -> None:
        self.id = id
        self.description = description
        self.when = when
        self.origin = origin

    def __repr__(self) -> str:
        return f"Situation(id={self.id!r}, description={self.description!r}, when={self.when!r})"


class Citation:
    __slots__ = ("origin", "section", "source")

    def __init__(self, source: str, section: str, origin: Origin) -> None:
        self.source = source
        self.section = section
        self.origin = origin

    def __repr__(self) -> str:
        return f"Citation(source={self.source!r}, section={self.section!r})"


class Advice:
    __slots__ = (
        "body",
        "cite",
        "first",
        "group",
        "hides",
        "id",
        "origin",
        "priority",
        "title",
        "variants",
        "when",
    )

    def __init__(
        self,
        id: str,
        title: str,
        body: str,
        group: str,
        priority: int,
        when: Condition | None,
        hides: tuple[str, ...],
        cite: tuple[Citation, ...],
        origin: Origin,
        first: int | None = None,
        variants: Variants = NO_VARIANTS,
    ) -> None:
        self.id = id
        self.variants = variants  # field -> ((when, text), ...): wordings tried before the field
        self.title = title
        self.body = body
        self.group = group
        self.priority = priority
        self.first = first  # a rank for "Start here" (1 first), or None
        self.when = when
        self.hides = hides
        self.cite = cite
        self.origin = origin

    def __repr__(self) -> str:
        return f"Advice({self.id!r})"


class Section:
    __slots__ = ("id", "origin", "title", "unheaded")

    def __init__(self, id: str, title: str, unheaded: bool, origin: Origin) -> None:
        self.id = id
        self.title = title
        self.unheaded = unheaded
        self.origin = origin

    def __repr__(self) -> str:
        return f"Section(id={self.id!r}, title={self.title!r}, unheaded={self.unheaded!r})"


class Source:
    __slots__ = ("_by_id", "_sections", "author", "id", "origin", "title", "url")

    def __init__(
        self,
        id: str,
        title: str,
        author: str | None,
        url: str | None,
        sections: tuple[Section, ...],
        origin: Origin,
    ) -> None:
        self.id = id
        self.title = title
        self.author = author
        self.url = url
        self.sections = sections
        self.origin = origin

    @property
    def sections(self) -> tuple[Section, ...]:
        return self._sections

    @sections.setter
    def sections(self, sections: tuple[Section, ...]) -> None:
        self._sections = sections
        self._by_id = {s.id: s for s in reversed(sections)}  # the first section of each id

    def __repr__(self) -> str:
        return f"Source({self.id!r})"

    def section(self, section_id: str) -> Section | None:
        """The first section with this id (a source may have thousands, and each citation
        asks for one)."""
        return self._by_id.get(section_id)


class Group:
    __slots__ = ("description", "id", "origin", "title")

    def __init__(self, id: str, title: str, description: str | None, origin: Origin) -> None:
        self.id = id
        self.title = title
        self.description = description
        self.origin = origin

    def __repr__(self) -> str:
        return f"Group(id={self.id!r}, title={self.title!r}, description={self.description!r})"


class PlaceholderSource:
    __slots__ = ("answer", "origin", "values")

    def __init__(self, answer: str, values: Mapping[str, str], origin: Origin) -> None:
        self.answer = answer
        self.values = values
        self.origin = origin

    def __repr__(self) -> str:
        return f"PlaceholderSource(answer={self.answer!r}, values={self.values!r})"


class Placeholder:
    __slots__ = ("default", "id", "origin", "sources")

    def __init__(
        self, id: str, default: str, sources: tuple[PlaceholderSource, ...], origin: Origin
    ) -> None:
        self.id = id
        self.default = default
        self.sources = sources
        self.origin = origin

    def __repr__(self) -> str:
        return f"Placeholder(id={self.id!r}, default={self.default!r}, sources={self.sources!r})"


class Limits(NamedTuple):
    """What every summary of the book must respect (`book: limits:`); None: no limit."""

    advice: int | None
    per_section: int | None
    start: int  # how many items "Start here" shows, and every route must have


DEFAULT_START = 3
DEFAULT_LANGUAGE = "en"


class Together:
    """Advice items no route may show two of (`never_together`)."""

    __slots__ = ("ids", "origin")

    def __init__(self, ids: tuple[str, ...], origin: Origin) -> None:
        self.ids = ids
        self.origin = origin

    def __repr__(self) -> str:
        return f"Together({self.ids!r})"


class Meta:
    __slots__ = (
        "description",
        "disclaimer",
        "language",
        "languages",
        "limits",
        "origin",
        "start",
        "title",
        "version",
    )

    def __init__(
        self,
        title: str,
        version: str,
        description: str | None,
        disclaimer: str,
        start: str,
        origin: Origin,
        limits: Limits | None = None,
        language: str = DEFAULT_LANGUAGE,
        languages: tuple[str, ...] = (),
    ) -> None:
        self.language = language  # the language the book is written in (`book: language`)
        self.languages = languages  # the languages it is translated into (`book: languages`)
        self.title = title
        self.version = version
        self.description = description
        self.disclaimer = disclaimer
        self.start = start
        self.origin = origin
        self.limits = limits or Limits(None, None, DEFAULT_START)

    def __repr__(self) -> str:
        return f"Meta({self.title!r}, {self.version!r})"


# Where a text is in the book, as a translation names it: ("questions", "light", "text"),
# ("questions", "light", "choices", "low", "label"), ("book", "title")...
TextKey = tuple[str, ...]
# A translated text: one text, or one per variant of a text that varies (in order, the
# default last).
Translated = str | tuple[str, ...]


class Translation:
    """A book's texts in one language (`translation:` in its rule files), by where each
    text is. `duplicates` lists texts translated twice: (key, first, again)."""

    __slots__ = ("duplicates", "language", "origins", "texts")

    def __init__(self, language: str) -> None:
        self.language = language
        self.texts: dict[TextKey, tuple[Translated, Origin]] = {}
        self.origins: list[Origin] = []  # each `translation:` that gives this language
        self.duplicates: list[tuple[TextKey, Origin, Origin]] = []

    def __repr__(self) -> str:
        return f"Translation({self.language!r}, {len(self.texts)} texts)"


class Book:
    """The merged book. Compared and hashed by identity (caches key on it)."""

    def __init__(
        self,
        *,
        meta: Meta | None,
        metas: tuple[Meta, ...],
        groups: Mapping[str, Group],
        sources: Mapping[str, Source],
        placeholders: Mapping[str, Placeholder],
        questions: Mapping[str, Question],
        situations: Mapping[str, Situation],
        advice: Mapping[str, Advice],
        duplicates: tuple[tuple[str, str, Origin, Origin], ...],
        files: tuple[str, ...],
        never_together: tuple[Together, ...] = (),
        values: Mapping[str, Value] | None = None,
        translations: Mapping[str, Translation] | None = None,
    ) -> None:
        self.translations: Mapping[str, Translation] = translations or {}  # by language
        self.meta = meta
        self.metas = metas  # every `book:` found; more than one is an error
        self.groups = groups
        self.sources = sources
        self.placeholders = placeholders
        self.questions = questions
        self.situations = situations
        self.advice = advice
        self.duplicates = duplicates  # (kind, id, first, again)
        self.files = files
        self.never_together = never_together
        self.values: Mapping[str, Value] = values or {}
        # Whether routing depends on more than the answer just given (guarded branches, a
        # question or choice `when`, checks that refuse answers): such books are routed and
        # analysed answer by answer.
        self.dynamic = any(
            q.when is not None
            or bool(q.checks)
            or any(g is not None for g, _ in q.branches)
            or any(c.when is not None for c in q.choices)
            for q in questions.values()
        )

    @property
    def start(self) -> str | None:
        return self.meta.start if self.meta else None

    @property
    def language(self) -> str:
        """The language the book's texts are in (its own, or the one it was translated to)."""
        return self.meta.language if self.meta else DEFAULT_LANGUAGE
