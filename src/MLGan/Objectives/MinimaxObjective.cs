using static TorchSharp.torch;
using MLGan.Tensors;

namespace MLGan.Objectives;

/// <summary>Original GAN: D maximizes log D(x) + log(1 - D(G(z))); G minimizes log(1 - D(G(z))).</summary>
/// <param name="realTarget">Label of real rows: 1, or less with one-sided label smoothing.</param>
internal sealed class MinimaxObjective(double realTarget = 1) : IGanObjective
{
    public Tensor DiscriminatorLoss(Tensor realScores, Tensor fakeScores) => BinaryCrossEntropy.Discriminator(realScores, fakeScores, realTarget);

    // log(1 - sigmoid(s)) = -softplus(s)
    public Tensor GeneratorLoss(Tensor fakeScores) => fakeScores.Softplus().mean().neg();
}
