using MLGan.Diversity;

namespace MLGan.Persistence;

/// <summary>
/// The binary form of a diversity scorer (little-endian, via <see cref="BinaryWriter"/>):
/// <code>
/// int32   format version (1)
/// 5 x string  feature, distance, in-manifold, mode, high-quality column names
/// int32   feature size
/// float32[] reference rows; float32[] k=3 radii; float32[] k=5 radii      (each: int32 count, values)
/// float32[] mode centres; float32[] mode radii; float64[] mode weights; bool modes given
/// float32[] NDB bin centres; float64[] bin proportions
/// FeatureStatistics (Fréchet distance)
/// float32 duplicate radius
/// </code>
/// </summary>
internal static class DiversityReferenceFormat
{
    public const int CurrentVersion = 1;

    public static void Write(BinaryWriter writer, DiversityReference reference, DiversityColumnNames names)
    {
        writer.Write(CurrentVersion);
        names.Write(writer);
        writer.Write(reference.FeatureSize);
        BinaryFormat.WriteFloats(writer, reference.Rows);
        BinaryFormat.WriteFloats(writer, reference.RadiiK3);
        BinaryFormat.WriteFloats(writer, reference.RadiiK5);
        BinaryFormat.WriteFloats(writer, reference.ModeCenters);
        BinaryFormat.WriteFloats(writer, reference.ModeRadii);
        BinaryFormat.WriteDoubles(writer, reference.ModeWeights);
        writer.Write(reference.ModesGiven);
        BinaryFormat.WriteFloats(writer, reference.BinCenters);
        BinaryFormat.WriteDoubles(writer, reference.BinProportions);
        reference.Statistics.Write(writer);
        writer.Write(reference.DuplicateRadius);
    }

    public static (DiversityReference Reference, DiversityColumnNames Names) Read(BinaryReader reader) => BinaryFormat.Guard("diversity scorer", () =>
    {
        BinaryFormat.ReadVersion(reader, CurrentVersion);
        var names = DiversityColumnNames.Read(reader);
        int size = reader.ReadInt32();
        if (size <= 0 || size > BinaryFormat.MaxCount)
            throw new InvalidDataException($"implausible feature size {size}");
        var reference = new DiversityReference(size,
            rows: BinaryFormat.ReadFloats(reader, "reference values"),
            radiiK3: BinaryFormat.ReadFloats(reader, "k=3 radii"),
            radiiK5: BinaryFormat.ReadFloats(reader, "k=5 radii"),
            modeCenters: BinaryFormat.ReadFloats(reader, "mode centre values"),
            modeRadii: BinaryFormat.ReadFloats(reader, "mode radii"),
            modeWeights: BinaryFormat.ReadDoubles(reader, "mode weights"),
            modesGiven: reader.ReadBoolean(),
            binCenters: BinaryFormat.ReadFloats(reader, "bin centre values"),
            binProportions: BinaryFormat.ReadDoubles(reader, "bin proportions"),
            statistics: FeatureStatistics.Read(reader),
            duplicateRadius: reader.ReadSingle());
        return (reference, names);
    });
}
