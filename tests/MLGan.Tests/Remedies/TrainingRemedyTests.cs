using Microsoft.ML;
using MLGan.Engine;
using MLGan.Networks;
using MLGan.Remedies;
using static TorchSharp.torch;

namespace MLGan.Tests.Remedies;

[TestClass]
public sealed class TrainingRemedyTests
{
    [TestMethod]
    public void FeatureMatching_IsZeroForTheSameStatisticsAndTheSquaredMeanGapOtherwise()
    {
        using var scope = NewDisposeScope();
        var real = tensor(new float[] { 0, 0, 2, 4 }, new long[] { 2, 2 });             // mean (1, 2)
        var shuffled = tensor(new float[] { 2, 4, 0, 0 }, new long[] { 2, 2 });
        var shifted = tensor(new float[] { 1, 1, 3, 5 }, new long[] { 2, 2 }, requires_grad: true); // mean (2, 3)
        Func<Tensor, Tensor> identity = x => x;
        Assert.AreEqual(0, FeatureMatching.Loss(identity, real, shuffled).item<float>(), 1e-6);
        var loss = FeatureMatching.Loss(identity, real, shifted);
        Assert.AreEqual(2, loss.item<float>(), 1e-6);
        loss.backward();
        CollectionAssert.AreEqual(new float[] { 1, 1, 1, 1 }, shifted.grad!.data<float>().ToArray(), "d/dfake of ‖mean − m‖²: 2·gap / n");
    }

    [TestMethod]
    public void InstanceNoise_AnnealsLinearlyToZero()
    {
        var noise = new InstanceNoise(0.4, totalSteps: 100);
        Assert.AreEqual(0.4, noise.StdAt(0), 1e-12);
        Assert.AreEqual(0.2, noise.StdAt(50), 1e-12);
        Assert.AreEqual(0, noise.StdAt(100));
        using var random = new Generator(1);
        using var rows = zeros(20_000, 2);
        noise.Std.Value = noise.StdAt(50);
        using var noisy = noise.Apply(rows, random);
        Assert.AreEqual(0.2, noisy.std().item<float>(), 0.01);
        noise.Std.Value = noise.StdAt(100);
        Assert.AreSame(rows, noise.Apply(rows, random), "no noise at the end");
    }

    [TestMethod]
    public void Ema_FollowsTheRampedRecurrenceAndIsWhatTheModelSamplesFrom()
    {
        var spec = new MlpSpec(2, new[] { 3 }, 2, GanActivation.ReLU, GanNormalization.None);
        using var live = new Mlp("generator", spec);
        using var generator = new Generator(1);
        live.InitializeWeights(generator);
        using var player = new Player("generator", live, new AdamSettings(1e-3, 0.5, 0.9));
        using var ema = new GeneratorEma(player, new ScheduledValue(0.999), CPU);
        var before = RemedyLoop.Values(ema.Average.parameters());
        using (no_grad())
            foreach (var p in live.parameters())
                p.add_(1);
        ema.Update(); // decay min(0.999, 2/11)
        var after = RemedyLoop.Values(ema.Average.parameters());
        double decay = 2.0 / 11;
        for (int i = 0; i < before.Length; i++)
            for (int j = 0; j < before[i].Length; j++)
                Assert.AreEqual(before[i][j] + (1 - decay), after[i][j], 1e-5);

        var options = TestData.Tiny(steps: 30);
        options.Remedies.GeneratorEma.Decay = 0.9;
        using var loop = RemedyLoop.Create(options);
        for (int i = 0; i < 30; i++)
        {
            loop.DiscriminatorStep();
            loop.GeneratorStep();
        }
        Assert.AreNotSame(loop.Generator.Network, loop.SamplingGenerator);
        Assert.IsTrue(RemedyLoop.Values(loop.Generator.Network.parameters()).Zip(RemedyLoop.Values(loop.SamplingGenerator.parameters())).Any(p => !p.First.SequenceEqual(p.Second)),
            "the sampling generator is the average, not the live weights");
        Assert.AreSame(loop.SamplingGenerator, loop.ReleaseSamplingGenerator());
        loop.SamplingGenerator.Dispose();
    }

    [TestMethod]
    public void LearningRateDecay_ShrinksEveryOptimizersRateLinearly()
    {
        using var parameter = new TorchSharp.Modules.Parameter(zeros(1));
        using var optimizer = optim.Adam(new[] { parameter }, 0.01);
        var decay = new LearningRateDecay(totalSteps: 4);
        var optimizers = new (optim.Optimizer, double)[] { (optimizer, 0.01) };
        decay.Apply(1, optimizers);
        Assert.AreEqual(0.0075, optimizer.ParamGroups.Single().LearningRate, 1e-12);
        decay.Apply(4, optimizers);
        Assert.AreEqual(0, optimizer.ParamGroups.Single().LearningRate);

        // In a run: the last generator steps barely move the weights.
        var options = TestData.Tiny();
        options.Schedule.LearningRateDecay = true;
        using var loop = RemedyLoop.Create(options, totalSteps: 10);
        float[] Step()
        {
            var before = RemedyLoop.Values(loop.Generator.Network.parameters()).SelectMany(v => v).ToArray();
            loop.Step(); // the step hooks (the decay) run after each whole step
            return RemedyLoop.Values(loop.Generator.Network.parameters()).SelectMany(v => v).Zip(before, (a, b) => Math.Abs(a - b)).ToArray();
        }
        float first = Step().Max();
        for (int i = 0; i < 7; i++)
            Step();
        Assert.IsTrue(Step().Max() < first / 2, "the 9th of 10 steps (rate × 0.2) moves the weights far less than the first");
    }

