"""Write a large registry file in the RPSS open-data format (made-up providers, for the import benchmark and tests).

    python -m demo.rpss_file OUT.json [SERVICES]

Providers have 1–5 services each; places sit in the obce given (RÚIAN codes), some addresses are hidden, some
registrations ended. Kind / form / target-group ids are those of organizations/data/rpss/.
"""

import json
import random
import sys

KINDS = [2, 3, 4, 5, 13, 17, 20, 23, 25, 28, 32, 33, 34]
GROUPS = [1, 2, 4, 6, 7, 18, 19, 22, 24, 26]
FORMS = ["amb", "ter", "pob"]
UNITS = ["klient", "kontakt", "interv", "luzka", "hovor"]
# A few obce of Vysočina and Liberec (RÚIAN codes) for use without a database.
DEFAULT_OBCE = ["547492", "548111", "586846", "587711", "563889"]


def _ico(number: int) -> str:
    """A valid IČO (check digit per the IČO rule) built from a 7-digit number."""
    digits = f"{number:07d}"
    total = sum(int(d) * w for d, w in zip(digits, range(8, 1, -1)))
    return digits + str((11 - total % 11) % 10)


def _address(rng: random.Random, obce: list[str]) -> dict:
    return {
        "kraj": {"id": "Kraj/108"},
        "obec": {"id": f"Obec/{rng.choice(obce)}"},
        "castObce": None,
        "ulice": {"nazev": rng.choice(["Hlavní", "Nádražní", "Školní", "Husova", "Palackého"])},
        "cisloDomovni": str(rng.randint(1, 2000)),
        "cisloOrientacni": None,
        "psc": "39301",
    }


def items(count: int, obce: list[str] | None = None, seed: int = 7):
    """Yield `count` service items."""
    rng = random.Random(seed)
    obce = list(obce or DEFAULT_OBCE)
    made, provider_no = 0, 0
    while made < count:
        provider_no += 1
        provider = {
            "ico": _ico(1000000 + provider_no),
            "nazev": f"Poskytovatel {provider_no}, z. s.",
            "adresa": _address(rng, obce) if rng.random() > 0.05 else None,
            "emaily": [{"email": f"info@p{provider_no}.example.cz"}],
            "weby": [{"web": f"www.p{provider_no}.example.cz"}],
            "telefony": [{"telefon": "+420 565 000 000"}],
            "statutarniOrgany": [{"jmeno": "Jan", "prijmeni": f"Statutár{provider_no}"}],
        }
        for _ in range(min(rng.randint(1, 5), count - made)):
            made += 1
            places = [
                {
                    "nazev": f"Zařízení {made}-{k}",
                    "poskytujeDo": None,
                    "adresa": _address(rng, obce) if rng.random() > 0.1 else None,
                    "vedouci": {"jmeno": "Eva", "prijmeni": f"Vedoucí{made}"},
                }
                for k in range(rng.randint(1, 3))
            ]
            yield {
                "id": f"SocialniSluzba/{made}",
                "portalId": made,
                "identifikator": str(3000000 + made),
                "datumPoskytovaniOd": "2012-01-01",
                "datumPoskytovaniDo": "2023-12-31" if rng.random() < 0.05 else None,
                "druhSocialniSluzby": {"id": f"DruhSocialniSluzby/{rng.choice(KINDS)}"},
                "formy": [
                    {
                        "forma": {"id": f"FormaSocialniSluzby/{form}"},
                        "kapacity": [
                            {
                                "pocet": rng.randint(1, 100),
                                "popis": "od 1. 1. 2024",
                                "typ": {"id": f"TypKapacitySocialniSluzby/{rng.choice(UNITS)}"},
                            }
                        ],
                    }
                    for form in rng.sample(FORMS, rng.randint(1, 2))
                ],
                "ciloveSkupiny": [
                    {"cilovaSkupina": {"id": f"CilovaSkupinaOsoby/{g}"}} for g in rng.sample(GROUPS, rng.randint(1, 3))
                ],
                "vekoveSkupiny": [],
                "weby": [],
                "emaily": [],
                "telefony": [],
                "kontaktniAdresy": [],
                "zarizeni": places,
                "poskytovatel": provider,
            }


def write(path, count: int, obce: list[str] | None = None) -> None:
    """Write the file item by item (it is never held whole in memory)."""
    with open(path, "w", encoding="utf-8") as handle:
        handle.write('{"polozky": [\n')
        for index, item in enumerate(items(count, obce)):
            handle.write((",\n" if index else "") + json.dumps(item, ensure_ascii=False))
        handle.write("\n]}\n")


if __name__ == "__main__":
    write(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 7000)
