using Microsoft.ML;
using MLGan.Datasets;
using MLGan.Engine;
using MLGan.Networks;
using MLGan.Remedies;
using MLGan.Training;
using static TorchSharp.torch;

namespace MLGan.Tests.Remedies;

/// <summary>VEEGAN (Srivastava et al. 2017): a reconstructor network and a discriminator of (row, latent) pairs.</summary>
[TestClass]
public sealed class ReconstructorTests
{
    private static GanOptions Veegan(int steps = 20)
    {
        var options = TestData.Tiny(steps);
        options.Remedies.Reconstructor.Enabled = true;
        return options;
    }

    [TestMethod]
    public void ReconstructionLoss_IsTheMeanSquaredDistanceSummedOverTheLatent_ByHand()
    {
        using var z = tensor(new float[] { 1, 2, 0, 0 }, new long[] { 2, 2 });
        using var reconstructed = tensor(new float[] { 0, 2, 1, 1 }, new long[] { 2, 2 });
        Assert.AreEqual((1.0 + 2.0) / 2, ReconstructorRemedy.ReconstructionLoss(z, reconstructed).item<float>(), 1e-6);
    }

    [TestMethod]
    public void ReconstructionLoss_IsZero_WhenTheReconstructorInvertsTheGenerator()
    {
        // G(z) = W z + b with no hidden layer, F(x) = W⁻¹(x − b): F inverts G exactly.
        var linear = new MlpSpec(2, Array.Empty<int>(), 2, GanActivation.ReLU, GanNormalization.None);
        using var generator = linear.Build("generator");
        using var reconstructor = linear.Build("reconstructor");
        using (no_grad())
        {
            var g = generator.parameters().ToArray();   // weight [2, 2], bias [2]
            var f = reconstructor.parameters().ToArray();
            g[0].copy_(tensor(new float[] { 2, 1, 1, 1 }, new long[] { 2, 2 }));
            g[1].copy_(tensor(new float[] { 0.5f, -1 }));
            f[0].copy_(tensor(new float[] { 1, -1, -1, 2 }, new long[] { 2, 2 })); // the inverse of [[2, 1], [1, 1]]
            f[1].copy_(-f[0].matmul(g[1]));
        }
        using var z = randn(64, 2, generator: new TorchSharp.torch.Generator(3));
        using var loss = ReconstructorRemedy.ReconstructionLoss(z, reconstructor.forward(generator.forward(z)));
        Assert.AreEqual(0, loss.item<float>(), 1e-9);
        using var other = randn(64, 2, generator: new TorchSharp.torch.Generator(4));
        Assert.IsTrue(ReconstructorRemedy.ReconstructionLoss(other, reconstructor.forward(generator.forward(z))).item<float>() > 1);
    }

    [TestMethod]
    public void ThePlan_AddsTheReconstructor_AndTheDiscriminatorJudgesPairs()
    {
        var plan = GanTrainingPlan.From(Veegan(), featureSize: 2, totalSteps: 10);
        CollectionAssert.AreEqual(new[] { "generator", "discriminator", "reconstructor" }, plan.Players.Select(p => p.Name).ToArray());
        CollectionAssert.AreEqual(new long[] { 2 + 4 }, plan.Players[1].Spec.InputShape, "row and latent side by side");
        CollectionAssert.AreEqual(new long[] { 4 }, plan.Players[2].Spec.OutputShape);
        CollectionAssert.AreEqual(new[] { "generator", "reconstructor" }, plan.GeneratorPhase.Updates);
        CollectionAssert.AreEqual(new[] { "Remedies.Reconstructor", "Remedies.Reconstructor.Weight" }, plan.GeneratorPhase.Terms.Select(t => t.Option).ToArray());

        var rows = GaussianMixture.Ring().Sample(128, 1).SelectMany(r => r).ToArray();
        using var run = new TrainingRun(plan, rows, 2, seed: 7, CPU);
        float[] Weights() => run.Player("reconstructor").Network.parameters().First().detach().data<float>().ToArray();
        var before = Weights();
        run.Step();
        Assert.IsFalse(before.SequenceEqual(Weights()), "the reconstructor is trained");
        Assert.IsTrue(double.IsFinite(run.ReadSums().DiscriminatorLoss));
    }

    [TestMethod]
    public void OnSeparatedBlobs_ItCoversEveryBlob()
    {
        var ml = new MLContext(1);
        var options = Veegan(steps: 2300);
        options.Networks.LatentDimension = 2; // at most the row's width, or F cannot invert G (the first report warns)
        using var model = TestData.FitThreeBlobs(ml, options);

        var near = new int[3];
        foreach (var (blob, distance) in TestData.ReadVectors(ml.Gan().Generate(model, 600, seed: 1)).Select(TestData.NearestBlob))
        {
            if (distance < 0.5)
                near[blob]++;
        }
        string found = $"rows within 0.5 of each blob: {string.Join(", ", near)} of 600";
        Assert.IsTrue(near.All(n => n >= 100), found);
        Assert.IsTrue(near.Sum() >= 450, found);
    }

    [TestMethod]
    public void ALatentWiderThanTheRows_IsWarnedAbout_WithAdviceThatWorks()
    {
        var ml = new MLContext(1);
        var data = TestData.Ring(ml, 128);
        using var wide = ml.Gan().Trainers.Gan(Veegan(steps: 5)).Fit(data); // Tiny: latent 4, rows of 2
        StringAssert.Contains(wide.TrainingHistory[0].Warnings.Single(w => w.Contains("Reconstructor")), "set Networks.LatentDimension to at most 2");
        var fixedOptions = Veegan(steps: 5);
        fixedOptions.Networks.LatentDimension = 2;
        using var narrow = ml.Gan().Trainers.Gan(fixedOptions).Fit(data);
        Assert.IsFalse(narrow.TrainingHistory.SelectMany(h => h.Warnings).Any(w => w.Contains("Reconstructor")));
    }

    [TestMethod]
    public void ConflictingOptions_AreRefusedByName()
    {
        var options = Veegan();
        options.Remedies.FeatureMatching.Weight = 1;
        options.Remedies.InstanceNoise.InitialStd = 0.1;
        var error = Assert.Throws<ArgumentException>(() => new MLContext(1).Gan().Trainers.Gan(options));
        StringAssert.Contains(error.Message, "Remedies.FeatureMatching");
        StringAssert.Contains(error.Message, "Remedies.InstanceNoise");
        options = Veegan();
        options.Remedies.Reconstructor.HiddenLayers = new[] { 8, 0 };
        Assert.Throws<ArgumentException>(() => new MLContext(1).Gan().Trainers.Gan(options));
    }
}
