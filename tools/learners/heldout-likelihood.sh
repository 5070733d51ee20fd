#!/usr/bin/env bash
# Log-likelihood per frame of the held-out development speakers under an acoustic model (bw's forced alignment of their
# transcripts): a cheap way to compare adapted variants without decoding. Run after tools/adapt-learners.sh.
# usage: tools/learners/heldout-likelihood.sh SPEECHOCEAN762_DIR WORK_DIR MODEL_DIR
#   prints the utterances aligned, their frames and the log-likelihood per frame
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
data="$(cd "${1:?speechocean762 folder}" && pwd)"
work="$(cd "${2:?work folder}" && pwd)"
model="$(cd "${3:?acoustic model folder}" && pwd)"
dict=/usr/share/pocketsphinx/model/en-us/cmudict-en-us.dict
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cd "$work"
[[ -d mfc-dev ]] || sphinx_fe -argfile base/feat.params -samprate 16000 -c dev.fileids -di "$data/WAVE" -ei WAV \
  -do mfc-dev -eo mfc -mswav yes >fe-dev.log 2>&1
cp "$model"/{means,variances,transition_matrices} "$scratch/"
/usr/bin/python3 "$here/sendump2mixw.py" "$model/sendump" "$scratch/mixture_weights" >/dev/null
mkdir "$scratch/acc"
/usr/lib/sphinxtrain/bw -hmmdir "$scratch" -moddeffn base/mdef.txt -ts2cbfn .ptm. -feat 1s_c_d_dd -svspec 0-12/13-25/26-38 \
  -cmn batch -agc none -varnorm no -dictfn "$dict" -fdictfn base/noisedict -ctlfn dev.fileids -lsnfn dev.transcription \
  -cepdir mfc-dev -cepext mfc -accumdir "$scratch/acc" -timing no 2>&1 |
  awk '/^utt>/ {frames += $4; ll += $NF; n++} END {printf "%d utterances, %d frames, %.2f per frame\n", n, frames, ll / frames}'
