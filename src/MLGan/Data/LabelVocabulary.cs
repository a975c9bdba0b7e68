using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLGan.Data;

/// <summary>The kinds of label column a conditional GAN accepts (<see cref="GanOptions.LabelColumnName"/>).</summary>
internal enum LabelKind
{
    /// <summary>A key column; its key values (text) name the classes when it has them, else the key numbers 1, 2, ....</summary>
    Key = 1,
    /// <summary>Text.</summary>
    Text = 2,
    /// <summary>Boolean: classes "False" and "True".</summary>
    Boolean = 3,
    /// <summary>A number (integer or floating point); a class per distinct value, named by its invariant text.</summary>
    Number = 4,
}

/// <summary>
/// The classes of a conditional GAN: the label column's name and type, and its distinct values as text (the names users
/// pass to <c>GenerateForLabels</c>), in a fixed order — key order for keys, False/True, numeric order for numbers,
/// ordinal order for text — each with its count in the training data. Class i is the index the networks' label
/// embeddings are looked up with. Saved with the model; values unseen in training are unknown labels.
/// </summary>
internal sealed class LabelVocabulary
{
    /// <summary>Most classes a conditional GAN may have (a bound for options and files).</summary>
    public const int MaxClasses = 10_000;

    private readonly Dictionary<string, int> _index;

