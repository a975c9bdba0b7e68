namespace MLGan.Engine;

/// <summary>
/// A number a hook may change while the run goes on (a loss term's weight, a noise level): the automatic remedies
/// of a later release strengthen a remedy mid-run through it. It starts at what the options asked for.
/// </summary>
internal sealed class ScheduledValue(double initial)
{
    public double Value { get; set; } = initial;

    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>
/// A part of the plan with a <see cref="ScheduledValue"/> that a policy may change mid-run, named by the option that set it
/// (a loss term's weight, the generator average's decay).
/// </summary>
internal interface ISchedulable
{
    /// <summary>The option's path, e.g. "Remedies.R1.Weight".</summary>
    string Option { get; }

    ScheduledValue Value { get; }
}
