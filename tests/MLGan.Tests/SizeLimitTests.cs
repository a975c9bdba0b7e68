using System.Diagnostics;
using System.IO.Compression;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLGan.Networks;
using MLGan.Persistence;

namespace MLGan.Tests;

/// <summary>Sizes from model files and options are bounded before anything is allocated.</summary>
[TestClass]
public sealed class SizeLimitTests
{
    /// <summary>
    /// A generator stream whose architecture claims <paramref name="hidden"/> but which holds no weights (well under a
    /// kilobyte), in the sectioned format 4 or the unsectioned format 3.
    /// </summary>
    private static byte[] CraftedGeneratorStream(int format, params int[] hidden)
    {
        var spec = new MlpSpec(16, hidden, 2, GanActivation.ReLU, GanNormalization.None);
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer))
        {
            writer.Write(format);
            if (format == 3)
            {
                writer.Write("Features");
                writer.Write("Features");
                writer.Write(false);
                writer.Write(7);
                spec.Write(writer);
                BinaryFormat.WriteFloats(writer, new float[2]);
                BinaryFormat.WriteFloats(writer, new float[] { 1, 1 });
                writer.Write(0);
                writer.Write(0);
            }
            else
            {
                Sections.Write(writer, new (string, int, Action<BinaryWriter>)[]
                {
                    ("manifest", 1, w => { w.Write("Features"); w.Write("Features"); w.Write(false); w.Write(7); w.Write("standardize"); w.Write(1); w.Write("generator"); }),
                    ("codec", 1, w => { w.Write("standardize"); BinaryFormat.WriteFloats(w, new float[2]); BinaryFormat.WriteFloats(w, new float[] { 1, 1 }); }),
                    ("modules", 1, w => { w.Write(1); w.Write("generator"); w.Write("generator"); w.Write(1.0); NetworkSpecs.Write(w, spec); w.Write(0); }),
                    ("history", 1, w => w.Write(0)),
                });
            }
        }
        return buffer.ToArray();
    }

    [TestMethod]
    [DataRow(3, 23170, "need 2 GiB of weights")]
    [DataRow(3, 1_000_000, "more than MLGan's limit")]
    [DataRow(4, 23170, "parameters but the file holds 0 values")]
    [DataRow(4, 1_000_000, "more than MLGan's limit")]
    public void HugeArchitectureInAModelStream_FailsFast(int format, int width, string reason)
    {
        var bytes = CraftedGeneratorStream(format, width, width);
        Assert.IsLessThan(1024, bytes.Length);
        long before = Process.GetCurrentProcess().WorkingSet64;
        var clock = Stopwatch.StartNew();
        var ex = Assert.ThrowsExactly<InvalidDataException>(() => GeneratorModelFormat.Read(new BinaryReader(new MemoryStream(bytes))));
        Assert.IsLessThan(500, clock.ElapsedMilliseconds);
        Assert.IsLessThan(100L << 20, Process.GetCurrentProcess().WorkingSet64 - before, "no weights were allocated");
        StringAssert.Contains(ex.Message, reason);
        StringAssert.Contains(ex.Message, $"[{width}, {width}]");
    }

    [TestMethod]
    public void HugeArchitectureInAModelZip_FailsWithInvalidDataException()
    {
        var ml = new MLContext(1);
        var data = TestData.Ring(ml, 64);
        var path = Path.Combine(Path.GetTempPath(), $"mlgan-{Guid.NewGuid():N}.zip");
        try
        {
            using (var model = ml.Gan().Trainers.Gan(TestData.Tiny()).Fit(data))
                ml.Model.Save(model, data.Schema, path);
            using (var zip = ZipFile.Open(path, ZipArchiveMode.Update))
            {
                var entry = zip.Entries.Single(e => e.FullName.EndsWith("Generator.bin", StringComparison.Ordinal));
                string name = entry.FullName;
                entry.Delete();
                using var replaced = zip.CreateEntry(name).Open();
                replaced.Write(CraftedGeneratorStream(GeneratorModelFormat.CurrentVersion, 23170, 23170));
            }
            var clock = Stopwatch.StartNew();
            var ex = Assert.ThrowsExactly<InvalidDataException>(() => new MLContext().Gan().LoadModel(path, out _));
            Assert.IsLessThan(1000, clock.ElapsedMilliseconds);
            StringAssert.Contains(ex.Message, "claims");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void HugeOptions_FailAtCreation_NamingTheOptionAndTheEstimate()
    {
        var ml = new MLContext(1);
        (Action<GanOptions> Set, string Option, string Estimate)[] cases =
        {
            (o => o.Networks.Generator.HiddenLayers = new[] { 1_000_000, 1_000_000 }, "GanOptions.Networks.Generator.HiddenLayers = [1000000, 1000000]", "1E+12 parameters"),
            (o => o.Networks.LatentDimension = 100_000_000, "GanOptions.Networks.LatentDimension = 100000000", "1.28E+10 parameters"),
            (o => o.Networks.Discriminator.HiddenLayers = new[] { 200_000, 200_000 }, "GanOptions.Networks.Discriminator.HiddenLayers = [200000, 200000]", "4E+10 parameters"),
            (o => o.Schedule.BatchSize = 200_000_000, "GanOptions.Schedule.BatchSize = 200000000", "of memory"),
            (o => { o.Remedies.MinibatchDiscrimination.Enabled = true; o.Schedule.BatchSize = 200_000; }, "GanOptions.Schedule.BatchSize", "of memory"),
            (o => o.Monitor = new CollapseMonitorOptions { SampleSize = 50_000_000 }, "GanOptions.Monitor.SampleSize", "at most 1,000,000"),
            (o => o.Monitor = new CollapseMonitorOptions { ReferenceSize = int.MaxValue }, "GanOptions.Monitor.ReferenceSize", "at most 1,000,000"),
        };
        foreach (var (set, option, estimate) in cases)
        {
            var options = new GanOptions();
            set(options);
            var clock = Stopwatch.StartNew();
            var ex = Assert.Throws<ArgumentException>(() => ml.Gan().Trainers.Gan(options), option);
            Assert.IsLessThan(100, clock.ElapsedMilliseconds);
            Assert.IsTrue(ex.Message.Contains(option) && ex.Message.Contains(estimate), ex.Message);
        }
        ml.Gan().Trainers.Gan(new GanOptions { Networks = { Generator = { HiddenLayers = new[] { 4096, 4096 } } } }); // large but sane
    }

    private sealed class WideRow
    {
        public float[] Features { get; set; } = Array.Empty<float>();
    }

    [TestMethod]
    public void OptionsTooLargeForTheData_FailAtFit_BeforeAnyTensor()
    {
        const int width = 100_000;
        var ml = new MLContext(1);
        var schema = SchemaDefinition.Create(typeof(WideRow));
        schema["Features"].ColumnType = new VectorDataViewType(NumberDataViewType.Single, width);
        var data = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 4).Select(i => new WideRow { Features = Enumerable.Repeat((float)i, width).ToArray() }), schema);
        var options = TestData.Tiny();
        options.Schedule.BatchSize = 4;
        options.Networks.Generator.HiddenLayers = new[] { 20_000 };
        var estimator = ml.Gan().Trainers.Gan(options); // fine for narrow data
        var ex = Assert.Throws<ArgumentException>(() => estimator.Fit(data));
        StringAssert.Contains(ex.Message, "GanOptions.Networks.Generator.HiddenLayers = [20000]");
        StringAssert.Contains(ex.Message, "for 100000 values per row");
    }
}
