using static TorchSharp.torch;
using MLGan.Tensors;

namespace MLGan.Objectives;

/// <summary>LSGAN with labels a=0 (fake), b=1 (real; less with one-sided label smoothing), c=1 (generator target).</summary>
internal sealed class LeastSquaresObjective(double realTarget = 1) : IGanObjective
{
    public Tensor DiscriminatorLoss(Tensor realScores, Tensor fakeScores)
        => realScores.Minus(realTarget).Squared().mean().Plus(fakeScores.Squared().mean()).Times(0.5);

    public Tensor GeneratorLoss(Tensor fakeScores) => fakeScores.Minus(1).Squared().mean().Times(0.5);
}
