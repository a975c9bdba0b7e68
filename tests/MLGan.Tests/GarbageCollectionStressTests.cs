using Microsoft.ML;
using MLGan.Tests.Images;

namespace MLGan.Tests;

/// <summary>
/// Training, generation and scoring while another thread forces garbage collections and runs finalizers without a
/// pause. A temporary TorchSharp Scalar that libtorch is still reading (MLGan.Tensors.HeldScalarOps says why they
/// exist) is then freed mid-call almost every time: the build before the held scalars crashed in 3 of 4 such runs of
/// 150 default steps ("INTERNAL ASSERT FAILED at c10/core/Scalar.h"). These fail if one comes back on these paths,
/// including paths the IL check cannot see (a TorchSharp module's forward reached through a virtual call).
/// Opt-in (category Stress, not in the default or CI runs): under this stress a run also crashed once in native code
/// (a segfault in libLibTorchSharp), most likely a temporary tensor created outside a dispose scope during setup,
/// which TorchSharp finalizes the same way; until those are held too, these would make CI flaky.
/// </summary>
[TestClass]
[DoNotParallelize] // the collector would expose other tests' own temporaries (test code converts numbers freely)
public sealed class GarbageCollectionStressTests
{
    private const int MinimumCollections = 100;

    [TestMethod]
    [TestCategory("Stress")]
    public void DefaultTraining_SurvivesCollectionsForcedOnAnotherThread() => TrainUnderCollections("defaults", steps: 150);

    // Steps per configuration: about 10 s each under collections (the double backward passes and the images cost more).
    [TestMethod]
    [TestCategory("Stress")]
    [DataRow("paper networks", 200)]
    [DataRow("least squares, ELU, dropout, instance noise, feature matching", 200)]
    [DataRow("hinge, DRAGAN, R1, spectral norm, packing, minibatch discrimination", 60)]
    [DataRow("WGAN-GP", 200)]
    [DataRow("weight clipping", 200)]
    [DataRow("MAD-GAN", 150)]
    [DataRow("EBGAN", 150)]
    [DataRow("VEEGAN", 150)]
    [DataRow("several discriminators", 150)]
    [DataRow("DCGAN", 60)]
    public void Training_SurvivesCollectionsForcedOnAnotherThread(string configuration, int steps) => TrainUnderCollections(configuration, steps);

    [TestMethod]
    [TestCategory("Stress")]
    public void GenerationScoringAndSaving_SurviveCollectionsForcedOnAnotherThread()
    {
        var ml = new MLContext(1);
        var data = TestData.Ring(ml, 2_000);
        using var model = ml.Gan().Trainers.Gan(TestData.Tiny(steps: 50)).Fit(data);
        var path = Path.Combine(Path.GetTempPath(), $"mlgan-gc-{Guid.NewGuid():N}.zip");
        try
        {
            WhileCollecting(() =>
            {
                var generated = ml.Gan().Generate(model, 3_000, seed: 2);
                var scorer = ml.Gan().Transforms.ScoreDiversity().Fit(data);
                var metrics = ml.Gan().Evaluate(scorer, generated);
                Assert.IsTrue(double.IsFinite(metrics.Precision), "precision");
                ml.Model.Save(model, data.Schema, path);
                using var loaded = (IDisposable)ml.Gan().LoadModel(path, out _);
            });
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static void TrainUnderCollections(string configuration, int steps)
    {
        var ml = new MLContext(1);
        var (options, data) = Configuration(ml, configuration, steps);
        WhileCollecting(() =>
        {
            using var model = ml.Gan().Trainers.Gan(options).Fit(data);
            Assert.IsTrue(TestData.ReadVectors(ml.Gan().Generate(model, 64)).SelectMany(r => r).All(float.IsFinite), configuration);
        });
    }

    private static (GanOptions, IDataView) Configuration(MLContext ml, string name, int steps)
    {
        if (name == "DCGAN")
            return (ImageData.QuickDcgan(steps), ImageData.Digits(ml, 128)); // batch norm over maps, the minibatch layer
        var options = new GanOptions { Schedule = { MaxSteps = steps }, Run = { Seed = 3, NumberOfThreads = 1 } };
        if (name == "defaults") // LeakyReLU, the minibatch standard deviation, weight average, mode normalization, the monitor
            return (options, TestData.Ring(ml, 2_000));
        // The rest exercise their losses and layers: without the monitor and the mode search, whose setup dominates a
        // short run under constant collections (the defaults cover them).
        options.Monitor = null;
        options.ModeNormalization = ModeNormalization.None;
        options.Schedule.Epochs = steps; // 500 rows: the step count, not the epochs, ends the run
        var (remedies, networks) = (options.Remedies, options.Networks);
        switch (name)
        {
            case "paper networks":
                networks.Generator.Normalization = GanNormalization.BatchNorm;
                networks.Discriminator.Activation = GanActivation.Maxout;
                options.Objective.Loss = GanLoss.Minimax;
                break;
            case "least squares, ELU, dropout, instance noise, feature matching":
                options.Objective.Loss = GanLoss.LeastSquares;
                networks.Discriminator.Activation = GanActivation.ELU;
                networks.Discriminator.Dropout = 0.2;
                remedies.InstanceNoise.InitialStd = 0.1;
                remedies.FeatureMatching.Weight = 1;
                break;
            case "hinge, DRAGAN, R1, spectral norm, packing, minibatch discrimination":
                options.Objective.Loss = GanLoss.Hinge;
                remedies.Dragan.Weight = 1;
                remedies.R1.Weight = 1;
                remedies.SpectralNorm.Enabled = true;
                remedies.Packing.Degree = 2;
                remedies.MinibatchDiscrimination.Enabled = true;
                break;
            case "WGAN-GP": options.Objective.Loss = GanLoss.WassersteinGP; break;
            case "weight clipping": options.Objective.Loss = GanLoss.Wasserstein; break;
            case "MAD-GAN": remedies.MultipleGenerators.Count = 2; break;
            case "EBGAN": remedies.EnergyBased.Enabled = true; remedies.MinibatchStandardDeviation.Enabled = false; break;
            case "VEEGAN": remedies.Reconstructor.Enabled = true; break;
            case "several discriminators": remedies.MultipleDiscriminators.Count = 2; break;
            default: throw new ArgumentOutOfRangeException(nameof(name), name, "no such configuration");
        }
        return (options, TestData.Ring(ml, 500));
    }

    /// <summary>Runs <paramref name="action"/> while another thread collects and finalizes in a loop.</summary>
    private static void WhileCollecting(Action action)
    {
        long collections = 0;
        using var stop = new CancellationTokenSource();
        var collector = new Thread(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                Interlocked.Increment(ref collections);
            }
        }) { IsBackground = true, Name = "forced collections" };
        collector.Start();
        try
        {
            action();
        }
        finally
        {
            stop.Cancel();
            collector.Join();
        }
        Assert.IsGreaterThanOrEqualTo(MinimumCollections, Interlocked.Read(ref collections), "the collector barely ran: the check proves nothing");
    }
}
