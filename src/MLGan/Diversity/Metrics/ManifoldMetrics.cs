using static TorchSharp.torch;

namespace MLGan.Diversity;

/// <summary>
/// k-NN manifold metrics. A set's manifold is the union of balls around its rows, each with the radius of the
/// distance to the row's k-th nearest neighbour in the set. Improved precision and recall (Kynkäänniemi et al.
/// 2019, k = 3); density and coverage (Naeem et al. 2020, k = 5). Balls are closed (distance ≤ radius).
/// </summary>
internal static class ManifoldMetrics
{
    /// <summary>For each query row, whether it lies in at least one ball B(centres_i, radii_i) (bool [n]).</summary>
    public static Tensor InsideBalls(Tensor queries, Tensor centres, Tensor radii, long blockRows = 0)
    {
        var inside = new bool[queries.shape[0]];
        using (var scope = NewDisposeScope())
        {
            var squaredRadii = radii.to_type(ScalarType.Float64).square().unsqueeze(0);
            PairwiseBlocks.ForEach(queries, centres, (start, squared) =>
                squared.le(squaredRadii).any(1).data<bool>().CopyTo(inside.AsSpan((int)start, (int)squared.shape[0])), blockRows);
        }
        return tensor(inside);
    }

    /// <summary>Precision: share of <paramref name="fake"/> rows inside the real manifold.</summary>
    public static double Precision(Tensor real, Tensor realRadii, Tensor fake)
        => Share(InsideBalls(fake, real, realRadii));

    /// <summary>Recall: share of <paramref name="real"/> rows inside the fake manifold.</summary>
    public static double Recall(Tensor real, Tensor fake, Tensor fakeRadii)
        => Share(InsideBalls(real, fake, fakeRadii));

    /// <summary>Density: (1 / kM) Σ_j Σ_i 1[fake_j ∈ B(real_i, r_i)]; about 1 when fake matches real, above 1 when fake crowds dense regions.</summary>
    public static double Density(Tensor real, Tensor realRadii, Tensor fake, int k, long blockRows = 0)
    {
        double count = 0;
        using (var scope = NewDisposeScope())
        {
            var squaredRadii = realRadii.to_type(ScalarType.Float64).square().unsqueeze(0);
            PairwiseBlocks.ForEach(fake, real, (_, squared) => count += squared.le(squaredRadii).sum().item<long>(), blockRows);
        }
        return count / ((double)k * fake.shape[0]);
    }

    /// <summary>Coverage: share of real rows whose ball B(real_i, r_i) holds at least one fake row.</summary>
    public static double Coverage(Tensor real, Tensor realRadii, Tensor fake, long blockRows = 0)
    {
        long covered = 0;
        using (var scope = NewDisposeScope())
        {
            var squaredRadii = realRadii.to_type(ScalarType.Float64).square();
            PairwiseBlocks.ForEach(real, fake, (start, squared) =>
                covered += squared.le(squaredRadii.narrow(0, start, squared.shape[0]).unsqueeze(1)).any(1).sum().item<long>(), blockRows);
        }
        return (double)covered / real.shape[0];
    }

    private static double Share(Tensor flags)
    {
        using (flags)
            return flags.to_type(ScalarType.Float64).mean().item<double>();
    }
}
