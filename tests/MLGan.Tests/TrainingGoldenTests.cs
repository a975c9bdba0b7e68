using System.Globalization;
using Microsoft.ML;
using MLGan.Benchmarks;

namespace MLGan.Tests;

/// <summary>
/// Training itself is pinned: each configuration below, trained for a few steps with a fixed seed, must generate
/// exactly the rows recorded in tests/MLGan.Tests/Golden/training-*.rows.txt. A refactoring of the training engine that
/// changes a random stream, the order of operations or a loss term shows up here as changed bits.
/// </summary>
/// <remarks>
/// To record again (only when a change of results is intended and explained): set MLGAN_RECORD_GOLDEN to the
/// Golden folder of the source tree and run this class; the test then writes the files of this machine's kernel set
/// (<see cref="GoldenFiles"/>) instead of comparing.
/// </remarks>
[TestClass]
[DoNotParallelize] // pins libtorch's process-wide thread count, which other Fits running alongside would change
public sealed class TrainingGoldenTests
{
    /// <summary>Configurations (see <see cref="Configurations"/>) that together run every objective, penalty and remedy.</summary>
    public static IEnumerable<object[]> Cases => new[]
    {
        new object[] { "defaults", Configurations.Best },
        new object[] { "defaults-whole-column", Configurations.Best + "+nomodes" },
        new object[] { "plain-gan", "gan" },
        new object[] { "ns-pack-unroll-fm", "gan+pac2+unroll5+fm+smooth+noise+decay" },
        new object[] { "wgangp-ln-drop-mbd", "wgangp+ln+drop+mbd" },
        new object[] { "ls-sn-r1-dragan-bn", "ls+sn+r1+dragan+bn" },
        new object[] { "minimax-paper", "minimax+paper" },
        new object[] { "wgan-clip", "wgan" },
    };

    [TestMethod]
    [DynamicData(nameof(Cases))]
    public void Training_GeneratesTheRecordedRows(string name, string configuration)
    {
        var ml = new MLContext(1);
        var options = Configurations.Create(configuration);
        options.Schedule.MaxSteps = 60;
        options.Run.ReportInterval = 20;
        options.Schedule.BatchSize = 64; // small batches keep the double-backward cases fast
        options.Run.Seed = 11;
        // Recorded with 2 libtorch threads (the default then, on 2 cores); some sums split by thread, so results for a seed depend on it.
        options.Run.NumberOfThreads = 2;
        var data = TestData.Ring(ml, 512, seed: 3);
        using var model = ml.Gan().Trainers.Gan(options).Fit(data);
        var rows = TestData.ReadVectors(ml.Gan().Generate(model, 32, seed: 5));
        var lines = rows.Select(row => string.Join(' ', row.Select(v => BitConverter.SingleToInt32Bits(v).ToString("x8", CultureInfo.InvariantCulture)))).ToArray();

        string file = $"training-{name}.rows.txt";
        if (GoldenFiles.Record(file, lines))
            return;
        var expected = File.ReadAllLines(GoldenFiles.Rows(file));
        CollectionAssert.AreEqual(expected, lines, $"{configuration}: the trained generator's rows changed");
    }
}
