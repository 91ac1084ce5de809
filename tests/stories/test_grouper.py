"""Story grouping on made-up coverage: same event across outlets, distinct look-alike events."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from datetime import datetime, timedelta

import numpy as np
import pytest

from newsweave.stories.features import (
    StoryDoc,
    StoryFeatures,
    capitalised_phrases,
    feature_counts,
)
from newsweave.stories.grouper import GrouperConfig, StoryAssignment, StoryGrouper

QUAKE_2021 = [
    (
        "Strong earthquake shakes northern Taldoria",
        "A magnitude 6.4 earthquake struck near the mountain town of Qarvesh in northern "
        "Taldoria early on Monday, collapsing dozens of mud-brick homes. Taldorian rescue "
        "teams pulled survivors from the rubble in Qarvesh as aftershocks rattled the valley.",
    ),
    (
        "Qarvesh quake: death toll climbs as rescuers dig",
        "Rescuers in Qarvesh kept digging through collapsed homes after Monday's earthquake "
        "in northern Taldoria. The Taldorian interior ministry said the toll had risen and "
        "that field hospitals were set up outside Qarvesh for the injured.",
    ),
    (
        "Aid reaches Taldorian villages cut off by earthquake",
        "Convoys carrying tents and water reached villages around Qarvesh on Wednesday, two "
        "days after the earthquake hit northern Taldoria. Landslides had blocked the only "
        "road into the Qarvesh valley, the Taldorian red crescent said.",
    ),
    (
        "Taldoria mourns victims of Qarvesh earthquake",
        "Flags flew at half mast across Taldoria as funerals were held in Qarvesh for "
        "victims of the earthquake. Survivors in the Qarvesh valley described the shaking "
        "that flattened homes before dawn.",
    ),
]
QUAKE_2022 = [
    (
        "Earthquake hits coastal Ostrenia",
        "A magnitude 6.1 earthquake struck off the coast of Ostrenia near the port city of "
        "Miravel on Thursday, cracking buildings along the harbour. Ostrenian officials in "
        "Miravel said the sea wall held and no tsunami warning was issued.",
    ),
    (
        "Miravel counts damage after Ostrenia quake",
        "Engineers inspected cracked apartment blocks in Miravel a day after the earthquake "
        "off Ostrenia. The Ostrenian housing agency said hundreds of Miravel residents would "
        "sleep in sports halls until the buildings are declared safe.",
    ),
]
OUTLETS = ("Harbor Ledger", "Valley Courier", "Northern Post", "Daily Orbit")
# Unrelated coverage already in the corpus, so document frequencies mean something.
BACKGROUND = [
    (
        "Glassworks reopens in Brennick",
        "The old glassworks in Brennick reopened on Friday "
        "as a museum, with glassblowers showing visitors how bottles were made a century ago.",
    ),
    (
        "Council votes on tram line",
        "The Lussen city council voted to extend the tram line "
        "to the airport, after two years of debate over the cost and the route through town.",
    ),
    (
        "Striker signs for Harlow Rovers",
        "Harlow Rovers signed the striker Anto Pelle on a "
        "three-year contract, the club said, after he scored twenty goals last season.",
    ),
    (
        "Heatwave strains power grid",
        "Operators of the Vessland power grid asked homes to cut "
        "use in the evening as a heatwave pushed demand for air conditioning to a record.",
    ),
    (
        "Library fines abolished",
        "Public libraries in Corvan will stop charging late fines "
        "from next month, hoping to bring back readers who stayed away over unpaid fees.",
    ),
]


def background_docs() -> list[StoryDoc]:
    return [StoryDoc(f"bg-{i}", t, x, None, "Daily Orbit") for i, (t, x) in enumerate(BACKGROUND)]


# Like real follow-ups, each 2021 piece restates the key facts of the event.
QUAKE_2021_RECAP = (
    " The magnitude 6.4 quake, centred in the mountains north of Qarvesh, was the strongest "
    "to hit Taldoria in decades, the Taldorian seismology institute said."
)


def quake_docs() -> list[StoryDoc]:
    start_2021 = datetime(2021, 3, 1, 6, 0)
    start_2022 = datetime(2022, 3, 10, 9, 0)
    docs = [
        StoryDoc(
            f"q21-{i}", t, x + QUAKE_2021_RECAP, start_2021 + timedelta(days=i * 0.8), OUTLETS[i]
        )
        for i, (t, x) in enumerate(QUAKE_2021)
    ]
    docs += [
        StoryDoc(f"q22-{i}", t, x, start_2022 + timedelta(days=i), OUTLETS[i])
        for i, (t, x) in enumerate(QUAKE_2022)
    ]
    return docs


def partition(grouper: StoryGrouper) -> set[frozenset[str]]:
    groups: dict[str, set[str]] = {}
    for article, story in grouper.assignments().items():
        groups.setdefault(story, set()).add(article)
    return {frozenset(members) for members in groups.values()}


@pytest.mark.parametrize("reverse", [False, True], ids=["in-order", "reversed"])
def test_same_event_across_outlets_is_one_story_and_look_alike_events_are_two(
    reverse: bool,
) -> None:
    grouper = StoryGrouper()
    docs = quake_docs()
    for doc in background_docs() + (docs[::-1] if reverse else docs):
        grouper.add(doc)
    assert partition(grouper) - {frozenset({f"bg-{i}"}) for i in range(len(BACKGROUND))} == {
        frozenset({"q21-0", "q21-1", "q21-2", "q21-3"}),
        frozenset({"q22-0", "q22-1"}),
    }
    story = grouper.story(grouper.story_of("q21-2"))
    assert story.outlets == tuple(sorted(OUTLETS))
    assert story.start == datetime(2021, 3, 1, 6, 0)
    assert story.end is not None and (story.end - story.start).days == 2
    assert story.title in {t for t, _ in QUAKE_2021}


def test_dates_keep_apart_two_identical_kinds_of_event_a_year_apart() -> None:
    grouper = StoryGrouper()
    text = (
        "Storm Vela flooded the riverside market of Dunmore on {day}, and the Dunmore "
        "council opened sandbag depots along the Aller river as water kept rising."
    )
    first = grouper.add(
        StoryDoc(
            "a", "Dunmore floods", text.format(day="Friday"), datetime(2020, 10, 2), "Harbor Ledger"
        )
    )
    again = grouper.add(
        StoryDoc(
            "b",
            "Dunmore floods again",
            text.format(day="Sunday"),
            datetime(2021, 10, 3),
            "Valley Courier",
        )
    )
    same_week = grouper.add(
        StoryDoc(
            "c",
            "Dunmore flooding",
            text.format(day="Saturday"),
            datetime(2020, 10, 3),
            "Daily Orbit",
        )
    )
    assert first.story_id != again.story_id
    assert same_week.story_id == first.story_id and not same_week.created


SHUTDOWN_TALKS = (
    "Talks to end the Ostrenian government shutdown collapsed on {when} when Senate "
    "leaders rejected the treasury's budget offer over border spending."
)
SHUTDOWN_PARKS = (
    "Park rangers unpaid since the Ostrenian government shutdown began closed three national "
    "parks on {when}, as Senate leaders and the treasury stayed apart over the budget."
)


def shutdown_edge(config: GrouperConfig, first: str, second: str, *, dated: bool) -> float:
    """The edge the parks report makes to the talks report, the two naming ``first``
    and ``second`` as the day of their event."""
    grouper = StoryGrouper(config)
    for doc in background_docs():
        grouper.add(doc)
    day = datetime(2024, 1, 9) if dated else None
    grouper.add(StoryDoc("talks", "Talks collapse", SHUTDOWN_TALKS.format(when=first), day))
    later = None if day is None else day + timedelta(days=3)
    parks = grouper.add(StoryDoc("parks", "Parks close", SHUTDOWN_PARKS.format(when=second), later))
    return dict(parks.features.neighbours)["talks"]


@pytest.mark.parametrize("max_features", [300, 3])
@pytest.mark.parametrize(
    ("first", "second", "factor"),
    [
        ("Tuesday", "Friday", "weekday_conflict"),
        ("early October", "early December", "month_conflict"),
    ],
)
def test_undated_reports_naming_different_days_or_months_are_less_alike(
    first: str, second: str, factor: str, max_features: int
) -> None:
    """NeuS has no dates: two stories of a shutdown weeks apart differ in the day or month
    they name. With both dates known the time factor speaks instead, and a story's
    follow-ups name other days, so the factor is not applied. A day named once still
    counts when the article has more features than the grouper keeps (``max_features``
    3 stands in for a long article)."""
    on = GrouperConfig(max_features=max_features)
    off = dataclasses.replace(on, **{factor: 1.0})
    conflict = getattr(on, factor)
    assert conflict < 1.0
    plain = shutdown_edge(off, first, second, dated=False)
    assert shutdown_edge(on, first, second, dated=False) == pytest.approx(
        plain * conflict, abs=1e-5
    )
    assert shutdown_edge(on, first, first, dated=False) == shutdown_edge(
        off, first, first, dated=False
    )
    assert shutdown_edge(on, first, second, dated=True) == shutdown_edge(
        off, first, second, dated=True
    )


def test_date_marks_are_kept_past_the_feature_cut() -> None:
    """A long article keeps its most frequent features, and every year, weekday and
    month it names however rarely: the date-mark factors need them."""
    filler = " ".join(f"zorvath{chr(97 + i // 26)}{chr(97 + i % 26)}" for i in range(40))
    doc = StoryDoc("long", "Dam", f"{filler} {filler} {filler} On Thursday in 2019 in June.")
    keys = dict(feature_counts(doc, max_features=10))
    assert len(keys) == 13
    assert {"w:thursday", "w:2019", "w:june"} <= keys.keys()
    assert sum(1 for key in keys if key.startswith("w:zorvath")) == 10


# Four reports of one speech, each close to the others: every one of them is a hub,
# near to anything else that mentions the shutdown and the premier.
PREMIER_SPEECH = [
    (
        "Halvik attacks opposition over Ostrenian shutdown",
        "Premier Halvik attacked the opposition as the Ostrenian government shutdown dragged "
        "on, saying the budget standoff was their doing.",
    ),
    (
        "Halvik blames opposition for shutdown",
        "Premier Halvik blamed the opposition for the Ostrenian government shutdown in a "
        "televised address, calling their budget demands reckless.",
    ),
    (
        "Ostrenian premier lashes out as shutdown drags on",
        "Premier Halvik lashed out at the opposition over the budget, as the Ostrenian "
        "government shutdown entered its second week.",
    ),
    (
        "Halvik: opposition to blame for shutdown",
        "The opposition alone is to blame for the Ostrenian government shutdown, Premier "
        "Halvik told supporters, vowing not to bend on the budget.",
    ),
]


def parks_edge(config: GrouperConfig) -> tuple[tuple[str, float], ...]:
    """The edges of a report on closed parks that also quotes the premier, arriving
    after the speech reports and one earlier report on the parks."""
    grouper = StoryGrouper(config)
    docs = [
        *background_docs(),
        *(StoryDoc(f"speech-{i}", t, x) for i, (t, x) in enumerate(PREMIER_SPEECH)),
        StoryDoc(
            "rangers",
            "Ostrenian park rangers go unpaid in shutdown",
            "Park rangers have gone unpaid since the Ostrenian government shutdown began, "
            "and three national parks closed their gates.",
        ),
        StoryDoc(
            "parks",
            "Shutdown closes Ostrenian parks as Halvik blames opposition",
            "Three national parks shut their gates as rangers went unpaid in the Ostrenian "
            "government shutdown; Premier Halvik blamed the opposition.",
        ),
    ]
    assignments = [grouper.add(doc) for doc in docs]
    return assignments[-1].features.neighbours


def test_an_edge_goes_past_a_hub_to_a_report_as_close_that_is_near_nothing_else() -> None:
    one_edge = dataclasses.replace(GrouperConfig(), neighbours=1)
    plain = parks_edge(dataclasses.replace(one_edge, hub_penalty=0.0))
    chosen = parks_edge(one_edge)
    assert plain[0][0].startswith("speech-") and chosen[0][0] == "rangers"
    # Plainly the speech report is closer, but only a little: the penalty picks, it does
    # not overrule a clear winner, and the edge keeps its plain similarity.
    assert plain[0][1] - chosen[0][1] < 0.1
    assert dict(parks_edge(GrouperConfig()))["rangers"] == chosen[0][1]


RESCUE = (
    "Coastguard boats from Kessel island rescued forty passengers from the capsized ferry "
    "Lumen in heavy swell, lifting survivors by helicopter from the overturned hull."
)
INQUIRY = (
    "Maritime prosecutors in Port Aubrac opened an inquiry into the operator Nordwave, "
    "seizing logbooks and questioning the captain about overloading and ignored warnings."
)


def test_a_bridging_article_merges_two_stories() -> None:
    grouper = StoryGrouper()
    a = grouper.add(StoryDoc("rescue", "Forty rescued from capsized ferry", RESCUE))
    b = grouper.add(StoryDoc("inquiry", "Prosecutors open inquiry into Nordwave", INQUIRY))
    assert a.story_id != b.story_id
    bridge = grouper.add(
        StoryDoc("bridge", "Ferry Lumen capsized; Nordwave under inquiry", RESCUE + " " + INQUIRY)
    )
    assert not bridge.created
    ((absorbed, survivor),) = bridge.merged
    assert survivor == bridge.story_id and {absorbed, survivor} == {a.story_id, b.story_id}
    assert absorbed not in grouper.story_ids() and bridge.changed == ()
    assert partition(grouper) == {frozenset({"rescue", "inquiry", "bridge"})}
    assert grouper.story_ids() == [bridge.story_id]


def test_incremental_with_a_restart_equals_one_run() -> None:
    docs = [
        *quake_docs(),
        StoryDoc("rescue", "Forty rescued from capsized ferry", RESCUE, None, "Daily Orbit"),
        StoryDoc("inquiry", "Prosecutors open inquiry", INQUIRY, None, "Northern Post"),
    ]
    one_run = StoryGrouper()
    for doc in docs:
        one_run.add(doc)

    first_half = StoryGrouper()
    rows = [first_half.add(doc).features.to_row() for doc in docs[:4]]
    restored = StoryGrouper.from_rows(json.loads(json.dumps(rows)), first_half.assignments())
    later = [restored.add(doc) for doc in docs[4:]]

    assert restored.assignments() == one_run.assignments()
    assert [s.story_id for s in later] == [one_run.story_of(d.article_id) for d in docs[4:]]
    assert restored.stories() == one_run.stories()


def test_feature_rows_round_trip() -> None:
    grouper = StoryGrouper()
    doc = quake_docs()[0]
    features = grouper.add(doc).features
    row = json.loads(json.dumps(features.to_row()))
    assert StoryFeatures.from_row(row) == features
    assert features.published == doc.published
    assert any(key.startswith("e:") for key, _ in features.counts)


def test_ner_names_replace_the_capitalised_phrase_heuristic() -> None:
    assert "Qarvesh" in capitalised_phrases(QUAKE_2021[0][1])
    assert "Rescue" not in " ".join(capitalised_phrases("Rescue teams came. They dug."))
    grouper = StoryGrouper()
    with_ner = grouper.add(
        StoryDoc("n", "Quake", QUAKE_2021[0][1], entities=("Qarvesh", "Taldoria"))
    ).features
    keys = {key for key, _ in with_ner.counts if key.startswith("e:")}
    assert keys == {"e:qarvesh", "e:taldoria"}


def test_adding_an_article_twice_is_refused() -> None:
    grouper = StoryGrouper()
    grouper.add(quake_docs()[0])
    with pytest.raises(ValueError, match="already grouped"):
        grouper.add(quake_docs()[0])


def clustering_similarity(edge: float, config: GrouperConfig) -> float:
    """What the local clustering compares for two articles joined by one edge and no
    other: the edge blended with the overlap of their neighbour lists, {self: 1, other:
    edge} each, whose cosine is 2 * edge / (1 + edge ** 2)."""
    a = config.second_order_weight
    return (1.0 - a) * edge + a * 2.0 * edge / (1.0 + edge**2)


def test_a_follow_up_published_the_next_day_clears_a_bar_an_undated_one_misses() -> None:
    day = datetime(2025, 5, 6, 8, 0)
    first = StoryDoc("rescue", "Forty rescued from capsized ferry", RESCUE, day, "Harbor Ledger")

    def follow_up(published: datetime | None) -> StoryDoc:
        text = RESCUE[:120] + " " + INQUIRY
        return StoryDoc("inquiry", "Nordwave ferry inquiry", text, published)

    probe = StoryGrouper(GrouperConfig(cluster_threshold=0.0))
    probe.add(first)
    undated_score = probe.add(follow_up(None)).score
    assert 0.0 < undated_score < 1.0

    bar = clustering_similarity(undated_score, GrouperConfig()) * 1.05
    config = GrouperConfig(cluster_threshold=bar)
    undated, dated = StoryGrouper(config), StoryGrouper(config)
    undated.add(first)
    dated.add(first)
    assert undated.add(follow_up(None)).created
    joined = dated.add(follow_up(day + timedelta(days=1)))
    assert not joined.created
    # One day into a three-day grace: two thirds of the same-time bonus.
    expected = undated_score * (1.0 + config.same_time_bonus * (1.0 - 1.0 / 3.0))
    assert joined.score == pytest.approx(expected, abs=1e-6)  # edges are kept to 6 places


def _unit(seed: int) -> np.ndarray:
    vector = np.random.default_rng(seed).normal(size=384).astype(np.float32)
    return vector / np.linalg.norm(vector)


PARAPHRASE = (
    "Passengers from the overturned vessel were hauled aboard lifeboats; coastguard "
    "crews say two sailors remain unaccounted for after the night-time sinking."
)


def test_embeddings_join_paraphrases_that_share_few_words() -> None:
    def pair(first: np.ndarray | None, second: np.ndarray | None) -> StoryGrouper:
        grouper = StoryGrouper()
        grouper.add(StoryDoc("a", "Forty rescued from capsized ferry", RESCUE, embedding=first))
        grouper.add(
            StoryDoc("b", "Lifeboats pull survivors from sea", PARAPHRASE, embedding=second)
        )
        return grouper

    assert len(pair(None, None).story_ids()) == 2  # too few shared words on their own
    assert len(pair(_unit(1), _unit(1)).story_ids()) == 1  # same meaning: one story
    assert len(pair(_unit(1), _unit(2)).story_ids()) == 2  # unrelated meanings stay apart
    assert len(pair(_unit(1), None).story_ids()) == 2  # one side without: words alone


def test_a_restart_with_embeddings_continues_exactly() -> None:
    docs = [dataclasses.replace(doc, embedding=_unit(i % 3)) for i, doc in enumerate(quake_docs())]
    one_run = StoryGrouper()
    scores = [one_run.add(doc).score for doc in docs]

    first_half = StoryGrouper()
    rows = [first_half.add(doc).features.to_row() for doc in docs[:3]]
    assert all(isinstance(row["embedding"], str) for row in rows)  # stored, compactly
    restored = StoryGrouper.from_rows(json.loads(json.dumps(rows)), first_half.assignments())
    assert [restored.add(doc).score for doc in docs[3:]] == scores[3:]
    assert restored.assignments() == one_run.assignments()
    restored_row = StoryFeatures.from_row(json.loads(json.dumps(rows[0])))
    assert restored_row.embedding is not None
    assert np.allclose(restored_row.embedding, _unit(0), atol=1e-3)


def replay(assignments: list[StoryAssignment]) -> dict[str, str]:
    """The article -> story map a store keeps by applying each assignment's changes:
    merges first, then moves, then the new article."""
    story_of: dict[str, str] = {}
    for a in assignments:
        into = dict(a.merged)
        for article, story in story_of.items():
            story_of[article] = into.get(story, story)
        story_of.update(a.moved)
        story_of[a.article_id] = a.story_id
        assert not set(story_of.values()) & set(into)  # absorbed stories are gone
    return story_of


def mixed_docs() -> list[StoryDoc]:
    return [
        *background_docs(),
        *quake_docs(),
        StoryDoc("rescue", "Forty rescued from capsized ferry", RESCUE, None, "Daily Orbit"),
        StoryDoc("inquiry", "Prosecutors open inquiry into Nordwave", INQUIRY),
        StoryDoc("bridge", "Ferry Lumen capsized; Nordwave under inquiry", RESCUE + " " + INQUIRY),
    ]


VELA_FLOODS = [
    (
        "Storm Vela floods Dunmore market",
        "Storm Vela flooded the riverside market of Dunmore, and the Dunmore council opened "
        "sandbag depots along the Aller river as water kept rising.",
    ),
    (
        "Dunmore traders count losses after Vela",
        "Market traders in Dunmore counted their losses after Storm Vela sent the Aller river "
        "over its banks, ruining stock in dozens of riverside stalls.",
    ),
    (
        "Aller river falls as Vela moves east",
        "The Aller river began to fall in Dunmore as Storm Vela moved east, and council crews "
        "cleared mud from the flooded market square.",
    ),
]
# Another storm in the same town: its first report shares the market and the river with
# the Vela coverage, so it joins that story until the rest of its own coverage arrives.
ORLA_FLOODS = [
    (
        "Storm Orla floods Dunmore and sweeps away Kelby footbridge",
        "Storm Orla flooded the riverside market of Dunmore and swept away the Kelby "
        "footbridge, leaving the Kelby estate cut off; engineers said a temporary crossing "
        "would take weeks.",
    ),
    (
        "Kelby footbridge swept away by Storm Orla",
        "Storm Orla swept away the Kelby footbridge, cutting off the Kelby estate; engineers "
        "said a temporary crossing would take weeks.",
    ),
    (
        "Kelby estate cut off after Orla",
        "Residents of the Kelby estate queued for a ferry across the Aller after Storm Orla "
        "destroyed the Kelby footbridge, the only crossing.",
    ),
]


def flood_docs() -> list[StoryDoc]:
    return [
        *background_docs(),
        *(StoryDoc(f"vela-{i}", t, x) for i, (t, x) in enumerate(VELA_FLOODS)),
        *(StoryDoc(f"orla-{i}", t, x) for i, (t, x) in enumerate(ORLA_FLOODS)),
        *quake_docs(),
    ]


def test_an_early_wrong_join_is_undone_when_the_rest_of_its_event_arrives() -> None:
    grouper = StoryGrouper()
    assignments = {doc.article_id: grouper.add(doc) for doc in flood_docs()}
    vela = assignments["vela-0"].story_id
    assert assignments["orla-0"].story_id == vela  # the wrong join, on what it had then
    undo = assignments["orla-1"]
    assert undo.created and undo.moved == (("orla-0", undo.story_id),)
    assert undo.changed == (vela,) and undo.merged == ()
    assert {frozenset(f"vela-{i}" for i in range(3)), frozenset(f"orla-{i}" for i in range(3))} <= (
        partition(grouper)
    )


def test_moves_are_reported_and_a_restart_after_them_continues_exactly() -> None:
    docs = flood_docs()
    one_run = StoryGrouper()
    assignments = [one_run.add(doc) for doc in docs]
    move = next(i for i, a in enumerate(assignments) if a.moved)
    assert replay(assignments) == one_run.assignments()

    rows = [a.features.to_row() for a in assignments[: move + 1]]
    restored = StoryGrouper.from_rows(json.loads(json.dumps(rows)), replay(assignments[: move + 1]))
    later = [restored.add(doc) for doc in docs[move + 1 :]]
    assert later == assignments[move + 1 :]
    assert restored.stories() == one_run.stories()


FURNITURE = "Sign up for our morning briefing, delivered to your inbox before 7am."


def syndicated(doc: StoryDoc, copy: int) -> StoryDoc:
    """A wire copy as another outlet runs it: same report, its own furniture line."""
    return dataclasses.replace(
        doc,
        article_id=f"{doc.article_id}-copy{copy}",
        text=doc.text + " " + FURNITURE,
        outlet=f"Wire Subscriber {copy}",
    )


def flood_docs_with_a_copy() -> list[StoryDoc]:
    docs = flood_docs()
    at = next(i for i, doc in enumerate(docs) if doc.article_id == "orla-0")
    return [*docs[: at + 1], syndicated(docs[at], 0), *docs[at + 1 :]]


def test_syndicated_copies_join_their_story_and_stay_out_of_the_graph() -> None:
    # A wire report re-run by a dozen outlets before the other reports of its event
    # arrive: as graph nodes, the copies would take every edge of the later reports
    # (each keeps only its ten strongest), leaving them no neighbours in common with
    # reports that are not copies.
    grouper = StoryGrouper()
    docs = quake_docs()
    first, rest = docs[0], docs[1:]
    copies = [syndicated(first, c) for c in range(12)]
    arrivals = [*background_docs(), first, *copies, *rest]
    assignments = {doc.article_id: grouper.add(doc) for doc in arrivals}
    story = assignments["q21-0"].story_id
    for copy in copies:
        assert assignments[copy.article_id].features.copy_of == "q21-0"
        assert assignments[copy.article_id].story_id == story
        assert grouper.state._earlier[grouper.state._number_of[copy.article_id]] == {}
    for report in ("q21-1", "q21-2", "q21-3"):
        assert assignments[report].story_id == story
        assert assignments[report].features.copy_of is None
        assert not {a for a, _ in assignments[report].features.neighbours} & {
            c.article_id for c in copies
        }
    assert grouper.story_of("q22-0") != story
    assert set(grouper.story(story).outlets) >= {c.outlet for c in copies}


def test_copies_move_with_the_article_they_copy() -> None:
    grouper = StoryGrouper()
    assignments = {doc.article_id: grouper.add(doc) for doc in flood_docs_with_a_copy()}
    assert assignments["orla-0-copy0"].story_id == assignments["vela-0"].story_id
    undo = assignments["orla-1"]
    assert undo.moved == (("orla-0", undo.story_id), ("orla-0-copy0", undo.story_id))
    assert grouper.story_of("orla-0-copy0") == grouper.story_of("orla-2") == undo.story_id


def test_a_linked_duplicate_is_a_copy_whatever_its_headline_and_date() -> None:
    # Dedup linked it (its body is the wire report), but a new headline, an added
    # paragraph and a re-run two months later keep its cosine and time factor far
    # below what makes a copy on its own.
    grouper = StoryGrouper()
    docs = quake_docs()
    assignments = [grouper.add(doc) for doc in [*background_docs(), *docs]]
    first = docs[0]
    assert first.published is not None
    rerun = dataclasses.replace(
        first,
        article_id="q21-0-rerun",
        title="Looking back: the night the mountains moved",
        text=first.text + " " + BACKGROUND[0][1],
        published=first.published + timedelta(days=60),
        outlet="Sunday Review",
        duplicate_of="q21-0",
    )
    plain = StoryGrouper()
    for doc in [*background_docs(), *docs]:
        plain.add(doc)
    unlinked = plain.add(dataclasses.replace(rerun, duplicate_of=None))
    assert unlinked.features.copy_of is None
    assert unlinked.story_id != plain.story_of("q21-0")

    linked = grouper.add(rerun)
    assignments.append(linked)
    story = grouper.story_of("q21-0")
    assert linked.features.copy_of == "q21-0" and linked.story_id == story
    assert linked.features.neighbours == () and 0.0 < linked.score < 0.9
    # A duplicate of that duplicate copies the same node. A link to an article the
    # grouper does not have leaves the cosine test to decide (here: a verbatim copy).
    again = grouper.add(dataclasses.replace(rerun, article_id="again", duplicate_of="q21-0-rerun"))
    assert again.features.copy_of == "q21-0" and again.story_id == story
    stray = grouper.add(dataclasses.replace(docs[1], article_id="stray", duplicate_of="gone"))
    assert stray.features.copy_of == "q21-1"
    # The link is kept as copy_of, so a rebuild from stored rows needs no dedup index.
    assignments += [again, stray]
    rows = json.loads(json.dumps([a.features.to_row() for a in assignments]))
    rebuilt = StoryGrouper.from_rows(rows, grouper.assignments())
    assert rebuilt.stories() == grouper.stories()


@pytest.mark.parametrize(
    "docs", [mixed_docs, flood_docs, flood_docs_with_a_copy], ids=["merges", "moves", "copies"]
)
def test_records_and_graph_after_merges_and_moves_equal_a_rebuild(
    docs: Callable[[], list[StoryDoc]],
) -> None:
    # Merges and moves update story records and members in place; a rebuild from stored
    # rows replays them in arrival order. They must agree exactly, or a restarted run
    # would drift from an unbroken one.
    # Some articles without an embedding, so blended and plain edges are both stored.
    with_embeddings = [
        dataclasses.replace(doc, embedding=None if i % 4 == 3 else _unit(i % 3))
        for i, doc in enumerate(docs())
    ]
    grouper = StoryGrouper()
    assignments = [grouper.add(doc) for doc in with_embeddings]
    assert any(a.moved for a in assignments) or any(a.merged for a in assignments)

    rows = json.loads(json.dumps([a.features.to_row() for a in assignments]))
    rebuilt = StoryGrouper.from_rows(rows, grouper.assignments())
    assert rebuilt.story_ids() == grouper.story_ids()
    assert grouper.stories() == rebuilt.stories()
    assert (
        grouper.state._earlier == rebuilt.state._earlier
        and grouper.state._later == rebuilt.state._later
    )
    by_id = {doc.article_id: doc for doc in with_embeddings}
    for story in grouper.stories():
        members = [by_id[a] for a in story.article_ids]
        dates = [d.published for d in members if d.published is not None]
        assert (story.start, story.end) == ((min(dates), max(dates)) if dates else (None, None))
        assert story.outlets == tuple(sorted({d.outlet for d in members if d.outlet}))
    for story_id in grouper.story_ids():
        assert grouper.state._stories[story_id].members == rebuilt.state._stories[story_id].members


HEADLINE = "Nordwave ferry inquiry hears from the crew of the Lumen"


def test_a_story_running_for_months_stays_one_story() -> None:
    # The same report re-run every three days for nine months: each run is a near-copy
    # of the first, and the first stays as recent as its latest copy, so no run is too
    # far from it in time to join.
    grouper = StoryGrouper()
    for doc in background_docs():
        grouper.add(doc)
    start = datetime(2023, 1, 1, 8, 0)
    running = [
        StoryDoc(
            f"ferry-{day}",
            "Live: latest updates" if day % 10 == 0 else HEADLINE,
            RESCUE + " " + INQUIRY,
            start + timedelta(days=day * 3),
            OUTLETS[day % len(OUTLETS)],
        )
        for day in range(90)
    ]
    assignments = [grouper.add(doc) for doc in running]
    assert len({grouper.story_of(doc.article_id) for doc in running}) == 1
    story = grouper.story(assignments[-1].story_id)
    assert (story.start, story.end) == (running[0].published, running[-1].published)
    assert story.outlets == tuple(sorted(OUTLETS))
    assert story.title == HEADLINE  # the most central headline, not a live-blog label
