using Microsoft.ML;

namespace MLGan.Tests;

/// <summary>Model zips written by older formats (tests/MLGan.Tests/Golden) load and generate exactly what they did.</summary>
[TestClass]
public sealed class OlderFormatTests
{
    [TestMethod]
    [DataRow("v2-defaults")]
    [DataRow("v2-plain-gan")]
    [DataRow("v3-defaults")]
    [DataRow("v3-plain-gan")]
    public void OlderZip_GeneratesItsRecordedRows(string name)
    {
        string directory = Path.Combine(AppContext.BaseDirectory, "Golden");
        var expected = File.ReadAllLines(Path.Combine(directory, name + ".rows.txt"))
            .Select(line => line.Split(' ').Select(bits => BitConverter.Int32BitsToSingle(Convert.ToInt32(bits, 16))).ToArray()).ToArray();
        var ml = new MLContext(1);
        var loaded = ml.Gan().LoadModel(Path.Combine(directory, name + ".zip"), out _);
        var rows = TestData.ReadVectors(ml.Gan().Generate(loaded, expected.Length, seed: 5));
        Assert.HasCount(expected.Length, rows);
        for (int i = 0; i < rows.Length; i++)
            CollectionAssert.AreEqual(expected[i], rows[i], $"row {i}");
        var model = (GanTransformer)loaded;
        Assert.IsNotEmpty(model.TrainingHistory);
        Assert.IsNull(model.TrainingOptions, "formats before 4 did not store the options");
        if (name.EndsWith("-defaults", StringComparison.Ordinal))
            Assert.IsTrue(model.TrainingHistory.Any(h => h.Diversity is not null), "the monitor's checks are in the history");
        model.Dispose();
    }
}
