"""The text-dump cleaner on made-up dumps of several invented outlets' page styles."""

# The fixture dumps hold one block per line, as real dumps do, so their lines run long.
# ruff: noqa: E501

from __future__ import annotations

import math
from datetime import UTC, datetime

import pytest

from newsweave.extract.furniture import FurnitureModel, normalise_line
from newsweave.extract.text.cleaner import clean_text_dump
from newsweave.extract.text.meta import byline_author, dateline_date
from newsweave.extract.text.trees import TreeEnsemble

# A wire-style page: masthead, labelled dateline, headline, image caption, a donation
# appeal glued to the first body sentence, a pull quote with its speaker, a crosshead,
# a closing footer and related headlines.
GAZETTE = """Harbour Gazette
Published: Tuesday, 4 March 2031, 09:15 GMT
Ferry crews end strike after pay deal
A ferry leaves the eastern pier at dawn
Crews have returned to the Lantern Bay route, the operator said
Your support makes our reporting possible.Ferry crews on the Lantern Bay route returned to work on Monday after a six-week strike ended with a new pay deal.
The agreement, approved by 83% of union members, raises basic pay by 7% over two years and limits night shifts.
Union organiser Petra Vellin said the deal was "a fair settlement that the crews earned the hard way".
The crews kept the island supplied through the winter storms
Petra Vellin
Harbour operator Brightwater Lines said services would run to the normal timetable from Wednesday.
Island traders welcome return
Shopkeepers on Corran Isle said the strike had cost them weeks of deliveries. "The crews kept the island supplied through the winter storms, and we are glad to have them back," said grocer Hamish Dorr.
The island council said it would review its emergency supply plans before next winter.
Related stories
Why island ferries keep breaking down
Council votes to buy two new hybrid boats
© 2031 Harbour Gazette. All rights reserved.
"""

# A magazine-style page: menu, cookie notice, headline, byline with a role, a bare date,
# a quotation that runs over two paragraphs, share buttons and a comment prompt.
LEDGER = """Home
News
Politics
Culture
We use cookies to improve your experience. Accept all cookies
Valley towns split over reservoir plan
Tomas Reyl, Political Editor
June 5, 2030
Three valley towns have split over a plan to flood the upper Tarn meadows for a new reservoir, with two councils backing it and one threatening legal action.
The water board says the reservoir is needed to secure supplies for 40,000 homes as summers grow drier.
At a packed meeting in Ashby Cross, the mayor, Lina Moravec, read a statement from the council:
"We have listened to farmers whose families have worked these meadows for generations, and we cannot support a plan that ends that work without fair compensation.
"If the water board will not reopen the talks, this council will take the matter to the courts."
The board said it remained open to discussions and would publish a revised compensation offer in the autumn.
Share
Facebook
Twitter
Email
Leave a comment
3 comments
"""

# A blog-style page with nothing but body text: nothing may be dropped.
PLAIN = """The night market on Quarry Street reopened on Friday after a month of repairs to its wooden stalls.
Vendors said the first evening drew more visitors than any night last year, helped by mild weather.
The market committee plans to add a second row of stalls along the canal before the summer festival.
"""

# A Spanish-language page: the cleaner keeps its body (language detection is not its job).
SPANISH = """Diario del Valle
Inicio
Deportes
Cultura
El club de remo celebra su centenario con una regata
El club de remo de Puerto Alba celebró el sábado su centenario con una regata en la que participaron más de doscientos remeros de toda la región.
La presidenta del club, Inés Caballo, recordó que la entidad nació en un taller de barcas junto al muelle viejo y que hoy entrena a cuatro generaciones de socios.
El ayuntamiento anunció que restaurará el antiguo cobertizo de botes para convertirlo en un pequeño museo del remo.
Aviso legal
Política de privacidad
"""

