"""Tools for authors: route counts, example answers, the flowchart, and scenario files."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from mendpath.author.drawing import graph_mermaid
from mendpath.author.examples import count_routes
from mendpath.book.build import build_book
from mendpath.book.bundled import bundled_rules
from mendpath.book.validate import load_valid_book, validate
from mendpath.cli.main import main
from mendpath.logic import walks
from mendpath.reader import Document, MarkNode

ROOT = Path(__file__).parents[2]
BOOKS = ROOT / "tests" / "books"
MINIMAL = str(BOOKS / "good" / "minimal.yaml")
AUTHORING = str(BOOKS / "authoring" / "hidden-and-impossible.yaml")


@pytest.mark.parametrize(
    ("path", "routes"),
    [
        (BOOKS / "good" / "minimal.yaml", 2),
        (BOOKS / "authoring" / "hidden-and-impossible.yaml", 2),
        (ROOT / "examples" / "houseplants", 2),
        (ROOT / "examples" / "holiday-entitlement" / "rules", 33),
        (bundled_rules(), 52),
    ],
)
def test_route_counts_of_small_books(path: Path, routes: int) -> None:
    result = validate([path])
    assert result.book is not None
    assert count_routes(result.book) == routes


def diamonds(n: int) -> dict[str, object]:
    """n diamonds in a row: each question splits two ways that meet again: 2**n routes."""
    questions: list[dict[str, object]] = []
    for i in range(n):
        nxt = f"d{i + 1}" if i + 1 < n else "end"
        questions += [
            {
                "id": f"d{i}",
                "text": "Split?",
                "kind": "yes_no",
                "routes": {"yes": f"l{i}", "no": f"r{i}"},
            },
            {"id": f"l{i}", "text": "Left?", "kind": "text", "next": nxt},
            {"id": f"r{i}", "text": "Right?", "kind": "text", "next": nxt},
        ]
    return {
        "book": {"title": "D", "version": "1", "start": "d0", "disclaimer": "D"},
        "questions": questions,
    }


def test_a_book_with_millions_of_routes_is_counted_exactly() -> None:
    # The time it takes is measured by bench/run (paths on generated books), not here.
    book = build_book([Document("diamonds.yaml", diamonds(60), MarkNode(1, 1))])
    assert count_routes(book) == 2**60


@pytest.mark.parametrize(
    ("path", "routes", "outcomes"),
    [
        # two routes, each showing its own item
        (BOOKS / "good" / "minimal.yaml", 2, 2),
        # north/south x yes/no, and "two" only in the south: {both}, {otherwise}, each with
        # or without "two"
        (BOOKS / "good" / "regions.yaml", 3, 4),
        # succulents or a snake plant (light), or pet_safe hiding both; cat_height when cats
        # are included; water_reminder: 2 x 2 without pets + 2 x 2 with them
        (ROOT / "examples" / "houseplants", 2, 8),
    ],
)
def test_paths_counts_routes_and_distinct_outcomes(
    path: Path, routes: int, outcomes: int, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["paths", "--count", "--outcomes", "--rules", str(path)]) == 0
    assert capsys.readouterr().out == (
        f"{routes} distinct route(s) from the first question to the end"
        " (distinct sequences of questions asked)\n"
        f"{outcomes} distinct outcome(s) (distinct sets of advice shown)\n"
    )
    assert main(["paths", "--count", "--outcomes", "--format", "json", "--rules", str(path)]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert (payload["routes"], payload["outcomes"]) == (routes, outcomes)


def test_paths_says_when_outcomes_are_too_many_to_count(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Past the exploration's limit nothing is counted, and it says so (exit 0: routes are
    still counted)."""
    import mendpath.logic.walks

    monkeypatch.setattr(mendpath.logic.walks, "MAX_WALKS", 5)
    houseplants = str(ROOT / "examples" / "houseplants")
    assert main(["paths", "--count", "--outcomes", "--rules", houseplants]) == 0
    assert capsys.readouterr().out.splitlines()[1] == (
        "distinct outcomes not counted: more walks than can be explored (5), or a loop"
    )
    assert main(["paths", "--count", "--outcomes", "--format", "json", "--rules", houseplants]) == 0
    assert json.loads(capsys.readouterr().out)["outcomes"] is None


