using Microsoft.ML;
using Microsoft.ML.Data;
using MLGan.Datasets;
using MLGan.Plotting;
using OxyPlot.Annotations;
using OxyPlot.Axes;
using OxyPlot.Series;
using SkiaSharp;

namespace MLGan.Tests.Plotting;

[TestClass]
public sealed class ComparisonPlotTests
{
    private static readonly float[][] Square = { new[] { 0f, 0f }, new[] { 10f, 0f }, new[] { 0f, 10f }, new[] { 10f, 10f } };

    [TestMethod]
    public void TwoValueRows_AreDrawnAsTheyAre_RealOnTopOfGenerated()
    {
        var ml = new MLContext(1);
        var real = new[] { new[] { 1f, 2f }, new[] { 3f, 4f }, new[] { 5f, 6f } };
        var generated = new[] { new[] { -1f, 0.5f }, new[] { 2f, 2f } };
        var model = ComparisonPlot.Build(ml, TestData.Rows(ml, real), TestData.Rows(ml, generated), new ComparisonPlotOptions());

        var series = model.Series.Cast<ScatterSeries>().ToList();
        Assert.AreEqual(2, series.Count);
        Assert.AreEqual("generated", series[0].Title);
        Assert.AreEqual("real", series[1].Title, "real points are drawn last, on top");
        CollectionAssert.AreEqual(new[] { -1.0, 0.5, 2.0, 2.0 }, Points(series[0]).SelectMany(p => new[] { p.X, p.Y }).ToArray());
        CollectionAssert.AreEqual(new[] { 1.0, 2, 3, 4, 5, 6 }, Points(series[1]).SelectMany(p => new[] { p.X, p.Y }).ToArray());
        CollectionAssert.AreEqual(new[] { "value 1", "value 2" }, model.Axes.Select(a => a.Title).ToArray());
        Assert.AreEqual("3 real and 2 generated rows", model.Subtitle);
    }

    [TestMethod]
    public void ModeCenters_ColourGeneratedRowsByNearestMode_AndFlagAModeNoneIsNearest()
    {
        var ml = new MLContext(1);
        // 3 rows near (0, 0), 2 near (10, 10), 1 near (10, 0) and none near (0, 10).
        var generated = new[] { new[] { 0.5f, 0f }, new[] { -1f, 1f }, new[] { 1f, -1f }, new[] { 9f, 9f }, new[] { 11f, 10f }, new[] { 8f, 1f } };
        var model = ComparisonPlot.Build(ml, TestData.Rows(ml, Square), TestData.Rows(ml, generated), new ComparisonPlotOptions { ModeCenters = Square });

        var labels = model.Annotations.Cast<TextAnnotation>().ToList();
        CollectionAssert.AreEqual(new[] { "0: 3", "1: 1", "2: 0", "3: 2" }, labels.Select(l => l.Text).ToArray());
        Assert.AreEqual(OxyPlot.OxyColors.Red, labels[2].TextColor, "the mode no generated row is nearest to is labelled in red");
        Assert.AreEqual(OxyPlot.OxyColors.Black, labels[0].TextColor);
        // Centres, then one series per mode (coloured apart), then the real rows on top.
        var series = model.Series.Cast<ScatterSeries>().ToList();
        Assert.AreEqual(1 + 4 + 1, series.Count);
        CollectionAssert.AreEqual(new[] { 3, 1, 0, 2 }, series.Skip(1).Take(4).Select(s => Points(s).Length).ToArray());
        Assert.AreEqual(4, series.Skip(1).Take(4).Select(s => s.MarkerFill).Distinct().Count());
        Assert.AreEqual("real", series[^1].Title);
    }

    [TestMethod]
    public void WideRows_AreProjectedOnTheRealRowsFirstTwoPrincipalComponents()
    {
        var ml = new MLContext(1);
        // Four modes in a random 2-D plane of a 10-D space: the projection must keep their distances (a rotation of the plane).
        var random = new Random(4);
        var (u, v) = (Unit(random, 10), Unit(random, 10));
        v = Unit(v.Zip(u, (a, b) => a - b * v.Zip(u, (x, y) => x * y).Sum()).ToArray());
        float[] At(float a, float b) => u.Zip(v, (x, y) => a * x + b * y).ToArray();
        var centres = Square.Select(c => At(c[0], c[1])).ToArray();
        var real = Enumerable.Range(0, 400).Select(i => centres[i % 4].Select(x => x + (float)(random.NextDouble() - 0.5) * 0.02f).ToArray()).ToArray();
        var options = new ComparisonPlotOptions { ModeCenters = centres };
        var model = ComparisonPlot.Build(ml, Wide(ml, real), Wide(ml, real.Take(40)), options);

        var projected = Points((ScatterSeries)model.Series[0]);
        for (int a = 0; a < 4; a++)
            for (int b = a + 1; b < 4; b++)
            {
                double original = Math.Sqrt(centres[a].Zip(centres[b], (x, y) => (x - y) * (x - y)).Sum());
                double drawn = Math.Sqrt(Math.Pow(projected[a].X - projected[b].X, 2) + Math.Pow(projected[a].Y - projected[b].Y, 2));
                Assert.AreEqual(original, drawn, 0.01 * original, $"centres {a} and {b}");
            }
        Assert.AreEqual("400 real and 40 generated rows of 10 values", model.Subtitle);
        Assert.AreEqual("principal component (of the real rows) 1", model.Axes[0].Title);
    }

