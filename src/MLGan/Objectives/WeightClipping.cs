using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MLGan.Objectives;

/// <summary>Original WGAN's Lipschitz constraint: every critic parameter is clamped to [-c, c] after each step.</summary>
internal sealed class WeightClipping(double clip) : IDiscriminatorConstraint
{
    public void Apply(Parameter[] parameters)
    {
        using var _ = no_grad();
        foreach (var parameter in parameters)
            parameter.clamp_(-clip, clip);
    }
}
