using Microsoft.ML;

namespace MLGan.Tests;

/// <summary>Checkpoints: a run stopped and resumed trains exactly as one that never stopped; bad checkpoints fail clearly.</summary>
[TestClass]
public sealed class CheckpointTests
{
    /// <summary>A small run with every kind of state a checkpoint carries: EMA, lookahead optimizer and stream, dropout, annealed noise, decayed rates, lazy R1, monitor.</summary>
    private static GanOptions Options(int steps = 40)
    {
        var options = TestData.Tiny(steps);
        options.Remedies.Unrolling.Steps = 2;
        options.Remedies.InstanceNoise.InitialStd = 0.1;
        options.Remedies.R1.Weight = 0.5;
        options.Remedies.R1.Interval = 4;
        options.Schedule.LearningRateDecay = true;
        options.Networks.Discriminator.Dropout = 0.1;
        options.Monitor = new CollapseMonitorOptions { Interval = 10, SampleSize = 100, ReferenceSize = 100 };
        return options;
    }

    private static string TempPath() => Path.Combine(Path.GetTempPath(), $"mlgan-checkpoint-{Guid.NewGuid():N}.bin");

    /// <summary>The ring (128 points, or <paramref name="rows"/>); for a conditional run each point labelled by its position mod 3.</summary>
    private static IDataView Data(MLContext ml, bool conditional, int rows = 128) => conditional
        ? ml.Data.LoadFromEnumerable(MLGan.Datasets.GaussianMixture.Ring().Sample(rows, 1).Select((p, i) => new TestData.LabeledRow2 { Features = p, Label = (i % 3).ToString() }))
        : TestData.Ring(ml, rows);

    private static GanOptions Options(bool conditional)
    {
        var options = Options();
        options.LabelColumnName = conditional ? "Label" : null;
        return options;
    }

    private static IDataView Sample(MLContext ml, GanTransformer model) => model.Labels is null ? ml.Gan().Generate(model, 50) : ml.Gan().GenerateForLabels(model, 17);

