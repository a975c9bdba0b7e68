using System.Globalization;
using System.Text;

namespace MLGan;

/// <summary>
/// Set-level diversity of a sample against the real (reference) data, with a mode-collapse verdict.
/// Produced by <c>mlContext.Gan().Evaluate(...)</c>; <see cref="ToString"/> prints a table.
/// </summary>
[Display.TypeFormatterSource(typeof(Display.NotebookFormatterSource))] // HTML in notebooks (see NotebookDisplay)
public sealed record DiversityMetrics
{
    /// <summary>Format version of <see cref="Write"/>; the metrics carry their own version so a new metric does not change the model format around them.</summary>
    internal const int FormatVersion = 2;

    /// <summary>Rows evaluated.</summary>
    public int SampleCount { get; init; }

    /// <summary>Reference (real) rows the sample was compared with.</summary>
    public int ReferenceCount { get; init; }

    /// <summary>Modes with at least one high-quality row (PacGAN/VEEGAN protocol).</summary>
    public int ModesCaptured { get; init; }

    /// <summary>Modes of the reference (given centres or k-means clusters).</summary>
    public int TotalModes { get; init; }

    /// <summary>Share of rows within their nearest mode's quality radius (PacGAN: within 3 standard deviations).</summary>
    public double HighQualityShare { get; init; }

    /// <summary>
    /// KL(mode histogram of high-quality rows ‖ the real data's mode weights): 0 matches the real data, log(modes) is a
    /// single mode. The weights are measured from the reference rows (or given in
    /// <see cref="DiversityScoringOptions.ModeWeights"/>), so a sample that matches unequal real weights scores 0.
    /// </summary>
    public double ReverseKL { get; init; }

    /// <summary>
    /// KL(mode histogram of high-quality rows ‖ equal weights): the "reverse KL" of the PacGAN (Lin et al. 2018) and
    /// VEEGAN (Srivastava et al. 2017) tables, whose protocols have equally weighted modes.
    /// </summary>
    public double ReverseKLToUniform { get; init; }

    /// <summary>
    /// Modes with no high-quality row where a sample of real rows of this size would almost surely have one: the
    /// exact conditional probability of zero hits given the mode's high-quality reference rows is below
    /// <see cref="CollapseCriteria.SignificanceLevel"/> / modes. A rare mode missed by a small sample is not counted.
    /// </summary>
    public int MissingModes { get; init; }

    /// <summary>
    /// Permutation p-value of the sample's high-quality mode histogram against the reference's (400 seeded shuffles of
    /// the pooled rows' modes; statistic: KL of the sample shares from the reference shares). Small: the histograms differ.
    /// </summary>
    public double ModeHistogramPValue { get; init; } = 1;

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

    /// <summary>
    /// Share of rows with another sample row within the duplicate radius, measured in consecutive sets of
    /// <see cref="DuplicateComparisonSize"/> rows (more rows always crowd closer, so rates compare only at equal sizes).
    /// </summary>
    public double DuplicateRate { get; init; }

    /// <summary>The real data's own duplicate rate in random sets of <see cref="DuplicateComparisonSize"/> reference rows (exact expectation).</summary>
    public double ReferenceDuplicateRate { get; init; }

    /// <summary>Set size at which <see cref="DuplicateRate"/> and <see cref="ReferenceDuplicateRate"/> are measured: the smaller of the sample and reference row counts.</summary>
    public int DuplicateComparisonSize { get; init; }

    /// <summary>True when at least one collapse criterion holds; see <see cref="Reasons"/>.</summary>
    public bool IsCollapsed => Reasons.Count > 0;

    /// <summary>Why the sample counts as collapsed, one sentence per criterion met (empty when healthy).</summary>
    public IReadOnlyList<string> Reasons { get; init; } = Array.Empty<string>();

    /// <summary>Observations that are not collapse (e.g. low precision: poor quality, not missing modes).</summary>
    public IReadOnlyList<string> Notes { get; init; } = Array.Empty<string>();

    /// <inheritdoc/>
    public bool Equals(DiversityMetrics? other)
        => other is not null && SampleCount == other.SampleCount && ReferenceCount == other.ReferenceCount && ModesCaptured == other.ModesCaptured && TotalModes == other.TotalModes
           && HighQualityShare.Equals(other.HighQualityShare) && ReverseKL.Equals(other.ReverseKL) && ReverseKLToUniform.Equals(other.ReverseKLToUniform)
           && MissingModes == other.MissingModes && ModeHistogramPValue.Equals(other.ModeHistogramPValue) && ModeHistogram.SequenceEqual(other.ModeHistogram)
           && Precision.Equals(other.Precision) && Recall.Equals(other.Recall) && Density.Equals(other.Density) && Coverage.Equals(other.Coverage)
           && FrechetDistance.Equals(other.FrechetDistance) && DifferentBins == other.DifferentBins && TotalBins == other.TotalBins
           && DuplicateRate.Equals(other.DuplicateRate) && ReferenceDuplicateRate.Equals(other.ReferenceDuplicateRate) && DuplicateComparisonSize == other.DuplicateComparisonSize
           && Reasons.SequenceEqual(other.Reasons) && Notes.SequenceEqual(other.Notes);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(SampleCount, ModesCaptured, Precision, Recall, Coverage);

