using Microsoft.ML;
using MLGan.Datasets;
using MLGan.Engine;
using MLGan.Training;
using static TorchSharp.torch;

namespace MLGan.Tests;

/// <summary>The automatic remedy: <see cref="CollapsePolicy.Escalate"/> and its ladder.</summary>
[TestClass]
public sealed class EscalationTests
{
    private static readonly GaussianMixture Ring = GaussianMixture.Ring();

    /// <summary>A tiny GAN on the ring: every check of its first hundreds of steps is collapsed, so it escalates at each chance.</summary>
    private static GanOptions Escalating(int steps = 100)
    {
        var options = TestData.Tiny(steps);
        options.Run.ReportInterval = 10;
        options.Monitor = new CollapseMonitorOptions
        {
            Interval = 20, SampleSize = 200, ReferenceSize = 300, Policy = CollapsePolicy.Escalate,
            WarmupFraction = 0, Patience = 1, Scoring = Ring.ScoringOptions(),
        };
        return options;
    }

    private static void StepBoth(TrainingRun a, TrainingRun b, int steps)
    {
        for (int i = 0; i < steps; i++)
        {
            a.Step();
            b.Step();
        }
    }

    private static float[] Weights(TrainingRun run, string player) => run.Player(player).Network.parameters().SelectMany(p => p.detach().data<float>().ToArray()).ToArray();

    [TestMethod]
    public void TheLadder_SkipsRungsThatChangeNothingOrDoNotCombine()
    {
        var plain = new GanOptions { Schedule = { Generator = { LearningRate = 2e-4, Beta2 = 0.999 }, Discriminator = { LearningRate = 2e-4, Beta2 = 0.999 } } };
        var top = EscalationLadder.Top(plain);
        Assert.AreEqual(1e-3, top.Schedule.Generator.LearningRate);
        Assert.AreEqual(0.9, top.Schedule.Discriminator.Beta2);
        Assert.AreEqual(0.999, top.Remedies.GeneratorEma.Decay);
        Assert.AreEqual(1, top.Remedies.R1.Weight);
        Assert.AreEqual(5e-4, top.Schedule.Discriminator.LearningRate);
        Assert.AreEqual(0, top.Remedies.FeatureMatching.Weight, "feature matching is not on the ladder");

        Assert.IsNull(EscalationLadder.Climb(new GanOptions(), EscalationLadder.Rungs[0]), "MLGan's defaults already use the faster Adam settings");
        var batchNorm = new GanOptions { Networks = { Discriminator = { Normalization = GanNormalization.BatchNorm } } };
        Assert.IsNull(EscalationLadder.Climb(new GanOptions(), EscalationLadder.Rungs[1]), "and the generator average");
        Assert.IsNull(EscalationLadder.Climb(batchNorm, EscalationLadder.Rungs[2]), "R1 does not combine with batch norm in the discriminator");
        CollectionAssert.AreEqual(new[] { "Remedies.R1.Weight" },
            EscalationLadder.Changes(new GanOptions(), EscalationLadder.Climb(new GanOptions(), EscalationLadder.Rungs[2])!, 5).Select(c => c.Setting).ToArray());
    }

    [TestMethod]
    public void DormantRemedies_ChangeNothing_UntilAnEscalation()
    {
        var warn = TestData.Tiny();
        warn.Monitor = new CollapseMonitorOptions();
        var escalate = TestData.Tiny();
        escalate.Monitor = new CollapseMonitorOptions { Policy = CollapsePolicy.Escalate };
        var plan = GanTrainingPlan.From(escalate, 2, 30);
        CollectionAssert.AreEquivalent(new[] { "Remedies.R1.Weight" }, plan.Dormant.Select(d => d.Part.Option).ToArray());
        Assert.IsTrue(plan.Dormant.All(d => d.Part.Value.Value == 0 && d.Armed > 0));

        var rows = Ring.Sample(128, 1).SelectMany(r => r).ToArray();
        using var a = new TrainingRun(GanTrainingPlan.From(warn, 2, 30), rows, 2, seed: 3, CPU);
        using var b = new TrainingRun(plan, rows, 2, seed: 3, CPU);
        StepBoth(a, b, 30);
        CollectionAssert.AreEqual(Weights(a, "generator"), Weights(b, "generator"));
        CollectionAssert.AreEqual(Weights(a, "discriminator"), Weights(b, "discriminator"));
    }

