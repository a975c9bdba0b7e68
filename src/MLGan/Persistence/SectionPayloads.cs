namespace MLGan.Persistence;

/// <summary>Section payloads that model files and checkpoints share: the training options and the history.</summary>
internal static class SectionPayloads
{
    /// <summary>History entries are written as in generator format 3 (diversity metrics carry their own version).</summary>
    private const int HistoryEntryFormat = 3;

    /// <summary>The options as JSON, then the schedule changes made during training (<see cref="WriteChanges"/>).</summary>
    public static void WriteOptions(BinaryWriter writer, GanOptions options, IReadOnlyList<ScheduleChange> changes)
    {
        writer.Write(OptionsJson.Serialize(options));
        WriteChanges(writer, changes);
    }

    public static (GanOptions Options, List<ScheduleChange> Changes) ReadOptions(BinaryReader reader)
        => (OptionsJson.Deserialize(reader.ReadString()), ReadChanges(reader));

    /// <summary><c>int32 n; n x {int32 step; string setting; double value}</c>: in model files and in the Escalate policy's checkpoint state.</summary>
    public static void WriteChanges(BinaryWriter writer, IReadOnlyList<ScheduleChange> changes)
    {
        writer.Write(changes.Count);
        foreach (var change in changes)
        {
            writer.Write(change.Step);
            writer.Write(change.Setting);
            writer.Write(change.Value);
        }
    }

    public static List<ScheduleChange> ReadChanges(BinaryReader reader)
    {
        int count = BinaryFormat.ReadCount(reader, "schedule changes", elementBytes: 13);
        var changes = new List<ScheduleChange>(count);
        for (int i = 0; i < count; i++)
        {
            var change = new ScheduleChange(reader.ReadInt32(), reader.ReadString(), reader.ReadDouble());
            if (change.Step < 0 || !double.IsFinite(change.Value))
                throw new InvalidDataException($"invalid schedule change ({change})");
            changes.Add(change);
        }
        return changes;
    }

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