CASES = [
    pytest.param(
        GAZETTE,
        dict(
            title="Ferry crews end strike after pay deal",
            outlet="Harbour Gazette",
            published=datetime(2031, 3, 4, 9, 15, tzinfo=UTC),
            author=None,
        ),
        [
            "Ferry crews on the Lantern Bay route returned to work",
            "approved by 83% of union members",
            "glad to have them back",
            "review its emergency supply plans",
        ],
        [
            "Your support makes",
            "A ferry leaves the eastern pier",
            "Island traders welcome return",
            "Related stories",
            "hybrid boats",
            "All rights reserved",
            "Harbour Gazette",
        ],
        id="wire-style-glued-appeal-pull-quote-crosshead",
    ),
    pytest.param(
        LEDGER,
        dict(
            title="Valley towns split over reservoir plan",
            outlet=None,
            published=datetime(2030, 6, 5),
            author="Tomas Reyl",
        ),
        [
            "Three valley towns have split",
            "read a statement from the council:",
            "We have listened to farmers",
            "this council will take the matter to the courts.",
            "revised compensation offer in the autumn.",
        ],
        ["cookies", "Politics", "Facebook", "Leave a comment", "3 comments", "Political Editor"],
        id="magazine-style-two-paragraph-quote",
    ),
    pytest.param(
        SPANISH,
        dict(
            title="El club de remo celebra su centenario con una regata",
            outlet=None,
            published=None,
            author=None,
        ),
        ["El club de remo de Puerto Alba", "cuatro generaciones", "pequeño museo del remo."],
        ["Deportes", "Aviso legal", "Política de privacidad"],
        id="spanish-page",
    ),
]


@pytest.mark.parametrize(("dump", "fields", "must_contain", "must_not_contain"), CASES)
def test_clean_text_dump_cases(
    dump: str, fields: dict[str, object], must_contain: list[str], must_not_contain: list[str]
) -> None:
    result = clean_text_dump(dump)
    body = "\n\n".join(result.paragraphs)
    for name, expected in fields.items():
        assert getattr(result, name) == expected, name
    for snippet in must_contain:
        assert snippet in body, snippet
    for snippet in must_not_contain:
        assert snippet not in body, snippet
    assert result.language is None
    # Every line of the dump is either kept or dropped with a reason, never silently lost.
    kept_or_dropped = " ".join([*result.paragraphs, *(block.text for block in result.dropped)])
    for line in dump.splitlines():
        for piece in line.replace(".Ferry", ". Ferry").split(". "):
            assert piece.strip() in kept_or_dropped


def test_gazette_reasons() -> None:
    result = clean_text_dump(GAZETTE)
    reasons = {block.text: block.reason for block in result.dropped}
    assert reasons["Your support makes our reporting possible."] == "donation-appeal"
    assert reasons["Island traders welcome return"] == "crosshead"
    assert reasons["The crews kept the island supplied through the winter storms"] == "pull-quote"
    assert reasons["Petra Vellin"] == "pull-quote"
    assert reasons["Harbour Gazette"] == "masthead"
    assert reasons["Published: Tuesday, 4 March 2031, 09:15 GMT"] == "dateline"
    assert reasons["Why island ferries keep breaking down"] == "related-link"
    assert result.paragraphs[0].startswith("Ferry crews on the Lantern Bay route")


def test_dump_without_furniture_drops_nothing() -> None:
    result = clean_text_dump(PLAIN)
    assert result.paragraphs == tuple(PLAIN.strip().splitlines())
    assert result.dropped == ()
    assert result.title is None and result.published is None


@pytest.mark.parametrize("dump", ["", "\n\n  \n", "\u200b\n"], ids=["empty", "blank", "invisible"])
def test_empty_dump(dump: str) -> None:
    result = clean_text_dump(dump)
    assert result.paragraphs == ()
    assert result.dropped == ()
    assert result.title is None


def _courier_page(headline: str, body: list[str]) -> str:
    # One invented outlet's page template: the same header, promo and footer every time.
    return "\n".join([
        "Northbridge Courier",
        "Today's paper",
        "The Courier has covered the valley since 1889 and answers to no owner but its readers.",
        headline,
        *body,
        "Northbridge Courier is published by Valley Print Works, 12 Mill Lane.",
        "Courier newsletters arrive every weekday morning.",
    ])  # fmt: skip


COURIER_PAGES = [
    _courier_page(
        "Library extends opening hours",
        [
            "The town library will open until nine o'clock on weekdays from next month.",
            "Staff said evening visits had doubled since the reading room was refurbished.",
        ],
    ),
    _courier_page(
        "Bridge repairs delayed by flooding",
        [
            "Repairs to the old stone bridge have been pushed back to the spring after the river flooded.",
            "Engineers said the foundations must dry out before work can start again.",
        ],
    ),
    _courier_page(
        "School choir wins regional prize",
        [
            "The Northbridge school choir won first prize at the regional festival on Saturday.",
            "Its conductor said the singers had rehearsed every lunchtime since January.",
        ],
    ),
]


