using System.IO.Compression;
using Microsoft.ML;

namespace MLGan.Tests;

[TestClass]
public sealed class PersistenceTests
{
    private static string TempZip() => Path.Combine(Path.GetTempPath(), $"mlgan-{Guid.NewGuid():N}.zip");

    private static (MLContext Ml, GanTransformer Model, IDataView Data) Trained()
    {
        var ml = new MLContext(1);
        var data = TestData.Ring(ml, 64);
        return (ml, ml.Gan().Trainers.Gan(TestData.Tiny()).Fit(data), data);
    }

    [TestMethod]
    public void RoundTrip_KeepsPropertiesHistoryAndSamples()
    {
        var (ml, model, data) = Trained();
        var path = TempZip();
        try
        {
            ml.Model.Save(model, data.Schema, path);
            using var loaded = (GanTransformer)new MLContext().Model.Load(path, out _);
            Assert.AreEqual(model.Seed, loaded.Seed);
            Assert.AreEqual(model.FeatureColumnName, loaded.FeatureColumnName);
            Assert.AreEqual(model.GeneratorArchitecture, loaded.GeneratorArchitecture);
            Assert.HasCount(4, loaded.TrainingHistory); // 20 steps, a report every 5
            CollectionAssert.AreEqual(model.TrainingHistory.ToArray(), loaded.TrainingHistory.ToArray());
            EstimatorChecks.AssertSameValues(ml.Gan().Generate(model, 300, seed: 8), ml.Gan().Generate(loaded, 300, seed: 8));
        }
        finally
        {
            File.Delete(path);
            model.Dispose();
        }
    }

