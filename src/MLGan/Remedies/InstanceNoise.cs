using MLGan.Engine;
using static TorchSharp.torch;

using static MLGan.OptionChecks;
using MLGan.Tensors;

namespace MLGan.Remedies;

/// <summary>
/// Instance noise (Sønderby et al. 2017; Arjovsky &amp; Bottou 2017): Gaussian noise added to every row the
/// discriminator sees, real and generated, so the two distributions overlap and the discriminator cannot
/// separate them perfectly early on. The standard deviation (in standardized feature units) falls linearly
/// from its initial value to 0 at the end of training.
/// </summary>
internal sealed class InstanceNoise(double initialStd, int totalSteps) : IDiscriminatorInput, IStepHook, ICheckpointed
{
    /// <summary>The current standard deviation (annealed after each step; a hook may change it).</summary>
    public ScheduledValue Std { get; } = new(initialStd);

    /// <summary>The noise level after <paramref name="completedSteps"/> steps.</summary>
    public double StdAt(int completedSteps) => initialStd * Math.Max(0, 1 - (double)completedSteps / totalSteps);

    public Tensor Apply(Tensor rows, Generator random)
    {
        double std = Std.Value;
        return std > 0 ? rows.Plus(randn(rows.shape, dtype: rows.dtype, device: rows.device, generator: random).Times(std)) : rows;
    }

    public void AfterStep(TrainingRun run) => Std.Value = StdAt(run.CompletedSteps);

    public void WriteState(BinaryWriter writer) => writer.Write(Std.Value);

    public void ReadState(BinaryReader reader) => Std.Value = reader.ReadDouble();
}

/// <summary><see cref="InstanceNoiseOptions.InitialStd"/>: noise on the discriminator's input, annealed after each step.</summary>
internal sealed class InstanceNoiseRemedy : IRemedy
{
    public void Validate(GanOptions options) => RequireNonNegative(options.Remedies.InstanceNoise.InitialStd, "Remedies.InstanceNoise.InitialStd");

    public bool IsOn(GanOptions options) => options.Remedies.InstanceNoise.InitialStd > 0;

    public void AddTo(TrainingPlan plan, GanOptions options)
    {
        var noise = new InstanceNoise(options.Remedies.InstanceNoise.InitialStd, plan.TotalSteps);
        plan.DiscriminatorInputs.Add(noise);
        plan.StepHooks.Add(noise);
    }
}
