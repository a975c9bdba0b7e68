using Microsoft.ML;
using MLGan.Training;

namespace MLGan.Tests;

/// <summary>Diverged runs fail with <see cref="GanTrainingDivergedException"/> and hand back the last healthy generator.</summary>
[TestClass]
public sealed class DivergenceTests
{
    private static GanOptions Fast(GanLoss loss, double learningRate) => new()
    {
        Objective = { Loss = loss },
        Networks = { Generator = { HiddenLayers = new[] { 32, 32 } }, Discriminator = { HiddenLayers = new[] { 32, 32 } } },
        Schedule = { Generator = { LearningRate = learningRate }, Discriminator = { LearningRate = learningRate }, BatchSize = 64, MaxSteps = 300 },
        Run = { ReportInterval = 50, Seed = 1 },
        Monitor = null,
    };

    [TestMethod]
    [DataRow(GanLoss.Hinge, 10.0)]
    [DataRow(GanLoss.NonSaturating, 10.0)]
    [DataRow(GanLoss.LeastSquares, 10.0)]
    [DataRow(GanLoss.WassersteinGP, 5.0)]
    [DataRow(GanLoss.Minimax, 10.0)]
    public void DivergedRun_Throws_WithLastHealthyModelAndAdviceThatWorks(GanLoss loss, double learningRate)
    {
        var ml = new MLContext(1);
        var data = TestData.Ring(ml, 512);
        var ex = Assert.ThrowsExactly<GanTrainingDivergedException>(() => ml.Gan().Trainers.Gan(Fast(loss, learningRate)).Fit(data));
        StringAssert.Contains(ex.Message, $"generator step {ex.Step}");
        StringAssert.Contains(ex.Message, ex.Symptom);
        StringAssert.Contains(ex.Message, "GanOptions.Schedule.Generator.LearningRate = 0.001 and GanOptions.Schedule.Discriminator.LearningRate = 0.001");
        Assert.IsTrue(ex.LastHealthyStep < ex.Step && ex.LastHealthyStep % 50 == 0);

        using var healthy = ex.LastHealthyModel!;
        Assert.IsTrue(healthy.TrainingHistory.All(h => h.Step <= ex.LastHealthyStep));
        Assert.AreEqual(ex.LastHealthyStep, healthy.TrainingHistory.LastOrDefault()?.Step ?? 0);
        var rows = TestData.ReadVectors(ml.Gan().Generate(healthy, 500));
        Assert.IsTrue(rows.All(r => r.All(v => float.IsFinite(v) && Math.Abs(v) < 1.1f)), "the last healthy generator stays in the ring's range [-1.03, 1.03]");
        using var stream = new MemoryStream();
        ml.Model.Save(healthy, data.Schema, stream);
        Assert.IsTrue(stream.Length > 0);

        // The advice, followed literally, trains (the same checks pass at every report).
        using var model = ml.Gan().Trainers.Gan(Fast(loss, 0.001)).Fit(data);
        Assert.AreEqual(300, model.TrainingHistory[^1].Step);
        Assert.IsTrue(TestData.ReadVectors(ml.Gan().Generate(model, 200)).All(r => r.All(float.IsFinite)));
    }

    [TestMethod]
    public void DivergenceMessage_AdvisesATenth_WhenRatesAreAlreadyAtMostTheDefault()
    {
        var ml = new MLContext(1);
        var options = TestData.Tiny(steps: 40);
        options.Objective.Loss = GanLoss.LeastSquares;
        options.Schedule.Generator.LearningRate = 1e-3;
        options.Schedule.Discriminator.LearningRate = 1e30; // only the discriminator explodes
        var ex = Assert.ThrowsExactly<GanTrainingDivergedException>(() => ml.Gan().Trainers.Gan(options).Fit(TestData.Ring(ml, 64)));
        StringAssert.Contains(ex.Message, "GanOptions.Schedule.Generator.LearningRate = 0.0001 and GanOptions.Schedule.Discriminator.LearningRate = 0.001");
        ex.LastHealthyModel!.Dispose();
    }

    [TestMethod]
    public void DivergenceRecovery_RollsBackWithLowerRates_AndRecordsEachRollback()
    {
        var ml = new MLContext(1);
        var options = Fast(GanLoss.Hinge, 10.0);
        options.Run.DivergenceRecovery = new DivergenceRecoveryOptions { MaxRollbacks = 5, LearningRateFactor = 0.1 };
        using var model = ml.Gan().Trainers.Gan(options).Fit(TestData.Ring(ml, 512));
        var steps = model.TrainingHistory.Select(h => h.Step).ToArray();
        Assert.AreEqual(300, steps[^1]);
        CollectionAssert.AreEqual(steps.Order().Distinct().ToArray(), steps, "the history goes forward: rolled-back reports are dropped");
        var rollbacks = model.TrainingHistory.SelectMany(h => h.Warnings).Where(w => w.Contains("rolled back to step")).ToList();
        Assert.IsNotEmpty(rollbacks);
        StringAssert.Contains(rollbacks[0], "multiplied every learning rate by 0.1 (rollback 1 of at most 5)");
        Assert.IsTrue(TestData.ReadVectors(ml.Gan().Generate(model, 500)).All(r => r.All(v => float.IsFinite(v) && Math.Abs(v) < 1.5f)));
    }

