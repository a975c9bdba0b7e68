namespace MLGan.Persistence;

/// <summary>One section of a sectioned model file: its name, its own format version and its bytes.</summary>
internal sealed record Section(string Name, int Version, byte[] Payload)
{
    /// <summary>A reader over the section's bytes alone, so nothing in it can read past its end.</summary>
    public BinaryReader Open() => new(new MemoryStream(Payload, writable: false));

    /// <summary>Reads the section's payload with <paramref name="read"/>, after checking its version.</summary>
    public T Read<T>(int current, Func<BinaryReader, T> read)
    {
        RequireVersion(current);
        using var reader = Open();
        return read(reader);
    }

    /// <summary>The section's version, checked against the versions this MLGan reads.</summary>
    public int RequireVersion(int current)
    {
        if (Version < 1 || Version > current)
            throw new InvalidDataException($"its '{Name}' section has version {Version}, and this MLGan reads versions 1 to {current} (use the MLGan version that saved it, or a newer one)");
        return Version;
    }
}

/// <summary>
/// The sectioned container of MLGan's model files: <c>int32 count</c>, then per section <c>string name, int32 version,
/// int64 length, bytes</c>. Each section has its own version, so a new metric in the history does not change how weights
/// are read; a reader skips sections it does not know, and every length is checked against the bytes left before anything
/// is allocated.
/// </summary>
internal static class Sections
{
    public const int MaxSections = 64;

    public static void Write(BinaryWriter writer, IReadOnlyList<(string Name, int Version, Action<BinaryWriter> Write)> sections)
    {
        writer.Write(sections.Count);
        foreach (var (name, version, write) in sections)
        {
            using var buffer = new MemoryStream();
            using (var sectionWriter = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true))
                write(sectionWriter);
            writer.Write(name);
            writer.Write(version);
            writer.Write(buffer.Length);
            buffer.Position = 0;
            buffer.CopyTo(writer.BaseStream);
        }
    }

    /// <summary>Reads the sections of a seekable stream; a name may occur once.</summary>
    public static IReadOnlyDictionary<string, Section> Read(BinaryReader reader)
    {
        int count = reader.ReadInt32();
        if (count < 0 || count > MaxSections)
            throw new InvalidDataException($"implausible section count {count}");
        var sections = new Dictionary<string, Section>(StringComparer.Ordinal);
        for (int i = 0; i < count; i++)
        {
            string name = reader.ReadString();
            int version = reader.ReadInt32();
            long length = reader.ReadInt64();
            long remaining = reader.BaseStream.Length - reader.BaseStream.Position;
            if (length < 0 || length > remaining)
                throw new InvalidDataException($"section '{name}' claims {length} bytes but {remaining} follow");
            if (length > Array.MaxLength)
                throw new InvalidDataException($"section '{name}' is larger than 2 GiB");
            if (!sections.TryAdd(name, new Section(name, version, reader.ReadBytes((int)length))))
                throw new InvalidDataException($"section '{name}' occurs twice");
        }
        return sections;
    }

    public static Section Require(IReadOnlyDictionary<string, Section> sections, string name)
        => sections.TryGetValue(name, out var section) ? section : throw new InvalidDataException($"it has no '{name}' section");
}
