namespace MLGan.Diversity;

/// <summary>Reverse KL of a mode histogram, as in the PacGAN/VEEGAN protocols.</summary>
internal static class ModeDivergence
{
    /// <summary>
    /// KL(p ‖ q) = Σ p_m ln(p_m / q_m) with p the normalized <paramref name="counts"/> and q the normalized
    /// <paramref name="referenceWeights"/>. Empty modes contribute 0; a non-empty mode with zero reference weight
    /// makes it +∞; with no counts at all it is ln(modes), as for a single mode.
    /// </summary>
    public static double ReverseKL(IReadOnlyList<int> counts, IReadOnlyList<double> referenceWeights)
    {
        if (counts.Count != referenceWeights.Count || counts.Count == 0)
            throw new ArgumentException("counts and weights must have the same, positive length");
        double total = counts.Sum(), weightTotal = referenceWeights.Sum();
        if (total == 0)
            return Math.Log(counts.Count);
        double kl = 0;
        for (int m = 0; m < counts.Count; m++)
        {
            if (counts[m] == 0)
                continue;
            double p = counts[m] / total, q = referenceWeights[m] / weightTotal;
            if (q <= 0)
                return double.PositiveInfinity;
            kl += p * Math.Log(p / q);
        }
        return Math.Max(0, kl);
    }
}
