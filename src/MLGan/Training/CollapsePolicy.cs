using System.Globalization;
using MLGan.Engine;
using MLGan.Training;

namespace MLGan;

/// <summary>
/// What the collapse monitor does when its diversity check confirms a collapse (<see cref="CollapseMonitorOptions.Policy"/>):
/// <see cref="Warn"/>, <see cref="Stop"/> or <see cref="RollBack"/>. A policy is a small object rather than an enum so that
/// policies that react in other ways (e.g. by switching a remedy on) can be added without touching the trainer.
/// </summary>
public abstract class CollapsePolicy
{
    private protected CollapsePolicy(string name) => Name = name;

    /// <summary>Log a warning and report it in <see cref="GanProgress.Warnings"/>; keep training.</summary>
    public static CollapsePolicy Warn { get; } = new WarnPolicy();

    /// <summary>Stop training and keep the generator as it is.</summary>
    public static CollapsePolicy Stop { get; } = new StopPolicy();

    /// <summary>Stop training and restore the generator of the check with the best coverage so far.</summary>
    public static CollapsePolicy RollBack { get; } = new RollBackPolicy();

    /// <summary>The policy's name (Warn, Stop, RollBack).</summary>
    public string Name { get; }

    /// <summary>
    /// Acts on a confirmed collapse at <paramref name="step"/>; adds what it did to <paramref name="warnings"/>; returns
    /// whether training stops. It gets the run, so a policy may also change its schedulable weights and rates.
    /// </summary>
    internal abstract bool Act(CollapseMonitor monitor, TrainingRun run, int step, string reasons, List<string> warnings);

    /// <inheritdoc/>
    public override string ToString() => Name;

    private sealed class WarnPolicy() : CollapsePolicy(nameof(Warn))
    {
        internal override bool Act(CollapseMonitor monitor, TrainingRun run, int step, string reasons, List<string> warnings)
        {
            warnings.Add($"collapse confirmed: {reasons}");
            return false;
        }
    }

    private sealed class StopPolicy() : CollapsePolicy(nameof(Stop))
    {
        internal override bool Act(CollapseMonitor monitor, TrainingRun run, int step, string reasons, List<string> warnings)
        {
            warnings.Add($"collapse confirmed ({reasons}); training stopped at step {step}");
            return true;
        }
    }

    private sealed class RollBackPolicy() : CollapsePolicy(nameof(RollBack))
    {
        internal override bool Act(CollapseMonitor monitor, TrainingRun run, int step, string reasons, List<string> warnings)
        {
            monitor.RestoreBest(run.SamplingGenerator);
            warnings.Add(string.Format(CultureInfo.InvariantCulture,
                "collapse confirmed ({0}); training stopped and the generator rolled back to step {1} (coverage {2:0.00})", reasons, monitor.BestStep, monitor.BestCoverage));
            return true;
        }
    }
}
