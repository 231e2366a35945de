"""Answers from outside the interview, and answers written out: one module for ask, scenarios
and progress.

An answer is a choice id, a list of choice ids (multiple choice) or text (`model.Answer`).
Answers come from answers files (YAML or JSON, read by the core's `answer_files`), from
`--answer ID=VALUE` pairs and from scenario files; `check_given` puts them in normal form
against a book, and `answers_text` writes them so they replay the same interview. Nothing
here reads or writes a file.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Collection, Sequence
from typing import Any

from mendpath.errors import MendpathError, UsageError
from mendpath.i18n import tr
from mendpath.logic import engine
from mendpath.logic.measures import accepts, format_number
from mendpath.model import YES_NO_LABELS, Answer, Book, Question
from mendpath.text import printable


def parse_pairs(pairs: Sequence[str]) -> dict[str, Any]:
    """`--answer ID=VALUE` pairs; a list answer is written with commas: `ID=a,b`."""
    out: dict[str, Any] = {}
    for pair in pairs:
        qid, sep, value = pair.partition("=")
        qid = qid.strip()
        if not sep or not qid:
            raise UsageError(f"--answer takes ID=VALUE, got {printable(repr(pair))}")
        try:
            pair.encode("utf-8")
        except UnicodeEncodeError:  # bytes that are not UTF-8, kept as lone surrogates
            raw = repr(pair.encode("utf-8", "surrogateescape"))[2:-1]
            raise MendpathError(
                tr("--answer: '{pair}' is not UTF-8 text").format(pair=printable(raw))
            ) from None
        out[qid] = value
    return out


class AnswerRejected(MendpathError):
    """A given answer the book does not accept: `reason` says why, `where` where it was given,
    `question` the id it was given for (None when the refusal is about no one answer)."""

    def __init__(self, where: str, reason: str, question: str | None = None) -> None:
        super().__init__(f"{where}: {reason}")
        self.where = where
        self.reason = reason
        self.question = question


def placed(exc: AnswerRejected, places: dict[str, str]) -> AnswerRejected:
    """The refusal located at its answer in an answers file (`FILE:LINE:COL`, from
    `answer_files.read_answers`), when known."""
    place = places.get(exc.question or "")
    if place is None:
        return exc
    return AnswerRejected(printable(place), exc.reason, exc.question)


def check_given(book: Book, given: dict[str, Any], where: str) -> dict[str, Answer]:
    """Given answers in normal form; an unknown question or a choice not offered is an error."""
    out: dict[str, Answer] = {}
    for qid, value in given.items():
        question = book.questions.get(qid)
        if question is None:
            known = ", ".join(book.questions)
            raise AnswerRejected(
                where,
                tr("unknown question '{id}'; the questions are: {known}").format(
                    id=qid, known=known
                ),
                qid,
            )
        if question.spec.many_choices and isinstance(value, str):
            value = [v.strip() for v in value.split(",") if v.strip()]
        if isinstance(value, bool) and question.spec.fixed_choices == YES_NO_LABELS:
            value = "yes" if value else "no"
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = _number_given(question, value, where)
        if question.spec.measured and not isinstance(value, str):  # true, null, a list...
            raise AnswerRejected(
                where,
                tr("the answer to '{id}' must be {accepted}").format(
                    id=qid, accepted=accepts(question)
                ),
                qid,
            )
        if question.spec.free_text and not isinstance(value, str):
            raise AnswerRejected(where, tr("the answer to '{id}' must be text").format(id=qid), qid)
        if not (
            isinstance(value, str)
            or (isinstance(value, list) and all(isinstance(v, str) for v in value))
        ):
            raise AnswerRejected(
                where,
                tr("the answer to '{id}' must be a choice id, a list of them, or text").format(
                    id=qid
                ),
                qid,
            )
        try:
            out[qid] = engine.check_answer(question, value)
        except engine.AnswerError as exc:
            raise AnswerRejected(where, str(exc), qid) from None
    return out


def _number_given(question: Question, value: float, where: str) -> str:
    """A number written unquoted in an answers file: the text of a finite number for a
    number question; otherwise a message that says what the question accepts."""
    qid = question.id
    if isinstance(value, float) and not math.isfinite(value):
        shown = "-.inf" if value < 0 else ".nan" if math.isnan(value) else ".inf"
    else:
        shown = str(value) if len(str(value)) <= 20 else str(value)[:20] + "…"
    if question.kind == "number":
        try:
            number = float(value)
        except OverflowError:
            number = math.inf
        if isinstance(value, int):  # every digit as written: through a float, 18 digits
            return str(value)  # were quoted rounded (123456789012345680)
        if math.isfinite(number):
            return format_number(number)
        if number == math.inf and not isinstance(value, float):
            shown = tr("{number} (too large)").format(number=shown)
        raise AnswerRejected(
            where,
            tr("the answer to '{id}' must be {accepted}; {number} is not").format(
                id=qid, accepted=accepts(question), number=shown
            ),
            qid,
        )
    if question.kind == "date":
        raise AnswerRejected(
            where,
            tr("the answer to '{id}' must be {accepted}; {number} is a number").format(
                id=qid, accepted=accepts(question), number=shown
            ),
            qid,
        )
    if question.spec.free_text:
        raise AnswerRejected(
            where,
            tr(
                "the answer to '{id}' is text, but it was written as a number ({number}); "
                "put it in quotes, as it should read"
            ).format(id=qid, number=shown),
            qid,
        )
    raise AnswerRejected(
        where, tr("the answer to '{id}' must be a choice id, not a number").format(id=qid), qid
    )


def refuse_given(
    book: Book, answers: dict[str, Answer], where: str, pairs: Collection[str] = ()
) -> None:
    """AnswerRejected for the first given answer on the route with a choice its question
    does not offer there, or that a check of its question refuses (as the interview would,
    when it is typed), naming the question and the choice or the check's message, and where
    the answer came from: `--answer` for the ids in `pairs`, else `where`."""
    from mendpath.logic.outcome import fill

    unoffered = engine.first_not_offered(book, answers)
    if unoffered is not None:
        question, offered = unoffered
        value = answers[question.id]
        chosen = [value] if isinstance(value, str) else list(value)
        missing = [c for c in chosen if c not in offered]
        raise AnswerRejected(
            "--answer" if question.id in pairs else where,
            tr(
                "question '{id}' does not offer '{choice}' after the answers before it; "
                "it offers: {offered}"
            ).format(
                id=question.id,
                choice=printable(missing[0] if missing else ",".join(chosen)),
                offered=", ".join(offered) or tr("nothing"),
            ),
            question.id,
        )
    refusal = engine.first_refused(book, answers)
    if refusal is not None:
        message = fill(refusal.check.message, book, refusal.answers)
        raise AnswerRejected(
            "--answer" if refusal.question.id in pairs else where,
            tr("the answer to '{id}' is refused: {message}").format(
                id=refusal.question.id, message=printable(message)
            ),
            refusal.question.id,
        )


def answers_text(
    answers: dict[str, Answer], json_format: bool, name: str, rules: Sequence[str] = ()
) -> str:
    """Answers as a file that replays the same interview: JSON, or YAML that names the file
    (`name`), and the rule files when they are not the bundled book, in its opening
    comment."""
    if json_format:
        return json.dumps(answers, indent=2, ensure_ascii=False) + "\n"
    book = "".join(f"--rules {printable(r)} " for r in rules)
    lines = [f"# mendpath answers: replay with  mendpath ask {book}--answers {printable(name)}"]
    for qid, value in answers.items():
        lines.append(f"{_yaml_text(qid)}: {_yaml_text(value)}")
    return "\n".join(lines) + "\n"


# Characters YAML does not allow in a file, even quoted: written as \u escapes instead. (All
# but tab, newline, return, printable ASCII, U+0085, U+00A0-U+D7FF, U+E000-U+FFFD and beyond
# U+FFFF; said as ranges, which compile in 0.1 ms where the negated class took 9 ms.)
_NOT_YAML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")


def _yaml_text(value: object) -> str:
    """A value as YAML flow (JSON syntax) that the YAML reader takes back unchanged."""
    text = json.dumps(value, ensure_ascii=False)
    return _NOT_YAML.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
