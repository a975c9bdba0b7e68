using Microsoft.ML;
using Microsoft.ML.Data;
using MLGan.Data;
using MLGan.Datasets.Mnist;
using MLGan.Diversity;

namespace MLGan.Tests.Images;

/// <summary>
/// Real MNIST, judged by the frozen classifier: a conditional DCGAN must draw the digit it is asked for, and the
/// diversity verdict in the classifier's feature space must call real held-out digits healthy (no false alarm on the
/// embedding the examples score in). A change that breaks conditioning or image training fails CI.
/// </summary>
[TestClass]
[TestCategory("Long")]
[DoNotParallelize]
public sealed class MnistLongTests
{
    [TestMethod]
    public void ConditionalDcgan_DrawsTheDigitItIsAskedFor()
    {
        var ml = new MLContext(1);
        var options = new GanOptions
        {
            LabelColumnName = "Label",
            Networks = { LatentDimension = 64, Convolutional = { GeneratorWidth = 32, DiscriminatorWidth = 32 } },
            Schedule = { BatchSize = 64, MaxSteps = 2000, Epochs = 1000 },
            Run = { Seed = 1, NumberOfThreads = 2, ReportInterval = 500 }, // the Long tests run one at a time: both cores
            Monitor = null,
        };
        using var model = ml.Gan().Trainers.Gan(options).Fit(MnistDigits.Load(ml, MnistSplit.Train));
        var generated = ml.Gan().GenerateForLabels(model, 200, seed: 3);
        var pixels = generated.GetColumn<float[]>("Features").SelectMany(r => r).ToArray();
        var asked = generated.GetColumn<uint>("Label").Select(k => (int)k - 1).ToArray();
        using var classifier = MnistClassifier.LoadFrozen();
        var predicted = classifier.Classify(pixels);
        var share = Enumerable.Range(0, 10).Select(d => Enumerable.Range(0, asked.Length).Where(i => asked[i] == d).Average(i => predicted[i] == d ? 1.0 : 0)).ToArray();
        string report = string.Join(", ", share.Select((s, d) => $"{d}: {s:P0}"));
        Console.WriteLine($"classified as asked: {report}");
        Assert.IsGreaterThanOrEqualTo(0.85, share.Average(), report);
        Assert.IsGreaterThanOrEqualTo(0.6, share.Min(), report);
    }

    [TestMethod]
    public void HeldOutRealDigits_AreHealthyInTheClassifiersFeatureSpace()
    {
        var ml = new MLContext(1);
        using var classifier = MnistClassifier.LoadFrozen();
        IDataView Embed(IEnumerable<MnistDigit> digits) => ml.Data.LoadFromEnumerable(
            classifier.Features(digits.SelectMany(d => d.Pixels.Select(p => p / 255f)).ToArray()).Chunk(MnistClassifier.FeatureSize).Select(f => new Row { Features = f }));
        var train = MnistDigits.Read(MnistSplit.Train);
        var heldOut = MnistDigits.Read(MnistSplit.Test);
        foreach (int digit in new[] { 1, 5, 8 })
        {
            using var scorer = ml.Gan().Transforms.ScoreDiversity(new DiversityScoringOptions { Seed = 1 }).Fit(Embed(train.Where(d => d.Label == digit)));
            var real = ml.Gan().Evaluate(scorer, Embed(heldOut.Where(d => d.Label == digit)));
            Assert.IsFalse(real.IsCollapsed, $"digit {digit}: {string.Join("; ", real.Reasons)}");
            // One real digit repeated is a collapse, and is flagged.
            var one = heldOut.First(d => d.Label == digit);
            var collapsed = ml.Gan().Evaluate(scorer, Embed(Enumerable.Repeat(one, 100)));
            Assert.IsTrue(collapsed.IsCollapsed, $"digit {digit}: a single repeated digit was not flagged");
        }
    }

    /// <summary>The space the collapse monitor checks images in, with its default reference size and mode search.</summary>
    [TestMethod]
    public void HeldOutDigits_AreHealthy_AndOneRepeatedDigitIsCollapsed_OnPooledPixels()
    {
        var ml = new MLContext(1);
        var shape = new ImageShape(1, 28, 28);
        var space = new PooledPixels(shape);
        FeatureTable Table(MnistSplit split) => FeatureTable.Load(MnistDigits.Load(ml, split), "Features", "test");
        // The monitor's defaults: a reference of 2,000 training digits.
        var reference = DiversityReference.Fit(Table(MnistSplit.Train).Project(space), new DiversityScoringOptions { MaxReferenceRows = 2000 }, seed: 1);
        var heldOut = Table(MnistSplit.Test).Project(space);
        var real = DiversityEvaluator.Evaluate(reference, heldOut.Values, new CollapseCriteria());
        Assert.IsFalse(real.IsCollapsed, string.Join("; ", real.Reasons));
        var one = Enumerable.Range(0, 500).SelectMany(_ => heldOut.Row(0).ToArray()).ToArray();
        Assert.IsTrue(DiversityEvaluator.Evaluate(reference, one, new CollapseCriteria()).IsCollapsed);
    }

    private sealed class Row
    {
        [VectorType(MnistClassifier.FeatureSize)]
        public float[] Features { get; set; } = Array.Empty<float>();
    }
}
