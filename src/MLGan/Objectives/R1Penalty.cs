using MLGan.Engine;
using static TorchSharp.torch;
using MLGan.Tensors;

namespace MLGan.Objectives;

/// <summary>
/// R1 (Mescheder et al. 2018): E[‖∇D(x)‖₂²] on real rows, weighted by γ/2. Penalizes the discriminator's gradient on the
/// data itself, which makes training converge locally for the non-saturating and similar objectives.
/// </summary>
internal sealed class R1Penalty : ILossTerm
{
    public string Name => "R1 penalty";

    public bool NeedsInputGradients => true;

    /// <summary>The term's weight for a penalty of strength γ: γ / 2.</summary>
    public static double WeightFor(double gamma) => 0.5 * gamma;

    public Tensor Compute(IPhaseContext context)
        => InputGradients.At(context, context.Real).Squared().sum(1).mean();
}