    /// <param name="keyValues">For a key column: its key count and key values (empty when it has none).</param>
    public LabelVocabulary(string columnName, LabelKind kind, DataKind numberKind, ulong keyCount, IReadOnlyList<string> keyValues,
        IReadOnlyList<string> classes, IReadOnlyList<int> counts)
    {
        if (classes.Count == 0 || classes.Count > MaxClasses || counts.Count != classes.Count || counts.Any(c => c < 0))
            throw new ArgumentException("invalid label vocabulary");
        ColumnName = columnName;
        Kind = kind;
        NumberKind = numberKind;
        KeyCount = keyCount;
        KeyValues = keyValues;
        Classes = classes;
        Counts = counts;
        _index = classes.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i, StringComparer.Ordinal);
        if (_index.Count != classes.Count)
            throw new ArgumentException("the label vocabulary repeats a class");
    }

    public string ColumnName { get; }

    public LabelKind Kind { get; }

    /// <summary>The number type of a <see cref="LabelKind.Number"/> column (ML.NET's data kind).</summary>
    public DataKind NumberKind { get; }

    public ulong KeyCount { get; }

    public IReadOnlyList<string> KeyValues { get; }

    /// <summary>The class names, in class order.</summary>
    public IReadOnlyList<string> Classes { get; }

    /// <summary>Training rows per class.</summary>
    public IReadOnlyList<int> Counts { get; }

    /// <summary>The class of a label's text, or an error that lists the known labels.</summary>
    public int IndexOf(string label, string dataName = "the input") => _index.TryGetValue(label, out int index)
        ? index
        : throw new ArgumentException(string.Format(CultureInfo.InvariantCulture,
            "The label '{0}' in {1} was not seen in training. The model knows {2} label(s) of column '{3}': {4}.",
            label, dataName, Classes.Count, ColumnName, Describe()));

    /// <summary>The known labels, as a list for messages (the first 50).</summary>
    public string Describe() => string.Join(", ", Classes.Take(50).Select(c => $"'{c}'")) + (Classes.Count > 50 ? $", ... ({Classes.Count - 50} more)" : "");

    /// <summary>
    /// Reads the label column of <paramref name="data"/>: the vocabulary of the values seen and each row's class. A missing
    /// value (NaN, key 0, empty text) fails naming the row.
    /// </summary>
    public static (LabelVocabulary Vocabulary, int[] Classes) Fit(IDataView data, string column, string option, string dataName = "training data")
    {
        var col = Column(data.Schema, column, option, dataName);
        var (kind, numberKind, keyCount, keyValues) = Describe(col);
        var values = new List<string>();
        using (var cursor = data.GetRowCursor(new[] { col }))
        {
            var read = Reader(cursor, col, kind, keyValues);
            while (cursor.MoveNext())
                values.Add(read() ?? throw new InvalidOperationException(
                    $"Row {cursor.Position} (counting from 0) of the {dataName}'s label column '{column}' has a missing value ({MissingName(kind)}). {MissingAdvice(kind, column)}"));
        }
        if (values.Count == 0)
            throw new InvalidOperationException($"The {dataName} has no rows.");
        var distinct = values.Distinct(StringComparer.Ordinal).ToList();
        if (distinct.Count > MaxClasses)
            throw new InvalidOperationException($"The {dataName}'s label column '{column}' has {distinct.Count} distinct values; a conditional GAN takes at most {MaxClasses}. Use a column of classes.");
        var ordered = kind switch
        {
            LabelKind.Key => distinct.OrderBy(v => KeyOf(v, keyValues)).ToList(),
            LabelKind.Boolean => distinct.OrderBy(v => v == bool.TrueString).ToList(),
            LabelKind.Number => distinct.OrderBy(v => double.Parse(v, CultureInfo.InvariantCulture)).ToList(),
            _ => distinct.OrderBy(v => v, StringComparer.Ordinal).ToList(),
        };
        var counts = ordered.ToDictionary(v => v, _ => 0, StringComparer.Ordinal);
        foreach (var value in values)
            counts[value]++;
        var vocabulary = new LabelVocabulary(column, kind, numberKind, keyCount, keyValues, ordered, ordered.Select(v => counts[v]).ToList());
        return (vocabulary, values.Select(v => vocabulary._index[v]).ToArray());
    }

    private static string MissingName(LabelKind kind) => kind switch
    {
        LabelKind.Key => "key 0",
        LabelKind.Text => "empty text",
        _ => "NaN",
    };

    /// <summary>How to drop rows without a label, as code that works when followed (a test runs it).</summary>
    public static string MissingAdvice(LabelKind kind, string column) => kind == LabelKind.Text
        // FilterRowsByMissingValues does not take text; a key made from it marks empty text as missing.
        ? $"Drop such rows: data = mlContext.Data.FilterRowsByMissingValues(mlContext.Transforms.Conversion.MapValueToKey(\"{column}\").Fit(data).Transform(data), \"{column}\"); (the label becomes a key column, which MLGan takes)."
        : $"Drop such rows: data = mlContext.Data.FilterRowsByMissingValues(data, \"{column}\");";

    /// <summary>A reader of the current row's class (an error that lists the known labels for an unseen one).</summary>
    public Func<int> ClassReader(DataViewRow row, string dataName)
    {
        var col = Column(row.Schema, ColumnName, "GanOptions.LabelColumnName", dataName);
        var (kind, _, _, keyValues) = Describe(col);
        if (kind != Kind)
            throw new ArgumentException($"The label column '{ColumnName}' is {col.Type} in {dataName}; the model was trained on a {Kind} label. Pass labels of the training data's type.");
        var read = Reader(row, col, kind, keyValues);
        return () => IndexOf(read() ?? throw new InvalidOperationException($"Row {row.Position} of {dataName} has a missing label in '{ColumnName}'."), dataName);
    }

    private static DataViewSchema.Column Column(DataViewSchema schema, string column, string option, string dataName)
        => schema.GetColumnOrNull(column) ?? throw new ArgumentOutOfRangeException(option,
            $"The label column '{column}' was not found in {(dataName.StartsWith("the ", StringComparison.Ordinal) ? dataName : "the " + dataName)}. " +
            $"Available columns: {string.Join(", ", schema.Where(c => !c.IsHidden).Select(c => $"'{c.Name}'"))}. Set {option} to the column of labels.");

    private static (LabelKind Kind, DataKind NumberKind, ulong KeyCount, IReadOnlyList<string> KeyValues) Describe(DataViewSchema.Column column)
    {
        switch (column.Type)
        {
            case KeyDataViewType key:
                var names = Array.Empty<string>();
                if (column.HasKeyValues())
                {
                    var buffer = default(VBuffer<ReadOnlyMemory<char>>);
                    column.GetKeyValues(ref buffer);
                    names = buffer.DenseValues().Select(v => v.ToString()).ToArray();
                }
                return (LabelKind.Key, default, key.Count, names);
            case TextDataViewType:
                return (LabelKind.Text, default, 0, Array.Empty<string>());
            case BooleanDataViewType:
                return (LabelKind.Boolean, default, 0, Array.Empty<string>());
            case NumberDataViewType number:
                return (LabelKind.Number, NumberKinds.Single(k => k.Type == number.RawType).Kind, 0, Array.Empty<string>());
            default:
                throw new ArgumentOutOfRangeException("GanOptions.LabelColumnName",
                    $"The label column '{column.Name}' has type {column.Type}; a conditional GAN takes a key, text, Boolean or number column (one value per row).");
        }
    }

    /// <summary>The current row's label as text, or null when it is missing.</summary>
    private static Func<string?> Reader(DataViewRow row, DataViewSchema.Column column, LabelKind kind, IReadOnlyList<string> keyValues)
    {
        switch (kind)
        {
            case LabelKind.Key:
                var key = KeyGetter(row, column);
                return () => key() is var k && k == 0 ? null : keyValues.Count >= (long)k ? keyValues[(int)k - 1] : k.ToString(CultureInfo.InvariantCulture);
            case LabelKind.Text:
                var text = row.GetGetter<ReadOnlyMemory<char>>(column);
                var buffer = default(ReadOnlyMemory<char>);
                return () => { text(ref buffer); return buffer.IsEmpty ? null : buffer.ToString(); };
            case LabelKind.Boolean:
                var flag = row.GetGetter<bool>(column);
                bool b = false;
                return () => { flag(ref b); return b.ToString(); };
            default:
                return NumberGetter(row, column);
        }
    }

    private static Func<ulong> KeyGetter(DataViewRow row, DataViewSchema.Column column) => column.Type.RawType switch
    {
        var t when t == typeof(byte) => Wrap<byte, ulong>(row, column, v => v),
        var t when t == typeof(ushort) => Wrap<ushort, ulong>(row, column, v => v),
        var t when t == typeof(uint) => Wrap<uint, ulong>(row, column, v => v),
        _ => Wrap<ulong, ulong>(row, column, v => v),
    };

    /// <summary>A number's invariant text in its own type's shortest round-trip form (0.1f is "0.1"), or null for NaN.</summary>
    private static Func<string?> NumberGetter(DataViewRow row, DataViewSchema.Column column) => column.Type.RawType switch
    {
        var t when t == typeof(float) => Wrap<float, string?>(row, column, v => float.IsNaN(v) ? null : v.ToString("R", CultureInfo.InvariantCulture)),
        var t when t == typeof(double) => Wrap<double, string?>(row, column, v => double.IsNaN(v) ? null : v.ToString("R", CultureInfo.InvariantCulture)),
        var t when t == typeof(sbyte) => Integer<sbyte>(row, column),
        var t when t == typeof(byte) => Integer<byte>(row, column),
        var t when t == typeof(short) => Integer<short>(row, column),
        var t when t == typeof(ushort) => Integer<ushort>(row, column),
        var t when t == typeof(int) => Integer<int>(row, column),
        var t when t == typeof(uint) => Integer<uint>(row, column),
        var t when t == typeof(long) => Integer<long>(row, column),
        _ => Integer<ulong>(row, column),
    };

    private static Func<string?> Integer<T>(DataViewRow row, DataViewSchema.Column column) where T : IFormattable
        => Wrap<T, string?>(row, column, v => v.ToString(null, CultureInfo.InvariantCulture));

    private static Func<TOut> Wrap<T, TOut>(DataViewRow row, DataViewSchema.Column column, Func<T, TOut> convert)
    {
        var getter = row.GetGetter<T>(column);
        T value = default!;
        return () => { getter(ref value); return convert(value); };
    }

    /// <summary>The number types a label may have, by ML.NET data kind.</summary>
    public static readonly (DataKind Kind, Type Type)[] NumberKinds =
    {
        (DataKind.Single, typeof(float)), (DataKind.Double, typeof(double)), (DataKind.SByte, typeof(sbyte)), (DataKind.Byte, typeof(byte)),
        (DataKind.Int16, typeof(short)), (DataKind.UInt16, typeof(ushort)), (DataKind.Int32, typeof(int)), (DataKind.UInt32, typeof(uint)),
        (DataKind.Int64, typeof(long)), (DataKind.UInt64, typeof(ulong)),
    };

    /// <summary>The key number of a key class's text.</summary>
    private static ulong KeyOf(string value, IReadOnlyList<string> keyValues)
    {
        for (int i = 0; i < keyValues.Count; i++)
        {
            if (keyValues[i] == value)
                return (ulong)i + 1;
        }
        return ulong.Parse(value, CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// <paramref name="rows"/> classes drawn in proportion to the training counts (int64, on <paramref name="device"/>), so a
    /// conditional generator's samples follow the training data's label mix (the monitor's checks).
    /// </summary>
    public TorchSharp.torch.Tensor Draw(long rows, TorchSharp.torch.Generator random, TorchSharp.torch.Device device)
        => TorchSharp.torch.multinomial(TorchSharp.torch.tensor(Counts.Select(c => (float)c).ToArray(), device: device), rows, replacement: true, generator: random);

    /// <summary>The key number (1-based) of class <paramref name="index"/>, for a key column.</summary>
    public ulong KeyOfClass(int index) => KeyOf(Classes[index], KeyValues);
}
