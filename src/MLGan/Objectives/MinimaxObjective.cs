using static TorchSharp.torch;

namespace MLGan.Objectives;

/// <summary>Original GAN: D maximizes log D(x) + log(1 - D(G(z))); G minimizes log(1 - D(G(z))).</summary>
internal sealed class MinimaxObjective : IGanObjective
{
    public Tensor DiscriminatorLoss(Tensor realScores, Tensor fakeScores) => BinaryCrossEntropy.Discriminator(realScores, fakeScores);

    // log(1 - sigmoid(s)) = -softplus(s)
    public Tensor GeneratorLoss(Tensor fakeScores) => fakeScores.softplus().mean().neg();
}
