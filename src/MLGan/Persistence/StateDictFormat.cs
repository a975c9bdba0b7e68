using static TorchSharp.torch;

namespace MLGan.Persistence;

/// <summary>One tensor of a saved state dict, read without building any module.</summary>
internal sealed record StoredTensor(string Name, long[] Shape, float[]? Floats, long[]? Longs)
{
    public long Elements => Shape.Aggregate(1L, (a, b) => a * b);
}

/// <summary>
/// A module's state (parameters and buffers) in MLGan's files: <c>int32 k</c>, then per entry <c>string name, int32 dtype
/// (0 float32, 1 int64), int32 rank, int64[rank] shape, values</c>, entries in ordinal name order. Reading checks every count
/// and size against the bytes left before allocating, and loading checks names and shapes against the built module and
/// that every float is finite (no trained network holds NaN or an infinity).
/// </summary>
internal static class StateDictFormat
{
    private const int Float32Code = 0, Int64Code = 1, MaxRank = 8;

    public static void Write(BinaryWriter writer, nn.Module module) => Write(writer, module.state_dict());

    public static void Write(BinaryWriter writer, IReadOnlyDictionary<string, Tensor> entries)
    {
        var state = entries.OrderBy(kv => kv.Key, StringComparer.Ordinal).ToList();
        writer.Write(state.Count);
        foreach (var (name, tensor) in state)
        {
            writer.Write(name);
            using var cpu = tensor.detach().cpu().contiguous();
            int code = cpu.dtype switch
            {
                ScalarType.Float32 => Float32Code,
                ScalarType.Int64 => Int64Code,
                _ => throw new NotSupportedException($"State entry '{name}' has type {cpu.dtype}, which the model format does not store."),
            };
            writer.Write(code);
            writer.Write(cpu.shape.Length);
            foreach (var dim in cpu.shape)
                writer.Write(dim);
            if (code == Float32Code)
            {
                foreach (var value in cpu.data<float>())
                    writer.Write(value);
            }
            else
            {
                foreach (var value in cpu.data<long>())
                    writer.Write(value);
            }
        }
    }

    /// <summary>Reads the entries of a seekable stream into arrays (nothing larger than the bytes left is allocated).</summary>
    public static List<StoredTensor> Read(BinaryReader reader, string what)
    {
        int count = BinaryFormat.ReadCount(reader, $"{what} state entries");
        var entries = new List<StoredTensor>(Math.Min(count, 1024));
        for (int i = 0; i < count; i++)
        {
            string name = reader.ReadString();
            int code = reader.ReadInt32();
            if (code is not (Float32Code or Int64Code))
                throw new InvalidDataException($"'{name}' has the unknown type code {code}");
            int rank = reader.ReadInt32();
            if (rank < 0 || rank > MaxRank)
                throw new InvalidDataException($"implausible rank {rank} of '{name}'");
            var shape = new long[rank];
            for (int d = 0; d < rank; d++)
            {
                shape[d] = reader.ReadInt64();
                if (shape[d] < 0)
                    throw new InvalidDataException($"'{name}' has a negative dimension");
            }
            double elements = shape.Aggregate(1.0, (a, b) => a * b);
            int size = code == Float32Code ? sizeof(float) : sizeof(long);
            long remaining = reader.BaseStream.Length - reader.BaseStream.Position;
            if (elements > BinaryFormat.MaxCount || elements * size > remaining)
                throw new InvalidDataException($"'{name}' claims [{string.Join(", ", shape)}] values, but only {remaining} bytes follow");
            int n = (int)elements;
            if (code == Float32Code)
            {
                entries.Add(new StoredTensor(name, shape, BinaryFormat.ReadFloats(reader, n), null));
            }
            else
            {
                var values = new long[n];
                for (int k = 0; k < n; k++)
                    values[k] = reader.ReadInt64();
                entries.Add(new StoredTensor(name, shape, null, values));
            }
        }
        return entries;
    }

    /// <summary>The entries as CPU tensors by name (for state kept outside a module, e.g. the monitor's best weights).</summary>
    public static Dictionary<string, Tensor> ToTensors(IEnumerable<StoredTensor> entries)
        => entries.ToDictionary(e => e.Name, e => e.Floats is not null ? tensor(e.Floats, e.Shape) : tensor(e.Longs!, e.Shape));

    /// <summary>Float32 values present in <paramref name="entries"/> (what the parameters of a spec must fit in).</summary>
    public static long FloatValues(IEnumerable<StoredTensor> entries) => entries.Where(e => e.Floats is not null).Sum(e => e.Elements);

    /// <summary>Copies <paramref name="entries"/> into <paramref name="module"/>: the same names, shapes and types, all of them.</summary>
    public static void Load(nn.Module module, IReadOnlyList<StoredTensor> entries, string what)
    {
        var expected = module.state_dict();
        if (entries.Count != expected.Count)
            throw new InvalidDataException($"the {what} state has {entries.Count} entries but its architecture needs {expected.Count}");
        using var noGrad = no_grad();
        foreach (var entry in entries)
        {
            if (!expected.TryGetValue(entry.Name, out var target))
                throw new InvalidDataException($"unexpected {what} state entry '{entry.Name}'");
            if (!entry.Shape.SequenceEqual(target.shape))
                throw new InvalidDataException($"'{entry.Name}' has shape [{string.Join(", ", entry.Shape)}] but the architecture needs [{string.Join(", ", target.shape)}]");
            if (entry.Floats is not null && target.dtype == ScalarType.Float32)
            {
                if (Array.FindIndex(entry.Floats, v => !float.IsFinite(v)) is int bad and >= 0)
                    throw new InvalidDataException($"'{entry.Name}' holds the non-finite value {entry.Floats[bad]} at position {bad}");
                using var source = tensor(entry.Floats, entry.Shape);
                target.copy_(source);
            }
            else if (entry.Longs is not null && target.dtype == ScalarType.Int64)
            {
                using var source = tensor(entry.Longs, entry.Shape);
                target.copy_(source);
            }
            else
            {
                throw new InvalidDataException($"'{entry.Name}' is stored with another type than {target.dtype}");
            }
        }
    }
}
