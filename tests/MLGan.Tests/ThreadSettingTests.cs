using Microsoft.ML;
using static TorchSharp.torch;

namespace MLGan.Tests;

/// <summary>GanOptions.Run.NumberOfThreads changes libtorch's process-wide setting only during Fit, and always restores it.</summary>
[TestClass]
[DoNotParallelize] // libtorch's thread count is process-wide
public sealed class ThreadSettingTests
{
    [TestMethod]
    public void Unset_ChangesNothing()
    {
        int before = get_num_threads();
        var seen = new List<int>();
        var ml = new MLContext(1);
        using var model = ml.Gan().Trainers.Gan(TestData.Tiny(), new OnReport(_ => seen.Add(get_num_threads()))).Fit(TestData.Ring(ml, 64));
        Assert.IsTrue(seen.Count > 0 && seen.All(n => n == before));
        Assert.AreEqual(before, get_num_threads());
    }

    [TestMethod]
    public void OverlappingFits_RestoreTheValueFromBeforeTheFirst()
    {
        int before = get_num_threads();
        using var bothRunning = new Barrier(2);
        var ml = new MLContext(1);
        var data = TestData.Ring(ml, 64);
        void Train(int threads, int steps)
        {
            var options = TestData.Tiny(steps);
            options.Run.NumberOfThreads = threads;
            bool waited = false;
            var progress = new OnReport(_ =>
            {
                if (!waited)
                    waited = bothRunning.SignalAndWait(TimeSpan.FromSeconds(30));
            });
            using var model = new MLContext(1).Gan().Trainers.Gan(options, progress).Fit(data);
            Assert.IsTrue(waited, "the two Fits overlapped");
        }
        // The first to start ends first, so a naive restore would leave the second one's "previous" value (the first's 3).
        var first = Task.Run(() => Train(3, 10));
        var second = Task.Run(() => Train(before == 1 ? 2 : 1, 40));
        Task.WaitAll(first, second);
        Assert.AreEqual(before, get_num_threads());
    }

    [TestMethod]
    public void FailedFit_RestoresTheSetting()
    {
        int before = get_num_threads();
        var options = TestData.Tiny(steps: 40);
        options.Run.NumberOfThreads = before == 1 ? 2 : 1;
        options.Objective.Loss = GanLoss.LeastSquares;
        options.Schedule.Generator.LearningRate = options.Schedule.Discriminator.LearningRate = 1e30;
        var ml = new MLContext(1);
        var ex = Assert.ThrowsExactly<GanTrainingDivergedException>(() => ml.Gan().Trainers.Gan(options).Fit(TestData.Ring(ml, 64)));
        ex.LastHealthyModel!.Dispose();
        Assert.AreEqual(before, get_num_threads());
    }
}
