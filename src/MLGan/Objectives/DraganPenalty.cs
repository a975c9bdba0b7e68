using static TorchSharp.torch;

namespace MLGan.Objectives;

/// <summary>
/// DRAGAN (Kodali et al. 2017): weight * E[(‖∇D(x̂)‖₂ − 1)²] at points near the real data,
/// x̂ = x + α · 0.5 · std(x) · u with u ~ U(0,1)^d and α ~ U(0,1) per row, std taken per feature over the batch.
/// Keeps the discriminator smooth around the data, where sharp gradients drive the generator into a few modes.
/// </summary>
internal sealed class DraganPenalty(double weight) : IDiscriminatorPenalty
{
    public Tensor Compute(DiscriminatorStep step)
    {
        var real = step.Real;
        var spread = 0.5 * real.std(0, unbiased: false, keepdim: true);
        var u = rand(real.shape, dtype: real.dtype, device: real.device, generator: step.Random);
        var alpha = rand(new long[] { real.shape[0], 1 }, dtype: real.dtype, device: real.device, generator: step.Random);
        return weight * InputGradients.UnitNormPenalty(InputGradients.At(step, real + alpha * spread * u));
    }
}
