using System.Globalization;
using System.Text;

namespace MLGan;

/// <summary>
/// Set-level diversity of a sample against the real (reference) data, with a mode-collapse verdict.
/// Produced by <c>mlContext.Gan().Evaluate(...)</c>; <see cref="ToString"/> prints a table.
/// </summary>
public sealed record DiversityMetrics
{
    /// <summary>Rows evaluated.</summary>
    public int SampleCount { get; init; }

    /// <summary>Modes with at least one high-quality row (PacGAN/VEEGAN protocol).</summary>
    public int ModesCaptured { get; init; }

    /// <summary>Modes of the reference (given centres or k-means clusters).</summary>
    public int TotalModes { get; init; }

    /// <summary>Share of rows within their nearest mode's quality radius (PacGAN: within 3 standard deviations).</summary>
    public double HighQualityShare { get; init; }

    /// <summary>KL(mode histogram of high-quality rows ‖ reference mode weights): 0 is balanced, log(modes) is a single mode (PacGAN).</summary>
    public double ReverseKL { get; init; }

    /// <summary>High-quality rows per mode.</summary>
    public IReadOnlyList<int> ModeHistogram { get; init; } = Array.Empty<int>();

    /// <summary>Share of rows inside the reference k-NN manifold, k = 3 (improved precision, Kynkäänniemi et al. 2019): quality.</summary>
    public double Precision { get; init; }

    /// <summary>Share of reference rows inside the sample's k-NN manifold, k = 3 (improved recall, Kynkäänniemi et al. 2019): diversity.</summary>
    public double Recall { get; init; }

    /// <summary>How many reference k-NN balls (k = 5) contain a row, on average, divided by k (Naeem et al. 2020); about 1 when the sample matches.</summary>
    public double Density { get; init; }

    /// <summary>Share of reference rows whose k-NN ball (k = 5) contains at least one sample row (Naeem et al. 2020).</summary>
    public double Coverage { get; init; }

    /// <summary>Fréchet distance between Gaussians fitted to the sample's and the reference's features (Heusel et al. 2017, on raw features).</summary>
    public double FrechetDistance { get; init; }

    /// <summary>NDB: bins (k-means on the reference) whose sample share differs significantly from the reference share (two-proportion z-test, α = 0.05; Richardson &amp; Weiss 2018).</summary>
    public int DifferentBins { get; init; }

    /// <summary>NDB bins in all.</summary>
    public int TotalBins { get; init; }

    /// <summary>Share of rows with another sample row within the duplicate radius.</summary>
    public double DuplicateRate { get; init; }

    /// <summary>True when at least one collapse criterion holds; see <see cref="Reasons"/>.</summary>
    public bool IsCollapsed => Reasons.Count > 0;

    /// <summary>Why the sample counts as collapsed, one sentence per criterion met (empty when healthy).</summary>
    public IReadOnlyList<string> Reasons { get; init; } = Array.Empty<string>();

    /// <summary>Observations that are not collapse (e.g. low precision: poor quality, not missing modes).</summary>
    public IReadOnlyList<string> Notes { get; init; } = Array.Empty<string>();

    /// <inheritdoc/>
    public bool Equals(DiversityMetrics? other)
        => other is not null && SampleCount == other.SampleCount && ModesCaptured == other.ModesCaptured && TotalModes == other.TotalModes
           && HighQualityShare.Equals(other.HighQualityShare) && ReverseKL.Equals(other.ReverseKL) && ModeHistogram.SequenceEqual(other.ModeHistogram)
           && Precision.Equals(other.Precision) && Recall.Equals(other.Recall) && Density.Equals(other.Density) && Coverage.Equals(other.Coverage)
           && FrechetDistance.Equals(other.FrechetDistance) && DifferentBins == other.DifferentBins && TotalBins == other.TotalBins
           && DuplicateRate.Equals(other.DuplicateRate) && Reasons.SequenceEqual(other.Reasons) && Notes.SequenceEqual(other.Notes);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(SampleCount, ModesCaptured, Precision, Recall, Coverage);

    internal void Write(BinaryWriter writer)
    {
        writer.Write(SampleCount);
        writer.Write(ModesCaptured);
        writer.Write(TotalModes);
        writer.Write(HighQualityShare);
        writer.Write(ReverseKL);
        Persistence.BinaryFormat.WriteInts(writer, ModeHistogram);
        writer.Write(Precision);
        writer.Write(Recall);
        writer.Write(Density);
        writer.Write(Coverage);
        writer.Write(FrechetDistance);
        writer.Write(DifferentBins);
        writer.Write(TotalBins);
        writer.Write(DuplicateRate);
        Persistence.BinaryFormat.WriteStrings(writer, Reasons);
        Persistence.BinaryFormat.WriteStrings(writer, Notes);
    }

    internal static DiversityMetrics Read(BinaryReader reader) => new()
    {
        SampleCount = reader.ReadInt32(),
        ModesCaptured = reader.ReadInt32(),
        TotalModes = reader.ReadInt32(),
        HighQualityShare = reader.ReadDouble(),
        ReverseKL = reader.ReadDouble(),
        ModeHistogram = Persistence.BinaryFormat.ReadInts(reader, "mode histogram entries"),
        Precision = reader.ReadDouble(),
        Recall = reader.ReadDouble(),
        Density = reader.ReadDouble(),
        Coverage = reader.ReadDouble(),
        FrechetDistance = reader.ReadDouble(),
        DifferentBins = reader.ReadInt32(),
        TotalBins = reader.ReadInt32(),
        DuplicateRate = reader.ReadDouble(),
        Reasons = Persistence.BinaryFormat.ReadStrings(reader, "reasons"),
        Notes = Persistence.BinaryFormat.ReadStrings(reader, "notes"),
    };

    /// <inheritdoc/>
    public override string ToString()
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(c, $"| metric | value |");
        text.AppendLine("|---|---|");
        text.AppendLine(c, $"| samples | {SampleCount} |");
        text.AppendLine(c, $"| modes captured | {ModesCaptured} / {TotalModes} |");
        text.AppendLine(c, $"| high-quality share | {HighQualityShare:0.000} |");
        text.AppendLine(c, $"| reverse KL | {ReverseKL:0.000} |");
        text.AppendLine(c, $"| precision / recall (k=3) | {Precision:0.000} / {Recall:0.000} |");
        text.AppendLine(c, $"| density / coverage (k=5) | {Density:0.000} / {Coverage:0.000} |");
        text.AppendLine(c, $"| Fréchet distance | {FrechetDistance:0.0000} |");
        text.AppendLine(c, $"| NDB | {DifferentBins} / {TotalBins} |");
        text.AppendLine(c, $"| duplicate rate | {DuplicateRate:0.000} |");
        text.Append(c, $"| verdict | {(IsCollapsed ? "COLLAPSED" : "healthy")} |");
        foreach (var reason in Reasons)
            text.AppendLine().Append(c, $"- collapse: {reason}");
        foreach (var note in Notes)
            text.AppendLine().Append(c, $"- note: {note}");
        return text.ToString();
    }
}
