using Microsoft.ML;
using MLGan.Data;
using MLGan.Datasets;
using MLGan.Networks;
using MLGan.Training;
using static TorchSharp.torch;

namespace MLGan.Tests;

/// <summary>Mode normalization: when Auto finds modes, that the networks' per-mode whitening is exact, and that models keep it.</summary>
[TestClass]
public sealed class ModeNormalizationTests
{
    private static FeatureTable Table(MLContext ml, float[][] rows) => FeatureTable.Load(TestData.Rows(ml, rows), "Features", "test");

    /// <summary>The standardized rows of <paramref name="rows"/> and their modes (Auto unless said).</summary>
    private static (float[] Encoded, ModeClusters? Modes, string Decision) Fit(float[][] rows, ModeNormalization mode = ModeNormalization.Auto)
    {
        var table = Table(new MLContext(1), rows);
        var encoded = FeatureScaler.Fit(table).Encode(table);
        var modes = ModeClusters.Fit(encoded, table.Size, mode, seed: 1, out string decision);
        return (encoded, modes, decision);
    }

    /// <summary>Two unit Gaussian blobs whose centres lie <paramref name="separation"/> apart (one blob at 0).</summary>
    private static float[][] Blobs(int count, double separation, int seed)
    {
        var random = new Random(seed);
        double Normal() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        return Enumerable.Range(0, count).Select(i => new[] { (float)(Normal() + (i % 2) * separation), (float)Normal() }).ToArray();
    }

    [TestMethod]
    public void Auto_FindsClearlySeparatedModes_AndNothingElse()
    {
        var ring = Fit(GaussianMixture.Ring().Sample(2000, 1));
        Assert.AreEqual(8, ring.Modes!.Count, ring.Decision);
        foreach (float share in ring.Modes.Shares)
            Assert.AreEqual(0.125, share, 0.03); // the sample's own shares: 2,000 rows put 250 ± 15 in a mode
        Assert.AreEqual(25, Fit(GaussianMixture.Grid().InRandomPlane(10, 7).Sample(4000, 1)).Modes!.Count);

        // Two overlapping blobs (4 std apart): the best split is not a strong structure, so Auto keeps one mode (the rows
        // whitened as a whole), and Always splits them anyway.
        var overlapping = Fit(Blobs(2000, 4, 2));
        Assert.AreEqual(1, overlapping.Modes?.Count, overlapping.Decision);
        StringAssert.Contains(overlapping.Decision, "below 0.7");
        Assert.AreEqual(1f, overlapping.Modes!.Shares.Single());
        var split = Fit(Blobs(2000, 4, 2), ModeNormalization.Always);
        Assert.AreEqual(2, split.Modes?.Count, split.Decision);
        // Too few rows for two modes of at least 20 rows: one mode; too few for one: none; and None.
        var few = Fit(GaussianMixture.Ring().Sample(30, 1));
        Assert.AreEqual(1, few.Modes?.Count, few.Decision);
        StringAssert.Contains(few.Decision, "too few rows for 2 modes of 20");
        StringAssert.Contains(Fit(GaussianMixture.Ring().Sample(19, 1)).Decision, "at least 20 rows");
        Assert.IsNull(Fit(GaussianMixture.Ring().Sample(2000, 1), ModeNormalization.None).Modes);
    }

    [TestMethod]
    public void TrainingRows_WhitenedByTheirModes_HaveTheTargetMoments_AndMapBack()
    {
        var (encoded, modes, _) = Fit(GaussianMixture.Grid().InRandomPlane(5, 7).Sample(3000, 2));
        using var network = (ModeNormalizedNetwork)new ModeNormalizedSpec(GanTrainingPlan.DiscriminatorSpec(new GanOptions(), 5, classes: modes!.Count), modes, ModeRole.Discriminator).Build("d");
        using var scope = NewDisposeScope();
        var rows = tensor(encoded, new long[] { 3000, 5 });
        var (whitened, nearest) = network.Whiten(rows);
        // Each mode's rows have mean 0 and covariance I (divisor n - 1) in its own units: over all k modes, mean 0 and a
        // pooled second moment of I with divisor n - k.
        var mean = whitened.mean(new long[] { 0 });
        var covariance = whitened.t().mm(whitened) / (3000 - modes.Count);
        Assert.IsTrue(mean.abs().max().item<float>() < 1e-4, $"mean {mean.abs().max().item<float>()}");
        Assert.IsTrue((covariance - network.TargetCovariance).abs().max().item<float>() < 1e-3, "covariance");
        Assert.IsTrue(network.TargetCovariance.diag().sub(1).abs().max().item<float>() < 1e-6, "every mode varies in every direction");
        // And back: the rows themselves.
        var back = network.Unwhiten(whitened, nearest);
        Assert.IsTrue((back - rows).abs().max().item<float>() < 1e-4, $"round trip off by {(back - rows).abs().max().item<float>()}");
    }

