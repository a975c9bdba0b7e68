using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLGan.Data;

/// <summary>A feature column read into one row-major array, checked for missing and infinite values.</summary>
internal sealed class FeatureTable
{
    private FeatureTable(float[] values, int rows, int size, int[] dimensions)
    {
        Values = values;
        Rows = rows;
        Size = size;
        Dimensions = dimensions;
    }

    /// <summary>Row-major values, <see cref="Rows"/> x <see cref="Size"/>.</summary>
    public float[] Values { get; }

    public int Rows { get; }

    public int Size { get; }

    /// <summary>The column's declared dimensions (<c>[Size]</c> for a plain vector); generated rows get the same.</summary>
    public int[] Dimensions { get; }

    /// <summary>The image shape the column declares (<see cref="ImageShape.Of"/>), or null for a plain vector.</summary>
    public ImageShape? Image => IsImageColumn ? new ImageShape(Dimensions[0], Dimensions[1], Dimensions[2]) : ImageShape.Of(Dimensions);

    /// <summary>For a conditional GAN: the label classes, and each row's class (<see cref="Classes"/>[i] for row i).</summary>
    public LabelVocabulary? Labels { get; private init; }

    /// <summary>Each row's class in <see cref="Labels"/>, or null for an unconditional GAN.</summary>
    public int[]? Classes { get; private init; }

    /// <summary>This table with each row's class (read from the same data, in the same row order).</summary>
    public FeatureTable WithLabels(LabelVocabulary labels, int[] classes) => classes.Length == Rows
        ? new FeatureTable(Values, Rows, Size, Dimensions) { Labels = labels, Classes = classes, IsImageColumn = IsImageColumn }
        : throw new ArgumentException($"{classes.Length} labels for {Rows} rows");

    public ReadOnlySpan<float> Row(int row) => Values.AsSpan(row * Size, Size);

    /// <summary>This table, or a seeded random subset of <paramref name="max"/> of its rows.</summary>
    public FeatureTable Sample(int max, int seed)
    {
        if (Rows <= max)
            return this;
        var order = Enumerable.Range(0, Rows).ToArray();
        new Random(seed).Shuffle(order);
        var values = new float[max * Size];
        for (int i = 0; i < max; i++)
            Row(order[i]).CopyTo(values.AsSpan(i * Size, Size));
        return new FeatureTable(values, max, Size, Dimensions) { IsImageColumn = IsImageColumn, Labels = Labels, Classes = Classes is null ? null : order.Take(max).Select(i => Classes[i]).ToArray() };
    }

    /// <summary>
    /// Reads <paramref name="column"/> (validated with <see cref="FeatureColumn.Check(DataViewSchema, string, string, string, int?, string)"/>).
    /// Every message names <paramref name="dataName"/>; a NaN or infinite value fails with advice that removes it when
    /// followed (see <see cref="NonFiniteAdvice"/>).
    /// </summary>
    /// <param name="checkAlive">Called between rows so a long read can be cancelled.</param>
    /// <param name="dataName">What the data is, for error messages (e.g. "training data", "validation data", "reference data").</param>
    /// <param name="imageChannels">For an image column: the planes to read (1 or 3); null chooses 1 when every image is grey.</param>
    public static FeatureTable Load(IDataView data, string column, string option, Action? checkAlive = null, string dataName = "training data", int? imageChannels = null)
    {
        if (data.Schema.GetColumnOrNull(column) is { } imageColumn && ImagePixels.IsImage(imageColumn.Type))
            return LoadImages(data, imageColumn, checkAlive, dataName, imageChannels);
        int size = FeatureColumn.Check(data.Schema, column, "feature", option, dataName: dataName);
        var values = new List<float>(capacity: (int)Math.Min((data.GetRowCount() ?? 1024) * size, int.MaxValue / 2));
        var col = data.Schema[column];
        using var cursor = data.GetRowCursor(new[] { col });
        var getter = cursor.GetGetter<VBuffer<float>>(col);
        var buffer = default(VBuffer<float>);
        var row = new float[size];
        long rows = 0;
        while (cursor.MoveNext())
        {
            if ((rows & 0xFFF) == 0)
                checkAlive?.Invoke();
            getter(ref buffer);
            buffer.CopyTo(row);
            for (int j = 0; j < size; j++)
            {
                if (!float.IsFinite(row[j]))
                    throw new InvalidOperationException(
                        $"Row {rows} of the {dataName}'s feature column '{column}' has {NonFinite(row[j])} value in slot {j}. " +
                        NonFiniteAdvice(column, float.IsNaN(row[j])));
            }
            values.AddRange(row);
            rows++;
            if (rows * size > int.MaxValue / 2)
                throw new InvalidOperationException($"The {dataName}'s feature column '{column}' holds more than {int.MaxValue / 2} values; use a sample of the rows.");
        }
        if (rows == 0)
            throw new InvalidOperationException($"The {dataName} has no rows. Pass a data view with rows in '{column}'.");
        return new FeatureTable(values.ToArray(), (int)rows, size, ((VectorDataViewType)col.Type).Dimensions.ToArray());
    }

