using static TorchSharp.torch;

namespace MLGan.Objectives;

/// <summary>Non-saturating GAN: same discriminator as minimax; G minimizes -log D(G(z)).</summary>
internal sealed class NonSaturatingObjective : IGanObjective
{
    public Tensor DiscriminatorLoss(Tensor realScores, Tensor fakeScores) => BinaryCrossEntropy.Discriminator(realScores, fakeScores);

    // -log(sigmoid(s)) = softplus(-s)
    public Tensor GeneratorLoss(Tensor fakeScores) => fakeScores.neg().softplus().mean();
}
