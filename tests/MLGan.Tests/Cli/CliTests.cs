using System.Globalization;
using System.Reflection;
using MLGan.Cli;

namespace MLGan.Tests.Cli;

/// <summary>
/// The mlgan commands end to end on CSV files written here (three blobs in x, y, z, a text column of classes and a
/// quoted free-text column): train, generate, evaluate, info, and one clear error line for each kind of bad input.
/// </summary>
[TestClass]
public sealed class CliTests
{
    private static readonly float[][] Blobs = { new[] { -3f, 0f, 1f }, new[] { 3f, 0f, -1f }, new[] { 0f, 4f, 0.5f } };
    private static string _folder = "";
    private static string Data => Path.Combine(_folder, "blobs.csv");
    private static string Model => Path.Combine(_folder, "gan.zip");

    public sealed record Run(int ExitCode, string Output, string Error)
    {
        public override string ToString() => $"exit code {ExitCode}\n--- out ---\n{Output}\n--- error ---\n{Error}";
    }

    private static Run Mlgan(params string[] args)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        int code = MLGanCli.Run(args, output, error, interactive: false);
        return new Run(code, output.ToString(), error.ToString());
    }

    /// <summary>Rows of the three blobs (std 0.1), in turn, with their class and a quoted note.</summary>
    private static void WriteBlobs(string path, int rows, int seed, int? onlyBlob = null)
    {
        var random = new Random(seed);
        double Noise() => 0.1 * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        var lines = new List<string> { "x,y,z,kind,note" };
        for (int i = 0; i < rows; i++)
        {
            int blob = onlyBlob ?? i % 3;
            var values = Blobs[blob].Select(v => (v + Noise()).ToString("0.####", CultureInfo.InvariantCulture));
            lines.Add($"{string.Join(',', values)},{"abc"[blob]},\"row {i}, blob {blob}\"");
        }
        File.WriteAllLines(path, lines);
    }

    [ClassInitialize]
    public static void TrainOnce(TestContext _)
    {
        _folder = Path.Combine(Path.GetTempPath(), $"mlgan-cli-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_folder);
        WriteBlobs(Data, 900, seed: 1);
        var run = Mlgan("train", Data, "--steps", "60", "--batch-size", "64", "--out", Model);
        Assert.AreEqual(0, run.ExitCode, run.ToString());
    }

    [ClassCleanup]
    public static void Cleanup() => Directory.Delete(_folder, recursive: true);

    private static string Temp(string name) => Path.Combine(_folder, $"{Guid.NewGuid():N}-{name}");

    [TestMethod]
    public void Train_LearnsTheNumericColumns_SaysWhatItLeftOut_AndSavesAModel()
    {
        var path = Temp("model.zip");
        var events = Temp("tensorboard");
        var run = Mlgan("train", Data, "--steps", "20", "--batch-size", "64", "--out", path, "--tensorboard", events);
        Assert.AreEqual(0, run.ExitCode, run.ToString());
        StringAssert.Contains(run.Output, "Not learned: kind (text: 'a' at line 2); note (text: 'row 0, blob 0' at line 2)");
        StringAssert.Contains(run.Output, "Training on 900 rows of 3 columns (x, y, z)");
        StringAssert.Contains(run.Output, "step 20/20");
        StringAssert.Contains(run.Output, path);
        Assert.IsTrue(File.Exists(path));
        Assert.AreEqual(1, Directory.GetFiles(events, "events.out.tfevents.*").Length, "TensorBoard events");
    }

    [TestMethod]
    public void SlotTransformWhiteningAndModeNormalization_AreChosenOnTheCommandLine_AndSavedWithTheModel()
    {
        var path = Temp("transformed.zip");
        var run = Mlgan("train", Data, "--steps", "20", "--batch-size", "64", "--slot-transform", "quantile", "--whitening", "always", "--mode-normalization", "none", "--out", path);
        Assert.AreEqual(0, run.ExitCode, run.ToString());
        var info = Mlgan("info", path);
        StringAssert.Contains(info.Output, "slot transform Quantile"); // the table may wrap between the two
        StringAssert.Contains(info.Output, "whitening Always");
        StringAssert.Contains(info.Output, "mode normalization None");
        var defaults = Mlgan("info", Model).Output;
        StringAssert.Contains(defaults, "slot transform Auto");
        StringAssert.Contains(defaults, "whitening Auto");
        StringAssert.Contains(defaults, "mode normalization Auto");
        var bad = Mlgan("train", Data, "--whitening", "sometimes", "--out", Temp("bad.zip"));
        Assert.AreNotEqual(0, bad.ExitCode);
        StringAssert.Contains(bad.Error, "sometimes");
        var badModes = Mlgan("train", Data, "--mode-normalization", "often", "--out", Temp("bad-modes.zip"));
        Assert.AreNotEqual(0, badModes.ExitCode);
        StringAssert.Contains(badModes.Error, "often");
    }

    [TestMethod]
    public void Steps_AloneSetTheRunsLength_BeyondTheDefaultEpochs()
    {
        // 900 rows in batches of 450: the default 50 epochs would end training at step 100.
        var run = Mlgan("train", Data, "--steps", "120", "--batch-size", "450", "--out", Temp("long.zip"));
        Assert.AreEqual(0, run.ExitCode, run.ToString());
        StringAssert.Contains(run.Output, "step 120/120");
    }

    [TestMethod]
    public void Generate_WritesRowsUnderTheTableColumnNames_TheSameForASeed()
    {
        var first = Mlgan("generate", Model, "--count", "50", "--seed", "4");
        Assert.AreEqual(0, first.ExitCode, first.ToString());
        var lines = first.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.AreEqual("x,y,z", lines[0]);
        Assert.AreEqual(51, lines.Length);
        Assert.IsTrue(lines.Skip(1).All(l => l.Split(',').Length == 3 && l.Split(',').All(v => float.TryParse(v, CultureInfo.InvariantCulture, out var f) && float.IsFinite(f))));
        Assert.AreEqual(first.Output, Mlgan("generate", Model, "--count", "50", "--seed", "4").Output, "a seed generates the same rows");
        Assert.AreNotEqual(first.Output, Mlgan("generate", Model, "--count", "50", "--seed", "5").Output);

        var tsv = Temp("synth.tsv");
        Assert.AreEqual(0, Mlgan("generate", Model, "-n", "7", "-o", tsv).ExitCode);
        var written = File.ReadAllLines(tsv);
        Assert.AreEqual("x\ty\tz", written[0], "a .tsv file gets tabs");
        Assert.AreEqual(8, written.Length);
    }

    [TestMethod]
    public void Conditional_GeneratesForEachLabel_OrTheChosenOnes()
    {
        var path = Temp("cgan.zip");
        Assert.AreEqual(0, Mlgan("train", Data, "--label", "kind", "--steps", "20", "--batch-size", "64", "-o", path).ExitCode);
        var all = Mlgan("generate", path, "-n", "2");
        var rows = all.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.AreEqual("x,y,z,kind", rows[0]);
        CollectionAssert.AreEqual(new[] { "a", "a", "b", "b", "c", "c" }, rows.Skip(1).Select(r => r.Split(',')[3]).ToArray());
        var chosen = Mlgan("generate", path, "-n", "3", "--label", "c");
        CollectionAssert.AreEqual(new[] { "c", "c", "c" }, chosen.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(r => r.Trim().Split(',')[3]).ToArray());

        var unknown = Mlgan("generate", path, "--label", "zebra");
        Assert.AreEqual(MLGanCli.InputErrorExitCode, unknown.ExitCode);
        StringAssert.Contains(unknown.Error, "--label 'zebra' is not a label of");
        StringAssert.Contains(unknown.Error, "its labels: a, b, c");
        StringAssert.Contains(Mlgan("info", path).Output, "kind: a, b, c");
    }

    [TestMethod]
    public void Evaluate_FlagsACollapsedTable_AndNotFreshRealRows()
    {
        var fresh = Temp("fresh.csv");
        WriteBlobs(fresh, 900, seed: 2);
        var healthy = Mlgan("evaluate", Data, fresh, "--fail-on-collapse");
        Assert.AreEqual(0, healthy.ExitCode, healthy.ToString());
        StringAssert.Contains(healthy.Output, "verdict: healthy");
        StringAssert.Contains(healthy.Output, "3 / 3 (0 missing beyond chance)");

        var collapsed = Temp("collapsed.csv");
        WriteBlobs(collapsed, 900, seed: 3, onlyBlob: 1);
        var plot = Temp("evaluate.png");
        var run = Mlgan("evaluate", Data, collapsed, "--fail-on-collapse", "--plot", plot);
        Assert.AreEqual(EvaluateCommand.CollapsedExitCode, run.ExitCode, run.ToString());
        StringAssert.Contains(run.Output, "verdict: COLLAPSED");
        StringAssert.Contains(run.Output, "2 of 3 modes have no high-quality sample");
        Assert.IsTrue(new FileInfo(plot).Length > 10_000);
        Assert.AreEqual(0, Mlgan("evaluate", Data, collapsed).ExitCode, "without --fail-on-collapse the verdict is reported, not an error");
    }

    [TestMethod]
    public void Info_DescribesColumnsNetworksOptionsAndHistory()
    {
        var run = Mlgan("info", Model);
        Assert.AreEqual(0, run.ExitCode, run.ToString());
        foreach (var expected in new[] { "x (Single), y (Single), z (Single)", "3: x, y, z", "none (unconditional)", "batch 64", "at most 60 steps", "60 steps in" })
            StringAssert.Contains(run.Output, expected);
    }

    [TestMethod]
    public void BadInput_GivesOneErrorLine_AndANonZeroExitCode()
    {
        var ragged = Temp("ragged.csv");
        File.WriteAllLines(ragged, new[] { "a,b,c", "1,2,3", "4,5" });
        var empty = Temp("empty.csv");
        File.WriteAllText(empty, "");
        var headerOnly = Temp("header.csv");
        File.WriteAllText(headerOnly, "a,b\n");
        var textInNumbers = Temp("text.csv");
        File.WriteAllLines(textInNumbers, new[] { "a,b", "1,2", "3,oops" });
        var notAModel = Temp("model.zip");
        File.WriteAllText(notAModel, "not a zip");
        var missingFolder = Path.Combine(_folder, "no-such-folder", "gan.zip");
        var headerless = Temp("headerless.csv");
        File.WriteAllLines(headerless, new[] { "1.5,2", "3,4" });
        var twoRows = Temp("two.csv");
        File.WriteAllLines(twoRows, new[] { "a,b", "1,2", "3,4" });

        var cases = new (string[] Args, int Code, string Message)[]
        {
            (new[] { "train", Path.Combine(_folder, "missing.csv") }, 1, "missing.csv' not found"),
            (new[] { "train", Data, "--columns", "x,nope" }, 1, "has no column 'nope'; its columns: x, y, z, kind, note"),
            (new[] { "train", Data, "--columns", "x,kind" }, 1, "column 'kind' of"),
            (new[] { "train", Data, "--label", "x", "--columns", "x,y" }, 1, "column 'x' is the label"),
            (new[] { "train", ragged }, 1, "line 3 has 2 values where the header names 3 columns"),
            (new[] { "train", empty }, 1, "is empty; it needs a header row"),
            (new[] { "train", headerOnly }, 1, "has a header but no rows"),
            (new[] { "train", textInNumbers, "--columns", "a,b" }, 1, "column 'b' of"),
            (new[] { "train", Data, "--steps", "-5" }, 1, "--steps -5 must be a positive whole number"),
            (new[] { "train", Data, "--batch-size", "0" }, 1, "--batch-size 0 must be a positive whole number"),
            (new[] { "train", twoRows }, 1, "Use --batch-size 2."),
            (new[] { "train", headerless }, 1, "holds numbers, not column names; add a header row (e.g. x1,x2)"),
            (new[] { "train", Data, "--label", "x" }, 1, "distinct values in 900 rows; a label is a column of classes"),
            (new[] { "evaluate", Data, Data, "--modes", "5000" }, 1, "--modes 5000 is more than the real table's 900 rows"),
            (new[] { "evaluate", Data, Data, "--plot", missingFolder }, 1, "for --plot does not exist"),
            (new[] { "train", Data, "--out", missingFolder }, 1, "does not exist"),
            (new[] { "train", Data, "--separator", "ab" }, 1, "--separator 'ab' is not one character"),
            (new[] { "generate", Model, "--count", "0" }, 1, "--count 0 must be between 1 and 10,000,000"),
            (new[] { "generate", Path.Combine(_folder, "none.zip") }, 1, "none.zip' not found"),
            (new[] { "generate", notAModel }, 1, "error: "),
            (new[] { "generate", Model, "--label", "a" }, 1, "is not conditional; generate without --label"),
            (new[] { "evaluate", Data, ragged }, 1, "line 3 has 2 values"),
            (new[] { "evaluate", Data, headerOnly }, 1, "has a header but no rows"),
            (new[] { "train", Data, "--bogus" }, 2, "--bogus"),
            (new[] { "train", Data, "--steps", "many" }, 2, "Cannot parse argument 'many' for option '--steps' as a whole number"),
            (new[] { "frobnicate" }, 2, "frobnicate"),
        };
        foreach (var (args, code, message) in cases)
        {
            var run = Mlgan(args);
            string what = string.Join(' ', args);
            Assert.AreEqual(code, run.ExitCode, $"mlgan {what}: {run}");
            StringAssert.StartsWith(run.Error, "error: ", $"mlgan {what}");
            StringAssert.Contains(run.Error, message, $"mlgan {what}");
            Assert.AreEqual(1, run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length, $"mlgan {what}: one line, got:\n{run.Error}");
        }
    }

    [TestMethod]
    public void Help_NamesTheToolAndItsCommands()
    {
        var help = Mlgan("--help");
        Assert.AreEqual(0, help.ExitCode, help.ToString());
        StringAssert.Contains(help.Output, "mlgan [command] [options]");
        foreach (var command in new[] { "train <data>", "generate <model>", "evaluate <real> <synthetic>", "info <model>" })
            StringAssert.Contains(help.Output, command);
        StringAssert.Contains(Mlgan("train", "--help").Output, "mlgan train <data> [options]");
    }

    [TestMethod]
    public void TheBuiltTool_RunsAsItsOwnProcess()
    {
        var cli = BuildPaths.Cli;
        var run = ChildProcess.Run("dotnet", new[] { "exec", cli, "info", Model }, timeoutSeconds: 120);
        Assert.AreEqual(0, run.ExitCode, run.ToString());
        StringAssert.Contains(run.Output, "3: x, y, z");
        var bad = ChildProcess.Run("dotnet", new[] { "exec", cli, "info" }, timeoutSeconds: 120);
        Assert.AreEqual(MLGanCli.UsageErrorExitCode, bad.ExitCode, bad.ToString());
    }
}