    /// <summary>This table's rows projected into a scoring space (the rows diversity is measured on), as a plain vector table.</summary>
    public FeatureTable Project(IScoringSpace space)
    {
        if (space is UserUnits)
            return this;
        var values = space.Project(Values, Size);
        int size = values.Length / Rows;
        return new FeatureTable(values, Rows, size, new[] { size });
    }

    /// <summary>Whether the user's column holds images (<see cref="MLImage"/>): generated rows are images too.</summary>
    public bool IsImageColumn { get; private init; }

    /// <summary>An <see cref="MLImage"/> column as planar pixels 0 to 255 (<see cref="ImagePixels"/>); every image must have the column's declared size.</summary>
    private static FeatureTable LoadImages(IDataView data, DataViewSchema.Column column, Action? checkAlive, string dataName, int? imageChannels)
    {
        var type = (Microsoft.ML.Transforms.Image.ImageDataViewType)column.Type;
        if (type.Height <= 0 || type.Width <= 0)
            throw new InvalidOperationException($"The {dataName}'s image column '{column.Name}' does not declare one size for all its images. {ImagePixels.SizeAdvice(column.Name)}");
        int area = type.Height * type.Width;
        var planes = new List<float[]>();
        bool grey = true;
        using (var cursor = data.GetRowCursor(new[] { column }))
        {
            var getter = cursor.GetGetter<MLImage>(column);
            MLImage image = null!;
            while (cursor.MoveNext())
            {
                if ((planes.Count & 0xFF) == 0)
                    checkAlive?.Invoke();
                getter(ref image);
                if (image is null)
                    throw new InvalidOperationException($"Row {cursor.Position} of the {dataName}'s image column '{column.Name}' has no image. Remove such rows first.");
                if (image.Width != type.Width || image.Height != type.Height)
                    throw new InvalidOperationException(
                        $"Row {cursor.Position} of the {dataName}'s image column '{column.Name}' is {image.Width}x{image.Height}, not the column's {type.Width}x{type.Height}. {ImagePixels.SizeAdvice(column.Name)}");
                var row = new float[3 * area];
                ImagePixels.ToPlanar(image, 3, row);
                grey &= ImagePixels.IsGrey(image);
                // Not disposed: a getter may hand out the caller's own image (e.g. from LoadFromEnumerable).
                planes.Add(row);
                if ((long)planes.Count * row.Length > int.MaxValue / 2)
                    throw new InvalidOperationException($"The {dataName}'s image column '{column.Name}' holds more than {int.MaxValue / 2} pixel values; use a sample of the rows.");
            }
        }
        if (planes.Count == 0)
            throw new InvalidOperationException($"The {dataName} has no rows. Pass a data view with images in '{column.Name}'.");
        int channels = imageChannels ?? (grey ? 1 : 3);
        var values = new float[planes.Count * channels * area];
        for (int i = 0; i < planes.Count; i++)
            planes[i].AsSpan(0, channels * area).CopyTo(values.AsSpan(i * channels * area));
        return new FeatureTable(values, planes.Count, channels * area, new[] { channels, type.Height, type.Width }) { IsImageColumn = true };
    }

    /// <summary>
    /// How to remove NaN or infinite values from a vector column with ML.NET, as code that works when followed (tests run it
    /// literally). ReplaceMissingValues and FilterRowsByMissingValues see only NaN, so infinities are first mapped to NaN
    /// (or clipped) with an Expression transform, which applies elementwise to a vector column.
    /// </summary>
    public static string NonFiniteAdvice(string column, bool missing) => missing
        ? $"Remove or impute such values first, e.g. with mlContext.Transforms.ReplaceMissingValues(\"{column}\") or mlContext.Data.FilterRowsByMissingValues(data, \"{column}\")."
        : $"ReplaceMissingValues and FilterRowsByMissingValues do not see infinities. Drop the rows that hold them with " +
          $"data = mlContext.Data.FilterRowsByMissingValues(mlContext.Transforms.Expression(\"{column}\", \"{InfinityToMissing}\", \"{column}\").Fit(data).Transform(data), \"{column}\"); " +
          $"or clip them to bounds that suit the data, e.g. mlContext.Transforms.Expression(\"{column}\", \"x : max(-1000000, min(1000000, x))\", \"{column}\").";

    /// <summary>"a missing (NaN)" or "an infinite (Infinity)", for messages about a value that is not finite.</summary>
    public static string NonFinite(float value) => float.IsNaN(value) ? "a missing (NaN)" : $"an infinite ({value.ToString(System.Globalization.CultureInfo.InvariantCulture)})";

    /// <summary>An ML.NET expression that turns infinities (and NaN) into missing values: x − x is NaN exactly for them.</summary>
    public const string InfinityToMissing = "x : isna(x - x) ? na(x) : x";
}
