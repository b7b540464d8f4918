"""Files the tests read: a sample of the MPSV registry export (fictional providers, real shape)."""

from pathlib import Path

RPSS_SAMPLE = Path(__file__).resolve().parent / "rpss_sample.json"

# Names of people in the sample (statutory bodies, heads of places, notes on contacts): none may be stored.
PERSON_NAMES = [
    "Nováková",
    "Procházka",
    "Dvořák",
    "Kučerová",
    "Vondráček",
    "Benešová",
    "Zelenka",
    "Marková",
    "Horáková",
    "Kratochvíl",
    "Svobodová",
]
