using System.Globalization;

namespace MLGan.Diversity;

/// <summary>
/// The outcome of <see cref="Ndb.Compute"/>: per bin, the reference and generated proportions, the z statistic
/// of the two-proportion test and whether the bin differs significantly; overall, the number of statistically
/// different bins (NDB) and its share NDB / K, the figure Richardson &amp; Weiss 2018 report.
/// </summary>
internal sealed record NdbResult
{
    /// <summary>Bins whose proportions differ significantly (NDB).</summary>
    public required int DifferentBins { get; init; }

    /// <summary>All bins (K).</summary>
    public required int TotalBins { get; init; }

    /// <summary>NDB / K in [0, 1]; near alpha when the two sets come from the same distribution.</summary>
    public double DifferentShare => TotalBins == 0 ? 0 : (double)DifferentBins / TotalBins;

    /// <summary>Significance level of each bin's two-sided test.</summary>
    public required double Alpha { get; init; }

    /// <summary>|z| threshold: Φ⁻¹(1 − alpha / 2) (1.96 for alpha = 0.05).</summary>
    public required double CriticalZ { get; init; }

    /// <summary>Rows of the reference set the proportions came from.</summary>
    public required long ReferenceCount { get; init; }

    /// <summary>Generated rows tested.</summary>
    public required long FakeCount { get; init; }

    /// <summary>Share of reference rows in each bin.</summary>
    public required IReadOnlyList<double> ReferenceProportions { get; init; }

    /// <summary>Share of generated rows in each bin.</summary>
    public required IReadOnlyList<double> FakeProportions { get; init; }

    /// <summary>z = (fake − reference proportion) / pooled standard error, per bin (0 where both proportions are 0 or both 1).</summary>
    public required IReadOnlyList<double> ZScores { get; init; }

    /// <summary>Two-sided p-value of each bin's z.</summary>
    public required IReadOnlyList<double> PValues { get; init; }

    /// <summary>Whether each bin differs significantly (|z| &gt; <see cref="CriticalZ"/>).</summary>
    public required IReadOnlyList<bool> IsDifferent { get; init; }

    /// <inheritdoc/>
    public override string ToString() => string.Format(CultureInfo.InvariantCulture,
        "NDB {0}/{1} ({2:P1}) at alpha {3}", DifferentBins, TotalBins, DifferentShare, Alpha);
}
