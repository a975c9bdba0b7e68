using MLGan.Data;

namespace MLGan.Persistence;

/// <summary>
/// The labels section of a model file: the classes of a conditional generator (<see cref="LabelVocabulary"/>).
/// Version 2: <c>bool conditional</c>, then when true <c>string column; int32 kind; int32 number kind; uint64 key count;
/// strings key values; strings classes; int32s counts</c>. Version 1 (unconditional models only): an empty string list.
/// </summary>
internal static class LabelFormat
{
    public const int Version = 2;

    public static void Write(BinaryWriter writer, LabelVocabulary? labels)
    {
        writer.Write(labels is not null);
        if (labels is null)
            return;
        writer.Write(labels.ColumnName);
        writer.Write((int)labels.Kind);
        writer.Write((int)labels.NumberKind);
        writer.Write(labels.KeyCount);
        BinaryFormat.WriteStrings(writer, labels.KeyValues);
        BinaryFormat.WriteStrings(writer, labels.Classes);
        BinaryFormat.WriteInts(writer, labels.Counts);
    }

    public static LabelVocabulary? Read(Section section)
    {
        int version = section.RequireVersion(Version);
        using var reader = section.Open();
        if (version == 1)
            return BinaryFormat.ReadStrings(reader, "labels").Length == 0 ? null : throw new InvalidDataException("its version 1 labels section is not empty");
        if (!reader.ReadBoolean())
            return null;
        string column = reader.ReadString();
        var kind = (LabelKind)reader.ReadInt32();
        var numberKind = (Microsoft.ML.Data.DataKind)reader.ReadInt32();
        ulong keyCount = reader.ReadUInt64();
        var keyValues = BinaryFormat.ReadStrings(reader, "label key values");
        var classes = BinaryFormat.ReadStrings(reader, "label classes");
        var counts = BinaryFormat.ReadInts(reader, "label counts");
        if (!Enum.IsDefined(kind) || (kind == LabelKind.Number && !LabelVocabulary.NumberKinds.Any(k => k.Kind == numberKind)) || classes.Length is 0 or > LabelVocabulary.MaxClasses
            || counts.Length != classes.Length || counts.Any(c => c < 0) || (ulong)keyValues.Length > keyCount || classes.Distinct(StringComparer.Ordinal).Count() != classes.Length)
            throw new InvalidDataException($"its labels section is damaged ({kind} column '{column}', {classes.Length} classes, {counts.Length} counts)");
        return new LabelVocabulary(column, kind, numberKind, keyCount, keyValues, classes, counts);
    }
}
