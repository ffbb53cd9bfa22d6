"""Train the learned pair coder and write it into the package (``make train``).

Reads ../shared/data/plv/PLV_train.tsv and ../shared/data/plover/PLOVER_GSR_CAMEO.txt, parses
them with the project's spaCy pipeline, measures 5-fold cross-validation (PLV folds, every GSR
record and our own sentences (``data/own_pairs.tsv``) in each training fold; then GSR folds with
all PLV rows), trains on everything and writes ``src/eventwire/events/data/pair_model.json``
with its data version and metrics beside it (``MODEL_CARD.md``). The corpora themselves never enter the repository.
With the ``[embeddings]`` extra installed it also trains the MiniLM head (``data/pair_embed_head.json``):
its ensemble weight is chosen by an inner CV inside each training fold (nested), so the PLV figure it
reports never saw its test fold; the shipped weight is chosen the same way on all of PLV_train.

    python scripts/train_events.py [--shared ../shared] [--no-cv] [--no-embeddings]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path
from typing import Any

from eventwire.config import Settings
from eventwire.events import load_lexicon
from eventwire.events.corpora import OWN_FILE, LabelledPair, read_gsr, read_own, read_plv
from eventwire.events.dense import HEAD_FILE, combine, fit_dense_head
from eventwire.events.encoder import EncoderSettings, PairEncoder, encoder_available
from eventwire.events.learned import MODEL_FILE, PairModel, fit_pair_model
from eventwire.events.measure import (
    DENSE_OPTIONS,
    OPTIONS,
    Labelled,
    Scores,
    choose_alpha,
    cross_validate,
    feature_rows,
    fold_probabilities,
    nested_ensemble,
    pair_vectors,
    score_labels,
)
from eventwire.nlp import Parser

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "eventwire" / "events" / "data"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--no-cv", action="store_true", help="skip cross-validation (keeps the card's figures)")
    parser.add_argument("--no-embeddings", action="store_true", help="train the sparse model only")
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
    if args.no_embeddings:
        return 0
    if not encoder_available():
        print("the [embeddings] extra is not installed: kept the MiniLM head as it is")
        return 0
    _train_head(args, nlp, model, meta, {"plv": (plv, plv_rows), "gsr": (gsr, gsr_rows), "own": (own, own_rows)})
    return 0


def _train_head(
    args: argparse.Namespace,
    nlp: Parser,
    model: PairModel,
    meta: dict[str, Any],
    corpora: dict[str, tuple[list[LabelledPair], list[list[str]]]],
) -> None:
    settings = EncoderSettings()  # one sentence a forward pass (see EncoderSettings.batch)
    encoder = PairEncoder(settings)
    started = time.perf_counter()
    sets = {
        name: Labelled(rows, pair_vectors(pairs, nlp, encoder), [p.label for p in pairs])
        for name, (pairs, rows) in corpora.items()
    }
    plv_labels, gsr_labels = list(sets["plv"].labels), list(sets["gsr"].labels)
    encode_seconds = round(time.perf_counter() - started, 1)
    print(f"encoded {sum(len(s.labels) for s in sets.values())} pairs in {encode_seconds} s")
    labels, sparse, dense = fold_probabilities(sets["plv"], sets["gsr"].join(sets["own"]))
    alpha = choose_alpha(plv_labels, labels, sparse, dense)
    head_figures: dict[str, object] = {"alpha_chosen_on_plv_train_cv5": alpha}
    if not args.no_cv:
        guesses, alphas = nested_ensemble(sets["plv"], sets["gsr"].join(sets["own"]))
        plv_scores = score_labels(plv_labels, guesses)
        _report(f"ensemble, PLV_train, 5-fold CV, weight chosen inside each training fold {alphas}", plv_scores)
        labels, sparse, dense = fold_probabilities(sets["gsr"], sets["plv"].join(sets["own"]))
        guessed = combine(sparse, dense, alpha=alpha).argmax(axis=1)
        gsr_scores = score_labels(gsr_labels, [labels[int(i)] for i in guessed])
        _report(f"ensemble, GSR records, 5-fold CV, weight {alpha}", gsr_scores)
        head_figures |= {"fold_alphas": alphas, "plv_train_cv5": plv_scores.as_dict(), "gsr_cv5": gsr_scores.as_dict()}
    everything = sets["plv"].join(sets["gsr"]).join(sets["own"])
    head = fit_dense_head(everything.vectors, everything.labels, classes=model.labels, options=DENSE_OPTIONS)
    head_meta = {
        "coder": "events.model.v2+minilm",
        "algorithm": "all-MiniLM-L6-v2 token states mean-pooled over sentence, source, target and between; "
        "class-balanced logistic regression; log-probability ensemble with the sparse model",
        "encoder": settings.as_dict(),
        "options": {"l2": DENSE_OPTIONS.l2, "epochs": DENSE_OPTIONS.epochs},
        "data": meta["data"],
        "metrics": head_figures,
        "encode_seconds": encode_seconds,
    }
    head = type(head)(head.labels, head.weights, alpha, head_meta)
    (DATA / HEAD_FILE).write_text(json.dumps(head.to_json(), separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {DATA / HEAD_FILE}: {head.weights.shape[0]} inputs x {len(head.labels)} classes, weight {alpha}")


def _report(title: str, scores: Scores) -> None:
    print(f"== {title}: accuracy {scores.accuracy} macro-F1 {scores.macro_f1} ({scores.rows} rows)")
    print("   per-class F1:", json.dumps(scores.per_class_f1))
    print("   top confusions:", ", ".join(scores.top_confusions))


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


if __name__ == "__main__":
    raise SystemExit(main())
