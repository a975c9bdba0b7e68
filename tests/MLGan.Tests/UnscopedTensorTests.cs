using Microsoft.ML;
using TorchSharp;

namespace MLGan.Tests;

/// <summary>
/// Every tensor MLGan creates is created inside a TorchSharp dispose scope (kept ones are detached from it explicitly).
/// A tensor created outside one is referenced by nothing while a native call that was handed its handle runs, so a
/// garbage collection on another thread can finalize (free) it mid-call: the crash the stress tests
/// (<see cref="GarbageCollectionStressTests"/>) provoke. TorchSharp counts such tensors per thread.
/// </summary>
[TestClass]
public sealed class UnscopedTensorTests
{
    [TestMethod]
    [DataRow("defaults", 60)]
    [DataRow("paper networks", 20)]
    [DataRow("least squares, ELU, dropout, instance noise, feature matching", 20)]
    [DataRow("hinge, DRAGAN, R1, spectral norm, packing, minibatch discrimination", 20)]
    [DataRow("WGAN-GP", 20)]
    [DataRow("weight clipping", 20)]
    [DataRow("MAD-GAN", 20)]
    [DataRow("EBGAN", 20)]
    [DataRow("VEEGAN", 20)]
    [DataRow("several discriminators", 20)]
    [DataRow("DCGAN", 4)]
    public void Training_CreatesNoTensorOutsideADisposeScope(string configuration, int steps)
    {
        var ml = new MLContext(1);
        var (options, data) = TrainingConfigurations.Get(ml, configuration, steps);
        GanTransformer? model = null;
        AssertNoneUnscoped("Fit", () => model = ml.Gan().Trainers.Gan(options).Fit(data));
        using (model)
            AssertNoneUnscoped("generating", () => TestData.ReadVectors(ml.Gan().Generate(model!, 64)).ToList());
    }

    [TestMethod]
    public void GenerationScoringSavingAndLoading_CreateNoTensorOutsideADisposeScope()
    {
        var ml = new MLContext(1);
        var data = TestData.Ring(ml, 1_000);
        using var model = ml.Gan().Trainers.Gan(TestData.Tiny(steps: 20)).Fit(data);
        var path = Path.Combine(Path.GetTempPath(), $"mlgan-scopes-{Guid.NewGuid():N}.zip");
        try
        {
            IDataView generated = null!;
            AssertNoneUnscoped("generating", () => generated = ml.Data.LoadFromEnumerable(TestData.ReadVectors(ml.Gan().Generate(model, 500, seed: 2)).Select(f => new TestData.Row2 { Features = f }).ToList()));
            DiversityScoringTransformer scorer = null!;
            AssertNoneUnscoped("fitting the diversity scorer", () => scorer = ml.Gan().Transforms.ScoreDiversity().Fit(data));
            AssertNoneUnscoped("evaluating", () => ml.Gan().Evaluate(scorer, generated));
            AssertNoneUnscoped("saving", () => ml.Model.Save(model, data.Schema, path));
            AssertNoneUnscoped("loading and generating", () =>
            {
                using var loaded = (GanTransformer)ml.Gan().LoadModel(path, out _);
                TestData.ReadVectors(ml.Gan().Generate(loaded, 64)).ToList();
            });
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static void AssertNoneUnscoped(string what, Action action)
    {
        var statistics = DisposeScopeManager.Statistics;
        long before = statistics.CreatedOutsideScopeCount;
        action();
        long unscoped = statistics.CreatedOutsideScopeCount - before;
        Assert.AreEqual(0, unscoped, $"{what}: {unscoped} tensor(s) created outside a dispose scope");
    }
}
