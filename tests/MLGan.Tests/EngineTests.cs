using MLGan.Datasets;
using MLGan.Engine;
using MLGan.Training;
using MLGan.Networks;
using MLGan.Remedies;
using static TorchSharp.torch;

namespace MLGan.Tests;

/// <summary>The phase runner's contract: phases at their intervals, and network state keys that saved models rely on.</summary>
[TestClass]
public sealed class EngineTests
{
    private sealed class CountingHook : IPhaseHook
    {
        public List<int> Steps { get; } = new();

        public void AfterUpdate(TrainingRun run) => Steps.Add(run.CompletedSteps + 1);
    }

    [TestMethod]
    public void LazyR1_RunsInAPhaseOfItsOwnEveryNSteps()
    {
        var options = TestData.Tiny();
        options.Remedies.R1.Weight = 1;
        options.Remedies.R1.Interval = 4;
        var plan = GanTrainingPlan.From(options, featureSize: 2, totalSteps: 12);
        CollectionAssert.AreEqual(new[] { TrainingPlan.DiscriminatorName, R1Remedy.LazyPhaseName, TrainingPlan.GeneratorName }, plan.Phases.Select(p => p.Name).ToArray());
        var lazy = plan.Phases[1];
        Assert.AreEqual(4, lazy.Interval);
        Assert.AreEqual(0.5 * 1 * 4, lazy.Terms.Single().Weight.Value, "γ/2 times the interval keeps the average strength");
        Assert.HasCount(1, plan.DiscriminatorPhase.Terms, "the main phase keeps only the objective");

        var counter = new CountingHook();
        lazy.AfterUpdate.Add(counter);
        var rows = GaussianMixture.Ring().Sample(128, 1).SelectMany(r => r).ToArray();
        using var run = new TrainingRun(plan, rows, 2, seed: 7, CPU);
        for (int i = 0; i < 12; i++)
            run.Step();
        CollectionAssert.AreEqual(new[] { 4, 8, 12 }, counter.Steps);
        Assert.IsTrue(double.IsFinite(run.ReadSums().DiscriminatorLoss));
    }

    [TestMethod]
    public void CriticRepeats_RunTheDiscriminatorPhaseNTimesPerStep()
    {
        var options = TestData.Tiny();
        options.Schedule.DiscriminatorStepsPerGeneratorStep = 3;
        var plan = GanTrainingPlan.From(options, featureSize: 2, totalSteps: 10);
        var counter = new CountingHook();
        plan.DiscriminatorPhase.AfterUpdate.Add(counter);
        var rows = GaussianMixture.Ring().Sample(128, 1).SelectMany(r => r).ToArray();
        using var run = new TrainingRun(plan, rows, 2, seed: 7, CPU);
        run.Step();
        run.Step();
        CollectionAssert.AreEqual(new[] { 1, 1, 1, 2, 2, 2 }, counter.Steps);
        Assert.AreEqual(6, run.EpochBatchesDrawn, "each critic update takes a batch of the epoch schedule");
    }

    /// <summary>State keys are what model files store: renaming a field of a network breaks every saved model.</summary>
    [TestMethod]
    public void NetworkStateKeys_ArePinned()
    {
        static string[] Keys(INetworkSpec spec)
        {
            using var network = spec.Build("x");
            return network.state_dict().Keys.OrderBy(k => k, StringComparer.Ordinal).ToArray();
        }

        CollectionAssert.AreEqual(new[] { "body.linear0.bias", "body.linear0.weight", "body.linear1.bias", "body.linear1.weight", "head.bias", "head.weight" },
            Keys(new MlpSpec(4, new[] { 8, 8 }, 2, GanActivation.ReLU, GanNormalization.None)));
        CollectionAssert.AreEqual(new[]
        {
            "body.linear0.bias", "body.linear0.weight", "body.norm0.bias", "body.norm0.num_batches_tracked", "body.norm0.running_mean",
            "body.norm0.running_var", "body.norm0.weight", "head.bias", "head.weight",
        }, Keys(new MlpSpec(4, new[] { 8 }, 2, GanActivation.ReLU, GanNormalization.BatchNorm)));

        var everything = new DiscriminatorSpec(2, new HiddenLayers(new[] { 8 }, GanActivation.Maxout, GanNormalization.LayerNorm, SpectralNorm: true, Dropout: 0.2),
            MinibatchKernels: 3, MinibatchKernelDimension: 2, MinibatchStandardDeviation: true, PackingDegree: 2);
        CollectionAssert.AreEqual(new[]
        {
            "body.linear0.bias", "body.linear0.u", "body.linear0.v", "body.linear0.weight", "body.norm0.bias", "body.norm0.weight",
            "head.bias", "head.u", "head.v", "head.weight", "minibatch.discrimination.projection",
        }, Keys(everything));

        CollectionAssert.AreEqual(new[]
        {
            "code.bias", "code.weight", "decoder.linear0.bias", "decoder.linear0.weight", "encoder.linear0.bias", "encoder.linear0.weight", "output.bias", "output.weight",
        }, Keys(new AutoencoderDiscriminatorSpec(2, new[] { 8 }, 3, GanActivation.LeakyReLU)));
    }

