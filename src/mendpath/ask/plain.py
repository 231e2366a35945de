"""Plain prompts: the interview as lines of text, for screen readers and dumb terminals.

Each question is printed once, its choices numbered; the answer is typed as a number (or
numbers, comma-separated, for multiple choice), `b` goes back and `?` shows help. Nothing
moves the cursor, colours or redraws, so the output reads in order. An answer that is not
understood is asked for again on the same screen, with the reason. End of input raises
Interrupted, like Ctrl-D in the full-screen prompts.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO, assert_never

from mendpath.ask.interview import BACK, AskFn, Back, Interrupted
from mendpath.i18n import tr
from mendpath.logic.engine import AnswerError, Ask, alone_message, check_answer
from mendpath.logic.measures import BadValue, accepts, normal
from mendpath.model import Answer, Choice, Question
from mendpath.text import clean_line

BACK_KEY = "b"
HELP_KEY = "?"


class NotUnderstood(ValueError):
    """A typed reply that is not an answer; the message says why."""


def _labels(choices: tuple[Choice, ...], texts: dict[str, str]) -> list[str]:
    return [clean_line(texts.get(f"choice:{c.id}", c.label)) for c in choices]


def _how(question: Question, count: int, can_go_back: bool, current: Answer | None) -> str:
    """One line saying how to answer this question (`count`: the choices offered)."""
    match question.kind:
        case "single" | "yes_no":
            how = tr("Type a number from 1 to {count}").format(count=count)
        case "multiple" if any(c.exclusive for c in question.choices):
            # the book's own "None of these" is the one way to say none
            how = tr("Type the numbers from 1 to {count} that apply, separated by commas").format(
                count=count
            )
        case "multiple":
            how = tr(
                "Type the numbers from 1 to {count} that apply, separated by commas (0 for none)"
            ).format(count=count)
        case "text":
            how = tr("Type your answer (Enter alone skips it)")
        case "number" | "date":
            how = tr("Type {accepted}").format(accepted=accepts(question))
        case _:
            assert_never(question.kind)
    if current is not None and not question.spec.free_text:
        how += tr("; Enter alone keeps your answer")
    if can_go_back:
        how += tr("; {key} goes back").format(key=BACK_KEY)
    return how + tr("; {key} for help.").format(key=HELP_KEY)


def _numbers(reply: str, count: int) -> list[int]:
    numbers: list[int] = []
    for part in reply.replace(" ", ",").split(","):
        if not part:
            continue
        if not part.isdigit():
            raise NotUnderstood(tr("'{reply}' is not a number").format(reply=part))
        number = int(part)
        if number == 0 and count:
            continue
        if not 1 <= number <= count:
            raise NotUnderstood(
                tr("{number} is not a number from 1 to {count}").format(number=number, count=count)
            )
        numbers.append(number)
    return numbers


def parse_reply(
    question: Question,
    reply: str,
    current: Answer | None,
    choices: tuple[Choice, ...] | None = None,
) -> Answer:
    """The answer a typed reply stands for; NotUnderstood says why a reply is not one.
    Numbers count the choices offered (`choices`, by default all the question's)."""
    reply = reply.strip()
    ids = [c.id for c in (question.choices if choices is None else choices)]
    count = len(ids)
    if reply == "" and current is not None and not question.spec.free_text:
        return current
    match question.kind:
        case "single" | "yes_no":
            if reply == "":
                raise NotUnderstood(tr("no answer was typed"))
            numbers = _numbers(reply, count)
            if len(numbers) != 1 or reply == "0":
                raise NotUnderstood(tr("this question takes one number"))
            return ids[numbers[0] - 1]
        case "multiple":
            if reply == "":
                raise NotUnderstood(tr("no answer was typed (0 means none apply)"))
            chosen = [ids[n - 1] for n in sorted(set(_numbers(reply, count)))]
            alone = question.lone_choice(chosen)
            if alone is not None:
                raise NotUnderstood(alone_message(alone))
            return chosen
        case "text":
            try:
                return check_answer(question, reply)
            except AnswerError as exc:
                raise NotUnderstood(str(exc)) from None
        case "number" | "date":
            try:
                return normal(question, reply)
            except BadValue as exc:
                why = tr("{problem}: type {accepted}")
                raise NotUnderstood(why.format(problem=exc, accepted=accepts(question))) from None
        case _:
            assert_never(question.kind)


def _shown(question: Question, choices: tuple[Choice, ...], current: Answer | None) -> str | None:
    """The current answer as the numbers (or text) that would type it."""
    if current is None:
        return None
    if question.spec.free_text or question.spec.measured:  # as typed, in normal form
        return str(current) or None
    ids = [c.id for c in choices]
    chosen = [current] if isinstance(current, str) else current
    return ", ".join(str(ids.index(c) + 1) for c in chosen if c in ids) or "0"


def plain_asker(stdin: TextIO, stdout: TextIO) -> AskFn:
    """An ask function for the interview that reads lines from stdin and writes to stdout."""

    def say(text: str = "") -> None:
        stdout.write(text + "\n")
        stdout.flush()

    def read() -> str:
        stdout.write("> ")
        stdout.flush()
        line = stdin.readline()
        if not line:
            say()
            raise Interrupted("end of input")
        return line.rstrip("\n")

    def ask(step: Ask, current: Answer | None, texts: dict[str, str]) -> Answer | Back:
        q = step.question
        can_go_back = step.previous is not None
        # only the choices offered now (a choice's `when` may hide some), as the full-screen
        # prompts offer them; numbered in that order
        choices = step.choices or q.choices
        say()
        about = max(step.about, step.number)
        say(tr("Question {number} of about {about}").format(number=step.number, about=about))
        say(clean_line(texts.get("text", q.text)))
        help_text = clean_line(texts.get("help", q.help or ""))
        if help_text:  # shown with the question, as the full-screen prompts show it
            say(help_text)
        for number, label in enumerate(_labels(choices, texts), 1):
            say(f"  {number}. {label}")
        shown = _shown(q, choices, current)
        if shown is not None:
            say(tr("Your answer so far: {answer}").format(answer=shown))
        how = _how(q, len(choices), can_go_back, current)
        say(how)
        while True:
            reply = read()
            word = reply.strip().lower()
            if word == HELP_KEY:
                if help_text:  # said again, for whoever missed it
                    say(help_text)
                    say(tr("No more help for this question."))
                else:
                    say(tr("This question has no help."))
                say(how)
                continue
            if word == BACK_KEY and can_go_back:
                return BACK
            try:
                given = parse_reply(q, reply, current, choices)
            except NotUnderstood as exc:
                say(tr("Not understood: {reason}. {how}").format(reason=exc, how=how))
                continue
            refusal = step.refuse(given) if step.refuse is not None else None
            if refusal is None:
                return given
            say(tr("Not accepted: {reason} {how}").format(reason=clean_line(refusal), how=how))

    return ask


def plain_chooser(stdin: TextIO, stdout: TextIO) -> Callable[[], bool]:
    """Plain mode's question before the interview, when progress was saved: continue it
    (True) or start over (False), by number like every other question."""

    def choose() -> bool:
        options = [
            tr("Continue where you stopped"),
            tr("Start over (the saved answers are deleted)"),
        ]
        stdout.write(tr("You have saved answers for this rule book.") + "\n")
        for number, label in enumerate(options, 1):
            stdout.write(f"  {number}. {label}\n")
        how = tr("Type a number from 1 to {count}").format(count=len(options)) + "."
        stdout.write(how + "\n")
        while True:
            stdout.write("> ")
            stdout.flush()
            line = stdin.readline()
            if not line:
                stdout.write("\n")
                raise Interrupted("end of input")
            reply = line.strip()
            if reply in ("1", "2"):
                return reply == "1"
            reason = (
                tr("'{reply}' is not a number").format(reply=reply)
                if reply
                else tr("no answer was typed")
            )
            if reply.isdigit():
                reason = tr("{number} is not a number from 1 to {count}").format(
                    number=reply, count=len(options)
                )
            stdout.write(
                tr("Not understood: {reason}. {how}").format(reason=reason, how=how) + "\n"
            )

    return choose
