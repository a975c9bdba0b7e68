using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace MLGan.Tests;

[TestClass]
public sealed class TrainingExperienceTests
{
    /// <summary>Reports synchronously on the training thread (unlike <see cref="Progress{T}"/>).</summary>
    private sealed class Recorder(Action<GanProgress>? onReport = null) : IProgress<GanProgress>
    {
        public List<GanProgress> Reports { get; } = new();

        public void Report(GanProgress value)
        {
            Reports.Add(value);
            onReport?.Invoke(value);
        }
    }

    [TestMethod]
    public void Progress_ReportsEveryIntervalAndAtTheEnd_AndIsKeptAsHistory()
    {
        var ml = new MLContext(1);
        var recorder = new Recorder();
        var options = TestData.Tiny(steps: 23);
        using var model = ml.Gan().Trainers.Gan(options, recorder).Fit(TestData.Ring(ml, 64));
        CollectionAssert.AreEqual(new[] { 5, 10, 15, 20, 23 }, recorder.Reports.Select(r => r.Step).ToArray());
        Assert.IsTrue(recorder.Reports.All(r => r.TotalSteps == 23 && double.IsFinite(r.DiscriminatorLoss) && r.SamplesPerSecond > 0));
        CollectionAssert.AreEqual(recorder.Reports, model.TrainingHistory.ToArray());
        Assert.IsTrue(recorder.Reports[^1].Epoch > recorder.Reports[0].Epoch);
    }

    [TestMethod]
    public void Progress_GoesToMLContextLog()
    {
        var ml = new MLContext(1);
        var messages = new List<string>();
        ml.Log += (_, e) =>
        {
            lock (messages)
                messages.Add(e.Message);
        };
        using var model = ml.Gan().Trainers.Gan(TestData.Tiny(steps: 10)).Fit(TestData.Ring(ml, 64));
        lock (messages)
        {
            Assert.IsTrue(messages.Any(m => m.Contains("Training a GAN on 64 rows x 2 values for 10 generator steps")), string.Join("\n", messages));
            Assert.IsTrue(messages.Any(m => m.Contains("step 10/10: D loss")));
        }
    }

    [TestMethod]
    public void CancelExecution_StopsWithinOneStep()
    {
        var ml = new MLContext(1);
        var options = TestData.Tiny(steps: 10_000);
        options.Run.ReportInterval = 1;
        var recorder = new Recorder(p =>
        {
            if (p.Step == 3)
                ml.CancelExecution();
        });
        Assert.Throws<OperationCanceledException>(() => ml.Gan().Trainers.Gan(options, recorder).Fit(TestData.Ring(ml, 64)));
        Assert.AreEqual(3, recorder.Reports[^1].Step, "no step runs after cancellation");
    }

    [TestMethod]
    public void Epochs_AndMaxSteps_WhicheverComesFirst()
    {
        var ml = new MLContext(1);
        var data = TestData.Ring(ml, 100); // 3 batches of 32 per epoch
        var options = TestData.Tiny(steps: 1000);
        options.Schedule.Epochs = 2;
        using var byEpochs = ml.Gan().Trainers.Gan(options).Fit(data);
        Assert.AreEqual(6, byEpochs.TrainingHistory[^1].Step);
        Assert.AreEqual(2.0, byEpochs.TrainingHistory[^1].Epoch, 1e-9);
        StringAssert.Contains(byEpochs.TrainingHistory[0].Warnings[0],
            "GanOptions.Schedule.MaxSteps = 1000, but Schedule.Epochs = 2 end training at step 6 (an epoch is 3 batch(es) of 32 of these 100 rows)");

        options.Schedule.DiscriminatorStepsPerGeneratorStep = 3;
        using var withCritic = ml.Gan().Trainers.Gan(options).Fit(data);
        Assert.AreEqual(2, withCritic.TrainingHistory[^1].Step, "n_critic = 3: one generator step per 3 batches");

        options.Schedule.DiscriminatorStepsPerGeneratorStep = 1;
        options.Schedule.Epochs = 100;
        options.Schedule.MaxSteps = 7;
        using var bySteps = ml.Gan().Trainers.Gan(options).Fit(data);
        Assert.AreEqual(7, bySteps.TrainingHistory[^1].Step);
        Assert.IsFalse(bySteps.TrainingHistory.SelectMany(h => h.Warnings).Any(w => w.Contains("MaxSteps")), "no warning when MaxSteps is reached");
    }

    [TestMethod]
    [DataRow(GanLoss.Minimax)]
    [DataRow(GanLoss.NonSaturating)]
    [DataRow(GanLoss.LeastSquares)]
    [DataRow(GanLoss.Wasserstein)]
    [DataRow(GanLoss.WassersteinGP)]
    [DataRow(GanLoss.Hinge)]
    public void EveryLoss_Trains(GanLoss loss)
    {
        var ml = new MLContext(1);
        var options = TestData.Tiny(steps: 30);
        options.Objective.Loss = loss;
        options.Schedule.DiscriminatorStepsPerGeneratorStep = 2;
        options.Networks.Generator.Normalization = GanNormalization.BatchNorm;
        using var model = ml.Gan().Trainers.Gan(options).Fit(TestData.Ring(ml, 128));
        Assert.IsTrue(model.TrainingHistory.All(h => double.IsFinite(h.GeneratorLoss) && double.IsFinite(h.DiscriminatorLoss)));
        Assert.IsTrue(TestData.ReadVectors(ml.Gan().Generate(model, 20)).All(r => r.All(float.IsFinite)));
    }
}
