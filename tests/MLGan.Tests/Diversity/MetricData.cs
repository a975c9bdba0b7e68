using TorchSharp;
using static TorchSharp.torch;

namespace MLGan.Tests.Diversity;

/// <summary>Small sample sets for the metric kernel tests.</summary>
internal static class MetricData
{
    /// <summary>A float32 [rows, features] tensor from literal rows.</summary>
    public static Tensor Rows(params float[][] rows)
    {
        int d = rows[0].Length;
        return tensor(rows.SelectMany(r => r).ToArray(), new long[] { rows.Length, d });
    }

    /// <summary>Points on a line: a float32 [n, 1] tensor.</summary>
    public static Tensor Line(params float[] xs) => tensor(xs, new long[] { xs.Length, 1 });

    /// <summary>Seeded standard-normal rows (own generator, so parallel tests do not share a global seed).</summary>
    public static Tensor Gaussian(int rows, int features, int seed, double scale = 1)
    {
        using var generator = new Generator((ulong)seed);
        using var values = randn(new long[] { rows, features }, generator: generator);
        return values.mul(scale);
    }

    /// <summary>perBlob seeded rows around each centre with the given standard deviation.</summary>
    public static Tensor Blobs(float[][] centres, int perBlob, double std, int seed)
    {
        using var scope = NewDisposeScope();
        using var noise = Gaussian(centres.Length * perBlob, centres[0].Length, seed, std);
        var means = Rows(centres).repeat_interleave(perBlob, dim: 0);
        return (means + noise).MoveToOuterDisposeScope();
    }

    public static float[] Floats(Tensor t)
    {
        using var cpu = t.contiguous().cpu();
        return cpu.data<float>().ToArray();
    }

    public static long[] Longs(Tensor t)
    {
        using var cpu = t.contiguous().cpu();
        return cpu.data<long>().ToArray();
    }

    public static bool[] Bools(Tensor t)
    {
        using var cpu = t.contiguous().cpu();
        return cpu.data<bool>().ToArray();
    }

    /// <summary>Element-wise equality within <paramref name="delta"/> + <paramref name="relative"/> × |expected|.</summary>
    public static void AreEqual(double[] expected, float[] actual, double delta, string? message = null, double relative = 0)
    {
        Assert.HasCount(expected.Length, actual, message);
        for (int i = 0; i < expected.Length; i++)
            Assert.AreEqual(expected[i], actual[i], delta + relative * Math.Abs(expected[i]), $"{message} [{i}]");
    }
}
