using static TorchSharp.torch;
using MLGan.Tensors;

namespace MLGan.Objectives;

/// <summary>Non-saturating GAN: same discriminator as minimax; G minimizes -log D(G(z)).</summary>
/// <param name="realTarget">Label of real rows: 1, or less with one-sided label smoothing.</param>
internal sealed class NonSaturatingObjective(double realTarget = 1) : IGanObjective
{
    public Tensor DiscriminatorLoss(Tensor realScores, Tensor fakeScores) => BinaryCrossEntropy.Discriminator(realScores, fakeScores, realTarget);

    // -log(sigmoid(s)) = softplus(-s)
    public Tensor GeneratorLoss(Tensor fakeScores) => fakeScores.neg().Softplus().mean();
}
