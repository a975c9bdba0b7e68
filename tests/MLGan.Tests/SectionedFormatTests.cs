using Microsoft.ML;
using MLGan.Persistence;

namespace MLGan.Tests;

/// <summary>The sectioned model format 4: options saved, sections versioned on their own, unknown sections skipped.</summary>
[TestClass]
public sealed class SectionedFormatTests
{
    private static (MLContext Ml, GanTransformer Model, GanOptions Options) Trained()
    {
        var ml = new MLContext(1);
        var options = TestData.Tiny();
        options.Remedies.R1.Weight = 0.5;
        options.Remedies.R1.Interval = 4;
        options.Remedies.Packing.Degree = 2;
        options.Monitor = new CollapseMonitorOptions { Interval = 10, Policy = CollapsePolicy.RollBack, SampleSize = 100, ReferenceSize = 100 };
        return (ml, ml.Gan().Trainers.Gan(options).Fit(TestData.Ring(ml, 128)), options);
    }

    private static byte[] Bytes(GanTransformer model)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true))
            GeneratorModelFormat.Write(writer, model.Model);
        return buffer.ToArray();
    }

    /// <summary>Rewrites a format-4 stream section by section through <paramref name="change"/>.</summary>
    private static byte[] Rewrite(byte[] bytes, Func<List<(string Name, int Version, byte[] Payload)>, List<(string Name, int Version, byte[] Payload)>> change)
    {
        using var reader = new BinaryReader(new MemoryStream(bytes));
        Assert.AreEqual(GeneratorModelFormat.CurrentVersion, reader.ReadInt32());
        var sections = change(Sections.Read(reader).Values.Select(s => (s.Name, s.Version, s.Payload)).ToList());
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer))
        {
            writer.Write(GeneratorModelFormat.CurrentVersion);
            Sections.Write(writer, sections.Select(s => (s.Name, s.Version, (Action<BinaryWriter>)(w => w.Write(s.Payload)))).ToList());
        }
        return buffer.ToArray();
    }

    private static GanTransformer Read(byte[] bytes) => new(GeneratorModelFormat.Read(new BinaryReader(new MemoryStream(bytes))));

    [TestMethod]
    public void TheTrainingOptions_AreSavedAndLoaded()
    {
        var (ml, model, options) = Trained();
        using (model)
        {
            var path = Path.Combine(Path.GetTempPath(), $"mlgan-{Guid.NewGuid():N}.zip");
            try
            {
                ml.Model.Save(model, TestData.Ring(ml, 8).Schema, path);
                using var loaded = (GanTransformer)ml.Gan().LoadModel(path, out _);
                var saved = loaded.TrainingOptions;
                Assert.IsNotNull(saved);
                var differences = OptionTree.Differences(options, saved).ToList();
                Assert.IsEmpty(differences, string.Join("\n", differences));
                Assert.AreSame(CollapsePolicy.RollBack, saved.Monitor!.Policy);
                EstimatorChecks.AssertSameValues(ml.Gan().Generate(model, 40), ml.Gan().Generate(loaded, 40));
            }
            finally
            {
                File.Delete(path);
            }
        }
    }

    [TestMethod]
    public void UnknownSections_AreSkipped()
    {
        var (ml, model, _) = Trained();
        using (model)
        {
            var bytes = Rewrite(Bytes(model), sections => sections.Append(("from-the-future", 7, new byte[] { 1, 2, 3 })).ToList());
            using var loaded = Read(bytes);
            EstimatorChecks.AssertSameValues(ml.Gan().Generate(model, 40), ml.Gan().Generate(loaded, 40));
        }
    }

    [TestMethod]
    [DataRow("codec", 5)]
    [DataRow("modules", 1)]
    [DataRow("history", 1)]
    public void ANewerSectionVersion_SaysWhichSectionAndVersions(string section, int current)
    {
        var (_, model, _) = Trained();
        using (model)
        {
            var bytes = Rewrite(Bytes(model), sections => sections.Select(s => s.Name == section ? (s.Name, 9, s.Payload) : s).ToList());
            var ex = Assert.ThrowsExactly<InvalidDataException>(() => Read(bytes));
            StringAssert.Contains(ex.Message, $"its '{section}' section has version 9, and this MLGan reads versions 1 to {current}");
        }
    }

    [TestMethod]
    [DataRow("manifest")]
    [DataRow("codec")]
    [DataRow("modules")]
    [DataRow("history")]
    public void AMissingSection_IsNamed(string section)
    {
        var (_, model, _) = Trained();
        using (model)
        {
            var bytes = Rewrite(Bytes(model), sections => sections.Where(s => s.Name != section).ToList());
            var ex = Assert.ThrowsExactly<InvalidDataException>(() => Read(bytes));
            StringAssert.Contains(ex.Message, $"it has no '{section}' section");
        }
    }

    [TestMethod]
    public void ASectionLongerThanTheFile_IsRefusedBeforeReading()
    {
        var (_, model, _) = Trained();
        using (model)
        {
            var bytes = Bytes(model);
            // The first section's length field follows: int32 format, int32 count, string "manifest" (1 + 8 bytes), int32 version.
            int lengthOffset = 4 + 4 + 9 + 4;
            BitConverter.GetBytes(long.MaxValue / 2).CopyTo(bytes, lengthOffset);
            var ex = Assert.ThrowsExactly<InvalidDataException>(() => Read(bytes));
            StringAssert.Contains(ex.Message, "section 'manifest' claims");
        }
    }
}