    [TestMethod]
    public void ADormantGeneratorAverage_SamplesExactlyTheGenerator()
    {
        var plain = TestData.Tiny();
        plain.Remedies.GeneratorEma.Decay = 0;
        plain.Remedies.MinibatchStandardDeviation.Enabled = false;
        var escalate = TestData.Tiny();
        escalate.Remedies.GeneratorEma.Decay = 0;
        escalate.Remedies.MinibatchStandardDeviation.Enabled = false;
        escalate.Monitor = new CollapseMonitorOptions { Policy = CollapsePolicy.Escalate };
        var plan = GanTrainingPlan.From(escalate, 2, 30);
        Assert.IsTrue(plan.Dormant.Any(d => d.Part.Option == "Remedies.GeneratorEma.Decay"));

        var rows = Ring.Sample(128, 1).SelectMany(r => r).ToArray();
        using var a = new TrainingRun(GanTrainingPlan.From(plain, 2, 30), rows, 2, seed: 3, CPU);
        using var b = new TrainingRun(plan, rows, 2, seed: 3, CPU);
        StepBoth(a, b, 30);
        Assert.AreNotSame(b.Generator.Network, b.SamplingGenerator);
        float[] Sampled(TrainingRun run) => run.SamplingGenerator.parameters().SelectMany(p => p.detach().data<float>().ToArray()).ToArray();
        CollectionAssert.AreEqual(Sampled(a), Sampled(b));
    }

    [TestMethod]
    public void AnEscalation_RollsTheRunBack_AndSwitchesTheNextRungOn()
    {
        var options = Escalating();
        var plan = GanTrainingPlan.From(options, 2, 100);
        using var run = new TrainingRun(plan, Ring.Sample(128, 1).SelectMany(r => r).ToArray(), 2, seed: 3, CPU);
        var escalation = new Escalation(options, totalSteps: 100, cooldownSteps: 30);
        for (int i = 0; i < 10; i++)
            run.Step();
        escalation.Observe(run, 10, coverage: 0.5);
        var atTen = Weights(run, "generator");
        for (int i = 0; i < 10; i++)
            run.Step();
        escalation.Observe(run, 20, coverage: 0.25); // worse: the state at step 10 stays the best
        run.ReadSums();

        var warnings = new List<string>();
        var outcome = escalation.Escalate(run, 20, atEnd: false, "too few modes", warnings);
        Assert.AreEqual(new Escalation.Outcome(10, 10), outcome, "back to step 10, and 10 steps added so that 100 follow the change");
        Assert.AreEqual(10, run.CompletedSteps);
        CollectionAssert.AreEqual(atTen, Weights(run, "generator"), "the run is back at step 10");
        // Tiny uses the defaults' Adam settings, so the first rung that changes something is R1.
        Assert.IsTrue(plan.Dormant.Where(d => d.Part.Option == "Remedies.R1.Weight").All(d => d.Part.Value.Value == d.Armed));
        CollectionAssert.AreEqual(new[] { new ScheduleChange(10, "Remedies.R1.Weight", 1) }, escalation.Changes.ToArray());
        StringAssert.Contains(warnings.Single(), "escalation 1: switch on the R1 penalty (weight 1) after rolling back to step 10");

        // Hysteresis: nothing more until step 10 + 30.
        warnings.Clear();
        Assert.IsNull(escalation.Escalate(run, 30, atEnd: false, "too few modes", warnings));
        StringAssert.Contains(warnings.Single(), "get until step 40");

        // The next rung halves the discriminator's learning rate (in place: no check since the last change); 100 steps
        // follow it within the cap of 100 extra steps (10 rolled back and 10 added so far).
        run.Plan.Extend(10);
        for (int i = 0; i < 30; i++)
            run.Step();
        double before = run.Player("discriminator").Optimizer.ParamGroups.First().LearningRate;
        Assert.AreEqual(new Escalation.Outcome(40, 30), escalation.Escalate(run, 40, atEnd: false, "too few modes", warnings));
        Assert.AreEqual(before / 2, run.Player("discriminator").Optimizer.ParamGroups.First().LearningRate, 1e-12);
    }

