#!/usr/bin/env bash
# Trains the reading classifier for the learners' acoustic model on deviations planted in speechocean762 TRAIN
# recordings (one of each of 56 training speakers, tools/learners/classifier-manifest.py), with that model's evidence.
# The speakers are split in two parts whose evidence is collected in parallel (each run also prints its own two-fold
# cross-validated figures); `eval reading-words` then cross-validates on both dumps (folds by recording, so by
# speaker) and writes WORK/reading-classifier.json trained on all their words (copy it to assets/pocketsphinx-learners/
# and update its sha256 in scripts/install-models.sh).
# usage: tools/learners/train-classifier.sh SPEECHOCEAN762_DIR WORK_DIR [ACOUSTIC_MODEL_DIR]
#   WORK_DIR: tools/adapt-learners.sh's work folder (its speakers.tsv says who is held out for development)
#   ACOUSTIC_MODEL_DIR: default models/pocketsphinx-learners
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
data="${1:?speechocean762 folder}"
work="$(cd "${2:?work folder}" && pwd)"
model="$(cd "${3:-$root/models/pocketsphinx-learners}" && pwd)"
/usr/bin/python3 "$root/tools/learners/classifier-manifest.py" "$data" "$work"
# half of the speakers (every other), in two parts: a loaded 2-core machine did not allow more
awk 'NR==1 || NR%4==2' "$work/classifier.tsv" >"$work/classifier-a.tsv"
awk 'NR==1 || NR%4==3' "$work/classifier.tsv" >"$work/classifier-b.tsv"
"$root/earshot-lab" eval reading --help >/dev/null 2>&1 || true  # builds the lab once, before the parallel runs
for half in a b; do
  "$root/earshot-lab" eval reading --manifest "$work/classifier-$half.tsv" --acoustic-model "$model" --methods classifier-train \
    --train "$work/classifier-$half.json" --dump "$work/classifier-words-$half.tsv" >"$work/classifier-train-$half.log" &
done
wait
"$root/earshot-lab" eval reading-words --words "$work/classifier-words-a.tsv,$work/classifier-words-b.tsv" \
  --write "$work/reading-classifier.json" | tee "$work/classifier-train.log"
