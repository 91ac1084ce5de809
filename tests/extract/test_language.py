"""The stop-word / Unicode-script language guesser."""

from __future__ import annotations

import pytest

from newsweave.extract.language import detect_language

SAMPLES = {
    "en": "The council said that the new bridge would be open to traffic by the end of the "
    "year, and that it has been built with money from the regional fund.",
    "de": "Der Gemeinderat hat am Dienstag beschlossen, dass die neue Brücke bis zum Ende des "
    "Jahres für den Verkehr geöffnet wird, und sie wird aus dem Regionalfonds bezahlt.",
    "fr": "Le conseil municipal a décidé mardi que le nouveau pont sera ouvert à la circulation "
    "avant la fin de l'année, et qu'il est financé par le fonds régional.",
    "es": "El ayuntamiento decidió el martes que el nuevo puente estará abierto al tráfico antes "
    "de que termine el año, y que se ha pagado con dinero del fondo regional.",
    "it": "Il consiglio comunale ha deciso martedì che il nuovo ponte sarà aperto al traffico "
    "entro la fine dell'anno, e che è stato pagato con i soldi del fondo regionale.",
    "nl": "De gemeenteraad heeft dinsdag besloten dat de nieuwe brug voor het einde van het jaar "
    "open is voor verkeer, en dat die wordt betaald uit het regionale fonds.",
    "pt": "A câmara municipal decidiu na terça-feira que a nova ponte estará aberta ao trânsito "
    "até ao fim do ano, e que foi paga com dinheiro do fundo regional.",
    "sv": "Kommunfullmäktige beslutade på tisdagen att den nya bron ska vara öppen för trafik "
    "före årets slut, och att den har betalats med pengar från den regionala fonden.",
    "pl": "Rada miasta zdecydowała we wtorek, że nowy most będzie otwarty dla ruchu do końca "
    "roku, a jego budowa jest opłacona z funduszu regionalnego, który już był gotowy.",
    "ru": "Городской совет во вторник решил, что новый мост откроют для движения до конца года.",
    "uk": "Міська рада у вівторок вирішила, що новий міст відкриють для руху до кінця року.",
    "ar": "قرر المجلس البلدي يوم الثلاثاء أن الجسر الجديد سيفتح أمام حركة المرور قبل نهاية العام.",
    "zh": "市议会周二决定，新桥将在年底前向交通开放，资金来自地区基金。",
    "ja": "市議会は火曜日、新しい橋を年末までに開通させることを決めました。",
    "el": "Το δημοτικό συμβούλιο αποφάσισε την Τρίτη ότι η νέα γέφυρα θα ανοίξει σύντομα.",
    "he": "מועצת העיר החליטה ביום שלישי שהגשר החדש ייפתח לתנועה עד סוף השנה.",
    "ko": "시의회는 화요일 새 다리를 연말까지 개통하기로 결정했다고 밝혔습니다.",
}


@pytest.mark.parametrize(("language", "text"), sorted(SAMPLES.items()))
def test_detects_language(language: str, text: str) -> None:
    assert detect_language(text) == language


@pytest.mark.parametrize("text", ["", "   ", "OK", "12:30 - 14:00", "Berlin"])
def test_too_short_or_ambiguous_is_none(text: str) -> None:
    assert detect_language(text) is None


def test_mixed_page_follows_majority() -> None:
    text = SAMPLES["de"] * 3 + " Share on Facebook"
    assert detect_language(text) == "de"
