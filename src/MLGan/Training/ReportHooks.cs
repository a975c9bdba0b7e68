using MLGan.Engine;

namespace MLGan.Training;

/// <summary>What the hooks of one progress report see and change.</summary>
internal sealed class ProgressReport(TrainingRun run, int step, bool isLast, GanProgress snapshot, IReadOnlyList<GanProgress> history)
{
    public TrainingRun Run => run;

    public int Step => step;

    /// <summary>Whether this is the run's last planned step.</summary>
    public bool IsLast => isLast;

    /// <summary>The entry this report adds to the history; hooks may attach measurements to it.</summary>
    public GanProgress Snapshot { get; set; } = snapshot;

    /// <summary>The history before this report.</summary>
    public IReadOnlyList<GanProgress> History => history;

    /// <summary>Warnings of this report, in the order the hooks added them.</summary>
    public List<string> Warnings { get; } = new();

    /// <summary>Set by a hook to end training after this report.</summary>
    public bool Stop { get; set; }

    /// <summary>Set by a hook that put the run back to an earlier step (its state is already restored): training continues from there.</summary>
    public int? RollBackTo { get; set; }

    /// <summary>Steps a hook added to the end of the run.</summary>
    public int ExtendBy { get; set; }
}

/// <summary>
/// Runs at progress reports (every <see cref="GanRunOptions.ReportInterval"/> steps, at the last step, and when a hook
/// asks for one): divergence detection, loss-trend warnings and the collapse monitor, in that order.
/// </summary>
internal interface IReportHook
{
    /// <summary>Whether the hook needs a report at <paramref name="step"/> besides the regular ones.</summary>
    bool WantsReport(int step) => false;

    /// <summary>At a report: may add warnings and measurements, ask to stop, or throw.</summary>
    void OnReport(ProgressReport report);

    /// <summary>After the report's entry is in the history.</summary>
    void AfterReport(ProgressReport report) { }
}
