using TorchSharp;
using static TorchSharp.torch;

namespace MLGan.Remedies;

/// <summary>
/// A copy of a network's parameters and buffers that can be written back: the unrolled discriminator
/// (Metz et al. 2017) takes lookahead steps, lets the generator learn against the result, then restores
/// the discriminator exactly as it was.
/// </summary>
internal sealed class DiscriminatorSnapshot : IDisposable
{
    private readonly (Tensor Live, Tensor Copy)[] _state;

    public DiscriminatorSnapshot(nn.Module network)
    {
        using var _ = no_grad();
        _state = network.parameters().Select(p => (Tensor)p).Concat(network.buffers())
            .Select(t => (t, t.detach().clone().DetachFromDisposeScope())).ToArray();
    }

    public void Restore()
    {
        using var _ = no_grad();
        foreach (var (live, copy) in _state)
            live.copy_(copy);
    }

    /// <summary>Restores the network and frees the copy.</summary>
    public void Dispose()
    {
        Restore();
        foreach (var (_, copy) in _state)
            copy.Dispose();
    }
}
