using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MLGan.Engine;

/// <summary>
/// A player's parameters moved into one contiguous buffer (each parameter becomes a view of it, through libtorch's
/// <c>set_</c>), and, once every parameter has a gradient, their gradients bound to views of a second buffer. Optimizer
/// updates, zeroing and the gradient norm then take a few operations on two tensors instead of several per parameter
/// (<see cref="FlatAdam"/>); the values each parameter holds and the arithmetic on them are unchanged. Modules keep their
/// parameter objects, so saving, loading and copying weights (all in place) work as before.
/// </summary>
internal sealed class FlatParameters : IDisposable
{
    private readonly Parameter[] _parameters;
    private Tensor? _scratch;

    public FlatParameters(Parameter[] parameters)
    {
        _parameters = parameters;
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        Values = cat(parameters.Select(p => p.detach().reshape(-1)).ToArray()).DetachFromDisposeScope();
        foreach (var (parameter, view) in parameters.Zip(Split(Values)))
            parameter.set_(view);
    }

    /// <summary>Every parameter's values, in parameter order.</summary>
    public Tensor Values { get; }

    /// <summary>
    /// A work buffer the size of <see cref="Values"/> for the optimizer's and the gradient norm's intermediate values.
    /// Allocating them anew each step cost more than the arithmetic for large players: glibc serves blocks of this size
    /// (above its dynamic mmap threshold) with fresh pages every time (benchmarks/RESULTS.md: 885,000 values, 4.0–6.1 →
    /// 1.5–1.9 ms per Adam step).
    /// </summary>
    public Tensor Scratch => _scratch ??= empty_like(Values).DetachFromDisposeScope();

    /// <summary>Every parameter's gradient, in parameter order, once <see cref="BindGradients"/> succeeded; else null.</summary>
    public Tensor? Gradients { get; private set; }

    /// <summary>
    /// Binds the gradients to views of <see cref="Gradients"/>, keeping their values, once every parameter has one (before
    /// that, a parameter without a gradient is one an optimizer must skip). Autograd then accumulates into those views in
    /// place, and zeroing keeps them. Returns whether they are bound.
    /// </summary>
    public bool BindGradients()
    {
        if (Gradients is not null)
            return true;
        using var scope = NewDisposeScope();
        var gradients = _parameters.Select(p => p.grad).ToArray();
        if (gradients.Any(g => g is null))
            return false;
        using var _ = no_grad();
        Gradients = cat(gradients.Select(g => g!.reshape(-1)).ToArray()).DetachFromDisposeScope();
        foreach (var (parameter, view) in _parameters.Zip(Split(Gradients)))
            parameter.grad = view;
        return true;
    }

    /// <summary>Views of <paramref name="buffer"/> (laid out like <see cref="Values"/>) shaped like each parameter.</summary>
    public IEnumerable<Tensor> Split(Tensor buffer)
    {
        long offset = 0;
        foreach (var parameter in _parameters)
        {
            yield return buffer.narrow(0, offset, parameter.numel()).view(parameter.shape);
            offset += parameter.numel();
        }
    }

    public void Dispose()
    {
        Values.Dispose();
        Gradients?.Dispose();
        _scratch?.Dispose();
    }
}
