using Microsoft.ML;
using static TorchSharp.torch;

namespace MLGan.Tests;

/// <summary>
/// GanOptions.Run.NumberOfThreads (or, unset, the default for the work per step) changes libtorch's thread count only
/// during Fit, and always restores it.
/// </summary>
[TestClass]
[DoNotParallelize] // a Fit's count is what other threads get at their first libtorch work
public sealed class ThreadSettingTests
{
    [TestMethod]
    public void Unset_TrainsSmallNetworksOnOneThreadAndRestores()
    {
        set_num_threads(2);
        var seen = new List<int>();
        var ml = new MLContext(1);
        var messages = new List<string>();
        ml.Log += (_, e) => { lock (messages) messages.Add(e.Message); };
        using var model = ml.Gan().Trainers.Gan(TestData.Tiny(), new OnReport(_ => seen.Add(get_num_threads()))).Fit(TestData.Ring(ml, 64));
        Assert.IsTrue(seen.Count > 0 && seen.All(n => n == 1), string.Join(", ", seen));
        Assert.AreEqual(2, get_num_threads());
        Assert.IsTrue(messages.Any(m => m.Contains("libtorch threads: 1 (the default for this work per step;", StringComparison.Ordinal)), "the choice is logged");
    }

    [TestMethod]
    public void WorkPerStep_OfTheDefaultNetworks_IsCountedByHand()
    {
        var plan = Training.GanTrainingPlan.From(new GanOptions(), featureSize: 2, totalSteps: 100);
        // G 16-128-128-128-2: 16·128+128 + 2·(128·128+128) + 128·2+2 = 35,458 weights; D 2-128-128-128 with minibatch
        // stddev (+1 feature) -1: 2·128+128 + 2·(128·128+128) + (128+1)·1+1 = 33,538. Dense layers: one multiply-add per weight.
        Assert.AreEqual(12.0 * 256 * (35_458 + 33_538), Training.TorchThreads.FlopsPerStep(plan));
        Assert.AreEqual(1, Training.TorchThreads.DefaultCount(plan, processors: 16));
    }

    [TestMethod]
    public void WorkPerStep_OfDcganOn28PixelImages_UsesEveryCoreUpToFour()
    {
        var options = new GanOptions { Networks = { Architecture = GanArchitecture.Dcgan } };
        var plan = Training.GanTrainingPlan.From(options, featureSize: 784, totalSteps: 100, image: new Data.ImageShape(1, 28, 28));
        Assert.IsTrue(Training.TorchThreads.FlopsPerStep(plan) > Training.TorchThreads.ParallelGigaFlopsPerStep * 1e9, $"{Training.TorchThreads.FlopsPerStep(plan):E3}");
        Assert.AreEqual(1, Training.TorchThreads.DefaultCount(plan, processors: 1));
        Assert.AreEqual(2, Training.TorchThreads.DefaultCount(plan, processors: 2));
        Assert.AreEqual(4, Training.TorchThreads.DefaultCount(plan, processors: 16));
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
            // libtorch gives a thread, at its first get_num_threads, the count last set by any thread; after that the
            // thread keeps its own. Take that first read here, then give this thread the test thread's count.
            get_num_threads();
            set_num_threads(before);
            var options = TestData.Tiny(steps);
            options.Run.NumberOfThreads = threads;
            bool waited = false;
            var progress = new OnReport(_ =>
            {
                if (!waited)
                    waited = bothRunning.SignalAndWait(TimeSpan.FromSeconds(30));
            });
            using (new MLContext(1).Gan().Trainers.Gan(options, progress).Fit(data))
            {
            }
            Assert.IsTrue(waited, "the two Fits overlapped");
            // libtorch (OpenMP) keeps the count per thread: the one that ended first must not keep its 3.
            Assert.AreEqual(before, get_num_threads(), $"the thread that trained with {threads} threads has the count from before the Fits");
        }
        // The first to start ends first, so a naive restore would leave the second one's "previous" value (the first's 3).
        // Dedicated threads (LongRunning): each Fit's thread must get its own count back, the first to end included.
        var first = Task.Factory.StartNew(() => Train(3, 10), TaskCreationOptions.LongRunning);
        var second = Task.Factory.StartNew(() => Train(before == 1 ? 2 : 1, 40), TaskCreationOptions.LongRunning);
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
