using TorchSharp;
using MLGan.Engine;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MLGan.Objectives;

/// <summary>Original WGAN's Lipschitz constraint: every critic parameter is clamped to [-c, c] after each critic update.</summary>
internal sealed class WeightClipping(double clip) : IPhaseHook
{
    public void AfterUpdate(TrainingRun run) => Apply(run.Discriminator.Parameters);

    public void Apply(Parameter[] parameters)
    {
        using var _ = no_grad();
        using var low = (-clip).ToScalar();
        using var high = clip.ToScalar();
        foreach (var parameter in parameters)
            parameter.clamp_(low, high);
    }
}
