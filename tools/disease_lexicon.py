"""Write ``supplements_cms/content/claims/data/icd10cm.tsv``: disease names from ICD-10-CM, for
matching.

    python3 dev.py lexicon

ICD-10-CM, the US clinical modification of the WHO's classification, is maintained by CDC's
National Center for Health Statistics and is in the public domain; the package
``simple-icd-10-cm`` (MIT licence) ships its tabular list. The names there are formal
("Essential (primary) hypertension"), so this keeps the short names people write: the code titles
and inclusion terms of the disease chapters, without parenthesised qualifiers, "unspecified" or
"not elsewhere classified", and only names of one to three words that say something specific.
Nothing is fetched when the site runs: the checker reads the file this writes.
"""

from __future__ import annotations

import re
import sys
import xml.etree.ElementTree as ET
from importlib.metadata import version
from importlib.resources import files
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "supplements_cms" / "claims" / "data" / "icd10cm.tsv"

# Chapters of diseases (A00-Q99). Symptoms (R), injuries (S-T), external causes (V-Y) and
# factors influencing health (Z) are not diseases; the curated lexicon covers the symptoms.
DISEASE_CHAPTERS = re.compile(r"^[A-Q]")
# Not diseases under 21 CFR 101.93(g)(1): those that come from a lack of an essential nutrient
# (malnutrition and deficiencies E40-E64, nutritional anaemias D50-D53, low mineral levels E83).
NUTRIENT_DEFICIENCY = re.compile(r"^(?:E4\d|E5\d|E6[0-4]|D5[0-3]|E83)")
# Names that read as everyday words, a natural state FDA does not count as a disease, or an
# abbreviation that means something else in supplement writing.
NOT_A_DISEASE_NAME = frozenset(
    [
        "'growth'",
        "birthmark",
        "boil",
        "caffeine",
        "callus",
        "calme",
        "clavus",
        "cloaca",
        "ecstasy",
        "effusion",
        "felon",
        "freckles",
        "growth",
        "dehydration",
        "overweight",
        "anxiety",
        "constipation",
        "insomnia",
        "acne",
        "edentulism",
        "crossbite",
        "cluttering",
        "fistula",
        "cicatrix",
        "contracture",
        "premenstrual",
        "tension",
        "syndrome",
        "premenstrual",
        "syndrome",
        "pms",
        "menopause",
        "premature",
        "menopause",
        "stress",
        "hangover",
        "fatigue",
        "jet",
        "lag",
        "motion",
        "sickness",
        "seasickness",
        "travel",
        "sickness",
        "nausea",
        "vomiting",
        "heartburn",
        "sleeplessness",
        "bunion",
        "bunionette",
        "ingrown",
        "nail",
        "corns",
    ]
) | {
    "premenstrual tension syndrome",
    "premenstrual syndrome",
    "jet lag",
    "motion sickness",
    "travel sickness",
    "ingrown nail",
    "hair loss",
    "muscle cramp",
    "cramp",
    "night cramps",
    "tiredness",
    "snoring",
    "obesity due to excess calories",
    "combat fatigue",  # the effect wording "combat fatigue", far more often than the diagnosis
}
GENERIC_START = re.compile(
    r"^(?:other|personal history|family history|encounter|underdosing|poisoning|sequelae|"
    r"late effects?|complications?|presence|absence|status|history|abnormal|disorders? of|"
    r"diseases? of|certain|unspecified|malignant neoplasm of|benign neoplasm of|neoplasm of|"
    r"pain|acute pain|accessory|abuse|fear|separation|extruded|double|continuous|passive|excess|"
    r"stiffness|effusion|contracture|muscle weakness|dry skin)\b",
    re.IGNORECASE,
)
# A name cut short by the clean-up ("memory deficit following") is not a name.
ENDS_IN_FUNCTION_WORD = re.compile(r"\b(?:of|in|on|to|with|without|following|due|by|and|or|for)$")


def short_name(text: str) -> str:
    """The matching name of an ICD title or inclusion term, or "" when it has none."""
    text = re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", text)
    text = re.sub(r",?\s*\b(?:unspecified|not elsewhere classified|NEC|NOS)\b.*$", "", text)
    text = " ".join(text.split()).strip(" ,.;:-").lower()
    if not text or "," in text or re.search(r"[\d/]", text) or GENERIC_START.match(text):
        return ""
    if ENDS_IN_FUNCTION_WORD.search(text):
        return ""
    if text in NOT_A_DISEASE_NAME or not 1 <= len(text.split()) <= 3:
        return ""
    if len(text.split()) == 1 and len(text) < 5:  # abbreviations: the curated layer has them
        return ""
    return text


def main() -> None:
    tabular = next(
        p
        for p in files("simple_icd_10_cm").joinpath("data").iterdir()
        if p.name.startswith("icd10c-tabular")
    )
    names: dict[str, str] = {}
    for diag in ET.fromstring(tabular.read_bytes()).iter("diag"):
        code = diag.findtext("name")
        if not DISEASE_CHAPTERS.match(code) or NUTRIENT_DEFICIENCY.match(code):
            continue
        texts = [diag.findtext("desc")]
        for tag in ("inclusionTerm", "includes"):
            texts += [note.text for block in diag.findall(tag) for note in block.findall("note")]
        for text in texts:
            name = short_name(text or "")
            if name and name not in names:
                names[name] = code
    header = (
        f"# Disease names from ICD-10-CM ({tabular.name}, via simple-icd-10-cm "
        f"{version('simple-icd-10-cm')}); public domain (CDC/NCHS). Generated by "
        "tools/disease_lexicon.py: do not edit.\n"
    )
    lines = sorted(f"{name}\t{code}" for name, code in names.items())
    OUT.write_text(header + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines)} names written to {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
