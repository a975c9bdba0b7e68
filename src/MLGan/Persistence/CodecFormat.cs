using MLGan.Data;

namespace MLGan.Persistence;

/// <summary>The codec section of a model file: the codec's type tag, then its own payload.</summary>
internal static class CodecFormat
{
    public static void Write(BinaryWriter writer, IFeatureCodec codec)
    {
        writer.Write(codec.Kind);
        switch (codec)
        {
            case FeatureScaler scaler:
                BinaryFormat.WriteFloats(writer, scaler.Mean);
                BinaryFormat.WriteFloats(writer, scaler.Scale);
                break;
            default:
                throw new NotSupportedException($"The model format has no layout for a '{codec.Kind}' codec.");
        }
    }

    public static IFeatureCodec Read(BinaryReader reader)
    {
        string kind = reader.ReadString();
        return kind switch
        {
            FeatureScaler.TypeTag => ReadScaler(reader),
            _ => throw new InvalidDataException($"unknown codec kind '{kind}' (this MLGan reads: {FeatureScaler.TypeTag})"),
        };
    }

    /// <summary>The per-slot standardization: means and scales, equal in number, finite, scales non-negative.</summary>
    public static FeatureScaler ReadScaler(BinaryReader reader)
    {
        var mean = BinaryFormat.ReadFloats(reader, "scaler means");
        var scale = BinaryFormat.ReadFloats(reader, "scaler scales");
        if (mean.Length != scale.Length)
            throw new InvalidDataException($"the scaler has {mean.Length} means but {scale.Length} scales");
        if (!mean.All(float.IsFinite) || !scale.All(s => float.IsFinite(s) && s >= 0))
            throw new InvalidDataException("the scaler holds a non-finite mean or a negative or non-finite scale");
        return new FeatureScaler(mean, scale);
    }
}
