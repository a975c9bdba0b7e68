using static TorchSharp.torch;

namespace MLGan.Objectives;

/// <summary>
/// WGAN-GP (Gulrajani et al. 2017): weight * E[(‖∇D(x̂)‖₂ − 1)²] where x̂ = εx + (1−ε)G(z), ε ~ U(0,1) per row.
/// </summary>
internal sealed class GradientPenalty(double weight) : IDiscriminatorPenalty
{
    public Tensor Compute(DiscriminatorStep step)
    {
        var real = step.Real;
        var epsilon = rand(new long[] { real.shape[0], 1 }, dtype: real.dtype, device: real.device, generator: step.Random);
        var interpolates = epsilon * real + (1 - epsilon) * step.Fake;
        return weight * InputGradients.UnitNormPenalty(InputGradients.At(step, interpolates));
    }
}
