namespace MLGan.Data;

/// <summary>
/// Standard-normal latent vectors as a pure function of (stream key, row position, slot): the same row of
/// the same request gets the same vector in any process, whatever the cursor order.
/// Counter-based: SplitMix64 finalizer over the counter, Box-Muller for the normal pair.
/// </summary>
internal static class RowNoise
{
    /// <summary>Version of this sampler, saved in model files: a change of the noise a row gets is a new version.</summary>
    public const int Version = 1;

    /// <summary>Combines the model's seed and a request seed into one stream key.</summary>
    public static ulong StreamKey(int modelSeed, int requestSeed)
        => Mix(((ulong)(uint)modelSeed << 32) | (uint)requestSeed);

    /// <summary>Fills <paramref name="destination"/> with the latent vector of row <paramref name="row"/>.</summary>
    public static void Fill(ulong streamKey, long row, Span<float> destination)
    {
        ulong rowKey = Mix(streamKey ^ Mix((ulong)row + 0x9E3779B97F4A7C15UL));
        for (int j = 0; j < destination.Length; j += 2)
        {
            ulong bits = Mix(rowKey + (ulong)(j / 2) * 0xD1B54A32D192ED03UL);
            // Two uniforms in (0, 1] from 32 bits each.
            double u1 = ((bits >> 32) + 1.0) / 4294967296.0;
            double u2 = ((bits & 0xFFFFFFFFUL) + 1.0) / 4294967296.0;
            double radius = Math.Sqrt(-2.0 * Math.Log(u1));
            double angle = 2.0 * Math.PI * u2;
            destination[j] = (float)(radius * Math.Cos(angle));
            if (j + 1 < destination.Length)
                destination[j + 1] = (float)(radius * Math.Sin(angle));
        }
    }

    /// <summary>
    /// Which of <paramref name="count"/> generators makes row <paramref name="row"/> (MAD-GAN models): uniform, independent
    /// of the row's latent vector, and a pure function of (stream key, row position).
    /// </summary>
    public static int Choice(ulong streamKey, long row, int count)
        => (int)(Mix(streamKey ^ Mix((ulong)row ^ 0xA24BAED4963EE407UL) ^ 0x5851F42D4C957F2DUL) % (ulong)count);

    internal static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
