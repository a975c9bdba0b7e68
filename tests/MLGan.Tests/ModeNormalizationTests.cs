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

    /// <summary>
    /// <paramref name="modes"/> axis-aligned Gaussian modes in <paramref name="size"/>-D: centres uniform in [-5, 5]^d
    /// (no minimum distance), per-axis stds uniform in [0.05, 0.3], weights 1 : 2 : … : k; the rows and each one's mode.
    /// </summary>
    private static (float[][] Rows, int[] Modes) UnequalModes(int modes, int size, int seed, int count)
    {
        var random = new Random(seed);
        double Normal() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        var centres = Enumerable.Range(0, modes).Select(_ => Enumerable.Range(0, size).Select(_ => random.NextDouble() * 10 - 5).ToArray()).ToArray();
        var stds = Enumerable.Range(0, modes).Select(_ => Enumerable.Range(0, size).Select(_ => 0.05 + 0.25 * random.NextDouble()).ToArray()).ToArray();
        double total = modes * (modes + 1) / 2.0;
        var truth = new int[count];
        var rows = new float[count][];
        for (int i = 0; i < count; i++)
        {
            double u = random.NextDouble() * total;
            int c = 0;
            double cumulative = 1;
            while (c < modes - 1 && u >= cumulative)
                cumulative += ++c + 1;
            truth[i] = c;
            rows[i] = Enumerable.Range(0, size).Select(j => (float)(centres[c][j] + stds[c][j] * Normal())).ToArray();
        }
        return (rows, truth);
    }

    [TestMethod]
    // 12 modes of 1.3% to 15% of the rows in 3-D: the best k-means clustering (by silhouette) has 11 clusters; the
    // Gaussian mixture's split and merge moves reach all 12.
    [DataRow(12, 3, 1, 20_000, 11)]
    // 6 modes of 4.8% to 29% in 40-D, which k-means finds: BIC alone would merge the two smallest (one Gaussian over
    // both costs fewer parameters than their likelihood gains), but merges stop at the start.
    [DataRow(6, 40, 7, 8_000, 6)]
    public void Search_GivesEveryModeItsOwnCluster_WhereKMeansMergesThem_AndWhereBicAloneWould(int count, int size, int seed, int rowCount, int kMeansModes)
    {
        var (rows, truth) = UnequalModes(count, size, seed, rowCount);
        var (encoded, modes, decision) = Fit(rows);
        StringAssert.Contains(decision, $"the best k-means clustering has {kMeansModes} modes");
        Assert.AreEqual(count, modes!.Count, decision);
        var labels = modes.Labels(encoded);
        var owners = new HashSet<long>();
        for (int c = 0; c < count; c++)
        {
            var found = Enumerable.Range(0, rows.Length).Where(i => truth[i] == c).GroupBy(i => labels[i]).OrderByDescending(g => g.Count()).First();
            int members = truth.Count(t => t == c), strangers = Enumerable.Range(0, rows.Length).Count(i => labels[i] == found.Key && truth[i] != c);
            Assert.IsTrue(found.Count() >= 0.99 * members && strangers <= 0.01 * members, $"true mode {c}: {found.Count()} of {members} rows in mode {found.Key}, with {strangers} others");
            Assert.IsTrue(owners.Add(found.Key), $"true mode {c} shares mode {found.Key}");
        }
    }

    [TestMethod]
    public void Search_KeepsTheKMeansClusters_WhereTheSampleHoldsTooFewRowsOfAModeForItsCovariance()
    {
        // 30-D rows: the mixture is fitted to 4,444 of the 20,000 rows, where a mode of 0.5% has about 22, fewer than the
        // 31 a 30 x 30 covariance needs; the whole table holds 100 of its rows, more than the 60 a mode needs.
        var random = new Random(5);
        double Normal() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        var centres = Enumerable.Range(0, 3).Select(_ => Enumerable.Range(0, 30).Select(_ => random.NextDouble() * 10 - 5).ToArray()).ToArray();
        var rows = Enumerable.Range(0, 20_000).Select(i =>
        {
            int mode = i < 100 ? 0 : 1 + i % 2;
            return Enumerable.Range(0, 30).Select(j => (float)(centres[mode][j] + 0.3 * Normal())).ToArray();
        }).ToArray();
        var (_, modes, decision) = Fit(rows);
        StringAssert.Contains(decision, "the k-means clusters");
        Assert.AreEqual(3, modes!.Count, decision);
        Assert.AreEqual(0.005f, modes.Shares.Min(), 1e-6f, decision);
    }

    [TestMethod]
    public void MostLikely_WeighsDistanceBySpreadAndShare_NotTheNearestMean()
    {
        // 1-D modes: N(0, 1) and N(3, 0.1²), equal shares. x = 2 is nearer mode 1's mean but 10 of its spreads away:
        // scores (x − μ)²/σ² + 2 ln σ − 2 ln π are 4 + 1.386 for mode 0 and 100 − 4.605 + 1.386 for mode 1.
        var modes = new ModeClusters(new[] { 0f, 3f }, new[] { new PcaWhitening(new[] { 1f }, new[] { 1f }), new PcaWhitening(new[] { 1f }, new[] { 0.1f }) }, new[] { 0.5f, 0.5f });
        using var scope = NewDisposeScope();
        var (whitened, chosen) = modes.MostLikely(tensor(new[] { 2f, 2.9f, -1f, 3.5f }, new long[] { 4, 1 }));
        CollectionAssert.AreEqual(new long[] { 0, 1, 0, 0 }, chosen.data<long>().ToArray());
        var values = whitened.data<float>().ToArray();
        Assert.AreEqual(2f, values[0], 1e-5f);
        Assert.AreEqual(-1f, values[1], 1e-4f); // (2.9 − 3) / 0.1
        Assert.AreEqual(-1f, values[2], 1e-5f);
        Assert.AreEqual(3.5f, values[3], 1e-5f); // 5 spreads from mode 1 (25 − 4.605) loses to 3.5² = 12.25 in mode 0
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
        var latents = randn(new long[] { 100_000, plan.LatentDimension }, generator: manual_seed(5));
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
