namespace Earshot.Server.Recordings;

/// <summary>
/// Turns the keyphrase spotter's raw confidence into the probability that the keyword was really said there: a logistic
/// model of the raw confidence's logit and the keyword's length in phones (short keywords are found in many other words),
/// fitted on the eval set's acoustic hits (<c>earshot-lab eval keywords --fit</c>, docs/transcription-analytics.md).
/// The raw value says little: on the eval set it lies between 0.84 and 0.97 for true and false hits alike.
/// </summary>
public sealed class AcousticCalibration
{
    public double Intercept { get; set; } = DefaultIntercept;

    /// <summary>Weight of ln(c / (1 - c)) of the raw confidence c.</summary>
    public double ConfidenceWeight { get; set; } = DefaultConfidenceWeight;

    /// <summary>Weight of the keyword's phone count.</summary>
    public double PhoneWeight { get; set; } = DefaultPhoneWeight;

    // Fitted on the 175 acoustic-only hits of the 33 eval utterances, 8 said + 20 unsaid keywords each, seed 11,
    // threshold 1e-10 (docs/transcription-analytics.md).
    public const double DefaultIntercept = -5.869;
    public const double DefaultConfidenceWeight = 2.669;
    public const double DefaultPhoneWeight = 0.120;

    public double Probability(double rawConfidence, int phones)
    {
        var c = Math.Clamp(rawConfidence, 1e-6, 1 - 1e-6);
        var z = Intercept + ConfidenceWeight * Math.Log(c / (1 - c)) + PhoneWeight * phones;
        return 1 / (1 + Math.Exp(-z));
    }

    /// <summary>Fits the three weights by maximum likelihood (Newton's method, a little ridge on the two slopes).</summary>
    public static AcousticCalibration Fit(IReadOnlyList<(double RawConfidence, int Phones, bool Said)> hits)
    {
        var w = new double[3];
        for (var iteration = 0; iteration < 50; iteration++)
        {
            var gradient = new double[3];
            var hessian = new double[3, 3];
            foreach (var (raw, phones, said) in hits)
            {
                var x = Features(raw, phones);
                var p = 1 / (1 + Math.Exp(-(w[0] * x[0] + w[1] * x[1] + w[2] * x[2])));
                for (var i = 0; i < 3; i++)
                {
                    gradient[i] += (p - (said ? 1 : 0)) * x[i];
                    for (var j = 0; j < 3; j++)
                        hessian[i, j] += p * (1 - p) * x[i] * x[j];
                }
            }
            for (var i = 1; i < 3; i++)
            {
                gradient[i] += 1e-3 * w[i];
                hessian[i, i] += 1e-3;
            }
            var step = Solve(hessian, gradient);
            for (var i = 0; i < 3; i++)
                w[i] -= step[i];
            if (step.Sum(Math.Abs) < 1e-9)
                break;
        }
        return new AcousticCalibration { Intercept = w[0], ConfidenceWeight = w[1], PhoneWeight = w[2] };
    }

    private static double[] Features(double raw, int phones)
    {
        var c = Math.Clamp(raw, 1e-6, 1 - 1e-6);
        return [1, Math.Log(c / (1 - c)), phones];
    }

    /// <summary>Gaussian elimination with partial pivoting on a 3 × 3 system.</summary>
    private static double[] Solve(double[,] a, double[] b)
    {
        var n = b.Length;
        var m = new double[n, n + 1];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
                m[i, j] = a[i, j];
            m[i, n] = b[i];
        }
        for (var col = 0; col < n; col++)
        {
            var pivot = Enumerable.Range(col, n - col).MaxBy(r => Math.Abs(m[r, col]));
            for (var j = 0; j <= n; j++)
                (m[col, j], m[pivot, j]) = (m[pivot, j], m[col, j]);
            for (var r = 0; r < n; r++)
            {
                if (r == col || m[col, col] == 0)
                    continue;
                var factor = m[r, col] / m[col, col];
                for (var j = col; j <= n; j++)
                    m[r, j] -= factor * m[col, j];
            }
        }
        return Enumerable.Range(0, n).Select(i => m[i, i] == 0 ? 0 : m[i, n] / m[i, i]).ToArray();
    }
}
