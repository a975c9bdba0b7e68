using static TorchSharp.torch;
using MLGan.Tensors;

namespace MLGan.Objectives;

/// <summary>The gradient of the discriminator's scores with respect to its input rows, kept in the graph so a penalty on it trains the discriminator.</summary>
internal static class InputGradients
{
    /// <summary>∇ₓ Σ D(x) at <paramref name="points"/>: one gradient row per input row.</summary>
    public static Tensor At(MLGan.Engine.IPhaseContext context, Tensor points)
    {
        var input = points.detach().requires_grad_(true);
        var scores = context.Score(input);
        return autograd.grad(new[] { scores.sum() }, new[] { input }, retain_graph: true, create_graph: true)[0].flatten(1);
    }

    /// <summary>E[(‖g‖₂ − 1)²] over rows: the two-sided penalty of WGAN-GP and DRAGAN.</summary>
    public static Tensor UnitNormPenalty(Tensor gradient) => gradient.norm(dim: 1).Minus(1).Squared().mean();
}
