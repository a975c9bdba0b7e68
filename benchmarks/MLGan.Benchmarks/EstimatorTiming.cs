using Microsoft.ML;

namespace MLGan.Benchmarks;

/// <summary>Times a <see cref="GanEstimator"/> Fit by its own progress reports (the clock MLGan reports, set-up excluded).</summary>
internal static class EstimatorTiming
{
    /// <summary>
    /// Seconds per step between the last report at or before <paramref name="fromStep"/> (the first report when 0) and
    /// the last one, and the training log's line on the libtorch thread count.
    /// </summary>
    public static (double SecondsPerStep, string ThreadLog) Measure(IDataView data, GanOptions options, int fromStep = 0)
    {
        const string ThreadLine = "libtorch threads: ";
        var ml = new MLContext(seed: 1);
        string threadLog = "";
        ml.Log += (_, e) =>
        {
            int at = e.Message.IndexOf(ThreadLine, StringComparison.Ordinal);
            if (at >= 0)
                threadLog = e.Message[(at + ThreadLine.Length)..].TrimEnd('.');
        };
        var reports = new List<GanProgress>();
        using (ml.Gan().Trainers.Gan(options, new SyncProgress(reports.Add)).Fit(data))
        {
        }
        var first = fromStep > 0 ? reports.Last(r => r.Step <= fromStep) : reports[0];
        var last = reports[^1];
        return ((last.ElapsedSeconds - first.ElapsedSeconds) / (last.Step - first.Step), threadLog);
    }
}

/// <summary>Progress reported on the training thread, as it happens (<see cref="Progress{T}"/> would post it later).</summary>
internal sealed class SyncProgress(Action<GanProgress> report) : IProgress<GanProgress>
{
    public void Report(GanProgress value) => report(value);
}
