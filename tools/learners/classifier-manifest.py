#!/usr/bin/env python3
"""Writes the manifest the learners' reading classifier is trained on: one recording of every training speaker (the
third of its utterances in id order; development speakers, chosen by prepare.py, are left out), so that the training
command's two folds by recording are also speaker-disjoint.
usage: classifier-manifest.py SPEECHOCEAN762_DIR WORK_DIR  (WORK_DIR holds prepare.py's speakers.tsv)"""
import os
import sys

data, work = sys.argv[1], sys.argv[2]
use = {}
with open(os.path.join(work, "speakers.tsv")) as f:
    next(f)
    for line in f:
        speaker, age, gender, role = line.split()
        use[speaker] = (role, age, gender)
def table(name):
    with open(os.path.join(data, "train", name)) as f:
        return dict(line.rstrip("\n").split(maxsplit=1) for line in f if line.strip())
text, utt2spk, wav = table("text"), table("utt2spk"), table("wav.scp")
seen, rows = {}, []
for utt in sorted(text):
    speaker = utt2spk[utt]
    if use[speaker][0] != "train":
        continue
    seen[speaker] = seen.get(speaker, 0) + 1
    if seen[speaker] == 3:
        role, age, gender = use[speaker]
        rows.append((os.path.join(os.path.abspath(data), wav[utt]), utt, speaker, gender, age, text[utt]))
with open(os.path.join(work, "classifier.tsv"), "w") as f:
    f.write("file\tutterance_id\tspeaker_id\tgender\tage\ttranscript\n")
    f.writelines("\t".join(r) + "\n" for r in rows)
print(f"{len(rows)} recordings in {os.path.join(work, 'classifier.tsv')}")
