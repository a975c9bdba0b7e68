using System.CommandLine;
using Microsoft.ML;
using MLGan.Plotting;
using Spectre.Console;

namespace MLGan.Cli;

/// <summary><c>mlgan evaluate real.csv synth.csv</c>: MLGan's diversity report and collapse verdict for a synthetic table.</summary>
internal static class EvaluateCommand
{
    /// <summary>Exit code of <c>--fail-on-collapse</c> when the verdict is collapsed.</summary>
    public const int CollapsedExitCode = 3;

    public static Command Create(IAnsiConsole console)
    {
        var real = new Argument<FileInfo>("real") { Description = "the real table (CSV/TSV with a header row)" };
        var synthetic = new Argument<FileInfo>("synthetic") { Description = "the synthetic table, with the same column names" };
        var columns = new Option<string?>("--columns") { Description = "comma-separated numeric columns to compare (default: the real table's numeric columns)" };
        var modes = new Option<int?>("--modes") { Description = "number of modes of the real data (default: found by k-means with silhouettes)" };
        var seed = new Option<int>("--seed") { Description = "seed of the mode search and subsampling", DefaultValueFactory = _ => 1 };
        var plot = new Option<FileInfo?>("--plot") { Description = "also write real vs synthetic as a PNG (coloured by nearest mode)" };
        var failOnCollapse = new Option<bool>("--fail-on-collapse") { Description = $"exit with code {CollapsedExitCode} when the verdict is collapsed (for scripts)" };
        var separator = Separator.Option();
        var command = new Command("evaluate", "Score a synthetic table against the real one for mode collapse (diversity report and verdict)")
        {
            real, synthetic, columns, modes, seed, plot, failOnCollapse, separator,
        };
        command.SetAction(result => Run(console, result.GetRequiredValue(real), result.GetRequiredValue(synthetic), result.GetValue(columns), result.GetValue(modes),
            result.GetValue(seed), result.GetValue(plot), result.GetValue(failOnCollapse), Separator.Parse(result.GetValue(separator))));
        return command;
    }

    private static int Run(IAnsiConsole console, FileInfo realFile, FileInfo syntheticFile, string? columns, int? modes, int seed, FileInfo? plot, bool failOnCollapse, char? separator)
    {
        if (modes is < 1 or > 10_000)
            throw new UsageException($"--modes {modes} must be between 1 and 10,000");
        if (plot?.Directory is { Exists: false } folder)
            throw new UsageException($"folder '{folder.FullName}' for --plot does not exist");
        var realTable = CsvTable.Read(realFile.FullName, separator);
        if (modes > realTable.RowCount)
            throw new UsageException($"--modes {modes} is more than the real table's {realTable.RowCount:N0} rows");
        var syntheticTable = CsvTable.Read(syntheticFile.FullName, separator);
        var features = TableFeatures.Choose(realTable, columns, label: null);
        foreach (var column in features.Columns)
        {
            syntheticTable.Index(column);
            if (!syntheticTable.IsNumeric(column))
                throw new UsageException($"column '{column}' of '{syntheticTable.Path}' holds text ({syntheticTable.TextEvidence(column)}) where the real table has numbers");
        }

        var ml = new MLContext(seed: seed);
        var concatenate = features.Concatenate(ml);
        var realRows = features.Load(ml, realTable);
        var syntheticRows = features.Load(ml, syntheticTable);
        var realVectors = concatenate.Fit(realRows).Transform(realRows);
        var syntheticVectors = concatenate.Fit(syntheticRows).Transform(syntheticRows);
        using var scorer = ml.Gan().Transforms.ScoreDiversity(new DiversityScoringOptions
        {
            FeatureColumnName = features.VectorName,
            NumberOfModes = modes,
            Seed = seed,
        }).Fit(realVectors);
        var metrics = ml.Gan().Evaluate(scorer, syntheticVectors);

        console.MarkupLineInterpolated($"{syntheticTable.RowCount:N0} synthetic rows against {realTable.RowCount:N0} real rows, {features.Columns.Count} columns ({string.Join(", ", features.Columns)}):");
        console.Write(Report(metrics));
        if (plot is not null)
        {
            ml.GanPlots().Comparison(realVectors, syntheticVectors, plot.FullName, new ComparisonPlotOptions
            {
                RealColumnName = features.VectorName,
                ModeCenters = scorer.ModeCenters,
                Title = "Real vs synthetic",
            });
            console.MarkupLineInterpolated($"Wrote {plot.FullName}.");
        }
        return failOnCollapse && metrics.IsCollapsed ? CollapsedExitCode : 0;
    }

    /// <summary>The metrics as a table, then the verdict and its reasons.</summary>
    internal static Rows Report(DiversityMetrics metrics)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumns("metric", "value");
        foreach (var (metric, value) in metrics.ToRows())
            table.AddRow(Markup.Escape(metric), Markup.Escape(value));
        var lines = new List<Spectre.Console.Rendering.IRenderable> { table };
        lines.Add(new Markup(metrics.IsCollapsed ? "[bold red]verdict: COLLAPSED[/]" : "[bold green]verdict: healthy[/]"));
        lines.AddRange(metrics.Reasons.Select(r => new Markup($"  collapse: {Markup.Escape(r)}")));
        lines.AddRange(metrics.Notes.Select(n => new Markup($"  note: {Markup.Escape(n)}")));
        return new Rows(lines);
    }
}
