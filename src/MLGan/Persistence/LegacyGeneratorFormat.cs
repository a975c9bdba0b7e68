using MLGan.Data;
using MLGan.Engine;
using MLGan.Generation;
using MLGan.Networks;
using MLGan.Training;
using static TorchSharp.torch;

namespace MLGan.Persistence;

/// <summary>
/// The binary form of a <see cref="GeneratorModel"/> (little-endian, via <see cref="BinaryWriter"/>):
/// <code>
/// int32   format version (3; versions 1 and 2 are still read: version 1 history entries lack gradient norm, diversity and
///         warnings; in version 2 the diversity metrics inside history entries have no version of their own)
/// string  feature column, output column; bool + string latent column
/// int32   seed
/// MlpSpec generator architecture (see MlpSpec.Write)
/// int32 n; float32[n] mean; int32 n; float32[n] scale   feature scaling
/// int32 k; k x { string name; int32 dtype; int32 rank; int64[rank] shape; values }   generator state
/// int32 h; h x GanProgress                         training history
/// </code>
/// Reading validates every count and shape before allocating, so a damaged file fails with a clear
/// <see cref="InvalidDataException"/> instead of a crash or an enormous allocation.
/// </summary>
internal static class GeneratorModelFormat
{
    public const int CurrentVersion = 3;
    private const int Float32Code = 0, Int64Code = 1;

    public static void Write(BinaryWriter writer, GeneratorModel model)
    {
        writer.Write(CurrentVersion);
        writer.Write(model.FeatureColumnName);
        writer.Write(model.OutputColumnName);
        writer.Write(model.LatentColumnName is not null);
        if (model.LatentColumnName is not null)
            writer.Write(model.LatentColumnName);
        writer.Write(model.Seed);
        // Format 3 stores one MLP generator and the standardizing codec; other kinds need the sectioned format.
        if (model.Generator.Spec is not MlpSpec spec || model.Codec is not FeatureScaler scaler)
            throw new NotSupportedException($"Model format {CurrentVersion} stores an MLP generator with a standardizing codec, not a {model.Generator.Spec.Kind} generator with a {model.Codec.Kind} codec.");
        spec.Write(writer);

        BinaryFormat.WriteFloats(writer, scaler.Mean);
        BinaryFormat.WriteFloats(writer, scaler.Scale);

        var state = model.Generator.state_dict().OrderBy(kv => kv.Key, StringComparer.Ordinal).ToList();
        writer.Write(state.Count);
        foreach (var (name, tensor) in state)
            WriteTensor(writer, name, tensor);

        writer.Write(model.History.Count);
        foreach (var record in model.History)
            record.Write(writer);
    }

    public static GeneratorModel Read(BinaryReader reader) => BinaryFormat.Guard("GAN generator", () => ReadCore(BinaryFormat.Seekable(reader)));

    private static GeneratorModel ReadCore(BinaryReader reader)
    {
        int version = BinaryFormat.ReadVersion(reader, CurrentVersion);
        string feature = reader.ReadString();
        string output = reader.ReadString();
        string? latent = reader.ReadBoolean() ? reader.ReadString() : null;
        int seed = reader.ReadInt32();
        var spec = MlpSpec.Read(reader);
        RequireWeightBytes(reader, spec);

        var mean = BinaryFormat.ReadFloats(reader, "scaler means");
        var scale = BinaryFormat.ReadFloats(reader, "scaler scales");
        if (mean.Length != spec.OutputSize || scale.Length != spec.OutputSize)
            throw new InvalidDataException($"the scaler has {mean.Length} slots but the generator writes {spec.OutputSize}");
        if (!mean.All(float.IsFinite) || !scale.All(s => float.IsFinite(s) && s >= 0))
            throw new InvalidDataException("the scaler holds a non-finite mean or a negative or non-finite scale");
        var scaler = new FeatureScaler(mean, scale);

        var generator = spec.Build(TrainingPlan.GeneratorName);
        try
        {
            ReadState(reader, generator);
            int historyCount = BinaryFormat.ReadCount(reader, "history entries", version == 1 ? 5 * sizeof(double) + 2 * sizeof(int) : GanProgress.MinimumSerializedBytes);
            var history = new List<GanProgress>(historyCount);
            for (int i = 0; i < historyCount; i++)
                history.Add(GanProgress.Read(reader, version));
            return new GeneratorModel(feature, output, latent, seed, generator, scaler, history);
        }
        catch
        {
            generator.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The architecture's parameters must be within <see cref="SizeLimits.MaxParameters"/> and their float32 values
    /// present in the rest of the stream, checked before any module is built.
    /// </summary>
    private static void RequireWeightBytes(BinaryReader reader, MlpSpec spec)
    {
        double parameters = spec.ParameterCount;
        if (parameters > SizeLimits.MaxParameters)
            throw new InvalidDataException(FormattableString.Invariant(
                $"its architecture ({spec}) claims {parameters:G3} parameters, more than MLGan's limit of {SizeLimits.MaxParameters:G3}"));
        long remaining = reader.BaseStream.Length - reader.BaseStream.Position;
        if (parameters * sizeof(float) > remaining)
            throw new InvalidDataException(FormattableString.Invariant(
                $"its architecture ({spec}) claims {parameters:G3} parameters, which need {SizeLimits.FormatBytes(parameters * sizeof(float))} of weights, but only {remaining} bytes follow"));
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

    private static void ReadState(BinaryReader reader, GanNetwork generator)
    {
        var expected = generator.state_dict();
        int count = BinaryFormat.ReadCount(reader, "state entries");
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
                using var source = tensor(BinaryFormat.ReadFloats(reader, elements), shape);
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
}
