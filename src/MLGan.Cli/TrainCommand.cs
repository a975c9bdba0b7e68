using System.CommandLine;
using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLGan.Plotting;
using Spectre.Console;

namespace MLGan.Cli;

/// <summary><c>mlgan train data.csv --out gan.zip</c>: a GAN on a table's numeric columns, saved as an ML.NET model zip.</summary>
internal static class TrainCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var data = new Argument<FileInfo>("data") { Description = "CSV or TSV file with a header row (numeric columns are learned)" };
        var columns = new Option<string?>("--columns") { Description = "comma-separated columns to learn (default: every numeric column but the label)" };
        var label = new Option<string?>("--label") { Description = "a column of classes: trains a conditional GAN that generates rows for chosen labels" };
        var output = new Option<FileInfo>("--out", "-o") { Description = "model file to write", DefaultValueFactory = _ => new FileInfo("gan.zip") };
        var epochs = new Option<int?>("--epochs") { Description = "passes over the data (default 50)" };
        var steps = new Option<int?>("--steps") { Description = "cap on training steps" };
        var batch = new Option<int?>("--batch-size") { Description = "rows per batch (default 256)" };
        var seed = new Option<int>("--seed") { Description = "seed of training (same seed, same model)", DefaultValueFactory = _ => 1 };
        var threads = new Option<int?>("--threads") { Description = "libtorch threads (default: from the work per step)" };
        var slotTransform = new Option<SlotTransform>("--slot-transform")
        {
            Description = "per-column transform before standardization: Auto (quantile for positive heavy-tailed columns), None, Log, Quantile",
            DefaultValueFactory = _ => SlotTransform.Auto,
        };
        var whitening = new Option<FeatureWhitening>("--whitening")
        {
            Description = "PCA whitening of all standardized columns where rows are not modelled by mode: Auto (when rows lie near a lower-dimensional structure), None (also no one-mode whitening), Always (mode normalization off)",
            DefaultValueFactory = _ => FeatureWhitening.Auto,
        };
        var modeNormalization = new Option<ModeNormalization>("--mode-normalization")
        {
            Description = "model rows mode by mode, each mode whitened on its own with its moments matched: Auto (clearly separated clusters, else one mode), None, Always",
            DefaultValueFactory = _ => ModeNormalization.Auto,
        };
        var plots = new Option<DirectoryInfo?>("--plots") { Description = "folder for PNG plots: losses, the collapse monitor, real vs generated" };
        var tensorBoard = new Option<DirectoryInfo?>("--tensorboard") { Description = "folder for TensorBoard event files (losses, the monitor's metrics)" };
        var separator = Separator.Option();

        var command = new Command("train", "Train a GAN on a CSV/TSV table and save it as an ML.NET model zip")
        {
            data, columns, label, output, epochs, steps, batch, seed, threads, slotTransform, whitening, modeNormalization, plots, tensorBoard, separator,
        };
        command.SetAction(result =>
        {
            int? maxSteps = Positive(result.GetValue(steps), "--steps"), epochCount = Positive(result.GetValue(epochs), "--epochs");
            var options = new GanOptions
            {
                SlotTransform = result.GetValue(slotTransform),
                Whitening = result.GetValue(whitening),
                ModeNormalization = result.GetValue(modeNormalization),
                // --steps alone is the length of the run: enough epochs that it, not the default 50 epochs, ends training.
                Schedule = { Epochs = epochCount ?? (maxSteps is { } n ? Math.Max(50, n) : 50), MaxSteps = maxSteps, BatchSize = Positive(result.GetValue(batch), "--batch-size") ?? 256 },
                Run = { Seed = result.GetValue(seed), NumberOfThreads = Positive(result.GetValue(threads), "--threads"), TensorBoardLogDirectory = result.GetValue(tensorBoard)?.FullName },
            };
            return Run(console, result.GetRequiredValue(data), result.GetValue(columns), result.GetValue(label), result.GetRequiredValue(output),
                options, result.GetValue(plots), Separator.Parse(result.GetValue(separator)));
        });
        return command;
    }

    private static int Run(IAnsiConsole console, FileInfo dataFile, string? columns, string? label, FileInfo output, GanOptions options, DirectoryInfo? plots, char? separator)
    {
        var table = CsvTable.Read(dataFile.FullName, separator);
        var features = TableFeatures.Choose(table, columns, label);
        options.FeatureColumnName = features.VectorName;
        options.LabelColumnName = features.Label;
        if (output.Directory is { Exists: false } folder)
            throw new UsageException($"folder '{folder.FullName}' for --out does not exist");

        var ml = new MLContext(seed: options.Run.Seed);
        // MLGan's warnings (e.g. a schedule that ends early) reach the user; its other log lines do not.
        ml.Log += (_, e) =>
        {
            if (e.Kind == Microsoft.ML.Runtime.ChannelMessageKind.Warning)
                console.MarkupLineInterpolated($"[yellow]warning[/]: {MLGanCli.InCliTerms(e.RawMessage)}");
        };
        var data = features.Load(ml, table);
        if (label is not null)
            CheckClasses(data, label, table.RowCount);
        var ignored = table.Names.Except(features.Columns).Where(c => c != features.Label).ToList();
        if (ignored.Count > 0)
            console.MarkupLineInterpolated($"Not learned: {string.Join("; ", ignored.Select(c => table.IsNumeric(c) ? $"{c} (not chosen)" : $"{c} (text: {table.TextEvidence(c)})"))}. --label takes one column of classes, --columns chooses.");
        console.MarkupLineInterpolated($"Training on [bold]{table.RowCount:N0}[/] rows of [bold]{features.Columns.Count}[/] columns ({string.Join(", ", features.Columns)}){(label is null ? "" : $", conditional on '{label}'")}.");

        var clock = Stopwatch.StartNew();
        var model = ProgressView.Run(console, progress =>
            features.Concatenate(ml).Append(ml.Gan().Trainers.Gan(options, progress)).Fit(data));
        using var gan = model.LastTransformer;
        ml.Model.Save(model, data.Schema, output.FullName);

        var last = gan.TrainingHistory.LastOrDefault();
        var summary = new Table().AddColumns("", "").HideHeaders().Border(TableBorder.Rounded);
        summary.AddRow("steps", $"{last?.Step ?? 0:N0} in {last?.ElapsedSeconds ?? clock.Elapsed.TotalSeconds:0.0} s of training");
        summary.AddRow("losses (last report)", last is null ? "-" : $"discriminator {last.DiscriminatorLoss:0.###}, generator {last.GeneratorLoss:0.###}");
        summary.AddRow("collapse monitor", Verdict(gan.LastDiversityCheck));
        summary.AddRow("model", $"{output.FullName} ({new FileInfo(output.FullName).Length / 1024.0:0} KiB)");
        console.Write(summary);

        if (plots is not null)
            WritePlots(ml, gan, data, features, plots, console);
        return 0;
    }

    /// <summary>A label column must hold classes: many distinct values (a measurement, an id) is almost surely a mistake.</summary>
    private static void CheckClasses(IDataView data, string label, int rows)
    {
        int classes = data.GetColumn<ReadOnlyMemory<char>>(label).Select(v => v.ToString()).Distinct().Count();
        if (classes > 100 && classes > rows / 2)
            throw new UsageException($"--label '{label}' has {classes:N0} distinct values in {rows:N0} rows; a label is a column of classes (a category), not a measurement or an id");
    }

    private static int? Positive(int? value, string option) =>
        value is <= 0 ? throw new UsageException($"{option} {value} must be a positive whole number") : value;

    private static string Verdict(DiversityMetrics? check) => check is null
        ? "no check (too few steps)"
        : check.IsCollapsed ? $"COLLAPSED at the last check: {string.Join("; ", check.Reasons)}" : $"healthy at the last check ({check.ModesCaptured}/{check.TotalModes} modes, recall {check.Recall:0.00})";

    private static void WritePlots(MLContext ml, GanTransformer gan, IDataView data, TableFeatures features, DirectoryInfo folder, IAnsiConsole console)
    {
        folder.Create();
        gan.TrainingHistory.PlotLosses(Path.Combine(folder.FullName, "losses.png"));
        if (gan.TrainingHistory.Any(h => h.Diversity is not null))
            gan.TrainingHistory.PlotDiversity(Path.Combine(folder.FullName, "monitor.png"));
        var vectors = features.Concatenate(ml).Fit(data).Transform(data);
        var generated = gan.Labels is null ? ml.Gan().Generate(gan, 2_500, seed: 1) : ml.Gan().GenerateForLabels(gan, Math.Max(1, 2_500 / gan.Labels.Count), seed: 1);
        ml.GanPlots().Comparison(vectors, generated, Path.Combine(folder.FullName, "real-vs-generated.png"),
            new ComparisonPlotOptions { RealColumnName = features.VectorName, GeneratedColumnName = gan.OutputColumnName, MaxPointsPerSet = 2_500 });
        console.MarkupLineInterpolated($"Wrote plots to {folder.FullName}.");
    }
}
