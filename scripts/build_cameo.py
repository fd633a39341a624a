"""Build newsweave's CAMEO verb pattern set: ``src/newsweave/data/cameo_verbs.json.gz`` (+ ``CAMEO_LICENSE.md``).

    .venv/bin/python scripts/build_cameo.py [--data ../shared/data] [--out src/newsweave/data]

Sources (see ``actors_verbs/README.md`` and ``event_coding/README.md`` in the data folder):

* ``actors_verbs/petrarch2/CAMEO.2.0.txt`` — the PETRARCH-2 CAMEO verb dictionary, MIT, © 2015 Open Event
  Data Alliance (openeventdata/petrarch2 @ 676801cd): synonym sets, then verb blocks — a block's verbs
  (irregular forms in ``{…}``, multi-word verbs with ``+`` on the verb word, a verb's own code in ``[…]``) and
  its patterns (``- <pre-verb nouns> * <post-verb words> (<PREP> <noun>) [CODE]``).
* ``event_coding/CAMEO2PLOVER-2021.txt`` — the CAMEO→PLOVER table (openeventdata/PLOVER @ 5e0c24fb): PLOVER
  type, mode and context per CAMEO code, a code mapped by its longest listed prefix.

What it writes, one gzip'd JSON object (mtime 0, sorted keys: the same sources give the same bytes):

* ``synsets``: ``&NAME`` → member phrases (lower case, "_" read as a space; TABARI's "exact" marker dropped);
* ``blocks``: per verb block its name, default code, ``verbs`` (verb phrase → its own code or null; a
  multi-word verb as "ask for", the verb word first and its particles after — "+angered_by" becomes
  "anger by") and ``patterns`` ``[pre, post, preps, code, verb]``: ``pre`` / ``post`` lists of items (a word,
  a multi-word noun "arms shipment" whose last word is its head, or a synset "&food"), ``preps`` a list of
  ``[prep, items]``, ``verb`` the verb the pattern was written for (its comment).  Pair codes ``[042:043]``
  keep the source→target code (042); a pattern with only a target→source code (``[:173]``) is left out;
  ``$``, ``+``, ``^`` and ``%`` slot markers are dropped (the coder finds actors in the parse);
  transformation lines (``~``) are left out;
* ``plover``: CAMEO code → ``[type, mode, context]`` for every code the table lists, with the 2016 PLOVER
  category names the PLOVER gold standard uses (``OVERRIDES`` below, each with its reason).

The matcher is :mod:`newsweave.actions.cameo`.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import os
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]

OVERRIDES: dict[str, tuple[str, str]] = {
    # code: (PLOVER 2016 type, reason).  The 2021 table renamed or merged these; the gold standard
    # (PLOVER_GSR_dev.json, coded 2016) and the event_coding README use the 2016 names.
    "02": ("DEMAND", "2016 DEMAND covers CAMEO 02 appeals and 10 demands; the 2021 table drops 02"),
    "09": ("INVESTIGATE", "2016 name of CAMEO 09 (2021: ACCUSE, mode investigate)"),
    "10": ("DEMAND", "2016 name of CAMEO 10 (2021: REQUEST)"),
    "11": ("DISAPPROVE", "2016 name of CAMEO 11 (2021: ACCUSE)"),
    "19": ("FIGHT", "2016 FIGHT = CAMEO 19 conventional military force (2021: ASSAULT)"),
    "20": ("FIGHT", "2016 FIGHT also takes CAMEO 20 mass violence (the gold codes ethnic cleansing FIGHT)"),
    "163": ("SANCTION", "2016 SANCTION includes embargoes and sanctions (2021 moved 163 to COERCE)"),
    "0813": ("CONCEDE", "easing a curfew is CAMEO 081, ease administrative sanctions: CONCEDE in 2016 (2021: RETREAT)"),
    "0814": ("CONCEDE", "easing a state of emergency is CAMEO 081 too, CONCEDE in 2016 (2021: RETREAT)"),
    "1712": ("COERCE", "destroying property is CAMEO 17 coercion in 2016 (2021 moved it to ASSAULT)"),
}
"""2016 PLOVER types for the codes the 2021 table names otherwise (mode and context kept from the table).  A
two-digit root renames its root's type in every code under it ("10": REQUEST → DEMAND for 100 … 1056; a code
the table files under another type, such as 191 blockade → COERCE under 19, keeps it); a longer code is exact."""

_CODE = re.compile(r"\[([^\]]*)\]")
_BLOCK = re.compile(r"^---\s+(\S+)\s+\[([^\]]*)\]\s+---")


def _phrase(word: str) -> str:
    """A dictionary phrase as text: "ARMS_SHIPMENT_" → "arms shipment"."""
    return " ".join(w for w in word.strip().rstrip("_").lower().split("_") if w)


def _code(text: str) -> str | None:
    """A bracket's code: "042:043" → "042"; ":173" → None (target→source only); "---" stays."""
    text = text.strip()
    if ":" in text:
        text = text.split(":")[0].strip()
    return text or None