    [TestMethod]
    public void OneMode_WhitensTheRowsAsAWhole_AndMapsBack()
    {
        // Correlated rows without clusters: (x, 0.9 x + 0.1 e), so the second principal direction is small.
        var blob = Blobs(1000, 0, 5).Select(r => new[] { r[0], 0.9f * r[0] + 0.1f * r[1] }).ToArray();
        var (encoded, modes, decision) = Fit(blob);
        Assert.AreEqual(1, modes!.Count, decision);
        using var network = (ModeNormalizedNetwork)new ModeNormalizedSpec(GanTrainingPlan.DiscriminatorSpec(new GanOptions(), 2, classes: 1), modes, ModeRole.Discriminator).Build("d");
        using var scope = NewDisposeScope();
        var rows = tensor(encoded, new long[] { 1000, 2 });
        var (whitened, nearest) = network.Whiten(rows);
        Assert.AreEqual(0L, nearest.abs().sum().item<long>());
        var mean = whitened.mean(new long[] { 0 });
        var covariance = whitened.t().mm(whitened) / 999;
        Assert.IsTrue(mean.abs().max().item<float>() < 1e-4, $"mean {mean.abs().max().item<float>()}");
        Assert.IsTrue((covariance - eye(2)).abs().max().item<float>() < 1e-3, "covariance I");
        Assert.IsTrue((network.Unwhiten(whitened, nearest) - rows).abs().max().item<float>() < 1e-4, "round trip");
    }

    [TestMethod]
    public void Fit_WithoutClusters_TrainsAsOneMode_UnlessWhiteningIsNone()
    {
        var ml = new MLContext(1);
        var data = TestData.Rows(ml, Blobs(200, 0, 4));
        var options = TestData.Tiny(steps: 5);
        using (var model = ml.Gan().Trainers.Gan(options).Fit(data))
        {
            Assert.AreEqual(1, model.ModeCount);
            StringAssert.Contains(model.GeneratorArchitecture, "on the rows whitened as one mode");
            Assert.AreEqual(5, TestData.ReadVectors(ml.Gan().Generate(model, 5, seed: 1)).Length);
        }
        options.Whitening = FeatureWhitening.None;
        using var whole = ml.Gan().Trainers.Gan(options).Fit(data);
        Assert.AreEqual(0, whole.ModeCount);
    }

    [TestMethod]
    public void GeneratedRows_ComeFromEachModeInItsShare_AndTheDiscriminatorSeesThemInTheirModes()
    {
        var (_, modes, _) = Fit(GaussianMixture.Ring().Sample(2000, 3));
        var options = new GanOptions();
        var plan = GanTrainingPlan.From(options, 2, totalSteps: 1, modes: modes);
        using var generator = (ModeNormalizedNetwork)plan.Players[0].Spec.Build("g");
        using var discriminator = (ModeNormalizedNetwork)plan.Players[1].Spec.Build("d");
        generator.InitializeWeights(manual_seed(4));
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var latents = randn(new long[] { 100_000, options.Networks.LatentDimension }, generator: manual_seed(5));
        var drawn = generator.ModesOfLatents(latents);
        var counts = drawn.bincount(null, modes!.Count);
        for (int c = 0; c < modes.Count; c++)
            Assert.AreEqual(modes.Shares[c], counts[c].item<long>() / 100_000.0, 0.005, $"mode {c}");
        // An untrained generator writes values near 0 in a mode's units, which lie in that mode: the discriminator assigns each row to it.
        var rows = generator.forward(latents.narrow(0, 0, 1000));
        var (_, nearest) = discriminator.Whiten(rows);
        Assert.IsTrue(nearest.eq(drawn.narrow(0, 0, 1000)).all().item<bool>());
    }

