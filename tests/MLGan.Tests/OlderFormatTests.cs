using System.Globalization;
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
        var ml = new MLContext(1);
        var loaded = ml.Gan().LoadModel(GoldenFiles.Shared(name + ".zip"), out _);
        var rows = TestData.ReadVectors(ml.Gan().Generate(loaded, 64, seed: 5)); // 64 rows recorded
        var lines = rows.Select(row => string.Join(' ', row.Select(v => BitConverter.SingleToInt32Bits(v).ToString("X8", CultureInfo.InvariantCulture)))).ToArray();
        if (!GoldenFiles.Record(name + ".rows.txt", lines))
            CollectionAssert.AreEqual(File.ReadAllLines(GoldenFiles.Rows(name + ".rows.txt")), lines, $"{name}: the generated rows changed");
        var model = (GanTransformer)loaded;
        Assert.IsNotEmpty(model.TrainingHistory);
        Assert.IsNull(model.TrainingOptions, "formats before 4 did not store the options");
        if (name.EndsWith("-defaults", StringComparison.Ordinal))
            Assert.IsTrue(model.TrainingHistory.Any(h => h.Diversity is not null), "the monitor's checks are in the history");
        model.Dispose();
    }
}
