using System.Globalization;
using System.Text;

namespace Earshot.Engines.Analytics;

/// <summary>Accuracy and confusion matrix of one classifier on one split.</summary>
public sealed record ClassifierScore(string Task, string Split, string[] Classes, int[,] Confusion, int Windows, double Accuracy, double Chance,
    double BalancedAccuracy, int Groups, int Unanswered = 0, int LeftOut = 0)
{
    public string Format()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture,
            $"{Task} [{Split}]: {Windows} windows from {Groups} speakers/recordings; accuracy {Accuracy:P1}, balanced {BalancedAccuracy:P1}, chance (majority class) {Chance:P1}");
        if (Unanswered > 0)
            text.Append(CultureInfo.InvariantCulture, $"; {Unanswered} answered unknown, counted wrong");
        if (LeftOut > 0)
            text.Append(CultureInfo.InvariantCulture, $"; {LeftOut} silence/no_speech steps left out");
        text.AppendLine();
        var width = Math.Max(10, Classes.Max(c => c.Length) + 2);
        text.Append("  truth \\ said".PadRight(width + 2));
        foreach (var c in Classes)
            text.Append(c.PadLeft(width));
        text.AppendLine();
        for (var t = 0; t < Classes.Length; t++)
        {
            text.Append(("  " + Classes[t]).PadRight(width + 2));
            for (var p = 0; p < Classes.Length; p++)
                text.Append(Confusion[t, p].ToString(CultureInfo.InvariantCulture).PadLeft(width));
            text.AppendLine();
        }
        return text.ToString();
    }
}

/// <summary>Scores classifiers on the labelled windows of a split (what `earshot-lab eval analytics` prints).</summary>
public static class AnalyticsEvaluation
{
    public static ClassifierScore? Score(DenseClassifier classifier, IEnumerable<LabelledWindow> windows, string split)
    {
        var chosen = windows.Where(w => w.Task == classifier.Name && w.Split == split && classifier.Classes.Contains(w.Label)).ToList();
        if (chosen.Count == 0)
            return null;
        var classes = classifier.Classes;
        var confusion = new int[classes.Length, classes.Length];
        var correct = 0;
        foreach (var window in chosen)
        {
            var truth = Array.IndexOf(classes, window.Label);
            // A window without the input the classifier needs (no voiceprint: too little voiced audio) is answered
            // "unknown" by the server; here it counts as wrong and is not in the matrix.
            if (window.InputFor(classifier.Input) is not { } input)
                continue;
            var said = AnalyticsModelSet.ArgMax(classifier.Predict(input));
            confusion[truth, said]++;
            if (truth == said)
                correct++;
        }
        var unanswered = chosen.Count(w => w.InputFor(classifier.Input) is null);
        var perClass = Enumerable.Range(0, classes.Length).Select(t => Enumerable.Range(0, classes.Length).Sum(p => confusion[t, p])).ToArray();
        var recalls = Enumerable.Range(0, classes.Length).Where(t => perClass[t] > 0).Select(t => (double)confusion[t, t] / perClass[t]).ToList();
        return new ClassifierScore(classifier.Name, split, classes, confusion, chosen.Count, (double)correct / chosen.Count,
            (double)perClass.Max() / (chosen.Count - unanswered), recalls.Average(), chosen.Select(w => w.Group).Distinct().Count(), unanswered);
    }
}
