using System.Globalization;
using MLGan.Engine;

namespace MLGan.Training;

/// <summary>
/// <see cref="CollapsePolicy.Escalate"/> during one run. After every monitor check it keeps the run's whole state (weights,
/// optimizers, samplers, random streams) when the check has the best coverage since the last escalation. On a confirmed
/// collapse it returns the run to that state and climbs the next rung of <see cref="EscalationLadder"/> that applies.
/// Hysteresis: the monitor's streak starts again, and the new settings get <c>cooldownSteps</c> steps (the monitor's
/// warm-up, at least its patience) before the next escalation; the run goes on for at least its planned number of steps
/// after each change. A collapsed last check escalates at once (patience and cooldown waived). Caps: one escalation per
/// rung, and rollbacks and added steps together at most <see cref="MaxExtraStepsFactor"/> times the planned steps (a
/// 6,000-step run runs at most 12,000); when a rollback would pass that, the rung is climbed where training stands.
/// </summary>
internal sealed class Escalation(GanOptions requested, int totalSteps, int cooldownSteps)
{
    private readonly GanOptions _requested = requested;

    /// <summary>Steps that rollbacks and extensions may add, as a share of the planned steps.</summary>
    public const double MaxExtraStepsFactor = 1;

    private GanOptions _current = requested.Clone();
    private int _nextRung, _escalations, _extraSteps, _quietUntil;
    private byte[]? _best;
    private double _bestCoverage;
    private int _bestStep;
    private readonly List<ScheduleChange> _changes = new();

    /// <summary>What an escalation did to the schedule: the step training continues from, and the steps added at the end.</summary>
    public readonly record struct Outcome(int ContinueFrom, int Extension);

    /// <summary>Every setting changed so far, in order.</summary>
    public IReadOnlyList<ScheduleChange> Changes => _changes;

    /// <summary>After a monitor check at a report: keeps the run's state when the check has the best coverage since the last escalation.</summary>
    public void Observe(TrainingRun run, int step, double coverage)
    {
        if (_best is not null && !(coverage > _bestCoverage))
            return;
        _best = RunState.Capture(run.WriteState);
        (_bestCoverage, _bestStep) = (coverage, step);
    }

    /// <summary>
    /// On a confirmed collapse at <paramref name="step"/>, or a collapsed last check (<paramref name="atEnd"/>): climbs the next
    /// rung, rolling back to the best state since the last change when the step budget allows, and adds steps so that the
    /// run goes on for its planned number of steps after the change (within the budget); at the end with no rung left it
    /// trains on as it is for the cooldown. Says what it did in <paramref name="warnings"/>; null when it did nothing.
    /// </summary>
    public Outcome? Escalate(TrainingRun run, int step, bool atEnd, string reasons, List<string> warnings)
    {
        if (!atEnd && step < _quietUntil)
        {
            warnings.Add(string.Format(CultureInfo.InvariantCulture,
                "collapse confirmed ({0}); the settings of escalation {1} get until step {2} before the next", reasons, _escalations, _quietUntil));
            return null;
        }
        int budget = (int)(MaxExtraStepsFactor * totalSteps) - _extraSteps;
        if (atEnd && (budget <= 0 || _requested.Schedule.LearningRateDecay))
        {
            warnings.Add(string.Format(CultureInfo.InvariantCulture, "collapsed at the last check ({0}); the Escalate policy cannot add steps ({1})", reasons,
                budget <= 0 ? $"its {MaxExtraStepsFactor * totalSteps} extra steps are spent" : "the learning rates have decayed to 0 (Schedule.LearningRateDecay)"));
            return null;
        }
        GanOptions? next = null;
        EscalationRung? rung = null;
        while (next is null && _nextRung < EscalationLadder.Rungs.Length)
        {
            rung = EscalationLadder.Rungs[_nextRung++];
            next = EscalationLadder.Climb(_current, rung);
        }
        if (next is null && !atEnd)
        {
            warnings.Add(string.Format(CultureInfo.InvariantCulture,
                "collapse confirmed ({0}); the Escalate policy has no rung left to climb after {1} escalation(s): {2}", reasons, _escalations, Describe(_changes)));
            return null;
        }

        // Back to the best state since the last change, when there is one to go back to and the budget allows (with no
        // new rung, going back would only repeat the same steps).
        int back = step;
        string where = _best is null ? "where training stood (no check since the last change to go back to)"
            : "where training stood (this check is the best since the last change)";
        if (next is not null && _best is not null && _bestStep < step)
        {
            if (step - _bestStep <= budget - (atEnd ? 1 : 0))
            {
                RunState.Restore(_best, run.ReadState);
                _extraSteps += step - _bestStep;
                budget -= step - _bestStep;
                back = _bestStep;
                where = string.Format(CultureInfo.InvariantCulture, "after rolling back to step {0} (coverage {1:0.00}, the best since the last change)", back, _bestCoverage);
            }
            else
            {
                where = string.Format(CultureInfo.InvariantCulture, "where training stood (a rollback to step {0} would pass the cap of {1} extra steps)",
                    _bestStep, MaxExtraStepsFactor * totalSteps);
            }
        }
        // Time for the new settings: the run goes on for at least its planned steps after the change (with no new rung, for
        // the cooldown), within the budget.
        int end = run.Plan.TotalSteps;
        int extension = _requested.Schedule.LearningRateDecay ? 0 : Math.Clamp((next is null ? end + cooldownSteps : back + totalSteps) - end, 0, budget);
        _extraSteps += extension;
        int wanted = next is null ? cooldownSteps : back + totalSteps - end;
        string added = extension > 0 ? string.Format(CultureInfo.InvariantCulture, "; {0} steps added at the end{1}", extension,
                extension < wanted ? string.Format(CultureInfo.InvariantCulture, " (not {0}: the cap of {1} extra steps is reached)", wanted, MaxExtraStepsFactor * totalSteps) : "")
            : _requested.Schedule.LearningRateDecay ? "; no steps added (Schedule.LearningRateDecay ends at the planned step)"
            : budget <= 0 ? string.Format(CultureInfo.InvariantCulture, "; no steps added (the cap of {0} extra steps is reached)", MaxExtraStepsFactor * totalSteps)
            : "";
        if (next is null)
        {
            warnings.Add(string.Format(CultureInfo.InvariantCulture,
                "collapsed at the last check ({0}); no rung of the Escalate policy is left, so it trains on as it is{1}", reasons, added));
            return new Outcome(back, extension);
        }
        var changes = EscalationLadder.Changes(_current, next, back);
        Apply(run, _current, next);
        _current = next;
        _changes.AddRange(changes);
        _escalations++;
        _quietUntil = back + cooldownSteps;
        _best = null;
        warnings.Add(string.Format(CultureInfo.InvariantCulture,
            "collapse {0} at step {1} ({2}); escalation {3}: {4} {5}: {6}{7}", atEnd ? "at the last check" : "confirmed", step, reasons, _escalations, rung!.Name, where, Describe(changes), added));
        return new Outcome(back, extension);
    }

