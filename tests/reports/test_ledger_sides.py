"""The ledger's sides as the comparison's sourcing lookup."""

from __future__ import annotations

from newsweave.reports.ledger import Ledger, LedgerSpeaker, Side
from newsweave.reports.ledger_sides import side_label, sides_by_form


def _speaker(name: str, side: Side, *forms: str) -> LedgerSpeaker:
    return LedgerSpeaker(name, None, side, False, (), forms)


def test_labels_name_country_and_camp_else_the_organisation() -> None:
    assert side_label(Side(country="Estravia", camp="government")) == "Estravia government"
    assert side_label(Side(camp="opposition", organisation="Harbour Board")) == "opposition"
    assert side_label(Side(organisation="Civil Protection Agency")) == "Civil Protection Agency"


def test_every_form_maps_to_the_side_and_speakers_without_one_are_left_out() -> None:
    ledger = Ledger(
        "s1",
        "Dam breach",
        (
            _speaker("Jonas Meury", Side(organisation="Civil Protection Agency"), "Mr Meury"),
            _speaker("the agency spokeswoman", Side(country="Estravia"), "The spokeswoman"),
            _speaker("Ilse Varga", Side()),
        ),
        0,
    )
    lookup = sides_by_form(ledger)
    assert lookup["Mr Meury"] == lookup["Jonas Meury"] == "Civil Protection Agency"
    assert lookup["spokeswoman"] == lookup["agency spokeswoman"] == "Estravia"
    assert "Ilse Varga" not in lookup
