namespace MLGan.Diversity;

/// <summary>
/// Reverse KL divergence between a generator's histogram over modes and the reference mode weights, the
/// "reverse KL" of the PacGAN (Lin et al. 2018) and VEEGAN (Srivastava et al. 2017) mode-collapse tables
/// (there against uniform weights).
/// </summary>
internal static class ModeDivergence
{
    /// <summary>
    /// KL(p ‖ q) = Σᵢ pᵢ log(pᵢ / qᵢ) in nats, with p = counts / Σ counts and q = referenceWeights / Σ weights.
    /// Rules: terms with pᵢ = 0 are 0; if some mode has pᵢ &gt; 0 but qᵢ = 0 the divergence is
    /// <see cref="double.PositiveInfinity"/> (the generator puts mass where the reference has none); if all counts
    /// are 0 (no sample on any mode) the result is log(number of modes), the divergence of a single-mode
    /// histogram from uniform weights.
    /// </summary>
    public static double ReverseKL(IReadOnlyList<int> counts, IReadOnlyList<double> referenceWeights)
    {
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentNullException.ThrowIfNull(referenceWeights);
        if (counts.Count == 0)
            throw new ArgumentException("At least one mode is needed.", nameof(counts));
        if (referenceWeights.Count != counts.Count)
            throw new ArgumentException(
                $"referenceWeights must have one weight per mode ({counts.Count}); it has {referenceWeights.Count}.", nameof(referenceWeights));
        long total = 0;
        for (int i = 0; i < counts.Count; i++)
        {
            if (counts[i] < 0)
                throw new ArgumentException($"counts[{i}] = {counts[i]} is negative.", nameof(counts));
            total += counts[i];
        }
        double weightTotal = 0;
        for (int i = 0; i < referenceWeights.Count; i++)
        {
            double w = referenceWeights[i];
            if (!(w >= 0) || double.IsInfinity(w))
                throw new ArgumentException($"referenceWeights[{i}] = {w} is not a finite weight ≥ 0.", nameof(referenceWeights));
            weightTotal += w;
        }
        if (!(weightTotal > 0))
            throw new ArgumentException("referenceWeights must not all be 0.", nameof(referenceWeights));
        if (total == 0)
            return Math.Log(counts.Count);

        double kl = 0;
        for (int i = 0; i < counts.Count; i++)
        {
            if (counts[i] == 0)
                continue;
            double p = (double)counts[i] / total;
            double q = referenceWeights[i] / weightTotal;
            if (q == 0)
                return double.PositiveInfinity;
            kl += p * Math.Log(p / q);
        }
        return Math.Max(0, kl);
    }
}
