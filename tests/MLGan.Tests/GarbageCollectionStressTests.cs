using Microsoft.ML;

namespace MLGan.Tests;

/// <summary>
/// Training, generation and scoring while another thread forces garbage collections and runs finalizers without a
/// pause. A temporary TorchSharp Scalar that libtorch is still reading (MLGan.Tensors.HeldScalarOps says why they
/// exist) is then freed mid-call almost every time: the build before the held scalars crashed in 3 of 4 such runs of
/// 150 default steps ("INTERNAL ASSERT FAILED at c10/core/Scalar.h"). These fail if one comes back on these paths,
/// including paths the IL check cannot see (a TorchSharp module's forward reached through a virtual call). Category
/// Stress, opt-in (not in the default or CI runs; minutes). They found the unscoped tensor chains that HeldTensors now
/// holds (a crash in libtorch's clone); the DCGAN NaN they also showed was oneDNN's convolutions, now switched off
/// (benchmarks/RESULTS.md, "DCGAN NaN").
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
        var (options, data) = TrainingConfigurations.Get(ml, configuration, steps);
        WhileCollecting(() =>
        {
            using var model = ml.Gan().Trainers.Gan(options).Fit(data);
            Assert.IsTrue(TestData.ReadVectors(ml.Gan().Generate(model, 64)).SelectMany(r => r).All(float.IsFinite), configuration);
        });
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
