using MLGan.Engine;
using static TorchSharp.torch;

namespace MLGan.Training;

/// <summary>
/// Sets libtorch's intra-op thread count for the duration of a Fit and restores it. With OpenMP the count is held per
/// thread (the thread that sets it keeps it) and also becomes the count new threads start with. Scopes are counted under
/// one lock: the first scope in records the value from before, each scope sets its own count (overlapping Fits share the
/// process, so the last one set is what new threads get while they overlap); a scope that ends while others run gives
/// its own thread back the value it had, and the last scope out restores the recorded value, also when training ends
/// with an exception. Unset by the user, the count is <see cref="DefaultCount"/>.
/// </summary>
internal sealed class TorchThreads : IDisposable
{
    private static readonly object Gate = new();
    private static int _active;
    private static int _original;
    private readonly int _threadBefore; // this thread's count when the scope began
    private bool _disposed;

    private TorchThreads(int threadBefore) => _threadBefore = threadBefore;

    /// <summary>Estimated work of a step above which the default uses more than one thread.</summary>
    public const double ParallelGigaFlopsPerStep = 10.0;

    /// <summary>At most this many threads by default (a GAN step's operations are small; more threads mostly wait).</summary>
    public const int MaxDefaultThreads = 4;

    /// <summary>
    /// Floating-point operations of one step, estimated from the plan: every player's forward and backward passes (3x a
    /// forward) over about two batches (the discriminator sees real and generated rows; the generator's rows pass
    /// through the discriminator), 2 operations per multiply-add: 12 · batch · Σ multiply-adds per row.
    /// </summary>
    public static double FlopsPerStep(TrainingPlan plan) => 12.0 * plan.BatchSize * plan.Players.Sum(p => p.Spec.MultiplyAddsPerRow);

    /// <summary>
    /// The thread count when <see cref="GanRunOptions.NumberOfThreads"/> is unset: a pure function of the plan's work per
    /// step and the machine's core count, never of a timing, so a seed trains the same on the same machine whatever else
    /// runs. 1 thread below <see cref="ParallelGigaFlopsPerStep"/> GFLOP per step, else the cores, at most
    /// <see cref="MaxDefaultThreads"/>. Measured on 2 cores (benchmarks/RESULTS.md, <c>threads</c>): at 0.2, 1.1 and 2.7
    /// GFLOP per step 2 threads gained 0.9-1.7x on an idle machine and lost 2.2-4.4x while another process ran (every
    /// operation waits for the thread that shares its core); at 41 GFLOP they gained 1.8x idle and lost 1.5-1.7x loaded.
    /// </summary>
    public static int DefaultCount(TrainingPlan plan, int processors)
        => FlopsPerStep(plan) < ParallelGigaFlopsPerStep * 1e9 ? 1 : Math.Clamp(processors, 1, MaxDefaultThreads);

    /// <summary>A scope with <paramref name="count"/> threads.</summary>
    public static IDisposable Use(int count)
    {
        lock (Gate)
        {
            int before = get_num_threads();
            if (_active == 0)
                _original = before;
            _active++;
            set_num_threads(count);
            return new TorchThreads(before);
        }
    }

    public void Dispose()
    {
        lock (Gate)
        {
            if (_disposed)
                return;
            _disposed = true;
            set_num_threads(--_active == 0 ? _original : _threadBefore);
        }
    }
}
