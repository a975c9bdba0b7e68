using MLGan.Data;
using MLGan.Persistence;

namespace MLGan.Training;

/// <summary>
/// Writes a checkpoint (<see cref="GanRunOptions.Checkpoint"/>) after the reports at its interval, at the last step and when
/// a collapse policy stops training: after the report's history entry and the divergence guard's healthy snapshot.
/// </summary>
internal sealed class CheckpointWriter(CheckpointOptions checkpoint, GanOptions options, IFeatureCodec codec, FeatureTable table, int seed,
    CollapseMonitor? monitor, List<GanProgress> history) : IReportHook
{
    private readonly ulong _fingerprint = CheckpointFormat.Fingerprint(table);

    public bool WantsReport(int step) => step % checkpoint.Interval == 0;

    public void OnReport(ProgressReport report) { }

    public void AfterReport(ProgressReport report)
    {
        if (!WantsReport(report.Step) && !report.IsLast && !report.Stop)
            return;
        // The run's total now: steps an automatic remedy added are part of it.
        var manifest = new CheckpointManifest(report.Step, report.Run.Plan.TotalSteps, seed, table.Rows, table.Size, _fingerprint, history[^1].ElapsedSeconds);
        CheckpointFormat.Write(checkpoint.Path, manifest, options, codec, history, report.Run.WriteState, monitor is null ? null : monitor.WriteState);
    }

    /// <summary>
    /// Refuses to resume <paramref name="resumed"/> with other data or other options: only the schedule's length
    /// (<see cref="GanScheduleOptions.Epochs"/>, <see cref="GanScheduleOptions.MaxSteps"/>) and the run settings may differ.
    /// </summary>
    public static void CheckResumable(Checkpoint resumed, string path, GanOptions options, FeatureTable table)
    {
        var m = resumed.Manifest;
        if (table.Rows != m.Rows || table.Size != m.FeatureSize)
            throw new ArgumentException(
                $"The checkpoint '{path}' was written for other training data: {m.Rows} rows of {m.FeatureSize} values, and this data has {table.Rows} rows of {table.Size}. " +
                "Resume with the data it was trained on.", "GanOptions.Run.ResumeFrom");
        if (CheckpointFormat.Fingerprint(table) != m.DataFingerprint)
            throw new ArgumentException(
                $"The checkpoint '{path}' was written for other training data: the sizes match ({m.Rows} rows of {m.FeatureSize} values) but the values differ. " +
                "Resume with the data it was trained on, in the same order.", "GanOptions.Run.ResumeFrom");
        static GanOptions Comparable(GanOptions o)
        {
            var copy = o.Clone();
            copy.Schedule.Epochs = 0;
            copy.Schedule.MaxSteps = null;
            return copy;
        }
        GanOptions mine = Comparable(options), theirs = Comparable(resumed.Options);
        foreach (var (group, a, b) in new (string, object?, object?)[]
        {
            ("FeatureColumnName", mine.FeatureColumnName, theirs.FeatureColumnName), ("Networks", mine.Networks, theirs.Networks),
            ("Objective", mine.Objective, theirs.Objective), ("Remedies", mine.Remedies, theirs.Remedies), ("Schedule", mine.Schedule, theirs.Schedule),
        })
        {
            if (OptionsJson.SerializeGroup(a) != OptionsJson.SerializeGroup(b))
                throw new ArgumentException(
                    $"GanOptions.{group} differ from those the checkpoint '{path}' was written with: resume with the same options " +
                    "(Schedule.Epochs and Schedule.MaxSteps may grow, to train for longer; Monitor and Run settings may change, and the checkpoint's seed is kept).", "GanOptions.Run.ResumeFrom");
        }
    }
}
