using System.Globalization;

namespace MLGan;

/// <summary>
/// A setting that training changed on its own (the <see cref="CollapsePolicy.Escalate"/> policy switching a remedy on):
/// from <see cref="Step"/> on, the option at <see cref="Setting"/> had <see cref="Value"/>. Saved with the model and listed
/// by <see cref="GanTransformer.ScheduleChanges"/>; <see cref="GanTransformer.TrainingOptions"/> stays what the user asked for.
/// </summary>
/// <param name="Step">The generator step training continued from with the new value (the step it rolled back to).</param>
/// <param name="Setting">The option's path in <see cref="GanOptions"/>, e.g. <c>Remedies.R1.Weight</c>.</param>
/// <param name="Value">The new value.</param>
public sealed record ScheduleChange(int Step, string Setting, double Value)
{
    /// <inheritdoc/>
    public override string ToString() => string.Format(CultureInfo.InvariantCulture, "step {0}: {1} = {2:G4}", Step, Setting, Value);
}
