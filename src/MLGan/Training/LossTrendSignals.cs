using System.Globalization;
using MLGan.Objectives;

namespace MLGan.Training;

/// <summary>
/// Early warnings read from the loss history: hints that often accompany collapse, reported but never a
/// verdict (the diversity check confirms or dismisses them).
/// <list type="bullet">
/// <item>the discriminator loss near zero (it wins; for classifier-style objectives);</item>
/// <item>the generator loss falling over the last reports, by at least 5% in all, while the discriminator loss stays
/// flat (a fall too small to see is no sign; a healthy run's losses drift like that);</item>
/// <item>the generator's gradient vanishing: 1000 times smaller than the smallest norm of the first reports, so an
/// early explosion is never taken for the reference (exploding and non-finite norms are divergence, which
/// <see cref="DivergenceGuard"/> reports as such).</item>
/// </list>
/// </summary>
internal sealed class LossTrendSignals(GanLoss loss) : IReportHook
{
    public const int Window = 5;
    private const double NearZeroLoss = 0.05;
    private const double FlatChange = 0.05;
    private const double SmallestFall = 0.05;
    private const double VanishingShare = 1e-3;

    public void OnReport(ProgressReport report) => report.Warnings.AddRange(Check(report.History.Append(report.Snapshot).ToList()));

    public List<string> Check(IReadOnlyList<GanProgress> history)
    {
        var warnings = new List<string>();
        if (history.Count == 0)
            return warnings;
        var last = history[^1];
        var c = CultureInfo.InvariantCulture;
        if (AdversarialObjective.TraitsOf(loss).IsClassifier && last.DiscriminatorLoss < NearZeroLoss)
            warnings.Add(string.Format(c, "discriminator loss {0:0.0000} is near zero: it separates real from generated rows and the generator's gradient may vanish", last.DiscriminatorLoss));

        if (history.Count >= Window)
        {
            var recent = history.Skip(history.Count - Window).ToArray();
            double gFirst = recent[0].GeneratorLoss;
            bool falling = recent.Zip(recent.Skip(1)).All(p => p.Second.GeneratorLoss < p.First.GeneratorLoss)
                && gFirst - recent[^1].GeneratorLoss >= SmallestFall * Math.Max(Math.Abs(gFirst), 1e-6);
            double dFirst = recent[0].DiscriminatorLoss, dLast = recent[^1].DiscriminatorLoss;
            bool flat = Math.Abs(dLast - dFirst) <= FlatChange * Math.Max(Math.Abs(dFirst), 1e-6);
            if (falling && flat)
                warnings.Add(string.Format(c, "generator loss fell over the last {0} reports ({1:0.000} -> {2:0.000}) while the discriminator loss stayed flat",
                    Window, recent[0].GeneratorLoss, recent[^1].GeneratorLoss));
        }

        var early = history.Take(Math.Min(Window, history.Count - 1)).ToArray();
        if (early.Length == 0 || history.Any(h => !double.IsFinite(h.GeneratorGradientNorm) || h.GeneratorGradientNorm > DivergenceGuard.GradientNormLimit))
            return warnings;
        var reference = early.MinBy(h => h.GeneratorGradientNorm)!;
        if (reference.GeneratorGradientNorm > 0 && last.GeneratorGradientNorm < VanishingShare * reference.GeneratorGradientNorm)
            warnings.Add(string.Format(c, "generator gradient norm {0:0.0e0} has vanished (it was {1:0.0e0} at step {2})", last.GeneratorGradientNorm, reference.GeneratorGradientNorm, reference.Step));
        return warnings;
    }
}
