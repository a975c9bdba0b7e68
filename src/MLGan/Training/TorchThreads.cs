using static TorchSharp.torch;

namespace MLGan.Training;

/// <summary>Sets libtorch's intra-op thread count for a scope and restores the previous value.</summary>
internal sealed class TorchThreads : IDisposable
{
    private readonly int _previous;

    private TorchThreads(int threads)
    {
        _previous = get_num_threads();
        set_num_threads(threads);
    }

    /// <summary>A scope with <paramref name="threads"/> threads, or none when unset.</summary>
    public static IDisposable? Use(int? threads) => threads is int n ? new TorchThreads(n) : null;

    public void Dispose() => set_num_threads(_previous);
}
