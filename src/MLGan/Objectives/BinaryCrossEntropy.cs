using static TorchSharp.torch;
using MLGan.Tensors;

namespace MLGan.Objectives;

/// <summary>Binary cross-entropy on logits, written with softplus for numerical stability.</summary>
internal static class BinaryCrossEntropy
{
    /// <summary>
    /// The discriminator's loss with target <paramref name="realTarget"/> for real rows (1, or less with one-sided
    /// label smoothing) and 0 for generated rows, averaged over each batch. -log σ(s) = softplus(-s), -log(1-σ(s)) = softplus(s).
    /// </summary>
    public static Tensor Discriminator(Tensor realScores, Tensor fakeScores, double realTarget)
    {
        var real = realTarget == 1
            ? realScores.neg().Softplus().mean()
            : realScores.neg().Softplus().Times(realTarget).Plus(realScores.Softplus().Times(1 - realTarget)).mean();
        return real.Plus(fakeScores.Softplus().mean());
    }
}