def test_learned_furniture_across_three_pages() -> None:
    model = FurnitureModel.learn(COURIER_PAGES)
    promo = "The Courier has covered the valley since 1889 and answers to no owner but its readers."
    assert model.is_furniture(promo)
    assert model.is_furniture(
        "Northbridge Courier is published by Valley Print Works, 12 Mill Lane."
    )
    assert not model.is_furniture("Library extends opening hours")
    for page in COURIER_PAGES:
        result = clean_text_dump(page, furniture=model)
        assert len(result.paragraphs) == 2, result.paragraphs
        assert all("Courier" not in paragraph for paragraph in result.paragraphs)
        assert "learned-furniture" in {block.reason for block in result.dropped}
        assert result.title == page.splitlines()[3]


def test_learned_furniture_needs_recurrence() -> None:
    # Lines that occur in only one of the pages are never learned.
    model = FurnitureModel.learn(COURIER_PAGES)
    assert not any(model.is_furniture(line) for line in COURIER_PAGES[0].splitlines()[3:6])
    assert FurnitureModel.learn(COURIER_PAGES[:1]).lines == frozenset()
    assert normalise_line("  12  Comments ") == normalise_line("3 comments")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # labelled, with weekday, time and zone: converted to UTC
        ("Last Updated: Friday, 2 May 2031, 18:40 BST", datetime(2031, 5, 2, 17, 40, tzinfo=UTC)),
        # a bare US-style date
        ("October 9, 2029", datetime(2029, 10, 9)),
        # byline and date on one line
        ("By Ana Petrova | Mar 3, 2030", datetime(2030, 3, 3)),
        # prose that mentions a date is not a dateline
        ("The hearing was moved to March 3, 2030 after the judge fell ill.", None),
        # relative words are never a publication date
        ("Updated yesterday", None),
    ],
)
def test_dateline_date(line: str, expected: datetime | None) -> None:
    assert dateline_date(line) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("By Jane Doe", "Jane Doe"),
        ("ByOrla Finch", "Orla Finch"),
        ("Jane Doe, Political Editor", "Jane Doe"),
        ("By Ana Petrova | Mar 3, 2030", "Ana Petrova"),
        ("By the end of the week the road had reopened.", None),
    ],
)
def test_byline_author(line: str, expected: str | None) -> None:
    assert byline_author(line) == expected


def test_tree_ensemble_walks_each_tree_and_sums_leaves() -> None:
    # Two stumps on feature 0 and feature 1; a NaN follows its node's missing-value side.
    stump_a = (
        (0, 0.5, 1, 2, 0.0, True),
        (0, 0.0, -1, -1, -1.0, False),
        (0, 0.0, -1, -1, 1.0, False),
    )
    stump_b = (
        (1, 2.0, 1, 2, 0.0, False),
        (0, 0.0, -1, -1, 0.5, False),
        (0, 0.0, -1, -1, -0.5, False),
    )
    ensemble = TreeEnsemble(baseline=0.0, trees=(stump_a, stump_b))
    assert ensemble.probability([0.9, 1.0]) == pytest.approx(1 / (1 + math.exp(-1.5)))
    assert ensemble.probability([0.1, 3.0]) == pytest.approx(1 / (1 + math.exp(1.5)))
    assert ensemble.probability([float("nan"), float("nan")]) == pytest.approx(
        1 / (1 + math.exp(1.5))
    )
    assert TreeEnsemble.from_json(ensemble.to_json()) == ensemble


@pytest.mark.parametrize(
    ("dump", "field", "expected"),
    [
        # A bar of share buttons above the headline is furniture, not the title.
        (
            "Valley Radio News\nLast Updated: Monday, 3 March 2025, 09:10 GMT\n"
            "Email this story | Print this page\nFerry service resumes after storm\n"
            + "\n".join(
                f"The harbour master said crossing {n} left on time and the pier held up well."
                for n in range(6)
            ),
            "title",
            "Ferry service resumes after storm",
        ),
        # A wordmark set in capitals names the outlet.
        (
            "THE LANTERN\nNews | Opinion | Culture\nFerry service resumes after storm\n"
            + "\n".join(
                f"The harbour master said crossing {n} left on time and the pier held up well."
                for n in range(6)
            ),
            "outlet",
            "The Lantern",
        ),
        # "Name in Place" is a reporter's byline.
        (
            "Ferry service resumes after storm\nMarta Kovac in Port Ellis\n"
            + "\n".join(
                f"The harbour master said crossing {n} left on time and the pier held up well."
                for n in range(6)
            ),
            "author",
            "Marta Kovac",
        ),
    ],
)
def test_header_lines_become_metadata(dump: str, field: str, expected: str) -> None:
    assert getattr(clean_text_dump(dump), field) == expected
