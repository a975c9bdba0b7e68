using System.Globalization;

namespace MLGan.Data;

/// <summary>
/// Image pixels to [-1, 1] (the range of the DCGAN generator's tanh output) and back, interleaved rows reordered to planar
/// and back. The pixel range is chosen from the
/// training data: the first of [0, 1], [-1, 1] and [0, 255] that holds every value, else the data's own minimum and
/// maximum. Decoding clamps to the range, so generated images hold valid pixels for <c>ConvertToImage</c>.
/// </summary>
internal sealed class PixelCodec : IFeatureCodec
{
    public const string TypeTag = "pixels";

    private static readonly (float Low, float High)[] Ranges = { (0f, 1f), (-1f, 1f), (0f, 255f) };

    /// <param name="images">Whether the user's column holds <c>MLImage</c>s (generated rows are images too) rather than pixel vectors.</param>
    public PixelCodec(ImageShape shape, float low, float high, bool images = false)
    {
        Images = images;
        if (!(float.IsFinite(low) && float.IsFinite(high) && high > low))
            throw new ArgumentException($"invalid pixel range [{low}, {high}]");
        Shape = shape;
        Low = low;
        High = high;
    }

    public ImageShape Shape { get; }

    /// <summary>Whether the user's column holds <c>MLImage</c>s rather than pixel vectors.</summary>
    public bool Images { get; }

    /// <summary>The pixel value encoded as -1.</summary>
    public float Low { get; }

    /// <summary>The pixel value encoded as +1.</summary>
    public float High { get; }

    public string Kind => TypeTag;

    public int Size => Shape.Size;

    public long[] EncodedShape => new long[] { Size };

    public int[] Dimensions => Shape.Dimensions;

    /// <summary>Images are compared on block averages of their pixels (<see cref="PooledPixels"/>).</summary>
    public IScoringSpace ScoringSpace => new PooledPixels(Shape);

    public (float Low, float High)? Bounds => (Low, High);

    public static PixelCodec Fit(FeatureTable table, ImageShape shape)
    {
        float min = float.MaxValue, max = float.MinValue;
        foreach (float value in table.Values)
        {
            min = Math.Min(min, value);
            max = Math.Max(max, value);
        }
        foreach (var (low, high) in Ranges)
        {
            if (min >= low && max <= high)
                return new PixelCodec(shape, low, high, table.IsImageColumn);
        }
        return new PixelCodec(shape, min, max > min ? max : min + 1, table.IsImageColumn);
    }

    public float[] Encode(FeatureTable table)
    {
        var result = new float[table.Values.Length];
        float scale = 2 / (High - Low);
        for (int i = 0; i < result.Length; i++)
            result[i] = (table.Values[i] - Low) * scale - 1;
        if (Shape.Interleaved)
            Shape.Reorder(result, toPlanar: true); // the networks see planar images
        return result;
    }

    public void DecodeInPlace(Span<float> rows)
    {
        float half = (High - Low) / 2;
        for (int i = 0; i < rows.Length; i++)
            rows[i] = Low + (Math.Clamp(rows[i], -1f, 1f) + 1) * half;
        if (Shape.Interleaved)
            Shape.Reorder(rows, toPlanar: false);
    }

    public override string ToString() => string.Format(CultureInfo.InvariantCulture, "{0} pixels in [{1}, {2}]", Shape, Low, High);
}
