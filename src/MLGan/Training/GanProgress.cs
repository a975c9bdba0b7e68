using System.Globalization;

namespace MLGan;

/// <summary>
/// A snapshot of a training run: reported through <see cref="IProgress{T}"/> and the <see cref="Microsoft.ML.MLContext.Log"/>
/// every <see cref="GanOptions.ReportInterval"/> generator steps, and kept in <see cref="GanTransformer.TrainingHistory"/>.
/// Losses are averages over the steps since the previous snapshot.
/// </summary>
public sealed record GanProgress
{
    /// <summary>Completed passes over the training data (fractional).</summary>
    public double Epoch { get; init; }

    /// <summary>Generator steps done so far.</summary>
    public int Step { get; init; }

    /// <summary>Generator steps the run will take in total.</summary>
    public int TotalSteps { get; init; }

    /// <summary>Mean discriminator loss (including penalties) since the previous snapshot.</summary>
    public double DiscriminatorLoss { get; init; }

    /// <summary>Mean generator loss since the previous snapshot.</summary>
    public double GeneratorLoss { get; init; }

    /// <summary>Real rows consumed by the discriminator per second since the previous snapshot.</summary>
    public double SamplesPerSecond { get; init; }

    /// <summary>Seconds since training started.</summary>
    public double ElapsedSeconds { get; init; }

    /// <inheritdoc/>
    public override string ToString() => string.Format(CultureInfo.InvariantCulture,
        "epoch {0:0.##}, step {1}/{2}: D loss {3:0.0000}, G loss {4:0.0000}, {5:0} samples/s, {6:0.0} s",
        Epoch, Step, TotalSteps, DiscriminatorLoss, GeneratorLoss, SamplesPerSecond, ElapsedSeconds);

    internal void Write(BinaryWriter writer)
    {
        writer.Write(Epoch);
        writer.Write(Step);
        writer.Write(TotalSteps);
        writer.Write(DiscriminatorLoss);
        writer.Write(GeneratorLoss);
        writer.Write(SamplesPerSecond);
        writer.Write(ElapsedSeconds);
    }

    internal static GanProgress Read(BinaryReader reader) => new()
    {
        Epoch = reader.ReadDouble(),
        Step = reader.ReadInt32(),
        TotalSteps = reader.ReadInt32(),
        DiscriminatorLoss = reader.ReadDouble(),
        GeneratorLoss = reader.ReadDouble(),
        SamplesPerSecond = reader.ReadDouble(),
        ElapsedSeconds = reader.ReadDouble(),
    };
}