    [TestMethod]
    public void Spec_RoundTrips_AndDamagedModesAreRefused()
    {
        var (_, modes, _) = Fit(GaussianMixture.Ring().Sample(2000, 1));
        var spec = new ModeNormalizedSpec(GanTrainingPlan.GeneratorSpec(new GanOptions(), 2, classes: modes!.Count), modes, ModeRole.Generator);
        var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
            NetworkSpecs.Write(writer, spec);
        var bytes = stream.ToArray();
        var read = (ModeNormalizedSpec)NetworkSpecs.Read(new BinaryReader(new MemoryStream(bytes)));
        CollectionAssert.AreEqual(modes.Means, read.Modes.Means);
        CollectionAssert.AreEqual(modes.Shares, read.Modes.Shares);
        CollectionAssert.AreEqual(modes.Shapes[3].Rotation, read.Modes.Shapes[3].Rotation);
        Assert.AreEqual(ModeRole.Generator, read.Role);

        // The mode count sits after the tag and the role: 31 modes, more than any file may hold.
        int at = 1 + spec.Kind.Length + sizeof(int);
        BitConverter.GetBytes(31).CopyTo(bytes, at);
        var error = Assert.ThrowsExactly<InvalidDataException>(() => NetworkSpecs.Read(new BinaryReader(new MemoryStream(bytes))));
        StringAssert.Contains(error.Message, "31 modes");
    }

    [TestMethod]
    public void OnlyThePlainUnconditionalPair_WorksByMode()
    {
        Assert.IsTrue(GanTrainingPlan.TakesModes(new GanOptions(), 2));
        Assert.IsTrue(GanTrainingPlan.TakesModes(new GanOptions { Remedies = { Packing = { Degree = 2 }, R1 = { Weight = 1 } } }, 2));
        Assert.IsFalse(GanTrainingPlan.TakesModes(new GanOptions { LabelColumnName = "Label" }, 2));
        Assert.IsFalse(GanTrainingPlan.TakesModes(new GanOptions { Remedies = { MultipleGenerators = { Count = 3 } } }, 2));
        Assert.IsFalse(GanTrainingPlan.TakesModes(new GanOptions { Remedies = { EnergyBased = { Enabled = true } } }, 2));
    }

    [TestMethod]
    public void Fit_OnSeparatedModes_TrainsByMode_CoversEveryMode_AndTheModelZipKeepsIt()
    {
        var ml = new MLContext(1);
        var messages = new List<string>();
        ml.Log += (_, e) => { lock (messages) messages.Add(e.Message); };
        var mixture = GaussianMixture.Ring();
        var data = TestData.Rows(ml, mixture.Sample(2000, 1));
        var options = new GanOptions { Schedule = { BatchSize = 64, MaxSteps = 200 }, Run = { Seed = 3, NumberOfThreads = 1 }, Monitor = null };
        using var model = ml.Gan().Trainers.Gan(options).Fit(data);
        Assert.IsTrue(messages.Any(m => m.Contains("Mode normalization: 8 modes", StringComparison.Ordinal)), string.Join(Environment.NewLine, messages.Where(m => m.Contains("Mode"))));
        Assert.AreEqual(8, model.ModeCount);
        StringAssert.Contains(model.GeneratorArchitecture, "mode by mode (8 modes");
        var rows = TestData.ReadVectors(ml.Gan().Generate(model, 400, seed: 5));
        // Every mode is drawn in its share after 200 steps, which whole-column training does not promise.
        foreach (var centre in mixture.Centers)
            Assert.IsTrue(rows.Count(r => Math.Sqrt(Math.Pow(r[0] - centre[0], 2) + Math.Pow(r[1] - centre[1], 2)) < 0.2) > 20, $"mode at ({centre[0]}, {centre[1]})");

        string path = Path.Combine(Path.GetTempPath(), $"mlgan-modes-{Guid.NewGuid():N}.zip");
        try
        {
            ml.Model.Save(model, data.Schema, path);
            var loaded = ml.Model.Load(path, out _);
            Assert.AreEqual(8, ((GanTransformer)loaded).ModeCount);
            var after = TestData.ReadVectors(ml.Gan().Generate(loaded, 400, seed: 5));
            for (int i = 0; i < rows.Length; i++)
                CollectionAssert.AreEqual(rows[i], after[i], $"row {i}");
            (loaded as IDisposable)?.Dispose();
        }
        finally
        {
            File.Delete(path);
        }
    }
}
