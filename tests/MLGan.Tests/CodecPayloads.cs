using MLGan.Data;
using MLGan.Persistence;

namespace MLGan.Tests;

/// <summary>Hand-written codec sections (the current version unless given) for tests of damaged and older model files.</summary>
internal static class CodecPayloads
{
    /// <summary>
    /// A standardization codec of <paramref name="slots"/> slots with the given per-slot transforms (None for all when
    /// null); <paramref name="rest"/> writes what follows the transforms (quantile knots, then the whitening).
    /// </summary>
    public static IFeatureCodec Read(int slots, SlotTransform[]? transforms, Action<BinaryWriter> rest, int version = CodecFormat.Version)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(FeatureScaler.TypeTag);
            BinaryFormat.WriteFloats(writer, new float[slots]);
            BinaryFormat.WriteFloats(writer, Enumerable.Repeat(1f, slots).ToArray());
            BinaryFormat.WriteInts(writer, new[] { slots });
            writer.Write((transforms ?? Enumerable.Repeat(SlotTransform.None, slots)).Select(t => (byte)t).ToArray());
            rest(writer);
        }
        stream.Position = 0;
        using var reader = new BinaryReader(stream);
        return CodecFormat.Read(reader, version);
    }
}