def test_paths_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["paths", "--rules", AUTHORING]) == 0
    assert (
        capsys.readouterr().out
        == """\
2 distinct route(s) from the first question to the end (distinct sequences of questions asked)

always: q1=a q2=yes
shadowed: no set of answers shows it
never: no set of answers shows it
after_b: q1=b
"""
    )


def test_paths_json_examples_really_show_their_advice(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["paths", "--rules", str(bundled_rules()), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["routes"] == 52
    book = load_valid_book([bundled_rules()])
    assert [a["id"] for a in data["advice"]] == list(book.advice)
    from mendpath.logic import engine
    from mendpath.logic.outcome import outcome

    for item in data["advice"]:
        assert item["reachable"], item["id"]
        done = engine.step(book, item["example"])
        assert isinstance(done, engine.Done)
        assert item["id"] in outcome(book, done.answers).shown


def test_paths_refuses_a_book_with_other_errors(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["paths", "--rules", str(BOOKS / "bad" / "mp120-cycle.yaml")]) == 1
    assert "MP120" in capsys.readouterr().err


def test_paths_says_when_a_book_has_too_many_walks(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A loop on paper keeps the walk-by-walk exploration, which gives up past its bound:
    a message and exit 1, not a crash. (The bound is lowered from 100,000 so that the test
    does not walk 100,000 walks; the message names the bound in force.)"""
    monkeypatch.setattr(walks, "MAX_WALKS", 1000)
    book = BOOKS / "authoring" / "too-many-walks.yaml"
    assert main(["paths", "--count", "--rules", str(book)]) == 1
    assert capsys.readouterr().err == (
        "mendpath: the routes read earlier answers and have more than 1,000 walks, too many "
        "to count or to find examples in (see MP138 in docs/checks.md)\n"
    )


def test_mermaid_with_a_route_highlighted() -> None:
    book = load_valid_book([Path(MINIMAL)])
    assert (
        graph_mermaid(book, {"q1": "x", "q2": ["m"]})
        == """\
flowchart TD
    q_q1["First?"]
    q_q2["Second?"]
    q__end(["end"])
    q_q1 -- "X" --> q_q2
    q_q1 -- "Y" --> q__end
    q_q2 --> q__end
    n_q_q1["✓ One<br/>Otherwise"]
    q_q1 -.-> n_q_q1
    classDef route fill:#fde9b5,stroke:#b8860b,stroke-width:2px
    classDef advice fill:#eef4f8,stroke:#7a9cb5
    classDef shown fill:#d6efd8,stroke:#3c8d40,stroke-width:2px
    class q_q1,q_q2 route
    class n_q_q1 advice
    class n_q_q1 shown
    linkStyle 0 stroke:#b8860b,stroke-width:3px
    linkStyle 2 stroke:#b8860b,stroke-width:3px
"""
    )


def test_graph_of_the_bundled_book_renders_with_graphviz(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dot = shutil.which("dot")
    if dot is None:
        pytest.skip(
            "Graphviz `dot` is not installed (Debian: apt-get install graphviz); .ci/run installs it"
        )
    answers = ROOT / "examples" / "answers" / "regrets-leaving.yaml"
    assert main(["graph", "--format", "dot", "--answers", str(answers)]) == 0
    source = capsys.readouterr().out
    assert "penwidth=3" in source  # the route is highlighted
    run = subprocess.run([dot, "-Tsvg"], input=source, capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    assert run.stdout.lstrip().startswith("<?xml")
    assert "Who left?" in run.stdout


def test_docs_show_the_current_tree() -> None:
    # The .dot source is ours and deterministic; the SVG beside it is Graphviz's rendering of it.
    from mendpath.author.drawing import graph_dot

    book = load_valid_book([bundled_rules()])
    assert (ROOT / "docs" / "decision-tree.dot").read_text() == graph_dot(book), (
        "regenerate: make docs"
    )
    svg = (ROOT / "docs" / "decision-tree.svg").read_text()
    assert svg.lstrip().startswith("<?xml")
    for question in book.questions.values():
        assert question.id in svg or question.text[:20] in svg


def test_scenarios_report_what_differs(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(BOOKS)
    assert main(["test", "--rules", "good/minimal.yaml", "scenarios/minimal.yaml"]) == 1
    assert (
        capsys.readouterr().out
        == """\
ok    choosing x shows one
FAIL  a wrong expectation  (scenarios/minimal.yaml:5)
      should show one, but it is not shown:
        needs “First?” is X (you answered: Y)
FAIL  stops early  (scenarios/minimal.yaml:8)
      the answers stop at question 'q2'; answer it to finish
1 passed, 2 failed
"""
    )


def test_scenario_files_are_checked(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(BOOKS)
    assert main(["test", "--rules", "good/minimal.yaml", "scenarios/bad-ids.yaml"]) == 1
    assert capsys.readouterr().err == (
        "scenarios/bad-ids.yaml:4:18: error MP151: unknown advice 'two'\n"
        "mendpath: the scenario files have 1 error(s)\n"
    )


def test_bundled_scenarios_pass_and_show_every_advice_item(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["test"]) == 0
    out = capsys.readouterr().out
    assert "note: no scenario shows" not in out
    assert out.endswith("66 passed, 0 failed\n")


HOLIDAY = ROOT / "examples" / "holiday-entitlement"


def test_holiday_entitlement_scenarios_cover_every_route_and_show_every_item(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The GOV.UK flow's example book: strictly valid, and every scenario (one or more per
    route, and the edges in edges.yaml, each asserting the figure the original calculator
    gives, or, for dates the original refuses, the check that refuses it, with its words)
    passes."""
    assert main(["validate", "--strict", str(HOLIDAY / "rules")]) == 0
    capsys.readouterr()
    rules, scenarios = str(HOLIDAY / "rules"), str(HOLIDAY / "scenarios")
    assert main(["test", "--rules", rules, scenarios]) == 0
    out = capsys.readouterr().out
    assert "note: no scenario shows" not in out
    assert out.endswith("74 passed, 0 failed\n")
    assert main(["test", "--rules", rules, scenarios, "--coverage", "--fail-under", "100"]) == 0


def test_holiday_dates_the_original_refuses_are_refused_as_typed(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A leaving date before the start date (it once gave "-6.9 days") is refused by the
    question's check, with what to enter instead: given with --answer, it is an error."""
    answers = {
        "hours_pattern": "regular",
        "basis": "days",
        "period": "both",
        "start_date": "2025-06-01",
        "leave_date": "2025-03-01",
    }
    pairs = [arg for k, v in answers.items() for arg in ("--answer", f"{k}={v}")]
    rules = str(HOLIDAY / "rules")
    assert main(["ask", "--plain", "--no-save", "--rules", rules, *pairs]) == 1
    assert capsys.readouterr().err == (
        "mendpath: --answer: the answer to 'leave_date' is refused: "
        "The leaving date must be after the start date, 1 June 2025.\n"
    )


def test_holiday_citations_name_no_code() -> None:
    """Readers see what a cited passage is about, never the original's code names
    (`days_per_week_done`): no section title holds an identifier."""
    book = load_valid_book([HOLIDAY / "rules"])
    titles = [s.title for source in book.sources.values() for s in source.sections]
    assert len(titles) == 18
    assert [t for t in titles if "_" in t] == []


def test_holiday_entitlement_scenarios_take_every_route() -> None:
    """Each of the 33 routes (distinct sequences of questions asked) that exploring the book
    finds is the route of some scenario, and each scenario's route is one of them."""
    from mendpath.author.scenario_files import load_scenarios
    from mendpath.logic.engine import route
    from mendpath.logic.walks import Walked, explore

    book = load_valid_book([HOLIDAY / "rules"])
    routes = {w.asked for w in explore(book) if isinstance(w, Walked)}
    scenarios, problems = load_scenarios([HOLIDAY / "scenarios"], book)
    assert problems == []
    taken = set()
    for s in scenarios:
        if s.refused is not None:  # a date refused: no route to the end
            continue
        walked, stop = route(book, s.answers)
        assert stop == "end", s.name
        taken.add(tuple(walked))
    assert len(routes) == 33
    assert taken == routes


def test_scenarios_assert_the_text_shown(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`shows_text` checks the filled-in words of the shown items, computed values included,
    and a miss lists what the shown items do say."""
    scenario = tmp_path / "figures.yaml"
    scenario.write_text(
        "scenarios:\n"
        "  - name: six days\n"
        "    answers: {hours_pattern: regular, basis: days, period: full_year,"
        ' days_per_week: "6"}\n'
        '    shows_text: ["28.0 days of holiday", "stops at 28 days"]\n'
        "  - name: a wrong figure\n"
        "    answers: {hours_pattern: regular, basis: days, period: full_year,"
        ' days_per_week: "2"}\n'
        '    shows_text: ["11.3 days"]\n'
        "  - name: not a list\n"
        "    answers: {hours_pattern: irregular}\n"
        "    shows_text: 11.2 days\n"
    )
    rules = str(HOLIDAY / "rules")
    assert main(["test", "--rules", rules, str(scenario)]) == 1
    assert capsys.readouterr().err == (
        f"{scenario}:10:17: error MP150: expected a list of texts (shows_text)\n"
        "mendpath: the scenario files have 1 error(s)\n"
    )
    scenario.write_text("\n".join(scenario.read_text().splitlines()[:7]) + "\n")
    assert main(["test", "--rules", rules, str(scenario)]) == 1
    out = capsys.readouterr().out
    assert out.startswith(
        "ok    six days\n"
        f"FAIL  a wrong figure  ({scenario}:5)\n"
        "      should say '11.3 days', but no shown item does; they say:\n"
        "        Statutory holiday in days: For a whole leave year, the statutory entitlement"
        " is 11.2 days of holiday.\n"
        "        The employer: Bank and public holidays may count towards the statutory"
        " entitlement."
    )
    assert out.endswith("1 passed, 1 failed\n")


def test_pre_commit_hooks_are_declared() -> None:
    import yaml

    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    by_id = {h["id"]: h for h in hooks}
    assert by_id["mendpath-validate"]["entry"] == "mendpath validate --book-of"
    assert by_id["mendpath-validate"]["pass_filenames"] is True  # the rule files that changed
    assert by_id["mendpath-test"]["entry"] == "mendpath test"
    assert by_id["mendpath-test"]["args"] == [
        "--rules",
        "rules",
        "scenarios",
    ]  # not the bundled book
    for hook in hooks:
        assert hook["language"] == "python"


def test_astronomical_route_counts_are_written_in_scientific_form(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from mendpath.cli.commands import _about

    book = tmp_path / "diamonds.yaml"
    book.write_text(json.dumps(diamonds(60)))  # 2**60 routes
    assert main(["paths", "--count", "--rules", str(book)]) == 0
    assert (
        capsys.readouterr().out
        == "about 1.15 \u00d7 10^18 distinct route(s) from the first question to the end"
        " (distinct sequences of questions asked)\n"
    )
    assert main(["paths", "--count", "--format", "json", "--rules", str(book)]) == 0
    assert json.loads(capsys.readouterr().out) == {
        "routes": 2**60,
        "routes_exact": True,
        "advice": [],
    }
    # beyond what Python will write out in digits (4,300), the count is given approximately
    assert _about(2**15000) == "2.82e+4515"
    assert _about(10**20) == "1.00e+20"


GUARDS = str(BOOKS / "authoring" / "guarded-labels.yaml")


def test_graph_labels_guarded_branches_and_choices_with_their_conditions(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Each {when, go} branch is labelled with its condition in words, the default after
    them "otherwise", and a choice offered only sometimes says when; escaped in both."""
    assert main(["graph", "--format", "mermaid", "--rules", GUARDS]) == 0
    edges = [line for line in capsys.readouterr().out.splitlines() if " --" in line]
    assert edges == [
        '    q_size -- "if \u201cSize #lt;in #quot;cm#quot;#gt; #amp; #35;?\u201d is at least 10"'
        " --> q_big",
        '    q_size -- "otherwise" --> q_kind',
        '    q_big -- "Yes / No" --> q_kind',
        '    q_kind -- "Plain / Fancy (offered if \u201cBig?\u201d is Yes)" --> q__end',
    ]
    assert main(["graph", "--format", "dot", "--rules", GUARDS]) == 0
    edges = [line for line in capsys.readouterr().out.splitlines() if " -> q_" in line]
    assert edges[:3] == [
        '    q_size -> q_big [label="if \u201cSize <in \\"cm\\"> & #?\u201d is at least 10"];',
        '    q_size -> q_kind [label="otherwise"];',
        '    q_big -> q_kind [label="Yes / No"];',
    ]
    assert main(["graph", "--format", "dot", "--rules", GUARDS]) == 0
    assert (
        '    q_kind -> end [label="Plain / Fancy (offered if \u201cBig?\u201d is Yes)"];'
        in capsys.readouterr().out.splitlines()
    )


def test_graph_labels_a_choice_whose_branches_differ(capsys: pytest.CaptureFixture[str]) -> None:
    """Branches that only some choices take name those choices, with the condition."""
    assert main(["graph", "--rules", str(ROOT / "examples" / "holiday-entitlement" / "rules")]) == 0
    out = capsys.readouterr().out
    assert (
        '    q_period -- "A whole leave year (if \u201cWhat is the holiday entitlement based on?'
        '\u201d is Shifts)" --> q_shift_hours'
    ) in out
    assert '    q_period -- "A whole leave year (otherwise)" --> q_hours_per_week' in out


def test_graph_draws_where_a_question_is_skipped_to_and_a_route_through_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A question with `when` said nothing of it, and a route that skipped it was drawn with
    no edge: the question taken was not joined to the one after it."""
    book = str(BOOKS / "authoring" / "skipped.yaml")
    answers = tmp_path / "south.yaml"
    answers.write_text("region: south\ny: one\n", encoding="utf-8")
    assert main(["graph", "--rules", book, "--answers", str(answers)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert '    q_z["Only in the north (asked if \u201cWhere?\u201d is North)"]' in out
    assert [line for line in out if " --" in line] == [
        '    q_region -- "North / South" --> q_z',
        '    q_z -- "Yes / No / skipped" --> q_y',
        '    q_y -- "One / Two" --> q__end',
    ]
    assert "    class q_region,q_y route" in out  # z is skipped: not asked, passed through
    assert [line for line in out if line.startswith("    linkStyle")] == [
        f"    linkStyle {i} stroke:#b8860b,stroke-width:3px" for i in range(3)
    ]


def test_graph_with_answers_says_whether_a_choice_was_offered_on_the_route(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A choice's `when` was written without the answers, even with --answers."""
    book = str(BOOKS / "dynamic" / "offered.yaml")
    for region, said in (("north", "not on this route"), ("south", "offered on this route")):
        answers = tmp_path / f"{region}.yaml"
        answers.write_text(f"region: {region}\ny: one\n", encoding="utf-8")
        assert main(["graph", "--rules", book, "--answers", str(answers)]) == 0
        edges = [line for line in capsys.readouterr().out.splitlines() if "q_y --" in line]
        assert edges == [
            f'    q_y -- "One / Two (offered if \u201cWhere?\u201d is South; {said})" --> q__end'
        ]


def test_a_placeholder_from_a_choice_says_its_label_as_it_was_offered(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A choice with label variants filled a placeholder with its plain label ("Small"),
    though the question had offered it as "Kitten-sized"; in Spanish too."""
    book = str(BOOKS / "authoring" / "label-variants")
    run = ["ask", "--rules", book, "--no-save", "--format", "markdown"]
    answers = ["--answer", "pet=cat", "--answer", "size=small", "--answer", "later=yes"]
    assert main([*run, *answers]) == 0
    assert "You picked Kitten-sized." in capsys.readouterr().out
    assert main([*run, "--lang", "es", *answers]) == 0
    assert "Elegiste Tamaño gatito." in capsys.readouterr().out
    assert main([*run, "--answer", "pet=dog", *answers[2:]]) == 0
    assert "You picked Small." in capsys.readouterr().out


def test_graph_checks_its_answers_as_ask_does(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A choice not offered there, or an answer a check refuses, was drawn as a route (exit
    0), with advice marked shown on a route that never finished."""
    answers = tmp_path / "a.yaml"
    answers.write_text("region: north\ny: two\n", encoding="utf-8")
    book = str(ROOT / "tests" / "books" / "dynamic" / "offered.yaml")
    assert main(["graph", "--rules", book, "--answers", str(answers)]) == 1
    assert capsys.readouterr().err == (
        f"mendpath: {answers}:2:4: question 'y' does not offer 'two' after the answers "
        "before it; it offers: one\n"
    )
    answers.write_text("region: south\ny: two\n", encoding="utf-8")
    assert main(["graph", "--rules", book, "--answers", str(answers)]) == 0
