#!/usr/bin/env bash
# Renders text as a page image with ImageMagick 6, optionally made to look like a phone photo of the page.
# Deterministic: the same arguments (including --seed) always give the same pixels.
#
#   scripts/render-test-page.sh [options] TEXT OUTPUT.png
#     --distort LIST   none (default), photo (= all), or a comma list of: rotate,perspective,blur,noise,lighting
#     --seed N         seed for the distortion amounts and the noise (default 1)
#     --width PX       text column width before margins; long text wraps (default 1000)
#     --pointsize N    font size (default 30)
#     --font NAME      ImageMagick font name (default DejaVu-Serif; DejaVu-Sans also works)
set -euo pipefail

convert=/usr/bin/convert # /usr/local/bin/convert on this machine is not ImageMagick
distort=none seed=1 width=1000 pointsize=30 font=DejaVu-Serif
while [[ $# -gt 0 && $1 == --* ]]; do
    case $1 in
        --distort) distort=$2 ;;
        --seed) seed=$2 ;;
        --width) width=$2 ;;
        --pointsize) pointsize=$2 ;;
        --font) font=$2 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
    shift 2
done
[[ $# -eq 2 ]] || { sed -n '2,11p' "$0" >&2; exit 2; }
text=$1 output=$2
[[ $distort == photo ]] && distort=rotate,perspective,blur,noise,lighting
wants() { [[ ,$distort, == *,$1,* ]]; }

# A small LCG instead of $RANDOM, so the figures do not depend on the bash version.
state=$(( (seed * 2654435761 + 12345) % 2147483648 ))
random_between() { # MIN MAX (integers) -> integer in [MIN, MAX]
    state=$(( (state * 1103515245 + 12345) % 2147483648 ))
    echo $(( $1 + (state / 65536) % ($2 - $1 + 1) ))
}
random_sign() { [[ $(random_between 0 1) == 0 ]] && echo - || echo ""; }

# caption: expands %-escapes and backslash escapes and reads files for a leading @; keep the text literal.
literal=${text//\\/\\\\}
literal=${literal//%/%%}
[[ $literal == @* ]] && literal="\\$literal"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$convert" -background white -fill black -font "$font" -pointsize "$pointsize" -size "${width}x" \
    "caption:$literal" -bordercolor white -border 60 -alpha off "$work/page.png"

if [[ $distort == none ]]; then
    "$convert" "$work/page.png" -depth 8 -type Grayscale -define png:exclude-chunks=date,time "$output"
    exit 0
fi

read -r w h < <("$convert" "$work/page.png" -format '%w %h\n' info:)
desk='rgb(96,86,74)'
steps=(-background "$desk" -virtual-pixel background)

# The page lies on a desk: a margin of desk around it, which rotation and perspective then eat into.
margin=$(( (w > h ? w : h) / 14 ))
steps+=(-bordercolor "$desk" -border "$margin")
W=$(( w + 2 * margin )) H=$(( h + 2 * margin ))

if wants perspective; then
    # Camera tilted towards the top of the page: top edge shorter, plus a little jitter on every corner.
    inset=$(( W * $(random_between 20 55) / 1000 ))
    j() { echo $(( $(random_between -12 12) * W / 1000 )); }
    steps+=(-distort Perspective "0,0 $((inset + $(j))),$(j)  $W,0 $((W - inset + $(j))),$(j)  $W,$H $((W + $(j))),$((H + $(j)))  0,$H $(j),$((H + $(j)))")
fi
if wants rotate; then
    steps+=(-distort SRT "$(random_sign)$(random_between 8 30)e-1")
fi
if wants lighting; then
    # Light falls off across the page: multiply by a linear gradient from a random side plus a mild vignette.
    directions=(North NorthEast East SouthEast South SouthWest West NorthWest)
    dark=$(random_between 52 68)
    steps+=(\( -size "${W}x${H}" -define gradient:direction="${directions[$(random_between 0 7)]}" "gradient:rgb(255,252,245)-gray${dark}" \)
        -compose Multiply -composite
        \( -size "${W}x${H}" radial-gradient:white-gray80 \) -compose Multiply -composite -compose Over)
fi
if wants blur; then
    steps+=(-blur "0x$(random_between 8 14)e-1")
fi
if wants noise; then
    steps+=(-seed "$seed" -attenuate "$(random_between 25 45)e-2" +noise Gaussian)
fi
"$convert" "$work/page.png" "${steps[@]}" -depth 8 -type TrueColor -define png:exclude-chunks=date,time "$output"
