namespace MLGan.Persistence;

/// <summary>Section payloads that model files and checkpoints share: the training options and the history.</summary>
internal static class SectionPayloads
{
    /// <summary>History entries are written as in generator format 3 (diversity metrics carry their own version).</summary>
    private const int HistoryEntryFormat = 3;

    /// <summary>The options as JSON, then the schedule changes made during training (none yet: automatic remedies will record theirs).</summary>
    public static void WriteOptions(BinaryWriter writer, GanOptions options)
    {
        writer.Write(OptionsJson.Serialize(options));
        writer.Write(0);
    }

    public static GanOptions ReadOptions(BinaryReader reader) => OptionsJson.Deserialize(reader.ReadString());

    public static void WriteHistory(BinaryWriter writer, IReadOnlyList<GanProgress> history)
    {
        writer.Write(history.Count);
        foreach (var record in history)
            record.Write(writer);
    }

    public static List<GanProgress> ReadHistory(BinaryReader reader)
    {
        int count = BinaryFormat.ReadCount(reader, "history entries", GanProgress.MinimumSerializedBytes);
        var history = new List<GanProgress>(count);
        for (int i = 0; i < count; i++)
            history.Add(GanProgress.Read(reader, HistoryEntryFormat));
        return history;
    }
}