def read_synsets(lines: list[str]) -> dict[str, list[str]]:
    synsets: dict[str, list[str]] = {}
    current: str | None = None
    for raw in lines:
        line = raw.split("#", 1)[0].strip()
        if "VERB PATTERNS" in raw:
            break
        if line.startswith("&"):
            current = "&" + line[1:].rstrip("_").lower()
            synsets[current] = []
        elif line.startswith("+") and current is not None:
            member = _phrase(line[1:])
            if member and member not in synsets[current]:
                synsets[current].append(member)
    return synsets


def _items(text: str) -> list[str]:
    """The words of a pattern part: bare words, {multi word} nouns, &SYNSETS; slot markers dropped."""
    out: list[str] = []
    for m in re.finditer(r"\{([^}]*)\}|(&\w+)|([^\s{}]+)", text):
        if m.group(1) is not None:
            phrase = " ".join(_phrase(w) for w in m.group(1).split())
            if phrase:
                out.append(phrase)
        elif m.group(2) is not None:
            out.append("&" + m.group(2)[1:].rstrip("_").lower())
        else:
            word = m.group(3)
            if word in ("$", "+", "^", "%", "*") or not re.search(r"[A-Za-z]", word):
                continue
            out.append(_phrase(word.lstrip("+$^%")))
    return [w for w in out if w]


def parse_pattern(body: str) -> tuple[list[str], list[str], list[list[Any]]] | None:
    """``<pre> * <post> (PREP noun) …`` → (pre items, post items, [[prep, items], …]); None without a "*"."""
    if "*" not in body:
        return None
    pre_text, post_text = body.split("*", 1)
    preps: list[list[Any]] = []

    def prep(m: re.Match[str]) -> str:
        words = m.group(1).split()
        if words:
            head = _phrase(words[0].lstrip("+$^%"))
            if head:
                preps.append([head, _items(" ".join(words[1:]))])
        return " "
    post_text = re.sub(r"\(([^)]*)\)", prep, post_text)
    pre_text = re.sub(r"\(([^)]*)\)", " ", pre_text)
    return _items(pre_text), _items(post_text), preps


def _verb_phrase(word: str) -> str:
    """A verb line's phrase: "ASK" → "ask"; "+ASK_FOR" → "ask for"; "+ANGERED_BY" → "anger by" is kept as the
    dictionary writes it ("angered by"): the verb word is the one marked "+", the rest its particles."""
    parts = [p for p in word.strip().rstrip("_").split("_") if p]
    verb = next((p for p in parts if p.startswith("+")), parts[0] if parts else "")
    rest = [p.lower() for p in parts if p is not verb]
    return " ".join([verb.lstrip("+").lower(), *rest]).strip()


def read_blocks(lines: list[str]) -> list[dict[str, Any]]:
    blocks: list[dict[str, Any]] = []
    block: dict[str, Any] | None = None
    started = False
    for raw in lines:
        if "VERB PATTERNS" in raw:
            started = True
            continue
        if not started:
            continue
        match = _BLOCK.match(raw.strip())
        if match:
            block = {"name": match.group(1).lower(), "code": _code(match.group(2)) or "---", "verbs": {},
                     "patterns": []}
            blocks.append(block)
            continue
        line, _, comment = raw.partition("#")
        line = line.rstrip()
        if block is None or not line.strip() or line.startswith("~"):
            continue
        if line.startswith("-"):
            codes = _CODE.findall(line)
            code = _code(codes[-1]) if codes else None
            parsed = parse_pattern(_CODE.sub(" ", line[1:]))
            if code is None or parsed is None:
                continue
            pre, post, preps = parsed
            origin = comment.split()[0].lower().strip("+_") if comment.split() else ""
            if pre or post or preps:
                block["patterns"].append([pre, post, preps, code, origin])
            continue
        codes = _CODE.findall(line)
        text = re.sub(r"\{[^}]*\}", " ", _CODE.sub(" ", line)).strip()
        if not text:
            continue
        phrase = _verb_phrase(text.split()[0])
        if phrase:
            block["verbs"][phrase] = _code(codes[0]) if codes else None
    return blocks