    [TestMethod]
    public void NetworkSpecs_RoundTripWithTheirTypeTag()
    {
        INetworkSpec[] specs =
        {
            new MlpSpec(4, new[] { 8, 8 }, 2, GanActivation.SiLU, GanNormalization.LayerNorm),
            new DiscriminatorSpec(3, new HiddenLayers(new[] { 8 }, GanActivation.Maxout, GanNormalization.LayerNorm, SpectralNorm: true, Dropout: 0.2), 3, 2, true, true, 2),
            new AutoencoderDiscriminatorSpec(3, new[] { 8, 6 }, 4, GanActivation.ELU),
        };
        foreach (var spec in specs)
        {
            using var stream = new MemoryStream();
            using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
                NetworkSpecs.Write(writer, spec);
            stream.Position = 0;
            var read = NetworkSpecs.Read(new BinaryReader(stream));
            Assert.AreEqual(spec.Kind, read.Kind);
            using var a = spec.Build("a");
            using var b = read.Build("b");
            Assert.AreEqual(spec.ParameterCount, a.parameters().Sum(p => p.numel()), $"{spec.Kind}: ParameterCount matches the built network");
            CollectionAssert.AreEqual(a.state_dict().Keys.ToArray(), b.state_dict().Keys.ToArray(), spec.Kind);
        }
        using var unknown = new MemoryStream(new byte[] { 3, (byte)'c', (byte)'n', (byte)'n' });
        var ex = Assert.ThrowsExactly<InvalidDataException>(() => NetworkSpecs.Read(new BinaryReader(unknown)));
        StringAssert.Contains(ex.Message, "unknown network kind 'cnn'");
    }

    private sealed class SilenceAfter(int step, ScheduledValue weight) : IStepHook
    {
        public void AfterStep(TrainingRun run)
        {
            if (run.CompletedSteps == step)
                weight.Value = 0;
        }
    }

    [TestMethod]
    public void AStepHook_ChangesATermsWeightMidRun_AndAPhaseOfZeroWeightsIsSkipped()
    {
        var plan = GanTrainingPlan.From(TestData.Tiny(), featureSize: 2, totalSteps: 10);
        plan.StepHooks.Add(new SilenceAfter(2, plan.GeneratorPhase.Terms.Single().Weight));
        var rows = GaussianMixture.Ring().Sample(128, 1).SelectMany(r => r).ToArray();
        using var run = new TrainingRun(plan, rows, 2, seed: 7, CPU);
        run.Step();
        run.Step();
        Assert.AreNotEqual(0, run.ReadSums().GeneratorLoss);
        float[] Generator() => run.Generator.Network.parameters().SelectMany(p => p.detach().data<float>().ToArray()).ToArray();
        var silenced = Generator();
        run.Step();
        run.Step();
        Assert.IsTrue(double.IsNaN(run.ReadSums().GeneratorLoss), "a phase whose terms all weigh 0 does not run");
        CollectionAssert.AreEqual(silenced, Generator());
    }

    [TestMethod]
    public void BatchSampler_DrawsAPermutationPerEpoch_AndRestoresFromItsCount()
    {
        var sampler = new BatchSampler(rows: 12, batchSize: 4, seed: 5);
        var epochs = Enumerable.Range(0, 3).Select(_ => Enumerable.Range(0, 3).SelectMany(_ => sampler.Next()).ToArray()).ToArray();
        foreach (var epoch in epochs)
            CollectionAssert.AreEquivalent(Enumerable.Range(0, 12).Select(i => (long)i).ToArray(), epoch, "every row once per epoch");
        Assert.IsFalse(epochs[0].SequenceEqual(epochs[1]) || epochs[1].SequenceEqual(epochs[2]), "a new order each epoch");

        var resumed = new BatchSampler(rows: 12, batchSize: 4, seed: 5);
        resumed.Restore(4); // mid-way through the second epoch
        CollectionAssert.AreEqual(epochs[1][4..8], resumed.Next());
        CollectionAssert.AreNotEqual(epochs[0][..4], new BatchSampler(12, 4, seed: 6).Next(), "another seed, another order");

        // Over many epochs each row lands in each position about equally often (a fair shuffle).
        var counts = new int[12];
        var many = new BatchSampler(rows: 12, batchSize: 12, seed: 1);
        for (int e = 0; e < 6000; e++)
            counts[many.Next()[0]]++;
        Assert.IsTrue(counts.All(c => c is > 400 and < 600), string.Join(", ", counts));
    }

    [TestMethod]
    [DataRow(8, "left")]
    [DataRow(12, "seeded")]
    [DataRow(16, "next")]
    public void ADamagedRandomState_FailsWithAnErrorInsteadOfAbortingTheProcess(int offset, string field)
    {
        using var random = new Generator(5);
        var bytes = new MemoryStream();
        using (var writer = new BinaryWriter(bytes, System.Text.Encoding.UTF8, leaveOpen: true))
            RunState.WriteGenerator(writer, random);
        var damaged = bytes.ToArray();
        damaged[4 + offset + 3] = 0x7f; // the length prefix, then the field's high byte
        var error = Assert.ThrowsExactly<InvalidDataException>(() => RunState.ReadGenerator(new BinaryReader(new MemoryStream(damaged)), random, "training"));
        StringAssert.Contains(error.Message, "training random state is damaged");
        StringAssert.Contains(error.Message, field);
        // The undamaged state still reads.
        RunState.ReadGenerator(new BinaryReader(new MemoryStream(bytes.ToArray())), random, "training");
    }
}
