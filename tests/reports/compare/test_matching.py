"""Facts matched across outlets: the same thing in other words, numbers and names
agreeing; syndicated copies counted with their original."""

from __future__ import annotations

import pytest

from newsweave.reports.compare.comparison import compare_articles
from tests.reports.compare.conftest import MakeArticle

GAZETTE = (
    "A landslide blocked the coastal railway between Orvik and Tessel on Monday morning,"
    " stranding about 400 passengers on two trains, the rail operator said.\n\n"
    "Engineers expect the line to stay closed until Friday while the slope is made safe.\n\n"
    "The harbour master, Ines Valk, said fishing boats had been moved out of the bay."
)
POST = (
    "Some 400 rail passengers were stranded on Monday after a landslide cut the coastal"
    " line linking Orvik with Tessel, according to the rail operator.\n\n"
    "Local shops on Strand Road offered stranded travellers free tea and blankets."
)


def test_paraphrases_with_agreeing_numbers_are_one_fact(article: MakeArticle) -> None:
    comparison = compare_articles(
        "s", "Landslide", [article("Orvik Gazette", GAZETTE), article("Lune Valley Post", POST)]
    )
    shared = [f for f in comparison.facts if len(f.outlets) == 2]
    assert len(shared) == 1
    assert "400 passengers" in shared[0].outlets["Orvik Gazette"][0].text
    assert "Some 400 rail passengers" in shared[0].outlets["Lune Valley Post"][0].text
    # What only one outlet reports: the closure until Friday, the boats, the shops.
    alone = {comparison.facts[k].text for k in comparison.only_one_outlet}
    assert any("until Friday" in text for text in alone)
    assert any("Strand Road" in text for text in alone)
    assert comparison.every_outlet == (0,)


def test_the_same_words_with_other_numbers_are_not_one_fact(article: MakeArticle) -> None:
    other = POST.replace("Some 400 rail passengers", "Some 900 rail passengers")
    comparison = compare_articles(
        "s", "Landslide", [article("Orvik Gazette", GAZETTE), article("Lune Valley Post", other)]
    )
    assert all(len(f.outlets) == 1 for f in comparison.facts)


def test_other_people_doing_the_same_are_not_one_fact(article: MakeArticle) -> None:
    gazette = "Mayor Pieter Holm opened the new footbridge over the Lune on Saturday."
    post = "Councillor Anja Brandt opened the new footbridge over the Lune on Saturday."
    comparison = compare_articles(
        "s", "Bridge", [article("Orvik Gazette", gazette), article("Lune Valley Post", post)]
    )
    assert all(len(f.outlets) == 1 for f in comparison.facts)


def test_a_syndicated_copy_counts_with_its_original(article: MakeArticle) -> None:
    wire = article("Northern Wire", GAZETTE, id="wire")
    local = "\n\n".join([GAZETTE, "In Tessel, the station cafe stayed open all night for them."])
    copy = article("Tessel Echo", local, copy_of="wire", id="copy")
    post = article("Lune Valley Post", POST, id="post")
    comparison = compare_articles("s", "Landslide", [wire, copy, post])
    shared = [f for f in comparison.facts if len(f.outlets) >= 2]
    assert [sorted(f.outlets) for f in shared] == [["Lune Valley Post", "Northern Wire"]]
    # The copy's own paragraph is its outlet's own reporting.
    own = [comparison.facts[k] for k in comparison.only_one_outlet]
    assert [f.text for f in own if "Tessel Echo" in f.outlets] == [
        "In Tessel, the station cafe stayed open all night for them."
    ]


def test_similarities_worked_out_in_blocks_are_those_of_the_whole_product(
    article: MakeArticle, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsweave.reports.compare import matching
    from newsweave.reports.compare.facts import claims_of

    claims = claims_of([article("Orvik Gazette", GAZETTE), article("Lune Valley Post", POST)])
    whole = matching.ClaimSimilarity(claims, floor=0.1).pairs
    monkeypatch.setattr(matching, "SIMILARITY_BLOCK", 2)
    assert matching.ClaimSimilarity(claims, floor=0.1).pairs == pytest.approx(whole)
    assert whole  # the two accounts of the landslide are close


def test_a_storyline_comparison_joins_its_stories(article: MakeArticle) -> None:
    from newsweave.reports.compare.comparison import merge_comparisons

    first = compare_articles(
        "a", "Landslide", [article("Orvik Gazette", GAZETTE), article("Lune Valley Post", POST)]
    )
    second = compare_articles(
        "b",
        "Reopening",
        [article("Orvik Gazette", "The coastal railway reopened on Friday, the operator said.")],
    )
    line = merge_comparisons("line", "Coastal railway", [first, second])
    assert line.outlets == ("Lune Valley Post", "Orvik Gazette")
    assert len(line.facts) == len(first.facts) + len(second.facts)
    assert len(line.facts[0].outlets) == 2  # the shared fact first
    gazette = line.sourcing["Orvik Gazette"]
    parts = [c.sourcing["Orvik Gazette"] for c in (first, second)]
    assert gazette.named + gazette.anonymous == sum(p.named + p.anonymous for p in parts)
