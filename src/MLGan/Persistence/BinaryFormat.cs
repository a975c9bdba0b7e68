namespace MLGan.Persistence;

/// <summary>
/// Reading and writing helpers shared by MLGan's binary formats: counts are checked against a bound and the
/// bytes left before anything is allocated, and every read failure becomes one clear
/// <see cref="InvalidDataException"/>.
/// </summary>
internal static class BinaryFormat
{
    public const int MaxCount = 100_000_000;

    /// <summary>Runs <paramref name="read"/>, turning any sign of a damaged stream into an <see cref="InvalidDataException"/> that names <paramref name="what"/>.</summary>
    public static T Guard<T>(string what, Func<T> read)
        => Guard(what, read, $"The {what} in this model cannot be read: {{0}}. The file is damaged or was written by another MLGan version; save the model again.");

    /// <summary>As <see cref="Guard{T}(string, Func{T})"/>, with a message of its own (<c>{0}</c>: what failed).</summary>
    public static T Guard<T>(string what, Func<T> read, string message)
    {
        try
        {
            return read();
        }
        catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException or IOException or ArgumentException or FormatException or OverflowException)
        {
            throw new InvalidDataException(string.Format(System.Globalization.CultureInfo.InvariantCulture, message, ex.Message.TrimEnd('.')), ex);
        }
    }

    /// <summary>
    /// <paramref name="reader"/> itself when its stream can seek (so counts can be checked against the bytes left), else a
    /// reader over an in-memory copy of the rest of the stream.
    /// </summary>
    public static BinaryReader Seekable(BinaryReader reader)
    {
        if (reader.BaseStream.CanSeek)
            return reader;
        var copy = new MemoryStream();
        reader.BaseStream.CopyTo(copy);
        copy.Position = 0;
        return new BinaryReader(copy);
    }

    public static int ReadVersion(BinaryReader reader, int current, int first = 1)
    {
        int version = reader.ReadInt32();
        if (version < first || version > current)
            throw new InvalidDataException(
                $"it was saved in format version {version}, and this MLGan reads versions {first} to {current} (use the MLGan version that saved it, or a newer one)");
        return version;
    }

    public static int ReadCount(BinaryReader reader, string what, int elementBytes = 1)
    {
        int count = reader.ReadInt32();
        if (count < 0 || count > MaxCount)
            throw new InvalidDataException($"implausible {what} {count}");
        if (reader.BaseStream.CanSeek && (long)count * elementBytes > reader.BaseStream.Length - reader.BaseStream.Position)
            throw new InvalidDataException($"the stream ends before {count} {what} could be read");
        return count;
    }

    public static void WriteFloats(BinaryWriter writer, float[] values)
    {
        writer.Write(values.Length);
        foreach (var v in values)
            writer.Write(v);
    }

    public static float[] ReadFloats(BinaryReader reader, string what)
        => ReadFloats(reader, ReadCount(reader, what, sizeof(float)));

    public static float[] ReadFloats(BinaryReader reader, int count)
    {
        if (reader.BaseStream.CanSeek && (long)count * sizeof(float) > reader.BaseStream.Length - reader.BaseStream.Position)
            throw new InvalidDataException($"the stream ends before {count} values could be read");
        var values = new float[count];
        for (int i = 0; i < count; i++)
            values[i] = reader.ReadSingle();
        return values;
    }

    public static void WriteDoubles(BinaryWriter writer, double[] values)
    {
        writer.Write(values.Length);
        foreach (var v in values)
            writer.Write(v);
    }

    public static double[] ReadDoubles(BinaryReader reader, string what)
    {
        int count = ReadCount(reader, what, sizeof(double));
        var values = new double[count];
        for (int i = 0; i < count; i++)
            values[i] = reader.ReadDouble();
        return values;
    }

    public static void WriteStrings(BinaryWriter writer, IReadOnlyList<string> values)
    {
        writer.Write(values.Count);
        foreach (var v in values)
            writer.Write(v);
    }

    public static string[] ReadStrings(BinaryReader reader, string what)
    {
        int count = ReadCount(reader, what, elementBytes: 1);
        var values = new string[count];
        for (int i = 0; i < count; i++)
            values[i] = reader.ReadString();
        return values;
    }

    public static void WriteInts(BinaryWriter writer, IReadOnlyList<int> values)
    {
        writer.Write(values.Count);
        foreach (var v in values)
            writer.Write(v);
    }

    public static int[] ReadInts(BinaryReader reader, string what)
    {
        int count = ReadCount(reader, what, sizeof(int));
        var values = new int[count];
        for (int i = 0; i < count; i++)
            values[i] = reader.ReadInt32();
        return values;
    }
}
