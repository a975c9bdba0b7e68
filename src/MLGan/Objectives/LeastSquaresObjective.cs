using static TorchSharp.torch;

namespace MLGan.Objectives;

/// <summary>LSGAN with labels a=0 (fake), b=1 (real; less with one-sided label smoothing), c=1 (generator target).</summary>
internal sealed class LeastSquaresObjective(double realTarget = 1) : IGanObjective
{
    public Tensor DiscriminatorLoss(Tensor realScores, Tensor fakeScores)
        => 0.5 * ((realScores - realTarget).square().mean() + fakeScores.square().mean());

    public Tensor GeneratorLoss(Tensor fakeScores) => 0.5 * (fakeScores - 1).square().mean();
}
