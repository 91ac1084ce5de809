"""A small, fast language guesser: Unicode script first, then stop-word profiles.

No model files, no network: a document is classified by the script most of its
letters are written in, and, for Latin-script text, by which language's most common
function words it uses most. That is enough to tell the languages a news pipeline
meets apart, and it runs in microseconds on an article.
"""

from __future__ import annotations

import re
from collections import Counter

# Below this many letters (non-Latin) or function-word hits (Latin) we do not guess.
MIN_SCRIPT_LETTERS = 12
MIN_STOPWORD_HITS = 3
# Only the opening of a long text is read: more adds time, not accuracy.
SAMPLE_CHARS = 6000


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Very frequent function words per language. Words that several languages share
# ("de", "a", "la", "in") are kept: scoring is by total share, and the words
# unique to one language tip the balance.
STOPWORDS: dict[str, frozenset[str]] = {
    "en": _words(
        "the and of to is in that it was for on are with as his they be at this have from"
        " or had by not but what were when there which their said would been has will"
        " who more its about after than into could them these also over"
    ),
    "de": _words(
        "der die und das ist nicht ein eine zu den von mit sich des auf für im dem auch"
        " es wird wie bei aus nach einer werden sind noch hat wurde oder über dass aber"
        " vor nur einen zum zur sie er ich"
    ),
    "fr": _words(
        "le la les de des et est une un du que qui dans pour pas sur au avec il ce ne se"
        " sont plus par elle été aux cette mais ont ses leur comme nous vous être fait"
        " très"
    ),
    "es": _words(
        "el la los las de del y que en un una es por con para se no su al lo como más"
        " pero sus le ha fue este esta son entre también desde está muy sin sobre hay"
        " ya"
    ),
    "it": _words(
        "il la di che e è un una per non del della in le gli si con sono da dei delle"
        " nel alla anche ha come più ma questo questa lo dal stato essere sul negli"
        " degli"
    ),
    "nl": _words(
        "de het een en van in is dat op te zijn niet met voor er die aan ook als bij"
        " door maar om naar dan wordt werd nog heeft hij ze wat deze uit over zich"
        " kan"
    ),
    "pt": _words(
        "o a os as de do da dos das e que em um uma é para com não por se no na nos nas"
        " mais mas ao foi como seu sua ele ela também são pelo pela já está"
    ),
    "sv": _words(
        "och i att det som en på är av för med till den har de inte om ett han men var"
        " jag sig från vi så kan man när år också efter skulle hade eller detta"
    ),
    "pl": _words(
        "i w na z że się nie do to jest jak o co ale po przez dla od jego tak są już był"
        " była było które który która oraz tym także może jednak przy"
    ),
    "da": _words(
        "og i at det er en til på som de med af for ikke den har et der var jeg han men"
        " om fra vi så kan efter også skal blev eller være"
    ),
    "no": _words(
        "og i er det som en på til å av for med har de ikke den et var jeg han men om fra"
        " vi så kan etter også skal ble eller være ikkje"
    ),
    "fi": _words(
        "ja on ei että se oli hän ovat mutta kun myös tai joka sen niin kuin mukaan ole"
        " vain jo nyt sekä jotka olla tämä hänen"
    ),
    "cs": _words(
        "a v se na je že s z do to i o k ve jako by pro ale jsou byl jeho už podle také"
        " po jsem které který která nebo při"
    ),
    "ro": _words(
        "și în de la a cu pe care din este un o că nu se să mai au fost pentru sau ca"
        " dar acest această sunt iar"
    ),
    "tr": _words(
        "ve bir bu da de için ile olarak çok daha gibi ama en o ne var olan sonra kadar"
        " ise değil her göre şu"
    ),
    "id": _words(
        "yang dan di ini itu dengan untuk dari dalam tidak akan pada juga ke karena ada"
        " oleh telah sudah bisa atau mereka kami"
    ),
}

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)

# Scripts that (nearly) identify a language on their own; (first, last) code points.
_SCRIPT_BLOCKS: tuple[tuple[int, int, str], ...] = (
    (0x0370, 0x03FF, "el"),
    (0x1F00, 0x1FFF, "el"),
    (0x0400, 0x04FF, "cyrillic"),
    (0x0590, 0x05FF, "he"),
    (0x0600, 0x06FF, "arabic"),
    (0x0750, 0x077F, "arabic"),
    (0x0900, 0x097F, "hi"),
    (0x0980, 0x09FF, "bn"),
    (0x0B80, 0x0BFF, "ta"),
    (0x0E00, 0x0E7F, "th"),
    (0x10A0, 0x10FF, "ka"),
    (0x0530, 0x058F, "hy"),
    (0x3040, 0x30FF, "kana"),
    (0x4E00, 0x9FFF, "han"),
    (0x3400, 0x4DBF, "han"),
    (0xAC00, 0xD7AF, "ko"),
    (0x1100, 0x11FF, "ko"),
)

_UKRAINIAN_LETTERS = frozenset("іїєґІЇЄҐ")
_PERSIAN_LETTERS = frozenset("پچژگی")
_URDU_LETTERS = frozenset("ٹڈڑںے")


def _script_of(char: str) -> str:
    code = ord(char)
    if code < 0x0250:  # Basic Latin .. Latin Extended-B
        return "latin"
    for first, last, script in _SCRIPT_BLOCKS:
        if first <= code <= last:
            return script
    return "other"


def _resolve_script(script: str, sample: str) -> str:
    """Turn a script name into a language code, using tell-tale letters where a
    script is shared by several languages."""
    if script == "cyrillic":
        return "uk" if any(ch in _UKRAINIAN_LETTERS for ch in sample) else "ru"
    if script == "arabic":
        if any(ch in _URDU_LETTERS for ch in sample):
            return "ur"
        # Persian letters also appear in Arabic loan names, so ask for several.
        persian = sum(1 for ch in sample if ch in _PERSIAN_LETTERS)
        return "fa" if persian >= 3 else "ar"
    return script


def _detect_latin(sample: str) -> str | None:
    words = [w.lower() for w in _WORD.findall(sample)]
    if not words:
        return None
    counts = Counter(words)
    scores = {
        lang: sum(counts[w] for w in stopwords if w in counts)
        for lang, stopwords in STOPWORDS.items()
    }
    best = max(scores, key=lambda lang: scores[lang])
    if scores[best] < MIN_STOPWORD_HITS:
        return None
    return best


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the language ``text`` is written in, or None when the text
    is too short or too ambiguous to tell."""
    sample = text[:SAMPLE_CHARS]
    scripts: Counter[str] = Counter(_script_of(ch) for ch in sample if ch.isalpha())
    if not scripts:
        return None
    script, letters = scripts.most_common(1)[0]
    if script == "latin":
        return _detect_latin(sample)
    if script == "other" or letters < MIN_SCRIPT_LETTERS:
        return None
    # Japanese mixes kana with kanji; kana anywhere in quantity means Japanese.
    if script in ("han", "kana"):
        return "ja" if scripts["kana"] >= max(5, letters // 20) else "zh"
    return _resolve_script(script, sample)