    /// <summary>
    /// Writes the metrics with their own format version first (model format 3 on): the fields of the unversioned
    /// layout of model formats 1 and 2, then the ones added since.
    /// </summary>
    internal void Write(BinaryWriter writer)
    {
        writer.Write(FormatVersion);
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
        // Version 2.
        writer.Write(ReferenceCount);
        writer.Write(MissingModes);
        writer.Write(ReverseKLToUniform);
        writer.Write(ModeHistogramPValue);
        writer.Write(ReferenceDuplicateRate);
        writer.Write(DuplicateComparisonSize);
    }

    /// <summary>
    /// Reads metrics written by <see cref="Write"/>, or, with <paramref name="versioned"/> false, the unversioned layout
    /// of model formats 1 and 2 (whose verdict was the uncalibrated one of that time; the fields added since are
    /// derived where they can be and NaN where they cannot).
    /// </summary>
    internal static DiversityMetrics Read(BinaryReader reader, bool versioned)
    {
        if (versioned)
            Persistence.BinaryFormat.ReadVersion(reader, FormatVersion, first: 2);
        var metrics = new DiversityMetrics
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
        if (!versioned)
        {
            return metrics with
            {
                MissingModes = metrics.TotalModes - metrics.ModesCaptured,
                ReverseKLToUniform = metrics.ModeHistogram.Count > 0 ? Diversity.ModeDivergence.ReverseKL(metrics.ModeHistogram, Enumerable.Repeat(1.0, metrics.ModeHistogram.Count).ToArray()) : 0,
                ModeHistogramPValue = double.NaN,
                ReferenceDuplicateRate = double.NaN,
            };
        }
        return metrics with
        {
            ReferenceCount = reader.ReadInt32(),
            MissingModes = reader.ReadInt32(),
            ReverseKLToUniform = reader.ReadDouble(),
            ModeHistogramPValue = reader.ReadDouble(),
            ReferenceDuplicateRate = reader.ReadDouble(),
            DuplicateComparisonSize = reader.ReadInt32(),
        };
    }

    /// <summary>
    /// The report as (metric, value) rows, in the order of <see cref="ToString"/>'s table, ending with the verdict: the one
    /// source of the markdown table, the HTML table and the command-line tool's table. The reasons and notes follow
    /// separately (<see cref="Reasons"/>, <see cref="Notes"/>).
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> ToRows()
    {
        var c = CultureInfo.InvariantCulture;
        KeyValuePair<string, string> Row(string metric, FormattableString value) => new(metric, value.ToString(c));
        return new[]
        {
            Row("samples", $"{SampleCount}"),
            Row("reference rows", $"{ReferenceCount}"),
            Row("modes captured", $"{ModesCaptured} / {TotalModes} ({MissingModes} missing beyond chance)"),
            Row("high-quality share", $"{HighQualityShare:0.000}"),
            Row("reverse KL: to the real weights / to equal weights", $"{ReverseKL:0.000} / {ReverseKLToUniform:0.000} (histogram p = {ModeHistogramPValue:0.###})"),
            Row("precision / recall (k=3)", $"{Precision:0.000} / {Recall:0.000}"),
            Row("density / coverage (k=5)", $"{Density:0.000} / {Coverage:0.000}"),
            Row("Fréchet distance", $"{FrechetDistance:0.0000}"),
            Row("NDB", $"{DifferentBins} / {TotalBins}"),
            Row($"duplicate rate (real rows), sets of {DuplicateComparisonSize}", $"{DuplicateRate:0.000} ({ReferenceDuplicateRate:0.000})"),
            Row("verdict", $"{(IsCollapsed ? "COLLAPSED" : "healthy")}"),
        };
    }

    /// <summary>The report as a markdown table, then one line per collapse reason and per note.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.AppendLine("| metric | value |");
        text.Append("|---|---|");
        foreach (var (metric, value) in ToRows())
            text.AppendLine().Append(CultureInfo.InvariantCulture, $"| {metric} | {value} |");
        foreach (var reason in Reasons)
            text.AppendLine().Append(CultureInfo.InvariantCulture, $"- collapse: {reason}");
        foreach (var note in Notes)
            text.AppendLine().Append(CultureInfo.InvariantCulture, $"- note: {note}");
        return text.ToString();
    }
}
