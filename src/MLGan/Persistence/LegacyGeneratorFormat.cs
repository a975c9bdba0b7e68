using MLGan.Data;
using MLGan.Generation;
using MLGan.Networks;
using MLGan.Training;

namespace MLGan.Persistence;

/// <summary>
/// Reads the unsectioned generator formats 1 to 3 (after their version number), which MLGan wrote before the sectioned
/// format 4, so every older model keeps loading and generating exactly what it did:
/// <code>
/// string  feature column, output column; bool + string latent column
/// int32   seed
/// MlpSpec generator architecture (see MlpSpec.Write)
/// int32 n; float32[n] mean; int32 n; float32[n] scale   feature scaling
/// state   generator state (see StateDictFormat)
/// int32 h; h x GanProgress   training history (version 1 entries lack gradient norm, diversity and warnings; in version 2
///                            the diversity metrics inside entries have no version of their own)
/// </code>
/// </summary>
internal static class LegacyGeneratorFormat
{
    public const int LastVersion = 3;

    public static GeneratorModel Read(BinaryReader reader, int version)
    {
        string feature = reader.ReadString();
        string output = reader.ReadString();
        string? latent = reader.ReadBoolean() ? reader.ReadString() : null;
        int seed = reader.ReadInt32();
        var spec = MlpSpec.Read(reader);
        RequireWeightBytes(reader, spec);
        var scaler = CodecFormat.ReadScaler(reader);
        if (scaler.Size != spec.OutputSize)
            throw new InvalidDataException($"the scaler has {scaler.Size} slots but the generator writes {spec.OutputSize}");
        var state = StateDictFormat.Read(reader, "generator");
        var generator = spec.Build("generator");
        try
        {
            StateDictFormat.Load(generator, state, "generator");
            int historyCount = BinaryFormat.ReadCount(reader, "history entries", version == 1 ? 5 * sizeof(double) + 2 * sizeof(int) : GanProgress.MinimumSerializedBytes);
            var history = new List<GanProgress>(historyCount);
            for (int i = 0; i < historyCount; i++)
                history.Add(GanProgress.Read(reader, version));
            return new GeneratorModel(feature, output, latent, seed, generator, scaler, history, Options: null);
        }
        catch
        {
            generator.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The architecture's parameters must be within <see cref="SizeLimits.MaxParameters"/> and their float32 values
    /// present in the rest of the stream, checked before anything is read into memory.
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
}
