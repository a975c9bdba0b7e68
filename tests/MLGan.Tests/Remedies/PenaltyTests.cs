using MLGan.Engine;
using MLGan.Objectives;
using static TorchSharp.torch;

namespace MLGan.Tests.Remedies;

[TestClass]
public sealed class PenaltyTests
{
    private static readonly float[] W = { 3, 4 }; // ‖w‖ = 5

    private static FixedBatchContext LinearCritic(Generator random)
    {
        var w = tensor(W).reshape(2, 1).requires_grad_(true);
        var real = tensor(new float[] { 1, 2, -1, 0.5f, 0, 3 }, new long[] { 3, 2 });
        var fake = tensor(new float[] { 0, 0, 1, 1, -2, 1 }, new long[] { 3, 2 });
        return new FixedBatchContext(x => x.mm(w), real, fake, random);
    }

    [TestMethod]
    public void Dragan_OnALinearCritic_IsWeightTimesNormGapSquared()
    {
        using var scope = NewDisposeScope();
        using var random = new Generator(1);
        var penalty = 10 * new DraganPenalty().Compute(LinearCritic(random));
        Assert.AreEqual(10 * (5 - 1) * (5 - 1), penalty.item<float>(), 1e-3);
        Assert.IsTrue(penalty.requires_grad, "the penalty trains the discriminator");
    }

    [TestMethod]
    public void R1_OnALinearCritic_IsHalfGammaTimesSquaredNorm()
    {
        using var scope = NewDisposeScope();
        using var random = new Generator(1);
        Assert.AreEqual(0.5 * 2 * 25, R1Penalty.WeightFor(2) * new R1Penalty().Compute(LinearCritic(random)).item<float>(), 1e-3);
    }

    [TestMethod]
    public void R1_OnAQuadraticCritic_MatchesTheHandGradient()
    {
        using var scope = NewDisposeScope();
        using var random = new Generator(1);
        var real = tensor(new float[] { 1, 2, 0, 3 }, new long[] { 2, 2 });
        // D(x) = Σ x², ∇D = 2x: E‖2x‖² = (4·5 + 4·9) / 2 = 28; (γ/2) · 28 with γ = 1.
        var step = new FixedBatchContext(x => x.square().sum(1, keepdim: true), real, real, random);
        Assert.AreEqual(14, R1Penalty.WeightFor(1) * new R1Penalty().Compute(step).item<float>(), 1e-3);
    }

    [TestMethod]
    public void Dragan_PerturbsAroundRealDataOnly()
    {
        using var scope = NewDisposeScope();
        using var random = new Generator(1);
        var step = LinearCritic(random);
        Tensor? seen = null;
        var probe = step with { Discriminator = x => { seen = x.detach().clone(); return x.mm(tensor(W).reshape(2, 1)); } };
        new DraganPenalty().Compute(probe);
        var offset = seen! - step.Real;
        var halfStd = 0.5 * step.Real.std(0, unbiased: false);
        Assert.IsTrue((offset >= 0).all().item<bool>() && (offset <= halfStd + 1e-6).all().item<bool>(), "x̂ = x + α·0.5·std·u with α, u in [0, 1]");
    }

    [TestMethod]
    public void RealLabelSmoothing_ChangesOnlyTheRealTarget()
    {
        using var scope = NewDisposeScope();
        var real = tensor(new float[] { 2 });
        var fake = tensor(new float[] { -1 });
        double Softplus(double x) => Math.Log(1 + Math.Exp(x));
        double expected = 0.9 * Softplus(-2) + 0.1 * Softplus(2) + Softplus(-1);
        Assert.AreEqual(expected, new NonSaturatingObjective(0.9).DiscriminatorLoss(real, fake).item<float>(), 1e-5);
        Assert.AreEqual(Softplus(-2) + Softplus(-1), new NonSaturatingObjective().DiscriminatorLoss(real, fake).item<float>(), 1e-5);
        Assert.AreEqual(0.5 * ((2 - 0.9) * (2 - 0.9) + 1), new LeastSquaresObjective(0.9).DiscriminatorLoss(real, fake).item<float>(), 1e-5);
    }
}
