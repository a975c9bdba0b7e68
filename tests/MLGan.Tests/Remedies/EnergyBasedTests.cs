using Microsoft.ML;
using MLGan.Networks;
using MLGan.Remedies;
using MLGan.Training;
using static TorchSharp.torch;

namespace MLGan.Tests.Remedies;

/// <summary>EBGAN (Zhao et al. 2017): autoencoder discriminator, margin loss, pulling-away term.</summary>
[TestClass]
public sealed class EnergyBasedTests
{
    private static GanOptions Ebgan(int steps = 20)
    {
        var options = TestData.Tiny(steps);
        options.Remedies.EnergyBased.Enabled = true;
        options.Remedies.EnergyBased.CodeSize = 4;
        options.Remedies.MinibatchStandardDeviation.Enabled = false;
        return options;
    }

    [TestMethod]
    public void MarginLoss_ByHand()
    {
        using var real = tensor(new float[] { 0.5f, 1.5f });
        using var fake = tensor(new float[] { 0.2f, 3f });
        // mean(0.5, 1.5) + mean([1 - 0.2]+, [1 - 3]+) = 1 + 0.4
        Assert.AreEqual(1.4, EnergyBasedRemedy.MarginLoss(real, fake, margin: 1).item<float>(), 1e-6);
    }

    [TestMethod]
    public void PullingAway_IsZeroForOrthogonalCodes_OneForParallelOnes_AndTheMeanSquaredCosineBetween()
    {
        using var orthogonal = eye(3);
        Assert.AreEqual(0, EnergyBasedRemedy.PullingAway(orthogonal).item<float>(), 1e-7);
        using var parallel = tensor(new float[] { 1, 0, 2, 0 }, new long[] { 2, 2 });
        Assert.AreEqual(1, EnergyBasedRemedy.PullingAway(parallel).item<float>(), 1e-6);
        using var diagonal = tensor(new float[] { 1, 0, 1, 1 }, new long[] { 2, 2 });
        Assert.AreEqual(0.5, EnergyBasedRemedy.PullingAway(diagonal).item<float>(), 1e-6, "cos² = 1/2 for both ordered pairs");
    }

    [TestMethod]
    public void TheEnergy_IsTheMeanSquaredReconstructionError()
    {
        using var network = new AutoencoderDiscriminatorSpec(2, new[] { 8 }, 3, GanActivation.LeakyReLU).Build("d");
        using (no_grad())
        {
            foreach (var parameter in network.parameters())
                parameter.zero_();
        }
        using var rows = tensor(new float[] { 1, 2, -3, 0 }, new long[] { 2, 2 });
        CollectionAssert.AreEqual(new[] { 2.5f, 4.5f }, network.forward(rows).data<float>().ToArray(), "a zero network reconstructs 0: energy = mean(x²)");
    }

    [TestMethod]
    public void ThePlan_UsesTheAutoencoder_AndEbgansTerms_AndTrains()
    {
        var plan = GanTrainingPlan.From(Ebgan(), featureSize: 2, totalSteps: 10);
        Assert.IsInstanceOfType<AutoencoderDiscriminatorSpec>(plan.Players.Single(p => p.Name == "discriminator").Spec);
        CollectionAssert.AreEqual(new[] { "Remedies.EnergyBased" }, plan.DiscriminatorPhase.Terms.Select(t => t.Option).ToArray());
        CollectionAssert.AreEqual(new[] { "Remedies.EnergyBased", "Remedies.EnergyBased.PullingAwayWeight" }, plan.GeneratorPhase.Terms.Select(t => t.Option).ToArray());

        var ml = new MLContext(1);
        using var model = ml.Gan().Trainers.Gan(Ebgan()).Fit(TestData.Ring(ml, 128));
        Assert.IsTrue(model.TrainingHistory.All(h => double.IsFinite(h.DiscriminatorLoss) && double.IsFinite(h.GeneratorLoss)));
        Assert.IsTrue(TestData.ReadVectors(ml.Gan().Generate(model, 50)).All(r => r.All(float.IsFinite)));
    }

    [TestMethod]
    public void TheDefaults_MinibatchStandardDeviation_IsNamedAsTheConflict()
    {
        var options = TestData.Tiny();
        options.Remedies.EnergyBased.Enabled = true;
        var ex = Assert.ThrowsExactly<ArgumentException>(() => new MLContext(1).Gan().Trainers.Gan(options));
        StringAssert.Contains(ex.Message, "Remedies.MinibatchStandardDeviation (on by default: set Enabled = false)");
    }
}