    [TestMethod]
    [DataRow(false, 128)]
    [DataRow(true, 128)]
    [DataRow(false, 400)] // 50 rows per mode: trained by mode, whose modes are fitted again on resuming
    public void AStoppedAndResumedRun_EqualsAnUninterruptedOne_BitForBit(bool conditional, int rows)
    {
        var path = TempPath();
        try
        {
            var uninterrupted = new MLContext(1);
            using var expected = uninterrupted.Gan().Trainers.Gan(Options(conditional)).Fit(Data(uninterrupted, conditional, rows));
            if (rows == 400)
                Assert.AreEqual(8, expected.ModeCount);

            var stopped = new MLContext(1);
            var first = Options(conditional);
            first.Run.Checkpoint = new CheckpointOptions { Path = path, Interval = 20 };
            var stopAt20 = new OnReport(p =>
            {
                if (p.Step == 20)
                    stopped.CancelExecution();
            });
            Assert.Throws<OperationCanceledException>(() => stopped.Gan().Trainers.Gan(first, stopAt20).Fit(Data(stopped, conditional, rows)));
            Assert.IsTrue(File.Exists(path));

            var resumedContext = new MLContext(1);
            var second = Options(conditional);
            second.Run.ResumeFrom = path;
            using var resumed = resumedContext.Gan().Trainers.Gan(second).Fit(Data(resumedContext, conditional, rows));

            EstimatorChecks.AssertSameValues(Sample(uninterrupted, expected), Sample(resumedContext, resumed));
            Assert.HasCount(expected.TrainingHistory.Count, resumed.TrainingHistory);
            foreach (var (a, b) in expected.TrainingHistory.Zip(resumed.TrainingHistory))
            {
                Assert.AreEqual(a.Step, b.Step);
                Assert.AreEqual(a.DiscriminatorLoss, b.DiscriminatorLoss, $"D loss at step {a.Step}");
                Assert.AreEqual(a.GeneratorLoss, b.GeneratorLoss, $"G loss at step {a.Step}");
                Assert.AreEqual(a.Diversity?.Coverage, b.Diversity?.Coverage, $"monitor at step {a.Step}");
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void AFinishedRun_ContinuesForMoreSteps()
    {
        var path = TempPath();
        try
        {
            var ml = new MLContext(1);
            var data = TestData.Ring(ml, 128);
            var options = TestData.Tiny(steps: 20);
            options.Run.Checkpoint = new CheckpointOptions { Path = path, Interval = 1000 }; // written at the last step
            using (ml.Gan().Trainers.Gan(options).Fit(data)) { }

            var more = TestData.Tiny(steps: 30);
            more.Run.ResumeFrom = path;
            using var continued = ml.Gan().Trainers.Gan(more).Fit(data);
            CollectionAssert.AreEqual(new[] { 5, 10, 15, 20, 25, 30 }, continued.TrainingHistory.Select(h => h.Step).ToArray());

            var fewer = TestData.Tiny(steps: 10);
            fewer.Run.ResumeFrom = path;
            var ex = Assert.ThrowsExactly<ArgumentException>(() => ml.Gan().Trainers.Gan(fewer).Fit(data));
            StringAssert.Contains(ex.Message, "is at step 20, but these options plan 10 steps");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void ACheckpoint_RefusesOtherDataOrOptions_AndADamagedOneNamesTheFile()
    {
        var path = TempPath();
        try
        {
            var ml = new MLContext(1);
            var data = TestData.Ring(ml, 128);
            var options = TestData.Tiny(steps: 10);
            options.Run.Checkpoint = new CheckpointOptions { Path = path, Interval = 5 };
            using (ml.Gan().Trainers.Gan(options).Fit(data)) { }

            var resume = TestData.Tiny(steps: 20);
            resume.Run.ResumeFrom = path;
            var other = Assert.ThrowsExactly<ArgumentException>(() => ml.Gan().Trainers.Gan(resume).Fit(TestData.Ring(ml, 128, seed: 2)));
            StringAssert.Contains(other.Message, "was written for other training data: the sizes match (128 rows of 2 values) but the values differ");

            resume.Remedies.Packing.Degree = 2;
            var changed = Assert.ThrowsExactly<ArgumentException>(() => ml.Gan().Trainers.Gan(resume).Fit(data));
            StringAssert.Contains(changed.Message, "GanOptions.Remedies differ from those the checkpoint");
            resume.Remedies.Packing.Degree = 1;

            var bytes = File.ReadAllBytes(path);
            File.WriteAllBytes(path, bytes.AsSpan(0, bytes.Length * 2 / 3).ToArray());
            var damaged = Assert.ThrowsExactly<InvalidDataException>(() => ml.Gan().Trainers.Gan(resume).Fit(data));
            StringAssert.Contains(damaged.Message, path);
            StringAssert.Contains(damaged.Message, "checkpoint");

            File.WriteAllBytes(path, new byte[] { 1, 2, 3, 4 });
            var foreign = Assert.ThrowsExactly<InvalidDataException>(() => ml.Gan().Trainers.Gan(resume).Fit(data));
            StringAssert.Contains(foreign.Message, path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void CorruptedWordsInACheckpoint_FailClearly_OrLoad_NeverCrash()
    {
        var path = TempPath();
        var corrupted = TempPath();
        try
        {
            var ml = new MLContext(1);
            var data = TestData.Ring(ml, 64);
            var options = TestData.Tiny(steps: 5);
            options.Remedies.Unrolling.Steps = 1;
            options.Run.Checkpoint = new CheckpointOptions { Path = path, Interval = 5 };
            using (ml.Gan().Trainers.Gan(options).Fit(data)) { }
            var original = File.ReadAllBytes(path);

            var resume = TestData.Tiny(steps: 6);
            resume.Remedies.Unrolling.Steps = 1;
            resume.Run.ResumeFrom = corrupted;
            var random = new Random(3);
            int refused = 0;
            for (int trial = 0; trial < 60; trial++)
            {
                var bytes = (byte[])original.Clone();
                int offset = random.Next(bytes.Length / 4) * 4;
                BitConverter.GetBytes(new[] { int.MaxValue, -1, 1 << 20 }[trial % 3]).CopyTo(bytes, offset);
                File.WriteAllBytes(corrupted, bytes);
                try
                {
                    using (ml.Gan().Trainers.Gan(resume).Fit(data)) { }
                }
                catch (GanTrainingDivergedException)
                {
                    refused++; // a damaged optimizer moment: training stops as for any divergence
                }
                catch (Exception ex) when (ex is InvalidDataException or ArgumentException)
                {
                    StringAssert.Contains(ex.Message, ex is InvalidDataException ? corrupted : "checkpoint", $"offset {offset}");
                    refused++;
                }
            }
            Assert.IsGreaterThan(0, refused, "some corrupted words hit the structure and are refused; the rest are values that load");
        }
        finally
        {
            File.Delete(path);
            File.Delete(corrupted);
        }
    }
}
