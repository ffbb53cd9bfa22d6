"""Train the learned pair coder and write it into the package (``make train``).

Reads ../shared/data/plv/PLV_train.tsv and ../shared/data/plover/PLOVER_GSR_CAMEO.txt, parses
them with the project's spaCy pipeline, measures 5-fold cross-validation (PLV folds, every GSR
record and our own sentences (``data/own_pairs.tsv``) in each training fold; then GSR folds with
all PLV rows), trains on everything and writes ``src/eventwire/events/data/pair_model.json``
with its data version and metrics beside it (``MODEL_CARD.md``). The corpora themselves never enter the repository.

    python scripts/train_events.py [--shared ../shared] [--no-cv]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path

from eventwire.config import Settings
from eventwire.events import load_lexicon
from eventwire.events.corpora import OWN_FILE, read_gsr, read_own, read_plv
from eventwire.events.learned import MODEL_FILE, fit_pair_model
from eventwire.events.measure import OPTIONS, Scores, cross_validate, feature_rows, score_labels
from eventwire.nlp import Parser

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "eventwire" / "events" / "data"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--no-cv", action="store_true", help="skip cross-validation (keeps the card's figures)")
    args = parser.parse_args()
    plv_path = args.shared / "data" / "plv" / "PLV_train.tsv"
    gsr_path = args.shared / "data" / "plover" / "PLOVER_GSR_CAMEO.txt"
    for path in (plv_path, gsr_path):
        if not path.exists():
            sys.exit(f"needs {path} (the project's ../shared data); pass --shared PATH")
    plv, gsr, own = read_plv(plv_path), read_gsr(gsr_path), read_own()
    lexicon = load_lexicon()
    nlp = Parser(Settings().model)
    started = time.perf_counter()
    plv_rows, gsr_rows = feature_rows(plv, nlp, lexicon), feature_rows(gsr, nlp, lexicon)
    own_rows = feature_rows(own, nlp, lexicon)
    plv_labels, gsr_labels, own_labels = [p.label for p in plv], [p.label for p in gsr], [p.label for p in own]
    figures: dict[str, object] = {}
    if not args.no_cv:
        plv_scores = score_labels(
            plv_labels,
            cross_validate(plv_rows, plv_labels, extra=(gsr_rows + own_rows, gsr_labels + own_labels), options=OPTIONS),
        )
        gsr_scores = score_labels(
            gsr_labels,
            cross_validate(gsr_rows, gsr_labels, extra=(plv_rows + own_rows, plv_labels + own_labels), options=OPTIONS),
        )
        figures = {"plv_train_cv5": plv_scores.as_dict(), "gsr_cv5": gsr_scores.as_dict()}
        _report("PLV_train, 5-fold CV (+GSR in training folds)", plv_scores)
        _report("PLOVER GSR records, 5-fold CV (+PLV in training folds)", gsr_scores)
    model = fit_pair_model(plv_rows + gsr_rows + own_rows, plv_labels + gsr_labels + own_labels, options=OPTIONS)
    meta = {
        "coder": "events.model.v1",
        "algorithm": "multinomial logistic regression (numpy), class-balanced, L2",
        "options": {"l2": OPTIONS.l2, "epochs": OPTIONS.epochs, "min_count": OPTIONS.min_count},
        "data": {
            "PLV_train.tsv": {"rows": len(plv), "sha256": _sha256(plv_path)},
            "PLOVER_GSR_CAMEO.txt": {"rows": len(gsr), "sha256": _sha256(gsr_path)},
            OWN_FILE: {"rows": len(own), "sha256": _sha256(DATA / OWN_FILE)},
        },
        "parser": nlp.version,
        "metrics": figures,
        "train_seconds": round(time.perf_counter() - started, 1),
    }
    model = type(model)(model.labels, model.vocabulary, model.weights, meta)
    (DATA / MODEL_FILE).write_text(json.dumps(model.to_json(), separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {DATA / MODEL_FILE}: {len(model.vocabulary)} features x {len(model.labels)} classes")
    return 0


def _report(title: str, scores: Scores) -> None:
    print(f"== {title}: accuracy {scores.accuracy} macro-F1 {scores.macro_f1} ({scores.rows} rows)")
    print("   per-class F1:", json.dumps(scores.per_class_f1))
    print("   top confusions:", ", ".join(scores.top_confusions))


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


if __name__ == "__main__":
    raise SystemExit(main())
