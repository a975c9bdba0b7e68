namespace MLGan.Engine;

/// <summary>
/// The seeded random streams of a training run, one place for their seeds: each consumer draws from its own stream,
/// so adding a consumer, or checking the run more often, never changes what another consumer draws.
/// </summary>
internal static class RandomStreams
{
    /// <summary>Weight initialization (CPU), every player in order: the generator first, then the discriminator.</summary>
    public static ulong Initialization(int seed) => (ulong)seed;

    /// <summary>Training: latent vectors, instance noise and the random points of the gradient penalties.</summary>
    public static ulong Training(int seed) => (ulong)seed + 1;

    /// <summary>The collapse monitor's samples.</summary>
    public static ulong Monitor(int seed) => (ulong)seed + 2;

    /// <summary>The collapse monitor's reference sample and modes (managed).</summary>
    public static int MonitorReference(int seed) => seed + 3;

    /// <summary>Real batches drawn outside the epoch schedule (unrolling's lookahead steps, feature matching) (managed).</summary>
    public static int ExtraBatches(int seed) => seed + 4;

    /// <summary>The divergence guard's probe latents.</summary>
    public static ulong DivergenceProbe(int seed) => (ulong)seed + 6;

    /// <summary>Dropout masks.</summary>
    public static ulong Dropout(int seed) => (ulong)seed + 7;

    /// <summary>Unrolling's lookahead steps: their latents, instance noise and penalty points.</summary>
    public static ulong Lookahead(int seed) => (ulong)seed + 8;

    /// <summary>The latent vectors of the TensorBoard sample grid (CPU).</summary>
    public static ulong TensorBoard(int seed) => (ulong)seed + 9;

    /// <summary>The latent vectors whose generated rows calibrate the quantile-transformed slots after training.</summary>
    public static ulong QuantileCalibration(int seed) => (ulong)seed + 10;
}
