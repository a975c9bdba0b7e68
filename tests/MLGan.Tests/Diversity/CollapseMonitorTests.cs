using Microsoft.ML;
using MLGan.Datasets;
using MLGan.Training;

namespace MLGan.Tests.Diversity;

[TestClass]
public sealed class CollapseMonitorTests
{
    private static readonly GaussianMixture Ring = GaussianMixture.Ring();

    private static GanOptions Monitored(CollapsePolicy policy, int steps = 60)
    {
        var options = TestData.Tiny(steps: steps);
        options.Run.ReportInterval = 10;
        options.Monitor = new CollapseMonitorOptions
        {
            Interval = 20,
            SampleSize = 200,
            ReferenceSize = 300,
            Policy = policy,
            WarmupFraction = 0,
            Patience = 1,
            Scoring = Ring.ScoringOptions(),
        };
        return options;
    }

    [TestMethod]
    public void Checks_AreRecordedInTheHistory_AndSavedWithTheModel()
    {
        var ml = new MLContext(1);
        var data = TestData.Rows(ml, Ring.Sample(400, 1));
        using var model = ml.Gan().Trainers.Gan(Monitored(CollapsePolicy.Warn)).Fit(data);
        var checks = model.TrainingHistory.Where(h => h.Diversity is not null).Select(h => h.Step).ToArray();
        CollectionAssert.IsSubsetOf(new[] { 20, 40, 60 }, checks, "a check every 20 steps (loss-trend warnings may add some)");
        Assert.AreEqual(60, model.TrainingHistory[^1].Step, "Warn never stops training");
        Assert.IsTrue(model.TrainingHistory.All(h => h.Diversity is null || h.Diversity.TotalModes == 8));
        // 60 steps of a tiny GAN cannot cover a ring of std 0.01: the monitor says so.
        Assert.IsTrue(model.TrainingHistory.Any(h => h.Warnings.Any(w => w.Contains("collapse"))));

        var path = Path.Combine(Path.GetTempPath(), $"mlgan-monitor-{Guid.NewGuid():N}.zip");
        try
        {
            ml.Model.Save(model, data.Schema, path);
            using var loaded = (GanTransformer)ml.Gan().LoadModel(path, out _);
            CollectionAssert.AreEqual(model.TrainingHistory.ToArray(), loaded.TrainingHistory.ToArray());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void ACollapsedLastCheck_IsOnTheModelAndInTheLog()
    {
        var ml = new MLContext(1);
        var warnings = new List<string>();
        ml.Log += (_, e) =>
        {
            lock (warnings)
            {
                if (e.Kind == Microsoft.ML.Runtime.ChannelMessageKind.Warning)
                    warnings.Add(e.Message);
            }
        };
        using var model = ml.Gan().Trainers.Gan(Monitored(CollapsePolicy.Warn)).Fit(TestData.Rows(ml, Ring.Sample(400, 1)));
        Assert.IsTrue(model.LastDiversityCheck!.IsCollapsed, "60 steps of a tiny GAN cannot cover the ring");
        Assert.AreSame(model.TrainingHistory.Last(h => h.Diversity is not null).Diversity, model.LastDiversityCheck);
        lock (warnings)
            Assert.IsTrue(warnings.Any(w => w.Contains("last check (step 60) found the generator collapsed")), string.Join("\n", warnings));

        var options = TestData.Tiny();
        options.Monitor = null;
        using var unmonitored = ml.Gan().Trainers.Gan(options).Fit(TestData.Rows(ml, Ring.Sample(100, 1)));
        Assert.IsNull(unmonitored.LastDiversityCheck);
    }

    [TestMethod]
    public void StopPolicy_EndsTrainingAtTheFirstConfirmedCollapse()
    {
        var ml = new MLContext(1);
        using var model = ml.Gan().Trainers.Gan(Monitored(CollapsePolicy.Stop, steps: 200)).Fit(TestData.Rows(ml, Ring.Sample(400, 1)));
        var last = model.TrainingHistory[^1];
        Assert.AreEqual(20, last.Step);
        Assert.IsTrue(last.Warnings.Any(w => w.Contains("training stopped at step 20")), string.Join("\n", last.Warnings));
    }

    [TestMethod]
    public void RollBackPolicy_StopsAndNamesTheRestoredCheck()
    {
        var ml = new MLContext(1);
        var options = Monitored(CollapsePolicy.RollBack, steps: 200);
        options.Monitor!.Patience = 3;
        using var model = ml.Gan().Trainers.Gan(options).Fit(TestData.Rows(ml, Ring.Sample(400, 1)));
        var last = model.TrainingHistory[^1];
        var checks = model.TrainingHistory.Where(h => h.Diversity is not null).ToArray();
        Assert.IsGreaterThanOrEqualTo(3, checks.Length);
        Assert.AreSame(checks[^1], last, "training stops at the third collapsed check in a row");
        Assert.IsLessThan(200, last.Step);
        Assert.IsTrue(last.Warnings.Any(w => w.Contains("rolled back to step")), string.Join("\n", last.Warnings));
    }

    [TestMethod]
    public void Off_RecordsNoDiversity()
    {
        var ml = new MLContext(1);
        var options = TestData.Tiny();
        options.Monitor = null;
        using var model = ml.Gan().Trainers.Gan(options).Fit(TestData.Rows(ml, Ring.Sample(100, 1)));
        Assert.IsTrue(model.TrainingHistory.All(h => h.Diversity is null));
    }

    [TestMethod]
    public void InvalidMonitorOptions_NameTheOption()
    {
        var ml = new MLContext(1);
        var options = TestData.Tiny();
        options.Monitor = new CollapseMonitorOptions { Interval = 0 };
        StringAssert.Contains(Assert.Throws<ArgumentException>(() => ml.Gan().Trainers.Gan(options)).Message, "GanOptions.Monitor.Interval");
        options.Monitor = new CollapseMonitorOptions { WarmupFraction = 2 };
        StringAssert.Contains(Assert.Throws<ArgumentException>(() => ml.Gan().Trainers.Gan(options)).Message, "WarmupFraction");
    }

    [TestMethod]
    public void LossTrends_WarnOnWinningDiscriminator_FallingGeneratorLoss_AndVanishingGradient()
    {
        var signals = new LossTrendSignals(GanLoss.NonSaturating);
        var steady = Enumerable.Range(1, 6).Select(i => new GanProgress { Step = i, DiscriminatorLoss = 1.2 + 0.1 * (i % 2), GeneratorLoss = 0.9, GeneratorGradientNorm = 1 }).ToList();
        Assert.IsEmpty(signals.Check(steady));

        var winning = steady.Append(new GanProgress { Step = 7, DiscriminatorLoss = 0.01, GeneratorLoss = 4, GeneratorGradientNorm = 1 }).ToList();
        Assert.IsTrue(signals.Check(winning).Single().Contains("near zero"));

        var falling = Enumerable.Range(1, 5).Select(i => new GanProgress { Step = i, DiscriminatorLoss = 0.69, GeneratorLoss = 1.0 - 0.1 * i, GeneratorGradientNorm = 1 }).ToList();
        Assert.IsTrue(signals.Check(falling).Single().Contains("generator loss fell"));
        var drifting = Enumerable.Range(1, 5).Select(i => new GanProgress { Step = i, DiscriminatorLoss = 0.69, GeneratorLoss = 0.694 - 0.0001 * i, GeneratorGradientNorm = 1 }).ToList();
        Assert.IsEmpty(signals.Check(drifting), "a fall too small to see is no sign");

        var vanishing = steady.Append(new GanProgress { Step = 7, DiscriminatorLoss = 1.2, GeneratorLoss = 0.9, GeneratorGradientNorm = 1e-5 }).ToList();
        Assert.IsTrue(signals.Check(vanishing).Single().Contains("vanished"));

        // Wasserstein critics have no "near zero" notion: a small critic loss is not a warning.
        var critic = new LossTrendSignals(GanLoss.WassersteinGP);
        Assert.IsEmpty(critic.Check(new List<GanProgress> { new() { DiscriminatorLoss = 0.001, GeneratorGradientNorm = 1 } }));
    }

    [TestMethod]
    public void MonitorSeconds_CountTheReferenceSetUp_BeforeAnyCheck()
    {
        var ml = new MLContext(1);
        var options = TestData.Tiny(steps: 10);
        options.Monitor = new CollapseMonitorOptions { Interval = 1000 }; // no check within 10 steps
        using var model = ml.Gan().Trainers.Gan(options).Fit(TestData.Ring(ml, 256));
        var first = model.TrainingHistory[0];
        Assert.IsNull(first.Diversity);
        Assert.IsGreaterThan(0, first.MonitorSeconds, "fitting the monitor's reference is part of its cost");
        Assert.IsLessThanOrEqualTo(first.ElapsedSeconds, first.MonitorSeconds);
    }
}
