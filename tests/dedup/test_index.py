"""Duplicate detection on made-up articles: exact copies, wire rewrites, shared quotes."""

from __future__ import annotations

import json
import random

import numpy as np
import pytest
from datasketch import MinHashLSH

from newsweave.dedup.index import (
    NUM_PERM,
    DuplicateIndex,
    DuplicateLink,
    DuplicateRecord,
    as_minhash,
    figures,
    figures_agree,
    text_hash,
)

WIRE = (
    "Crews in the harbour town of Velmora worked through the night on Tuesday to shore up "
    "the sea wall after a storm surge tore a forty metre gap in the old stone barrier.\n\n"
    "The mayor, Ilse Brandvik, said three streets near the fish market were flooded and "
    "that about sixty households had spent the night with relatives or in the school gym.\n\n"
    "Engineers from the regional water board arrived at dawn with two barges of granite "
    "blocks and said they expected to close the breach before the next spring tide.\n\n"
    "Fishermen said the damage to the quay would keep most of the fleet in port for at "
    "least a week, at the height of the herring season, costing the town dearly.\n\n"
    "The storm, which forecasters had named Orla, also brought down power lines across "
    "the northern peninsula, leaving some twelve thousand homes without electricity."
)

QUOTE = '"We will rebuild the wall stone by stone, and we will do it together," Brandvik said.'


def rewrite_of_wire() -> str:
    paragraphs = WIRE.split("\n\n")
    # A syndicating outlet cuts the last paragraph, adds its own, and wraps furniture.
    return "\n\n".join(
        [
            "Velmora Coast Herald - Local News",
            *paragraphs[:4],
            "The Herald has asked readers to send photographs of the flooding to our desk.",
            "Share this article",
        ]
    )


def unrelated_with_quote() -> str:
    return (
        "The Velmora choir performed its winter concert on Saturday in the town hall, with "
        "a programme of sea shanties and carols chosen by the new conductor, Pia Holm.\n\n"
        f"{QUOTE} The mayor spoke after the concert about the spirit of the town.\n\n"
        "Tickets sold out within a day, and the choir plans a second evening in March "
        "with a guest orchestra from the capital and a children's chorus."
    )


def test_exact_duplicate_ignores_case_whitespace_and_punctuation() -> None:
    index = DuplicateIndex()
    assert index.add("a1", WIRE, outlet="Wire Service") is None
    shouted = WIRE.upper().replace(",", " ;").replace("\n\n", "\n")
    link = index.add("a2", shouted, outlet="Daily Gull")
    assert link == DuplicateLink("a2", "a1", "exact", 1.0)
    assert text_hash(WIRE) == text_hash(shouted)


@pytest.mark.parametrize(
    ("second", "linked"),
    [
        (rewrite_of_wire(), True),
        (unrelated_with_quote() + "\n\n" + QUOTE, False),
    ],
    ids=["syndicated-rewrite", "shared-quote-only"],
)
def test_near_duplicate_verification(second: str, linked: bool) -> None:
    index = DuplicateIndex()
    index.add("orig", "Storm tears gap in Velmora sea wall\n\n" + WIRE + "\n\n" + QUOTE,
              outlet="Wire Service")  # fmt: skip
    # Each outlet puts its own headline on top of the body.
    link = index.add("copy", "Velmora races to close breach\n\n" + second, outlet="Coast Herald")
    if linked:
        assert link is not None
        assert (link.original_id, link.kind) == ("orig", "near")
        assert link.similarity >= 0.5
        assert index.carriers("copy") == ("Coast Herald", "Wire Service")
    else:
        assert link is None
        assert index.group("copy") == ("copy",)


