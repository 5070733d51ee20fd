using System.Globalization;
using System.Text;

namespace Earshot.Engines.Analytics;

/// <summary>One recording of the training/evaluation data and its label for each task it takes part in.</summary>
/// <param name="Group">Speaker or recording group; a group lies wholly on one side of the split.</param>
/// <param name="Split">"train", "test", or "test-children" (gender of speakers under 18: reported, never trained on).</param>
public sealed record CorpusItem(string Path, string Task, string Label, string Group, string Split, bool SpeechOnly);

/// <summary>
/// The labelled data the analytics classifiers are trained and evaluated on, read from the eval folder
/// (<c>speech/</c>, <c>nonspeech/</c>, <c>speakers/</c>, <c>emotion/</c> manifests). The split is fixed by the data, not drawn:
/// EmoDB's own speaker-disjoint split; a stable hash of the group (speaker, or source recording) for the rest; and for
/// gender a fixed list of held-out speakers of <c>speakers/</c>.
/// </summary>
public static class AnalyticsCorpus
{
    /// <summary>Adult speakers of <c>speakers/</c> held out from gender training (3 women, 5 men).</summary>
    public static readonly string[] GenderTestSpeakers = ["0120", "2451", "9617", "0981", "1186", "1408", "2355", "9626"];

    public static IReadOnlyList<CorpusItem> Load(string evalDirectory)
    {
        var items = new List<CorpusItem>();
        LoadNonSpeech(Path.Combine(evalDirectory, "nonspeech"), items);
        LoadSpeech(Path.Combine(evalDirectory, "speech"), items);
        LoadSpeakers(Path.Combine(evalDirectory, "speakers"), items);
        LoadEmotion(Path.Combine(evalDirectory, "emotion"), items);
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

    private static void LoadSpeech(string folder, List<CorpusItem> items)
    {
        foreach (var row in Rows(folder))
        {
            var path = Path.Combine(folder, row["file"]);
            var group = "speech:" + row["speaker_id"];
            items.Add(new(path, "speech", "speech", group, HashSplit(group), true));
            var age = AgeIn(row["dataset"]);
            var gender = row["gender"] switch { "M" => "male", "F" => "female", _ => null };
            // speechocean762 children share the speakers/ corpus; adults only, and none of the held-out speakers.
            if (gender is not null && age is null or >= 18 && !GenderTestSpeakers.Any(s => row["speaker_id"].EndsWith("-" + s, StringComparison.Ordinal)))
                items.Add(new(path, "gender", gender, group, "train", true));
        }
    }

    private static void LoadSpeakers(string folder, List<CorpusItem> items)
    {
        foreach (var row in Rows(folder))
        {
            var age = int.Parse(row["age"], CultureInfo.InvariantCulture);
            var split = age < 18 ? "test-children" : GenderTestSpeakers.Contains(row["speaker_id"]) ? "test" : "train";
            var gender = row["gender"] == "m" ? "male" : "female";
            items.Add(new(Path.Combine(folder, row["file"]), "gender", gender, "speakers:" + row["speaker_id"], split, true));
        }
    }

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

    private static IEnumerable<Dictionary<string, string>> Rows(string folder)
    {
        var lines = File.ReadAllLines(Path.Combine(folder, "manifest.tsv"));
        var header = lines[0].Split('\t');
        foreach (var line in lines.Skip(1).Where(l => l.Length > 0))
        {
            var cells = line.Split('\t');
            yield return header.Select((h, i) => (h, v: i < cells.Length ? cells[i] : "")).ToDictionary(p => p.h, p => p.v);
        }
    }
}
