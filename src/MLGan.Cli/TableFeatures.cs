using Microsoft.ML;
using Microsoft.ML.Transforms;

namespace MLGan.Cli;

/// <summary>Which columns of a table a GAN learns (numeric features, one optional label), and the vector they form.</summary>
internal sealed record TableFeatures(IReadOnlyList<string> Columns, string? Label, string VectorName)
{
    /// <summary>
    /// The feature columns: those named by <paramref name="columns"/> (comma-separated), else every numeric column but
    /// the label. Each must be numeric; the label may be text or numbers (its values are classes).
    /// </summary>
    public static TableFeatures Choose(CsvTable table, string? columns, string? label)
    {
        if (label is not null)
            table.Index(label);
        var chosen = string.IsNullOrWhiteSpace(columns)
            ? table.NumericColumns.Where(c => c != label).ToList()
            : columns.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList();
        if (chosen.Count == 0)
            throw new UsageException($"'{table.Path}' has no numeric column to learn{(label is null ? "" : $" besides the label '{label}'")}; mlgan trains on numeric columns");
        foreach (var column in chosen)
        {
            table.Index(column);
            if (column == label)
                throw new UsageException($"column '{column}' is the label; leave it out of --columns");
            if (!table.IsNumeric(column))
                throw new UsageException($"column '{column}' of '{table.Path}' holds text ({table.TextEvidence(column)}); mlgan learns numeric columns (and one --label column of classes)");
        }
        var duplicate = chosen.GroupBy(c => c).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new UsageException($"--columns names '{duplicate.Key}' twice");
        string vector = table.Names.Contains("Features") ? "Features_mlgan" : "Features";
        return new TableFeatures(chosen, label, vector);
    }

    /// <summary>The table's rows as loaded for this choice (feature columns as Single, the label as text).</summary>
    public IDataView Load(MLContext mlContext, CsvTable table) => table.Load(mlContext, Columns, Label is null ? Array.Empty<string>() : new[] { Label });

    /// <summary>Concatenates the feature columns into one vector (the GAN's feature column), in the chosen order.</summary>
    public ColumnConcatenatingEstimator Concatenate(MLContext mlContext) => mlContext.Transforms.Concatenate(VectorName, Columns.ToArray());
}
