using MLGan.Engine;
using static TorchSharp.torch;
using MLGan.Tensors;

namespace MLGan.Objectives;

/// <summary>
/// DRAGAN (Kodali et al. 2017): E[(‖∇D(x̂)‖₂ − 1)²] at points near the real data, weighted by λ;
/// x̂ = x + α · 0.5 · std(x) · u with u ~ U(0,1)^d and α ~ U(0,1) per row, std taken per feature over the batch.
/// Keeps the discriminator smooth around the data, where sharp gradients drive the generator into a few modes.
/// </summary>
internal sealed class DraganPenalty : ILossTerm
{
    public string Name => "DRAGAN penalty";

    public bool NeedsInputGradients => true;

    public Tensor Compute(IPhaseContext context)
    {
        var real = context.Real;
        var spread = real.std(0, unbiased: false, keepdim: true).Times(0.5);
        var u = rand(real.shape, dtype: real.dtype, device: real.device, generator: context.Random);
        var alpha = rand(new long[] { real.shape[0], 1 }, dtype: real.dtype, device: real.device, generator: context.Random);
        return InputGradients.UnitNormPenalty(InputGradients.At(context, real.Plus(alpha * spread * u)));
    }
}
