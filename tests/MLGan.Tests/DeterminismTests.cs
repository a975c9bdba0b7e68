using Microsoft.ML;

namespace MLGan.Tests;

[TestClass]
[DoNotParallelize] // thread counts are process-wide in libtorch
public sealed class DeterminismTests
{
    private static float[] Weights(GanTransformer model)
        => model.Model.Generator.parameters().SelectMany(p => p.data<float>().ToArray()).ToArray();

    [TestMethod]
    public void SameSeed_SameWeightsAndSamples()
    {
        var ml = new MLContext(1);
        var data = TestData.Ring(ml, 256);
        using var a = ml.Gan().Trainers.Gan(TestData.Tiny(steps: 40, seed: 5)).Fit(data);
        using var b = new MLContext(99).Gan().Trainers.Gan(TestData.Tiny(steps: 40, seed: 5)).Fit(data);
        CollectionAssert.AreEqual(Weights(a), Weights(b));
        EstimatorChecks.AssertSameValues(ml.Gan().Generate(a, 100), ml.Gan().Generate(b, 100));
        CollectionAssert.AreEqual(a.TrainingHistory.Select(h => h.GeneratorLoss).ToArray(), b.TrainingHistory.Select(h => h.GeneratorLoss).ToArray());
    }

    [TestMethod]
    public void DifferentSeed_DifferentWeights()
    {
        var ml = new MLContext(1);
        var data = TestData.Ring(ml, 256);
        using var a = ml.Gan().Trainers.Gan(TestData.Tiny(seed: 5)).Fit(data);
        using var b = ml.Gan().Trainers.Gan(TestData.Tiny(seed: 6)).Fit(data);
        CollectionAssert.AreNotEqual(Weights(a), Weights(b));
    }

    [TestMethod]
    public void UnsetSeed_ComesFromTheMLContextSeed()
    {
        var data = TestData.Ring(new MLContext(1), 256);
        GanTransformer Train(int contextSeed)
        {
            var options = TestData.Tiny();
            options.Run.Seed = null;
            return new MLContext(contextSeed).Gan().Trainers.Gan(options).Fit(data);
        }
        using var a = Train(3);
        using var b = Train(3);
        using var c = Train(4);
        Assert.AreEqual(a.Seed, b.Seed);
        CollectionAssert.AreEqual(Weights(a), Weights(b));
        Assert.AreNotEqual(a.Seed, c.Seed);
    }

    [TestMethod]
    public void Initialization_DependsOnlyOnTheGenerator()
    {
        var spec = new MLGan.Networks.MlpSpec(3, new[] { 5, 4 }, 2, GanActivation.ReLU, GanNormalization.None);
        float[] Init(ulong seed)
        {
            using var network = new MLGan.Networks.Mlp("net", spec);
            using var generator = new TorchSharp.torch.Generator(seed);
            network.InitializeWeights(generator);
            return network.parameters().SelectMany(p => p.data<float>().ToArray()).ToArray();
        }
        var a = Init(1);
        CollectionAssert.AreEqual(a, Init(1));
        CollectionAssert.AreNotEqual(a, Init(2));
        Assert.IsTrue(a.Take(15).All(w => Math.Abs(w) <= 1 / Math.Sqrt(3)), "first layer weights within ±1/sqrt(fan_in)");
    }

    [TestMethod]
    public void ThreadCount_IsRestoredAfterTraining()
    {
        int before = TorchSharp.torch.get_num_threads();
        var options = TestData.Tiny();
        options.Run.NumberOfThreads = before == 1 ? 2 : 1;
        var ml = new MLContext(1);
        using var model = ml.Gan().Trainers.Gan(options).Fit(TestData.Ring(ml, 64));
        Assert.AreEqual(before, TorchSharp.torch.get_num_threads());
    }
}
