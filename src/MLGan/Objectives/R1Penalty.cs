using static TorchSharp.torch;

namespace MLGan.Objectives;

/// <summary>
/// R1 (Mescheder et al. 2018): (γ/2) · E[‖∇D(x)‖₂²] on real rows. Penalizes the discriminator's gradient on the
/// data itself, which makes training converge locally for the non-saturating and similar objectives.
/// </summary>
internal sealed class R1Penalty(double gamma) : IDiscriminatorPenalty
{
    public Tensor Compute(DiscriminatorStep step)
        => 0.5 * gamma * InputGradients.At(step, step.Real).square().sum(1).mean();
}