def read_plover(lines: list[str]) -> dict[str, list[str]]:
    """CAMEO code → [PLOVER type, mode, context] from the 2021 table, with the 2016 overrides."""
    table: dict[str, list[str]] = {}
    for raw in lines:
        line = raw.split("#", 1)[0].strip()
        m = re.match(r"^(\d{2,4}):\s*(.*)$", line)
        if not m:
            continue
        code, rest = m.group(1), [p.strip() for p in m.group(2).split(",")]
        kind = rest[0].upper()
        mode = rest[1] if len(rest) > 1 else ""
        context = ",".join(rest[2:]).strip().replace("; ", ",").replace(";", ",") if len(rest) > 2 else ""
        if code == "08":  # listed twice (CONCEDE, RETREAT): the 3–4 digit lines decide; CONCEDE is CAMEO 080
            table.setdefault(code, [kind, mode, context])
            continue
        table[code] = [kind, mode, context]
    roots = {code: table.get(code, [""])[0] for code in OVERRIDES if len(code) == 2}
    for code, row in table.items():
        old = roots.get(code[:2])
        if old is not None and len(code) > 2 and row[0] == old:
            row[0] = OVERRIDES[code[:2]][0]
    for code, (kind, _reason) in OVERRIDES.items():
        mode, context = (table.get(code) or ["", "", ""])[1:]
        table[code] = [kind, mode, context]
    return table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    default = Path(os.environ.get("NEWSWEAVE_DATA", ROOT.parent / "shared" / "data"))
    parser.add_argument("--data", type=Path, default=default)
    parser.add_argument("--out", type=Path, default=ROOT / "src" / "newsweave" / "data")
    args = parser.parse_args(argv)
    verbs_path = args.data / "actors_verbs" / "petrarch2" / "CAMEO.2.0.txt"
    table_path = args.data / "event_coding" / "CAMEO2PLOVER-2021.txt"
    for path in (verbs_path, table_path):
        if not path.exists():
            print(f"missing {path}: pass --data (the folder holding actors_verbs/ and event_coding/)",
                  file=sys.stderr)
            return 2
    lines = verbs_path.read_text(encoding="utf-8", errors="replace").splitlines()
    blocks = read_blocks(lines)
    data = {
        "source": "PETRARCH-2 CAMEO.2.0.txt (openeventdata/petrarch2 @ 676801cd9cb2924bbbad09f86d15c9323e7097bf, MIT, "
                  "(c) 2015 Open Event Data Alliance); CAMEO2PLOVER-2021.txt (openeventdata/PLOVER @ "
                  "5e0c24fba623f2d8df5ae3c7de7a94dba90d5b6f); built by scripts/build_cameo.py",
        "overrides": {code: reason for code, (_kind, reason) in OVERRIDES.items()},
        "synsets": read_synsets(lines),
        "blocks": blocks,
        "plover": read_plover(table_path.read_text(encoding="utf-8").splitlines()),
    }
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0) as handle:
        handle.write(json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "cameo_verbs.json.gz").write_bytes(buffer.getvalue())
    licence = (verbs_path.parent / "LICENSE").read_text(encoding="utf-8").strip()
    (args.out / "CAMEO_LICENSE.md").write_text(LICENSE_TEXT.format(licence=licence), encoding="utf-8")
    n_verbs = sum(len(b["verbs"]) for b in blocks)
    n_patterns = sum(len(b["patterns"]) for b in blocks)
    print(f"{len(blocks)} verb blocks, {n_verbs} verbs, {n_patterns} patterns, {len(data['synsets'])} synsets, "
          f"{len(data['plover'])} CAMEO→PLOVER codes → {args.out / 'cameo_verbs.json.gz'} "
          f"({len(buffer.getvalue()) // 1024} kB)")
    return 0


LICENSE_TEXT = """# Licence of the shipped CAMEO verb pattern set (`cameo_verbs.json.gz`)

`cameo_verbs.json.gz` is derived data, re-expressed by `scripts/build_cameo.py` from:

## PETRARCH-2 CAMEO verb dictionary — MIT

github.com/openeventdata/petrarch2, commit 676801cd9cb2924bbbad09f86d15c9323e7097bf,
petrarch2/data/dictionaries/CAMEO.2.0.txt ("Copyright (c) 2015 Open Event Data Alliance", MIT, in the file's
header). The repository's LICENSE reads:

```
{licence}
```

## CAMEO → PLOVER conversion table

github.com/openeventdata/PLOVER, commit 5e0c24fba623f2d8df5ae3c7de7a94dba90d5b6f, CAMEO2PLOVER-2021.txt
(edited by Philip Schrodt, PLOVER manual draft 0.8). newsweave keeps, per CAMEO code, the PLOVER type, mode
and context it lists, with the 2016 category names of the PLOVER gold standard for the codes listed in the
build script's `OVERRIDES`.
"""


if __name__ == "__main__":
    sys.exit(main())
