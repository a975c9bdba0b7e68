using Microsoft.ML;
using MLGan.Plotting;
using OxyPlot.Series;
using SkiaSharp;

namespace MLGan.Tests.Plotting;

[TestClass]
public sealed class TrainingPlotTests
{
    private static GanProgress Report(int step, double discriminator, double generator, DiversityMetrics? diversity = null) => new()
    {
        Step = step,
        TotalSteps = 300,
        DiscriminatorLoss = discriminator,
        GeneratorLoss = generator,
        Diversity = diversity,
    };

    [TestMethod]
    public void Losses_OneLinePerPlayer_OnePointPerReport()
    {
        var history = new[] { Report(100, 1.2, 0.7), Report(200, 1.1, 0.9), Report(300, 1.0, 1.3) };
        var model = TrainingPlots.Losses(history);
        var lines = model.Series.Cast<LineSeries>().ToList();
        CollectionAssert.AreEqual(new[] { "discriminator (critic)", "generator" }, lines.Select(l => l.Title).ToArray());
        CollectionAssert.AreEqual(new[] { 100.0, 1.2, 200, 1.1, 300, 1.0 }, Points(lines[0]));
        CollectionAssert.AreEqual(new[] { 100.0, 0.7, 200, 0.9, 300, 1.3 }, Points(lines[1]));
        Assert.AreEqual("3 reports, 300 steps", model.Subtitle);
    }

    [TestMethod]
    public void Diversity_PlotsEachCheck_AndMarksTheCollapsedOnes()
    {
        var healthy = new DiversityMetrics { ModesCaptured = 8, TotalModes = 8, HighQualityShare = 0.9, Precision = 0.9, Recall = 0.6, Coverage = 0.3 };
        var collapsed = healthy with { ModesCaptured = 2, Reasons = new[] { "only 2 of 8 modes" } };
        var history = new[] { Report(100, 1, 1, collapsed), Report(150, 1, 1), Report(200, 1, 1, healthy) };
        var model = TrainingPlots.Diversity(history);

        var lines = model.Series.OfType<LineSeries>().ToList();
        CollectionAssert.AreEqual(new[] { "modes captured (share)", "high-quality share", "precision", "recall", "coverage" }, lines.Select(l => l.Title).ToArray());
        CollectionAssert.AreEqual(new[] { 100.0, 0.25, 200, 1.0 }, Points(lines[0]), "reports without a check are skipped");
        var marks = model.Series.OfType<ScatterSeries>().Single();
        CollectionAssert.AreEqual(new[] { 100.0 }, marks.ItemsSource.Cast<ScatterPoint>().Select(p => p.X).ToArray());
        Assert.AreEqual("2 checks; 1 judged collapsed (marked at the top)", model.Subtitle);
    }

    [TestMethod]
    public void Diversity_WithoutMonitorChecks_SaysHowToGetThem()
    {
        var error = Assert.ThrowsExactly<ArgumentException>(() => TrainingPlots.Diversity(new[] { Report(100, 1, 1) }));
        StringAssert.Contains(error.Message, "train with the monitor on (GanOptions.Monitor");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => TrainingPlots.Losses(Array.Empty<GanProgress>())).Message, "The training history is empty");
    }

    [TestMethod]
    public void HistoryOfARealFit_IsWrittenAsPngs()
    {
        var ml = new MLContext(1);
        using var gan = ml.Gan().Trainers.Gan(TestData.Tiny(steps: 20)).Fit(TestData.Ring(ml, 64));
        var folder = Path.Combine(Path.GetTempPath(), $"mlgan-history-{Guid.NewGuid():N}");
        try
        {
            gan.TrainingHistory.PlotLosses(Path.Combine(folder, "losses.png"), width: 640, height: 360);
            using var bitmap = SKBitmap.Decode(Path.Combine(folder, "losses.png"));
            Assert.AreEqual((640, 360), (bitmap.Width, bitmap.Height));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static double[] Points(LineSeries line) => line.ItemsSource.Cast<OxyPlot.DataPoint>().SelectMany(p => new[] { p.X, p.Y }).ToArray();
}
