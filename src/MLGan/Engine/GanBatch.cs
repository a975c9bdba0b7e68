using static TorchSharp.torch;

namespace MLGan.Engine;

/// <summary>
/// What networks and loss terms of one phase receive: latent vectors, real rows (drawn when the phase has them, else on
/// first request from the run's extra-batch stream) and an optional condition per row (labels; empty until conditional
/// generation exists). Rows may have any shape: the first dimension is the batch.
/// </summary>
internal sealed class GanBatch(Tensor latents, Func<Tensor> realRows, Tensor? conditions = null)
{
    private Tensor? _real;

    /// <summary>Latent vectors, [rows, latent dimension].</summary>
    public Tensor Latents { get; } = latents;

    /// <summary>Real rows in the codec's space, [rows, ...].</summary>
    public Tensor Real => _real ??= realRows();

    /// <summary>Conditions per row, or null.</summary>
    public Tensor? Conditions { get; } = conditions;
}