    [TestMethod]
    public void OneValueRows_AreTwoDensityHistogramsOverTheSameBins()
    {
        var ml = new MLContext(1);
        var real = Enumerable.Range(0, 100).Select(i => new[] { i / 10f }).ToArray();
        var generated = Enumerable.Range(0, 30).Select(i => new[] { 5 + i / 10f }).ToArray();
        var model = ComparisonPlot.Build(ml, OneValue(ml, real), OneValue(ml, generated), new ComparisonPlotOptions());

        var histograms = model.Series.Cast<HistogramSeries>().ToList();
        CollectionAssert.AreEqual(new[] { "generated", "real" }, histograms.Select(h => h.Title).ToArray());
        foreach (var histogram in histograms)
        {
            var bins = histogram.ItemsSource.Cast<HistogramItem>().ToList();
            Assert.AreEqual(40, bins.Count);
            Assert.AreEqual(1.0, bins.Sum(b => b.Area), 1e-9, $"{histogram.Title}: a density integrates to 1");
        }
        Assert.AreEqual(0.0, histograms[0].ItemsSource.Cast<HistogramItem>().First().RangeStart, 1e-9);
        Assert.AreEqual(9.9, histograms[0].ItemsSource.Cast<HistogramItem>().Last().RangeEnd, 1e-6);
    }

    [TestMethod]
    public void Png_HasTheAskedSize_AndShowsBothSets()
    {
        var ml = new MLContext(1);
        var path = Path.Combine(Path.GetTempPath(), $"mlgan-plot-{Guid.NewGuid():N}", "ring.png");
        try
        {
            var inner = GaussianMixture.Ring(radius: 0.5f).Sample(300, seed: 2);
            ml.GanPlots().Comparison(TestData.Ring(ml, 500), TestData.Rows(ml, inner), path,
                new ComparisonPlotOptions { Width = 500, Height = 400 });
            using var bitmap = SKBitmap.Decode(path);
            Assert.AreEqual(500, bitmap.Width);
            Assert.AreEqual(400, bitmap.Height);
            var colours = Enumerable.Range(0, bitmap.Width * bitmap.Height).Select(i => bitmap.GetPixel(i % bitmap.Width, i / bitmap.Width)).ToList();
            Assert.IsTrue(colours.Count(c => c.Red > 200 && c.Green < c.Red - 50 && c.Green == c.Blue) > 100, "generated points (red) are drawn");
            Assert.IsTrue(colours.Count(c => c.Red < 120 && c.Green < 120 && c.Blue < 120 && c.Red == c.Green) > 200, "real points (dark grey) are drawn");
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }

    [TestMethod]
    public void BadInputs_GiveClearErrors()
    {
        var ml = new MLContext(1);
        var real = TestData.Rows(ml, Square);
        var plots = ml.GanPlots();
        string path = Path.Combine(Path.GetTempPath(), $"mlgan-never-{Guid.NewGuid():N}.png");

        var missing = Assert.ThrowsExactly<ArgumentException>(() => plots.Comparison(real, real, path, new ComparisonPlotOptions { RealColumnName = "Pixels" }));
        StringAssert.Contains(missing.Message, "The real data has no column 'Pixels'; its columns: 'Features'");

        var nan = TestData.Rows(ml, new[] { new[] { 1f, 2f }, new[] { 3f, float.NaN } });
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => plots.Comparison(real, nan, path)).Message,
            "The generated data holds NaN at row 1, slot 1 of column 'Features'");

        var wider = Wide(ml, new[] { new float[10] });
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => plots.Comparison(real, wider, path)).Message,
            "The generated rows hold 10 values and the real rows 2");

        var badCentre = new ComparisonPlotOptions { ModeCenters = new[] { new[] { 1f, 2f, 3f } } };
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => plots.Comparison(real, real, path, badCentre)).Message, "Mode centre 0 must hold 2 finite values");

        var text = ml.Data.LoadFromEnumerable(new[] { new TextRow { Features = "a" } });
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => plots.Comparison(text, real, path)).Message, "plots take a known-size vector of Single");

        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => plots.Comparison(real, real, path, new ComparisonPlotOptions { Width = 100_000 }));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => plots.Comparison(real, real, path, new ComparisonPlotOptions { MaxPointsPerSet = 0 }));
        Assert.IsFalse(File.Exists(path), "nothing is written on bad input");
    }

    private static ScatterPoint[] Points(ScatterSeries series) => series.ItemsSource.Cast<ScatterPoint>().ToArray();

    private static float[] Unit(Random random, int size) => Unit(Enumerable.Range(0, size).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray());

    private static float[] Unit(float[] vector)
    {
        float norm = MathF.Sqrt(vector.Sum(x => x * x));
        return vector.Select(x => x / norm).ToArray();
    }

    private static IDataView Wide(MLContext ml, IEnumerable<float[]> rows) => ml.Data.LoadFromEnumerable(rows.Select(r => new Row10 { Features = r }));

    private static IDataView OneValue(MLContext ml, IEnumerable<float[]> rows) => ml.Data.LoadFromEnumerable(rows.Select(r => new Row1 { Features = r }));

    private sealed class Row10
    {
        [VectorType(10)]
        public float[] Features { get; set; } = Array.Empty<float>();
    }

    private sealed class TextRow
    {
        public string Features { get; set; } = "";
    }

    private sealed class Row1
    {
        [VectorType(1)]
        public float[] Features { get; set; } = Array.Empty<float>();
    }
}