def test_links_point_to_the_earliest_original_and_syndication_is_listed() -> None:
    index = DuplicateIndex()
    index.add("first", WIRE, outlet="Wire Service")
    index.add("second", rewrite_of_wire(), outlet="Coast Herald")
    third = index.add("third", rewrite_of_wire() + "\n\nUpdated at noon.", outlet="Bay Post")
    assert third is not None and third.original_id == "first"
    assert index.group("third") == ("first", "second", "third")
    assert index.syndicated() == {"first": ("Bay Post", "Coast Herald", "Wire Service")}


def test_state_round_trip_through_json_rows() -> None:
    index = DuplicateIndex()
    links = []
    for article_id, text in [("x", WIRE), ("y", unrelated_with_quote()), ("z", rewrite_of_wire())]:
        link = index.add(article_id, text, outlet=article_id.upper())
        if link is not None:
            links.append(link.to_row())
    rows = json.loads(json.dumps([r.to_row() for r in index.records()]))
    restored = DuplicateIndex.from_rows(rows, json.loads(json.dumps(links)))
    assert [DuplicateRecord.from_row(r) for r in rows] == index.records()
    assert restored.group("z") == index.group("z") == ("x", "z")
    # The restored index keeps detecting: a fresh copy links to the same original.
    assert restored.add("w", WIRE.replace("Tuesday", "Wednesday")) == index.add(
        "w", WIRE.replace("Tuesday", "Wednesday")
    )
    assert restored.original_of("w") == "x"


CLAIMS = (
    "New applications for unemployment benefits in Pellara {verb} to {claims} in the week "
    "ending March {day}, the Pellaran labour office said on Thursday. Economists polled by "
    "the Harbor Ledger had expected {expected} claims. The four-week moving average, which "
    "smooths out volatility, was {average}. Continuing claims, a proxy for the number of "
    "people receiving benefits, stood at {continuing}. The labour office said no provinces "
    "reported unusual factors and that seasonal hiring at the ports had ended."
)


def claims_report(day: int, claims: str, expected: str, average: str, continuing: str) -> str:
    verb = "rose" if day % 2 else "fell"
    return CLAIMS.format(
        verb=verb, day=day, claims=claims, expected=expected, average=average,
        continuing=continuing,
    )  # fmt: skip


def test_a_report_on_last_weeks_template_is_not_a_duplicate() -> None:
    index = DuplicateIndex()
    index.add("week1", claims_report(7, "212,000", "215,000", "209,750", "1,804,000"))
    next_week = claims_report(14, "198,000", "210,000", "207,500", "1,779,000")
    # The shingles alone would link it: same template, a handful of words changed.
    words_only = DuplicateIndex()
    words_only.add("week1", claims_report(7, "1", "2", "3", "4"))
    assert words_only.add("week2", claims_report(14, "1", "2", "3", "4")) is not None
    assert index.add("week2", next_week) is None
    # The same report re-run with one figure revised, or with a local paragraph and its
    # own figures added, is still a copy of it.
    revised = claims_report(7, "213,000", "215,000", "209,750", "1,804,000")
    revised_link = index.add("revised", revised)
    assert revised_link is not None and revised_link.original_id == "week1"
    local = claims_report(7, "212,000", "215,000", "209,750", "1,804,000") + (
        " In Sarn, 1,240 people filed claims, up from 1,115, and 96 of them at the new office."
    )
    local_link = index.add("local", local)
    assert local_link is not None and local_link.original_id == "week1"


def test_figures_ignore_separators_and_old_rows_have_none() -> None:
    assert figures("Up 1,250 from 1250 to 3.5 in 2024, then 2024 again.") == ("1250", "3.5", "2024")
    assert figures_agree(("1", "2"), ("3", "4"))  # too few figures to judge
    assert not figures_agree(("1", "2", "3"), ("1", "5", "6", "7"))
    assert figures_agree(("1", "2", "3"), ("1", "2", "6", "7"))
    row = DuplicateIndex().make_record("a", WIRE).to_row()
    del row["figures"]
    assert DuplicateRecord.from_row(row).figures == ()


