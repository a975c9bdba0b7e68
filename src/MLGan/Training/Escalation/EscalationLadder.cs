using MLGan.Engine;
using MLGan.Remedies;

namespace MLGan.Training;

/// <summary>How a run applies a change of a <see cref="SchedulableSetting"/>.</summary>
internal enum SettingKind
{
    /// <summary>A remedy in the plan from the start with a value of 0 (a term's weight, the generator average's decay) until switched on.</summary>
    Dormant,
    /// <summary>A learning rate of the players a role's phase updates: scaled by the new value's ratio to the old (schedules and recovery keep acting on it).</summary>
    LearningRate,
    /// <summary>Adam's β₂ of the players a role's phase updates.</summary>
    AdamBeta2,
}

/// <summary>An option that <see cref="CollapsePolicy.Escalate"/> may change while a run goes on.</summary>
/// <param name="Path">The option's path in <see cref="GanOptions"/>, as messages and <see cref="ScheduleChange"/> name it.</param>
/// <param name="Role">For optimizer settings, the role whose phase updates the players ("generator" or "discriminator").</param>
/// <param name="Remedy">For dormant settings, the remedy that adds the part the setting switches on.</param>
internal sealed record SchedulableSetting(string Path, SettingKind Kind, Func<GanOptions, double> Read, string? Role = null, IRemedy? Remedy = null);

/// <summary>One rung of the ladder: a remedy switched on (or a setting changed) when collapse is confirmed.</summary>
/// <param name="Name">What the rung does, for messages.</param>
/// <param name="Change">Changes the options; it applies when it changes something and the result is valid.</param>
internal sealed record EscalationRung(string Name, Action<GanOptions> Change);

/// <summary>
/// The ladder of <see cref="CollapsePolicy.Escalate"/>, climbed one rung per confirmed collapse. Its order comes from
/// the collapse benchmark (benchmarks/RESULTS.md, "Automatic remedy"): the faster Adam settings and the generator's
/// weight average are what made MLGan's defaults work, the R1 penalty was the strongest single remedy of the plain GAN
/// on both protocols, and a slower discriminator (TTUR) helped the defaults' long runs. Feature matching, tried as a
/// fifth rung, made the one run that reached it worse (lower sample quality), so it is not on the ladder. A rung that would change
/// nothing (already on) or that the options cannot combine with (e.g. R1 with batch norm in the discriminator) is skipped.
/// </summary>
internal static class EscalationLadder
{
    /// <summary>Every setting a rung may change, in the order changes are applied and recorded.</summary>
    public static readonly SchedulableSetting[] Settings =
    {
        new("Remedies.GeneratorEma.Decay", SettingKind.Dormant, o => o.Remedies.GeneratorEma.Decay, Remedy: new GeneratorEmaRemedy()),
        new("Remedies.R1.Weight", SettingKind.Dormant, o => o.Remedies.R1.Weight, Remedy: new R1Remedy()),
        new("Schedule.Generator.LearningRate", SettingKind.LearningRate, o => o.Schedule.Generator.LearningRate, TrainingPlan.GeneratorName),
        new("Schedule.Discriminator.LearningRate", SettingKind.LearningRate, o => o.Schedule.Discriminator.LearningRate, TrainingPlan.DiscriminatorName),
        new("Schedule.Generator.Beta2", SettingKind.AdamBeta2, o => o.Schedule.Generator.Beta2, TrainingPlan.GeneratorName),
        new("Schedule.Discriminator.Beta2", SettingKind.AdamBeta2, o => o.Schedule.Discriminator.Beta2, TrainingPlan.DiscriminatorName),
    };

    public static readonly EscalationRung[] Rungs =
    {
        new("faster Adam (learning rates at least 1e-3, beta2 at most 0.9)", o =>
        {
            foreach (var adam in new[] { o.Schedule.Generator, o.Schedule.Discriminator })
            {
                adam.LearningRate = Math.Max(adam.LearningRate, 1e-3);
                adam.Beta2 = Math.Min(adam.Beta2, 0.9);
            }
        }),
        new("switch on the generator's weight average (EMA 0.999)", o => o.Remedies.GeneratorEma.Decay = Math.Max(o.Remedies.GeneratorEma.Decay, 0.999)),
        new("switch on the R1 penalty (weight 1)", o => o.Remedies.R1.Weight = Math.Max(o.Remedies.R1.Weight, 1)),
        new("halve the discriminator's learning rate", o => o.Schedule.Discriminator.LearningRate /= 2),
    };

    /// <summary>The options after <paramref name="rung"/>, or null when it changes nothing or the result is not valid.</summary>
    public static GanOptions? Climb(GanOptions options, EscalationRung rung)
    {
        var next = options.Clone();
        rung.Change(next);
        if (Changes(options, next, step: 0).Count == 0)
            return null;
        try
        {
            var check = next.Clone();
            check.Monitor = null; // validation assembles a plan, which would climb the ladder again
            GanOptionsValidator.Validate(check);
            return next;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>The options with every rung that applies, in order: what the plan must be able to reach.</summary>
    public static GanOptions Top(GanOptions options)
    {
        foreach (var rung in Rungs)
            options = Climb(options, rung) ?? options;
        return options;
    }

    /// <summary>The settings that differ between <paramref name="before"/> and <paramref name="after"/>, as changes at <paramref name="step"/>.</summary>
    public static List<ScheduleChange> Changes(GanOptions before, GanOptions after, int step)
        => Settings.Where(s => s.Read(before) != s.Read(after)).Select(s => new ScheduleChange(step, s.Path, s.Read(after))).ToList();

    /// <summary>
    /// Adds to <paramref name="plan"/> the parts of every remedy a rung may switch on, dormant (value 0): the remedy's own
    /// <see cref="IRemedy.AddTo"/> builds them with the ladder's value, and <see cref="TrainingPlan.Dormant"/> keeps it.
    /// </summary>
    public static void AddDormant(TrainingPlan plan, GanOptions options)
    {
        var top = Top(options);
        foreach (var setting in Settings.Where(s => s.Kind == SettingKind.Dormant && s.Read(options) == 0 && s.Read(top) > 0))
        {
            var before = plan.Schedulables.ToHashSet();
            setting.Remedy!.AddTo(plan, top);
            foreach (var part in plan.Schedulables.Where(p => !before.Contains(p)).ToList())
            {
                plan.Dormant.Add((part, part.Value.Value));
                part.Value.Value = 0;
            }
        }
    }
}
