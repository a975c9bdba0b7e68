using TorchSharp;
using static TorchSharp.torch;

namespace MLGan.Tensors;

/// <summary>
/// Holds every tensor this thread creates until the call that began it returns, then leaves them as they would have been
/// without it: kept ones stay with their owners, the rest to the garbage collector. A tensor created outside any dispose
/// scope is referenced by nothing while a native call it was handed runs (TorchSharp 0.107 passes only its handle), so a
/// collection on another thread can finalize and free it mid-call, as with the temporary Scalars of
/// <see cref="HeldScalarOps"/>. Every entry point that makes tensors (fitting, generating, scoring, saving, loading) runs
/// inside one; <c>UnscopedTensorTests</c> checks that none is created outside.
/// </summary>
internal readonly struct HeldTensors : IDisposable
{
    private readonly DisposeScope _scope;

    private HeldTensors(DisposeScope scope) => _scope = scope;

    /// <summary>Holds this thread's new tensors; first lets MKL pick its kernels by the CPU (<see cref="MklDispatch"/>), which must precede MLGan's first tensor.</summary>
    public static HeldTensors Begin()
    {
        MklDispatch.Ensure();
        return new(NewDisposeScope());
    }

    /// <summary>Runs <paramref name="call"/> with its tensors held.</summary>
    public static T During<T>(Func<T> call)
    {
        using var _ = Begin();
        return call();
    }

    public void Dispose()
    {
        _scope.Detach(_scope.DisposablesView.ToArray());
        _scope.Dispose();
    }
}
