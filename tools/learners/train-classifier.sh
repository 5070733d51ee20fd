#!/usr/bin/env bash
# Trains the reading classifier for the learners' acoustic model on deviations planted in speechocean762 TRAIN
# recordings (one per training speaker, tools/learners/classifier-manifest.py), with that model's evidence; prints the
# two-fold (speaker-disjoint) cross-validated figures and writes WORK/reading-classifier.json (copy it to
# assets/pocketsphinx-learners/ and update its sha256 in scripts/install-models.sh).
# usage: tools/learners/train-classifier.sh SPEECHOCEAN762_DIR WORK_DIR [ACOUSTIC_MODEL_DIR]
#   WORK_DIR: tools/adapt-learners.sh's work folder (its speakers.tsv says who is held out for development)
#   ACOUSTIC_MODEL_DIR: default models/pocketsphinx-learners
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
data="${1:?speechocean762 folder}"
work="$(cd "${2:?work folder}" && pwd)"
model="$(cd "${3:-$root/models/pocketsphinx-learners}" && pwd)"
/usr/bin/python3 "$root/tools/learners/classifier-manifest.py" "$data" "$work"
"$root/earshot" eval reading --manifest "$work/classifier.tsv" --acoustic-model "$model" --methods classifier-train \
  --train "$work/reading-classifier.json" --dump "$work/classifier-words.tsv" | tee "$work/classifier-train.log"