    [TestMethod]
    public void ACollapsingRun_Escalates_RecordsEachChange_AndStaysWithinTwiceItsSteps()
    {
        var ml = new MLContext(1);
        var data = TestData.Rows(ml, Ring.Sample(400, 1));
        var options = Escalating(steps: 100);
        using var model = ml.Gan().Trainers.Gan(options).Fit(data);

        var warnings = model.TrainingHistory.SelectMany(h => h.Warnings).ToList();
        Assert.IsTrue(warnings.Any(w => w.Contains("escalation 1: switch on the R1 penalty")), string.Join("\n", warnings));
        CollectionAssert.AreEqual(new[] { "Remedies.R1.Weight", "Schedule.Discriminator.LearningRate" },
            model.ScheduleChanges.Select(c => c.Setting).ToArray());
        Assert.AreEqual(0, model.TrainingOptions!.Remedies.R1.Weight, "the options stay as given");

        int stepsRun = model.TrainingHistory[^1].Step;
        for (int i = 1; i < model.TrainingHistory.Count; i++)
            stepsRun += Math.Max(0, model.TrainingHistory[i - 1].Step - model.TrainingHistory[i].Step);
        Assert.IsTrue(stepsRun > 100, "a collapsed last check adds steps");
        Assert.IsTrue(stepsRun <= 200, $"{stepsRun} steps run");

        var path = Path.Combine(Path.GetTempPath(), $"mlgan-escalate-{Guid.NewGuid():N}.zip");
        try
        {
            ml.Model.Save(model, data.Schema, path);
            using var loaded = (GanTransformer)ml.Gan().LoadModel(path, out _);
            CollectionAssert.AreEqual(model.ScheduleChanges.ToArray(), loaded.ScheduleChanges.ToArray());
            Assert.AreSame(CollapsePolicy.Escalate, loaded.TrainingOptions!.Monitor!.Policy);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void AResumedRun_KeepsItsEscalations_BitForBit()
    {
        var path = Path.Combine(Path.GetTempPath(), $"mlgan-escalate-{Guid.NewGuid():N}.bin");
        try
        {
            var ml = new MLContext(1);
            using var expected = ml.Gan().Trainers.Gan(Escalating()).Fit(TestData.Ring(ml, 400));

            var stopped = new MLContext(1);
            var first = Escalating();
            first.Run.Checkpoint = new CheckpointOptions { Path = path, Interval = 50 };
            Assert.Throws<OperationCanceledException>(() => stopped.Gan().Trainers.Gan(first, new OnReport(p =>
            {
                if (p.Step == 50)
                    stopped.CancelExecution();
            })).Fit(TestData.Ring(stopped, 400)));
            var second = Escalating();
            second.Run.ResumeFrom = path;
            using var resumed = ml.Gan().Trainers.Gan(second).Fit(TestData.Ring(ml, 400));

            EstimatorChecks.AssertSameValues(ml.Gan().Generate(expected, 40), ml.Gan().Generate(resumed, 40));
            CollectionAssert.AreEqual(expected.ScheduleChanges.ToArray(), resumed.ScheduleChanges.ToArray());
        }
        finally
        {
            File.Delete(path);
        }
    }
}
