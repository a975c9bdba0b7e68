using MLGan.Data;

namespace MLGan.Persistence;

/// <summary>
/// The codec section of a model file (and a checkpoint): the codec's type tag, then its own payload. Version 2 adds the
/// column's dimensions after the standardization's means and scales, and the pixel codec; version 3 the per-slot
/// transforms (one byte each) after the dimensions; version 4 the knots of each quantile-transformed slot (in slot
/// order) after the transforms, then whether the slots are PCA-whitened and, if so, the
/// per-direction spreads and the rotation (row-major); version 5 then whether the quantile slots are calibrated
/// (<see cref="FeatureScaler.Calibrated"/>) and, if so, each one's calibration knots (in slot order); version 1 files
/// hold plain vectors.
/// </summary>
internal static class CodecFormat
{
    public const int Version = 5;

    public static void Write(BinaryWriter writer, IFeatureCodec codec)
    {
        writer.Write(codec.Kind);
        switch (codec)
        {
            case FeatureScaler scaler:
                BinaryFormat.WriteFloats(writer, scaler.Mean);
                BinaryFormat.WriteFloats(writer, scaler.Scale);
                BinaryFormat.WriteInts(writer, scaler.Dimensions);
                writer.Write(scaler.Transforms.Select(t => (byte)t).ToArray());
                foreach (var quantiles in scaler.Quantiles.OfType<SlotQuantiles>())
                {
                    BinaryFormat.WriteFloats(writer, quantiles.Knots);
                }
                writer.Write(scaler.Whitening is not null);
                if (scaler.Whitening is { } whitening)
                {
                    BinaryFormat.WriteFloats(writer, whitening.Spread);
                    BinaryFormat.WriteFloats(writer, whitening.Rotation);
                }
                bool calibrated = scaler.Calibrations.Any(c => c is not null);
                writer.Write(calibrated);
                for (int j = 0; j < scaler.Size && calibrated; j++)
                {
                    if (scaler.Quantiles[j] is not null)
                        BinaryFormat.WriteFloats(writer, (scaler.Calibrations[j] ?? throw new InvalidOperationException($"slot {j} is not calibrated")).Knots);
                }
                break;
            case PixelCodec pixels:
                writer.Write(pixels.Shape.Channels);
                writer.Write(pixels.Shape.Height);
                writer.Write(pixels.Shape.Width);
                writer.Write(pixels.Low);
                writer.Write(pixels.High);
                writer.Write(pixels.Images);
                writer.Write(pixels.Shape.Interleaved);
                break;
            default:
                throw new NotSupportedException($"The model format has no layout for a '{codec.Kind}' codec.");
        }
    }

    /// <summary>Reads a codec section of any version this MLGan knows.</summary>
    public static IFeatureCodec Read(Section section)
    {
        int version = section.RequireVersion(Version);
        using var reader = section.Open();
        return Read(reader, version);
    }

    /// <summary>Reads a codec section's payload of <paramref name="version"/> (1 to 5).</summary>
    public static IFeatureCodec Read(BinaryReader reader, int version)
    {
        string kind = reader.ReadString();
        return kind switch
        {
            FeatureScaler.TypeTag => ReadScaler(reader, withDimensions: version >= 2, withTransforms: version >= 3, withWhitening: version >= 4, withCalibrations: version >= 5),
            PixelCodec.TypeTag => ReadPixels(reader),
            _ => throw new InvalidDataException($"unknown codec kind '{kind}' (this MLGan reads: {FeatureScaler.TypeTag}, {PixelCodec.TypeTag})"),
        };
    }

