using System.Globalization;
using System.Runtime.InteropServices;

namespace MLGan.Training;

/// <summary>
/// glibc's malloc gives freed memory at the top of its heap back to the system once more than its trim threshold is free,
/// and serves blocks above its mmap threshold with fresh mappings; both start low (128 KiB) and rise only with the
/// largest block freed so far. libtorch allocates and frees a step's activations and gradients every step, so those
/// pages went back to the system and were faulted in and cleared again at the next step (the PacGAN paper networks: 5.6%
/// of a profile in the kernel's page-fault handler). Raised once per process, the thresholds keep that memory in the
/// heap for reuse (benchmarks/RESULTS.md: the paper networks' step 14–22% shorter). Linux with glibc only; left alone
/// where <c>GLIBC_TUNABLES</c> already sets malloc's behaviour; opt-in (<see cref="GanRunOptions.ReuseNativeMemory"/>).
/// </summary>
internal static class NativeMemory
{
    /// <summary>Blocks up to this size come from the heap (glibc's largest allowed value on 64-bit systems).</summary>
    public const int MmapThresholdBytes = 32 << 20;

    /// <summary>Freed memory kept at the top of the heap before any is given back.</summary>
    public const int TrimThresholdBytes = 128 << 20;

    private const int M_TRIM_THRESHOLD = -1, M_MMAP_THRESHOLD = -3;
    private static readonly object Gate = new();
    private static bool _tried;

    /// <summary>
    /// Raises the thresholds the first time it is called in a process (see <see cref="Configure"/>); later calls return null.
    /// </summary>
    public static string? KeepFreedMemoryForReuse()
    {
        lock (Gate)
        {
            if (_tried)
                return null;
            _tried = true;
            return Configure(Environment.GetEnvironmentVariable("GLIBC_TUNABLES"));
        }
    }

    /// <summary>
    /// Raises the thresholds unless <paramref name="glibcTunables"/> (the environment variable's value) sets malloc's
    /// behaviour; returns what it did, for the training log, or null where there is nothing to say (not Linux with glibc).
    /// </summary>
    internal static string? Configure(string? glibcTunables)
    {
        if (!OperatingSystem.IsLinux())
            return null;
        if (glibcTunables is not null && glibcTunables.Contains("glibc.malloc.", StringComparison.Ordinal))
            return "native memory: glibc's malloc left as GLIBC_TUNABLES sets it";
        try
        {
            if (mallopt(M_MMAP_THRESHOLD, MmapThresholdBytes) != 1 || mallopt(M_TRIM_THRESHOLD, TrimThresholdBytes) != 1)
                return "native memory: glibc refused the malloc thresholds; its defaults stay";
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null; // another C library (e.g. musl), which has no such thresholds
        }
        return string.Format(CultureInfo.InvariantCulture,
            "native memory: glibc's malloc now keeps up to {0} MiB of freed memory, and serves blocks up to {1} MiB from its heap, for reuse in this process " +
            "(GanOptions.Run.ReuseNativeMemory)", TrimThresholdBytes >> 20, MmapThresholdBytes >> 20);
    }

    [DllImport("libc.so.6", EntryPoint = "mallopt")]
    private static extern int mallopt(int parameter, int value);
}
