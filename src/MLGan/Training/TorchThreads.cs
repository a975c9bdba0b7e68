using static TorchSharp.torch;

namespace MLGan.Training;

/// <summary>
/// Sets libtorch's intra-op thread count (a process-wide setting) for the duration of a Fit and restores it. Scopes
/// are counted under one lock: the first scope in records the value from before, each scope sets its own count
/// (overlapping Fits share the process, so the last one set wins while they overlap), and the last scope out restores
/// the recorded value, also when training ends with an exception. Unset, nothing is read or changed.
/// </summary>
internal sealed class TorchThreads : IDisposable
{
    private static readonly object Gate = new();
    private static int _active;
    private static int _original;
    private bool _disposed;

    private TorchThreads()
    {
    }

    /// <summary>A scope with <paramref name="threads"/> threads, or none when unset.</summary>
    public static IDisposable? Use(int? threads)
    {
        if (threads is not int count)
            return null;
        lock (Gate)
        {
            if (_active == 0)
                _original = get_num_threads();
            _active++;
            set_num_threads(count);
        }
        return new TorchThreads();
    }

    public void Dispose()
    {
        lock (Gate)
        {
            if (_disposed)
                return;
            _disposed = true;
            if (--_active == 0)
                set_num_threads(_original);
        }
    }
}
