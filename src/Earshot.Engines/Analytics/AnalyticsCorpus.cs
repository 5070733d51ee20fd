using System.Globalization;
using System.Text;
using Earshot.Text.Tables;

namespace Earshot.Engines.Analytics;

/// <summary>One recording of the training/evaluation data and its label for each task it takes part in.</summary>
/// <param name="Group">Speaker or recording group; a group lies wholly on one side of the split.</param>
/// <param name="Split">"train", "test", or "test-children" (gender of speakers under 18: reported, never trained on).</param>
public sealed record CorpusItem(string Path, string Task, string Label, string Group, string Split, bool SpeechOnly);

/// <summary>
/// The labelled data the analytics classifiers are trained and evaluated on, read from the eval folder
/// (<c>speech/</c>, <c>nonspeech/</c>, <c>speakers/</c>, <c>emotion/</c> manifests). The split is fixed by the data, not drawn:
/// EmoDB's own speaker-disjoint split; a stable hash of the group (speaker, or source recording) for the rest. Gender is
/// evaluated only on <c>speakers/</c> (speechocean762's test speakers: adults as "test", children as "test-children"),
/// which is never trained on; it is trained on the adults of speechocean762's training split (speakers disjoint from
/// its test split), EmoDB and <c>speech/</c>.
/// </summary>
public static class AnalyticsCorpus
{
    public static IReadOnlyList<CorpusItem> Load(string evalDirectory, string? speechoceanDirectory = null)
    {
        var items = new List<CorpusItem>();
        LoadNonSpeech(Path.Combine(evalDirectory, "nonspeech"), items);
        var heldOut = LoadSpeakers(Path.Combine(evalDirectory, "speakers"), items);
        LoadSpeech(Path.Combine(evalDirectory, "speech"), heldOut, items);
        LoadEmotion(Path.Combine(evalDirectory, "emotion"), items);
        if (speechoceanDirectory is not null)
            LoadSpeechocean(speechoceanDirectory, heldOut, items);
        return items;
    }

    /// <summary>Stable 70/30 split of a group name (FNV-1a), so a speaker or recording never straddles it.</summary>
    public static string HashSplit(string group)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(group))
            hash = (hash ^ b) * 16777619u;
        return hash % 10 < 3 ? "test" : "train";
    }

    private static void LoadNonSpeech(string folder, List<CorpusItem> items)
    {
        foreach (var row in Rows(folder))
        {
            var label = row["class"] switch { "music" => "music", "speech" => "speech", _ => "other" };
            var group = "nonspeech:" + row["group"];
            items.Add(new(Path.Combine(folder, row["file"]), "speech", label, group, HashSplit(group), label == "speech"));
        }
    }

    private static void LoadSpeech(string folder, HashSet<string> heldOut, List<CorpusItem> items)
    {
        foreach (var row in Rows(folder))
        {
            var path = Path.Combine(folder, row["file"]);
            var group = "speech:" + row["speaker_id"];
            items.Add(new(path, "speech", "speech", group, HashSplit(group), true));
            var age = AgeIn(row["dataset"]);
            var gender = row["gender"] switch { "M" => "male", "F" => "female", _ => null };
            // Adults only, and none of the evaluation speakers (speechocean762 speakers also appear in speakers/).
            if (gender is not null && age is null or >= 18 && !heldOut.Contains(row["speaker_id"].Split('-')[^1]))
                items.Add(new(path, "gender", gender, group, "train", true));
        }
    }

    /// <summary>Evaluation only: every speaker of <c>speakers/</c> is held out. Returns their ids.</summary>
    private static HashSet<string> LoadSpeakers(string folder, List<CorpusItem> items)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in Rows(folder))
        {
            var age = int.Parse(row["age"], CultureInfo.InvariantCulture);
            var gender = row["gender"] == "m" ? "male" : "female";
            items.Add(new(Path.Combine(folder, row["file"]), "gender", gender, "speakers:" + row["speaker_id"], age < 18 ? "test-children" : "test", true));
            ids.Add(row["speaker_id"]);
        }
        return ids;
    }

    /// <summary>speechocean762's training split (Kaldi layout: train/wav.scp, utt2spk, spk2gender, spk2age): its adults, for gender.</summary>
    private static void LoadSpeechocean(string folder, HashSet<string> heldOut, List<CorpusItem> items)
    {
        var train = Path.Combine(folder, "train");
        var speakerOf = Pairs(Path.Combine(train, "utt2spk"));
        var genderOf = Pairs(Path.Combine(train, "spk2gender"));
        var ageOf = Pairs(Path.Combine(train, "spk2age"));
        foreach (var (utterance, file) in Pairs(Path.Combine(train, "wav.scp")))
        {
            var speaker = speakerOf[utterance];
            if (heldOut.Contains(speaker) || int.Parse(ageOf[speaker], CultureInfo.InvariantCulture) < 18)
                continue;
            var gender = genderOf[speaker] == "m" ? "male" : "female";
            items.Add(new(Path.Combine(folder, file), "gender", gender, "speechocean762-train:" + speaker, "train", true));
        }
    }

    private static Dictionary<string, string> Pairs(string path) =>
        File.ReadLines(path).Select(l => l.Split((char[])[' ', '\t'], 2, StringSplitOptions.RemoveEmptyEntries))
            .Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1].Trim(), StringComparer.Ordinal);

    private static void LoadEmotion(string folder, List<CorpusItem> items)
    {
        foreach (var row in Rows(folder))
        {
            var path = Path.Combine(folder, row["file"]);
            var group = row["speaker_id"];
            var split = row["split"];
            items.Add(new(path, "speech", "speech", group, split, true));
            items.Add(new(path, "gender", row["gender"], group, "train", true));
            if (row["arousal"] is "low" or "neutral" or "high")
                items.Add(new(path, "arousal", row["arousal"], group, split, true));
            var emotion = row["emotion_class"] switch
            {
                "happy" => "happy",
                "angry_irritated" => "irritated",
                "neutral" => "neutral",
                "sad_tired" => "tired",
                _ => null, // fear and disgust have no class of their own among the seed's emotions
            };
            if (emotion is not null)
                items.Add(new(path, "emotions", emotion, group, split, true));
        }
    }

    private static int? AgeIn(string text)
    {
        var at = text.IndexOf("age ", StringComparison.Ordinal);
        if (at < 0)
            return null;
        var digits = new string(text[(at + 4)..].TakeWhile(char.IsDigit).ToArray());
        return digits.Length > 0 ? int.Parse(digits, CultureInfo.InvariantCulture) : null;
    }

    private static IEnumerable<TsvRow> Rows(string folder) => TsvTable.Read(Path.Combine(folder, "manifest.tsv")).Rows;
}
