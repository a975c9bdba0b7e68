using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLGan.Tests;

/// <summary>Degenerate slots: constants come back exactly, tiny spreads keep their own scale.</summary>
[TestClass]
public sealed class ScalingTests
{
    private sealed class Row4
    {
        [VectorType(4)]
        public float[] Features { get; set; } = Array.Empty<float>();
    }

    private const float TinyMean = 3e-6f, TinyStd = 1e-9f;

    private static IDataView Data(MLContext ml, int count)
    {
        var random = new Random(3);
        double Normal() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        return ml.Data.LoadFromEnumerable(Enumerable.Range(0, count).Select(_ => new Row4
        {
            Features = new[] { 0.001f, 5f, (float)(TinyMean + TinyStd * Normal()), (float)(10 + 2 * Normal()) },
        }));
    }

    private static double Std(IEnumerable<float> values)
    {
        var v = values.Select(x => (double)x).ToArray();
        double mean = v.Average();
        return Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / v.Length);
    }

    [TestMethod]
    public void ConstantSlotsAreExact_TinySpreadKeepsItsScale()
    {
        var ml = new MLContext(1);
        var data = Data(ml, 512);
        double realTinyStd = Std(TestData.ReadVectors(data).Select(r => r[2]));
        Assert.IsTrue(realTinyStd is > 5e-10 and < 2e-9, $"the data's tiny slot has std {realTinyStd}");

        using var model = ml.Gan().Trainers.Gan(TestData.Tiny(steps: 150)).Fit(data);
        var rows = TestData.ReadVectors(ml.Gan().Generate(model, 1000, seed: 2));
        Assert.IsTrue(rows.All(r => r[0] == 0.001f), "the constant 0.001 comes back exactly");
        Assert.IsTrue(rows.All(r => r[1] == 5f), "the constant 5 comes back exactly");
        double tinyStd = Std(rows.Select(r => r[2]));
        Assert.IsTrue(tinyStd > realTinyStd / 5 && tinyStd < realTinyStd * 5, $"generated std {tinyStd:e2}, real {realTinyStd:e2}");
        Assert.IsTrue(rows.All(r => Math.Abs(r[2] - TinyMean) < 1e-7), "the tiny slot stays in its own units");
        double normalStd = Std(rows.Select(r => r[3]));
        Assert.IsTrue(normalStd is > 0.2 and < 10, $"the normal slot's generated std {normalStd}");
    }

    [TestMethod]
    public void SavedAndReloaded_ConstantsStayExact()
    {
        var ml = new MLContext(1);
        var data = Data(ml, 64);
        using var model = ml.Gan().Trainers.Gan(TestData.Tiny()).Fit(data);
        using var stream = new MemoryStream();
        ml.Model.Save(model, data.Schema, stream);
        stream.Position = 0;
        var loaded = ml.Model.Load(stream, out _);
        var rows = TestData.ReadVectors(ml.Gan().Generate(loaded, 100));
        Assert.IsTrue(rows.All(r => r[0] == 0.001f && r[1] == 5f));
    }
}