    [TestMethod]
    public void NotAZip_FailsClearly()
    {
        var path = TempZip();
        File.WriteAllBytes(path, Enumerable.Range(0, 4096).Select(i => (byte)(i * 31)).ToArray());
        try
        {
            // ML.NET's own loader fails with a FormatException over the zip's InvalidDataException; its message names
            // no file ("Failed to open a zip archive"), which is why LoadModel exists. LoadModel also relies on this type.
            var raw = Assert.ThrowsExactly<FormatException>(() => new MLContext().Model.Load(path, out _));
            Assert.IsInstanceOfType<InvalidDataException>(raw.InnerException);
            var ex = Assert.ThrowsExactly<InvalidDataException>(() => new MLContext().Gan().LoadModel(path, out _));
            StringAssert.Contains(ex.Message, $"'{path}' is not an ML.NET model file");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void ForeignZip_FailsClearly()
    {
        var path = TempZip();
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            using var writer = new StreamWriter(zip.CreateEntry("readme.txt").Open());
            writer.Write("not a model");
        }
        try
        {
            var ex = Assert.ThrowsExactly<InvalidDataException>(() => new MLContext().Gan().LoadModel(path, out _));
            StringAssert.Contains(ex.Message, $"'{path}' is a zip file but not an ML.NET model");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void MissingFile_SaysWhere()
    {
        var ex = Assert.ThrowsExactly<FileNotFoundException>(() => new MLContext().Gan().LoadModel("no-such-model.zip", out _));
        StringAssert.Contains(ex.Message, "no-such-model.zip");
    }

    [TestMethod]
    public void DamagedGeneratorStream_SaysSo()
    {
        var (ml, model, data) = Trained();
        var path = TempZip();
        try
        {
            ml.Model.Save(model, data.Schema, path);
            RewriteGeneratorStream(path, bytes => bytes.AsSpan(0, bytes.Length / 2).ToArray());
            // ML.NET's loader creates the transformer by reflection, so MLGan's error arrives wrapped; LoadModel unwraps it.
            var wrapped = Assert.ThrowsExactly<System.Reflection.TargetInvocationException>(() => new MLContext().Model.Load(path, out _));
            Assert.IsInstanceOfType<InvalidDataException>(wrapped.InnerException);
            StringAssert.Contains(wrapped.InnerException!.Message, "cannot be read");
            var ex = Assert.ThrowsExactly<InvalidDataException>(() => new MLContext().Gan().LoadModel(path, out _));
            StringAssert.Contains(ex.Message, "The GAN generator in this model cannot be read");
            StringAssert.Contains(ex.Message, path, "LoadModel names the file");
            Assert.DoesNotContain("..", ex.Message);
        }
        finally
        {
            File.Delete(path);
            model.Dispose();
        }
    }

    [TestMethod]
    public void AnyCorruptedWord_FailsAsDamaged_NeverCrashesOrAllocatesWildly()
    {
        var (_, model, _) = Trained();
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true))
            MLGan.Persistence.GeneratorModelFormat.Write(writer, model.Model);
        var original = buffer.ToArray();
        model.Dispose();
        foreach (int bad in new[] { int.MaxValue, -1, 1 << 20 })
        {
            for (int offset = 0; offset + 4 <= original.Length; offset += 4)
            {
                var bytes = (byte[])original.Clone();
                BitConverter.GetBytes(bad).CopyTo(bytes, offset);
                try
                {
                    using var reader = new BinaryReader(new MemoryStream(bytes));
                    MLGan.Persistence.GeneratorModelFormat.Read(reader).Generator.Dispose();
                }
                catch (InvalidDataException)
                {
                }
            }
        }
        foreach (int length in new[] { 0, 3, original.Length / 3, original.Length - 1 })
        {
            using var reader = new BinaryReader(new MemoryStream(original, 0, length));
            Assert.Throws<InvalidDataException>(() => MLGan.Persistence.GeneratorModelFormat.Read(reader));
        }
    }

    [TestMethod]
    public void FutureFormatVersion_SaysWhichVersionsAreRead()
    {
        var (ml, model, data) = Trained();
        var path = TempZip();
        try
        {
            ml.Model.Save(model, data.Schema, path);
            RewriteGeneratorStream(path, bytes =>
            {
                BitConverter.GetBytes(99).CopyTo(bytes, 0);
                return bytes;
            });
            var ex = Assert.ThrowsExactly<InvalidDataException>(() => new MLContext().Gan().LoadModel(path, out _));
            StringAssert.Contains(ex.Message, "format version 99");
        }
        finally
        {
            File.Delete(path);
            model.Dispose();
        }
    }

    [TestMethod]
    public void FormatVersion1_IsStillRead()
    {
        var ml = new MLContext(1);
        var options = TestData.Tiny();
        options.Run.ReportInterval = 1000; // one history entry, at the last step
        options.ModeNormalization = ModeNormalization.None; // format 1 holds a plain MLP generator
        using var model = ml.Gan().Trainers.Gan(options).Fit(TestData.Ring(ml, 64));

        // Format 1: the unsectioned layout (see LegacyGeneratorFormat) with the shorter history entries of version 1.
        using var v1 = new MemoryStream();
        using (var writer = new BinaryWriter(v1, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            var scaler = (MLGan.Data.FeatureScaler)model.Model.Codec;
            writer.Write(1);
            writer.Write("Features");
            writer.Write("Features");
            writer.Write(false);
            writer.Write(model.Seed);
            ((MLGan.Networks.MlpSpec)model.Model.Generator.Spec).Write(writer);
            MLGan.Persistence.BinaryFormat.WriteFloats(writer, scaler.Mean);
            MLGan.Persistence.BinaryFormat.WriteFloats(writer, scaler.Scale);
            MLGan.Persistence.StateDictFormat.Write(writer, model.Model.Generator);
            writer.Write(1);
            writer.Write(2.5); writer.Write(20); writer.Write(20); writer.Write(1.25); writer.Write(0.75); writer.Write(1000.0); writer.Write(3.0);
        }
        v1.Position = 0;
        var read = MLGan.Persistence.GeneratorModelFormat.Read(new BinaryReader(v1));
        using var loaded = new GanTransformer(read);
        var entry = loaded.TrainingHistory.Single();
        Assert.AreEqual(20, entry.Step);
        Assert.AreEqual(0.75, entry.GeneratorLoss);
        Assert.IsNull(entry.Diversity);
        EstimatorChecks.AssertSameValues(ml.Gan().Generate(model, 50), ml.Gan().Generate(loaded, 50));
    }

    private static void RewriteGeneratorStream(string path, Func<byte[], byte[]> change)
    {
        using var zip = ZipFile.Open(path, ZipArchiveMode.Update);
        var entry = zip.Entries.Single(e => e.FullName.EndsWith("Generator.bin", StringComparison.Ordinal));
        byte[] bytes;
        using (var stream = entry.Open())
        using (var copy = new MemoryStream())
        {
            stream.CopyTo(copy);
            bytes = copy.ToArray();
        }
        string name = entry.FullName;
        entry.Delete();
        using var replaced = zip.CreateEntry(name).Open();
        replaced.Write(change(bytes));
    }
}