    [TestMethod]
    public void TrainedGeneratorDivergingBehindASlowWeightAverage_IsCaught()
    {
        // A very slow average barely leaves its initial weights; the clipped critic keeps the losses and gradients small
        // while the trained generator walks out of the data's range at learning rate 30 (caught at step 100 of 300).
        var ml = new MLContext(1);
        var options = Fast(GanLoss.Wasserstein, 30.0);
        options.Remedies.GeneratorEma.Decay = 0.99999;
        options.ModeNormalization = ModeNormalization.None; // by mode, the gradient norm overflows first at this rate
        var ex = Assert.ThrowsExactly<GanTrainingDivergedException>(() => ml.Gan().Trainers.Gan(options).Fit(TestData.Ring(ml, 512)));
        StringAssert.Contains(ex.Symptom, "the trained generator diverged ahead of its weight average: generated values", ex.Symptom);
        ex.LastHealthyModel!.Dispose();
    }

    [TestMethod]
    public void DivergenceRecovery_KeepsCountingTheMonitorsTime()
    {
        // A rollback restores the monitor's state, but not its clock: its time stays a part of the run's, growing.
        var ml = new MLContext(1);
        var options = Fast(GanLoss.Hinge, 10.0);
        options.Monitor = new CollapseMonitorOptions { Interval = 50 };
        options.Run.DivergenceRecovery = new DivergenceRecoveryOptions { MaxRollbacks = 5, LearningRateFactor = 0.1 };
        using var model = ml.Gan().Trainers.Gan(options).Fit(TestData.Ring(ml, 512));
        var history = model.TrainingHistory;
        Assert.IsTrue(history.SelectMany(h => h.Warnings).Any(w => w.Contains("rolled back to step")));
        for (int i = 0; i < history.Count; i++)
        {
            Assert.IsTrue(history[i].MonitorSeconds > 0 && history[i].MonitorSeconds < history[i].ElapsedSeconds,
                $"step {history[i].Step}: monitor {history[i].MonitorSeconds} s of {history[i].ElapsedSeconds} s");
            if (i > 0)
                Assert.IsTrue(history[i].MonitorSeconds >= history[i - 1].MonitorSeconds, $"step {history[i].Step}");
        }
    }

    [TestMethod]
    public void DivergenceRecovery_IsBounded()
    {
        var ml = new MLContext(1);
        var options = Fast(GanLoss.Hinge, 10.0);
        options.Run.DivergenceRecovery = new DivergenceRecoveryOptions { MaxRollbacks = 1, LearningRateFactor = 0.9 }; // still far too fast
        var ex = Assert.ThrowsExactly<GanTrainingDivergedException>(() => ml.Gan().Trainers.Gan(options).Fit(TestData.Ring(ml, 512)));
        ex.LastHealthyModel!.Dispose();
        StringAssert.Contains(ex.Message, "It had already rolled back 1 time(s) (GanOptions.Run.DivergenceRecovery.MaxRollbacks = 1), and its last attempt ran at 0.9 times the options' learning rates");
        StringAssert.Contains(ex.Message, "multiplied every learning rate by 0.9 (rollback 1 of at most 1)");
    }

    [TestMethod]
    public void HealthyRun_IsUnaffected()
    {
        var ml = new MLContext(1);
        using var model = ml.Gan().Trainers.Gan(Fast(GanLoss.Hinge, 1e-3)).Fit(TestData.Ring(ml, 512));
        Assert.AreEqual(300, model.TrainingHistory[^1].Step);
        Assert.IsTrue(model.TrainingHistory.All(h => h.Warnings.All(w => !w.Contains("vanished"))));
    }

    [TestMethod]
    public void VanishingWarning_IgnoresAnExplodedReference()
    {
        var signals = new LossTrendSignals(GanLoss.WassersteinGP);
        GanProgress Report(int step, double norm) => new() { Step = step, DiscriminatorLoss = 1, GeneratorLoss = 1, GeneratorGradientNorm = norm };
        // An early spike is not the reference: the norm is back to its usual size, nothing vanished.
        Assert.IsEmpty(signals.Check(new List<GanProgress> { Report(100, 5e3), Report(200, 2), Report(300, 1) }));
        // A non-finite norm is divergence, not a vanishing gradient.
        Assert.IsEmpty(signals.Check(new List<GanProgress> { Report(100, double.PositiveInfinity), Report(200, 1e-9) }));
        // A real fall from the early level still warns, naming the reference's step.
        StringAssert.Contains(signals.Check(new List<GanProgress> { Report(100, 3), Report(200, 2), Report(300, 1e-4) }).Single(), "(it was 2.0e0 at step 200)");
    }
}
