#!/usr/bin/env bash
# Adapts PocketSphinx's en-us acoustic model to learners' speech (speechocean762 TRAIN split: Mandarin-L1 children and
# adults reading English) with Debian's SphinxTrain, and writes complete acoustic model folders:
#   WORK/model-mllr   one global MLLR transform applied to the means (mllr_solve + mllr_transform)
#   WORK/model-map    MAP re-estimation of means, variances, mixture weights and transitions (map_adapt)
# usage: tools/adapt-learners.sh SPEECHOCEAN762_DIR WORK_DIR
#   SPEECHOCEAN762_DIR: a checkout of github.com/jimbozhang/speechocean762 at 613968e3b0b789fc33936fb5eba1973176ba7d11
#   env TAU (a fixed prior weight for map_adapt instead of its Bayesian mean update), JOBS (parallel bw parts, default 2)
# Needs: apt-get install sphinxtrain sphinxbase-utils pocketsphinx pocketsphinx-en-us python3-numpy
# The test split (and ../shared/eval/speakers/) is never read; development speakers are held out of training
# (tools/learners/prepare.py) to choose between the variants.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
data="$(cd "${1:?speechocean762 folder}" && pwd)"
work="${2:?work folder}"
map_prior=(); [[ -n "${TAU:-}" ]] && map_prior=(-fixedtau yes -bayesmean no -tau "$TAU")
map_dir="model-map${TAU:+-tau$TAU}"
jobs="${JOBS:-2}"
st=/usr/lib/sphinxtrain
base_model=/usr/share/pocketsphinx/model/en-us/en-us
dict=/usr/share/pocketsphinx/model/en-us/cmudict-en-us.dict
mkdir -p "$work" && cd "$work"

[[ -f train.fileids ]] || /usr/bin/python3 "$here/learners/prepare.py" "$data" "$dict" .

if [[ ! -f base/mixture_weights ]]; then
  mkdir -p base && cp "$base_model"/* base/
  /usr/bin/python3 "$here/learners/sendump2mixw.py" base/sendump base/mixture_weights
  pocketsphinx_mdef_convert -text base/mdef base/mdef.txt
fi

[[ -d mfc ]] || sphinx_fe -argfile base/feat.params -samprate 16000 -c train.fileids -di "$data/WAVE" -ei WAV \
  -do mfc -eo mfc -mswav yes >fe.log 2>&1

if [[ ! -f acc1/gauden_counts ]]; then
  for part in $(seq 1 "$jobs"); do
    mkdir -p "acc$part"
    "$st/bw" -hmmdir base -moddeffn base/mdef.txt -ts2cbfn .ptm. -feat 1s_c_d_dd -svspec 0-12/13-25/26-38 \
      -cmn batch -agc none -varnorm no -dictfn "$dict" -fdictfn base/noisedict -ctlfn train.fileids \
      -lsnfn train.transcription -cepdir mfc -cepext mfc -accumdir "acc$part" -npart "$jobs" -part "$part" \
      -timing no >"bw$part.log" 2>&1 &
  done
  wait
fi
accums=$(seq -s, -f 'acc%g' 1 "$jobs")

if [[ ! -f model-mllr/means ]]; then
  "$st/mllr_solve" -meanfn base/means -varfn base/variances -outmllrfn mllr_matrix -accumdir $accums >mllr.log 2>&1
  mkdir -p model-mllr && cp base/{feat.params,mdef,noisedict,sendump,transition_matrices,variances} model-mllr/
  "$st/mllr_transform" -inmeanfn base/means -outmeanfn model-mllr/means -mllrmat mllr_matrix >>mllr.log 2>&1
fi

if [[ ! -f "$map_dir/sendump" ]]; then
  mkdir -p "$map_dir" && cp base/{feat.params,mdef,noisedict} "$map_dir"/
  "$st/map_adapt" -moddeffn base/mdef.txt -ts2cbfn .ptm. -meanfn base/means -varfn base/variances \
    -mixwfn base/mixture_weights -tmatfn base/transition_matrices -accumdir $accums "${map_prior[@]}" \
    -mapmeanfn "$map_dir/means" -mapvarfn "$map_dir/variances" -mapmixwfn "$map_dir/mixture_weights" \
    -maptmatfn "$map_dir/transition_matrices" >"$map_dir.log" 2>&1
  "$st/mk_s2sendump" -pocketsphinx yes -moddeffn base/mdef.txt -mixwfn "$map_dir/mixture_weights" \
    -sendumpfn "$map_dir/sendump" >>"$map_dir.log" 2>&1
  rm "$map_dir/mixture_weights"
fi
echo "adapt-learners: models in $work/model-mllr and $work/$map_dir"
