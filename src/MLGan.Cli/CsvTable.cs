using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLGan.Cli;

/// <summary>
/// A CSV or TSV file with a header row, read once to infer each column's type (ML.NET's TextLoader does not infer
/// types): a column is numeric when every value parses as a finite invariant-culture number, else text. The checks
/// name the line and column at fault, before anything trains.
/// </summary>
internal sealed class CsvTable
{
    /// <summary>Most rows a file may hold (the tool keeps them in memory for checking).</summary>
    public const int MaxRows = 10_000_000;

    /// <summary>Most columns a file may hold.</summary>
    public const int MaxColumns = 100_000;

    private CsvTable(string path, char separator, string[] names, bool[] numeric, string?[] firstText, int rowCount)
    {
        (Path, Separator, Names, _numeric, _firstText, RowCount) = (path, separator, names, numeric, firstText, rowCount);
    }

    private readonly bool[] _numeric;
    private readonly string?[] _firstText;

    public string Path { get; }
    public char Separator { get; }
    public IReadOnlyList<string> Names { get; }
    public int RowCount { get; }

    public bool IsNumeric(string column) => _numeric[Index(column)];

    public IEnumerable<string> NumericColumns => Names.Where((_, i) => _numeric[i]);

    /// <summary>The separator a file name implies: tab for .tsv/.tab, else comma.</summary>
    public static char DefaultSeparator(string path) =>
        System.IO.Path.GetExtension(path).ToLowerInvariant() is ".tsv" or ".tab" ? '\t' : ',';

    /// <summary>Reads and checks the whole file.</summary>
    /// <exception cref="UsageException">The file is missing, empty, ragged, or has duplicate or empty column names.</exception>
    public static CsvTable Read(string path, char? separator = null)
    {
        if (!File.Exists(path))
            throw new UsageException($"file '{path}' not found");
        char sep = separator ?? DefaultSeparator(path);
        using var reader = new StreamReader(path);
        string? header = reader.ReadLine();
        if (string.IsNullOrWhiteSpace(header))
            throw new UsageException($"'{path}' is empty; it needs a header row of column names, then one row per line");
        var names = Split(header, sep, path, 1).Select(n => n.Trim()).ToArray();
        if (names.Length > MaxColumns)
            throw new UsageException($"'{path}' has {names.Length} columns, above the {MaxColumns:N0} this tool reads");
        if (names.Any(string.IsNullOrEmpty))
            throw new UsageException($"'{path}': column {Array.FindIndex(names, string.IsNullOrEmpty) + 1} of the header row has no name");
        var duplicate = names.GroupBy(n => n).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new UsageException($"'{path}': the header names column '{duplicate.Key}' twice");
        if (names.All(IsNumber))
            throw new UsageException($"the first line of '{path}' holds numbers, not column names; add a header row (e.g. {string.Join(sep, names.Select((_, i) => $"x{i + 1}"))})");
        if (names.Length == 1 && sep == ',' && header.Contains('\t'))
            throw new UsageException($"'{path}' has one comma-separated column but tabs in its header: pass --separator tab");

        var numeric = Enumerable.Repeat(true, names.Length).ToArray();
        var firstText = new string?[names.Length];
        int rows = 0, lineNumber = 1;
        for (string? line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            lineNumber++;
            if (line.Length == 0)
                continue;
            var fields = Split(line, sep, path, lineNumber);
            if (fields.Length != names.Length)
                throw new UsageException($"'{path}' line {lineNumber} has {fields.Length} values where the header names {names.Length} columns");
            for (int i = 0; i < fields.Length; i++)
            {
                if (numeric[i] && !IsNumber(fields[i]))
                    (numeric[i], firstText[i]) = (false, $"'{fields[i].Trim()}' at line {lineNumber}");
            }
            if (++rows > MaxRows)
                throw new UsageException($"'{path}' has more than {MaxRows:N0} rows, the most this tool reads");
        }
        if (rows == 0)
            throw new UsageException($"'{path}' has a header but no rows");
        return new CsvTable(path, sep, names, numeric, firstText, rows);
    }

    /// <summary>Why a column is not numeric (its first non-number, with the line), for error messages.</summary>
    public string TextEvidence(string column) => _firstText[Index(column)] ?? "";

    /// <summary>Checks that every named column exists; returns its index.</summary>
    public int Index(string column)
    {
        int index = Array.IndexOf((string[])Names, column);
        if (index < 0)
            throw new UsageException($"'{Path}' has no column '{column}'; its columns: {string.Join(", ", Names)}");
        return index;
    }

    /// <summary>
    /// A TextLoader over the file: <paramref name="numericColumns"/> as Single, <paramref name="textColumns"/> as text
    /// (other columns are not loaded).
    /// </summary>
    public IDataView Load(MLContext mlContext, IReadOnlyList<string> numericColumns, IReadOnlyList<string> textColumns)
    {
        var columns = numericColumns.Select(c => new TextLoader.Column(c, DataKind.Single, Index(c)))
            .Concat(textColumns.Select(c => new TextLoader.Column(c, DataKind.String, Index(c))))
            .ToArray();
        var loader = mlContext.Data.CreateTextLoader(new TextLoader.Options
        {
            Columns = columns,
            Separators = new[] { Separator },
            HasHeader = true,
            AllowQuoting = true,
            TrimWhitespace = true,
        });
        return loader.Load(Path);
    }

    private static bool IsNumber(string field) =>
        float.TryParse(field.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out float value) && float.IsFinite(value);

    /// <summary>Splits one line; fields may be quoted ("a, b"), with "" for a quote inside. Fields span one line only.</summary>
    internal static string[] Split(string line, char separator, string path, int lineNumber)
    {
        var fields = new List<string>();
        var field = new System.Text.StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char ch = line[i];
            if (quoted && ch == '"' && i + 1 < line.Length && line[i + 1] == '"')
            {
                field.Append('"');
                i++;
            }
            else if (quoted && ch == '"')
            {
                quoted = false;
            }
            else if (quoted)
            {
                field.Append(ch);
            }
            else if (ch == '"' && string.IsNullOrWhiteSpace(field.ToString()))
            {
                quoted = true;
                field.Clear();
            }
            else if (ch == separator)
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(ch);
            }
        }
        if (quoted)
            throw new UsageException($"'{path}' line {lineNumber} opens a quote it does not close (a value cannot span lines)");
        fields.Add(field.ToString());
        return fields.ToArray();
    }
}
