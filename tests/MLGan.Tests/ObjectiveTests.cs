using MLGan.Engine;
using MLGan.Training;
using MLGan.Objectives;
using TorchSharp;
using static TorchSharp.torch;

namespace MLGan.Tests;

/// <summary>Each objective and penalty against values worked out by hand on tiny inputs.</summary>
[TestClass]
public sealed class ObjectiveTests
{
    private static readonly float[] Real = { 2f, -1f };
    private static readonly float[] Fake = { 0.5f, -3f };

    private static double Softplus(double x) => Math.Log(1 + Math.Exp(x));

    private static (double D, double G) Evaluate(IGanObjective objective)
    {
        using var real = tensor(Real);
        using var fake = tensor(Fake);
        using var d = objective.DiscriminatorLoss(real, fake);
        using var g = objective.GeneratorLoss(fake);
        return (d.item<float>(), g.item<float>());
    }

    [TestMethod]
    public void Minimax()
    {
        var (d, g) = Evaluate(new MinimaxObjective());
        double expectedD = (Softplus(-2) + Softplus(1)) / 2 + (Softplus(0.5) + Softplus(-3)) / 2;
        Assert.AreEqual(expectedD, d, 1e-5);
        Assert.AreEqual(-(Softplus(0.5) + Softplus(-3)) / 2, g, 1e-5);
    }

    [TestMethod]
    public void NonSaturating()
    {
        var (d, g) = Evaluate(new NonSaturatingObjective());
        Assert.AreEqual((Softplus(-2) + Softplus(1)) / 2 + (Softplus(0.5) + Softplus(-3)) / 2, d, 1e-5);
        Assert.AreEqual((Softplus(-0.5) + Softplus(3)) / 2, g, 1e-5);
    }

    [TestMethod]
    public void LeastSquares()
    {
        var (d, g) = Evaluate(new LeastSquaresObjective());
        // 0.5 * (mean((2-1)², (-1-1)²) + mean(0.5², 3²)) = 0.5 * (2.5 + 4.625)
        Assert.AreEqual(3.5625, d, 1e-5);
        // 0.5 * mean((0.5-1)², (-3-1)²) = 0.5 * 8.125
        Assert.AreEqual(4.0625, g, 1e-5);
    }

    [TestMethod]
    public void Wasserstein()
    {
        var (d, g) = Evaluate(new WassersteinObjective());
        Assert.AreEqual(-1.25 - 0.5, d, 1e-6); // mean(fake) - mean(real)
        Assert.AreEqual(1.25, g, 1e-6);        // -mean(fake)
    }

    [TestMethod]
    public void Hinge()
    {
        var (d, g) = Evaluate(new HingeObjective());
        // mean(relu(1-2), relu(1+1)) + mean(relu(1+0.5), relu(1-3)) = 1 + 0.75
        Assert.AreEqual(1.75, d, 1e-6);
        Assert.AreEqual(1.25, g, 1e-6);
    }

    [TestMethod]
    public void GradientPenalty_OfLinearCritic_IsSquaredNormGapTimesWeight()
    {
        // D(x) = w·x has gradient w everywhere: penalty = λ (|w| - 1)² = 10 * (5 - 1)² for w = (3, 4).
        using var w = tensor(new float[] { 3, 4 }).reshape(2, 1);
        using var real = randn(8, 2);
        using var fake = randn(8, 2);
        using var random = new Generator(1);
        var penalty = 10 * new GradientPenalty().Compute(new FixedBatchContext(x => x.matmul(w), real, fake, random));
        Assert.AreEqual(160.0, penalty.item<float>(), 1e-3);
    }

    [TestMethod]
    public void GradientPenalty_FlowsIntoCriticParameters()
    {
        using var w = tensor(new float[] { 3, 4 }).reshape(2, 1).requires_grad_(true);
        using var random = new Generator(1);
        var penalty = new GradientPenalty().Compute(new FixedBatchContext(x => x.matmul(w), randn(4, 2), randn(4, 2), random));
        penalty.backward();
        // d/dw (|w| - 1)² = 2 (|w| - 1) w / |w| = 2 * 4 * (3, 4) / 5
        CollectionAssert.AreEqual(new[] { 4.8f, 6.4f }, w.grad!.data<float>().ToArray().Select(v => MathF.Round(v, 4)).ToArray());
    }

    [TestMethod]
    public void WeightClipping_ClampsEveryParameter()
    {
        using var linear = nn.Linear(3, 2);
        using (no_grad())
            linear.weight!.copy_(tensor(new float[] { -1, 0.005f, 2, 0, -0.02f, 0.01f }).reshape(2, 3));
        new WeightClipping(0.01).Apply(linear.parameters().ToArray());
        CollectionAssert.AreEqual(new[] { -0.01f, 0.005f, 0.01f, 0, -0.01f, 0.01f }, linear.weight!.data<float>().ToArray());
        Assert.IsTrue(linear.bias!.data<float>().ToArray().All(v => Math.Abs(v) <= 0.01f));
    }

    [TestMethod]
    public void Plan_PairsWassersteinWithItsLipschitzRule()
    {
        static Phase Critic(GanLoss loss) => GanTrainingPlan.From(new GanOptions { Objective = { Loss = loss } }, featureSize: 2, totalSteps: 10).DiscriminatorPhase;

        var clipped = Critic(GanLoss.Wasserstein);
        Assert.HasCount(1, clipped.Terms, "the objective's term only");
        Assert.IsInstanceOfType<WeightClipping>(clipped.AfterUpdate.Single());

        var penalized = Critic(GanLoss.WassersteinGP);
        Assert.IsInstanceOfType<GradientPenalty>(penalized.Terms[1].Term);
        Assert.AreEqual(10, penalized.Terms[1].Weight.Value, "GanOptions.Objective.GradientPenaltyWeight");
        Assert.IsEmpty(penalized.AfterUpdate);

        Assert.IsEmpty(Critic(GanLoss.Hinge).AfterUpdate);
        Assert.IsTrue(AdversarialObjective.TraitsOf(GanLoss.Wasserstein).NeedsLipschitzBound && AdversarialObjective.TraitsOf(GanLoss.WassersteinGP).NeedsLipschitzBound);
    }
}
