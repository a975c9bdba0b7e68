using Google.Protobuf;
using Microsoft.ML;
using Tensorboard;

namespace MLGan.Tests;

/// <summary>TensorBoard event files written during training, read back record by record (TFRecord framing, Event protobufs).</summary>
[TestClass]
public sealed class TensorBoardTests
{
    /// <summary>Every event in the folder's event files: [length u64][crc u32][Event bytes][crc u32] per record.</summary>
    private static List<Event> ReadEvents(string folder)
    {
        var events = new List<Event>();
        foreach (var file in Directory.GetFiles(folder, "events.out.tfevents.*", SearchOption.AllDirectories))
        {
            using var reader = new BinaryReader(File.OpenRead(file));
            while (reader.BaseStream.Position < reader.BaseStream.Length)
            {
                ulong length = reader.ReadUInt64();
                reader.ReadUInt32();
                events.Add(Event.Parser.ParseFrom(reader.ReadBytes(checked((int)length))));
                reader.ReadUInt32();
            }
        }
        return events;
    }

    private static Dictionary<string, List<(long Step, float Value)>> Scalars(IEnumerable<Event> events) =>
        events.Where(e => e.Summary is not null).SelectMany(e => e.Summary.Value.Where(v => v.ValueCase == Summary.Types.Value.ValueOneofCase.SimpleValue)
                .Select(v => (v.Tag, e.Step, v.SimpleValue)))
            .GroupBy(x => x.Tag).ToDictionary(g => g.Key, g => g.Select(x => (x.Step, x.SimpleValue)).ToList());

    [TestMethod]
    public void VectorGan_WritesLossesAtEveryReport_AndTheMonitorsMetricsAtItsChecks()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"mlgan-tb-{Guid.NewGuid():N}");
        try
        {
            var ml = new MLContext(1);
            var options = TestData.Tiny(steps: 40);
            options.Run.TensorBoardLogDirectory = folder;
            options.Monitor = new CollapseMonitorOptions { Interval = 20, SampleSize = 200, ReferenceSize = 200 };
            using var gan = ml.Gan().Trainers.Gan(options).Fit(TestData.Ring(ml, 256));

            var scalars = Scalars(ReadEvents(folder));
            var history = gan.TrainingHistory;
            CollectionAssert.AreEqual(history.Select(h => (long)h.Step).ToArray(), scalars["loss/discriminator"].Select(s => s.Step).ToArray());
            CollectionAssert.AreEqual(history.Select(h => (float)h.GeneratorLoss).ToArray(), scalars["loss/generator"].Select(s => s.Value).ToArray());
            var checks = history.Where(h => h.Diversity is not null).ToList();
            Assert.IsTrue(checks.Count >= 2, "the monitor checked");
            CollectionAssert.AreEqual(checks.Select(h => (float)h.Diversity!.Recall).ToArray(), scalars["diversity/recall"].Select(s => s.Value).ToArray());
            CollectionAssert.AreEqual(checks.Select(h => h.Diversity!.IsCollapsed ? 1f : 0f).ToArray(), scalars["diversity/collapsed"].Select(s => s.Value).ToArray());
            Assert.IsTrue(scalars.ContainsKey("gradient_norm/generator") && scalars.ContainsKey("diversity/modes_captured_share"));
        }
        finally
        {
            if (Directory.Exists(folder))
                Directory.Delete(folder, recursive: true);
        }
    }

    [TestMethod]
    public void Logging_DoesNotChangeWhatTrainingDraws()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"mlgan-tb-{Guid.NewGuid():N}");
        try
        {
            var ml = new MLContext(1);
            var data = Images.ImageData.Digits(ml, 64);
            var plain = Images.ImageData.QuickDcgan(steps: 6);
            var logged = Images.ImageData.QuickDcgan(steps: 6);
            logged.Run.TensorBoardLogDirectory = folder;
            logged.Run.ReportInterval = 3;
            plain.Run.ReportInterval = 3;
            using var a = ml.Gan().Trainers.Gan(plain).Fit(data);
            using var b = ml.Gan().Trainers.Gan(logged).Fit(data);
            CollectionAssert.AreEqual(TestData.ReadVectors(ml.Gan().Generate(a, 4, seed: 2)).SelectMany(r => r).ToArray(),
                TestData.ReadVectors(ml.Gan().Generate(b, 4, seed: 2)).SelectMany(r => r).ToArray());

            // The image GAN's sample grid: a PNG of 4x4 digits (28x28) at every report.
            var images = ReadEvents(folder).Where(e => e.Summary is not null)
                .SelectMany(e => e.Summary.Value.Where(v => v.Tag == "samples").Select(v => (e.Step, v.Image))).ToList();
            CollectionAssert.AreEqual(new long[] { 3, 6 }, images.Select(i => i.Step).ToArray());
            foreach (var (_, image) in images)
            {
                using var bitmap = SkiaSharp.SKBitmap.Decode(image.EncodedImageString.ToByteArray());
                Assert.AreEqual((4 * 28, 4 * 28), (bitmap.Width, bitmap.Height));
            }
        }
        finally
        {
            if (Directory.Exists(folder))
                Directory.Delete(folder, recursive: true);
        }
    }

    [TestMethod]
    public void BlankFolder_IsRejected()
    {
        var options = TestData.Tiny();
        options.Run.TensorBoardLogDirectory = " ";
        var error = Assert.ThrowsExactly<ArgumentException>(() => new MLContext(1).Gan().Trainers.Gan(options));
        StringAssert.Contains(error.Message, "GanOptions.Run.TensorBoardLogDirectory must name a folder");
    }
}
