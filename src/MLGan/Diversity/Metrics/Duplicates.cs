using static TorchSharp.torch;

namespace MLGan.Diversity;

/// <summary>Near-duplicates: rows with another row of the same set within a radius (the birthday-paradox signal of collapse, Arora &amp; Zhang 2017).</summary>
internal static class Duplicates
{
    public static double Rate(Tensor rows, double radius)
    {
        if (rows.shape[0] < 2)
            return 0;
        using var scope = NewDisposeScope();
        return NearestNeighbors.KthNeighborDistances(rows, 1).le(radius).to_type(ScalarType.Float64).mean().item<double>();
    }
}
