using static TorchSharp.torch;
using MLGan.Tensors;

namespace MLGan.Objectives;

/// <summary>Hinge GAN: D minimizes E[max(0, 1 - D(x))] + E[max(0, 1 + D(G(z)))]; G minimizes -E[D(G(z))].</summary>
internal sealed class HingeObjective : IGanObjective
{
    public Tensor DiscriminatorLoss(Tensor realScores, Tensor fakeScores)
        => realScores.SubtractedFrom(1).relu().mean().Plus(fakeScores.Plus(1).relu().mean());

    public Tensor GeneratorLoss(Tensor fakeScores) => fakeScores.mean().neg();
}
