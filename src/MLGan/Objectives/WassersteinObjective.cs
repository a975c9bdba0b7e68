using static TorchSharp.torch;

namespace MLGan.Objectives;

/// <summary>Wasserstein critic: D maximizes E[D(x)] - E[D(G(z))]; G maximizes E[D(G(z))]. Needs a Lipschitz constraint (clipping or a penalty).</summary>
internal sealed class WassersteinObjective : IGanObjective
{
    public Tensor DiscriminatorLoss(Tensor realScores, Tensor fakeScores) => fakeScores.mean() - realScores.mean();

    public Tensor GeneratorLoss(Tensor fakeScores) => fakeScores.mean().neg();
}
