using Microsoft.ML;
using MLGan.Datasets;
using MLGan.Engine;
using MLGan.Remedies;
using MLGan.Training;
using static TorchSharp.torch;

namespace MLGan.Tests.Remedies;

/// <summary>GMAN (Durugkar et al. 2017): several discriminators, the generator against their softmax-weighted mean.</summary>
[TestClass]
public sealed class MultipleDiscriminatorsTests
{
    private static GanOptions Gman(int count = 3, double lambda = 0, int steps = 20)
    {
        var options = TestData.Tiny(steps);
        options.Remedies.MultipleDiscriminators.Count = count;
        options.Remedies.MultipleDiscriminators.Lambda = lambda;
        return options;
    }

    [TestMethod]
    public void SoftmaxMean_IsTheMeanAtLambdaZero_TheMaximumForLargeLambda_AndTheWeightedMeanBetween()
    {
        using var losses = tensor(new float[] { 1, 2, 4 });
        Assert.AreEqual(7.0 / 3, MultipleDiscriminatorsRemedy.SoftmaxMean(losses, 0).item<float>(), 1e-6);
        Assert.AreEqual(4, MultipleDiscriminatorsRemedy.SoftmaxMean(losses, 100).item<float>(), 1e-6);
        double[] w = { Math.Exp(1), Math.Exp(2), Math.Exp(4) };
        double expected = (w[0] * 1 + w[1] * 2 + w[2] * 4) / w.Sum();
        Assert.AreEqual(expected, MultipleDiscriminatorsRemedy.SoftmaxMean(losses, 1).item<float>(), 1e-5);
    }

    [TestMethod]
    public void ThePlan_HasNDiscriminators_TrainedTogetherInOnePhase()
    {
        var plan = GanTrainingPlan.From(Gman(count: 3), featureSize: 2, totalSteps: 10);
        CollectionAssert.AreEqual(new[] { "generator", "discriminator", "discriminator2", "discriminator3" }, plan.Players.Select(p => p.Name).ToArray());
        CollectionAssert.AreEqual(new[] { "discriminator", "discriminator2", "discriminator3" }, plan.DiscriminatorPhase.Updates);
        Assert.AreEqual("Remedies.MultipleDiscriminators", plan.DiscriminatorPhase.Terms.Single().Option);
        Assert.AreEqual("Remedies.MultipleDiscriminators", plan.GeneratorPhase.Terms.Single().Option);

        var rows = GaussianMixture.Ring().Sample(128, 1).SelectMany(r => r).ToArray();
        using var run = new TrainingRun(plan, rows, 2, seed: 7, CPU);
        float[] First(string player) => run.Player(player).Network.parameters().First().detach().data<float>().ToArray();
        var before = new[] { "discriminator", "discriminator2", "discriminator3" }.Select(First).ToArray();
        Assert.IsFalse(before[0].SequenceEqual(before[1]) || before[1].SequenceEqual(before[2]), "different initial weights");
        run.Step();
        var after = new[] { "discriminator", "discriminator2", "discriminator3" }.Select(First).ToArray();
        for (int i = 0; i < 3; i++)
            Assert.IsFalse(before[i].SequenceEqual(after[i]), $"discriminator {i + 1} was trained");
        Assert.IsTrue(double.IsFinite(run.ReadSums().GeneratorLoss));
    }

    [TestMethod]
    public void AGmanModel_TrainsSavesAndResumesExactly()
    {
        var path = Path.Combine(Path.GetTempPath(), $"mlgan-gman-{Guid.NewGuid():N}.bin");
        try
        {
            var ml = new MLContext(1);
            var data = TestData.Ring(ml, 128);
            using var uninterrupted = ml.Gan().Trainers.Gan(Gman(lambda: 1)).Fit(data);

            var stopped = new MLContext(1);
            var first = Gman(lambda: 1);
            first.Run.Checkpoint = new CheckpointOptions { Path = path, Interval = 10 };
            Assert.Throws<OperationCanceledException>(() => stopped.Gan().Trainers.Gan(first, new OnReport(p =>
            {
                if (p.Step == 10)
                    stopped.CancelExecution();
            })).Fit(TestData.Ring(stopped, 128)));
            var second = Gman(lambda: 1);
            second.Run.ResumeFrom = path;
            using var resumed = ml.Gan().Trainers.Gan(second).Fit(data);
            EstimatorChecks.AssertSameValues(ml.Gan().Generate(uninterrupted, 40), ml.Gan().Generate(resumed, 40));

            using var stream = new MemoryStream();
            ml.Model.Save(resumed, data.Schema, stream);
            stream.Position = 0;
            var loaded = ml.Model.Load(stream, out _);
            EstimatorChecks.AssertSameValues(ml.Gan().Generate(resumed, 40), ml.Gan().Generate(loaded, 40));
            Assert.AreEqual(3, ((GanTransformer)loaded).TrainingOptions!.Remedies.MultipleDiscriminators.Count);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void CombinationsActingOnOneDiscriminator_AreRefused()
    {
        var options = Gman();
        options.Remedies.R1.Weight = 1;
        options.Remedies.Unrolling.Steps = 2;
        var ex = Assert.ThrowsExactly<ArgumentException>(() => new MLContext(1).Gan().Trainers.Gan(options));
        StringAssert.Contains(ex.Message, "GanOptions.Remedies.MultipleDiscriminators does not combine with Remedies.R1 and Remedies.Unrolling");
        var count = Gman(count: 9);
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new MLContext(1).Gan().Trainers.Gan(count)).Message,
            "GanOptions.Remedies.MultipleDiscriminators.Count must be in [1, 8]");
    }
}
