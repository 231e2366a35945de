"""`mendpath validate` on example books: each bad book has one problem, reported exactly."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from mendpath.book.bundled import bundled_rules
from mendpath.book.validate import validate
from mendpath.cli.main import main

BOOKS = Path(__file__).parents[1] / "books"
ROOT = Path(__file__).parents[2]

# One line per bad book: FILE:LINE:COL: severity CODE: message, run from tests/books/bad.
EXPECTED = {
    "mp001-syntax.yaml": "mp001-syntax.yaml:19:4: error MP001: invalid YAML: did not find expected '-' indicator (while parsing a block collection)",
    "mp001-huge-integer.yaml": "mp001-huge-integer.yaml:29:15: error MP001: an integer of 5,000 digits is too long; at most 3,000 can be read",
    "mp002-binary.yaml": "mp002-binary.yaml:1:7: error MP002: binary data (a NUL byte), not a text file",
    "mp002-control-character.yaml": "mp002-control-character.yaml:28:18: error MP002: a control character (U+001B) that YAML does not allow in text",
    "mp002-not-utf8.yaml": "mp002-not-utf8.yaml:28:20: error MP002: not UTF-8 text (byte 0xef); save the file as UTF-8",
    "mp004-deep.yaml": "mp004-deep.yaml:2:72: error MP004: the file nests more than 64 levels deep",
    "mp005-alias-bomb.yaml": "mp005-alias-bomb.yaml:7:8: error MP005: the file expands to more than 2,000,000 nodes (an alias bomb?)",
    "mp005-self-alias.yaml": "mp005-self-alias.yaml:2:10: error MP005: the alias *b refers to itself",
    "mp006-duplicate-key.yaml": "mp006-duplicate-key.yaml:26:1: error MP006: duplicate key 'advice' (first given at line 25); YAML would silently keep only the last one",
    "mp008-python-tag.yaml": "mp008-python-tag.yaml:1:7: error MP008: the tag !!python/object/apply:os.system is not allowed in rule files",
    "mp009-comment-only.yaml": "mp009-comment-only.yaml:1:1: error MP009: the file is empty; a rule file is a YAML mapping",
    "mp009-empty.yaml": "mp009-empty.yaml:1:1: error MP009: the file is empty; a rule file is a YAML mapping",
    "mp009-list.yaml": "mp009-list.yaml:1:1: error MP009: the top level is a list; a rule file is a mapping (book:, questions:, advice: ...)",
    "mp009-scalar.yaml": "mp009-scalar.yaml:1:1: error MP009: the top level is a single value; a rule file is a mapping (book:, questions:, advice: ...)",
    "mp009-two-documents.yaml": "mp009-two-documents.yaml:32:1: error MP009: a rule file holds one YAML document, not several",
    "mp100-bad-condition.yaml": "mp100-bad-condition.yaml:30:24: error MP100: advice[0].when: unknown key 'equals' (expected one of: above, all, answer, answered, any, at_least, at_most, below, between, in, includes, is, not, situation, value)",
    "mp100-bad-id.yaml": "mp100-bad-id.yaml:26:9: error MP100: advice[0].id: 'One' is not a valid id: use lower-case letters, digits and _ (starting with a letter)",
    "mp100-pattern-message-alone.yaml": "mp100-pattern-message-alone.yaml:6:49: error MP100: a yes_no question takes no `pattern_message`",
    "mp100-pattern-message-without-pattern.yaml": "mp100-pattern-message-without-pattern.yaml:6:47: error MP100: `pattern_message` is shown when an answer does not match `pattern`, and this question has no `pattern`",
    "mp100-choices-on-yes-no.yaml": "mp100-choices-on-yes-no.yaml:18:5: error MP100: questions[1]: a yes_no question takes no `choices`",
    "mp100-missing-key.yaml": "mp100-missing-key.yaml:18:5: error MP100: questions[1]: missing key 'text'",
    "mp100-unknown-key.yaml": "mp100-unknown-key.yaml:22:17: error MP100: questions[1].choices[0]: unknown key 'lable'; did you mean 'label'?",
    "mp100-wrong-type.yaml": "mp100-wrong-type.yaml:30:15: error MP100: advice[0].priority: expected an integer, got text ('high')",
    "mp101-duplicate-id": "mp101-duplicate-id/2-more.yaml:2:9: error MP101: advice 'one' is already defined at mp101-duplicate-id/1-book.yaml:26",
    "mp102-duplicate-choice.yaml": "mp102-duplicate-choice.yaml:23:14: error MP102: choice 'm' is repeated in question 'q2' (first at line 22)",
    "mp103-unknown-question.yaml": "mp103-unknown-question.yaml:24:11: error MP103: unknown question 'q3'",
    "mp104-unknown-placeholder-value.yaml": "mp104-unknown-placeholder-value.yaml:10:65: error MP104: question 'q1' has no choice 'w' (it offers: x, y)",
    "mp104-unknown-routed-choice.yaml": "mp104-unknown-routed-choice.yaml:16:14: error MP104: question 'q1' has no choice 'z' (it offers: x, y)",
    "mp104-unknown-choice.yaml": "mp104-unknown-choice.yaml:30:28: error MP104: question 'q1' has no choice 'z' (it offers: x, y)",
    "mp105-unknown-situation.yaml": "mp105-unknown-situation.yaml:30:23: error MP105: unknown situation 'chosen_x'",
    "mp106-unknown-source.yaml": "mp106-unknown-source.yaml:31:46: error MP106: unknown source 't'",
    "mp107-unknown-section.yaml": "mp107-unknown-section.yaml:31:58: error MP107: source 's' has no section 'b' (it has: a)",
    "mp108-unknown-group.yaml": "mp108-unknown-group.yaml:29:12: error MP108: unknown group 'h'",
    "mp109-unknown-placeholder.yaml": "mp109-unknown-placeholder.yaml:28:11: error MP109: the placeholder {partner} in body is not defined under `placeholders:` or `values:`",
    "mp110-unknown-hides.yaml": "mp110-unknown-hides.yaml:30:13: error MP110: unknown advice 'two'",
    "mp111-includes-on-single.yaml": "mp111-includes-on-single.yaml:30:34: error MP111: `includes:` tests a multiple-choice answer, but 'q1' is single (use `is:`)",
    "mp112-no-book.yaml": "mp112-no-book.yaml:1:1: error MP112: no file has `book:` (title, version, start, disclaimer)",
    "mp112-two-books": "mp112-two-books/2-book.yaml:1:1: error MP112: `book:` is given twice (first in mp112-two-books/1-book.yaml:1); a book has one",
    "mp113-nowhere-to-go.yaml": "mp113-nowhere-to-go.yaml:10:9: error MP113: question 'q1': choice 'y' has nowhere to go; add `next:` (a question id or `end`)",
    "mp114-javascript-url.yaml": "mp114-javascript-url.yaml:7:10: error MP114: source 's': the url 'javascript:alert(document.title)' is not an http, https or mailto address",
    "mp103-unknown-branch-target.yaml": "mp103-unknown-branch-target.yaml:12:14: error MP103: unknown question 'weekly_pya'; did you mean 'weekly_pay'?",
    "mp100-band-on-a-date.yaml": "mp100-band-on-a-date.yaml:11:61: error MP100: values[0].compute.table[0].below: expected a number, got text ('2025-04-06')",
    "mp113-skipped-with-routes-only.yaml": "mp113-skipped-with-routes-only.yaml:14:11: error MP113: question 'c': when it is skipped (its `when` does not hold) it has nowhere to go, since `routes` are for answers; add `next:` (a question id or `end`)",
    "mp100-variants-without-a-default.yaml": "mp100-variants-without-a-default.yaml:10:7: error MP100: questions[1].text: the variants need a last one without `when`, used when none holds",
    "mp120-cycle.yaml": "mp120-cycle.yaml:10:9: error MP120: the routing loops: q1 -> q2 -> q1",
    "mp121-unreachable.yaml": "mp121-unreachable.yaml:25:9: error MP121: no route reaches question 'q3'",
    "mp122-situation-loop.yaml": "mp122-situation-loop.yaml:26:9: error MP122: situations refer to each other in a loop: s1 -> s2 -> s1",
    "mp100-exclusive-on-single.yaml": "mp100-exclusive-on-single.yaml:16:42: error MP100: `exclusive` is for multiple-choice questions; 'q1' is single",
    "mp130-exclusive-with-another.yaml": "mp130-exclusive-with-another.yaml:24:11: error MP130: advice 'one' can never show: no answers along any route meet its `when`",
    "mp130-exclusive-routed-by-conditions.yaml": "mp130-exclusive-routed-by-conditions.yaml:26:11: error MP130: advice 'one' can never show: no answers along any route meet its `when`",
    "mp130-never-shown.yaml": "mp130-never-shown.yaml:30:11: error MP130: advice 'one' can never show: no answers along any route meet its `when`",
    "mp131-always-true.yaml": "mp131-always-true.yaml:30:11: warning MP131: the `when` of advice 'one' is always true; leave it out to show it always",
    "mp132-situation-never.yaml": "mp132-situation-never.yaml:27:11: warning MP132: situation 'both' can never hold: no answers along any route make it true",
    "mp171-compare-on-text.yaml": "mp171-compare-on-text.yaml:29:97: error MP171: `above:` compares a number or a date, but 'code' is text",
    "mp170-not-a-date.yaml": "mp170-not-a-date.yaml:29:100: error MP170: 'next week' is not an ISO date (2026-11-23), `today` or `{today: N, unit: days}`, as 'started' needs",
    "mp115-max-below-min.yaml": "mp115-max-below-min.yaml:18:10: error MP115: no answer fits: `max` (2019-12-31) is below `min` (2020-01-01)",
    "mp115-between-tenths.yaml": "mp115-between-tenths.yaml:27:91: error MP115: no answer to 'days' can meet this: it accepts only a number from 0 to 7, with at most 1 decimal",
    "mp115-unmeetable-comparison.yaml": "mp115-unmeetable-comparison.yaml:26:91: error MP115: no answer to 'days' can meet this: it accepts only a number from 0 to 7, with at most 1 decimal",
    "mp116-bad-pattern.yaml": "mp116-bad-pattern.yaml:22:14: error MP116: the pattern is not a valid regular expression: unterminated character set at position 0",
    "mp111-value-from-text.yaml": "mp111-value-from-text.yaml:37:30: error MP111: value 'bad': `answer:` in a value needs a number or date, but 'code' is text",
    "mp117-unknown-value.yaml": "mp117-unknown-value.yaml:37:33: error MP117: value 'double': unknown value 'entitlment'",
    "mp118-value-loop.yaml": "mp118-value-loop.yaml:37:14: error MP118: value 'a' depends on itself",
    "mp119-lookup-missing.yaml": "mp119-lookup-missing.yaml:42:37: error MP119: value 'rate': the lookup table has no number for night of 'shift'",
    "mp103-unknown-question-in-wording.yaml": "mp103-unknown-question-in-wording.yaml:16:24: error MP103: unknown question 'dayz'",
    "mp120-walkable-loop.yaml": "mp120-walkable-loop.yaml:19:9: error MP120: the routing loops back to 'y' with these answers: region=south y=one x=no",
    "mp121-never-asked.yaml": "mp121-never-asked.yaml:28:9: error MP121: no answers reach question 'z' (the conditions on the way exclude it)",
    "mp130-never-shown-by-routing.yaml": "mp130-never-shown-by-routing.yaml:37:57: error MP130: advice 'never' can never show: no answers along any route meet its `when`",
    "mp133-too-many-advice.yaml": "mp133-too-many-advice.yaml:7:20: error MP133: a route shows 3 advice items, more than the limit of 2: mood=upset tried=calling,writing",
    "mp134-never-together.yaml": "mp134-never-together.yaml:41:5: error MP134: 'stop_calling' and 'keep_waiting' are declared never together, but a route shows both: mood=upset tried=calling,waiting",
    "mp135-per-section.yaml": "mp135-per-section.yaml:7:36: error MP135: a route shows 2 items citing section 'b' of source 's', more than the limit of 1: mood=upset tried=calling,waiting",
    "mp136-start-here.yaml": 'mp136-start-here.yaml:7:46: error MP136: "Start here" needs 2 items ranked with `first`, but a route shows 1: mood=calm',
    "mp139-gap-between-answers.yaml": "mp139-gap-between-answers.yaml:9:95: error MP139: a route shows no advice at all: started=2025-12-01 left=2025-11-30",
    "mp163-not-a-date.yaml": "mp163-not-a-date.yaml:8:62: error MP163: value 'served': '2026-02-30' is not a date: write it as 2026-11-23",
    "mp170-number-against-date.yaml": "mp170-number-against-date.yaml:15:87: error MP170: 'days' is a number, but 'started' is a date",
    "mp171-against-choice.yaml": "mp171-against-choice.yaml:15:84: error MP171: `above:` compares numbers or dates, but 'shift' is single",
    "mp172-unknown-value.yaml": "mp172-unknown-value.yaml:15:61: error MP172: unknown value 'entitlment'; did you mean 'entitlement'?",
    "mp173-rounded-value.yaml": "mp173-rounded-value.yaml:16:61: error MP173: value 'rounded' cannot be compared exactly: it uses `round` of a value that is not always a whole number (docs/rule-format.md says what a compared value may use)",
    "mp173-division-by-zero.yaml": "mp173-division-by-zero.yaml:11:73: error MP173: value 'per_day' cannot be compared exactly: it uses a division by 'days', which can be zero or change sign ('days' accepts a whole number from 0 to 7) (docs/rule-format.md says what a compared value may use)",
    "mp173-quotient-against-answer.yaml": "mp173-quotient-against-answer.yaml:13:89: error MP173: this comparison cannot be analysed exactly: it uses a division by an answer compared with other answers (multiplied through by the divisor, answers would multiply each other)",
    "mp173-years-between-answers.yaml": "mp173-years-between-answers.yaml:12:92: error MP173: value 'service' cannot be compared exactly: it uses `years_between` of two dates that are not one date answer and a fixed date, which is compared exactly only on its own against numbers, from one date answer (moved by whole days) to a fixed date or back (docs/rule-format.md says what a compared value may use)",
    "mp173-years-against-answer.yaml": "mp173-years-against-answer.yaml:12:111: error MP173: this comparison cannot be analysed exactly: it uses `years_between` compared with an answer or a value, which is compared exactly only on its own against numbers, from one date answer (moved by whole days) to a fixed date or back",
    "mp173-years-on-the-right.yaml": "mp173-years-on-the-right.yaml:12:93: error MP173: this comparison cannot be analysed exactly: it uses `years_between` compared with an answer or a value, which is compared exactly only on its own against numbers, from one date answer (moved by whole days) to a fixed date or back",
    "mp173-decimal-weighed.yaml": "mp173-decimal-weighed.yaml:12:87: error MP173: this comparison cannot be analysed exactly: it weighs answers differently (or adds several), which validate decides only over dates and numbers with `decimals`, a `min` and a `max`, and 'rate' takes any decimal (it has no `decimals`) (rate, usual are compared with each other)",
    "mp173-too-many-digits.yaml": "mp173-too-many-digits.yaml:13:90: error MP173: this comparison cannot be analysed exactly: answers as large as 1000000000 with 7 decimals would be needed to decide it, more than the 15 digits an answer may have (old, new are compared with each other)",
    "mp191-question-when-always-true.yaml": "mp191-question-when-always-true.yaml:8:52: warning MP191: the `when` of question 'size' is true wherever the question is reached; leave it out to ask it always",
    "mp192-choice-when-always-true.yaml": "mp192-choice-when-always-true.yaml:12:41: warning MP192: the `when` of choice 'large' of question 'size' is true wherever the question is asked; leave it out to offer the choice always",
    "mp193-choice-never-offered.yaml": "mp193-choice-never-offered.yaml:19:41: warning MP193: choice 'large' of question 'size' is never offered: its `when` is false wherever the question is asked",
    "mp194-dead-branch.yaml": "mp194-dead-branch.yaml:13:16: warning MP194: no answers take this branch of question 'region' (to 'end'): wherever the route leaves the question, its `when` is false or an earlier way out is taken",
    "mp195-unused-variant.yaml": "mp195-unused-variant.yaml:15:9: warning MP195: this wording of the body of advice 'north' is never used: wherever it is shown, its `when` is never the first to hold",
    "mp198-placeholder-read-too-early.yaml": "mp198-placeholder-read-too-early.yaml:8:20: warning MP198: the placeholder {later} in the text of question 'q1' takes its value from q3, never given before 'q1' is asked: it always reads \"soon\" there",
    "mp197-value-without-default.yaml": "mp197-value-without-default.yaml:14:10: warning MP197: the value 'per_shift' is shown in body with no `default`, so nothing stands in its place where it has no value (an answer it reads not given, a division by zero): give it one",
    "mp196-variant-reads-later.yaml": "mp196-variant-reads-later.yaml:9:9: warning MP196: this wording of the text of question 'region' reads the answer to 'size', asked only after 'region': it is never given when the wording is chosen",
    "mp115-no-tenth-in-range.yaml": "mp115-no-tenth-in-range.yaml:6:66: error MP115: no answer fits: no number with at most 1 decimal lies from `min` (0.05) to `max` (0.09)",
    "mp100-round-direction.yaml": "mp100-round-direction.yaml:6:85: error MP100: values[0].compute.direction: 'ceiling' is not one of: nearest, up, down",
    "mp100-unit-one-without-unit.yaml": "mp100-unit-one-without-unit.yaml:6:37: error MP100: `unit_one` goes with `unit` (the unit after any other figure)",
    "mp173-different-decimals.yaml": "mp173-different-decimals.yaml:16:76: error MP173: this comparison cannot be analysed exactly: it compares answers with different `decimals` (1, 2), which validate decides answer by answer, and days, hours have 421,301 combinations, more than 100,000 (days, hours are compared with each other)",
    "mp173-weighed-not-linked.yaml": "mp173-weighed-not-linked.yaml:16:81: error MP173: this comparison cannot be analysed exactly: it weighs answers differently (or adds several), which validate decides answer by answer, and distance, goal, target have 1,000,300,030,001 combinations, more than 100,000 (distance, goal, target are compared with each other)",
    "mp173-whole-against-decimal.yaml": "mp173-whole-against-decimal.yaml:15:76: error MP173: this comparison cannot be analysed exactly: it compares a whole-number or date answer with a decimal one (days, hours are compared with each other)",
    "mp174-never-true.yaml": "mp174-never-true.yaml:15:81: error MP174: no answers can make this comparison true: 'days' accepts a whole number from 0 to 7",
    "mp175-always-true.yaml": "mp175-always-true.yaml:16:112: warning MP175: this comparison is true for every answer ('started' accepts a date (like 23/11/2026 or 2026-11-23) from 2020-01-01 to 2030-12-31 and 'left' accepts a date (like 23/11/2026 or 2026-11-23) from 2020-01-01 to 2030-12-31); leave it out",
    "mp176-too-many-cells.yaml": "mp176-too-many-cells.yaml:20:31: warning MP176: d1, d2, d3, d4, d5, d6, d7 are compared with each other in more than 4,096 ways, so the checks that need them (the walks of a book routed by conditions, advice that never shows, the summary rules) were not made",
    "mp140-uncited-source.yaml": "mp140-uncited-source.yaml:5:9: warning MP140: no advice cites source 'unused'",
    "mp141-uncited-section.yaml": "mp141-uncited-section.yaml:9:14: warning MP141: no advice cites section 'b' of source 's'",
    "mp142-no-citation.yaml": "mp142-no-citation.yaml:26:9: error MP142: advice 'one' cites no source; add `cite:` with a source and section",
    "mp177-refused-against-an-earlier-answer.yaml": "mp177-refused-against-an-earlier-answer.yaml:21:7: error MP177: the checks of question 'overtime' refuse every answer after these answers: shift=night usual=1: the interview cannot go on",
    "mp177-every-answer-refused.yaml": "mp177-every-answer-refused.yaml:14:7: error MP177: the checks of question 'hours' refuse every answer after these answers: shift=night: the interview cannot go on",
    "mp190-no-choice-offered.yaml": "mp190-no-choice-offered.yaml:12:7: error MP190: question 'plan' offers no choice after these answers: hours=2 (the `when` of every choice is false): the interview cannot go on; give one choice no `when`, or make the `when`s cover every route",
    "mp178-never-refuses.yaml": "mp178-never-refuses.yaml:14:17: warning MP178: this check of question 'hours' refuses no answer on any route: leave it out",
    "mp179-reads-unanswered.yaml": "mp179-reads-unanswered.yaml:14:17: error MP179: this check of question 'left' reads the answer to 'started', which is not given before it on the route known -> left (answers: known=no) (if that is meant, guard the check: all: [{answered: started}, ...])",
    "mp180-untranslated.yaml": "mp180-untranslated.yaml:20:11: warning MP180: advice.one.body has no es translation",
    "mp181-unknown-choice.yaml": "mp181-unknown-choice.yaml:31:58: error MP181: translation.questions.q1.choices.z: question 'q1' has no choice 'z'",
    "mp181-unknown-question.yaml": "mp181-unknown-question.yaml:32:5: error MP181: translation.questions.q11: the book has no question 'q11' (did you mean 'q1'?)",
    "mp182-no-such-text.yaml": "mp182-no-such-text.yaml:31:7: error MP182: translation.questions.q1.help: question 'q1' has no help to translate",
    "mp183-variants.yaml": "mp183-variants.yaml:35:29: error MP183: advice.one.body has 2 wordings: give a list of 2 texts in their order (the default last)",
    "mp184-undeclared": "mp184-undeclared/fr.yaml:2:13: error MP184: a translation into fr, which is not one of the book's `languages` (book: language en, languages: es)",
    "mp185-twice": "mp185-twice/more.yaml:3:16: error MP185: groups.g.title is translated into es twice (first at mp185-twice/book.yaml:26)",
    "mp186-no-translation.yaml": "mp186-no-translation.yaml:1:92: warning MP186: the book declares es, but no file translates it (`translation:` with `language: es`)",
    "mp187-unknown-placeholder.yaml": "mp187-unknown-placeholder.yaml:33:29: error MP187: the es text of advice.one.body uses the placeholder {nombre}, which is not defined under `placeholders:` or `values:`",
    "mp188-placeholder-left-out.yaml": "mp188-placeholder-left-out.yaml:35:29: warning MP188: the es text of advice.one.body leaves out {who}, which the book's text uses",
    "mp100-bad-language.yaml": "mp100-bad-language.yaml:1:93: error MP100: book.languages[0]: 'Spanish' is not a language code (such as es, or pt_BR)",
    "mp161-backtracking-pattern.yaml": "mp161-backtracking-pattern.yaml:25:14: error MP161: the pattern can take hours to match some answers: a repeated part holds alternatives that can match the same text (like (a|aa)+); write it so that each part of an answer can match in only one way",
    "mp161-slow-answer.yaml": "mp161-slow-answer.yaml:26:14: error MP161: the pattern takes more than 0.25 s of CPU to match some answers, such as '0000000000000000…000!' (200 characters); write it so that each part of an answer can match in only one way, or lower `max_length`",
    "mp161-nested-quantifier.yaml": "mp161-nested-quantifier.yaml:25:14: error MP161: the pattern can take hours to match some answers: a repeated part holds a repeat of its own (like (a+)+); write it so that each part of an answer can match in only one way",
    "mp162-huge-integer.yaml": "mp162-huge-integer.yaml:31:94: error MP162: this number is infinite or too large to work with (beyond 1.8e308); write a finite number",
    "mp162-infinite-comparison.yaml": "mp162-infinite-comparison.yaml:29:126: error MP162: this number is infinite or too large to work with (beyond 1.8e308); write a finite number",
    "mp162-nan-maximum.yaml": "mp162-nan-maximum.yaml:10:10: error MP162: '.nan' is not a number; write a finite number",
    "mp162-overflowing-value.yaml": "mp162-overflowing-value.yaml:35:48: error MP162: value 'entitlement': this number is infinite or too large to work with (beyond 1.8e308); write a finite number",
    "mp160-long-translation.yaml": "mp160-long-translation.yaml:59:42: error MP160: this text is 21,000 characters long; a text may have at most 20,000 (split it into several advice items)",
    "mp160-long-text.yaml": "mp160-long-text.yaml:15:11: error MP160: this text is 20,999 characters long; a text may have at most 20,000 (split it into several advice items)",
}


def test_every_bad_book_has_an_expectation() -> None:
    assert sorted(EXPECTED) == sorted(p.name for p in (BOOKS / "bad").iterdir())


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_bad_book_reports_exactly_one_problem(
    case: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(BOOKS / "bad")
    code = main(["validate", "--strict", case])
    out = capsys.readouterr().out.splitlines()
    assert code == 1
    assert out[:-1] == [EXPECTED[case]]
    assert out[-1].startswith("invalid: ")


@pytest.mark.parametrize(
    "path",
    [
        BOOKS / "good" / "minimal.yaml",
        BOOKS / "good" / "compare.yaml",
        BOOKS / "good" / "lookup-and-quotient.yaml",
        BOOKS / "good" / "whole-years.yaml",
        BOOKS / "good" / "divided-by-max.yaml",  # never zero, by the guard of its piece
        BOOKS / "good" / "exclusive-apart.yaml",  # `exclusive` keeps two items apart (MP134)
        ROOT / "examples" / "houseplants",
        ROOT / "rules",
    ],
)
def test_good_books_are_valid_even_strictly(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--strict", str(path)]) == 0
    assert capsys.readouterr().out.startswith("ok: ")


def test_default_is_the_bundled_book(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--strict"]) == 0
    files = len(list(bundled_rules().glob("*.yaml")))
    assert capsys.readouterr().out == f"ok: {files} file(s), no problems\n"


def test_every_problem_in_one_run_sorted_by_file_and_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(BOOKS / "bad")
    cases = ["mp009-scalar.yaml", "mp002-binary.yaml", "mp009-list.yaml", "mp009-empty.yaml"]
    assert main(["validate", *cases]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[:-1] == sorted(EXPECTED[c] for c in cases)
    assert out[-1] == "invalid: 4 error(s), 0 warning(s) in 4 file(s)"


def test_files_of_one_book_are_merged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    both = tmp_path / "both"
    both.mkdir()
    for name in ("mp142-no-citation.yaml", "mp108-unknown-group.yaml"):
        (both / name).write_text((BOOKS / "bad" / name).read_text())
    monkeypatch.chdir(tmp_path)
    assert main(["validate", "both"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert (
        "both/mp142-no-citation.yaml:1:1: error MP112: `book:` is given twice (first in both/mp108-unknown-group.yaml:1); a book has one"
        in out
    )
    assert (
        "both/mp142-no-citation.yaml:5:9: error MP101: source 's' is already defined at both/mp108-unknown-group.yaml:5"
        in out
    )


def test_two_books_named_apart_are_refused(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(BOOKS / "bad")
    assert main(["validate", "mp142-no-citation.yaml", "mp108-unknown-group.yaml"]) == 2
    assert capsys.readouterr().err == (
        "mendpath: mp142-no-citation.yaml and mp108-unknown-group.yaml are 2 rule books "
        "(each has `book:`); validate each on its own: mendpath validate mp142-no-citation.yaml; "
        "mendpath validate mp108-unknown-group.yaml\n"
    )


def test_warnings_fail_only_with_strict(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(BOOKS / "bad")
    assert main(["validate", "mp131-always-true.yaml"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [
        EXPECTED["mp131-always-true.yaml"],
        "valid: 0 error(s), 1 warning(s) in 1 file(s)",
    ]
    assert main(["validate", "--strict", "mp131-always-true.yaml"]) == 1


def test_json_format(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(BOOKS / "bad")
    assert main(["validate", "--format", "json", "mp108-unknown-group.yaml"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report == {
        "valid": False,
        "files": 1,
        "errors": 1,
        "warnings": 0,
        "problems": [
            {
                "file": "mp108-unknown-group.yaml",
                "line": 29,
                "col": 12,
                "severity": "error",
                "code": "MP108",
                "message": "unknown group 'h'",
            }
        ],
    }


def test_missing_path_and_empty_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "notes.txt").write_text("not a rule file")
    assert main(["validate", "nowhere", "empty"]) == 1
    assert capsys.readouterr().out.splitlines()[:2] == [
        "empty:1:1: error MP010: the folder holds no rule files (*.yaml)",
        "nowhere:1:1: error MP007: no such file or folder",
    ]


def test_too_large_file_is_refused_quickly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    with open("big.yaml", "wb") as handle:
        handle.write(b"a: [" + b"1, " * (6 * 1024 * 1024) + b"1]\n")
    assert main(["validate", "big.yaml"]) == 1
    assert capsys.readouterr().out.splitlines()[0] == (
        "big.yaml:1:1: error MP003: the file is larger than 16 MiB; split the book into files"
    )


def test_symlink_loop_in_rules_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    book = tmp_path / "book"
    book.mkdir()
    shutil.copy(BOOKS / "good" / "minimal.yaml", book / "minimal.yaml")
    os.symlink("..", book / "again")
    os.symlink("self.yaml", book / "self.yaml")
    assert main(["validate", "book"]) == 1
    assert capsys.readouterr().out.splitlines()[:2] == [
        "book/again/book:1:1: error MP007: a symlink loop: this folder leads back to one already read",
        "book/self.yaml:1:1: error MP007: cannot read the file: Too many levels of symbolic links",
    ]


def test_result_exposes_the_book() -> None:
    result = validate([BOOKS / "good" / "minimal.yaml"])
    assert result.ok(strict=True)
    assert result.book is not None
    assert list(result.book.questions) == ["q1", "q2"]


def test_a_scenario_file_validated_as_a_rule_file_says_what_it_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`mendpath validate` on the folder `init` makes (rules/ and scenarios/ inside): each
    scenario file said only "unknown key 'scenarios'" and listed a rule file's keys."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "scenarios.yaml").write_text("scenarios:\n  - {name: n, answers: {}}\n")
    assert main(["validate", "scenarios.yaml"]) == 1
    assert capsys.readouterr().out.splitlines()[0] == (
        "scenarios.yaml:1:1: error MP100: the top level: unknown key 'scenarios': this is a "
        "scenario file, for `mendpath test`; validate the rule book's own folder (such as "
        "rules/)"
    )
