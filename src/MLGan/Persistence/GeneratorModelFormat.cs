using MLGan.Data;
using MLGan.Generation;
using MLGan.Networks;
using static TorchSharp.torch;

namespace MLGan.Persistence;

/// <summary>
/// The binary form of a <see cref="GeneratorModel"/> (little-endian, via <see cref="BinaryWriter"/>):
/// <code>
/// int32   format version (1)
/// string  feature column, output column; bool + string latent column
/// int32   seed
/// MlpSpec generator architecture (see MlpSpec.Write)
/// int32 n; float32[n] mean; float32[n] scale      feature scaling
/// int32 k; k x { string name; int32 dtype; int32 rank; int64[rank] shape; values }   generator state
/// int32 h; h x GanProgress                         training history
/// </code>
/// Reading validates every count and shape before allocating, so a damaged file fails with a clear
/// <see cref="InvalidDataException"/> instead of a crash or an enormous allocation.
/// </summary>
internal static class GeneratorModelFormat
{
    public const int CurrentVersion = 1;
    private const int Float32Code = 0, Int64Code = 1;
    private const int MaxCount = 10_000_000;

    public static void Write(BinaryWriter writer, GeneratorModel model)
    {
        writer.Write(CurrentVersion);
        writer.Write(model.FeatureColumnName);
        writer.Write(model.OutputColumnName);
        writer.Write(model.LatentColumnName is not null);
        if (model.LatentColumnName is not null)
            writer.Write(model.LatentColumnName);
        writer.Write(model.Seed);
        model.Generator.Spec.Write(writer);

        writer.Write(model.Scaler.Size);
        foreach (var value in model.Scaler.Mean)
            writer.Write(value);
        foreach (var value in model.Scaler.Scale)
            writer.Write(value);

        var state = model.Generator.state_dict().OrderBy(kv => kv.Key, StringComparer.Ordinal).ToList();
        writer.Write(state.Count);
        foreach (var (name, tensor) in state)
            WriteTensor(writer, name, tensor);

        writer.Write(model.History.Count);
        foreach (var record in model.History)
            record.Write(writer);
    }

    public static GeneratorModel Read(BinaryReader reader)
    {
        try
        {
            return ReadCore(reader);
        }
        catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException or IOException or ArgumentException or FormatException or OverflowException)
        {
            throw new InvalidDataException(
                $"The GAN generator in this model cannot be read: {ex.Message}. The file is damaged or was written by another MLGan version; save the model again from the trained transformer.", ex);
        }
    }

    private static GeneratorModel ReadCore(BinaryReader reader)
    {
        int version = reader.ReadInt32();
        if (version < 1 || version > CurrentVersion)
            throw new InvalidDataException(
                $"it was saved in format version {version}, and this MLGan reads versions 1 to {CurrentVersion} (use the MLGan version that saved it, or a newer one)");
        string feature = reader.ReadString();
        string output = reader.ReadString();
        string? latent = reader.ReadBoolean() ? reader.ReadString() : null;
        int seed = reader.ReadInt32();
        var spec = MlpSpec.Read(reader);

        int size = ReadCount(reader, "feature size");
        if (size != spec.OutputSize)
            throw new InvalidDataException($"the scaler has {size} slots but the generator writes {spec.OutputSize}");
        var mean = ReadFloats(reader, size);
        var scale = ReadFloats(reader, size);
        var scaler = new FeatureScaler(mean, scale);

        var generator = new Mlp("generator", spec);
        try
        {
            ReadState(reader, generator);
            int historyCount = ReadCount(reader, "history length");
            var history = new List<GanProgress>(historyCount);
            for (int i = 0; i < historyCount; i++)
                history.Add(GanProgress.Read(reader));
            return new GeneratorModel(feature, output, latent, seed, generator, scaler, history);
        }
        catch
        {
            generator.Dispose();
            throw;
        }
    }

    private static void WriteTensor(BinaryWriter writer, string name, Tensor tensor)
    {
        writer.Write(name);
        using var cpu = tensor.detach().cpu().contiguous();
        int code = cpu.dtype switch
        {
            ScalarType.Float32 => Float32Code,
            ScalarType.Int64 => Int64Code,
            _ => throw new NotSupportedException($"Generator state '{name}' has type {cpu.dtype}, which the model format does not store."),
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

    private static void ReadState(BinaryReader reader, Mlp generator)
    {
        var expected = generator.state_dict();
        int count = ReadCount(reader, "state entries");
        if (count != expected.Count)
            throw new InvalidDataException($"the generator state has {count} entries but its architecture needs {expected.Count}");
        using var noGrad = no_grad();
        for (int i = 0; i < count; i++)
        {
            string name = reader.ReadString();
            if (!expected.TryGetValue(name, out var target))
                throw new InvalidDataException($"unexpected generator state entry '{name}'");
            int code = reader.ReadInt32();
            int rank = reader.ReadInt32();
            if (rank < 0 || rank > 8)
                throw new InvalidDataException($"implausible rank {rank} of '{name}'");
            var shape = new long[rank];
            for (int d = 0; d < rank; d++)
                shape[d] = reader.ReadInt64();
            if (!shape.SequenceEqual(target.shape))
                throw new InvalidDataException($"'{name}' has shape [{string.Join(", ", shape)}] but the architecture needs [{string.Join(", ", target.shape)}]");
            int elements = checked((int)target.numel());
            if (code == Float32Code && target.dtype == ScalarType.Float32)
            {
                using var source = tensor(ReadFloats(reader, elements), shape);
                target.copy_(source);
            }
            else if (code == Int64Code && target.dtype == ScalarType.Int64)
            {
                var values = new long[elements];
                for (int k = 0; k < elements; k++)
                    values[k] = reader.ReadInt64();
                using var source = tensor(values, shape);
                target.copy_(source);
            }
            else
            {
                throw new InvalidDataException($"'{name}' is stored with type code {code}, which does not match {target.dtype}");
            }
        }
    }

    private static int ReadCount(BinaryReader reader, string what)
    {
        int count = reader.ReadInt32();
        if (count < 0 || count > MaxCount)
            throw new InvalidDataException($"implausible {what} {count}");
        return count;
    }

    private static float[] ReadFloats(BinaryReader reader, int count)
    {
        if (reader.BaseStream.CanSeek && (long)count * sizeof(float) > reader.BaseStream.Length - reader.BaseStream.Position)
            throw new InvalidDataException($"the file ends before {count} values could be read");
        var values = new float[count];
        for (int i = 0; i < count; i++)
            values[i] = reader.ReadSingle();
        return values;
    }
}