def test_records_come_back_whole_though_kept_without_signatures() -> None:
    # The index keeps each record's signature only in its signature rows; records()
    # must still give what make_record made, exact copies (no row of their own) too.
    index = DuplicateIndex()
    made = []
    for article_id, text in [
        ("x", WIRE),
        ("exact", WIRE.upper()),
        ("near", rewrite_of_wire()),
        ("empty", "  ...  "),
    ]:
        made.append(index.make_record(article_id, text))
        index.add_record(made[-1])
    assert index.group("exact") == ("x", "exact", "near")
    assert index.records() == made
    assert index._records["x"].signature == ()


def test_adding_an_id_twice_is_refused() -> None:
    index = DuplicateIndex()
    index.add("a", WIRE)
    with pytest.raises(ValueError, match="already indexed"):
        index.add("a", WIRE)


def estimated_jaccard(a: tuple[int, ...], b: tuple[int, ...]) -> float:
    return sum(x == y for x, y in zip(a, b, strict=True)) / len(a)


def estimated_containment(jaccard: float, size_a: int, size_b: int) -> float:
    overlap = jaccard * (size_a + size_b) / (1.0 + jaccard)
    return min(1.0, overlap / min(size_a, size_b))


def rounded(similarity: float) -> float:
    return float(np.round(similarity, 4))  # to 4 places as the index rounds


def _scalar_link(
    index: DuplicateIndex, lsh: MinHashLSH, record: DuplicateRecord
) -> DuplicateLink | None:
    """The link chosen candidate by candidate, among the candidates datasketch's own LSH
    proposes, with scalar estimates written out here (the index's banding and vectorised
    verification must pick exactly this)."""
    best: tuple[float, int, str] | None = None
    for candidate_id in lsh.query(as_minhash(record.signature)):
        other = index._with_signature(index._records[candidate_id])
        jaccard = estimated_jaccard(record.signature, other.signature)
        score: float | None = rounded(jaccard) if jaccard >= index.jaccard_threshold else None
        if score is None and min(record.n_shingles, other.n_shingles) >= 40:
            containment = estimated_containment(jaccard, record.n_shingles, other.n_shingles)
            score = rounded(containment) if containment >= 0.8 else None
        if score is not None and (best is None or (score, -other.seq) > best[:2]):
            best = (score, -other.seq, candidate_id)
    if best is None:
        return None
    return DuplicateLink(record.article_id, index.original_of(best[2]), "near", best[0])


def test_vectorised_verification_links_as_the_scalar_estimates_do() -> None:
    rng = random.Random(7)
    words = [f"{a}{b}" for a in ("tal", "ven", "mor", "quis", "dar") for b in "aeiouyrst"]
    pieces = [" ".join(rng.choices(words, k=rng.randint(30, 160))) for _ in range(12)]
    index = DuplicateIndex()
    lsh = MinHashLSH(threshold=0.3, num_perm=NUM_PERM)  # what DuplicateIndex bands like
    links = 0
    for n in range(400):
        base = rng.choice(pieces).split()
        # Copies with a stretch cut, some words changed and sometimes a paragraph added:
        # Jaccard and containment matches, near misses and unrelated texts.
        cut = rng.randint(0, len(base) // 3)
        start = rng.randint(0, len(base) - cut)
        copy = base[:start] + base[start + cut :]
        for _ in range(rng.randint(0, 12)):
            copy[rng.randrange(len(copy))] = rng.choice(words)
        if rng.random() < 0.3:
            copy += rng.choices(words, k=rng.randint(10, 80))
        record = index.make_record(f"a{n}", " ".join(copy))
        expected = _scalar_link(index, lsh, record)
        assert index.add_record(record) == expected
        if expected is None or expected.kind == "near":  # the index leaves exact copies out
            lsh.insert(record.article_id, as_minhash(record.signature))
        links += expected is not None
    assert 100 < links < 400  # both outcomes were exercised
