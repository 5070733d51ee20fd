#!/usr/bin/python3
"""Writes SphinxTrain inputs from the speechocean762 TRAIN split, holding out development speakers.

usage: prepare.py SPEECHOCEAN762_DIR DICTIONARY OUT_DIR
OUT_DIR gets train.fileids / train.transcription (training speakers), dev.fileids / dev.transcription and dev.tsv
(an `earshot-lab eval` manifest) of the held-out development speakers, for choosing between variants, and speakers.tsv
(who went where).
Every 10th speaker in age order (from the 5th) is held out, so the development set spans children and adults.
Utterances with a word the dictionary lacks are left out. The test split is never read.
"""
import os
import sys
import wave


def table(path):
    with open(path, encoding="utf-8") as f:
        return dict(line.rstrip("\n").split(None, 1) for line in f if line.strip())


def main(root, dictionary, out):
    train = os.path.join(root, "train")
    text, scp, utt2spk = (table(os.path.join(train, n)) for n in ("text", "wav.scp", "utt2spk"))
    age, gender = (table(os.path.join(train, n)) for n in ("spk2age", "spk2gender"))
    with open(dictionary, encoding="utf-8") as f:
        words = {line.split()[0].split("(")[0] for line in f if line.strip()}
    speakers = sorted(age, key=lambda s: (int(age[s]), s))
    dev = set(speakers[4::10])
    os.makedirs(out, exist_ok=True)
    kept = dropped = 0
    with open(os.path.join(out, "train.fileids"), "w") as ids, open(os.path.join(out, "train.transcription"), "w") as trn, \
            open(os.path.join(out, "dev.fileids"), "w") as dev_ids, open(os.path.join(out, "dev.transcription"), "w") as dev_trn, \
            open(os.path.join(out, "dev.tsv"), "w") as manifest:
        manifest.write("file\tutterance_id\tspeaker_id\tgender\tage\tduration_s\ttranscript\n")
        for utt in sorted(text):
            sentence = text[utt].split()
            speaker = utt2spk[utt]
            path = scp[utt]
            lower = [w.lower() for w in sentence]
            known = all(w in words for w in lower)
            if speaker in dev:
                if known:
                    dev_ids.write(os.path.splitext(path)[0].removeprefix("WAVE/") + "\n")
                    dev_trn.write(f"<s> {' '.join(lower)} </s> ({utt})\n")
                with wave.open(os.path.join(root, path)) as w:
                    seconds = w.getnframes() / w.getframerate()
                manifest.write(f"{os.path.relpath(os.path.join(root, path), out)}\t{utt}\t{speaker}\t{gender[speaker]}\t{age[speaker]}\t{seconds:.3f}\t{' '.join(sentence)}\n")
                continue
            if not known:
                dropped += 1
                continue
            kept += 1
            ids.write(os.path.splitext(path)[0].removeprefix("WAVE/") + "\n")
            trn.write(f"<s> {' '.join(lower)} </s> ({utt})\n")
    with open(os.path.join(out, "speakers.tsv"), "w") as f:
        f.write("speaker\tage\tgender\tuse\n")
        for s in speakers:
            f.write(f"{s}\t{age[s]}\t{gender[s]}\t{'dev' if s in dev else 'train'}\n")
    print(f"{kept} training utterances ({len(speakers) - len(dev)} speakers), {dropped} left out for unknown words; "
          f"{len(dev)} development speakers: {' '.join(sorted(dev))}")


if __name__ == "__main__":
    if len(sys.argv) != 4:
        raise SystemExit(__doc__)
    main(*sys.argv[1:])
