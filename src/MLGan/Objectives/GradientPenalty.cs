using MLGan.Engine;
using static TorchSharp.torch;
using MLGan.Tensors;

namespace MLGan.Objectives;

/// <summary>
/// WGAN-GP (Gulrajani et al. 2017): E[(‖∇D(x̂)‖₂ − 1)²] where x̂ = εx + (1−ε)G(z), ε ~ U(0,1) per row; weighted by λ.
/// </summary>
internal sealed class GradientPenalty : ILossTerm
{
    public string Name => "WGAN-GP gradient penalty";

    public bool NeedsInputGradients => true;

    public Tensor Compute(IPhaseContext context)
    {
        var real = context.Real;
        var epsilon = rand(new long[] { real.shape[0], 1 }, dtype: real.dtype, device: real.device, generator: context.Random);
        var interpolates = (epsilon * real).Plus(epsilon.SubtractedFrom(1) * context.Fake);
        return InputGradients.UnitNormPenalty(InputGradients.At(context, interpolates));
    }
}