    /// <summary>Brings a run restored from a checkpoint to the settings of the escalations made before it.</summary>
    public void Reapply(TrainingRun run) => ApplyBetas(run, _current);

    private static void Apply(TrainingRun run, GanOptions before, GanOptions after)
    {
        foreach (var setting in EscalationLadder.Settings.Where(s => s.Read(before) != s.Read(after)))
        {
            switch (setting.Kind)
            {
                case SettingKind.Dormant:
                    foreach (var (part, armed) in run.Plan.Dormant.Where(d => d.Part.Option == setting.Path))
                        part.Value.Value = armed;
                    break;
                case SettingKind.LearningRate:
                    run.ScaleLearningRates(Players(run, setting.Role!), setting.Read(after) / setting.Read(before));
                    break;
            }
        }
        ApplyBetas(run, after);
    }

    private static void ApplyBetas(TrainingRun run, GanOptions options)
    {
        run.SetAdamBetas(Players(run, TrainingPlan.GeneratorName), options.Schedule.Generator.Beta1, options.Schedule.Generator.Beta2);
        run.SetAdamBetas(Players(run, TrainingPlan.DiscriminatorName), options.Schedule.Discriminator.Beta1, options.Schedule.Discriminator.Beta2);
    }

    /// <summary>
    /// The players that <c>Schedule.Generator</c> or <c>Schedule.Discriminator</c> set up: those the role's phase updates
    /// (with VEEGAN's reconstructor beside the generator, with GMAN every discriminator).
    /// </summary>
    private static IReadOnlyList<string> Players(TrainingRun run, string role)
        => role == TrainingPlan.GeneratorName ? run.Plan.GeneratorPhase.Updates : run.Plan.DiscriminatorPhase.Updates;

    private static string Describe(IEnumerable<ScheduleChange> changes)
    {
        var text = string.Join(", ", changes.Select(c => string.Format(CultureInfo.InvariantCulture, "{0} = {1:G4}", c.Setting, c.Value)));
        return text.Length == 0 ? "nothing changed" : text;
    }

    public void WriteState(BinaryWriter writer)
    {
        writer.Write(_nextRung);
        writer.Write(_escalations);
        writer.Write(_extraSteps);
        writer.Write(_quietUntil);
        Persistence.SectionPayloads.WriteChanges(writer, _changes);
        writer.Write(_best is not null);
        if (_best is null)
            return;
        writer.Write(_bestCoverage);
        writer.Write(_bestStep);
        RunState.WriteBlock(writer, w => w.Write(_best));
    }

    public void ReadState(BinaryReader reader)
    {
        int next = reader.ReadInt32();
        if (next < 0 || next > EscalationLadder.Rungs.Length)
            throw new InvalidDataException($"the escalation state names rung {next} of {EscalationLadder.Rungs.Length}");
        _current = _requested;
        for (_nextRung = 0; _nextRung < next; _nextRung++)
            _current = EscalationLadder.Climb(_current, EscalationLadder.Rungs[_nextRung]) ?? _current;
        _escalations = reader.ReadInt32();
        _extraSteps = reader.ReadInt32();
        _quietUntil = reader.ReadInt32();
        _changes.Clear();
        _changes.AddRange(Persistence.SectionPayloads.ReadChanges(reader));
        _best = null;
        if (!reader.ReadBoolean())
            return;
        _bestCoverage = reader.ReadDouble();
        _bestStep = reader.ReadInt32();
        RunState.ReadBlock(reader, "escalation's best run", r => _best = r.ReadBytes((int)r.BaseStream.Length));
    }
}
