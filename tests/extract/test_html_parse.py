"""Parsing bounds what extraction may cost: the text a tree holds, times the depth it
sits at, stays within a budget (trafilatura takes every element's text content in turn),
while real pages keep their structure. The pages are invented."""

from __future__ import annotations

from lxml.html import HtmlElement

from newsweave.extract.html.decode import TEXT_DEPTH_BUDGET, parse_html, prepare_html

# One block of a page whose template lost a </div>: repeated, each copy sits one level
# deeper than the one before (as a scraper's repeated slice of such a page does).
UNCLOSED_BLOCK = (
    '<div class="spacer"><strong>Planning the Tollen crossing</strong>'
    "<p>The harbour’s survey of the estuary channel will take a fortnight, and sailings"
    " stay suspended until divers have checked every mooring, the harbour master said,"
    " adding that the charts of the sandbank would be redrawn before the next run.</p>"
    '<section class="cta"><div class="row"><h4>Plan your trip</h4>'
    '<a href="/timetables">See timetables</a></div></section>'
)


def text_times_depth(tree: HtmlElement) -> int:
    """What taking every element's text content costs, in characters."""
    return sum(len(element.text_content()) for element in tree.iter())


def test_text_nested_hundreds_deep_is_flattened_within_the_budget() -> None:
    # 1,800 copies: 400 deep after the parser (deeper parts were already flattened).
    # Before the budget the sum came to 190 million characters here; on a page with
    # twice the text a level, one trafilatura pass took 1.7 GB.
    last = "The last copy of the block ends the page."
    page = f"<html><body><main>{UNCLOSED_BLOCK * 1_800}<p>{last}</p></main></body></html>"
    tree = parse_html(prepare_html(page))
    assert text_times_depth(tree) <= TEXT_DEPTH_BUDGET
    text = tree.text_content()
    assert text.count("Planning the Tollen crossing") == 1_800  # flattened, not dropped
    assert last in text


def test_a_real_pages_nesting_is_left_as_it_is() -> None:
    nested = "<div>" * 300 + "<p>A deeply nested note about the timetable.</p>" + "</div>" * 300
    page = f"<html><body><article>{UNCLOSED_BLOCK * 20}{nested}</article></body></html>"
    tree = parse_html(prepare_html(page))
    notes = [p for p in tree.iter("p") if "deeply nested note" in (p.text or "")]
    assert len(notes) == 1 and len(list(notes[0].iterancestors())) > 300
