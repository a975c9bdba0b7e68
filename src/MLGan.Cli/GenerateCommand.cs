using System.CommandLine;
using System.Globalization;
using System.Text;
using Microsoft.ML;
using Microsoft.ML.Data;
using Spectre.Console;

namespace MLGan.Cli;

/// <summary><c>mlgan generate gan.zip --count N --out synth.csv</c>: synthetic rows with the training table's column names.</summary>
internal static class GenerateCommand
{
    /// <summary>Most rows one call writes.</summary>
    public const int MaxCount = 10_000_000;

    public static Command Create(IAnsiConsole console, TextWriter standardOutput)
    {
        var model = new Argument<FileInfo>("model") { Description = "model zip written by 'mlgan train' (or any MLGan model)" };
        var count = new Option<int>("--count", "-n") { Description = "rows to generate (per label for a conditional model)", DefaultValueFactory = _ => 1_000 };
        var output = new Option<FileInfo?>("--out", "-o") { Description = "CSV/TSV file to write (default: standard output)" };
        var seed = new Option<int>("--seed") { Description = "request seed: different seeds give independent rows", DefaultValueFactory = _ => 0 };
        var labels = new Option<string[]>("--label") { Description = "generate for these labels only (conditional models; repeat the option)", AllowMultipleArgumentsPerToken = true };
        var separator = Separator.Option();
        var command = new Command("generate", "Generate synthetic rows from a saved model as CSV/TSV") { model, count, output, seed, labels, separator };
        command.SetAction(result =>
        {
            var file = result.GetValue(output);
            char sep = Separator.Parse(result.GetValue(separator)) ?? (file is null ? ',' : CsvTable.DefaultSeparator(file.Name));
            return Run(console, standardOutput, result.GetRequiredValue(model), result.GetValue(count), file, result.GetValue(seed), result.GetValue(labels) ?? Array.Empty<string>(), sep);
        });
        return command;
    }

    private static int Run(IAnsiConsole console, TextWriter standardOutput, FileInfo modelFile, int count, FileInfo? output, int seed, string[] labels, char separator)
    {
        if (count < 1 || count > MaxCount)
            throw new UsageException($"--count {count} must be between 1 and {MaxCount:N0}");
        if (output?.Directory is { Exists: false } folder)
            throw new UsageException($"folder '{folder.FullName}' for --out does not exist");
        var ml = new MLContext(seed: 1);
        var saved = ModelFile.Load(ml, modelFile);
        var gan = saved.Gan;
        if (labels.Length > 0 && gan.Labels is null)
            throw new UsageException($"'{modelFile.Name}' is not conditional; generate without --label");
        if (labels.FirstOrDefault(l => !gan.Labels!.Contains(l)) is { } unknown)
            throw new UsageException($"--label '{unknown}' is not a label of '{modelFile.Name}'; its labels: {string.Join(", ", gan.Labels!.Take(50))}{(gan.Labels!.Count > 50 ? ", ..." : "")}");
        IDataView rows = gan.Labels is null ? ml.Gan().Generate(saved.Model, count, seed)
            : labels.Length == 0 ? ml.Gan().GenerateForLabels(saved.Model, count, seed)
            : ml.Gan().GenerateForLabels(saved.Model, labels.SelectMany(l => Enumerable.Repeat(l, count)), seed);

        using var writer = output is null ? null : new StreamWriter(output.FullName, append: false, new UTF8Encoding(false));
        var target = writer ?? standardOutput;
        Write(target, rows, saved, separator);
        target.Flush();
        if (output is not null)
            console.MarkupLineInterpolated($"Wrote {count * Math.Max(1, labels.Length == 0 ? gan.Labels?.Count ?? 1 : labels.Length):N0} rows to {output.FullName}.");
        return 0;
    }

    private static void Write(TextWriter target, IDataView rows, ModelFile saved, char separator)
    {
        string? labelColumn = saved.Gan.LabelColumnName;
        var header = (labelColumn is null ? saved.FeatureNames : saved.FeatureNames.Append(labelColumn)).Select(n => Quote(n, separator));
        target.WriteLine(string.Join(separator, header));
        var values = rows.GetColumn<float[]>(saved.Gan.OutputColumnName);
        var labels = labelColumn is null ? null : Labels(rows, labelColumn);
        using var label = labels?.GetEnumerator();
        foreach (var row in values)
        {
            var line = string.Join(separator, row.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
            if (label is not null && label.MoveNext())
                line += separator + Quote(label.Current, separator);
            target.WriteLine(line);
        }
    }

    /// <summary>The label column as text, whatever its type (text, key values, numbers, booleans).</summary>
    private static IEnumerable<string> Labels(IDataView rows, string column)
    {
        var type = rows.Schema[column].Type;
        if (type is KeyDataViewType)
            return Labels(new MLContext().Transforms.Conversion.MapKeyToValue(column).Fit(rows).Transform(rows), column);
        var c = CultureInfo.InvariantCulture;
        return type.RawType switch
        {
            var t when t == typeof(ReadOnlyMemory<char>) => rows.GetColumn<ReadOnlyMemory<char>>(column).Select(v => v.ToString()),
            var t when t == typeof(float) => rows.GetColumn<float>(column).Select(v => v.ToString("R", c)),
            var t when t == typeof(double) => rows.GetColumn<double>(column).Select(v => v.ToString("R", c)),
            var t when t == typeof(int) => rows.GetColumn<int>(column).Select(v => v.ToString(c)),
            var t when t == typeof(long) => rows.GetColumn<long>(column).Select(v => v.ToString(c)),
            var t when t == typeof(bool) => rows.GetColumn<bool>(column).Select(v => v ? "True" : "False"),
            _ => throw new UsageException($"the model's label column '{column}' is {type}, which this tool cannot write as text"),
        };
    }

    private static string Quote(string value, char separator) =>
        value.Contains(separator) || value.Contains('"') ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
}