    /// <summary>
    /// The per-slot standardization: means and scales, equal in number, finite, scales non-negative; then the dimensions,
    /// the slots' transforms, the whitening (spreads finite and non-negative, one per slot, at most
    /// <see cref="PcaWhitening.MaxSize"/>; a finite rotation of spreads² values), and the quantile slots' calibrations.
    /// </summary>
    public static FeatureScaler ReadScaler(BinaryReader reader, bool withDimensions = false, bool withTransforms = false, bool withWhitening = false,
        bool withCalibrations = false)
    {
        var mean = BinaryFormat.ReadFloats(reader, "scaler means");
        var scale = BinaryFormat.ReadFloats(reader, "scaler scales");
        if (mean.Length != scale.Length)
            throw new InvalidDataException($"the scaler has {mean.Length} means but {scale.Length} scales");
        if (!mean.All(float.IsFinite) || !scale.All(s => float.IsFinite(s) && s >= 0))
            throw new InvalidDataException("the scaler holds a non-finite mean or a negative or non-finite scale");
        var dimensions = withDimensions ? BinaryFormat.ReadInts(reader, "column dimensions") : null;
        if (dimensions is not null && (dimensions.Length is 0 or > 16 || dimensions.Any(d => d <= 0) || dimensions.Aggregate(1L, (a, b) => a * b) != mean.Length))
            throw new InvalidDataException($"the scaler's dimensions ({string.Join(", ", dimensions)}) do not multiply to its {mean.Length} slots");
        SlotTransform[]? transforms = null;
        if (withTransforms)
        {
            var bytes = reader.ReadBytes(mean.Length);
            transforms = bytes.Select(b => (SlotTransform)b).ToArray();
            // Quantile slots arrived with version 4, as did the whitening.
            bool Known(SlotTransform t) => t is SlotTransform.None or SlotTransform.Log || (withWhitening && t == SlotTransform.Quantile);
            if (bytes.Length != mean.Length || !transforms.All(Known))
                throw new InvalidDataException("the scaler's slot transforms are damaged");
        }
        var quantiles = new SlotQuantiles?[mean.Length];
        for (int j = 0; j < mean.Length && transforms is not null; j++)
        {
            if (transforms[j] != SlotTransform.Quantile)
                continue;
            quantiles[j] = ReadQuantiles(reader, $"slot {j}'s quantile transform");
        }
        PcaWhitening? whitening = null;
        if (withWhitening && reader.ReadBoolean())
        {
            if (mean.Length > PcaWhitening.MaxSize)
                throw new InvalidDataException($"the scaler whitens {mean.Length} slots, more than the {PcaWhitening.MaxSize} MLGan whitens");
            var spread = BinaryFormat.ReadFloats(reader, "whitening spreads");
            if (spread.Length != mean.Length || !spread.All(v => float.IsFinite(v) && v >= 0))
                throw new InvalidDataException($"the whitening holds {spread.Length} spreads for {mean.Length} slots, or a negative or non-finite one");
            var rotation = BinaryFormat.ReadFloats(reader, "whitening rotation");
            if (rotation.Length != spread.Length * spread.Length || !rotation.All(float.IsFinite))
                throw new InvalidDataException($"the whitening rotation holds {rotation.Length} values for {spread.Length} slots, or a non-finite one");
            whitening = new PcaWhitening(rotation, spread);
        }
        SlotQuantiles?[]? calibrations = null;
        if (withCalibrations && reader.ReadBoolean())
        {
            calibrations = new SlotQuantiles?[mean.Length];
            for (int j = 0; j < mean.Length; j++)
            {
                if (quantiles[j] is not null)
                    calibrations[j] = ReadQuantiles(reader, $"slot {j}'s calibration");
            }
        }
        return new FeatureScaler(mean, scale, dimensions, transforms, whitening, quantiles, calibrations);
    }

    /// <summary>Knots of a <see cref="SlotQuantiles"/>: 2 to <see cref="SlotQuantiles.MaxKnots"/>, finite and non-decreasing.</summary>
    private static SlotQuantiles ReadQuantiles(BinaryReader reader, string what)
    {
        int count = BinaryFormat.ReadCount(reader, "quantile knots", sizeof(float));
        if (count is < 2 or > SlotQuantiles.MaxKnots)
            throw new InvalidDataException($"{what} holds {count} knots (2 to {SlotQuantiles.MaxKnots})");
        var knots = BinaryFormat.ReadFloats(reader, count);
        if (!knots.All(float.IsFinite) || knots.Zip(knots.Skip(1)).Any(p => p.Second < p.First))
            throw new InvalidDataException($"{what}'s knots are not finite and non-decreasing");
        return new SlotQuantiles(knots);
    }

    /// <summary>Image pixels: the shape (bounded), the pixel range (finite, increasing), whether the column holds MLImages.</summary>
    private static PixelCodec ReadPixels(BinaryReader reader)
    {
        var shape = new ImageShape(reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32());
        float low = reader.ReadSingle(), high = reader.ReadSingle();
        bool images = reader.ReadBoolean();
        shape = shape with { Interleaved = reader.ReadBoolean() };
        if (shape.Channels is < 1 or > ImageShape.MaxChannels || shape.Height is < 1 or > ImageShape.MaxSide || shape.Width is < 1 or > ImageShape.MaxSide
            || !(float.IsFinite(low) && float.IsFinite(high) && high > low))
            throw new InvalidDataException($"the pixel codec holds an invalid shape {shape} or range [{low}, {high}]");
        return new PixelCodec(shape, low, high, images);
    }
}
