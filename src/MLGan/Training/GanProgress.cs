using System.Globalization;
using System.Text;

namespace MLGan;

/// <summary>
/// A snapshot of a training run: reported through <see cref="IProgress{T}"/> and the <see cref="Microsoft.ML.MLContext.Log"/>
/// every <see cref="GanRunOptions.ReportInterval"/> generator steps and at every collapse-monitor check, and kept in
/// <see cref="GanTransformer.TrainingHistory"/>. Losses are averages over the steps since the previous snapshot.
/// </summary>
[Display.TypeFormatterSource(typeof(Display.NotebookFormatterSource))] // HTML in notebooks (see NotebookDisplay)
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

    /// <summary>Mean L2 norm of the generator's parameter gradient since the previous snapshot.</summary>
    public double GeneratorGradientNorm { get; init; }

    /// <summary>Real rows consumed by the discriminator per second since the previous snapshot.</summary>
    public double SamplesPerSecond { get; init; }

    /// <summary>Seconds since training started (the collapse monitor's set-up included).</summary>
    public double ElapsedSeconds { get; init; }

    /// <summary>Seconds of <see cref="ElapsedSeconds"/> spent by the collapse monitor: fitting its reference and its checks.</summary>
    public double MonitorSeconds { get; init; }

    /// <summary>The collapse monitor's measurement at this step, when one was taken (see <see cref="GanOptions.Monitor"/>).</summary>
    public DiversityMetrics? Diversity { get; init; }

    /// <summary>Loss-trend early warnings and monitor actions at this step (hints; the verdict comes from <see cref="Diversity"/>).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = Array.Empty<string>();

    /// <inheritdoc/>
    public bool Equals(GanProgress? other)
        => other is not null && Epoch == other.Epoch && Step == other.Step && TotalSteps == other.TotalSteps
           && DiscriminatorLoss.Equals(other.DiscriminatorLoss) && GeneratorLoss.Equals(other.GeneratorLoss)
           && GeneratorGradientNorm.Equals(other.GeneratorGradientNorm) && SamplesPerSecond.Equals(other.SamplesPerSecond)
           && ElapsedSeconds.Equals(other.ElapsedSeconds) && MonitorSeconds.Equals(other.MonitorSeconds) && Equals(Diversity, other.Diversity) && Warnings.SequenceEqual(other.Warnings);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Step, DiscriminatorLoss, GeneratorLoss);

    /// <inheritdoc/>
    public override string ToString()
    {
        var text = new StringBuilder(string.Format(CultureInfo.InvariantCulture,
            "epoch {0:0.##}, step {1}/{2}: D loss {3:0.0000}, G loss {4:0.0000}, |grad G| {5:0.000}, {6:0} samples/s, {7:0.0} s",
            Epoch, Step, TotalSteps, DiscriminatorLoss, GeneratorLoss, GeneratorGradientNorm, SamplesPerSecond, ElapsedSeconds));
        if (Diversity is { } d)
            text.Append(CultureInfo.InvariantCulture,
                $"; modes {d.ModesCaptured}/{d.TotalModes}, precision {d.Precision:0.00}, recall {d.Recall:0.00}, coverage {d.Coverage:0.00}, {(d.IsCollapsed ? "collapsed" : "healthy")}");
        foreach (var warning in Warnings)
            text.Append("; warning: ").Append(warning);
        return text.ToString();
    }

    /// <summary>Fewest bytes one serialized snapshot takes (used to bound counts when reading).</summary>
    internal const int MinimumSerializedBytes = 7 * sizeof(double) + 2 * sizeof(int) + 5;

    internal void Write(BinaryWriter writer)
    {
        writer.Write(Epoch);
        writer.Write(Step);
        writer.Write(TotalSteps);
        writer.Write(DiscriminatorLoss);
        writer.Write(GeneratorLoss);
        writer.Write(GeneratorGradientNorm);
        writer.Write(SamplesPerSecond);
        writer.Write(ElapsedSeconds);
        writer.Write(MonitorSeconds);
        writer.Write(Diversity is not null);
        Diversity?.Write(writer);
        Persistence.BinaryFormat.WriteStrings(writer, Warnings);
    }

    /// <summary>Reads a snapshot; format version 1 had no gradient norm, monitor time, diversity or warnings; from version 3 the diversity metrics carry their own version.</summary>
    internal static GanProgress Read(BinaryReader reader, int formatVersion)
    {
        if (formatVersion == 1)
        {
            return new GanProgress
            {
                Epoch = reader.ReadDouble(), Step = reader.ReadInt32(), TotalSteps = reader.ReadInt32(),
                DiscriminatorLoss = reader.ReadDouble(), GeneratorLoss = reader.ReadDouble(),
                SamplesPerSecond = reader.ReadDouble(), ElapsedSeconds = reader.ReadDouble(),
            };
        }
        return new GanProgress
        {
            Epoch = reader.ReadDouble(), Step = reader.ReadInt32(), TotalSteps = reader.ReadInt32(),
            DiscriminatorLoss = reader.ReadDouble(), GeneratorLoss = reader.ReadDouble(), GeneratorGradientNorm = reader.ReadDouble(),
            SamplesPerSecond = reader.ReadDouble(), ElapsedSeconds = reader.ReadDouble(), MonitorSeconds = reader.ReadDouble(),
            Diversity = reader.ReadBoolean() ? DiversityMetrics.Read(reader, versioned: formatVersion >= 3) : null,
            Warnings = Persistence.BinaryFormat.ReadStrings(reader, "warnings"),
        };
    }
}
