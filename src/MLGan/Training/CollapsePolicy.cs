using System.Globalization;
using MLGan.Engine;
using MLGan.Training;

namespace MLGan;

/// <summary>
/// What the collapse monitor does when its diversity check confirms a collapse (<see cref="CollapseMonitorOptions.Policy"/>):
/// <see cref="Warn"/>, <see cref="Stop"/>, <see cref="RollBack"/> or <see cref="Escalate"/>. A policy is a small object
/// rather than an enum so that policies that react in other ways can be added without touching the trainer.
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

    /// <summary>
    /// The automatic remedy (opt-in): roll the whole run (both networks, optimizers, random streams) back to the check with
    /// the best coverage since the last change, switch on the next remedy of a fixed ladder, and train on. The ladder, in
    /// order, skipping rungs that change nothing or do not combine with the options: faster Adam (learning rates at least
    /// 1e-3, β₂ at most 0.9); the generator's weight average (EMA 0.999); the R1 penalty (weight 1); the discriminator's
    /// learning rate halved. The order is measured (benchmarks/RESULTS.md, "Automatic remedy"). One escalation per rung; the new settings get
    /// the monitor's warm-up (<see cref="CollapseMonitorOptions.WarmupFraction"/> of the planned steps, at least
    /// <see cref="CollapseMonitorOptions.Patience"/> checks) before the next; rollbacks add at most
    /// the planned number of steps (a 6,000-step run runs at most 12,000), beyond which a rung is climbed without rolling
    /// back. Each change gets time: the run goes on for at least its planned number of steps after it (within the same
    /// cap). A collapsed last check escalates at once; with no rung left it trains on for the cooldown. No steps are added
    /// with <see cref="GanScheduleOptions.LearningRateDecay"/>, whose rates are 0 at the planned end. Each escalation is a warning in the progress reports, the log and the history, and its changes are saved with
    /// the model (<see cref="GanTransformer.ScheduleChanges"/>). History entries keep their step numbers, so after a
    /// rollback the steps of the history restart from the step rolled back to.
    /// </summary>
    public static CollapsePolicy Escalate { get; } = new EscalatePolicy();

    /// <summary>The policy's name (Warn, Stop, RollBack, Escalate).</summary>
    public string Name { get; }

    /// <summary>
    /// Acts on a confirmed collapse at the report's step: adds what it did to the report's warnings, and may stop training
    /// or send it back to an earlier step. It gets the run, so a policy may also change its schedulable weights and rates.
    /// </summary>
    internal abstract void Act(CollapseMonitor monitor, ProgressReport report, string reasons);

    /// <inheritdoc/>
    public override string ToString() => Name;

    private sealed class WarnPolicy() : CollapsePolicy(nameof(Warn))
    {
        internal override void Act(CollapseMonitor monitor, ProgressReport report, string reasons)
            => report.Warnings.Add($"collapse confirmed: {reasons}");
    }

    private sealed class StopPolicy() : CollapsePolicy(nameof(Stop))
    {
        internal override void Act(CollapseMonitor monitor, ProgressReport report, string reasons)
        {
            report.Warnings.Add($"collapse confirmed ({reasons}); training stopped at step {report.Step}");
            report.Stop = true;
        }
    }

    private sealed class RollBackPolicy() : CollapsePolicy(nameof(RollBack))
    {
        internal override void Act(CollapseMonitor monitor, ProgressReport report, string reasons)
        {
            monitor.RestoreBest(report.Run.SamplingGenerator);
            report.Warnings.Add(string.Format(CultureInfo.InvariantCulture,
                "collapse confirmed ({0}); training stopped and the generator rolled back to step {1} (coverage {2:0.00})", reasons, monitor.BestStep, monitor.BestCoverage));
            report.Stop = true;
        }
    }

    private sealed class EscalatePolicy() : CollapsePolicy(nameof(Escalate))
    {
        internal override void Act(CollapseMonitor monitor, ProgressReport report, string reasons)
        {
            if (monitor.Escalation!.Escalate(report.Run, report.Step, report.IsLast, reasons, report.Warnings) is { } outcome)
            {
                report.RollBackTo = outcome.ContinueFrom;
                report.ExtendBy = outcome.Extension;
                monitor.RestartAt(outcome.ContinueFrom);
            }
        }
    }
}