    [TestMethod]
    public void Maxout_TakesTheLargestPiece()
    {
        using var input = tensor(new float[] { 1, 5, 2, 0, -1, /* unit 2 */ -3, -2, -8, -1, -4 }, new long[] { 1, 10 });
        using var output = new Maxout(5).forward(input);
        CollectionAssert.AreEqual(new float[] { 5, -1 }, output.data<float>().ToArray());
    }

    [TestMethod]
    public void Maxout_GivesTheGradientToTheLargestPiece_SplitEvenlyBetweenEqualOnes()
    {
        using var input = tensor(new float[] { 1, 5, 2, 0, -1, /* unit 2: a tie */ -3, -1, -8, -1, -4 }, new long[] { 1, 10 }).requires_grad_();
        using var output = new Maxout(5).forward(input);
        using var upstream = tensor(new float[] { 2, 3 }, new long[] { 1, 2 });
        output.backward(new[] { upstream });
        CollectionAssert.AreEqual(new float[] { 0, 2, 0, 0, 0, 0, 1.5f, 0, 1.5f, 0 }, input.grad!.data<float>().ToArray());
    }

    [TestMethod]
    public void Dropout_IsRandomWhileTrainingAndOffWhenEvaluating()
    {
        var spec = new DiscriminatorSpec(2, new HiddenLayers(new[] { 64 }, GanActivation.LeakyReLU, GanNormalization.None, Dropout: 0.5), 0, 0, false);
        using var network = new DiscriminatorNetwork(spec);
        using var input = ones(1, 2);
        network.train();
        using var random = new Generator(3);
        SeededDropout.UseGenerator(network, random);
        float first = network.forward(input).item<float>();
        Assert.AreNotEqual(first, network.forward(input).item<float>());
        using var again = new Generator(3);
        SeededDropout.UseGenerator(network, again);
        Assert.AreEqual(first, network.forward(input).item<float>(), "masks come from the given seed, not libtorch's global generator");
        network.eval();
        Assert.AreEqual(network.forward(input).item<float>(), network.forward(input).item<float>());
    }

    [TestMethod]
    public void PaperNetworks_HaveMaxoutDiscriminatorAndBatchNormGenerator()
    {
        var options = TestData.Tiny();
        options.Networks.Generator.HiddenLayers = new[] { 400, 400, 400, 400 };
        options.Networks.Generator.Normalization = GanNormalization.BatchNorm;
        options.Networks.Discriminator.HiddenLayers = new[] { 200, 200, 200 };
        options.Networks.Discriminator.Activation = GanActivation.Maxout;
        using var loop = RemedyLoop.Create(options);
        var linears = loop.Discriminator.Network.modules().OfType<TorchSharp.Modules.Linear>().ToArray();
        CollectionAssert.AreEqual(new long[] { 1000, 1000, 1000, 1 }, linears.Select(l => l.weight!.shape[0]).OrderDescending().ToArray(), "5 pieces per maxout unit");
        Assert.AreEqual(4, loop.Generator.Network.modules().OfType<TorchSharp.Modules.BatchNorm>().Count());
        loop.GeneratorStep();
        Assert.IsTrue(double.IsFinite(loop.ReadSums().GeneratorLoss));
    }

    [TestMethod]
    public void AllCompatibleRemedies_TrainTogetherAndRoundTrip()
    {
        var ml = new MLContext(1);
        var options = TestData.Tiny(steps: 15);
        options.Objective.Loss = GanLoss.NonSaturating; // label smoothing needs a classifier objective
        options.Remedies.Packing.Degree = 2;
        options.Remedies.Unrolling.Steps = 2;
        options.Remedies.MinibatchDiscrimination.Enabled = true;
        options.Remedies.MinibatchStandardDeviation.Enabled = true;
        options.Remedies.FeatureMatching.Weight = 1;
        options.Remedies.Dragan.Weight = 1;
        options.Remedies.R1.Weight = 1;
        options.Remedies.SpectralNorm.Enabled = true;
        options.Networks.Discriminator.Dropout = 0.1;
        options.Networks.Discriminator.Normalization = GanNormalization.LayerNorm;
        options.Remedies.InstanceNoise.InitialStd = 0.1;
        options.Remedies.LabelSmoothing.Amount = 0.1;
        options.Remedies.GeneratorEma.Decay = 0.99;
        var data = TestData.Ring(ml, 128);
        using var model = ml.Gan().Trainers.Gan(options).Fit(data);
        Assert.IsTrue(model.TrainingHistory.All(h => double.IsFinite(h.DiscriminatorLoss) && double.IsFinite(h.GeneratorLoss)));

        string path = Path.Combine(Path.GetTempPath(), $"mlgan-remedies-{Guid.NewGuid():N}.zip");
        try
        {
            ml.Model.Save(model, data.Schema, path);
            using var loaded = (GanTransformer)new MLContext(2).Model.Load(path, out _);
            CollectionAssert.AreEqual(
                TestData.ReadVectors(ml.Gan().Generate(model, 50, seed: 3)).SelectMany(v => v).ToArray(),
                TestData.ReadVectors(ml.Gan().Generate(loaded, 50, seed: 3)).SelectMany(v => v).ToArray());
        }
        finally
        {
            File.Delete(path);
        }
    }
}
